// Guest memory for the Unicorn engine: the mappings are a list of ranges (emu/vma.ts); host
// memory exists only for the 2 MiB chunks of guest address space the guest has touched. The
// engine mmaps each chunk itself and hands its mapped parts to Unicorn with uc_mem_map_ptr when
// the guest (or the kernel) first touches it — Unicorn's unmapped-memory hook asks for it — so
// a reservation of any size costs nothing until used, and each chunk made is charged to the
// run's memory budget.
//
// Owning the memory gives three things Unicorn's own allocation would not:
// - the kernel's read()/write() are plain typed-array copies, with no FFI call and with the
//   user-access checks done here (uc_mem_read/uc_mem_write ignore protection anyway);
// - clone() copies only resident host pages (mincore), with TypedArray.set;
// - a second uc instance can map the very same pages (engine.ts uses that to leave the
//   instruction-counting mode without Unicorn's full translation-cache flush).
// Unicorn keeps no copy: guest stores land in these pages, and JS sees them at once.

import { Buffer } from 'node:buffer';
import { PROT_WRITE, unlimitedBudget, type MemoryBudget } from '../engine.js';
import { backedKeysIn, VmaList, type SharedBacking, type Vma } from '../vma.js';
import { hostView, type LibC, type Ptr } from './binding.js';

/** One touched chunk of guest address space and its host memory. */
export class Chunk {
  /** Some of its host pages were replaced by shared memory's (so it is never a spare). */
  aliased?: boolean;
  /** Its pages were faulted in ahead of the guest (populateIfSwept). */
  populated?: boolean;
  constructor(
    readonly key: number,
    readonly host: Ptr,
    /** Taken from the spares: its host pages may hold another address space's old bytes. */
    readonly reused: boolean,
    private view: Uint8Array | null = null,
  ) {}

  /**
   * Its host memory as bytes, made at the first use. An ArrayBuffer over host memory counts
   * as external memory to V8, whose GC runs sooner the more there is: a sweep through 256 MiB,
   * whose chunks the kernel never reads, made 128 views of 2 MiB (measured: ~5% of its CPU in
   * making them, ~13% in the collector).
   */
  get bytes(): Uint8Array {
    return (this.view ??= new Uint8Array(hostView(this.host, CHUNK)));
  }

  /** The view, if one was made (a spare keeps it for the chunk's next owner). */
  get madeView(): Uint8Array | null {
    return this.view;
  }
}

/**
 * MAP_SHARED memory on Unicorn: a shared anonymous host mapping of its size, reserved (its pages
 * are made on first touch). A chunk holding a part of a guest mapping of it gets those pages
 * under its own addresses with mremap(old_size 0), which maps the same pages a second time;
 * so every address space's chunk — and Unicorn, and the kernel's typed-array views — sees one
 * copy of the bytes, and no host descriptor is held.
 */
export class SharedHost implements SharedBacking {
  refs = 0;
  private view: Uint8Array | null = null;
  constructor(private readonly libc: LibC, readonly host: Ptr, readonly size: number, private readonly hostPage: number) {}
  /** The host memory as bytes (made at the first read or write: most shared memory never needs it). */
  private bytes(): Uint8Array {
    return (this.view ??= new Uint8Array(hostView(this.host, this.size)));
  }
  read(offset: number, dst: Uint8Array): void {
    dst.set(this.bytes().subarray(offset, offset + dst.length));
  }
  // Translations Unicorn made of code in this memory are not dropped (docs/files.md).
  write(offset: number, src: Uint8Array): boolean {
    this.bytes().set(src, offset);
    return true;
  }
  // Whole host pages are removed from the shared object (MADV_REMOVE: every alias of it reads
  // zero, and nothing is allocated for pages the guest never touched).
  zero(offset: number, len: number): void {
    zeroHost(this.libc, this.host, () => this.bytes(), this.hostPage, offset, len, MADV_REMOVE);
  }
  resident(): number {
    const vec = new Uint8Array(Math.ceil(this.size / this.hostPage));
    if (this.libc.mincore(this.host, this.size, vec) !== 0) return 0;
    let n = 0;
    for (let i = 0; i < vec.length; i++) n += vec[i] & 1;
    return n * this.hostPage;
  }
  release(): void {
    this.view = null;
    this.libc.munmap(this.host, this.size);
  }
}

