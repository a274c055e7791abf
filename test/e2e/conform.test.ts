// `tricorn conform` end to end: the built-in suite (every guest in test/guests/**/manifest.json)
// passes on all four arches, and a fixture user suite (test/conform/mixed: a passing case, an
// expected mismatch, a cross-arch mismatch, a crashing guest) gives the documented matrix and
// exit status. This is where the guests' transcripts are checked: no second copy of the checks.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { root, tricorn } from './cli.js';
import { architectures } from '../../arch/index.js';

interface Check { check: string; arch: string | null; verdict: string; message: string; diff?: string[] }
interface CaseResult { id: string; cells: Record<string, { verdict: string; exitStatus: number | null; note?: string }>; checks: Check[]; verdict: string }
interface Report { ok: boolean; arches: string[]; cases: CaseResult[]; summary: { cases: number; passed: number; failed: number; runs: number } }

const arches = architectures.map((a) => a.name);

/** The arches each case the manifests define runs on, read here independently of the loader under test. */
function manifestCases(): Map<string, string[]> {
  const cases = new Map<string, string[]>();
  const base = resolve(root, 'test/guests');
  const dirs = ['.', ...readdirSync(base).filter((d) => existsSync(join(base, d, 'manifest.json')))];
  type Run = { id: string; arches?: string[] };
  for (const d of dirs) {
    const m = JSON.parse(readFileSync(join(base, d, 'manifest.json'), 'utf8')) as { arches?: string[]; runs?: Run[]; asm?: Run[] };
    const suite = d === '.' ? 'guests' : d;
    for (const r of [...(m.runs ?? []), ...(m.asm ?? [])]) {
      cases.set(`${suite}/${r.id}`, (r.arches ?? m.arches ?? arches).filter((a) => arches.includes(a)));
    }
  }
  return cases;
}
const manifestIds = (): string[] => [...manifestCases().keys()];
/** A regex source for one matrix row: the case, one cell per arch, the across-arches verdict. */
const row = (id: string, cell: string, across: string) => `^${id}\\s+${arches.map(() => cell).join('\\s+')}\\s+${across}$`;

// Every manifest's cases on six arches (220 runs): 20 minutes leaves room for a loaded machine.
test('built-in suite: every case passes on every arch it is written for', { timeout: 1_200_000 }, () => {
  const r = tricorn(['conform', '--format', 'json', '--jobs', '2'], { timeoutMs: 1_200_000 });
  const rep = JSON.parse(r.stdout) as Report;
  const failures = rep.cases.filter((c) => c.verdict !== 'pass').map((c) => `${c.id}: ${JSON.stringify(c.checks.filter((k) => k.verdict !== 'pass'))} ${JSON.stringify(c.cells)}`);
  assert.deepEqual(failures, []);
  assert.equal(r.status, 0, r.stderr);
  assert.equal(rep.ok, true);
  assert.deepEqual(rep.arches, arches);
  const ids = manifestIds();
  assert.deepEqual(rep.cases.map((c) => c.id).sort(), [...ids].sort());
  for (const want of ['conform/clone2conf', 'clone3/clone3conf', 'threads/threads3', 'glibc/hello', 'glibc/threads', 'guests/sys']) {
    assert.ok(ids.includes(want), want);
  }
  const byCase = manifestCases();
  for (const c of rep.cases) {
    // Assembly cases run where Keystone assembles (their manifest entry lists those arches).
    for (const arch of byCase.get(c.id)!) {
      assert.equal(c.cells[arch].verdict, 'pass', `${c.id} on ${arch}`);
      const k = c.checks.find((x) => x.check === 'expected' && x.arch === arch);
      assert.equal(k?.verdict, 'pass', `${c.id} on ${arch}: expected transcript checked`);
    }
  }
  // Transcripts Linux prints identically everywhere were compared across arches too.
  for (const id of ['conform/clone2conf', 'clone3/clone3conf', 'threads/threads3', 'glibc/threads', 'guests/intc']) {
    assert.equal(rep.cases.find((c) => c.id === id)!.checks.find((k) => k.check === 'identical')?.verdict, 'pass', id);
  }
  assert.equal(rep.summary.runs, [...byCase.values()].reduce((n, a) => n + a.length, 0));
});

