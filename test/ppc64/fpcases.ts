// Floating-point cases checked against qemu-ppc64 7.2: each case sets the FPSCR and three
// source FPRs, runs one instruction, and records FRT, the FPSCR (through mffs) and the CR.
// The same machine code runs under qemu (scripts/ppc64/gen-fp-expected.ts, at development time) and under
// the engine (fp-qemu.test.ts), so only the instruction semantics can differ.

export interface FpCase {
  name: string;
  word: number;
  fpscr: bigint;
  a: bigint;
  b: bigint;
  c: bigint;
}

// Registers: f1 = A, f2 = B, f3 = C, f4 = target (preset to C), f5/f31 scratch.
const A = 1, B = 2, C = 3, T = 4;
const aform = (op: number, xo: number, rc: number, useA: boolean, useB: boolean, useC: boolean) =>
  ((op << 26) | (T << 21) | ((useA ? A : 0) << 16) | ((useB ? B : 0) << 11) | ((useC ? C : 0) << 6) | (xo << 1) | rc) >>> 0;
const xform = (xo: number, rc: number, t = T, a = 0, b = B) =>
  ((63 << 26) | (t << 21) | (a << 16) | (b << 11) | (xo << 1) | rc) >>> 0;

/** Instruction name -> word builder (rc: record form). */
export const fpOps: Record<string, (rc: number) => number> = {
  fadd: (rc) => aform(63, 21, rc, true, true, false),
  fsub: (rc) => aform(63, 20, rc, true, true, false),
  fmul: (rc) => aform(63, 25, rc, true, false, true),
  fdiv: (rc) => aform(63, 18, rc, true, true, false),
  fsqrt: (rc) => aform(63, 22, rc, false, true, false),
  fmadd: (rc) => aform(63, 29, rc, true, true, true),
  fmsub: (rc) => aform(63, 28, rc, true, true, true),
  fnmadd: (rc) => aform(63, 31, rc, true, true, true),
  fnmsub: (rc) => aform(63, 30, rc, true, true, true),
  fsel: (rc) => aform(63, 23, rc, true, true, true),
  fre: (rc) => aform(63, 24, rc, false, true, false),
  frsqrte: (rc) => aform(63, 26, rc, false, true, false),
  fadds: (rc) => aform(59, 21, rc, true, true, false),
  fsubs: (rc) => aform(59, 20, rc, true, true, false),
  fmuls: (rc) => aform(59, 25, rc, true, false, true),
  fdivs: (rc) => aform(59, 18, rc, true, true, false),
  fsqrts: (rc) => aform(59, 22, rc, false, true, false),
  fmadds: (rc) => aform(59, 29, rc, true, true, true),
  fnmsubs: (rc) => aform(59, 30, rc, true, true, true),
  fres: (rc) => aform(59, 24, rc, false, true, false),
  frsp: (rc) => xform(12, rc),
  fctiw: (rc) => xform(14, rc),
  fctiwz: (rc) => xform(15, rc),
  fctiwu: (rc) => xform(142, rc),
  fctiwuz: (rc) => xform(143, rc),
  fctid: (rc) => xform(814, rc),
  fctidz: (rc) => xform(815, rc),
  fctidu: (rc) => xform(942, rc),
  fctiduz: (rc) => xform(943, rc),
  fcfid: (rc) => xform(846, rc),
  fcfidu: (rc) => xform(974, rc),
  fcfids: (rc) => ((59 << 26) | (T << 21) | (B << 11) | (846 << 1) | rc) >>> 0,
  fcfidus: (rc) => ((59 << 26) | (T << 21) | (B << 11) | (974 << 1) | rc) >>> 0,
  frin: (rc) => xform(392, rc),
  friz: (rc) => xform(424, rc),
  frip: (rc) => xform(456, rc),
  frim: (rc) => xform(488, rc),
  fcmpu: () => ((63 << 26) | (5 << 23) | (A << 16) | (B << 11)) >>> 0,
  fcmpo: () => ((63 << 26) | (5 << 23) | (A << 16) | (B << 11) | (32 << 1)) >>> 0,
  fmr: (rc) => xform(72, rc),
  fneg: (rc) => xform(40, rc),
  fabs: (rc) => xform(264, rc),
  fnabs: (rc) => xform(136, rc),
  fcpsgn: (rc) => xform(8, rc, T, A, B),
  mtfsb1: (rc) => ((63 << 26) | (3 << 21) | (38 << 1) | rc) >>> 0,     // OX
  mtfsb0: (rc) => ((63 << 26) | (6 << 21) | (70 << 1) | rc) >>> 0,     // XX
  mtfsfi: (rc) => ((63 << 26) | (7 << 23) | (0x5 << 12) | (134 << 1) | rc) >>> 0,
  mtfsf: (rc) => ((63 << 26) | (0x3c << 17) | (B << 11) | (711 << 1) | rc) >>> 0,
  mcrfs: () => ((63 << 26) | (6 << 23) | (1 << 18) | (64 << 1)) >>> 0,
};

// ---------------------------------------------------------------- inputs

