// s390x: z/Architecture, big-endian, the Linux s390x ELF ABI (svc). Runs on Unicorn.
// Everything s390x-specific is here: adding it touched no file of the kernel or the engine
// beyond descriptor fields any architecture may use (stateRegs, nrInTrap, frameAlign, backchain).
import { ipcStructsS390x } from '../kernel/abi/ipc-structs.js';
import type { ArchDescriptor, SigRegSlot, UcRegEntry } from './types.js';
import { syscallNames } from './tables/s390x.js';
import { genericSignatures, s390xSignatures } from './tables/signatures.js';
import { tricornSyscalls, signatureTable } from './tricorn-syscalls.js';
import { vdsoImage } from './vdso/image.js';
import { genericFlags } from '../kernel/abi/flags.js';
import { array, defineStruct } from '../kernel/abi/struct.js';
import { rtSigframeMembers, siginfo, stackT } from '../kernel/abi/signal-structs.js';
import { epollEvent } from '../kernel/abi/structs.js';

const gprs = Array.from({ length: 16 }, (_, i) => `r${i}`);
const acrs = Array.from({ length: 16 }, (_, i) => `a${i}`);
const fprs = Array.from({ length: 16 }, (_, i) => `f${i}`);

// Unicorn ids (Debian's libunicorn-dev 2.0.1 s390x.h: R0..R15 = 1..16, PC = 65, PSWM = 66);
// uc_reg_read writes 8 bytes for each. Its A0..A15 ids read and write the general registers
// (qemu/target/s390x/unicorn.c indexes env->regs with them), and it has no id for the FP
// registers, the FPC or the control registers: those are `stateRegs` below.
const ucRegs: UcRegEntry[] = [
  ...gprs.map((n, i): UcRegEntry => [n, 1 + i, 8]),
  ['pc', 65, 8], ['pswm', 66, 8],
];

// Byte offsets in Unicorn's s390x CPU state (CPUS390XState, the same in 2.0.1 and 2.1.1; the
// engine finds where it starts in a uc_context through `stateAnchor`), measured by storing known
// values with sar, ld, lfpc and lctlg and finding them in a saved context: regs[16] at 0,
// vregs[32][2] at 128 (FP register n is vregs[n][0], a host u64), aregs[16] at 640, fpc at 756,
// int_svc_code and int_svc_ilen at 856 and 860 (so int_pgm_code and int_pgm_ilen, declared just
// before them, at 848 and 852), cregs[16] at 880.
const VREGS = 128, AREGS = 640, FPC = 756, PGM_ILEN = 852, CREGS = 880;
const stateRegs: (readonly [string, readonly number[]])[] = [
  ...acrs.map((n, i): [string, number[]] => [n, [AREGS + 4 * i]]),
  ...fprs.map((n, i): [string, number[]] => [n, [VREGS + 16 * i + 4, VREGS + 16 * i]]),
  ['fpc', [FPC]],
  ['cr0', [CREGS + 4, CREGS]],
  // int_pgm_ilen: the length of the instruction a program interruption came from.
  ['pgm_ilen', [PGM_ILEN]],
  // The thread pointer: a0 holds its high half, a1 its low half.
  ['tp', [AREGS, AREGS + 4]],
];

/** PSW mask bits (arch/s390/include/asm/ptrace.h). */
const PSW_MASK_EA = 0x1_0000_0000, PSW_MASK_BA = 0x8000_0000;
/** The condition code and program mask: what rt_sigreturn takes back of the PSW mask. */
const PSW_MASK_CC_PM = 0x3f00_0000_0000;
/**
 * PSW_USER_BITS: DAT, I/O, external and machine-check interrupts enabled, problem state (key 0,
 * primary space), which every user PSW Linux saves in a signal frame has (0x0705… as qemu-s390x
 * shows a handler too); Unicorn runs the guest with them clear.
 */
const PSW_USER_BITS = 0x0705_0000_0000_0000;
/** CR0's AFP-register control: without it f1, f3, f5, f7-f15 and the BFP control instructions trap. */
const CR0_AFP = 0x4_0000;

