// Unicorn's soft TLB, sized from outside (docs/unicorn.md, "Where store-heavy programs spend their
// time"). Unicorn 2 (QEMU 5) starts each MMU mode's TLB at 256 entries and resizes it only at a
// TLB flush, doubling it when more than 70% was in use and shrinking it after 100 ms of host time
// under 30%. tricorn's flushes are its memory map operations, none of which happens while a
// program computes, so a sweep over a large array never grows the TLB past 512 entries and
// refills it on every page (x86_64 sieve of 10 MB: 1.5 million refills, each then a slow first
// store). Unicorn has no call to size it.
//
// So the engine does what QEMU's own resize does, where it is safe: inside a system-call trap (no
// helper holds a TLB entry), for the MMU modes the guest has used, it marks each full
// (window_max_entries = its size) and dirty and asks Unicorn to flush: QEMU doubles it (its own
// g_free and g_try_new), and again up to the size wanted. Its time window is then set far ahead,
// so that QEMU never shrinks it back; before every flush the engine's memory operations cause
// (one may run inside a memory hook: a chunk mapped on first touch), the use counts are cleared,
// so that QEMU does not resize it there either: the access that called the hook goes on with a
// pointer into the table.
//
// The fields are QEMU's CPUNegativeOffsetState, never assumed. Their layout is a property of the
// library file: it is found once per file and architecture on fresh instances (findLayout: the
// CPU struct is the block a word of struct uc_struct points to that holds `modes` pairs (mask,
// table) with the mask of 256 entries; before them one CPUTLBDesc per mode in its flushed state;
// CPUTLBCommon's `dirty` just before the first), confirmed on a second fresh instance, and kept
// in tricorn's cache directory keyed by the file's path, size, mtime and inode (layoutFor). A
// process then only checks the fields on its own instance before it writes anything (SoftTlb.of):
// any check that fails leaves the TLB to Unicorn, as before.

import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { cachedUnicornPath, hostView, type LibC, type Ptr, type UcLib } from './binding.js';
import { UC_CTL_TLB_FLUSH } from './consts.js';

/** Where QEMU's CPUTLB lies, for one library file and architecture. Byte offsets. */
export interface Layout {
  /** In struct uc_struct: the pointer to the CPU struct. */
  cpuWord: number;
  /** In the CPU struct: f[0] (mask, table); d[0]; the stride of d; CPUTLBCommon.dirty. */
  fast: number;
  desc: number;
  stride: number;
  dirty: number;
  /** log2 of sizeof(CPUTLBEntry); the number of MMU modes. */
  entryBits: number;
  modes: number;
}

const DEFAULT_ENTRIES = 256;
/** The most entries the engine asks for: 8192 pages (32 MiB), 512 KiB of table per mode. */
export const MAX_TLB_ENTRIES = 8192;
/** How far a CPU struct is searched for its TLB (it lies after CPUState: about 33 KiB in). */
const SEARCH = 128 * 1024;
const FAR_AHEAD = 1n << 61n;
const ALL_ONES = 0xffff_ffff_ffff_ffffn;
/** A window begun more than this far from now (host ns) is not QEMU's: a day. */
const CLOCK_SLACK = 86_400n * 1_000_000_000n;
// CPUTLBDesc's fields, from its start.
const LARGE_PAGE_ADDR = 0, LARGE_PAGE_MASK = 8, WINDOW_BEGIN = 16, WINDOW_MAX = 24, N_USED = 32;
/** CPUTLBCommon: dirty (16 bits of modes, padded), then three size_t counters. */
const COMMON_SIZE = 32;
/** CPUTLBDescFast: mask, table. */
const FAST_SIZE = 16;

/** Read-write ranges of this process, in address order. */
export function writableRanges(): [number, number][] {
  const out: [number, number][] = [];
  for (const line of readFileSync('/proc/self/maps', 'utf8').split('\n')) {
    const m = /^([0-9a-f]+)-([0-9a-f]+) rw/.exec(line);
    if (m) out.push([parseInt(m[1], 16), parseInt(m[2], 16)]);
  }
  return out;
}

/** The end of the range holding p, or 0 (binary search: ranges are in order). */
export function rangeEnd(ranges: [number, number][], p: number): number {
  let lo = 0, hi = ranges.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (p < ranges[mid][0]) hi = mid - 1;
    else if (p >= ranges[mid][1]) lo = mid + 1;
    else return ranges[mid][1];
  }
  return 0;
}

