#!/usr/bin/env bash
# Rebuilds the lifecycle guest (test/guests/lifecycle/lifecycle.c, tricorn's own runtime, no
# libc) for every architecture, and with --oracle reruns the x86_64 build natively to
# rewrite its transcripts test/guests/lifecycle/expected/<section>.out (+ .status), then checks
# that qemu-user gives the same for the others. Sections whose output depends on who runs
# first run on one CPU under SCHED_FIFO (taskset -c 0 chrt -f 10; needs root): there a task
# runs until it blocks or yields, so the order of a parent and its children is Linux's own and
# the same every run, as tricorn's is.
# Development tool only: tests use the committed binaries and transcripts.
set -euo pipefail
cd "$(dirname "$0")/.."

source scripts/lib/guest-cc.sh
DIR=test/guests/lifecycle
# The sections (keep in step with manifest.json), and which run under SCHED_FIFO on one CPU:
# those whose transcript depends on who runs first. prctl's does not, and must not: Linux
# gives a real-time task no timer slack.
SECTIONS=(kill usage prctl reaper)
declare -A FIFO=([kill]=1 [reaper]=1)
# qemu-user 7.2's own gaps, not the guest's: its prctl answers EINVAL to PR_SET/GET_CHILD_SUBREAPER
# and PR_GET_TID_ADDRESS, and it cannot execve a binary of its own arch without binfmt_misc.
# Those sections are checked against Linux only (tricorn must give Linux's transcript anyway).
declare -A NO_QEMU=([prctl]=1 [reaper]=1)

for arch in "${ARCHES[@]}"; do
  build_guest "$arch" "$DIR/lifecycle.c" "$DIR/bin/$arch/lifecycle"
done
echo "built $DIR/bin/*/lifecycle"

if [[ "${1:-}" == "--oracle" ]]; then
  fail=0
  for s in "${SECTIONS[@]}"; do
    ORACLE_WRAP=${FIFO[$s]:+taskset -c 0 chrt -f 10}
    oracle_record "$DIR/expected/$s" "$DIR/bin/x86_64/lifecycle" "$s"
    [[ -n ${NO_QEMU[$s]:-} ]] || oracle_qemu_check "$DIR/expected/$s" "$DIR/bin/{arch}/lifecycle" "$s" || fail=1
  done
  exit $fail
fi
