// Guest memory for the PPC64 engine: the mappings are a list of ranges with a protection each
// (emu/vma.ts), and 4 KiB pages of storage exist only once touched, grouped in 1 MiB chunks of
// page slots; so a mapping of any size costs one record until used, and every page made is
// charged to the run's memory budget. Loads and stores go through two small direct-mapped TLBs
// (one for readable pages, one for writable pages that hold no decoded code), so the common case
// is a tag compare and a DataView access. Pages that hold decoded instructions never sit in the
// write TLB: their stores take the slow path, which drops the decoded slots they overwrite —
// that is what keeps self-modifying code (and the loader, and read(2) into code) exact.
//
// Addresses are JS numbers. A 64-bit effective address at or above 2^53 (or "negative",
// from a high word with its top bit set) can never be mapped, so it simply misses.

import { EngineError, PROT_EXEC, PROT_READ, PROT_WRITE, unlimitedBudget } from '../engine.js';
import type { MemoryBudget, MemRegion } from '../engine.js';
import { backedKeysIn, VmaList, type SharedBacking } from '../vma.js';
import type { FaultKind } from '../engine.js';
import { FHI, FLO, type Op } from './cpu.js';
import type { Block, Live, RegionFn } from './jit.js';

export const PAGE_SHIFT = 12;
export const PAGE_SIZE = 1 << PAGE_SHIFT;
const PAGE_MASK = PAGE_SIZE - 1;
const CHUNK_SHIFT = 20;
const CHUNK_SIZE = 1 << CHUNK_SHIFT;
const PAGES_PER_CHUNK = CHUNK_SIZE / PAGE_SIZE;
/** Set in a page's prot byte when the page is mapped at all (prot itself may be 0). */
const MAPPED = 8;
/**
 * Entries in each TLB (direct-mapped by page number). 4096 pages (16 MiB) so that a program
 * sweeping an array of a few MiB with a stride (a sieve, a merge sort's runs) keeps its pages
 * in the TLB: at 256, the 10M sieve missed about once per store pass over each page, a million
 * slow-path stores (a mapping search and a chunk Map lookup each).
 */
const TLB_SIZE = 4096;
/** The TLB index of a page number (generated code inlines `pn & TLB_MASK`: jit-mem.ts). */
export const TLB_MASK = TLB_SIZE - 1;
const MAX_ADDR = 2 ** 53;
/** Kernel copies (copyOut, copyIn) of at most this many bytes in a page go byte by byte. */
const SMALL_COPY = 16;
/** An empty TLB slot: not an integer, so no page number (not even -1) ever matches it. */
const NO_PAGE = -0.5;

export class Page {
  readonly bytes: Uint8Array;
  readonly view: DataView;
  /** Decoded instructions by word index, or null while the page has never been executed. */
  code: (Op | undefined)[] | null = null;
  /**
   * The pages (this one included) that hold this same `code` array: a fork's copy of a page
   * shares its parent's decoded instructions (Memory.clone), as long as neither changes a slot
   * of them but by decoding (ownCode); null when the array is this page's alone.
   */
  codeHolders: Page[] | null = null;
  /** Compiled blocks by start word index (jit.ts), entry counts, and words they cover. */
  blocks: (Block | undefined)[] | null = null;
  hits: Uint16Array | null = null;
  covered: Uint8Array | null = null;
  /** The page's region function (jit.ts), the words where it can be entered, and how many
   * standalone block calls happened since it was last built. */
  region: RegionFn | null = null;
  inRegion: Uint8Array | null = null;
  blockCalls = 0;
  /** Region builds in a row that built nothing: each waits longer for the next (buildRegion). */
  regionMisses = 0;
  /** A page of shared memory (SharedPages): charged to the budget there, never copied by fork. */
  shared = false;
  /**
   * Memories whose chunks hold this (private) page: more than one after a fork shared it copy on
   * write (Memory.clone). Such a page never holds decoded code and never sits in a write TLB;
   * the first store, kernel write or fetch of it in one of them gives that one a copy (own).
   */
  holders = 1;
  /** Cross-page chaining (engine.ts: noteExit), made when the page's code first calls out. */
  chain: Chain | null = null;
  /**
   * `bytes`: the page's storage (zero when new), by default a buffer of its own; `view`, a
   * DataView of exactly those bytes when the caller has one (storage from the free list).
   */
  constructor(bytes: Uint8Array = new Uint8Array(PAGE_SIZE), view?: DataView) {
    this.bytes = bytes;
    this.view = view ?? new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
  }
}

/**
 * What ties a page's region to other pages' code: a region may hold blocks of another page (a
 * function its code calls through a pointer, say: jit.ts compileRegion), reached by a jump
 * inside the generated function, with no fetch from that page.
 */
/**
 * An empty array whose elements are doubles (V8's PACKED_DOUBLE_ELEMENTS), for guest addresses
 * the run loop collects (Chain.exitPc). An array literal starts as small integers and turns to
 * doubles at the first address that is not one, which is another hidden class: the run loop's
 * optimized code, which calls exitPc.indexOf, was thrown away when a page's list first held
 * the other kind ('wrong map'). Unoptimized code reads a Cpu's npc as a double (a heap
 * number: its field holds doubles once any address is beyond 2^30), optimized code as a small
 * integer when it fits: the warm-up's lists were of doubles, the real program's of small
 * integers (ppc64 micro 'thread 1000' compiled run() a second time for it). A double array
 * stays one whatever is pushed.
 */
export function addressList(): number[] {
  const a = [0.5];
  a.pop();
  return a;
}

export class Chain {
  /** Addresses of the other pages' blocks this page's region holds, and that region's validity. */
  foreign: number[] = [];
  live: Live | null = null;
  /** Pages whose region holds blocks of this page's code: dropped with this page's code. */
  dependents: Page[] = [];
  /** Call targets outside the page and their counts since the region was last rebuilt for
   * them, and the calls counted (-1: no longer counted); rebuilds done for them. */
  exitPc: number[] = addressList();
  exitHits: number[] = [];
  exits = 0;
  follows = 0;
}

/**
 * Drop the regions of other pages that hold blocks of p's code: that code is changing or going
 * (a store into it, mprotect, munmap), and those regions run it without fetching it.
 */
export function dropDependents(p: Page): void {
  const ch = p.chain;
  if (ch === null || ch.dependents.length === 0) return;
  const d = ch.dependents;
  ch.dependents = [];
  for (const q of d) {
    q.region = null;
    if (q.inRegion !== null) q.inRegion.fill(0);
    q.blockCalls = 0;
    q.regionMisses = 0;
    if (q.chain !== null) dropForeign(q.chain);
  }
}

