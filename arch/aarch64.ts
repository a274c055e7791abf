// aarch64: AAPCS64, Linux syscall convention (svc #0).
import type { ArchDescriptor, SigRegSlot, UcRegEntry } from './types.js';
import { vdsoImage } from './vdso/image.js';
import { syscallNames } from './tables/aarch64.js';
import { genericSignatures, aarch64Signatures } from './tables/signatures.js';
import { tricornSyscalls, signatureTable } from './tricorn-syscalls.js';
import { genericFlags } from '../kernel/abi/flags.js';
import { epollEvent, statGeneric } from '../kernel/abi/structs.js';
import { fpsimdContext, rtSigframeAarch64, rtSigframeMembers, sigcontextAarch64, ucontextAarch64 } from '../kernel/abi/signal-structs.js';

const xregs = Array.from({ length: 31 }, (_, i) => `x${i}`);

// Unicorn ids (Debian's libunicorn-dev 2.0.1 arm64.h) and the bytes uc_reg_read writes for each.
const ucRegs: UcRegEntry[] = [
  ['sp', 4, 8], ['pc', 260, 8], ['nzcv', 3, 4],
  ['tpidr_el0', 262, 8], ['tpidrro_el0', 263, 8],
  ['fpcr', 291, 4], ['fpsr', 292, 4], ['pstate', 265, 4],
  // X0..X28 are consecutive; X29 (fp) and X30 (lr) have low ids of their own.
  ...Array.from({ length: 29 }, (_, i): UcRegEntry => [`x${i}`, 199 + i, 8]),
  ['x29', 1, 8], ['x30', 2, 8], ['fp', 1, 8], ['lr', 2, 8],
  ...Array.from({ length: 32 }, (_, i): UcRegEntry[] =>
    [[`q${i}`, 104 + i, 16], [`v${i}`, 228 + i, 16], [`d${i}`, 40 + i, 8], [`s${i}`, 136 + i, 4]]).flat(),
];

/** Built on first use (arch/tricorn-syscalls.ts). */
const signatures = signatureTable(genericSignatures, aarch64Signatures);

export const aarch64: ArchDescriptor = {
  name: 'aarch64',
  aliases: ['arm64'],
  endian: 'little',
  pageSize: 4096,
  machine: 'aarch64',
  compatMachine: 'armv8l',
  platform: 'aarch64',
  hwcap: 0x3, // HWCAP_FP | HWCAP_ASIMD
  hwcap2: 0,
  // Features as AT_HWCAP says; the identification is Unicorn's default CPU's MIDR (Cortex-A72 r0p3).
  cpuinfo: [
    'processor\t: 0', 'Features\t: fp asimd', 'CPU implementer\t: 0x41', 'CPU architecture: 8',
    'CPU variant\t: 0x0', 'CPU part\t: 0xd08', 'CPU revision\t: 3', '', '',
  ].join('\n'),
  auxv: [],
  vdso: vdsoImage('aarch64'),
  engine: {
    kind: 'unicorn', ucArch: 2 /* UC_ARCH_ARM64 */, ucMode: 0 /* UC_MODE_ARM, little endian */,
    regs: ucRegs,
    // `svc` raises EXCP_SWI (2) through UC_HOOK_INTR with the pc already past it; a pc the hook
    // writes is used as is.
    trap: { hook: 'intr', id: 2, pcOffset: 0, autoAdvance: 0 },
    // target/arm/cpu.h EXCP_*: UDEF 1, PREFETCH_ABORT 3, DATA_ABORT 4, BKPT 7. Unmapped and
    // protected accesses come through the memory hooks, so a data abort left here is alignment
    // (exclusive and atomic accesses); Unicorn does not set FAR_EL1 before the hook.
    exceptions: { 1: 'illegal-instruction', 3: 'fetch-protected', 4: 'alignment', 7: 'trap' },
    maxInsnBytes: 4,
    pageSize: 4096,
  },
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
    trapLoop: [0xd4000001, 0x17ffffff], // svc #0; b .-4
    nr: 'x8',
    args: ['x0', 'x1', 'x2', 'x3', 'x4', 'x5'],
    ret: 'x0',
    error: { style: 'negated' },
    clobbers: [],
    trapSize: 4,
    cloneArgs: ['flags', 'stack', 'parent_tid', 'tls', 'child_tid'],
    names: { ...syscallNames, ...tricornSyscalls },
    get signatures() { return signatures(); },
  },
  elf: { machine: 183, entry: { style: 'direct' } },
  // arm64's <asm/fcntl.h> moves four open flags.
  flags: { ...genericFlags, O_DIRECTORY: 0o40000, O_NOFOLLOW: 0o100000, O_DIRECT: 0o200000, O_LARGEFILE: 0o400000 },
  errnos: [],
  structs: { epoll_event: epollEvent, stat: statGeneric, sigcontext: sigcontextAarch64, ucontext: ucontextAarch64, rt_sigframe: rtSigframeAarch64, fpsimd_context: fpsimdContext },
  toolchain: { triple: 'aarch64-linux-gnu', apt: 'gcc-aarch64-linux-gnu', qemu: 'qemu-aarch64-static' },
  ctypes: { long: 8, pointer: 8, align8: 8 },
  stackAlign: 16,
  redZone: 0,
  terminal: { tcgets: 0x5401, stdTermios: '0005000005000000bf0400003b8a000000031c7f150400010011131a00120f1716000000' },
  signal: {
    minSigStkSz: 5120,
    illegalInstructionCode: 1, // ILL_ILLOPC: do_undefinstr
    redZone: 0,
    frameBias: 0,
    callerFrame: 0,
    // The frame record {fp, lr} of the interrupted code, which x29 points at in the handler.
    record: { size: 16, slots: [[0, 'x29'], [8, 'x30']], reg: 'x29' },
    ...rtSigframeMembers,
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