// <asm/stat.h> for __s390x__: x86_64's order, but blksize and blocks after the times.
const stat = defineStruct('stat', [
  ['st_dev', 'ulong'], ['st_ino', 'ulong'], ['st_nlink', 'ulong'],
  ['st_mode', 'uint'], ['st_uid', 'uint'], ['st_gid', 'uint'], ['__pad1', 'uint'],
  ['st_rdev', 'ulong'], ['st_size', 'ulong'],
  ['st_atime', 'ulong'], ['st_atime_nsec', 'ulong'],
  ['st_mtime', 'ulong'], ['st_mtime_nsec', 'ulong'],
  ['st_ctime', 'ulong'], ['st_ctime_nsec', 'ulong'],
  ['st_blksize', 'ulong'], ['st_blocks', 'long'], ['__unused', array('ulong', 3)],
], 'fstat / newfstatat on s390x');

// <asm/statfs.h> for __s390x__: type, bsize, namelen, frsize and flags are 32-bit.
const statfs = defineStruct('statfs', [
  ['f_type', 'uint'], ['f_bsize', 'uint'], ['f_blocks', 'ulong'], ['f_bfree', 'ulong'], ['f_bavail', 'ulong'],
  ['f_files', 'ulong'], ['f_ffree', 'ulong'], ['f_fsid', array('int', 2)], ['f_namelen', 'uint'],
  ['f_frsize', 'uint'], ['f_flags', 'uint'], ['f_spare', array('uint', 4)],
], 'statfs / fstatfs on s390x');

// <asm/sigcontext.h> _sigregs: the PSW, r0-r15, a0-a15, then the FPC and f0-f15.
const psw = defineStruct('_psw_t', [['mask', 'ulong'], ['addr', 'ulong']]);
const sigregs = defineStruct('_sigregs', [
  ['regs', defineStruct('_s390_regs_common', [
    ['psw', psw, 'the interrupted PSW: mask (condition code, program mask, addressing mode) and address'],
    ['gprs', array('ulong', 16)],
    ['acrs', array('uint', 16), 'access registers (a0:a1 hold the thread pointer)'],
  ])],
  ['fpregs', defineStruct('_s390_fp_regs', [
    ['fpc', 'uint'], ['pad', 'uint'], ['fprs', array('u64', 16), 'f0-f15 (doubles)'],
  ])],
], 's390x uc_mcontext');
// <asm/ucontext.h> struct ucontext.
const ucontext = defineStruct('ucontext', [
  ['uc_flags', 'ulong'],
  ['uc_link', 'pointer'],
  ['uc_stack', stackT],
  ['uc_mcontext', sigregs],
  ['uc_sigmask', 'ulong'],
  ['__unused', array('u8', 128 - 8), 'room for glibc\'s 1024-bit sigset_t'],
], 's390x struct ucontext');
// arch/s390/kernel/signal.c struct rt_sigframe, as Linux sets it up on a machine without the
// vector facility (the _sigregs_ext for the vector registers is then not part of the frame).
// The first 160 bytes are the register save area a called function may use; its first word is
// the back chain, which Linux sets to the interrupted r15.
const rtSigframe = defineStruct('rt_sigframe', [
  ['back_chain', 'ulong', 'the interrupted r15 (the register save area\'s first word)'],
  ['callee_used_stack', array('u8', 160 - 8), 'the rest of __SIGNAL_FRAMESIZE, for the handler\'s callees'],
  ['svc_insn', 'u16', 'unused since the vDSO holds the return trampoline'],
  ['info', siginfo],
  ['uc', ucontext],
], 's390x: what r15 points at when the handler starts');

const mc = rtSigframeMembers.mcontext;

/** Built on first use (arch/tricorn-syscalls.ts). */
const signatures = signatureTable(genericSignatures, s390xSignatures, () => ({ old_mmap: ['struct mmap_arg_struct __user *arg'] }));

