// tricorn's own PPC64 engine (ppc64 big-endian and ppc64le) behind the CpuEngine interface.
//
// Execution model: each 4 KiB code page keeps an array of decoded closures, filled lazily the
// first time each word executes; the run loop walks that array and only goes back to the page
// table when it leaves the page. Stores into a page with decoded code drop the slots they
// overwrite (see memory.ts), so self-modifying code stays exact without any icbi.

import { EngineError, PROT_EXEC, PROT_READ } from '../engine.js';
import type {
  SharedBacking,
  MemoryBudget,
  CpuEngine, EngineContext, GuestFault, MemRegion, RegBatch, RunResult,
} from '../engine.js';
import type { ArchDescriptor } from '../../arch/types.js';
import { Memory, Page, Chain, GUEST_FAULT, CODE_CHANGED, PAGE_SIZE, addressList } from './memory.js';
import { Cpu, ST_NEXT, ST_JUMP, ST_SC, ST_TB, ST_TRAP, ST_ILLEGAL, LR, CTR, FLO, FHI } from './cpu.js';
import { decode, illegal } from './decode.js';
import { compileBlock, compileRegion, MAX_FOREIGN, MAX_REGION, NO_BLOCK } from './jit.js';
import type { Block, Former, ForeignStart, RegionFn } from './jit.js';
import { warmBlock, warmRegion } from './warm-compiler.js';
import type { Op } from './cpu.js';

/**
 * Entries into a straight-line run of code before it is compiled to a JS function; -1 turns
 * the block compiler off (interpreter only), 0 compiles at first entry. A generated function
 * only pays off once V8 has optimized it, which takes thousands of calls (until then it runs
 * in V8's bytecode interpreter, slower than the engine's shared, already-optimized closures),
 * so only code that has run a few thousand times is compiled. Measured: a 1.5M-instruction
 * program is fastest without compiling at all; long loops reach 100+ M instructions/s.
 */
export let defaultJitThreshold = 2000;
/** Standalone block calls in a page before its hot blocks are (re)built into a region. */
export let defaultRegionTrigger = 20000;
export function setDefaultRegionTrigger(n: number): void { defaultRegionTrigger = n; }
export function setDefaultJitThreshold(n: number): void { defaultJitThreshold = n; }

const TWO32 = 4294967296;
/**
 * Cross-page chaining (see noteExit): call targets a page counts, the calls out of its compiled
 * code after which its region is rebuilt with their blocks, and how many times at most.
 */
const MAX_EXITS = 8;
const EXIT_TRIGGER = 20000;
const MAX_FOLLOWS = 2;
/** Region builds that built nothing, in a row, after which a page's next try waits longest. */
const MISS_CAP = 6;
/** Calls to a target before a region takes its block in. */
const MIN_FOLLOW = 32;
/** Instructions counted down at once (a V8 small integer; see run). */
const SLICE = 1 << 29;
/** SLICE, but a few instructions while warmRunLoop runs (so that it meets the refill too). */
let slice = SLICE;
const WORDS_PER_PAGE = PAGE_SIZE / 4;
/** Restored contexts kept for reuse (see Ppc64Engine.spareContexts). */
const MAX_SPARE_CONTEXTS = 4;

// Register kinds in a batch.
const K_GPR = 0, K_PC = 1, K_LR = 2, K_CTR = 3, K_XER = 4, K_CR = 5, K_FPR = 6, K_FPSCR = 7, K_MSR = 8;
/** VSR doubleword 0 ('vs<n>h') and 1 ('vs<n>l'), VSCR, VRSAVE. */
const K_VSH = 9, K_VSL = 10, K_VSCR = 11, K_VRSAVE = 12;

/**
 * The run loop's calls of generated code go through here. Every generated function is a
 * different call target: a call site V8 has seen with one target is compiled for that target
 * alone, and the next one throws the whole optimized run loop away (a deoptimization and a
 * recompile, tens of milliseconds each). Called here with two targets at load, the site is
 * megamorphic before the run loop is ever optimized, so its code stays valid whatever runs.
 * (Inlined into run(), this function keeps its own feedback.)
 */
function enter(fn: RegionFn, c: Cpu, g: Int32Array, m: Memory, n: number): number {
  return fn(c, g, m, n);
}
{
  const none = null as never, targets: RegionFn[] = [() => 0, () => 1];
  // Enough calls for V8 to give the function its feedback vector (allocated lazily) first.
  for (let k = 0; k < 64; k++) enter(targets[k & 1], none, none, none, 0);
}

