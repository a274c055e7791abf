// CpuEngine on Unicorn 2 (2.1.1 or Debian bookworm's 2.0.1, docs/unicorn.md) for every architecture whose descriptor
// chooses Unicorn. Everything that differs per architecture comes from the descriptor's engine
// data (arch/types.ts UnicornSpec): register ids, the trap's hook and where the pc is at it,
// which exceptions are which faults.
//
// Facts about Unicorn this file is built around, true of 2.0.1 and 2.1.1 alike (each measured
// here; see the tests, bench/unicorn-engine.ts and docs/unicorn.md; facts that differ between
// the versions are descriptor data, UnicornSpec.since and .before):
// - The system-call trap comes through UC_HOOK_INSN or UC_HOOK_INTR; inside the hook the pc is
//   the guest's pc after the trap minus `trap.pcOffset` (x86_64 `syscall`: on the instruction;
//   aarch64 `svc`: already past it), and after the hook returns Unicorn adds `trap.autoAdvance`
//   (x86_64: 2, also to a pc the hook wrote). The engine shows the kernel the guest's view (the
//   pc after the trap) and defers pc writes.
// - Writing the PC inside a hook cancels a uc_emu_stop() made in the same hook (Unicorn turns
//   the write into "restart the translation loop"). So when the handler stops the guest, the
//   new pc is written after uc_emu_start has returned.
// - The `syscall` hook replaces the instruction: rcx/r11 are not set to the return rip/rflags.
// - uc_emu_start's instruction count works through a UC_HOOK_CODE hook compiled into every
//   translated block. Blocks translated without it ignore a later count, and going back to
//   count 0 makes uc_emu_start flush the whole translation cache — 40–60 ms each time, and the
//   first flush of an instance writes over its whole 1 GiB code buffer (0.3–2.6 s, +1 GiB RSS).
//   So the engine never flushes and never mixes the two: once a run with a budget follows
//   uncounted runs, the engine keeps two uc instances over the same host memory, one that only
//   ever runs counted and one that never does, each with its own translations, and moves the
//   guest between them (uc_context save and restore, microseconds) as runs with and without a
//   budget alternate (threads that block and wake: pthread create+join). A run without a budget
//   never carries the count hook. Both instances get every memory map, unmap, protect and
//   translation drop; a guest store lands in one instance only, so moving into the other drops
//   that one's translations of writable and executable memory (the only code a store can
//   change). An instance that has translated nothing yet changes mode in place instead.
//   On an x86-64 host the count is not Unicorn's but a native UC_HOOK_BLOCK hook (binding.ts
//   nativeBlockCount, a call per block instead of per instruction: a loop in a thread beside a
//   timed sleeper went 6.3 -> 0.85 s); the two instances stay, the counted one carrying it.
//   After each counted run, block-patch.ts rewrites the blocks that called it into an inline
//   count that calls only when the budget runs out (same stops; ttloop 0.87 -> 0.67 s).
// - Never stop a run asynchronously (uc_emu_start's timeout, uc_emu_stop from another thread):
//   a stop that lands between two translated blocks while the count hook is in the code leaves
//   the pc on the last instruction already executed (cpu_tb_exec skips synchronize_from_tb
//   when stop_request is set), so the guest would run that instruction twice. Seen as a forked
//   glibc child re-running `ldur w0, [x0, #-4]` after w0 was loaded, under host load only.
// - A closed engine's uc instance is kept as a spare (at most SPARE_INSTANCES) instead of paying
//   uc_open for the next engine, which restores the CPU state a fresh instance has (registers
//   are not reset by Unicorn). A single-instance engine's spare is kept warm (warm.ts): its
//   memory still mapped and its translations kept, for the next fork to copy its parent into;
//   any other taker (an exec, a second instance) empties it first, as release() empties a cold
//   one (memory unmapped, translations dropped).
// - Memory faults report the pc of the block's first instruction; see fault-pc.ts.
// - Changing a page's prot away from EXEC and writing code with uc_mem_write (or, here, from JS)
//   leave stale translated blocks: the engine drops them itself.
// - Unicorn starts the CPU at its most privileged level (x86 CPL 0, aarch64 EL1). x86 is moved
//   to CPL 3 at open (spec.userMode), so `hlt` and the other privileged instructions raise #GP
//   as under Linux; aarch64 EL1 still lets a guest run the few EL1-only instructions.

import type { ArchDescriptor, CpuidAnswer } from '../../arch/types.js';
import {
  EngineError, PROT_EXEC, PROT_READ, PROT_WRITE,
  type CpuEngine, type EngineContext, type FaultKind, type GuestFault, type MemoryBudget, type MemRegion,
  type RegBatch, type RunResult, type SharedBacking,
} from '../engine.js';
import { allocNative, freeNative, hostView, loadBinding, nativeBlockCount, olderThan, type BlockCounter, type LibC, type Ptr, type UcLib } from './binding.js';
import { patcherFor, type BlockPatcher } from './block-patch.js';
import type { UnicornSpec } from '../../arch/types.js';
import {
  UC_CTL_TB_REMOVE, UC_ERR_EXCEPTION, UC_ERR_FETCH_PROT,
  UC_ERR_FETCH_UNALIGNED, UC_ERR_FETCH_UNMAPPED, UC_ERR_INSN_INVALID, UC_ERR_OK, UC_ERR_READ_PROT,
  UC_ERR_READ_UNALIGNED, UC_ERR_READ_UNMAPPED, UC_ERR_WRITE_PROT, UC_ERR_WRITE_UNALIGNED,
  UC_ERR_WRITE_UNMAPPED, UC_HOOK_CODE, UC_HOOK_INSN, UC_HOOK_INTR, UC_HOOK_MEM_PROT,
  UC_HOOK_MEM_UNMAPPED, UC_HOOK_BLOCK, UC_MEM_FETCH_PROT, UC_MEM_FETCH_UNMAPPED, UC_MEM_READ_PROT,
  UC_HOOK_TLB_FILL, UC_MEM_READ_UNMAPPED, UC_MEM_WRITE_PROT, UC_MEM_WRITE_UNMAPPED, UC_X86_INS_CPUID,
} from './consts.js';
import { factsFor, selectCpuModel, selectPageSize } from './facts.js';
import { layoutFor, SoftTlb, tlbEntriesFor } from './tlb.js';
import { findFaultingPc } from './fault-pc.js';
import { hookCallbacks, intrHookFor, runTrap, setHookTarget, type HookTarget } from './hooks.js';
import { CHUNK, GuestMemory, GUEST_PAGE, retireChunk, sameBytes, SharedHost, type HostRegion } from './memory.js';
import { diffRegions, executable, holdWarm, releaseWarm, sameFixed, type WarmMemory } from './warm.js';
import { ucRegisters, type UcReg } from './regs.js';
import { findStateLayout, findTrapOperand, stateView, type StateLayout } from './cpu-state.js';

/** The native block counter's budget when not counting: no run ever uses it up. */
const NEVER_LEFT = 1n << 62n;
/** uc_emu_start's `until`: no guest pc is ever 2^64-1, so only hooks and counts end a run. */
const UNTIL = 0xffff_ffff_ffff_ffffn;
const TWO32 = 0x1_0000_0000;
/**
 * The smallest TLB the engine sizes (tlb.ts): up to 1024 entries (4 MiB of writable memory),
 * Unicorn's own resizing does about as well.
 */
const MIN_SIZED_TLB = 2048;
/**
 * Host memory a uc instance takes beyond guest pages (its CPU state, translation buffers, the
 * JS side): about 3 MiB measured per forked x86_64 process. Charged to the memory budget so that
 * the memory limit bounds a fork bomb too.
 */
const ENGINE_FOOTPRINT = 4 * 2 ** 20;

/**
 * uc instances of closed engines, emptied of guest memory and translations, by arch and mode:
 * uc_open costs milliseconds (Unicorn sets up its code generator and touches its buffers), more
 * than the rest of a fork, so a fork takes one of these when it can. A spare keeps the soft TLB
 * the engine sized in it (tlb.ts; a refusal is not kept: the next engine looks again).
 */
interface SpareInstance {
  handle: Ptr; counted: boolean; spare?: true; tlb?: SoftTlb | null;
  /** Its last engine's memory, still mapped, and its translations kept (warm.ts). */
  warm?: WarmMemory;
}
/**
 * One of an engine's uc instances: `counted` once it has run with a budget (it then only ever
 * runs counted: Unicorn's count hook, or spec.stalePcAfterStop's block hook `blockHook`), the
 * trace hook this engine added to it, and whether it has translated anything.
 */
interface Instance {
  handle: Ptr; counted: boolean; traceHook: number; blockHook: number; translated: boolean;
  /** Its soft TLB once the engine has looked at it (null: not to be sized; tlb.ts). */
  tlb?: SoftTlb | null;
  /** Its system-call registers in its CPU state (cpu-state.ts; null: through the API). */
  state: Uint32Array | null;
}
/**
 * An engine's open instances: the guest's (`cur`) and the other mode's, kept once runs with and
 * without a budget have both happened; the native scratch uc_context and a view of its bytes.
 */
interface Live { cur: Instance; other: Instance | null; ctxPtr: Ptr; ctxBytes: Uint8Array }
const spareInstances = new Map<string, SpareInstance[]>();
/** The CPU state of a fresh instance, by arch and mode: a spare starts from it, as a new one would. */
const resetStates = new Map<string, Uint8Array>();
/** Where the CPU state starts in a uc_context, by arch and mode (see placeStateRegs). */
const stateBases = new Map<string, number>();
/** Where the system-call registers lie in the CPU state, by arch, mode and library (cpu-state.ts; null: not found). */
const stateLayouts = new Map<string, StateLayout | null>();
/** Per library and architecture, as stateLayouts: the trap operand's word in a view, or -1. */
const operandWords = new Map<string, number>();
/** The value placeStateRegs writes into the anchor register (low word, high word). */
const STATE_MARKER = [0x7a1c0be5, 0x5eb0a7ed] as const;
const SPARE_INSTANCES = 4;
/**
 * System-call traps an engine answers through the API before it looks for the registers in the
 * CPU state (cpu-state.ts): looking costs ~1-2 ms once per process (reading /proc/self/maps and
 * the CPU struct), reading through the state saves ~100 ns a trap (~350 on s390x), so only a
 * program that makes many system calls gains, and a short one (hello: ~30) never pays.
 */
