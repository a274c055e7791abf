// Inline guest loads and stores for generated code (jit-gen.ts, jit-vec.ts): the Memory's TLB
// hit path as source text, falling back to the Memory on a miss.
//
// Two things keep V8's optimizing compiler fast and its code stable here:
//
// - No try/catch around generated code. A handler that must store every register back makes
//   all of them live at every operation that might throw (in V8's view, nearly every one), and
//   compiling that took hundreds of milliseconds per function on a loaded machine while the
//   code ran unoptimized meanwhile. Instead a guest fault is caught where it happens — in the
//   miss path below, or around a template that calls the Memory directly (`guard`) — kept in
//   `xe`, and the code breaks out to the label FAULT, after which the function records where
//   it stopped, stores its registers back and rethrows (jit.ts).
// - The miss path never shows the optimizing compiler a site it has never seen run: every call
//   and property store carries its own feedback slot, and optimized code reaching an empty one
//   throws itself away and runs unoptimized (allocating a heap number per address) until V8
//   compiles it again. So a miss passes its operands in variables of the enclosing scope
//   (stores to those carry no feedback) and runs the one getter `X.go` (loads of one name from
//   one variable share a slot, which the first miss that runs fills: MISS_WARM says why the
//   prologue no longer fills it ahead); the getter calls Memory.miss, one function for every
//   generated function.

/** Memory.miss kinds (`xk`): loads of 1, 2, 4, 8 bytes, stores of 1, 2, 4, 8 bytes, and an
 * 8-byte load and store of a double. */
export const MISS_NONE = -1;
const R8 = 0, R16 = 1, R32 = 2, R64 = 3, W8 = 4, W16 = 5, W32 = 6, W64 = 7, R64F = 8, W64F = 9, FILL_R = 10, FILL_W = 11;

/** The label of the block wrapping a generated function's body: `break FAULT` leaves on a fault. */
export const FAULT = 'F';

/**
 * Entries (and shared-probe heads) that run the miss path's getter for its type feedback. V8
 * gives a function its feedback vector once it has run about eight times its own bytecode
 * (--interrupt-budget-factor-for-feedback-allocation), so 64 leaves a wide margin. It was 1000:
 * each warm entry is a call of the getter and Memory.miss, and a run's generated functions made
 * so many (qsort: 71,000 of MISS_NONE and 21,000 prefills) that V8 compiled the getters and
 * miss() with its optimizing compiler again and again; at 64, 400k-int qsort took 3-5% less CPU
 * (1.66 to 1.59 s ppc64le, 1.71 to 1.65 s ppc64, medians of 6-8 alternating runs), sha256 1%.
 */
export const WARM_ENTRIES = 64;

/**
 * A miss's address, as `xa` (a double) with `xah` = NO_HALVES, or as halves (`xa` low word,
 * `xah` high word): the miss site only assigns variables (which carry no feedback) and the
 * getter does the arithmetic, so that the site holds no operation V8 has never seen run.
 */
const NO_HALVES = 0.5;

/**
 * Declarations at the top of the source that encloses a generated function. `var`, not `let` or
 * `const`: the generated function reads and assigns these as variables of an enclosing scope,
 * and V8 cannot prove such a `let` initialized, so each access carried a check for the
 * uninitialized value, a deoptimization point with a frame state of every live local: several
 * per memory access's miss path. As `var` (never uninitialized), the optimized code of qsort's
 * generated functions was 28% smaller (331 KB to 231 KB; deoptimization points 6,400 to 4,800),
 * and V8's optimizing compiler takes time with that size.
 */
export const MISS_SCOPE = `var xk = ${MISS_NONE}, xa = 0, xah = ${NO_HALVES}, xl = 0, xh = 0, xm = null, xe = null, xw = ${WARM_ENTRIES}, xv = ${WARM_ENTRIES};\n` +
  `var X = { get go() { try { return xm.miss(xk, xah === ${NO_HALVES} ? xa : xah * 4294967296 + (xa >>> 0), xl, xh); } catch (e) { xe = e; return 0; } } };`;
