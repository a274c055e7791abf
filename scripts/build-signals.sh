#!/usr/bin/env bash
# Rebuilds the nostdlib signals guest (test/guests/signals/signals.c, tricorn's own runtime, no
# libc) for the four architectures, and with --oracle reruns the x86_64 build natively to
# rewrite the committed transcript test/guests/signals/expected/signals.out (+ .status), then
# checks that qemu-user gives the same transcript for the other three. Core dumps are allowed
# (ulimit -c unlimited), as tricorn reports the core bit, and removed after the run.
# Development tool only: tests use the committed binaries and transcript.
set -euo pipefail
cd "$(dirname "$0")/.."

source scripts/lib/guest-cc.sh
DIR=test/guests/signals
declare -A QEMU=([aarch64]=qemu-aarch64-static [ppc64]=qemu-ppc64-static [ppc64le]=qemu-ppc64le-static [riscv64]=qemu-riscv64-static)

for arch in "${ARCHES[@]}"; do
  build_guest "$arch" "$DIR/signals.c" "$DIR/bin/$arch/signals"
done
echo "built $DIR/bin/*/signals"

if [[ "${1:-}" == "--oracle" ]]; then
  mkdir -p "$DIR/expected"
  tmp=$(mktemp -d)
  trap 'rm -rf "$tmp"' EXIT
  set +e
  (ulimit -c unlimited; cd "$tmp" && env -i "$OLDPWD/$DIR/bin/x86_64/signals" > "$OLDPWD/$DIR/expected/signals.out" < /dev/null)
  echo $? > "$DIR/expected/signals.status"
  fail=0
  # qemu-user's own gaps, not the guest's: it installs its own host SIGCHLD handler, so
  # SA_NOCLDSTOP and SA_NOCLDWAIT never reach the host kernel. Those lines are left out of
  # the comparison.
  gaps='SA_NOCLDSTOP, child stopped|SA_NOCLDWAIT: wait4'
  grep -Ev "$gaps" "$DIR/expected/signals.out" > "$tmp/linux.out"
  for arch in aarch64 ppc64 ppc64le; do
    (ulimit -c unlimited; cd "$tmp" && env -i "${QEMU[$arch]}" "$OLDPWD/$DIR/bin/$arch/signals" < /dev/null | grep -Ev "$gaps" > "$tmp/$arch.out")
    cmp -s "$tmp/$arch.out" "$tmp/linux.out" || { echo "DIFFERS under qemu: $arch"; diff "$tmp/linux.out" "$tmp/$arch.out"; fail=1; }
  done
  set -e
  echo "oracle signals: exit $(cat "$DIR/expected/signals.status"), $(wc -l < "$DIR/expected/signals.out") lines"
  exit $fail
fi
