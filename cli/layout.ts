// `tricorn layout STRUCT --arch A|all [--json]`: a struct's layout on one ABI or every one, from
// the kernel's own declarations (kernel/abi/structs.ts) — the same layouts the syscalls use.
// A pure function from arguments to output text, so tests call it directly.

import { architectures, findArch } from '../arch/index.js';
import type { ArchDescriptor } from '../arch/types.js';
import { layoutOf, type FieldLayout, type StructLayout, type TypeLayout } from '../kernel/abi/struct.js';
import { structDecl, structNamesOf } from '../kernel/abi/structs.js';
import { EXIT_TRICORN } from './usage.js';

export interface LayoutResult {
  stdout: string;
  exitCode: number;
  stderr?: string;
}

export const layoutHelp = `usage: tricorn layout STRUCT [--arch A|all] [--json]
       tricorn layout --list

Print how STRUCT is laid out on an architecture's ABI: each field's offset, size and
alignment, the padding the compiler inserts, and a hex dump of an example value in that
ABI's byte order. With --arch all (the default) every ABI is printed, one after another,
followed by a line saying whether their layouts are identical.

  --arch A   ${architectures.map((a) => a.name).join(', ')} (aliases: ${architectures.flatMap((a) => a.aliases).join(', ')}), or all
  --json     {"arch", "size", "align", "endian", "fields": [{"name", "type", "offset", "size"}]}
             (an array of those with --arch all)
  --list     every struct tricorn declares, the ABIs that have it, what it is for

The example value gives field number k (counting from 1, modulo 16) the bytes 0xk1, 0xk2, …
from most to least significant, so a dump shows each field's byte order at a glance; char
arrays hold the field's name. Padding bytes show as --.

structs: ${structNamesOf(architectures).join(', ')}
`;

const fail = (msg: string): LayoutResult => ({ stdout: '', stderr: `tricorn: ${msg}`, exitCode: EXIT_TRICORN });

export function layoutCommand(args: string[]): LayoutResult {
  let name: string | null = null;
  let archArg = 'all';
  let json = false;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--help' || a === '-h') return { stdout: layoutHelp, exitCode: 0 };
    if (a === '--json') { json = true; continue; }
    if (a === '--list') return { stdout: listText(), exitCode: 0 };
    if (a === '--arch' || a.startsWith('--arch=')) {
      const v = a === '--arch' ? args[++i] : a.slice('--arch='.length);
      if (v === undefined || v === '') return fail(`layout: --arch needs a value (${architectures.map((a) => a.name).join(', ')} or all)`);
      archArg = v;
      continue;
    }
    if (a.startsWith('-')) return fail(`layout: unknown option '${a}' (see tricorn layout --help)`);
    if (name !== null) return fail(`layout: one struct at a time ('${name}' and '${a}' given)`);
    name = a;
  }
  if (name === null) return fail(`layout: which struct? known: ${structNamesOf(architectures).join(', ')}`);
  const archs: ArchDescriptor[] = [];
  if (archArg.toLowerCase() === 'all') {
    archs.push(...architectures);
  } else {
    const a = findArch(archArg);
    if (!a) {
      return fail(`layout: unknown architecture '${archArg}' (known: ${architectures.map((x) => x.name).join(', ')}, all)`);
    }
    archs.push(a);
  }
  const struct = name;
  if (!architectures.some((a) => structDecl(struct, a))) {
    return fail(`layout: unknown struct '${name}' (known: ${structNamesOf(architectures).join(', ')})`);
  }
  // Some structs exist on one ABI only (x86_64's _fpstate): --arch all shows those that have it.
  const having = archs.filter((a) => structDecl(struct, a));
  if (having.length === 0) {
    const where = architectures.filter((a) => structDecl(struct, a)).map((a) => a.name).join(', ');
    return fail(`layout: ${archs[0].name} has no struct ${name} (only ${where})`);
  }
  archs.splice(0, archs.length, ...having);
  const layouts = archs.map((a) => layoutOf(structDecl(struct, a)!, a));
  if (json) {
    const objs = layouts.map((l) => jsonText(toJson(l), archArg.toLowerCase() === 'all' ? '  ' : ''));
    const out = archArg.toLowerCase() === 'all' ? `[\n${objs.join(',\n')}\n]` : objs[0];
    return { stdout: `${out}\n`, exitCode: 0 };
  }
  const parts = layouts.map(renderLayout);
  if (layouts.length > 1) parts.push(compare(layouts));
  return { stdout: parts.join('\n'), exitCode: 0 };
}

