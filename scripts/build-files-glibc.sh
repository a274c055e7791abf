#!/usr/bin/env bash
# Builds the glibc versions of the file-system guests (test/guests/files/*-glibc.c: fswalk-glibc,
# pipes-glibc, minishell-glibc, procns-glibc, sockets-glibc, events-glibc, misc-glibc, timers-glibc, creds-glibc, pidfd-glibc, pty-glibc, sysv-glibc, mremap-glibc; static glibc, -static -O2, like scripts/build-shm.sh) for every
# arch and records Linux's transcripts: the x86_64 build run natively with an empty environment
# from the repository root is the oracle (expected/<prog>.out, .status; procns-glibc needs root,
# as pid 1 of unshare --fork --pid --mount-proc, since it nests PID namespaces and writes
# /proc/sys/kernel/ns_last_pid; sysv-glibc too, for unshare --ipc); each other arch is run
# under qemu-<arch>-static and must print the same bytes (checked here). qemu-user execs a
# foreign binary only through binfmt_misc, so minishell-glibc (which execv's itself) is compared
# under qemu only where that works; procns-glibc is not compared under qemu, whose per-process
# RCU thread takes a pid in every namespace (each level's pids come out one higher there).
# Development tool only (needs the cross compilers and
# qemu-user-static); tests use the committed binaries and transcripts.
set -euo pipefail
cd "$(dirname "$0")/.."

