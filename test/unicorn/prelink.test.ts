// scripts/unicorn-prelink.ts: a libunicorn relocated ahead of time to PRELINKED_BASE has no
// relative relocation left, is what the engine loads in place of the library beside it, runs
// guests exactly as the library itself does, and is passed over (the library itself loaded) when
// something already holds its address. Made from the system's Unicorn (setup requires it).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { PRELINKED_BASE, prelinkedPath, unicornCandidates } from '../../emu/unicorn/binding.js';
import { dynamicView, prebindFile } from '../../scripts/unicorn-prebind.js';
import { prelink, prelinkFile } from '../../scripts/unicorn-prelink.js';
import { root } from '../e2e/cli.js';
import { assertHelloAsSystem } from './helpers.js';

const R_X86_64_RELATIVE = 8;
const skip = process.arch !== 'x64' && 'relocation numbers known for x86_64 hosts only';

/** The relocation types left in a library's two tables. */
function relocTypes(elf: Uint8Array): number[] {
  const view = dynamicView(elf)!;
  const types: number[] = [];
  for (const [at, size] of [[7, 8], [23, 2]]) {
    const start = view.fileOffset(view.dyn.get(at)!);
    for (let p = start; p + 24 <= start + view.dyn.get(size)!; p += 24) types.push(Number(view.v.getBigUint64(p + 8, true) & 0xffffffffn));
  }
  return types;
}

/** In a fresh node: which file loadBinding opened, and whether a mapping starts at PRELINKED_BASE. */
function loadIn(env: NodeJS.ProcessEnv, occupy: boolean): { path: string; atBase: boolean } {
  const binding = pathToFileURL(resolve(root, 'dist/emu/unicorn/binding.js')).href;
  const script = `
    import { readFileSync } from 'node:fs';
    import { createRequire } from 'node:module';
    import { loadBinding } from ${JSON.stringify(binding)};
    if (${occupy}) {
      const koffi = createRequire(${JSON.stringify(binding)})('koffi');
      const mmap = koffi.load('libc.so.6').func('void *mmap(void *a, size_t n, int prot, int flags, int fd, int64_t off)');
      mmap(${BigInt(PRELINKED_BASE)}n, 4096, 0, 0x22 | 0x100000, -1, 0);
    }
    const b = loadBinding();
    const maps = readFileSync('/proc/self/maps', 'utf8');
    console.log(JSON.stringify({ path: b.path, version: b.version.major, atBase: maps.split('\\n').some((l) => l.startsWith('${PRELINKED_BASE.toString(16)}-') && l.includes('libunicorn')) }));`;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', env: { ...process.env, ...env } });
  assert.equal(r.status, 0, r.stderr);
  const got = JSON.parse(r.stdout) as { path: string; version: number; atBase: boolean };
  assert.equal(got.version, 2);
  return { path: got.path, atBase: got.atBase };
}

test('a prelinked copy of the system libunicorn has no relative relocation, is loaded at its address, and runs hello as the library does', { skip }, () => {
  const system = unicornCandidates({ TRICORN_UNICORN: 'system' })[0];
  const dir = mkdtempSync(join(tmpdir(), 'tricorn-prelink-'));
  try {
    const lib = join(dir, 'libunicorn.so.2');
    copyFileSync(system, lib);
    prebindFile(lib);
    assert.equal(prelinkFile(lib), true);
    assert.equal(prelinkFile(lib), false, 'a copy newer than the library is left alone');
    const before = relocTypes(readFileSync(lib));
    const after = relocTypes(readFileSync(prelinkedPath(lib)));
    assert.ok(before.filter((t) => t === R_X86_64_RELATIVE).length > 10000);
    assert.deepEqual(after.filter((t) => t === R_X86_64_RELATIVE), []);
    assert.deepEqual(after, before.filter((t) => t !== R_X86_64_RELATIVE), 'every other relocation is kept');

    assert.deepEqual(loadIn({ TRICORN_UNICORN: lib }, false), { path: prelinkedPath(lib), atBase: true });
    assert.deepEqual(loadIn({ TRICORN_UNICORN: lib }, true), { path: lib, atBase: false }, 'its address taken: the library itself');

    assertHelloAsSystem(lib, ['x86_64', 'aarch64', 's390x']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('prelink leaves what it does not know alone', () => {
  assert.equal(prelink(new Uint8Array(64)), null);
  assert.equal(prelink(new TextEncoder().encode('not an ELF file at all, just some text that is long enough')), null);
});
