#!/usr/bin/env bash
# Rebuilds the clone2 conformance guest for the four arches. Development tool only: it needs
# Debian's cross compilers; tests use the committed binaries and expected transcript.
#
#   test/guests/conform/clone2conf.c -> test/guests/conform/bin/<arch>/clone2conf
#
# Same compiler flags as scripts/build-guests.sh (static ET_EXEC, stripped, tricorn's own
# runtime from test/guests/rt/, no libc), so the conformance binary is built like every other
# guest. The expected transcript (clone2conf.expected / .status) is written by hand from
# SPEC.md — see clone2.expected.md — because no real kernel or qemu implements clone2.
set -euo pipefail
cd "$(dirname "$0")/.."

ARCHES=(x86_64 aarch64 ppc64 ppc64le)
declare -A CC=([x86_64]=gcc [aarch64]=aarch64-linux-gnu-gcc [ppc64]=powerpc64-linux-gnu-gcc [ppc64le]=powerpc64le-linux-gnu-gcc)
declare -A START=([x86_64]=x86_64 [aarch64]=aarch64 [ppc64]=ppc64 [ppc64le]=ppc64)
# ppc64le's default CPU (power8) has VSX/AltiVec; tricorn's PPC64 engine runs the scalar ISA.
declare -A ARCH_CFLAGS=([x86_64]="" [aarch64]="" [ppc64]="" [ppc64le]="-mno-vsx -mno-altivec")

COMMON="-nostdlib -O2 -fno-stack-protector -ffreestanding -fno-builtin -s -Wall -Wextra -Itest/guests/rt"
EXEC_FLAGS="-static -fno-pie -no-pie"
SRC=test/guests/conform/clone2conf.c

for arch in "${ARCHES[@]}"; do
  cc=${CC[$arch]}
  out=test/guests/conform/bin/$arch
  mkdir -p "$out"
  rt="test/guests/rt/rt.c test/guests/rt/start-${START[$arch]}.S"
  # shellcheck disable=SC2086
  $cc $COMMON $EXEC_FLAGS ${ARCH_CFLAGS[$arch]} -o "$out/clone2conf" "$SRC" $rt -lgcc
  echo "built $out/clone2conf ($(stat -c %s "$out/clone2conf") bytes)"
done
