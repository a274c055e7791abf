#!/usr/bin/env bash
# Rebuilds the nostdlib signals guest (test/guests/signals/signals.c, tricorn's own runtime, no
# libc) for every architecture, and with --oracle reruns the x86_64 build natively to
# rewrite the committed transcript test/guests/signals/expected/signals.out (+ .status), then
# checks that qemu-user gives the same transcript for the others (riscv64 aside, below). Core dumps are allowed
# (ulimit -c unlimited), as tricorn reports the core bit, and removed after the run.
# Development tool only: tests use the committed binaries and transcript.
set -euo pipefail
cd "$(dirname "$0")/.."

source scripts/lib/guest-cc.sh
DIR=test/guests/signals

for arch in "${ARCHES[@]}"; do
  build_guest "$arch" "$DIR/signals.c" "$DIR/bin/$arch/signals"
done
echo "built $DIR/bin/*/signals"
# s390x's PSW mask as a handler sees it (static glibc); its transcript is qemu-s390x's.
s390x-linux-gnu-gcc -static -O2 -s -Wall -Wextra -o "$DIR/bin/s390x/psw" "$DIR/psw-s390x.c"
[[ "${1:-}" != "--oracle" ]] || env -i qemu-s390x-static "$DIR/bin/s390x/psw" > "$DIR/expected/psw-s390x.out" < /dev/null

if [[ "${1:-}" == "--oracle" ]]; then
  tmp=$(mktemp -d)
  trap 'rm -rf "$tmp"' EXIT
  # Core dumps allowed (and left in a scratch directory): tricorn reports the core bit.
  ORACLE_SETUP="ulimit -c unlimited; cd $tmp"
  bin="$PWD/$DIR/bin/{arch}/signals"
  oracle_record "$DIR/expected/signals" "${bin//\{arch\}/x86_64}"
  # qemu-user's own gaps, not the guest's: it installs its own host SIGCHLD handler, so
  # SA_NOCLDSTOP and SA_NOCLDWAIT never reach the host kernel. Those lines are left out of
  # the comparison.
  ORACLE_GAPS='SA_NOCLDSTOP, child stopped|SA_NOCLDWAIT: wait4'
  # qemu-user 7.2's riscv64 delivers pending real-time and standard signals in another order
  # than Linux: riscv64 is checked by tricorn's run against Linux's transcript only.
  ORACLE_QEMU_ARCHES="aarch64 ppc64 ppc64le s390x"
  oracle_qemu_check "$DIR/expected/signals" "$bin"
fi
