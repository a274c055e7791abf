// The guest's mappings as a sorted list of ranges with a protection each (Linux's VMAs), shared
// by both engines. It holds no memory: an engine backs only the pages (PPC64) or chunks
// (Unicorn) a guest touches, so a mapping of any size costs one record until it is used.
// Pure code (no Node API): emu/ppc64 uses it too.

import type { MemRegion } from './engine.js';

/**
 * Memory several address spaces map at once (MAP_SHARED): each engine implements it with its
 * own storage. `refs` counts the ranges of every VmaList that map it; at zero it is released.
 */
export interface SharedBacking {
  /** Bytes, page-aligned. */
  readonly size: number;
  refs: number;
  release(): void;
  /**
   * Copy its bytes at [offset, offset + dst.length) into dst (the kernel: a read() of a file
   * sees what the guest stored in the file's shared mappings, as Linux's page cache does).
   */
  read(offset: number, dst: Uint8Array): void;
  /**
   * Store src at offset, as a guest store would land (the kernel: a write() to a file reaches
   * its shared mappings). False when memory for it could not be had (the engine's budget).
   */
  write(offset: number, src: Uint8Array): boolean;
  /**
   * Make [offset, offset + len) read as zero (the kernel: a truncated file's mapped bytes past
   * its end), giving back the storage of whole pages rather than writing zeros into them.
   */
  zero(offset: number, len: number): void;
  /** Bytes of it that hold host memory now (SysV shm's SHM_INFO and /proc/sysvipc/shm: rss). */
  resident(): number;
}

export interface Vma {
  addr: number;
  size: number;
  prot: number;
  /** A MAP_SHARED range: what backs it, and the offset in it of `addr`. */
  shared?: SharedBacking;
  offset?: number;
}

function unref(v: Vma): void {
  if (v.shared && --v.shared.refs === 0) v.shared.release();
}

function ref(v: Vma): Vma {
  if (v.shared) v.shared.refs++;
  return v;
}

export class VmaList {
  /** Sorted by address, never overlapping (adjacent ranges may have equal prot). */
  readonly list: Vma[] = [];
  /** The last range find() returned: accesses come in runs in one mapping. */
  private hint = -1;

