#!/bin/bash
# Builds the micro-benchmark guest (micro.c: thread, fork, syscall and memory loops) for every
# arch with Debian's gcc / cross gcc and static glibc (compilers from scripts/lib/guest-cc.sh);
# the binaries are committed so `npm run bench` needs no compiler.
set -e
cd "$(dirname "$0")/../.."
source scripts/lib/guest-cc.sh
for arch in "${ARCHES[@]}"; do
  mkdir -p bench/micro/bin/$arch
  ${CC[$arch]} -static -O2 -s -Wall -pthread -o bench/micro/bin/$arch/micro bench/micro/micro.c
done