const STATE_AFTER_TRAPS = trapsFromEnv(process.env.TRICORN_UC_STATE_AFTER, 4096);

/** TRICORN_UC_STATE_AFTER: another count of traps (tests look from the first: 1). */
function trapsFromEnv(v: string | undefined, dflt: number): number {
  const n = Number(v);
  return v !== undefined && Number.isSafeInteger(n) && n >= 1 ? n : dflt;
}

const memFaultKinds: Record<number, FaultKind> = {
  [UC_MEM_READ_UNMAPPED]: 'read-unmapped',
  [UC_MEM_WRITE_UNMAPPED]: 'write-unmapped',
  [UC_MEM_FETCH_UNMAPPED]: 'fetch-unmapped',
  [UC_MEM_READ_PROT]: 'read-protected',
  [UC_MEM_WRITE_PROT]: 'write-protected',
  [UC_MEM_FETCH_PROT]: 'fetch-protected',
};

const errFaultKinds: Record<number, FaultKind> = {
  [UC_ERR_READ_UNMAPPED]: 'read-unmapped',
  [UC_ERR_WRITE_UNMAPPED]: 'write-unmapped',
  [UC_ERR_FETCH_UNMAPPED]: 'fetch-unmapped',
  [UC_ERR_READ_PROT]: 'read-protected',
  [UC_ERR_WRITE_PROT]: 'write-protected',
  [UC_ERR_FETCH_PROT]: 'fetch-protected',
  [UC_ERR_INSN_INVALID]: 'illegal-instruction',
  [UC_ERR_EXCEPTION]: 'illegal-instruction',
  [UC_ERR_READ_UNALIGNED]: 'alignment',
  [UC_ERR_WRITE_UNALIGNED]: 'alignment',
  [UC_ERR_FETCH_UNALIGNED]: 'alignment',
};

/** A state register's value from its words in a uc_context's bytes (host order, most significant first). */
function getStateWords(bytes: Uint8Array, words: readonly number[]): bigint {
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let v = 0n;
  for (const off of words) v = (v << 32n) | BigInt(dv.getUint32(off, true));
  return v;
}

function putStateWords(bytes: Uint8Array, words: readonly number[], value: bigint): void {
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let i = words.length - 1; i >= 0; i--) {
    dv.setUint32(words[i], Number(value & 0xffffffffn), true);
    value >>= 32n;
  }
}

/** A register batch: ids and value slots in native memory, prepared once, used by one FFI call. */
class UcRegBatch implements RegBatch {
  readonly names: readonly string[];
  readonly count: number;
  readonly ucArch: number;
  readonly ids: Ptr;
  /** Array of `count` pointers, each to its 8-byte slot in `vals`. */
  readonly ptrs: Ptr;
  readonly vals: Ptr;
  /** The slots as 32-bit halves: [2i] low, [2i+1] high. */
  readonly words: Uint32Array;
  /** Slots Unicorn fills only partly (2- or 4-byte registers) and the mask of their low word. */
  readonly narrow: Int32Array;
  readonly narrowMask: Uint32Array;
  /** Index of the pc in the batch, or -1. */
  readonly pcIndex: number;
  /** The batch without the pc (same slots), for writes inside a trap handler; null if no pc. */
  readonly noPcIds: Ptr = 0n;
  readonly noPcPtrs: Ptr = 0n;
  /** Unicorn's register ids, in batch order. */
  readonly regIds: readonly number[];
  /**
   * Each register's word index in a CPU-state view by `directFor` (cpu-state.ts); null when the
   * batch goes through the API (a register not in the layout, or narrower than 64 bits).
   */
  direct: Int32Array | null = null;
  directFor: StateLayout | null | undefined = undefined;

  constructor(names: readonly string[], ucArch: number, table: ReadonlyMap<string, UcReg>, pcName: string) {
    this.names = [...names];
    this.count = names.length;
    this.ucArch = ucArch;
    const n = Math.max(this.count, 1);
    const regs = names.map((name) => {
      const r = table.get(name);
      if (!r) throw new EngineError(`unknown register '${name}'`);
      if (r.size > 8) throw new EngineError(`register '${name}' is ${r.size * 8} bits wide: use getReg/setReg`);
      return r;
    });
    const ids = allocNative(4 * n), vals = allocNative(8 * n), ptrs = allocNative(8 * n);
    this.ids = ids.ptr; this.vals = vals.ptr; this.ptrs = ptrs.ptr;
    this.words = new Uint32Array(vals.buf, 0, 2 * this.count);
    const idv = new Int32Array(ids.buf), pv = new BigUint64Array(ptrs.buf);
    const narrow: number[] = [], masks: number[] = [];
    regs.forEach((r, i) => {
      idv[i] = r.id;
      pv[i] = vals.ptr + BigInt(8 * i);
      if (r.size < 8) { narrow.push(i); masks.push(r.size === 4 ? 0xffffffff : 0xffff); }
    });
    this.regIds = regs.map((r) => r.id);
    this.narrow = Int32Array.from(narrow);
    this.narrowMask = Uint32Array.from(masks);
    this.pcIndex = names.indexOf(pcName);
    if (this.pcIndex >= 0) {
      const nids = allocNative(4 * n), nptrs = allocNative(8 * n);
      const nidv = new Int32Array(nids.buf), npv = new BigUint64Array(nptrs.buf);
      let j = 0;
      regs.forEach((r, i) => {
        if (i === this.pcIndex) return;
        nidv[j] = r.id; npv[j] = vals.ptr + BigInt(8 * i); j++;
      });
      this.noPcIds = nids.ptr; this.noPcPtrs = nptrs.ptr;
    }
    batchFinalizer.register(this, [this.ids, this.vals, this.ptrs, this.noPcIds, this.noPcPtrs]);
  }
}
/** UnicornEngine.regBatch's batches. */
const regBatches = new Map<string, UcRegBatch>();
const batchFinalizer = new FinalizationRegistry<Ptr[]>((ptrs) => {
  for (const p of ptrs) if (p !== 0n) freeNative(p);
});

// A saved context is a JS copy of Unicorn's uc_context blob (5.4 KiB on x86_64, 12.3 KiB on
// aarch64), not a native buffer: the kernel saves one per thread switch, and native buffers could
// only be freed by a FinalizationRegistry, whose callbacks never run while the kernel's loop
// runs synchronously. Each engine saves into and restores from one native scratch context.
interface UcContext extends EngineContext {
  readonly bytes: Uint8Array;
  readonly ucArch: number;
}

/** A memory fault seen by the hook, before the pc is made exact. */
interface PendingFault {
  kind: FaultKind;
  memType: number;
  addr: number;
  /** The pc Unicorn had: the faulting instruction's if `exact`, else its block's first. */
  pc: number;
  exact: boolean;
  /** The engine's pc must be moved to `resumePc`, or to `pc` (it is not there). */
  setPc?: boolean;
  /** Where the guest resumes if a handler returns (spec.exceptionResumeLength), when not `pc`. */
  resumePc?: number;
}

class UnicornEngine implements CpuEngine, HookTarget {
  readonly arch: ArchDescriptor;
  onSyscall: () => boolean = () => false;
  onUnmapped: ((addr: number) => boolean) | null = null;

  private readonly uc: UcLib;
  private readonly libc: LibC;
  /**
   * The uc instance and its scratch context, opened on first use (`handle`, `ctxPtr` and
   * `ctxBytes` open it): an engine that is never run or filled, as pid 1's empty address space
   * before tricorn run's exec replaces it, costs no uc_open and no CPU initialisation (4-6 ms
   * and a few hundred page faults), and the exec's engine can take the spare it leaves.
   */
  private live: Live | null = null;
  /** The instance the guest is in: every register access and run goes to it. */
  private get handle(): Ptr {
    return (this.live ?? this.attach()).cur.handle;
  }
  /** The native scratch uc_context and a view of its bytes. */
  private get ctxPtr(): Ptr {
    return (this.live ?? this.attach()).ctxPtr;
  }
  private get ctxBytes(): Uint8Array {
    return (this.live ?? this.attach()).ctxBytes;
  }
  private readonly ucArch: number;
  private readonly ucMode: number;
  /** CPUID leaves this engine answers (the arch descriptor's); the rest are Unicorn's. */
  private readonly cpuid: readonly CpuidAnswer[];
  private readonly regTable: ReadonlyMap<string, UcReg>;
  private readonly pcId: number;
  private readonly pcName: string;
  /** The descriptor's Unicorn data: trap hook, exceptions, registers. */
  private readonly spec: UnicornSpec;
  /**
   * Registers held only in the saved CPU state: name -> its 32-bit words' offsets in a uc_context
   * (spec.stateRegs placed at the state's start, see placeStateRegs).
   */
  private stateRegs: ReadonlyMap<string, readonly number[]> = new Map();
  /** Where the CPU state starts in a uc_context (-1: not needed or not found yet). */
  private stateBase = -1;
  /** The libunicorn this engine runs on (stateBases is per library). */
  private readonly libPath: string;
  /** What the trap hook must add to Unicorn's pc to get the guest's (x86 syscall: 2). */
  private readonly trapBias: number;
  /** What Unicorn adds to the pc after the trap hook returns. */
  private readonly trapAdvance: number;
  private readonly mem: GuestMemory;
  /** 16-byte native scratch for single-register reads and writes. */
  private readonly one: Ptr;
  private readonly oneWords: Uint32Array;

  private closed = false;
  private running = false;
  private inTrap = false;
  /** A pc set while inside a trap handler, applied when the handler returns (-1: none). */
  private pendingPc = -1;
  private stopRequested = false;
  private stopped = false;
  private hookError: unknown = null;
  private pending: PendingFault | null = null;
  private lastFault: GuestFault | null = null;

