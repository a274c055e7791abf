// A fork's copy of a PPC64 page with decoded code shares the parent's decoded instructions
// (memory.ts shareCode) until either changes the page: a guest store, a kernel write, mprotect.
// Whichever side changes it, the other must go on running its own bytes' instructions, and a
// page that is released (the child exits) must leave the sharing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PROT_EXEC, PROT_READ, PROT_WRITE } from '../../emu/engine.js';
import { Ppc64Engine } from '../../emu/ppc64/engine.js';
import { Memory, PAGE_SIZE } from '../../emu/ppc64/memory.js';
import { arches } from './helpers.js';

const B = 0x10000;
const li3 = (n: number) => 0x38600000 | n; // li r3,n
const SC = 0x44000002;

/** The code: r4 = `li r3,7`, stored over the word at B+16 (r5 = B), then li r3,1; sc at B+16. */
function words(): number[] {
  const w = li3(7);
  return [
    0x3c800000 | (w >>> 16), // lis r4,hi
    0x60840000 | (w & 0xffff), // ori r4,r4,lo
    0x90850010, // stw r4,16(r5)
    0x60000000, // nop
    li3(1), // B+16
    SC,
  ];
}

function engine(arch: (typeof arches)[number]): Ppc64Engine {
  const e = new Ppc64Engine(arch);
  const bytes = new Uint8Array(PAGE_SIZE);
  const v = new DataView(bytes.buffer);
  words().forEach((w, k) => v.setUint32(4 * k, w, arch.endian === 'little'));
  e.map(B, PAGE_SIZE, PROT_READ | PROT_WRITE | PROT_EXEC);
  e.load(B, bytes);
  e.onSyscall = () => false;
  return e;
}

/** Run from `pc` to the sc; r3. */
function r3From(e: Ppc64Engine, pc: number): number {
  e.setPc(pc);
  assert.equal(e.run(0), 'stopped');
  return Number(e.getReg('r3'));
}

for (const arch of arches) {
  test(`${arch.name}: a child's store over shared decoded code leaves the parent's instructions alone`, () => {
    const p = engine(arch);
    assert.equal(r3From(p, B + 16), 1); // decodes li r3,1 in the parent
    const c = p.clone() as Ppc64Engine;
    c.setReg('r5', BigInt(B));
    assert.equal(r3From(c, B), 7); // the child's guest store, then its new instruction
    assert.equal(r3From(p, B + 16), 1);
    assert.equal(r3From(c, B + 16), 7);
    p.close();
    c.close();
  });

  test(`${arch.name}: kernel writes on either side after a fork stay on that side`, () => {
    const p = engine(arch);
    assert.equal(r3From(p, B + 16), 1);
    const c = p.clone() as Ppc64Engine;
    assert.ok(c.write(B + 16, wordBytes(li3(9), arch.endian === 'little')));
    assert.equal(r3From(c, B + 16), 9);
    assert.equal(r3From(p, B + 16), 1);
    // The parent first, with a second child that has run the shared code.
    const c2 = p.clone() as Ppc64Engine;
    assert.equal(r3From(c2, B + 16), 1);
    assert.ok(p.write(B + 16, wordBytes(li3(5), arch.endian === 'little')));
    assert.equal(r3From(p, B + 16), 5);
    assert.equal(r3From(c2, B + 16), 1);
    for (const e of [p, c, c2]) e.close();
  });

  test(`${arch.name}: a parent's guest store after a fork leaves the child's instructions alone`, () => {
    const p = engine(arch);
    assert.equal(r3From(p, B + 16), 1);
    const c = p.clone() as Ppc64Engine;
    p.setReg('r5', BigInt(B));
    assert.equal(r3From(p, B), 7);
    assert.equal(r3From(c, B + 16), 1);
    p.close();
    c.close();
  });
}

function wordBytes(w: number, le: boolean): Uint8Array {
  const b = new Uint8Array(4);
  new DataView(b.buffer).setUint32(0, w, le);
  return b;
}

test('forked copies share a page\'s decoded code, and leave the sharing when released or changed', () => {
  const m = new Memory(false);
  m.map(B, PAGE_SIZE, PROT_READ | PROT_EXEC);
  const page = m.fetchPage(B);
  const kids = [m.clone(), m.clone(), m.clone()];
  for (const k of kids) assert.equal(k.fetchPage(B).code, page.code);
  assert.equal(page.codeHolders!.length, 4);
  kids[0].release();
  assert.equal(page.codeHolders!.length, 3);
  kids[1].protect(B, PAGE_SIZE, PROT_READ); // forgets its code
  assert.equal(page.codeHolders!.length, 2);
  kids[2].release();
  // The parent alone: no list kept (and 2,000 forks leave nothing behind).
  assert.equal(page.codeHolders, null);
  for (let k = 0; k < 2000; k++) m.clone().release();
  assert.equal(page.codeHolders, null);
  m.release();
});
