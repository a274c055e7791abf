#!/usr/bin/env bash
# Rebuilds the clone3/set_tid conformance guest (test/guests/clone3/clone3conf.c) for the four
# architectures, with tricorn's own runtime (no libc), the same flags as scripts/build-guests.sh:
#
#   test/guests/clone3/clone3conf.c -> test/guests/clone3/bin/<arch>/clone3conf  (static, stripped)
#
# With --oracle (needs root and util-linux's unshare) it also reruns the x86_64 build on this
# machine's Linux kernel as pid 1 of a fresh PID namespace and rewrites the committed
# transcript test/guests/clone3/clone3conf.expected (+ .status). See test/guests/clone3/NOTES.md.
# Development tool only: tests use the committed binaries and transcript.
set -euo pipefail
cd "$(dirname "$0")/.."

ARCHES=(x86_64 aarch64 ppc64 ppc64le)
declare -A CC=([x86_64]=gcc [aarch64]=aarch64-linux-gnu-gcc [ppc64]=powerpc64-linux-gnu-gcc [ppc64le]=powerpc64le-linux-gnu-gcc)
declare -A START=([x86_64]=x86_64 [aarch64]=aarch64 [ppc64]=ppc64 [ppc64le]=ppc64)
# ppc64le's default CPU (power8) has VSX/AltiVec; tricorn's PPC64 engine runs the scalar ISA.
declare -A ARCH_CFLAGS=([x86_64]="" [aarch64]="" [ppc64]="" [ppc64le]="-mno-vsx -mno-altivec")

COMMON="-nostdlib -O2 -fno-stack-protector -ffreestanding -fno-builtin -s -Wall -Wextra -Itest/guests/rt"
EXEC_FLAGS="-static -fno-pie -no-pie"
DIR=test/guests/clone3

for arch in "${ARCHES[@]}"; do
  mkdir -p "$DIR/bin/$arch"
  # shellcheck disable=SC2086
  ${CC[$arch]} $COMMON $EXEC_FLAGS ${ARCH_CFLAGS[$arch]} -o "$DIR/bin/$arch/clone3conf" \
    "$DIR/clone3conf.c" test/guests/rt/rt.c "test/guests/rt/start-${START[$arch]}.S" -lgcc
  echo "built $DIR/bin/$arch/clone3conf ($(stat -c %s "$DIR/bin/$arch/clone3conf") bytes)"
done

if [[ "${1:-}" == "--oracle" ]]; then
  # Linux >= 6.14 keeps pid_max per PID namespace, so this write touches only the fresh
  # namespace; on older kernels it is global, hence the save/restore around it.
  saved=$(cat /proc/sys/kernel/pid_max)
  set +e
  unshare --fork --pid --mount-proc sh -c \
    'echo 32768 > /proc/sys/kernel/pid_max || exit 125; exec ./'"$DIR"'/bin/x86_64/clone3conf' \
    > "$DIR/clone3conf.expected"
  echo $? > "$DIR/clone3conf.status"
  set -e
  now=$(cat /proc/sys/kernel/pid_max)
  [[ "$now" == "$saved" ]] || { echo "$saved" > /proc/sys/kernel/pid_max; echo "restored host pid_max $saved (was $now)"; }
  echo "oracle: exit $(cat "$DIR/clone3conf.status"), $(wc -l < "$DIR/clone3conf.expected") lines"
fi
