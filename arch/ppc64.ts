// ppc64 (big-endian, ELFv1) and ppc64le (little-endian, ELFv2): 64-bit PowerPC, Linux syscall
// convention (sc). Both run on tricorn's own PPC64 engine (Unicorn's PPC64 does not work).
import { ipcStructsPpc64 } from '../kernel/abi/ipc-structs.js';
import type { ArchDescriptor, SigRegSlot, SignalAbi } from './types.js';
import { syscallNames } from './tables/ppc64.js';
import { genericSignatures, ppc64Signatures } from './tables/signatures.js';
import { tricornSyscalls, signatureTable } from './tricorn-syscalls.js';
import { vdsoImage } from './vdso/image.js';
import type { ArchFlags } from './types.js';
import { epollEvent, statPpc64, termiosPpc64 } from '../kernel/abi/structs.js';
import { genericTty } from '../kernel/abi/flags.js';
import { rtSigframeMembers, rtSigframePpc64, sigcontextPpc64, ucontextPpc64, vmxAreaPpc64 } from '../kernel/abi/signal-structs.js';

const gprs = Array.from({ length: 32 }, (_, i) => `r${i}`);

// What tricorn's PPC64 engine implements, as Linux reports it, so libraries that dispatch on
// hwcap (glibc's string and math functions) pick routines the engine can run: a POWER8
// (ISA 2.07) with AltiVec and VSX, the vector crypto and polynomial instructions, isel and
// darn. AT_HWCAP: PPC_FEATURE_32 | 64 | HAS_ALTIVEC | HAS_FPU | HAS_MMU | ICACHE_SNOOP |
// ARCH_2_05 | ARCH_2_06 | HAS_VSX. AT_HWCAP2: ARCH_2_07 | ISEL | VEC_CRYPTO | DARN. Not
// advertised: DFP (no decimal floating point), ARCH_3_00 and IEEE128 (the ISA 3.0 subset is
// partial: no quad-precision float), HTM, TAR, DSCR, EBB.
const PPC_FEATURE = {
  b32: 0x80000000, b64: 0x40000000, altivec: 0x10000000, fpu: 0x08000000, mmu: 0x04000000,
  icacheSnoop: 0x00002000, arch205: 0x00001000, arch206: 0x00000100, vsx: 0x00000080,
};
const PPC_FEATURE2 = { arch207: 0x80000000, isel: 0x08000000, vecCrypto: 0x02000000, darn: 0x00200000 };
const baseHwcap = Object.values(PPC_FEATURE).reduce((a, b) => (a | b) >>> 0, 0);
const baseHwcap2 = Object.values(PPC_FEATURE2).reduce((a, b) => (a | b) >>> 0, 0);

const mc = rtSigframeMembers.mcontext;
/** pt_regs order of gp_regs past the GPRs. */
const PT_NIP = 32, PT_MSR = 33, PT_CTR = 35, PT_LNK = 36, PT_XER = 37, PT_CCR = 38, PT_SOFTE = 39, PT_DAR = 41;

const signal: SignalAbi = {
  minSigStkSz: 8192,
  illegalInstructionCode: 1, // ILL_ILLOPC: program_check_exception's illegal-instruction case
  // The frame's own abigap keeps the interrupted code's red zone (512 bytes).
  redZone: 0,
  frameBias: 0,
  callerFrame: 128,
  record: null,
  ...rtSigframeMembers,
  signo: `${mc}.signal`,
  oldmask: `${mc}.oldmask`,
  handler: `${mc}.handler`,
  faultAddr: `${mc}.gp_regs[${PT_DAR}]`,
  regs: [
    ...gprs.map((r, i): SigRegSlot => [`${mc}.gp_regs[${i}]`, r]),
    [`${mc}.gp_regs[${PT_NIP}]`, 'pc'],
    [`${mc}.gp_regs[${PT_MSR}]`, 'msr', { restore: false }],
    [`${mc}.gp_regs[${PT_CTR}]`, 'ctr'],
    [`${mc}.gp_regs[${PT_LNK}]`, 'lr'],
    [`${mc}.gp_regs[${PT_XER}]`, 'xer'],
    [`${mc}.gp_regs[${PT_CCR}]`, 'cr'],
    ...Array.from({ length: 32 }, (_, i): SigRegSlot => [`${mc}.fp_regs[${i}]`, `f${i}`]),
    [`${mc}.fp_regs[32]`, 'fpscr'],
  ],
  consts: [[`${mc}.gp_regs[${PT_SOFTE}]`, 1]],
  selfPtrs: [[`${mc}.regs`, `${mc}.gp_regs`], ['pinfo', 'info'], ['puc', 'uc']],
  areas: [{
    struct: 'vmx_area',
    inside: `${mc}.vmx_reserve`,
    align: 16,
    pointer: `${mc}.v_regs`,
    regs: [
      ...Array.from({ length: 32 }, (_, i): SigRegSlot => [`vrregs[${i}]`, `vr${i}`]),
      // VSCR sits in the last word of a vector slot, as mfvscr leaves it.
      ['vscr', 'vscr', { width: 16 }],
      ['vrsave', 'vrsave'],
      ...Array.from({ length: 32 }, (_, i): SigRegSlot => [`vsx_low[${i}]`, `vs${i}l`]),
    ],
    consts: [],
  }],
  entry: {
    always: [['r3', 'signo']],
    siginfo: [['r4', 'info'], ['r5', 'uc'], ['r6', 'frame']],
    plain: [['r4', 'mcontext']],
  },
  ret: { reg: 'lr', useRestorer: false },
  // The handler comes back with r1 at its caller frame, 128 bytes below the frame.
  sigreturnFrame: 128,
  // li r0, 172 (rt_sigreturn); sc
  trampoline: [0x380000ac, 0x44000002],
};

