// --pid-max end to end: the clone2 conformance guest with a smaller root pid_max. (The guests'
// own transcripts on every arch are checked by `tricorn conform`, see conform.test.ts.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { root, tricorn } from './cli.js';

// --pid-max sets the root namespace's pid_max, and a child namespace inherits it: with 1000,
// the transcript's requests for pid 32767 (in the root, and at level 1 via F5) become EINVAL
// and nothing else changes.
for (const arch of ['x86_64', 'ppc64']) {
  test(`${arch}: --pid-max 1000 applies to the root and is inherited`, () => {
    const r = tricorn(['run', '--pid-max', '1000', `test/guests/conform/bin/${arch}/clone2conf`]);
    assert.equal(r.status, 0, r.stderr);
    const want = readFileSync(resolve(root, 'test/guests/conform/clone2conf.expected'), 'utf8')
      .replace('D5 child: getpid=32767 getppid=1 gettid=32767\nD5 clone2([32767]) (= pid_max-1) -> 32767; wait4 -> 32767 status 0x0000',
        'D5 clone2([32767]) (= pid_max-1) -> EINVAL; wait4 skipped')
      .replace('F5 child: getpid=32767 getppid=1 gettid=32767\nF5 I: clone2([713, 32767]) -> 32767; wait4 -> 32767 status 0x0000',
        'F5 I: clone2([713, 32767]) -> EINVAL; wait4 skipped');
    assert.equal(r.stdout, want);
  });
}
