// pidfds in process: what poll sees through a process's life (alive, zombie, reaped), the file
// naming the process itself rather than its number, CLONE_PIDFD's unwinding (a full table or a
// bad pointer leaves no pid and no child behind), which table the new pidfd lands in, and
// pidfd_getfd's permission. The guest-level behaviour is test/guests/files/pidfd-glibc.c's,
// checked against Linux on every arch.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EFAULT, EMFILE, EPERM, ESRCH } from '../../kernel/abi/errno.js';
import { CLONE_FILES, CLONE_PIDFD } from '../../kernel/abi/flags.js';
import { POLLHUP, POLLIN, POLLRDNORM } from '../../kernel/fs/file.js';
import { RLIMIT_NOFILE } from '../../kernel/rlimits.js';
import { boot, type Harness } from './harness.js';

const SIGCHLD = 17;

/** clone(flags, 0, parent_tid) on x86_64: CLONE_PIDFD stores the pidfd at parent_tid. */
function clonePidfd(h: Harness, flags: number): { pid: number; fd: number; slot: number } {
  const slot = h.mem(4, h.i32s([-1]));
  const pid = h.sys('clone', [CLONE_PIDFD | flags | SIGCHLD, 0, slot]);
  const fd = new DataView(h.peek(slot, 4).buffer).getInt32(0, true);
  return { pid, fd, slot };
}

test('poll through a process\'s life: nothing while alive, POLLIN once a zombie, POLLHUP too once reaped', async () => {
  const h = await boot();
  const { pid, fd } = clonePidfd(h, 0);
  assert.equal(pid, 2);
  const f = h.task.proc.files.get(fd)!;
  assert.ok(f.ops.pidfd, 'the descriptor is a pidfd');
  const woken: number[] = [];
  f.ops.waitQueue!.add((key) => woken.push(key));
  assert.equal(f.ops.poll!(f), 0);
  h.sys('exit_group', [3], h.taskByPid(2));
  assert.equal(f.ops.poll!(f), POLLIN | POLLRDNORM);
  assert.equal(woken.length, 1, 'the exit woke the pidfd\'s waiters (epoll, poll)');
  const status = h.mem(4);
  assert.equal(h.sys('wait4', [-1, status, 0, 0]), 2);
  assert.equal(f.ops.poll!(f), POLLIN | POLLRDNORM | POLLHUP);
  assert.equal(woken.length, 2, 'and so did the reap');
});

test('a pidfd names its process, not its number: once reaped it stays gone when the number is reused', async () => {
  const h = await boot();
  const { fd } = clonePidfd(h, 0);
  h.sys('exit_group', [0], h.taskByPid(2));
  assert.equal(h.sys('wait4', [-1, 0, 0, 0]), 2);
  // As if the pids had gone round: 2 is handed out again.
  h.kernel.rootNs.lastPid = 1;
  assert.equal(h.sys('clone', [SIGCHLD]), 2);
  assert.equal(h.sys('pidfd_send_signal', [fd, 0, 0, 0]), -ESRCH);
  assert.equal(h.sys('pidfd_getfd', [fd, 0, 0]), -ESRCH);
  const f = h.task.proc.files.get(fd)!;
  assert.match(f.ops.fdinfo!(h.kernel.rootNs), /^Pid:\t-1\nNSpid:\t-1\n$/);
});

test('CLONE_PIDFD with no free descriptor is EMFILE, with nothing allocated', async () => {
  const h = await boot();
  const used = h.task.proc.files.fds.filter(Boolean).length;
  h.task.proc.rlimits.set(RLIMIT_NOFILE, used, used);
  const { pid } = clonePidfd(h, 0);
  assert.equal(pid, -EMFILE);
  assert.deepEqual([...h.kernel.rootNs.used.keys()], [1], 'no pid stays taken');
  assert.equal(h.task.proc.children.length, 0);
});

test('CLONE_PIDFD to an unwritable address is EFAULT, the engine copy closed and no pid kept', async () => {
  const h = await boot();
  const engine = h.task.proc.mm.engine;
  const real = engine.clone.bind(engine);
  let copy: { closed: boolean } | null = null;
  engine.clone = () => {
    const c = real();
    const close = c.close.bind(c);
    copy = { closed: false };
    c.close = () => { copy!.closed = true; close(); };
    return c;
  };
  const before = h.task.proc.files.fds.filter(Boolean).length;
  assert.equal(h.sys('clone', [CLONE_PIDFD | SIGCHLD, 0, 8]), -EFAULT);
  assert.equal(copy!.closed, true);
  assert.deepEqual([...h.kernel.rootNs.used.keys()], [1]);
  assert.equal(h.task.proc.files.fds.filter(Boolean).length, before, 'no descriptor installed');
});

test('the new pidfd lands in the parent\'s table: a forked child has none, a CLONE_FILES child shares it', async () => {
  const h = await boot();
  const own = clonePidfd(h, 0);
  assert.equal(h.taskByPid(own.pid).proc.files.get(own.fd), undefined);
  const shared = clonePidfd(h, CLONE_FILES);
  assert.equal(h.taskByPid(shared.pid).proc.files.get(shared.fd)?.ops.pidfd, h.taskByPid(shared.pid).proc);
  assert.equal(h.task.proc.files.get(shared.fd)?.ops.pidfd, h.taskByPid(shared.pid).proc);
});

test('pidfd_getfd asks ptrace\'s permission: same real ids and dumpable, or CAP_SYS_PTRACE', async () => {
  const h = await boot();
  const { pid, fd } = clonePidfd(h, 0);
  const child = h.taskByPid(pid).proc;
  const me = h.task.proc;
  // Root (every capability) may take from anyone.
  child.cred.uid = child.cred.euid = child.cred.suid = 1000;
  assert.ok(h.sys('pidfd_getfd', [fd, 0, 0]) >= 0);
  // Without CAP_SYS_PTRACE: another user's process is EPERM; one's own only while dumpable.
  me.cred.capEffective = 0n;
  assert.equal(h.sys('pidfd_getfd', [fd, 0, 0]), -EPERM);
  me.cred.uid = 1000;
  me.cred.gid = child.cred.gid;
  assert.ok(h.sys('pidfd_getfd', [fd, 0, 0]) >= 0);
  child.dumpable = 0;
  assert.equal(h.sys('pidfd_getfd', [fd, 0, 0]), -EPERM);
});