export interface LayoutJson {
  arch: string;
  size: number;
  align: number;
  endian: 'big' | 'little';
  fields: { name: string; type: string; offset: number; size: number }[];
}

/** `--list`: every struct tricorn declares, with the ABIs that have it and what it is for. */
function listText(): string {
  const names = structNamesOf(architectures);
  const w = Math.max(...names.map((n) => n.length));
  return `${names.map((n) => {
    const on = architectures.filter((a) => structDecl(n, a));
    const decl = structDecl(n, on[0])!;
    const where = on.length === architectures.length ? 'all' : on.map((a) => a.name).join(', ');
    return `${n.padEnd(w)}  ${where.padEnd(8)}  ${decl.doc ?? ''}`.trimEnd();
  }).join('\n')}\n`;
}

export function toJson(l: StructLayout): LayoutJson {
  return {
    arch: l.abi,
    size: l.size,
    align: l.align,
    endian: l.endian,
    fields: l.fields.map((f) => ({ name: f.name, type: f.ctype, offset: f.offset, size: f.size })),
  };
}

/** Pretty JSON with one field per line (JSON.stringify's indentation would spread each over five). */
function jsonText(j: LayoutJson, indent: string): string {
  const i1 = `${indent}  `;
  const fields = j.fields.map((f) => `${i1}  ${JSON.stringify(f).replace(/,/g, ', ').replace(/:/g, ': ')}`);
  return [
    `${indent}{`,
    `${i1}"arch": ${JSON.stringify(j.arch)},`,
    `${i1}"size": ${j.size},`,
    `${i1}"align": ${j.align},`,
    `${i1}"endian": ${JSON.stringify(j.endian)},`,
    `${i1}"fields": [`,
    fields.join(',\n'),
    `${i1}]`,
    `${indent}}`,
  ].join('\n');
}

// ---- example value ----

/** The example's bytes, most significant first, for a scalar of field number k. */
function patternBytes(k: number, size: number): number[] {
  const hi = (k % 16) << 4;
  return Array.from({ length: size }, (_, i) => hi | ((i + 1) & 0xf));
}

function patternValue(k: number, size: number): bigint {
  let v = 0n;
  for (const b of patternBytes(k, size)) v = (v << 8n) | BigInt(b);
  return v;
}

/** Fill `out` with the example value; returns a byte mask of bytes that belong to fields. */
function fillExample(l: StructLayout, out: Uint8Array, used: Uint8Array, base: number, k0: number | null): void {
  l.fields.forEach((f, idx) => {
    const k = k0 ?? idx + 1;
    fillType(f.type, f.name, out, used, base + f.offset, k, l.endian === 'little');
  });
}

function fillType(t: TypeLayout, name: string, out: Uint8Array, used: Uint8Array, at: number, k: number, little: boolean): void {
  switch (t.kind) {
    case 'scalar': {
      const b = patternBytes(k, t.size);
      for (let i = 0; i < t.size; i++) {
        out[at + i] = little ? b[t.size - 1 - i] : b[i];
        used[at + i] = 1;
      }
      return;
    }
    case 'chars':
      for (let i = 0; i < t.count; i++) {
        out[at + i] = i < name.length && i < t.count - 1 ? name.charCodeAt(i) : 0;
        used[at + i] = 1;
      }
      return;
    case 'array':
      for (let i = 0; i < t.count; i++) fillType(t.elem, name, out, used, at + i * t.elem.size, k, little);
      return;
    case 'struct':
      fillExample(t.layout, out, used, at, k);
      return;
  }
}

function exampleText(f: FieldLayout, k: number): string {
  const t = f.type;
  if (t.kind === 'scalar') return `0x${patternValue(k, t.size).toString(16)}`;
  if (t.kind === 'chars') return JSON.stringify(f.name.slice(0, t.count - 1));
  if (t.kind === 'array' && t.elem.kind === 'scalar') {
    const v = `0x${patternValue(k, t.elem.size).toString(16)}`;
    return t.count <= 4 ? `[${Array(t.count).fill(v).join(', ')}]` : `[${v} × ${t.count}]`;
  }
  return `{ each field 0x${(k % 16).toString(16)}1… }`;
}

// ---- text ----

function pad(s: string, n: number, right = false): string {
  return right ? s.padStart(n) : s.padEnd(n);
}

const DUMP_LIMIT = 512;