/** Whether [p, p+len) lies in one writable range. */
function inRange(ranges: [number, number][], p: number, len: number): boolean {
  return p > 0 && p % 8 === 0 && Number.isSafeInteger(p + len) && rangeEnd(ranges, p) >= p + len;
}

const ptrAt = (h: Uint32Array, k: number): number => h[k] + h[k + 1] * 0x1_0000_0000;

/**
 * The layout on `handle`, a fresh instance (its CPU created, nothing run: every TLB in the
 * state tlb_init leaves), or null. Several words of uc_struct may reach the CPU's TLB: the CPU
 * pointer, and pointers to blocks that lie before the CPU struct in the heap (at a larger offset,
 * and another in the next instance). The smallest offset is the CPU pointer's: later candidates
 * are searched only up to the best so far.
 */
export function findLayout(libc: LibC, handle: Ptr): Layout | null {
  const ranges = writableRanges();
  const uc = new Uint32Array(hostView(handle, libc.malloc_usable_size(handle) & ~7).slice(0));
  let best: Layout | null = null;
  for (let i = 0; i + 1 < uc.length; i += 2) {
    const p = ptrAt(uc, i);
    const limit = p % 8 === 0 && p > 0xffff ? rangeEnd(ranges, p) : 0;
    if (limit === 0) continue;
    const h = new Uint32Array(hostView(BigInt(p), Math.min(limit - p, best ? best.fast : SEARCH) & ~7));
    // Masks fit in 32 bits: look at the halves first, BigInts only on a candidate.
    for (let j = 0; j + 7 < h.length; j += 2) {
      const lo = h[j];
      if ((lo !== 255 << 5 && lo !== 255 << 6) || h[j + 1] !== 0 || h[j + 4] !== lo || h[j + 5] !== 0) continue;
      let modes = 0;
      while (j + 4 * modes + 3 < h.length && h[j + 4 * modes] === lo && h[j + 4 * modes + 1] === 0 &&
        rangeEnd(ranges, ptrAt(h, j + 4 * modes + 2)) !== 0) modes++;
      const w = new BigUint64Array(h.buffer, h.byteOffset, h.length >> 1);
      const layout = descsBefore(w, j >> 1, modes, lo === 255 << 5 ? 5 : 6);
      if (layout) {
        best = { cpuWord: i * 4, ...layout };
        break;
      }
    }
  }
  return best;
}

/** The CPUTLBDesc array before f[] (at word j of w), checked field by field, or null. */
function descsBefore(w: BigUint64Array, j: number, modes: number, entryBits: number): Omit<Layout, 'cpuWord'> | null {
  // Each flushed desc starts -1, -1, begin, 0, 0: the last `modes` such starts before f[],
  // evenly spaced, with the same begin (tlb_init's).
  const starts: number[] = [];
  for (let k = j - 5; k >= 0 && starts.length < modes; k--) {
    const at = (field: number): bigint => w[k + field / 8];
    if (at(LARGE_PAGE_ADDR) === ALL_ONES && at(LARGE_PAGE_MASK) === ALL_ONES && at(WINDOW_BEGIN) !== 0n &&
      at(WINDOW_BEGIN) < FAR_AHEAD && at(WINDOW_MAX) === 0n && at(N_USED) === 0n) starts.unshift(k);
  }
  if (starts.length !== modes || modes < 2) return null;
  const stride = starts[1] - starts[0];
  const begin = (k: number): bigint => w[k + WINDOW_BEGIN / 8];
  if (!starts.every((s, m) => s === starts[0] + m * stride && begin(s) === begin(starts[0]))) return null;
  const desc = starts[0] * 8;
  const dirty = desc - COMMON_SIZE;
  if (dirty < 0 || w[dirty / 8] !== 0n) return null;
  const layout = { fast: j * 8, desc, stride: stride * 8, dirty, entryBits, modes };
  return wellFormed({ cpuWord: 0, ...layout }) ? layout : null;
}

/**
 * A layout's numbers hang together as QEMU 5 lays CPUNegativeOffsetState out (CPUTLBCommon,
 * then d[], then f[]): checked on every layout read back from the cache file, whoever wrote it.
 */
function wellFormed(l: Layout): boolean {
  const ints = [l.cpuWord, l.fast, l.desc, l.stride, l.dirty, l.entryBits, l.modes];
  if (!ints.every((n) => Number.isSafeInteger(n) && n >= 0)) return false;
  return l.cpuWord % 8 === 0 && l.fast % 8 === 0 && l.stride % 8 === 0 && (l.entryBits === 5 || l.entryBits === 6) &&
    l.modes >= 2 && l.modes <= 16 && l.stride >= 48 && l.stride <= 4096 && l.dirty + COMMON_SIZE === l.desc &&
    l.desc + l.modes * l.stride <= l.fast && l.fast <= SEARCH;
}