# shellcheck source=lib/guest-cc.sh
. scripts/lib/guest-cc.sh
DIR=test/guests/files
PROGS=(fswalk-glibc pipes-glibc minishell-glibc procns-glibc sockets-glibc events-glibc misc-glibc timers-glibc creds-glibc pidfd-glibc pty-glibc sysv-glibc mremap-glibc)
# Programs named on the command line are built alone (the others' committed binaries stay as they are).
if [ $# -gt 0 ]; then PROGS=("$@"); fi
# How a program is started: procns-glibc as pid 1 of a fresh PID namespace with its own /proc;
# sysv-glibc in a fresh IPC namespace (its ids start at 0 there, as in tricorn's first one).
wrap() {
  if [[ "$1" == procns-glibc ]]; then echo "unshare --fork --pid --mount-proc"; fi
  if [[ "$1" == sysv-glibc ]]; then echo "unshare --ipc"; fi
}
mkdir -p "$DIR/expected"
for arch in "${ARCHES[@]}"; do
  mkdir -p "$DIR/bin/$arch"
  for p in "${PROGS[@]}"; do
    ${CC[$arch]} -static -O2 -s -Wall -Wextra -o "$DIR/bin/$arch/$p" "$DIR/$p.c"
  done
done

for p in "${PROGS[@]}"; do
  set +e
  # shellcheck disable=SC2046
  env -i $(wrap "$p") "$DIR/bin/x86_64/$p" > "$DIR/expected/$p.out" < /dev/null
  echo $? > "$DIR/expected/$p.status"
  set -e
  echo "$p x86_64 (native): exit $(cat "$DIR/expected/$p.status"), $(wc -l < "$DIR/expected/$p.out") lines"
done

# Lines where qemu-user itself departs from Linux, left out of the qemu comparison: it
# translates socket()'s type argument and loses the bits it does not know (those calls succeed
# where Linux says EINVAL), and it locks epoll_wait's whole buffer before waiting (EFAULT for a
# NULL one where Linux, with nothing to store, returns 0); qemu 7.2 has no mlock2 and no
# get_robust_list, nor get_mempolicy or set_mempolicy (ENOSYS); its POSIX timer ids are its own (0x0caf0000 and up), not Linux's
# per-process 0, 1, ...; it runs /proc/self/exe (creds-glibc's exec) only through binfmt_misc, and
# it refuses a setgroups list longer than NGROUPS_MAX itself (EINVAL before Linux's EPERM);
# its uname ignores PER_LINUX32 and its own mappings READ_IMPLIES_EXEC; qemu 7.2 has no clone3 (ENOSYS), refuses clone's CLONE_PIDFD (EINVAL), and leaves waitid's
# siginfo unwritten when the call fails (Linux zeroes its fields whatever the outcome).
# pty-glibc: qemu 7.2 has no TIOCGPTLCK and no TIOCGSID (ENOSYS), and its guest's read of the
# pty is not interrupted by the SIGINT a ^C sends (it waits for ever), so under qemu it runs for
# at most 10 s and is compared up to its controlling-terminal section.
# sysv-glibc: qemu 7.2 accepts shmat(NULL, SHM_REMAP) (Linux: EINVAL), so that segment stays
# attached (and listed in /proc/sysvipc/shm); it loses msg_lspid/msg_lrpid on some targets, and on s390x the permission modes;
# and on riscv64 a removed queue's sleeping msgrcv answers EINVAL, not EIDRM.
# mremap-glibc: qemu 7.2 answers a zero new_len and a zero old_len of a private mapping with
# ENOMEM (Linux: EINVAL).
declare -A QEMU_DEPARTS=(
  [mremap-glibc]='^mremap\(d, (ps, 0, 0|0, ps, MREMAP_MAYMOVE)\)'
  [sysv-glibc]='^( +0 +0  1600 |shmat\(id, NULL, SHM_REMAP\)|shmctl\(id, IPC_STAT, &ds\) = |.*lspid is me|lrpid is child|msgrcv\(id, &m, sizeof m.mtext, 0, 0\) = -1|segsz |removed: |nsems |mode after)'
  [sockets-glibc]='^socket\(AF_UNIX, (99|SOCK_STREAM \| 0x100000), 0\)'
  [events-glibc]='^epoll_wait\(ep, nullev, 1, 0\)'
  [misc-glibc]='^(syscall\(SYS_(mlock2|get_robust_list|[gs]et_mempolicy)|len [0-9]+, head set|mode |node |next node |  PER_LINUX32: machine|  maps: )'
  [timers-glibc]='^id [0-9]+$'
  [creds-glibc]='^(exec\||  execv failed|setgroups\(70000, list\))'
  [pidfd-glibc]='^(  si_signo (0|1515870810) |clone\(CLONE_PIDFD\)|fcntl\(pfd|waitid = 0$|  si_signo 17 si_code [12] si_status (5|6|15) |clone3|syscall\(SYS_clone3)'
)
# Debian's busybox `sh -i` on a pseudo-terminal made by pty-glibc's run mode (its prompt shows
# the working directory, written <repo> here); test/e2e/pty.test.ts replays it on three arches.
BB=test/guests/busybox/root-x86_64/bin/busybox
if [[ " ${PROGS[*]} " == *" pty-glibc "* && -x $BB ]]; then
  set +e
  env -i "$DIR/bin/x86_64/pty-glibc" run "$(cat "$DIR/pty-busybox.input")"$'\n' "$BB" sh -i < /dev/null | sed "s|$(pwd)|<repo>|g" > "$DIR/expected/pty-busybox.out"
  echo "${PIPESTATUS[0]}" > "$DIR/expected/pty-busybox.status"
  set -e
  echo "pty-busybox x86_64 (native): exit $(cat "$DIR/expected/pty-busybox.status")"
fi
# util-linux's ipcmk/ipcs/ipcrm on the host's own sh, in a fresh IPC namespace: test/e2e/sysv.test.ts
# runs the same script under tricorn with --root / (when the host's util-linux is this version).
if [[ " ${PROGS[*]} " == *" sysv-glibc "* ]] && command -v ipcs > /dev/null; then
  env -i PATH=/usr/bin:/bin unshare --ipc sh "$DIR/ipcs-util-linux.sh" > "$DIR/expected/ipcs-util-linux.out" 2>&1
  ipcs --version > "$DIR/expected/ipcs-util-linux.version"
  echo "ipcs-util-linux x86_64 (native): $(wc -l < "$DIR/expected/ipcs-util-linux.out") lines, $(cat "$DIR/expected/ipcs-util-linux.version")"
fi
fail=0
for arch in "${ARCHES[@]:1}"; do
  for p in "${PROGS[@]}"; do
    set +e
    # shellcheck disable=SC2046
    out=$(env -i $(wrap "$p") timeout 10 "${QEMU[$arch]}" "$DIR/bin/$arch/$p" < /dev/null)
    st=$?
    set -e
    if [[ "$p" == pty-glibc ]]; then
      upto() { sed '/^-- controlling terminal/q' | grep -Ev '^(ioctl\(m, TIOCGPTLCK|locked |child: tcgetsid)'; }
      if [[ "$(upto <<< "$out")" == "$(upto < "$DIR/expected/$p.out")" ]]; then echo "$p $arch (qemu): same up to where qemu departs"
      else echo "$p $arch (qemu): DIFFERS"; diff <(upto <<< "$out") <(upto < "$DIR/expected/$p.out") || true; fail=1; fi
      continue
    fi
    if [[ "$out" == "$(cat "$DIR/expected/$p.out")" && "$st" == "$(cat "$DIR/expected/$p.status")" ]]; then
      echo "$p $arch (qemu): same"
    elif [[ "$p" == procns-glibc ]]; then
      echo "$p $arch (qemu): qemu's own thread shifts the pids; not compared"
    elif [[ -n "${QEMU_DEPARTS[$p]:-}" ]] && [[ "$(grep -Ev "${QEMU_DEPARTS[$p]}" <<< "$out")" == "$(grep -Ev "${QEMU_DEPARTS[$p]}" "$DIR/expected/$p.out")" ]]; then
      echo "$p $arch (qemu): same but for the lines where qemu departs from Linux"
    elif [[ "$p" == minishell-glibc ]] && grep -q 'stage 1: exit 127' <<< "$out"; then
      echo "$p $arch (qemu): its execv of itself needs binfmt_misc; not compared"
    else
      echo "$p $arch (qemu): DIFFERS"; diff <(echo "$out") "$DIR/expected/$p.out" || true; fail=1
    fi
  done
done
exit $fail