/**
 * A tiny guest run once per process, just before the first block is compiled or at the
 * WARM_CALLS-th call of run(), whichever comes first: a loop of two
 * blocks that become a region, calling a function on the next page on every pass. V8 optimizes
 * run() early (during a program's start-up, on the interpreter path alone) and then throws that
 * code away, and recompiles the whole run loop, at each path it had never seen run: the first
 * compile, the first block call, the first region build, the first exit to another page from a
 * block and from a region, the first call counted for chaining (noteExit's Chain, and the
 * region build that records it), the first refill of the instruction budget's slice (after 2^29
 * instructions), the first call of a block that loops on itself (the division that gives its
 * passes: sha256's run loop was compiled a third time for it). Run here, all of them are met at once, so run() is recompiled once instead of
 * at each (tens of ms apiece). Its engine compiles with stand-ins for the block compiler
 * (warm-compiler.ts), whose first use costs ~15 ms; still not at the first run(): V8 gives run()
 * its feedback vector only after a few calls or loops, and a program that never compiles a
 * block would pay ~5 ms for nothing. (Its own engine and memory: nothing of it reaches a guest.)
 */
let runLoopWarmed = false;
/** Calls of run() in this process so far, up to WARM_CALLS. */
let runCalls = 0;
/**
 * The run() call that warms the run loop, if no block was compiled before. A process whose
 * threads switch (or that blocks in system calls) enters run() over and over, and V8 counts
 * each entry's way through the function towards optimizing it: ppc64 micro 'thread 1000' had
 * run() optimized after ~25,000 instructions (the 15th call), long before its first block
 * compile (~280,000); warmed only at that compile, the optimized run() met the compile's call
 * and the warm guest's paths for the first time, was thrown away and compiled again (three
 * compiles of run() with the on-stack one, 40 + 60 + 140 ms of TurboFan on the loaded machine).
 * Warmed at the 8th call, before V8 first optimizes it, run() is compiled with every path's
 * feedback. A program that runs in one call (no threads, no blocking) is not warmed early:
 * there V8 optimizes run() late if at all (sha256 at argument 1: not in 90,000 instructions),
 * and warming it at 20,000 instructions made such programs compile run() for nothing
 * (sha256 and crc32 at argument 1: +15 to +30 ms of CPU).
 */
const WARM_CALLS = 8;
/** [offset from the first page, instruction word]. */
const WARM_CODE = [
  [0x0, 0x38630001], // addi r3,r3,1
  [0x4, 0x48000ffd], // bl 0x1000 (the next page)
  // 80 passes: 81 calls counted, past noteExit's trigger (64), so that it builds a region too.
  [0x8, 0x2c030050], // cmpwi r3,80
  [0xc, 0x4180fff4], // blt 0
  // A block that loops on itself (run's pass count and its instruction count for such a block).
  [0x10, 0x38840001], // addi r4,r4,1
  [0x14, 0x2c040008], // cmpwi r4,8
  [0x18, 0x4180fff8], // blt 0x10
  [0x1c, 0x48000fe8], // b 0x1004
  [0x1000, 0x4e800020], // blr
  [0x1004, 0x44000002], // sc
];
/** Whether this process warmed the run loop already (ppc64/warmup.test.ts). */
export const runLoopIsWarm = (): boolean => runLoopWarmed;

function warmRunLoop(arch: ArchDescriptor): void {
  runLoopWarmed = true;
  // Twice: V8 gives a function its feedback vector only after several calls, so a site the
  // first run meets once (noteExit's `new Chain()`, at a page's first counted call) records
  // nothing there, and optimized code would deoptimize at it.
  runWarmGuest(arch).close();
  runWarmGuest(arch).close();
}

/**
 * Run the warm-up guest on an engine of its own and return that engine (closed by the caller):
 * ppc64/warmup.test.ts checks that it still meets every path named above.
 */
export function runWarmGuest(arch: ArchDescriptor): Ppc64Engine {
  const e = new Ppc64Engine(arch);
  const le = arch.endian === 'little', at = 0x10000;
  const code = new DataView(new ArrayBuffer(2 * PAGE_SIZE));
  for (const [off, w] of WARM_CODE) code.setUint32(off, w, le);
  e.map(at, 2 * PAGE_SIZE, PROT_READ | PROT_EXEC);
  e.load(at, new Uint8Array(code.buffer));
  e.setPc(at);
  e.compilers = WARM_COMPILERS;
  e.jitThreshold = 0;
  // Regions after the second standalone block call of a page, not the first: at 0, each
  // block call tried a region build again (buildRegion's wait after a try that builds nothing
  // is a multiple of the trigger), 54 tries of 1024 words each, the callee's page declining
  // at every call, and V8 compiled buildRegion with TurboFan in every program that compiles a
  // block, 50-190 ms of its compiler (--trace-opt), only to abort it at a map change. At 1: 8
  // tries, the same paths of run() met (ppc64/warmup.test.ts), and buildRegion not optimized.
  e.regionTrigger = 1;
  slice = 50;
  try {
    e.run(0); // no budget (as a lone program runs): ends at the sc
  } finally {
    slice = SLICE;
  }
  return e;
}

/**
 * True when a rebuild of a page's region, whose blocks hold `oldLen` instructions, would take
 * in blocks that made at least half of the page's standalone block calls since it was last
 * built (`fresh`, hottest first: those that fit in MAX_REGION, as compileRegion takes them). A
 * rebuild is a new function that runs unoptimized until V8 optimizes it again, tens of ms of
 * its compiler: qsort's merge region was rebuilt to take in two blocks of two and three
 * instructions, out of a dozen as hot that did not fit.
 */