/**
 * Whether `l` holds on `handle`, another fresh instance: the flushed state findLayout looked for,
 * read only where the layout says (the pointer into uc_struct and every field in reach checked
 * against the process's writable memory first).
 */
function freshMatches(libc: LibC, handle: Ptr, l: Layout): boolean {
  const ranges = writableRanges();
  if (libc.malloc_usable_size(handle) < l.cpuWord + 8) return false;
  const cpu = ptrAt(new Uint32Array(hostView(handle, l.cpuWord + 8)), l.cpuWord / 4);
  if (!inRange(ranges, cpu, l.fast + FAST_SIZE * l.modes)) return false;
  const v = new DataView(hostView(BigInt(cpu), l.fast + FAST_SIZE * l.modes));
  if (v.getBigUint64(l.dirty, true) !== 0n) return false;
  const begin0 = v.getBigInt64(l.desc + WINDOW_BEGIN, true);
  for (let m = 0; m < l.modes; m++) {
    const d = l.desc + m * l.stride, f = l.fast + FAST_SIZE * m;
    if (v.getBigUint64(d + LARGE_PAGE_ADDR, true) !== ALL_ONES || v.getBigUint64(d + LARGE_PAGE_MASK, true) !== ALL_ONES) return false;
    if (v.getBigInt64(d + WINDOW_BEGIN, true) !== begin0 || v.getBigUint64(d + WINDOW_MAX, true) !== 0n || v.getBigUint64(d + N_USED, true) !== 0n) return false;
    if (v.getBigUint64(f, true) !== BigInt(255 << l.entryBits)) return false;
    if (!inRange(ranges, Number(v.getBigUint64(f + 8, true)), DEFAULT_ENTRIES << l.entryBits)) return false;
  }
  return true;
}

/** The cache file: layouts by library file (path, size, mtime, inode) and architecture. */
type LayoutFile = Record<string, Record<string, Layout | null>>;

/** Where layouts are kept: beside the cached library (TRICORN_UNICORN_CACHE moves both). */
export function layoutCachePath(env: NodeJS.ProcessEnv = process.env): string {
  return join(dirname(cachedUnicornPath(env)), 'tlb-layout.json');
}

/** The key of a library file as it is now, or null when it cannot be looked at. */
function fileKey(path: string): string | null {
  try {
    const s = statSync(path, { bigint: true });
    return `${path}|${s.size}|${s.mtimeNs}|${s.ino}`;
  } catch {
    return null;
  }
}

function readLayouts(file: string): LayoutFile {
  try {
    const data = JSON.parse(readFileSync(file, 'utf8')) as unknown;
    return data !== null && typeof data === 'object' && !Array.isArray(data) ? data as LayoutFile : {};
  } catch {
    return {};
  }
}

/** Keep `layout` in the cache file (best effort: written whole, then renamed over it). */
function storeLayout(file: string, lib: string, arch: string, layout: Layout | null): void {
  try {
    mkdirSync(dirname(file), { recursive: true });
    const all = readLayouts(file);
    // Entries of files that changed since (a fetch, a prebind) are dropped with them.
    for (const k of Object.keys(all)) if (k.split('|')[0] === lib.split('|')[0] && k !== lib) delete all[k];
    all[lib] = { ...(all[lib] ?? {}), [arch]: layout };
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(all, null, 1) + '\n');
    renameSync(tmp, file);
  } catch {
    // A read-only cache: the next process finds the layout again.
  }
}

/** Layouts looked up in this process, by cache file, library key and architecture. */
const known = new Map<string, Layout | null>();

/**
 * The layout of `libPath`'s CPUTLB for architecture `arch` (e.g. "4/8"), or null (not found, or
 * the file cannot be looked at): from this process's memory, else the cache file, else found on
 * two fresh instances from `scratch` (its CPU created, nothing run; closed by the caller's
 * `close`) and kept in the cache file.
 */
