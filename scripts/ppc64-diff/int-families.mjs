// Integer instruction families: each function emits one item (usually one instruction) into the
// case through ctx, or returns false when the current state does not allow it (no readable
// source, no known operands, ...). Operand choice leans on edge values; see ctx.mjs for why
// some results are marked undefined ("taint").
import { u64, s64 } from './rng.mjs';

const HI32 = 0xffffffff00000000n;
const ALL = (1n << 64n) - 1n;
export const R = (r) => `r${r}`;
/** An RA|0 operand: register 0 there means the literal 0, so show it that way. */
export const RA0 = (r) => (r === 0 ? '0' : `r${r}`);

export function simm16(rng) {
  return rng.weighted([[3, 0], [3, 1], [3, -1], [2, 0x7fff], [2, -0x8000], [2, rng.range(-16, 16)],
    [6, rng.range(-0x8000, 0x7fff)]]);
}
export function uimm16(rng) {
  return rng.weighted([[2, 0], [2, 1], [3, 0xffff], [2, 0x8000], [2, 0x7fff], [6, rng.int(0x10000)]]);
}
const sfx = (oe, rc) => `${oe ? 'o' : ''}${rc ? '.' : ''}`;

// ---- add/subtract/multiply, three registers ----
const ARITH3 = [
  // name, OE form exists, undefined high word (mulhw/mulhwu in 64-bit mode)
  ['add', 1], ['subf', 1], ['addc', 1], ['adde', 1], ['subfc', 1], ['subfe', 1],
  ['mulld', 1], ['mullw', 1], ['mulhd', 0], ['mulhdu', 0], ['mulhw', 0, 1], ['mulhwu', 0, 1],
];
export function arith3(ctx, { defined = false } = {}) {
  const { rng } = ctx;
  const ops = defined ? ARITH3.filter((o) => !o[2]) : ARITH3;
  const [name, oe, hiUndef] = rng.pick(ops);
  const a = ctx.src(), b = ctx.src();
  if (a < 0 || b < 0) return false;
  const t = ctx.dst();
  const o = oe && rng.chance(0.4), rc = rng.chance(0.4);
  ctx.emit(`${name}${sfx(o, rc)} ${R(t)},${R(a)},${R(b)}`, name);
  // mulhw/mulhwu: RT[0:31] undefined, and with Rc=1 CR0's LT/GT/EQ too (64-bit mode).
  ctx.wr(t, hiUndef ? { taint: HI32 } : {});
  if (rc) ctx.rc0(!!hiUndef);
  return true;
}

// ---- negate / add-to-zero-extended / minus-one-extended ----
const ARITH2 = ['neg', 'addze', 'addme', 'subfze', 'subfme'];
export function arith2(ctx) {
  const { rng } = ctx;
  const name = rng.pick(ARITH2);
  const a = ctx.src();
  if (a < 0) return false;
  const t = ctx.dst();
  const o = rng.chance(0.4), rc = rng.chance(0.4);
  ctx.emit(`${name}${sfx(o, rc)} ${R(t)},${R(a)}`, name);
  ctx.wr(t);
  if (rc) ctx.rc0();
  return true;
}

// ---- divide and modulo ----
const DIVS = [
  // name, OE/Rc forms exist, width, signed
  ['divd', 1, 64, 1], ['divdu', 1, 64, 0], ['divw', 1, 32, 1], ['divwu', 1, 32, 0],
  ['modsd', 0, 64, 1], ['modud', 0, 64, 0], ['modsw', 0, 32, 1], ['moduw', 0, 32, 0],
];
const SMALL_DIVISORS = [0, -1, 1, 2, 3, -2, 7, -7, 10];
export function divide(ctx) {
  const { rng } = ctx;
  const [name, forms, width, signed] = rng.pick(DIVS);
  // The generator must know both operands to tell the ISA's undefined cases (x/0, MIN/-1).
  let b;
  if (rng.chance(0.3)) {
    b = ctx.dst();
    const v = rng.pick(SMALL_DIVISORS);
    ctx.emit(`li ${R(b)},${v}`, 'addi');
    ctx.wr(b, { value: u64(v) });
  } else {
    b = ctx.knownSrc();
  }
  const a = ctx.knownSrc();
  if (a < 0 || b < 0) return false;
  const av = ctx.known.get(a), bv = ctx.known.get(b);
  let undef;
  if (width === 64) {
    undef = bv === 0n || (signed && s64(av) === -(1n << 63n) && s64(bv) === -1n);
  } else {
    const a32 = BigInt.asIntN(32, av), b32 = BigInt.asIntN(32, bv);
    undef = b32 === 0n || (signed && a32 === -(1n << 31n) && b32 === -1n);
  }
  const t = ctx.dst();
  const o = forms && rng.chance(0.4), rc = forms && rng.chance(0.4);
  ctx.emit(`${name}${sfx(o, rc)} ${R(t)},${R(a)},${R(b)}`, name);
  // Word forms leave RT[0:31] undefined; the undefined cases leave all of RT undefined.
  ctx.wr(t, undef ? { taint: ALL } : width === 32 ? { taint: HI32 } : {});
  if (rc) ctx.rc0(undef || width === 32);
  return true;
}

