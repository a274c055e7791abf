// The CLI holds guest output bound for a pipe or a file and writes it in batches (cli/host.ts):
// every byte still arrives, and in the order Linux would give — before tricorn's own stderr
// lines, before the guest's stderr, and before the run ends.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { root, tricorn } from './cli.js';

/** Run the CLI with stdout and stderr both going to one file (2>&1); returns the file's text. */
function merged(args: string[]): { text: string; status: number | null } {
  const dir = mkdtempSync(join(tmpdir(), 'tricorn-order-'));
  try {
    const fd = openSync(join(dir, 'out'), 'w');
    const r = spawnSync(process.execPath, [resolve(root, 'dist/cli/main.js'), ...args], { cwd: root, stdio: ['ignore', fd, fd] });
    closeSync(fd);
    return { text: readFileSync(join(dir, 'out'), 'utf8'), status: r.status };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

for (const arch of ['x86_64', 'aarch64', 'ppc64', 'ppc64le']) {
  test(`${arch}: 100000 one-byte writes to a pipe all arrive, in order`, () => {
    const r = tricorn(['run', `bench/micro/bin/${arch}/micro`, 'write', '100000']);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout, `${'x'.repeat(100000)}\nwrite 100000 100000\n`);
  });
}

test('held stdout reaches the file before the fault report that follows it (2>&1)', () => {
  const r = merged(['run', 'test/guests/bin/x86_64/fault']);
  assert.equal(r.status, 139);
  assert.match(r.text, /^about to touch address 0x10\ntricorn: pid 1 killed by SIGSEGV/);
});

test('stdout and stderr written in turn keep their order in one file (2>&1)', () => {
  // Each strace line (tricorn's stderr) follows the call it reports, so the held write comes first.
  // (The first line is strace's leading execve; -a 0: no padding.)
  const r = merged(['run', '--strace', '-a', '0', 'guest-asm/x86_64/hello.s']);
  assert.equal(r.status, 0);
  assert.equal(r.text.split('\n').slice(1, 3).join('\n'), 'hello, world\nwrite(1, "hello, world\\n", 13) = 13');
});
