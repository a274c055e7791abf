// Add/subtract families, multiply, divide and modulo: results, CA/CA32, OV/OV32/SO and CR0
// edge cases worked out from Power ISA v3.0 Book I (undefined results as qemu 7.2 gives them).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { arches, run, reg, u64, hex, INT64_MIN, MINUS1, crField, LT, GT, EQ, SO, enc } from './helpers.js';

const XER_SO = 0x80000000n, XER_OV = 0x40000000n, XER_CA = 0x20000000n, XER_OV32 = 0x80000n, XER_CA32 = 0x40000n;

interface Case {
  name: string;
  src: string;
  regs?: Record<string, bigint | number>;
  expect: Record<string, bigint | number>;
  cr0?: number;
}

const I64MAX = 0x7fffffffffffffffn;

const cases: Case[] = [
  { name: 'add wraps', src: 'add 3,4,5', regs: { r4: MINUS1, r5: 2 }, expect: { r3: 1 } },
  { name: 'add carries across the word boundary', src: 'add 3,4,5', regs: { r4: 0xffffffffn, r5: 1 }, expect: { r3: 0x100000000n } },
  { name: 'add. negative', src: 'add. 3,4,5', regs: { r4: -5, r5: 2 }, expect: { r3: u64(-3) }, cr0: LT },
  { name: 'add. zero', src: 'add. 3,4,5', regs: { r4: -5, r5: 5 }, expect: { r3: 0 }, cr0: EQ },
  { name: 'add. positive ignores the low word sign', src: 'add. 3,4,5', regs: { r4: 0x180000000n, r5: 0 }, expect: { r3: 0x180000000n }, cr0: GT },
  { name: 'addo overflow sets OV, OV32 only if the low word overflows, SO sticky', src: 'addo 3,4,5\nmfxer 6', regs: { r4: I64MAX, r5: 1 },
    expect: { r3: INT64_MIN, r6: XER_SO | XER_OV } },
  { name: 'addo 32-bit overflow only: OV32 without OV', src: 'addo 3,4,5\nmfxer 6', regs: { r4: 0x7fffffff, r5: 1 },
    expect: { r3: 0x80000000n, r6: XER_OV32 } },
  { name: 'addo. SO shows in CR0', src: 'addo. 3,4,5', regs: { r4: INT64_MIN, r5: MINUS1 }, expect: { r3: I64MAX }, cr0: GT | SO },
  { name: 'addc -1 + 1 carries out of both halves', src: 'addc 3,4,5\nmfxer 6', regs: { r4: MINUS1, r5: 1 }, expect: { r3: 0, r6: XER_CA | XER_CA32 } },
  { name: 'addc low-word carry only', src: 'addc 3,4,5\nmfxer 6', regs: { r4: 0xffffffffn, r5: 1 }, expect: { r3: 0x100000000n, r6: XER_CA32 } },
  { name: 'adde uses CA', src: 'addc 3,4,5\nadde 6,7,8\nmfxer 9', regs: { r4: MINUS1, r5: 1, r7: 10, r8: 20 }, expect: { r6: 31, r9: 0 } },
  { name: 'adde chains a 128-bit add', src: 'addc 3,4,5\nadde 6,7,8', regs: { r4: MINUS1, r5: 2, r7: 1, r8: MINUS1 }, expect: { r3: 1, r6: 1 } },
  { name: 'addze adds CA', src: 'addic 3,4,1\naddze 6,7\nmfxer 8', regs: { r4: MINUS1, r7: 41 }, expect: { r3: 0, r6: 42, r8: 0 } },
  { name: 'addme: RA + CA - 1', src: 'addme 3,4\nmfxer 5', regs: { r4: 0 }, expect: { r3: MINUS1, r5: 0 } },
  { name: 'addme with CA set: 0 + 1 - 1 carries out', src: 'addic 9,9,-1\naddme 3,4\nmfxer 5', regs: { r9: 1, r4: 0 }, expect: { r3: 0, r5: XER_CA | XER_CA32 } },
  { name: 'subf', src: 'subf 3,4,5', regs: { r4: 7, r5: 5 }, expect: { r3: u64(-2) } },
  { name: 'subf. sets CR0 LT', src: 'subf. 3,4,5', regs: { r4: 7, r5: 5 }, expect: { r3: u64(-2) }, cr0: LT },
  { name: 'subfc: CA = no borrow', src: 'subfc 3,4,5\nmfxer 6', regs: { r4: 5, r5: 5 }, expect: { r3: 0, r6: XER_CA | XER_CA32 } },
  { name: 'subfc borrow clears CA', src: 'subfc 3,4,5\nmfxer 6', regs: { r4: 6, r5: 5 }, expect: { r3: MINUS1, r6: 0 } },
  { name: 'subfe with borrow', src: 'subfc 3,4,5\nsubfe 6,7,8', regs: { r4: 1, r5: 0, r7: 0, r8: 5 }, expect: { r3: MINUS1, r6: 4 } },
  { name: 'subfze', src: 'subfze 3,4\nmfxer 5', regs: { r4: 0 }, expect: { r3: MINUS1, r5: 0 } },
  { name: 'subfme', src: 'subfme 3,4\nmfxer 5', regs: { r4: 0 }, expect: { r3: u64(-2), r5: XER_CA | XER_CA32 } },
  { name: 'subfo overflow', src: 'subfo 3,4,5\nmfxer 6', regs: { r4: 1, r5: INT64_MIN }, expect: { r3: I64MAX, r6: XER_SO | XER_OV } },
  { name: 'neg', src: 'neg 3,4', regs: { r4: 1 }, expect: { r3: MINUS1 } },
  { name: 'neg of a multiple of 2^32', src: 'neg 3,4', regs: { r4: 0x100000000n }, expect: { r3: 0xffffffff00000000n } },
  { name: 'nego INT64_MIN overflows', src: 'nego 3,4\nmfxer 5', regs: { r4: INT64_MIN }, expect: { r3: INT64_MIN, r5: XER_SO | XER_OV } },
  { name: 'nego of 0x80000000 sets OV32 only', src: 'nego 3,4\nmfxer 5', regs: { r4: 0x80000000n }, expect: { r3: 0xffffffff80000000n, r5: XER_OV32 } },
  { name: 'addi/addis/li/lis', src: 'li 3,-1\nlis 4,-32768\naddi 5,6,-32768\naddis 7,6,0x7fff', regs: { r6: 0x10000 },
    expect: { r3: MINUS1, r4: 0xffffffff80000000n, r5: 0x8000n, r7: 0x7fff0000n + 0x10000n } },
  { name: 'addi borrow into the high word', src: 'addi 3,4,-1', regs: { r4: 0x100000000n }, expect: { r3: 0xffffffffn } },
  { name: 'addic. sets CA and CR0', src: 'addic. 3,4,1\nmfxer 5', regs: { r4: MINUS1 }, expect: { r3: 0, r5: XER_CA | XER_CA32 }, cr0: EQ },
  { name: 'subfic: imm - RA with CA', src: 'subfic 3,4,10\nmfxer 5', regs: { r4: 3 }, expect: { r3: 7, r5: XER_CA | XER_CA32 } },
  { name: 'subfic borrow', src: 'subfic 3,4,0\nmfxer 5', regs: { r4: 1 }, expect: { r3: MINUS1, r5: 0 } },
  // multiply
  { name: 'mulld low 64 bits', src: 'mulld 3,4,5', regs: { r4: 0x123456789n, r5: 0x987654321n }, expect: { r3: u64(0x123456789n * 0x987654321n) } },
  { name: 'mulld negative', src: 'mulld 3,4,5', regs: { r4: -3, r5: 0x100000001n }, expect: { r3: u64(-3n * 0x100000001n) } },
  { name: 'mulldo overflow', src: 'mulldo 3,4,5\nmfxer 6', regs: { r4: 0x100000000n, r5: 0x100000000n }, expect: { r3: 0, r6: XER_SO | XER_OV | XER_OV32 } },
  { name: 'mulldo INT64_MIN * -1', src: 'mulldo 3,4,5\nmfxer 6', regs: { r4: INT64_MIN, r5: MINUS1 }, expect: { r3: INT64_MIN, r6: XER_SO | XER_OV | XER_OV32 } },
  { name: 'mulldo no overflow', src: 'mulldo 3,4,5\nmfxer 6', regs: { r4: -0x80000000n, r5: 0x100000000n }, expect: { r3: INT64_MIN, r6: 0 } },
  { name: 'mulli', src: 'mulli 3,4,-7', regs: { r4: 0x100000000n }, expect: { r3: u64(-7n * 0x100000000n) } },
  { name: 'mullw: full 64-bit signed product of the low words', src: 'mullw 3,4,5', regs: { r4: 0xffffffff_80000000n, r5: 0x2_00000002n }, expect: { r3: u64(-0x80000000n * 2n) } },
  { name: 'mullwo overflow', src: 'mullwo 3,4,5\nmfxer 6', regs: { r4: 0x10000, r5: 0x10000 }, expect: { r3: 0x100000000n, r6: XER_SO | XER_OV | XER_OV32 } },
  { name: 'mulhw (high word, upper half zero as qemu)', src: 'mulhw 3,4,5', regs: { r4: -7, r5: 100 }, expect: { r3: 0xffffffffn } },
  { name: 'mulhwu', src: 'mulhwu 3,4,5', regs: { r4: 0xffffffffn, r5: 0xffffffffn }, expect: { r3: 0xfffffffen } },
  { name: 'mulhw. (CR0 from the zero-extended register, both tiers)', src: 'mulhw. 3,4,5\nmfcr 6', regs: { r4: -7, r5: 100 }, expect: { r3: 0xffffffffn, r6: 0x40000000n } },
  { name: 'mulhwu. of zero', src: 'mulhwu. 3,4,5\nmfcr 6', regs: { r4: 0xffffffffn, r5: 0 }, expect: { r3: 0n, r6: 0x20000000n } },
  { name: 'mulhdu', src: 'mulhdu 3,4,5', regs: { r4: MINUS1, r5: MINUS1 }, expect: { r3: 0xfffffffffffffffen } },
  { name: 'mulhd', src: 'mulhd 3,4,5', regs: { r4: MINUS1, r5: MINUS1 }, expect: { r3: 0 } },
  { name: 'mulhd INT64_MIN^2', src: 'mulhd 3,4,5', regs: { r4: INT64_MIN, r5: INT64_MIN }, expect: { r3: 0x4000000000000000n } },
  { name: 'mulhd mixed signs', src: 'mulhd 3,4,5', regs: { r4: -2, r5: I64MAX }, expect: { r3: MINUS1 } },
  { name: 'maddld', src: '.word ' + enc.VA(4, 3, 4, 5, 6, 51), regs: { r4: MINUS1, r5: 3, r6: 10 }, expect: { r3: 7 } },
  { name: 'maddhd', src: '.word ' + enc.VA(4, 3, 4, 5, 6, 48), regs: { r4: MINUS1, r5: 3, r6: 1 }, expect: { r3: MINUS1 } },
  { name: 'maddhd carry out of low half', src: '.word ' + enc.VA(4, 3, 4, 5, 6, 48), regs: { r4: INT64_MIN, r5: 2, r6: INT64_MIN }, expect: { r3: u64(-2) } },
  { name: 'maddhdu', src: '.word ' + enc.VA(4, 3, 4, 5, 6, 49), regs: { r4: MINUS1, r5: MINUS1, r6: MINUS1 }, expect: { r3: MINUS1 } },
  // divide
  { name: 'divd truncates toward zero', src: 'divd 3,4,5', regs: { r4: -7, r5: 2 }, expect: { r3: u64(-3) } },
  { name: 'divd large', src: 'divd 3,4,5', regs: { r4: INT64_MIN, r5: 3 }, expect: { r3: u64(-(2n ** 63n) / 3n) } },
  { name: 'divdu large', src: 'divdu 3,4,5', regs: { r4: MINUS1, r5: 10 }, expect: { r3: MINUS1 / 10n } },
  { name: 'divdu by a 64-bit divisor', src: 'divdu 3,4,5', regs: { r4: MINUS1, r5: 0x100000001n }, expect: { r3: MINUS1 / 0x100000001n } },
  { name: 'divd by zero gives the dividend (qemu), OV set', src: 'divdo 3,4,5\nmfxer 6', regs: { r4: 1234, r5: 0 }, expect: { r3: 1234, r6: XER_SO | XER_OV | XER_OV32 } },
  { name: 'divd INT64_MIN/-1 gives INT64_MIN (qemu)', src: 'divdo. 3,4,5\nmfxer 6', regs: { r4: INT64_MIN, r5: MINUS1 }, expect: { r3: INT64_MIN, r6: XER_SO | XER_OV | XER_OV32 }, cr0: LT | SO },
  { name: 'divdu by zero', src: 'divdu 3,4,5', regs: { r4: MINUS1, r5: 0 }, expect: { r3: MINUS1 } },
  { name: 'divw: word quotient, zero-extended', src: 'divw 3,4,5', regs: { r4: -100, r5: 7 }, expect: { r3: 0xfffffff2n } },
  { name: 'divw ignores high words', src: 'divw 3,4,5', regs: { r4: 0x5_00000064n, r5: 0x7_00000005n }, expect: { r3: 20 } },
  { name: 'divwu', src: 'divwu 3,4,5', regs: { r4: 0xfffffff0n, r5: 0x10 }, expect: { r3: 0x0fffffffn } },
  { name: 'divw by zero (qemu: dividend)', src: 'divwo 3,4,5\nmfxer 6', regs: { r4: 100, r5: 0 }, expect: { r3: 100, r6: XER_SO | XER_OV | XER_OV32 } },
  { name: 'divw INT32_MIN/-1', src: 'divwo 3,4,5', regs: { r4: -0x80000000n, r5: -1 }, expect: { r3: 0x80000000n } },
  { name: 'divwu. CR0 from the zero-extended register (qemu)', src: 'divwu. 3,4,5', regs: { r4: 0xfffffff0n, r5: 1 }, expect: { r3: 0xfffffff0n }, cr0: GT },
  { name: 'modsd', src: '.word ' + enc.X(31, 3, 4, 5, 777), regs: { r4: -7, r5: 3 }, expect: { r3: u64(-1) } },
  { name: 'modud', src: '.word ' + enc.X(31, 3, 4, 5, 265), regs: { r4: MINUS1, r5: 10 }, expect: { r3: 5 } },
  { name: 'modsw sign-extends', src: '.word ' + enc.X(31, 3, 4, 5, 779), regs: { r4: -7, r5: 3 }, expect: { r3: MINUS1 } },
  { name: 'moduw', src: '.word ' + enc.X(31, 3, 4, 5, 267), regs: { r4: 0xffffffffn, r5: 10 }, expect: { r3: 5 } },
  { name: 'mod by zero is 0 (qemu)', src: '.word ' + enc.X(31, 3, 4, 5, 777) + '\n.word ' + enc.X(31, 6, 4, 5, 267), regs: { r4: 9, r5: 0 }, expect: { r3: 0, r6: 0 } },
  { name: 'modsd INT64_MIN % -1 = 0', src: '.word ' + enc.X(31, 3, 4, 5, 777), regs: { r4: INT64_MIN, r5: MINUS1 }, expect: { r3: 0 } },
  { name: 'divdeu', src: 'divdeu 3,4,5', regs: { r4: 1, r5: 4 }, expect: { r3: 0x4000000000000000n } },
  { name: 'divdeu overflow gives 0 (qemu)', src: 'divdeuo 3,4,5\nmfxer 6', regs: { r4: 4, r5: 4 }, expect: { r3: 0, r6: XER_SO | XER_OV | XER_OV32 } },
  { name: 'divde negative', src: 'divde 3,4,5', regs: { r4: MINUS1, r5: 4 }, expect: { r3: 0xc000000000000000n } },
  { name: 'divweu', src: 'divweu 3,4,5', regs: { r4: 1, r5: 2 }, expect: { r3: 0x80000000n } },
  { name: 'divwe', src: 'divwe 3,4,5', regs: { r4: 1, r5: 4 }, expect: { r3: 0x40000000n } },
];

