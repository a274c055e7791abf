// The same guest and arguments give the same output, the same pids and the same interleaving,
// every run: a contended pthread program under --strace is compared byte for byte across runs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tricorn } from './cli.js';
import { architectures } from '../../arch/index.js';

for (const arch of architectures.map((a) => a.name)) {
  test(`${arch}: glibc threads under --strace, twice, byte for byte`, () => {
    const run = () => tricorn(['run', '--strace', `test/guests/glibc/bin/${arch}/threads`]);
    const a = run();
    const b = run();
    assert.equal(a.status, 0, a.stderr.slice(-2000));
    assert.match(a.stderr, /clone3?\(/, 'threads were created');
    assert.match(a.stderr, /futex\(/, 'threads contended');
    assert.equal(b.stdout, a.stdout);
    assert.equal(b.stderr, a.stderr);
  });
}

// One task computing while another sleeps with a timeout (issue #13: xz -T2's progress wait,
// Python's GIL): the sleeper's timeouts fall at the same points of the worker's loop every
// run, so the wakes, the strace transcript and the checksum repeat. Any shortcut in how such
// a run is bounded (the worker alone runnable, the sleeper's deadline far away) must keep this.
for (const arch of architectures.map((a) => a.name)) {
  test(`${arch}: a loop in a pthread while main waits in pthread_cond_timedwait, twice, byte for byte`, () => {
    const run = () => tricorn(['run', '--strace', `bench/micro/bin/${arch}/micro`, 'ttloop', '2000000', '50']);
    const a = run();
    const b = run();
    assert.equal(a.status, 0, a.stderr.slice(-2000));
    assert.equal(a.stdout, 'ttloop 2000000 16112508420292902849\n');
    const wakes = Number(/ttloop wakes (\d+)/.exec(a.stderr)?.[1]);
    assert.ok(wakes > 3, `the 50 us timeouts expired while the thread computed (wakes: ${wakes})`);
    assert.match(a.stderr, /ETIMEDOUT/);
    assert.equal(b.stdout, a.stdout);
    assert.equal(b.stderr, a.stderr);
  });
}
