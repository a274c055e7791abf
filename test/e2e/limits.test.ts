// Resource limits end a greedy guest the way Linux would — an errno, or a one-line report —
// with the host's peak memory bounded: memory bomb, fork bomb, zombies, endless loops,
// recursion, RLIMIT_AS, huge argv. Each run's peak RSS is read from the child itself.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { readFileSync } from 'node:fs';
import { root } from './cli.js';
import { findArch } from '../../arch/index.js';
import { engineFactoryFor } from '../../cli/engines.js';
import { ElfError, parseElf } from '../../kernel/exec/elf.js';
import { loadElf } from '../../kernel/exec/load.js';

const MiB = 2 ** 20;
const main = resolve(root, 'dist/cli/main.js');
/** Runs the CLI in a child that prints its own peak RSS (KiB) on its last stderr line. */
const wrapper = `process.on('exit', () => process.stderr.write('peak-rss ' + process.resourceUsage().maxRSS + '\\n'));
await import(${JSON.stringify(main)});`;

function run(args: string[]): { status: number | null; stderr: string[]; stdout: string; peak: number } {
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', wrapper, 'x', 'run', ...args], {
    cwd: root, input: '', timeout: 120_000, maxBuffer: 64 * MiB, env: { ...process.env, NODE_OPTIONS: '' },
  });
  const lines = r.stderr.toString().trimEnd().split('\n');
  const last = lines.pop() ?? '';
  const m = /^peak-rss (\d+)$/.exec(last);
  assert.ok(m, `no peak-rss line; stderr:\n${r.stderr}`);
  return { status: r.status, stderr: lines.filter((l) => l !== ''), stdout: r.stdout.toString(), peak: Number(m[1]) * 1024 };
}

const guest = (arch: string, name: string) => `test/guests/limits/${arch}/${name}.s`;
/** Node, Unicorn and the engines' code take about 110 MiB before any guest memory. */
const BASE = 160 * MiB;

for (const arch of ['x86_64', 'ppc64']) {
  test(`${arch}: a memory bomb is killed at the memory limit with one line, host memory bounded`, () => {
    const r = run(['--memory-limit', '64M', guest(arch, 'membomb')]);
    assert.equal(r.status, 137);
    assert.equal(r.stderr.length, 1, r.stderr.join('\n'));
    assert.match(r.stderr[0], /^tricorn: pid 1 killed by SIGKILL: out of memory \(the guest memory limit is reached\) touching 0x/);
    assert.ok(r.peak < BASE + 64 * MiB * 2, `peak RSS ${r.peak / MiB} MiB`);
  });

  test(`${arch}: a fork bomb meets the task limit: clone fails with EAGAIN`, () => {
    const r = run(['--max-tasks', '24', guest(arch, 'forkbomb')]);
    assert.equal(r.status, 11, r.stderr.join('\n'));
    assert.deepEqual(r.stderr, []);
    assert.ok(r.peak < BASE + 24 * 4 * MiB, `peak RSS ${r.peak / MiB} MiB`);
  });
}

test('x86_64: a fork bomb under a small memory limit: fork fails with ENOMEM', () => {
  const r = run(['--memory-limit', '48M', guest('x86_64', 'forkbomb')]);
  assert.equal(r.status, 12, r.stderr.join('\n'));
  assert.ok(r.peak < BASE + 48 * MiB * 2, `peak RSS ${r.peak / MiB} MiB`);
});

test('x86_64: unreaped zombies count against the task limit', () => {
  const r = run(['--max-tasks', '40', guest('x86_64', 'zombies')]);
  assert.equal(r.status, 11, r.stderr.join('\n'));
});

test('x86_64: setrlimit(RLIMIT_AS) makes a larger mmap fail with ENOMEM', () => {
  assert.equal(run([guest('x86_64', 'rlimit-as')]).status, 12);
});

