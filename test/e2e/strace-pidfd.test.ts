// --strace decodes the pidfd calls as strace 6.1 does: pidfd_open's PIDFD_NONBLOCK, pidfd_send_signal's
// siginfo (its value only when its pointer is non-zero) and raw flags, pidfd_getfd, waitid's
// idtype and siginfo (`{}` when nothing was reaped, the address when the call failed, the clock
// fields Linux leaves unwritten as they were, with their seconds), clone's and clone3's stored
// pidfd. The expected lines are real strace -f's, of the x86_64 build of the same guest run
// natively, with pids, stack and heap addresses left out; a call another task's line split in
// two (`<unfinished ...>` then `<... resumed>`) is joined first.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tricorn } from './cli.js';

const expected = [
  "clone(child_stack=0x…, flags=CLONE_PIDFD|0x400000|SIGCHLD, parent_tid=0x7f…) = -1 EINVAL (Invalid argument)",
  "clone(child_stack=0x…, flags=CLONE_PIDFD|CLONE_PARENT_SETTID|SIGCHLD, parent_tid=0x7f…) = -1 EINVAL (Invalid argument)",
  "clone(child_stack=0x…, flags=CLONE_PIDFD|SIGCHLD, parent_tid=[N]) = N",
  "clone3({flags=CLONE_PIDFD, pidfd=0x8, exit_signal=SIGCHLD, stack=NULL, stack_size=0}, 88) = -1 EFAULT (Bad address)",
  "clone3({flags=CLONE_PIDFD|CLONE_PARENT_SETTID, pidfd=0x7f…, parent_tid=0x7f…, exit_signal=SIGCHLD, stack=NULL, stack_size=0} => {pidfd=[3], parent_tid=[N]}, 88) = N",
  "clone3({flags=CLONE_PIDFD|CLONE_PARENT_SETTID, pidfd=0x7f…, parent_tid=0x7f…, exit_signal=SIGCHLD, stack=NULL, stack_size=0}, 88) = -1 EINVAL (Invalid argument)",
  "pidfd_getfd(-1, 50, 0) = -1 EBADF (Bad file descriptor)",
  "pidfd_getfd(3, 0, 0) = -1 ESRCH (No such process)",
  "pidfd_getfd(3, 50, 0) = -1 ESRCH (No such process)",
  "pidfd_getfd(3, 50, 0) = 5",
  "pidfd_getfd(3, 50, 0x1) = -1 EINVAL (Invalid argument)",
  "pidfd_getfd(3, 999, 0) = -1 EBADF (Bad file descriptor)",
  "pidfd_getfd(4, 50, 0) = -1 EBADF (Bad file descriptor)",
  "pidfd_open(-1, 0) = -1 EINVAL (Invalid argument)",
  "pidfd_open(0, 0) = -1 EINVAL (Invalid argument)",
  "pidfd_send_signal(3, 0, NULL, 0) = 0",
  "pidfd_send_signal(3, 99, NULL, 0) = -1 EINVAL (Invalid argument)",
  "pidfd_send_signal(3, SIGKILL, NULL, 0) = 0",
  "pidfd_send_signal(3, SIGTERM, 0x8, 0) = -1 EFAULT (Bad address)",
  "pidfd_send_signal(3, SIGTERM, NULL, 0) = -1 ESRCH (No such process)",
  "pidfd_send_signal(3, SIGTERM, NULL, 0) = 0",
  "pidfd_send_signal(3, SIGTERM, NULL, 0x100) = -1 EINVAL (Invalid argument)",
  "pidfd_send_signal(3, SIGTERM, {si_signo=SIGTERM, si_code=SI_TKILL, si_pid=N, si_uid=0}, 0) = -1 EPERM (Operation not permitted)",
  "pidfd_send_signal(3, SIGTERM, {si_signo=SIGTERM, si_code=SI_USER, si_pid=N, si_uid=0}, 0) = -1 EPERM (Operation not permitted)",
  "pidfd_send_signal(3, SIGTERM, {si_signo=SIGUSR2, si_code=SI_QUEUE, si_pid=N, si_uid=0}, 0) = -1 EINVAL (Invalid argument)",
  "pidfd_send_signal(3, SIGUSR1, {si_signo=SIGUSR1, si_code=SI_QUEUE, si_pid=N, si_uid=0, si_int=1234, si_ptr=0x4d2}, 0) = 0",
  "pidfd_send_signal(5, SIGTERM, NULL, 0) = -1 EBADF (Bad file descriptor)",
  "pidfd_send_signal(999, SIGTERM, NULL, 0) = -1 EBADF (Bad file descriptor)",
  "waitid(P_PIDFD, -1, 0x7f…, WEXITED, NULL) = -1 EINVAL (Invalid argument)",
  "waitid(P_PIDFD, 1, 0x7f…, WEXITED, NULL) = -1 EBADF (Bad file descriptor)",
  "waitid(P_PIDFD, 3, 0x7f…, WEXITED, NULL) = -1 EAGAIN (Resource temporarily unavailable)",
  "waitid(P_PIDFD, 3, 0x7f…, WEXITED, NULL) = -1 ECHILD (No child processes)",
  "waitid(P_PIDFD, 3, 0x7f…, WNOHANG|WEXITED, NULL) = -1 ECHILD (No child processes)",
  "waitid(P_PIDFD, 3, {si_signo=SIGCHLD, si_code=CLD_EXITED, si_pid=N, si_uid=0, si_status=5, si_utime=6510615555426900570 /* 65106155554269005.70 s */, si_stime=6510615555426900570 /* 65106155554269005.70 s */}, WEXITED, NULL) = 0",
  "waitid(P_PIDFD, 3, {si_signo=SIGCHLD, si_code=CLD_EXITED, si_pid=N, si_uid=0, si_status=6, si_utime=6510615555426900570 /* 65106155554269005.70 s */, si_stime=6510615555426900570 /* 65106155554269005.70 s */}, WEXITED, NULL) = 0",
  "waitid(P_PIDFD, 3, {si_signo=SIGCHLD, si_code=CLD_EXITED, si_pid=N, si_uid=0, si_status=7, si_utime=6510615555426900570 /* 65106155554269005.70 s */, si_stime=6510615555426900570 /* 65106155554269005.70 s */}, WEXITED, NULL) = 0",
  "waitid(P_PIDFD, 3, {si_signo=SIGCHLD, si_code=CLD_EXITED, si_pid=N, si_uid=0, si_status=9, si_utime=6510615555426900570 /* 65106155554269005.70 s */, si_stime=6510615555426900570 /* 65106155554269005.70 s */}, WEXITED, NULL) = 0",
  "waitid(P_PIDFD, 3, {si_signo=SIGCHLD, si_code=CLD_KILLED, si_pid=N, si_uid=0, si_status=SIGKILL, si_utime=6510615555426900570 /* 65106155554269005.70 s */, si_stime=6510615555426900570 /* 65106155554269005.70 s */}, WEXITED, NULL) = 0",
  "waitid(P_PIDFD, 3, {}, WNOHANG|WEXITED, NULL) = 0",
  "waitid(P_PIDFD, 999, 0x7f…, WEXITED, NULL) = -1 EBADF (Bad file descriptor)",
];

