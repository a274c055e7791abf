// The system-call registers read and written in Unicorn's CPU state itself (QEMU's CPUArchState,
// in host memory) instead of through uc_reg_read_batch / uc_reg_write_batch: each of those is a
// koffi call (~60-130 ns with its BigInt handle and the library's per-register switch), and a
// trap made two or three of them (the number and arguments, the result, on s390x the pc). Read
// through a Uint32Array over the state they are plain loads and stores.
//
// Where each register lies is a property of the library file and the architecture, never
// assumed: it is found on a live instance by writing marker values with uc_reg_write and looking
// for them, then checked the other way (a value stored in memory must be what uc_reg_read
// returns). Only registers that are plain 64-bit words of the state qualify (a register kept in
// two places, or computed, is left to the API). The state is reached from struct uc_struct: the
// word of it that points to the block the state lies in (its CPU struct) is found the same way,
// its offsets are kept per library and architecture for the process, and every later instance is
// checked with a marker before its view is used. Anything that does not hold leaves those
// registers to the API, as before.

import { hostView, type LibC, type Ptr, type UcLib } from './binding.js';
import { UC_ERR_OK, UC_PROT_EXEC, UC_PROT_READ, UC_PROT_WRITE } from './consts.js';
import { rangeEnd, writableRanges } from './tlb.js';

/** Where the registers lie, for one library file and architecture. Byte offsets. */
export interface StateLayout {
  /** In struct uc_struct: the pointer to the block holding the CPU state. */
  readonly word: number;
  /**
   * In that block: where the view starts (the lowest register found) and its length: to the
   * highest register, then TAIL bytes more where the block goes on (fields the CPU writes, such as
   * the trap operand's word; never written through the view).
   */
  readonly start: number;
  readonly span: number;
  /** Unicorn register id -> its 32-bit word index in the view (low word; the high one follows). */
  readonly regs: ReadonlyMap<number, number>;
}

/** How far into the pointed-to block the registers are looked for (the state follows CPUState). */
const SEARCH = 128 * 1024;
/**
 * Words of uc_struct looked at first (byte offsets): where Unicorn 2.1.1 keeps `cpu` on every
 * architecture (found by tlb.ts too). Only an order: a block is taken for what it holds, and the
 * word for where it points. Reading a block the anchor is not in faults its untouched pages in
 * (tens of microseconds each here): looking at every word's block first cost 6-14 ms a process.
 */
const HINTS = [416];
/**
 * Bytes of the state the view covers past the highest register: where a CPU keeps what it
 * recorded of the trap just taken (QEMU s390x's int_svc_code lies 64 bytes past psw.addr, the pc),
 * found by findTrapOperand.
 */
const TAIL = 256;
/** Register values nothing else holds: [low, high] words. */
const MARKERS: readonly (readonly [number, number])[] = [
  [0x5eb0a7ed, 0x7a1c0be5], [0x3c6ef372, 0x6a09e667], [0xa54ff53a, 0x510e527f], [0x9b05688c, 0x1f83d9ab],
];

/** A scratch 16-byte native buffer for single register reads and writes, and a view of it. */
export interface Scratch { readonly ptr: Ptr; readonly words: Uint32Array }

function readReg(uc: UcLib, h: Ptr, id: number, s: Scratch): [number, number] {
  s.words.fill(0);
  uc.uc_reg_read(h, id, s.ptr);
  return [s.words[0], s.words[1]];
}

function writeReg(uc: UcLib, h: Ptr, id: number, s: Scratch, v: readonly [number, number]): void {
  s.words.fill(0);
  s.words[0] = v[0];
  s.words[1] = v[1];
  uc.uc_reg_write(h, id, s.ptr);
  // The scratch buffer is host memory too: a marker left in it would be found there.
  s.words.fill(0);
}

/**
 * The first 8-aligned word pair of `w` from `from` holding `v`, or -1. By the typed array's own
 * indexOf: this runs once per process, cold, where a JS loop over the 10-40 KiB looked at took
 * a millisecond or more.
 */
function find(w: Uint32Array, v: readonly [number, number], from = 0): number {
  for (let i = w.indexOf(v[0], from); i >= 0 && i + 1 < w.length; i = w.indexOf(v[0], i + 1)) {
    if (i % 2 === 0 && w[i + 1] === v[1]) return i;
  }
  return -1;
}

/** Whether word pair `i` of `w` holds `v`. */
const holds = (w: Uint32Array, i: number, v: readonly [number, number]): boolean => w[i] === v[0] && w[i + 1] === v[1];

/**
 * Whether word pair `i` of `w` is register `id` itself, both ways: a value written through the
 * API shows there, and one stored there is what the API reads. Puts `restore` back.
 */