test('user suite: the matrix, each failure\'s first differing lines, exit status 1', () => {
  const r = tricorn(['conform', 'test/conform/mixed', '--jobs', '2'], { timeoutMs: 300_000 });
  assert.equal(r.status, 1, r.stderr);
  assert.equal(r.stderr, '', 'no progress line when stderr is not a terminal');
  assert.ok(!r.stdout.includes('\x1b['), 'no colour when stdout is not a terminal');
  const lines = r.stdout.split('\n');
  assert.match(lines[0], new RegExp(`^case\\s+${arches.join('\\s+')}\\s+across arches$`));
  assert.match(lines[1], new RegExp(row('mixed/archdiff', 'pass', 'DIFFER')));
  assert.match(lines[2], new RegExp(row('mixed/crash', 'CRASH', 'same')));
  assert.match(lines[3], new RegExp(row('mixed/passing', 'pass', 'same')));
  assert.match(lines[4], new RegExp(row('mixed/wrong', 'FAIL', 'same')));
  assert.ok(r.stdout.includes([
    `FAIL mixed/archdiff: identical: ${arches.slice(1).join(', ')} differ from x86_64 at line 1 (- x86_64, + aarch64)`,
    '    - 1  hello from x86_64',
    '    + 1  hello from aarch64',
  ].join('\n')), r.stdout);
  assert.match(r.stdout, /^CRASH mixed\/crash on ppc64: tricorn: pid 1 killed by SIGSEGV: write to unmapped address 0x10 at pc 0x[0-9a-f]+ /m);
  assert.ok(r.stdout.includes([
    `FAIL mixed/wrong on ${arches.join(', ')}: expected: differs from wrong/expected at line 1`,
    '    - 1  getpid calls: 4, positive results: 4',
    '    + 1  getpid calls: 3, positive results: 3',
  ].join('\n')), r.stdout);
  assert.ok(r.stdout.endsWith(`\n4 cases (${4 * arches.length} runs): 1 passed, 3 failed\n`), r.stdout);
});

test('user suite as JSON: --repeat checks determinism, a crash is a crash on every arch', () => {
  const r = tricorn(['conform', 'test/conform/mixed', '--format', 'json', '--repeat', 'passing', 'crash'], { timeoutMs: 300_000 });
  assert.equal(r.status, 1);
  const rep = JSON.parse(r.stdout) as Report;
  const passing = rep.cases.find((c) => c.id === 'mixed/passing')!;
  assert.equal(passing.verdict, 'pass');
  assert.deepEqual(passing.checks.filter((k) => k.check === 'deterministic').map((k) => [k.arch, k.verdict]), arches.map((a) => [a, 'pass']));
  const crash = rep.cases.find((c) => c.id === 'mixed/crash')!;
  for (const a of arches) {
    assert.equal(crash.cells[a].verdict, 'crash');
    assert.equal(crash.cells[a].exitStatus, 139);
    assert.match(crash.cells[a].note!, /killed by SIGSEGV/);
  }
  assert.deepEqual(rep.cases.map((c) => c.id), ['mixed/crash', 'mixed/passing']);
});

test('--layouts: every declared struct matches the compilers; clone_struct is the same 40 bytes everywhere', () => {
  const r = tricorn(['conform', '--layouts']);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, new RegExp(row('clone_struct', '40 ok', 'same on every arch'), 'm'));
  assert.match(r.stdout, /^clone_struct: same on every arch: 40 bytes, align 8, identical offsets$/m);
  assert.match(r.stdout, /^stat\s+144 ok\s+128 ok\s+144 ok\s+144 ok\s+(\d+ ok\s+)*DIFFER$/m);
  assert.match(r.stdout, /^ {4}st_mode at 24\+4 \(x86_64, ppc64, ppc64le(, \w+)*\), at 16\+4 \(aarch64(, \w+)*\)$/m);
  const j = JSON.parse(tricorn(['conform', '--layouts', '--format', 'json']).stdout) as { layouts: { struct: string; same: boolean; verdict: string }[] };
  assert.ok(j.layouts.length >= 12);
  assert.ok(j.layouts.every((l) => l.verdict === 'pass'));
  // Signal frames are where the ABIs part ways (and sigaction where an ABI has no SA_RESTORER,
  // statfs where an ABI keeps 32-bit fields: s390x's, as its compiler says; epoll_event, which
  // x86_64 packs; termios, whose speeds only PowerPC's carries; System V IPC's ipc64_perm, whose seq
  // PowerPC and s390x place apart, and the three *id64_ds holding it, x86_64's semid64_ds keeping
  // spare longs); every other struct is one layout everywhere.
  const differ = j.layouts.filter((l) => !l.same).map((l) => l.struct);
  for (const s of ['stat', 'sigcontext', 'ucontext', 'rt_sigframe', 'epoll_event']) assert.ok(differ.includes(s), s);
  assert.deepEqual(differ.filter((s) => !['stat', 'statfs', 'sigaction', 'sigcontext', 'ucontext', 'rt_sigframe', 'epoll_event', 'termios',
    'ipc64_perm', 'shmid64_ds', 'semid64_ds', 'msqid64_ds'].includes(s)), []);
  for (const s of ['ipc64_perm', 'shmid64_ds', 'semid64_ds']) assert.ok(differ.includes(s), s);
});

