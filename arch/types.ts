// What an architecture descriptor says. Everything that differs between architectures lives
// in one object of this shape (arch/x86_64.ts, arch/aarch64.ts, arch/ppc64.ts, …) or in data it
// references; the kernel, the engines and the CLI read these fields and never test the
// architecture's name (test/kernel/arch-neutral.test.ts keeps names out of kernel/ and emu/).

import type { FaultKind } from '../emu/engine.js';
import type { StructDecl } from '../kernel/abi/struct.js';

/** An architecture's name: whatever arch/index.ts lists (never a closed union the kernel could switch on). */
export type ArchName = string;
export type Endian = 'little' | 'big';

/** Flag and ioctl values that differ between architectures (the rest are asm-generic's, in kernel/abi/flags.ts). */
export interface ArchFlags {
  readonly O_DIRECT: number;
  readonly O_LARGEFILE: number;
  readonly O_DIRECTORY: number;
  readonly O_NOFOLLOW: number;
  readonly MAP_NORESERVE: number;
  readonly MAP_LOCKED: number;
  /** x86 only (0: absent). */
  readonly MAP_32BIT: number;
  /** PowerPC only (0: absent). */
  readonly PROT_SAO: number;
  /** Terminal ioctls. */
  readonly TCGETS: number;
  readonly TCSETS: number;
  readonly TCSETSW: number;
  readonly TCSETSF: number;
  readonly TIOCGWINSZ: number;
  readonly TIOCSWINSZ: number;
  readonly TIOCGPGRP: number;
  readonly TIOCSPGRP: number;
  readonly FIONREAD: number;
  readonly FIONBIO: number;
  /** <asm/socket.h>: SO_PASSCRED (SO_PEERCRED follows) and SO_RCVLOWAT (then SNDLOWAT, RCVTIMEO_OLD, SNDTIMEO_OLD): PowerPC numbers them apart. */
  readonly SO_PASSCRED: number;
  readonly SO_RCVLOWAT: number;
  /** <linux/fadvise.h>: s390x numbers DONTNEED and NOREUSE 6 and 7 (4 and 5 elsewhere). */
  readonly POSIX_FADV_DONTNEED: number;
  readonly POSIX_FADV_NOREUSE: number;
  /** <asm/mman.h>: mlockall's MCL_CURRENT, MCL_FUTURE, MCL_ONFAULT (PowerPC: 0x2000, 0x4000, 0x8000). */
  readonly MCL: readonly [current: number, future: number, onfault: number];
  /** _IOC encoding: PowerPC has 13 size bits and 3 direction bits, with NONE = 1 and WRITE = 4. */
  readonly ioc: { readonly sizeBits: 13 | 14; readonly none: number; readonly read: number; readonly write: number };
  /** The rest of <asm/ioctls.h>'s terminal requests (pseudo-terminals, sessions, queues); PowerPC numbers some apart. */
  readonly ttyIoctls: Readonly<Record<TtyIoctl, number>>;
  /** <asm/termbits.h>: the termios flag bits and c_cc indices the line discipline reads (PowerPC numbers them apart). */
  readonly termbits: Termbits;
}

export type TtyIoctl = 'TCSBRK' | 'TCXONC' | 'TCFLSH' | 'TIOCEXCL' | 'TIOCNXCL' | 'TIOCSCTTY' | 'TIOCOUTQ' | 'TIOCSTI'
  | 'TIOCPKT' | 'TIOCNOTTY' | 'TIOCSETD' | 'TIOCGETD' | 'TCSBRKP' | 'TIOCGSID' | 'TIOCGPTN' | 'TIOCSPTLCK' | 'TIOCGPTLCK'
  | 'TIOCGEXCL' | 'TIOCGPTPEER' | 'TIOCVHANGUP' | 'TIOCGPKT' | 'FIONCLEX' | 'FIOCLEX';

