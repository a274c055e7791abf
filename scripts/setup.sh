#!/usr/bin/env bash
# Sets tricorn up on a Debian machine with Node 20+: Debian's libunicorn2 (installed when run as
# root, else the one command that installs it is printed), the npm dependencies, the build.
# Idempotent and quiet when everything is already in place.
set -euo pipefail
cd "$(dirname "$0")/.."

major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
if [ "$major" -lt 20 ]; then
  echo "setup: tricorn needs Node.js 20 or later (found: $(node --version 2>/dev/null || echo none))" >&2
  exit 1
fi

# (grep without -q: with pipefail, -q's early exit would fail the pipeline on SIGPIPE.)
if ! ldconfig -p 2>/dev/null | grep 'libunicorn\.so\.2' >/dev/null; then
  if [ "$(id -u)" = 0 ]; then
    echo "setup: installing Debian's libunicorn2 (Unicorn 2, the x86_64/aarch64 CPU engine)" >&2
    apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libunicorn2 >/dev/null
  else
    echo "setup: tricorn needs Debian's libunicorn2; install it with:  sudo apt-get install -y libunicorn2" >&2
    exit 1
  fi
fi

# npm ci when node_modules is missing or older than the lock file.
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "setup: installing npm dependencies" >&2
  npm ci --no-audit --no-fund --loglevel=error >/dev/null
fi

# Build when any source is newer than the last build.
stamp=dist/.build-stamp
if [ ! -f "$stamp" ] || [ -n "$(find arch emu kernel cli test bench types tsconfig.json package.json -newer "$stamp" -name '*.ts' -o -newer "$stamp" -name '*.json' 2>/dev/null | head -n 1)" ]; then
  echo "setup: compiling TypeScript" >&2
  rm -rf dist
  npx tsc -p .
  chmod +x dist/cli/main.js
  touch "$stamp"
fi
