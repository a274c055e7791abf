#!/usr/bin/env bash
# Runs one tricorn command many times, several at once, beside a CPU hog, and checks that every
# run gave the same stdout, stderr and exit status. Nothing a guest sees may depend on host time
# or load, so any difference is a determinism bug. Development tool, not part of npm test; run it
# niced, e.g.
#     nice -n 10 bash scripts/stress-determinism.sh -n 40 -j 4 -- run test/guests/threads/bin/aarch64/threads3
#     nice -n 10 bash scripts/stress-determinism.sh -t 180 -- run --root R R/bin/busybox sh -c "$(cat S)"
# Options: -n RUNS (default 20), -j PARALLEL runs (default 4), -c HOGS: stress-ng CPU workers
# (default 2; 0 for none), -t SECONDS: start no run after this long (default 300), -i FILE: the
# guests' stdin (default empty), -k: keep the run directory. Everything after -- is tricorn's
# arguments. Exit status 0 when all runs agree, 1 when they differ (the differing runs are shown
# against the most common result), 2 on misuse.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=20 par=4 hogs=2 secs=300 stdin=/dev/null keep=0
usage() { sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }
while [ $# -gt 0 ]; do
  case $1 in
    -n) runs=$2; shift 2 ;;
    -j) par=$2; shift 2 ;;
    -c) hogs=$2; shift 2 ;;
    -t) secs=$2; shift 2 ;;
    -i) stdin=$2; shift 2 ;;
    -k) keep=1; shift ;;
    --) shift; break ;;
    *) usage ;;
  esac
done
[ $# -gt 0 ] || usage
cli=$PWD/dist/cli/tricorn.cjs
[ -f "$cli" ] || { echo "stress-determinism: no $cli (run scripts/setup.sh)" >&2; exit 2; }
dir=$(mktemp -d /tmp/stress-determinism.XXXXXX)
printf '%q ' "$@" > "$dir/args"
hog=
cleanup() {
  [ -z "$hog" ] || kill "$hog" 2>/dev/null || true
  [ $keep = 1 ] || rm -rf "$dir"
}
trap cleanup EXIT
if [ "$hogs" -gt 0 ]; then
  stress-ng --cpu "$hogs" --timeout "$((secs + 600))s" --quiet >/dev/null 2>&1 &
  hog=$!
fi
deadline=$(( $(date +%s) + secs ))
# One run: its stdout, stderr and status in $dir/N.{out,err,status}; none once the time is up.
export cli dir stdin deadline
one() {
  [ "$(date +%s)" -lt "$deadline" ] || return 0
  local s=0
  node "$cli" "$@" <"$stdin" >"$dir/$RUN.out" 2>"$dir/$RUN.err" || s=$?
  echo "$s" > "$dir/$RUN.status"
}
export -f one
seq 1 "$runs" | xargs -P "$par" -I{} env RUN={} bash -c 'one "$@"' _ "$@"
# Group the runs by what they gave; the largest group is the reference.
done_runs=$(ls "$dir" | grep -c '\.status$' || true)
for s in "$dir"/*.status; do
  [ -e "$s" ] || continue
  n=${s%.status}
  echo "$(cat "$n.out" "$n.err" "$s" | sha256sum | cut -c1-16) ${n##*/}"
done | sort > "$dir/groups"
echo "stress-determinism: $done_runs runs of: tricorn $(head -c 300 "$dir/args")"
cut -d' ' -f1 "$dir/groups" | uniq -c | sort -rn | while read -r count hash; do
  echo "  $count runs gave $hash (e.g. run $(grep -m1 "^$hash " "$dir/groups" | cut -d' ' -f2), status $(cat "$dir/$(grep -m1 "^$hash " "$dir/groups" | cut -d' ' -f2).status"))"
done
groups=$(cut -d' ' -f1 "$dir/groups" | sort -u | wc -l)
[ "$groups" -gt 1 ] || exit 0
ref=$(cut -d' ' -f1 "$dir/groups" | uniq -c | sort -rn | head -1 | awk '{print $2}')
r=$(grep -m1 "^$ref " "$dir/groups" | cut -d' ' -f2)
grep -v "^$ref " "$dir/groups" | awk '!seen[$1]++ { print $2 }' | while read -r d; do
  echo "--- run $r (reference) vs run $d:"
  diff "$dir/$r.out" "$dir/$d.out" | head -20 | sed 's/^/  stdout /' || true
  diff "$dir/$r.err" "$dir/$d.err" | head -20 | sed 's/^/  stderr /' || true
  diff "$dir/$r.status" "$dir/$d.status" | sed 's/^/  status /' || true
done
[ $keep = 1 ] && echo "stress-determinism: runs kept in $dir"
exit 1
