// Logical, extend, count, compare, isel, rotate and shift instructions (Power ISA v3.0 Book I).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { arches, run, reg, u64, hex, INT64_MIN, MINUS1, crField, LT, GT, EQ, SO, enc } from './helpers.js';

const XER_CA = 0x20000000n, XER_CA32 = 0x40000n;

interface Case {
  name: string;
  src: string;
  regs?: Record<string, bigint | number>;
  expect: Record<string, bigint | number>;
  cr?: [number, number][];
}

const A = 0x0123456789abcdefn;

const cases: Case[] = [
  { name: 'and/or/xor', src: 'and 3,4,5\nor 6,4,5\nxor 7,4,5', regs: { r4: A, r5: 0xff00ff00ff00ff00n },
    expect: { r3: A & 0xff00ff00ff00ff00n, r6: A | 0xff00ff00ff00ff00n, r7: A ^ 0xff00ff00ff00ff00n } },
  { name: 'andc/orc/nand/nor/eqv', src: 'andc 3,4,5\norc 6,4,5\nnand 7,4,5\nnor 8,4,5\neqv 9,4,5', regs: { r4: A, r5: 0xf0f0n },
    expect: { r3: A & ~0xf0f0n, r6: u64(A | ~0xf0f0n), r7: u64(~(A & 0xf0f0n)), r8: u64(~(A | 0xf0f0n)), r9: u64(~(A ^ 0xf0f0n)) } },
  { name: 'mr and not', src: 'mr 3,4\nnot 5,4', regs: { r4: A }, expect: { r3: A, r5: u64(~A) } },
  { name: 'and. sets CR0 from 64 bits', src: 'and. 3,4,5', regs: { r4: INT64_MIN | 1n, r5: MINUS1 }, expect: { r3: INT64_MIN | 1n }, cr: [[0, LT]] },
  { name: 'andi. clears the high word', src: 'andi. 3,4,0x8001', regs: { r4: MINUS1 }, expect: { r3: 0x8001 }, cr: [[0, GT]] },
  { name: 'andis.', src: 'andis. 3,4,0x8000', regs: { r4: 0xffffffff7fffffffn }, expect: { r3: 0 }, cr: [[0, EQ]] },
  { name: 'ori/oris/xori/xoris keep the high word', src: 'ori 3,4,0xffff\noris 5,4,0xffff\nxori 6,4,0xffff\nxoris 7,4,0xffff', regs: { r4: 0x1234567800000000n },
    expect: { r3: 0x123456780000ffffn, r5: 0x12345678ffff0000n, r6: 0x123456780000ffffn, r7: 0x12345678ffff0000n } },
  { name: 'extsb/extsh/extsw', src: 'extsb 3,4\nextsh 5,4\nextsw 6,4', regs: { r4: 0x0000000180008080n },
    expect: { r3: 0xffffffffffffff80n, r5: 0xffffffffffff8080n, r6: 0xffffffff80008080n } },
  { name: 'extsw. CR0', src: 'extsw. 3,4', regs: { r4: 0xffffffff00000000n }, expect: { r3: 0 }, cr: [[0, EQ]] },
  { name: 'cntlzw/cntlzd', src: 'cntlzw 3,4\ncntlzd 5,4\ncntlzw 6,7\ncntlzd 8,7', regs: { r4: 0x0000000100000000n, r7: 0 },
    expect: { r3: 32, r5: 31, r6: 32, r8: 64 } },
  { name: 'cnttzw/cnttzd', src: '.word ' + enc.X(31, 4, 3, 0, 538) + '\n.word ' + enc.X(31, 4, 5, 0, 570) + '\n.word ' + enc.X(31, 7, 6, 0, 570),
    regs: { r4: 0x0000000100000000n, r7: 0 }, expect: { r3: 32, r5: 32, r6: 64 } },
  { name: 'cntlzd. sets CR0', src: 'cntlzd. 3,4', regs: { r4: MINUS1 }, expect: { r3: 0 }, cr: [[0, EQ]] },
  { name: 'popcntb/popcntw/popcntd', src: '.word ' + enc.X(31, 4, 3, 0, 122) + '\n.word ' + enc.X(31, 4, 5, 0, 378) + '\n.word ' + enc.X(31, 4, 6, 0, 506), regs: { r4: 0xff0103070000000fn },
    expect: { r3: 0x0801020300000004n, r5: 0x0000000e00000004n, r6: 18 } },
  { name: 'prtyw/prtyd', src: '.word ' + enc.X(31, 4, 3, 0, 154) + '\n.word ' + enc.X(31, 4, 5, 0, 186), regs: { r4: 0x0101000001000000n }, expect: { r3: 0x0000000000000001n, r5: 1 } },
  { name: 'cmpb', src: 'cmpb 3,4,5', regs: { r4: 0x1122334455667788n, r5: 0x1100330055007700n }, expect: { r3: 0xff00ff00ff00ff00n } },
  // Selectors 0, 1, 63, 64, 255, 2, 3, 4: RB bits 0 and 63 are set, so result bits 0 and 2 (of 8) are 1.
  { name: 'bpermd', src: 'bpermd 3,4,5', regs: { r4: 0x00013f40ff020304n, r5: 0x8000000000000001n }, expect: { r3: 0xa0 } },
  // compares
  { name: 'cmpd signed', src: 'cmpd 3,4\ncmpd 1,4,3\ncmpd 7,3,3', regs: { r3: MINUS1, r4: 1 }, expect: {}, cr: [[0, LT], [1, GT], [7, EQ]] },
  { name: 'cmpld unsigned', src: 'cmpld 3,4\ncmpld 2,4,3', regs: { r3: MINUS1, r4: 1 }, expect: {}, cr: [[0, GT], [2, LT]] },
  { name: 'cmpw uses the low words only', src: 'cmpw 3,4\ncmplw 1,3,4', regs: { r3: 0x00000001ffffffffn, r4: 0xffffffff00000001n }, expect: {}, cr: [[0, LT], [1, GT]] },
  { name: 'cmpdi/cmpldi/cmpwi/cmplwi', src: 'cmpdi 3,-1\ncmpldi 1,3,0xffff\ncmpwi 2,4,-5\ncmplwi 3,4,0xffff', regs: { r3: MINUS1, r4: 0xfffffffbn },
    expect: {}, cr: [[0, EQ], [1, GT], [2, EQ], [3, GT]] },
  { name: 'compares copy SO', src: 'lis 9,-32768\nmtxer 9\ncmpdi 3,0', regs: { r3: 0 }, expect: {}, cr: [[0, EQ | SO]] },
  { name: 'cmpd high words equal, low differs', src: 'cmpd 3,4', regs: { r3: 0xffffffff00000001n, r4: 0xffffffff80000000n }, expect: {}, cr: [[0, LT]] },
  { name: 'isel', src: 'cmpdi 3,0\nisel 5,6,7,2\nisel 8,6,7,0\nisel 9,0,7,2', regs: { r3: 0, r6: 11, r7: 22 }, expect: { r5: 11, r8: 22, r9: 0 } },
  { name: 'setb', src: 'cmpdi 1,3,0\n.word ' + enc.X(31, 4, 1 << 2, 0, 128) + '\ncmpdi 2,5,0\n.word ' + enc.X(31, 6, 2 << 2, 0, 128) + '\ncmpdi 3,7,0\n.word ' + enc.X(31, 8, 3 << 2, 0, 128),
    regs: { r3: -4, r5: 4, r7: 0 }, expect: { r4: MINUS1, r6: 1, r8: 0 } },
  // rotates
  { name: 'rlwinm (slwi, srwi, clrlwi) zero the high word', src: 'slwi 3,4,4\nsrwi 5,4,4\nclrlwi 6,4,16', regs: { r4: 0xffffffff87654321n },
    expect: { r3: 0x76543210n, r5: 0x08765432n, r6: 0x4321n } },
  { name: 'rlwinm with a wrapping mask copies the rotated word into the high half', src: 'rlwinm 3,4,8,28,3', regs: { r4: 0x12345678n },
    // mask(60, 35) = 0xffffffff_f000000f: rotated word 0x34567812 in the high half, 0x30000002 low.
    expect: { r3: 0x3456781230000002n } },
  { name: 'rotlwi', src: 'rotlwi 3,4,8', regs: { r4: 0xaabbccdd11223344n }, expect: { r3: 0x22334411n } },
  { name: 'rlwnm uses RB & 31', src: 'rlwnm 3,4,5,0,31', regs: { r4: 0x80000001n, r5: 33 }, expect: { r3: 0x00000003n } },
  { name: 'rlwimi', src: 'rlwimi 3,4,8,16,23', regs: { r3: 0xffffffffffffffffn, r4: 0x000000ab }, expect: { r3: 0xffffffffffffabffn } },
  { name: 'rlwinm. CR0', src: 'rlwinm. 3,4,0,0,0', regs: { r4: 0x80000000n }, expect: { r3: 0x80000000n }, cr: [[0, GT]] },
  { name: 'rldicl (srdi, clrldi)', src: 'srdi 3,4,4\nclrldi 5,4,60\nrldicl 6,4,8,0', regs: { r4: A },
    expect: { r3: A >> 4n, r5: 0xfn, r6: 0x23456789abcdef01n } },
  { name: 'rldicr (sldi, clrrdi)', src: 'sldi 3,4,36\nclrrdi 5,4,8', regs: { r4: A }, expect: { r3: u64(A << 36n), r5: 0x0123456789abcd00n } },
  { name: 'rldic', src: 'rldic 3,4,8,16', regs: { r4: MINUS1 }, expect: { r3: 0x0000ffffffffff00n } },
  { name: 'rldimi (insrdi)', src: 'rldimi 3,4,32,0', regs: { r3: 0x1111111122222222n, r4: 0xaaaaaaaabbbbbbbbn }, expect: { r3: 0xbbbbbbbb22222222n } },
  { name: 'rldcl/rldcr', src: 'rldcl 3,4,5,0\nrldcr 6,4,5,31', regs: { r4: A, r5: 68 }, expect: { r3: 0x123456789abcdef0n, r6: 0x1234567800000000n } },
  { name: 'rotldi by 32', src: 'rotldi 3,4,32', regs: { r4: A }, expect: { r3: 0x89abcdef01234567n } },
  // shifts
  { name: 'slw/srw: counts 32..63 give 0, bit 6 ignored', src: 'slw 3,4,5\nsrw 6,4,5\nslw 7,4,8\nsrw 9,4,8',
    regs: { r4: 0xffffffff80000001n, r5: 32, r8: 65 }, expect: { r3: 0, r6: 0, r7: 0x00000002n, r9: 0x40000000n } },
  { name: 'sld/srd: counts 64..127 give 0, 128 wraps', src: 'sld 3,4,5\nsrd 6,4,5\nsld 7,4,8\nsrd 9,4,10',
    regs: { r4: A, r5: 64, r8: 128 + 4, r10: 36 }, expect: { r3: 0, r6: 0, r7: u64(A << 4n), r9: A >> 36n } },
  { name: 'sraw: negative with ones shifted out sets CA', src: 'sraw 3,4,5\nmfxer 6', regs: { r4: 0xfffffff1n, r5: 4 },
    expect: { r3: u64(-1), r6: XER_CA | XER_CA32 } },
  { name: 'sraw: counts >= 32 give the sign', src: 'sraw 3,4,5\nmfxer 6', regs: { r4: 0x80000000n, r5: 40 }, expect: { r3: MINUS1, r6: XER_CA | XER_CA32 } },
  { name: 'srawi: exact shift clears CA', src: 'srawi 3,4,4\nmfxer 6', regs: { r4: 0xfffffff0n }, expect: { r3: u64(-1), r6: 0 } },
  { name: 'srawi positive', src: 'srawi 3,4,31\nmfxer 6', regs: { r4: 0x7fffffffn }, expect: { r3: 0, r6: 0 } },
  { name: 'srad', src: 'srad 3,4,5\nmfxer 6', regs: { r4: INT64_MIN | 1n, r5: 1 }, expect: { r3: 0xc000000000000000n, r6: XER_CA | XER_CA32 } },
  { name: 'srad count >= 64', src: 'srad 3,4,5\nmfxer 6', regs: { r4: INT64_MIN, r5: 64 }, expect: { r3: MINUS1, r6: XER_CA | XER_CA32 } },
  { name: 'srad count 127 on a positive value', src: 'srad 3,4,5\nmfxer 6', regs: { r4: 5, r5: 127 }, expect: { r3: 0, r6: 0 } },
  { name: 'sradi 33', src: 'sradi 3,4,33\nmfxer 6', regs: { r4: 0xfffffffe00000000n }, expect: { r3: MINUS1, r6: 0 } },
  { name: 'sradi 63 of -2^32 loses ones', src: 'sradi 3,4,63\nmfxer 6', regs: { r4: 0xffffffff00000000n }, expect: { r3: MINUS1, r6: XER_CA | XER_CA32 } },
  { name: 'sradi 0 clears CA', src: 'addic 9,9,-1\nsradi 3,4,0\nmfxer 6', regs: { r9: 1, r4: MINUS1 }, expect: { r3: MINUS1, r6: 0 } },
  { name: 'extswsli', src: '.word ' + (() => { const sh = 36; return '0x' + (((31 << 26) | (4 << 21) | (3 << 16) | ((sh & 31) << 11) | (445 << 2) | ((sh >> 5) << 1)) >>> 0).toString(16); })(),
    regs: { r4: 0x80000001n }, expect: { r3: 0x0000001000000000n } },
  { name: 'extswsli 4 keeps the sign', src: '.word ' + (((31 << 26) | (4 << 21) | (3 << 16) | (4 << 11) | (445 << 2)) >>> 0), regs: { r4: 0x80000001n }, expect: { r3: 0xfffffff800000010n } },
  // CR logic and moves
  { name: 'crand/cror/crxor/crnand/crnor/creqv/crandc/crorc', src: 'li 3,0\nli 4,1\ncmpdi 0,3,0\ncmpdi 1,4,0\n' +
    'crand 8,2,6\ncror 9,2,6\ncrxor 10,2,6\ncrnand 11,2,6\ncrnor 12,2,6\ncreqv 13,2,6\ncrandc 14,2,6\ncrorc 15,2,6', expect: {},
    cr: [[2, 0b0111], [3, 0b0011]] },
  { name: 'mcrf', src: 'cmpdi 5,3,0\nmcrf 0,5', regs: { r3: -1 }, expect: {}, cr: [[0, LT], [5, LT]] },
  { name: 'mtcrf/mfcr', src: 'mtcrf 0x81,3\nmfcr 4', regs: { r3: 0x12345678n }, expect: { r4: 0x10000008n } },
  { name: 'mtocrf/mfocrf', src: 'mtocrf 0x20,3\nmfocrf 4,0x20\nli 5,7\n.word 0x7cb00026 # mfocrf 5 with FXM 0: qemu leaves RT unchanged', regs: { r3: 0xfffffffffn }, expect: { r4: 0x00f00000n, r5: 7 } },
  { name: 'mtxer/mfxer keep SO OV CA OV32 CA32 and the byte count', src: 'mtxer 3\nmfxer 4', regs: { r3: 0xffffffffffffffffn },
    expect: { r4: 0xe00c007fn } },
  { name: 'mcrxrx', src: 'mtxer 3\n.word ' + enc.X(31, 4 << 2, 0, 0, 576), regs: { r3: 0x40040000n }, expect: {}, cr: [[4, 0b1001]] },
  { name: 'mtlr/mflr/mtctr/mfctr', src: 'mtlr 3\nmtctr 4\nmflr 5\nmfctr 6', regs: { r3: A, r4: MINUS1 }, expect: { r5: A, r6: MINUS1 } },
];

for (const arch of arches) {
  for (const c of cases) {
    test(`${arch.name}: ${c.name}`, async () => {
      const e = await run(arch, c.src, { regs: c.regs });
      for (const [r, v] of Object.entries(c.expect)) {
        assert.equal(hex(reg(e, r)), hex(u64(v)), `${r} after "${c.src}"`);
      }
      for (const [f, v] of c.cr ?? []) assert.equal(crField(e, f), v, `CR${f}`);
    });
  }
}