/** termios bits by name, in one ABI's numbering (scripts/gen-termios.c prints them from the UAPI headers). */
export interface Termbits {
  readonly iflag: Readonly<Record<'IGNBRK' | 'BRKINT' | 'IGNPAR' | 'PARMRK' | 'INPCK' | 'ISTRIP' | 'INLCR' | 'IGNCR' | 'ICRNL'
    | 'IUCLC' | 'IXON' | 'IXANY' | 'IXOFF' | 'IMAXBEL' | 'IUTF8', number>>;
  readonly oflag: Readonly<Record<'OPOST' | 'OLCUC' | 'ONLCR' | 'OCRNL' | 'ONOCR' | 'ONLRET' | 'OFILL' | 'OFDEL' | 'NLDLY'
    | 'CRDLY' | 'TABDLY' | 'XTABS' | 'BSDLY' | 'VTDLY' | 'FFDLY', number>>;
  readonly cflag: Readonly<Record<'CBAUD' | 'CSIZE' | 'CSTOPB' | 'CREAD' | 'PARENB' | 'PARODD' | 'HUPCL' | 'CLOCAL' | 'CRTSCTS', number>>;
  readonly lflag: Readonly<Record<'ISIG' | 'ICANON' | 'XCASE' | 'ECHO' | 'ECHOE' | 'ECHOK' | 'ECHONL' | 'NOFLSH' | 'TOSTOP'
    | 'ECHOCTL' | 'ECHOPRT' | 'ECHOKE' | 'FLUSHO' | 'PENDIN' | 'IEXTEN' | 'EXTPROC', number>>;
  readonly cc: Readonly<Record<'VINTR' | 'VQUIT' | 'VERASE' | 'VKILL' | 'VEOF' | 'VTIME' | 'VMIN' | 'VSWTC' | 'VSTART' | 'VSTOP'
    | 'VSUSP' | 'VEOL' | 'VREPRINT' | 'VDISCARD' | 'VWERASE' | 'VLNEXT' | 'VEOL2', number>>;
}

/** One Unicorn register: ABI name, Unicorn id, bytes uc_reg_read writes for it (2, 4, 8 or 16). */
export type UcRegEntry = readonly [name: string, id: number, size: 2 | 4 | 8 | 16];

