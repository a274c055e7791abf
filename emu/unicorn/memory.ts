// Guest memory for the Unicorn engine: the mappings are a list of ranges (emu/vma.ts); host
// memory exists only for the 1 MiB chunks of guest address space the guest has touched. The
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

import { unlimitedBudget, type MemoryBudget } from '../engine.js';
import { backedKeysIn, VmaList, type Vma } from '../vma.js';
import { hostView, type LibC, type Ptr } from './binding.js';

/** One touched chunk of guest address space and its host memory. */
export interface Chunk {
  key: number;
  host: Ptr;
  bytes: Uint8Array;
}

/** A mapped part of a chunk: what Unicorn has as one region. */
export interface HostRegion extends Vma {
  host: Ptr;
  bytes: Uint8Array;
}

const PROT_RW = 3;
const MAP_PRIVATE = 0x02;
const MAP_ANONYMOUS = 0x20;
const MAP_NORESERVE = 0x4000;
const MADV_DONTNEED = 4;
export const GUEST_PAGE = 4096;
export const CHUNK = 1 << 20;

export class GuestMemory {
  readonly vmas = new VmaList();
  readonly chunks = new Map<number, Chunk>();
  budget: MemoryBudget = unlimitedBudget();
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
    return this.vmas.pieces(Math.max(base, lo), Math.min(base + CHUNK, hi)).map((p) => ({
      ...p, host: c.host + BigInt(p.addr - base), bytes: c.bytes.subarray(p.addr - base, p.addr - base + p.size),
    }));
  }

  /** Every mapped part of every touched chunk (what Unicorn has mapped). */
  allParts(): HostRegion[] {
    const out: HostRegion[] = [];
    for (const k of [...this.chunks.keys()].sort((a, b) => a - b)) out.push(...this.partsOf(this.chunks.get(k)!));
    return out;
  }

  /** Host memory for the chunk holding addr, charged to the budget; null when none is left. */
  back(addr: number): Chunk | null {
    const key = Math.floor(addr / CHUNK);
    const b = this.budget;
    if (b.used + CHUNK > b.limit) return null;
    const host = this.libc.mmap(null, CHUNK, PROT_RW, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (host === 0n || host === -1n || host === 0xffffffffffffffffn) return null;
    b.used += CHUNK;
    const c: Chunk = { key, host, bytes: new Uint8Array(hostView(host, CHUNK)) };
    this.chunks.set(key, c);
    return c;
  }

  /** Give a chunk's host memory back (Unicorn has unmapped all of it). */
  free(c: Chunk): void {
    this.chunks.delete(c.key);
    this.libc.munmap(c.host, CHUNK);
    this.budget.used -= CHUNK;
  }

  /** Make [addr, addr+len) of a chunk read as zero and give back its host pages. */
  zero(c: Chunk, addr: number, len: number): void {
    const off = addr - c.key * CHUNK;
    const hp = this.hostPage;
    const lo = Math.ceil(off / hp) * hp, hi = Math.floor((off + len) / hp) * hp;
    if (lo < hi) {
      this.libc.madvise(c.host + BigInt(lo), hi - lo, MADV_DONTNEED);
      c.bytes.fill(0, off, lo);
      c.bytes.fill(0, hi, off + len);
    } else {
      c.bytes.fill(0, off, off + len);
    }
  }

  /**
   * Copy the resident host pages of a chunk into another (fresh, zero) one: a page the guest
   * never touched is not resident, reads as zero, and costs nothing to skip.
   */
  copyResident(src: Chunk, dst: Chunk): void {
    const hp = this.hostPage;
    const n = CHUNK / hp;
    const vec = new Uint8Array(n);
    if (this.libc.mincore(src.host, CHUNK, vec) !== 0) { dst.bytes.set(src.bytes); return; }
    let run = -1;
    for (let i = 0; i <= n; i++) {
      const resident = i < n && (vec[i] & 1) !== 0;
      if (resident && run < 0) run = i;
      else if (!resident && run >= 0) {
        dst.bytes.set(src.bytes.subarray(run * hp, i * hp), run * hp);
        run = -1;
      }
    }
  }

  /** Unmap every chunk (after uc_close: Unicorn must not touch them any more). */
  closeAll(): void {
    for (const c of [...this.chunks.values()]) this.free(c);
    this.vmas.list.length = 0;
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

  /** Copy into guest memory; the range must have been checked and its chunks backed. */
  copyIn(addr: number, data: Uint8Array): void {
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
