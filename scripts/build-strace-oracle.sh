#!/usr/bin/env bash
# Builds test/guests/strace/decoders.c and filecalls.c (static glibc, x86_64) and records, for every run in
# test/guests/strace/runs.json, what real strace prints for it on this machine:
# test/guests/strace/linux/<id>.txt. Needs gcc, strace and setarch (as root or with ptrace
# allowed); tests use the committed binary and transcripts, never these tools.
# With ID arguments only those runs are recorded (and nothing is built).
set -euo pipefail
cd "$(dirname "$0")/.."
DIR=test/guests/strace
mkdir -p "$DIR/bin/x86_64" "$DIR/linux"
if [ $# -eq 0 ]; then
  for g in decoders filecalls; do
    gcc -static -O2 -s -Wall -Wextra -o "$DIR/bin/x86_64/$g" "$DIR/$g.c"
  done
fi
strace -V | head -1
# Core dumps allowed, as tricorn reports them (`+++ killed by SIGSEGV (core dumped) +++`).
ulimit -c unlimited
node -e '
  const runs = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")).runs;
  const only = process.argv.slice(2);
  for (const r of runs) if (!only.length || only.includes(r.id)) console.log([r.id, r.file, JSON.stringify(r.args), JSON.stringify(r.stdin ?? "")].join("\t"));
' "$DIR/runs.json" "$@" | while IFS=$'\t' read -r id file args stdin; do
  mapfile -t argv < <(node -e 'for (const a of JSON.parse(process.argv[1])) console.log(a)' "$args")
  out="$DIR/linux/$id.txt"
  set +e
  node -e 'process.stdout.write(JSON.parse(process.argv[1]))' "$stdin" \
    | env -i setarch x86_64 -R strace -f "$file" "${argv[@]}" 2> "$out" | cat > /dev/null
  set -e
  rm -f core core.[0-9]*
  # strace's own notices, and the checkout's path (readlink of /proc/self/exe).
  perl -0777 -i -pe 's/strace: Process \d+ attached\n//g' "$out"
  sed -i "s#\"$PWD/#\"<repo>/#g" "$out"
  echo "$out: $(wc -l < "$out") lines"
done
