#!/usr/bin/env bash
# Regenerates arch/tables/signatures.ts (every syscall's parameters, per arch) from the Linux
# kernel's own syscall prototypes, in Debian's linux-headers-<version>-common package (fetched
# with apt-get download into a temporary directory; nothing is installed). Development tool
# only; the generated table is committed. Run after scripts/gen-syscall-tables.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pkg=$(apt-cache depends linux-headers-amd64 | awk '/Depends: linux-headers-/ { print $2 }' | sed 's/-amd64$/-common/')
(cd "$tmp" && apt-get download "$pkg" >/dev/null && dpkg-deb -x ./*.deb x)
npx tsc -p . >/dev/null
# Into a temporary file first: a failed run leaves the committed table as it was.
node dist/scripts/gen-syscall-signatures.js "$tmp"/x/usr/src/linux-headers-*-common > "$tmp/signatures.ts"
mv "$tmp/signatures.ts" arch/tables/signatures.ts
echo "arch/tables/signatures.ts: $(grep -c "^  [a-z_0-9]*: \[" arch/tables/signatures.ts) entries (from $pkg)"