  /** The count hook is in the current instance's code (it runs counted). */
  private get counted(): boolean {
    return this.live?.cur.counted ?? false;
  }
  private traceFn: ((pc: number, bytes: Uint8Array) => void) | null = null;
  /**
   * spec.stalePcAfterStop: the engine counts the budget itself in a UC_HOOK_BLOCK hook in the
   * counted instance, and stops only where a translation block starts (see run()). The budget
   * left in this run (Infinity: not counting), the blocks this run has started, the pc the count
   * stopped at (-1: none), and the last instruction the trace hook saw.
   */
  private readonly ownCount: boolean;
  /**
   * The block hook as native code (binding.ts nativeBlockCount), on hosts that have it: then
   * every arch counts its budget this way, not only spec.stalePcAfterStop's, since Unicorn's
   * count hook costs a call per instruction (x86: 19x a loop's time) and the JS hook a JS call
   * per block; the state words replace countLeft, blocksRun and countStopPc.
   */
  private readonly blockCounter: BlockCounter | null;
  /** Rewrites the counted blocks' hook calls into an inline count (block-patch.ts), or null. */
  private readonly patcher: BlockPatcher | null;
  private countLeft = Infinity;
  private blocksRun = 0;
  private countStopPc = -1;
  private lastCodeAddr = -1;
  /** ENGINE_FOOTPRINT times the instances this engine holds (one before it opens any). */
  private footprint = ENGINE_FOOTPRINT;
  /** The current instance holds only a warm spare's translations (adoptWarm; cleared at the first run). */
  private inherited = false;
  /** Whether the library's soft TLB may be sized (tlb.ts: Unicorn 2.1 on). */
  private readonly sizesTlb: boolean;
  /** Pages of writable guest memory (what the TLB is sized for); -1: to count after a change. */
  private writablePages = -1;
  /** tlbEntriesFor(writablePages), worked out when writablePages is (not at every trap). */
  private tlbWant = 0;
  /** Where the system-call registers lie in the CPU state (stateOf; null: nowhere, undefined: not looked). */
  private layout: StateLayout | null | undefined = undefined;
  /** Traps left before the layout is looked for (STATE_AFTER_TRAPS). */
  private trapsToState = STATE_AFTER_TRAPS;
  /** The pc's word in a state view, or -1. */
  private pcWord = -1;
  /** The word of a state view where the CPU recorded the trap's operand (trapOperand), or -1. */
  private operandWord = -1;

  constructor(arch: ArchDescriptor) {
    if (arch.engine.kind !== 'unicorn') throw new EngineError(`${arch.name} does not run on Unicorn`);
    const table = ucRegisters(arch.engine);
    const { uc, libc, version, path } = loadBinding(arch.engine.before, arch.name);
    this.uc = uc;
    this.libc = libc;
    this.libPath = path;
    this.arch = arch;
    this.ucArch = arch.engine.ucArch;
    this.ucMode = arch.engine.ucMode;
    this.regTable = table;
    this.pcName = arch.regs.pc;
    const pc = table.get(this.pcName);
    if (!pc) throw new EngineError(`no Unicorn id for ${arch.name} pc '${this.pcName}'`);
    this.pcId = pc.id;
    this.spec = factsFor(arch.engine, version);
    this.blockCounter = process.env.TRICORN_UC_COUNT === 'unicorn' ? null : nativeBlockCount(path);
    this.ownCount = this.spec.stalePcAfterStop === true || this.blockCounter !== null;
    this.patcher = this.blockCounter ? patcherFor(this.blockCounter) : null;
    this.trapBias = this.spec.trap.pcOffset;
    this.trapAdvance = this.spec.trap.autoAdvance;
    this.cpuid = this.spec.cpuid ?? [];
    this.mem = new GuestMemory(libc);
    this.mem.budget.used += this.footprint;
    this.sizesTlb = !olderThan(version, [2, 1]);
    const one = allocNative(16);
    this.one = one.ptr;
    this.oneWords = new Uint32Array(one.buf);
  }

  /** Open (or take a spare) uc instance for this engine, in the CPU state a fresh one has. */
  private attach(warm?: SpareInstance): Live {
    if (this.closed) throw new EngineError('engine is closed');
    const { inst, spare } = this.instance(false, false, warm);
    const handle = inst.handle;
    this.placeStateRegs(handle);
    const out: (Ptr | null)[] = [null];
    this.check(this.uc.uc_context_alloc(handle, out), 'uc_context_alloc');
    const ctxPtr = out[0] as Ptr;
    const live: Live = { cur: inst, other: null, ctxPtr, ctxBytes: new Uint8Array(hostView(ctxPtr, this.uc.uc_context_size(handle))) };
    this.live = live;
    const key = `${this.ucArch}/${this.ucMode}`;
    const reset = resetStates.get(key);
    if (spare && reset) {
      live.ctxBytes.set(reset);
      this.check(this.uc.uc_context_restore(handle, ctxPtr), 'uc_context_restore');
    } else if (!spare && !reset) {
      this.check(this.uc.uc_context_save(handle, ctxPtr), 'uc_context_save');
      resetStates.set(key, live.ctxBytes.slice());
    }
    return live;
  }

  // ---- instance setup ----

  /**
   * uc_open with the CPU model and page size selected: when the page size does not take (the
   * instance is initialised by then), a second instance on Unicorn's default page size.
   */
  private openConfigured(): Ptr {
    for (const paged of [true, false]) {
      const out: (Ptr | null)[] = [null];
      const err = this.uc.uc_open(this.ucArch, this.ucMode, out);
      if (err !== UC_ERR_OK || out[0] === null) throw new EngineError(`uc_open: ${this.uc.uc_strerror(err)}`);
      const h = out[0];
      this.check(selectCpuModel(this.uc, h, this.spec), 'uc_ctl(CPU_MODEL)');
      if (!paged || selectPageSize(this.uc, this.libc, h, this.spec)) return h;
      this.uc.uc_close(h);
    }
    throw new EngineError('uc_open: no instance');
  }

  private openInstance(): Ptr {
    const h = this.openConfigured();
    const cb = hookCallbacks();
    const hh = [0];
    this.check(this.uc.uc_hook_add(h, hh, UC_HOOK_MEM_UNMAPPED | UC_HOOK_MEM_PROT, cb.mem, null, 1, 0), 'uc_hook_add(mem)');
    const trap = this.spec.trap;
    const intr = trap.hook === 'intr' ? intrHookFor(trap.id) : cb.intr;
    this.check(this.uc.uc_hook_add(h, hh, UC_HOOK_INTR, intr, null, 1, 0), 'uc_hook_add(intr)');
    if (this.spec.virtualTlb) this.check(this.uc.uc_hook_add(h, hh, UC_HOOK_TLB_FILL, cb.tlbFill, null, 1, 0), 'uc_hook_add(tlb fill)');
    if (trap.hook === 'insn') {
      this.check(this.uc.uc_hook_add(h, hh, UC_HOOK_INSN, runTrap().trap, null, 1, 0, 'int', trap.id), 'uc_hook_add(syscall)');
    }
    if (this.cpuid.length > 0) {
      this.check(this.uc.uc_hook_add(h, hh, UC_HOOK_INSN, cb.cpuid, null, 1, 0, 'int', UC_X86_INS_CPUID), 'uc_hook_add(cpuid)');
    }
    this.placeStateRegs(h);
    // CPU state only uc_context_save reaches (spec.userMode, stateRegs among initRegs): patched
    // once, after the register writes, in a context of its own (the engine's scratch one may not
    // exist yet).
    const patches: ((bytes: Uint8Array) => void)[] = [];
    const user = this.spec.userMode;
    if (user) {
      const word = this.stateBase + user.word;
      patches.push((b) => putStateWords(b, [word], getStateWords(b, [word]) | BigInt(user.bits)));
    }
    for (const [name, value] of this.spec.initRegs ?? []) {
      const words = this.stateRegs.get(name);
      if (words) {
        patches.push((b) => putStateWords(b, words, BigInt(value)));
        continue;
      }
      const w = this.oneWords;
      w.fill(0);
      w[0] = value >>> 0;
      w[1] = Math.floor(value / TWO32);
      this.check(this.uc.uc_reg_write(h, this.reg(name).id, this.one), `uc_reg_write(${name})`);
    }
    if (patches.length > 0) {
      const c: (Ptr | null)[] = [null];
      this.check(this.uc.uc_context_alloc(h, c), 'uc_context_alloc');
      const ctx = c[0] as Ptr;
      try {
        this.check(this.uc.uc_context_save(h, ctx), 'uc_context_save');
        const bytes = new Uint8Array(hostView(ctx, this.uc.uc_context_size(h)));
        for (const patch of patches) patch(bytes);
        this.check(this.uc.uc_context_restore(h, ctx), 'uc_context_restore');
      } finally {
        this.uc.uc_context_free(ctx);
      }
    }
    return h;
  }

  /**
   * spec.stateRegs' and spec.userMode's offsets count from the start of the CPU state, which
   * lies after a header whose size differs between Unicorn versions: find it once per process
   * and library by writing a marker into spec.stateAnchor and looking for it in a saved context.
   */
  private placeStateRegs(h: Ptr): void {
    const anchor = this.spec.stateAnchor;
    if (this.stateBase >= 0 || (!this.spec.stateRegs && !this.spec.userMode)) return;
    if (!anchor) throw new EngineError(`${this.arch.name}: CPU state offsets without a stateAnchor`);
    const key = `${this.ucArch}/${this.ucMode}/${this.libPath}`;
    let base = stateBases.get(key);
    if (base === undefined) {
      const id = this.reg(anchor).id;
      const w = this.oneWords;
      this.check(this.uc.uc_reg_read(h, id, this.one), `uc_reg_read(${anchor})`);
      const saved = [w[0], w[1]];
      w[0] = STATE_MARKER[0];
      w[1] = STATE_MARKER[1];
      this.check(this.uc.uc_reg_write(h, id, this.one), `uc_reg_write(${anchor})`);
      const c: (Ptr | null)[] = [null];
      this.check(this.uc.uc_context_alloc(h, c), 'uc_context_alloc');
      try {
        this.check(this.uc.uc_context_save(h, c[0] as Ptr), 'uc_context_save');
        const words = new Uint32Array(hostView(c[0] as Ptr, this.uc.uc_context_size(h) & ~7));
        for (let i = 0; i + 1 < words.length; i++) {
          if (words[i] === STATE_MARKER[0] && words[i + 1] === STATE_MARKER[1]) { base = 4 * i; break; }
        }
      } finally {
        this.uc.uc_context_free(c[0] as Ptr);
      }
      [w[0], w[1]] = saved;
      this.check(this.uc.uc_reg_write(h, id, this.one), `uc_reg_write(${anchor})`);
      if (base === undefined) throw new EngineError(`${this.arch.name}: ${anchor} not found in Unicorn's saved context`);
      stateBases.set(key, base);
    }
    const at = base;
    this.stateBase = at;
    this.stateRegs = new Map((this.spec.stateRegs ?? []).map(([name, offs]) => [name, offs.map((o) => o + at)]));
  }

