// `tricorn explain`: one system call from the trap into the kernel and back, on every arch side
// by side. The kernel's part comes from its explain channel, so changing the guest (or the run)
// changes it: a guest that sets reserved1 sees that rule fail; as uid 1000 the same clone2 call
// shows the root rule failing and the error going back by each arch's convention. The HTML page
// is rendered by a real browser (Debian's chromium through playwright-core) when one is installed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { root, tricorn } from './cli.js';
import { architectures } from '../../arch/index.js';

const slow = { timeoutMs: 300_000 };

test('explain --example clone2 --arch all: instructions and trap, registers, the struct in each byte order, the rules, the way back', () => {
  const r = tricorn(['explain', '--example', 'clone2', '--arch', 'all'], slow);
  assert.equal(r.status, 0, r.stderr);
  const o = r.stdout;
  for (const a of ['x86_64', 'aarch64', 'ppc64', 'ppc64le']) assert.equal(o.match(new RegExp(`^\\[${a}\\]$`, 'gm'))?.length, 5, a);
  // User side: the ring buffer ends at the trap, disassembled, with the arch's note.
  assert.match(o, /^ {2}> 0x[0-9a-f]+: 0f 05 +syscall$/m);
  assert.match(o, /^ {2}> 0x[0-9a-f]+: 01 00 00 d4 +svc #0$/m);
  assert.match(o, /^ {2}> 0x[0-9a-f]+: 44 00 00 02 +sc$/m);
  assert.match(o, /^ {2}> 0x[0-9a-f]+: 02 00 00 44 +sc$/m);
  assert.match(o, /^ {4}0x[0-9a-f]+: 38 00 03 e8 +li r0, 0x3e8$/m, 'ppc64 loads the number 1000 into r0 before the trap');
  assert.match(o, /^ {2}svc #0: .*ELR_EL1.*x8$/m);
  // Registers by ABI name with their roles; the call as strace prints it.
  assert.match(o, /^ {2}rax = 1000 +syscall number \(clone2\)$/m);
  assert.match(o, /^ {2}r3 = 0x[0-9a-f]+ +cs: struct clone_struct \*$/m);
  assert.match(o, /^ {2}as strace shows it: clone2\(\{flags=SIGCHLD, child_stack=NULL, nr_pids=1, .*\}, \[500\]\) = 500$/m);
  // The same 40 bytes, big-endian on ppc64, little-endian on x86_64.
  assert.match(o, /cs \(struct clone_struct\): 40 bytes at 0x[0-9a-f]+, big-endian\n(.*\n){2} {4}\+16 {2}4 {2}u32 {6}nr_pids {6}00 00 00 01 {14}= 1/);
  assert.match(o, /cs \(struct clone_struct\): 40 bytes at 0x[0-9a-f]+, little-endian\n(.*\n){2} {4}\+16 {2}4 {2}u32 {6}nr_pids {6}01 00 00 00 {14}= 1/);
  assert.match(o, /^ {4}\[0\] 00 00 01 f4 = 500$/m);
  // Inside the kernel: the implementation, the rules with values, the pids.
  assert.match(o, /^ {2}implementation: clone2\(\) in kernel\/syscalls\/clone.ts$/m);
  assert.match(o, /^ {2}ok {3}nr_pids ≤ caller's level \+ 1: nr_pids 1 ≤ 0 \+ 1 = 1$/m);
  assert.match(o, /^ {2}ok {3}a pid at every level, youngest first \(alloc_pid\): level 0: 500 \(requested, free\)$/m);
  assert.match(o, /^ {2}new process \(copy of the address space\): pid 500 at level 0$/m);
  // The way back: the convention, and where parent and child resume.
  assert.match(o, /^ {4}cr \(CR0.SO clear\) = 0x[0-9a-f]+$/m);
  assert.match(o, /^ {2}the trap may also change: rcx, r11$/m);
  assert.match(o, /^ {2}child pid 500 resumes at (0x[0-9a-f]+) too; registers that differ from the caller's:\n {4}x0: 0x1f4 in the caller, 0x0 in the child$/m);
  assert.match(o, /^ {2}differs: trap instruction, registers, byte order, error convention$/m);
  assert.match(o, /^ {2}same: {4}struct layout, rules checked, pids, result$/m);
});

test('explain follows the running kernel: a guest that sets reserved1 sees that rule fail and EINVAL go back', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tricorn-explain-'));
  try {
    const src = readFileSync(resolve(root, 'test/guests/explain/x86_64/clone2.s'), 'utf8');
    const changed = src.replace('mov dword ptr [rsp + 28], 0     # reserved1', 'mov dword ptr [rsp + 28], 7     # reserved1');
    assert.notEqual(changed, src);
    const file = join(dir, 'x86_64', 'clone2.s');
    mkdirSync(join(dir, 'x86_64'));
    const run = (s: string) => { writeFileSync(file, s); return tricorn(['explain', '--arch', 'x86_64', file], slow); };
    const good = run(src);
    assert.equal(good.status, 0, good.stderr);
    assert.match(good.stdout, /^ {2}ok {3}reserved1 == 0: reserved1 = 0$/m);
    assert.match(good.stdout, /^ {2}new process \(copy of the address space\): pid 2 at level 0$/m);
    const bad = run(changed);
    assert.equal(bad.status, 0, bad.stderr);
    assert.match(bad.stdout, /^ {4}\+28 {2}4 {2}u32 {6}reserved1 {4}07 00 00 00 {14}= 7$/m);
    assert.match(bad.stdout, /^ {2}FAIL reserved1 == 0: reserved1 = 7 -> EINVAL$/m);
    assert.doesNotMatch(bad.stdout, /reserved2 == 0|new process/, 'the kernel stops at the first broken rule');
    assert.match(bad.stdout, /^ {2}result -22 \(-EINVAL\); rax = the result, or -errno on failure/m);
    assert.match(bad.stdout, /^ {4}rax = -22$/m);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('explain as uid 1000: the root rule fails and EPERM goes back by each convention', () => {
  const r = tricorn(['explain', '--example', 'clone2', '--arch', 'all', '--uid', '1000'], slow);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /^ {2}FAIL choosing a pid needs CAP_SYS_ADMIN or CAP_CHECKPOINT_RESTORE: euid 1000, requested \[500\] -> EPERM$/m);
  assert.doesNotMatch(r.stdout, /alloc_pid/, 'nothing is allocated after the refusal');
  assert.match(r.stdout, /^ {4}x0 = -1$/m);
  assert.match(r.stdout, /^ {4}r3 = 1$/m);
  assert.match(r.stdout, /^ {4}cr \(CR0.SO set\) = 0x[0-9a-f]+$/m);
});

test('explain --syscall NAME --nth N on a FILE, found for every arch by its directory', () => {
  const r = tricorn(['explain', '--arch', 'all', '--syscall', 'write', '--nth', '1', '--before', '3', 'test/guests/bin/ppc64/hello'], slow);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /^write #1 of test\/guests\/bin\/ppc64\/hello$/m);
  for (const a of ['x86_64', 'aarch64', 'ppc64', 'ppc64le']) assert.match(r.stdout, new RegExp(`as strace shows it: write\\(1, "hello from ${a}\\\\n", \\d+\\) = \\d+`));
  assert.match(r.stdout, /^ {2}implementation: write\(\) in kernel\/syscalls\/io.ts$/m);
  // What the kernel copied from the guest, as text.
  assert.match(r.stdout, /^ {4}"hello from aarch64\."$/m);
  // --before 3: three instructions and the trap.
  const user = r.stdout.split('== Registers')[0].split('[x86_64]')[1].split('[aarch64]')[0];
  assert.equal(user.split('\n').filter((l) => /^ {2}[ >] 0x/.test(l)).length, 4);
});

test('explain --example futex: a call that sleeps, its rule, and its wake-up', () => {
  const r = tricorn(['explain', '--example', 'futex', '--arch', 'aarch64'], slow);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /^ {2}implementation: futex\(\) in kernel\/syscalls\/futex.ts$/m);
  assert.match(r.stdout, /^ {2}read copy_from_user: 4 bytes at (0x[0-9a-f]+), little-endian: 00 00 00 00 = 0$/m);
  assert.match(r.stdout, /^ {2}ok {3}\*uaddr == val, so the task sleeps: \*uaddr = 0, val = 0$/m);
  assert.match(r.stdout, /^ {2}the call blocked; the task slept until it could finish\n {2}result 0; x0 = the result/m);
});

test('explain --json (valid against docs/explain.schema.json) and --html: a self-contained page a browser renders', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'tricorn-explain-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const html = join(dir, 'clone2.html');
  const r = tricorn(['explain', '--example', 'clone2', '--arch', 'all', '--json', '--html', html], slow);
  assert.equal(r.status, 0, r.stderr);
  const schema = JSON.parse(readFileSync(resolve(root, 'docs/explain.schema.json'), 'utf8')) as object;
  const validate = new Ajv2020({ allErrors: true, strict: true }).compile(schema);
  const j = JSON.parse(r.stdout) as {
    arches: { arch: string; memory: { struct: string | null; bytes: string }[]; kernel: { kind: string; ok?: boolean }[]; call: { strace: string } }[];
    summary: { differs: string[] };
  };
  assert.ok(validate(j), JSON.stringify(validate.errors));
  assert.deepEqual(j.arches.map((a) => a.arch), architectures.map((a) => a.name));
  const ppc = j.arches[2];
  assert.equal(ppc.memory.find((m) => m.struct === 'clone_struct')!.bytes, '00 00 00 00 00 00 00 11 00 00 00 00 00 00 00 00 00 00 00 01 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00');
  assert.ok(ppc.kernel.filter((k) => k.kind === 'check').every((k) => k.ok));
  assert.ok(j.summary.differs.includes('byte order'));
  // The schema is a real check: a made-up step kind is refused.
  assert.equal(validate({ ...j, arches: [{ ...j.arches[0], kernel: [{ kind: 'guess' }] }] }), false);

  const page = readFileSync(html, 'utf8');
  assert.doesNotMatch(page, /<script|<link|src="|url\(/, 'no script and no external asset');
  const chromium = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p));
  if (!chromium) { t.skip('no chromium installed (Debian: apt-get install chromium): the browser check is skipped'); return; }
  const { chromium: pw } = await import('playwright-core');
  const browser = await pw.launch({ executablePath: chromium, headless: true, args: ['--no-sandbox'] });
  try {
    // Readable without JavaScript: the page has none, and the browser runs none.
    const p = await browser.newPage({ javaScriptEnabled: false, viewport: { width: 1800, height: 1000 } });
    const problems: string[] = [];
    p.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') problems.push(m.text()); });
    p.on('pageerror', (e) => problems.push(e.message));
    p.on('request', (q) => { if (!q.url().startsWith('file:')) problems.push(`network request ${q.url()}`); });
    await p.goto(`file://${html}`);
    // A column per architecture in every section, in order.
    for (const sec of ['user', 'registers', 'memory', 'kernel', 'back']) {
      assert.deepEqual(await p.locator(`#sec-${sec} .col h3`).allInnerTexts(), architectures.map((a) => a.name), sec);
    }
    // Sections collapse: closing one hides its columns.
    assert.ok(await p.locator('#sec-kernel .col').first().isVisible());
    await p.locator('#sec-kernel > summary').click();
    assert.equal(await p.locator('#sec-kernel .col').first().isVisible(), false);
    // Hovering nr_pids' byte in the ppc64 column highlights nr_pids in every column, and nothing else.
    const bg = (sel: string) => p.locator(sel).evaluate((e) => getComputedStyle(e).backgroundColor);
    const nrPidsRow = (arch: string) => `#sec-memory .col[data-arch="${arch}"] tr[data-field="nr_pids"]`;
    const flagsRow = '#sec-memory .col[data-arch="x86_64"] tr[data-field="flags"]';
    const before = await bg(nrPidsRow('x86_64'));
    const ppcBytes = p.locator('#sec-memory .col[data-arch="ppc64"] .dump[data-what="cs"] span');
    assert.equal(await ppcBytes.count(), 40);
    await ppcBytes.nth(19).hover(); // offset 19: the last byte of nr_pids (00 00 00 01)
    assert.equal(await ppcBytes.nth(19).innerText(), '01');
    const lit = await bg(nrPidsRow('x86_64'));
    assert.notEqual(lit, before);
    assert.equal(lit, 'rgb(255, 213, 79)');
    for (const a of ['aarch64', 'ppc64', 'ppc64le']) assert.equal(await bg(nrPidsRow(a)), lit, a);
    assert.equal(await bg(flagsRow), before);
    const x86Byte16 = p.locator('#sec-memory .col[data-arch="x86_64"] .dump[data-what="cs"] span').nth(16);
    assert.equal(await x86Byte16.evaluate((e) => getComputedStyle(e).backgroundColor), lit, 'x86_64 byte 16, nr_pids\'s first');
    mkdirSync(resolve(root, 'dist/artifacts'), { recursive: true });
    await p.screenshot({ path: resolve(root, 'dist/artifacts/explain-clone2.png'), fullPage: true });
    assert.deepEqual(problems, []);
  } finally {
    await browser.close();
  }
});

test('explain: bad input is one line, status 125 (127 for a missing program)', () => {
  const cases: [string[], RegExp, number][] = [
    [['--example', 'nope'], /no example 'nope'/, 125],
    [['--arch', 'all', 'README.md'], /needs FILE's path to name its arch/, 125],
    [[], /needs a FILE or --example/, 125],
    [['--nth', '0', 'x'], /--nth needs a number from 1/, 125],
    [['--syscall', 'frobnicate', '--example', 'write'], /no system call named 'frobnicate'/, 125],
    [['--arch', 'vax', 'x'], /unknown architecture 'vax'/, 125],
    [['--arch', 'all', 'test/guests/bin/x86_64/nothing'], /no x86_64 program/, 127],
  ];
  for (const [args, msg, status] of cases) {
    const r = tricorn(['explain', ...args]);
    assert.equal(r.status, status, args.join(' '));
    assert.match(r.stderr, msg);
    assert.equal(r.stderr.trim().split('\n').length, 1);
  }
});
