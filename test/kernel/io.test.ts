// Syscalls that take data from the host (or the seeded generator) and copy it out check the
// whole destination first: a bad buffer is EFAULT and consumes nothing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PROT_READ, PROT_WRITE } from '../../emu/engine.js';
import { EFAULT } from '../../kernel/abi/errno.js';
import { DeterministicRandom } from '../../kernel/random.js';
import { boot, FakeHost } from './harness.js';

const text = (b: Uint8Array) => new TextDecoder().decode(b);

test('read into a read-only buffer is EFAULT and the input stays for the next read', async () => {
  const h = await boot({ host: new FakeHost('line one\n') });
  const ro = h.mem(4096, undefined, PROT_READ);
  assert.equal(h.sys('read', [0, ro, 64]), -EFAULT);
  const rw = h.mem(4096);
  assert.equal(h.sys('read', [0, rw, 64]), 9);
  assert.equal(text(h.peek(rw, 9)), 'line one\n');
});

test('read whose buffer is writable only in part is EFAULT and consumes nothing', async () => {
  const h = await boot({ host: new FakeHost('abcdef') });
  const page = h.arch.pageSize;
  const a = h.mem(page, undefined, PROT_READ | PROT_WRITE);
  // The next page is the harness's guard page: unmapped.
  assert.equal(h.sys('read', [0, a + page - 2, 6]), -EFAULT);
  assert.equal(h.sys('read', [0, a, 6]), 6);
  assert.equal(text(h.peek(a, 6)), 'abcdef');
});

test('read into an unmapped or non-user address is EFAULT and consumes nothing', async () => {
  const h = await boot({ host: new FakeHost('xyz') });
  assert.equal(h.sys('read', [0, 0x10, 3]), -EFAULT);
  assert.equal(h.sys('read', [0, 0xffff800000000000n, 3]), -EFAULT);
  const rw = h.mem(16);
  assert.equal(h.sys('read', [0, rw, 3]), 3);
});

test('getrandom into a bad buffer is EFAULT and does not advance the seeded stream', async () => {
  const fresh = new DeterministicRandom(0).fill(new Uint8Array(8));
  const h = await boot();
  const ro = h.mem(4096, undefined, PROT_READ);
  assert.equal(h.sys('getrandom', [ro, 8, 0]), -EFAULT);
  const rw = h.mem(16);
  assert.equal(h.sys('getrandom', [rw, 8, 0]), 8);
  // spawnInit draws nothing here (the harness passes its own AT_RANDOM), so the first bytes of
  // the kernel's stream are those of a fresh generator with the same seed.
  assert.deepEqual(h.peek(rw, 8), fresh);
});
