// One generated case: an initial machine state and a short instruction sequence. Cases come in
// themes (integer ALU, memory, forward branches, floating point), each with its own mix of
// families, so sequences chain related operations instead of drawing from everything at once.
import { Ctx, BUF_SIZE } from './ctx.mjs';
import { Rng, gprValue, fprValue, u64, doubleBits, bitsDouble } from './rng.mjs';
import * as I from './int-families.mjs';
import * as M from './mem-families.mjs';
import * as FP from './fp-families.mjs';
import { branch } from './branch-families.mjs';

/** Values of the registers a case does not use: distinct per register, same in every case. */
export const BASE_GPR = Array.from({ length: 32 }, (_, r) => u64(0x0101010101010101n * BigInt(r + 1) ^ 0x8040201008040201n ^ (BigInt(r) << 40n)));
export const BASE_FPR = Array.from({ length: 32 }, (_, f) => doubleBits((f + 1) * 1.25 - 7));

/** Fixed buffer patterns a case starts from: random bytes, and slots of doubles / singles. */
export function makePatterns() {
  const rng = new Rng(0x5eed);
  const pats = [];
  for (let p = 0; p < 8; p++) {
    const b = new Uint8Array(BUF_SIZE);
    const dv = new DataView(b.buffer);
    for (let i = 0; i < BUF_SIZE; i++) b[i] = rng.u32() & 0xff;
    if (p >= 4) {
      for (let i = 0; i < BUF_SIZE; i += 8) {
        // Stored big-endian: a little-endian guest reads them byte-swapped, which is just
        // another bit pattern (the point is a mix of meaningful doubles/singles and noise).
        if (p < 6) dv.setBigUint64(i, fprValue(rng, p === 5));
        else { dv.setFloat32(i, bitsDouble(fprValue(rng, false))); dv.setFloat32(i + 4, rng.int(2000) - 1000); }
      }
    }
    pats.push(b);
  }
  return pats;
}

const INT_FAMILIES = [
  [10, 'arith3', I.arith3], [5, 'arith2', I.arith2], [6, 'divide', I.divide], [6, 'immediate', I.immediate],
  [6, 'logic3', I.logic3], [4, 'logicImm', I.logicImm], [7, 'unary', I.unary], [2, 'other3', I.other3],
  [2, 'madd', I.madd], [2, 'divideExtended', I.divideExtended], [1.5, 'trap', I.trap], [6, 'compare', I.compare], [3, 'select', I.select], [8, 'rotate', I.rotate],
  [8, 'shift', I.shift], [4, 'crLogic', I.crLogic], [4, 'crMove', I.crMove], [4, 'spr', I.spr],
];
// Branch cases must stay fully defined on every path, so nothing there produces undefined bits.
const BRANCH_ALU = INT_FAMILIES.filter(([, n]) => n !== 'divide' && n !== 'divideExtended')
  .map(([w, n, f]) => (n === 'arith3' ? [w, n, (c) => I.arith3(c, { defined: true })] : [w, n, f]));

function familiesFor(theme, le) {
  switch (theme) {
    case 'int': return INT_FAMILIES;
    case 'mem': return [
      [10, 'load', M.load], [8, 'store', M.store], [le ? 0 : 1.5, 'multiple', M.multiple],
      [2, 'atomic', M.atomic], [1.5, 'cache', M.cache],
      ...INT_FAMILIES.map(([w, n, f]) => [w * 0.25, n, f]),
    ];
    case 'branch': return BRANCH_ALU;
    case 'fp': return [
      [10, 'fpArith', FP.fpArith], [4, 'fpMove', FP.fpMove], [3, 'fpCompare', FP.fpCompare],
      [6, 'fpConvert', FP.fpConvert], [3, 'fpscr', FP.fpscr], [5, 'fpMem', FP.fpMem],
      [1, 'crMove', I.crMove], [0.5, 'crLogic', I.crLogic], [0.5, 'select', I.select],
    ];
  }
  throw new Error(theme);
}

const XER_BITS = [0x80000000n, 0x40000000n, 0x20000000n, 0x80000n, 0x40000n]; // SO OV CA OV32 CA32
// FPSCR bits a starting state may hold: exception/status bits only (no enables, NI or RN).
const FPSCR_STATUS = 0x80000000 | 0x1f000000 | 0x00f80000 | 0x00060000 | 0x0001f000 | 0x00000700;
const FPSCR_VXANY = 0x01f80000 | 0x00000700;

function isSingle(bits) {
  const exp = (bits >> 52n) & 0x7ffn;
  if (exp === 0x7ffn) return (bits & 0x1fffffffn) === 0n; // inf, or a NaN whose payload fits
  const d = bitsDouble(bits);
  return Math.fround(d) === d;
}

/**
 * Build case `caseId`. Returns { theme, lines, init, pool, fpool, ign, families }.
 * `bufAddr` is where the scratch buffer lives in the harness (addresses in registers use it).
 */