/**
 * Prologue statement of a generated function with a memory access: the Memory for the getter.
 * It also ran the getter at the function's first WARM_ENTRIES calls (with an address beyond
 * V8's small integers), which filled the feedback slot every `X.go` of the function shares:
 * V8 then compiled every miss site, and that warm-up branch, with the getter and its call of
 * Memory.miss inlined, into each optimized block and region. Without it, a miss site that has
 * not run when V8 optimizes the function is a deoptimization point (rule 1): smaller code, and
 * a miss first met later costs one deoptimization (misses come mostly before, as the TLB fills:
 * deoptimizations per run of the five bench programs unchanged within one). qsort's optimized
 * generated code went from 127 to 115 KB (`--print-opt-code`; docs/ppc64-jit.md, rule 11).
 */
export const MISS_WARM = 'xm = m;';
/** After `break FAULT`: take the fault out of `xe` (as `e`) for the next entry. */
export const FAULT_TAKE = 'const e = xe; xe = null;';

/** Run a miss of kind k (operands already in xa/xl/xh), then leave if it faulted. */
const miss = (k: number, result = '') => `xk = ${k}; ${result}X.go; if (xe !== null) break ${FAULT};`;

/** A template that calls the Memory directly: a fault there leaves through FAULT too. */
export function guard(body: string): string {
  return `try { ${body} } catch (e) { xe = e; break ${FAULT}; }`;
}

import { TLB_MASK } from './memory.js';

/**
 * A guest address as two int32 words: statements that bind the consts `el` (low word) and `eh`
 * (high word, signed), built by eaD/eaX below. Generated code keeps addresses in this form on
 * the hit path: a double `hi * 2^32 + lo` needs a floating-point divide and floor to find its
 * page, and `| 0`/Math.floor again to write an update form back; on the halves the page is
 * `el >>> 12`, the offset `el & 4095` and the tag a multiply-add (measured on the crc32 loop:
 * 40-55 ns per iteration with doubles, 14-18 ns with halves). The double is formed only on a miss.
 */
export type Ea = { readonly pair: string };

/** (RA|0) + d, RA given as its register-file index (0: the constant d alone). */
export function eaD(a: number, d: number): Ea {
  if (a === 0) return { pair: `const el = ${d | 0}, eh = ${d < 0 ? -1 : 0};` };
  if (d === 0) return { pair: `const el = g[${a}], eh = g[${a + 1}];` };
  // Unsigned compare of the low words gives the carry (d > 0) or borrow (d < 0) into the high word.
  const carry = d > 0 ? `((el >>> 0) < (al >>> 0) ? 1 : 0)` : `((el >>> 0) > (al >>> 0) ? -1 : 0)`;
  return { pair: `const al = g[${a}], el = (al + ${d}) | 0, eh = (g[${a + 1}] + ${carry}) | 0;` };
}

/** (RA|0) + RB, registers given as register-file indices. */
export function eaX(a: number, b: number): Ea {
  if (a === 0) return { pair: `const el = g[${b}], eh = g[${b + 1}];` }; // RB is read even when it is r0
  return { pair: `const al = g[${a}], el = (al + g[${b}]) | 0, eh = (g[${a + 1}] + g[${b + 1}] + ((el >>> 0) < (al >>> 0) ? 1 : 0)) | 0;` };
}

/**
 * The TLB probe of one access, as the templates below use it: `head` (statements run first),
 * `hit` (true when the access lies within a page the TLB holds for it), `view` and `off` (the
 * page's DataView and the access's offset in it, used only when hit), and what runs when not
 * hit: `slow`, another probe of the access, or else the miss path, given the address by the
 * statements `xa` (xa/xah, see NO_HALVES).
 */
