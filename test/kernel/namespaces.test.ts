// Namespace flags decided one by one (docs/namespaces.md): UTS and time namespaces modelled,
// the rest refused; and CLONE_CLEAR_SIGHAND's reset of signal dispositions.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EINVAL, EPERM } from '../../kernel/abi/errno.js';
import {
  CLONE_NEWCGROUP, CLONE_NEWIPC, CLONE_SYSVSEM, CLONE_NEWNET, CLONE_NEWNS, CLONE_NEWPID, CLONE_NEWTIME, CLONE_NEWUSER,
  CLONE_NEWUTS, CLONE_PARENT, CLONE_SIGHAND, CLONE_VM,
} from '../../kernel/abi/flags.js';
import { structLayout } from '../../kernel/abi/structs.js';
import type { Task } from '../../kernel/task.js';
import { boot, type Harness } from './harness.js';
import { Creds } from '../../kernel/creds.js';

const SIGCHLD = 17, SIGUSR1 = 10, SIGUSR2 = 12, SIGTERM = 15;
const CLONE_CLEAR_SIGHAND = 0x100000000;

function clone3(h: Harness, flags: number, task: Task = h.task): number {
  const L = structLayout('clone_args', h.arch);
  const args = h.mem(L.size, L.encode({ flags, exit_signal: flags & CLONE_VM ? 0 : SIGCHLD }));
  return h.sys('clone3', [args, L.size], task);
}

function nodename(h: Harness, task: Task): string {
  const L = structLayout('new_utsname', h.arch);
  const buf = h.mem(L.size, undefined, undefined, task);
  assert.equal(h.sys('uname', [buf], task), 0);
  const raw = h.peek(buf, L.size, task);
  const off = L.fields.find((f) => f.name === 'nodename')!.offset;
  const end = raw.indexOf(0, off);
  return new TextDecoder().decode(raw.subarray(off, end));
}

function sethostname(h: Harness, name: string, task: Task = h.task): number {
  const bytes = new TextEncoder().encode(name);
  return h.sys('sethostname', [h.mem(bytes.length, bytes, undefined, task), bytes.length], task);
}

test('unshare(CLONE_NEWUTS) gives the caller its own host name; others keep theirs', async () => {
  const h = await boot();
  assert.equal(h.sys('clone', [SIGCHLD]), 2);
  const sibling = h.taskByPid(2);
  assert.equal(h.sys('unshare', [CLONE_NEWUTS]), 0);
  assert.equal(nodename(h, h.task), 'tricorn', 'a new UTS namespace starts as a copy');
  assert.equal(sethostname(h, 'inner'), 0);
  assert.equal(nodename(h, h.task), 'inner');
  assert.equal(nodename(h, sibling), 'tricorn');
  // Children made afterwards share the caller's (new) namespace.
  const child = h.taskByPid(h.sys('clone', [SIGCHLD]));
  assert.equal(nodename(h, child), 'inner');
});

test('clone with CLONE_NEWUTS: the child renames its copy, the parent is unaffected', async () => {
  const h = await boot();
  const child = h.taskByPid(h.sys('clone', [CLONE_NEWUTS | SIGCHLD]));
  assert.equal(sethostname(h, 'kid', child), 0);
  assert.equal(nodename(h, child), 'kid');
  assert.equal(nodename(h, h.task), 'tricorn');
  // Without the flag the namespace is shared: a rename shows on both sides.
  const shared = h.taskByPid(h.sys('clone', [SIGCHLD]));
  assert.equal(sethostname(h, 'both', shared), 0);
  assert.equal(nodename(h, h.task), 'both');
});

test('sethostname: 64 bytes at most; namespaces and renames need root', async () => {
  const h = await boot();
  assert.equal(sethostname(h, 'x'.repeat(65)), -EINVAL);
  assert.equal(sethostname(h, 'x'.repeat(64)), 0);
  h.init.cred = new Creds(1000, 1000);
  assert.equal(sethostname(h, 'user'), -EPERM);
  assert.equal(h.sys('unshare', [CLONE_NEWUTS]), -EPERM);
  assert.equal(h.sys('unshare', [CLONE_NEWTIME]), -EPERM);
  assert.equal(h.sys('clone', [CLONE_NEWUTS | SIGCHLD]), -EPERM);
  assert.equal(clone3(h, CLONE_NEWTIME), -EPERM);
});

