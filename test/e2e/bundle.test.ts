// `npx tricorn` runs dist/cli/tricorn.cjs, the bundle scripts/setup.sh makes from cli/main.js
// (package.json's bin). It must behave exactly as main.js does, including what it loads lazily:
// Capstone for a fault report, Keystone for a .s file, and the commands kept outside it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { root } from './cli.js';

const pkg = JSON.parse(readFileSync(resolve(root, 'package.json'), 'utf8')) as { bin: { tricorn: string } };

function run(entry: string, args: string[]) {
  const r = spawnSync(process.execPath, [resolve(root, entry), ...args], { cwd: root, encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '' } });
  return { stdout: r.stdout, stderr: r.stderr, status: r.status };
}

const cases: [string, string[]][] = [
  ['hello on Unicorn', ['run', 'test/guests/bin/x86_64/hello', 'a']],
  ['hello on the PPC64 engine', ['run', 'test/guests/bin/ppc64/hello']],
  ['a fault report (Capstone)', ['run', 'test/guests/bin/aarch64/fault']],
  ['an assembly file with --trace (Keystone, Capstone)', ['run', '--trace', '--trace-limit', '2', 'guest-asm/x86_64/hello.s']],
  ['the layout command', ['layout', 'clone_struct', '--arch', 'ppc64']],
  // Every command kept outside the bundle finds its files relative to its own module.
  ['the explain command', ['explain', '--example', 'clone2', '--arch', 'all']],
  ['the conform command', ['conform', '--list']],
  // Its errors are made by its own copy of cli/usage.ts: still one line and exit 125.
  ['a conform usage error', ['conform', 'no-such-case']],
  ['--version', ['--version']],
  ['a usage error', ['run', '--no-such-option']],
];

for (const [what, args] of cases) {
  test(`the bin (${pkg.bin.tricorn}) does as dist/cli/main.js does: ${what}`, () => {
    const viaMain = run('dist/cli/main.js', args);
    const viaBin = run(pkg.bin.tricorn, args);
    assert.deepEqual(viaBin, viaMain);
  });
}