// <asm/fcntl.h>, <asm/mman.h> and <asm/ioctls.h> of powerpc.
const flags: ArchFlags = {
  O_DIRECTORY: 0o40000, O_NOFOLLOW: 0o100000, O_LARGEFILE: 0o200000, O_DIRECT: 0o400000,
  MAP_NORESERVE: 0x40, MAP_LOCKED: 0x80, MAP_32BIT: 0, PROT_SAO: 0x10,
  // _IOR('t', 19, struct termios[44 bytes]) and friends.
  TCGETS: 0x402c7413, TCSETS: 0x802c7414, TCSETSW: 0x802c7415, TCSETSF: 0x802c7416,
  TIOCGWINSZ: 0x40087468, TIOCSWINSZ: 0x80087467, TIOCGPGRP: 0x40047477, TIOCSPGRP: 0x80047476,
  FIONREAD: 0x4004667f, FIONBIO: 0x8004667e,
  SO_PASSCRED: 20, SO_RCVLOWAT: 16,
  POSIX_FADV_DONTNEED: 4, POSIX_FADV_NOREUSE: 5,
  MCL: [0x2000, 0x4000, 0x8000],
  ioc: { sizeBits: 13, none: 1, read: 2, write: 4 },
  ttyIoctls: {
    ...genericTty.ttyIoctls,
    TCSBRK: 0x2000741d, TCXONC: 0x2000741e, TCFLSH: 0x2000741f, TIOCOUTQ: 0x40047473, TIOCGPTN: 0x40045430,
    TIOCSPTLCK: 0x80045431, TIOCGPTLCK: 0x40045439, TIOCGEXCL: 0x40045440, TIOCGPTPEER: 0x20005441, TIOCGPKT: 0x40045438,
    FIONCLEX: 0x20006602, FIOCLEX: 0x20006601,
  },
  termbits: {
    iflag: { IGNBRK: 0x1, BRKINT: 0x2, IGNPAR: 0x4, PARMRK: 0x8, INPCK: 0x10, ISTRIP: 0x20, INLCR: 0x40, IGNCR: 0x80, ICRNL: 0x100,
      IUCLC: 0x1000, IXON: 0x200, IXANY: 0x800, IXOFF: 0x400, IMAXBEL: 0x2000, IUTF8: 0x4000 },
    oflag: { OPOST: 0x1, OLCUC: 0x4, ONLCR: 0x2, OCRNL: 0x8, ONOCR: 0x10, ONLRET: 0x20, OFILL: 0x40, OFDEL: 0x80, NLDLY: 0x300,
      CRDLY: 0x3000, TABDLY: 0xc00, XTABS: 0xc00, BSDLY: 0x8000, VTDLY: 0x10000, FFDLY: 0x4000 },
    cflag: { CBAUD: 0xff, CSIZE: 0x300, CSTOPB: 0x400, CREAD: 0x800, PARENB: 0x1000, PARODD: 0x2000, HUPCL: 0x4000, CLOCAL: 0x8000, CRTSCTS: 0x80000000 },
    lflag: { ISIG: 0x80, ICANON: 0x100, XCASE: 0x4000, ECHO: 0x8, ECHOE: 0x2, ECHOK: 0x4, ECHONL: 0x10, NOFLSH: 0x80000000,
      TOSTOP: 0x400000, ECHOCTL: 0x40, ECHOPRT: 0x20, ECHOKE: 0x1, FLUSHO: 0x800000, PENDIN: 0x20000000, IEXTEN: 0x400, EXTPROC: 0x10000000 },
    cc: { VINTR: 0, VQUIT: 1, VERASE: 2, VKILL: 3, VEOF: 4, VTIME: 7, VMIN: 5, VSWTC: 9, VSTART: 13, VSTOP: 14, VSUSP: 12, VEOL: 6,
      VREPRINT: 11, VDISCARD: 16, VWERASE: 10, VLNEXT: 15, VEOL2: 8 },
  },
};

/** Built on first use (arch/tricorn-syscalls.ts). */
const signatures = signatureTable(genericSignatures, ppc64Signatures);

