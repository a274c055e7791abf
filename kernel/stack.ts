// The main thread's stack grows down on demand, as Linux's VM_GROWSDOWN stack does: an access
// (by the guest, or by the kernel on its behalf) to an unmapped address below the stack
// mapping extends the mapping down to that page, as long as the stack stays within
// RLIMIT_STACK (read at the time of the access, as Linux's acct_stack_growth does) and
// RLIMIT_AS, and a guard gap of 256 pages stays free between it and the mapping below
// (stack_guard_gap). Otherwise the access faults: SIGSEGV, as on Linux.
import { GUARD_GAP_PAGES } from './exec/load.js';
import { RLIMIT_AS, RLIMIT_STACK, type Rlimits } from './rlimits.js';
import type { AddressSpace } from './task.js';

/** Linux's mmap_min_addr: no stack grows below it. */
const MIN_ADDR = 0x10000;
/** Growth granularity: what one growth maps at most below the faulting page. */
const GROW_STEP = 1 << 20;

/** Extend mm's stack down to the page holding addr; false when it may not grow that far. */
export function growStack(mm: AddressSpace, rlimits: Rlimits, page: number, addr: number): boolean {
  if (!(addr < mm.stackLow) || addr < MIN_ADDR || mm.stackTop === 0) return false;
  const low = Math.floor(addr / page) * page;
  if (mm.stackTop - low > rlimits.get(RLIMIT_STACK)) return false;
  const regions = mm.engine.regions();
  // The stack mapping must still begin where it did (a munmap or mmap may have changed it).
  const i = regions.findIndex((r) => r.addr === mm.stackLow);
  if (i < 0) return false;
  const below = i > 0 ? regions[i - 1] : null;
  // A PROT_NONE mapping below needs no gap (Linux: only accessible neighbours keep one).
  if (below && below.addr + below.size + (below.prot !== 0 ? GUARD_GAP_PAGES * page : 0) > low) return false;
  // Grown a step at a time (GROW_STEP-aligned), never past what the limits and the gap allow,
  // so a deep recursion costs a few mappings rather than one per page.
  const floor = Math.max(mm.stackTop - Math.floor(rlimits.get(RLIMIT_STACK) / page) * page,
    below ? below.addr + below.size + (below.prot !== 0 ? GUARD_GAP_PAGES * page : 0) : MIN_ADDR, MIN_ADDR);
  let to = Math.max(Math.floor(low / GROW_STEP) * GROW_STEP, floor);
  let total = 0;
  for (const r of regions) total += r.size;
  const room = rlimits.get(RLIMIT_AS) - total;
  if (mm.stackLow - low > room) return false;
  if (mm.stackLow - to > room) to = low;
  mm.engine.map(to, mm.stackLow - to, regions[i].prot);
  mm.stackLow = to;
  return true;
}
