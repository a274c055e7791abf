#!/usr/bin/env bash
# Fetches Debian's busybox-static for amd64, arm64 and ppc64el with apt-get download (needs root
# and the foreign architectures added), and lays out test/guests/busybox/root-<arch>/bin with
# busybox and a symlink per applet the e2e test uses. The binaries are Debian's: never commit
# them (the directory is in .gitignore). test/e2e/busybox.test.ts runs only when they are there.
set -euo pipefail
cd "$(dirname "$0")/.."
DIR=test/guests/busybox
declare -A ARCH=([amd64]=x86_64 [arm64]=aarch64 [ppc64el]=ppc64le)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
dpkg --add-architecture arm64
dpkg --add-architecture ppc64el
apt-get update -qq || echo "get-busybox: apt-get update reported errors; trying the download anyway"
for deb in "${!ARCH[@]}"; do
  (cd "$tmp" && apt-get download -qq "busybox-static:$deb")
  dpkg -x "$tmp"/busybox-static_*_"$deb".deb "$tmp/$deb"
  root=$DIR/root-${ARCH[$deb]}
  rm -rf "$root"
  mkdir -p "$root/bin" "$root/tmp"
  cp "$tmp/$deb/bin/busybox" "$root/bin/busybox"
  for applet in sh cat echo ls wc tr sort head tail printf od mkdir rmdir rm ln readlink pwd true false sleep; do
    ln -s busybox "$root/bin/$applet"
  done
  echo "ready: $root"
done
