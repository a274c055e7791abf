// Building a process image: map the ELF's PT_LOAD segments (or a flat assembled blob), then
// the initial stack with argc, argv, envp and the auxiliary vector as each psABI lays it out.
// Pure kernel code: bytes come in, the engine is written through the CpuEngine interface.

import type { MappedFile } from '../mapped-files.js';
import type { ArchDescriptor } from '../../arch/types.js';
import { PROT_EXEC, PROT_READ, PROT_WRITE, type CpuEngine } from '../../emu/engine.js';
import { PF_R, PF_W, PF_X, PT_GNU_STACK, PT_LOAD, PT_PHDR, TASK_SIZE, type ElfImage, ElfError } from './elf.js';

/** Where the stack ends (exclusive); it grows down from here (kernel/stack.ts). */
export const STACK_TOP = 0x7ffffff00000;
/**
 * Where the vDSO image goes (kernel/vdso.ts), with its vvar page just below: above the signal
 * page at STACK_TOP, away from the stack (which grows down) and from mmap (below the stack).
 */
export const VDSO_BASE = STACK_TOP + 0x20000;
/** RLIMIT_STACK's default, and the part below STACK_TOP no ELF segment may take. */
export const STACK_SIZE = 8 * 1024 * 1024;
/** Room the first stack mapping gets below the arguments (Linux's setup_arg_pages: 128 KiB). */
const STACK_EXPAND = 128 * 1024;
/** Pages left free below the lowest address a stack may grow to (Linux's stack_guard_gap). */
export const GUARD_GAP_PAGES = 256;
/**
 * The gap between STACK_TOP and the top of the mmap area: RLIMIT_STACK plus the guard gap,
 * clamped as Linux's mmap_base clamps it, to at most 5/6 of the address space and at least
 * 264 MiB (Linux: 128 MiB plus the stack's randomisation range; tricorn does not randomise, and
 * 264 MiB is the layout its fixtures were recorded with).
 */
const MIN_GAP = 264 * 1024 * 1024;
const MAX_GAP = Math.floor(TASK_SIZE / 6) * 5;
/** Linux's ARG_MAX: the least room arguments get, however small RLIMIT_STACK is. */
const ARG_MAX = 32 * 4096;
/** Longest single argument or environment string execve accepts (Linux: 32 pages). */
const MAX_ARG_STRLEN = 32 * 4096;
/** Load bias for static-PIE (ET_DYN) executables: fixed, so runs are deterministic. */
export const PIE_BASE = 0x555555550000;
/** Base address of a flat assembled `.s` image. */
export const FLAT_BASE = 0x10000000;
/** Room after a flat image's bytes, zero-filled, so `.s` programs have data space. */
export const FLAT_EXTRA = 0x10000;

// Auxiliary vector keys (Linux <linux/auxvec.h>).
const AT_NULL = 0, AT_PHDR = 3, AT_PHENT = 4, AT_PHNUM = 5, AT_PAGESZ = 6, AT_BASE = 7, AT_FLAGS = 8,
  AT_ENTRY = 9, AT_UID = 11, AT_EUID = 12, AT_GID = 13, AT_EGID = 14, AT_PLATFORM = 15, AT_HWCAP = 16,
  AT_CLKTCK = 17, AT_SECURE = 23, AT_RANDOM = 25, AT_HWCAP2 = 26, AT_EXECFN = 31, AT_SYSINFO_EHDR = 33;

export interface ProcessImage {
  /** First instruction. */
  pc: number;
  sp: number;
  /** Extra registers the ELF ABI sets at entry (ppc64: r2 = TOC or r12 = entry). */
  regs: Array<[string, number]>;
  /** Initial program break: page-aligned end of the highest segment. */
  brk: number;
  /** Lowest address of the first stack mapping (it grows down from there). */
  stackLow: number;
  /** mmap allocates top-down below this address, clear of the stack's growth and guard gap. */
  mmapTop: number;
  /** The segments as file mappings (what /proc/PID/maps names). */
  files: MappedFile[];
}

