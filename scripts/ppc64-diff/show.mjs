#!/usr/bin/env node
// Print committed cases of the PPC64 differential suite: instructions with their encodings,
// the initial values of the registers they use, and what qemu changed.
//
//   node scripts/ppc64-diff/show.mjs ppc64|ppc64le CASE [CASE...] [--data DIR]
//   node scripts/ppc64-diff/show.mjs ppc64 --grep MNEMONIC [--limit N]   (cases using it)
import { readFileSync } from 'node:fs';
import { join, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliDecompressSync } from 'node:zlib';

const here = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const opt = (name, def) => {
  const i = args.indexOf(name);
  if (i < 0) return def;
  const v = args[i + 1];
  args.splice(i, 2);
  return v;
};
const dataDir = resolve(opt('--data', join(here, '../../test/ppc64-diff/data')));
const grep = opt('--grep', null);
const limit = Number(opt('--limit', 5));
const arch = args.shift();
const meta = JSON.parse(readFileSync(join(dataDir, 'meta.json'), 'utf8'));
const am = meta.arches[arch];
if (!am) throw new Error(`usage: show.mjs ppc64|ppc64le CASE...`);
const le = arch === 'ppc64le';
const unpack = (f) => brotliDecompressSync(readFileSync(join(dataDir, f)));
const elf = unpack(am.files.elf);
const cases = unpack(am.files.cases).toString().trim().split('\n').map((l) => JSON.parse(l));
const exp = unpack(am.files.expected);

// Locate records and code in the ELF through its program headers.
const dv = new DataView(elf.buffer, elf.byteOffset, elf.byteLength);
const segs = [];
for (let i = 0; i < dv.getUint16(0x38, le); i++) {
  const p = Number(dv.getBigUint64(0x20, le)) + i * dv.getUint16(0x36, le);
  if (dv.getUint32(p, le) === 1) segs.push({ off: Number(dv.getBigUint64(p + 8, le)), va: Number(dv.getBigUint64(p + 16, le)), sz: Number(dv.getBigUint64(p + 32, le)) });
}
const fileOff = (va) => {
  const s = segs.find((s) => va >= s.va && va < s.va + s.sz);
  return s.off + va - s.va;
};
const rec = meta.recordSize;
const slotVal = (buf, o) => new DataView(buf.buffer, buf.byteOffset + o, 8).getBigUint64(0, le);
const hex = (v) => '0x' + v.toString(16).padStart(16, '0');

// Expected changes per case.
const changes = [];
for (let p = 16, i = 0; i < am.cases; i++) {
  const n = exp[p++];
  const c = [];
  for (let k = 0; k < n; k++, p += 9) c.push({ slot: exp[p], bytes: exp.subarray(p + 1, p + 9) });
  changes.push(c);
}

function show(i) {
  const c = cases[i];
  const base = fileOff(am.recordsAddr + i * rec);
  console.log(`--- ${arch} case ${i} (${c.t}) at 0x${c.at.toString(16)}`);
  let pc = c.at;
  for (const line of c.asm) {
    if (line.endsWith(':')) { console.log(`            ${line}`); continue; }
    const w = dv.getUint32(fileOff(pc), le);
    console.log(`  ${w.toString(16).padStart(8, '0')}  ${line}`);
    pc += 4;
  }
  const init = (slot) => slotVal(elf, base + slot * 8);
  const names = meta.slots;
  const shown = new Set([...c.gpr.map((r) => r), 32, 33, 34, 35, ...(c.fpr.length ? [36, ...c.fpr.map((f) => 37 + f)] : [])]);
  console.log('  initial: ' + [...shown].map((s) => `${names[s]}=${hex(init(s))}`).join(' '));
  for (const { slot, bytes } of changes[i]) {
    const v = new DataView(bytes.buffer, bytes.byteOffset, 8).getBigUint64(0, le);
    console.log(`  ${names[slot].padEnd(7)} ${hex(init(slot))} -> ${hex(v)}`);
  }
  if (c.ign) console.log(`  ignored bits: ${JSON.stringify(c.ign)}`);
}

if (grep) {
  const hits = cases.filter((c) => c.fam.includes(grep)).sort((a, b) => a.asm.length - b.asm.length);
  console.log(`${hits.length} cases use ${grep}`);
  for (const c of hits.slice(0, limit)) show(c.i);
} else {
  for (const a of args) show(Number(a));
}
