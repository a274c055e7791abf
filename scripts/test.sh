#!/usr/bin/env bash
# The test suite: every compiled *.test.js under dist/test/ and nothing else (helpers, fixtures
# and generators are not tests). Extra arguments go to `node --test` (e.g. --test-reporter=dot).
set -euo pipefail
cd "$(dirname "$0")/.."
mapfile -t files < <(find dist/test -name '*.test.js' | LC_ALL=C sort)
if [ "${#files[@]}" -eq 0 ]; then
  echo "test: no dist/test/**/*.test.js files; run scripts/setup.sh first" >&2
  exit 1
fi
# --no-concurrent-recompilation (passed on to every test file's process): Node 20 can deadlock
# at exit when a concurrent TurboFan job waits for a main-thread GC while the main thread waits
# for the job (nodejs/node#54918; cli/v8-quiesce.ts). The tests that run the PPC64 engine
# in-process compile a lot of JavaScript, so they compile it on their main thread instead.
exec node --no-concurrent-recompilation --test --test-concurrency=2 "$@" "${files[@]}"
