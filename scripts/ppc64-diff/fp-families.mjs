// Floating-point families. Rules the generator keeps so every result is defined and
// reproducible:
//  * single-precision arithmetic only gets single-representable inputs (the ISA leaves the
//    result undefined otherwise);
//  * arithmetic whose result depends on the rounding mode runs only while FPSCR[RN] = 0
//    (round to nearest); the conversions to integer (fctid, fctiw...) also run under other RN;
//  * FPSCR enable bits are never set, so no FP exception is ever delivered;
//  * fctiw* leave FRT[0:31] undefined and fctid*/fctiw* leave FPSCR[FPRF] undefined;
//  * FPSCR[FR] counts as undefined after any rounding operation: qemu 7.2 never sets it.
import { R } from './int-families.mjs';
import { address } from './mem-families.mjs';

const F = (f) => `f${f}`;
const FR = 0x00040000;
const FPRF = 0x0001f000;
const FPCC = 0x0000f000;
const HI32 = 0xffffffff00000000n;

/** After an operation that rounds: FPRF set (or undefined), FR undefined (qemu). */
function rounded(ctx, { fprfUndef = false } = {}) {
  ctx.fpscrTaint = ((ctx.fpscrTaint & ~FPRF) | FR | (fprfUndef ? FPRF : 0)) >>> 0;
}
function rc1(ctx, rc) {
  if (rc) ctx.wrCrField(1);
}

export function fpArith(ctx) {
  if (!ctx.fpArith) return false;
  const { rng } = ctx;
  const kind = rng.weighted([[4, 'ab'], [2, 'mul'], [4, 'fma'], [1, 'sqrt']]);
  const single = rng.chance(0.35);
  const s = single ? 's' : '';
  const rc = rng.chance(0.2) ? '.' : '';
  const src = () => ctx.fsrc({ single });
  let text, name;
  if (kind === 'ab') {
    name = rng.pick(['fadd', 'fsub', 'fdiv']) + s;
    const a = src(), b = src();
    if (a < 0 || b < 0) return false;
    text = (t) => `${name}${rc} ${F(t)},${F(a)},${F(b)}`;
  } else if (kind === 'mul') {
    name = 'fmul' + s;
    const a = src(), c = src();
    if (a < 0 || c < 0) return false;
    text = (t) => `${name}${rc} ${F(t)},${F(a)},${F(c)}`;
  } else if (kind === 'fma') {
    name = rng.pick(['fmadd', 'fmsub', 'fnmadd', 'fnmsub']) + s;
    const a = src(), c = src(), b = src();
    if (a < 0 || b < 0 || c < 0) return false;
    text = (t) => `${name}${rc} ${F(t)},${F(a)},${F(c)},${F(b)}`;
  } else {
    name = 'fsqrt' + s;
    const b = src();
    if (b < 0) return false;
    text = (t) => `${name}${rc} ${F(t)},${F(b)}`;
  }
  const t = ctx.fdst();
  ctx.emit(text(t), name);
  ctx.fwr(t, { single: !!single });
  rounded(ctx);
  rc1(ctx, rc);
  return true;
}

/** Moves and sign operations: no rounding, FPSCR untouched. */
export function fpMove(ctx) {
  const { rng } = ctx;
  const name = rng.pick(['fmr', 'fneg', 'fabs', 'fnabs', 'fcpsgn', 'fsel']);
  const rc = rng.chance(0.2) ? '.' : '';
  const t = ctx.fdst();
  if (name === 'fcpsgn') {
    const a = ctx.fsrc(), b = ctx.fsrc();
    if (a < 0 || b < 0) return false;
    const single = ctx.single.has(b);
    ctx.emit(`fcpsgn${rc} ${F(t)},${F(a)},${F(b)}`, name);
    ctx.fwr(t, { single });
  } else if (name === 'fsel') {
    const a = ctx.fsrc(), c = ctx.fsrc(), b = ctx.fsrc();
    if (a < 0 || b < 0 || c < 0) return false;
    const single = ctx.single.has(b) && ctx.single.has(c);
    ctx.emit(`fsel${rc} ${F(t)},${F(a)},${F(c)},${F(b)}`, name);
    ctx.fwr(t, { single });
  } else {
    const b = ctx.fsrc();
    if (b < 0) return false;
    const single = ctx.single.has(b);
    ctx.emit(`${name}${rc} ${F(t)},${F(b)}`, name);
    ctx.fwr(t, { single });
  }
  rc1(ctx, rc);
  return true;
}

export function fpCompare(ctx) {
  const { rng } = ctx;
  const name = rng.chance(0.7) ? 'fcmpu' : 'fcmpo';
  const a = ctx.fsrc(), b = ctx.fsrc();
  if (a < 0 || b < 0) return false;
  const bf = rng.int(8);
  ctx.emit(`${name} cr${bf},${F(a)},${F(b)}`, name);
  ctx.wrCrField(bf);
  ctx.fpscrTaint = (ctx.fpscrTaint & ~FPCC) >>> 0;
  return true;
}