/**
 * The page's region, which held these foreign blocks, is gone (its calls are still counted, and
 * followed again if the engine's rebuilds for them are not used up).
 */
function dropForeign(ch: Chain): void {
  ch.foreign = [];
  if (ch.live !== null) ch.live.ok = false;
  ch.live = null;
}

/**
 * Forget everything the engine made of a page's code: its decoded instructions and, through
 * dropBlocks, its compiled blocks and region (mprotect: a page losing PROT_EXEC faults at the
 * next fetch, and one that keeps it is decoded and compiled afresh, with its region counts
 * starting again from zero).
 */
export function forgetCode(p: Page): void {
  dropBlocks(p);
  leaveCode(p);
  p.code = null;
}

/**
 * Share page p's decoded instructions with q, a fork's copy of it (same bytes). Decoding is a
 * function of the word and its address alone, so a slot either decodes is right for both while
 * their bytes are the same; every store to a page with code takes the slow path, which gives
 * the other holders copies first (ownCode). So the child of a fork does not decode again the
 * code it runs (fork's return, _exit): decoding was ~8% of the CPU profile of ppc64 micro
 * 'fork 500'.
 */
function shareCode(p: Page, q: Page): void {
  const h = p.codeHolders ?? (p.codeHolders = [p]);
  h.push(q);
  q.code = p.code;
  q.codeHolders = h;
}

/**
 * Before p's decoded slots change other than by decoding (a store into the page): every other
 * page holding the same array gets a copy of it, and p keeps the array itself (the run loop of
 * p's engine may be walking it: engine.ts run keeps the page's array in a local).
 */
function ownCode(p: Page): void {
  const h = p.codeHolders;
  if (h === null) return;
  for (const q of h) {
    q.codeHolders = null;
    if (q !== p && q.code === p.code) q.code = p.code!.slice();
  }
}

/** p's decoded instructions are going (the page is, or its code is forgotten): p leaves its holders. */
function leaveCode(p: Page): void {
  const h = p.codeHolders;
  if (h === null) return;
  p.codeHolders = null;
  h.splice(h.indexOf(p), 1);
  if (h.length === 1) h[0].codeHolders = null;
}

/**
 * Discard every compiled block of a page (a store hit code a block was built from), the
 * regions of other pages that hold its blocks, and its own region with its build count (a
 * page whose region was full stops counting for a rebuild: engine.ts buildRegion).
 */
export function dropBlocks(p: Page): void {
  dropDependents(p);
  if (p.chain !== null) dropForeign(p.chain);
  if (p.blocks !== null) p.blocks.fill(undefined);
  if (p.covered !== null) p.covered.fill(0);
  if (p.hits !== null) p.hits.fill(0);
  if (p.inRegion !== null) p.inRegion.fill(0);
  p.region = null;
  p.blockCalls = 0;
  p.regionMisses = 0;
}

/** True when compiled code of page p was built from a word of bytes [off, off + n). */
function coversAny(p: Page, off: number, n: number): boolean {
  const cov = p.covered;
  if (cov === null) return false;
  for (let w = off >> 2; w <= (off + n - 1) >> 2; w++) if (cov[w] !== 0) return true;
  return false;
}

/**
 * MAP_SHARED memory: its pages, made on first touch and charged to the budget once, are the
 * very Page objects every address space mapping them holds in its chunks.
 */
export class SharedPages implements SharedBacking {
  refs = 0;
  private pages: (Page | null)[];
  private made = 0;
  constructor(readonly size: number, private readonly budget: MemoryBudget) {
    this.pages = new Array(size / PAGE_SIZE).fill(null);
  }

  resident(): number { return this.made * PAGE_SIZE; }

  /** Page i if it was made. */
  peek(i: number): Page | null {
    return this.pages[i] ?? null;
  }

  /** Page i, made (zero) if needed; null when the budget cannot hold it. */
  page(i: number): Page | null {
    let p = this.pages[i];
    if (p) return p;
    if (this.budget.used + PAGE_SIZE > this.budget.limit) return null;
    this.budget.used += PAGE_SIZE;
    this.made++;
    p = this.pages[i] = new Page();
    p.shared = true;
    return p;
  }

  /**
   * Call f(page index, offset in it, bytes, bytes before) for each page piece of [offset,
   * offset+len), in order, until f returns false; false if it did.
   */
  private pieces(offset: number, len: number, f: (i: number, o: number, n: number, done: number) => boolean): boolean {
    for (let done = 0; done < len;) {
      const at = offset + done, o = at % PAGE_SIZE, n = Math.min(PAGE_SIZE - o, len - done);
      if (!f(Math.floor(at / PAGE_SIZE), o, n, done)) return false;
      done += n;
    }
    return true;
  }

  read(offset: number, dst: Uint8Array): void {
    this.pieces(offset, dst.length, (i, o, n, done) => {
      const p = this.peek(i);
      if (p) dst.set(p.bytes.subarray(o, o + n), done);
      else dst.fill(0, done, done + n);
      return true;
    });
  }

  write(offset: number, src: Uint8Array): boolean {
    return this.pieces(offset, src.length, (i, o, n, done) => {
      const p = this.page(i);
      if (!p) return false;
      // Code made from this page (by any address space mapping it) is stale now, as after a store.
      if (p.code !== null) forgetCode(p);
      p.bytes.set(src.subarray(done, done + n), o);
      return true;
    });
  }

  /** Pages never made read as zero already and stay unmade; made ones are cleared in place. */
  zero(offset: number, len: number): void {
    this.pieces(offset, len, (i, o, n) => {
      const p = this.peek(i);
      if (p) {
        if (p.code !== null) forgetCode(p);
        p.bytes.fill(0, o, o + n);
      }
      return true;
    });
  }

  release(): void {
    this.budget.used -= this.made * PAGE_SIZE;
    this.made = 0;
    this.pages = [];
  }
}

/** The page slots of one 1 MiB chunk; only chunks with a touched page exist. */
class Chunk {
  readonly pages: (Page | null)[] = new Array(PAGES_PER_CHUNK).fill(null);
  /** Number of pages made, so empty chunks can be dropped. */
  count = 0;
}

let emptySlots: { views: DataView[]; pages: Page[] } | null = null;

/**
 * What a TLB slot holds while its tag is NO_PAGE (never read: no page number matches), made once
 * per process and copied into each set of TLBs. Pushing 3 x 4096 slots one at a time cost about
 * 2 ms a set at start-up, where slice() is a copy. Doubled by concat, the arrays stay packed, as
 * pushing left them (what the compiled blocks' TLB loads are fastest on), unlike
 * `new Array(n).fill()`.
 */
