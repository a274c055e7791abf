// `tricorn conform`'s two features that call the fixture-making tools: --oracle qemu (the
// qemu-user oracle) and --build (the Debian cross compilers). They cannot be part of `npm test`,
// which must pass without those tools, so they are checked here, on a machine that has them:
//     bash scripts/setup.sh && node --test dist/scripts/check-conform-tools.js
// Each test says it skipped when its tool is not on PATH.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { root, tricorn } from '../test/e2e/cli.js';
import { architectures } from '../arch/index.js';

interface Check { check: string; verdict: string; message: string }
interface Report { cases: { id: string; checks: Check[] }[] }

const arches = architectures.map((a) => a.name);
const byName = (n: string) => architectures.find((a) => a.name === n)!;
/** A matrix row of `tricorn conform`'s text report: the same cell on every arch, then the across column. */
const row = (id: string, cell: string, across: string) => `^${id}\\s+${arches.map(() => cell).join('\\s+')}\\s+${across}$`;
/** Whether `cmd` is on PATH. */
const onPath = (cmd: string): boolean => (process.env.PATH ?? '').split(':').some((d) => d && existsSync(join(d, cmd)));

const qemu = byName('aarch64').toolchain.qemu;
test('--oracle qemu: what qemu-user lacks is reported as qemu\'s gap, not a tricorn failure', { skip: !onPath(qemu) && `${qemu} is not installed` }, () => {
  const r = tricorn(['conform', '--arch', 'aarch64', '--oracle', 'qemu', '--format', 'json', 'clone3conf', 'glibc/hello'], { timeoutMs: 300_000 });
  assert.equal(r.status, 0, r.stdout);
  const rep = JSON.parse(r.stdout) as Report;
  const clone3 = rep.cases.find((c) => c.id === 'clone3/clone3conf')!.checks.find((k) => k.check === 'oracle')!;
  assert.equal(clone3.verdict, 'skip');
  assert.match(clone3.message, new RegExp(`qemu-user \\(${qemu}\\).* disagrees because qemu-user or the host kernel lacks a system call \\(.*ENOSYS`));
  const hello = rep.cases.find((c) => c.id === 'glibc/hello')!.checks.find((k) => k.check === 'oracle')!;
  assert.equal(hello.verdict, 'pass', hello.message);
});

const hostArch = process.arch.replace('x64', 'x86_64');
const compilers = [...architectures.filter((a) => a.name !== hostArch).map((a) => `${a.toolchain.triple}-gcc`), 'gcc'];
test('--build: examples/conform compiled for every arch, checked against its expected file and Linux', { skip: !compilers.every(onPath) && 'the Debian cross compilers are not installed' }, (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'tricorn-build-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  cpSync(resolve(root, 'examples/conform'), join(dir, 'mine'), { recursive: true });
  const r = tricorn(['conform', join(dir, 'mine'), '--build', '--oracle', 'native', '--jobs', '2'], { timeoutMs: 300_000 });
  assert.equal(r.status, 0, r.stdout + r.stderr);
  assert.match(r.stdout, new RegExp(row('mine/fork-wait', 'pass', 'same'), 'm'));
  if (hostArch === 'x86_64') assert.match(r.stdout, /^oracle \(native\): 1 runs agree with Linux, 0 differ, 0 skipped$/m);
  for (const a of arches) assert.ok(existsSync(join(dir, 'mine/fork-wait', a, 'main')), `built for ${a}`);
});
