// Chain.exitPc, the call targets a page's compiled code goes to, is an array of double elements
// from the start (memory.ts addressList): an array literal starts as small integers and turns to
// doubles at the first address beyond 2^30 (or the first pushed from unoptimized code, which
// reads a Cpu's pc field as a heap number), another hidden class, and the run loop's optimized
// code (its exitPc.indexOf) was thrown away when a list of the other kind first came by: ppc64
// 'thread 1000' and qsort compiled run() twice for it. Checked with V8's own predicate.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setFlagsFromString } from 'node:v8';
import { addressList, Chain } from '../../emu/ppc64/memory.js';
import type { Memory } from '../../emu/ppc64/memory.js';
import { runWarmGuest } from '../../emu/ppc64/engine.js';
import { arches } from './helpers.js';

setFlagsFromString('--allow-natives-syntax');
// eslint-disable-next-line @typescript-eslint/no-implied-eval -- V8 syntax, not JavaScript
const hasDoubles = new Function('a', 'return %HasDoubleElements(a);') as (a: unknown) => boolean;

test('an address list keeps double elements whatever is pushed', () => {
  const a = addressList();
  assert.equal(a.length, 0);
  assert.ok(hasDoubles(a));
  a.push(0x1002b730);
  a.push(0x7fff00000000);
  assert.ok(hasDoubles(a));
  assert.equal(a.indexOf(0x1002b730), 0);
  assert.equal(a.indexOf(0x7fff00000000), 1);
  assert.ok(hasDoubles(new Chain().exitPc));
  // What a literal would be: small integers.
  const lit: number[] = [];
  lit.push(0x1002b730);
  assert.ok(!hasDoubles(lit));
});

test('a page whose region followed its calls starts a new list of doubles', () => {
  const e = runWarmGuest(arches[0]);
  try {
    // The warm-up guest's first page calls the next one from compiled code and its region
    // takes that block in (engine.ts foreignFor), which starts the page's list again.
    const mem = (e as unknown as { mem: Memory }).mem;
    const ch = mem.codePageAt(0x10000)?.chain ?? null;
    assert.ok(ch !== null);
    assert.ok(hasDoubles(ch.exitPc));
  } finally {
    e.close();
  }
});
