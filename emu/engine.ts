// The CPU-engine interface the kernel drives. Two implementations stand behind it:
// Unicorn (x86_64, aarch64; native, through koffi) and tricorn's own PPC64 engine
// (ppc64, ppc64le; TypeScript). The kernel must not be able to tell them apart.
//
// Values are kept out of BigInt on every hot path: registers move as 32-bit halves in a
// Uint32Array (out[2*i] = low word, out[2*i+1] = high word), addresses as JS numbers
// (user-space addresses are below 2^53). BigInt appears only in the slow conveniences.

import type { ArchDescriptor } from '../arch/types.js';
import type { SharedBacking } from './vma.js';

export type { SharedBacking } from './vma.js';

/** Memory protection bits, Linux's PROT_* values. */
export const PROT_NONE = 0;
export const PROT_READ = 1;
export const PROT_WRITE = 2;
export const PROT_EXEC = 4;

/** Why run() returned. */
export type RunResult =
  /** onSyscall returned false, or stop() was called: the PC is the instruction after the trap. */
  | 'stopped'
  /** The instruction budget given to run() was used up. */
  | 'budget'
  /** The guest faulted; `engine.fault` describes it. The guest must not be resumed. */
  | 'fault';

export type FaultKind =
  | 'read-unmapped' | 'write-unmapped' | 'fetch-unmapped'
  | 'read-protected' | 'write-protected' | 'fetch-protected'
  | 'illegal-instruction'
  /** A trap instruction (tw/td/ud2/brk…): Linux delivers SIGTRAP / SIGILL. */
  | 'trap'
  | 'alignment'
  /** Integer divide error (x86 #DE, x87/SSE exceptions): Linux delivers SIGFPE. */
  | 'arithmetic'
  /** A general-protection fault (x86 #GP: a privileged instruction in user mode): SIGSEGV, SI_KERNEL. */
  | 'privileged'
  /** A first touch of a mapped page found the memory budget spent: the guest is killed, as by Linux's OOM killer. */
  | 'out-of-memory';

export interface GuestFault {
  kind: FaultKind;
  /** The faulting data address (for memory faults), else the pc. */
  addr: number;
  /** Address of the instruction that faulted. */
  pc: number;
  /**
   * Where a handler's frame resumes, when not at the instruction (an ISA whose exception
   * suppresses the instruction and saves the next one's address: s390x's operation exception).
   */
  resumePc?: number;
}

export interface MemRegion {
  addr: number;
  size: number;
  prot: number;
  /** MAP_SHARED memory (never merged with a neighbour). */
  shared?: boolean;
}


/** A prepared list of registers, for reading/writing several in one engine call. */
export interface RegBatch {
  readonly names: readonly string[];
}

/** An opaque saved register context (one per thread that shares an engine). */
export interface EngineContext {
  readonly __engineContext: true;
}

export class EngineError extends Error {}

/**
 * Host memory the guests' touched pages may take, in bytes. One object is shared by every engine
 * of a run (clone() passes it on), so forks and threads draw on the same limit.
 */
export interface MemoryBudget {
  used: number;
  limit: number;
}

export function unlimitedBudget(): MemoryBudget {
  return { used: 0, limit: Number.MAX_SAFE_INTEGER };
}

export interface CpuEngine {
  readonly arch: ArchDescriptor;

  /**
   * Called synchronously at every syscall trap, with the PC already past the trap
   * instruction. Return true to go on executing, false to make run() return 'stopped'.
   */
  onSyscall: () => boolean;

  /**
   * When set, called before each instruction executes (for --trace). Engines may run
   * much slower while it is set.
   */
  onInstruction: ((pc: number, bytes: Uint8Array) => void) | null;

