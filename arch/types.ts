// What an architecture descriptor says. Everything that differs between architectures lives
// in one object of this shape (arch/x86_64.ts, arch/aarch64.ts, arch/ppc64.ts); the kernel and
// the loader read these fields and never test the architecture's name.

export type ArchName = 'x86_64' | 'aarch64' | 'ppc64' | 'ppc64le';
export type Endian = 'little' | 'big';

/** How a syscall's result reaches the guest. */
export type ErrorConvention =
  /** result register = -errno on error (x86_64, aarch64). */
  | { style: 'negated' }
  /**
   * result register = +errno on error with `flagMask` set in `flagReg`, and the mask cleared
   * on success (PowerPC: CR0.SO, bit 0x10000000 of the 32-bit CR).
   */
  | { style: 'flagged'; flagReg: string; flagMask: number };

export type EngineChoice =
  | { kind: 'unicorn'; ucArch: number; ucMode: number }
  | { kind: 'ppc64' };

/** Where the entry point comes from and which registers the ELF ABI sets at entry. */
export type EntryConvention =
  /** e_entry is the first instruction. */
  | { style: 'direct' }
  /** e_entry is the first instruction, and this register also holds it (ppc64 ELFv2: r12). */
  | { style: 'direct-with-reg'; reg: string }
  /** e_entry points to a function descriptor {entry, toc, env} (ppc64 ELFv1): r2 = toc. */
  | { style: 'descriptor'; tocReg: string };

export interface ArchDescriptor {
  readonly name: ArchName;
  /** Other names the CLI accepts. */
  readonly aliases: readonly string[];
  readonly endian: Endian;
  /** Page size the kernel uses for mappings and reports in AT_PAGESZ. */
  readonly pageSize: number;
  /** `uname -m`. */
  readonly machine: string;
  /** AT_PLATFORM string, and AT_HWCAP / AT_HWCAP2 values given to the guest. */
  readonly platform: string;
  readonly hwcap: number;
  readonly hwcap2: number;
  /** Extra auxiliary-vector entries this architecture's Linux passes (ppc64: cache block sizes). */
  readonly auxv: readonly (readonly [number, number])[];

  readonly engine: EngineChoice;
  /** Keystone and Capstone constant names (looked up on the loaded module: ks.ARCH_X86 …). */
  readonly keystone: { arch: string; modes: readonly string[] };
  readonly capstone: { arch: string; modes: readonly string[] };
  /** Width in bytes of one instruction for fault reports, or 0 when variable (x86). */
  readonly insnSize: number;

  readonly regs: {
    readonly pc: string;
    readonly sp: string;
    /** Register that holds the return address of a call, if the ISA has one. */
    readonly link: string | null;
    /** The thread pointer that CLONE_SETTLS / arch_prctl set. */
    readonly threadPointer: string;
    /** Registers shown in fault reports and traces, in order. */
    readonly all: readonly string[];
  };

  readonly syscall: {
    /** The trap instruction's mnemonic, for documentation and the explainer. */
    readonly trap: string;
    readonly nr: string;
    readonly args: readonly string[];
    readonly ret: string;
    readonly error: ErrorConvention;
    /** Registers the trap may change besides the result (documented; tests check the rest survive). */
    readonly clobbers: readonly string[];
    /** Raw `clone` argument order: names of clone's five arguments, in register order. */
    readonly cloneArgs: readonly ('flags' | 'stack' | 'parent_tid' | 'child_tid' | 'tls')[];
    /** Syscall number -> Linux name. */
    readonly names: Readonly<Record<number, string>>;
  };

  readonly elf: {
    readonly machine: number;
    readonly entry: EntryConvention;
  };

  /** C type sizes/alignments of this ABI (LP64 everywhere here, but stated, not assumed). */
  readonly ctypes: {
    readonly long: number;
    readonly pointer: number;
    /** Alignment of 8-byte integers in structs. */
    readonly align8: number;
  };

  /** Stack pointer alignment at process entry. */
  readonly stackAlign: number;
  /** Bytes below the stack pointer the ABI lets a leaf function use (red zone) — kept mapped. */
  readonly redZone: number;
}