/** How Unicorn shows this architecture's system-call trap, and everything else the Unicorn engine must know about it. */
export interface UnicornSpec {
  readonly kind: 'unicorn';
  readonly ucArch: number;
  readonly ucMode: number;
  /**
   * Registers set when an instance opens, before anything runs (riscv64: mstatus.FS, or the FPU
   * traps; s390x: 64-bit addressing in the PSW mask, and CR0's AFP bit, or f8-f15 trap).
   */
  readonly initRegs?: readonly (readonly [reg: string, value: number])[];
  /**
   * Registers Unicorn's register API does not reach (s390x: its access-register ids write the
   * general registers, and it has no FP, FPC or control-register ids), found in the CPU state
   * uc_context_save copies: each is 32-bit words at these byte offsets from the start of the
   * CPU state (host byte order, measured), most significant word first. A register made of
   * two (s390x's thread pointer, a0:a1) lists both words.
   */
  readonly stateRegs?: readonly (readonly [name: string, words: readonly number[]])[];
  /**
   * With stateRegs or userMode: a register the register API reaches whose 8 bytes open the CPU
   * state (s390x: r0, x86: rax, each the state's first field). Where the state starts in a uc_context differs between
   * Unicorn versions (the context's header is 16 bytes in 2.0.1, 20 in 2.1.1), so the engine
   * finds it once per process by writing a marker to this register and looking for it.
   */
  readonly stateAnchor?: string;
  /** uc_ctl CPU model to select at open (absent: Unicorn's default). */
  readonly cpuModel?: number;
  /**
   * The page size Unicorn's soft TLB and translation blocks use, asked for at open (absent:
   * Unicorn's default). aarch64: 4096, the guest's page; Unicorn's ARM targets default to 1 KiB
   * pages, so each guest page took four TLB entries, a 256-entry TLB covered 256 KiB, and a
   * program sweeping a large array paid a TLB refill (and a store slow path) every 1 KiB.
   */
  readonly pageSize?: number;
  /**
   * Select Unicorn's virtual TLB at open (uc_ctl_tlb_mode UC_TLB_VIRTUAL, Unicorn 2.1 on): with no
   * TLB-fill hook, every guest address is its own physical address, and an access to unmapped
   * memory reaches the memory hooks. s390x on 2.1.1: its own MMU refuses unmapped memory with a
   * program interruption (PGM_ADDRESSING, in the interrupt hook, no address given) before any
   * memory hook, so memory mapped on first touch would never come.
   */
  readonly virtualTlb?: boolean;
  /**
   * Facts that change from a Unicorn version on: each entry whose version the loaded library
   * has reached replaces the facts it names (later entries win). tricorn runs on Debian
   * bookworm's 2.0.1 and on 2.1.1 (scripts/get-unicorn.sh; docs/unicorn.md lists what differs).
   */
  readonly since?: readonly UnicornSince[];
  /**
   * This architecture runs only on a Unicorn older than this version (a fact of a newer one it
   * cannot work around). The engine then loads the system's older library beside the newer one
   * (each is its own shared object with its own state).
   */
  readonly before?: UnicornVersionNumber;
  /** CPUID leaves the engine answers itself (x86); every other leaf is Unicorn's CPU model's. */
  readonly cpuid?: readonly CpuidAnswer[];
  /** Register ids from the libunicorn headers, with the widths measured by reading each one. */
  readonly regs: readonly UcRegEntry[];
  readonly trap: {
    /** 'insn': UC_HOOK_INSN for instruction id `id` (x86 syscall); 'intr': UC_HOOK_INTR exception number `id`. */
    readonly hook: 'insn' | 'intr';
    readonly id: number;
    /** The guest's pc after the trap = Unicorn's pc inside the hook + this. */
    readonly pcOffset: number;
    /** What Unicorn itself adds to the pc after the hook returns (also to a pc the hook wrote). */
    readonly autoAdvance: number;
  };
  /**
   * Where the faulting instruction is, relative to Unicorn's pc in the interrupt hook, for the
   * exceptions below (riscv64: -4, Unicorn moves the pc past every exception as it does for
   * ecall, whatever the instruction's length). The engine puts the pc back there.
   */
  readonly exceptionPcOffset?: number;
  /**
   * After one of `exceptions` the guest resumes this register's value in bytes past the
   * instruction (s390x: the program-interruption length, as Linux's old PSW points past a
   * suppressed instruction); the fault is still reported at the instruction.
   */
  readonly exceptionResumeLength?: string;
  /** Other QEMU exception numbers the interrupt hook sees, and the fault each one is (default: illegal-instruction). */
  readonly exceptions: Readonly<Record<number, FaultKind>>;
  /**
   * Software interrupts that leave the pc after the instruction (x86: int3 = `breakpoint`, raising
   * exception `breakpointVector`; `int n` = opcode `withVector` then n): the fault is reported at the instruction.
   */
  readonly softInterrupts?: { readonly breakpoint: number; readonly breakpointVector: number; readonly withVector: number };
  /**
   * Bits to set in one 32-bit word of the CPU state (a byte offset from the start of the
   * CPU state, as stateRegs; needs stateAnchor) so the guest runs unprivileged, as under Linux. x86: CPL 3 in
   * hflags, so `hlt`, `cli` and the other privileged instructions raise #GP instead of
   * running (`hlt` at CPL 0 would end uc_emu_start by itself, which a run's instruction count
   * running out cannot be told from).
   */
  readonly userMode?: { readonly word: number; readonly bits: number };
  /**
   * Unicorn does not keep this architecture's pc when a run stops between two instructions by a
   * count or uc_emu_stop (s390x in 2.0.1: its set_pc is empty, so the pc stays at the start of
   * the translation block while the registers have moved on): the engine then counts the budget
   * in its own code hook and sets the pc itself, and treats a memory fault's pc as inexact
   * unless its code hook is in the code.
   */
  readonly stalePcAfterStop?: boolean;
  /** The longest instruction in bytes (the fault-pc replay copies this much past a block). */
  readonly maxInsnBytes: number;
}

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

/** A Unicorn version: [major, minor]. */
export type UnicornVersionNumber = readonly [major: number, minor: number];

/** UnicornSpec facts that hold from `version` on. */
export interface UnicornSince {
  readonly version: UnicornVersionNumber;
  readonly cpuModel?: number;
  readonly cpuid?: readonly CpuidAnswer[];
  readonly virtualTlb?: boolean;
}

export type EngineChoice = UnicornSpec | { kind: 'ppc64' };

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
 * take back from the guest (segment selectors, the MSR), `mask` for the bits it may take back,
 * `set` for bits the saved value always has though the engine's register lacks them (s390x's
 * PSW: Unicorn runs the guest without the problem-state and DAT bits Linux's user PSW shows).
 */
