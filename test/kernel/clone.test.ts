// Process creation rules through the real kernel and engines, in process: pid allocation across
// namespaces, failure unwinding (nothing stays allocated), namespace-init death.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EngineError } from '../../emu/engine.js';
import { EAGAIN, EBUSY, ENOMEM } from '../../kernel/abi/errno.js';
import { CLONE_NEWPID, CLONE_VM } from '../../kernel/abi/flags.js';
import { structLayout } from '../../kernel/abi/structs.js';
import { boot, type Harness } from './harness.js';

const SIGCHLD = 17;

/** clone2(cs, pids) with the given flags and pids[] (root namespace first). */
function clone2(h: Harness, flags: number, pids: number[], task = h.task): number {
  const L = structLayout('clone_struct', h.arch);
  const cs = h.mem(L.size, L.encode({ flags, nr_pids: pids.length }));
  const arr = h.mem(4 * Math.max(pids.length, 1), h.i32s(pids));
  return h.sys('clone2', [cs, arr], task);
}

const fork = (h: Harness, task = h.task) => h.sys('clone', [SIGCHLD], task);

test('a new namespace whose first pid failed at an ancestor level still starts at pid 1', async () => {
  const h = await boot();
  assert.equal(h.sys('unshare', [CLONE_NEWPID]), 0);
  // pids=[1] asks for root pid 1, which init holds: EBUSY at level 0, after level 1 chose 1.
  assert.equal(clone2(h, SIGCHLD, [1]), -EBUSY);
  const pid = fork(h);
  assert.equal(pid, 2);
  const child = h.taskByPid(2);
  assert.deepEqual(child.pid.numbers, [2, 1], 'the first process of the new namespace is its init');
});

test('a full namespace is EAGAIN, and nothing stays allocated', async () => {
  const h = await boot({ kernel: { pidMax: 310 } });
  // CLONE_VM children share pid 1's engine: 308 of them fill pids 2..309 cheaply.
  for (let i = 2; i < 310; i++) assert.equal(h.sys('clone', [CLONE_VM | SIGCHLD]), i);
  assert.equal(h.sys('clone', [CLONE_VM | SIGCHLD]), -EAGAIN);
  assert.equal(fork(h), -EAGAIN);
  assert.equal(h.kernel.rootNs.used.size, 309);
});

test('an engine that cannot be copied makes fork ENOMEM and leaks no pid', async () => {
  const h = await boot();
  const engine = h.task.proc.mm.engine;
  const real = engine.clone.bind(engine);
  engine.clone = () => { throw new EngineError('out of memory for the copy'); };
  assert.equal(fork(h), -ENOMEM);
  assert.deepEqual([...h.kernel.rootNs.used.keys()], [1]);
  engine.clone = real;
  assert.equal(fork(h), 2, 'the pid the failed fork would have had is free');
});

test('a refused pid closes the engine copy made for the child', async () => {
  const h = await boot();
  const engine = h.task.proc.mm.engine;
  const real = engine.clone.bind(engine);
  const copies: { closed: boolean }[] = [];
  engine.clone = () => {
    const c = real();
    const rec = { closed: false };
    copies.push(rec);
    const close = c.close.bind(c);
    c.close = () => { rec.closed = true; close(); };
    return c;
  };
  assert.equal(clone2(h, SIGCHLD, [1]), -EBUSY);
  assert.deepEqual(copies, [{ closed: true }]);
  assert.deepEqual([...h.kernel.rootNs.used.keys()], [1]);
});

test('when a namespace init exits, every other process of the namespace is killed', async () => {
  const h = await boot();
  assert.equal(h.sys('unshare', [CLONE_NEWPID]), 0);
  assert.equal(fork(h), 2);
  const nsInit = h.taskByPid(2);
  assert.equal(fork(h, nsInit), 2, 'pid 2 as the namespace sees it');
  const grandchild = h.taskByPid(3);
  assert.deepEqual(grandchild.pid.numbers, [3, 2]);
  h.sys('exit_group', [0], nsInit);
  assert.equal(grandchild.state, 'dead');
  assert.equal(grandchild.proc.waitStatus & 0x7f, 9, 'killed by SIGKILL');
  assert.equal(nsInit.proc.state, 'zombie', 'the namespace init waits for its parent');
  assert.equal(fork(h), -ENOMEM, 'a namespace whose init died takes no new processes');
});
