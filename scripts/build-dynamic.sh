#!/usr/bin/env bash
# Builds the dynamically linked glibc guest (test/guests/dynamic/hello.c) for aarch64, ppc64 and
# ppc64le with Debian's cross compilers (default linking: PT_INTERP names the sysroot's ld.so),
# and records the output qemu-user gives with the same sysroot (-L) as test/guests/dynamic/
# expected.out (the same on every arch; checked here). Development tool only.
set -euo pipefail
cd "$(dirname "$0")/.."
DIR=test/guests/dynamic
declare -A TRIPLE=([aarch64]=aarch64-linux-gnu [ppc64]=powerpc64-linux-gnu [ppc64le]=powerpc64le-linux-gnu)
first=""
for arch in aarch64 ppc64 ppc64le; do
  t=${TRIPLE[$arch]}
  mkdir -p "$DIR/bin/$arch"
  "$t-gcc" -O2 -s -o "$DIR/bin/$arch/hello" "$DIR/hello.c" -lpthread
  out=$(env -i "qemu-$arch-static" -L "/usr/$t" "$DIR/bin/$arch/hello" a)
  if [[ -z "$first" ]]; then first=$out; printf '%s\n' "$out" > "$DIR/expected.out"; fi
  [[ "$out" == "$first" ]] || { echo "$arch differs"; exit 1; }
  echo "built $DIR/bin/$arch/hello"
done
