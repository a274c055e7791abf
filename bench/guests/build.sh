#!/bin/sh
# Build the benchmark guests (needs Debian's gcc-powerpc64-linux-gnu and
# gcc-powerpc64le-linux-gnu); the binaries are committed so the benchmark needs no compiler.
set -e
cd "$(dirname "$0")"
FLAGS="-O2 -static -nostdlib -ffreestanding -fno-stack-protector -fno-asynchronous-unwind-tables -Wl,--build-id=none"
powerpc64-linux-gnu-gcc $FLAGS -o intloop-ppc64 intloop.c
powerpc64le-linux-gnu-gcc $FLAGS -mno-vsx -mno-altivec -o intloop-ppc64le intloop.c
powerpc64-linux-gnu-strip intloop-ppc64
powerpc64le-linux-gnu-strip intloop-ppc64le
