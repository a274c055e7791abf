// Guest memory for the Unicorn engine: host pages the engine mmaps itself and hands to Unicorn
// with uc_mem_map_ptr, plus the JS-side region map (address, size, prot) over them.
//
// Owning the memory gives three things Unicorn's own allocation would not:
// - the kernel's read()/write() are plain typed-array copies, with no FFI call and with the
//   user-access checks done here (uc_mem_read/uc_mem_write ignore protection anyway);
// - clone() copies memory with TypedArray.set instead of uc_mem_read/uc_mem_write;
// - a second uc instance can map the very same pages (engine.ts uses that to leave the
//   instruction-counting mode without Unicorn's full translation-cache flush).
// Unicorn keeps no copy: guest stores land in these pages, and JS sees them at once.

import { EngineError, type MemRegion } from '../engine.js';
import { hostView, type LibC, type Ptr } from './binding.js';

/** One mapped range. Pieces split off a mapping share its host pages (host/bytes are offsets). */
export interface HostRegion {
  addr: number;
  size: number;
  prot: number;
  host: Ptr;
  bytes: Uint8Array;
}

const PROT_RW = 3;
const MAP_PRIVATE = 0x02;
const MAP_ANONYMOUS = 0x20;
const MAP_NORESERVE = 0x4000;
export const GUEST_PAGE = 4096;

export class GuestMemory {
  /** Sorted by address, never overlapping. */
  readonly list: HostRegion[] = [];
  private readonly hostPage: number;

  constructor(private readonly libc: LibC) {
    this.hostPage = libc.getpagesize();
  }