function isRegister(uc: UcLib, h: Ptr, id: number, s: Scratch, w: Uint32Array, i: number, restore: readonly [number, number]): boolean {
  writeReg(uc, h, id, s, MARKERS[1]);
  let ok = holds(w, i, MARKERS[1]);
  if (ok) {
    w[i] = MARKERS[3][0];
    w[i + 1] = MARKERS[3][1];
    ok = holds(w, i, readReg(uc, h, id, s) as [number, number]) && holds(w, i, MARKERS[3]);
  }
  writeReg(uc, h, id, s, restore);
  return ok;
}

/**
 * Find the layout on `h`, a live instance (its registers are put back as they were). `ids` are
 * the registers wanted, every one 8 bytes wide; the first is the anchor the block is found by.
 * Those in `readOnly` are never written through the API (the pc: a pc write inside a hook makes
 * Unicorn restart its loop), only probed from memory. Returns null when the anchor is nowhere to
 * be found; registers that do not qualify are left out.
 */
export function findStateLayout(uc: UcLib, libc: LibC, h: Ptr, ids: readonly number[], readOnly: ReadonlySet<number>,
  s: Scratch): StateLayout | null {
  if (ids.length === 0) return null;
  const anchor = ids[0];
  const saved = readReg(uc, h, anchor, s);
  try {
    writeReg(uc, h, anchor, s, MARKERS[0]);
    const ranges = writableRanges();
    const ucWords = new Uint32Array(hostView(h, libc.malloc_usable_size(h) & ~7).slice(0));
    const pointers: number[] = [];
    for (let i = 0; i + 1 < ucWords.length; i += 2) {
      const p = ucWords[i] + ucWords[i + 1] * 0x1_0000_0000;
      pointers.push(p % 8 === 0 && p > 0xffff && Number.isSafeInteger(p) ? p : 0);
    }
    // The first block that holds the anchor gives its address...
    let marker = 0;
    const seen = new Set<number>();
    const order = [...HINTS.map((b) => b / 8).filter((i) => i < pointers.length), ...pointers.keys()];
    for (const p of order.map((i) => pointers[i])) {
      const end = p ? rangeEnd(ranges, p) : 0;
      if (end === 0 || seen.has(p)) continue;
      seen.add(p);
      const w = new Uint32Array(hostView(BigInt(p), Math.min(end - p, SEARCH) & ~7));
      const at = find(w, MARKERS[0]);
      if (at >= 0 && isRegister(uc, h, anchor, s, w, at, MARKERS[0])) { marker = p + 4 * at; break; }
    }
    if (marker === 0) return null;
    // ...and the word taken is the one pointing closest below it within one mapping: the CPU
    // struct's (a block before it would be farther; blocks do not overlap), by arithmetic alone.
    let word = -1, block = 0;
    pointers.forEach((p, i) => {
      if (p === 0 || p > marker || marker - p >= SEARCH || (word >= 0 && p <= block)) return;
      if (rangeEnd(ranges, p) > marker) { word = i * 8; block = p; }
    });
    if (word < 0) return null;
    // The other registers lie in the state the API saves in a uc_context, so within a context's
    // size of the anchor either way; the anchor must be the only copy there.
    const reach = uc.uc_context_size(h) & ~7;
    const from = Math.max(block, marker - reach);
    const win = new Uint32Array(hostView(BigInt(from), Math.min(marker + reach, rangeEnd(ranges, marker)) - from));
    const anchorAt = (marker - from) / 4;
    if (find(win, MARKERS[0]) !== anchorAt || find(win, MARKERS[0], anchorAt + 2) >= 0) return null;
    const found = new Map<number, number>([[anchor, anchorAt]]);
    for (const id of ids.slice(1)) {
      if (found.has(id)) continue;
      const at = readOnly.has(id) ? locateByValue(uc, h, id, s, win) : locate(uc, h, id, s, win);
      if (at >= 0) found.set(id, at);
    }
    const lo = Math.min(...found.values()), hi = Math.max(...found.values()) + 2;
    const regs = new Map([...found].map(([id, at]) => [id, at - lo]));
    const tail = Math.max(0, Math.min(TAIL, rangeEnd(ranges, marker) - (from + hi * 4))) & ~7;
    return { word, start: from - block + lo * 4, span: (hi - lo) * 4 + tail, regs };
  } finally {
    writeReg(uc, h, anchor, s, saved);
  }
}

