#!/usr/bin/env bash
# Rebuilds the committed guest programs and their expected outputs. Development tool only:
# it needs Debian's cross compilers (gcc-aarch64-linux-gnu, gcc-powerpc64-linux-gnu,
# gcc-powerpc64le-linux-gnu) and qemu-user-static; tests use the committed results.
#
#   test/guests/src/<name>.c  ->  test/guests/bin/<arch>/<name>   (static ET_EXEC, stripped)
#   test/guests/src/hello.c   ->  test/guests/bin/<arch>/hello-pie (static PIE, self-relocating)
#   runs in test/guests/manifest.json -> test/guests/expected/<arch>/<id>.out / .status
#   guest-asm/<arch>/*.s are assembled with Keystone and checked under qemu the same way.
#
# Every program links against tricorn's own runtime (test/guests/rt/), no libc.
set -euo pipefail
cd "$(dirname "$0")/.."

ARCHES=(x86_64 aarch64 ppc64 ppc64le)
declare -A CC=([x86_64]=gcc [aarch64]=aarch64-linux-gnu-gcc [ppc64]=powerpc64-linux-gnu-gcc [ppc64le]=powerpc64le-linux-gnu-gcc)
declare -A START=([x86_64]=x86_64 [aarch64]=aarch64 [ppc64]=ppc64 [ppc64le]=ppc64)
# ppc64le's default CPU (power8) has VSX/AltiVec; tricorn's PPC64 engine runs the scalar ISA.
declare -A ARCH_CFLAGS=([x86_64]="" [aarch64]="" [ppc64]="" [ppc64le]="-mno-vsx -mno-altivec")

COMMON="-nostdlib -O2 -fno-stack-protector -ffreestanding -fno-builtin -s -Wall -Wextra -Itest/guests/rt"
EXEC_FLAGS="-static -fno-pie -no-pie"
PIE_FLAGS="-static-pie -fpie -DRT_STATIC_PIE"

for arch in "${ARCHES[@]}"; do
  cc=${CC[$arch]}
  out=test/guests/bin/$arch
  mkdir -p "$out"
  rt="test/guests/rt/rt.c test/guests/rt/start-${START[$arch]}.S"
  for src in test/guests/src/*.c; do
    name=$(basename "$src" .c)
    # shellcheck disable=SC2086
    $cc $COMMON $EXEC_FLAGS ${ARCH_CFLAGS[$arch]} -o "$out/$name" "$src" $rt -lgcc
  done
  # shellcheck disable=SC2086
  $cc $COMMON $PIE_FLAGS ${ARCH_CFLAGS[$arch]} -o "$out/hello-pie" test/guests/src/hello.c $rt -lgcc
  echo "built $arch: $(ls "$out" | tr '\n' ' ')"
done

node test/guests/tools/record.mjs
node test/guests/tools/asm-check.mjs --write-expected
