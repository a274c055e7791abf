// Debian's busybox-static as a real-world shell: `sh -c` with pipelines, redirections, command
// substitution, a background job and exec, on x86_64, aarch64 and ppc64le, with the guest's `/`
// being a directory that holds busybox and its applet links (--root). The binaries are Debian's
// and are not committed: scripts/get-busybox.sh fetches them; without them these tests skip.
// The expected transcript is what the amd64 busybox printed running natively.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { root, tricorn } from './cli.js';

const dir = resolve(root, 'test/guests/busybox');
const script = readFileSync(resolve(dir, 'script.sh'), 'utf8');
const expected = readFileSync(resolve(dir, 'expected.out'), 'utf8');

for (const arch of ['x86_64', 'aarch64', 'ppc64le']) {
  const sysroot = resolve(dir, `root-${arch}`);
  const busybox = resolve(sysroot, 'bin/busybox');
  const present = existsSync(busybox);
  test(`busybox sh -c on ${arch}: pipelines, redirections, substitution, background, exec`,
    { skip: present ? false : 'no busybox (run scripts/get-busybox.sh)' }, () => {
      const r = tricorn(['run', '--root', sysroot, busybox, 'sh', '-c', script], { timeoutMs: 300_000 });
      // The transcript interleaves both streams; the script writes one line to stderr.
      assert.equal(r.stderr, 'to-stderr\n');
      assert.equal(r.stdout, expected.replace('to-stderr\n', ''));
      assert.equal(r.status, 0);
    });
}
