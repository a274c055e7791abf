// ppc64 (big-endian, ELFv1) and ppc64le (little-endian, ELFv2): 64-bit PowerPC, Linux syscall
// convention (sc). Both run on tricorn's own PPC64 engine (Unicorn's PPC64 does not work).
import type { ArchDescriptor } from './types.js';
import { syscallNames } from './tables/ppc64.js';
import { tricornSyscalls } from './tricorn-syscalls.js';

const gprs = Array.from({ length: 32 }, (_, i) => `r${i}`);

// PPC_FEATURE_32 | PPC_FEATURE_64 | PPC_FEATURE_HAS_FPU | PPC_FEATURE_HAS_MMU: the 64-bit base
// ISA and nothing more, so libraries do not pick AltiVec/VSX code paths.
const baseHwcap = 0xcc000000;

const common = {
  pageSize: 65536,
  hwcap: baseHwcap,
  hwcap2: 0,
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
    nr: 'r0',
    args: ['r3', 'r4', 'r5', 'r6', 'r7', 'r8'],
    ret: 'r3',
    // CR0.SO is the most significant bit of CR field 0's four: bit 0x10000000 of the 32-bit CR.
    error: { style: 'flagged', flagReg: 'cr', flagMask: 0x10000000 },
    clobbers: ['r0', 'r4', 'r5', 'r6', 'r7', 'r8', 'r9', 'r10', 'r11', 'r12', 'ctr', 'xer', 'cr'],
    cloneArgs: ['flags', 'stack', 'parent_tid', 'tls', 'child_tid'],
    names: { ...syscallNames, ...tricornSyscalls },
  },
  ctypes: { long: 8, pointer: 8, align8: 8 },
  stackAlign: 16,
  // The ELF ABIs keep a 288-byte protected zone below r1.
  redZone: 288,
} as const;

export const ppc64: ArchDescriptor = {
  ...common,
  name: 'ppc64',
  aliases: ['powerpc64', 'ppc64be'],
  endian: 'big',
  machine: 'ppc64',
  platform: 'power8',
  keystone: { arch: 'ARCH_PPC', modes: ['MODE_PPC64', 'MODE_BIG_ENDIAN'] },
  capstone: { arch: 'ARCH_PPC', modes: ['MODE_64', 'MODE_BIG_ENDIAN'] },
  elf: { machine: 21, entry: { style: 'descriptor', tocReg: 'r2' } },
  terminal: { tcgets: 0x402c7413, stdTermios: '000003000000000300004b0f000005cf031c7f1504010000000017121a1113160f0000000000960000009600' },
};

export const ppc64le: ArchDescriptor = {
  ...common,
  name: 'ppc64le',
  aliases: ['powerpc64le', 'ppc64el'],
  endian: 'little',
  machine: 'ppc64le',
  platform: 'power8',
  keystone: { arch: 'ARCH_PPC', modes: ['MODE_PPC64', 'MODE_LITTLE_ENDIAN'] },
  capstone: { arch: 'ARCH_PPC', modes: ['MODE_64', 'MODE_LITTLE_ENDIAN'] },
  elf: { machine: 21, entry: { style: 'direct-with-reg', reg: 'r12' } },
  terminal: { tcgets: 0x402c7413, stdTermios: '00030000030000000f4b0000cf050000031c7f1504010000000017121a1113160f0000000096000000960000' },
};