test('CLONE_NEWTIME: a new time namespace with zero offsets, entered by children', async () => {
  const h = await boot();
  const before = h.task.nsproxy.time;
  const pid = clone3(h, CLONE_NEWTIME);
  assert.ok(pid > 0);
  const child = h.taskByPid(pid);
  assert.notEqual(child.nsproxy.time, before, 'the child is in a new time namespace');
  assert.equal(child.nsproxy.time.monotonicOffsetNs, 0);
  // Zero offsets: the clocks read the same inside and out.
  const ts = (task: Task) => {
    const buf = h.mem(16, undefined, undefined, task);
    assert.equal(h.sys('clock_gettime', [1, buf], task), 0);
    return [...h.peek(buf, 16, task)];
  };
  assert.deepEqual(ts(child), ts(h.task));
  // unshare(CLONE_NEWTIME) leaves the caller's clocks and moves its next children.
  assert.equal(h.sys('unshare', [CLONE_NEWTIME]), 0);
  assert.equal(h.task.nsproxy.time, before);
  const next = h.taskByPid(h.sys('clone', [SIGCHLD]));
  assert.equal(next.nsproxy.time, h.task.nsproxy.timeForChildren);
  assert.notEqual(next.nsproxy.time, before);
});

test('namespaces tricorn does not model are refused with EINVAL, by clone and unshare', async () => {
  const h = await boot();
  for (const flag of [CLONE_NEWNS, CLONE_NEWUSER, CLONE_NEWNET, CLONE_NEWCGROUP]) {
    assert.equal(h.sys('clone', [flag | SIGCHLD]), -EINVAL, `clone 0x${flag.toString(16)}`);
    assert.equal(h.sys('unshare', [flag]), -EINVAL, `unshare 0x${flag.toString(16)}`);
  }
  assert.equal(h.sys('clone', [CLONE_NEWPID | CLONE_PARENT | SIGCHLD]), -EINVAL);
  assert.equal(h.sys('clone', [CLONE_NEWIPC | CLONE_SYSVSEM | SIGCHLD]), -EINVAL, 'a new IPC namespace shares no undo list');
});

test('CLONE_NEWIPC: the child has an IPC namespace of its own; unshare leaves the caller\'s', async () => {
  const h = await boot();
  const child = h.taskByPid(h.sys('clone', [CLONE_NEWIPC | SIGCHLD]));
  assert.notEqual(child.nsproxy.ipc, h.task.nsproxy.ipc);
  const before = h.task.nsproxy.ipc;
  assert.equal(h.sys('unshare', [CLONE_NEWIPC]), 0);
  assert.notEqual(h.task.nsproxy.ipc, before);
  assert.equal(h.task.nsproxy.uts, child.nsproxy.uts, 'the others stay shared');
});

/** rt_sigaction(sig, act, old): returns old's handler and flags. */
function sigaction(h: Harness, sig: number, act: Record<string, number> | null, task: Task = h.task) {
  const L = structLayout('sigaction', h.arch);
  const actAddr = act ? h.mem(L.size, L.encode(act), undefined, task) : 0;
  const oldAddr = h.mem(L.size, undefined, undefined, task);
  assert.equal(h.sys('rt_sigaction', [sig, actAddr, oldAddr, 8], task), 0);
  const old = h.peek(oldAddr, L.size, task);
  return { handler: L.get(old, 'sa_handler'), flags: L.get(old, 'sa_flags'), mask: L.get(old, 'sa_mask') };
}

test('CLONE_CLEAR_SIGHAND: handlers back to SIG_DFL, ignored signals stay ignored', async () => {
  const h = await boot();
  sigaction(h, SIGUSR1, { sa_handler: 0x401000, sa_flags: 0x4000000, sa_mask: 0x10 });
  sigaction(h, SIGUSR2, { sa_handler: 1 /* SIG_IGN */, sa_flags: 0x10000000, sa_mask: 0x20 });
  const plain = h.taskByPid(clone3(h, 0));
  assert.equal(sigaction(h, SIGUSR1, null, plain).handler, 0x401000, 'a plain child inherits handlers');
  const cleared = h.taskByPid(clone3(h, CLONE_CLEAR_SIGHAND));
  assert.deepEqual(sigaction(h, SIGUSR1, null, cleared), { handler: 0, flags: 0, mask: 0 });
  assert.deepEqual(sigaction(h, SIGUSR2, null, cleared), { handler: 1, flags: 0, mask: 0 });
  assert.deepEqual(sigaction(h, SIGTERM, null, cleared), { handler: 0, flags: 0, mask: 0 });
  assert.equal(sigaction(h, SIGUSR1, null).handler, 0x401000, 'the parent keeps its handlers');
});

test('CLONE_CLEAR_SIGHAND with CLONE_SIGHAND is EINVAL', async () => {
  const h = await boot();
  assert.equal(clone3(h, CLONE_CLEAR_SIGHAND + (CLONE_SIGHAND | CLONE_VM)), -EINVAL);
  assert.equal(clone3(h, CLONE_SIGHAND | CLONE_VM) > 0, true, "either alone is fine");
});
