#!/usr/bin/env bash
# Builds the shared-memory guest (test/guests/shm/shm.c, static glibc) for every arch and records
# Linux's transcript: the x86_64 build run natively is the oracle (expected/shm.out, .status);
# each other arch is run under qemu-<arch>-static and must print the same bytes (checked here).
# Development tool only (needs the cross compilers and qemu-user-static); tests use the
# committed binaries and transcript.
set -euo pipefail
cd "$(dirname "$0")/.."

# shellcheck source=lib/guest-cc.sh
. scripts/lib/guest-cc.sh
DIR=test/guests/shm
mkdir -p "$DIR/expected"
for arch in "${ARCHES[@]}"; do
  mkdir -p "$DIR/bin/$arch"
  ${CC[$arch]} -static -O2 -s -Wall -Wextra -o "$DIR/bin/$arch/shm" "$DIR/shm.c"
done

set +e
env -i "$DIR/bin/x86_64/shm" > "$DIR/expected/shm.out"
echo $? > "$DIR/expected/shm.status"
set -e
echo "x86_64 (native): exit $(cat "$DIR/expected/shm.status"), $(wc -l < "$DIR/expected/shm.out") lines"

# qemu-user execs a foreign binary only through binfmt_misc, which this machine may lack: the
# exec'd child's lines are compared only where the exec worked.
fail=0
for arch in "${ARCHES[@]:1}"; do
  set +e
  out=$(env -i "${QEMU[$arch]}" "$DIR/bin/$arch/shm")
  st=$?
  set -e
  want=$(cat "$DIR/expected/shm.out")
  if [[ "$out" == *"exec'd child exited with 127" ]]; then
    echo "$arch (qemu): its execve needs binfmt_misc; comparing the lines before it"
    out=$(grep -v "^exec'd child" <<< "$out"); want=$(grep -v "^exec'd child\|^after execve" <<< "$want")
  fi
  if [[ "$out" == "$want" && "$st" == "$(cat "$DIR/expected/shm.status")" ]]; then
    echo "$arch (qemu): same"
  else
    echo "$arch (qemu): DIFFERS"; diff <(echo "$out") "$DIR/expected/shm.out" || true; fail=1
  fi
done
exit $fail
