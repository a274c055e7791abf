// Debian's busybox-static as a real-world shell: `sh -c` with pipelines, redirections (files,
// fds, here-documents), command substitution (nested, backquotes), background jobs and `wait`
// (one job, its status, all jobs, a job killed by a signal), `exec` (of a command and of fd
// redirections), and `trap` (a caught signal, a handler that exits, the EXIT trap), on x86_64,
// aarch64 and ppc64le, with the guest's `/` being a directory that holds busybox and its applet
// links (--root). The binaries are Debian's and are not committed: scripts/get-busybox.sh
// fetches them; without them these tests skip. The expected stdout, stderr and status are
// Linux's: the amd64 busybox run natively in a chroot of the same tree
// (scripts/build-busybox-expected.sh).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { root, tricorn } from './cli.js';

const dir = resolve(root, 'test/guests/busybox');
const script = readFileSync(resolve(dir, 'script.sh'), 'utf8');
const expected = (ext: string) => readFileSync(resolve(dir, `expected.${ext}`), 'utf8');

for (const arch of ['x86_64', 'aarch64', 'ppc64le']) {
  const sysroot = resolve(dir, `root-${arch}`);
  const busybox = resolve(sysroot, 'bin/busybox');
  const present = existsSync(busybox) && existsSync(resolve(sysroot, 'bin/sleep'));
  test(`busybox sh -c on ${arch}: pipelines, redirections, substitution, background jobs and wait, exec, trap`,
    { skip: present ? false : 'no busybox (run scripts/get-busybox.sh)' }, () => {
      const r = tricorn(['run', '--root', sysroot, busybox, 'sh', '-c', script], { timeoutMs: 300_000 });
      assert.equal(r.stdout, expected('out'));
      assert.equal(r.stderr, expected('err'));
      assert.equal(r.status, Number(expected('status')));
    });
}