export function worthGrowing(oldLen: number, fresh: readonly { len: number; calls: number }[]): boolean {
  let total = oldLen, gained = 0, all = 0;
  for (const b of fresh) {
    all += b.calls;
    if (total + b.len <= MAX_REGION) { total += b.len; gained += b.calls; }
  }
  return gained * 2 >= all;
}

/** What turns guest code into functions: the block compiler, or the warm-up's stand-ins (warm-compiler.ts). */
interface Compilers { block: typeof compileBlock; region: typeof compileRegion }
const JIT_COMPILERS: Compilers = { block: compileBlock, region: compileRegion };
const WARM_COMPILERS: Compilers = { block: warmBlock, region: warmRegion };

class Ppc64RegBatch implements RegBatch {
  constructor(readonly names: readonly string[], readonly kinds: Int32Array, readonly idx: Int32Array) {}
}

/**
 * Batches by their names, for every engine of the process: a batch depends on the names alone
 * (and is never changed), and the kernel makes its two trap batches for each new engine (every
 * fork), each name parsed by regKind's regular expressions: wire() was ~4% of the CPU profile
 * of ppc64 micro 'fork 500'.
 */
const batchCache = new Map<string, Ppc64RegBatch>();
const MAX_CACHED_BATCHES = 64;

interface Ppc64Context extends EngineContext {
  readonly cpu: Cpu;
}

function regKind(name: string): [number, number] {
  const m = /^([rf])(\d+)$/.exec(name);
  if (m) {
    const n = Number(m[2]);
    if (n < 32 && String(n) === m[2]) return [m[1] === 'r' ? K_GPR : K_FPR, n];
  }
  const v = /^vs(\d+)([hl])$/.exec(name);
  if (v) {
    const n = Number(v[1]);
    if (n < 64 && String(n) === v[1]) return [v[2] === 'h' ? K_VSH : K_VSL, n];
  }
  switch (name) {
    case 'pc': case 'nip': return [K_PC, 0];
    case 'lr': return [K_LR, 0];
    case 'ctr': return [K_CTR, 0];
    case 'xer': return [K_XER, 0];
    case 'cr': return [K_CR, 0];
    case 'fpscr': return [K_FPSCR, 0];
    case 'msr': return [K_MSR, 0];
    case 'vscr': return [K_VSCR, 0];
    case 'vrsave': return [K_VRSAVE, 0];
    case 'sp': return [K_GPR, 1];
  }
  throw new EngineError(`unknown ppc64 register '${name}'`);
}

export class Ppc64Engine implements CpuEngine {
  readonly arch: ArchDescriptor;
  onSyscall: () => boolean = () => false;
  onInstruction: ((pc: number, bytes: Uint8Array) => void) | null = null;
  fault: GuestFault | null = null;
  /** See defaultJitThreshold and defaultRegionTrigger (Infinity: no regions). */
  jitThreshold = defaultJitThreshold;
  regionTrigger = defaultRegionTrigger;
  /** The block compiler (the run-loop warm-up's engine has stand-ins). */
  compilers = JIT_COMPILERS;
  /** Blocks and regions compiled so far (statistics for tests and the benchmark). */
  compiledBlocks = 0;
  compiledRegions = 0;
  /** Blocks of other pages taken into regions (chaining across pages: noteExit). */
  chainedBlocks = 0;
  /** Region builds declined because only one block of the page would be in it (buildRegion). */
  declinedRegions = 0;
  /** Region builds tried (buildRegion calls): statistics for tests. */
  regionTries = 0;
  /** Calls out of a page's compiled code counted for chaining (noteExit). */
  countedCalls = 0;
  /** Region builds tried because a page's counted calls reached their trigger (noteExit). */
  exitBuilds = 0;
  /** Calls of standalone blocks that loop on themselves. */
  loopingCalls = 0;

  private mem: Memory;
  private cpu: Cpu;
  private readonly le: boolean;
  private stopFlag = false;
  private closed = false;
  /** Instructions executed so far: the deterministic time base that mftb reads. */
  private icount = 0;
  /** MSR as user code would see it: SF, EE, PR, FP, ME, IR, DR, RI, and LE for ppc64le. */
  private readonly msrLo: number;

  constructor(arch: ArchDescriptor, mem?: Memory) {
    if (arch.engine.kind !== 'ppc64') throw new EngineError(`${arch.name} is not a PPC64 architecture`);
    this.arch = arch;
    this.le = arch.endian === 'little';
    this.mem = mem ?? new Memory(this.le);
    this.cpu = new Cpu(this.mem);
    this.msrLo = this.le ? 0xf033 : 0xf032;
  }

  // ------------------------------------------------------------------ memory

  private live(): void {
    if (this.closed) throw new EngineError('engine is closed');
  }

