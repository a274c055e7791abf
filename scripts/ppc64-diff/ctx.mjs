// Per-case generation state. The generator is not a simulator: it only tracks what it must to
// keep every case well defined and inside its sandbox —
//  * which registers still hold their initial (known) value, so division operands can be
//    checked for the cases the ISA leaves undefined;
//  * which registers hold addresses inside the scratch buffer (and their exact value), so every
//    load and store stays inside it;
//  * "taint": bits the ISA leaves undefined (mulhw's high word, CR0 after divw., fctiw's high
//    word, FPSCR[FPRF] after fctid, FPSCR[FR] which qemu does not compute). Tainted values are
//    never read again, and what is still tainted at the end becomes the case's ignore mask.
import { u64, M64 } from './rng.mjs';

export const BUF_SIZE = 128;

export class Ctx {
  constructor(rng, opts) {
    this.rng = rng;
    this.le = opts.le;
    this.theme = opts.theme;
    this.bufAddr = opts.bufAddr; // BigInt address of the scratch buffer
    this.caseId = opts.caseId;
    this.lines = [];
    this.labelN = 0;
    this.families = new Set();
    // initial state, filled by the caller / setup
    this.init = { gpr: new Map(), fpr: new Map(), cr: 0, xer: 0n, lr: 0n, ctr: 0n, fpscr: 0 };
    this.pool = [];
    this.fpool = [];
    this.known = new Map(); // gpr -> current value, when the generator knows it
    this.addr = new Set(); // gprs holding an address inside the buffer (value in known)
    this.index = new Set(); // gprs holding a small index (value in known)
    this.gtaint = new Map(); // gpr -> mask of undefined bits
    this.crtaint = 0; // CR bits (as in the 32-bit CR image) that are undefined
    this.ftaint = new Map(); // fpr -> mask
    this.fpscrTaint = 0;
    this.single = new Set(); // fprs known to hold a single-representable value
    this.rn = 0; // current FPSCR[RN], tracked so arithmetic only runs in round-to-nearest
    this.fpArith = true; // whether FP arithmetic (RN-dependent) is allowed
    this.imageReg = -1; // an FPR holding an FPSCR image that mtfsf may load
  }

  label() {
    return `.Lc${this.caseId}_${this.labelN++}`;
  }
  emit(text, family) {
    this.lines.push(text);
    if (family) this.families.add(family);
  }

  // ---- GPRs ----
  readable(r) {
    return !this.gtaint.has(r);
  }
  /** A source GPR from the pool whose value is fully defined. */
  src(exclude = []) {
    const c = this.pool.filter((r) => this.readable(r) && !exclude.includes(r));
    return c.length ? this.rng.pick(c) : -1;
  }
  /** A known-valued untainted source (still holding a value the generator knows). */
  knownSrc() {
    const c = this.pool.filter((r) => this.readable(r) && this.known.has(r));
    return c.length ? this.rng.pick(c) : -1;
  }
  dst(exclude = []) {
    const c = this.pool.filter((r) => !exclude.includes(r));
    // Prefer not to destroy the last address register: keeps later memory ops possible.
    const keep = c.filter((r) => !this.addr.has(r));
    const from = keep.length && this.rng.chance(0.85) ? keep : c.length ? c : this.pool;
    return this.rng.pick(from);
  }
  /** Record a write to GPR r (value unknown unless given; taint mask optional). */
  wr(r, { value, taint } = {}) {
    this.addr.delete(r);
    this.index.delete(r);
    // In branch cases an instruction may be skipped, so a value it sets is not known for sure.
    if (value === undefined || this.theme === 'branch') this.known.delete(r);
    else this.known.set(r, u64(value));
    if (taint) this.gtaint.set(r, (this.gtaint.get(r) ?? 0n) | taint);
    else this.gtaint.delete(r);
  }

  // ---- CR ----
  fieldMask(bf) {
    return (0xf0000000 >>> (4 * bf)) >>> 0;
  }
  bitMask(bi) {
    return (0x80000000 >>> bi) >>> 0;
  }
  crReadableBit() {
    const c = [];
    for (let i = 0; i < 32; i++) if (!(this.crtaint & this.bitMask(i))) c.push(i);
    return this.rng.pick(c);
  }
  crReadableField() {
    const c = [];
    for (let i = 0; i < 8; i++) if (!(this.crtaint & this.fieldMask(i))) c.push(i);
    return c.length ? this.rng.pick(c) : -1;
  }
  wrCrField(bf, taint = 0) {
    this.crtaint = ((this.crtaint & ~this.fieldMask(bf)) | taint) >>> 0;
  }
  wrCrBit(bt) {
    this.crtaint = (this.crtaint & ~this.bitMask(bt)) >>> 0;
  }
  /** Rc=1 on an integer op: CR0 written; `undef` leaves LT/GT/EQ undefined. */
  rc0(undef = false) {
    this.wrCrField(0, undef ? 0xe0000000 : 0);
  }

  // ---- FPRs ----
  fsrc({ single = false, exclude = [] } = {}) {
    const c = this.fpool.filter((f) => !this.ftaint.has(f) && !exclude.includes(f) && (!single || this.single.has(f)));
    return c.length ? this.rng.pick(c) : -1;
  }
  fdst() {
    return this.rng.pick(this.fpool);
  }
  fwr(f, { single = false, taint } = {}) {
    if (f === this.imageReg) this.imageReg = -1;
    if (taint) this.ftaint.set(f, taint);
    else this.ftaint.delete(f);
    if (single) this.single.add(f);
    else this.single.delete(f);
  }

  /** Ignore masks for the fields still undefined at the end of the case. */
  ignoreMasks() {
    const ign = {};
    for (const [r, m] of this.gtaint) ign[`r${r}`] = (m & M64).toString(16);
    if (this.crtaint) ign.cr = (this.crtaint >>> 0).toString(16);
    for (const [f, m] of this.ftaint) ign[`f${f}`] = (m & M64).toString(16);
    if (this.fpscrTaint) ign.fpscr = (this.fpscrTaint >>> 0).toString(16);
    return ign;
  }
}