/** Register `id`'s word index in `win`, or -1 if it is not one plain 64-bit word there. */
function locate(uc: UcLib, h: Ptr, id: number, s: Scratch, win: Uint32Array): number {
  const saved = readReg(uc, h, id, s);
  writeReg(uc, h, id, s, MARKERS[2]);
  const at = find(win, MARKERS[2]);
  const ok = at >= 0 && find(win, MARKERS[2], at + 2) < 0 && isRegister(uc, h, id, s, win, at, saved);
  writeReg(uc, h, id, s, saved);
  return ok ? at : -1;
}

/**
 * Register `id`'s word index in `win` found without writing it through the API: among the words
 * holding its value, the one whose change the API reads (each put back at once), or -1.
 */
function locateByValue(uc: UcLib, h: Ptr, id: number, s: Scratch, win: Uint32Array): number {
  const v = readReg(uc, h, id, s);
  for (let at = find(win, v), tries = 0; at >= 0 && tries < 16; at = find(win, v, at + 2), tries++) {
    win[at] = MARKERS[3][0];
    win[at + 1] = MARKERS[3][1];
    const back = readReg(uc, h, id, s);
    win[at] = v[0];
    win[at + 1] = v[1];
    if (holds(win, at, v) && back[0] === MARKERS[3][0] && back[1] === MARKERS[3][1]) return at;
  }
  return -1;
}

/**
 * The view of `h`'s registers by `layout`, or null when the instance does not match it (its
 * uc_struct too small, or the anchor register not where the layout says, both ways).
 */
export function stateView(uc: UcLib, libc: LibC, h: Ptr, layout: StateLayout, s: Scratch): Uint32Array | null {
  if (libc.malloc_usable_size(h) < layout.word + 8) return null;
  const p = new Uint32Array(hostView(h, layout.word + 8));
  const block = p[layout.word / 4] + p[layout.word / 4 + 1] * 0x1_0000_0000;
  if (block % 8 !== 0 || block <= 0xffff || !Number.isSafeInteger(block + layout.start + layout.span)) return null;
  // The word was found as this library's pointer to the block (uc->cpu), so it is one on every
  // instance; what must be checked is that the register is where the layout says.
  const [id, at] = layout.regs.entries().next().value as [number, number];
  const view = new Uint32Array(hostView(BigInt(block + layout.start), layout.span));
  const saved = readReg(uc, h, id, s);
  try {
    if (view[at] !== saved[0] || view[at + 1] !== saved[1]) return null;
    writeReg(uc, h, id, s, MARKERS[1]);
    if (view[at] !== MARKERS[1][0] || view[at + 1] !== MARKERS[1][1]) return null;
    view[at] = MARKERS[3][0];
    view[at + 1] = MARKERS[3][1];
    const back = readReg(uc, h, id, s);
    if (back[0] !== MARKERS[3][0] || back[1] !== MARKERS[3][1]) return null;
  } finally {
    writeReg(uc, h, id, s, saved);
  }
  return view;
}

/** Operand values the probe's trap instructions carry: distinct, none 0. */
const OPERANDS = [0x5a, 0xa5, 0x3c];

/**
 * The 32-bit word of a state view (by `layout`) where the CPU records the operand of a trap
 * instruction as it takes it (QEMU s390x: int_svc_code, the byte of `svc NR`), or -1. Found on
 * `h`, a scratch instance with nothing mapped (the caller closes it): `insn`, the guest's own trap
 * instruction, is run from a page at `base` with its operand byte (`offset`) set to each of
 * OPERANDS in turn and no hook to answer it (Unicorn stops at it, the operand recorded); the
 * word must hold each value after its run, and be the only one in the view that did.
 */
export function findTrapOperand(uc: UcLib, libc: LibC, h: Ptr, layout: StateLayout, s: Scratch,
  insn: Uint8Array, base: number, offset: number): number {
  const PAGE = 4096;
  if (offset >= insn.length || insn.length > 16) return -1;
  if (uc.uc_mem_map(h, base, PAGE, UC_PROT_READ | UC_PROT_WRITE | UC_PROT_EXEC) !== UC_ERR_OK) return -1;
  const view = stateView(uc, libc, h, layout, s);
  if (!view) return -1;
  let cands: number[] | null = null;
  for (let k = 0; k < OPERANDS.length; k++) {
    const v = OPERANDS[k], at = base + 16 * k;
    const code = insn.slice();
    code[offset] = v;
    if (uc.uc_mem_write(h, at, code, code.length) !== UC_ERR_OK) return -1;
    uc.uc_emu_start(h, at, at + code.length, 0, 1);
    const now: number[] = [];
    for (let i = 0; i < view.length; i++) if (view[i] === v && (cands === null || cands.includes(i))) now.push(i);
    cands = now;
  }
  return cands !== null && cands.length === 1 ? cands[0] : -1;
}