export interface StartInfo {
  argv: readonly string[];
  envp: readonly string[];
  /** The path the guest was started by (AT_EXECFN, /proc/self/exe). */
  execfn: string;
  /** 16 bytes for AT_RANDOM (deterministic: derived from the CLI's seed). */
  random: Uint8Array;
  /** Real and effective ids, for AT_UID, AT_EUID, AT_GID and AT_EGID. */
  uid: number;
  euid?: number;
  gid: number;
  egid?: number;
  /** RLIMIT_STACK of the exec'ing process (default 8 MiB): sizes the argument limit, the first
   * stack mapping and the mmap area's distance from the stack. */
  stackLimit?: number;
  /** The program's and the interpreter's files, for /proc/PID/maps (absent: not named). */
  sources?: { exe: MapSource; interp: MapSource | null };
}

/** Where an image's segments came from: the file's path, device and inode. */
export interface MapSource { path: string; dev: number; ino: number }

/** The stack limit as the layout uses it: page-aligned, Infinity taken as the largest gap. */
function stackReach(start: StartInfo, page: number): number {
  return alignDown(Math.min(start.stackLimit ?? STACK_SIZE, MAX_GAP), page);
}

/** The top of the mmap area for a stack limit (Linux's mmap_base without randomisation). */
export function mmapBase(stackLimit: number, page: number): number {
  const gap = Math.min(Math.max(Math.min(stackLimit, MAX_GAP) + GUARD_GAP_PAGES * page, MIN_GAP), MAX_GAP);
  return alignDown(STACK_TOP - gap, page);
}

const alignDown = (v: number, a: number) => v - (v % a);
const alignUp = (v: number, a: number) => alignDown(v + a - 1, a);

function protOf(flags: number): number {
  return ((flags & PF_R) ? PROT_READ : 0) | ((flags & PF_W) ? PROT_WRITE : 0) | ((flags & PF_X) ? PROT_EXEC : 0);
}

/** Where a dynamic executable's interpreter (ld.so) is placed: above the mmap area, below the stack. */
export const INTERP_BASE = 0x7ffff0000000;

interface Mapped { bias: number; phdrAddr: number; brk: number; execStack: boolean; runs: Array<{ lo: number; hi: number }> }

/** Map an ELF's PT_LOAD segments at `base` (ET_DYN) or where they say (ET_EXEC). */
function mapSegments(engine: CpuEngine, arch: ArchDescriptor, elf: ElfImage, base: number): Mapped {
  const page = arch.pageSize;
  const loads = elf.phdrs.filter((p) => p.type === PT_LOAD);
  const bias = elf.type === 'dyn' ? base - alignDown(Math.min(...loads.map((p) => p.vaddr)), page) : 0;

  // Segments may share a page (text end / data start): give each page the union of the
  // permissions of the segments that touch it, then map runs of equal permission. Worked on
  // the segments' page-aligned boundaries, so a segment of any size costs the same.
  const spans = loads.filter((ph) => ph.memsz > 0).map((ph) => ({
    lo: alignDown(ph.vaddr + bias, page), hi: alignUp(ph.vaddr + bias + ph.memsz, page), prot: protOf(ph.flags),
  }));
  const cuts = [...new Set(spans.flatMap((s) => [s.lo, s.hi]))].sort((x, y) => x - y);
  const runs: Array<{ lo: number; hi: number; prot: number }> = [];
  for (let i = 0; i + 1 < cuts.length; i++) {
    const lo = cuts[i], hi = cuts[i + 1];
    const covering = spans.filter((s) => s.lo < hi && s.hi > lo);
    if (covering.length === 0) continue;
    const prot = covering.reduce((p, s) => p | s.prot, 0);
    const last = runs[runs.length - 1];
    if (last && last.hi === lo && last.prot === prot) last.hi = hi;
    else runs.push({ lo, hi, prot });
  }
  const stackLow = STACK_TOP - STACK_SIZE;
  for (const r of runs) {
    if (r.hi > TASK_SIZE || (r.lo < STACK_TOP && r.hi > stackLow)) {
      throw new ElfError(`segment at 0x${r.lo.toString(16)}+0x${(r.hi - r.lo).toString(16)} overlaps the stack or lies beyond the user address space`);
    }
  }
  const total = runs.reduce((n, r) => n + (r.hi - r.lo), 0);
  if (total > engine.budget.limit) {
    throw new ElfError(`segments need ${total} bytes, more than the guest memory limit (${engine.budget.limit})`);
  }
  for (const r of runs) engine.map(r.lo, r.hi - r.lo, r.prot);
  for (const ph of loads) {
    if (ph.filesz > 0) engine.load(ph.vaddr + bias, elf.bytes.subarray(ph.offset, ph.offset + ph.filesz));
  }

  const phdrSeg = elf.phdrs.find((p) => p.type === PT_PHDR);
  const holder = loads.find((p) => elf.phoff >= p.offset && elf.phoff < p.offset + p.filesz);
  const phdrAddr = phdrSeg ? phdrSeg.vaddr + bias : holder ? holder.vaddr + bias + (elf.phoff - holder.offset) : 0;
  const brk = alignUp(Math.max(...loads.map((p) => p.vaddr + bias + p.memsz)), page);
  const execStack = elf.phdrs.some((p) => p.type === PT_GNU_STACK && (p.flags & PF_X) !== 0);
  return { bias, phdrAddr, brk, execStack, runs };
}

