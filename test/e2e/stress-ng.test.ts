// Debian's stress-ng (dynamically linked, the host's own, run with --root /) as a real program
// that relies on shared anonymous memory: the parent mmaps its statistics MAP_SHARED|
// MAP_ANONYMOUS, forks a process per stressor, and reports the bogo operations the children
// counted there. With private copies it would report 0. Linux (stress-ng run natively) prints
// `cpu  40` for these arguments; the times differ from run to run and are not compared. Skips
// when stress-ng is not installed (`apt-get install stress-ng`).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { tricorn } from './cli.js';

const STRESS_NG = '/usr/bin/stress-ng';

test('stress-ng: two forked cpu stressors report their 40 bogo ops through shared memory', {
  skip: existsSync(STRESS_NG) ? false : 'no stress-ng (apt-get install stress-ng)',
}, () => {
  const r = tricorn(['run', '--root', '/', STRESS_NG, '--cpu', '2', '--cpu-ops', '40', '--cpu-method', 'fibonacci',
    '--metrics-brief'], { timeoutMs: 300_000 });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stderr, /\] dispatching hogs: 2 cpu\n/);
  assert.match(r.stderr, /\] cpu +40 +[0-9.]+ /, r.stderr);
  assert.match(r.stderr, /\] successful run completed in /);
});
