// Shared helpers for the PPC64 engine tests: assemble a snippet (Keystone, or raw words for
// ISA 3.0 instructions Keystone does not know), run it on a fresh engine, read registers.
import { createRequire } from 'node:module';
import { ppc64, ppc64le } from '../../arch/ppc64.js';
import type { ArchDescriptor } from '../../arch/types.js';
import type { CpuEngine } from '../../emu/engine.js';
import { PROT_READ, PROT_WRITE, PROT_EXEC } from '../../emu/engine.js';
import { createPpc64Engine } from '../../emu/ppc64/index.js';
import type { Ppc64Engine } from '../../emu/ppc64/index.js';

export const arches: readonly ArchDescriptor[] = [ppc64, ppc64le];
export { ppc64, ppc64le };

export const CODE = 0x10000000;
export const DATA = 0x20000000;
export const STACK_TOP = 0x30000000;

type Ks = { asm(src: string): { mc?: Uint8Array } | Uint8Array };
let ksCache: Map<string, Ks> | null = null;
let ksMod: any = null;

async function keystone(le: boolean): Promise<Ks> {
  if (ksMod === null) {
    const require = createRequire(import.meta.url);
    ksMod = await require('@alexaltea/keystone-js')();
    ksCache = new Map();
  }
  const key = le ? 'le' : 'be';
  let ks = ksCache!.get(key);
  if (!ks) {
    ks = new ksMod.Keystone(ksMod.ARCH_PPC, ksMod.MODE_PPC64 | (le ? ksMod.MODE_LITTLE_ENDIAN : ksMod.MODE_BIG_ENDIAN)) as Ks;
    ksCache!.set(key, ks);
  }
  return ks;
}

/**
 * Assemble `src`. Lines of the form `.word 0x7c0000a6` are raw instruction words (for ISA 3.0
 * instructions Keystone lacks); every other non-label line must assemble to one word.
 */
