#!/usr/bin/env bash
# Records Linux's transcript of test/guests/busybox/script.sh: Debian's amd64 busybox (fetched by
# scripts/get-busybox.sh) runs `sh -c SCRIPT` natively, chrooted into test/guests/busybox/
# root-x86_64 with an empty environment, in its own mount and PID namespaces with the host's
# /dev bound, a fresh /proc and a tmpfs /tmp — the tree tricorn's --root shows the guest, whose
# /proc, /dev and /tmp are the kernel's own. stdout, stderr and the exit status go to
# expected.{out,err,status}; test/e2e/busybox.test.ts wants the same from tricorn on x86_64,
# aarch64 and ppc64le. Needs root. Development tool only.
set -euo pipefail
cd "$(dirname "$0")/.."
DIR=test/guests/busybox
root=$DIR/root-x86_64
[[ -x $root/bin/busybox ]] || { echo "no $root/bin/busybox: run scripts/get-busybox.sh first" >&2; exit 1; }
mkdir -p "$root/dev" "$root/proc" "$root/tmp"
status=0
unshare --mount --fork --pid sh -c '
  mount --bind /dev "$1/dev" && mount -t proc proc "$1/proc" && mount -t tmpfs tmpfs "$1/tmp" &&
  exec env -i /usr/sbin/chroot "$1" /bin/busybox sh -c "$(cat "$2")"' \
  oracle "$root" "$DIR/script.sh" >"$DIR/expected.out" 2>"$DIR/expected.err" || status=$?
echo "$status" >"$DIR/expected.status"
echo "recorded $DIR/expected.{out,err,status} (exit $status)"
