// `tricorn layout`: the pure function behind the command.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { layoutCommand } from '../../cli/layout.js';
import { structDecl, structLayout, structNames } from '../../kernel/abi/structs.js';
import { findArch, architectures } from '../../arch/index.js';
import type { ArchDescriptor } from '../../arch/types.js';

const names = architectures.map((a) => a.name);

test('layout clone_struct --arch all: the same 40 bytes everywhere, and it says so', () => {
  const r = layoutCommand(['clone_struct', '--arch', 'all']);
  assert.equal(r.exitCode, 0);
  assert.equal(r.stderr, undefined);
  for (const a of architectures.map((a) => a.name)) {
    assert.match(r.stdout, new RegExp(`struct clone_struct on ${a} \\((big|little)-endian\\): 40 bytes, align 8`));
  }
  assert.ok(r.stdout.includes(`same layout on ${names.join(', ')}: 40 bytes, align 8, identical offsets; only the byte order differs`), r.stdout);
  // The example value's flags word, byte-swapped between the two ppc64 flavours.
  assert.match(r.stdout, /on ppc64 \(big-endian\)[\s\S]*?0000  11 12 13 14 15 16 17 18  21 22 23 24 25 26 27 28/);
  assert.match(r.stdout, /on ppc64le \(little-endian\)[\s\S]*?0000  18 17 16 15 14 13 12 11  28 27 26 25 24 23 22 21/);
});

test('layout text: offsets, sizes, alignment, padding rows and padding bytes in the dump', () => {
  const r = layoutCommand(['stat', '--arch', 'ppc64']);
  assert.equal(r.exitCode, 0);
  const lines = r.stdout.split('\n');
  assert.match(lines[0], /^struct stat on ppc64 \(big-endian\): 144 bytes, align 8$/);
  assert.ok(lines.some((l) => /^\s+24\s+4\s+4\s+mode_t\s+st_mode\s+0x41424344$/.test(l)), r.stdout);
  assert.ok(lines.some((l) => /^\s+36\s+4\s+\(padding\)$/.test(l)), r.stdout);
  assert.ok(lines.some((l) => l.startsWith('  0020  61 62 63 64 -- -- -- --  71 72')), r.stdout);
  const x = layoutCommand(['clone_struct', '--arch=amd64']);
  assert.match(x.stdout, /^struct clone_struct on x86_64 \(little-endian\)/);
  assert.doesNotMatch(x.stdout, /same layout/);
});

test('layout --arch all on a struct that differs says where', () => {
  const r = layoutCommand(['stat']);
  assert.equal(r.exitCode, 0);
  // Grouped by value, in the order the architectures are listed.
  const group = (f: (a: ArchDescriptor) => string) => {
    const m = new Map<string, string[]>();
    for (const a of architectures) m.set(f(a), [...(m.get(f(a)) ?? []), a.name]);
    return [...m].map(([v, ns]) => `${v} (${ns.join(', ')})`).join(', ');
  };
  const sizes = group((a) => String(structLayout('stat', a).size));
  const nlink = group((a) => { const f = structLayout('stat', a).field('st_nlink'); return `at ${f.offset}+${f.size}`; });
  assert.ok(r.stdout.includes(`layouts differ: size ${sizes}; st_nlink ${nlink}`), r.stdout);
  assert.match(sizes, /^144 \(x86_64, ppc64, ppc64le, s390x\), 128 \(aarch64/);
});

test('layout --json: the README\'s object, and an array of them for --arch all', () => {
  const r = layoutCommand(['clone_struct', '--arch', 'ppc64', '--json']);
  assert.equal(r.exitCode, 0);
  const j = JSON.parse(r.stdout);
  assert.deepEqual(Object.keys(j), ['arch', 'size', 'align', 'endian', 'fields']);
  assert.deepEqual(j, {
    arch: 'ppc64', size: 40, align: 8, endian: 'big',
    fields: [
      { name: 'flags', type: 'u64', offset: 0, size: 8 }, { name: 'child_stack', type: 'u64', offset: 8, size: 8 },
      { name: 'nr_pids', type: 'u32', offset: 16, size: 4 }, { name: 'parent_tid', type: 'u32', offset: 20, size: 4 },
      { name: 'child_tid', type: 'u32', offset: 24, size: 4 }, { name: 'reserved1', type: 'u32', offset: 28, size: 4 },
      { name: 'reserved2', type: 'u64', offset: 32, size: 8 },
    ],
  });
  const all = JSON.parse(layoutCommand(['clone_args', '--json', '--arch', 'all']).stdout);
  assert.ok(Array.isArray(all));
  assert.deepEqual(all.map((o: { arch: string; endian: string; size: number }) => [o.arch, o.endian, o.size]),
    architectures.map((a) => [a.name, a.endian, 88]));
  for (const name of structNames) {
    const r = layoutCommand([name, '--arch', 'aarch64', '--json']);
    if (!structDecl(name, findArch('aarch64')!)) { assert.match(r.stderr ?? '', /aarch64 has no struct \w+ \(only /); continue; }
    assert.equal(JSON.parse(r.stdout).arch, 'aarch64');
  }
});

test('layout errors: one line, exit 125, listing what is known', () => {
  const u = layoutCommand(['nosuch', '--arch', 'x86_64']);
  assert.equal(u.exitCode, 125);
  assert.equal(u.stdout, '');
  assert.match(u.stderr!, /^tricorn: layout: unknown struct 'nosuch' \(known: clone_struct, clone_args, /);
  assert.doesNotMatch(u.stderr!, /\n/);
  const a = layoutCommand(['clone_struct', '--arch', 'mips']);
  assert.equal(a.exitCode, 125);
  assert.ok(a.stderr!.includes(`unknown architecture 'mips' (known: ${names.join(', ')}, all)`), a.stderr);
  assert.equal(layoutCommand([]).exitCode, 125);
  assert.equal(layoutCommand(['clone_struct', '--arch']).exitCode, 125);
  assert.equal(layoutCommand(['clone_struct', '--bogus']).exitCode, 125);
  assert.equal(layoutCommand(['clone_struct', 'stat']).exitCode, 125);
  const h = layoutCommand(['--help']);
  assert.equal(h.exitCode, 0);
  assert.match(h.stdout, /usage: tricorn layout STRUCT/);
});

test('layout --list names every struct; --json gives each field its C type', () => {
  const list = layoutCommand(['--list']);
  assert.equal(list.exitCode, 0);
  const names = list.stdout.trimEnd().split('\n').map((l) => l.split(/\s+/)[0]);
  assert.deepEqual(names, [...structNames]);
  assert.match(list.stdout, /^_fpstate +x86_64 /m);
  const j = JSON.parse(layoutCommand(['pollfd', '--arch', 'x86_64', '--json']).stdout) as { fields: { name: string; type: string }[] };
  assert.deepEqual(j.fields.map((f) => [f.name, f.type]), [['fd', 'int'], ['events', 'short'], ['revents', 'short']]);
});