export interface Probe { head: string; hit: string; view: string; off: string; xa: string; slow?: Probe }

/**
 * The probe of an access of `size` bytes at `ea` alone (`w`: the write TLB): statements leaving
 * `ti`, `off` and `hit`. A double address expression is bound to the const `ea`.
 */
function probe(ea: string | Ea, w: boolean, size: number): Probe {
  const tags = w ? 'wT' : 'rT', view = `${w ? 'wV' : 'rV'}[ti]`;
  if (typeof ea === 'string') {
    return {
      head: `const ea = ${ea}; const pn = Math.floor(ea / 4096), ti = pn & ${TLB_MASK}, off = ea - pn * 4096; const hit = ${tags}[ti] === pn && off <= ${4096 - size};`,
      hit: 'hit', view, off: 'off', xa: `xa = ea; xah = ${NO_HALVES};`,
    };
  }
  return {
    head: `${ea.pair} const ti = (el >>> 12) & ${TLB_MASK}, off = el & 4095; const hit = ${tags}[ti] === eh * 1048576 + (el >>> 12) && off <= ${4096 - size};`,
    hit: 'hit', view, off: 'off', xa: 'xa = el; xah = eh;',
  };
}

/**
 * One TLB probe for a run of accesses through one base register that nothing in between
 * changes (jit.ts: shareProbes): `head` checks once that the run's span (its `members`, each
 * `delta` bytes from RA + dmin) lies in a page the TLB holds, or across the boundary of two
 * such pages with no access of the run crossing it; each access of the run then is one
 * DataView call on its page's view. A page's rights and its storage change only by system
 * calls, so a page held at the head stays right for the whole run (a store to a page with
 * decoded code never hits the write TLB: it takes the miss path, which drops the decoded
 * words).
 *
 * When a page is not in the TLB, the head asks the Memory to put it there if an access would
 * (Memory.prefill: no fault, no page made) and checks again. When that fails too (an access
 * crossing the boundary; a page unmapped, protected, or holding code), each access probes on
 * its own, as outside a run, and faults as it would there. V8 compiles that path only once it
 * has run: until then it is a deoptimization point, so a run that passes its check costs one
 * probe and small code. The prefill runs at the function's first WARM_ENTRIES heads (`xv`,
 * counted per head rather than per entry, so that a loop entered once stops after as many
 * passes) whatever the check says, so that V8 has seen it (a run moving to a new page, as a
 * hash walking its input does, takes it later).
 *
 * Names are `u<name><letter>`; `name` is unique in the generated function.
 */
