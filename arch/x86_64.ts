// x86_64: System V psABI, Linux syscall convention.
import type { ArchDescriptor } from './types.js';
import { syscallNames } from './tables/x86_64.js';
import { tricornSyscalls } from './tricorn-syscalls.js';

const gprs = ['rax', 'rbx', 'rcx', 'rdx', 'rsi', 'rdi', 'rbp', 'rsp',
  'r8', 'r9', 'r10', 'r11', 'r12', 'r13', 'r14', 'r15'];

export const x86_64: ArchDescriptor = {
  name: 'x86_64',
  aliases: ['amd64', 'x86-64'],
  endian: 'little',
  pageSize: 4096,
  machine: 'x86_64',
  platform: 'x86_64',
  // CPUID.1:EDX as Linux reports it (fpu…sse2); glibc reads cpuid itself anyway.
  hwcap: 0x178bfbff,
  hwcap2: 0,
  auxv: [],
  engine: { kind: 'unicorn', ucArch: 4 /* UC_ARCH_X86 */, ucMode: 8 /* UC_MODE_64 */ },
  keystone: { arch: 'ARCH_X86', modes: ['MODE_64'] },
  capstone: { arch: 'ARCH_X86', modes: ['MODE_64'] },
  insnSize: 0,
  regs: {
    pc: 'rip',
    sp: 'rsp',
    link: null,
    threadPointer: 'fs_base',
    all: [...gprs, 'rip', 'rflags', 'fs_base'],
  },
  syscall: {
    trap: 'syscall',
    nr: 'rax',
    args: ['rdi', 'rsi', 'rdx', 'r10', 'r8', 'r9'],
    ret: 'rax',
    error: { style: 'negated' },
    // The syscall instruction itself puts the return rip in rcx and rflags in r11.
    clobbers: ['rcx', 'r11'],
    cloneArgs: ['flags', 'stack', 'parent_tid', 'child_tid', 'tls'],
    names: { ...syscallNames, ...tricornSyscalls },
  },
  elf: { machine: 62, entry: { style: 'direct' } },
  ctypes: { long: 8, pointer: 8, align8: 8 },
  stackAlign: 16,
  redZone: 128,
  terminal: { tcgets: 0x5401, stdTermios: '0005000005000000bf0400003b8a000000031c7f150400010011131a00120f1716000000' },
};
