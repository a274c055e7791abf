// arch/catalog.ts names the architectures without building their descriptors: every fact it
// holds must be the descriptor's own, in arch/index.ts's order, and load() must give that very
// descriptor.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { architectures, findArch } from '../../arch/index.js';
import { archCatalog, archEntryByElf, findArchEntry } from '../../arch/catalog.js';

test('the catalogue lists every descriptor, in order, with its name, aliases, byte order and ELF machine', async () => {
  assert.deepEqual(archCatalog.map((e) => e.name), architectures.map((a) => a.name));
  for (const [i, e] of archCatalog.entries()) {
    const a = architectures[i];
    assert.deepEqual(e.aliases, a.aliases, e.name);
    assert.equal(e.endian, a.endian, e.name);
    assert.equal(e.machine, a.elf.machine, e.name);
    assert.equal(await e.load(), a, `${e.name}: load() gives arch/index.ts's descriptor`);
  }
});

test('lookups by name, alias and ELF header agree with findArch', () => {
  for (const name of ['x86_64', 'AMD64', 'arm64', 'ppc64be', 'ppc64el', 'rv64', 'zarch', 'mips', '']) {
    assert.equal(findArchEntry(name)?.name, findArch(name)?.name, name);
  }
  assert.equal(archEntryByElf(21, 'big')?.name, 'ppc64');
  assert.equal(archEntryByElf(21, 'little')?.name, 'ppc64le');
  assert.equal(archEntryByElf(22, 'little'), undefined);
  assert.equal(archEntryByElf(3, 'little'), undefined);
});
