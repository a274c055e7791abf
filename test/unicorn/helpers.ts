// Shared helpers for the Unicorn engine tests: assemble a snippet with Keystone at a given
// address, set up a real Unicorn engine with the code mapped and a stack, and compare a
// libunicorn file against the system's on a hello.
import { createRequire } from 'node:module';
import { x86_64 } from '../../arch/x86_64.js';
import { aarch64 } from '../../arch/aarch64.js';
import type { ArchDescriptor } from '../../arch/types.js';
import { PROT_EXEC, PROT_READ, PROT_WRITE, type CpuEngine } from '../../emu/engine.js';
import { createUnicornEngine } from '../../emu/unicorn/engine.js';
import assert from 'node:assert/strict';
import { tricorn } from '../e2e/cli.js';

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

/** Where rewritingGuest's subroutine lives. */
export const SUB = CODE + 0x800;

/**
 * A guest (code RWX) that calls SUB (`mov ebx, 1; ret` / `mov x19, #1; ret`) and traps, stores
 * the `, 2` version over SUB's first 8 bytes (x86: mov ebx, 2 is 5 bytes, ret 1: the store
 * covers both; aarch64 with the cache maintenance Linux asks for), traps there too if
 * `trapAfterStore`, calls SUB again and traps. `reg` is the register SUB sets.
 */
export async function rewritingGuest(arch: ArchDescriptor, trapAfterStore: boolean): Promise<{ g: Guest; reg: string }> {
  const [one, two] = await Promise.all([1, 2].map((n) => assemble(arch, pick(arch, `mov ebx, ${n}\nret`, `mov x19, #${n}\nret`), SUB)));
  if (one.length > 8 || two.length > 8) throw new Error('SUB is longer than the 8 bytes stored over it');
  const word = two.slice(0, 8).reduce((v, x, i) => v + BigInt(x) * 256n ** BigInt(i), 0n);
  const trap = trapAfterStore ? pick(arch, 'syscall', 'svc #0') : '';
  const g = await guest(arch, pick(arch, `
    mov rdx, ${SUB}
    call rdx
    syscall
    mov rax, ${word}
    mov qword ptr [rdx], rax
    ${trap}
    call rdx
    syscall
  `, `
    mov x2, #${CODE}
    add x2, x2, #${SUB - CODE}
    blr x2
    svc #0
    ${[0, 16, 32, 48].map((sh) => `${sh ? 'movk' : 'movz'} x3, #${(word >> BigInt(sh)) & 0xffffn}, lsl #${sh}`).join('\n')}
    str x3, [x2]
    dc cvau, x2
    dsb ish
    ic ivau, x2
    dsb ish
    isb
    ${trap}
    blr x2
    svc #0
  `), PROT_READ | PROT_WRITE | PROT_EXEC);
  g.engine.load(SUB, one);
  return { g, reg: pick(arch, 'rbx', 'x19') };
}

/** `tricorn run` of each arch's hello on the libunicorn file `lib` does exactly as on the system's. */
export function assertHelloAsSystem(lib: string, archNames: readonly string[]): void {
  for (const arch of archNames) {
    const args = ['run', `test/guests/bin/${arch}/hello`, 'a', 'b'];
    const want = tricorn(args, { env: { TRICORN_UNICORN: 'system' } });
    const got = tricorn(args, { env: { TRICORN_UNICORN: lib } });
    assert.equal(want.stdout, `hello from ${arch}\nargc=3\nargv[0]=test/guests/bin/${arch}/hello\nargv[1]=a\nargv[2]=b\n`);
    assert.deepEqual({ ...got, stdoutBytes: null }, { ...want, stdoutBytes: null });
  }
}