  /**
   * A uc instance with the engine's hooks: a spare one when there is one (for `counted`, the
   * counted ones first; else an uncounted one first, or only one if `onlyUncounted`), else a new
   * one; the trace hook is added when tracing is on.
   */
  private instance(counted: boolean, onlyUncounted = false, warm?: SpareInstance): { inst: Instance; spare: boolean } {
    const list = spareInstances.get(`${this.ucArch}/${this.ucMode}`) ?? [];
    let i = list.findIndex((x) => x.counted === counted);
    if (i < 0 && !onlyUncounted) i = list.length - 1;
    const got = warm ?? (i >= 0 ? list.splice(i, 1)[0] : this.fresh());
    if (got.warm && got !== warm) this.cool(got);
    const inst: Instance = {
      handle: got.handle, counted: got.counted, traceHook: -1, blockHook: -1, translated: got.counted, tlb: got.tlb,
      state: this.stateOf(got.handle),
    };
    if (this.traceFn) {
      const hh = [0];
      this.check(this.uc.uc_hook_add(inst.handle, hh, UC_HOOK_CODE, hookCallbacks().code, null, 1, 0), 'uc_hook_add(code)');
      inst.traceHook = hh[0];
    }
    return { inst, spare: got.spare === true };
  }

  /**
   * A new instance, its TLBs shrunk before the guest runs where the engine may size them
   * (tlb.ts, SoftTlb.shrink; the modes the guest uses grow back at its first trap). A layout
   * the instance does not match leaves its TLB to Unicorn (tlb null), as does any failure.
   */
  private fresh(): SpareInstance {
    const handle = this.openInstance();
    if (!this.sizesTlb) return { handle, counted: false };
    let tlb: SoftTlb | null = null;
    try {
      tlb = SoftTlb.of(this.uc, this.libc, handle, this.tlbLayout());
      tlb?.shrink();
    } catch {
      tlb = null;
    }
    return { handle, counted: false, tlb };
  }

  /**
   * A view of `h`'s system-call registers in its CPU state (cpu-state.ts), or null (through the
   * API) until the layout is known. TRICORN_UC_REGS=api keeps every access on the API (to compare).
   */
  private stateOf(h: Ptr): Uint32Array | null {
    if (this.layout === undefined) {
      const known = stateLayouts.get(this.stateKey);
      if (known === undefined || process.env.TRICORN_UC_REGS === 'api') return null;
      this.adoptLayout(known);
    }
    try {
      return this.layout ? stateView(this.uc, this.libc, h, this.layout, { ptr: this.one, words: this.oneWords }) : null;
    } catch {
      return null;
    }
  }

  private get stateKey(): string {
    return `${this.ucArch}/${this.ucMode}/${this.libPath}`;
  }

  private adoptLayout(l: StateLayout | null): void {
    this.layout = l;
    this.pcWord = l?.regs.get(this.pcId) ?? -1;
    this.operandWord = operandWords.get(this.stateKey) ?? -1;
  }

  /**
   * Find the layout (inside a trap, on the current instance) and give every live instance its
   * view. The registers: the number first (the anchor it is found by), the arguments, the result
   * (and error flag), the pc (probed, never written: see findStateLayout).
   */
  private lookForState(): void {
    const live = this.live;
    if (!live) return;
    if (process.env.TRICORN_UC_REGS === 'api') { this.adoptLayout(null); return; }
    if (!stateLayouts.has(this.stateKey)) {
      let l: StateLayout | null = null;
      try {
        const sc = this.arch.syscall;
        const names = [sc.nr, ...sc.args, sc.ret, ...(sc.error.style === 'flagged' ? [sc.error.flagReg] : []), this.pcName];
        const ids = [...new Set(names.map((n) => this.reg(n)).filter((r) => r.size === 8).map((r) => r.id))];
        l = findStateLayout(this.uc, this.libc, live.cur.handle, ids, new Set([this.pcId]), { ptr: this.one, words: this.oneWords });
      } catch {
        l = null;
      }
      stateLayouts.set(this.stateKey, l);
      operandWords.set(this.stateKey, l ? this.findOperandWord(l) : -1);
    }
    this.adoptLayout(stateLayouts.get(this.stateKey) ?? null);
    for (const i of this.instances()) i.state = this.stateOf(i.handle);
  }


  /**
   * Where the CPU records the operand of a trap instruction that carries the number
   * (arch.syscall.nrInTrap: s390x `svc NR`), found inside a trap on a scratch instance from the
   * instruction just taken (cpu-state.ts findTrapOperand); -1 for other architectures or when it
   * is not found (the kernel then reads the instruction's byte).
   */
  private findOperandWord(l: StateLayout): number {
    const how = this.arch.syscall.nrInTrap;
    if (!how) return -1;
    const at = this.getPc() - this.arch.syscall.trapSize;
    const insn = this.read(at, this.arch.syscall.trapSize);
    if (!insn) return -1;
    let h: Ptr | null = null;
    try {
      h = this.openConfigured();
      return findTrapOperand(this.uc, this.libc, h, l, { ptr: this.one, words: this.oneWords }, insn, at - (at % GUEST_PAGE), how.offset);
    } catch {
      return -1;
    } finally {
      if (h !== null) this.uc.uc_close(h);
    }
  }

  /**
   * The operand of the trap instruction being answered, from where the CPU recorded it as it
   * took the trap (QEMU s390x's int_svc_code: no read of guest memory, no pc), or -1 when not
   * known. Only inside a trap.
   */
  trapOperand(): number {
    const st = this.inTrap && this.operandWord >= 0 ? this.live?.cur.state : null;
    return st ? st[this.operandWord] : -1;
  }

  /** A batch's word indices in a CPU-state view, or null (see UcRegBatch.direct). */
  private directOf(b: UcRegBatch): Int32Array | null {
    const l = this.layout ?? null;
    if (b.directFor !== l) {
      b.directFor = l;
      const at = l ? b.regIds.map((id) => l.regs.get(id) ?? -1) : [];
      b.direct = l && b.narrow.length === 0 && at.every((i) => i >= 0) ? Int32Array.from(at) : null;
    }
    return b.direct;
  }

  /** Where this library's CPUTLB lies for this architecture (tlb.ts; found once per machine). */
  private tlbLayout() {
    return layoutFor(this.libc, this.libPath, `${this.ucArch}/${this.ucMode}`, () => {
      const h = this.openConfigured();
      this.uc.uc_reg_read(h, this.pcId, this.one);
      return h;
    }, (h) => this.uc.uc_close(h));
  }

  /**
   * Empty a uc instance of this engine's memory, translations and hooks and keep it as a spare
   * (or close it when there are enough). Its translated code is dropped range by range
   * (TB_REMOVE, while the memory is still mapped), never by a whole-cache flush.
   */
  private release(inst: Instance, keepWarm = false): void {
    const { handle } = inst;
    const key = `${this.ucArch}/${this.ucMode}`;
    const list = spareInstances.get(key) ?? [];
    spareInstances.set(key, list);
    // Kept warm (warm.ts): no hook of its own compiled into its code, and no shared memory
    // (aliased pages) in its chunks. It is worth more than the oldest spare, which makes room.
    if (keepWarm && inst.traceHook < 0 && inst.blockHook < 0 && ![...this.mem.chunks.values()].some((c) => c.aliased)) {
      if (list.length >= SPARE_INSTANCES) this.evict(list.shift()!);
      if (!holdWarm(this.mem.chunks.size)) keepWarm = false;
    } else {
      keepWarm = false;
    }
    if (keepWarm) {
      const regions = this.mem.allParts();
      const fixed = this.mem.fixedIdentity();
      list.push({ handle, counted: inst.counted, spare: true, tlb: inst.tlb ?? undefined, warm: { chunks: this.mem.detachAll(), regions, fixed } });
      return;
    }
    try {
      if (inst.traceHook >= 0) this.uc.uc_hook_del(handle, inst.traceHook);
      if (inst.blockHook >= 0) this.uc.uc_hook_del(handle, inst.blockHook);
      for (const p of this.mem.allParts()) {
        if (p.prot & PROT_EXEC) this.uc.uc_ctl(handle, UC_CTL_TB_REMOVE, 'uint64_t', p.addr, 'uint64_t', p.addr + p.size);
        this.check(this.flushing(inst, () => this.uc.uc_mem_unmap(handle, p.addr, p.size)), 'uc_mem_unmap');
      }
    } catch {
      this.uc.uc_close(handle);
      return;
    }
    // Without its block hook, a spec.stalePcAfterStop instance is uncounted again.
    if (list.length < SPARE_INSTANCES) list.push({ handle, counted: inst.counted && !this.ownCount, spare: true, tlb: inst.tlb ?? undefined });
    else this.uc.uc_close(handle);
  }

  /** Close a spare for good (a warm one's chunks go back once Unicorn no longer maps them). */
  private evict(s: SpareInstance): void {
    this.uc.uc_close(s.handle);
    if (!s.warm) return;
    releaseWarm(s.warm.chunks.size);
    for (const c of s.warm.chunks.values()) retireChunk(this.libc, c);
  }

