#!/usr/bin/env bash
# Rebuilds the static glibc guests (test/guests/glibc/*.c) with Debian's gcc and cross gcc —
# the normal libc, not tricorn's runtime — and records their expected output:
#
#   test/guests/glibc/<name>.c -> test/guests/glibc/bin/<arch>/<name>     (static, -O2, stripped)
#   runs in test/guests/glibc/manifest.json -> test/guests/glibc/expected/<arch>/<id>.out / .status
#
# x86_64 runs natively, the others under qemu-<arch>-static; argv[0] is the repository-relative
# path, the environment is empty. Every .out must be identical on all arches (checked here).
# With --traces it also rewrites test/guests/glibc/traces/<id>.<arch>.txt: `strace -f` for
# x86_64, QEMU_STRACE=1 for the others (the raw material of test/guests/glibc/SYSCALLS.md).
# Development tool only (needs the cross compilers, libc6-dev-*-cross, qemu-user-static);
# tests use the committed binaries and outputs.
set -euo pipefail
cd "$(dirname "$0")/.."

ARCHES=(x86_64 aarch64 ppc64 ppc64le riscv64 s390x)
declare -A CC=([x86_64]=gcc [aarch64]=aarch64-linux-gnu-gcc [ppc64]=powerpc64-linux-gnu-gcc [ppc64le]=powerpc64le-linux-gnu-gcc [riscv64]=riscv64-linux-gnu-gcc [s390x]=s390x-linux-gnu-gcc)
declare -A RUN=([x86_64]="" [aarch64]=qemu-aarch64-static [ppc64]=qemu-ppc64-static [ppc64le]=qemu-ppc64le-static [riscv64]=qemu-riscv64-static [s390x]=qemu-s390x-static)
DIR=test/guests/glibc
PROGS=(hello threads forkbuf signals)
# id:binary:args (args split on spaces; keep in step with manifest.json)
RUNS=("hello:hello:alpha beta" "threads:threads:" "forkbuf:forkbuf:" "signals:signals:" "signals-raise:signals:raise")

for arch in "${ARCHES[@]}"; do
  mkdir -p "$DIR/bin/$arch"
  for p in "${PROGS[@]}"; do
    ${CC[$arch]} -static -O2 -pthread -s -Wall -Wextra -o "$DIR/bin/$arch/$p" "$DIR/$p.c"
  done
  echo "built $arch: $(cd "$DIR/bin/$arch" && stat -c '%n %s' "${PROGS[@]}" | tr '\n' ' ')"
done

# Core dumps allowed, as tricorn behaves (the core bit of a wait status says a dump happened);
# the dumps themselves (core_pattern "core") are removed after each run.
ulimit -c unlimited
for arch in "${ARCHES[@]}"; do
  mkdir -p "$DIR/expected/$arch"
  for r in "${RUNS[@]}"; do
    IFS=: read -r id bin args <<< "$r"
    # shellcheck disable=SC2086
    set +e
    env -i ${RUN[$arch]} "$DIR/bin/$arch/$bin" $args > "$DIR/expected/$arch/$id.out"
    echo $? > "$DIR/expected/$arch/$id.status"
    rm -f core core.[0-9]* qemu_*.core
    set -e
  done
done

fail=0
for r in "${RUNS[@]}"; do
  IFS=: read -r id _ _ <<< "$r"
  for arch in "${ARCHES[@]}"; do
    for ext in out status; do
      cmp -s "$DIR/expected/x86_64/$id.$ext" "$DIR/expected/$arch/$id.$ext" || { echo "DIFFERS: $arch $id.$ext"; fail=1; }
    done
  done
  echo "$id: exit $(cat "$DIR/expected/x86_64/$id.status"), $(wc -l < "$DIR/expected/x86_64/$id.out") lines, same on all arches: $([[ $fail == 0 ]] && echo yes || echo NO)"
done

if [[ "${1:-}" == "--traces" ]]; then
  mkdir -p "$DIR/traces"
  for r in "${RUNS[@]}"; do
    IFS=: read -r id bin args <<< "$r"
    # shellcheck disable=SC2086
    env -i setarch x86_64 -R strace -f -s 48 -o "$DIR/traces/$id.x86_64.txt" "$DIR/bin/x86_64/$bin" $args > /dev/null
    for arch in aarch64 ppc64 ppc64le; do
      # shellcheck disable=SC2086
      env -i QEMU_STRACE=1 setarch x86_64 -R ${RUN[$arch]} "$DIR/bin/$arch/$bin" $args 2> "$DIR/traces/$id.$arch.txt" > /dev/null
    done
  done
  # ASLR is off (setarch -R) so addresses repeat; the random bytes and pids do not:
  sed -i -E 's/getrandom\("[^"]*"/getrandom("<8 random bytes>"/' "$DIR"/traces/*.x86_64.txt
  # The checkout's absolute path (readlink of /proc/self/exe) differs per machine: <repo> stands
  # for it, so no transcript names a place outside the repository.
  sed -i "s#\"$PWD/#\"<repo>/#g" "$DIR"/traces/*.txt
  # pids differ from run to run: renumber them 1001, 1002, ... in order of first appearance
  # (line prefix or clone result: qemu prefixes the thread group id), everywhere they occur as a whole number
  for f in "$DIR"/traces/*.txt; do
    perl -0777 -i -pe 'my %m; my $n = 1001; while (/^(\d+) |\bclone3?\(.*?\) = (\d+)$/mg) { $m{$1 // $2} //= $n++ } s/\b(\d+)\b/exists $m{$1} ? $m{$1} : $1/ge' "$f"
  done
  echo "traces in $DIR/traces/"
fi
exit $fail
