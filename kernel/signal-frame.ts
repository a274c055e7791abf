// The signal frame: what the kernel writes on the guest's stack before running a handler, and
// reads back at rt_sigreturn. One implementation for every ABI — the arch descriptor's `signal`
// section says which rt_sigframe/ucontext/sigcontext members hold which register, where the
// extra state areas go (x86_64's FXSAVE area above the frame, aarch64's fpsimd record and
// ppc64's VMX area inside it), how the frame is placed and aligned, and which registers the
// handler starts with. The structs themselves are declared in kernel/abi/signal-structs.ts.

import type { ArchDescriptor, SigArea, SigEntryValue, SigRegSlot } from '../arch/types.js';
import type { CpuEngine } from '../emu/engine.js';
import { readScalarBig, writeScalar, type StructLayout } from './abi/struct.js';
import { structLayout } from './abi/structs.js';
import {
  SA_ONSTACK, SA_RESTORER, SA_SIGINFO, SS_DISABLE, SS_ONSTACK, onAltStack,
  type AltStack, type SigAction, type SigSet,
} from './signal-state.js';

const M64 = (1n << 64n) - 1n;
const roundDown = (n: number, a: number) => Math.floor(n / a) * a;
const roundUp = (n: number, a: number) => Math.ceil(n / a) * a;

function putSlot(buf: Uint8Array, off: number, width: number, value: bigint, little: boolean): void {
  if (width <= 8) { writeScalar(buf, off, width, value, little); return; }
  // A 128-bit register, stored as the ABI's vector store does: in the guest's byte order.
  const lo = value & M64, hi = (value >> 64n) & M64;
  writeScalar(buf, little ? off : off + 8, 8, lo, little);
  writeScalar(buf, little ? off + 8 : off, 8, hi, little);
}

function getSlot(buf: Uint8Array, off: number, width: number, little: boolean): bigint {
  if (width <= 8) return readScalarBig(buf, off, width, false, little);
  const lo = readScalarBig(buf, little ? off : off + 8, 8, false, little);
  const hi = readScalarBig(buf, little ? off + 8 : off, 8, false, little);
  return (hi << 64n) | lo;
}

function slotPlace(L: StructLayout, slot: SigRegSlot): [number, number] {
  const at = L.locate(slot[0]);
  return [at.offset, slot[2]?.width ?? at.size];
}

function saveRegs(engine: CpuEngine, L: StructLayout, slots: readonly SigRegSlot[], buf: Uint8Array, base: number): void {
  const little = L.endian === 'little';
  for (const s of slots) {
    const [off, width] = slotPlace(L, s);
    putSlot(buf, base + off, width, engine.getReg(s[1]) | BigInt(s[2]?.set ?? 0), little);
  }
}

function restoreRegs(engine: CpuEngine, L: StructLayout, slots: readonly SigRegSlot[], buf: Uint8Array, base: number): void {
  const little = L.endian === 'little';
  for (const s of slots) {
    if (s[2]?.restore === false) continue;
    const [off, width] = slotPlace(L, s);
    let v = getSlot(buf, base + off, width, little);
    const mask = s[2]?.mask;
    if (mask !== undefined) v = (engine.getReg(s[1]) & ~BigInt(mask)) | (v & BigInt(mask));
    engine.setReg(s[1], v);
  }
}

function putMember(L: StructLayout, buf: Uint8Array, member: string, value: number | bigint, base = 0): void {
  const at = L.locate(member);
  writeScalar(buf, base + at.offset, at.size, value, L.endian === 'little');
}

function getMember(L: StructLayout, buf: Uint8Array, member: string, base = 0): bigint {
  const at = L.locate(member);
  return readScalarBig(buf, base + at.offset, at.size, false, L.endian === 'little');
}

export interface FrameRequest {
  sig: number;
  /** The siginfo, already encoded for this ABI (128 bytes). */
  info: Uint8Array;
  act: SigAction;
  /** The mask rt_sigreturn puts back (the one in force before the handler). */
  mask: SigSet;
  altStack: AltStack;
  /** Address of the signal page's rt_sigreturn trampoline (0: none). */
  trampoline: number;
  /** The faulting address, for fault signals. */
  faultAddr: number;
}

