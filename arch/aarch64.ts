// aarch64: AAPCS64, Linux syscall convention (svc #0).
import type { ArchDescriptor, SigRegSlot } from './types.js';
import { syscallNames } from './tables/aarch64.js';
import { genericSignatures, aarch64Signatures } from './tables/signatures.js';
import { tricornSignatures, tricornSyscalls } from './tricorn-syscalls.js';

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
    trapNote: 'a supervisor-call exception to EL1; the CPU saves the return address (the next instruction) in ELR_EL1 and PSTATE in SPSR_EL1; Linux ignores the immediate and takes the number from x8',
    nr: 'x8',
    args: ['x0', 'x1', 'x2', 'x3', 'x4', 'x5'],
    ret: 'x0',
    error: { style: 'negated' },
    clobbers: [],
    trapSize: 4,
    cloneArgs: ['flags', 'stack', 'parent_tid', 'tls', 'child_tid'],
    names: { ...syscallNames, ...tricornSyscalls },
    signatures: { ...genericSignatures, ...aarch64Signatures, ...tricornSignatures },
  },
  elf: { machine: 183, entry: { style: 'direct' } },
  ctypes: { long: 8, pointer: 8, align8: 8 },
  stackAlign: 16,
  redZone: 0,
  terminal: { tcgets: 0x5401, stdTermios: '0005000005000000bf0400003b8a000000031c7f150400010011131a00120f1716000000' },
  signal: {
    minSigStkSz: 5120,
    redZone: 0,
    frameBias: 0,
    callerFrame: 0,
    // The frame record {fp, lr} of the interrupted code, which x29 points at in the handler.
    record: { size: 16, slots: [[0, 'x29'], [8, 'x30']], reg: 'x29' },
    info: 'info',
    uc: 'uc',
    mcontext: 'uc.uc_mcontext',
    sigmask: 'uc.uc_sigmask',
    stack: 'uc.uc_stack',
    faultAddr: 'uc.uc_mcontext.fault_address',
    regs: [
      ...xregs.map((r, i): SigRegSlot => [`uc.uc_mcontext.regs[${i}]`, r]),
      ['uc.uc_mcontext.sp', 'sp'],
      ['uc.uc_mcontext.pc', 'pc'],
      ['uc.uc_mcontext.pstate', 'nzcv', { mask: 0xf0000000 }],
    ],
    consts: [],
    selfPtrs: [],
    areas: [{
      struct: 'fpsimd_context',
      inside: 'uc.uc_mcontext.__reserved',
      align: 16,
      regs: [['fpsr', 'fpsr'], ['fpcr', 'fpcr'],
        ...Array.from({ length: 32 }, (_, i): SigRegSlot => [`vregs[${i}]`, `q${i}`])],
      // FPSIMD_MAGIC and the record's size; a zero record after it ends the list.
      consts: [['head.magic', 0x46508001], ['head.size', 528]],
    }],
    entry: { always: [['x0', 'signo']], siginfo: [['x1', 'info'], ['x2', 'uc']], plain: [] },
    ret: { reg: 'x30', useRestorer: true },
    sigreturnFrame: 0,
    // mov x8, #139 (rt_sigreturn); svc #0 — what the vDSO's __kernel_rt_sigreturn holds.
    trampoline: [0xd2801168, 0xd4000001],
  },
};
