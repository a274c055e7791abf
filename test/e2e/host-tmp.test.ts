// The guest's /tmp is the kernel's own (in memory, private to the run), yet a program kept under
// the host's /tmp (a checkout in /tmp) still runs, finds its files relative to the cwd and execs
// itself by its own path: the first directory below /tmp on FILE's path and on the cwd comes
// from the host, mounted at the same place (docs/files.md).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { hiddenHostDirs } from '../../kernel/fs/setup.js';
import { root, tricorn } from './cli.js';

test('hiddenHostDirs: the first directory under /tmp or /dev on each path, once, only if it is a directory', () => {
  const dirs = new Set(['/tmp/co', '/tmp/other', '/dev/shm']);
  const isDir = (p: string) => dirs.has(p);
  assert.deepEqual(hiddenHostDirs(['/tmp/co/bin/prog', '/tmp/co/src'], isDir, false), [{ host: '/tmp/co', guest: '/tmp/co', readOnly: false }]);
  assert.deepEqual(hiddenHostDirs(['/dev/shm/prog', '/tmp/other'], isDir, true),
    [{ host: '/dev/shm', guest: '/dev/shm', readOnly: true }, { host: '/tmp/other', guest: '/tmp/other', readOnly: true }]);
  // A file directly in /tmp, /tmp itself, paths elsewhere and /proc: nothing to mount.
  assert.deepEqual(hiddenHostDirs(['/tmp/prog', '/tmp', '/home/u/prog', '/proc/self/exe'], isDir, false), []);
});

const writable = (() => { try { rmSync(mkdtempSync('/tmp/tricorn-probe-'), { recursive: true }); return true; } catch { return false; } })();

test('a program under the host\'s /tmp runs from there and execs itself through /proc/self/exe',
  { skip: writable ? false : 'no writable /tmp' }, () => {
    const dir = mkdtempSync('/tmp/tricorn-test-');
    try {
      const bin = resolve(dir, 'bin');
      mkdirSync(bin);
      copyFileSync(resolve(root, 'test/guests/files/bin/aarch64/minishell'), resolve(bin, 'minishell'));
      const r = tricorn(['run', 'bin/minishell'], { cwd: dir });
      assert.equal(r.stdout, readFileSync(resolve(root, 'test/guests/files/expected/minishell.out'), 'utf8'), r.stderr);
      assert.equal(r.status, 0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

const busybox = resolve(root, 'test/guests/busybox/root-x86_64/bin/busybox');
test('the rest of the guest\'s /tmp is still the kernel\'s: a file the guest writes there never reaches the host',
  { skip: !writable ? 'no writable /tmp' : !existsSync(busybox) ? 'no busybox (run scripts/get-busybox.sh)' : false }, () => {
    const dir = mkdtempSync('/tmp/tricorn-test-');
    const name = `/tmp/tricorn-private-${process.pid}`;
    try {
      writeFileSync(resolve(dir, 'script'), '');
      const r = tricorn(['run', busybox, 'sh', '-c', `echo x > ${name}; cat ${name}; ls ${dir}`], { cwd: dir });
      assert.equal(r.stdout, 'x\nscript\n', r.stderr);
      assert.equal(existsSync(name), false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
      rmSync(name, { force: true });
    }
  });
