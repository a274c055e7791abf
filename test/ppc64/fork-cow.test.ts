// A fork's copy of the PPC64 Memory shares the pages without decoded code copy on write
// (memory.ts Memory.clone, Page.holders): whichever side first stores there, by any path — a
// store whose TLB slot was warm before the fork, a store through the slow path, a kernel write,
// an in-place view (hostBytes), a fetch that decodes code there — gets a copy of its own, and
// the other side never sees it. Pages with code are copied at once, and share their decoded
// instructions with the parent's (fork-code.test.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PROT_EXEC, PROT_READ, PROT_WRITE } from '../../emu/engine.js';
import { freePages, Memory, PAGE_SIZE } from '../../emu/ppc64/memory.js';

const RW = PROT_READ | PROT_WRITE;
const A = 0x200000;

/** A Memory with 4 pages at A, byte 8 of page n = n + 1, and both TLBs warm for each page. */
function parent(prot = RW): Memory {
  const m = new Memory(true);
  m.map(A, 4 * PAGE_SIZE, prot);
  for (let n = 0; n < 4; n++) m.w8(A + n * PAGE_SIZE + 8, n + 1);
  for (let n = 0; n < 4; n++) assert.equal(m.r8(A + n * PAGE_SIZE + 8), n + 1);
  return m;
}

test('stores on either side after a fork stay on that side, whichever comes first', () => {
  const p = parent();
  const c = p.clone();
  // The parent's write TLB was warm for page 0: its store must not reach the child.
  p.w8(A + 8, 0x50);
  assert.equal(c.r8(A + 8), 1);
  assert.equal(p.r8(A + 8), 0x50);
  // The child stores first on page 1; the parent's warm read TLB still sees its own byte.
  c.w8(A + PAGE_SIZE + 8, 0x61);
  assert.equal(p.r8(A + PAGE_SIZE + 8), 2);
  assert.equal(c.r8(A + PAGE_SIZE + 8), 0x61);
  // Both store to page 2, 32-bit, through the slow path's page check.
  p.w32(A + 2 * PAGE_SIZE + 8, 0x11223344);
  c.w32(A + 2 * PAGE_SIZE + 8, 0x55667788);
  assert.equal(p.r32(A + 2 * PAGE_SIZE + 8), 0x11223344);
  assert.equal(c.r32(A + 2 * PAGE_SIZE + 8), 0x55667788);
  // Page 3, untouched by either, reads the same in both.
  assert.equal(p.r8(A + 3 * PAGE_SIZE + 8), 4);
  assert.equal(c.r8(A + 3 * PAGE_SIZE + 8), 4);
  p.release();
  c.release();
});

test('kernel writes and in-place views after a fork are private too', () => {
  const p = parent();
  const c = p.clone();
  assert.ok(c.write(A + 8, Uint8Array.of(0x70, 0x71)));
  assert.deepEqual(p.read(A + 8, 2), Uint8Array.of(1, 0));
  const v = p.hostBytes(A + PAGE_SIZE + 8, 8)!;
  v[0] = 0x80;
  assert.equal(c.r8(A + PAGE_SIZE + 8), 2);
  assert.equal(p.r8(A + PAGE_SIZE + 8), 0x80);
  // A view taken before a fork is no longer current after it (the kernel asks again).
  const before = p.layoutVersion;
  const c2 = p.clone();
  assert.notEqual(p.layoutVersion, before);
  const w = p.hostBytes(A + PAGE_SIZE + 8, 8)!;
  w[0] = 0x81;
  assert.equal(c2.r8(A + PAGE_SIZE + 8), 0x80);
  for (const m of [p, c, c2]) m.release();
});

test('a shared page the child then runs is its own: its decoded code is not the parent\'s', () => {
  const p = parent(RW | PROT_EXEC);
  const c = p.clone();
  const page = c.fetchPage(A);
  assert.ok(page.code !== null);
  c.w8(A + 8, 0x90);
  assert.equal(p.r8(A + 8), 1);
  assert.equal(p.fetchPage(A) === page, false);
  p.release();
  c.release();
});

test('a page with decoded code is copied at the fork, with its decoded slots', () => {
  const p = parent(RW | PROT_EXEC);
  const pp = p.fetchPage(A + PAGE_SIZE);
  const op = () => 0;
  pp.code![2] = op as never;
  const c = p.clone();
  const cp = c.fetchPage(A + PAGE_SIZE);
  assert.notEqual(cp, pp);
  assert.equal(cp.code![2], op);
  c.w8(A + PAGE_SIZE + 8, 0x33);
  assert.equal(cp.code![2], undefined, 'the store drops the slot it overwrites, in the child only');
  assert.equal(pp.code![2], op);
  assert.equal(p.r8(A + PAGE_SIZE + 8), 2);
  p.release();
  c.release();
});

test('a shared page\'s storage is freed only when its last holder lets it go', () => {
  const p = parent();
  const c = p.clone();
  const before = freePages();
  p.release();
  // The child still holds the four pages (none was copied).
  assert.equal(freePages(), before);
  assert.equal(c.r8(A + 3 * PAGE_SIZE + 8), 4);
  c.discard(A, PAGE_SIZE);
  assert.equal(c.r8(A + 8), 0);
  assert.equal(c.r8(A + PAGE_SIZE + 8), 2);
  c.release();
  assert.ok(freePages() >= Math.min(before + 4, 1024));
});