test('x86_64: recursion to the end of the stack is SIGSEGV with one line', () => {
  const r = run([guest('x86_64', 'recurse')]);
  assert.equal(r.status, 139);
  assert.equal(r.stderr.length, 1);
  assert.match(r.stderr[0], /killed by SIGSEGV: write to unmapped address 0x7fffff6ffff8/);
  assert.ok(r.peak < BASE + 16 * MiB, `peak RSS ${r.peak / MiB} MiB`);
});

// Recursion in C (test/guests/limits/stack.c): the stack grows down on demand to RLIMIT_STACK —
// the one it started with, one lowered in the running process, or one raised for the next exec —
// then SIGSEGV with one line. stdout is Linux's transcript (x86_64 natively).
const stackRuns: Array<{ id: string; args: string[]; top: string; arches: string[] }> = [
  { id: 'stack', args: [], top: '7fffff6ff', arches: ['x86_64', 'aarch64', 'ppc64', 'ppc64le'] },
  { id: 'stack-2', args: ['2'], top: '7fffffcff', arches: ['x86_64', 'ppc64le'] },
  { id: 'stack-24-exec', args: ['24', 'exec'], top: '7ffffe6ff', arches: ['x86_64', 'ppc64le'] },
];
for (const { id, args, top, arches } of stackRuns) {
  const expected = readFileSync(resolve(root, `test/guests/limits/expected/${id}.out`), 'utf8');
  const status = Number(readFileSync(resolve(root, `test/guests/limits/expected/${id}.status`), 'utf8'));
  const limit = (Number(args[0] ?? 8)) * MiB;
  for (const arch of arches) {
    test(`${arch}: recursion to RLIMIT_STACK (${args.join(' ') || 'default'}) grows the stack, then SIGSEGV with one line`, () => {
      const r = run([`test/guests/limits/bin/${arch}/stack`, ...args]);
      assert.equal(r.stdout, expected);
      assert.equal(r.status, status);
      assert.equal(r.stderr.length, 1, r.stderr.join('\n'));
      // The fault is in the page just below STACK_TOP - RLIMIT_STACK.
      assert.match(r.stderr[0], new RegExp(`^tricorn: pid 1 killed by SIGSEGV: write to unmapped address 0x${top}[0-9a-f]{3} `));
      assert.ok(r.peak < BASE + 2 * limit, `peak RSS ${r.peak / MiB} MiB`);
    });
  }
}

for (const arch of ['x86_64', 'aarch64', 'ppc64le']) {
  test(`${arch}: an endless loop ends at --max-insns (deterministically) and at --timeout`, () => {
    const a = run(['--max-insns', '3000000', `test/guests/bin/${arch}/spin`, '100000000000']);
    assert.equal(a.status, 124);
    assert.deepEqual(a.stderr, ['tricorn: --max-insns 3000000 reached; the guest is stopped']);
    const b = run(['--timeout', '0.5', `test/guests/bin/${arch}/spin`, '100000000000']);
    assert.equal(b.status, 124);
    assert.deepEqual(b.stderr, ['tricorn: --timeout reached; the guest is stopped']);
  });
}

// The host's own execve has the same limits, so this one runs in-process.
test('huge argv or environment is refused with E2BIG\'s message before anything is mapped', async () => {
  const arch = findArch('x86_64')!;
  const elf = parseElf(readFileSync(resolve(root, 'test/guests/bin/x86_64/hello')));
  const start = (argv: string[], envp: string[]) => ({ argv, envp, execfn: 'hello', random: new Uint8Array(16), uid: 0, gid: 0 });
  for (const [argv, envp] of [[['hello', 'x'.repeat(200_000)], []], [['hello'], Array.from({ length: 40 }, (_, i) => `V${i}=${'y'.repeat(100_000)}`)]]) {
    const e = (await engineFactoryFor(arch))(arch);
    assert.throws(() => loadElf(e, arch, elf, start(argv, envp)), (err: Error) => err instanceof ElfError && /^argument list too long/.test(err.message));
    e.close();
  }
});