/** uc_stack.ss_flags as sigaltstack reports it for a stack pointer. */
export function altStackFlags(alt: AltStack, sp: number): number {
  if (alt.flags === SS_DISABLE) return SS_DISABLE;
  return onAltStack(alt, sp) ? SS_ONSTACK : 0;
}

/**
 * Write the frame and point the registers at the handler. Returns false when the frame cannot
 * be written (a bad stack, an x86_64 handler without SA_RESTORER, an altstack overflow): the
 * caller then kills with SIGSEGV, as Linux's force_sigsegv does.
 */
export function buildFrame(arch: ArchDescriptor, engine: CpuEngine, req: FrameRequest): boolean {
  const S = arch.signal;
  const F = structLayout('rt_sigframe', arch);
  const little = arch.endian === 'little';
  const sp = Number(engine.getReg(arch.regs.sp));
  const alt = req.altStack;
  const switchStack = (req.act.flags & SA_ONSTACK) !== 0 && alt.flags !== SS_DISABLE && !onAltStack(alt, sp);
  const onAlt = switchStack || onAltStack(alt, sp);
  let p = switchStack ? alt.sp + alt.size : sp - S.redZone;

  let recordAddr = 0;
  if (S.record) { p = roundDown(p - S.record.size, 16); recordAddr = p; }
  const above: { area: SigArea; L: StructLayout; addr: number }[] = [];
  for (const area of S.areas) {
    if (area.inside) continue;
    const L = structLayout(area.struct, arch);
    p = roundDown(p - L.size, area.align);
    above.push({ area, L, addr: p });
  }
  const frame = roundDown(p - F.size, S.frameAlign ?? 16) + S.frameBias;
  const newSp = frame - S.callerFrame;
  // Running off the bottom of the alternate stack: Linux refuses to build the frame.
  if (onAlt && newSp <= alt.sp) return false;

  const buf = new Uint8Array(F.size);
  buf.set(req.info, F.offsetOf(S.info));
  for (const [m, v] of S.consts) putMember(F, buf, m, v);
  putMember(F, buf, `${S.stack}.ss_sp`, alt.sp);
  putMember(F, buf, `${S.stack}.ss_flags`, altStackFlags(alt, sp));
  putMember(F, buf, `${S.stack}.ss_size`, alt.size);
  saveRegs(engine, F, S.regs, buf, 0);
  putMember(F, buf, S.sigmask, req.mask);
  if (S.oldmask) putMember(F, buf, S.oldmask, req.mask & 0xffffffffn);
  if (S.signo) putMember(F, buf, S.signo, req.sig);
  if (S.backchain) putMember(F, buf, S.backchain, sp);
  if (S.handler) putMember(F, buf, S.handler, req.act.handler);
  if (S.faultAddr) putMember(F, buf, S.faultAddr, req.faultAddr);
  for (const [ptr, target] of S.selfPtrs) putMember(F, buf, ptr, frame + F.offsetOf(target));
  for (const area of S.areas) {
    if (!area.inside) continue;
    const L = structLayout(area.struct, arch);
    const off = roundUp(frame + F.offsetOf(area.inside), area.align) - frame;
    for (const [m, v] of area.consts) putMember(L, buf, m, v, off);
    saveRegs(engine, L, area.regs, buf, off);
    if (area.pointer) putMember(F, buf, area.pointer, frame + off);
  }
  const writes: [number, Uint8Array][] = [];
  for (const { area, L, addr } of above) {
    const b = new Uint8Array(L.size);
    for (const [m, v] of area.consts) putMember(L, b, m, v);
    saveRegs(engine, L, area.regs, b, 0);
    if (area.pointer) putMember(F, buf, area.pointer, addr);
    writes.push([addr, b]);
  }
  if ('member' in S.ret) {
    if (!(req.act.flags & SA_RESTORER)) return false;
    putMember(F, buf, S.ret.member, req.act.restorer);
  }
  if (S.record) {
    const b = new Uint8Array(S.record.size);
    for (const [off, reg] of S.record.slots) writeScalar(b, off, 8, engine.getReg(reg), little);
    writes.push([recordAddr, b]);
  }
  if (S.callerFrame) {
    const b = new Uint8Array(8);
    writeScalar(b, 0, 8, sp, little);
    writes.push([newSp, b]);
  }
  // The interrupted code's red zone is never written, even where the frame spans it (ppc64's
  // abigap is there to cover it): Linux stores the frame's members one by one and skips the gap.
  const untouched = switchStack ? Infinity : sp - arch.redZone;
  writes.push([frame, buf.subarray(0, Math.max(0, Math.min(F.size, untouched - frame)))]);

  // Where the handler starts: the ELF entry convention says how a function pointer is called.
  let pc = req.act.handler;
  const entry = arch.elf.entry;
  let toc: number | null = null;
  if (entry.style === 'descriptor') {
    const d = engine.read(req.act.handler, 16);
    if (!d) return false;
    pc = Number(readScalarBig(d, 0, 8, false, little));
    toc = Number(readScalarBig(d, 8, 8, false, little));
  }
  for (const [addr, b] of writes) if (!engine.write(addr, b)) return false;

  const value = (v: SigEntryValue): number => {
    switch (v) {
      case 'signo': return req.sig;
      case 'info': return frame + F.offsetOf(S.info);
      case 'uc': return frame + F.offsetOf(S.uc);
      case 'mcontext': return frame + F.offsetOf(S.mcontext);
      case 'frame': return frame;
      case 'zero': return 0;
    }
  };
  const siginfo = (req.act.flags & SA_SIGINFO) !== 0;
  for (const [reg, v] of [...S.entry.always, ...(siginfo ? S.entry.siginfo : S.entry.plain)]) {
    engine.setReg(reg, BigInt(value(v)));
  }
  if (S.record) engine.setReg(S.record.reg, BigInt(recordAddr));
  if ('reg' in S.ret) {
    const ret = S.ret.useRestorer && (req.act.flags & SA_RESTORER) ? req.act.restorer : req.trampoline;
    engine.setReg(S.ret.reg, BigInt(ret));
  }
  if (entry.style === 'direct-with-reg') engine.setReg(entry.reg, BigInt(pc));
  if (toc !== null && entry.style === 'descriptor') engine.setReg(entry.tocReg, BigInt(toc));
  engine.setReg(arch.regs.sp, BigInt(newSp));
  engine.setPc(pc);
  return true;
}

