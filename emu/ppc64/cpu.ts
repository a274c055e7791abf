// The PPC64 register state and the small helpers every instruction family shares.
//
// 64-bit registers live as 32-bit halves in one Int32Array (low word at 2n, high word at
// 2n+1, the same order the CpuEngine interface uses), so the hot path never needs BigInt.
// XER's flag bits are kept as separate 0/1 fields because carrying adds read and write CA on
// every use; they are packed into the architected layout only for mfxer / readRegs.

import type { Memory } from './memory.js';

/** A decoded instruction. Returns one of the ST_* codes. */
export type Op = (c: Cpu) => number;

/** Fall through to the next instruction. */
export const ST_NEXT = 0;
/** Branch taken: the target is in c.npc. */
export const ST_JUMP = 1;
/** `sc`: the engine calls onSyscall with the PC past the instruction. */
export const ST_SC = 2;
/** `mftb`: the engine writes its instruction count into GPR c.tmp (it alone knows it). */
export const ST_TB = 3;
/** A trap instruction whose condition held. */
export const ST_TRAP = 4;
/** A word the engine does not implement. */
export const ST_ILLEGAL = 5;

/** Register-file slots (Int32Array indices) of LR and CTR, after the 32 GPRs. */
export const LR = 64;
export const CTR = 66;

// XER bits as the architecture places them in the 64-bit register (ISA bit 32 = 2^31 …).
export const XER_SO = 0x80000000;
export const XER_OV = 0x40000000;
export const XER_CA = 0x20000000;
export const XER_OV32 = 0x00080000;
export const XER_CA32 = 0x00040000;
/** Bits of XER that mtxer can set and mfxer returns besides the flags (the byte count). */
export const XER_COUNT = 0x7f;

// Float64Array element n occupies Int32Array elements 2n and 2n+1 in host byte order.
const hostLE = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;
/** Offsets of an FPR's low and high 32-bit words inside the raw Int32Array view. */
export const FLO = hostLE ? 0 : 1;
export const FHI = hostLE ? 1 : 0;

export class Cpu {
  /** GPR halves r0..r31, then LR (64, 65) and CTR (66, 67). */
  readonly g = new Int32Array(68);
  /**
   * FPRs 0-31, then four scratch slots (32-35) the VSX floating-point ops stage their
   * operands in, so they can reuse the FPU's register-numbered routines for any VSR.
   */
  readonly fbuf = new ArrayBuffer(36 * 8);
  readonly f = new Float64Array(this.fbuf);
  /** Raw view of the FPRs: word 2n+FLO / 2n+FHI of register n. */
  readonly fw = new Int32Array(this.fbuf);

  /**
   * The VSX registers as 32-bit words in ISA order (word 0 most significant), 4 per VSR.
   * VSR0-31 keep their doubleword 0 in the FPRs above (so scalar FP stays exactly as it was),
   * and only words 2, 3 here; VSR32-63 are the AltiVec VRs, all four words here.
   */
  readonly v = new Int32Array(256);
  /** VSCR (NJ set, as Linux starts a process) and VRSAVE. */
  vscr = 0x00010000;
  vrsave = 0;

  /** The 32-bit condition register, CR0 in the top nibble. */
  cr = 0;
  so = 0;
  ov = 0;
  ca = 0;
  ov32 = 0;
  ca32 = 0;
  xerCount = 0;
  fpscr = 0;

  pc = 0;
  /** Branch target of the instruction that returned ST_JUMP. */
  npc = 0;
  /** Scratch operand for ST_TB (target GPR). */
  tmp = 0;
  /** Set by compiled blocks: index of the faulting instruction, completed loop passes. */
  fk = 0;
  it = 0;
  /** Region protocol (jit.ts): entry/exit word index, instructions done, faulting block start. */
  ri = 0;
  rd = 0;
  fbs = 0;

  /** larx reservation: address (-1: none), size, and the value seen (qemu-style check). */
  resAddr = -1;
  resSize = 0;
  resLo = 0;
  resHi = 0;

  constructor(readonly mem: Memory) {}

  getXer(): number {
    return ((this.so ? XER_SO : 0) | (this.ov ? XER_OV : 0) | (this.ca ? XER_CA : 0) |
      (this.ov32 ? XER_OV32 : 0) | (this.ca32 ? XER_CA32 : 0) | this.xerCount) >>> 0;
  }

  setXer(v: number): void {
    this.so = (v >>> 31) & 1;
    this.ov = (v >>> 30) & 1;
    this.ca = (v >>> 29) & 1;
    this.ov32 = (v >>> 19) & 1;
    this.ca32 = (v >>> 18) & 1;
    this.xerCount = v & XER_COUNT;
  }

  /** Copy every register (not memory, not the reservation) from another CPU. */
  copyFrom(o: Cpu): void {
    this.g.set(o.g);
    this.f.set(o.f);
    this.v.set(o.v);
    this.vscr = o.vscr;
    this.vrsave = o.vrsave;
    this.cr = o.cr;
    this.so = o.so; this.ov = o.ov; this.ca = o.ca; this.ov32 = o.ov32; this.ca32 = o.ca32;
    this.xerCount = o.xerCount;
    this.fpscr = o.fpscr;
    this.pc = o.pc;
  }
}

/** CR0 from a 64-bit result: LT/GT/EQ by signed compare with 0, SO copied from XER. */
export function setCr0(c: Cpu, lo: number, hi: number): void {
  const f = hi < 0 ? 8 : (hi | lo) === 0 ? 2 : 4;
  c.cr = (c.cr & 0x0fffffff) | ((f | c.so) << 28);
}

/** Set CR field `bf` (0..7) to the 4-bit value v. */
export function setCrField(c: Cpu, bf: number, v: number): void {
  const sh = (7 - bf) * 4;
  c.cr = (c.cr & ~(15 << sh)) | (v << sh);
}

/** Record OV/OV32 for an OE=1 instruction; SO is sticky. */
export function setOv(c: Cpu, ov: number, ov32: number): void {
  c.ov = ov;
  c.ov32 = ov32;
  c.so |= ov;
}
