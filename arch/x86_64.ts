// x86_64: System V psABI, Linux syscall convention.
import type { ArchDescriptor, SigRegSlot } from './types.js';
import { syscallNames } from './tables/x86_64.js';
import { genericSignatures, x86_64Signatures } from './tables/signatures.js';
import { tricornSignatures, tricornSyscalls } from './tricorn-syscalls.js';

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
  engine: {
    kind: 'unicorn', ucArch: 4 /* UC_ARCH_X86 */, ucMode: 8 /* UC_MODE_64 */,
    // Leaf 1 (family/model/stepping and the feature flags). Unicorn 2.0.1's qemu64 reports EDX
    // without FPU, MMX, TSC… (0x07088100) although its TCG runs them, so glibc's ld.so computes
    // an ISA level below x86-64 baseline and refuses libc.so ("CPU ISA level is lower than
    // required"). The answer here is Unicorn's own leaf 1 with EDX as Linux reports it (the
    // hwcap above) and SSE3 in ECX (TCG runs it too). POPCNT and MOVBE stay clear: this
    // Unicorn's TCG refuses them (#UD) whatever the CPU model, so a guest must not see them.
    cpuid: [{ leaf: 1, eax: 0x663, ebx: 0x800, ecx: 0x2182201, edx: 0x178bfbff }],
  },
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
    trapNote: 'enters the kernel at the address in MSR_LSTAR; the CPU saves the return address (the next instruction) in rcx and rflags in r11, so the caller loses both; Linux takes the number from rax',
    nr: 'rax',
    args: ['rdi', 'rsi', 'rdx', 'r10', 'r8', 'r9'],
    ret: 'rax',
    error: { style: 'negated' },
    // The syscall instruction itself puts the return rip in rcx and rflags in r11.
    clobbers: ['rcx', 'r11'],
    trapSize: 2,
    cloneArgs: ['flags', 'stack', 'parent_tid', 'child_tid', 'tls'],
    names: { ...syscallNames, ...tricornSyscalls },
    signatures: { ...genericSignatures, ...x86_64Signatures, ...tricornSignatures },
  },
  elf: { machine: 62, entry: { style: 'direct' } },
  ctypes: { long: 8, pointer: 8, align8: 8 },
  stackAlign: 16,
  redZone: 128,
  terminal: { tcgets: 0x5401, stdTermios: '0005000005000000bf0400003b8a000000031c7f150400010011131a00120f1716000000' },
  signal: {
    minSigStkSz: 2048,
    redZone: 128,
    frameBias: -8,
    callerFrame: 0,
    record: null,
    info: 'info',
    uc: 'uc',
    mcontext: 'uc.uc_mcontext',
    sigmask: 'uc.uc_sigmask',
    stack: 'uc.uc_stack',
    oldmask: 'uc.uc_mcontext.oldmask',
    faultAddr: 'uc.uc_mcontext.cr2',
    regs: [
      ...['r8', 'r9', 'r10', 'r11', 'r12', 'r13', 'r14', 'r15', 'rdi', 'rsi', 'rbp', 'rbx', 'rdx', 'rax', 'rcx', 'rsp', 'rip']
        .map((r): SigRegSlot => [`uc.uc_mcontext.${r}`, r]),
      // FIX_EFLAGS: the flags a frame may change (AC OF DF TF SF ZF AF PF CF RF).
      ['uc.uc_mcontext.eflags', 'rflags', { mask: 0x50dd5 }],
    ],
    // uc_flags = UC_SIGCONTEXT_SS | UC_STRICT_RESTORE_SS; the user code and stack selectors.
    consts: [['uc.uc_flags', 6], ['uc.uc_mcontext.cs', 0x33], ['uc.uc_mcontext.ss', 0x2b]],
    selfPtrs: [],
    areas: [{
      struct: '_fpstate',
      align: 64,
      pointer: 'uc.uc_mcontext.fpstate',
      // swd (holding the stack top) is restored before the x87 registers, which are stored
      // in stack order: st(i) is the i-th 16-byte slot of st_space, its 10 bytes then zeros.
      regs: [['cwd', 'fpcw'], ['swd', 'fpsw'], ['mxcsr', 'mxcsr'],
        ...Array.from({ length: 8 }, (_, i): SigRegSlot => [`st_space[${4 * i}]`, `st${i}`, { width: 16 }]),
        ...Array.from({ length: 16 }, (_, i): SigRegSlot => [`xmm_space[${4 * i}]`, `xmm${i}`, { width: 16 }])],
      consts: [['mxcsr_mask', 0xffff]],
    }],
    entry: {
      // rsi and rdx are set for every handler: a plain one may still read them (Linux does so).
      always: [['rdi', 'signo'], ['rsi', 'info'], ['rdx', 'uc'], ['rax', 'zero']],
      siginfo: [],
      plain: [],
    },
    ret: { member: 'pretcode' },
    sigreturnFrame: -8,
    trampoline: null,
  },
};
