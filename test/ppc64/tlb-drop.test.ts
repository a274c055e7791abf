// munmap, MADV_DONTNEED and mprotect empty only the TLB slots of the pages they change
// (memory.ts dropSlots), not all three TLBs. A slot left behind would let a load, a store or a
// fetch reach a page that is gone, zeroed or protected: each case here fills the read, write
// and fetch TLBs for a page first, changes it, and checks that the next access sees the change.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PROT_EXEC, PROT_READ, PROT_WRITE } from '../../emu/engine.js';
import { GUEST_FAULT, Memory, PAGE_SIZE, TLB_MASK } from '../../emu/ppc64/memory.js';

const RW = PROT_READ | PROT_WRITE;
const A = 0x100000;

function faults(f: () => unknown, kind: string, m: Memory): void {
  assert.throws(f, (e) => e === GUEST_FAULT);
  assert.equal(m.faultKind, kind);
}

/** A Memory with 4 pages at A, page 1 also holding data the TLBs hold (read and write). */
function warm(prot = RW): Memory {
  const m = new Memory(false);
  m.map(A, 4 * PAGE_SIZE, prot);
  for (let n = 0; n < 4; n++) m.w8(A + n * PAGE_SIZE + 5, n + 1);
  for (let n = 0; n < 4; n++) assert.equal(m.r8(A + n * PAGE_SIZE + 5), n + 1);
  return m;
}

test('after MADV_DONTNEED of one page, it reads zero through the TLB and the others keep their bytes', () => {
  const m = warm();
  m.discard(A + PAGE_SIZE, PAGE_SIZE);
  assert.equal(m.r8(A + PAGE_SIZE + 5), 0);
  // The store goes to the new page, not the dropped one's storage.
  m.w8(A + PAGE_SIZE + 6, 9);
  assert.deepEqual(m.read(A + PAGE_SIZE + 5, 2), Uint8Array.of(0, 9));
  for (const n of [0, 2, 3]) assert.equal(m.r8(A + n * PAGE_SIZE + 5), n + 1);
  m.release();
});

test('after munmap of one page, loads and stores there fault and the neighbours still work', () => {
  const m = warm();
  m.unmap(A + 2 * PAGE_SIZE, PAGE_SIZE);
  faults(() => m.r8(A + 2 * PAGE_SIZE + 5), 'read-unmapped', m);
  faults(() => m.w8(A + 2 * PAGE_SIZE + 5, 1), 'write-unmapped', m);
  assert.equal(m.r8(A + 3 * PAGE_SIZE + 5), 4);
  // Mapped again: a fresh zero page, not the old storage through a stale slot.
  m.map(A + 2 * PAGE_SIZE, PAGE_SIZE, RW);
  assert.equal(m.r8(A + 2 * PAGE_SIZE + 5), 0);
  m.release();
});

test('after mprotect, a page made read-only refuses stores and one made unreadable refuses loads', () => {
  const m = warm();
  m.protect(A, PAGE_SIZE, PROT_READ);
  faults(() => m.w8(A + 5, 7), 'write-protected', m);
  assert.equal(m.r8(A + 5), 1);
  m.protect(A + PAGE_SIZE, PAGE_SIZE, 0);
  faults(() => m.r8(A + PAGE_SIZE + 5), 'read-protected', m);
  assert.equal(m.r8(A + 2 * PAGE_SIZE + 5), 3);
  m.release();
});

test('after mprotect without PROT_EXEC, a fetch from a page the fetch TLB held faults', () => {
  const m = warm(RW | PROT_EXEC);
  assert.ok(m.fetchPage(A + PAGE_SIZE).code !== null);
  m.protect(A + PAGE_SIZE, PAGE_SIZE, RW);
  faults(() => m.fetchPage(A + PAGE_SIZE), 'fetch-protected', m);
  assert.ok(m.fetchPage(A).code !== null);
  m.release();
});

test('a change to a page leaves the slot of another page in the same TLB entry alone', () => {
  // Pages TLB_MASK + 1 apart share a slot: only the slot's own page may be dropped from it.
  const m = new Memory(true);
  const far = A + (TLB_MASK + 1) * PAGE_SIZE;
  m.map(A, PAGE_SIZE, RW);
  m.map(far, PAGE_SIZE, RW);
  m.w8(A, 1);
  m.w8(far, 2);
  assert.equal(m.r8(far), 2);
  m.discard(A, PAGE_SIZE);
  assert.equal(m.r8(far), 2);
  assert.equal(m.r8(A), 0);
  m.release();
});