export function sharedProbe(name: string, a: number, dmin: number, members: { delta: number; size: number }[], w: boolean):
  { head: string; member: (delta: number, size: 1 | 2 | 4 | 8) => Probe } {
  const u = `u${name}`;
  const span = Math.max(...members.map((x) => x.delta + x.size));
  const tags = w ? 'wT' : 'rT', views = w ? 'wV' : 'rV';
  // The span's first address in halves, as eaD computes it.
  const lo = dmin === 0 ? `${u}l = g[${a}]` : `${u}b = g[${a}], ${u}l = (${u}b + ${dmin}) | 0`;
  const carry = dmin === 0 ? '' : dmin > 0 ? ` + ((${u}l >>> 0) < (${u}b >>> 0) ? 1 : 0)` : ` + ((${u}l >>> 0) > (${u}b >>> 0) ? -1 : 0)`;
  // A span across a page boundary `${u}B` bytes in is served by two views when both pages are
  // in the TLB and no access of the run crosses the boundary itself.
  const across = [...new Set(members.filter((x) => x.size > 1).map((x) => `(${u}B > ${x.delta} && ${u}B < ${x.delta + x.size})`))];
  const fits = across.length === 0 ? '' : ` && !(${across.join(' || ')})`;
  const check = `${u}k = ${tags}[${u}t] === ${u}g && (${u}B >= ${span} || (${tags}[${u}n] === ${u}g + 1${fits}));`;
  const head = `const ${lo}, ${u}h = (g[${a + 1}]${carry}) | 0, ${u}t = (${u}l >>> 12) & ${TLB_MASK}, ${u}o = ${u}l & 4095, ` +
    `${u}B = 4096 - ${u}o, ${u}n = (${u}t + 1) & ${TLB_MASK}, ${u}g = ${u}h * 1048576 + (${u}l >>> 12); let ${check} ` +
    `if (!${u}k || xv !== 0) { xv = xv > 0 ? xv - 1 : 0; xa = ${u}l; xah = ${u}h; xk = ${w ? FILL_W : FILL_R}; X.go; ` +
    `if (${u}B < ${span}) { xa = (${u}l + ${u}B) | 0; xah = (${u}h + ((xa >>> 0) < (${u}l >>> 0) ? 1 : 0)) | 0; X.go; } ${check} } ` +
    `const ${u}v = ${views}[${u}t], ${u}w = ${u}B < ${span} ? ${views}[${u}n] : ${u}v;`;
  return {
    head,
    member: (delta, size) => {
      const o = delta === 0 ? `${u}o` : `${u}o + ${delta}`;
      return {
        head: '', hit: `${u}k`, xa: '',
        // Past the boundary, the second page's view (the same view when the span fits one page).
        view: delta === 0 ? `${u}v` : `(${o} < 4096 ? ${u}v : ${u}w)`, off: delta === 0 ? `${u}o` : `(${o}) & 4095`,
        // The access's own address from the span's first one (delta >= 0: a carry into the high word).
        slow: probe({ pair: delta === 0 ? `const el = ${u}l, eh = ${u}h;` : `const el = (${u}l + ${delta}) | 0, eh = (${u}h + ((el >>> 0) < (${u}l >>> 0) ? 1 : 0)) | 0;` }, w, size),
      };
    },
  };
}

/** An access's own probe, or the one given. */
const probeOf = (ea: string | Ea | Probe, w: boolean, size: number): Probe =>
  typeof ea === 'object' && 'hit' in ea ? ea : probe(ea, w, size);

/**
 * `p`'s head and test: `hit(view, off)` when hit, else the slow probe's, or the miss path
 * (`miss(xa)`).
 */
function access(p: Probe, hit: (view: string, off: string) => string, miss: (xa: string) => string): string {
  const test = (q: Probe): string => `if (${q.hit}) ${hit(q.view, q.off)} else { ${q.slow ? `${q.slow.head} ${test(q.slow)}` : miss(q.xa)} }`;
  return `${p.head} ${test(p)}`;
}

/**
 * Statements reading `size` bytes at address expression `ea` (a double expression bound to the
 * const `ea`, which update forms write back; or an Ea in halves, bound to `el`/`eh`; or a
 * shared probe's member): the value lands in `v` (1, 2 bytes: unsigned; 4 bytes: int32) or
 * `vl`/`vh` (8 bytes). The read TLB's hit path is inlined (`rT`/`rV`: the Memory's tags and
 * views, bound once per generated function); a miss, a page-crossing access or a fault goes
 * through Memory.miss (see above). Inlined, the common access costs no call, and an address
 * beyond V8's small integers (a stack or mmap pointer) is not boxed as an argument.
 */
