#!/bin/sh
# Build the engine's end-to-end test guest and record its expected output with qemu-user
# (development only: needs Debian's cross compilers and qemu-user-static; results committed).
set -e
cd "$(dirname "$0")"
FLAGS="-O2 -fno-math-errno -static -nostdlib -ffreestanding -fno-stack-protector -fno-asynchronous-unwind-tables -Wl,--build-id=none"
powerpc64-linux-gnu-gcc $FLAGS -o mix-ppc64 mix.c -lgcc
powerpc64le-linux-gnu-gcc $FLAGS -mno-vsx -mno-altivec -o mix-ppc64le mix.c -lgcc
powerpc64-linux-gnu-strip mix-ppc64
powerpc64le-linux-gnu-strip mix-ppc64le
qemu-ppc64-static ./mix-ppc64 > mix-ppc64.expected
qemu-ppc64le-static ./mix-ppc64le > mix-ppc64le.expected
