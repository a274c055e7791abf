// The PPC64 Memory's process-wide free lists (memory.ts): page storage and TLB sets of released
// address spaces are reused by the next ones. Nothing of an earlier address space may show
// through: new pages read as zero, stale TLB slots never match, a fork's copy is the parent's.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PROT_READ, PROT_WRITE } from '../../emu/engine.js';
import { Memory, freePages, PAGE_SIZE } from '../../emu/ppc64/memory.js';

const RW = PROT_READ | PROT_WRITE;
const A = 0x10000;

/** A Memory with `pages` pages at A, every byte of page n set to n + 1 through the TLB path. */
function filled(pages: number): Memory {
  const m = new Memory(false);
  m.map(A, pages * PAGE_SIZE, RW);
  for (let n = 0; n < pages; n++) for (let o = 0; o < PAGE_SIZE; o += 512) m.w8(A + n * PAGE_SIZE + o, n + 1);
  return m;
}

test('a released address space\'s storage comes back zeroed, and its TLB slots do not match', () => {
  const old = filled(8);
  // Fill the read TLB too, at the address the next Memory will use.
  assert.equal(old.r8(A), 1);
  const before = freePages();
  old.release();
  assert.ok(freePages() >= Math.min(before + 8, 1024), 'released pages are on the free list');
  const m = new Memory(false);
  m.map(A, 8 * PAGE_SIZE, RW);
  for (let n = 0; n < 8; n++) {
    // Both paths: the TLB probe (r8) and the kernel's copy (read).
    assert.equal(m.r8(A + n * PAGE_SIZE), 0, `page ${n} reads zero through the TLB`);
    assert.deepEqual(m.read(A + n * PAGE_SIZE, PAGE_SIZE), new Uint8Array(PAGE_SIZE), `page ${n} is all zeros`);
  }
  m.w8(A + 3, 0x55);
  assert.equal(m.r8(A + 3), 0x55);
  // The released Memory keeps nothing: its old address is unmapped.
  assert.equal(old.read(A, 1), null);
  m.release();
});

test('a fork\'s copy taken from reused storage is the parent\'s bytes, and the two stay apart', () => {
  filled(4).release(); // leaves storage with non-zero bytes on the free list
  const parent = filled(3);
  const child = parent.clone();
  for (let n = 0; n < 3; n++) {
    const want = new Uint8Array(PAGE_SIZE);
    for (let o = 0; o < PAGE_SIZE; o += 512) want[o] = n + 1;
    assert.deepEqual(child.read(A + n * PAGE_SIZE, PAGE_SIZE), want, `child page ${n}`);
  }
  child.w8(A, 0x77);
  assert.equal(parent.r8(A), 1, 'a store of the child is not the parent\'s');
  parent.w8(A + 1, 0x66);
  assert.equal(child.r8(A + 1), 0, 'a store of the parent is not the child\'s');
  child.release();
  parent.release();
});

test('MADV_DONTNEED and munmap give storage back; the page made next reads zero', () => {
  const m = filled(2);
  m.discard(A, PAGE_SIZE);
  assert.equal(m.r8(A), 0, 'a discarded page reads zero');
  m.unmap(A + PAGE_SIZE, PAGE_SIZE);
  m.map(A + PAGE_SIZE, PAGE_SIZE, RW);
  assert.equal(m.r8(A + PAGE_SIZE), 0, 'a page mapped again reads zero');
  m.release();
});

test('the free list is bounded: a large address space released leaves at most 1024 pages', () => {
  const m = filled(1500);
  m.release();
  assert.ok(freePages() <= 1024, `${freePages()} pages kept`);
});