export function makeCase(rng, { caseId, le, bufAddr, patterns, fp = true }) {
  const theme = rng.weighted([[38, 'int'], [22, 'mem'], [14, 'branch'], [fp ? 26 : 0, 'fp']]);
  const ctx = new Ctx(rng, { le, theme, bufAddr, caseId });
  const init = {
    gpr: BASE_GPR.slice(), fpr: BASE_FPR.slice(), cr: 0, xer: 0n, lr: 0n, ctr: 0n, fpscr: 0,
    mem: patterns[0], pattern: 0,
  };
  init.gpr[1] = 0n;

  // ---- registers this case uses ----
  const k = { int: rng.range(3, 6), mem: rng.range(4, 7), branch: rng.range(3, 6), fp: rng.range(2, 4) }[theme];
  const gprs = [0, ...Array.from({ length: 30 }, (_, i) => i + 2)];
  ctx.pool = rng.sample(gprs, k).sort((a, b) => a - b);
  for (const r of ctx.pool) init.gpr[r] = gprValue(rng);
  if (theme === 'mem' || (theme === 'fp' && rng.chance(0.7))) {
    const cand = rng.sample(ctx.pool.filter((r) => r !== 0), ctx.pool.length);
    const nb = Math.min(cand.length, rng.range(1, 2));
    const ni = Math.min(cand.length - nb, rng.range(0, 2));
    for (let i = 0; i < nb; i++) {
      const r = cand[i];
      let off = rng.int(BUF_SIZE);
      if (rng.chance(0.5)) off -= off % 8;
      init.gpr[r] = bufAddr + BigInt(off);
      ctx.addr.add(r);
    }
    for (let i = nb; i < nb + ni; i++) {
      const r = cand[i];
      let v = rng.range(-64, 64);
      if (rng.chance(0.5)) v -= v % 8;
      init.gpr[r] = u64(v);
      ctx.index.add(r);
    }
    init.pattern = rng.int(patterns.length);
    init.mem = patterns[init.pattern];
  }
  for (const r of ctx.pool) ctx.known.set(r, init.gpr[r]);

  if (theme === 'fp') {
    ctx.fpool = rng.sample(Array.from({ length: 32 }, (_, i) => i), rng.range(3, 5)).sort((a, b) => a - b);
    const special = rng.chance(0.3);
    for (const f of ctx.fpool) {
      init.fpr[f] = fprValue(rng, special);
      if (isSingle(init.fpr[f])) ctx.single.add(f);
    }
    if (rng.chance(0.35)) {
      const f = rng.pick(ctx.fpool);
      init.fpr[f] = (BigInt(rng.u32()) << 32n) | BigInt((rng.u32() & FPSCR_STATUS) >>> 0);
      ctx.single.delete(f);
      if (isSingle(init.fpr[f])) ctx.single.add(f);
      ctx.imageReg = f;
    }
    if (rng.chance(0.3)) {
      let v = rng.u32() & FPSCR_STATUS;
      if (v & FPSCR_VXANY) v |= 0x20000000; // VX summarises the VX* bits
      init.fpscr = v >>> 0;
    }
    if (rng.chance(0.15)) {
      ctx.rn = rng.range(1, 3);
      ctx.fpArith = false;
      init.fpscr = (init.fpscr | ctx.rn) >>> 0;
    }
  }

  // ---- special registers ----
  init.cr = rng.weighted([[5, rng.u32()], [1, 0], [1, 0xffffffff], [1, 0x20000000]]) >>> 0;
  for (const b of XER_BITS) if (rng.chance(0.3)) init.xer |= b;
  if (rng.chance(0.1)) init.xer |= BigInt(rng.int(128));
  init.lr = rng.chance(0.5) ? rng.u64() : gprValue(rng);
  init.ctr = theme === 'branch' && rng.chance(0.7) ? BigInt(rng.pick([0, 1, 2, 3])) : gprValue(rng);

  // ---- the sequence ----
  const n = rng.chance(0.3) ? 1 : rng.range(2, 8);
  const fams = familiesFor(theme, le);
  const labelsAt = new Map(); // position -> labels to place before the item there
  for (let pos = 0; pos < n; pos++) {
    for (const l of labelsAt.get(pos) ?? []) ctx.lines.push(`${l}:`);
    if (theme === 'branch' && rng.chance(0.4)) {
      const to = Math.min(n, pos + 1 + rng.int(3));
      const l = ctx.label();
      if (!labelsAt.has(to)) labelsAt.set(to, []);
      labelsAt.get(to).push(l);
      branch(ctx, l);
      continue;
    }
    let done = false;
    for (let tries = 0; tries < 30 && !done; tries++) done = rng.weighted(fams.map(([w, name, f]) => [w, f]))(ctx);
    if (!done) I.logic3(ctx) || ctx.emit('nop', 'nop');
  }
  for (const l of labelsAt.get(n) ?? []) ctx.lines.push(`${l}:`);

  return {
    theme, lines: ctx.lines, init, pool: ctx.pool, fpool: ctx.fpool, ign: ctx.ignoreMasks(),
    families: [...ctx.families].sort(),
  };
}