  /**
   * Empty a warm spare taken for anything but a fork's copy (an exec's new address space, an
   * engine's second instance): its code dropped and its regions unmapped, as release() does, its
   * chunks given back. On a failure the instance is closed and a new one takes its place.
   */
  private cool(s: SpareInstance): void {
    const warm = s.warm!;
    s.warm = undefined;
    releaseWarm(warm.chunks.size);
    try {
      for (const r of warm.regions) {
        if (executable(r)) this.uc.uc_ctl(s.handle, UC_CTL_TB_REMOVE, 'uint64_t', r.addr, 'uint64_t', r.addr + r.size);
        s.tlb?.calm(false);
        this.check(this.uc.uc_mem_unmap(s.handle, r.addr, r.size), 'uc_mem_unmap');
      }
    } catch {
      this.uc.uc_close(s.handle);
      const f = this.fresh();
      s.handle = f.handle;
      s.counted = f.counted;
      s.tlb = f.tlb;
      s.spare = undefined;
    }
    for (const c of warm.chunks.values()) retireChunk(this.libc, c);
  }

  /**
   * A fork's copy of `from` into a warm spare (warm.ts): the chunks the spare has at the parent's
   * keys are reused in place, regions that differ are unmapped or mapped, and the spare's
   * translations of an executable region are dropped unless its bytes equal the parent's.
   */
  private adoptWarm(s: SpareInstance, from: GuestMemory): void {
    const warm = s.warm!;
    s.warm = undefined;
    releaseWarm(warm.chunks.size);
    const live = this.attach(s);
    const inst = live.cur;
    inst.translated = true;
    this.inherited = true;
    try {
      for (const c of from.chunks.values()) {
        const had = warm.chunks.get(c.key);
        if (had) {
          warm.chunks.delete(c.key);
          this.mem.adopt(had);
        } else if (!this.mem.back(c.key * CHUNK, true)) {
          throw new EngineError('out of memory: cannot copy the address space');
        }
      }
      const { gone, added, kept } = diffRegions(warm.regions, this.mem.allParts());
      for (const r of gone) {
        if (executable(r)) this.dropIn(inst, r.addr, r.size);
        this.check(this.flushing(inst, () => this.uc.uc_mem_unmap(inst.handle, r.addr, r.size)), 'uc_mem_unmap');
      }
      for (const c of warm.chunks.values()) retireChunk(this.libc, c);
      warm.chunks.clear();
      // Regions without PROT_WRITE hold the parent's bytes already when the spare's read-only
      // memory is the parent's at its current version (GuestMemory.fixedVersion): neither
      // compared nor copied. Others are compared before the copy (the spare's bytes are what
      // its code was translated from).
      const fixed = sameFixed(warm.fixed, from.fixedIdentity()) ? kept.filter((r) => !(r.prot & PROT_WRITE)) : [];
      const stale = kept.filter((r) => {
        if (!executable(r) || fixed.includes(r)) return false;
        const src = from.chunks.get(Math.floor(r.addr / CHUNK))!, off = r.addr - src.key * CHUNK;
        return !sameBytes(r.bytes, src.bytes.subarray(off, off + r.size));
      });
      for (const c of from.chunks.values()) {
        const copy = this.mem.chunks.get(c.key)!;
        from.copyResident(c, copy, fixed.length > 0 ? from.keepMask(c.key, fixed) : null);
        this.mem.aliasShared(copy);
      }
      for (const r of stale) this.dropIn(inst, r.addr, r.size);
      for (const r of added) this.ucMap(inst, r);
    } catch (e) {
      // Nothing of the instance can be trusted: closed, not kept; the chunks go with the engine.
      this.uc.uc_close(inst.handle);
      this.uc.uc_context_free(live.ctxPtr);
      this.live = null;
      for (const c of warm.chunks.values()) retireChunk(this.libc, c);
      throw e;
    }
  }

  private check(err: number, what: string): void {
    if (err !== UC_ERR_OK) throw new EngineError(`${what}: ${this.uc.uc_strerror(err)}`);
  }

  private alive(): void {
    if (this.closed) throw new EngineError('engine is closed');
  }

  // ---- memory ----

  private checkRange(addr: number, size: number): void {
    if (!Number.isSafeInteger(addr) || !Number.isSafeInteger(size) || addr < 0 || size <= 0) {
      throw new EngineError(`bad range 0x${addr.toString(16)}+0x${size.toString(16)}`);
    }
    if (addr % GUEST_PAGE !== 0 || size % GUEST_PAGE !== 0) {
      throw new EngineError(`range 0x${addr.toString(16)}+0x${size.toString(16)} is not page-aligned`);
    }
  }

  peakResident(): number { return this.mem.peak; }
  get budget(): MemoryBudget { return this.mem.budget; }
  set budget(b: MemoryBudget) {
    // The instances' own footprint moves with them (see ENGINE_FOOTPRINT).
    this.mem.budget.used -= this.footprint;
    b.used += this.footprint;
    this.mem.budget = b;
  }

  map(addr: number, size: number, prot: number): void {
    this.alive();
    this.checkRange(addr, size);
    // A writable region changes no read-only bytes (GuestMemory.fixedVersion).
    if (!(prot & PROT_WRITE)) this.mem.fixedVersion++;
    if (this.mem.vmas.overlaps(addr, size)) {
      throw new EngineError(`map 0x${addr.toString(16)}+0x${size.toString(16)} overlaps a mapping`);
    }
    this.mem.vmas.add(addr, size, prot & 7);
    this.writablePages = -1;
    // Chunks already backed (a neighbour touched them) get the new part at once.
    for (const c of this.mem.chunksIn(addr, size)) {
      for (const p of this.mem.partsOf(c, addr, addr + size)) this.ucMapAll(p);
    }
  }

  createShared(size: number): SharedBacking | null {
    this.alive();
    this.checkRange(0, size);
    return this.mem.createShared(size);
  }

  mapShared(addr: number, size: number, prot: number, mem: SharedBacking, offset: number): void {
    this.alive();
    this.checkRange(addr, size);
    this.mem.fixedVersion++;
    if (!(mem instanceof SharedHost) || offset % GUEST_PAGE) throw new EngineError('mapShared: not this engine\'s shared memory');
    if (this.mem.vmas.overlaps(addr, size)) {
      throw new EngineError(`map 0x${addr.toString(16)}+0x${size.toString(16)} overlaps a mapping`);
    }
    this.mem.vmas.add(addr, size, prot & 7, mem, offset);
    this.writablePages = -1;
    for (const c of this.mem.chunksIn(addr, size)) {
      this.mem.aliasShared(c, addr, addr + size);
      for (const p of this.mem.partsOf(c, addr, addr + size)) this.ucMapAll(p);
    }
  }

  sharedAt(addr: number): { mem: SharedBacking; offset: number } | null {
    return this.mem.vmas.sharedAt(addr);
  }

  private ucMap(i: Instance, p: HostRegion): void {
    const err = this.flushing(i, () => this.uc.uc_mem_map_ptr(i.handle, p.addr, p.size, p.prot, p.host));
    if (err !== UC_ERR_OK) throw new EngineError(`uc_mem_map_ptr 0x${p.addr.toString(16)}: ${this.uc.uc_strerror(err)}`);
  }

  /** The engine's instances, the current one first (opening it if there is none). */
  private instances(): Instance[] {
    const l = this.live ?? this.attach();
    return l.other ? [l.cur, l.other] : [l.cur];
  }

  private ucMapAll(p: HostRegion): void {
    for (const i of this.instances()) this.ucMap(i, p);
  }

  /**
   * A Unicorn call that flushes `i`'s TLB (map, unmap, protect): a TLB the engine sized is calmed
   * first, so that QEMU never shrinks it, and resizes nothing when the call runs inside a memory
   * hook (a run is on and no trap is being answered: a chunk mapped on first touch; tlb.ts).
   */
  private flushing(i: Instance, call: () => number): number {
    i.tlb?.calm(this.running && !this.inTrap);
    return call();
  }

  /**
   * Inside a system-call trap (no TLB entry in use): size the current instance's TLB for the
   * guest's writable memory (tlb.ts). Grows only; the layout is looked up the first time a
   * process wants it, and checked on each instance before anything is written there.
   */
  private sizeTlb(): void {
    const cur = this.live?.cur;
    if (!cur || !this.sizesTlb || cur.tlb === null) return;
    try {
      this.growTlb(cur);
    } catch {
      // Whatever went wrong (a scratch instance that would not open), the TLB is left to Unicorn.
      cur.tlb = null;
    }
  }

  private growTlb(cur: Instance): void {
    cur.tlb?.regrow();
    if (this.writablePages < 0) {
      this.writablePages = 0;
      for (const v of this.mem.vmas.list) if (v.prot & PROT_WRITE) this.writablePages += v.size / GUEST_PAGE;
      this.tlbWant = tlbEntriesFor(this.writablePages);
    }
    const want = this.tlbWant;
    if (want < MIN_SIZED_TLB || want <= (cur.tlb?.asked ?? 0)) return;
    if (cur.tlb === undefined) cur.tlb = SoftTlb.of(this.uc, this.libc, cur.handle, this.tlbLayout());
    cur.tlb?.grow(want);
  }

  unmap(addr: number, size: number): void {
    this.alive();
    this.checkRange(addr, size);
    this.mem.fixedVersion++;
    this.layoutVersion++;
    // Like munmap, holes in the range are fine.
    const chunks = this.mem.chunksIn(addr, size);
    for (const c of chunks) {
      for (const p of this.mem.partsOf(c, addr, addr + size)) {
        if (p.prot & PROT_EXEC) this.dropTranslations(p.addr, p.size);
        for (const i of this.instances()) this.check(this.flushing(i, () => this.uc.uc_mem_unmap(i.handle, p.addr, p.size)), `uc_mem_unmap 0x${p.addr.toString(16)}`);
        if (p.shared) this.mem.unalias(c, p.addr, p.size);
        else this.mem.zero(c, p.addr, p.size);
      }
    }
    this.mem.vmas.remove(addr, size);
    this.writablePages = -1;
    for (const c of chunks) if (this.mem.partsOf(c).length === 0) this.mem.free(c);
  }

