// The PPC64 Memory's kernel copies (Memory.read, what write(2) copies from the guest, and
// Memory.write, what read(2) and the kernel's structures put there): a few bytes in one page go
// byte by byte (copyOut's and copyIn's small paths), anything else piece by piece. Both must give
// the guest's bytes, zeros for a page never touched, and refuse a range not wholly mapped.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PROT_READ, PROT_WRITE } from '../../emu/engine.js';
import { Memory, PAGE_SIZE } from '../../emu/ppc64/memory.js';

const A = 0x10000;

test('reads of 1 to 32 bytes at every offset near a page boundary give the stored bytes', () => {
  const m = new Memory(false);
  m.map(A, 3 * PAGE_SIZE, PROT_READ | PROT_WRITE);
  // Page 0 and 1 written (page 2 never touched: reads as zero).
  const want = new Uint8Array(3 * PAGE_SIZE);
  for (let o = 0; o < 2 * PAGE_SIZE; o++) want[o] = (o * 7 + 3) & 255;
  m.write(A, want.subarray(0, 2 * PAGE_SIZE));
  for (const at of [0, 1, PAGE_SIZE - 17, PAGE_SIZE - 16, PAGE_SIZE - 9, PAGE_SIZE - 1, 2 * PAGE_SIZE - 5, 2 * PAGE_SIZE + 7]) {
    for (let len = 1; len <= 32; len++) {
      if (at + len > 3 * PAGE_SIZE) continue;
      assert.deepEqual(m.read(A + at, len), want.slice(at, at + len), `read of ${len} at +${at}`);
    }
  }
  // A read that leaves the mapping is refused whole, small or not.
  assert.equal(m.read(A + 3 * PAGE_SIZE - 2, 4), null);
  assert.equal(m.read(A - 1, 1), null);
  m.release();
});

test('a small read sees a store made through the TLB just before', () => {
  const m = new Memory(true);
  m.map(A, PAGE_SIZE, PROT_READ | PROT_WRITE);
  m.w8(A + 100, 0x78);
  assert.deepEqual(m.read(A + 100, 1), Uint8Array.of(0x78));
  m.w8(A + 100, 0x79);
  assert.deepEqual(m.read(A + 99, 3), Uint8Array.of(0, 0x79, 0));
  m.release();
});

test('writes of 1 to 32 bytes at every offset near a page boundary land exactly there', () => {
  const m = new Memory(true);
  m.map(A, 3 * PAGE_SIZE, PROT_READ | PROT_WRITE);
  const want = new Uint8Array(3 * PAGE_SIZE);
  let v = 1;
  for (const at of [0, 3, PAGE_SIZE - 17, PAGE_SIZE - 16, PAGE_SIZE - 9, PAGE_SIZE - 1, 2 * PAGE_SIZE - 5, 3 * PAGE_SIZE - 32]) {
    for (let len = 1; len <= 32; len++) {
      const data = new Uint8Array(len).map(() => (v = (v * 29 + 7) & 255));
      assert.ok(m.write(A + at, data));
      want.set(data, at);
      // Through the TLB path too (r8), not only the kernel's copy.
      assert.equal(m.r8(A + at + len - 1), data[len - 1]);
    }
  }
  assert.deepEqual(m.read(A, 3 * PAGE_SIZE), want);
  assert.equal(m.write(A + 3 * PAGE_SIZE - 1, Uint8Array.of(1, 2)), false);
  assert.equal(m.r8(A + 3 * PAGE_SIZE - 1), want[3 * PAGE_SIZE - 1]);
  m.release();
});
