// Guest memory is address space until touched, on every engine: huge mappings cost nothing,
// touched pages are charged to the memory budget, fork copies only what exists, and a first
// touch beyond the budget is an 'out-of-memory' fault, never a host failure.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { architectures } from '../../arch/index.js';
import { PROT_READ, PROT_WRITE, type CpuEngine } from '../../emu/engine.js';
import { engineFactoryFor } from '../../cli/engines.js';

const RW = PROT_READ | PROT_WRITE;
const GiB = 2 ** 30;
const TiB = 2 ** 40;

async function engines(): Promise<CpuEngine[]> {
  const out: CpuEngine[] = [];
  for (const a of architectures) out.push((await engineFactoryFor(a))(a));
  return out;
}

test('a 100 TiB mapping and an 8 GiB one cost nothing until touched; fork copies only touched memory', async () => {
  const rss0 = process.memoryUsage().rss;
  for (const e of await engines()) {
    const name = e.arch.name;
    e.budget = { used: 0, limit: 64 * 2 ** 20 };
    // An engine may charge a fixed footprint of its own (Unicorn: its instance).
    const base = e.budget.used;
    e.map(0x10000000, 100 * TiB, RW);
    e.map(0x7f0000000000, 8 * GiB, RW);
    assert.equal(e.budget.used, base, `${name}: nothing charged for reservations`);
    assert.ok(e.write(0x7f0000000000 + 8 * GiB - 4, Uint8Array.of(1, 2, 3, 4)), name);
    assert.ok(e.write(0x10000000 + 100 * TiB - 1, Uint8Array.of(9)), name);
    assert.deepEqual([...e.read(0x7f0000000000 + 8 * GiB - 6, 6)!], [0, 0, 1, 2, 3, 4], name);
    assert.deepEqual([...e.read(0x10000000 + 50 * TiB, 3)!], [0, 0, 0], `${name}: untouched reads as zero`);
    const used = e.budget.used;
    // Two chunks at most (Unicorn charges per 2 MiB chunk, the PPC64 engine per page).
    assert.ok(used > base && used - base <= 2 * 2 * 2 ** 20, `${name}: two touches charged ${used - base}`);
    const child = e.clone();
    assert.equal(child.budget, e.budget, `${name}: the child shares the budget`);
    assert.equal(e.budget.used, 2 * used, `${name}: the child's copy is charged`);
    assert.deepEqual([...child.read(0x7f0000000000 + 8 * GiB - 4, 4)!], [1, 2, 3, 4], name);
    assert.ok(child.write(0x7f0000000000 + 8 * GiB - 4, Uint8Array.of(7)), name);
    assert.equal(e.read(0x7f0000000000 + 8 * GiB - 4, 1)![0], 1, `${name}: copies are private`);
    child.close();
    assert.equal(e.budget.used, used, `${name}: closing gives the child's memory back`);
    // MADV_DONTNEED and munmap of huge ranges: proportional to what was touched.
    e.discard(0x7f0000000000, 8 * GiB);
    assert.deepEqual([...e.read(0x7f0000000000 + 8 * GiB - 4, 4)!], [0, 0, 0, 0], `${name}: discarded pages read zero`);
    e.unmap(0x10000000, 100 * TiB);
    assert.ok(e.budget.used < used, `${name}: munmap gives memory back`);
    assert.equal(e.read(0x10000000 + 100 * TiB - 1, 1), null, `${name}: unmapped`);
    e.close();
  }
  const grown = process.memoryUsage().rss - rss0;
  assert.ok(grown < 256 * 2 ** 20, `host RSS grew by ${grown} bytes`);
});

test('a kernel write beyond the budget fails whole and takes nothing', async () => {
  for (const e of await engines()) {
    const name = e.arch.name;
    e.budget = { used: 0, limit: 8 * 2 ** 20 };
    const base = e.budget.used;
    e.map(0x20000000, GiB, RW);
    assert.equal(e.write(0x20000000, new Uint8Array(64 * 2 ** 20)), false, `${name}: too big for the budget`);
    assert.equal(e.budget.used, base, `${name}: a refused write takes nothing`);
    e.close();
  }
});