const specials: bigint[] = [
  0x0000000000000000n, 0x8000000000000000n, 0x3ff0000000000000n, 0xbff0000000000000n,
  0x7ff0000000000000n, 0xfff0000000000000n, 0x7ff8000000000000n, 0x7ff4000000000001n,
  0xfff8000000001234n, 0x7fefffffffffffffn, 0xffefffffffffffffn, 0x0010000000000000n,
  0x000fffffffffffffn, 0x8000000000000001n, 0x4000000000000000n, 0x3fe0000000000000n,
  0x3ff8000000000000n, 0x4004000000000000n, 0xc00c000000000000n, 0x41dfffffffc00000n,
  0x41e0000000000000n, 0xc1e0000000200000n, 0x43e0000000000000n, 0xc3e0000000000000n,
  0x43f0000000000000n, 0x47efffffe0000000n, 0x3690000000000000n, 0x380fffffffffffffn,
  0x3ff0000000000001n, 0x3fefffffffffffffn, 0x4330000000000000n, 0x3fe0000000000001n,
];

/** A deterministic generator (xorshift64*) so the case list is reproducible. */
export class Rng {
  private s: bigint;
  constructor(seed: bigint) { this.s = seed; }
  next(): bigint {
    let x = this.s;
    x ^= x >> 12n; x ^= (x << 25n) & 0xffffffffffffffffn; x ^= x >> 27n;
    this.s = x;
    return (x * 0x2545f4914f6cdd1dn) & 0xffffffffffffffffn;
  }
  int(n: number): number { return Number(this.next() % BigInt(n)); }
}

function f64bits(x: number): bigint {
  const b = new DataView(new ArrayBuffer(8));
  b.setFloat64(0, x);
  return b.getBigUint64(0);
}

function value(r: Rng): bigint {
  switch (r.int(8)) {
    case 0: case 1: return specials[r.int(specials.length)];
    case 2: return r.next();                                        // any bit pattern
    case 3: return f64bits((r.int(2000001) - 1000000) / (1 + r.int(1000)));  // modest values
    case 4: return f64bits(Math.fround((r.int(2000001) - 1000000) / 7));     // single-representable
    case 5: {                                                        // integers, incl. large
      const v = BigInt.asIntN(64, r.next() >> BigInt(r.int(64)));
      return f64bits(Number(v));
    }
    case 6: return (r.next() & 0x800fffffffffffffn) | (BigInt(r.int(2047)) << 52n);
    default: return r.next() & 0x801fffffffffffffn | (BigInt(1023 - 60 + r.int(120)) << 52n);
  }
}

/** Integer operands for the fcfid family. */
function intValue(r: Rng): bigint {
  switch (r.int(4)) {
    case 0: return r.next();
    case 1: return r.next() >> BigInt(r.int(64));
    case 2: return BigInt.asUintN(64, -(r.next() >> BigInt(r.int(64))));
    default: return BigInt(r.int(100000));
  }
}

export function generateCases(count: number, seed = 0x1234567887654321n): FpCase[] {
  const r = new Rng(seed);
  const names = Object.keys(fpOps);
  const out: FpCase[] = [];
  for (let k = 0; k < count; k++) {
    const name = names[k % names.length];
    const rc = r.int(4) === 0 ? 1 : 0;
    // Mostly round-to-nearest, sometimes other modes, sometimes stale flags set.
    let fpscr = BigInt(r.int(3) === 0 ? r.int(4) : 0);
    if (r.int(4) === 0) fpscr |= 0x02020000n;      // XX and FI already set
    if (r.int(8) === 0) fpscr |= BigInt(r.int(0x10000)) << 16n & 0x9ffff000n;
    const isInt = name.startsWith('fcfid');
    const v = () => (isInt ? intValue(r) : value(r));
    out.push({ name, word: fpOps[name](rc), fpscr, a: v(), b: v(), c: v() });
  }
  return out;
}

// ---------------------------------------------------------------- the shared machine code

/** Per-case words (big-endian numbering; the caller stores them in the guest's byte order). */
export function caseCode(word: number): number[] {
  const D = (op: number, rt: number, ra: number, d: number) => ((op << 26) | (rt << 21) | (ra << 16) | (d & 0xffff)) >>> 0;
  const lfd = (ft: number, off: number) => D(50, ft, 30, off);
  const stfd = (fs: number, off: number) => D(54, fs, 31, off);
  return [
    lfd(31, 0),
    ((63 << 26) | (1 << 25) | (0xff << 17) | (31 << 11) | (711 << 1)) >>> 0,   // mtfsf 0xff,f31 (L=1)
    lfd(1, 8), lfd(2, 16), lfd(3, 24),
    ((63 << 26) | (4 << 21) | (3 << 11) | (72 << 1)) >>> 0,                      // fmr f4,f3
    D(14, 9, 0, 0),                                                              // li r9,0
    ((31 << 26) | (9 << 21) | (0xff << 12) | (144 << 1)) >>> 0,                  // mtcrf 0xff,r9
    word,
    stfd(4, 0),
    ((63 << 26) | (5 << 21) | (583 << 1)) >>> 0,                                 // mffs f5
    stfd(5, 8),
    ((31 << 26) | (9 << 21) | (19 << 1)) >>> 0,                                  // mfcr r9
    (D(62, 9, 31, 16)) >>> 0,                                                    // std r9,16(r31)
    D(14, 30, 30, 32),                                                           // addi r30,r30,32
    D(14, 31, 31, 24),                                                           // addi r31,r31,24
  ];
}

/** The input table: per case fpscr, A, B, C as 64-bit values. */
export function inputTable(cases: FpCase[]): bigint[] {
  return cases.flatMap((k) => [k.fpscr, k.a, k.b, k.c]);
}
