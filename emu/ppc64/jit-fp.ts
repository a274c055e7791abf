// Block-compiler templates (see jit-gen.ts) for the double-precision arithmetic that numeric
// loops spend their time in: fmadd, fmsub, fnmadd, fnmsub, fmul, fadd, fsub without Rc.
//
// Each template inlines the common case — round to nearest, operands of moderate magnitude,
// a normal result — computed exactly as fpu.ts computes it (the same double operations in the
// same order: Dekker's product error and Knuth's TwoSum), with the FPSCR bits it sets: FX/XX/FI
// when inexact, FI cleared when exact, FPRF the sign of the normal result. Every other case
// (a NaN, an infinity, a zero or subnormal operand or result, a directed rounding mode, a fused
// sum whose rounding the double-double cannot decide) calls fpu.ts's arith with the operands
// as they are, so the two tiers share one definition of the rest. Inline, the common case
// costs no call (the interpreter's closure costs a call, arith's dispatch and a second call).
//
// The call to arith goes through the getter `Y.fp` (FP_SCOPE), as a memory access's TLB miss
// goes through `X.go` (jit-mem.ts), for the same reason: the slow path of a template often
// runs for the first time after V8 has optimized the function (a zero factor, a zero sum),
// and a call or property load V8 has never seen run throws the optimized code away — for a
// region, a recompile of tens to hundreds of milliseconds. The getter's load shares its
// feedback with the prologue's (FP_WARM), which runs it with an operation arith ignores.

import { FOp } from './fpu.js';
import type { Gen } from './jit-gen.js';
import { WARM_ENTRIES } from './jit-mem.js';

// FPSCR bits (fpu.ts) and FPRF's normal classes, as the templates write them.
const FX_XX_FI = (0x80000000 | 0x02000000 | 0x00020000) | 0, FI = 0x00020000, FPRF = 0x0001f000;
const C_PNORM = 0x04000, C_NNORM = 0x08000;
const DBL_MIN_NORMAL = '2.2250738585072014e-308';
/** fpmath.ts's fmaFast bounds: factors within 2^±450, the addend up to 2^900 (as literals). */
const FAST_MIN = String(2 ** -450), FAST_MAX = String(2 ** 450), FAST_C_MAX = String(2 ** 900);
/** Sums and products of operands up to 2^1000 stay finite. */
const ADD_MAX = String(2 ** 1000);

/** Dekker's exact error of the product p = fl(x * y), into const `pe` (fpmath.ts's prodErr). */
const prodErr = (x: string, y: string, p: string) =>
  `let q = 134217729 * ${x}; const xh = q - (q - ${x}), xl = ${x} - xh; q = 134217729 * ${y}; const yh = q - (q - ${y}), yl = ${y} - yh; ` +
  `const pe = ((xh * yh - ${p}) + xh * yl + xl * yh) + xl * yl;`;

/** Knuth's TwoSum error of s = fl(a + b) into const `name` (fpmath.ts's sumErr). */
const sumErr = (name: string, a: string, b: string, s: string) =>
  `const ${name}b = ${s} - ${a}, ${name} = (${a} - (${s} - ${name}b)) + (${b} - ${name}b);`;

/** The instruction for Y.fp, packed: operation, FRT, FRA, FRB, FRC (5 bits each from bit 4). */
const pack = (op: FOp, t: number, a: number, b: number, cc: number) => op | (t << 4) | (a << 9) | (b << 14) | (cc << 19);
/** An operation arith does nothing for (FP_WARM's). */
const NO_OP = 15;

/**
 * Declarations at the top of the source that encloses a generated function (see above). `var`
 * for the reason MISS_SCOPE's are (jit-mem.ts): a `let` or `const` read from the generated
 * function carries a check for the uninitialized value, a deoptimization point each.
 */
export const FP_SCOPE = `var xf = ${NO_OP}, xc = null, yw = ${WARM_ENTRIES};\n` +
  `var Y = { get fp() { H.arith(xc, xf & 15, (xf >>> 4) & 31, (xf >>> 9) & 31, (xf >>> 14) & 31, (xf >>> 19) & 31, false, false); return 0; } };`;
/** Prologue statements of every generated function (c: the Cpu). */
export const FP_WARM = `xc = c; if (yw !== 0) { yw--; xf = ${NO_OP}; Y.fp; }`;

