#!/usr/bin/env bash
# Builds test/guests/edges/edges.c (static glibc, -O2) for every arch and records Linux's
# transcript: the x86_64 build run natively, as root, in a private mount namespace where
# test/guests/edges/ro is a read-only bind mount (what tricorn's --read-only makes of it) and
# /tmp a fresh tmpfs (what tricorn's /tmp is), with an empty environment from the repository
# root. Each other arch runs under qemu-<arch>-static in the same setting and must print the
# same bytes, less what qemu-user cannot give: the exec lines (it execs a foreign binary only
# through binfmt_misc, and has no execveat: ENOSYS), /proc/self/stat's vsize and rss (its
# own /proc/self/stat says 0) and the maps line (its /proc/self/maps has no [heap]). Development tool only (needs root, the
# cross compilers and qemu-user-static); tests use the committed binaries and transcript.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=lib/guest-cc.sh
. scripts/lib/guest-cc.sh
DIR=test/guests/edges
for arch in "${ARCHES[@]}"; do
  mkdir -p "$DIR/bin/$arch"
  # shellcheck disable=SC2086
  ${CC[$arch]} -static -O2 -s -Wall -Wextra ${ARCH_CFLAGS[$arch]} -o "$DIR/bin/$arch/edges" "$DIR/edges.c" -lpthread
done
mkdir -p "$DIR/ro/d" "$DIR/expected"
printf 'data\n' > "$DIR/ro/f"
# run CMD...: CMD in the oracle's setting; stdout is the transcript, the exit status its own.
run() {
  unshare -m sh -c 'mount --bind -o ro "$0" "$0" && mount -t tmpfs tmpfs /tmp && exec env -i "$@" < /dev/null' "$DIR/ro" "$@" "$DIR/ro"
}
set +e
run "$DIR/bin/x86_64/edges" > "$DIR/expected/edges.out"
echo $? > "$DIR/expected/edges.status"
set -e
echo "edges x86_64 (native): exit $(cat "$DIR/expected/edges.status"), $(wc -l < "$DIR/expected/edges.out") lines"
QEMU_GAPS='^  \|child: \|vfork\|SYS_execveat\|^stat: vsize\|^maps: '
for arch in "${ARCHES[@]:1}"; do
  set +e
  run "${QEMU[$arch]}" "$DIR/bin/$arch/edges" > "/tmp/edges-$arch.out"
  set -e
  if diff <(grep -v "$QEMU_GAPS" "$DIR/expected/edges.out") <(grep -v "$QEMU_GAPS" "/tmp/edges-$arch.out"); then
    echo "edges $arch (qemu): same (less its gaps)"
  else
    echo "edges $arch (qemu): DIFFERS"
  fi
done