  map(addr: number, size: number, prot: number): void { this.live(); this.mem.map(addr, size, prot); }
  createShared(size: number): SharedBacking | null { this.live(); return this.mem.createShared(size); }
  mapShared(addr: number, size: number, prot: number, mem: SharedBacking, offset: number): void {
    this.live();
    this.mem.mapShared(addr, size, prot, mem, offset);
  }
  sharedAt(addr: number): { mem: SharedBacking; offset: number } | null { return this.mem.sharedAt(addr); }
  unmap(addr: number, size: number): void { this.live(); this.mem.unmap(addr, size); this.cpu.resAddr = -1; }
  protect(addr: number, size: number, prot: number): void { this.live(); this.mem.protect(addr, size, prot); }
  discard(addr: number, size: number): void { this.live(); this.mem.discard(addr, size); this.cpu.resAddr = -1; }
  hostBytes(addr: number, len: number): Uint8Array | null { return this.closed ? null : this.mem.hostBytes(addr, len); }
  /** A closed engine's fresh Memory starts again from 0: it never matches a view taken before. */
  get layoutVersion(): number { return this.closed ? -2 : this.mem.layoutVersion; }
  peakResident(): number { return this.mem.peak; }
  get budget(): MemoryBudget { return this.mem.budget; }
  set budget(b: MemoryBudget) { this.mem.budget = b; }
  regions(): MemRegion[] { this.live(); return this.mem.regions(); }
  get onUnmapped(): ((addr: number) => boolean) | null { return this.mem.onUnmapped; }
  set onUnmapped(fn: ((addr: number) => boolean) | null) { this.mem.onUnmapped = fn; }
  read(addr: number, len: number): Uint8Array | null { this.live(); return this.mem.read(addr, len); }
  write(addr: number, data: Uint8Array): boolean { this.live(); return this.mem.write(addr, data); }
  load(addr: number, data: Uint8Array): void { this.live(); this.mem.load(addr, data); }

  // ------------------------------------------------------------------ registers

  regBatch(names: readonly string[]): RegBatch {
    const key = names.join(',');
    let b = batchCache.get(key);
    if (b === undefined) {
      const kinds = new Int32Array(names.length), idx = new Int32Array(names.length);
      names.forEach((n, i) => { [kinds[i], idx[i]] = regKind(n); });
      b = new Ppc64RegBatch([...names], kinds, idx);
      if (batchCache.size < MAX_CACHED_BATCHES) batchCache.set(key, b);
    }
    return b;
  }

  readRegs(batch: RegBatch, out: Uint32Array): void {
    const { kinds, idx } = batch as Ppc64RegBatch;
    const c = this.cpu, g = c.g;
    for (let k = 0; k < kinds.length; k++) {
      let lo = 0, hi = 0;
      switch (kinds[k]) {
        case K_GPR: lo = g[2 * idx[k]]; hi = g[2 * idx[k] + 1]; break;
        case K_PC: lo = c.pc % TWO32; hi = Math.floor(c.pc / TWO32); break;
        case K_LR: lo = g[LR]; hi = g[LR + 1]; break;
        case K_CTR: lo = g[CTR]; hi = g[CTR + 1]; break;
        case K_XER: lo = c.getXer(); break;
        case K_CR: lo = c.cr; break;
        case K_FPR: lo = c.fw[2 * idx[k] + FLO]; hi = c.fw[2 * idx[k] + FHI]; break;
        case K_FPSCR: lo = c.fpscr; break;
        case K_MSR: lo = this.msrLo; hi = 0x80000000; break;
        case K_VSH:
          if (idx[k] < 32) { lo = c.fw[2 * idx[k] + FLO]; hi = c.fw[2 * idx[k] + FHI]; }
          else { lo = c.v[4 * idx[k] + 1]; hi = c.v[4 * idx[k]]; }
          break;
        case K_VSL: lo = c.v[4 * idx[k] + 3]; hi = c.v[4 * idx[k] + 2]; break;
        case K_VSCR: lo = c.vscr; break;
        case K_VRSAVE: lo = c.vrsave; break;
      }
      out[2 * k] = lo;
      out[2 * k + 1] = hi;
    }
  }

  writeRegs(batch: RegBatch, values: Uint32Array): void {
    const { kinds, idx } = batch as Ppc64RegBatch;
    const c = this.cpu, g = c.g;
    for (let k = 0; k < kinds.length; k++) {
      const lo = values[2 * k], hi = values[2 * k + 1];
      switch (kinds[k]) {
        case K_GPR: g[2 * idx[k]] = lo; g[2 * idx[k] + 1] = hi; break;
        case K_PC: c.pc = hi * TWO32 + lo; break;
        case K_LR: g[LR] = lo; g[LR + 1] = hi; break;
        case K_CTR: g[CTR] = lo; g[CTR + 1] = hi; break;
        case K_XER: c.setXer(lo); break;
        case K_CR: c.cr = lo | 0; break;
        case K_FPR: c.fw[2 * idx[k] + FLO] = lo; c.fw[2 * idx[k] + FHI] = hi; break;
        case K_FPSCR: c.fpscr = lo | 0; break;
        case K_MSR: break; // read-only
        case K_VSH:
          if (idx[k] < 32) { c.fw[2 * idx[k] + FLO] = lo; c.fw[2 * idx[k] + FHI] = hi; }
          else { c.v[4 * idx[k] + 1] = lo; c.v[4 * idx[k]] = hi; }
          break;
        case K_VSL: c.v[4 * idx[k] + 3] = lo; c.v[4 * idx[k] + 2] = hi; break;
        case K_VSCR: c.vscr = lo | 0; break;
        case K_VRSAVE: c.vrsave = lo | 0; break;
      }
    }
  }

