// The PPC64 engine reuses the contexts it has restored for later saves (engine.ts
// spareContexts): threads switch by saving one context and restoring another, and each must
// come back with exactly the registers it was saved with, whichever Cpu it was saved into.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Ppc64Engine } from '../../emu/ppc64/engine.js';
import { arches } from './helpers.js';

for (const arch of arches) {
  test(`${arch.name}: saved contexts restore their own registers while restored ones are reused`, () => {
    const e = new Ppc64Engine(arch);
    const set = (n: number) => { e.setReg('r3', BigInt(n)); e.setReg('f1', BigInt(n) << 32n); e.setPc(0x1000 + 4 * n); };
    const check = (n: number) => {
      assert.equal(e.getReg('r3'), BigInt(n));
      assert.equal(e.getReg('f1'), BigInt(n) << 32n);
      assert.equal(e.getPc(), 0x1000 + 4 * n);
    };
    set(1);
    const a = e.saveContext();
    set(2);
    const b = e.saveContext();
    e.restoreContext(a);
    check(1);
    // Saved into a's Cpu now (a was restored, so it is the engine's again).
    set(3);
    const c = e.saveContext();
    set(4);
    const d = e.saveContext();
    e.restoreContext(b);
    check(2);
    e.restoreContext(d);
    check(4);
    e.restoreContext(c);
    check(3);
    // Many switches between two threads, as the kernel makes them.
    let x = e.saveContext(), y;
    for (let k = 0; k < 20; k++) {
      set(10 + k);
      y = e.saveContext();
      e.restoreContext(x);
      check(k === 0 ? 3 : 9 + k);
      x = y;
    }
    e.close();
  });
}