export function rd(size: 1 | 2 | 4 | 8, ea: string | Ea | Probe, le: boolean): string {
  const p = probeOf(ea, false, size);
  switch (size) {
    case 1: return `let v = 0; ${access(p, (d, o) => `v = ${d}.getUint8(${o});`, (xa) => `${xa} ${miss(R8, 'v = ')}`)}`;
    case 2: return `let v = 0; ${access(p, (d, o) => `v = ${d}.getUint16(${o}, ${le});`, (xa) => `${xa} ${miss(R16, 'v = ')}`)}`;
    case 4: return `let v = 0; ${access(p, (d, o) => `v = ${d}.getInt32(${o}, ${le});`, (xa) => `${xa} ${miss(R32, 'v = ')}`)}`;
    case 8: return `let vl = 0, vh = 0; ${access(p, (d, o) => `{ const dv = ${d}, o = ${o}; vh = dv.getInt32(o + ${le ? 4 : 0}, ${le}); vl = dv.getInt32(o + ${le ? 0 : 4}, ${le}); }`,
      (xa) => `${xa} ${miss(R64, 'vl = ')} vh = m.rdHi;`)}`;
  }
}

/**
 * Statements loading the doubleword at `ea` into FPR t (lfd and its forms) as one double,
 * `fd[t] = getFloat64`, into the Float64Array (`fd` = c.f) that the FP templates read. Written
 * as two int32 halves instead, the arithmetic's next read of the whole double could not take
 * its value from the two pending half stores (the host's store-to-load forwarding needs one
 * store covering the load) and waited for them to reach the cache: about a fifth of a matmul
 * loop's time. V8 moves the 64 bits unchanged through DataView.getFloat64/setFloat64, a
 * Float64Array and a returned number, signalling-NaN payloads included, in every tier
 * (fploadstore.test.ts checks them in a hot loop). A miss leaves the 8 bytes in the Memory's
 * `fx` (bound as `fx` in the prologue), and one getFloat64 reads the page or fx: a double
 * merged from the hit path and the miss's return value was a heap number V8 allocated at every
 * load (matmul's loop collected garbage every few milliseconds, a fifth of its time).
 */
export function rdF(ea: Ea, le: boolean, t: number): string {
  const { head, hit, xa } = probe(ea, false, 8);
  return `${head} let fdv = fx, fo = 0; if (${hit}) { fdv = rV[ti]; fo = off; } else { ${xa} ${miss(R64F)} } fd[${t}] = fdv.getFloat64(fo, ${le});`;
}

/** stfd's counterpart of rdF: FPR t stored as one double (passed to Memory.miss as xl on a miss). */
export function wrF(ea: Ea, le: boolean, t: number): string {
  const p = probe(ea, true, 8);
  return `const fv = fd[${t}]; ${access(p, (d, o) => `${d}.setFloat64(${o}, fv, ${le});`, (xa) => `${xa} xl = fv; ${miss(W64F)}`)}`;
}

/** Statements writing value expressions (lo, and hi for 8 bytes) to address ea (write TLB inlined, as rd). */
export function wr(size: 1 | 2 | 4 | 8, ea: string | Ea | Probe, le: boolean, lo: string, hi = '0'): string {
  const p = probeOf(ea, true, size);
  // The value is computed before the branch: the miss path only assigns it (no operation of
  // its own that V8 would first meet there).
  const val = `const wl = ${lo}${size === 8 ? `, wh = ${hi}` : ''};`;
  switch (size) {
    case 1: return `${val} ${access(p, (d, o) => `${d}.setUint8(${o}, wl);`, (xa) => `${xa} xl = wl; ${miss(W8)}`)}`;
    case 2: return `${val} ${access(p, (d, o) => `${d}.setUint16(${o}, wl, ${le});`, (xa) => `${xa} xl = wl; ${miss(W16)}`)}`;
    case 4: return `${val} ${access(p, (d, o) => `${d}.setInt32(${o}, wl, ${le});`, (xa) => `${xa} xl = wl; ${miss(W32)}`)}`;
    case 8: return `${val} ${access(p, (d, o) => `{ const dv = ${d}, o = ${o}; dv.setInt32(o + ${le ? 4 : 0}, wh, ${le}); dv.setInt32(o + ${le ? 0 : 4}, wl, ${le}); }`,
      (xa) => `${xa} xl = wl; xh = wh; ${miss(W64)}`)}`;
  }
}