export function layoutFor(
  libc: LibC, libPath: string, arch: string, scratch: () => Ptr, close: (h: Ptr) => void,
  cacheFile = layoutCachePath(),
): Layout | null {
  const lib = fileKey(libPath);
  if (lib === null) return null;
  const key = `${cacheFile}#${lib}#${arch}`;
  const mine = known.get(key);
  if (mine !== undefined) return mine;
  const stored = readLayouts(cacheFile)[lib]?.[arch];
  let layout: Layout | null;
  if (stored !== undefined) {
    layout = stored !== null && typeof stored === 'object' && wellFormed(stored) ? stored : null;
  } else {
    const a = scratch();
    try {
      layout = findLayout(libc, a);
    } finally {
      close(a);
    }
    if (layout) {
      const b = scratch();
      try {
        if (!freshMatches(libc, b, layout)) layout = null;
      } finally {
        close(b);
      }
    }
    storeLayout(cacheFile, lib, arch, layout);
  }
  known.set(key, layout);
  return layout;
}

/** One uc instance's TLB sizes, as far as the engine sets them. */
export class SoftTlb {
  /** MMU modes the guest has been seen using (dirty at a trap). */
  private used = 0;
  /** Entries asked for so far (the TLB of a used mode is at least this big). */
  private wanted = DEFAULT_ENTRIES;
  /** shrink() ran and the guest's first trap has not yet given its modes their 256 back. */
  private shrunk = false;

  private constructor(private readonly uc: UcLib, private readonly handle: Ptr, private readonly layout: Layout,
    private readonly cpu: bigint) {}

  /**
   * The TLB of `handle` where `layout` says, or null when the fields there do not look like a
   * CPUTLB in any state QEMU leaves it in: every mask 2^n - 1 entries (64 to 2^22) and every
   * table of that size inside the process's writable memory, `dirty` a set of modes, the use
   * counts within the table, every window begun within a day of now (or pushed far ahead by
   * this file). Nothing is written to an instance that fails this.
   */
  static of(uc: UcLib, libc: LibC, handle: Ptr, layout: Layout | null): SoftTlb | null {
    if (!layout || !wellFormed(layout) || libc.malloc_usable_size(handle) < layout.cpuWord + 8) return null;
    const ranges = writableRanges();
    const l = layout;
    const cpu = ptrAt(new Uint32Array(hostView(handle, l.cpuWord + 8)), l.cpuWord / 4);
    if (!inRange(ranges, cpu, l.fast + FAST_SIZE * l.modes)) return null;
    const v = new DataView(hostView(BigInt(cpu), l.fast + FAST_SIZE * l.modes));
    if (v.getBigUint64(l.dirty, true) >= 1n << BigInt(l.modes)) return null;
    const now = BigInt(Date.now()) * 1_000_000n;
    for (let m = 0; m < l.modes; m++) {
      const d = l.desc + m * l.stride, f = l.fast + FAST_SIZE * m;
      const mask = v.getBigUint64(f, true);
      const n = (mask >> BigInt(l.entryBits)) + 1n;
      if (mask & ((1n << BigInt(l.entryBits)) - 1n) || n < 64n || n > 1n << 22n || (n & (n - 1n)) !== 0n) return null;
      if (!inRange(ranges, Number(v.getBigUint64(f + 8, true)), Number(n) << l.entryBits)) return null;
      const begin = v.getBigInt64(d + WINDOW_BEGIN, true);
      if (begin !== FAR_AHEAD && (begin < now - CLOCK_SLACK || begin > now + CLOCK_SLACK)) return null;
      if (v.getBigUint64(d + N_USED, true) > n || v.getBigUint64(d + WINDOW_MAX, true) > 1n << 22n) return null;
    }
    return new SoftTlb(uc, handle, layout, BigInt(cpu));
  }

  /** The CPU struct up to the end of f[] (it lives as long as the instance). */
  private fields: DataView | null = null;

  private view(): DataView {
    this.fields ??= new DataView(hostView(this.cpu, this.layout.fast + FAST_SIZE * this.layout.modes));
    return this.fields;
  }

  /** The entries asked for so far. */
  get asked(): number {
    return this.wanted;
  }

  /** Entries of each mode's TLB now. */
  sizes(): number[] {
    const v = this.view();
    return Array.from({ length: this.layout.modes }, (_, m) => this.size(v, m));
  }

  /**
   * The modes the guest has used get at least `entries` (a power of two, at most
   * MAX_TLB_ENTRIES). Only inside a system-call trap or between runs, never in a memory hook.
   */
  grow(entries: number): void {
    const v = this.view(), l = this.layout;
    this.used |= v.getUint16(l.dirty, true);
    if (entries <= this.wanted || this.used === 0) return;
    this.wanted = Math.min(entries, MAX_TLB_ENTRIES);
    for (let m = 0; m < l.modes; m++) {
      if (!(this.used & (1 << m))) continue;
      const d = l.desc + m * l.stride;
      for (let size = this.size(v, m), tries = 0; size < this.wanted && tries < 8; size = this.size(v, m), tries++) {
        v.setBigUint64(d + WINDOW_MAX, BigInt(size), true);
        v.setUint16(l.dirty, v.getUint16(l.dirty, true) | (1 << m), true);
        this.uc.uc_ctl(this.handle, UC_CTL_TLB_FLUSH);
      }
      v.setBigInt64(d + WINDOW_BEGIN, FAR_AHEAD, true);
    }
  }

