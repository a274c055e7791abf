#!/bin/sh
# Builds the "programs" benchmark guests for every arch with Debian's gcc / cross gcc
# and static glibc (-O2, default CPU of each compiler); the binaries are committed so
# `npm run bench` needs no compiler.
set -e
cd "$(dirname "$0")"
for arch in x86_64 aarch64 ppc64 ppc64le riscv64 s390x; do
  case $arch in
    x86_64) cc=gcc ;; aarch64) cc=aarch64-linux-gnu-gcc ;;
    ppc64) cc=powerpc64-linux-gnu-gcc ;; ppc64le) cc=powerpc64le-linux-gnu-gcc ;;
    riscv64) cc=riscv64-linux-gnu-gcc ;; s390x) cc=s390x-linux-gnu-gcc ;;
  esac
  mkdir -p bin/$arch
  for p in sha256 qsort sieve crc32 matmul; do $cc -static -O2 -s -Wall -o bin/$arch/$p $p.c; done
done
