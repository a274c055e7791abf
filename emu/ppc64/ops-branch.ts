// Branches: b, bc, bclr, bcctr, bctar with every BO/BI/LK/AA combination, and `sc`.
//
// BO bits (ISA numbering BO0..BO4 = values 16, 8, 4, 2, 1): 16 = ignore the CR bit,
// 8 = the value the CR bit must have, 4 = do not touch CTR, 2 = branch when CTR reaches 0
// (else when it does not), and the remaining bits are hints. Relative targets are resolved
// at decode time, so a taken `b` is one store and a return.

import { Cpu, Op, ST_JUMP, ST_NEXT, ST_SC, LR, CTR } from './cpu.js';

const TWO32 = 4294967296;

/** Set LR to the given (decode-time constant) return address. */
function linkHalves(ret: number): [number, number] {
  return [(ret % TWO32) | 0, Math.floor(ret / TWO32) | 0];
}

/** b / ba / bl / bla with an absolute target computed at decode time. */
export function branch(target: number, lk: boolean, pc: number): Op {
  if (!lk) return (c) => { c.npc = target; return ST_JUMP; };
  const [rl, rh] = linkHalves(pc + 4);
  return (c) => { c.g[LR] = rl; c.g[LR + 1] = rh; c.npc = target; return ST_JUMP; };
}

/** Decrement CTR and report whether the BO condition on it holds. */
function ctrOk(c: Cpu, branchIfZero: boolean): boolean {
  const g = c.g;
  const l = g[CTR];
  g[CTR] = l - 1;
  if (l === 0) g[CTR + 1] = g[CTR + 1] - 1;
  const zero = (g[CTR] | g[CTR + 1]) === 0;
  return zero === branchIfZero;
}

/**
 * The condition of a bc-family branch as a function of the CPU, with CTR updated as a side
 * effect. Returned specialised for the BO patterns compilers use.
 */
function condition(bo: number, bi: number): ((c: Cpu) => boolean) | null {
  const useCr = (bo & 16) === 0, useCtr = (bo & 4) === 0;
  const m = 1 << (31 - bi);
  const want = (bo & 8) !== 0;
  const ifZero = (bo & 2) !== 0;
  if (!useCr && !useCtr) return null; // always
  if (useCr && !useCtr) {
    return want ? (c) => (c.cr & m) !== 0 : (c) => (c.cr & m) === 0;
  }
  if (!useCr) return (c) => ctrOk(c, ifZero);
  return (c) => ctrOk(c, ifZero) && ((c.cr & m) !== 0) === want;
}

/** bc with a relative or absolute target resolved at decode time. */
export function bc(bo: number, bi: number, target: number, lk: boolean, pc: number): Op {
  const cond = condition(bo, bi);
  const [rl, rh] = linkHalves(pc + 4);
  if (cond === null) return branch(target, lk, pc);
  const useCr = (bo & 16) === 0, useCtr = (bo & 4) === 0;
  if (!lk && useCr && !useCtr) {
    // beq/bne/blt/… : the hot conditional branches, without the indirect condition call.
    const m = 1 << (31 - bi);
    if (bo & 8) return (c) => { if ((c.cr & m) !== 0) { c.npc = target; return ST_JUMP; } return ST_NEXT; };
    return (c) => { if ((c.cr & m) === 0) { c.npc = target; return ST_JUMP; } return ST_NEXT; };
  }
  if (!lk && !useCr && useCtr && (bo & 2) === 0) {
    // bdnz
    return (c) => {
      const g = c.g;
      const l = g[CTR];
      g[CTR] = l - 1;
      if (l === 0) g[CTR + 1] = g[CTR + 1] - 1;
      if ((g[CTR] | g[CTR + 1]) !== 0) { c.npc = target; return ST_JUMP; }
      return ST_NEXT;
    };
  }
  return (c) => {
    // LR is written whether or not the branch is taken.
    if (lk) { c.g[LR] = rl; c.g[LR + 1] = rh; }
    if (cond(c)) { c.npc = target; return ST_JUMP; }
    return ST_NEXT;
  };
}

/** Register targets: LR (bclr), CTR (bcctr) or TAR (bctar, always 0 here). */
export const enum Via { LR, CTR, TAR }

export function bcreg(via: Via, bo: number, bi: number, lk: boolean, pc: number): Op {
  const cond = condition(bo, bi);
  const [rl, rh] = linkHalves(pc + 4);
  const src = via === Via.LR ? LR : CTR;
  if (via === Via.TAR) {
    return (c) => {
      if (lk) { c.g[LR] = rl; c.g[LR + 1] = rh; }
      if (cond === null || cond(c)) { c.npc = 0; return ST_JUMP; }
      return ST_NEXT;
    };
  }
  if (cond === null && !lk) {
    // blr / bctr
    return (c) => { const g = c.g; c.npc = g[src + 1] * TWO32 + ((g[src] & ~3) >>> 0); return ST_JUMP; };
  }
  return (c) => {
    const g = c.g;
    // The target is read before LR is written (bclrl branches to the old LR).
    const target = g[src + 1] * TWO32 + ((g[src] & ~3) >>> 0);
    if (lk) { g[LR] = rl; g[LR + 1] = rh; }
    if (cond === null || cond(c)) { c.npc = target; return ST_JUMP; }
    return ST_NEXT;
  };
}

export const sc: Op = () => ST_SC;