  /**
   * On a fresh instance, before the guest runs: every mode's TLB down to QEMU's least (64
   * entries), by QEMU's own shrink (an expired window with no use seen, the mode dirty, a flush).
   * After translating each block Unicorn walks every entry of every mode's TLB
   * (tlb_reset_dirty_by_vaddr, for self-modifying code), and a static glibc program translates
   * ~1000 blocks before main: 12 modes of 256 on aarch64, 3 on x86_64, 4 on riscv64 and s390x,
   * of which the guest uses one. regrow() gives the modes the guest used their 256 back at its
   * first trap; the others stay small (QEMU grows one the guest starts using at a flush).
   */
  shrink(): void {
    const v = this.view(), l = this.layout;
    for (let m = 0; m < l.modes; m++) {
      const d = l.desc + m * l.stride;
      v.setBigUint64(d + WINDOW_MAX, 0n, true);
      v.setBigInt64(d + WINDOW_BEGIN, 0n, true);
    }
    v.setUint16(l.dirty, (1 << l.modes) - 1, true);
    this.uc.uc_ctl(this.handle, UC_CTL_TLB_FLUSH);
    this.shrunk = true;
  }

  /**
   * At a system-call trap (as grow()): after shrink(), the modes the guest has used back to 256
   * entries (QEMU doubles a full one at a flush), once.
   */
  regrow(): void {
    if (!this.shrunk) return;
    const v = this.view(), l = this.layout;
    this.used |= v.getUint16(l.dirty, true);
    if (this.used === 0) return;
    this.shrunk = false;
    for (let m = 0; m < l.modes; m++) {
      if (!(this.used & (1 << m))) continue;
      const d = l.desc + m * l.stride;
      for (let size = this.size(v, m), tries = 0; size < DEFAULT_ENTRIES && tries < 4; size = this.size(v, m), tries++) {
        v.setBigUint64(d + WINDOW_MAX, BigInt(size), true);
        v.setUint16(l.dirty, v.getUint16(l.dirty, true) | (1 << m), true);
        this.uc.uc_ctl(this.handle, UC_CTL_TLB_FLUSH);
      }
    }
  }

  /**
   * Right before a call that flushes the TLB (map, unmap, protect). Every mode's window is pushed
   * far ahead and its recorded peak cleared, so QEMU never shrinks a TLB the engine sized (its
   * rule counts host time). `inHook`: the call runs inside a memory hook (a chunk mapped on first
   * touch), where QEMU must not resize at all (see the top of this file): each dirty mode's use
   * count is then set to half its size, so the flush finds a use rate of 50%, and the per-page
   * flushes a call may do first (each takes one off the count of a page it finds) cannot take the
   * count below zero, which QEMU would read as a huge rate and double the table. The flush then
   * clears the count (dirty modes are the ones a full flush cleans; the others' counts are left
   * as they are). Outside a hook the counts stay QEMU's, and so does its choice to grow.
   */
  calm(inHook: boolean): void {
    if (this.wanted === DEFAULT_ENTRIES) return;
    const v = this.view(), l = this.layout;
    const dirty = v.getUint16(l.dirty, true);
    for (let m = 0; m < l.modes; m++) {
      const d = l.desc + m * l.stride;
      v.setBigUint64(d + WINDOW_MAX, 0n, true);
      v.setBigInt64(d + WINDOW_BEGIN, FAR_AHEAD, true);
      if (inHook && dirty & (1 << m)) v.setBigUint64(d + N_USED, BigInt(this.size(v, m) / 2), true);
    }
  }

  private size(v: DataView, m: number): number {
    return Number(v.getBigUint64(this.layout.fast + FAST_SIZE * m, true) >> BigInt(this.layout.entryBits)) + 1;
  }
}

/** TLB entries for `pages` guest pages of writable memory: twice as many, as a power of two. */
export function tlbEntriesFor(pages: number): number {
  let n = DEFAULT_ENTRIES;
  while (n < 2 * pages && n < MAX_TLB_ENTRIES) n *= 2;
  return n;
}
