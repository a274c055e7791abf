#!/bin/sh
# Builds the micro-benchmark guest (micro.c: thread, fork, syscall and memory loops) for all four
# arches with Debian's gcc / cross gcc and static glibc; the binaries are committed so
# `npm run bench` needs no compiler.
set -e
cd "$(dirname "$0")"
for arch in x86_64 aarch64 ppc64 ppc64le; do
  case $arch in
    x86_64) cc=gcc ;; aarch64) cc=aarch64-linux-gnu-gcc ;;
    ppc64) cc=powerpc64-linux-gnu-gcc ;; ppc64le) cc=powerpc64le-linux-gnu-gcc ;;
  esac
  mkdir -p bin/$arch
  $cc -static -O2 -s -Wall -pthread -o bin/$arch/micro micro.c
done