  private readonly one = new Uint32Array(2);
  /**
   * getReg/setReg's one-register batches by name: regKind parses the name with regular
   * expressions, and the kernel sets a new thread's stack pointer and TLS register this way at
   * every clone.
   */
  private readonly single = new Map<string, RegBatch>();

  private batchOf(name: string): RegBatch {
    let b = this.single.get(name);
    if (b === undefined) { b = this.regBatch([name]); this.single.set(name, b); }
    return b;
  }

  getReg(name: string): bigint {
    // vr0-vr31: a whole 128-bit AltiVec register (VSR32-63), doubleword 0 most significant.
    const vr = /^vr(\d+)$/.exec(name);
    if (vr && Number(vr[1]) < 32) {
      const n = 32 + Number(vr[1]);
      return (this.getReg(`vs${n}h`) << 64n) | this.getReg(`vs${n}l`);
    }
    this.readRegs(this.batchOf(name), this.one);
    return (BigInt(this.one[1]) << 32n) | BigInt(this.one[0]);
  }

  setReg(name: string, value: bigint): void {
    const vr = /^vr(\d+)$/.exec(name);
    if (vr && Number(vr[1]) < 32) {
      const n = 32 + Number(vr[1]);
      this.setReg(`vs${n}h`, BigInt.asUintN(128, value) >> 64n);
      this.setReg(`vs${n}l`, value);
      return;
    }
    const v = BigInt.asUintN(64, value);
    this.one[0] = Number(v & 0xffffffffn);
    this.one[1] = Number(v >> 32n);
    this.writeRegs(this.batchOf(name), this.one);
  }

  getPc(): number { return this.cpu.pc; }

  /** Guest instructions executed by this engine so far (the mftb time base). */
  get executed(): number { return this.icount; }
  setPc(pc: number): void { this.cpu.pc = pc; }

  /**
   * Contexts restored already, which saveContext fills again (a restored context is the
   * engine's again: CpuEngine.restoreContext). A Cpu is five typed arrays, slow to make, and
   * the kernel saves one at every switch between threads: two per pthread create+join, ~5% of
   * the CPU profile of ppc64 micro 'thread 1000', with the collector's work for them.
   */
  private readonly spareContexts: Ppc64Context[] = [];

  saveContext(): EngineContext {
    const ctx = this.spareContexts.pop() ?? ({ __engineContext: true, cpu: new Cpu(this.mem) } as Ppc64Context);
    ctx.cpu.copyFrom(this.cpu);
    return ctx;
  }

  restoreContext(ctx: EngineContext): void {
    const c = ctx as Ppc64Context;
    this.cpu.copyFrom(c.cpu);
    // A context switch loses the reservation (Linux clears it on every return to user).
    this.cpu.resAddr = -1;
    if (this.spareContexts.length < MAX_SPARE_CONTEXTS && !this.spareContexts.includes(c)) this.spareContexts.push(c);
  }

  clone(): CpuEngine {
    this.live();
    const e = new Ppc64Engine(this.arch, this.mem.clone());
    e.cpu.copyFrom(this.cpu);
    e.icount = this.icount;
    e.jitThreshold = this.jitThreshold;
    e.regionTrigger = this.regionTrigger;
    e.onSyscall = this.onSyscall;
    e.onInstruction = this.onInstruction;
    return e;
  }

  // ------------------------------------------------------------------ execution

  stop(): void { this.stopFlag = true; }

  close(): void {
    if (!this.closed) this.mem.release();
    this.closed = true;
    this.mem = new Memory(this.le);
    this.cpu = new Cpu(this.mem);
  }

  private decodeAt(page: Page, i: number, pc: number) {
    const op = decode(page.view.getUint32(i * 4, this.le), pc, this.le);
    page.code![i] = op;
    return op;
  }

