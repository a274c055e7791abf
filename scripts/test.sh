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
exec node --test --test-concurrency=2 "$@" "${files[@]}"
