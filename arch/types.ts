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
  | { style: 'flagged'; flagReg: string; flagMask: number; /** The flag's name in the ISA's manuals (CR0.SO), for explanations. */ flagName: string };

/**
 * What the CPUID instruction answers for one leaf (and subleaf, when the leaf has them), as
 * 32-bit register values.
 */
export interface CpuidAnswer {
  readonly leaf: number;
  readonly subleaf?: number;
  readonly eax: number;
  readonly ebx: number;
  readonly ecx: number;
  readonly edx: number;
}

export type EngineChoice =
  /** cpuid: leaves the engine answers itself (x86); every other leaf is Unicorn's CPU model's. */
  | { kind: 'unicorn'; ucArch: number; ucMode: number; cpuid?: readonly CpuidAnswer[] }
  | { kind: 'ppc64' };

/** Where the entry point comes from and which registers the ELF ABI sets at entry. */
export type EntryConvention =
  /** e_entry is the first instruction. */
  | { style: 'direct' }
  /** e_entry is the first instruction, and this register also holds it (ppc64 ELFv2: r12). */
  | { style: 'direct-with-reg'; reg: string }
  /** e_entry points to a function descriptor {entry, toc, env} (ppc64 ELFv1): r2 = toc. */
  | { style: 'descriptor'; tocReg: string };

/**
 * A register's slot in the signal frame: the member (a C designator inside the frame or area),
 * the register's engine name, and options — `width` when the slot is wider than the member
 * declares (an XMM register over four u32s), `restore: false` for state rt_sigreturn must not
 * take back from the guest (segment selectors, the MSR), `mask` for the bits it may take back.
 */
export type SigRegSlot = readonly [member: string, reg: string, opts?: {
  readonly width?: number; readonly restore?: false; readonly mask?: number;
}];

/** Values the handler's entry registers receive. */
export type SigEntryValue = 'signo' | 'info' | 'uc' | 'frame' | 'mcontext' | 'zero';

/** A block of saved state outside the frame's own struct: x86_64's FXSAVE area, aarch64's fpsimd record, ppc64's VMX area. */
export interface SigArea {
  /** The struct (kernel/abi) laid out there. */
  readonly struct: string;
  /** Inside the frame at this member's address rounded up to `align`; absent: above the frame. */
  readonly inside?: string;
  readonly align: number;
  /** Frame member that receives the area's address. */
  readonly pointer?: string;
  readonly regs: readonly SigRegSlot[];
  readonly consts: readonly (readonly [string, number])[];
}

/** How this ABI delivers a signal to a handler and returns from it (kernel/signal-frame.ts). */
export interface SignalAbi {
  /** MINSIGSTKSZ: sigaltstack refuses smaller stacks (ENOMEM). */
  readonly minSigStkSz: number;
  /** Bytes below the interrupted sp the frame must not touch (x86_64's red zone). */
  readonly redZone: number;
  /** The frame starts at a multiple of 16, plus this (x86_64: -8, as after a call). */
  readonly frameBias: number;
  /** A caller frame below the signal frame whose first word links to the interrupted sp (ppc64). */
  readonly callerFrame: number;
  /** A frame record above the frame ({x29, x30} on aarch64): its size, slots, and the register pointed at it. */
  readonly record: { readonly size: number; readonly slots: readonly (readonly [number, string])[]; readonly reg: string } | null;
  /** Members of rt_sigframe: the siginfo, the ucontext, and optional extras. */
  readonly info: string;
  readonly uc: string;
  readonly mcontext: string;
  readonly sigmask: string;
  readonly stack: string;
  readonly signo?: string;
  readonly oldmask?: string;
  readonly faultAddr?: string;
  readonly handler?: string;
  readonly regs: readonly SigRegSlot[];
  readonly consts: readonly (readonly [string, number])[];
  /** Members that hold the address of other members: [pointer, target]. */
  readonly selfPtrs: readonly (readonly [string, string])[];
  readonly areas: readonly SigArea[];
  /** Handler entry: registers set always, only for SA_SIGINFO handlers, only for plain ones. */
  readonly entry: {
    readonly always: readonly (readonly [string, SigEntryValue])[];
    readonly siginfo: readonly (readonly [string, SigEntryValue])[];
    readonly plain: readonly (readonly [string, SigEntryValue])[];
  };
  /**
   * Where the handler returns to: a frame member holding sa_restorer (x86_64, which requires
   * SA_RESTORER), or a register holding sa_restorer if given and otherwise the signal page's
   * trampoline (aarch64), or always the trampoline (ppc64, which ignores sa_restorer).
   */
  readonly ret: { readonly member: string } | { readonly reg: string; readonly useRestorer: boolean };
  /** rt_sigreturn finds the frame at sp + this. */
  readonly sigreturnFrame: number;
  /** The trampoline's instruction words (`rt_sigreturn` syscall), mapped read-execute in every process; null if none. */
  readonly trampoline: readonly number[] | null;
}

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
    /**
     * What the trap instruction does on this ISA, in one line: where the CPU saves the return
     * address and state, and where Linux finds the number (tricorn explain shows it).
     */
    readonly trapNote: string;
    readonly nr: string;
    readonly args: readonly string[];
    readonly ret: string;
    readonly error: ErrorConvention;
    /** Registers the trap may change besides the result (documented; tests check the rest survive). */
    readonly clobbers: readonly string[];
    /** Bytes of the trap instruction: a restarted call resumes this far back. */
    readonly trapSize: number;
    /** Raw `clone` argument order: names of clone's five arguments, in register order. */
    readonly cloneArgs: readonly ('flags' | 'stack' | 'parent_tid' | 'child_tid' | 'tls')[];
    /** Syscall number -> Linux name. */
    readonly names: Readonly<Record<number, string>>;
    /**
     * Syscall name -> its parameters as the kernel declares them (`'unsigned int fd'`), in
     * register order: generated from Linux's prototypes (arch/tables/signatures.ts). --strace
     * derives each argument's rendering from these when it has no decoder of its own.
     */
    readonly signatures: Readonly<Record<string, readonly string[]>>;
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

  /**
   * The terminal interface, for a guest whose stdio is a host terminal: the TCGETS request
   * number and the bytes of a `struct termios` holding Linux's default terminal settings
   * (tty_std_termios: ICRNL|IXON, OPOST|ONLCR, B38400|CS8|CREAD|HUPCL, ISIG|ICANON|ECHO…, the
   * standard control characters) in this ABI's layout, flag values and byte order (hex).
   * Generated by scripts/gen-termios.c from the UAPI headers.
   */
  readonly terminal: { readonly tcgets: number; readonly stdTermios: string };
  readonly signal: SignalAbi;
}
