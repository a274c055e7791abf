// x86_64: System V psABI, Linux syscall convention.
import { ipcStructsX86_64 } from '../kernel/abi/ipc-structs.js';
import type { ArchDescriptor, SigRegSlot, UcRegEntry } from './types.js';
import { vdsoImage } from './vdso/image.js';
import { syscallNames } from './tables/x86_64.js';
import { genericSignatures, x86_64Signatures } from './tables/signatures.js';
import { tricornSyscalls, signatureTable } from './tricorn-syscalls.js';
import { genericFlags } from '../kernel/abi/flags.js';
import { epollEventX86_64, statX86_64 } from '../kernel/abi/structs.js';
import { fpstateX86_64, rtSigframeMembers, rtSigframeX86_64, sigcontextX86_64, ucontextX86_64 } from '../kernel/abi/signal-structs.js';

// Unicorn ids (Debian's libunicorn-dev 2.0.1 x86.h, printed by a compiled C program) and the
// bytes uc_reg_read writes for each (measured with a marker-filled buffer).
const ucRegs: UcRegEntry[] = [
  ['rax', 35, 8], ['rbx', 37, 8], ['rcx', 38, 8], ['rdx', 40, 8],
  ['rsi', 43, 8], ['rdi', 39, 8], ['rbp', 36, 8], ['rsp', 44, 8],
  ['r8', 106, 8], ['r9', 107, 8], ['r10', 108, 8], ['r11', 109, 8],
  ['r12', 110, 8], ['r13', 111, 8], ['r14', 112, 8], ['r15', 113, 8],
  ['rip', 41, 8], ['rflags', 253, 8], ['eflags', 25, 4],
  ['fs_base', 250, 8], ['gs_base', 251, 8],
  ['cs', 11, 2], ['ss', 49, 2], ['ds', 17, 2], ['es', 28, 2], ['fs', 32, 2], ['gs', 33, 2],
  // UC_X86_REG_CR4: control register 4 (only written, at set-up).
  ['cr4', 54, 8],
  ['mxcsr', 249, 4], ['fpcw', 246, 2], ['fpsw', 31, 2], ['fptag', 247, 2],
  // UC_X86_REG_XMM0..XMM15 are consecutive.
  ...Array.from({ length: 16 }, (_, i): UcRegEntry => [`xmm${i}`, 122 + i, 16]),
  // UC_X86_REG_ST0..ST7 (the x87 stack, relative to its top) are consecutive; Unicorn reads and
  // writes 10 bytes of each (an 80-bit value), so a 16-byte slot's upper 6 bytes stay zero.
  ...Array.from({ length: 8 }, (_, i): UcRegEntry => [`st${i}`, 114 + i, 16]),
];

const gprs = ['rax', 'rbx', 'rcx', 'rdx', 'rsi', 'rdi', 'rbp', 'rsp',
  'r8', 'r9', 'r10', 'r11', 'r12', 'r13', 'r14', 'r15'];

/** Built on first use (arch/tricorn-syscalls.ts). */
const signatures = signatureTable(genericSignatures, x86_64Signatures);