export interface Restored {
  mask: SigSet;
  stack: { sp: number; flags: number; size: number };
}

/** rt_sigreturn: read the frame at sp and put every register back. Null: a bad frame (SIGSEGV). */
export function restoreFrame(arch: ArchDescriptor, engine: CpuEngine): Restored | null {
  const S = arch.signal;
  const F = structLayout('rt_sigframe', arch);
  const frame = Number(engine.getReg(arch.regs.sp)) + S.sigreturnFrame;
  const buf = engine.read(frame, F.size);
  if (!buf) return null;
  // Check every area before changing any register: a corrupted frame changes nothing.
  const areas: { area: SigArea; L: StructLayout; bytes: Uint8Array; base: number }[] = [];
  for (const area of S.areas) {
    const L = structLayout(area.struct, arch);
    let bytes = buf;
    let base: number;
    if (area.inside && !area.pointer) {
      base = roundUp(frame + F.offsetOf(area.inside), area.align) - frame;
    } else {
      const addr = Number(getMember(F, buf, area.pointer!));
      if (addr === 0) continue; // no such state saved: the registers keep their values
      const b = engine.read(addr, L.size);
      if (!b || addr % area.align) return null;
      bytes = b;
      base = 0;
    }
    for (const [m, v] of area.consts) if (getMember(L, bytes, m, base) !== BigInt(v)) return null;
    areas.push({ area, L, bytes, base });
  }
  restoreRegs(engine, F, S.regs, buf, 0);
  for (const { area, L, bytes, base } of areas) restoreRegs(engine, L, area.regs, bytes, base);
  return {
    mask: getMember(F, buf, S.sigmask),
    stack: {
      sp: Number(getMember(F, buf, `${S.stack}.ss_sp`)),
      flags: Number(BigInt.asIntN(32, getMember(F, buf, `${S.stack}.ss_flags`))),
      size: Number(getMember(F, buf, `${S.stack}.ss_size`)),
    },
  };
}
