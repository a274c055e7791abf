#!/usr/bin/env bash
# Rebuilds the resource-limit guest written in C (test/guests/limits/stack.c: recursion to the
# stack limit) for the four architectures with tricorn's own runtime (no libc), and with
# --oracle reruns the x86_64 build on this machine's Linux to rewrite its transcripts
# test/guests/limits/expected/<id>.out (+ .status). qemu-user cannot be the oracle here: it
# gives a guest a fixed stack that neither grows nor follows RLIMIT_STACK.
# Development tool only: tests use the committed binaries and transcripts.
set -euo pipefail
cd "$(dirname "$0")/.."

source scripts/lib/guest-cc.sh
DIR=test/guests/limits
# id:args (keep in step with test/e2e/limits.test.ts)
RUNS=("stack:" "stack-2:2" "stack-24-exec:24 exec")

for arch in "${ARCHES[@]}"; do
  build_guest "$arch" "$DIR/stack.c" "$DIR/bin/$arch/stack"
done
echo "built $DIR/bin/*/stack"

if [[ "${1:-}" == "--oracle" ]]; then
  # Core dumps off: the transcript is the output and the exit status (139).
  ORACLE_SETUP="ulimit -c 0; ulimit -S -s 8192"
  for r in "${RUNS[@]}"; do
    IFS=: read -r id args <<< "$r"
    # shellcheck disable=SC2086
    oracle_record "$DIR/expected/$id" "$DIR/bin/x86_64/stack" $args
  done
fi
