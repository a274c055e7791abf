// AF_UNIX rules a straight-line guest cannot show (test/guests/files/sockets-glibc.c proves the
// rest against Linux on every arch): a blocking stream write larger than the buffer sleeps and
// finishes as the reader drains it, a bad receive buffer takes nothing, files carried by a
// message nobody received are let go when the socket closes, and a datagram receiver connected
// to no one queues at most net.unix.max_dgram_qlen + 1 messages.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EAGAIN, EFAULT } from '../../kernel/abi/errno.js';
import { BLOCK } from '../../kernel/task.js';
import { boot, type Harness } from './harness.js';

const AF_UNIX = 1, SOCK_STREAM = 1, SOCK_DGRAM = 2, SOCK_NONBLOCK = 0o4000, MSG_DONTWAIT = 0x40;
const SOL_SOCKET = 1, SCM_RIGHTS = 1;
const enc = (s: string) => new TextEncoder().encode(s);
const dec = (b: Uint8Array) => new TextDecoder().decode(b);

function pair(h: Harness, type: number): [number, number] {
  const sv = h.mem(8);
  assert.equal(h.sys('socketpair', [AF_UNIX, type, 0, sv]), 0);
  const v = new DataView(h.peek(sv, 8).buffer);
  return [v.getInt32(0, true), v.getInt32(4, true)];
}

test('a blocking stream write of 1 MiB sleeps while the buffer is full and completes as the reader drains it', async () => {
  const h = await boot();
  const [a, b] = pair(h, SOCK_STREAM);
  const size = 1 << 20;
  const data = new Uint8Array(size).map((_, i) => (i * 7) & 0xff);
  const src = h.mem(size, data);
  assert.equal(h.sys('write', [a, src, size]), BLOCK);
  const retry = h.task.retry!;
  const dst = h.mem(size);
  let got = 0, r = BLOCK;
  for (let rounds = 0; r === BLOCK && rounds < 100; rounds++) {
    const n = h.sys('read', [b, dst + got, size - got]);
    assert.ok(n > 0, `read ${n}`);
    got += n;
    r = retry();
  }
  assert.equal(r, size);
  while (got < size) got += h.sys('read', [b, dst + got, size - got]);
  assert.deepEqual(h.peek(dst, size), data);
});

test('a non-blocking stream write takes what fits, then EAGAIN', async () => {
  const h = await boot();
  const [a] = pair(h, SOCK_STREAM | SOCK_NONBLOCK);
  const size = 1 << 20;
  const src = h.mem(size);
  const n = h.sys('write', [a, src, size]);
  assert.ok(n > 0 && n < size, `${n}`);
  assert.equal(h.sys('write', [a, src, size]), -EAGAIN);
});

test('a receive into a bad buffer is EFAULT and leaves the bytes queued', async () => {
  const h = await boot();
  const [a, b] = pair(h, SOCK_STREAM);
  assert.equal(h.sys('write', [a, h.mem(3, enc('abc')), 3]), 3);
  assert.equal(h.sys('recvfrom', [b, 0x10, 3, 0, 0, 0]), -EFAULT);
  const buf = h.mem(3);
  assert.equal(h.sys('recvfrom', [b, buf, 3, MSG_DONTWAIT, 0, 0]), 3);
  assert.equal(dec(h.peek(buf, 3)), 'abc');
});

test('files in a message nobody received are released when the socket closes (a pipe then reads EOF)', async () => {
  const h = await boot();
  const [a, b] = pair(h, SOCK_STREAM);
  const p = h.mem(8);
  assert.equal(h.sys('pipe2', [p, 0]), 0);
  const [rd, wr] = Array.from(new Int32Array(h.peek(p, 8).buffer));
  // sendmsg with the pipe's write end: one iovec of one byte, one SCM_RIGHTS message.
  const ctl = new Uint8Array(24);
  const cv = new DataView(ctl.buffer);
  cv.setBigUint64(0, 20n, true);
  cv.setInt32(8, SOL_SOCKET, true);
  cv.setInt32(12, SCM_RIGHTS, true);
  cv.setInt32(16, wr, true);
  const iov = new Uint8Array(16);
  new DataView(iov.buffer).setBigUint64(0, BigInt(h.mem(1, enc('x'))), true);
  new DataView(iov.buffer).setBigUint64(8, 1n, true);
  const msg = new Uint8Array(56);
  const mv = new DataView(msg.buffer);
  mv.setBigUint64(16, BigInt(h.mem(16, iov)), true);
  mv.setBigUint64(24, 1n, true);
  mv.setBigUint64(32, BigInt(h.mem(24, ctl)), true);
  mv.setBigUint64(40, 24n, true);
  assert.equal(h.sys('sendmsg', [a, h.mem(56, msg), 0]), 1);
  assert.equal(h.sys('close', [wr]), 0);
  const buf = h.mem(1);
  // The message still holds the write end: the pipe has a writer.
  assert.equal(h.sys('read', [rd, buf, 1]), BLOCK);
  h.task.retry = null;
  assert.equal(h.sys('close', [a]), 0);
  assert.equal(h.sys('close', [b]), 0);
  assert.equal(h.sys('read', [rd, buf, 1]), 0);
});

test('a datagram socket connected to no one queues max_dgram_qlen + 1 messages from others', async () => {
  const h = await boot();
  const addr = new Uint8Array([AF_UNIX, 0, 0, ...enc('q')]);
  const rx = h.sys('socket', [AF_UNIX, SOCK_DGRAM, 0]);
  const tx = h.sys('socket', [AF_UNIX, SOCK_DGRAM | SOCK_NONBLOCK, 0]);
  const a = h.mem(addr.length, addr);
  assert.equal(h.sys('bind', [rx, a, addr.length]), 0);
  const one = h.mem(1, enc('m'));
  for (let i = 0; i < 11; i++) assert.equal(h.sys('sendto', [tx, one, 1, 0, a, addr.length]), 1, `message ${i}`);
  assert.equal(h.sys('sendto', [tx, one, 1, 0, a, addr.length]), -EAGAIN);
  assert.equal(h.sys('recvfrom', [rx, h.mem(1), 1, 0, 0, 0]), 1);
  assert.equal(h.sys('sendto', [tx, one, 1, 0, a, addr.length]), 1);
});