// ---- immediates ----
export function immediate(ctx) {
  const { rng } = ctx;
  const name = rng.weighted([[3, 'addi'], [3, 'addis'], [2, 'addic'], [2, 'addic.'], [2, 'subfic'], [2, 'mulli'], [1, 'addpcis']]);
  const t = ctx.dst();
  if (name === 'addpcis') { // RT = next instruction's address + (D << 16): deterministic in a static ELF
    ctx.emit(`addpcis ${R(t)},${simm16(rng)}`, name);
    ctx.wr(t);
    return true;
  }
  let a;
  if ((name === 'addi' || name === 'addis') && rng.chance(0.2)) a = 0; // li / lis
  else a = ctx.src();
  if (a < 0) return false;
  let imm = simm16(rng);
  if (name === 'addi' || name === 'addis') {
    ctx.emit(`${name} ${R(t)},${RA0(a)},${imm}`, name);
    // Keep the value known when it is computable: li/lis give known registers for divisions.
    if (a === 0) ctx.wr(t, { value: u64(name === 'addis' ? BigInt(imm) << 16n : BigInt(imm)) });
    else ctx.wr(t);
    return true;
  }
  ctx.emit(`${name} ${R(t)},${R(a)},${imm}`, name.replace('.', ''));
  ctx.wr(t);
  if (name === 'addic.') ctx.rc0();
  return true;
}

// ---- logical ----
const LOGIC3 = ['and', 'or', 'xor', 'nand', 'nor', 'eqv', 'andc', 'orc'];
export function logic3(ctx) {
  const { rng } = ctx;
  const name = rng.pick(LOGIC3);
  const s = ctx.src(), b = rng.chance(0.1) ? s : ctx.src();
  if (s < 0 || b < 0) return false;
  const a = ctx.dst();
  const rc = rng.chance(0.4);
  ctx.emit(`${name}${rc ? '.' : ''} ${R(a)},${R(s)},${R(b)}`, name);
  ctx.wr(a);
  if (rc) ctx.rc0();
  return true;
}
const LOGICI = ['andi.', 'andis.', 'ori', 'oris', 'xori', 'xoris'];
export function logicImm(ctx) {
  const { rng } = ctx;
  const name = rng.pick(LOGICI);
  const s = ctx.src();
  if (s < 0) return false;
  const a = ctx.dst();
  ctx.emit(`${name} ${R(a)},${R(s)},${uimm16(rng)}`, name.replace('.', ''));
  ctx.wr(a);
  if (name.endsWith('.')) ctx.rc0();
  return true;
}

