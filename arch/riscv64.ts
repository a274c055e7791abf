// riscv64: the RISC-V LP64D psABI, Linux syscall convention (ecall). Runs on Unicorn.
// Everything riscv64-specific is here: adding it touched no file of the kernel or the engine.
import type { ArchDescriptor, SigRegSlot, UcRegEntry } from './types.js';
import { vdsoImage } from './vdso/image.js';
import { syscallNames } from './tables/riscv64.js';
import { genericSignatures, riscv64Signatures } from './tables/signatures.js';
import { tricornSyscalls, signatureTable } from './tricorn-syscalls.js';
import { genericFlags } from '../kernel/abi/flags.js';
import { aligned, array, defineStruct, defineUnion } from '../kernel/abi/struct.js';
import { epollEvent, statGeneric } from '../kernel/abi/structs.js';
import { rtSigframeMembers, siginfo, stackT } from '../kernel/abi/signal-structs.js';

/** x1..x31 by their ABI names, in register-number order (x0 is the zero register). */
const xnames = ['ra', 'sp', 'gp', 'tp', 't0', 't1', 't2', 's0', 's1',
  'a0', 'a1', 'a2', 'a3', 'a4', 'a5', 'a6', 'a7',
  's2', 's3', 's4', 's5', 's6', 's7', 's8', 's9', 's10', 's11', 't3', 't4', 't5', 't6'];

// Unicorn ids (Debian's libunicorn-dev 2.0.1 riscv.h: X0..X31 = 1..32, F0..F31 = 158..189,
// PC = 190, FFLAGS/FRM/FCSR = 41..43, MSTATUS = 116); uc_reg_read writes 8 bytes for each.
const ucRegs: UcRegEntry[] = [
  ['zero', 1, 8],
  ...xnames.map((n, i): UcRegEntry => [n, 2 + i, 8]),
  ...Array.from({ length: 32 }, (_, i): UcRegEntry => [`x${i}`, 1 + i, 8]),
  ...Array.from({ length: 32 }, (_, i): UcRegEntry => [`f${i}`, 158 + i, 8]),
  ['pc', 190, 8], ['fflags', 41, 8], ['frm', 42, 8], ['fcsr', 43, 8], ['mstatus', 116, 8],
];

// <asm/ptrace.h> struct user_regs_struct: pc, then x1..x31.
const userRegs = defineStruct('user_regs_struct', [['pc', 'ulong'], ...xnames.map((n): [string, 'ulong'] => [n, 'ulong'])]);
// union __riscv_fp_state: F, D or Q state; Linux saves the D layout (f[32] as u64, fcsr).
const fpState = defineUnion('__riscv_fp_state', [
  ['f', defineStruct('__riscv_f_ext_state', [['f', array('u32', 32)], ['fcsr', 'u32']])],
  ['d', defineStruct('__riscv_d_ext_state', [['f', array('u64', 32)], ['fcsr', 'u32']])],
  ['q', defineStruct('__riscv_q_ext_state', [['f', aligned(array('u64', 64), 16)], ['fcsr', 'u32'], ['reserved', array('u32', 3)]])],
]);
const sigcontext = defineStruct('sigcontext', [
  ['sc_regs', userRegs, 'pc and x1-x31'],
  ['sc_fpregs', fpState, 'f0-f31 and fcsr (the D layout)'],
], 'riscv64 uc_mcontext');
const ucontext = defineStruct('ucontext', [
  ['uc_flags', 'ulong'],
  ['uc_link', 'pointer'],
  ['uc_stack', stackT],
  ['uc_sigmask', 'ulong'],
  ['__unused', array('u8', 1024 / 8 - 8), 'room for glibc\'s 1024-bit sigset_t'],
  ['uc_mcontext', sigcontext],
], 'riscv64 struct ucontext');
// arch/riscv/kernel/signal.c: what sp points at when the handler starts.
const rtSigframe = defineStruct('rt_sigframe', [
  ['info', siginfo],
  ['uc', ucontext],
], 'riscv64: what sp points at when the handler starts');

// <asm-generic/signal.h> without SA_RESTORER: no sa_restorer member (the handler returns
// through the vDSO's trampoline).
const sigaction = defineStruct('sigaction', [
  ['sa_handler', 'pointer', 'SIG_DFL (0), SIG_IGN (1) or a function'],
  ['sa_flags', 'ulong', 'SA_* bits'],
  ['sa_mask', 'ulong', 'sigset_t: one unsigned long (64 signals)'],
], 'rt_sigaction(sig, act, oldact, sigsetsize)');

const mc = rtSigframeMembers.mcontext;

/** Built on first use (arch/tricorn-syscalls.ts). */
const signatures = signatureTable(genericSignatures, riscv64Signatures);

