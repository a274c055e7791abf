// Register batches are shared by every PPC64 engine of the process (engine.ts batchCache): the
// kernel makes its trap batches for each engine a fork makes. A shared batch must still read
// and write the registers of the engine it is used with, and an unknown name must still throw.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EngineError } from '../../emu/engine.js';
import { Ppc64Engine } from '../../emu/ppc64/engine.js';
import { ppc64 } from './helpers.js';

test('one batch of the same names serves two engines, each with its own registers', () => {
  const a = new Ppc64Engine(ppc64), b = new Ppc64Engine(ppc64);
  const names = ['r0', 'r3', 'r4', 'cr'];
  const ba = a.regBatch(names), bb = b.regBatch([...names]);
  assert.equal(ba, bb);
  const out = new Uint32Array(8);
  a.writeRegs(ba, Uint32Array.of(1, 0, 2, 0, 3, 0, 0x20000000, 0));
  b.writeRegs(bb, Uint32Array.of(5, 6, 7, 8, 9, 10, 0x40000000, 0));
  a.readRegs(bb, out);
  assert.deepEqual([...out], [1, 0, 2, 0, 3, 0, 0x20000000, 0]);
  b.readRegs(ba, out);
  assert.deepEqual([...out], [5, 6, 7, 8, 9, 10, 0x40000000, 0]);
  // Other names, another batch.
  assert.notEqual(a.regBatch(['r3', 'r0']), ba);
  for (let k = 0; k < 2; k++) assert.throws(() => a.regBatch(['r3', 'r99']), EngineError);
  a.close();
  b.close();
});
