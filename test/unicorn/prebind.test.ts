// scripts/unicorn-prebind.ts: a libunicorn whose references to its own symbols are bound ahead of
// time runs guests exactly as the library itself does, and binding it again changes nothing.
// Made from the system's Unicorn (setup requires it; the cached 2.1 is already bound by setup).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unicornCandidates } from '../../emu/unicorn/binding.js';
import { prebind, prebindFile } from '../../scripts/unicorn-prebind.js';
import { assertHelloAsSystem } from './helpers.js';

const hostHasRelocs = process.arch === 'x64' || process.arch === 'arm64';

test('a pre-bound copy of the system libunicorn runs x86_64 and s390x hello as the library itself does', { skip: !hostHasRelocs && 'relocation numbers known for x86_64 and aarch64 hosts only' }, () => {
  const system = unicornCandidates({ TRICORN_UNICORN: 'system' })[0];
  const dir = mkdtempSync(join(tmpdir(), 'tricorn-prebind-'));
  try {
    const copy = join(dir, 'libunicorn.so.2');
    copyFileSync(system, copy);
    const n = prebindFile(copy);
    assert.ok(n > 1000, `${n} relocations bound`);
    assert.equal(prebind(readFileSync(copy)), 0, 'a second pass finds nothing left to bind');
    assertHelloAsSystem(copy, ['x86_64', 's390x']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('prebind leaves what it does not know alone', () => {
  assert.equal(prebind(new Uint8Array(64)), 0);
  assert.equal(prebind(new TextEncoder().encode('not an ELF file at all, just some text that is long enough')), 0);
});