function emptyTlbSlots(): { views: DataView[]; pages: Page[] } {
  if (emptySlots === null) {
    let views = [new DataView(new ArrayBuffer(8))];
    let pages = [new Page(new Uint8Array(0))];
    while (views.length < TLB_SIZE) {
      views = views.concat(views);
      pages = pages.concat(pages);
    }
    emptySlots = { views, pages };
  }
  return emptySlots;
}

/** The TLBs of a Memory (see Memory.rTag). */
interface Tlbs {
  rTag: Float64Array; rView: DataView[];
  wTag: Float64Array; wView: DataView[];
  xTag: Float64Array; xPage: Page[];
}

/**
 * A set of TLBs is 96 KiB of Float64Arrays (memory outside V8's heap, which its collector frees
 * only after their total has grown enough) and 96 KiB of arrays: a fork made a set for the child
 * and one for the closed engine's fresh Memory, and left both to the collector when the child was
 * reaped. So a Memory that maps nothing shares NO_TLBS (every tag NO_PAGE; nothing fills a slot
 * of a page that is not mapped, and a Memory takes a set of its own before its first fill:
 * ownTlbs), and a released Memory's set, emptied, goes to a short free list for the next one.
 */
let noTlbs: Tlbs | null = null;
const freeTlbs: Tlbs[] = [];
const FREE_TLBS_MAX = 4;

function newTlbs(): Tlbs {
  const e = emptyTlbSlots();
  const tag = () => new Float64Array(TLB_SIZE).fill(NO_PAGE);
  return { rTag: tag(), rView: e.views.slice(), wTag: tag(), wView: e.views.slice(), xTag: tag(), xPage: e.pages.slice() };
}

function sharedNoTlbs(): Tlbs {
  return noTlbs ??= newTlbs();
}

/**
 * Page storage is carved out of buffers of SLAB_PAGES pages. An ArrayBuffer per page is slow to
 * make (its backing store, its external-memory accounting: 2,500 page buffers and views took
 * ~60 ms here, against ~5 ms carved from slabs), and a 10M-byte sieve makes 2,500 pages.
 *
 * Storage no address space holds any more (munmap, MADV_DONTNEED, an address space released at
 * exit or execve) goes to one free list shared by every Memory of the process, and a new page
 * (a fork's copy included) takes from it before carving: a process that forks and reaps 2,000
 * children (243 pages each, for a static glibc child) then reuses one child's storage for the
 * next, instead of leaving ~1 MiB per fork for V8's collector to find (it collects array
 * buffers only when their external-memory total has grown, so the peak RSS of such a run was
 * whatever had piled up by then: 144-210 MiB). The slab being carved is shared too, so a
 * released address space leaves no half-used slab of its own behind.
 *
 * A free page keeps its whole slab alive, so the list is bounded (FREE_MAX pages, 4 MiB); storage
 * beyond it is left to the collector. Storage from the list is zeroed when it becomes a new
 * page (a copy overwrites it whole instead), so nothing of an earlier address space shows.
 *
 * The list keeps each storage's DataView with it (freeViews), and a page made of it takes that
 * view instead of a new one: a DataView is slow to make (a C++ builtin, an object with an
 * external pointer), and a fork makes one per page of the child, ~240 for a static glibc
 * process: Page's constructor was 6% of the CPU profile of ppc64 micro 'fork 500'.
 */
const SLAB_PAGES = 32;
const FREE_MAX = 1024;
const freeStorage: Uint8Array[] = [];
/** freeStorage[i]'s DataView (the page's that gave it back). */
const freeViews: DataView[] = [];
let slab: ArrayBuffer | null = null;
let slabUsed = SLAB_PAGES;

/** Storage for a new page. */
interface Storage {
  /** Undefined bytes (from the free list) unless fresh from a slab (zero). */
  bytes: Uint8Array;
  fresh: boolean;
  /** A DataView of exactly `bytes` (storage from the free list), else undefined. */
  view: DataView | undefined;
}

function takeStorage(): Storage {
  const s = freeStorage.pop();
  if (s !== undefined) return { bytes: s, fresh: false, view: freeViews.pop() };
  if (slabUsed === SLAB_PAGES) {
    slab = new ArrayBuffer(SLAB_PAGES * PAGE_SIZE);
    slabUsed = 0;
  }
  return { bytes: new Uint8Array(slab!, slabUsed++ * PAGE_SIZE, PAGE_SIZE), fresh: true, view: undefined };
}

/** Give a page's storage (and its view) back: the page is gone from every address space. */
function freeStorageOf(p: Page): void {
  if (freeStorage.length < FREE_MAX) {
    freeStorage.push(p.bytes);
    freeViews.push(p.view);
  }
}

/** Pages on the free list now (tests). */
export function freePages(): number {
  return freeStorage.length;
}

/** Thrown (one shared object) when a guest access faults; the engine's run loop catches it. */
export const GUEST_FAULT = { guestFault: true };

/**
 * Thrown (one shared object) by a guest store, before it writes anything, when it would change
 * words that compiled code was built from: the page's blocks and region (and other pages'
 * regions holding them) are dropped first, and the engine's run loop, which catches it as it
 * catches a fault, runs the store again at once, from the same registers (engine.ts run): it
 * then finds no compiled code there and stores. So generated code that is running, a region
 * going on to another of its blocks or a block looping on itself, never runs words older than
 * a store it made (the store leaves it, like a fault: registers stored back, the store's
 * position recorded), and the rest of a block after such a store runs from the new words too.
 * Before the store, not after: a store-conditional that had written would report failure when
 * run again (its reservation gone), and a store with update would update its base twice.
 */
export const CODE_CHANGED = { codeChanged: true };

export class Memory {
  readonly le: boolean;
  /** What is mapped, and with which prot. */
  private readonly vmas = new VmaList();
  /** Storage of touched pages, by chunk number. */
  private readonly chunks = new Map<number, Chunk>();
  /** Host memory the run's pages may take (shared with clones). */
  budget: MemoryBudget;
  /** Bytes of touched pages now, and the most at once (ru_maxrss). */
  resident = 0;
  peak = 0;

  // Read TLB: pages with PROT_READ. Write TLB: pages with PROT_WRITE and no decoded code.
  // Public (read-only outside this class, by convention) because compiled blocks inline their
  // hit paths (jit-gen.ts; they take the arrays from the Memory at each call). NO_TLBS until
  // the first fill (ownTlbs), and again after release.
  rTag: Float64Array;
  rView: DataView[];
  wTag: Float64Array;
  wView: DataView[];
  // Fetch TLB: executable pages (their Page, code array made), so that a jump to another page
  // costs a tag compare instead of a mapping lookup and a chunk Map lookup.
  private xTag: Float64Array;
  private xPage: Page[];

