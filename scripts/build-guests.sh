#!/usr/bin/env bash
# Rebuilds the committed guest programs and their expected outputs. Development tool only:
# it needs Debian's cross compilers (gcc-aarch64-linux-gnu, gcc-powerpc64-linux-gnu,
# gcc-powerpc64le-linux-gnu) and qemu-user-static; tests use the committed results.
#
#   test/guests/src/<name>.c  ->  test/guests/bin/<arch>/<name>   (static ET_EXEC, stripped)
#   test/guests/src/hello.c   ->  test/guests/bin/<arch>/hello-pie (static PIE, self-relocating)
#   runs in test/guests/manifest.json -> test/guests/expected/<arch>/<id>.out / .status
#   guest-asm/<arch>/*.s are assembled with Keystone and checked under qemu the same way.
#
# Every program links against tricorn's own runtime (test/guests/rt/), no libc.
set -euo pipefail
cd "$(dirname "$0")/.."

source scripts/lib/guest-cc.sh

for arch in "${ARCHES[@]}"; do
  out=test/guests/bin/$arch
  for src in test/guests/src/*.c; do
    build_guest "$arch" "$src" "$out/$(basename "$src" .c)"
  done
  build_guest "$arch" test/guests/src/hello.c "$out/hello-pie" "$PIE_FLAGS"
  echo "built $arch: $(ls "$out" | tr '\n' ' ')"
done

node test/guests/tools/record.mjs
node test/guests/tools/asm-check.mjs --write-expected
