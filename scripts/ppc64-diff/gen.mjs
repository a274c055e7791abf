#!/usr/bin/env node
// Generates the PPC64 differential suite and its expected results.
//
//   node scripts/ppc64-diff/gen.mjs [--count N] [--seed S] [--out DIR]
//
// For each byte order: generate N cases (seeded, deterministic), write the harness assembly,
// assemble and link it with the Debian cross binutils, run it under qemu-user
// (QEMU_CPU=power9), and commit into DIR (default test/ppc64-diff/data):
//   harness-<arch>.elf.br     the stripped harness that both qemu and tricorn run
//   expected-<arch>.bin.br    per case, the record slots qemu changed (slot + 8 raw bytes)
//   cases-<arch>.jsonl.br     per case: theme, instructions, addresses, registers, ignore masks
// (all brotli-compressed; node:zlib's brotliDecompressSync reads them)
//   meta.json                 layout, qemu version and command, counts
// Needs: powerpc64-linux-gnu-{as,ld,nm,strip}, powerpc64le-linux-gnu-{as,ld}, qemu-ppc64-static,
// qemu-ppc64le-static. The test needs none of them.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, readFileSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants as zc } from 'node:zlib';
import { Rng } from './rng.mjs';
import { makeCase, makePatterns } from './cases.mjs';
import { harnessAsm, TEXT_ADDR, BUF_ADDR } from './harness.mjs';
import { NSLOTS as NSLOTS_SCALAR, REC_SIZE as REC_SIZE_SCALAR, SLOT, slotNames, VSLOT, NSLOTS_VEC, REC_SIZE_VEC, slotNamesVec } from './layout.mjs';
import { makeVecCase } from './vec-cases.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const opt = (name, def) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : def;
};
// --vec: the vector suite (VSX/AltiVec families, records with VSCR and all 64 VSRs), written
// to test/ppc64-diff/data-vec by default.
const VEC = args.includes('--vec');
const COUNT = Number(opt('--count', VEC ? 3000 : 10000));
const SEED = Number(opt('--seed', VEC ? 20261129 : 20240601));
const OUT = resolve(opt('--out', join(here, VEC ? '../../test/ppc64-diff/data-vec' : '../../test/ppc64-diff/data')));
const NSLOTS = VEC ? NSLOTS_VEC : NSLOTS_SCALAR;
const REC_SIZE = VEC ? REC_SIZE_VEC : REC_SIZE_SCALAR;
const QEMU_CPU = 'power9';
// --no-fp: no FP cases and no FP state in the glue; for bringing up an engine's integer core
// (write such data elsewhere with --out: the committed suite always includes FP).
const FP = !args.includes('--no-fp');

const ARCHES = [
  { name: 'ppc64', le: false, tool: 'powerpc64-linux-gnu', qemu: 'qemu-ppc64-static', seedMix: 0xbe },
  { name: 'ppc64le', le: true, tool: 'powerpc64le-linux-gnu', qemu: 'qemu-ppc64le-static', seedMix: 0x1e },
];

/** Brotli with a 16 MiB window: ~25% smaller than gzip here, and node:zlib reads it. */
function pack(buf) {
  return brotliCompressSync(buf, { params: {
    [zc.BROTLI_PARAM_QUALITY]: args.includes('--fast') ? 5 : 11, [zc.BROTLI_PARAM_LGWIN]: 24, [zc.BROTLI_PARAM_SIZE_HINT]: buf.length } });
}

function run(cmd, argv, opts = {}) {
  return execFileSync(cmd, argv, { maxBuffer: 1 << 30, ...opts });
}

/** PT_LOAD segments of a 64-bit ELF: { vaddr, offset, filesz, memsz }. */
function loadSegments(elf, le) {
  const dv = new DataView(elf.buffer, elf.byteOffset, elf.byteLength);
  const u16 = (o) => dv.getUint16(o, le), u32 = (o) => dv.getUint32(o, le), u64 = (o) => Number(dv.getBigUint64(o, le));
  const phoff = u64(0x20), phentsize = u16(0x36), phnum = u16(0x38);
  const segs = [];
  for (let i = 0; i < phnum; i++) {
    const p = phoff + i * phentsize;
    if (u32(p) !== 1) continue;
    segs.push({ offset: u64(p + 8), vaddr: u64(p + 16), filesz: u64(p + 32), memsz: u64(p + 40) });
  }
  return segs;
}
function fileBytesAt(elf, segs, addr, len) {
  for (const s of segs) {
    if (addr >= s.vaddr && addr + len <= s.vaddr + s.filesz) return elf.subarray(s.offset + addr - s.vaddr, s.offset + addr - s.vaddr + len);
  }
  throw new Error(`address 0x${addr.toString(16)} not in file`);
}

mkdirSync(OUT, { recursive: true });
const work = mkdtempSync(join(tmpdir(), 'ppc64-diff-'));
const patterns = makePatterns();
const qemuVersion = run('qemu-ppc64-static', ['--version']).toString().split('\n')[0].trim();
const meta = {
  description: 'PPC64 differential suite: expected final states produced by qemu-user, see scripts/ppc64-diff/gen.mjs',
  qemuVersion,
  qemuCpu: QEMU_CPU,
  seed: SEED,
  recordSize: REC_SIZE,
  slots: VEC ? slotNamesVec() : slotNames(),
  slot: VEC ? VSLOT : SLOT,
  nslots: NSLOTS,
  scratchAddr: Number(BUF_ADDR),
  arches: {},
};