/** strace -f's lines with split calls joined and what differs between runs made neutral. */
function normalise(stderr: string): string[] {
  const open = new Map<string, string>();
  const out: string[] = [];
  for (const line of stderr.split('\n')) {
    const m = /^(?:\[pid +(\d+)\] )?(.*)$/.exec(line)!;
    const body = m[2];
    if (body.endsWith(' <unfinished ...>')) { open.set(m[1] ?? '', body.slice(0, -' <unfinished ...>'.length)); continue; }
    const r = /^<\.\.\. (\w+) resumed>(.*)$/.exec(body);
    // A resumed line carries no pid once one task is left: the open call of that name is its start.
    const key = r ? (m[1] ?? [...open.keys()].find((k) => open.get(k)!.startsWith(`${r[1]}(`))) : undefined;
    if (r && key !== undefined && open.has(key)) { out.push(open.get(key)! + r[2]); open.delete(key); continue; }
    out.push(body);
  }
  return out.map((l) => l.replace(/ +=/, ' =').replace(/0x7f[0-9a-f]+/g, '0x7f…').replace(/child_stack=0x[0-9a-f]+/, 'child_stack=0x…')
    .replace(/si_pid=\d+/, 'si_pid=N').replace(/parent_tid=\[\d+\]/, 'parent_tid=[N]').replace(/^(clone.*\) = )\d+$/, '$1N'));
}

test('strace of pidfd-glibc: pidfd_open, pidfd_send_signal, pidfd_getfd, waitid(P_PIDFD) and CLONE_PIDFD as strace prints them', () => {
  const r = tricorn(['run', '--strace', 'test/guests/files/bin/x86_64/pidfd-glibc']);
  assert.equal(r.status, 0, r.stderr);
  const lines = normalise(r.stderr);
  for (const want of expected) assert.ok(lines.includes(want), `missing: ${want}`);
});
