// The guest's stdout is what the host's fd 1 really is. Debian's static glibc decides its
// buffering from fstat(1): a line printed before fork() comes out twice into a file (fully
// buffered: parent and child each flush a copy), as Linux printed it when the expected output
// was recorded (scripts/build-glibc.sh redirects to a file). A terminal stdout is covered by the
// in-process tests (test/kernel/stdio.test.ts): the suite has no terminal.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { root } from './cli.js';
import { architectures } from '../../arch/index.js';

for (const arch of architectures.map((a) => a.name)) {
  test(`${arch}: printf then fork into a file prints the line twice, as on Linux`, () => {
    const dir = mkdtempSync(join(tmpdir(), 'tricorn-stdio-'));
    try {
      const out = join(dir, 'out');
      const fd = openSync(out, 'w');
      const r = spawnSync(process.execPath, [resolve(root, 'dist/cli/main.js'), 'run', `test/guests/glibc/bin/${arch}/forkbuf`],
        { cwd: root, stdio: ['ignore', fd, 'pipe'], timeout: 60_000 });
      closeSync(fd);
      assert.equal(r.stderr.toString(), '');
      assert.equal(r.status, 0);
      assert.equal(readFileSync(out, 'utf8'), readFileSync(resolve(root, `test/guests/glibc/expected/${arch}/forkbuf.out`), 'utf8'));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
}