// ---- one-source bit operations ----
const UNARY = [
  // name, Rc form exists
  ['extsb', 1], ['extsh', 1], ['extsw', 1], ['cntlzw', 1], ['cntlzd', 1], ['cnttzw', 1], ['cnttzd', 1],
  ['popcntb', 0], ['popcntw', 0], ['popcntd', 0], ['prtyw', 0], ['prtyd', 0],
];
export function unary(ctx) {
  const { rng } = ctx;
  const [name, rcOk] = rng.pick(UNARY);
  const s = ctx.src();
  if (s < 0) return false;
  const a = ctx.dst();
  const rc = rcOk && rng.chance(0.4);
  ctx.emit(`${name}${rc ? '.' : ''} ${R(a)},${R(s)}`, name);
  ctx.wr(a);
  if (rc) ctx.rc0();
  return true;
}
export function other3(ctx) {
  const { rng } = ctx;
  const name = rng.pick(['cmpb', 'bpermd']);
  const s = ctx.src(), b = ctx.src();
  if (s < 0 || b < 0) return false;
  const a = ctx.dst();
  ctx.emit(`${name} ${R(a)},${R(s)},${R(b)}`, name);
  ctx.wr(a);
  return true;
}
export function madd(ctx) {
  const { rng } = ctx;
  const name = rng.pick(['maddld', 'maddhd', 'maddhdu']);
  const a = ctx.src(), b = ctx.src(), c = ctx.src();
  if (a < 0 || b < 0 || c < 0) return false;
  const t = ctx.dst();
  ctx.emit(`${name} ${R(t)},${R(a)},${R(b)},${R(c)}`, name);
  ctx.wr(t);
  return true;
}

// ---- compares ----
export function compare(ctx) {
  const { rng } = ctx;
  const kind = rng.weighted([[4, 'reg'], [4, 'imm'], [1, 'cmprb'], [1, 'cmpeqb']]);
  const a = ctx.src();
  if (a < 0) return false;
  const bf = rng.chance(0.4) ? 0 : rng.int(8);
  if (kind === 'reg') {
    const name = rng.pick(['cmpw', 'cmpd', 'cmplw', 'cmpld']);
    const b = ctx.src();
    if (b < 0) return false;
    ctx.emit(`${name} cr${bf},${R(a)},${R(b)}`, name);
  } else if (kind === 'imm') {
    const name = rng.pick(['cmpwi', 'cmpdi', 'cmplwi', 'cmpldi']);
    const imm = name.startsWith('cmpl') ? uimm16(rng) : simm16(rng);
    ctx.emit(`${name} cr${bf},${R(a)},${imm}`, name);
  } else if (kind === 'cmprb') {
    const b = ctx.src();
    if (b < 0) return false;
    ctx.emit(`cmprb cr${bf},${rng.int(2)},${R(a)},${R(b)}`, 'cmprb');
  } else {
    const b = ctx.src();
    if (b < 0) return false;
    ctx.emit(`cmpeqb cr${bf},${R(a)},${R(b)}`, 'cmpeqb');
  }
  ctx.wrCrField(bf);
  return true;
}

// ---- isel / setb ----
export function select(ctx) {
  const { rng } = ctx;
  if (rng.chance(0.6)) {
    const a = rng.chance(0.2) ? 0 : ctx.src(), b = ctx.src();
    if (a < 0 || b < 0) return false;
    const t = ctx.dst();
    ctx.emit(`isel ${R(t)},${RA0(a)},${R(b)},${ctx.crReadableBit()}`, 'isel');
    ctx.wr(t);
  } else {
    const bfa = ctx.crReadableField();
    if (bfa < 0) return false;
    const t = ctx.dst();
    ctx.emit(`setb ${R(t)},cr${bfa}`, 'setb');
    ctx.wr(t);
  }
  return true;
}

// ---- rotates ----
function sh6(rng) {
  return rng.weighted([[1, 0], [1, 1], [1, 31], [1, 32], [1, 63], [6, rng.int(64)]]);
}
function sh5(rng) {
  return rng.weighted([[1, 0], [1, 1], [1, 16], [1, 31], [6, rng.int(32)]]);
}
export function rotate(ctx) {
  const { rng } = ctx;
  const name = rng.pick(['rlwinm', 'rlwnm', 'rlwimi', 'rldicl', 'rldicr', 'rldic', 'rldimi', 'rldcl', 'rldcr']);
  const s = ctx.src();
  if (s < 0) return false;
  const inserts = name === 'rlwimi' || name === 'rldimi';
  // The insert forms read their target too.
  const a = inserts ? ctx.src() : ctx.dst();
  if (a < 0) return false;
  const rc = rng.chance(0.35) ? '.' : '';
  let ops;
  switch (name) {
    case 'rlwinm': case 'rlwimi': ops = `${sh5(rng)},${sh5(rng)},${sh5(rng)}`; break;
    case 'rlwnm': {
      const b = ctx.src();
      if (b < 0) return false;
      ops = `${R(b)},${sh5(rng)},${sh5(rng)}`;
      break;
    }
    case 'rldcl': case 'rldcr': {
      const b = ctx.src();
      if (b < 0) return false;
      ops = `${R(b)},${sh6(rng)}`;
      break;
    }
    default: ops = `${sh6(rng)},${sh6(rng)}`;
  }
  ctx.emit(`${name}${rc} ${R(a)},${R(s)},${ops}`, name);
  ctx.wr(a);
  if (rc) ctx.rc0();
  return true;
}