  // ---- memory (addresses and sizes page-aligned; throws EngineError if not, or on overlap) ----
  // A mapping reserves address space only: host memory is taken when the guest first touches
  // a page, and charged to `budget`.
  budget: MemoryBudget;
  /** The most host memory the touched pages of this address space held at once, in bytes (ru_maxrss). */
  peakResident(): number;
  map(addr: number, size: number, prot: number): void;
  /**
   * MAP_SHARED memory: `size` bytes (page-aligned, reading as zero) that several address spaces
   * of the run may map, each seeing the others' stores at once. Null when the memory budget
   * cannot hold it. It lives while a mapping of it does (in any engine: clone() shares it).
   */
  createShared(size: number): SharedBacking | null;
  /** Map [offset, offset+size) of shared memory at addr (same rules as map()). */
  mapShared(addr: number, size: number, prot: number, mem: SharedBacking, offset: number): void;
  /** The shared memory mapped at addr and the offset in it (a shared futex's key), or null. */
  sharedAt(addr: number): { mem: SharedBacking; offset: number } | null;
  unmap(addr: number, size: number): void;
  protect(addr: number, size: number, prot: number): void;
  /** MADV_DONTNEED: the mapped pages of the range read as zero again and give back their memory. */
  discard(addr: number, size: number): void;
  /** The mapped regions, sorted by address, adjacent regions of equal prot may be merged. */
  regions(): MemRegion[];
  /**
   * Asked when the guest, or the kernel through read()/write(), touches an address no mapping
   * holds, before that becomes a fault: the kernel may map it (a stack growing down, as Linux's
   * VM_GROWSDOWN) and return true, and the access is retried. Null: such accesses fault.
   */
  onUnmapped: ((addr: number) => boolean) | null;

  /**
   * Kernel access to guest memory with user-access rules (copy_from_user/copy_to_user):
   * read needs PROT_READ on every byte, write needs PROT_WRITE. Return null / false
   * (and change nothing) when any byte is not accessible: the caller answers EFAULT.
   */
  read(addr: number, len: number): Uint8Array | null;
  /**
   * One byte as read(addr, 1) gives it, -1 where read gives null, without making an array (the
   * kernel reads s390x's `svc` operand at every trap). Optional: read() otherwise.
   */
  readU8?(addr: number): number;
  /**
   * Inside a system-call trap: the operand of the trap instruction (s390x `svc NR`'s NR) as the
   * CPU recorded it when it took the trap, or -1 when the engine does not know it (the kernel then
   * reads the instruction). Optional.
   */
  trapOperand?(): number;
  write(addr: number, data: Uint8Array): boolean;
  /** Write ignoring protection (the ELF loader filling read-only segments). Throws if unmapped. */
  load(addr: number, data: Uint8Array): void;
  /**
   * Optional: the guest's bytes [addr, addr+len) in place, no copy (len within one page), given
   * host memory if they had none; null unless mapped readable and writable. The view stays the
   * guest's memory while `layoutVersion` keeps its value (the kernel's vvar page, kernel/vdso.ts).
   */
  hostBytes?(addr: number, len: number): Uint8Array | null;
  /** Changes whenever host memory behind guest pages may have gone (unmap, close). */
  readonly layoutVersion?: number;

  // ---- registers, by ABI name as the arch descriptor spells them ----
  regBatch(names: readonly string[]): RegBatch;
  readRegs(batch: RegBatch, out: Uint32Array): void;
  writeRegs(batch: RegBatch, values: Uint32Array): void;
  getReg(name: string): bigint;
  setReg(name: string, value: bigint): void;
  getPc(): number;
  setPc(pc: number): void;

  saveContext(): EngineContext;
  /**
   * Make a saved context's registers the live ones. The context is the engine's again after
   * this (it may fill it at a later saveContext): a caller keeps no context it has restored.
   */
  restoreContext(ctx: EngineContext): void;

  /** A new engine holding a copy of every private region (with its prot), the shared ones mapping the same memory, and the registers: fork. */
  clone(): CpuEngine;

  /**
   * Execute from the current PC. `budget` is a number of instructions (0: no limit). Execution
   * ends when onSyscall returns false / stop() is called, the budget runs out, or a fault.
   */
  run(budget: number): RunResult;
  /** From inside onSyscall: make run() return 'stopped' after the handler returns. */
  stop(): void;
  /** The last fault, valid after run() returned 'fault'. */
  readonly fault: GuestFault | null;

  close(): void;
}