export function renderLayout(l: StructLayout): string {
  const lines: string[] = [];
  lines.push(`${l.decl.union ? 'union' : 'struct'} ${l.name} on ${l.abi} (${l.endian}-endian): ${l.size} bytes, align ${l.align}`);
  if (l.decl.doc) lines.push(`  ${l.decl.doc}`);
  lines.push('');
  type Row = { off: string; size: string; align: string; type: string; name: string; example: string; doc: string };
  const rows: Row[] = [];
  const holes = [...l.holes];
  l.fields.forEach((f, i) => {
    rows.push({
      off: `${f.offset}`, size: `${f.size}`, align: `${f.align}`, type: f.ctype, name: f.name,
      example: exampleText(f, i + 1), doc: f.doc ?? '',
    });
    const h = holes.find((x) => x.after === f.name);
    if (h) rows.push({ off: `${h.offset}`, size: `${h.size}`, align: '', type: '', name: '(padding)', example: '', doc: '' });
  });
  const head: Row = { off: 'offset', size: 'size', align: 'align', type: 'type', name: 'field', example: 'example', doc: '' };
  const all = [head, ...rows];
  const w = (k: keyof Row) => Math.max(...all.map((r) => r[k].length));
  const wo = w('off'); const ws = w('size'); const wa = w('align'); const wt = w('type'); const wn = w('name'); const we = w('example');
  for (const r of all) {
    const line = `  ${pad(r.off, wo, true)}  ${pad(r.size, ws, true)}  ${pad(r.align, wa, true)}  ${pad(r.type, wt)}  ${pad(r.name, wn)}  ${pad(r.example, we)}  ${r.doc}`;
    lines.push(line.trimEnd());
  }
  lines.push('');
  lines.push(`  example value, ${l.size} bytes in ${l.endian}-endian order (-- = padding):`);
  const bytes = new Uint8Array(l.size);
  const used = new Uint8Array(l.size);
  fillExample(l, bytes, used, 0, null);
  // A signal frame runs to kilobytes: the dump shows its start, enough to see the byte order.
  const shown = Math.min(l.size, DUMP_LIMIT);
  for (let o = 0; o < shown; o += 16) {
    const cells: string[] = [];
    for (let i = o; i < Math.min(o + 16, l.size); i++) {
      cells.push(used[i] ? bytes[i].toString(16).padStart(2, '0') : '--');
      if (i - o === 7) cells.push('');
    }
    lines.push(`  ${o.toString(16).padStart(4, '0')}  ${cells.join(' ')}`.trimEnd());
  }
  if (shown < l.size) lines.push(`  … ${l.size - shown} more bytes`);
  lines.push('');
  return lines.join('\n');
}

/** The closing line of `--arch all`: are the layouts the same, and if not, where they differ. */
export function compare(ls: StructLayout[]): string {
  const diffs = layoutDifferences(ls);
  if (diffs.length === 0) {
    const endians = ls.map((l) => `${l.abi} ${l.endian}-endian`).join(', ');
    return `same layout on ${ls.map((l) => l.abi).join(', ')}: ${ls[0].size} bytes, align ${ls[0].align}, identical offsets; ` +
      `only the byte order differs (${endians})\n`;
  }
  return `layouts differ: ${diffs.join('; ')}\n`;
}

/** Where the layouts differ, one entry per size or field ("size 144 (x86_64), 128 (aarch64)"); empty when they agree. */
export function layoutDifferences(ls: StructLayout[]): string[] {
  const key = (l: StructLayout) => JSON.stringify([l.size, l.align, l.fields.map((f) => [f.name, f.offset, f.size])]);
  if (ls.every((l) => key(l) === key(ls[0]))) return [];
  const diffs: string[] = [];
  const group = (f: (l: StructLayout) => string) => {
    const m = new Map<string, string[]>();
    for (const l of ls) { const k = f(l); m.set(k, [...(m.get(k) ?? []), l.abi]); }
    return m.size > 1 ? [...m].map(([v, as]) => `${v} (${as.join(', ')})`).join(', ') : null;
  };
  const size = group((l) => `${l.size}`);
  if (size) diffs.push(`size ${size}`);
  const align = group((l) => `${l.align}`);
  if (align) diffs.push(`align ${align}`);
  const allFields = [...new Set(ls.flatMap((l) => l.fields.map((f) => f.name)))];
  for (const fname of allFields) {
    const g = group((l) => {
      const f = l.fields.find((x) => x.name === fname);
      return f ? `at ${f.offset}+${f.size}` : 'absent';
    });
    if (g) diffs.push(`${fname} ${g}`);
  }
  return diffs;
}
