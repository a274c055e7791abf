// FP loads and stores: single <-> double conversion (the ISA's DOUBLE and SINGLE: exact,
// NaN payloads and signalling NaNs kept, denormals normalised), integer-word forms, update and
// indexed forms, in both byte orders. Also addpcis (its value spans the full 64 bits).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { arches, run, reg, hex, DATA, u64 } from './helpers.js';

/** 32-bit words to bytes in the arch's order. */
function words(le: boolean, ...ws: number[]): Uint8Array {
  const b = new Uint8Array(ws.length * 4);
  const dv = new DataView(b.buffer);
  ws.forEach((w, i) => dv.setUint32(i * 4, w >>> 0, le));
  return b;
}

// single bits -> expected double bits (DOUBLE()).
const singles: [number, bigint][] = [
  [0x3f800000, 0x3ff0000000000000n],            // 1.0
  [0xc0490fdb, 0xc00921fb60000000n],            // -pi (single)
  [0x00000000, 0x0000000000000000n],
  [0x80000000, 0x8000000000000000n],
  [0x7f800000, 0x7ff0000000000000n],            // +inf
  [0xff800000, 0xfff0000000000000n],            // -inf
  [0x7fc00001, 0x7ff8000020000000n],            // quiet NaN with payload
  [0x7f800001, 0x7ff0000020000000n],            // signalling NaN: not quieted
  [0x00000001, 0x36a0000000000000n],            // smallest denormal = 2^-149
  [0x007fffff, 0x380fffffc0000000n],            // largest denormal
  [0x00800000, 0x3810000000000000n],            // smallest normal
  [0x7f7fffff, 0x47efffffe0000000n],            // FLT_MAX
];

