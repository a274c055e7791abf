#!/usr/bin/env bash
# Builds the dynamically linked glibc guest (test/guests/dynamic/hello.c) for x86_64 with the
# native gcc and for aarch64, ppc64, ppc64le, riscv64 and s390x with Debian's cross compilers (default linking:
# PT_INTERP names the sysroot's ld.so), and records the output of the x86_64 build run natively
# as test/guests/dynamic/expected.out; qemu-user with the cross sysroot (-L) must print the same
# on the other arches (checked here). Development tool only.
set -euo pipefail
cd "$(dirname "$0")/.."
DIR=test/guests/dynamic
declare -A TRIPLE=([aarch64]=aarch64-linux-gnu [ppc64]=powerpc64-linux-gnu [ppc64le]=powerpc64le-linux-gnu [riscv64]=riscv64-linux-gnu [s390x]=s390x-linux-gnu)
mkdir -p "$DIR/bin/x86_64"
gcc -O2 -s -o "$DIR/bin/x86_64/hello" "$DIR/hello.c" -lpthread
first=$(env -i "$DIR/bin/x86_64/hello" a)
printf '%s\n' "$first" > "$DIR/expected.out"
echo "built $DIR/bin/x86_64/hello"
for arch in aarch64 ppc64 ppc64le riscv64 s390x; do
  t=${TRIPLE[$arch]}
  mkdir -p "$DIR/bin/$arch"
  "$t-gcc" -O2 -s -o "$DIR/bin/$arch/hello" "$DIR/hello.c" -lpthread
  out=$(env -i "qemu-$arch-static" -L "/usr/$t" "$DIR/bin/$arch/hello" a)
  [[ "$out" == "$first" ]] || { echo "$arch differs"; exit 1; }
  echo "built $DIR/bin/$arch/hello"
done
