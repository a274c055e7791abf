// aarch64: AAPCS64, Linux syscall convention (svc #0).
import type { ArchDescriptor } from './types.js';
import { syscallNames } from './tables/aarch64.js';
import { tricornSyscalls } from './tricorn-syscalls.js';

const xregs = Array.from({ length: 31 }, (_, i) => `x${i}`);

export const aarch64: ArchDescriptor = {
  name: 'aarch64',
  aliases: ['arm64'],
  endian: 'little',
  pageSize: 4096,
  machine: 'aarch64',
  platform: 'aarch64',
  hwcap: 0x3, // HWCAP_FP | HWCAP_ASIMD
  hwcap2: 0,
  auxv: [],
  engine: { kind: 'unicorn', ucArch: 2 /* UC_ARCH_ARM64 */, ucMode: 0 /* UC_MODE_ARM, little endian */ },
  keystone: { arch: 'ARCH_ARM64', modes: ['MODE_LITTLE_ENDIAN'] },
  capstone: { arch: 'ARCH_ARM64', modes: ['MODE_ARM'] },
  insnSize: 4,
  regs: {
    pc: 'pc',
    sp: 'sp',
    link: 'x30',
    threadPointer: 'tpidr_el0',
    all: [...xregs, 'sp', 'pc', 'nzcv', 'tpidr_el0'],
  },
  syscall: {
    trap: 'svc #0',
    nr: 'x8',
    args: ['x0', 'x1', 'x2', 'x3', 'x4', 'x5'],
    ret: 'x0',
    error: { style: 'negated' },
    clobbers: [],
    cloneArgs: ['flags', 'stack', 'parent_tid', 'tls', 'child_tid'],
    names: { ...syscallNames, ...tricornSyscalls },
  },
  elf: { machine: 183, entry: { style: 'direct' } },
  ctypes: { long: 8, pointer: 8, align8: 8 },
  stackAlign: 16,
  redZone: 0,
  terminal: { tcgets: 0x5401, stdTermios: '0005000005000000bf0400003b8a000000031c7f150400010011131a00120f1716000000' },
};