  protect(addr: number, size: number, prot: number): void {
    this.alive();
    this.checkRange(addr, size);
    this.mem.fixedVersion++;
    if (!this.mem.vmas.accessible(addr, size, 0)) {
      throw new EngineError(`protect 0x${addr.toString(16)}+0x${size.toString(16)}: not all mapped`);
    }
    prot &= 7;
    for (const c of this.mem.chunksIn(addr, size)) {
      for (const p of this.mem.partsOf(c, addr, addr + size)) {
        if ((p.prot & PROT_EXEC) && !(prot & PROT_EXEC)) this.dropTranslations(p.addr, p.size);
        for (const i of this.instances()) this.check(this.flushing(i, () => this.uc.uc_mem_protect(i.handle, p.addr, p.size, prot)), `uc_mem_protect 0x${p.addr.toString(16)}`);
      }
    }
    this.mem.vmas.setProt(addr, size, prot);
    this.writablePages = -1;
  }

  discard(addr: number, size: number): void {
    this.alive();
    this.checkRange(addr, size);
    this.mem.fixedVersion++;
    for (const c of this.mem.chunksIn(addr, size)) {
      for (const p of this.mem.partsOf(c, addr, addr + size)) {
        if (p.prot & PROT_EXEC) this.dropTranslations(p.addr, p.size);
        // Shared memory keeps its bytes (Linux's MADV_DONTNEED drops only this mapping's pages).
        if (!p.shared) this.mem.zero(c, p.addr, p.size);
      }
    }
  }

  regions(): MemRegion[] {
    return this.mem.vmas.snapshot();
  }

  /** Host memory behind guest pages goes only when unmapped (a chunk freed) or at close. */
  layoutVersion = 0;

  hostBytes(addr: number, len: number): Uint8Array | null {
    if (this.closed || len <= 0 || Math.floor(addr / GUEST_PAGE) !== Math.floor((addr + len - 1) / GUEST_PAGE)) return null;
    if (!this.mem.vmas.accessible(addr, len, PROT_READ | PROT_WRITE) || !this.backRange(addr, len)) return null;
    const c = this.mem.chunks.get(Math.floor(addr / CHUNK))!;
    const off = addr - c.key * CHUNK;
    return c.bytes.subarray(off, off + len);
  }

  /** Give host memory to every chunk of [addr, addr+len) that has none; false when the budget is spent. */
  private backRange(addr: number, len: number): boolean {
    const keys = this.mem.missing(addr, len);
    const b = this.mem.budget;
    if (b.used + keys.length * CHUNK > b.limit) return false;
    for (const k of keys) if (!this.backChunk(k * CHUNK)) return false;
    return true;
  }

  /** Back the chunk holding addr and map its mapped parts into Unicorn. */
  private backChunk(addr: number): boolean {
    const c = this.mem.back(addr);
    if (!c) return false;
    for (const p of this.mem.partsOf(c)) this.ucMapAll(p);
    return true;
  }

  /** The kernel's access to [addr, addr+len) is allowed, once onUnmapped had its say on the start. */
  private userAccessible(addr: number, len: number, need: number): boolean {
    if (this.closed) return false;
    if (this.mem.vmas.accessible(addr, len, need)) return true;
    return this.grow(addr) && this.mem.vmas.accessible(addr, len, need);
  }

  /** Offer an unmapped address to onUnmapped (it maps through map(), which hands backed chunks to Unicorn). */
  private grow(addr: number): boolean {
    return this.onUnmapped !== null && Number.isSafeInteger(addr) && addr >= 0 && this.mem.vmas.find(addr) < 0 &&
      this.onUnmapped(addr);
  }

  read(addr: number, len: number): Uint8Array | null {
    if (!this.userAccessible(addr, len, PROT_READ)) return null;
    return this.mem.copyOut(addr, len);
  }

  readU8(addr: number): number {
    if (!this.userAccessible(addr, 1, PROT_READ)) return -1;
    return this.mem.byteAt(addr);
  }

  write(addr: number, data: Uint8Array): boolean {
    if (!this.userAccessible(addr, data.length, PROT_WRITE)) return false;
    if (!this.backRange(addr, data.length)) return false;
    this.mem.copyIn(addr, data);
    if (this.mem.protsIn(addr, data.length) & PROT_EXEC) this.dropTranslations(addr, data.length);
    return true;
  }

  load(addr: number, data: Uint8Array): void {
    this.alive();
    this.mem.fixedVersion++;
    if (!this.mem.vmas.accessible(addr, data.length, 0)) {
      throw new EngineError(`load 0x${addr.toString(16)}+0x${data.length.toString(16)}: not mapped`);
    }
    if (!this.backRange(addr, data.length)) throw new EngineError('out of memory: the memory budget cannot hold the loaded bytes');
    this.mem.copyIn(addr, data);
    if (this.mem.protsIn(addr, data.length) & PROT_EXEC) this.dropTranslations(addr, data.length);
  }

  /** Forget translated code for [addr, addr+len): it changed, lost EXEC, or needs a new hook. */
  private dropTranslations(addr: number, len: number): void {
    if (len <= 0) return;
    for (const i of this.instances()) this.dropIn(i, addr, len);
  }

  private dropIn(i: Instance, addr: number, len: number): void {
    if (i.translated) this.uc.uc_ctl(i.handle, UC_CTL_TB_REMOVE, 'uint64_t', addr, 'uint64_t', addr + len);
  }

  /**
   * Drop `i`'s translations of every mapped region whose prot has all of `prot` (and EXEC). The
   * mappings are looked at first: most processes have no writable code at all.
   */
  private dropAllIn(i: Instance, prot = PROT_EXEC): void {
    const want = prot | PROT_EXEC;
    if (!i.translated || !this.mem.vmas.list.some((v) => (v.prot & want) === want)) return;
    for (const r of this.mem.allParts()) if ((r.prot & want) === want) this.dropIn(i, r.addr, r.size);
  }

  // ---- registers ----

  regBatch(names: readonly string[]): RegBatch {
    // One batch per architecture and list of names, shared by every engine (each process asks
    // for its own at its start, a fork's child too): a batch holds no engine's state, and its
    // native slots are used only inside one call.
    const key = `${this.ucArch}/${this.ucMode}/${names.join(',')}`;
    let b = regBatches.get(key);
    if (!b) regBatches.set(key, b = new UcRegBatch(names, this.ucArch, this.regTable, this.pcName));
    return b;
  }

  private batchOf(batch: RegBatch): UcRegBatch {
    if (!(batch instanceof UcRegBatch) || batch.ucArch !== this.ucArch) {
      throw new EngineError('register batch was not made by a Unicorn engine of this architecture');
    }
    return batch;
  }

  readRegs(batch: RegBatch, out: Uint32Array): void {
    const b = this.batchOf(batch);
    const st = (this.live ?? this.attach()).cur.state;
    const d = st ? this.directOf(b) : null;
    if (st && d) {
      for (let i = 0; i < d.length; i++) {
        out[2 * i] = st[d[i]];
        out[2 * i + 1] = st[d[i] + 1];
      }
    } else {
      this.uc.uc_reg_read_batch(this.handle, b.ids, b.ptrs, b.count);
      const w = b.words;
      for (let i = 0; i < w.length; i++) out[i] = w[i];
      for (let k = 0; k < b.narrow.length; k++) {
        const i = b.narrow[k];
        out[2 * i] &= b.narrowMask[k];
        out[2 * i + 1] = 0;
      }
    }
    if (this.inTrap && b.pcIndex >= 0) {
      const i = b.pcIndex;
      const pc = this.pendingPc >= 0 ? this.pendingPc : out[2 * i] + out[2 * i + 1] * TWO32 + this.trapBias;
      out[2 * i] = pc >>> 0;
      out[2 * i + 1] = Math.floor(pc / TWO32);
    }
  }

  writeRegs(batch: RegBatch, values: Uint32Array): void {
    const b = this.batchOf(batch);
    const st = (this.live ?? this.attach()).cur.state;
    const d = st ? this.directOf(b) : null;
    // A pc outside a trap goes through the API (Unicorn may act on a pc write while it runs).
    if (st && d && (b.pcIndex < 0 || this.inTrap)) {
      for (let i = 0; i < d.length; i++) {
        if (i === b.pcIndex) continue;
        st[d[i]] = values[2 * i];
        st[d[i] + 1] = values[2 * i + 1];
      }
      if (b.pcIndex >= 0) this.pendingPc = values[2 * b.pcIndex] + values[2 * b.pcIndex + 1] * TWO32;
      return;
    }
    const w = b.words;
    for (let i = 0; i < w.length; i++) w[i] = values[i];
    if (this.inTrap && b.pcIndex >= 0) {
      this.pendingPc = w[2 * b.pcIndex] + w[2 * b.pcIndex + 1] * TWO32;
      if (b.count > 1) this.uc.uc_reg_write_batch(this.handle, b.noPcIds, b.noPcPtrs, b.count - 1);
      return;
    }
    this.uc.uc_reg_write_batch(this.handle, b.ids, b.ptrs, b.count);
  }

  private reg(name: string): UcReg {
    const r = this.regTable.get(name);
    if (!r) throw new EngineError(`unknown register '${name}'`);
    return r;
  }

  getReg(name: string): bigint {
    const words = this.stateRegs.get(name);
    if (words) {
      this.check(this.uc.uc_context_save(this.handle, this.ctxPtr), 'uc_context_save');
      return getStateWords(this.ctxBytes, words);
    }
    const r = this.reg(name);
    if (r.id === this.pcId) return BigInt(this.getPc());
    const w = this.oneWords;
    w.fill(0);
    this.uc.uc_reg_read(this.handle, r.id, this.one);
    if (r.size === 2) return BigInt(w[0] & 0xffff);
    if (r.size === 4) return BigInt(w[0]);
    let v = 0n;
    for (let i = r.size / 4 - 1; i >= 0; i--) v = (v << 32n) | BigInt(w[i]);
    return v;
  }