for (const arch of arches) {
  for (const c of cases) {
    test(`${arch.name}: ${c.name}`, async () => {
      const e = await run(arch, c.src, { regs: c.regs });
      for (const [r, v] of Object.entries(c.expect)) {
        assert.equal(hex(reg(e, r)), hex(u64(v)), `${r} after "${c.src}"`);
      }
      if (c.cr0 !== undefined) assert.equal(crField(e, 0), c.cr0, 'CR0');
    });
  }
}

// Carries, borrows and signed high words over operand pairs whose low words carry or not, with
// either sign: the compiled templates compute them with masks rather than compares (jit-gen.ts:
// carry32), so every combination of the operands' bit 31 and the result's is checked, in
// both tiers, against 64-bit arithmetic done here.
const EDGE = [0n, 1n, 0x7fffffffn, 0x80000000n, 0xffffffffn, 0x100000000n, 0x7fffffffffffffffn, INT64_MIN, MINUS1,
  0x9e3779b97f4a7c15n, 0x00000001c0000001n, 0xfffffffe7ffffffen];
const M64 = (1n << 64n) - 1n;
const s32 = (v: bigint) => BigInt.asIntN(32, v);
for (const arch of arches) {
  test(`${arch.name}: add, addi/addis, subf, addc/adde, subfc/subfe, mullw, mulhw(u) over edge pairs`, async () => {
    for (const a of EDGE) {
      for (const b of EDGE) {
        const src = 'add 3,4,5\nsubf 6,4,5\naddc 7,4,5\nmfxer 8\nadde 9,5,4\nmfxer 10\nsubfc 11,4,5\nmfxer 12\n' +
          'subfe 13,5,4\nmfxer 14\nmullw 15,4,5\nmulhw 16,4,5\nmulhwu 17,4,5\n' +
          'addi 18,4,1\naddi 19,4,-1\naddis 20,4,0x3c6f\naddis 21,4,-16\naddi 22,5,-3233\naddi 23,5,0';
        const e = await run(arch, src, { regs: { r4: a, r5: b } });
        const xer = (full: bigint, lo: bigint) => (full >> 64n !== 0n ? XER_CA : 0n) | (lo >> 32n !== 0n ? XER_CA32 : 0n);
        const sum = a + b, sumLo = (a & 0xffffffffn) + (b & 0xffffffffn);
        const cIn = sum >> 64n;
        const sum2 = b + a + cIn, sum2Lo = (b & 0xffffffffn) + (a & 0xffffffffn) + cIn;
        const nA = ~a & M64;
        const dif = nA + b + 1n, difLo = (nA & 0xffffffffn) + (b & 0xffffffffn) + 1n;
        const bIn = dif >> 64n;
        const nB = ~b & M64;
        const dif2 = nB + a + bIn, dif2Lo = (nB & 0xffffffffn) + (a & 0xffffffffn) + bIn;
        const want: Record<string, bigint> = {
          r3: sum & M64, r6: (b - a) & M64,
          r7: sum & M64, r8: xer(sum, sumLo),
          r9: sum2 & M64, r10: xer(sum2, sum2Lo),
          r11: dif & M64, r12: xer(dif, difLo),
          r13: dif2 & M64, r14: xer(dif2, dif2Lo),
          r15: u64(s32(a) * s32(b)), r16: u64(s32(a) * s32(b)) >> 32n,
          r17: ((a & 0xffffffffn) * (b & 0xffffffffn)) >> 32n,
          r18: (a + 1n) & M64, r19: (a - 1n) & M64, r20: (a + 0x3c6f0000n) & M64, r21: (a - 0x100000n) & M64,
          r22: (b - 3233n) & M64, r23: b,
        };
        for (const [r, v] of Object.entries(want)) assert.equal(hex(reg(e, r)), hex(v), `${r} for ${hex(a)}, ${hex(b)}`);
      }
    }
  });
}