/**
 * Map an ELF executable (and, for a dynamic one, its interpreter, which then gets control with
 * AT_BASE saying where it is) into a fresh engine and build its stack.
 */
export function loadElf(engine: CpuEngine, arch: ArchDescriptor, elf: ElfImage, start: StartInfo,
  interp: ElfImage | null = null): ProcessImage {
  for (const e of interp ? [elf, interp] : [elf]) {
    if (e.machine !== arch.elf.machine || e.endian !== arch.endian) {
      throw new ElfError(`ELF is for machine ${e.machine} (${e.endian}-endian), not ${arch.name}`);
    }
  }
  const page = arch.pageSize;
  let mmapTop = mmapBase(start.stackLimit ?? STACK_SIZE, page);
  const main = mapSegments(engine, arch, elf, interp ? arch.elf.etDynBase ?? PIE_BASE : PIE_BASE);
  // ld.so goes at INTERP_BASE, above the mmap area, unless the stack may grow down to it: then
  // at the top of the mmap area, which moves below it.
  let interpBase = INTERP_BASE;
  if (interp && INTERP_BASE + spanOf(interp, page) + GUARD_GAP_PAGES * page > STACK_TOP - stackReach(start, page)) {
    interpBase = alignDown(mmapTop - spanOf(interp, page), 0x10000);
    mmapTop = interpBase;
  }
  const ld = interp ? mapSegments(engine, arch, interp, interpBase) : null;
  const runner = ld ? { elf: interp!, m: ld } : { elf, m: main };
  const bias = runner.m.bias;

  let pc = runner.elf.entry + bias;
  const regs: Array<[string, number]> = [];
  const entry = arch.elf.entry;
  if (entry.style === 'descriptor') {
    // ELFv1: e_entry is a function descriptor {entry point, TOC, environment}.
    const desc = engine.read(pc, 16);
    if (!desc) throw new ElfError(`entry descriptor at 0x${pc.toString(16)} is not in a loaded segment`);
    const dv = new DataView(desc.buffer, desc.byteOffset, 16);
    const le = arch.endian === 'little';
    const word = (o: number) => dv.getUint32(o + (le ? 4 : 0), le) * 0x100000000 + dv.getUint32(o + (le ? 0 : 4), le);
    // Like Linux's start_thread: a PIE's descriptor is not relocated yet, so add the bias.
    pc = word(0) + bias;
    if (!runner.m.runs.some((r) => pc >= r.lo && pc < r.hi)) {
      throw new ElfError(`entry point 0x${pc.toString(16)} (from the function descriptor) is outside every loadable segment`);
    }
    regs.push([entry.tocReg, word(8) + bias]);
  } else if (entry.style === 'direct-with-reg') {
    regs.push([entry.reg, pc]);
  }

  const auxBase: Array<[number, number]> = [
    [AT_PHDR, main.phdrAddr], [AT_PHENT, elf.phentsize], [AT_PHNUM, elf.phnum], [AT_PAGESZ, arch.pageSize],
    [AT_BASE, ld ? ld.bias : 0], [AT_FLAGS, 0], [AT_ENTRY, elf.entry + main.bias],
  ];
  const { sp, stackLow } = buildStack(engine, arch, start, auxBase, main.execStack);
  const files = [
    ...(start.sources ? segmentFiles(elf, main, start.sources.exe, page) : []),
    ...(ld && start.sources?.interp ? segmentFiles(interp!, ld, start.sources.interp, page) : []),
  ];
  return { pc, sp, regs, brk: main.brk, stackLow, mmapTop, files };
}