  setReg(name: string, value: bigint): void {
    const words = this.stateRegs.get(name);
    if (words) {
      // The whole state goes back with it, so the pc must be Unicorn's own (not the trap's view).
      this.check(this.uc.uc_context_save(this.handle, this.ctxPtr), 'uc_context_save');
      putStateWords(this.ctxBytes, words, value);
      this.check(this.uc.uc_context_restore(this.handle, this.ctxPtr), 'uc_context_restore');
      return;
    }
    const r = this.reg(name);
    if (r.id === this.pcId) { this.setPc(Number(BigInt.asUintN(64, value))); return; }
    const w = this.oneWords;
    let v = BigInt.asUintN(r.size * 8, value);
    w.fill(0);
    for (let i = 0; i < 4 && v !== 0n; i++) { w[i] = Number(v & 0xffffffffn); v >>= 32n; }
    this.uc.uc_reg_write(this.handle, r.id, this.one);
  }

  /** Unicorn's own pc, without the trap adjustment. */
  private rawPc(): number {
    const st = (this.live ?? this.attach()).cur.state;
    if (st && this.pcWord >= 0) return st[this.pcWord] + st[this.pcWord + 1] * TWO32;
    const w = this.oneWords;
    this.uc.uc_reg_read(this.handle, this.pcId, this.one);
    return w[0] + w[1] * TWO32;
  }

  private writeRawPc(pc: number): void {
    const w = this.oneWords;
    w[0] = pc >>> 0;
    w[1] = Math.floor(pc / TWO32);
    this.uc.uc_reg_write(this.handle, this.pcId, this.one);
  }

  getPc(): number {
    if (this.inTrap) return this.pendingPc >= 0 ? this.pendingPc : this.rawPc() + this.trapBias;
    return this.rawPc();
  }

  setPc(pc: number): void {
    if (this.inTrap) { this.pendingPc = pc; return; }
    this.writeRawPc(pc);
  }

  // ---- contexts ----

  /** Save the live registers into the scratch context (pc made guest-visible inside a trap). */
  private saveScratch(): void {
    this.check(this.uc.uc_context_save(this.handle, this.ctxPtr), 'uc_context_save');
    if (this.inTrap) {
      // The saved state resumes after the trap, wherever it is restored.
      const pc = this.getPc();
      const w = this.oneWords;
      w[0] = pc >>> 0;
      w[1] = Math.floor(pc / TWO32);
      this.uc.uc_context_reg_write(this.ctxPtr, this.pcId, this.one);
    }
  }

  saveContext(): EngineContext {
    this.alive();
    this.saveScratch();
    const ctx: UcContext = { __engineContext: true, bytes: this.ctxBytes.slice(), ucArch: this.ucArch };
    return ctx;
  }

  restoreContext(ctx: EngineContext): void {
    this.alive();
    const c = ctx as UcContext;
    if (!(c.bytes instanceof Uint8Array) || c.ucArch !== this.ucArch || c.bytes.length !== this.ctxBytes.length) {
      throw new EngineError('context was not saved by a Unicorn engine of this architecture');
    }
    this.ctxBytes.set(c.bytes);
    this.check(this.uc.uc_context_restore(this.handle, this.ctxPtr), 'uc_context_restore');
    if (this.inTrap) {
      this.uc.uc_context_reg_read(this.ctxPtr, this.pcId, this.one);
      this.pendingPc = this.oneWords[0] + this.oneWords[1] * TWO32;
    }
  }

  // ---- fork ----

  clone(): CpuEngine {
    this.alive();
    const b = this.mem.budget;
    if (b.used + this.mem.chunks.size * CHUNK + ENGINE_FOOTPRINT > b.limit) {
      throw new EngineError('out of memory: the memory budget cannot hold a copy of this address space');
    }
    const child = new UnicornEngine(this.arch);
    child.budget = b;
    try {
      child.mem.vmas.copyFrom(this.mem.vmas);
      child.mem.origin = this.mem.fixedIdentity();
      const list = spareInstances.get(`${this.ucArch}/${this.ucMode}`) ?? [];
      let w = list.length - 1;
      while (w >= 0 && list[w].warm === undefined) w--;
      if (w >= 0) child.adoptWarm(list.splice(w, 1)[0], this.mem);
      else for (const c of this.mem.chunks.values()) {
        const copy = child.mem.back(c.key * CHUNK, true);
        if (!copy) throw new EngineError('out of memory: cannot copy the address space');
        this.mem.copyResident(c, copy);
        child.mem.aliasShared(copy);
        for (const p of child.mem.partsOf(copy)) child.ucMapAll(p);
      }
      child.restoreContext(this.saveContext());
    } catch (e) {
      child.close();
      throw e;
    }
    return child;
  }

  // ---- execution ----

  run(budget: number): RunResult {
    this.alive();
    if (this.running) throw new EngineError('run() called from inside run()');
    this.use(budget > 0);
    this.lastFault = null;
    return this.execute(budget);
  }

  /**
   * Put the guest in an instance that runs counted (a budget) or not. An instance that has
   * translated nothing changes mode in place (for Unicorn's own count only towards counted:
   * count 0 after a count would flush its whole cache); otherwise the guest moves to the other
   * instance, opened over the same host memory the first time.
   */
  private use(counted: boolean): void {
    const live = this.live ?? this.attach();
    const cur = live.cur;
    if (cur.counted === counted) return;
    // A warm spare's translations are not this engine's until it runs: a fork child whose first
    // run has a budget drops them rather than opening a second instance.
    if ((!cur.translated || this.inherited) && (counted || this.ownCount)) {
      this.setCounted(cur, counted);
      return;
    }
    this.check(this.uc.uc_context_save(cur.handle, live.ctxPtr), 'uc_context_save');
    let next = live.other;
    if (next === null) {
      next = this.instance(counted, !counted).inst;
      try {
        for (const p of this.mem.allParts()) this.ucMap(next, p);
      } catch (e) {
        this.release(next);
        throw e;
      }
      this.mem.budget.used += ENGINE_FOOTPRINT;
      this.footprint += ENGINE_FOOTPRINT;
    } else {
      // The guest's stores in the other instance may have changed code this one translated.
      this.dropAllIn(next, PROT_WRITE);
    }
    if (next.counted !== counted) this.setCounted(next, counted);
    this.check(this.uc.uc_context_restore(next.handle, live.ctxPtr), 'uc_context_restore');
    live.other = cur;
    live.cur = next;
  }

  /**
   * Make `i` run counted or not: blocks translated without the count hook would ignore a budget,
   * so they go; spec.stalePcAfterStop's block hook goes in or out.
   */
  private setCounted(i: Instance, counted: boolean): void {
    if (this.ownCount) {
      if (counted && i.blockHook < 0) {
        const hh = [0];
        const bc = this.blockCounter;
        this.check(this.uc.uc_hook_add(i.handle, hh, UC_HOOK_BLOCK, bc ? bc.fn : hookCallbacks().block, bc ? bc.state : null, 1, 0), 'uc_hook_add(block)');
        i.blockHook = hh[0];
      } else if (!counted && i.blockHook >= 0) {
        this.uc.uc_hook_del(i.handle, i.blockHook);
        i.blockHook = -1;
      }
    }
    this.dropAllIn(i);
    i.counted = counted;
  }

  private execute(budget: number): RunResult {
    const count = budget > 0 ? budget : 0;
    let lastPc = -1;
    for (;;) {
      this.pendingPc = -1;
      this.stopRequested = false;
      this.stopped = false;
      this.hookError = null;
      this.pending = null;
      const pc = this.rawPc();
      const cur = this.live!.cur;
      this.running = true;
      cur.translated = true;
      this.inherited = false;
      let err: number;
      const prev = setHookTarget(this);
      try {
        if (this.ownCount) {
          // Unicorn's count would leave the pc stale: count in the block hook instead.
          this.countLeft = count > 0 ? count : Infinity;
          this.blocksRun = 0;
          this.countStopPc = -1;
          const w = this.blockCounter?.words;
          if (w) { w[0] = count > 0 ? BigInt(count) : NEVER_LEFT; w[1] = 0n; w[2] = -1n; }
          this.patcher?.arm(cur.handle);
          err = this.emuStart(cur.handle, pc, 0);
          if (w) this.countStopPc = Number(w[2]);
          this.patcher?.patchCallers(cur.handle);
        } else {
          err = this.emuStart(cur.handle, pc, count);
        }
      } finally {
        setHookTarget(prev);
        this.running = false;
        this.inTrap = false;
        this.countLeft = Infinity;
      }
      if (this.countStopPc >= 0) {
        this.writeRawPc(this.countStopPc);
        this.countStopPc = -1;
      }
      if (this.pendingPc >= 0) {
        this.writeRawPc(this.pendingPc);
        this.pendingPc = -1;
      }
      if (this.hookError !== null) {
        const e = this.hookError;
        this.hookError = null;
        throw e;
      }
      if (this.pending) return this.finishFault(this.pending);
      if (err !== UC_ERR_OK) {
        const at = this.rawPc();
        this.lastFault = { kind: errFaultKinds[err] ?? 'illegal-instruction', addr: at, pc: at };
        return 'fault';
      }
      if (this.stopped) return 'stopped';
      if (count > 0) return 'budget';
      // uc_emu_start came back on its own: a wait hint (aarch64 wfi/wfe) user space may execute
      // under Linux. Resume after it; the same pc twice is a halt that does not go away.
      const now = this.rawPc();
      if (now === lastPc) {
        this.lastFault = { kind: 'illegal-instruction', addr: now, pc: now };
        return 'fault';
      }
      lastPc = now;
    }
  }

