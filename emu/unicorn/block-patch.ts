// The budget's count inlined into translated blocks (x86-64 hosts; docs/unicorn.md, "A thread
// computing while another sleeps").
//
// A counted run calls the native block hook (binding.ts nativeBlockCount) at the start of every
// translated block: Unicorn 2.1 compiles the hook as a direct call from the block, five
// instructions of arguments and the call,
//   mov $uc,%edi; mov $address,%esi; mov $size,%edx; mov $state,%ecx; call *pool(%rip)
// and that call, not the hook's body, was most of the cost (a loop in a thread beside a timed
// sleeper: 0.85 s against 0.51 s without the hook; the hook reduced to a bare `ret`: 0.81 s).
// Unicorn has no inline counter to offer (its TBs never carry QEMU's CF_USE_ICOUNT), so the
// engine rewrites each such call site, in the instance's code buffer (QEMU 5's, read, write and
// execute), once the block has run, into the count itself and a call only when it runs out:
//   mov $state,%ecx; subq $k,(%rcx); jns 1f; mov $address,%esi; mov $k,%dl; call *pool(%rip); 1:
// k = max(1, size / 4), the cost the hook charges; the pool entry (the block's own constant)
// then holds the hook's second entry, which undoes the subtraction and decides as the first
// entry would have: the same stop at the same block, so budgets and every run stay as they were.
//
// Which sites: the hook's first entry keeps the return addresses of its last 64 calls; after a
// counted run the engine rewrites those. Every byte is checked against what is expected (the
// call's pool entry must hold the hook; uc and state are known values), so code at a reused
// address, or a form this parser does not know, is left alone and keeps calling the hook.
// Nothing runs while the bytes change: JavaScript patches only between uc_emu_start calls.
import { readFileSync } from 'node:fs';
import { BLOCK_STATE, hostView, type BlockCounter, type Ptr } from './binding.js';

/** Read, write and execute mappings of this process (QEMU's code buffers among them), in order. */
function rwxRanges(): [number, number][] {
  const out: [number, number][] = [];
  for (const line of readFileSync('/proc/self/maps', 'utf8').split('\n')) {
    const m = /^([0-9a-f]+)-([0-9a-f]+) rwx/.exec(line);
    if (m) out.push([parseInt(m[1], 16), parseInt(m[2], 16)]);
  }
  return out;
}

/** Canonical x86 NOPs of 1 to 8 bytes. */
const NOPS: number[][] = [[], [0x90], [0x66, 0x90], [0x0f, 0x1f, 0x00], [0x0f, 0x1f, 0x40, 0x00],
  [0x0f, 0x1f, 0x44, 0x00, 0x00], [0x66, 0x0f, 0x1f, 0x44, 0x00, 0x00],
  [0x0f, 0x1f, 0x80, 0x00, 0x00, 0x00, 0x00], [0x0f, 0x1f, 0x84, 0x00, 0x00, 0x00, 0x00, 0x00]];

/** x86 register numbers of the hook's arguments. */
const RDI = 7, RSI = 6, RDX = 2, RCX = 1;

interface Mov { start: number; value: bigint }

/**
 * The register load of a constant that ends at `end` in `b`, in one of the position-independent
 * forms TCG's tcg_out_movi emits (mov $imm32,%r32; mov $simm32,%r64; movabs), or null.
 */
function movEndingAt(b: Uint8Array, dv: DataView, end: number, reg: number): Mov | null {
  if (end >= 5 && b[end - 5] === 0xb8 + reg) return { start: end - 5, value: BigInt(dv.getUint32(end - 4, true)) };
  if (end >= 7 && b[end - 7] === 0x48 && b[end - 6] === 0xc7 && b[end - 5] === 0xc0 + reg) {
    return { start: end - 7, value: BigInt(dv.getInt32(end - 4, true)) };
  }
  if (end >= 10 && b[end - 10] === 0x48 && b[end - 9] === 0xb8 + reg) return { start: end - 10, value: dv.getBigInt64(end - 8, true) };
  return null;
}

/** How far before a return address the call site is looked for (five loads of 10 bytes and the call). */
const WINDOW = 56;

export class BlockPatcher {
  private ranges: [number, number][] = [];
  /** Call sites looked at and left alone (bounded; cleared when full). */
  private readonly refused = new Set<number>();
  /** Call sites rewritten so far (what the tests look at). */
  patched = 0;

