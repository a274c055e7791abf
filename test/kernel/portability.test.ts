// kernel/, arch/, the engine interface and the PPC64 engine are meant to build for a browser:
// no Node-only API may creep in (file and process access belong to cli/ and emu/unicorn/).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const nodeOnly = /\bfrom\s+'(node:[^']+|fs|path|os|child_process|module|url|worker_threads|koffi)'|\brequire\(|(?<![\w./])process\.(env|argv|exit|stdout|stderr|stdin|cwd|platform|hrtime|memoryUsage|nextTick)|\bBuffer\b|\b__dirname\b/;

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return sources(p);
    return p.endsWith('.ts') ? [p] : [];
  });
}

test('kernel/, arch/, emu/engine.ts and emu/ppc64/ use no Node-only API', () => {
  const files = [...sources(join(root, 'kernel')), ...sources(join(root, 'arch')), ...sources(join(root, 'emu/ppc64')),
    join(root, 'emu/engine.ts')];
  assert.ok(files.length > 30, 'found the sources');
  const offenders: string[] = [];
  for (const f of files) {
    readFileSync(f, 'utf8').split('\n').forEach((line, i) => {
      const code = line.replace(/\/\/.*$/, '');
      if (nodeOnly.test(code)) offenders.push(`${relative(root, f)}:${i + 1}: ${line.trim()}`);
    });
  }
  assert.deepEqual(offenders, []);
});