const common = {
  pageSize: 65536,
  hwcap: baseHwcap,
  hwcap2: baseHwcap2,
  // The POWER8 AT_PLATFORM names (PVR 0x004d0200), AltiVec as AT_HWCAP says; no timebase line:
  // the engine's time base counts instructions, not a frequency.
  cpuinfo: [
    'processor\t: 0', 'cpu\t\t: POWER8 (raw), altivec supported', 'revision\t: 2.0 (pvr 004d 0200)', '',
    'platform\t: pSeries', 'MMU\t\t: Hash', '',
  ].join('\n'),
  // AT_DCACHEBSIZE, AT_ICACHEBSIZE, AT_UCACHEBSIZE: glibc's memset sizes its dcbz use by them.
  auxv: [[19, 128], [20, 128], [21, 0]],
  engine: { kind: 'ppc64' },
  insnSize: 4,
  regs: {
    pc: 'pc',
    sp: 'r1',
    link: 'lr',
    threadPointer: 'r13',
    all: [...gprs, 'pc', 'lr', 'ctr', 'xer', 'cr'],
  },
  syscall: {
    trap: 'sc',
    trapNote: 'the system-call interrupt (vector 0xc00); the CPU saves the return address (the next instruction) in SRR0 and the MSR in SRR1; Linux takes the number from r0 and reports an error by setting CR0.SO',
    trapLoop: [0x44000002, 0x4bfffffc], // sc; b .-4
    nr: 'r0',
    args: ['r3', 'r4', 'r5', 'r6', 'r7', 'r8'],
    ret: 'r3',
    // CR0.SO is the most significant bit of CR field 0's four: bit 0x10000000 of the 32-bit CR.
    error: { style: 'flagged', flagReg: 'cr', flagMask: 0x10000000, flagName: 'CR0.SO' },
    trapSize: 4,
    clobbers: ['r0', 'r4', 'r5', 'r6', 'r7', 'r8', 'r9', 'r10', 'r11', 'r12', 'ctr', 'xer', 'cr'],
    cloneArgs: ['flags', 'stack', 'parent_tid', 'tls', 'child_tid'],
    names: { ...syscallNames, ...tricornSyscalls },
    get signatures() { return signatures(); },
  },
  flags,
  // PowerPC's one divergence from the generic errno numbers.
  errnos: [['EDEADLOCK', 58]],
  structs: { epoll_event: epollEvent, stat: statPpc64, termios: termiosPpc64, sigcontext: sigcontextPpc64, ucontext: ucontextPpc64, rt_sigframe: rtSigframePpc64, vmx_area: vmxAreaPpc64, ...ipcStructsPpc64 },
  ctypes: { long: 8, pointer: 8, align8: 8 },
  stackAlign: 16,
  // The ELF ABIs keep a 288-byte protected zone below r1.
  redZone: 288,
  signal,
} as const;

export const ppc64: ArchDescriptor = {
  ...common,
  name: 'ppc64',
  aliases: ['powerpc64', 'ppc64be'],
  endian: 'big',
  machine: 'ppc64',
  compatMachine: 'ppc',
  platform: 'power8',
  vdso: vdsoImage('ppc64'),
  keystone: { arch: 'ARCH_PPC', modes: ['MODE_PPC64', 'MODE_BIG_ENDIAN'] },
  capstone: { arch: 'ARCH_PPC', modes: ['MODE_64', 'MODE_BIG_ENDIAN'] },
  elf: { machine: 21, entry: { style: 'descriptor', tocReg: 'r2' } },
  toolchain: { triple: 'powerpc64-linux-gnu', apt: 'gcc-powerpc64-linux-gnu', qemu: 'qemu-ppc64-static' },
  terminal: { tcgets: 0x402c7413, stdTermios: '000003000000000300004b0f000005cf031c7f1504010000000017121a1113160f0000000000960000009600' },
};

export const ppc64le: ArchDescriptor = {
  ...common,
  name: 'ppc64le',
  aliases: ['powerpc64le', 'ppc64el'],
  endian: 'little',
  machine: 'ppc64le',
  compatMachine: 'ppcle',
  platform: 'power8',
  vdso: vdsoImage('ppc64le'),
  keystone: { arch: 'ARCH_PPC', modes: ['MODE_PPC64', 'MODE_LITTLE_ENDIAN'] },
  capstone: { arch: 'ARCH_PPC', modes: ['MODE_64', 'MODE_LITTLE_ENDIAN'] },
  elf: { machine: 21, entry: { style: 'direct-with-reg', reg: 'r12' } },
  toolchain: { triple: 'powerpc64le-linux-gnu', apt: 'gcc-powerpc64le-linux-gnu', qemu: 'qemu-ppc64le-static' },
  terminal: { tcgets: 0x402c7413, stdTermios: '00030000030000000f4b0000cf050000031c7f1504010000000017121a1113160f0000000096000000960000' },
};
