// Pseudo-terminals through the CLI, with programs nobody here wrote: Debian's busybox `sh -i`
// (line editing, `stty -a`, `tty`) on a pty made by pty-glibc's run mode on x86_64, aarch64 and
// ppc64le, against Linux's own transcript (the amd64 run natively; scripts/build-files-glibc.sh);
// and util-linux's `script` when the host has it. Both are fetched or host binaries, not
// committed: without them these tests skip. pty-glibc's own walk is in the conform suite.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { root, tricorn } from './cli.js';

const files = resolve(root, 'test/guests/files');
const input = readFileSync(resolve(files, 'pty-busybox.input'), 'utf8');
const expected = readFileSync(resolve(files, 'expected/pty-busybox.out'), 'utf8');
const status = Number(readFileSync(resolve(files, 'expected/pty-busybox.status'), 'utf8'));

for (const arch of ['x86_64', 'aarch64', 'ppc64le']) {
  const busybox = resolve(root, `test/guests/busybox/root-${arch}/bin/busybox`);
  test(`busybox sh -i on a pseudo-terminal on ${arch}: prompt, echo, stty -a, tty, exit status`,
    { skip: existsSync(busybox) ? false : 'no busybox (run scripts/get-busybox.sh)' }, () => {
      const rel = `test/guests/busybox/root-${arch}/bin/busybox`;
      const r = tricorn(['run', `test/guests/files/bin/${arch}/pty-glibc`, 'run', input, rel, 'sh', '-i'], { timeoutMs: 120_000 });
      assert.equal(r.stdout.split(root).join('<repo>'), expected);
      assert.equal(r.status, status, r.stderr);
    });
}

const script = '/usr/bin/script';
test('util-linux script runs a shell on a pseudo-terminal: its output, tty and size as Linux shows them',
  { skip: existsSync(script) ? false : 'no /usr/bin/script on this host' }, () => {
    const r = tricorn(['run', script, '-qc', 'echo hi; tty; stty size', '/dev/null'], { timeoutMs: 120_000 });
    // Linux's, from the same command run natively.
    assert.equal(r.stdout, 'hi\r\n/dev/pts/0\r\n0 0\r\n');
    assert.equal(r.status, 0, r.stderr);
  });
