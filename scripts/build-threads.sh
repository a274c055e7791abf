#!/usr/bin/env bash
# Rebuilds the threads guest (test/guests/threads/threads3.c) for the four architectures, with
# tricorn's own runtime (no libc) and the same flags as scripts/build-guests.sh:
#
#   test/guests/threads/threads3.c -> test/guests/threads/bin/<arch>/threads3  (static, stripped)
#
# aarch64 builds with -mno-outline-atomics (scripts/lib/guest-cc.sh): Debian's gcc otherwise calls libgcc's __aarch64_cas4_*
# helpers, whose LSE probe needs libc's getauxval; inline LL/SC (ldaxr/stlxr) needs nothing.
#
# With --check it then runs the x86_64 build on this machine's kernel and the aarch64/ppc64/
# ppc64le builds under qemu-user, and diffs each against threads3.expected (see NOTES.md: the
# lines of calls the host lacks — clone2 everywhere, clone3 under qemu — and the vfork lines under
# qemu, which runs CLONE_VFORK as a plain fork, are expected to differ).
# Development tool only: tests use the committed binaries and transcript.
set -euo pipefail
cd "$(dirname "$0")/.."

source scripts/lib/guest-cc.sh
declare -A QEMU=([x86_64]="" [aarch64]=qemu-aarch64-static [ppc64]=qemu-ppc64-static [ppc64le]=qemu-ppc64le-static [riscv64]=qemu-riscv64-static [s390x]=qemu-s390x-static)
DIR=test/guests/threads

for arch in "${ARCHES[@]}"; do
  build_guest "$arch" "$DIR/threads3.c" "$DIR/bin/$arch/threads3"
  echo "built $DIR/bin/$arch/threads3 ($(stat -c %s "$DIR/bin/$arch/threads3") bytes)"
done

if [[ "${1:-}" == "--check" ]]; then
  for arch in "${ARCHES[@]}"; do
    set +e
    out=$(timeout 30 ${QEMU[$arch]} "$DIR/bin/$arch/threads3" </dev/null)
    st=$?
    set -e
    echo "== $arch on ${QEMU[$arch]:-the host kernel}: exit $st"
    diff <(printf '%s\n' "$out") "$DIR/threads3.expected" || true
  done
fi
