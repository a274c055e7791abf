// End to end: gcc -O2 compiled freestanding guests (test/ppc64/guests/mix.c, bench/guests/
// intloop.c is only for the benchmark) run as processes on the engine in each execution mode,
// with output compared to what qemu-user printed for the same binary.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { arches } from './helpers.js';
import { MiniLinux } from './minilinux.js';
import type { Ppc64Engine } from '../../emu/ppc64/index.js';

const dir = new URL('../../../test/ppc64/guests/', import.meta.url).pathname;
const modes: [string, number, number][] = [['interpreter', -1, Infinity], ['blocks', 0, Infinity], ['regions', 0, 0], ['default', 2000, 20000]];

for (const arch of arches) {
  for (const [mode, jit, region] of modes) {
    test(`${arch.name}: compiled C guest prints what it printed under qemu [${mode}]`, () => {
      const m = new MiniLinux(arch, readFileSync(`${dir}mix-${arch.name}`), ['mix']);
      const e = m.e as Ppc64Engine;
      e.jitThreshold = jit;
      e.regionTrigger = region;
      const r = m.run(200_000_000);
      assert.equal(r.fault, null);
      assert.equal(r.exitCode, 0);
      assert.equal(r.stdout, readFileSync(`${dir}mix-${arch.name}.expected`, 'utf8'));
    });
  }
}