/** How much of the top of a faulted-in chunk populateIfSwept looks at for the guest's bytes. */
const SWEPT_TOP = 64 << 10;

/** The top SWEPT_TOP bytes of a chunk (a view of its own when the chunk has none: see Chunk.bytes). */
function topOf(c: Chunk): Uint8Array {
  return c.madeView?.subarray(CHUNK - SWEPT_TOP) ?? new Uint8Array(hostView(c.host + BigInt(CHUNK - SWEPT_TOP), SWEPT_TOP));
}

/** Whether bytes[from..] holds anything but zeros (read a word at a time). */
function written(bytes: Uint8Array, from: number): boolean {
  const words = new Uint32Array(bytes.buffer, bytes.byteOffset + from, (bytes.length - from) >> 2);
  for (let i = 0; i < words.length; i++) if (words[i] !== 0) return true;
  return false;
}

/** Call f(lo, hi) for each maximal run of pages whose residency bit 0 equals `bit`. */
function forRuns(vec: Uint8Array, bit: 0 | 1, f: (lo: number, hi: number) => void): void {
  let run = -1;
  for (let i = 0; i <= vec.length; i++) {
    const on = i < vec.length && (vec[i] & 1) === bit;
    if (on && run < 0) run = i;
    else if (!on && run >= 0) { f(run, i); run = -1; }
  }
}

/** A mapped part of a chunk: what Unicorn has as one region. */
export interface HostRegion extends Vma {
  host: Ptr;
  bytes: Uint8Array;
}

/**
 * A HostRegion of a chunk, its bytes viewed only when asked for: a fork lists every region of
 * its address space several times and reads the bytes of few (a typed-array view per region
 * per listing was a tenth of a fork's CPU, with its garbage).
 */
class Part implements HostRegion {
  readonly addr: number;
  readonly size: number;
  readonly prot: number;
  readonly shared?: SharedBacking;
  readonly offset?: number;
  readonly host: Ptr;
  private view: Uint8Array | null = null;
  constructor(v: Vma, private readonly chunk: Chunk) {
    this.addr = v.addr;
    this.size = v.size;
    this.prot = v.prot;
    if (v.shared) { this.shared = v.shared; this.offset = v.offset; }
    this.host = chunk.host + BigInt(v.addr - chunk.key * CHUNK);
  }
  get bytes(): Uint8Array {
    const off = this.addr - this.chunk.key * CHUNK;
    return (this.view ??= this.chunk.bytes.subarray(off, off + this.size));
  }
}

const PROT_RW = 3;
const MAP_SHARED = 0x01;
const MAP_PRIVATE = 0x02;
const MAP_FIXED = 0x10;
const MAP_ANONYMOUS = 0x20;
const MREMAP_MAYMOVE = 1;
const MREMAP_FIXED = 2;
const MAP_NORESERVE = 0x4000;
const MADV_DONTNEED = 4;
/** Frees a shared (shmem) range's pages in the object itself; MADV_DONTNEED would only unmap them. */
const MADV_REMOVE = 9;
/** Faults a range's pages in for writing, all in one call (Linux 5.14). */
const MADV_POPULATE_WRITE = 23;

/**
 * Make [off, off+len) of host memory at `host` (its bytes `bytes`) read as zero: whole host pages
 * given back by madvise(advice), the partial pages at either end filled.
 */
