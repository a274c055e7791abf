#!/usr/bin/env bash
# Builds the dynamically linked glibc guests (test/guests/dynamic/hello.c, libm.c) for x86_64 with the
# native gcc and for aarch64, ppc64, ppc64le, riscv64 and s390x with Debian's cross compilers (default linking:
# PT_INTERP names the sysroot's ld.so), and records the output of the x86_64 build run natively
# as test/guests/dynamic/expected.out; qemu-user with the cross sysroot (-L) must print the same
# on the other arches (checked here). Development tool only.
set -euo pipefail
cd "$(dirname "$0")/.."
DIR=test/guests/dynamic
declare -A TRIPLE=([aarch64]=aarch64-linux-gnu [ppc64]=powerpc64-linux-gnu [ppc64le]=powerpc64le-linux-gnu [riscv64]=riscv64-linux-gnu [s390x]=s390x-linux-gnu)
# build NAME: bin/<arch>/NAME from NAME.c; the x86_64 build's native output (argument "a") is the
# expected transcript (hello's is expected.out, any other's expected-NAME.out).
build() {
  local name=$1 out="$DIR/expected-$1.out" first
  [ "$name" = hello ] && out="$DIR/expected.out"
  mkdir -p "$DIR/bin/x86_64"
  gcc -O2 -s -o "$DIR/bin/x86_64/$name" "$DIR/$name.c" -lpthread -lm
  first=$(env -i "$DIR/bin/x86_64/$name" a)
  printf '%s\n' "$first" > "$out"
  echo "built $DIR/bin/x86_64/$name"
  for arch in aarch64 ppc64 ppc64le riscv64 s390x; do
    local t=${TRIPLE[$arch]}
    mkdir -p "$DIR/bin/$arch"
    "$t-gcc" -O2 -s -o "$DIR/bin/$arch/$name" "$DIR/$name.c" -lpthread -lm
    local got; got=$(env -i "qemu-$arch-static" -L "/usr/$t" "$DIR/bin/$arch/$name" a)
    [[ "$got" == "$first" ]] || { echo "$name: $arch differs"; exit 1; }
    echo "built $DIR/bin/$arch/$name"
  done
}
if [ $# -eq 0 ]; then set -- hello libm; fi
for name in "$@"; do build "$name"; done
