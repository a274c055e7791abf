// MAP_SHARED memory on every engine: clone() (fork) gives the child the same bytes, each
// address space's munmap/mprotect/MADV_DONTNEED is its own, a guest store (not only the
// kernel's) is seen by the other process, the memory lives while any mapping does, and a chunk
// that held shared pages never lends them to another address space.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { architectures } from '../../arch/index.js';
import { PROT_READ, PROT_WRITE, type CpuEngine } from '../../emu/engine.js';
import { engineFactoryFor } from '../../cli/engines.js';

const RW = PROT_READ | PROT_WRITE;
const A = 0x7f0000000000;

async function engines(): Promise<CpuEngine[]> {
  const out: CpuEngine[] = [];
  for (const a of architectures) out.push((await engineFactoryFor(a))(a));
  return out;
}

test('fork shares MAP_SHARED memory; munmap, mprotect and MADV_DONTNEED stay per process', async () => {
  for (const parent of await engines()) {
    const name = parent.arch.name;
    // A private neighbour in the same 1 MiB chunk, touched before the shared mapping exists.
    parent.map(A, 0x1000, RW);
    assert.ok(parent.write(A, Uint8Array.of(1)));
    const mem = parent.createShared(0x3000)!;
    assert.ok(mem, name);
    parent.mapShared(A + 0x1000, 0x3000, RW, mem, 0);
    assert.deepEqual(parent.regions().map((r) => [r.addr - A, r.size, !!r.shared]), [[0, 0x1000, false], [0x1000, 0x3000, true]], name);
    assert.ok(parent.write(A + 0x1000, Uint8Array.of(10, 11)), name);
    const child = parent.clone();
    assert.deepEqual([...child.read(A + 0x1000, 2)!], [10, 11], `${name}: the child sees the parent's bytes`);
    assert.ok(child.write(A + 0x2000, Uint8Array.of(22)), name);
    assert.equal(parent.read(A + 0x2000, 1)![0], 22, `${name}: the parent sees the child's store`);
    assert.ok(child.write(A, Uint8Array.of(9)), name);
    assert.equal(parent.read(A, 1)![0], 1, `${name}: the private page stays a copy`);
    assert.deepEqual(child.sharedAt(A + 0x2004), { mem, offset: 0x1004 }, `${name}: a futex key`);
    assert.equal(child.sharedAt(A), null, name);

    child.protect(A + 0x1000, 0x1000, PROT_READ);
    assert.ok(!child.write(A + 0x1000, Uint8Array.of(1)), `${name}: the child's own mprotect`);
    assert.ok(parent.write(A + 0x1000, Uint8Array.of(12)), `${name}: the parent's mapping keeps PROT_WRITE`);
    assert.equal(child.read(A + 0x1000, 1)![0], 12, name);

    parent.discard(A + 0x1000, 0x3000);
    assert.equal(parent.read(A + 0x2000, 1)![0], 22, `${name}: MADV_DONTNEED keeps shared bytes`);

    // The child unmaps the middle page: its own range reads nothing, the parent's is intact.
    child.unmap(A + 0x2000, 0x1000);
    assert.equal(child.read(A + 0x2000, 1), null, name);
    assert.equal(parent.read(A + 0x2000, 1)![0], 22, `${name}: the child's munmap leaves the parent's mapping`);
    // A private mapping made where the shared page was reads as zero: no shared bytes leak in.
    child.map(A + 0x2000, 0x1000, RW);
    assert.equal(child.read(A + 0x2000, 1)![0], 0, `${name}: a new private page there reads zero`);
    assert.ok(child.write(A + 0x2000, Uint8Array.of(33)), name);
    assert.equal(parent.read(A + 0x2000, 1)![0], 22, `${name}: and is private`);
    assert.ok(child.write(A + 0x3000, Uint8Array.of(44)), name);
    assert.equal(parent.read(A + 0x3000, 1)![0], 44, `${name}: the split-off tail is still shared`);

    // The parent goes first: the child's mapping keeps the memory alive.
    assert.equal(mem.refs, 3, `${name}: the parent's range and the child's two pieces`);
    parent.close();
    assert.equal(mem.refs, 2, name);
    assert.equal(child.read(A + 0x3000, 1)![0], 44, `${name}: bytes survive the other process's exit`);
    child.close();
    assert.equal(mem.refs, 0, name);
  }
});

test('shared memory is charged once, and given back with its last mapping', async () => {
  for (const e of await engines()) {
    const name = e.arch.name;
    e.budget = { used: 0, limit: 64 * 2 ** 20 };
    const base = e.budget.used;
    const mem = e.createShared(0x10000)!;
    e.mapShared(A, 0x10000, RW, mem, 0);
    for (let p = 0; p < 0x10000; p += 0x1000) assert.ok(e.write(A + p, Uint8Array.of(1)), name);
    const used = e.budget.used;
    assert.ok(used > base, `${name}: touched shared pages are charged`);
    const child = e.clone();
    child.close();
    assert.equal(e.budget.used, used, `${name}: the child's exit gives back only its own`);
    e.unmap(A, 0x10000);
    assert.equal(e.budget.used, base, `${name}: the last mapping's munmap gives the shared memory back`);
    e.close();
    assert.equal(e.budget.used, 0, `${name}: everything given back`);
  }
});
