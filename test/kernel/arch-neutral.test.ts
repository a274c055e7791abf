// The kernel and the Unicorn engine must not know which architectures exist: everything that
// differs per architecture is in its descriptor (arch/*.ts) or data the descriptor references.
// So no architecture name or alias may appear in their code as a string literal ('ppc64') or
// as a key of a table (`{ x86_64: … }`), and no test of a name (`isX86`, `isPpc`) — prose in
// comments and in the descriptions of struct declarations is fine.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { architectures } from '../../arch/index.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return sources(p);
    return p.endsWith('.ts') ? [p] : [];
  });
}

const names = [...new Set(architectures.flatMap((a) => [a.name, ...a.aliases]))];
const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\-]/g, '\\$&');
const alt = names.map(esc).join('|');
/** 'x86_64' or "arm64" or `ppc64le` as a whole literal; x86_64: or ppc64le?: as a table key. */
const literal = new RegExp(`(['"\`])(${alt})\\1|(?<![\\w.'"-])(${alt})\\??\\s*:(?!:)`, 'i');
/** Predicates on an architecture's name. */
const predicate = /\bis(X86|Arm|Aarch64|Arm64|Ppc|Power|Riscv|S390)\w*\b/;

/** Code with comments and the contents of ordinary (prose) strings longer than a name removed. */
function codeOf(line: string): string {
  return line.replace(/\/\/.*$/, '').replace(/^\s*\*.*$/, '').replace(/\/\*.*?\*\//g, '');
}

test('kernel/ and emu/unicorn/ name no architecture: the descriptors say what differs', () => {
  const files = [...sources(join(root, 'kernel')), ...sources(join(root, 'emu/unicorn')), join(root, 'emu/engine.ts')];
  assert.ok(files.length > 30, 'found the sources');
  assert.ok(names.length >= 2 * architectures.length - 2, 'names and aliases');
  const offenders: string[] = [];
  for (const f of files) {
    readFileSync(f, 'utf8').split('\n').forEach((line, i) => {
      const code = codeOf(line);
      if (literal.test(code) || predicate.test(code)) offenders.push(`${relative(root, f)}:${i + 1}: ${line.trim()}`);
    });
  }
  assert.deepEqual(offenders, []);
});

test('the check finds what it forbids', () => {
  for (const bad of [`if (arch.name === '${names[0]}')`, `const t = { ${names[1]}: 1 }`, 'const isPpc = 1;']) {
    assert.ok(literal.test(codeOf(bad)) || predicate.test(codeOf(bad)), bad);
  }
  for (const ok of [`// on ${names[0]}: the frame`, `], 'fstat / newfstatat on ${names[0]}');`, 'const a = x ? y : z;']) {
    assert.ok(!literal.test(codeOf(ok)) && !predicate.test(codeOf(ok)), ok);
  }
});
