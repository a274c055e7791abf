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

import { FOp } from './fpu.js';
import type { Gen } from './jit-gen.js';

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

/**
 * Write the normal result in local `v` to FPR t with the FPSCR of an inexact (err !== 0) or
 * exact result, then mark the instruction done.
 */
const deliver = (t: number, err: string) =>
  `d[${t}] = v; c.fpscr = ((${err} !== 0 ? c.fpscr | ${FX_XX_FI} : c.fpscr & ${~FI}) & ${~FPRF}) | (v > 0 ? ${C_PNORM} : ${C_NNORM}); ok = true;`;

/** The template shell: the fast path `body` sets ok, else arith runs the instruction. */
function shell(op: FOp, t: number, a: number, b: number, cc: number, body: string): Gen {
  return {
    src: `{ const d = c.f; let ok = false; if ((c.fpscr & 3) === 0) { ${body} } if (!ok) H.arith(c, ${op}, ${t}, ${a}, ${b}, ${cc}, false, false); }`,
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
        `if (te === 0 && (r > ${DBL_MIN_NORMAL} || r < -${DBL_MIN_NORMAL})) { const v = ${neg ? '-r' : 'r'}; ${deliver(t, 're')} } }`);
    }
    case 25:   // fmul: A*C; factors within 2^±450 give a normal, finite product
      return shell(FOp.MUL, t, a, b, cc,
        `const x = d[${a}], y = d[${cc}]; const ax = x < 0 ? -x : x, ay = y < 0 ? -y : y; ` +
        `if (ax >= ${FAST_MIN} && ax <= ${FAST_MAX} && ay >= ${FAST_MIN} && ay <= ${FAST_MAX}) { const v = x * y; ${prodErr('x', 'y', 'v')} ${deliver(t, 'pe')} }`);
    case 20: case 21: {   // fsub, fadd: A ± B, a normal sum of finite operands
      const sub = ((w >>> 1) & 31) === 20;
      return shell(sub ? FOp.SUB : FOp.ADD, t, a, b, cc,
        `const x = d[${a}], y = ${sub ? '-' : ''}d[${b}]; ` +
        `if ((x < 0 ? -x : x) <= ${ADD_MAX} && (y < 0 ? -y : y) <= ${ADD_MAX}) { const v = x + y; ` +
        `if (v > ${DBL_MIN_NORMAL} || v < -${DBL_MIN_NORMAL}) { ${sumErr('e', 'x', 'y', 'v')} ${deliver(t, 'e')} } }`);
    }
  }
  return null;
}