export function fpConvert(ctx) {
  const { rng } = ctx;
  // To integer: uses RN (the z forms truncate), so these run under any rounding mode.
  const toInt = ['fctid', 'fctidz', 'fctidu', 'fctiduz', 'fctiw', 'fctiwz', 'fctiwu', 'fctiwuz'];
  const rounding = ['frin', 'friz', 'frip', 'frim'];
  const rnDependent = ['fcfid', 'fcfidu', 'fcfids', 'fcfidus', 'frsp'];
  const pool = ctx.fpArith ? [...toInt, ...toInt, ...rounding, ...rnDependent] : [...toInt, ...rounding];
  const name = rng.pick(pool);
  const rc = rng.chance(0.2) ? '.' : '';
  const b = ctx.fsrc();
  if (b < 0) return false;
  const t = ctx.fdst();
  ctx.emit(`${name}${rc} ${F(t)},${F(b)}`, name);
  if (toInt.includes(name)) {
    ctx.fwr(t, name.startsWith('fctiw') ? { taint: HI32 } : {});
    rounded(ctx, { fprfUndef: true });
  } else if (rounding.includes(name)) {
    ctx.fwr(t, { single: ctx.single.has(b) });
    rounded(ctx);
  } else {
    ctx.fwr(t, { single: name === 'frsp' || name.endsWith('s') });
    rounded(ctx);
  }
  rc1(ctx, rc);
  return true;
}

/** FPSCR reads and writes. */
export function fpscr(ctx) {
  const { rng } = ctx;
  const kind = rng.weighted([[3, 'mffs'], [ctx.imageReg >= 0 ? 3 : 0, 'mtfsf'], [3, 'mtfsfi'], [3, 'mtfsb'], [1.5, 'mcrfs']]);
  const rc = rng.chance(0.2) && kind !== 'mcrfs' ? '.' : '';
  if (kind === 'mcrfs') {
    // CR field BF <- FPSCR field BFA (undefined bits move along); the field's exception bits clear.
    const bf = rng.int(8), bfa = rng.int(8);
    ctx.emit(`mcrfs cr${bf},${bfa}`, 'mcrfs');
    const m = (ctx.fpscrTaint & ctx.fieldMask(bfa)) >>> 0;
    ctx.wrCrField(bf, (bfa <= bf ? m >>> (4 * (bf - bfa)) : m << (4 * (bfa - bf))) >>> 0);
    return true;
  }
  if (kind === 'mffs') {
    const t = ctx.fdst();
    ctx.emit(`mffs${rc} ${F(t)}`, 'mffs');
    ctx.fwr(t, ctx.fpscrTaint ? { taint: BigInt(ctx.fpscrTaint) } : {});
  } else if (kind === 'mtfsf') {
    // The image register holds only status bits: no enables, RN = NI = 0.
    const flm = rng.weighted([[1, 0xff], [4, 1 + rng.int(255)]]);
    ctx.emit(`mtfsf${rc} ${flm},${F(ctx.imageReg)}`, 'mtfsf');
    for (let n = 0; n < 8; n++) if (flm & (0x80 >> n)) ctx.fpscrTaint = (ctx.fpscrTaint & ~ctx.fieldMask(n)) >>> 0;
    if (flm & 1) { ctx.rn = 0; ctx.fpArith = true; }
  } else if (kind === 'mtfsfi') {
    const bf = rng.int(8);
    let u;
    if (bf === 6) u = 0; // VE OE UE ZE: enables stay off
    else if (bf === 7) u = rng.int(4); // XE=NI=0, RN = u
    else if (bf === 5) u = rng.int(8); // reserved bit stays 0
    else u = rng.int(16);
    ctx.emit(`mtfsfi${rc} ${bf},${u}`, 'mtfsfi');
    ctx.fpscrTaint = (ctx.fpscrTaint & ~ctx.fieldMask(bf)) >>> 0;
    if (bf === 7) { ctx.rn = u; ctx.fpArith = u === 0; }
  } else {
    // Exception and status bits only (not FEX/VX, which are computed; not enables, NI, RN).
    const bits = [0, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 21, 22, 23];
    const bt = rng.pick(bits);
    const name = rng.chance(0.5) ? 'mtfsb0' : 'mtfsb1';
    ctx.emit(`${name}${rc} ${bt}`, name);
    ctx.fpscrTaint = (ctx.fpscrTaint & ~((0x80000000 >>> bt) >>> 0)) >>> 0;
  }
  rc1(ctx, rc);
  return true;
}

const FLOADS = [
  ['lfs', 4, 'D'], ['lfsu', 4, 'D', 1], ['lfsx', 4, 'X'], ['lfsux', 4, 'X', 1],
  ['lfd', 8, 'D'], ['lfdu', 8, 'D', 1], ['lfdx', 8, 'X'], ['lfdux', 8, 'X', 1],
  ['lfiwax', 4, 'X'], ['lfiwzx', 4, 'X'],
];
const FSTORES = [
  ['stfs', 4, 'D'], ['stfsu', 4, 'D', 1], ['stfsx', 4, 'X'], ['stfsux', 4, 'X', 1],
  ['stfd', 8, 'D'], ['stfdu', 8, 'D', 1], ['stfdx', 8, 'X'], ['stfdux', 8, 'X', 1],
  ['stfiwx', 4, 'X'],
];
export function fpMem(ctx) {
  const { rng } = ctx;
  const isLoad = rng.chance(0.55);
  const [name, width, form, update] = rng.pick(isLoad ? FLOADS : FSTORES);
  const a = address(ctx, width, form, !!update);
  if (!a) return false;
  if (isLoad) {
    const t = ctx.fdst();
    ctx.emit(`${name} ${F(t)},${a.text}`, name);
    ctx.fwr(t, { single: name.startsWith('lfs') });
  } else {
    // stfiwx stores FRS[32:63] only, so a register whose high word is undefined is fine there.
    const c = ctx.fpool.filter((f) => {
      const m = ctx.ftaint.get(f);
      return m === undefined || (name === 'stfiwx' && (m & 0xffffffffn) === 0n);
    });
    if (!c.length) return false;
    ctx.emit(`${name} ${F(rng.pick(c))},${a.text}`, name);
  }
  if (update) {
    ctx.wr(a.ra, { value: ctx.bufAddr + BigInt(a.ea) });
    ctx.addr.add(a.ra);
  }
  return true;
}
