#!/usr/bin/env bash
# Puts Unicorn 2.1 (Debian trixie's libunicorn2t64) in tricorn's cache outside the checkout,
# once per machine: ${XDG_CACHE_HOME:-~/.cache}/tricorn/unicorn/libunicorn.so.2. The engine
# (emu/unicorn/binding.ts) loads it in preference to the system's libunicorn.so.2: bookworm's
# Unicorn 2.0.1 takes a slow path on every guest store (docs/unicorn.md), 2.1 does not.
#
# Debian's own client fetches it: apt-get with a private list and cache directory (the machine's
# apt configuration and package database are not touched), from the mirror this machine's apt
# already uses for Debian, with the archive's keyring, so the package is verified as any apt
# download is. The package depends on libc6 >= 2.34 only (bookworm has 2.36), and its shared
# object is taken out of the .deb, never installed: bookworm keeps its own libunicorn2.
#
# Best effort: on any failure it prints one line and exits 0; tricorn then runs on the system's
# Unicorn 2.0.1, which every test also passes on (TRICORN_UNICORN=system forces it).
set -uo pipefail

dest=${TRICORN_UNICORN_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/tricorn/unicorn}
[ -s "$dest/libunicorn.so.2" ] && exit 0

# One line whatever happens: "fetching" starts it, the outcome ends it.
started=
fail() {
  if [ -n "$started" ]; then echo " not fetched ($1); tricorn uses the system's Unicorn 2.0.1 (slower on guest stores)" >&2
  else echo "setup: Unicorn 2.1 not fetched ($1); tricorn uses the system's Unicorn 2.0.1 (slower on guest stores)" >&2
  fi
  exit 0
}
command -v apt-get >/dev/null 2>&1 && command -v dpkg-deb >/dev/null 2>&1 || fail "no apt-get"
keyring=/usr/share/keyrings/debian-archive-keyring.gpg
[ -r "$keyring" ] || fail "no Debian archive keyring"
# The mirror apt uses for Debian's main archive (label "Debian", not "Debian-Security").
mirror=$(apt-get indextargets --format '$(REPO_URI) $(LABEL)' 2>/dev/null | awk '$2 == "Debian" { print $1; exit }')
[ -n "$mirror" ] || fail "no Debian mirror in apt's sources"
arch=$(dpkg --print-architecture)

tmp=$(mktemp -d "${TMPDIR:-/tmp}/tricorn-unicorn.XXXXXX") || fail "no temporary directory"
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/lists/partial" "$tmp/cache/archives/partial" "$tmp/pkg"
echo "deb [arch=$arch signed-by=$keyring] $mirror trixie main" >"$tmp/sources.list"
apt=(apt-get -q -o "Dir::Etc::SourceList=$tmp/sources.list" -o Dir::Etc::SourceParts=/nonexistent
  -o "Dir::State::Lists=$tmp/lists" -o "Dir::Cache=$tmp/cache" -o Dir::State::status=/dev/null
  -o "APT::Architectures=$arch" -o Acquire::Languages=none -o Debug::NoLocking=1)

printf '%s' "setup: fetching Unicorn 2.1 (Debian trixie's libunicorn2t64) into $dest:" >&2
started=1
# apt-get update exits 0 when a fetch fails (a warning only): no Packages list is the failure.
"${apt[@]}" update >"$tmp/log" 2>&1
ls "$tmp"/lists/*_Packages* >/dev/null 2>&1 ||
  fail "apt-get update: $(grep -E '^(W|E|Err):' "$tmp/log" | head -n 1 | cut -c1-160)"
(cd "$tmp/pkg" && "${apt[@]}" download libunicorn2t64) >>"$tmp/log" 2>&1 || fail "apt-get download: $(tail -n 1 "$tmp/log")"
deb=$(ls "$tmp"/pkg/*.deb 2>/dev/null | head -n 1)
[ -n "$deb" ] || fail "no package downloaded"
dpkg-deb -x "$deb" "$tmp/x" || fail "dpkg-deb -x failed"
so=$(find "$tmp/x" -name 'libunicorn.so.2*' -type f | head -n 1)
[ -n "$so" ] || fail "no libunicorn.so.2 in $(basename "$deb")"
mkdir -p "$dest" || fail "cannot create $dest"
# Into place by rename, so a tricorn starting meanwhile sees the whole file or none.
cp "$so" "$dest/.libunicorn.so.2.new" && mv "$dest/.libunicorn.so.2.new" "$dest/libunicorn.so.2" || fail "cannot write $dest"
dpkg-deb -f "$deb" Version >"$dest/version"
echo " Unicorn $(cat "$dest/version") in place" >&2