for (const arch of ARCHES) {
  const t0 = Date.now();
  const rng = new Rng((SEED ^ (arch.seedMix << 24)) >>> 0);
  const cases = [];
  for (let i = 0; i < COUNT; i++) {
    const o = { caseId: i, le: arch.le, bufAddr: BUF_ADDR, patterns, fp: FP };
    cases.push(VEC ? makeVecCase(rng, o) : makeCase(rng, o));
  }

  const asmPath = join(work, `${arch.name}.s`), objPath = join(work, `${arch.name}.o`), elfPath = join(work, `${arch.name}.elf`);
  writeFileSync(asmPath, harnessAsm(cases, { le: arch.le, fp: FP, vec: VEC }));
  run(`${arch.tool}-as`, ['-a64', arch.le ? '-mlittle' : '-mbig', '-mpower9', '-mregnames', asmPath, '-o', objPath]);
  run(`${arch.tool}-ld`, ['-static', '-nostdlib', `-Ttext-segment=0x${TEXT_ADDR.toString(16)}`,
    `--section-start=.scratch=0x${BUF_ADDR.toString(16)}`, objPath, '-o', elfPath]);

  // Case addresses, before the symbols are stripped.
  const syms = new Map();
  for (const line of run(`${arch.tool}-nm`, [elfPath]).toString().split('\n')) {
    const m = /^([0-9a-f]+) \w (\S+)$/.exec(line);
    if (m) syms.set(m[2], parseInt(m[1], 16));
  }
  const recordsAddr = syms.get('records');
  if (syms.get('scratch') !== Number(BUF_ADDR)) throw new Error('scratch buffer not at its fixed address');
  run(`${arch.tool}-strip`, [elfPath]);

  // Expected results: qemu-user runs the stripped harness exactly as committed.
  const r = spawnSync(arch.qemu, [elfPath], { env: { ...process.env, QEMU_CPU }, maxBuffer: 1 << 30 });
  if (r.status !== 0) throw new Error(`${arch.qemu} exited ${r.status} ${r.signal ?? ''}: ${r.stderr}`);
  const out = r.stdout;
  if (out.length !== COUNT * REC_SIZE) throw new Error(`qemu wrote ${out.length} bytes, expected ${COUNT * REC_SIZE}`);

  const elf = readFileSync(elfPath);
  const segs = loadSegments(elf, arch.le);
  const initial = fileBytesAt(elf, segs, recordsAddr, COUNT * REC_SIZE);

  // Per case: the slots that changed. u8 count, then count x (u8 slot, 8 raw guest-order bytes).
  const parts = [];
  const header = Buffer.alloc(16);
  header.write('PPCDIFF1', 0, 'latin1');
  header.writeUInt32LE(COUNT, 8);
  header.writeUInt32LE(REC_SIZE, 12);
  parts.push(header);
  let changed = 0;
  for (let i = 0; i < COUNT; i++) {
    const base = i * REC_SIZE;
    const diffs = [];
    for (let s = 0; s < NSLOTS; s++) {
      const a = initial.subarray(base + s * 8, base + s * 8 + 8), b = out.subarray(base + s * 8, base + s * 8 + 8);
      if (!a.equals(b)) diffs.push(s);
    }
    const rec = Buffer.alloc(1 + diffs.length * 9);
    rec[0] = diffs.length;
    diffs.forEach((s, k) => {
      rec[1 + k * 9] = s;
      out.copy(rec, 2 + k * 9, base + s * 8, base + s * 8 + 8);
    });
    changed += diffs.length;
    parts.push(rec);
  }

  const lines = cases.map((c, i) => JSON.stringify({
    i, t: c.theme,
    at: syms.get(`seq_${i}`), end: syms.get(`end_${i}`),
    asm: c.lines, fam: c.families, gpr: c.pool, fpr: c.fpool, ...(c.vpool ? { vsr: c.vpool } : {}),
    ...(Object.keys(c.ign).length ? { ign: c.ign } : {}),
  }));

  const files = {
    elf: `harness-${arch.name}.elf.br`,
    expected: `expected-${arch.name}.bin.br`,
    cases: `cases-${arch.name}.jsonl.br`,
  };
  writeFileSync(join(OUT, files.elf), pack(elf));
  writeFileSync(join(OUT, files.expected), pack(Buffer.concat(parts)));
  writeFileSync(join(OUT, files.cases), pack(Buffer.from(lines.join('\n') + '\n')));

  const themes = {};
  for (const c of cases) themes[c.theme] = (themes[c.theme] ?? 0) + 1;
  const fams = new Set(cases.flatMap((c) => c.families));
  meta.arches[arch.name] = {
    cases: COUNT, recordsAddr, files,
    qemuCommand: `QEMU_CPU=${QEMU_CPU} ${arch.qemu} ${files.elf.replace(/\.br$/, '')} > records`,
    themes, mnemonics: fams.size, changedSlots: changed,
  };
  console.log(`${arch.name}: ${COUNT} cases, ${fams.size} mnemonics, themes ${JSON.stringify(themes)}, ` +
    `${changed} changed slots, ${((Date.now() - t0) / 1000).toFixed(1)} s`);
}

writeFileSync(join(OUT, 'meta.json'), JSON.stringify(meta, null, 1) + '\n');
if (args.includes("--keep")) console.log(`work dir: ${work}`);
else rmSync(work, { recursive: true, force: true });