  /** Index of the range containing addr, or -1. */
  find(addr: number): number {
    const l = this.list;
    const h = this.hint;
    if (h >= 0 && h < l.length && addr >= l[h].addr && addr < l[h].addr + l[h].size) return h;
    let lo = 0, hi = l.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const r = l[mid];
      if (addr < r.addr) hi = mid - 1;
      else if (addr >= r.addr + r.size) lo = mid + 1;
      else return (this.hint = mid);
    }
    return -1;
  }

  /** The prot at addr plus `mappedBit`, or 0 when addr is not mapped. */
  protAt(addr: number, mappedBit: number): number {
    const i = this.find(addr);
    return i < 0 ? 0 : mappedBit | this.list[i].prot;
  }

  /** Index of the first range ending above addr. */
  lowerBound(addr: number): number {
    const l = this.list;
    let lo = 0, hi = l.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (l[mid].addr + l[mid].size <= addr) lo = mid + 1; else hi = mid;
    }
    return lo;
  }

  overlaps(addr: number, size: number): boolean {
    const i = this.lowerBound(addr);
    return i < this.list.length && this.list[i].addr < addr + size;
  }

  /** True when every byte of [addr, addr+len) is mapped with all bits of `need`. */
  accessible(addr: number, len: number, need: number): boolean {
    if (len === 0) return true;
    if (!(addr >= 0) || !(len > 0) || addr + len > Number.MAX_SAFE_INTEGER) return false;
    let i = this.find(addr);
    if (i < 0) return false;
    let a = addr;
    const end = addr + len;
    while (a < end) {
      const r = this.list[i++];
      if (!r || r.addr > a || (r.prot & need) !== need) return false;
      a = r.addr + r.size;
    }
    return true;
  }

  /** Record a new range (optionally of shared memory, from `offset` in it); the caller has checked that it overlaps nothing. */
  add(addr: number, size: number, prot: number, shared?: SharedBacking, offset = 0): void {
    this.list.splice(this.lowerBound(addr), 0, ref(shared ? { addr, size, prot, shared, offset } : { addr, size, prot }));
    this.hint = -1;
  }

  /** The shared memory mapped at addr and the offset in it, or null (private or unmapped). */
  sharedAt(addr: number): { mem: SharedBacking; offset: number } | null {
    const i = this.find(addr);
    const v = i < 0 ? null : this.list[i];
    return v?.shared ? { mem: v.shared, offset: v.offset! + (addr - v.addr) } : null;
  }

  /** Make addr a range boundary, splitting the range that contains it. */
  private splitAt(addr: number): void {
    const i = this.find(addr);
    if (i < 0 || this.list[i].addr === addr) return;
    const r = this.list[i];
    const tail: Vma = ref({ ...r, addr, size: r.addr + r.size - addr });
    if (r.shared) tail.offset = r.offset! + (addr - r.addr);
    r.size = addr - r.addr;
    this.list.splice(i + 1, 0, tail);
    this.hint = -1;
  }

  /** Forget [addr, addr+size) (holes are fine, as for munmap). */
  remove(addr: number, size: number): void {
    this.splitAt(addr);
    this.splitAt(addr + size);
    const i = this.lowerBound(addr);
    let j = i;
    while (j < this.list.length && this.list[j].addr < addr + size) j++;
    for (const v of this.list.splice(i, j - i)) unref(v);
    this.hint = -1;
  }

  /** Forget every range (the address space is going away). */
  clear(): void {
    for (const v of this.list.splice(0)) unref(v);
    this.hint = -1;
  }

  /** Set the prot of [addr, addr+size), which must be wholly mapped. */
  setProt(addr: number, size: number, prot: number): void {
    this.splitAt(addr);
    this.splitAt(addr + size);
    for (let i = this.lowerBound(addr); i < this.list.length && this.list[i].addr < addr + size; i++) {
      this.list[i].prot = prot;
    }
  }

  /** The mapped parts of [lo, hi), clipped, with their prot (fresh objects). */
  pieces(lo: number, hi: number): Vma[] {
    const out: Vma[] = [];
    for (let i = this.lowerBound(lo); i < this.list.length && this.list[i].addr < hi; i++) {
      const r = this.list[i];
      const a = Math.max(r.addr, lo), b = Math.min(r.addr + r.size, hi);
      if (a < b) out.push(r.shared ? { addr: a, size: b - a, prot: r.prot, shared: r.shared, offset: r.offset! + (a - r.addr) } : { addr: a, size: b - a, prot: r.prot });
    }
    return out;
  }

  /** regions() of the engine interface: copies, adjacent equal-prot private ranges merged. */
  snapshot(): MemRegion[] {
    const out: MemRegion[] = [];
    let lastShared = false;
    for (const r of this.list) {
      const last = out[out.length - 1];
      if (last && !lastShared && !r.shared && last.addr + last.size === r.addr && last.prot === r.prot) last.size += r.size;
      else out.push(r.shared ? { addr: r.addr, size: r.size, prot: r.prot, shared: true } : { addr: r.addr, size: r.size, prot: r.prot });
      lastShared = !!r.shared;
    }
    return out;
  }

  /** fork: the same ranges; shared ones map the same memory (one more reference each). */
  copyFrom(other: VmaList): void {
    this.clear();
    for (const r of other.list) this.list.push(ref({ ...r }));
    this.hint = -1;
  }
}

/**
 * The keys of the backed units (pages or chunks, `unit` bytes each) inside [addr, addr+size):
 * walks the range or the backed set, whichever is smaller, so a huge range costs in proportion
 * to what the guest touched.
 */
export function backedKeysIn<T>(backed: Map<number, T>, addr: number, size: number, unit: number): number[] {
  const first = Math.floor(addr / unit), end = Math.ceil((addr + size) / unit);
  const out: number[] = [];
  if (end - first <= backed.size) {
    for (let k = first; k < end; k++) if (backed.has(k)) out.push(k);
  } else {
    for (const k of backed.keys()) if (k >= first && k < end) out.push(k);
    out.sort((a, b) => a - b);
  }
  return out;
}