export const s390x: ArchDescriptor = {
  name: 's390x',
  aliases: ['s390', 'systemz', 'zarch'],
  endian: 'big',
  pageSize: 4096,
  machine: 's390x',
  compatMachine: 's390',
  platform: 'z196',
  vdso: vdsoImage('s390x'),
  // HWCAP_S390_ESAN3 | ZARCH | STFLE | MSA | LDISP | EIMM | HIGH_GPRS (what qemu-s390x reports,
  // less the vector facility: glibc picks its vector string routines on HWCAP_S390_VXRS).
  hwcap: 0x1 | 0x2 | 0x4 | 0x8 | 0x10 | 0x20 | 0x200,
  hwcap2: 0,
  // show_cpu_summary and show_cpu_ids: the features AT_HWCAP holds, the machine type of the
  // z196 that AT_PLATFORM names (2817).
  cpuinfo: [
    'vendor_id       : IBM/S390', '# processors    : 1', 'max thread id   : 0',
    'features\t: esan3 zarch stfle msa ldisp eimm highgprs ',
    'processor 0: version = 00,  identification = 000000,  machine = 2817', '',
    'cpu number      : 0', '',
  ].join('\n'),
  auxv: [],
  segvAddrPage: true,
  engine: {
    kind: 'unicorn', ucArch: 9 /* UC_ARCH_S390X */, ucMode: 1 << 30 /* UC_MODE_BIG_ENDIAN */,
    regs: ucRegs,
    stateRegs,
    stateAnchor: 'r0',
    // Unicorn starts with a zero PSW mask (24-bit addressing) and CR0 zero.
    initRegs: [['pswm', PSW_MASK_EA + PSW_MASK_BA], ['cr0', CR0_AFP]],
    // svc raises EXCP_SVC (2) with the pc still on the 2-byte instruction, and Unicorn resumes
    // there unless the pc is moved: the engine steps over it.
    trap: { hook: 'intr', id: 2, pcOffset: 2, autoAdvance: 0 },
    // EXCP_PGM (3): a program interruption (operation, privileged-operation, specification,
    // data…), with the pc on the instruction. Unmapped and protected accesses come through the
    // memory hooks.
    exceptions: { 3: 'illegal-instruction' },
    // An operation exception suppresses the instruction: Linux's saved PSW points past it.
    exceptionResumeLength: 'pgm_ilen',
    // Measured: a run ended by its instruction count leaves the pc at the block's start.
    stalePcAfterStop: true,
    // Unicorn 2.1.1's s390x MMU raises a program interruption (EXCP_PGM, addressing) for an
    // unmapped load or store instead of calling the memory hooks (measured with a store to an
    // unmapped page), so guest memory mapped on first touch would never come. Under Unicorn's
    // virtual TLB the same store reaches the write-unmapped hook, as on the other targets.
    since: [{ version: [2, 1], virtualTlb: true }],
    maxInsnBytes: 6,
  },
  // Keystone's SystemZ (LLVM 3.x) has no `svc` and no `nop`, and encodes every pc-relative operand wrongly
  // (measured: `j x` 6 bytes back encodes -8; the error depends on the address and on
  // directives before it), so those instructions are refused rather than mis-assembled.
  keystone: {
    arch: 'ARCH_SYSTEMZ', modes: ['MODE_BIG_ENDIAN'],
    rewrite: [[/^(\s*)svc\s+(\w+)\s*(#.*)?$/, '$1.byte 0x0a, $2'], [/^(\s*)nop\s*(#.*)?$/, '$1.byte 0x47, 0, 0, 0']],
    refuse: [
      /^\s*(?:[\w.$]+:\s*)?(?:j[a-z]*|bras|brasl|brcl?|brctg?|brx[a-z]+|c[lgr]*[ij](?:e|h|l|ne|nh|nl|lh|he)?|[a-z]*(?:lrl|grl|frl|hrl|larl|strl|exrl|pfdrl|crl))\s/i,
      'Keystone\'s SystemZ mis-encodes pc-relative operands (branches relative, larl, *rl loads and stores); use register branches (bcr, br) and register-based addresses, or give an ELF built with s390x-linux-gnu-gcc',
    ],
  },
  capstone: { arch: 'ARCH_SYSZ', modes: ['MODE_BIG_ENDIAN'] },
  toolchain: { triple: 's390x-linux-gnu', apt: 'gcc-s390x-linux-gnu', qemu: 'qemu-s390x-static' },
  // Instructions are 2, 4 or 6 bytes.
  insnSize: 0,
  regs: {
    pc: 'pc',
    sp: 'r15',
    link: 'r14',
    threadPointer: 'tp',
    all: [...gprs, 'pc', 'pswm', 'a0', 'a1'],
  },
  syscall: {
    trap: 'svc',
    trapNote: 'a supervisor-call interruption; the CPU stores the PSW (the next instruction\'s address) as the SVC old PSW and the instruction\'s 8-bit operand as the interruption code; Linux takes the number from that operand, or from r1 when it is 0',
    trapLoop: [0x0a00a7f4, 0xffff0000], // svc 0; j .-2 (brc 15, -1 halfword); 2 bytes of padding
    nr: 'r1',
    args: ['r2', 'r3', 'r4', 'r5', 'r6', 'r7'],
    ret: 'r2',
    error: { style: 'negated' },
    clobbers: [],
    trapSize: 2,
    nrInTrap: { offset: 1, nrBits: 16 },
    // CLONE_BACKWARDS2: the stack comes first.
    cloneArgs: ['stack', 'flags', 'parent_tid', 'child_tid', 'tls'],
    // s390x's mmap (90) is old_mmap: its six arguments are a block of longs in memory.
    names: { ...syscallNames, 90: 'old_mmap', ...tricornSyscalls },
    get signatures() { return signatures(); },
  },
  elf: { machine: 22, entry: { style: 'direct' } },
  flags: { ...genericFlags, POSIX_FADV_DONTNEED: 6, POSIX_FADV_NOREUSE: 7 },
  errnos: [],
  structs: { epoll_event: epollEvent, stat, statfs, _sigregs: sigregs, ucontext, rt_sigframe: rtSigframe, ...ipcStructsS390x },
  ctypes: { long: 8, pointer: 8, align8: 8 },
  stackAlign: 8,
  redZone: 0,
  terminal: { tcgets: 0x5401, stdTermios: '0000050000000005000004bf00008a3b00031c7f150400010011131a00120f1716000000' },
  signal: {
    minSigStkSz: 2048,
    // An operation exception: Linux's do_operation_exception raises ILL_ILLOPC.
    illegalInstructionCode: 1,
    redZone: 0,
    frameBias: 0,
    frameAlign: 8,
    callerFrame: 0,
    backchain: 'back_chain',
    record: null,
    ...rtSigframeMembers,
    regs: [
      [`${mc}.regs.psw.mask`, 'pswm', { mask: PSW_MASK_CC_PM, set: PSW_USER_BITS }],
      [`${mc}.regs.psw.addr`, 'pc'],
      ...gprs.map((r, i): SigRegSlot => [`${mc}.regs.gprs[${i}]`, r]),
      ...acrs.map((r, i): SigRegSlot => [`${mc}.regs.acrs[${i}]`, r]),
      [`${mc}.fpregs.fpc`, 'fpc'],
      ...fprs.map((r, i): SigRegSlot => [`${mc}.fpregs.fprs[${i}]`, r]),
    ],
    consts: [],
    selfPtrs: [],
    areas: [],
    // r2 = signo, r3 = &info, r4 = &uc for every handler; r5 = the last breaking-event address,
    // which Unicorn does not track.
    entry: { always: [['r2', 'signo'], ['r3', 'info'], ['r4', 'uc'], ['r5', 'zero']], siginfo: [], plain: [] },
    // The handler returns through r14: sa_restorer if given (glibc gives none), else the vDSO's
    // __kernel_rt_sigreturn.
    ret: { reg: 'r14', useRestorer: true },
    sigreturnFrame: 0,
    // svc 173 (rt_sigreturn), then two zero bytes (an invalid instruction).
    trampoline: [0x0aad0000],
  },
};
