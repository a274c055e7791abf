#!/usr/bin/env bash
# Rebuilds the lifecycle guest (test/guests/lifecycle/lifecycle.c, tricorn's own runtime, no
# libc) for the five architectures, and with --oracle reruns the x86_64 build natively to
# rewrite its transcripts test/guests/lifecycle/expected/<section>.out (+ .status), then checks
# that qemu-user gives the same for the other four. The oracle runs on one CPU under SCHED_FIFO
# (taskset -c 0 chrt -f 10; needs root): there a task runs until it blocks or yields, so the
# order of a parent and its children is Linux's own and the same every run, as tricorn's is.
# Development tool only: tests use the committed binaries and transcripts.
set -euo pipefail
cd "$(dirname "$0")/.."

source scripts/lib/guest-cc.sh
DIR=test/guests/lifecycle
# The sections (keep in step with manifest.json).
SECTIONS=(kill)

for arch in "${ARCHES[@]}"; do
  build_guest "$arch" "$DIR/lifecycle.c" "$DIR/bin/$arch/lifecycle"
done
echo "built $DIR/bin/*/lifecycle"

if [[ "${1:-}" == "--oracle" ]]; then
  ORACLE_WRAP="taskset -c 0 chrt -f 10"
  fail=0
  for s in "${SECTIONS[@]}"; do
    oracle_record "$DIR/expected/$s" "$DIR/bin/x86_64/lifecycle" "$s"
    oracle_qemu_check "$DIR/expected/$s" "$DIR/bin/{arch}/lifecycle" "$s" || fail=1
  done
  exit $fail
fi
