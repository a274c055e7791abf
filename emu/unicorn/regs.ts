// ABI register name -> Unicorn register id and the number of bytes uc_reg_read writes for it.
// Ids come from Debian's libunicorn-dev 2.0.1 headers (printed by a compiled C program); the
// widths were measured by reading each register into a buffer pre-filled with a marker byte.
// The width matters: uc_reg_read writes only that many bytes, so narrower registers must be
// masked after a batch read, and 128-bit ones cannot travel in a 64-bit batch slot.

import { UC_ARCH_ARM64, UC_ARCH_X86 } from './consts.js';

export interface UcReg {
  readonly id: number;
  /** Bytes Unicorn reads/writes for this register: 2, 4, 8 or 16. */
  readonly size: 2 | 4 | 8 | 16;
}

function table(entries: [string, number, 2 | 4 | 8 | 16][]): ReadonlyMap<string, UcReg> {
  return new Map(entries.map(([n, id, size]) => [n, { id, size }]));
}

const x86Entries: [string, number, 2 | 4 | 8 | 16][] = [
  ['rax', 35, 8], ['rbx', 37, 8], ['rcx', 38, 8], ['rdx', 40, 8],
  ['rsi', 43, 8], ['rdi', 39, 8], ['rbp', 36, 8], ['rsp', 44, 8],
  ['r8', 106, 8], ['r9', 107, 8], ['r10', 108, 8], ['r11', 109, 8],
  ['r12', 110, 8], ['r13', 111, 8], ['r14', 112, 8], ['r15', 113, 8],
  ['rip', 41, 8], ['rflags', 253, 8], ['eflags', 25, 4],
  ['fs_base', 250, 8], ['gs_base', 251, 8],
  ['cs', 11, 2], ['ss', 49, 2], ['ds', 17, 2], ['es', 28, 2], ['fs', 32, 2], ['gs', 33, 2],
  ['mxcsr', 249, 4], ['fpcw', 246, 2], ['fpsw', 31, 2], ['fptag', 247, 2],
];
// UC_X86_REG_ST0..ST7 (the x87 stack, relative to its top) are consecutive; Unicorn reads and
// writes 10 bytes of each (an 80-bit value), so a 16-byte slot's upper 6 bytes stay zero.
for (let i = 0; i < 8; i++) x86Entries.push([`st${i}`, 114 + i, 16]);
// UC_X86_REG_XMM0..XMM15 are consecutive.
for (let i = 0; i < 16; i++) x86Entries.push([`xmm${i}`, 122 + i, 16]);

const arm64Entries: [string, number, 2 | 4 | 8 | 16][] = [
  ['sp', 4, 8], ['pc', 260, 8], ['nzcv', 3, 4],
  ['tpidr_el0', 262, 8], ['tpidrro_el0', 263, 8],
  ['fpcr', 291, 4], ['fpsr', 292, 4], ['pstate', 265, 4],
];
// X0..X28 are consecutive; X29 (fp) and X30 (lr) have low ids of their own.
for (let i = 0; i <= 28; i++) arm64Entries.push([`x${i}`, 199 + i, 8]);
arm64Entries.push(['x29', 1, 8], ['x30', 2, 8], ['fp', 1, 8], ['lr', 2, 8]);
for (let i = 0; i < 32; i++) {
  arm64Entries.push([`q${i}`, 104 + i, 16], [`v${i}`, 228 + i, 16], [`d${i}`, 40 + i, 8], [`s${i}`, 136 + i, 4]);
}

export const x86_64Regs = table(x86Entries);
export const arm64Regs = table(arm64Entries);

/** The register table for a Unicorn architecture, or undefined if tricorn has none for it. */
export function ucRegisters(ucArch: number): ReadonlyMap<string, UcReg> | undefined {
  if (ucArch === UC_ARCH_X86) return x86_64Regs;
  if (ucArch === UC_ARCH_ARM64) return arm64Regs;
  return undefined;
}