export async function assemble(src: string, le: boolean): Promise<Uint8Array> {
  const ks = await keystone(le);
  const lines = numericLabels(src).split('\n').map((l) => l.replace(/#.*$/, '').trim()).filter((l) => l !== '');
  const parts: string[] = [];
  let expected = 0;
  for (const l of lines) {
    const m = /^\.word\s+(\S+)$/.exec(l);
    if (m) { parts.push(`.long ${m[1]}`); expected++; continue; }
    const x = encodeXoOe(l);
    if (x !== null) { parts.push(`.long ${x}`); expected++; continue; }
    parts.push(l);
    if (!/^[A-Za-z_.][\w.]*:$/.test(l)) expected++;
  }
  const r = ks.asm(parts.join('\n'));
  const mc = (r instanceof Uint8Array ? r : r.mc) ?? new Uint8Array(0);
  if (mc.length !== expected * 4) {
    throw new Error(`keystone produced ${mc.length} bytes for ${expected} instructions:\n${src}`);
  }
  return Uint8Array.from(mc);
}

/** Rewrite GNU-style numeric local labels (`1:`, `1b`, `1f`) into unique names for Keystone. */
function numericLabels(src: string): string {
  const lines = src.split('\n');
  const defs: { n: string; line: number; name: string }[] = [];
  lines.forEach((l, i) => {
    const m = /^\s*(\d+):/.exec(l);
    if (m) defs.push({ n: m[1], line: i, name: `L${m[1]}_${i}` });
  });
  return lines.map((l, i) => {
    let out = l.replace(/^(\s*)(\d+):/, (_x, sp, n) => `${sp}L${n}_${i}:\n`);
    out = out.replace(/\b(\d+)([fb])\b/g, (x, n, dir) => {
      const d = dir === 'f' ? defs.find((d) => d.n === n && d.line > i) : [...defs].reverse().find((d) => d.n === n && d.line <= i);
      return d ? d.name : x;
    });
    return out;
  }).join('\n');
}

// Keystone does not know the OE=1 ("o") forms of the XO-form arithmetic: encode them here.
const xoTable: Record<string, number> = {
  add: 266, addc: 10, adde: 138, addme: 234, addze: 202, subf: 40, subfc: 8, subfe: 136,
  subfme: 232, subfze: 200, neg: 104, mulld: 233, mullw: 235, divd: 489, divdu: 457, divw: 491,
  divwu: 459, divde: 425, divdeu: 393, divwe: 427, divweu: 395,
};

function encodeXoOe(line: string): string | null {
  const m = /^([a-z]+)o(\.?)\s+(\d+)\s*,\s*(\d+)(?:\s*,\s*(\d+))?$/.exec(line);
  if (!m || !(m[1] in xoTable)) return null;
  const w = (31 << 26) | (Number(m[3]) << 21) | (Number(m[4]) << 16) | (Number(m[5] ?? 0) << 11) |
    (1 << 10) | (xoTable[m[1]] << 1) | (m[2] ? 1 : 0);
  return '0x' + (w >>> 0).toString(16);
}

/** A fresh engine with code at CODE (RWX), a data page at DATA (RW) and a stack below STACK_TOP. */
export function makeEngine(arch: ArchDescriptor): CpuEngine {
  const e = createPpc64Engine(arch);
  e.map(CODE, 0x10000, PROT_READ | PROT_WRITE | PROT_EXEC);
  e.map(DATA, 0x10000, PROT_READ | PROT_WRITE);
  e.map(STACK_TOP - 0x10000, 0x10000, PROT_READ | PROT_WRITE);
  e.setReg('r1', BigInt(STACK_TOP - 0x100));
  e.setPc(CODE);
  return e;
}

export interface RunOpts {
  regs?: Record<string, bigint | number>;
  /** Bytes to place at DATA. */
  data?: Uint8Array;
  budget?: number;
}

/** Every register name the engine has, for tier comparisons. */
export const allRegs = [...Array.from({ length: 32 }, (_, i) => `r${i}`), ...Array.from({ length: 32 }, (_, i) => `f${i}`),
  'pc', 'lr', 'ctr', 'xer', 'cr', 'fpscr',
  ...Array.from({ length: 64 }, (_, i) => [`vs${i}h`, `vs${i}l`]).flat(), 'vscr', 'vrsave'];

/** Full state: registers and the data and stack pages. */
export function snapshot(e: CpuEngine): string {
  const regs = allRegs.map((r) => `${r}=${e.getReg(r).toString(16)}`).join(' ');
  const mem = [DATA, STACK_TOP - 0x10000].map((a) => Buffer.from(e.read(a, 0x10000)!).toString('hex')).join('');
  return regs + ' ' + mem;
}

/**
 * Assemble `src` + a final `sc`, run it to the `sc`, and return the engine. Throws on a fault.
 * The snippet runs twice: on the interpreter alone and with every block compiled at its first
 * entry; the two final states (registers and memory) must be identical.
 */
export async function run(arch: ArchDescriptor, src: string, opts: RunOpts = {}): Promise<CpuEngine> {
  const code = await assemble(src + '\nsc', arch.endian === 'little');
  const once = (jit: number, region = Infinity) => {
    const e = makeEngine(arch);
    (e as Ppc64Engine).jitThreshold = jit;
    (e as Ppc64Engine).regionTrigger = region;
    e.load(CODE, code);
    if (opts.data) e.load(DATA, opts.data);
    for (const [k, v] of Object.entries(opts.regs ?? {})) e.setReg(k, BigInt(v));
    e.onSyscall = () => false;
    const r = e.run(opts.budget ?? 100000);
    if (r !== 'stopped') throw new Error(`run ended with ${r}${e.fault ? ' ' + JSON.stringify(e.fault) : ''} (jit ${jit})`);
    return e;
  };
  const interp = once(-1);
  const a = snapshot(interp);
  for (const [name, jit] of [['blocks', once(0)], ['regions', once(0, 0)]] as const) {
    const pe = jit as Ppc64Engine;
    if (pe.compiledBlocks === 0 && !/^\s*(sc|trap|mftb)/.test(src)) throw new Error(`no block compiled for:\n${src}`);
    // A region needs two blocks that fit in it together (one block alone keeps its function).
    if (name === 'regions' && pe.compiledBlocks > 0 && pe.compiledRegions === 0 && pe.declinedRegions === 0) throw new Error(`no region built for:\n${src}`);
    const b = snapshot(jit);
    if (a !== b) {
      const ra = a.split(' '), rb = b.split(' ');
      const diff = ra.map((x, i) => (x !== rb[i] ? `${x.slice(0, 60)} vs ${name} ${rb[i].slice(0, 60)}` : '')).filter((x) => x);
      throw new Error(`interpreter and compiled ${name} disagree after:\n${src}\n${diff.join('\n')}`);
    }
  }
  return interp;
}

/** Unsigned 64-bit value of a register. */
export function reg(e: CpuEngine, name: string): bigint {
  return e.getReg(name);
}

/** A 64-bit two's-complement constant as an unsigned bigint. */
export const u64 = (v: bigint | number) => BigInt.asUintN(64, BigInt(v));
export const INT64_MIN = 0x8000000000000000n;
export const MINUS1 = 0xffffffffffffffffn;

/** Hex-format for messages. */
export const hex = (v: bigint) => '0x' + v.toString(16);

// Raw encoders for instructions Keystone lacks.
export const enc = {
  X: (op: number, rt: number, ra: number, rb: number, xo: number, rc = 0) =>
    '0x' + (((op << 26) | (rt << 21) | (ra << 16) | (rb << 11) | (xo << 1) | rc) >>> 0).toString(16),
  VA: (op: number, rt: number, ra: number, rb: number, rc: number, xo: number) =>
    '0x' + (((op << 26) | (rt << 21) | (ra << 16) | (rb << 11) | (rc << 6) | xo) >>> 0).toString(16),
};

/** CR field n (0..7) of an engine. */
export function crField(e: CpuEngine, n: number): number {
  return Number((e.getReg('cr') >> BigInt((7 - n) * 4)) & 15n);
}
export const LT = 8, GT = 4, EQ = 2, SO = 1;
