// Address-space bookkeeping on top of the engine's region list: finding free ranges for mmap,
// and mapping/unmapping ranges that may cover holes or several regions.
import { PROT_WRITE, type CpuEngine, type MemRegion } from '../emu/engine.js';
import type { Kernel } from './kernel.js';
import type { Task } from './task.js';
import { RLIMIT_AS, RLIMIT_DATA } from './rlimits.js';
import { ENOMEM } from './abi/errno.js';

/** The parts of [addr, addr+len) that are mapped, as (start, size, prot) pieces. */
export function mappedPieces(engine: CpuEngine, addr: number, len: number): MemRegion[] {
  const end = addr + len;
  const out: MemRegion[] = [];
  for (const r of engine.regions()) {
    const lo = Math.max(r.addr, addr);
    const hi = Math.min(r.addr + r.size, end);
    if (lo < hi) out.push({ addr: lo, size: hi - lo, prot: r.prot });
  }
  return out;
}

export function isFree(engine: CpuEngine, addr: number, len: number): boolean {
  return mappedPieces(engine, addr, len).length === 0;
}

export function isFullyMapped(engine: CpuEngine, addr: number, len: number): boolean {
  let covered = 0;
  for (const p of mappedPieces(engine, addr, len)) covered += p.size;
  return covered === len;
}

export function unmapRange(engine: CpuEngine, addr: number, len: number): void {
  for (const p of mappedPieces(engine, addr, len)) engine.unmap(p.addr, p.size);
}

/** The highest free range of `len` bytes that ends at or below `top` and starts at or above `floor`. */
export function findFreeTopDown(engine: CpuEngine, len: number, top: number, floor: number): number {
  const regions = engine.regions().filter((r) => r.addr < top).sort((x, y) => y.addr - x.addr);
  let limit = top;
  for (const r of regions) {
    const end = r.addr + r.size;
    if (end <= limit && limit - end >= len) return limit - len;
    limit = Math.min(limit, r.addr);
  }
  return limit - len >= floor ? limit - len : -1;
}

/** Lowest address mmap hands out without MAP_FIXED (Linux's default mmap_min_addr). */
export const MMAP_MIN = 0x10000;


/**
 * May the process map `len` more bytes? RLIMIT_AS bounds all its mappings, RLIMIT_DATA its
 * writable private ones (the stack aside, as Linux counts data_vm), and no single writable
 * request may exceed the run's memory limit (Linux's heuristic overcommit refuses a request
 * larger than the machine). 0 or -ENOMEM.
 */
export function mayMap(k: Kernel, t: Task, len: number, prot: number): number {
  let total = 0, data = 0;
  const mm = t.proc.mm;
  for (const r of mm.engine.regions()) {
    total += r.size;
    if (r.prot & PROT_WRITE) data += r.size - overlap(r.addr, r.size, mm.stackLow, mm.stackTop);
  }
  if (total + len > t.proc.rlimits.get(RLIMIT_AS)) return -ENOMEM;
  if (prot & PROT_WRITE) {
    if (data + len > t.proc.rlimits.get(RLIMIT_DATA) || len > k.memoryLimit) return -ENOMEM;
  }
  return 0;
}

/** Bytes of [a, a+n) inside [lo, hi). */
function overlap(a: number, n: number, lo: number, hi: number): number {
  return Math.max(0, Math.min(a + n, hi) - Math.max(a, lo));
}