  run(budget: number): RunResult {
    this.live();
    if (!runLoopWarmed && ++runCalls >= WARM_CALLS && this.jitThreshold >= 0 && this.onInstruction === null) warmRunLoop(this.arch);
    this.stopFlag = false;
    this.fault = null;
    const c = this.cpu, mem = this.mem, g = c.g;
    // The budget is counted down in chunks of at most SLICE: `left` is passed to every block
    // and region call, and a number beyond V8's small integers would be boxed (allocated) each time.
    let rest = budget > 0 ? budget : Infinity;
    // (| 0: Math.min of Infinity and SLICE is a heap number, not a small integer, in V8.)
    let start = Math.min(rest, slice) | 0;
    rest -= start;
    const thr = this.jitThreshold;
    let left = start;
    let pc = c.pc;
    let base = 0, i = 0;
    /** The compiled block or region running (for fault attribution). */
    let block: Block | null = null;
    let inRegion = false;
    /** Resuming at a store made again (CODE_CHANGED): run it interpreted (compiled there, it could drop itself again). */
    let resumed = false;
    // Around the try, a loop: a store that would change compiled code leaves it as a fault does,
    // and is made again from here (memory.ts: CODE_CHANGED).
    for (;;) try {
      outer: for (;;) {
        const trace = this.onInstruction;
        const page = mem.fetchPage(pc);
        const code = page.code!;
        // Math.floor, not %: pc is often a double here, and V8's double remainder is a C call.
        base = Math.floor(pc / PAGE_SIZE) * PAGE_SIZE;
        i = (pc - base) >>> 2;
        const useJit = trace === null && thr >= 0;
        if (useJit && page.blocks === null) {
          page.blocks = new Array(WORDS_PER_PAGE).fill(undefined);
          page.hits = new Uint16Array(WORDS_PER_PAGE);
          page.covered = new Uint8Array(WORDS_PER_PAGE);
          page.inRegion = new Uint8Array(WORDS_PER_PAGE);
          // Made here, not at the page's first counted call (noteExit): that construct ran only
          // once per page, in the warm-up guest before noteExit had its feedback vector, so
          // V8's optimized run loop met it without type feedback at a program's first page
          // calling out, and was thrown away (a deoptimization and a recompile of run()).
          if (page.chain === null) page.chain = new Chain();
        }
        /** True where a block may start: after a jump, a block, or an instruction that ends blocks. */
        let entry = !resumed;
        resumed = false;
        for (;;) {
          if (left === 0) {
            this.icount += start;
            if (rest > 0) {
              start = left = Math.min(rest, slice) | 0;
              rest -= start;
              continue;
            }
            c.pc = base + i * 4;
            return 'budget';
          }
          let noBlock = false;
          if (useJit && entry) {
            if (page.inRegion![i] !== 0) {
              c.ri = i;
              inRegion = true;
              const s = enter(page.region!, c, g, mem, left);
              inRegion = false;
              left -= c.rd;
              if (s === ST_NEXT) {
                // Nothing done means stopped where it started (c.ri === i); one compare, so
                // the path of a stop has its type feedback as soon as any return has.
                if (c.rd !== 0) {
                  i = c.ri;
                  if (i >= WORDS_PER_PAGE) break;
                  continue;
                }
                // Stopped at once: the block does not fit the budget; go step by step.
              } else {
                pc = c.npc;
                const d = pc - base;
                if (d >= 0 && d < PAGE_SIZE) { i = d >>> 2; continue; }
                this.noteExit(page, base, pc);
                continue outer;
              }
            } else {
              const blocks = page.blocks!;
              let b = blocks[i];
              if (b === undefined && ++page.hits![i] > thr) b = this.compile(page, i, base);
              if (b !== undefined) {
                if (b.len <= left) {
                  block = b;
                  const s = enter(b.fn, c, g, mem, b.loops ? Math.floor(left / b.len) : 1);
                  block = null;
                  if (b.loops) { left -= b.len * c.it; this.loopingCalls++; } else left -= b.len;
                  b.calls++;
                  if (++page.blockCalls > this.regionTrigger) this.buildRegion(page, base);
                  if (s === ST_NEXT) {
                    i = b.end;
                    if (i >= WORDS_PER_PAGE) break;
                    continue;
                  }
                  const d = c.npc - base;
                  if (d >= 0 && d < PAGE_SIZE) { i = d >>> 2; continue; }
                  pc = c.npc;
                  this.noteExit(page, base, pc);
                  continue outer;
                }
                noBlock = b === NO_BLOCK;
              }
            }
          }
          let op = code[i];
          if (op === undefined) op = this.decodeAt(page, i, base + i * 4);
          if (trace !== null) {
            trace(base + i * 4, page.bytes.slice(i * 4, i * 4 + 4));
            if (this.stopFlag) { c.pc = base + i * 4; this.icount += start - left; return 'stopped'; }
          }
          left--;
          const s = op(c);
          if (s === ST_NEXT) {
            entry = noBlock;
            if (++i === WORDS_PER_PAGE) break;
            continue;
          }
          if (s === ST_JUMP) {
            entry = true;
            const d = c.npc - base;
            if (d >= 0 && d < PAGE_SIZE) { i = d >>> 2; continue; }
            pc = c.npc;
            continue outer;
          }
          const here = base + i * 4;
          switch (s) {
            case ST_SC: {
              c.pc = here + 4;
              c.resAddr = -1;
              const executed = start - left;
              this.icount += executed;
              const more = this.onSyscall();
              this.icount -= executed;
              if (!more || this.stopFlag) { this.icount += executed; return 'stopped'; }
              // The handler may have moved the PC (sigreturn, exec) or changed mappings.
              pc = c.pc;
              continue outer;
            }
            case ST_TB: {
              const tb = this.icount + (start - left);
              const r = c.tmp;
              if (r >= 0) { g[r] = tb % TWO32; g[r + 1] = Math.floor(tb / TWO32); }
              else { g[-1 - r] = Math.floor(tb / TWO32); g[-r] = 0; }
              entry = true;
              if (++i === WORDS_PER_PAGE) { pc = base + PAGE_SIZE; continue outer; }
              continue;
            }
            case ST_TRAP: case ST_ILLEGAL: {
              left++;
              c.pc = here;
              this.icount += start - left;
              this.fault = { kind: s === ST_TRAP ? 'trap' : 'illegal-instruction', addr: here, pc: here };
              return 'fault';
            }
          }
          throw new EngineError(`bad op status ${s}`);
        }
        pc = base + PAGE_SIZE;
      }
    } catch (e) {
      if (e !== GUEST_FAULT && e !== CODE_CHANGED) throw e;
      const kind = mem.faultKind;
      let at: number;
      if (e === GUEST_FAULT && kind.startsWith('fetch')) at = mem.faultAddr;
      else if (inRegion) {
        // Completed: the region's earlier blocks, then the faulting block's first instructions.
        left -= c.rd + (c.fk - c.fbs);
        at = base + c.fk * 4;
      } else if (block !== null) {
        // Completed: the earlier passes of a looping block, then the instructions before k.
        const done = (block.loops ? c.it * block.len : 0) + c.fk;
        left -= done;
        at = base + (i + c.fk) * 4;
      } else {
        left++;
        at = base + i * 4;
      }
      c.pc = at;
      if (e === CODE_CHANGED) {
        // The store again, at `at` (its page's compiled code is gone), with the budget left.
        block = null;
        inRegion = false;
        pc = at;
        resumed = true;
        continue;
      }
      this.icount += start - left;
      this.fault = { kind, addr: mem.faultAddr, pc: at };
      return 'fault';
    }
  }