function zeroHost(libc: LibC, host: Ptr, bytes: () => Uint8Array, hp: number, off: number, len: number, advice: number): void {
  const lo = Math.ceil(off / hp) * hp, hi = Math.floor((off + len) / hp) * hp;
  if (lo < hi && libc.madvise(host + BigInt(lo), hi - lo, advice) === 0) {
    // The bytes only for partial pages: whole ones need no view made.
    if (off < lo) bytes().fill(0, off, lo);
    if (hi < off + len) bytes().fill(0, hi, off + len);
  } else {
    bytes().fill(0, off, off + len);
  }
}
export const GUEST_PAGE = 4096;
/**
 * A chunk is one Unicorn region per mapping part in it, and each uc_mem_map_ptr and uc_mem_unmap
 * rebuilds QEMU's memory map over every region there is: a sweep through a large mapping cost
 * quadratic time in its chunks. 2 MiB halves the regions (touch 256 MiB: ~100 ms of CPU in 265
 * uc_mem_map_ptr calls at 1 MiB; whole process 0.49-0.53 -> 0.38-0.41 s); 4 MiB measured no
 * better. Host memory is still made page by page as touched (MAP_NORESERVE).
 */
export const CHUNK = 1 << 21;
/** Copies up to this many bytes go byte by byte (TypedArray.set costs ~0.3 µs whatever the size). */
const SMALL = 64;

/**
 * Host chunks given back by address spaces that went away (a child's exit, munmap), kept with
 * their pages still resident: a fork's copy and a fresh mapping reuse them instead of taking a
 * page fault per 4 KiB page (tens of microseconds each on a virtual machine; 2000 forks paid
 * more for those faults than for anything else). Bounded, and outside every guest's budget.
 */
const spare: { host: Ptr; bytes: Uint8Array | null }[] = [];
const SPARE_CHUNKS = 32;

/** A chunk no address space holds any more (Unicorn has unmapped it): to the spares, or to the host. */
export function retireChunk(libc: LibC, c: Chunk): void {
  // A chunk that held shared pages goes back to the host: no spare may keep another's pages.
  if (!c.aliased && spare.length < SPARE_CHUNKS) spare.push({ host: c.host, bytes: c.madeView });
  else libc.munmap(c.host, CHUNK);
}

/** Whether two byte ranges hold the same bytes (memcmp: a JS loop over 0.5 MiB of code costs ~0.2 ms). */
export function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && Buffer.compare(a, b) === 0;
}

let nextMemoryId = 1;

/**
 * An address space's read-only memory as of one moment: `id` names the address space (never
 * reused in a process), `version` its fixedVersion then.
 */
export interface FixedOrigin { id: number; version: number }

export class GuestMemory {
  readonly vmas = new VmaList();
  readonly id = nextMemoryId++;
  /**
   * Bumped at every change of the memory a guest store cannot change (read-only regions' bytes
   * and the regions themselves): the engine's load, map, unmap, protect and discard. While it
   * stays the same, so do the bytes of every region without PROT_WRITE (warm.ts relies on it).
   */
  fixedVersion = 0;
  /**
   * Whose read-only bytes this address space's equal (a fork's copy: its parent's at the copy),
   * while its own fixedVersion is 0; null: its own.
   */
  origin: FixedOrigin | null = null;

  /** Whose read-only bytes these are, as of which version (see origin). */
  fixedIdentity(): FixedOrigin {
    return this.fixedVersion === 0 && this.origin ? this.origin : { id: this.id, version: this.fixedVersion };
  }
  readonly chunks = new Map<number, Chunk>();
  budget: MemoryBudget = unlimitedBudget();
  /** Chunks with host memory now, and the most there were at once (ru_maxrss), in bytes. */
  resident = 0;
  peak = 0;
  private readonly hostPage: number;

  constructor(private readonly libc: LibC) {
    this.hostPage = libc.getpagesize();
  }

  /** The chunks with host memory inside [addr, addr+size), in address order. */
  chunksIn(addr: number, size: number): Chunk[] {
    return backedKeysIn(this.chunks, addr, size, CHUNK).map((k) => this.chunks.get(k)!);
  }

