#!/usr/bin/env bash
# Rebuilds the PPC64 floating-point and vector guests (test/guests/ppc64fp/*.c) with Debian's
# cross gcc and static glibc, and records what qemu-user (QEMU_CPU=power9) prints for them:
#
#   fpmath.c  -O2                    -> bin/<arch>/fpmath      printf %a %e %g %.3f, libm
#   vecloop.c -O3 -mcpu=power8       -> bin/<arch>/vec-power8  auto-vectorised loops (VSX, VMX)
#   vecloop.c -O3 -mcpu=power9       -> bin/<arch>/vec-power9  the same with ISA 3.0
#
# for ppc64 (big-endian, ELFv1) and ppc64le; expected/<arch>/<id>.out / .status are qemu's.
# x86_64, aarch64, riscv64 and s390x get the same programs (both vec-* plain -O3) so the suite
# runs on every arch: x86_64's expected output is Linux's (native), the others' qemu-<arch>'s.
# Development tool only (needs the cross compilers and qemu-user-static); tests use the
# committed binaries and outputs.
set -euo pipefail
cd "$(dirname "$0")/.."

DIR=test/guests/ppc64fp
declare -A CC=([x86_64]=gcc [aarch64]=aarch64-linux-gnu-gcc [ppc64]=powerpc64-linux-gnu-gcc [ppc64le]=powerpc64le-linux-gnu-gcc [riscv64]=riscv64-linux-gnu-gcc [s390x]=s390x-linux-gnu-gcc)
declare -A RUN=([x86_64]="" [aarch64]=qemu-aarch64-static [ppc64]=qemu-ppc64-static [ppc64le]=qemu-ppc64le-static [riscv64]=qemu-riscv64-static [s390x]=qemu-s390x-static)
declare -A QEMU_ENV=([x86_64]="" [aarch64]="" [ppc64]=QEMU_CPU=power9 [ppc64le]=QEMU_CPU=power9)
declare -A P8=([x86_64]="" [aarch64]="" [ppc64]=-mcpu=power8 [ppc64le]=-mcpu=power8)
declare -A P9=([x86_64]="" [aarch64]="" [ppc64]=-mcpu=power9 [ppc64le]=-mcpu=power9)

for arch in x86_64 aarch64 ppc64 ppc64le riscv64 s390x; do
  mkdir -p "$DIR/bin/$arch" "$DIR/expected/$arch"
  ${CC[$arch]} -static -O2 -s -Wall -o "$DIR/bin/$arch/fpmath" "$DIR/fpmath.c" -lm
  ${CC[$arch]} -static -O3 ${P8[$arch]:-} -s -Wall -o "$DIR/bin/$arch/vec-power8" "$DIR/vecloop.c" -lm
  ${CC[$arch]} -static -O3 ${P9[$arch]:-} -s -Wall -o "$DIR/bin/$arch/vec-power9" "$DIR/vecloop.c" -lm
  for id in fpmath vec-power8 vec-power9; do
    set +e
    # shellcheck disable=SC2086
    env -i ${QEMU_ENV[$arch]:-} ${RUN[$arch]} "$DIR/bin/$arch/$id" > "$DIR/expected/$arch/$id.out"
    echo $? > "$DIR/expected/$arch/$id.status"
    set -e
    echo "$arch $id: exit $(cat "$DIR/expected/$arch/$id.status"), $(wc -l < "$DIR/expected/$arch/$id.out") lines"
  done
done
