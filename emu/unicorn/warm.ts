// Warm spares: a closed engine's uc instance kept with its guest memory still mapped and its
// translated code still in place, for the next fork to take (engine.ts, clone()).
//
// A fork+wait loop closes one child and opens the next over the same address space: the same
// regions at the same addresses, the same code. Emptying the spare instance at close (every
// region unmapped, its code dropped) and filling it again at the next fork cost the most of a
// fork: each uc_mem_map_ptr and uc_mem_unmap rebuilds QEMU's whole memory map (flat view and
// dispatch tree) and flushes the TLB, ~10 regions each way; and the child translated again
// every block it ran (glibc's fork return path, _exit), writing the code into fresh pages of
// its code buffer. A warm spare keeps all of it: the next fork maps only the regions that
// differ, copies the parent's bytes into the same host pages, and keeps the translations of
// every executable region whose bytes are still the same (the others are dropped).

import { PROT_EXEC } from '../engine.js';
import type { Chunk, FixedOrigin, HostRegion } from './memory.js';

/** What a warm spare holds: its chunks by key (still mapped in the instance) and its regions. */
export interface WarmMemory {
  chunks: Map<number, Chunk>;
  regions: HostRegion[];
  /** Whose read-only bytes its regions without PROT_WRITE hold (GuestMemory.fixedIdentity). */
  fixed: FixedOrigin;
}

/** Whether two read-only identities are the same address space's at the same version. */
export const sameFixed = (a: FixedOrigin, b: FixedOrigin): boolean => a.id === b.id && a.version === b.version;

/** A warm spare keeps at most this many chunks (CHUNK each), and all of them together this many. */
export const WARM_CHUNKS = 16;
export const WARM_TOTAL = 32;

/** Chunks held by warm spares now (outside every guest's budget, as the spare chunks are). */
let held = 0;

/** Whether an address space of `n` chunks may be kept warm now; if so, it is counted as held. */
export function holdWarm(n: number): boolean {
  if (n > WARM_CHUNKS || held + n > WARM_TOTAL) return false;
  held += n;
  return true;
}

/** A warm spare's chunks are taken (by a fork or to be emptied). */
export function releaseWarm(n: number): void {
  held -= n;
}

/** Chunks held warm now (tests). */
export function warmHeld(): number {
  return held;
}

/** One mapped region, as Unicorn has it: the same address, size and rights, private memory. */
function sameRegion(a: HostRegion, b: HostRegion): boolean {
  return a.addr === b.addr && a.size === b.size && a.prot === b.prot && a.host === b.host && !a.shared && !b.shared;
}

/**
 * What moving an instance from the regions it has to the regions wanted takes: the regions to
 * unmap (`gone`), those to map (`added`), and those already there (`kept`). A region kept must
 * be the very same (address, size, rights, host memory; shared memory is never kept: its pages
 * are put in place by mremap after the copy).
 */
export function diffRegions(has: readonly HostRegion[], want: readonly HostRegion[]):
  { gone: HostRegion[]; added: HostRegion[]; kept: HostRegion[] } {
  const byAddr = new Map<number, HostRegion>();
  for (const r of has) byAddr.set(r.addr, r);
  const kept: HostRegion[] = [], added: HostRegion[] = [];
  const keep = new Set<HostRegion>();
  for (const w of want) {
    const h = byAddr.get(w.addr);
    if (h && sameRegion(h, w)) { kept.push(w); keep.add(h); } else added.push(w);
  }
  return { gone: has.filter((r) => !keep.has(r)), added, kept };
}

/** Whether a region may hold translated code. */
export const executable = (r: HostRegion): boolean => (r.prot & PROT_EXEC) !== 0;
