// Page storage given back (munmap, MADV_DONTNEED, release) goes to a free list with its DataView,
// and a new page made of it takes that view (memory.ts takeStorage): the view must always be of
// the page's own bytes. Loads and stores with warm TLBs go through the view, kernel reads and
// writes through the bytes; here both must agree on every reused page, new and copied (fork).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PROT_READ, PROT_WRITE } from '../../emu/engine.js';
import { Memory, PAGE_SIZE } from '../../emu/ppc64/memory.js';

const RW = PROT_READ | PROT_WRITE;
const A = 0x400000;
const N = 64;

test('pages made of freed storage read and write the same bytes through their view and the kernel', () => {
  const m = new Memory(false);
  m.map(A, N * PAGE_SIZE, RW);
  for (let round = 0; round < 3; round++) {
    for (let n = 0; n < N; n++) {
      // A fresh page reads zero, whatever its storage held before.
      assert.equal(m.r32(A + n * PAGE_SIZE + 12), 0);
      m.w32(A + n * PAGE_SIZE + 12, 0x1000 * round + n);
    }
    for (let n = 0; n < N; n++) {
      assert.deepEqual(m.read(A + n * PAGE_SIZE + 12, 4), Uint8Array.of(0, 0, (0x1000 * round + n) >> 8, n & 255));
      assert.ok(m.write(A + n * PAGE_SIZE + 20, Uint8Array.of(0, 0, 0, n)));
      assert.equal(m.r32(A + n * PAGE_SIZE + 20), n);
    }
    // A fork's copies take storage (and views) from the list too.
    const c = m.clone();
    for (let n = 0; n < N; n++) {
      assert.equal(c.r32(A + n * PAGE_SIZE + 12), 0x1000 * round + n);
      c.w32(A + n * PAGE_SIZE + 24, n + 7);
      assert.deepEqual(c.read(A + n * PAGE_SIZE + 24, 4), Uint8Array.of(0, 0, 0, n + 7));
      assert.equal(m.r32(A + n * PAGE_SIZE + 24), 0);
    }
    c.release();
    m.discard(A, N * PAGE_SIZE);
  }
  m.release();
});