  /** Index of the region containing addr, or -1. */
  find(addr: number): number {
    const l = this.list;
    let lo = 0, hi = l.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const r = l[mid];
      if (addr < r.addr) hi = mid - 1;
      else if (addr >= r.addr + r.size) lo = mid + 1;
      else return mid;
    }
    return -1;
  }

  /** Index of the first region ending above addr (where a region at addr would be inserted). */
  private lowerBound(addr: number): number {
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

  /** Fresh zeroed host pages for [addr, addr+size), recorded but not yet given to Unicorn. */
  allocate(addr: number, size: number, prot: number): HostRegion {
    const host = this.libc.mmap(null, size, PROT_RW, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (host === 0n || host === -1n || host === 0xffffffffffffffffn) {
      throw new EngineError(`cannot allocate ${size} bytes of host memory for guest 0x${addr.toString(16)}`);
    }
    const r: HostRegion = { addr, size, prot, host, bytes: new Uint8Array(hostView(host, size)) };
    this.list.splice(this.lowerBound(addr), 0, r);
    return r;
  }

  /** Make addr a region boundary, splitting the region that contains it. */
  private splitAt(addr: number): void {
    const i = this.find(addr);
    if (i < 0 || this.list[i].addr === addr) return;
    const r = this.list[i];
    const off = addr - r.addr;
    const tail: HostRegion = {
      addr, size: r.size - off, prot: r.prot,
      host: r.host + BigInt(off), bytes: r.bytes.subarray(off),
    };
    r.size = off;
    r.bytes = r.bytes.subarray(0, off);
    this.list.splice(i + 1, 0, tail);
  }

  /** The regions inside [addr, addr+size), split at both ends so they lie wholly inside. */
  piecesIn(addr: number, size: number): HostRegion[] {
    this.splitAt(addr);
    this.splitAt(addr + size);
    const out: HostRegion[] = [];
    for (let i = this.lowerBound(addr); i < this.list.length && this.list[i].addr < addr + size; i++) {
      out.push(this.list[i]);
    }
    return out;
  }

  /** Forget the given pieces (already unmapped from Unicorn) and give their pages back. */
  release(pieces: HostRegion[], freeHost: boolean): void {
    for (const p of pieces) {
      const i = this.list.indexOf(p);
      if (i >= 0) this.list.splice(i, 1);
      // Only whole host pages can go back; with a larger host page size the pages stay
      // reserved until the engine closes (see closeAll).
      if (freeHost && Number(p.host % BigInt(this.hostPage)) === 0 && p.size % this.hostPage === 0) {
        this.libc.munmap(p.host, p.size);
      } else if (freeHost) {
        this.leftovers.push(p);
      }
    }
  }
  private readonly leftovers: HostRegion[] = [];

  /** Unmap every host page (after uc_close: Unicorn must not touch them any more). */
  closeAll(): void {
    for (const p of this.list.concat(this.leftovers)) {
      const start = p.host - (p.host % BigInt(this.hostPage));
      const end = p.host + BigInt(p.size);
      const len = Number(end - start);
      this.libc.munmap(start, Math.ceil(len / this.hostPage) * this.hostPage);
    }
    this.list.length = 0;
    this.leftovers.length = 0;
  }

  /** regions() of the engine interface: copies, adjacent equal-prot regions merged. */
  snapshot(): MemRegion[] {
    const out: MemRegion[] = [];
    for (const r of this.list) {
      const last = out[out.length - 1];
      if (last && last.addr + last.size === r.addr && last.prot === r.prot) last.size += r.size;
      else out.push({ addr: r.addr, size: r.size, prot: r.prot });
    }
    return out;
  }

  /**
   * Check that [addr, addr+len) is mapped and every byte has `need` in its prot (0: mapped is
   * enough). Returns false without side effects otherwise.
   */
  accessible(addr: number, len: number, need: number): boolean {
    if (len === 0) return true;
    if (!(addr >= 0) || addr + len > Number.MAX_SAFE_INTEGER) return false;
    let a = addr;
    const end = addr + len;
    let i = this.find(a);
    if (i < 0) return false;
    while (a < end) {
      const r = this.list[i];
      if (!r || r.addr > a || (r.prot & need) !== need) return false;
      a = r.addr + r.size;
      i++;
    }
    return true;
  }

  /** Copy out of guest memory; the range must have been checked. */
  copyOut(addr: number, len: number, out: Uint8Array = new Uint8Array(len)): Uint8Array {
    let a = addr, done = 0;
    let i = this.find(a);
    while (done < len) {
      const r = this.list[i++];
      const off = a - r.addr;
      const n = Math.min(len - done, r.size - off);
      out.set(r.bytes.subarray(off, off + n), done);
      done += n;
      a += n;
    }
    return out;
  }

  /**
   * Copy a region's bytes into a fresh (zero-filled) one of the same size for clone(), page by
   * page, skipping pages that are all zero: the fresh pages are faulted in only when written,
   * and a page fault costs more than checking a page, so mostly-untouched regions (stacks,
   * reserved heap) copy for almost nothing.
   */
  copyNonZeroPages(src: Uint8Array, dst: Uint8Array): void {
    const words = new Int32Array(src.buffer, src.byteOffset, src.length >> 2);
    const perPage = GUEST_PAGE >> 2;
    let runStart = -1;
    const pages = src.length / GUEST_PAGE;
    for (let p = 0; p <= pages; p++) {
      let zero = true;
      if (p < pages) {
        for (let i = p * perPage, end = i + perPage; i < end; i++) if (words[i] !== 0) { zero = false; break; }
      }
      if (!zero && runStart < 0) runStart = p;
      else if (zero && runStart >= 0) {
        dst.set(src.subarray(runStart * GUEST_PAGE, p * GUEST_PAGE), runStart * GUEST_PAGE);
        runStart = -1;
      }
    }
  }

  /** Copy into guest memory; the range must have been checked. Returns the touched regions' prot OR-ed. */
  copyIn(addr: number, data: Uint8Array): number {
    let a = addr, done = 0, prots = 0;
    let i = this.find(a);
    while (done < data.length) {
      const r = this.list[i++];
      const off = a - r.addr;
      const n = Math.min(data.length - done, r.size - off);
      r.bytes.set(data.subarray(done, done + n), off);
      prots |= r.prot;
      done += n;
      a += n;
    }
    return prots;
  }
}
