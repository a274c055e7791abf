// One case of the vector suite (`gen.mjs --vec`): a pool of VSRs (some FPR-overlapping VSR
// 0-31, some AltiVec VRs 32-63) with doubles, singles, integer edge values or noise, a few
// GPRs, random CR, FPSCR status bits (round to nearest, as the scalar suite's arithmetic: in
// the directed modes qemu 7.2's underflow reporting is not reproduced) and VSCR (NJ, SAT),
// then 1-6 instructions from the vector families.
import { Ctx } from './ctx.mjs';
import { gprValue, fprValue, bitsDouble } from './rng.mjs';
import { BASE_GPR, BASE_FPR } from './cases.mjs';
import { VEC_FAMILIES } from './vec-families.mjs';

/** Values of the VSRs a case does not use (doubleword 1; doubleword 0 of VSR 0-31 is the FPR's). */
export const BASE_VSR = Array.from({ length: 64 }, (_, i) => [
  i < 32 ? BASE_FPR[i] : BigInt.asUintN(64, 0x0123456789abcdefn * BigInt(i + 1)),
  BigInt.asUintN(64, 0xfedcba9876543210n ^ (BigInt(i) * 0x0101010101010101n)),
]);

const FPSCR_STATUS = 0x80000000 | 0x1f000000 | 0x00f80000 | 0x00060000 | 0x0001f000 | 0x00000700;
const FPSCR_VXANY = 0x01f80000 | 0x00000700;

const SPECIAL_F = [0x7f800000, 0xff800000, 0x7fc00000, 0xffc00123, 0x7fa00000 /* signalling */, 0x00000001,
  0x80400000 /* denormal */, 0x00800000, 0x7f7fffff, 0, 0x80000000, 0x3f800000, 0x4f000000, 0xcf000000, 0x4f800000];
const EDGE_W = [0, 1, 0xffffffff, 0x7fffffff, 0x80000000, 0x7f7f7f7f, 0x80808080, 0xffff0000, 0x0000ffff, 0x00ff00ff, 0x7fff8000];

function singleBits(rng) {
  const k = rng.weighted([[10, 'double'], [3, 'special'], [3, 'int'], [2, 'raw']]);
  const dv = new DataView(new ArrayBuffer(4));
  switch (k) {
    case 'double': dv.setFloat32(0, bitsDouble(fprValue(rng, false))); return dv.getUint32(0);
    case 'special': return rng.pick(SPECIAL_F) >>> 0;
    case 'int': dv.setFloat32(0, (rng.chance(0.5) ? -1 : 1) * rng.int(1 << 24) / (rng.chance(0.5) ? 1 : 2 ** rng.int(10))); return dv.getUint32(0);
    default: return rng.u32() >>> 0;
  }
}

function vsrValue(rng) {
  const kind = rng.weighted([[8, 'dp'], [8, 'sp'], [6, 'int'], [2, 'rand']]);
  const w2d = (a, b) => (BigInt(a >>> 0) << 32n) | BigInt(b >>> 0);
  switch (kind) {
    case 'dp': return [fprValue(rng, rng.chance(0.3)), fprValue(rng, rng.chance(0.3))];
    case 'sp': return [w2d(singleBits(rng), singleBits(rng)), w2d(singleBits(rng), singleBits(rng))];
    case 'int': {
      const w = () => (rng.chance(0.5) ? rng.pick(EDGE_W) : rng.chance(0.5) ? rng.int(512) - 256 : rng.u32()) >>> 0;
      return [w2d(w(), w()), w2d(w(), w())];
    }
    default: return [rng.u64(), rng.u64()];
  }
}

export function makeVecCase(rng, { caseId, le, bufAddr, patterns }) {
  const ctx = new Ctx(rng, { le, theme: 'vec', bufAddr, caseId });
  const init = {
    gpr: BASE_GPR.slice(), fpr: BASE_FPR.slice(), vsr: BASE_VSR.map((d) => d.slice()),
    cr: 0, xer: 0n, lr: 0n, ctr: 0n, fpscr: 0, vscr: 0x00010000, mem: patterns[0], pattern: 0,
  };
  init.gpr[1] = 0n;
  const gprs = [0, ...Array.from({ length: 30 }, (_, i) => i + 2)];
  ctx.pool = rng.sample(gprs, rng.range(2, 4)).sort((a, b) => a - b);
  for (const r of ctx.pool) init.gpr[r] = gprValue(rng);
  const low = rng.sample(Array.from({ length: 32 }, (_, i) => i), rng.range(1, 3));
  const high = rng.sample(Array.from({ length: 32 }, (_, i) => 32 + i), rng.range(2, 4));
  ctx.vpool = [...low, ...high].sort((a, b) => a - b);
  for (const x of ctx.vpool) init.vsr[x] = vsrValue(rng);
  for (let i = 0; i < 32; i++) init.fpr[i] = init.vsr[i][0];

  if (rng.chance(0.3)) {
    let v = rng.u32() & FPSCR_STATUS;
    if (v & FPSCR_VXANY) v |= 0x20000000;
    init.fpscr = v >>> 0;
  }
  init.vscr = ((rng.chance(0.7) ? 0x00010000 : 0) | (rng.chance(0.2) ? 1 : 0)) >>> 0;
  init.cr = rng.u32() >>> 0;
  init.lr = gprValue(rng);
  init.ctr = gprValue(rng);

  const n = rng.chance(0.4) ? 1 : rng.range(2, 6);
  for (let pos = 0; pos < n; pos++) rng.weighted(VEC_FAMILIES.map(([w, , f]) => [w, f]))(ctx);
  return {
    theme: 'vec', lines: ctx.lines, init, pool: ctx.pool, fpool: [], vpool: ctx.vpool, ign: ctx.ignoreMasks(),
    families: [...ctx.families].sort(),
  };
}