export const x86_64: ArchDescriptor = {
  name: 'x86_64',
  aliases: ['amd64', 'x86-64'],
  endian: 'little',
  pageSize: 4096,
  machine: 'x86_64',
  compatMachine: 'i686',
  platform: 'x86_64',
  // CPUID.1:EDX as Linux reports it (fpu…sse2); glibc reads cpuid itself anyway.
  hwcap: 0x178bfbff,
  hwcap2: 0,
  // What the CPU answers CPUID: leaf 0 (AuthenticAMD), leaf 1 (the engine's below: family 6,
  // model 6, stepping 3; EDX as hwcap, ECX pni ssse3 cx16 sse4_1 sse4_2 aes), 0x80000001
  // (EDX rdtscp lm 3dnow, ECX lahf_lm cr8_legacy abm skinit), the brand string and 0x80000008
  // (40 bits physical, 48 virtual); flags in Linux's word order.
  cpuinfo: [
    'processor\t: 0', 'vendor_id\t: AuthenticAMD', 'cpu family\t: 6', 'model\t\t: 6',
    'model name\t: QEMU Virtual CPU version 2.5+', 'stepping\t: 3', 'fpu\t\t: yes', 'fpu_exception\t: yes',
    'cpuid level\t: 13', 'wp\t\t: yes',
    'flags\t\t: fpu vme de pse tsc msr pae mce cx8 apic sep mtrr pge mca cmov pat pse36 clflush mmx fxsr sse sse2 ht'
      + ' rdtscp lm 3dnow pni ssse3 cx16 sse4_1 sse4_2 aes lahf_lm cr8_legacy abm skinit',
    'clflush size\t: 64', 'cache_alignment\t: 64', 'address sizes\t: 40 bits physical, 48 bits virtual',
    'power management:', '', '',
  ].join('\n'),
  auxv: [],
  vdso: vdsoImage('x86_64'),
  engine: {
    kind: 'unicorn', ucArch: 4 /* UC_ARCH_X86 */, ucMode: 8 /* UC_MODE_64 */,
    // Leaf 1 (family/model/stepping and the feature flags). Unicorn 2.0.1's qemu64 reports EDX
    // without FPU, MMX, TSC… (0x07088100) although its TCG runs them, so glibc's ld.so computes
    // an ISA level below x86-64 baseline and refuses libc.so ("CPU ISA level is lower than
    // required"). The answer here is Unicorn's own leaf 1 with EDX as Linux reports it (the
    // hwcap above) and SSE3 in ECX (TCG runs it too). POPCNT and MOVBE stay clear: this
    // Unicorn's TCG refuses them (#UD) whatever the CPU model, so a guest must not see them.
    cpuid: [{ leaf: 1, eax: 0x663, ebx: 0x800, ecx: 0x2182201, edx: 0x178bfbff }],
    // Unicorn 2.1's TCG runs an SSE instruction only when the CPU model has it (2.0.1's runs them
    // all): its default qemu64 lacks SSSE3 and SSE4, which leaf 1 above announces and glibc's
    // string functions use (palignr: #UD). Westmere has every feature leaf 1 announces.
    since: [{ version: [2, 1], cpuModel: 16 /* UC_CPU_X86_WESTMERE */ }],
    regs: ucRegs,
    // CR4.OSFXSR and OSXMMEXCPT, as Linux sets them: without OSFXSR, Unicorn's fxsave and fxrstor
    // leave out MXCSR and the XMM registers (QEMU's helper tests cr4 itself; its translator's SSE
    // flag is set apart from it), so ld.so's lazy binding, which saves the argument registers
    // with fxsave on a CPU without XSAVE, handed every first call of a libm function a zero.
    initRegs: [['cr4', 0x200 | 0x400], ['mxcsr', 0x1f80], ['fpcw', 0x37f]],
    // `syscall` (UC_HOOK_INSN, UC_X86_INS_SYSCALL): inside the hook rip is still on the
    // 2-byte instruction, and Unicorn adds 2 after the hook returns — also to a rip it wrote.
    trap: { hook: 'insn', id: 699, pcOffset: 2, autoAdvance: 2 },
    // #DE, x87 #MF, SIMD #XM: SIGFPE; #DB and #BP: SIGTRAP; #AC: SIGBUS; #GP (a privileged
    // instruction at CPL 3, a non-canonical address): SIGSEGV with SI_KERNEL.
    exceptions: { 0: 'arithmetic', 16: 'arithmetic', 19: 'arithmetic', 1: 'trap', 3: 'trap', 17: 'alignment', 13: 'privileged' },
    // int3 (0xcc, #BP) and `int n` (0xcd n) leave rip after the instruction.
    softInterrupts: { breakpoint: 0xcc, breakpointVector: 3, withVector: 0xcd },
    // CPL 3: the low two bits of hflags (CPUX86State: 176 bytes in, in 2.0.1 and 2.1.1 alike;
    // measured). Unicorn starts at CPL 0. The state starts with rax (regs[R_EAX]).
    userMode: { word: 176, bits: 3 },
    stateAnchor: 'rax',
    maxInsnBytes: 15,
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
    trapLoop: [0xfceb050f], // syscall; jmp .-4 (eb fc)
    nr: 'rax',
    args: ['rdi', 'rsi', 'rdx', 'r10', 'r8', 'r9'],
    ret: 'rax',
    error: { style: 'negated' },
    // The syscall instruction itself puts the return rip in rcx and rflags in r11.
    clobbers: ['rcx', 'r11'],
    trapSize: 2,
    cloneArgs: ['flags', 'stack', 'parent_tid', 'child_tid', 'tls'],
    names: { ...syscallNames, ...tricornSyscalls },
    get signatures() { return signatures(); },
  },
  elf: { machine: 62, entry: { style: 'direct' }, etDynBase: 0x555555554000 },
  flags: { ...genericFlags, MAP_32BIT: 0x40 },
  errnos: [],
  structs: { epoll_event: epollEventX86_64, stat: statX86_64, sigcontext: sigcontextX86_64, ucontext: ucontextX86_64, rt_sigframe: rtSigframeX86_64, _fpstate: fpstateX86_64, ...ipcStructsX86_64 },
  toolchain: { triple: 'x86_64-linux-gnu', apt: 'gcc-x86-64-linux-gnu', qemu: 'qemu-x86_64-static' },
  ctypes: { long: 8, pointer: 8, align8: 8 },
  stackAlign: 16,
  redZone: 128,
  terminal: { tcgets: 0x5401, stdTermios: '0005000005000000bf0400003b8a000000031c7f150400010011131a00120f1716000000' },
  signal: {
    minSigStkSz: 2048,
    illegalInstructionCode: 2, // ILL_ILLOPN: exc_invalid_op's do_error_trap(…, SIGILL, ILL_ILLOPN, …)
    redZone: 128,
    frameBias: -8,
    callerFrame: 0,
    record: null,
    ...rtSigframeMembers,
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
