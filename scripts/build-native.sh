#!/usr/bin/env bash
# Builds the Unicorn engine's native system-call entry (emu/unicorn/native/trap.cc) into
# OUT/native/unicorn-trap.node, against the headers of the Node.js that runs tricorn (its
# include/node, as node-gyp would). Best effort: without a C++ compiler or the headers it prints
# one line and the engine enters JavaScript through koffi's callbacks, as before (docs/unicorn.md).
# Usage: scripts/build-native.sh OUT (setup passes its fresh build directory).
set -uo pipefail
cd "$(dirname "$0")/.."
out=${1:-dist}
node_bin=$(readlink -f "$(command -v node)")
inc=$(dirname "$(dirname "$node_bin")")/include/node
cxx=${CXX:-g++}
case "$(node -p 'process.platform + "/" + process.arch')" in
  linux/x64|linux/arm64) ;;
  *) exit 0 ;;
esac
if ! command -v "$cxx" >/dev/null 2>&1 || [ ! -f "$inc/node.h" ]; then
  echo "setup: no $cxx or no Node headers ($inc): Unicorn system calls go through koffi's callbacks (slower)" >&2
  exit 0
fi
mkdir -p "$out/native"
if ! "$cxx" -O2 -shared -fPIC -std=c++17 -fno-exceptions -I"$inc" -o "$out/native/unicorn-trap.node" emu/unicorn/native/trap.cc 2>"$out/native/build.log"; then
  echo "setup: the native system-call entry did not build ($out/native/build.log): Unicorn system calls go through koffi's callbacks (slower)" >&2
  rm -f "$out/native/unicorn-trap.node"
fi
exit 0