/**
 * The mapped runs of an image as mappings of its file: each at the file offset of the segment
 * that starts it (page-aligned, as Linux's elf_map maps it), its bss pages left anonymous.
 */
function segmentFiles(elf: ElfImage, m: Mapped, src: MapSource, page: number): MappedFile[] {
  const loads = elf.phdrs.filter((p) => p.type === PT_LOAD && p.memsz > 0);
  return m.runs.flatMap((r) => {
    const ph = loads.find((p) => alignDown(p.vaddr + m.bias, page) <= r.lo && alignUp(p.vaddr + m.bias + p.memsz, page) > r.lo);
    if (!ph) return [];
    const offset = alignDown(ph.offset, page) + (r.lo - alignDown(ph.vaddr + m.bias, page));
    // The file backs the segment up to the page holding its last file byte; the rest (bss) is anonymous.
    const len = Math.min(r.hi, alignUp(ph.vaddr + m.bias + ph.filesz, page)) - r.lo;
    return len > 0 ? [{ addr: r.lo, len, path: src.path, offset, dev: src.dev, ino: src.ino, sharedNoWrite: false }] : [];
  });
}

/** Bytes an ET_DYN image's PT_LOAD segments span, page-aligned. */
function spanOf(elf: ElfImage, page: number): number {
  const loads = elf.phdrs.filter((p) => p.type === PT_LOAD);
  if (loads.length === 0) return 0;
  return alignUp(Math.max(...loads.map((p) => p.vaddr + p.memsz)), page) - alignDown(Math.min(...loads.map((p) => p.vaddr)), page);
}

/** Map a flat image (an assembled `.s` file): one read-write-execute segment at FLAT_BASE. */
export function loadFlat(engine: CpuEngine, arch: ArchDescriptor, code: Uint8Array, entryOffset: number,
  start: StartInfo): ProcessImage {
  const size = alignUp(code.length + FLAT_EXTRA, arch.pageSize);
  engine.map(FLAT_BASE, size, PROT_READ | PROT_WRITE | PROT_EXEC);
  engine.load(FLAT_BASE, code);
  const pc = FLAT_BASE + entryOffset;
  const entry = arch.elf.entry;
  const regs: Array<[string, number]> = entry.style === 'direct-with-reg' ? [[entry.reg, pc]] : [];
  const { sp, stackLow } = buildStack(engine, arch, start, [[AT_PAGESZ, arch.pageSize], [AT_ENTRY, pc]], false);
  return { pc, sp, regs, brk: FLAT_BASE + size, stackLow, mmapTop: mmapBase(start.stackLimit ?? STACK_SIZE, arch.pageSize), files: [] };
}

/**
 * Map the stack and lay out, from the top down: AT_RANDOM bytes, strings (platform, execfn,
 * argv, envp), then — 16-byte aligned — argc, argv[], NULL, envp[], NULL, auxv pairs, AT_NULL.
 * The first mapping holds that and 128 KiB more, within RLIMIT_STACK (Linux's
 * setup_arg_pages); the rest comes as the stack grows. Returns the stack pointer, which points
 * at argc, and the mapping's lowest address.
 */