  /** The mapped parts of a chunk (optionally only of [lo, hi)), each with its host memory. */
  partsOf(c: Chunk, lo = -Infinity, hi = Infinity): HostRegion[] {
    const base = c.key * CHUNK;
    return this.vmas.pieces(Math.max(base, lo), Math.min(base + CHUNK, hi)).map((p) => new Part(p, c));
  }

  /** Every mapped part of every touched chunk (what Unicorn has mapped). */
  allParts(): HostRegion[] {
    const out: HostRegion[] = [];
    for (const k of [...this.chunks.keys()].sort((a, b) => a - b)) out.push(...this.partsOf(this.chunks.get(k)!));
    return out;
  }

  /**
   * Host memory for the chunk holding addr, charged to the budget; null when none is left. It
   * reads as zero unless `overwrite`: then the caller fills it with copyResident, which clears
   * what a reused chunk held itself.
   */
  back(addr: number, overwrite = false): Chunk | null {
    const key = Math.floor(addr / CHUNK);
    const b = this.budget;
    if (b.used + CHUNK > b.limit) return null;
    let c: Chunk;
    const reused = spare.pop();
    if (reused) {
      c = new Chunk(key, reused.host, true, reused.bytes);
      if (!overwrite) this.clearResident(c);
    } else {
      const host = this.libc.mmap(null, CHUNK, PROT_RW, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
      if (host === 0n || host === -1n || host === 0xffffffffffffffffn) return null;
      c = new Chunk(key, host, false);
    }
    b.used += CHUNK;
    this.resident += CHUNK;
    if (this.resident > this.peak) this.peak = this.resident;
    this.chunks.set(key, c);
    if (!overwrite) {
      this.aliasShared(c);
      this.populateIfSwept(c);
    }
    return c;
  }

  /**
   * A guest sweeping upward through memory (a calloc'd array filled in order) meets a chunk
   * whose lower neighbour it has mostly written: it will most likely write this one whole too,
   * so its private writable parts are faulted in now, by one madvise (10 us a page on this
   * project's virtual machine, against 18 for the first touch of each page, measured). Only
   * then: a chunk the guest touches here and there (a stack, a sparse table, the next chunk of
   * a sparse sweep) keeps its pages made one at a time, as touched, and fork copies only what
   * is resident. "Mostly written" is three quarters of its pages resident, or, for a chunk
   * faulted in this way (all resident), bytes other than zero in its top 64 KiB: so a sparse
   * sweep past a dense stretch stops being faulted in ahead at the first chunk it skips over.
   * Best effort: an older kernel refuses the advice and nothing changes.
   */
  private populateIfSwept(c: Chunk): void {
    const below = this.chunks.get(c.key - 1);
    if (!below || !(below.populated ? written(topOf(below), 0) : this.mostlyResident(below))) return;
    for (const p of this.partsOf(c)) {
      if (!p.shared && p.prot & PROT_WRITE) this.libc.madvise(p.host, p.size, MADV_POPULATE_WRITE);
    }
    c.populated = true;
  }

  private mostlyResident(c: Chunk): boolean {
    const vec = this.residency(c);
    if (!vec) return false;
    let resident = 0;
    for (let i = 0; i < vec.length; i++) resident += vec[i] & 1;
    return resident * 4 >= vec.length * 3;
  }

  /** Shared memory of `size` bytes, or null when the host refuses the reservation. */
  createShared(size: number): SharedHost | null {
    const host = this.libc.mmap(null, size, PROT_RW, MAP_SHARED | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (host === 0n || host === -1n || host === 0xffffffffffffffffn) return null;
    return new SharedHost(this.libc, host, size, this.hostPage);
  }

  /**
   * Put the shared memory's pages under the shared parts of a chunk (optionally only of
   * [lo, hi)); a fork's copy does this after copying the private bytes.
   */
  aliasShared(c: Chunk, lo = -Infinity, hi = Infinity): void {
    for (const p of this.partsOf(c, lo, hi)) {
      if (!p.shared) continue;
      const src = (p.shared as SharedHost).host + BigInt(p.offset!);
      const got = this.libc.mremap(src, 0, p.size, MREMAP_MAYMOVE | MREMAP_FIXED, 'void *', p.host);
      if (got !== p.host) throw new Error(`mremap of shared memory failed at 0x${p.addr.toString(16)}`);
      c.aliased = true;
    }
  }

  /** [addr, addr+len) of a chunk stops being shared memory: private pages reading as zero again. */
  unalias(c: Chunk, addr: number, len: number): void {
    const host = c.host + BigInt(addr - c.key * CHUNK);
    const got = this.libc.mmap(host, len, PROT_RW, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_FIXED, -1, 0);
    if (got !== host) throw new Error(`mmap over shared memory failed at 0x${addr.toString(16)}`);
  }

  /** Give a chunk's host memory back (Unicorn has unmapped all of it): to the spares, or to the host. */
  free(c: Chunk): void {
    this.chunks.delete(c.key);
    retireChunk(this.libc, c);
    this.budget.used -= CHUNK;
    this.resident -= CHUNK;
  }

  /**
   * Take every chunk out of this address space without giving its host memory back (a spare uc
   * instance keeps them mapped: engine.ts, warm spares); they leave the budget as free() does.
   */
  detachAll(): Map<number, Chunk> {
    const out = new Map(this.chunks);
    this.chunks.clear();
    this.budget.used -= out.size * CHUNK;
    this.resident -= out.size * CHUNK;
    return out;
  }

  /**
   * Make a detached chunk (a warm spare's) this address space's, charged to the budget as back()
   * charges a new one. Its bytes are another address space's: the caller overwrites them with
   * copyResident (reused is set, so pages the source lacks are zeroed).
   */
  adopt(c: Chunk): Chunk {
    const own = new Chunk(c.key, c.host, true, c.madeView);
    this.budget.used += CHUNK;
    this.resident += CHUNK;
    if (this.resident > this.peak) this.peak = this.resident;
    this.chunks.set(own.key, own);
    return own;
  }

  /** Which host pages of a chunk are resident (bit 0 of each byte), or null if mincore failed. */
  private residency(c: Chunk): Uint8Array | null {
    const vec = new Uint8Array(CHUNK / this.hostPage);
    return this.libc.mincore(c.host, CHUNK, vec) === 0 ? vec : null;
  }

  /** Zero the resident pages of a reused chunk (the others read as zero already). */
  private clearResident(c: Chunk): void {
    const vec = this.residency(c);
    if (!vec) { c.bytes.fill(0); return; }
    forRuns(vec, 1, (lo, hi) => c.bytes.fill(0, lo * this.hostPage, hi * this.hostPage));
  }

  /** Make [addr, addr+len) of a chunk read as zero and give back its host pages. */
  zero(c: Chunk, addr: number, len: number): void {
    zeroHost(this.libc, c.host, () => c.bytes, this.hostPage, addr - c.key * CHUNK, len, MADV_DONTNEED);
  }

  /**
   * Copy the resident host pages of a chunk into another (fresh, zero) one: a page the guest
   * never touched is not resident, reads as zero, and costs nothing to skip. Host pages set in
   * `same` (keepMask) already hold the source's bytes and are left alone.
   */
  copyResident(src: Chunk, dst: Chunk, same: Uint8Array | null = null): void {
    const hp = this.hostPage;
    const from = this.residency(src);
    if (!from) { dst.bytes.set(src.bytes); return; }
    const copy = same ? from.map((r, i) => r & 1 & ~same[i]) : from;
    forRuns(copy, 1, (lo, hi) => dst.bytes.set(src.bytes.subarray(lo * hp, hi * hp), lo * hp));
    if (!dst.reused) return;
    // A reused chunk: what it held where the source has nothing must read as zero.
    const had = this.residency(dst);
    const clear = new Uint8Array(from.length);
    for (let i = 0; i < clear.length; i++) clear[i] = (had ? had[i] & 1 : 1) & ~from[i] & ~(same ? same[i] : 0) & 1;
    forRuns(clear, 1, (lo, hi) => dst.bytes.fill(0, lo * hp, hi * hp));
  }

  /**
   * The host pages of chunk `key` wholly inside the given ranges (guest addresses), as a
   * copyResident mask; null when there are none.
   */
  keepMask(key: number, ranges: readonly { addr: number; size: number }[]): Uint8Array | null {
    const hp = this.hostPage, base = key * CHUNK;
    let mask: Uint8Array | null = null;
    for (const r of ranges) {
      const lo = Math.max(r.addr, base) - base, hi = Math.min(r.addr + r.size, base + CHUNK) - base;
      const first = Math.ceil(lo / hp), end = Math.floor(hi / hp);
      if (first < end) (mask ??= new Uint8Array(CHUNK / hp)).fill(1, first, end);
    }
    return mask;
  }

  /** Unmap every chunk (after uc_close: Unicorn must not touch them any more). */
  closeAll(): void {
    for (const c of [...this.chunks.values()]) this.free(c);
    this.vmas.clear();
  }

  /** The chunks [addr, addr+len) needs that have no host memory yet (all must be mapped). */
  missing(addr: number, len: number): number[] {
    const out: number[] = [];
    if (len <= 0) return out;
    for (let k = Math.floor(addr / CHUNK), last = Math.floor((addr + len - 1) / CHUNK); k <= last; k++) {
      if (!this.chunks.has(k)) out.push(k);
    }
    return out;
  }

  /** Copy out of guest memory; the range must have been checked. Untouched chunks read as zero. */
  copyOut(addr: number, len: number, out: Uint8Array = new Uint8Array(len)): Uint8Array {
    const key0 = Math.floor(addr / CHUNK), off0 = addr - key0 * CHUNK;
    if (len <= SMALL && off0 + len <= CHUNK) {
      // A struct or a short buffer inside one chunk: a loop beats set()'s fixed cost.
      const c = this.chunks.get(key0);
      if (c) { const b = c.bytes; for (let i = 0; i < len; i++) out[i] = b[off0 + i]; }
      return out;
    }
    let a = addr, done = 0;
    while (done < len) {
      const key = Math.floor(a / CHUNK);
      const off = a - key * CHUNK;
      const n = Math.min(len - done, CHUNK - off);
      const c = this.chunks.get(key);
      if (c) out.set(c.bytes.subarray(off, off + n), done);
      done += n;
      a += n;
    }
    return out;
  }

  /** One byte of guest memory, as copyOut gives it; the address must have been checked. */
  byteAt(addr: number): number {
    const key = Math.floor(addr / CHUNK);
    const c = this.chunks.get(key);
    return c ? c.bytes[addr - key * CHUNK] : 0;
  }

  /** Copy into guest memory; the range must have been checked and its chunks backed. */
  copyIn(addr: number, data: Uint8Array): void {
    const key0 = Math.floor(addr / CHUNK), off0 = addr - key0 * CHUNK, len = data.length;
    if (len <= SMALL && off0 + len <= CHUNK) {
      const b = this.chunks.get(key0)!.bytes;
      for (let i = 0; i < len; i++) b[off0 + i] = data[i];
      return;
    }
    let a = addr, done = 0;
    while (done < data.length) {
      const key = Math.floor(a / CHUNK);
      const off = a - key * CHUNK;
      const n = Math.min(data.length - done, CHUNK - off);
      this.chunks.get(key)!.bytes.set(data.subarray(done, done + n), off);
      done += n;
      a += n;
    }
  }

  /** The prots of [addr, addr+len) OR-ed (the range must be mapped). */
  protsIn(addr: number, len: number): number {
    let p = 0;
    for (const v of this.vmas.pieces(addr, addr + len)) p |= v.prot;
    return p;
  }
}