  private former(page: Page, base: number): Former {
    return {
      page, base, le: this.le,
      decodeAt: (j: number) => page.code![j] ?? this.decodeAt(page, j, base + j * 4),
      isIllegal: (op: Op) => op === illegal,
      cpu: this.cpu,
    };
  }

  private compile(page: Page, i: number, base: number): Block {
    if (!runLoopWarmed) warmRunLoop(this.arch);
    const b = this.compilers.block(this.former(page, base), i);
    page.blocks![i] = b;
    if (b !== NO_BLOCK) { page.covered!.fill(1, i, b.end); this.compiledBlocks++; }
    return b;
  }

  /**
   * A jump from the page's compiled code to another page: when it is a call (LR points back
   * into the page), count its target. The page's region takes in the compiled blocks at the hot
   * targets when it is next built, or after EXIT_TRIGGER such calls (chaining across pages: a
   * sort's calls of its comparison function through a pointer, and the returns, then stay
   * inside one generated function instead of coming back to the run loop twice per call).
   */
  private noteExit(page: Page, base: number, pc: number): void {
    // (Checked here, not at each of run()'s exits: one site, whose type feedback the run-loop
    // warm-up fills, instead of one per exit that V8 would first meet in optimized code.)
    if (page.chain !== null && page.chain.exits < 0) return;
    const g = this.cpu.g;
    const lr = g[LR + 1] * TWO32 + (g[LR] >>> 0) - base;
    if (lr < 0 || lr >= PAGE_SIZE || this.regionTrigger === Infinity) return;
    this.countedCalls++;
    // (The page's Chain exists: run() makes it with the page's block arrays.)
    const ch = page.chain!;
    const k = ch.exitPc.indexOf(pc);
    if (k >= 0) ch.exitHits[k]++;
    else if (ch.exitPc.length < MAX_EXITS) { ch.exitPc.push(pc); ch.exitHits.push(1); }
    // Tests that build regions at once (regionTrigger 0) follow calls early too.
    if (++ch.exits >= Math.min(EXIT_TRIGGER, Math.max(this.regionTrigger, 64))) {
      this.exitBuilds++;
      if (!this.buildRegion(page, base)) ch.exits = -1;
    }
  }

  /**
   * Foreign blocks for the page's region: those it already holds, then the compiled blocks at
   * its hot call targets (each taking at least an eighth of the counted calls, and at least
   * MIN_FOLLOW of them), while the engine's rebuilds for them last (MAX_FOLLOWS).
   */
  private foreignFor(page: Page): { starts: ForeignStart[]; followed: boolean } {
    const ch = page.chain;
    if (ch === null) return { starts: [], followed: false };
    const addrs = [...ch.foreign];
    if (ch.exits >= 0) {
      const total = ch.exitHits.reduce((x, y) => x + y, 0);
      ch.exitPc.map((pc, k) => [pc, ch.exitHits[k]])
        .filter(([, n]) => n * 8 >= total && n >= MIN_FOLLOW)
        .sort((x, y) => y[1] - x[1])
        .forEach(([pc]) => { if (!addrs.includes(pc)) addrs.push(pc); });
    }
    const starts: ForeignStart[] = [];
    // Only blocks that fit beside those held (MAX_FOREIGN instructions, as compileRegion takes
    // them) count as followed: a hot target too big to take in (qsort's call of memcpy) made
    // its region rebuilt for nothing.
    let room = MAX_FOREIGN, followed = false;
    addrs.forEach((a, n) => {
      const q = this.mem.codePageAt(a);
      if (q === null || q === page || q.blocks === null) return;
      const qb = Math.floor(a / PAGE_SIZE) * PAGE_SIZE, j = (a - qb) >>> 2;
      const b = q.blocks[j];
      if (b === undefined || b === NO_BLOCK || b.len > room) return;
      room -= b.len;
      if (n >= ch.foreign.length) followed = true;
      starts.push({ f: this.former(q, qb), start: j });
    });
    if (followed) {
      // Each rebuild is a new function V8 optimizes again: follow a page's calls twice at most.
      ch.exitPc = addressList();
      ch.exitHits = [];
      ch.exits = ++ch.follows >= MAX_FOLLOWS ? -1 : 0;
    }
    return { starts, followed };
  }