  constructor(private readonly bc: BlockCounter) {}

  /** Before a run of instance `uc`: its handle for the second entry, the callers' log emptied. */
  arm(uc: Ptr): void {
    const w = this.bc.words;
    w[BLOCK_STATE.uc] = uc;
    w[BLOCK_STATE.calls] = 0n;
  }

  /** After a run of instance `uc`: rewrite the call sites the hook saw. */
  patchCallers(uc: Ptr): void {
    const w = this.bc.words;
    const n = Math.min(Number(w[BLOCK_STATE.calls]), BLOCK_STATE.ring);
    w[BLOCK_STATE.calls] = 0n;
    let last = -1;
    for (let i = 0; i < n; i++) {
      const ret = Number(w[BLOCK_STATE.callers + i]);
      if (ret === last || this.refused.has(ret)) continue;
      last = ret;
      if (!this.patch(ret, uc)) {
        if (this.refused.size >= 4096) this.refused.clear();
        this.refused.add(ret);
      }
    }
  }

  /** Whether [p, p + len) lies in one read+write+execute mapping (a code buffer); maps re-read once if not. */
  private within(p: number, len: number): boolean {
    for (let again = 0; again < 2; again++) {
      for (const [lo, hi] of this.ranges) if (p >= lo && p + len <= hi) return true;
      if (again === 0) this.ranges = rwxRanges();
    }
    return false;
  }

  /** Rewrite the call that returns to `ret`, if it is the hook's call from a block of `uc`. */
  private patch(ret: number, uc: Ptr): boolean {
    if (!Number.isSafeInteger(ret) || !this.within(ret - WINDOW, WINDOW)) return false;
    const base = ret - WINDOW;
    const b = new Uint8Array(hostView(BigInt(base), WINDOW));
    const dv = new DataView(b.buffer, b.byteOffset, WINDOW);
    // call *disp32(%rip), whose pool entry holds the hook.
    const end = WINDOW;
    if (b[end - 6] !== 0xff || b[end - 5] !== 0x15) return false;
    const pool = ret + dv.getInt32(end - 4, true);
    if (pool <= ret || pool - ret > 1 << 16 || !this.within(pool, 8)) return false;
    const poolView = new BigInt64Array(hostView(BigInt(pool), 8));
    if (BigInt.asUintN(64, poolView[0]) !== this.bc.fn) return false;
    const state = movEndingAt(b, dv, end - 6, RCX);
    if (!state || BigInt.asUintN(64, state.value) !== this.bc.state) return false;
    const size = movEndingAt(b, dv, state.start, RDX);
    if (!size) return false;
    const address = movEndingAt(b, dv, size.start, RSI);
    if (!address) return false;
    const ucMov = movEndingAt(b, dv, address.start, RDI);
    if (!ucMov || BigInt.asUintN(64, ucMov.value) !== uc) return false;
    const k = Math.max(1, Number(size.value) >> 2);
    if (k > 127) return false;
    const stateBytes = b.slice(state.start, end - 6);
    const addressBytes = b.slice(address.start, size.start);
    const tail = [...addressBytes, 0xb2, k, ...b.slice(end - 6, end)];
    const code = [...stateBytes, 0x48, 0x83, 0x29, k, 0x79, tail.length, ...tail];
    const pad = end - ucMov.start - code.length;
    if (pad < 0 || pad >= NOPS.length) return false;
    // The pool entry first: the rewritten call goes to the second entry.
    poolView[0] = BigInt.asIntN(64, this.bc.slow);
    b.set([...NOPS[pad], ...code], ucMov.start);
    this.patched++;
    return true;
  }
}

const patchers = new WeakMap<BlockCounter, BlockPatcher>();

/**
 * The patcher of a block counter (one per library, as the counter), or null when
 * TRICORN_UC_COUNT=block keeps every block calling the hook (to compare).
 */
export function patcherFor(bc: BlockCounter, env: NodeJS.ProcessEnv = process.env): BlockPatcher | null {
  if (env.TRICORN_UC_COUNT === 'block') return null;
  let p = patchers.get(bc);
  if (!p) patchers.set(bc, p = new BlockPatcher(bc));
  return p;
}