  /** See CpuEngine.onUnmapped: asked before an access to an unmapped address faults. */
  onUnmapped: ((addr: number) => boolean) | null = null;

  /** Set just before GUEST_FAULT is thrown. */
  faultKind: FaultKind = 'read-unmapped';
  faultAddr = 0;

  constructor(le: boolean, budget: MemoryBudget = unlimitedBudget()) {
    this.le = le;
    this.budget = budget;
    const t = sharedNoTlbs();
    this.rTag = t.rTag; this.rView = t.rView;
    this.wTag = t.wTag; this.wView = t.wView;
    this.xTag = t.xTag; this.xPage = t.xPage;
  }

  /** Before a TLB slot is filled: TLBs of this Memory's own instead of the shared empty ones. */
  private ownTlbs(): void {
    if (this.rTag !== sharedNoTlbs().rTag) return;
    const t = freeTlbs.pop() ?? newTlbs();
    this.rTag = t.rTag; this.rView = t.rView;
    this.wTag = t.wTag; this.wView = t.wView;
    this.xTag = t.xTag; this.xPage = t.xPage;
  }

  /** Give this Memory's TLBs (emptied) to the free list; it has the shared empty ones again. */
  private dropTlbs(): void {
    const none = sharedNoTlbs();
    if (this.rTag === none.rTag) return;
    // Every slot is empty already: a slot only holds a page of the chunks (see dropSlots), and
    // release() emptied those page by page (a few hundred pages instead of 3 x 4096 slots
    // filled twice, at every exit of a forked child).
    if (freeTlbs.length < FREE_TLBS_MAX) {
      freeTlbs.push({ rTag: this.rTag, rView: this.rView, wTag: this.wTag, wView: this.wView, xTag: this.xTag, xPage: this.xPage });
    }
    this.rTag = none.rTag; this.rView = none.rView;
    this.wTag = none.wTag; this.wView = none.wView;
    this.xTag = none.xTag; this.xPage = none.xPage;
  }

  // ---------------------------------------------------------------- page table

  private protOf(pn: number): number {
    return this.vmas.protAt(pn * PAGE_SIZE, MAPPED);
  }

  /** protOf for a guest access to `ea`: an unmapped page is first offered to onUnmapped. */
  private protOrGrow(pn: number, ea: number): number {
    const pr = this.protOf(pn);
    if (pr !== 0 || this.onUnmapped === null || !this.onUnmapped(ea)) return pr;
    return this.protOf(pn);
  }

  /** Offer the start of a kernel access that is not wholly mapped to onUnmapped. */
  private grow(addr: number): boolean {
    return this.onUnmapped !== null && addr >= 0 && addr < MAX_ADDR && this.vmas.find(addr) < 0 && this.onUnmapped(addr);
  }

  /** The page's storage, made (and charged to the budget) if needed; the page must be mapped. */
  private pageOf(pn: number): Page {
    const key = Math.floor(pn / PAGES_PER_CHUNK);
    let ch = this.chunks.get(key);
    if (ch === undefined) this.chunks.set(key, ch = new Chunk());
    const i = pn % PAGES_PER_CHUNK;
    let p = ch.pages[i];
    if (p === null) {
      const b = this.budget;
      const shared = this.vmas.sharedAt(pn * PAGE_SIZE);
      const sp = shared ? (shared.mem as SharedPages).page(shared.offset / PAGE_SIZE) : null;
      if (shared ? sp === null : b.used + PAGE_SIZE > b.limit) {
        if (ch.count === 0) this.chunks.delete(key);
        this.faultKind = 'out-of-memory';
        this.faultAddr = pn * PAGE_SIZE;
        throw GUEST_FAULT;
      }
      if (sp) p = sp;
      else {
        b.used += PAGE_SIZE;
        const s = takeStorage();
        // (Storage from the free list is zeroed: see SLAB_PAGES.)
        p = new Page(s.fresh ? s.bytes : s.bytes.fill(0), s.view);
      }
      ch.pages[i] = p;
      this.resident += PAGE_SIZE;
      if (this.resident > this.peak) this.peak = this.resident;
      ch.count++;
    }
    return p;
  }

  /**
   * Give this Memory a copy of page pn, which it shares copy on write with other Memories (see
   * Page.holders); the page is already charged to the budget. Its TLB slots held the shared page.
   */
  private own(pn: number): Page {
    const ch = this.chunks.get(Math.floor(pn / PAGES_PER_CHUNK))!;
    const i = pn % PAGES_PER_CHUNK;
    const p = ch.pages[i]!;
    const q = this.copyOf(p.bytes);
    p.holders--;
    ch.pages[i] = q;
    this.dropSlots(pn);
    this.layoutVersion++;
    return q;
  }

  /** A new page holding a copy of `bytes`. */
  private copyOf(bytes: Uint8Array): Page {
    const s = takeStorage();
    s.bytes.set(bytes);
    return new Page(s.bytes, s.view);
  }

  /** The page if it was ever touched, else null (reads as zeros). */
  private existing(pn: number): Page | null {
    const ch = this.chunks.get(Math.floor(pn / PAGES_PER_CHUNK));
    const p = ch === undefined ? null : ch.pages[pn % PAGES_PER_CHUNK];
    if (p !== null) return p;
    // A shared page another address space made is this one's too, linked or not yet.
    const s = this.vmas.sharedAt(pn * PAGE_SIZE);
    return s ? (s.mem as SharedPages).peek(s.offset / PAGE_SIZE) : null;
  }

  /** Changes whenever a page's storage may have gone (dropped or released): see hostBytes. */
  layoutVersion = 0;

  /**
   * The guest's bytes [addr, addr+len) in place (within one page, mapped readable and writable),
   * the page made if it was never touched; null otherwise or when the budget cannot hold it.
   * The view is the page's storage while layoutVersion keeps its value.
   */
  hostBytes(addr: number, len: number): Uint8Array | null {
    if (len <= 0 || Math.floor(addr / PAGE_SIZE) !== Math.floor((addr + len - 1) / PAGE_SIZE)) return null;
    if (!this.accessible(addr, len, MAPPED | PROT_READ | PROT_WRITE) || !this.fits(addr, len)) return null;
    const pn = Math.floor(addr / PAGE_SIZE), off = addr - pn * PAGE_SIZE;
    let p = this.pageOf(pn);
    if (p.holders > 1) p = this.own(pn);
    return p.bytes.subarray(off, off + len);
  }