function buildStack(engine: CpuEngine, arch: ArchDescriptor, start: StartInfo,
  auxBase: ReadonlyArray<readonly [number, number]>, execStack: boolean): { sp: number; stackLow: number } {
  const enc = new TextEncoder();
  const page = arch.pageSize;
  // Linux's execve limits (E2BIG): one string at most MAX_ARG_STRLEN, all of them together (with
  // their pointers) at most a quarter of the stack limit, but never less than ARG_MAX nor more
  // than 6 MiB (bprm_stack_limits).
  const limit = Math.max(Math.min(STACK_SIZE / 4 * 3, (start.stackLimit ?? STACK_SIZE) / 4), ARG_MAX);
  let total = 0;
  for (const s of [...start.argv, ...start.envp]) {
    const n = enc.encode(s).length + 1;
    if (n > MAX_ARG_STRLEN) throw new ElfError(`argument list too long: one argument or variable is ${n} bytes (the limit is ${MAX_ARG_STRLEN})`);
    total += n + 8;
  }
  if (total > limit) throw new ElfError(`argument list too long: ${total} bytes of arguments and environment (the limit is ${limit})`);
  // Laid out first, written once the mapping (whose size depends on the layout) exists.
  const writes: Array<[number, Uint8Array]> = [];
  let top = STACK_TOP - 16; // a null word at the very top, as Linux leaves
  const place = (bytes: Uint8Array): number => {
    top -= bytes.length;
    writes.push([top, bytes]);
    return top;
  };
  const cstr = (s: string) => { const b = enc.encode(s); const z = new Uint8Array(b.length + 1); z.set(b); return z; };

  const execfnAddr = place(cstr(start.execfn));
  const envAddrs = start.envp.map((e) => place(cstr(e)));
  const argAddrs = start.argv.map((a) => place(cstr(a)));
  const platformAddr = place(cstr(arch.platform));
  top = alignDown(top, 16);
  const randomAddr = place(start.random.subarray(0, 16));

  const aux: Array<readonly [number, number]> = [
    [AT_HWCAP, arch.hwcap], ...auxBase, [AT_UID, start.uid], [AT_EUID, start.euid ?? start.uid], [AT_GID, start.gid],
    [AT_EGID, start.egid ?? start.gid], [AT_SECURE, 0], [AT_RANDOM, randomAddr], [AT_HWCAP2, arch.hwcap2],
    [AT_CLKTCK, 100], [AT_EXECFN, execfnAddr], [AT_PLATFORM, platformAddr], ...arch.auxv,
    ...(arch.vdso ? [[AT_SYSINFO_EHDR, VDSO_BASE] as const] : []), [AT_NULL, 0],
  ];
  const words: number[] = [start.argv.length, ...argAddrs, 0, ...envAddrs, 0];
  for (const [k, v] of aux) words.push(k, v);
  const strings = alignUp(STACK_TOP - top, page);
  let sp = alignDown(top - words.length * 8, arch.stackAlign);
  const table = new Uint8Array(words.length * 8);
  const dv = new DataView(table.buffer);
  const le = arch.endian === 'little';
  words.forEach((w, i) => {
    const hi = Math.floor(w / 0x100000000), lo = w >>> 0;
    dv.setUint32(i * 8 + (le ? 0 : 4), lo, le);
    dv.setUint32(i * 8 + (le ? 4 : 0), hi, le);
  });
  const size = Math.max(alignUp(STACK_TOP - sp, page), Math.min(strings + STACK_EXPAND, stackReach(start, page)));
  engine.map(STACK_TOP - size, size, PROT_READ | PROT_WRITE | (execStack ? PROT_EXEC : 0));
  for (const [addr, bytes] of writes) engine.write(addr, bytes);
  if (!engine.write(sp, table)) throw new ElfError('initial stack does not fit');
  return { sp, stackLow: STACK_TOP - size };
}