for (const arch of arches) {
  const le = arch.endian === 'little';
  const D = BigInt(DATA);

  test(`${arch.name}: lfs converts single to double exactly (inf, NaN, denormals)`, async () => {
    const data = words(le, ...singles.map(([s]) => s));
    const src = singles.map((_, i) => `lfs ${i},${i * 4}(4)`).join('\n');
    const e = await run(arch, src, { regs: { r4: D }, data });
    singles.forEach(([s, d], i) => assert.equal(hex(reg(e, `f${i}`)), hex(d), `lfs of 0x${s.toString(16)}`));
  });

  test(`${arch.name}: stfs converts double to single by selecting bits`, async () => {
    const data = words(le, ...singles.map(([s]) => s));
    const src = singles.map((_, i) => `lfs ${i},${i * 4}(4)\nstfs ${i},${0x100 + i * 4}(4)`).join('\n');
    const e = await run(arch, src, { regs: { r4: D }, data });
    const back = e.read(DATA + 0x100, singles.length * 4)!;
    assert.deepEqual([...back], [...data], 'lfs then stfs is the identity');
  });

  test(`${arch.name}: lfd/stfd move raw bits; update and indexed forms`, async () => {
    const data = words(le, ...(le ? [0x00000001, 0x7ff00000, 0xdeadbeef, 0xfff80000] : [0x7ff00000, 0x00000001, 0xfff80000, 0xdeadbeef]));
    const e = await run(arch, 'lfd 1,0(4)\nlfdu 2,8(4)\nstfd 1,0x20(4)\nli 5,0x30\nstfdx 2,4,5\nstfdux 1,4,5\nlfdx 3,0,6\nlfsu 4,4(6)\nstfsu 4,4(6)',
      { regs: { r4: D, r6: D + 0x40n }, data });
    assert.equal(hex(reg(e, 'f1')), '0x7ff0000000000001');   // signalling NaN kept as bits
    assert.equal(hex(reg(e, 'f2')), '0xfff80000deadbeef');
    // lfdu left r4 = D+8: stfd goes to D+0x28, stfdx to D+0x38, then stfdux overwrites
    // D+0x38 with f1 and leaves r4 there.
    assert.equal(hex(reg(e, 'r4')), hex(D + 0x38n));
    assert.deepEqual([...e.read(DATA + 0x28, 8)!], [...data.subarray(0, 8)]);
    assert.deepEqual([...e.read(DATA + 0x38, 8)!], [...data.subarray(0, 8)]);
    assert.equal(hex(reg(e, 'r6')), hex(D + 0x48n));
  });

  test(`${arch.name}: lfd/stfd keep every bit of NaNs in a hot compiled loop and across a page boundary`, async () => {
    // The compiled forms move the doubleword as one host double (jit-mem.ts: rdF, wrF); V8
    // must neither quiet a signalling NaN nor change a payload in any tier, nor on the miss path.
    const pats = [[0x7ff00000, 1], [0xfff7ffff, 0xffffffff], [0x7ff40000, 0xdeadbeef], [0xfff80000, 0x12345678],
      [0x7ff80000, 0], [0x00000000, 1], [0x80000000, 0]];
    const data = new Uint8Array(0x1008);
    const dw = (at: number, [h, l]: number[]) => data.set(words(le, ...(le ? [l, h] : [h, l])), at);
    pats.forEach((p, i) => dw(8 * i, p));
    dw(0xffc, pats[1]);
    const body = pats.map((_, i) => `lfd ${i + 1},${8 * i}(4)\nstfd ${i + 1},${0x100 + 8 * i}(4)`).join('\n');
    const src = `li 9,20000\nmtctr 9\nloop:\n${body}\nlfdx 12,4,6\nstfdx 12,7,6\nbdnz loop`;
    const e = await run(arch, src, { regs: { r4: D, r6: 0xffcn, r7: D + 0x1000n }, data, budget: 1_000_000 });
    pats.forEach(([h, l], i) => assert.equal(hex(reg(e, `f${i + 1}`)), hex((BigInt(h) << 32n) | BigInt(l)), `f${i + 1}`));
    assert.deepEqual([...e.read(DATA + 0x100, 8 * pats.length)!], [...data.subarray(0, 8 * pats.length)]);
    assert.equal(hex(reg(e, 'f12')), hex((BigInt(pats[1][0]) << 32n) | BigInt(pats[1][1])));
    assert.deepEqual([...e.read(DATA + 0x1ffc, 8)!], [...data.subarray(0xffc, 0x1004)], 'stfdx across the page boundary');
  });

  test(`${arch.name}: lfiwax, lfiwzx, stfiwx`, async () => {
    const data = words(le, 0x80000005, 0x7fffffff);
    const e = await run(arch, 'lfiwax 1,0,4\nlfiwzx 2,0,4\nli 5,4\nlfiwax 3,4,5\nli 5,0x10\nstfiwx 1,4,5', { regs: { r4: D }, data });
    assert.equal(hex(reg(e, 'f1')), '0xffffffff80000005');
    assert.equal(hex(reg(e, 'f2')), '0x80000005');
    assert.equal(hex(reg(e, 'f3')), '0x7fffffff');
    assert.deepEqual([...e.read(DATA + 0x10, 4)!], [...data.subarray(0, 4)]);
  });

  test(`${arch.name}: fmr/fneg/fabs/fnabs/fcpsgn/fsel work on bits`, async () => {
    const e = await run(arch, 'fmr 3,1\nfneg 4,1\nfabs 5,2\nfnabs 6,1\nfcpsgn 7,2,1\nfsel 8,1,2,1\nfsel 9,2,2,1',
      { regs: { f1: 0x7ff4000000000001n, f2: 0xbff0000000000000n } });
    assert.equal(hex(reg(e, 'f3')), '0x7ff4000000000001');
    assert.equal(hex(reg(e, 'f4')), '0xfff4000000000001');
    assert.equal(hex(reg(e, 'f5')), '0x3ff0000000000000');
    assert.equal(hex(reg(e, 'f6')), '0xfff4000000000001');
    assert.equal(hex(reg(e, 'f7')), '0xfff4000000000001');
    // fsel: FRA NaN selects FRB; FRA negative selects FRB.
    assert.equal(hex(reg(e, 'f8')), '0x7ff4000000000001');
    assert.equal(hex(reg(e, 'f9')), '0x7ff4000000000001');
    assert.equal(reg(e, 'fpscr'), 0n, 'moves do not touch the FPSCR');
  });

  test(`${arch.name}: fadd/fmul/fdiv basic values and the FPSCR class`, async () => {
    const e = await run(arch, 'fadd 3,1,2\nfmul 4,1,2\nfdiv 5,1,2\nfsub 6,2,2\nmffs 7',
      { regs: { f1: 0x4008000000000000n /* 3 */, f2: 0x4000000000000000n /* 2 */ } });
    assert.equal(hex(reg(e, 'f3')), '0x4014000000000000');   // 5
    assert.equal(hex(reg(e, 'f4')), '0x4018000000000000');   // 6
    assert.equal(hex(reg(e, 'f5')), '0x3ff8000000000000');   // 1.5
    assert.equal(hex(reg(e, 'f6')), '0x0');                  // +0
    assert.equal(hex(reg(e, 'f7')), '0x2000');               // FPRF = +zero, no exceptions
  });

  test(`${arch.name}: addpcis adds D << 16 to the next instruction address`, async () => {
    // addpcis r3,-32768 and addpcis r4,1 (DX form: d0 | d1 | d2 = D).
    const dx = (rt: number, d: number) => {
      const u = d & 0xffff;
      return '0x' + (((19 << 26) | (rt << 21) | (((u >> 1) & 31) << 16) | ((u >> 6) << 6) | (2 << 1) | (u & 1)) >>> 0).toString(16);
    };
    const e = await run(arch, `.word ${dx(3, -32768)}\n.word ${dx(4, 1)}`);
    assert.equal(hex(reg(e, 'r3')), hex(u64(0x10000004n - 0x80000000n)));
    assert.equal(hex(reg(e, 'r4')), hex(0x10000008n + 0x10000n));
  });
}