export const riscv64: ArchDescriptor = {
  name: 'riscv64',
  aliases: ['riscv', 'rv64'],
  endian: 'little',
  pageSize: 4096,
  machine: 'riscv64',
  compatMachine: 'riscv',
  platform: 'riscv64',
  // The ISA letters as bits (1 << (letter - 'A')): I, M, A, F, D, C — what Unicorn's CPU runs.
  hwcap: [...'IMAFDC'].reduce((m, c) => m | (1 << (c.charCodeAt(0) - 65)), 0),
  hwcap2: 0,
  // The ISA string AT_HWCAP spells (IMAFDC) and Linux's sv48 user address space.
  cpuinfo: ['processor\t: 0', 'hart\t\t: 0', 'isa\t\t: rv64imafdc', 'mmu\t\t: sv48', '', ''].join('\n'),
  auxv: [],
  vdso: vdsoImage('riscv64'),
  engine: {
    kind: 'unicorn', ucArch: 8 /* UC_ARCH_RISCV */, ucMode: 8 /* UC_MODE_RISCV64 */,
    regs: ucRegs,
    // ecall in user mode raises RISCV_EXCP_U_ECALL (8) with the pc already past it; a pc the
    // hook writes is used as is.
    trap: { hook: 'intr', id: 8, pcOffset: 0, autoAdvance: 0 },
    // target/riscv/cpu_bits.h RISCV_EXCP_*: misaligned fetch/load/store 0, 4, 6; illegal 2; breakpoint 3.
    // Unicorn moves the pc 4 bytes on at every exception, as for ecall (measured with a 2-byte
    // c.unimp and a 4-byte FP instruction): the faulting instruction is 4 bytes back.
    exceptionPcOffset: -4,
    exceptions: { 0: 'alignment', 2: 'illegal-instruction', 3: 'trap', 4: 'alignment', 6: 'alignment' },
    // mstatus.FS = Initial: Unicorn starts with the FPU off, and every FP instruction would trap.
    initRegs: [['mstatus', 0x2000]],
    maxInsnBytes: 4,
  },
  capstone: { arch: 'ARCH_RISCV', modes: ['MODE_RISCV64', 'MODE_RISCVC'] },
  toolchain: { triple: 'riscv64-linux-gnu', apt: 'gcc-riscv64-linux-gnu', qemu: 'qemu-riscv64-static' },
  // Compressed instructions are 2 bytes, the rest 4.
  insnSize: 0,
  regs: {
    pc: 'pc',
    sp: 'sp',
    link: 'ra',
    threadPointer: 'tp',
    all: [...xnames, 'pc'],
  },
  syscall: {
    trap: 'ecall',
    trapNote: 'an environment-call exception from U-mode to S-mode; the CPU saves the trap\'s own address in sepc (Linux moves it 4 on) and the cause in scause; Linux takes the number from a7',
    trapLoop: [0x00000073, 0xffdff06f], // ecall; j .-4
    nr: 'a7',
    args: ['a0', 'a1', 'a2', 'a3', 'a4', 'a5'],
    ret: 'a0',
    error: { style: 'negated' },
    clobbers: [],
    trapSize: 4,
    cloneArgs: ['flags', 'stack', 'parent_tid', 'tls', 'child_tid'],
    names: { ...syscallNames, ...tricornSyscalls },
    get signatures() { return signatures(); },
  },
  elf: { machine: 243, entry: { style: 'direct' } },
  flags: genericFlags,
  errnos: [],
  structs: { epoll_event: epollEvent, stat: statGeneric, sigaction, sigcontext, ucontext, rt_sigframe: rtSigframe },
  ctypes: { long: 8, pointer: 8, align8: 8 },
  stackAlign: 16,
  redZone: 0,
  terminal: { tcgets: 0x5401, stdTermios: '0005000005000000bf0400003b8a000000031c7f150400010011131a00120f1716000000' },
  signal: {
    minSigStkSz: 2048,
    illegalInstructionCode: 1, // ILL_ILLOPC: do_trap_insn_illegal
    redZone: 0,
    frameBias: 0,
    callerFrame: 0,
    record: null,
    ...rtSigframeMembers,
    regs: [
      [`${mc}.sc_regs.pc`, 'pc'],
      ...xnames.map((r): SigRegSlot => [`${mc}.sc_regs.${r}`, r]),
      ...Array.from({ length: 32 }, (_, i): SigRegSlot => [`${mc}.sc_fpregs.d.f[${i}]`, `f${i}`]),
      [`${mc}.sc_fpregs.d.fcsr`, 'fcsr', { mask: 0xff }],
    ],
    consts: [],
    selfPtrs: [],
    areas: [],
    entry: { always: [['a0', 'signo'], ['a1', 'info'], ['a2', 'uc']], siginfo: [], plain: [] },
    // The handler returns through ra to the vDSO's __vdso_rt_sigreturn; sa_restorer is ignored.
    ret: { reg: 'ra', useRestorer: false },
    sigreturnFrame: 0,
    // li a7, 139 (rt_sigreturn); ecall
    trampoline: [0x08b00893, 0x00000073],
  },
};