  private finishFault(f: PendingFault): RunResult {
    let pc = f.pc;
    // A pc write in the hook would have cancelled the stop: move it now.
    if (f.setPc) this.writeRawPc(f.resumePc ?? pc);
    if (!f.exact) {
      this.uc.uc_context_save(this.handle, this.ctxPtr);
      pc = findFaultingPc({
        uc: this.uc, handle: this.handle, ucArch: this.ucArch, ucMode: this.ucMode, ctx: this.ctxPtr,
        regions: this.mem.allParts(), syncPc: f.pc, memType: f.memType, addr: f.addr, spec: this.spec,
      });
      // Leave the guest state as the fault left it, with the pc at the faulting instruction.
      this.writeRawPc(pc);
    }
    this.lastFault = f.resumePc !== undefined && f.resumePc !== pc
      ? { kind: f.kind, addr: f.addr, pc, resumePc: f.resumePc } : { kind: f.kind, addr: f.addr, pc };
    return 'fault';
  }

  /** uc_emu_start of one of this engine's instances, the way its trap hook needs (hooks.ts runTrap). */
  private emuStart(h: Ptr, pc: number, count: number): number {
    const entry = runTrap().entry;
    return entry ? entry.start(this.libPath, h, pc, UNTIL, count) : this.uc.uc_emu_start(h, pc, UNTIL, 0, count);
  }

  stop(): void {
    if (!this.running) return;
    this.stopRequested = true;
    if (!this.inTrap) {
      this.stopped = true;
      this.uc.uc_emu_stop(this.handle);
    }
  }

  get fault(): GuestFault | null {
    return this.lastFault;
  }

  // ---- hooks (called by hooks.ts while this engine runs) ----

  /** A system call trap: run the kernel's handler with the guest's view of the pc. */
  private trap(): void {
    this.inTrap = true;
    if (this.layout === undefined && --this.trapsToState <= 0) this.lookForState();
    this.pendingPc = -1;
    this.stopRequested = false;
    let go = false;
    try {
      go = this.onSyscall();
    } catch (e) {
      this.hookError = e;
    }
    if (go && !this.stopRequested && this.hookError === null) this.sizeTlb();
    this.inTrap = false;
    if (go && !this.stopRequested && this.hookError === null) {
      if (this.pendingPc >= 0) {
        // Unicorn adds trapAdvance to whatever pc the hook leaves; the write also makes it
        // restart its translation loop at the new pc.
        this.writeRawPc(this.pendingPc - this.trapAdvance);
        this.pendingPc = -1;
      } else if (this.trapBias !== this.trapAdvance) {
        // Unicorn would resume on the trap itself: step over it. In the CPU state where it can:
        // uc_reg_write of the pc also makes Unicorn leave its execution loop and come back in
        // (with the API reads, ~300 ns of s390x's getpid), which going on at the next pc does
        // not need (the loop finds the next block from the state).
        const st = this.live!.cur.state;
        const pc = this.rawPc() + this.trapBias - this.trapAdvance;
        if (st && this.pcWord >= 0) {
          st[this.pcWord] = pc >>> 0;
          st[this.pcWord + 1] = Math.floor(pc / TWO32);
        } else {
          this.writeRawPc(pc);
        }
      }
      return;
    }
    // Resume after the trap once stopped, unless Unicorn steps over it by itself.
    if (this.pendingPc < 0 && this.hookError === null && this.trapBias !== this.trapAdvance) {
      this.pendingPc = this.rawPc() + this.trapBias;
    }
    // A pc write here would cancel the stop; run() writes pendingPc after uc_emu_start returns.
    this.stopped = true;
    this.uc.uc_emu_stop(this.handle);
  }

  onTrapInsn(): void {
    this.trap();
  }

  onCpuid(): boolean {
    const leaf = Number(this.getReg('rax') & 0xffffffffn);
    const sub = Number(this.getReg('rcx') & 0xffffffffn);
    const a = this.cpuid.find((c) => c.leaf === leaf && (c.subleaf === undefined || c.subleaf === sub));
    if (!a) return false;
    this.setReg('rax', BigInt(a.eax >>> 0));
    this.setReg('rbx', BigInt(a.ebx >>> 0));
    this.setReg('rcx', BigInt(a.ecx >>> 0));
    this.setReg('rdx', BigInt(a.edx >>> 0));
    return true;
  }

  onInterrupt(intno: number): void {
    const { trap, exceptions, softInterrupts: soft } = this.spec;
    if (trap.hook === 'intr' && intno === trap.id) { this.trap(); return; }
    const back = this.spec.exceptionPcOffset ?? 0;
    let pc = this.rawPc() + back;
    let kind: FaultKind = exceptions[intno] ?? 'illegal-instruction';
    if (soft) {
      // Software interrupts leave the pc after the instruction; faults leave it on the instruction.
      const b = this.read(pc - 2, 2);
      if (b && b[1] === soft.breakpoint && intno === soft.breakpointVector) { pc -= 1; kind = 'trap'; }
      else if (b && b[0] === soft.withVector && b[1] === intno) { pc -= 2; kind = intno === soft.breakpointVector ? 'trap' : 'illegal-instruction'; }
    }
    const after = this.spec.exceptionResumeLength;
    const resumePc = after ? pc + Number(this.getReg(after)) : pc;
    if (!this.pending) this.pending = { kind, memType: -1, addr: pc, pc, exact: true, setPc: back !== 0 || resumePc !== pc, resumePc };
    this.uc.uc_emu_stop(this.handle);
  }

  onBadAccess(type: number, addr: number): boolean {
    const unmapped = type === UC_MEM_READ_UNMAPPED || type === UC_MEM_WRITE_UNMAPPED || type === UC_MEM_FETCH_UNMAPPED;
    // No mapping holds addr: the kernel may make one (a growing stack); if it lands in a chunk
    // already backed, map() has handed it to Unicorn, which retries the access.
    if (unmapped && !this.pending && this.mem.vmas.find(addr) < 0) {
      try {
        if (this.grow(addr) && this.mem.chunks.has(Math.floor(addr / CHUNK))) return true;
      } catch (e) {
        this.hookError = e;
        return false;
      }
    }
    // First touch of a mapped chunk without host memory: back it, and Unicorn retries the access.
    if (unmapped && !this.pending && this.mem.vmas.find(addr) >= 0 && !this.mem.chunks.has(Math.floor(addr / CHUNK))) {
      try {
        if (this.backChunk(addr)) return true;
      } catch (e) {
        this.hookError = e;
        return false;
      }
      this.pending = { kind: 'out-of-memory', memType: type, addr, pc: this.hookPc(), exact: this.exactPc() };
      return false;
    }
    if (!this.pending) {
      const kind = memFaultKinds[type] ?? 'read-unmapped';
      const fetch = type === UC_MEM_FETCH_UNMAPPED || type === UC_MEM_FETCH_PROT;
      // With a UC_HOOK_CODE hook in the code (counting, tracing) Unicorn keeps the pc exact.
      const exact = fetch || this.exactPc();
      this.pending = { kind, memType: type, addr, pc: fetch && this.ownCount ? addr : this.hookPc(), exact };
    }
    return false;
  }

  /** Is the pc known exactly inside a memory hook? With a code hook in the code, yes. */
  private exactPc(): boolean {
    return this.ownCount ? this.traceFn !== null : this.counted || this.traceFn !== null;
  }

  /** The faulting instruction's pc as far as the memory hook knows it. */
  private hookPc(): number {
    return this.ownCount && this.traceFn !== null ? this.lastCodeAddr : this.rawPc();
  }

  /**
   * spec.stalePcAfterStop's budget: a block costs its bytes / 4 (at least 1). The run stops only
   * where a block starts, and never before its first: there the CPU state Unicorn keeps is whole
   * (a stop between two instructions can leave it with a condition code not yet written back,
   * and its pc at the block's start), and the pc is the block's.
   */
  onBlock(addr: number, size: number): void {
    if (this.countLeft === Infinity) return;
    if (this.countLeft <= 0 && this.blocksRun > 0) {
      this.countStopPc = addr;
      this.uc.uc_emu_stop(this.handle);
      return;
    }
    this.blocksRun++;
    this.countLeft -= Math.max(1, size >> 2);
  }

  onCode(addr: number, size: number): void {
    this.lastCodeAddr = addr;
    const fn = this.traceFn;
    if (!fn) return;
    try {
      fn(addr, this.mem.vmas.accessible(addr, size, 0) ? this.mem.copyOut(addr, size) : new Uint8Array(0));
    } catch (e) {
      this.hookError = e;
      this.uc.uc_emu_stop(this.handle);
    }
  }

  get onInstruction(): ((pc: number, bytes: Uint8Array) => void) | null {
    return this.traceFn;
  }

  set onInstruction(fn: ((pc: number, bytes: Uint8Array) => void) | null) {
    this.alive();
    const had = this.traceFn !== null;
    this.traceFn = fn;
    // No instance yet: attach() adds the hook when it opens one (adding it here too would open
    // the instance with a hook and then add a second, which release() never removes: the spare
    // would carry a code hook into every later engine).
    if (this.live === null) return;
    for (const i of this.instances()) {
      if (fn && !had) {
        const hh = [0];
        this.check(this.uc.uc_hook_add(i.handle, hh, UC_HOOK_CODE, hookCallbacks().code, null, 1, 0), 'uc_hook_add(code)');
        i.traceHook = hh[0];
        this.dropAllIn(i);
      } else if (!fn && had) {
        this.uc.uc_hook_del(i.handle, i.traceHook);
        i.traceHook = -1;
        this.dropAllIn(i);
      }
    }
  }

  close(): void {
    if (this.closed) return;
    if (this.running) throw new EngineError('close() called while the engine runs');
    this.closed = true;
    this.layoutVersion++;
    const live = this.live;
    if (live) {
      this.release(live.cur, live.other === null);
      if (live.other) this.release(live.other);
    }
    this.mem.closeAll();
    this.mem.budget.used -= this.footprint;
    freeNative(this.one);
    if (live) this.uc.uc_context_free(live.ctxPtr);
  }
}

/** A CpuEngine on Unicorn for an arch whose descriptor chooses it. Throws if libunicorn is missing. */
export function createUnicornEngine(arch: ArchDescriptor): CpuEngine {
  return new UnicornEngine(arch);
}
