// Unicorn's guest memory (emu/unicorn/memory.ts) faults a chunk's pages in at once when the guest
// is sweeping upward into it (the chunk below mostly written): then every page of its private
// writable parts is resident as soon as it is backed; after a sparse touch below (a chunk faulted
// in that way included: it is all resident, but its top holds only zeros), or for the read-only
// part, none is; and the populated chunk still reads as zero.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hostView, loadBinding } from '../../emu/unicorn/binding.js';
import { CHUNK, GuestMemory } from '../../emu/unicorn/memory.js';

const { libc } = loadBinding(undefined, 'the populate test');
const PAGE = libc.getpagesize();

function residentPages(mem: GuestMemory, key: number, from = 0, to = CHUNK): number {
  const vec = new Uint8Array(CHUNK / PAGE);
  assert.equal(libc.mincore(mem.chunks.get(key)!.host, CHUNK, vec), 0);
  let n = 0;
  for (let i = from / PAGE; i < to / PAGE; i++) n += vec[i] & 1;
  return n;
}

test('a chunk entered from a mostly written one below is resident at once; after a sparse one, not', () => {
  const mem = new GuestMemory(libc);
  const base = 64 * CHUNK;
  // 0..3: read+write; the upper half of chunk 3 read-only.
  mem.vmas.add(base, 3.5 * CHUNK, 3);
  mem.vmas.add(base + 3.5 * CHUNK, 0.5 * CHUNK, 1);
  const first = mem.back(base)!;
  assert.equal(residentPages(mem, 64), 0, 'the first chunk of a sweep is made page by page');
  first.bytes.fill(1);
  const second = mem.back(base + CHUNK)!;
  assert.equal(residentPages(mem, 65), CHUNK / PAGE, 'every page of the next chunk is in');
  assert.ok(second.bytes.every((b) => b === 0), 'and reads as zero');
  second.bytes[0] = 1; // one page of it written: a sparse touch
  mem.back(base + 2 * CHUNK);
  assert.equal(residentPages(mem, 66), 0, 'after a sparse chunk nothing is faulted in ahead');
  const third = mem.chunks.get(66)!;
  for (let o = 0; o < CHUNK; o += PAGE) third.bytes[o] = 1; // a byte a page: every page written
  mem.back(base + 3 * CHUNK);
  assert.equal(residentPages(mem, 67, 0, CHUNK / 2), CHUNK / PAGE / 2, 'the writable half is in');
  assert.equal(residentPages(mem, 67, CHUNK / 2), 0, 'the read-only half is not');
  mem.closeAll();
});

test('a chunk gets a view of its bytes only when read: a sweep the kernel never reads makes none', () => {
  // The spare chunks (another test's, with views) taken first: these are fresh.
  const hold = new GuestMemory(libc);
  hold.vmas.add(200 * CHUNK, 40 * CHUNK, 3);
  for (let k = 0; k < 40; k++) hold.back((200 + k) * CHUNK, true);
  const mem = new GuestMemory(libc);
  const base = 96 * CHUNK;
  mem.vmas.add(base, 3 * CHUNK, 3);
  const first = mem.back(base)!;
  assert.equal(first.reused, false);
  assert.equal(first.madeView, null, 'backing makes no view');
  // The guest writes every page of it, as through Unicorn (host memory, not the chunk's view).
  const raw = new Uint8Array(hostView(first.host, CHUNK));
  for (let o = 0; o < CHUNK; o += PAGE) raw[o] = 7;
  const second = mem.back(base + CHUNK)!;
  assert.equal(residentPages(mem, 97), CHUNK / PAGE, 'the sweep was seen: the next chunk is in');
  assert.equal(first.madeView, null, 'without a view of the chunk below');
  assert.equal(second.madeView, null, 'and the new chunk has none');
  mem.back(base + 2 * CHUNK);
  assert.equal(residentPages(mem, 98), 0, 'a populated chunk whose top is zero is no sweep (its top read)');
  // The kernel's writes and reads, and zeroing part of a chunk, still work through a view made then.
  mem.copyIn(base + CHUNK + 8192, Uint8Array.of(5, 6));
  assert.deepEqual([...mem.copyOut(base + CHUNK + 8192, 2)], [5, 6]);
  assert.notEqual(second.madeView, null);
  mem.zero(second, base + CHUNK + 4096, 3 * 4096);
  assert.deepEqual([...mem.copyOut(base + CHUNK + 8192, 2)], [0, 0]);
  mem.closeAll();
  hold.closeAll();
});