  /** Drop the touched pages of [addr, addr+size) and give their memory back to the budget. */
  private dropPages(addr: number, size: number): void {
    this.layoutVersion++;
    for (const key of backedKeysIn(this.chunks, addr, size, CHUNK_SIZE)) {
      const ch = this.chunks.get(key)!;
      const lo = Math.max(addr, key * CHUNK_SIZE), hi = Math.min(addr + size, (key + 1) * CHUNK_SIZE);
      for (let a = lo; a < hi; a += PAGE_SIZE) {
        const i = (a / PAGE_SIZE) % PAGES_PER_CHUNK;
        const p = ch.pages[i];
        if (p !== null) {
          dropDependents(p);
          leaveCode(p);
          this.dropSlots(a / PAGE_SIZE);
          ch.pages[i] = null;
          ch.count--;
          // A shared page stays with its SharedPages (and its bytes with it: MADV_DONTNEED of
          // shared memory, as Linux's, reads the same bytes again).
          if (!p.shared) {
            this.budget.used -= PAGE_SIZE;
            if (--p.holders === 0) freeStorageOf(p);
          }
          this.resident -= PAGE_SIZE;
        }
      }
      if (ch.count === 0) this.chunks.delete(key);
    }
  }

  /**
   * Empty the TLB slots that hold page pn. A slot only ever holds a page this Memory's chunks
   * hold (every fill goes through pageOf), so a change to a range needs only its touched pages'
   * slots emptied: dropPages and protect do that page by page, and map needs nothing (a range
   * not mapped has no pages). Emptying all three TLBs instead (3 x 4096 slots) at each
   * munmap, MADV_DONTNEED and mprotect was a tenth of a PPC64 pthread create+join (glibc frees a
   * thread's stack with MADV_DONTNEED).
   */
  private dropSlots(pn: number): void {
    const i = pn & TLB_MASK;
    // (The view or page goes too: a slot would keep the page's storage alive.)
    if (this.rTag[i] === pn) { this.rTag[i] = NO_PAGE; this.rView[i] = emptyTlbSlots().views[0]; }
    if (this.wTag[i] === pn) { this.wTag[i] = NO_PAGE; this.wView[i] = emptyTlbSlots().views[0]; }
    if (this.xTag[i] === pn) { this.xTag[i] = NO_PAGE; this.xPage[i] = emptyTlbSlots().pages[0]; }
  }

  private checkRange(addr: number, size: number): void {
    if (!Number.isSafeInteger(addr) || !Number.isSafeInteger(size) || addr < 0 || size < 0 ||
        addr % PAGE_SIZE !== 0 || size % PAGE_SIZE !== 0 || addr + size > MAX_ADDR) {
      throw new EngineError(`bad range 0x${addr.toString(16)}+0x${size.toString(16)}`);
    }
  }

  map(addr: number, size: number, prot: number): void {
    this.checkRange(addr, size);
    if (size === 0) return;
    if (this.vmas.overlaps(addr, size)) throw new EngineError(`map 0x${addr.toString(16)}+0x${size.toString(16)} overlaps a mapping`);
    this.vmas.add(addr, size, prot & 7);
  }

  createShared(size: number): SharedPages {
    this.checkRange(0, size);
    return new SharedPages(size, this.budget);
  }

  mapShared(addr: number, size: number, prot: number, mem: SharedBacking, offset: number): void {
    this.checkRange(addr, size);
    if (size === 0) return;
    if (!(mem instanceof SharedPages) || offset % PAGE_SIZE) throw new EngineError('mapShared: not this engine\'s shared memory');
    if (this.vmas.overlaps(addr, size)) throw new EngineError(`map 0x${addr.toString(16)}+0x${size.toString(16)} overlaps a mapping`);
    this.vmas.add(addr, size, prot & 7, mem, offset);
  }

  sharedAt(addr: number): { mem: SharedBacking; offset: number } | null {
    return this.vmas.sharedAt(addr);
  }

  /** Unmapping pages that are not mapped is allowed (munmap semantics). */
  unmap(addr: number, size: number): void {
    this.checkRange(addr, size);
    if (size === 0) return;
    this.vmas.remove(addr, size);
    this.dropPages(addr, size);
  }

  /** MADV_DONTNEED: the range's pages read as zero again (the mapping stays). */
  discard(addr: number, size: number): void {
    this.checkRange(addr, size);
    this.dropPages(addr, size);
  }

  protect(addr: number, size: number, prot: number): void {
    this.checkRange(addr, size);
    if (size === 0) return;
    if (!this.vmas.accessible(addr, size, 0)) throw new EngineError(`protect of unmapped 0x${addr.toString(16)}+0x${size.toString(16)}`);
    this.vmas.setProt(addr, size, prot & 7);
    // Decoded code is dropped so that a page losing PROT_EXEC faults on the next fetch.
    for (const key of backedKeysIn(this.chunks, addr, size, CHUNK_SIZE)) {
      const ch = this.chunks.get(key)!;
      const lo = Math.max(addr, key * CHUNK_SIZE), hi = Math.min(addr + size, (key + 1) * CHUNK_SIZE);
      for (let a = lo; a < hi; a += PAGE_SIZE) {
        const p = ch.pages[(a / PAGE_SIZE) % PAGES_PER_CHUNK];
        if (p !== null) {
          forgetCode(p);
          this.dropSlots(a / PAGE_SIZE);
        }
      }
    }
  }

  regions(): MemRegion[] {
    return this.vmas.snapshot();
  }

  /**
   * A copy for a fork: the mappings, and every touched page's bytes. A page without decoded
   * code is shared copy on write (Page.holders: each Memory copies it at its first store, kernel
   * write or fetch there); a page with code is copied now, and shares its decoded instructions
   * with the parent's (shareCode), so the child neither copies the pages it only reads nor
   * decodes again the code it runs after the fork (a static glibc child: ~240 pages, of which it
   * writes a few dozen). The budget is charged for every page of the copy, as if copied (a
   * shared page is paid for by each holder, and given back by each). Compiled blocks are not
   * copied.
   */
  clone(): Memory {
    const m = new Memory(this.le, this.budget);
    m.vmas.copyFrom(this.vmas);
    let pages = 0;
    for (const ch of this.chunks.values()) for (const p of ch.pages) if (p !== null && !p.shared) pages++;
    if (this.budget.used + pages * PAGE_SIZE > this.budget.limit) {
      m.vmas.clear();
      throw new EngineError('out of memory: the memory budget cannot hold a copy of this address space');
    }
    for (const [key, ch] of this.chunks) {
      const c2 = new Chunk();
      c2.count = ch.count;
      for (let i = 0; i < PAGES_PER_CHUNK; i++) {
        const p = ch.pages[i];
        if (p === null) continue;
        // Shared pages are the same objects in both (the child's stores are the parent's).
        if (p.shared) c2.pages[i] = p;
        else if (p.code === null) {
          p.holders++;
          c2.pages[i] = p;
          // The parent's stores to it must take the slow path (wPage) from now on.
          const pn = key * PAGES_PER_CHUNK + i, t = pn & TLB_MASK;
          if (this.wTag[t] === pn) { this.wTag[t] = NO_PAGE; this.wView[t] = emptyTlbSlots().views[0]; }
        } else {
          const q = m.copyOf(p.bytes);
          shareCode(p, q);
          c2.pages[i] = q;
        }
      }
      m.chunks.set(key, c2);
    }
    // The kernel's views of this Memory's pages (hostBytes: the vvar page's clock) may be of a
    // page now shared: it asks again, and gets a copy of its own.
    this.layoutVersion++;
    this.budget.used += pages * PAGE_SIZE;
    m.resident = m.peak = this.resident;
    return m;
  }