// ---- shifts ----
export function shift(ctx) {
  const { rng } = ctx;
  const name = rng.pick(['slw', 'srw', 'sraw', 'sld', 'srd', 'srad', 'srawi', 'sradi', 'extswsli']);
  const s = ctx.src();
  if (s < 0) return false;
  const a = ctx.dst();
  const rc = rng.chance(0.35) ? '.' : '';
  let last;
  if (name === 'srawi') last = sh5(rng);
  else if (name === 'sradi' || name === 'extswsli') last = sh6(rng);
  else {
    const b = ctx.src();
    if (b < 0) return false;
    last = R(b);
  }
  ctx.emit(`${name}${rc} ${R(a)},${R(s)},${last}`, name);
  ctx.wr(a);
  if (rc) ctx.rc0();
  return true;
}

// ---- condition register ----
const CRLOG = ['crand', 'cror', 'crxor', 'crnand', 'crnor', 'creqv', 'crandc', 'crorc'];
export function crLogic(ctx) {
  const { rng } = ctx;
  const kind = rng.weighted([[6, 'log'], [2, 'mcrf'], [1, 'mcrxrx']]);
  if (kind === 'log') {
    const name = rng.pick(CRLOG);
    const ba = ctx.crReadableBit(), bb = ctx.crReadableBit(), bt = rng.int(32);
    ctx.emit(`${name} ${bt},${ba},${bb}`, name);
    ctx.wrCrBit(bt);
  } else if (kind === 'mcrf') {
    const bfa = ctx.crReadableField();
    if (bfa < 0) return false;
    const bf = rng.int(8);
    ctx.emit(`mcrf cr${bf},cr${bfa}`, 'mcrf');
    ctx.wrCrField(bf);
  } else {
    const bf = rng.int(8);
    ctx.emit(`mcrxrx cr${bf}`, 'mcrxrx');
    ctx.wrCrField(bf);
  }
  return true;
}
export function crMove(ctx) {
  const { rng } = ctx;
  const kind = rng.pick(['mfcr', 'mtcrf', 'mfocrf', 'mtocrf']);
  if (kind === 'mfcr') {
    const t = ctx.dst();
    ctx.emit(`mfcr ${R(t)}`, 'mfcr');
    // CR bit i lands in RT bit 32+i, so undefined CR bits map straight onto RT.
    ctx.wr(t, ctx.crtaint ? { taint: BigInt(ctx.crtaint) } : {});
  } else if (kind === 'mfocrf') {
    const n = rng.int(8);
    const t = ctx.dst();
    ctx.emit(`mfocrf ${R(t)},${0x80 >> n}`, 'mfocrf');
    const m = ctx.crtaint & ctx.fieldMask(n);
    ctx.wr(t, m ? { taint: BigInt(m) } : {});
  } else {
    const s = ctx.src();
    if (s < 0) return false;
    const fxm = kind === 'mtocrf' ? 0x80 >> rng.int(8) : rng.weighted([[1, 0xff], [1, 0], [4, rng.int(256)]]);
    ctx.emit(`${kind} ${fxm},${R(s)}`, kind);
    for (let n = 0; n < 8; n++) if (fxm & (0x80 >> n)) ctx.wrCrField(n);
  }
  return true;
}

