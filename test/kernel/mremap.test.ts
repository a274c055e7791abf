// mremap in process: moving a 1 GiB mapping of which one page was written copies that page
// only (the engine's resident memory stays small), the bytes arrive, and the old range is gone;
// a bad address is EFAULT with nothing changed. The guest-level rules are mremap-glibc's
// (test/guests/files), checked against Linux on every arch.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EFAULT } from '../../kernel/abi/errno.js';
import { boot } from './harness.js';

const PROT_RW = 3, MAP_PRIVATE_ANON = 0x22, MREMAP_MAYMOVE = 1;

test('moving a large, mostly untouched private mapping copies only what it holds', async () => {
  const h = await boot();
  const engine = h.task.proc.mm.engine;
  const GiB = 1 << 30;
  const a = h.sys('mmap', [0, GiB, PROT_RW, MAP_PRIVATE_ANON, -1, 0]);
  assert.ok(a > 0);
  engine.write(a + 512 * 1024 * 1024, Buffer.from('middle'));
  // A neighbour right after it: growing must move.
  assert.equal(h.sys('mmap', [a + GiB, 4096, PROT_RW, MAP_PRIVATE_ANON | 0x10, -1, 0]), a + GiB);
  const before = engine.peakResident();
  const b = h.sys('mremap', [a, GiB, 2 * GiB, MREMAP_MAYMOVE]);
  assert.ok(b > 0 && b !== a, `moved to 0x${b.toString(16)}`);
  assert.equal(Buffer.from(h.peek(b + 512 * 1024 * 1024, 6)).toString(), 'middle');
  assert.ok(engine.peakResident() - before < 64 * 1024 * 1024, `resident grew by ${engine.peakResident() - before}`);
  assert.equal(engine.read(a, 1), null, 'the old range is unmapped');
  const regions = engine.regions().length;
  assert.equal(h.sys('mremap', [a, 4096, 8192, MREMAP_MAYMOVE]), -EFAULT);
  assert.equal(engine.regions().length, regions);
});