  /** Give every page back to the budget (the engine is closing). */
  release(): void {
    let pages = 0;
    for (const [key, ch] of this.chunks) {
      for (let i = 0; i < PAGES_PER_CHUNK; i++) {
        const p = ch.pages[i];
        if (p === null) continue;
        this.dropSlots(key * PAGES_PER_CHUNK + i);
        leaveCode(p);
        if (p.shared) continue;
        pages++;
        if (--p.holders === 0) freeStorageOf(p);
      }
    }
    this.budget.used -= pages * PAGE_SIZE;
    this.layoutVersion++;
    this.chunks.clear();
    this.vmas.clear();
    this.dropTlbs();
  }

  // ---------------------------------------------------------------- kernel access

  /** True when every byte of [addr, addr+len) is mapped with all bits of `need` (MAPPED: mapped at all). */
  private accessible(addr: number, len: number, need: number): boolean {
    if (!Number.isSafeInteger(addr) || !Number.isSafeInteger(len) || addr < 0 || len < 0 || addr + len > MAX_ADDR) return false;
    return this.vmas.accessible(addr, len, need & 7);
  }

  private copyOut(addr: number, len: number): Uint8Array {
    const out = new Uint8Array(len);
    const pn0 = Math.floor(addr / PAGE_SIZE), off0 = addr - pn0 * PAGE_SIZE;
    if (len <= SMALL_COPY && off0 + len <= PAGE_SIZE) {
      // A few bytes in one page (a 1-byte write(2), a struct field): copied one by one.
      // subarray() and set() cost more than such a copy (a typed array made, its species
      // looked up).
      const p = this.existing(pn0);
      if (p !== null) for (let k = 0; k < len; k++) out[k] = p.bytes[off0 + k];
      return out;
    }
    let done = 0;
    while (done < len) {
      const a = addr + done;
      const pn = Math.floor(a / PAGE_SIZE);
      const off = a - pn * PAGE_SIZE;
      const n = Math.min(len - done, PAGE_SIZE - off);
      const p = this.existing(pn);
      if (p !== null) out.set(p.bytes.subarray(off, off + n), done);
      done += n;
    }
    return out;
  }

  /** True when the budget can hold the pages [addr, addr+len) still needs (all-or-nothing writes). */
  private fits(addr: number, len: number): boolean {
    let missing = 0;
    for (let pn = Math.floor(addr / PAGE_SIZE), last = Math.floor((addr + len - 1) / PAGE_SIZE); pn <= last; pn++) {
      if (this.existing(pn) === null) missing += PAGE_SIZE;
    }
    return this.budget.used + missing <= this.budget.limit;
  }

  private copyIn(addr: number, data: Uint8Array): void {
    let done = 0;
    const len = data.length;
    while (done < len) {
      const a = addr + done;
      const pn = Math.floor(a / PAGE_SIZE);
      const off = a - pn * PAGE_SIZE;
      const n = Math.min(len - done, PAGE_SIZE - off);
      let p = this.pageOf(pn);
      if (p.holders > 1) p = this.own(pn);
      // (A few bytes one by one, as in copyOut.)
      if (n <= SMALL_COPY) for (let k = 0; k < n; k++) p.bytes[off + k] = data[done + k];
      else p.bytes.set(data.subarray(done, done + n), off);
      if (p.code !== null) this.dropCode(p, off, n);
      done += n;
    }
  }

  read(addr: number, len: number): Uint8Array | null {
    if (!this.accessible(addr, len, MAPPED | PROT_READ) && !(this.grow(addr) && this.accessible(addr, len, MAPPED | PROT_READ))) return null;
    return this.copyOut(addr, len);
  }

  write(addr: number, data: Uint8Array): boolean {
    const ok = (): boolean => this.accessible(addr, data.length, MAPPED | PROT_WRITE);
    if ((!ok() && !(this.grow(addr) && ok())) || !this.fits(addr, data.length)) return false;
    this.copyIn(addr, data);
    return true;
  }

  load(addr: number, data: Uint8Array): void {
    if (!this.accessible(addr, data.length, MAPPED)) {
      throw new EngineError(`load into unmapped memory at 0x${addr.toString(16)}`);
    }
    if (!this.fits(addr, data.length)) throw new EngineError('out of memory: the memory budget cannot hold the loaded bytes');
    this.copyIn(addr, data);
  }

  /** Read ignoring protection (trace hook, fault reports); null if unmapped. */
  peek(addr: number, len: number): Uint8Array | null {
    if (!this.accessible(addr, len, MAPPED)) return null;
    return this.copyOut(addr, len);
  }

  // ---------------------------------------------------------------- instruction fetch

  /** The page holding `pc`, with its decoded-code array, or throws a fetch fault. */
  fetchPage(pc: number): Page {
    const pn = Math.floor(pc / PAGE_SIZE);
    const x = pn & TLB_MASK;
    if (this.xTag[x] === pn) return this.xPage[x];
    const pr = pc >= 0 && pc < MAX_ADDR ? this.protOrGrow(pn, pc) : 0;
    if (pr === 0 || (pr & PROT_EXEC) === 0) {
      this.faultKind = pr === 0 ? 'fetch-unmapped' : 'fetch-protected';
      this.faultAddr = pc;
      throw GUEST_FAULT;
    }
    let p = this.pageOf(pn);
    // Decoded code lives only on a page of one address space (see Page.holders).
    if (p.holders > 1) p = this.own(pn);
    this.ownTlbs();
    if (p.code === null) {
      p.code = new Array(PAGE_SIZE / 4).fill(undefined);
      // From now on stores to this page must see the decoded slots: keep it out of the write TLB.
      const i = pn & TLB_MASK;
      if (this.wTag[i] === pn) { this.wTag[i] = NO_PAGE; this.wView[i] = emptyTlbSlots().views[0]; }
    }
    this.xTag[x] = pn;
    this.xPage[x] = p;
    return p;
  }

