#!/usr/bin/env bash
# Builds test/guests/strace/decoders.c, filecalls.c, stopcont.c and threadstop.c (static glibc, x86_64) and records, for every run in
# test/guests/strace/runs.json, what real strace prints for it on this machine:
# test/guests/strace/linux/<id>.txt. Needs gcc, strace, setarch and root (for unshare and the
# tmpfs below); tests use the committed binary and transcripts, never these tools.
# With ID arguments only those runs are recorded (and nothing is built). STRACE_ORACLE_OUT=DIR
# writes the transcripts to DIR instead (the oracle test's live mode, TRICORN_STRACE_LIVE=1).
# STRACE_ORACLE_FF=1 records `strace -ff -o` instead: one file per thread,
# test/guests/strace/linux-ff/<id>.<host tid> (test/e2e/strace-ff.test.ts; not for --root or
# --pidns runs).
#
# Every run gets the machine tricorn models rather than this host's accidents:
#  - /tmp is a fresh tmpfs (mode 1777) in a mount namespace of its own, as tricorn's /tmp is
#    (tmpfs's directory sizes, no leftovers from other runs);
#  - RLIMIT_NOFILE is the Linux kernel's default for init, 1024/4096 (INR_OPEN_CUR/MAX; the
#    host's login may have changed it), RLIMIT_STACK 8 MiB, core dumps allowed (tricorn
#    reports `+++ killed by SIGSEGV (core dumped) +++`);
#  - an empty environment, address randomisation off (setarch -R), stdout a pipe, no fds
#    open but 0, 1 and 2;
#  - a run's `setup` (shell, before strace) and `wrap` (words before strace, e.g. taskset) too.
set -euo pipefail
cd "$(dirname "$0")/.."
DIR=test/guests/strace
FF=${STRACE_ORACLE_FF:-}
OUT=${STRACE_ORACLE_OUT:-$DIR/linux${FF:+-ff}}
mkdir -p "$DIR/bin/x86_64" "$OUT"
if [ $# -eq 0 ]; then
  for g in decoders filecalls stopcont threadstop; do
    gcc -static -O2 -s -Wall -Wextra -o "$DIR/bin/x86_64/$g" "$DIR/$g.c"
  done
fi
strace -V | head -1
node -e '
  const runs = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")).runs;
  const only = process.argv.slice(2);
  for (const r of runs) if (!only.length || only.includes(r.id))
    console.log([r.id, r.file, JSON.stringify(r.args), JSON.stringify(r.stdin ?? ""), r.setup ?? "", r.wrap ?? "", JSON.stringify(r.tricornArgs ?? []), (r.tricornArgs ?? []).includes("--pidns") ? 1 : ""].join("\x1f"));
' "$DIR/runs.json" "$@" | while IFS=$'\x1f' read -r id file args stdin setup wrap targs pidns; do
  mapfile -t argv < <(node -e 'for (const a of JSON.parse(process.argv[1])) console.log(a)' "$args")
  # `--root DIR` given to tricorn: `/` is the host's own files, as Linux runs the program; any
  # other DIR is run chrooted (below), and chroot's own lines are cut from the transcript.
  chroot=$(node -e 'const a = JSON.parse(process.argv[1]); const i = a.indexOf("--root"); if (i >= 0) console.log(a[i + 1])' "$targs")
  [ "$chroot" != / ] || chroot=
  out="$OUT/$id.txt"
  # -ff: strace writes $OUT/$id.TID itself; its stderr (nothing but notices) is dropped.
  ff=()
  if [ -n "$FF" ]; then rm -f "$OUT/$id".[0-9]*; ff=(-ff -o "$OUT/$id"); out=/dev/null; fi
  # A fork that a child's SIGCHLD interrupts (ERESTARTNOINTR, made again) has advanced the
  # kernel's pid cursor, so every later kernel-chosen pid is one higher: when a child dies is
  # the host scheduler's (strace slows the parent), so such a recording is made again (10 tries).
  for try in 1 2 3 4 5 6 7 8 9 10; do
  set +e
  node -e 'process.stdout.write(JSON.parse(process.argv[1]))' "$stdin" \
    | unshare --mount -- bash -c '
        mount -t tmpfs -o mode=1777 tmpfs /tmp || exit 125
        ulimit -Sn 1024 && ulimit -Hn 4096 && ulimit -Ss 8192 && ulimit -c unlimited || exit 125
        eval "$1"; wrap=$2; chroot=$3; pidns=$4; shift 4
        # A --root run: DIR copied into a fresh tmpfs with what tricorn gives every guest root
        # (its own /proc, /dev, a tmpfs /tmp), FILE reachable there by the same relative path
        # (the checkout'"'"'s, a link to the file inside DIR) so that argv[0] is what tricorn is
        # given, and strace runs chroot(1), which then execs FILE.
        if [ -n "$chroot" ]; then
          r=$(mktemp -d) && mount -t tmpfs tmpfs "$r" && cp -a "$chroot"/. "$r"/ || exit 125
          mkdir -p "$r/proc" "$r/dev" "$r/tmp" "$r/$(dirname "$1")" && mount -t proc proc "$r/proc" && mount --rbind /dev "$r/dev" \
            && mount -t tmpfs -o mode=1777 tmpfs "$r/tmp" || exit 125
          ln -sfn "/${1#"$chroot"/}" "$r/$1" || exit 125
          set -- "$(command -v chroot)" "$r" "$@"
        fi
        # A `--pidns` run: FILE is pid 1 of a fresh PID namespace (unshare --fork --pid
        # --mount-proc, its pid_max set to the kernel default 32768 as tricorn'"'"'s, then exec), and
        # strace, outside it, writes every line with the host pid (-o) and each pid value with
        # its host number (--pidns-translation): the test maps those to the program'"'"'s own.
        if [ -n "$pidns" ]; then
          set -- --pidns-translation -o /dev/stderr "$(command -v unshare)" --fork --pid --mount-proc \
            /bin/sh -c '"'"'echo 32768 > /proc/sys/kernel/pid_max && exec env -i "$0" "$@"'"'"' "$@"
        fi
        # Only stdin, stdout and stderr, as tricorn gives a guest (not whatever this shell inherited).
        for fd in /proc/$$/fd/*; do fd=${fd##*/}; [ "$fd" -gt 2 ] && eval "exec $fd>&-"; done
        # shellcheck disable=SC2086
        exec env -i $wrap setarch x86_64 -R strace -f "$@"' _ "$setup" "$wrap" "$chroot" "$pidns" "${ff[@]}" "$file" "${argv[@]}" 2> "$out" | cat > /dev/null
  set -e
  if [ -n "$FF" ]; then
    grep -q '= ? ERESTARTNOINTR' "$OUT/$id".[0-9]* || break
    echo "$id: a fork was restarted (try $try); again" >&2; rm -f "$OUT/$id".[0-9]*; continue
  fi
  grep -q '= ? ERESTARTNOINTR' "$out" || break
  echo "$id: a fork was restarted (try $try); again" >&2
  done
  rm -f core core.[0-9]*
  # A chrooted run: from FILE's execve on (chroot's own calls before it are not the program's).
  [ -z "$chroot" ] || FILE=$file perl -0777 -i -pe 's{\A.*?(?=^execve\("\Q$ENV{FILE}\E")}{}ms' "$out"
  # A --pidns run: the program's lines only, from its execve on (not unshare's nor sh's).
  [ -z "$pidns" ] || FILE=$file perl -0777 -i -ne '
    my ($pid) = /^(\d+) +execve\("\Q$ENV{FILE}\E"/m or die "no execve of $ENV{FILE}\n";
    my ($unshare) = /^(\d+) /;
    s/\A.*?(?=^$pid +execve\("\Q$ENV{FILE}\E")//ms;
    print grep { !/^$unshare / } split /^/;' "$out"
  if [ -n "$FF" ]; then
    for f in "$OUT/$id".[0-9]*; do
      sed -i -e "s#\"$PWD/#\"<repo>/#g" -e "s#\"$PWD\"#\"<repo>\"#g" -e "s#\"\#!\( *\)$PWD/#\"\#!\1<repo>/#g" "$f"
      echo "$f: $(wc -l < "$f") lines"
    done
    continue
  fi
  # strace's own notices, and the checkout's path (readlink of /proc/self/exe).
  perl -0777 -i -pe 's/strace: Process \d+ attached\n//g' "$out"
  # A #! line may put spaces before the interpreter's path (edges' "#!  PATH arg").
  sed -i -e "s#\"$PWD/#\"<repo>/#g" -e "s#\"$PWD\"#\"<repo>\"#g" -e "s#\"\#!\( *\)$PWD/#\"\#!\1<repo>/#g" "$out"
  echo "$out: $(wc -l < "$out") lines"
done
