// epoll rules the events-glibc guest does not reach (it proves the rest against Linux on every
// arch): an edge-triggered item is not reported again after a partial read, only after new
// data; an item lives as long as its file, whichever descriptor it was added under.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { boot, type Harness } from './harness.js';

const AF_UNIX = 1, SOCK_STREAM = 1, EPOLL_CTL_ADD = 1, EPOLLIN = 1, EPOLLET = 2 ** 31;
const enc = (s: string) => new TextEncoder().encode(s);

function pair(h: Harness): [number, number] {
  const sv = h.mem(8);
  assert.equal(h.sys('socketpair', [AF_UNIX, SOCK_STREAM, 0, sv]), 0);
  const v = new DataView(h.peek(sv, 8).buffer);
  return [v.getInt32(0, true), v.getInt32(4, true)];
}

/** epoll_ctl ADD with x86_64's packed 12-byte epoll_event. */
function add(h: Harness, ep: number, fd: number, events: number, data: number): number {
  const e = new Uint8Array(12);
  const v = new DataView(e.buffer);
  v.setUint32(0, events >>> 0, true);
  v.setBigUint64(4, BigInt(data), true);
  return h.sys('epoll_ctl', [ep, EPOLL_CTL_ADD, fd, h.mem(12, e)]);
}

/** The data words of what one epoll_wait(…, 0) reports. */
function reported(h: Harness, ep: number): number[] {
  const out = h.mem(12 * 8);
  const n = h.sys('epoll_wait', [ep, out, 8, 0]);
  assert.ok(n >= 0, `epoll_wait ${n}`);
  const v = new DataView(h.peek(out, 12 * 8).buffer);
  return Array.from({ length: n }, (_, i) => Number(v.getBigUint64(i * 12 + 4, true)));
}

test('edge-triggered: a partial read brings no new report; more data does', async () => {
  const h = await boot();
  const [a, b] = pair(h);
  const ep = h.sys('epoll_create1', [0]);
  assert.equal(add(h, ep, b, EPOLLIN | EPOLLET, 7), 0);
  assert.deepEqual(reported(h, ep), []);
  assert.equal(h.sys('write', [a, h.mem(4, enc('abcd')), 4]), 4);
  assert.deepEqual(reported(h, ep), [7]);
  assert.equal(h.sys('read', [b, h.mem(2), 2]), 2);
  assert.deepEqual(reported(h, ep), [], 'still readable, but nothing new arrived');
  assert.equal(h.sys('write', [a, h.mem(1, enc('e')), 1]), 1);
  assert.deepEqual(reported(h, ep), [7]);
});

test('an item lives as long as its file: a dup keeps it, closing the last descriptor removes it', async () => {
  const h = await boot();
  const [a, b] = pair(h);
  const ep = h.sys('epoll_create1', [0]);
  assert.equal(add(h, ep, b, EPOLLIN, 9), 0);
  const dup = h.sys('dup', [b]);
  assert.equal(h.sys('close', [b]), 0);
  assert.equal(h.sys('write', [a, h.mem(1, enc('x')), 1]), 1);
  assert.deepEqual(reported(h, ep), [9]);
  assert.equal(h.sys('close', [dup]), 0);
  assert.deepEqual(reported(h, ep), []);
});
