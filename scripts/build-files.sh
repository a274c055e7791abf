#!/usr/bin/env bash
# Rebuilds the file-system guests (test/guests/files/*.c: fswalk, pipes, procns, minishell) for
# every architecture with tricorn's own runtime (no libc), the same flags as every other
# nostdlib guest, and with --oracle reruns the x86_64 builds on this machine's Linux to rewrite
# the committed transcripts test/guests/files/expected/<id>.out (+ .status):
#   - fswalk, pipes, minishell: run directly, from the repository root;
#   - procns: needs root, as pid 1 of a fresh PID namespace with its own /proc
#     (unshare --fork --pid --mount-proc), because it nests PID namespaces and writes
#     /proc/sys/kernel/ns_last_pid and pid_max (per namespace since Linux 6.14).
# Development tool only: tests use the committed binaries and transcripts.
set -euo pipefail
cd "$(dirname "$0")/.."

source scripts/lib/guest-cc.sh
DIR=test/guests/files
PROGS=(fswalk pipes procns minishell)

for arch in "${ARCHES[@]}"; do
  for p in "${PROGS[@]}"; do
    build_guest "$arch" "$DIR/$p.c" "$DIR/bin/$arch/$p"
  done
  echo "built $DIR/bin/$arch/{${PROGS[*]}}"
done

if [[ "${1:-}" == "--oracle" ]]; then
  mkdir -p "$DIR/expected"
  for p in fswalk pipes minishell; do
    set +e
    env -i "$DIR/bin/x86_64/$p" > "$DIR/expected/$p.out" < /dev/null
    echo $? > "$DIR/expected/$p.status"
    set -e
  done
  set +e
  env -i unshare --fork --pid --mount-proc "$DIR/bin/x86_64/procns" > "$DIR/expected/procns.out" < /dev/null
  echo $? > "$DIR/expected/procns.status"
  set -e
  for p in "${PROGS[@]}"; do echo "oracle $p: exit $(cat "$DIR/expected/$p.status"), $(wc -l < "$DIR/expected/$p.out") lines"; done
fi