  /**
   * The page holding decoded code at pc when it is mapped executable now, else null: for the
   * region builder, which must neither fault nor grow a mapping (onUnmapped).
   */
  codePageAt(pc: number): Page | null {
    if (!(pc >= 0 && pc < MAX_ADDR)) return null;
    const pn = Math.floor(pc / PAGE_SIZE);
    if ((this.protOf(pn) & PROT_EXEC) === 0) return null;
    const p = this.existing(pn);
    return p !== null && p.code !== null ? p : null;
  }

  /** Forget the decoded instructions (and compiled blocks) overlapping [off, off+n) of a page. */
  private dropCode(p: Page, off: number, n: number): void {
    ownCode(p);
    const code = p.code!;
    const end = (off + n + 3) >> 2;
    let hitBlock = false;
    const cov = p.covered;
    for (let w = off >> 2; w < end; w++) {
      code[w] = undefined;
      if (cov !== null && cov[w] !== 0) hitBlock = true;
    }
    if (hitBlock) dropBlocks(p);
  }

  // ---------------------------------------------------------------- guest loads/stores

  /** Fill the read TLB for the page holding `ea`, or throw a read fault. */
  private rFill(ea: number): DataView {
    const pn = Math.floor(ea / PAGE_SIZE);
    const pr = ea >= 0 && ea < MAX_ADDR ? this.protOrGrow(pn, ea) : 0;
    if (pr === 0 || (pr & PROT_READ) === 0) {
      this.faultKind = pr === 0 ? 'read-unmapped' : 'read-protected';
      this.faultAddr = ea;
      throw GUEST_FAULT;
    }
    const p = this.pageOf(pn);
    this.ownTlbs();
    const i = pn & TLB_MASK;
    this.rTag[i] = pn;
    this.rView[i] = p.view;
    return p.view;
  }

  /** The page holding `ea` for a store, or throw a write fault. Fills the write TLB when it may. */
  private wPage(ea: number): Page {
    const pn = Math.floor(ea / PAGE_SIZE);
    const pr = ea >= 0 && ea < MAX_ADDR ? this.protOrGrow(pn, ea) : 0;
    if (pr === 0 || (pr & PROT_WRITE) === 0) {
      this.faultKind = pr === 0 ? 'write-unmapped' : 'write-protected';
      this.faultAddr = ea;
      throw GUEST_FAULT;
    }
    let p = this.pageOf(pn);
    if (p.holders > 1) p = this.own(pn);
    // A shared page stays out of the write TLB: another address space may decode code on it,
    // and only the slow path drops decoded slots a store overwrites.
    if (p.code === null && !p.shared) {
      this.ownTlbs();
      const i = pn & TLB_MASK;
      this.wTag[i] = pn;
      this.wView[i] = p.view;
    }
    return p;
  }

  /**
   * Fill the TLB (the write TLB when `write`) for the page holding `ea` when an access there
   * would find it at once: mapped with the right, its storage already made, and for a store a
   * page the write TLB may hold (see wPage). Nothing else: no fault, no growth of a mapping, no
   * page made. Generated code asks this ahead of a run of accesses that may not all happen
   * (jit-mem.ts: sharedProbe).
   */
  prefill(ea: number, write: boolean): void {
    if (!(ea >= 0 && ea < MAX_ADDR)) return;
    const pn = Math.floor(ea / PAGE_SIZE);
    if ((this.protOf(pn) & (write ? PROT_WRITE : PROT_READ)) === 0) return;
    const ch = this.chunks.get(Math.floor(pn / PAGES_PER_CHUNK));
    const p = ch === undefined ? null : ch.pages[pn % PAGES_PER_CHUNK];
    if (p === null || (write && (p.code !== null || p.shared || p.holders > 1))) return;
    this.ownTlbs();
    const i = pn & TLB_MASK;
    if (write) { this.wTag[i] = pn; this.wView[i] = p.view; } else { this.rTag[i] = pn; this.rView[i] = p.view; }
  }

  /** Slow-path read of n bytes (1..8) as an unsigned value split in two words (into rd). */
  private readSlow(ea: number, n: number): void {
    // Check every page the access touches before reading any byte.
    const endEa = ea + n - 1;
    this.rFill(ea);
    // A fault in the second page is reported at that page's first byte, the first one refused.
    if (Math.floor(endEa / PAGE_SIZE) !== Math.floor(ea / PAGE_SIZE)) this.rFill(endEa - (endEa % PAGE_SIZE));
    let lo = 0, hi = 0;
    for (let k = 0; k < n; k++) {
      const a = ea + k;
      const b = this.r8(a);
      // Byte k is the k-th most significant (BE) or least significant (LE) of the n bytes.
      const sh = this.le ? k : n - 1 - k;
      if (sh < 4) lo |= b << (sh * 8);
      else hi |= b << ((sh - 4) * 8);
    }
    this.rdLo = lo;
    this.rdHi = hi;
  }

  /** Result of readSlow / r64: low and high words. */
  rdLo = 0;
  rdHi = 0;
  /** A double and its two words in host order (FLO/FHI), for miss kind 9. */
  private readonly bits = new Float64Array(1);
  private readonly bitWords = new Int32Array(this.bits.buffer);
  /**
   * The 8 bytes a miss of kind 8 loaded, in the guest's byte order: compiled code reads the
   * double from here with the same DataView.getFloat64 that reads a page on a TLB hit
   * (jit-mem.ts rdF), so the value never passes through a return value or a variable that
   * could also hold something else, which V8 keeps as a heap number (an allocation per load).
   */
  readonly fx = new DataView(new ArrayBuffer(8));

  r8(ea: number): number {
    const pn = Math.floor(ea / PAGE_SIZE);
    const i = pn & TLB_MASK;
    const off = ea - pn * PAGE_SIZE;
    const v = this.rTag[i] === pn ? this.rView[i] : this.rFill(ea);
    return v.getUint8(off);
  }

  r16(ea: number): number {
    const pn = Math.floor(ea / PAGE_SIZE);
    const i = pn & TLB_MASK;
    const off = ea - pn * PAGE_SIZE;
    if (this.rTag[i] === pn && off <= PAGE_SIZE - 2) return this.rView[i].getUint16(off, this.le);
    this.readSlow(ea, 2);
    return this.rdLo;
  }

  /** 32-bit load, returned as int32 (callers zero- or sign-extend as they need). */
  r32(ea: number): number {
    const pn = Math.floor(ea / PAGE_SIZE);
    const i = pn & TLB_MASK;
    const off = ea - pn * PAGE_SIZE;
    if (this.rTag[i] === pn && off <= PAGE_SIZE - 4) return this.rView[i].getInt32(off, this.le);
    this.readSlow(ea, 4);
    return this.rdLo | 0;
  }