export type SigRegSlot = readonly [member: string, reg: string, opts?: {
  readonly width?: number; readonly restore?: false; readonly mask?: number; readonly set?: number;
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
  /**
   * si_code of the SIGILL an undefined instruction raises: x86's #UD handler says ILL_ILLOPN
   * (2, "illegal operand"), the other ports' undefined-instruction handlers ILL_ILLOPC (1).
   */
  readonly illegalInstructionCode: number;
  /** Bytes below the interrupted sp the frame must not touch (x86_64's red zone). */
  readonly redZone: number;
  /** The frame starts at a multiple of 16 (or of `frameAlign`), plus this (x86_64: -8, as after a call). */
  readonly frameBias: number;
  /** The frame's alignment when not 16 (s390x's get_sigframe aligns to 8). */
  readonly frameAlign?: number;
  /** A caller frame below the signal frame whose first word links to the interrupted sp (ppc64). */
  readonly callerFrame: number;
  /** A frame member that receives the interrupted stack pointer (s390x's back chain, at the frame's start). */
  readonly backchain?: string;
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
  /** `uname -m` under personality PER_LINUX32 (`setarch linux32`): Linux's COMPAT_UTS_MACHINE. */
  readonly compatMachine: string;
  /** AT_PLATFORM string, and AT_HWCAP / AT_HWCAP2 values given to the guest. */
  readonly platform: string;
  readonly hwcap: number;
  readonly hwcap2: number;
  /**
   * /proc/cpuinfo in this architecture's Linux format (its show_cpuinfo), for the one CPU the
   * guest has: the same facts the guest reads elsewhere (CPUID, AT_HWCAP, AT_PLATFORM).
   */
  readonly cpuinfo: string;
  /** Extra auxiliary-vector entries this architecture's Linux passes (ppc64: cache block sizes). */
  readonly auxv: readonly (readonly [number, number])[];
  /**
   * The vDSO image (a small shared object, arch/vdso/) mapped into every process and announced
   * by AT_SYSINFO_EHDR, whose clock functions read the virtual clock without a trap; absent:
   * no vDSO, the C library makes clock system calls.
   */
  readonly vdso?: Uint8Array;
  /**
   * A SIGSEGV's si_addr is the page of the faulting address, not the address (s390x: the
   * translation-exception identification holds only the page, and Linux reports that).
   */
  readonly segvAddrPage?: boolean;

  readonly engine: EngineChoice;
  /** Keystone and Capstone constant names (looked up on the loaded module: ks.ARCH_X86 …); absent when they have none. */
  readonly keystone?: {
    arch: string;
    modes: readonly string[];
    /**
     * Instructions this Keystone does not know, rewritten before assembly: each line matching
     * `pattern` is replaced by `replacement` ($1… its groups). s390x: `svc N` as `.byte 0x0a, N`.
     */
    rewrite?: readonly (readonly [pattern: RegExp, replacement: string])[];
    /** Lines this Keystone would assemble wrongly: refused with the message instead. */
    refuse?: readonly [pattern: RegExp, message: string];
  };
  readonly capstone?: { arch: string; modes: readonly string[] };
  /** The cross toolchain's triple (sysroot /usr/TRIPLE, TRIPLE-gcc), its Debian package, and the qemu-user oracle. */
  readonly toolchain: { readonly triple: string; readonly apt: string; readonly qemu: string };
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
    /**
     * The trap instruction followed by a branch back to it, as machine code: 32-bit words in the
     * ABI's byte order (what the syscall fuzzer's pid 1 runs, whether or not an assembler exists).
     */
    readonly trapLoop: readonly number[];
    readonly nr: string;
    readonly args: readonly string[];
    readonly ret: string;
    readonly error: ErrorConvention;
    /** Registers the trap may change besides the result (documented; tests check the rest survive). */
    readonly clobbers: readonly string[];
    /** Bytes of the trap instruction: a restarted call resumes this far back. */
    readonly trapSize: number;
    /**
     * The trap instruction may carry the number itself (s390x `svc NR`, NR < 256): the byte at
     * this offset into the instruction; when it is 0 the number is the `nr` register's low
     * `nrBits` bits (Linux's s390x takes 16).
     */
    readonly nrInTrap?: { readonly offset: number; readonly nrBits: number };
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
    /**
     * Where a dynamically linked PIE (ET_DYN with an interpreter) is loaded: Linux's
     * ELF_ET_DYN_BASE, page-aligned, as it is without address randomisation (x86_64: two
     * thirds of the 47-bit user space, 0x555555554000). Absent: the kernel's fixed PIE base.
     */
    readonly etDynBase?: number;
  };

  /** Flag and ioctl values that differ from the generic ones. */
  readonly flags: ArchFlags;
  /** Errno names whose number differs from the generic table here (PowerPC: EDEADLOCK 58). */
  readonly errnos: readonly (readonly [name: string, n: number])[];
  /**
   * This ABI's declaration of each struct whose layout is not shared (stat, sigcontext,
   * ucontext, rt_sigframe, the FP/vector save areas); a struct absent here and declared per
   * ABI in kernel/abi does not exist on this architecture.
   */
  readonly structs: Readonly<Record<string, StructDecl>>;

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
