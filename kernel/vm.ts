// Address-space bookkeeping on top of the engine's region list: finding free ranges for mmap,
// and mapping/unmapping ranges that may cover holes or several regions.
import type { CpuEngine, MemRegion } from '../emu/engine.js';

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
