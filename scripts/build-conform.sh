#!/usr/bin/env bash
# Rebuilds the clone2 conformance guest for the four arches. Development tool only: it needs
# Debian's cross compilers; tests use the committed binaries and expected transcript.
#
#   test/guests/conform/clone2conf.c -> test/guests/conform/bin/<arch>/clone2conf
#
# Same compiler flags as scripts/build-guests.sh (static ET_EXEC, stripped, tricorn's own
# runtime from test/guests/rt/, no libc), so the conformance binary is built like every other
# guest. The expected transcript (clone2conf.expected / .status) is written by hand from
# docs/clone2.md and docs/pid-namespaces.md — see clone2.expected.md — because no real kernel
# or qemu implements clone2.
set -euo pipefail
cd "$(dirname "$0")/.."

source scripts/lib/guest-cc.sh
SRC=test/guests/conform/clone2conf.c

for arch in "${ARCHES[@]}"; do
  out=test/guests/conform/bin/$arch/clone2conf
  build_guest "$arch" "$SRC" "$out"
  echo "built $out ($(stat -c %s "$out") bytes)"
done
