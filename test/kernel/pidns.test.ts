// PID namespace allocation rules (docs/pid-namespaces.md).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PidNamespace, Pid, allocPid, RESERVED_PIDS } from '../../kernel/pidns.js';

const take = (ns: PidNamespace, wanted: (number | undefined)[] = [], inUse: 'EBUSY' | 'EEXIST' = 'EBUSY') => {
  const p = allocPid(ns, wanted, inUse);
  if (typeof p === 'string') throw new Error(p);
  return p;
};

test('first pid is 1, then cyclic upward', () => {
  const root = new PidNamespace(null, 32768);
  assert.deepEqual(take(root).numbers, [1]);
  assert.deepEqual(take(root).numbers, [2]);
  assert.deepEqual(take(root).numbers, [3]);
});

test('a requested pid does not move the cursor', () => {
  const root = new PidNamespace(null, 32768);
  take(root);
  assert.deepEqual(take(root, [500]).numbers, [500]);
  assert.deepEqual(take(root).numbers, [2]);
});

test('kernel-chosen pids skip used ones and wrap to 300 past pid_max', () => {
  const root = new PidNamespace(null, 400);
  for (let i = 1; i < 399; i++) take(root);
  assert.deepEqual(take(root).numbers, [399]);
  // 300..399 are all used now except none; free 305 and 10 and see the wrap pick 305 (>= 300).
  for (const n of [10, 305]) root.used.get(n)!.free();
  assert.deepEqual(take(root).numbers, [305]);
  assert.equal(RESERVED_PIDS, 300);
});

test('before the cursor passes 300 a wrap starts at 1', () => {
  // pid_max 302: the kernel chooses 1..6, 1 and 3 are freed, then requests take 7..301, so the
  // cursor (at 6, below RESERVED_PIDS) must wrap to find a number: the lowest free one, 1.
  const root = new PidNamespace(null, 302);
  const first = Array.from({ length: 6 }, () => take(root));
  for (let n = 7; n < 302; n++) take(root, [n]);
  assert.equal(root.lastPid, 6);
  first[0].free(); first[2].free();
  assert.deepEqual(take(root).numbers, [1]);
  assert.deepEqual(take(root).numbers, [3]);
});

test('once the cursor has passed 300 a wrap starts at 300, leaving 1..299 alone', () => {
  const root = new PidNamespace(null, 302);
  const low = take(root); // 1
  take(root); // 2
  take(root, [301]);
  root.lastPid = 301; // as if the kernel had chosen 301
  low.free();
  assert.deepEqual(take(root).numbers, [300]); // not the free 1: the wrap starts at RESERVED_PIDS
  assert.equal(allocPid(root, [], 'EBUSY'), 'EAGAIN', '1 is free but below the wrap point');
});

test('a full namespace is EAGAIN (Linux: idr ENOSPC becomes EAGAIN)', () => {
  const root = new PidNamespace(null, 302);
  for (let n = 1; n < 302; n++) take(root);
  assert.equal(allocPid(root, [], 'EBUSY'), 'EAGAIN');
});

test('a namespace whose first pid failed goes back to cursor 0: the retry is pid 1', () => {
  const root = new PidNamespace(null, 32768);
  take(root); // 1
  const child = new PidNamespace(root, 32768);
  assert.equal(allocPid(child, [1, undefined], 'EBUSY'), 'EBUSY'); // level 1 chose 1, level 0 refused
  assert.equal(child.lastPid, 0);
  assert.deepEqual(take(child).numbers, [2, 1]);
  // Once the namespace has its init, a failed attempt leaves the cursor where it moved.
  assert.equal(allocPid(child, [1, undefined], 'EBUSY'), 'EBUSY');
  assert.equal(child.lastPid, 2);
  assert.deepEqual(take(child).numbers, [3, 3]);
});

test('EBUSY / EEXIST for a taken pid, and nothing stays allocated', () => {
  const root = new PidNamespace(null, 32768);
  take(root);
  const child = new PidNamespace(root, 32768);
  take(child, [undefined, undefined]); // init of child ns: [2, 1]
  const before = [...root.used.keys()];
  assert.equal(allocPid(child, [2, 5], 'EBUSY'), 'EBUSY');
  assert.deepEqual([...root.used.keys()], before);
  assert.equal(child.used.has(5), false, 'level-1 pid given back');
  assert.equal(allocPid(child, [2, 5], 'EEXIST'), 'EEXIST');
});

test('EINVAL for pid < 1 or >= pid_max, youngest level checked first', () => {
  const root = new PidNamespace(null, 1000);
  take(root);
  assert.equal(allocPid(root, [-1], 'EBUSY'), 'EINVAL');
  assert.equal(allocPid(root, [1000], 'EBUSY'), 'EINVAL');
  assert.equal(allocPid(root, [999], 'EBUSY') instanceof Pid, true);
  const child = new PidNamespace(root, 1000);
  // A fresh namespace accepts only 1 first.
  assert.equal(allocPid(child, [undefined, 7], 'EEXIST'), 'EINVAL');
  const init = take(child, [50, 1]);
  assert.deepEqual(init.numbers, [50, 1]);
  // youngest (level 1) is EEXIST before the root's EINVAL is looked at
  assert.equal(allocPid(child, [-5, 1], 'EEXIST'), 'EEXIST');
});

test('nrIn answers per namespace; an ancestor is invisible from below', () => {
  const root = new PidNamespace(null, 32768);
  const a = take(root);
  const child = new PidNamespace(root, 32768);
  const b = take(child);
  assert.equal(b.nrIn(child), 1);
  assert.equal(b.nrIn(root), 2);
  assert.equal(a.nrIn(child), 0);
  assert.equal(a.nrIn(root), 1);
});

test('freeing a pid makes it reusable by request', () => {
  const root = new PidNamespace(null, 32768);
  take(root);
  const p = take(root, [42]);
  assert.equal(allocPid(root, [42], 'EBUSY'), 'EBUSY');
  p.free();
  assert.deepEqual(take(root, [42]).numbers, [42]);
});

test('a fork into a namespace whose init died is ENOMEM, and still moves the cursors it passed', () => {
  // alloc_pid takes a number at every level before it sees PIDNS_ADDING gone (clone3conf's P1:
  // under real strace the next kernel-chosen pid in the parent's namespace is one higher).
  const root = new PidNamespace(null, 32768);
  take(root);
  const child = new PidNamespace(root, 32768);
  assert.deepEqual(take(child).numbers, [2, 1]);
  child.dead = true;
  assert.equal(allocPid(child, [], 'EEXIST'), 'ENOMEM');
  assert.equal(root.used.has(3), false, 'nothing stays allocated');
  assert.deepEqual(take(root).numbers, [4]);
});