// ---- special registers ----
// XER: SO OV CA (bits 32..34), OV32 CA32 (44, 45), byte count (57..63).
const XER_HI = [0x8000, 0x4000, 0x2000, 0x0008, 0x0004];
export function spr(ctx) {
  const { rng } = ctx;
  const kind = rng.weighted([[2, 'mtctr'], [2, 'mfctr'], [2, 'mtlr'], [2, 'mflr'], [2, 'mfxer'], [3, 'mtxer'], [1, 'mfspr'], [1, 'mtspr']]);
  switch (kind) {
    case 'mtctr': case 'mtlr': {
      const s = ctx.src();
      if (s < 0) return false;
      ctx.emit(`${kind} ${R(s)}`, kind);
      return true;
    }
    case 'mtspr': {
      const s = ctx.src();
      if (s < 0) return false;
      ctx.emit(`mtspr ${rng.pick([8, 9])},${R(s)}`, 'mtspr');
      return true;
    }
    case 'mfspr': {
      const t = ctx.dst();
      ctx.emit(`mfspr ${R(t)},${rng.pick([1, 8, 9])}`, 'mfspr');
      ctx.wr(t);
      return true;
    }
    case 'mtxer': {
      // Build a value with only XER's defined bits, so reserved bits never reach XER.
      const t = ctx.dst();
      let hi = 0;
      for (const b of XER_HI) if (rng.chance(0.45)) hi |= b;
      const lo = rng.chance(0.2) ? rng.int(128) : 0;
      ctx.emit(`li ${R(t)},0`, 'addi');
      ctx.emit(`oris ${R(t)},${R(t)},${hi}`, 'oris');
      if (lo) ctx.emit(`ori ${R(t)},${R(t)},${lo}`, 'ori');
      ctx.emit(`mtxer ${R(t)}`, 'mtxer');
      ctx.wr(t, { value: BigInt(hi * 65536 + lo) });
      return true;
    }
    default: {
      const t = ctx.dst();
      ctx.emit(`${kind} ${R(t)}`, kind);
      ctx.wr(t);
      return true;
    }
  }
}

// ---- extended divides: (RA || 0^64) / RB, undefined when the quotient does not fit ----
const DIVE = [['divde', 64, 1], ['divdeu', 64, 0], ['divwe', 32, 1], ['divweu', 32, 0]];
export function divideExtended(ctx) {
  const { rng } = ctx;
  const [name, width, signed] = rng.pick(DIVE);
  const a = ctx.knownSrc(), b = ctx.knownSrc();
  if (a < 0 || b < 0) return false;
  const av = ctx.known.get(a), bv = ctx.known.get(b);
  const W = BigInt(width);
  const ext = (v) => (signed ? BigInt.asIntN(width, v) : BigInt.asUintN(width, v));
  const dividend = ext(av) << W, divisor = ext(bv);
  let undef = divisor === 0n;
  if (!undef) {
    const q = dividend / divisor; // BigInt division truncates toward zero, like the ISA
    undef = signed ? q < -(1n << (W - 1n)) || q >= 1n << (W - 1n) : q >= 1n << W;
  }
  const t = ctx.dst();
  // qemu 7.2 misses some overflows of divde/divdeu (2^63 for divdeo, some far larger quotients),
  // leaving OV clear where the ISA sets it: OE forms only when the quotient fits.
  const o = !undef && rng.chance(0.4), rc = rng.chance(0.4);
  ctx.emit(`${name}${sfx(o, rc)} ${R(t)},${R(a)},${R(b)}`, name);
  ctx.wr(t, undef ? { taint: ALL } : width === 32 ? { taint: HI32 } : {});
  if (rc) ctx.rc0(undef || width === 32);
  return true;
}

// ---- traps that do not trap: the operands are known, so TO only names false conditions ----
export function trap(ctx) {
  const { rng } = ctx;
  const name = rng.pick(['tw', 'td', 'twi', 'tdi']);
  const a = ctx.knownSrc();
  if (a < 0) return false;
  let bv, btext;
  if (name.endsWith('i')) {
    const imm = simm16(rng);
    bv = u64(imm);
    btext = String(imm);
  } else {
    const b = ctx.knownSrc();
    if (b < 0) return false;
    bv = ctx.known.get(b);
    btext = R(b);
  }
  const w = name.startsWith('tw') ? 32 : 64;
  const sa = BigInt.asIntN(w, ctx.known.get(a)), sb = BigInt.asIntN(w, bv);
  const ua = BigInt.asUintN(w, ctx.known.get(a)), ub = BigInt.asUintN(w, bv);
  const holds = (sa < sb ? 16 : 0) | (sa > sb ? 8 : 0) | (sa === sb ? 4 : 0) | (ua < ub ? 2 : 0) | (ua > ub ? 1 : 0);
  const to = rng.int(32) & ~holds;
  ctx.emit(`${name} ${to},${R(a)},${btext}`, name);
  return true;
}