/** The fast path's normal result `val` with its rounding error `err` (0: exact), for the shell. */
const result = (val: string, err: string) => `v = ${val}; er = ${err}; ok = true;`;

/**
 * The template shell: the fast path `body` sets ok with the result (see result), which goes to
 * FPR t with the FPSCR of an inexact (er !== 0) or exact normal result; else arith runs the
 * instruction (through Y.fp).
 */
function shell(op: FOp, t: number, a: number, b: number, cc: number, body: string): Gen {
  return {
    src: `{ const d = c.f; let ok = false, v = 0, er = 0; if ((c.fpscr & 3) === 0) { ${body} } ` +
      `if (ok) { d[${t}] = v; c.fpscr = ((er !== 0 ? c.fpscr | ${FX_XX_FI} : c.fpscr & ${~FI}) & ${~FPRF}) | (v > 0 ? ${C_PNORM} : ${C_NNORM}); } ` +
      `else { xf = ${pack(op, t, a, b, cc)}; Y.fp; } }`,
    mayFault: false, branch: false,
  };
}

/** Template for an opcode-63 instruction word, or null. */
export function genFp(w: number): Gen | null {
  if ((w & 1) !== 0) return null;   // Rc: CR1 as well; the closure does it
  const t = (w >>> 21) & 31, a = (w >>> 16) & 31, b = (w >>> 11) & 31, cc = (w >>> 6) & 31;
  switch ((w >>> 1) & 31) {
    case 28: case 29: case 30: case 31: {   // fmsub, fmadd, fnmsub, fnmadd: ±(A*C ± B)
      const xo = (w >>> 1) & 31;
      const op = xo === 29 ? FOp.MADD : xo === 28 ? FOp.MSUB : xo === 31 ? FOp.NMADD : FOp.NMSUB;
      const subB = xo === 28 || xo === 30, neg = xo === 30 || xo === 31;
      // fpmath.ts's fmaFastIo when its first test decides (te === 0): r is the rounding.
      return shell(op, t, a, b, cc,
        `const x = d[${a}], y = d[${cc}], z = ${subB ? '-' : ''}d[${b}]; ` +
        `const ax = x < 0 ? -x : x, ay = y < 0 ? -y : y, az = z < 0 ? -z : z; ` +
        `if (ax >= ${FAST_MIN} && ax <= ${FAST_MAX} && ay >= ${FAST_MIN} && ay <= ${FAST_MAX} && az <= ${FAST_C_MAX}) { ` +
        `const p = x * y; ${prodErr('x', 'y', 'p')} const s = p + z; ${sumErr('se', 'p', 'z', 's')} ` +
        `const tt = se + pe; ${sumErr('te', 'se', 'pe', 'tt')} const r = s + tt; ${sumErr('re', 's', 'tt', 'r')} ` +
        `if (te === 0 && (r > ${DBL_MIN_NORMAL} || r < -${DBL_MIN_NORMAL})) { ${result(neg ? '-r' : 'r', 're')} } }`);
    }
    case 25:   // fmul: A*C; factors within 2^±450 give a normal, finite product
      return shell(FOp.MUL, t, a, b, cc,
        `const x = d[${a}], y = d[${cc}]; const ax = x < 0 ? -x : x, ay = y < 0 ? -y : y; ` +
        `if (ax >= ${FAST_MIN} && ax <= ${FAST_MAX} && ay >= ${FAST_MIN} && ay <= ${FAST_MAX}) { const p = x * y; ${prodErr('x', 'y', 'p')} ${result('p', 'pe')} }`);
    case 20: case 21: {   // fsub, fadd: A ± B, a normal sum of finite operands
      const sub = ((w >>> 1) & 31) === 20;
      return shell(sub ? FOp.SUB : FOp.ADD, t, a, b, cc,
        `const x = d[${a}], y = ${sub ? '-' : ''}d[${b}]; ` +
        `if ((x < 0 ? -x : x) <= ${ADD_MAX} && (y < 0 ? -y : y) <= ${ADD_MAX}) { const s = x + y; ` +
        `if (s > ${DBL_MIN_NORMAL} || s < -${DBL_MIN_NORMAL}) { ${sumErr('e', 'x', 'y', 's')} ${result('s', 'e')} } }`);
    }
  }
  return null;
}