test('--shard I/N partitions the suite exactly', () => {
  const list = (extra: string[]) => tricorn(['conform', '--list', ...extra]).stdout.split('\n').filter(Boolean);
  const all = list([]);
  assert.ok(all.length >= 17);
  for (const n of [1, 2, 3, 5]) {
    const parts = Array.from({ length: n }, (_, i) => list(['--shard', `${i + 1}/${n}`]));
    assert.deepEqual(parts.flat().sort(), [...all].sort(), `${n} shards cover the suite`);
    assert.equal(new Set(parts.flat()).size, all.length, `${n} shards are disjoint`);
    assert.ok(parts.every((p) => Math.abs(p.length - all.length / n) < 1), `${n} shards are balanced`);
  }
});

test('bad arguments are one line and exit status 125 (tricorn misused)', () => {
  for (const [args, msg] of [
    [['--shard', '3/2'], /--shard is I\/N/],
    [['--arch', 'sparc'], /unknown architecture 'sparc'/],
    [['no-such-case'], /no case or suite 'no-such-case'/],
    [['--format', 'xml'], /--format is text, tap, junit or json/],
    [['--jobs', '0'], /--jobs needs a number/],
  ] as [string[], RegExp][]) {
    const r = tricorn(['conform', ...args]);
    assert.equal(r.status, 125, args.join(' '));
    assert.match(r.stderr, msg);
    assert.equal(r.stderr.trim().split('\n').length, 1);
  }
});

const hostIsX86 = process.arch === 'x64';

test('--oracle native: the host-arch programs run on Linux and agree with tricorn', { skip: !hostIsX86 && 'the fixture oracle run needs an x86_64 host' }, () => {
  const r = tricorn(['conform', 'test/conform/mixed', '--arch', 'x86_64', '--oracle', 'native', '--format', 'json', 'passing', 'wrong'], { timeoutMs: 300_000 });
  const rep = JSON.parse(r.stdout) as Report;
  for (const id of ['mixed/passing', 'mixed/wrong']) {
    const k = rep.cases.find((c) => c.id === id)!.checks.find((x) => x.check === 'oracle')!;
    // Linux prints what tricorn prints, so the oracle shows it is wrong/expected that is wrong.
    assert.equal(k.verdict, 'pass', `${id}: ${k.message}`);
    assert.match(k.message, /^same as Linux \(native\)/);
  }
  const text = tricorn(['conform', '--arch', 'x86_64', '--oracle', 'native', 'clone2conf'], { timeoutMs: 300_000 });
  assert.equal(text.status, 0);
  assert.match(text.stdout, /note: conform\/clone2conf on x86_64: oracle skipped: clone2 exists in no Linux kernel/);
});

// The --oracle and --build cases that call the fixture-making tools live in
// scripts/check-conform-tools.ts (run there when the tools are installed), not in the suite.

test('--build without the compilers names the Debian packages', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'tricorn-build-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  cpSync(resolve(root, 'examples/conform'), join(dir, 'mine'), { recursive: true });
  const r = tricorn(['conform', join(dir, 'mine'), '--build', '--arch', 'aarch64,ppc64le'], { env: { PATH: '/nonexistent' } });
  assert.equal(r.status, 125);
  // The packages named are the descriptors' Debian cross compilers.
  const apt = ['aarch64', 'ppc64le'].map((n) => architectures.find((x) => x.name === n)!.toolchain.apt).join(' ');
  assert.equal(r.stderr, `tricorn: conform: --build needs a C compiler for aarch64, ppc64le: apt-get install ${apt} (or choose arches with --arch)\n`);
});
