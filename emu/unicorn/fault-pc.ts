// Finding the exact pc of a faulting memory access.
//
// Unicorn 2.0.1 only writes the guest pc back at translation-block boundaries (and before each
// instruction when a UC_HOOK_CODE hook, such as the instruction-count hook, is present). When a
// load or store faults in the middle of a block, the pc read in the memory hook — and after
// uc_emu_start returns — is the block's first instruction, not the faulting one. The registers
// themselves are exact: every instruction before the faulting one has completed, the faulting
// one has not. Making the pc exact up front costs 10–16x on all guest code (measured), and a
// memory fault ends the guest, so the engine pays only when one happens:
//
//   1. ask Unicorn for the block at that pc (uc_ctl TB_REQUEST_CACHE: icount, size);
//   2. in a scratch uc instance with the same map (same addresses and prot, zero-filled, code
//      bytes copied), for each instruction of the block in order: restore the faulting register
//      state, execute that one instruction (count = 1, so Unicorn keeps the pc exact), and take
//      the first one that faults with the same access kind at the same address.
//
// Executing one instruction computes its address from the registers alone (the scratch memory
// holds zeros, so only data-dependent control flow could differ, and that ends a block), and
// scratch memory keeps the probe's stores away from the guest's. The answer is exact unless two
// instructions of the same block compute the same faulting address from the faulting state; then
// the first of them is reported. A block entered through a chained jump (translated blocks
// linked directly, the pc not written between them) still reports its own first instruction
// here: test/unicorn/faults.test.ts walks two chained blocks into a fault on x86_64 and
// aarch64, with and without the count hook, and gets the exact pc (and a store's on s390x).

import type { UnicornSpec } from '../../arch/types.js';
import { UC_CTL_TB_REQUEST, UC_ERR_OK, UC_HOOK_CODE, UC_HOOK_INSN, UC_HOOK_INTR,
  UC_HOOK_MEM_PROT, UC_HOOK_MEM_UNMAPPED, UC_MEM_WRITE_PROT, UC_PROT_WRITE, UC_TB_SIZE } from './consts.js';
import type { Ptr, UcLib } from './binding.js';
import { selectCpuModel } from './facts.js';
import { hookCallbacks, setHookTarget, type HookTarget } from './hooks.js';
import type { HostRegion } from './memory.js';

const UNTIL = 0xffff_ffff_ffff_ffffn;

export interface FaultProbe {
  uc: UcLib;
  /** The engine whose guest faulted (only queried, never run). */
  handle: Ptr;
  ucArch: number;
  ucMode: number;
  /** uc_context holding the faulting register state. */
  ctx: Ptr;
  regions: readonly HostRegion[];
  /** The pc Unicorn reported: the start of the block containing the fault. */
  syncPc: number;
  memType: number;
  addr: number;
  /** The architecture's Unicorn data: its trap hook and longest instruction. */
  spec: UnicornSpec;
}

class ProbeTarget implements HookTarget {
  memType = -1;
  addr = -1;
  firstSize = 0;
  constructor(private readonly uc: UcLib, private readonly handle: Ptr) {}
  onTrapInsn(): void { this.uc.uc_emu_stop(this.handle); }
  onCpuid(): boolean { return false; }
  onInterrupt(): void { this.uc.uc_emu_stop(this.handle); }
  onBadAccess(type: number, addr: number): boolean {
    if (this.memType < 0) { this.memType = type; this.addr = addr; }
    return false;
  }
  onCode(_addr: number, size: number): void {
    if (this.firstSize === 0) this.firstSize = size;
  }
  onBlock(): void {}
}

/** The address of the instruction that made the access, or syncPc if it cannot be found. */
export function findFaultingPc(p: FaultProbe): number {
  const { uc } = p;
  const tb = new Uint8Array(UC_TB_SIZE);
  if (uc.uc_ctl(p.handle, UC_CTL_TB_REQUEST, 'uint64_t', p.syncPc, 'void *', tb) !== UC_ERR_OK) return p.syncPc;
  const dv = new DataView(tb.buffer);
  const icount = dv.getUint16(8, true);
  const tbSize = dv.getUint16(10, true);
  if (icount <= 1) return p.syncPc;

  const out: (Ptr | null)[] = [null];
  if (uc.uc_open(p.ucArch, p.ucMode, out) !== UC_ERR_OK || out[0] === null) return p.syncPc;
  if (selectCpuModel(uc, out[0], p.spec) !== UC_ERR_OK) { uc.uc_close(out[0]); return p.syncPc; }
  const scratch = out[0];
  try {
    // Writable everywhere but where a write-protection fault is sought: Unicorn 2.0.1's s390x
    // cannot fetch from a read-only uc_mem_map region (an addressing exception before the first
    // instruction; measured), and a store that would be refused elsewhere is not the fault sought.
    for (const r of p.regions) {
      const exact = p.memType === UC_MEM_WRITE_PROT && p.addr >= r.addr && p.addr < r.addr + r.size;
      const prot = exact ? r.prot & 7 : (r.prot & 7) | UC_PROT_WRITE;
      if (uc.uc_mem_map(scratch, r.addr, r.size, prot) !== UC_ERR_OK) return p.syncPc;
    }
    // The block's bytes (plus the longest instruction, in case the last one is cut).
    const codeEnd = p.syncPc + tbSize + p.spec.maxInsnBytes;
    for (const r of p.regions) {
      const a = Math.max(r.addr, p.syncPc), b = Math.min(r.addr + r.size, codeEnd);
      if (a < b) uc.uc_mem_write(scratch, a, r.bytes.subarray(a - r.addr, b - r.addr), b - a);
    }
    const target = new ProbeTarget(uc, scratch);
    const cb = hookCallbacks();
    const hh = [0];
    uc.uc_hook_add(scratch, hh, UC_HOOK_MEM_UNMAPPED | UC_HOOK_MEM_PROT, cb.mem, null, 1, 0);
    uc.uc_hook_add(scratch, hh, UC_HOOK_INTR, cb.intr, null, 1, 0);
    uc.uc_hook_add(scratch, hh, UC_HOOK_CODE, cb.code, null, 1, 0);
    if (p.spec.trap.hook === 'insn') {
      uc.uc_hook_add(scratch, hh, UC_HOOK_INSN, cb.trap, null, 1, 0, 'int', p.spec.trap.id);
    }
    let pc = p.syncPc;
    for (let k = 0; k < icount && pc < p.syncPc + tbSize; k++) {
      uc.uc_context_restore(scratch, p.ctx);
      target.memType = -1;
      target.firstSize = 0;
      const prev = setHookTarget(target);
      try {
        uc.uc_emu_start(scratch, pc, UNTIL, 0, 1);
      } finally {
        setHookTarget(prev);
      }
      if (target.memType === p.memType && target.addr === p.addr) return pc;
      if (target.firstSize === 0) break;
      pc += target.firstSize;
    }
    return p.syncPc;
  } finally {
    uc.uc_close(scratch);
  }
}