  /** 64-bit load into rdLo/rdHi (int32 each). */
  r64(ea: number): void {
    const pn = Math.floor(ea / PAGE_SIZE);
    const i = pn & TLB_MASK;
    const off = ea - pn * PAGE_SIZE;
    if (this.rTag[i] === pn && off <= PAGE_SIZE - 8) {
      const v = this.rView[i];
      if (this.le) {
        this.rdLo = v.getInt32(off, true);
        this.rdHi = v.getInt32(off + 4, true);
      } else {
        this.rdHi = v.getInt32(off, false);
        this.rdLo = v.getInt32(off + 4, false);
      }
      return;
    }
    this.readSlow(ea, 8);
    this.rdLo |= 0;
    this.rdHi |= 0;
  }

  /**
   * The TLB-miss path of compiled code (jit-mem.ts): load (kinds 0-3: 1, 2, 4, 8 bytes; the
   * 8-byte load leaves its high word in rdHi) or store (4-7: lo, and hi for 8 bytes); kinds 8
   * and 9 load and store 8 bytes as a double (the FPR forms: the bytes left in `fx`, or the
   * double given as lo), its 64 bits as they are; 10 and 11 prefill the read and the write TLB
   * (prefill). Any other kind does nothing: compiled code runs it on entry so V8 has seen this call.
   */
  miss(kind: number, ea: number, lo: number, hi: number): number {
    const bits = this.bits, words = this.bitWords;
    switch (kind) {
      case 8: this.r64(ea); this.fx.setInt32(this.le ? 4 : 0, this.rdHi, this.le); this.fx.setInt32(this.le ? 0 : 4, this.rdLo, this.le); return 0;
      case 9: bits[0] = lo; this.w64(ea, words[FLO], words[FHI]); return 0;
      case 0: return this.r8(ea);
      case 1: return this.r16(ea);
      case 2: return this.r32(ea);
      case 3: this.r64(ea); return this.rdLo;
      case 4: this.w8(ea, lo); return 0;
      case 5: this.w16(ea, lo); return 0;
      case 6: this.w32(ea, lo); return 0;
      case 7: this.w64(ea, lo, hi); return 0;
      case 10: this.prefill(ea, false); return 0;
      case 11: this.prefill(ea, true); return 0;
    }
    return 0;
  }

  /** Slow-path store of n bytes (1..8) from lo/hi, all pages checked first. */
  private writeSlow(ea: number, n: number, lo: number, hi: number): void {
    const endEa = ea + n - 1;
    const p0 = this.wPage(ea);
    const p1 = Math.floor(endEa / PAGE_SIZE) !== Math.floor(ea / PAGE_SIZE) ? this.wPage(endEa - (endEa % PAGE_SIZE)) : p0;
    const base0 = Math.floor(ea / PAGE_SIZE) * PAGE_SIZE;
    // Compiled code built from the words stored to: dropped, and the store made again (CODE_CHANGED).
    const off0 = ea - base0, n0 = Math.min(n, PAGE_SIZE - off0);
    const hit0 = coversAny(p0, off0, n0), hit1 = p1 !== p0 && coversAny(p1, 0, n - n0);
    if (hit0 || hit1) {
      if (hit0) dropBlocks(p0);
      if (hit1) dropBlocks(p1);
      throw CODE_CHANGED;
    }
    for (let k = 0; k < n; k++) {
      const sh = this.le ? k : n - 1 - k;
      const b = sh < 4 ? (lo >>> (sh * 8)) & 255 : (hi >>> ((sh - 4) * 8)) & 255;
      let off = ea + k - base0;
      let p = p0;
      if (off >= PAGE_SIZE) {
        off -= PAGE_SIZE;
        p = p1;
      }
      p.bytes[off] = b;
      if (p.code !== null) {
        ownCode(p);
        p.code[off >> 2] = undefined;
      }
    }
  }

  w8(ea: number, v: number): void {
    const pn = Math.floor(ea / PAGE_SIZE);
    const i = pn & TLB_MASK;
    const off = ea - pn * PAGE_SIZE;
    if (this.wTag[i] === pn) this.wView[i].setUint8(off, v);
    else this.writeSlow(ea, 1, v, 0);
  }

  w16(ea: number, v: number): void {
    const pn = Math.floor(ea / PAGE_SIZE);
    const i = pn & TLB_MASK;
    const off = ea - pn * PAGE_SIZE;
    if (this.wTag[i] === pn && off <= PAGE_SIZE - 2) this.wView[i].setUint16(off, v, this.le);
    else this.writeSlow(ea, 2, v, 0);
  }

  w32(ea: number, v: number): void {
    const pn = Math.floor(ea / PAGE_SIZE);
    const i = pn & TLB_MASK;
    const off = ea - pn * PAGE_SIZE;
    if (this.wTag[i] === pn && off <= PAGE_SIZE - 4) this.wView[i].setInt32(off, v, this.le);
    else this.writeSlow(ea, 4, v, 0);
  }

  w64(ea: number, lo: number, hi: number): void {
    const pn = Math.floor(ea / PAGE_SIZE);
    const i = pn & TLB_MASK;
    const off = ea - pn * PAGE_SIZE;
    if (this.wTag[i] === pn && off <= PAGE_SIZE - 8) {
      const v = this.wView[i];
      if (this.le) {
        v.setInt32(off, lo, true);
        v.setInt32(off + 4, hi, true);
      } else {
        v.setInt32(off, hi, false);
        v.setInt32(off + 4, lo, false);
      }
    } else {
      this.writeSlow(ea, 8, lo, hi);
    }
  }

  /** Raise an alignment fault at ea (load/store multiple and string forms in little-endian mode). */
  alignmentFault(ea: number): never {
    this.faultKind = 'alignment';
    this.faultAddr = ea;
    throw GUEST_FAULT;
  }

  /** Check that [ea, ea+n) is writable without writing (dcbz, stmw: all-or-nothing). */
  probeWrite(ea: number, n: number): void {
    for (let a = Math.floor(ea / PAGE_SIZE) * PAGE_SIZE; a < ea + n; a += PAGE_SIZE) this.wPage(Math.max(a, ea));
  }

  /** Check that [ea, ea+n) is readable. */
  probeRead(ea: number, n: number): void {
    for (let a = Math.floor(ea / PAGE_SIZE) * PAGE_SIZE; a < ea + n; a += PAGE_SIZE) this.rFill(Math.max(a, ea));
  }
}

export { PAGE_MASK };
