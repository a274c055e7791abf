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
