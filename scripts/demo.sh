#!/usr/bin/env bash
# The README's demo: the same programs on every architecture, through the CLI.
set -euo pipefail
cd "$(dirname "$0")/.."
t() { echo; echo "\$ npx tricorn $*"; node dist/cli/main.js "$@" || echo "(exit status $?)"; }
for arch in x86_64 aarch64 ppc64 ppc64le; do
  t run guest-asm/$arch/hello.s
done
t run test/guests/bin/x86_64/hello one two
t run test/guests/bin/aarch64/hello one two
t run test/guests/bin/ppc64/hello one two
t run test/guests/bin/ppc64le/hello one two
t run --strace guest-asm/aarch64/hello.s
t run test/guests/bin/x86_64/fault
t run test/guests/glibc/bin/ppc64/threads
t run test/guests/glibc/bin/ppc64le/hello alpha beta
echo; echo '$ npx tricorn run --strace test/guests/conform/bin/ppc64le/clone2conf 2>&1 >/dev/null | grep -m3 "] clone2(.*CLONE_NEWPID"'
node dist/cli/main.js run --strace test/guests/conform/bin/ppc64le/clone2conf 2>&1 >/dev/null | grep -m3 '] clone2(.*CLONE_NEWPID' || true
t layout clone_struct --arch all
