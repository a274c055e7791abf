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

# Unicorn 2.1 (Debian trixie's build, without 2.0.1's slow path on every guest store), fetched
# once per machine into tricorn's cache outside the checkout (docs/unicorn.md). Best effort:
# on failure it prints one line and tricorn runs on the system's 2.0.1.
if [ "${TRICORN_UNICORN:-auto}" != system ]; then
  bash scripts/get-unicorn.sh || echo "setup: Unicorn 2.1 not fetched; tricorn uses the system's Unicorn 2.0.1" >&2
fi

# npm ci when node_modules is missing or older than the lock file.
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "setup: installing npm dependencies" >&2
  npm ci --no-audit --no-fund --loglevel=error >/dev/null
fi

# Build when any source is newer than the last build. The build goes into a fresh directory that
# then replaces dist/ by two renames, so `npx tricorn` and running tests keep working from the old
# build for the whole compile (a failed compile leaves the old build in place), and nothing a
# deleted source left behind survives. The previous build stays as dist.old/ until the next
# build, for processes still running from it.
stamp=dist/.build-stamp
if [ ! -f "$stamp" ] || [ -n "$(find arch emu kernel cli test bench scripts types tsconfig.json package.json -newer "$stamp" -name '*.ts' -o -newer "$stamp" -name '*.cts' -o -newer "$stamp" -name '*.sh' -o -newer "$stamp" -name '*.json' -o -newer "$stamp" -name '*.cc' 2>/dev/null | head -n 1)" ]; then
  echo "setup: compiling TypeScript" >&2
  fresh=$(mktemp -d dist.new.XXXXXX)
  trap 'rm -rf "$fresh"' EXIT
  chmod 755 "$fresh"
  touch "$fresh/.build-stamp"   # before compiling: a source saved during the build is newer
  npx tsc -p . --outDir "$fresh"
  chmod +x "$fresh/cli/main.js"
  # The Unicorn engine's native system-call entry (docs/unicorn.md), where a C++ compiler and
  # Node's headers are; without it the engine uses koffi's callbacks.
  bash scripts/build-native.sh "$fresh"
  # `npx tricorn` runs CommonJS bundles of cli/main.js and of each CPU engine, made by
  # scripts/bundle.ts (it says why and how). Tests run dist/cli/main.js itself and the bin
  # (test/e2e/bundle.test.ts). Without esbuild the bin falls back to main.js.
  if ! node "$fresh/scripts/bundle.js" "$fresh"; then
    echo "setup: esbuild failed; tricorn runs unbundled" >&2
  fi
  chmod +x "$fresh/cli/tricorn.cjs"
  rm -rf dist.old
  if [ -d dist ]; then mv dist dist.old; fi
  mv "$fresh" dist
  trap - EXIT
  # V8's code caches for the bundles (cli/tricorn.cts): what a hello run of each architecture
  # compiles, a bare one and a static glibc one (the main bundle's cache holds every run's, each
  # lazily loaded bundle's its own). The glibc hello adds what every C program's start and exit
  # reach (brk, mmap, readlink, prlimit64, getrandom, mprotect, newfstatat and their kernel
  # paths): without them a static glibc program parsed and compiled those functions at every
  # run, ~3.5 ms of CPU of its start (x86_64 sieve 1: the guest part 15.4 -> 11.9 ms, five
  # runs alternated). Made in place (the cache keeps the file names it was made under). Best
  # effort: without it (or without libunicorn) the bin compiles the bundles as usual.
  if [ -f dist/cli/bundle.cjs ]; then
    for a in ppc64 aarch64 riscv64 s390x x86_64; do
      for g in "test/guests/bin/$a/hello" "test/guests/glibc/bin/$a/hello"; do
        TRICORN_WRITE_CODE_CACHE=1 node dist/cli/tricorn.cjs run "$g" >/dev/null 2>&1 || true
      done
    done
  fi
fi

# The cached Unicorn 2.1's references to its own symbols, bound ahead of time (docs/unicorn.md):
# it loads in a third less CPU. Every run, so a cache fetched before this step gets it too; a
# bound library is left alone, and a failure leaves it as it was.
if [ "${TRICORN_UNICORN:-auto}" != system ] && [ -f dist/scripts/unicorn-prebind.js ]; then
  node dist/scripts/unicorn-prebind.js || true
fi
# Then its copy relocated ahead of time to a fixed address (docs/unicorn.md): it loads without
# writing ~390 pages of relocations. Made again whenever the library is newer than it.
if [ "${TRICORN_UNICORN:-auto}" != system ] && [ -f dist/scripts/unicorn-prelink.js ]; then
  node dist/scripts/unicorn-prelink.js || true
fi