  /**
   * Rebuild the page's region from its blocks: those already in it, the foreign blocks (see
   * noteExit), then the hottest others; only once it can hold two blocks, or one and foreign
   * ones. When nothing new fits (the region is full, or the hottest block fills it alone),
   * stop trying for this page until its blocks are invalidated. Returns false when there was
   * nothing to add.
   */
  private buildRegion(page: Page, base: number): boolean {
    // Each try that builds nothing waits twice as long as the last for the next (up to
    // 2^MISS_CAP triggers): qsort's merge page, whose region is full, was tried 248 times, a scan
    // of its 1024 words each, and V8 compiled buildRegion with its optimizing compiler (~100 ms
    // of it on the shared machine). Growth is then seen later, which rule 7 says rarely pays.
    // (| 0: a wait of 0 would be -0, a heap number: see the -(1 << 30) below.)
    page.blockCalls = -Math.min(this.regionTrigger * ((1 << Math.min(page.regionMisses, MISS_CAP)) - 1), 1 << 30) | 0;
    page.regionMisses++;
    this.regionTries++;
    const blocks = page.blocks!, inRegion = page.inRegion!;
    const old: number[] = [], fresh: Block[] = [];
    for (let j = 0; j < WORDS_PER_PAGE; j++) {
      const b = blocks[j];
      if (b === undefined || b === NO_BLOCK) continue;
      if (inRegion[j]) old.push(j);
      else if (b.calls > 0) fresh.push(b);
    }
    const ch = page.chain;
    const known = ch === null ? 0 : ch.foreign.length;
    const foreign = this.foreignFor(page);
    if (fresh.length === 0 && !foreign.followed) return false;
    // A region of one block and nothing else would be that block's own function again, and a
    // second optimizing compile of it (tens of ms for a long loop): wait for a second block.
    if (old.length + fresh.length < 2 && foreign.starts.length === 0) { this.declinedRegions++; return false; }
    fresh.sort((x, y) => y.calls - x.calls);
    const worth = old.length === 0 || foreign.followed || this.regionTrigger === 0 || worthGrowing(old.reduce((n, j) => n + blocks[j]!.len, 0), fresh);
    for (const b of fresh) b.calls = 0;
    if (!worth) return false;
    const r = this.compilers.region(this.former(page, base), [...old, ...fresh.map((b) => b.start)], foreign.starts, old.length);
    const alone = r !== null && r.entries.length < 2 && r.foreign.length === 0;
    if (alone) this.declinedRegions++;
    if (r === null || (r.entries.length === old.length && r.foreign.length <= known) || alone) {
      // A billion block calls before the next try; a small integer (-Infinity would change the
      // field's representation in V8, and with it every Page's hidden class, deoptimizing run()).
      page.blockCalls = -(1 << 30);
      return false;
    }

    // A region whose blocks never go from one to another (a page's one hot loop, or a long
    // straight run that fills the region alone) would run each as its standalone block already
    // does, and V8 would compile that code a second time: hundreds of ms of its optimizing
    // compiler for a big block (ppc64le sha256's 82-instruction prologue). Kept when regions are
    // forced (regionTrigger 0: the tests of the region tier).
    if (!r.linked && this.regionTrigger > 0) {
      page.blockCalls = -(1 << 30);
      return false;
    }
    page.region = r.fn;
    page.regionMisses = 0;
    page.blockCalls = 0;
    inRegion.fill(0);
    for (const j of r.entries) inRegion[j] = 1;
    if (ch !== null) {
      ch.foreign = r.foreign.map((x) => x.base + x.start * 4);
      ch.live = r.live;
    }
    this.chainedBlocks += Math.max(0, r.foreign.length - known);
    // The foreign code must drop this region when it changes: its words count as compiled
    // (a store there drops its page's blocks, and with them this region).
    for (const x of r.foreign) {
      const q = x.page;
      const qc = q.chain ?? (q.chain = new Chain());
      if (!qc.dependents.includes(page)) qc.dependents.push(page);
      q.covered!.fill(1, x.start, x.end);
    }
    this.compiledRegions++;
    return true;
  }
}
