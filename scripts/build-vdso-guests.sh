#!/usr/bin/env bash
# Build test/guests/vdso/clock.c (static glibc) for the arches with a vDSO image. Development only:
# the binaries are committed; the expected output is the same on every arch (test/e2e/vdso.test.ts).
set -euo pipefail
cd "$(dirname "$0")/.."
declare -A CC=([x86_64]=gcc [aarch64]=aarch64-linux-gnu-gcc [riscv64]=riscv64-linux-gnu-gcc
  [ppc64]=powerpc64-linux-gnu-gcc [ppc64le]=powerpc64le-linux-gnu-gcc [s390x]=s390x-linux-gnu-gcc)
for arch in x86_64 aarch64 riscv64 ppc64 ppc64le s390x; do
  mkdir -p "test/guests/vdso/bin/$arch"
  "${CC[$arch]}" -static -O2 -s -Wall -Wextra -o "test/guests/vdso/bin/$arch/clock" test/guests/vdso/clock.c
done
