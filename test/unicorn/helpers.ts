// Shared helpers for the Unicorn engine tests: assemble a snippet with Keystone at a given
// address, and set up a real Unicorn engine with the code mapped and a stack.
import { createRequire } from 'node:module';
import { x86_64 } from '../../arch/x86_64.js';
import { aarch64 } from '../../arch/aarch64.js';
import type { ArchDescriptor } from '../../arch/types.js';
import { PROT_EXEC, PROT_READ, PROT_WRITE, type CpuEngine } from '../../emu/engine.js';
import { createUnicornEngine } from '../../emu/unicorn/engine.js';

export const arches: readonly ArchDescriptor[] = [x86_64, aarch64];
export { x86_64, aarch64 };

export const CODE = 0x10000;
export const DATA = 0x200000;
export const STACK = 0x7fff0000;
export const STACK_SIZE = 0x10000;

/* eslint-disable @typescript-eslint/no-explicit-any */
let ksMod: any = null;

/** Machine code for `src`, assembled as if placed at `addr`. */
export async function assemble(arch: ArchDescriptor, src: string, addr = CODE): Promise<Uint8Array> {
  if (!ksMod) ksMod = await createRequire(import.meta.url)('@alexaltea/keystone-js')();
  const mode = arch.keystone!.modes.reduce((m, n) => m | ksMod[n], 0);
  const ks = new ksMod.Keystone(ksMod[arch.keystone!.arch], mode);
  try {
    const r = ks.asm(src, addr);
    if (r.failed || !r.mc?.length) throw new Error(`keystone failed on ${arch.name}:\n${src}`);
    return Uint8Array.from(r.mc);
  } finally {
    ks.close();
  }
}

/** Pick the x86_64 or aarch64 flavour of something. */
export function pick<T>(arch: ArchDescriptor, x86: T, arm: T): T {
  return arch.name === 'x86_64' ? x86 : arm;
}

export interface Guest {
  engine: CpuEngine;
  code: Uint8Array;
  /** Address of the byte after the code. */
  end: number;
}

/**
 * A fresh engine with `src` at CODE (mapped RX, or `codeProt`), a data page at DATA (RW), a
 * stack (RW) with sp near its top, and the pc at CODE.
 */
export async function guest(arch: ArchDescriptor, src: string,
  codeProt = PROT_READ | PROT_EXEC): Promise<Guest> {
  const code = await assemble(arch, src, CODE);
  const engine = createUnicornEngine(arch);
  const size = Math.ceil((code.length + 16) / 0x1000) * 0x1000;
  engine.map(CODE, size, codeProt);
  engine.load(CODE, code);
  engine.map(DATA, 0x1000, PROT_READ | PROT_WRITE);
  engine.map(STACK, STACK_SIZE, PROT_READ | PROT_WRITE);
  engine.setReg(arch.regs.sp, BigInt(STACK + STACK_SIZE - 0x100));
  engine.setPc(CODE);
  return { engine, code, end: CODE + code.length };
}

/** Offset of the n-th occurrence (from 0) of `needle` in the machine code. */
export function find(code: Uint8Array, needle: number[], nth = 0): number {
  for (let i = 0; i + needle.length <= code.length; i++) {
    if (needle.every((b, j) => code[i + j] === b) && nth-- === 0) return i;
  }
  throw new Error(`bytes ${needle.map((b) => b.toString(16)).join(' ')} not found`);
}

/** The trap instruction's bytes: x86 `syscall`, aarch64 `svc #0`. */
export function trapBytes(arch: ArchDescriptor): number[] {
  return pick(arch, [0x0f, 0x05], [0x01, 0x00, 0x00, 0xd4]);
}

/** Address right after the n-th trap instruction of a guest. */
export function afterTrap(g: Guest, arch: ArchDescriptor, nth = 0): number {
  const t = trapBytes(arch);
  return CODE + find(g.code, t, nth) + t.length;
}

/** Two 32-bit halves -> number (test values stay below 2^53). */
export function joined(words: Uint32Array, i: number): number {
  return words[2 * i] + words[2 * i + 1] * 0x1_0000_0000;
}
