// `tricorn conform` output formats on the fixture user suite (test/conform/mixed, on x86_64 and
// ppc64: a pass, an expected mismatch, a cross-arch mismatch, a crash): TAP 14 parsed back,
// JUnit validated against docs/conform-junit.xsd, JSON against docs/conform.schema.json, the
// HTML page rendered by a real browser (Debian's chromium, headless, through playwright-core).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { validateXML } from 'xmllint-wasm';
import { root, tricorn } from './cli.js';

const suite = ['conform', 'test/conform/mixed', '--arch', 'x86_64,ppc64', '--jobs', '2'];
const opts = { timeoutMs: 300_000 };

/** Failing test points by description, as the report's reader sees them. */
const wantFailing = [
  'mixed/archdiff: identical across arches',
  'mixed/crash on x86_64', 'mixed/crash on ppc64',
  'mixed/wrong on x86_64', 'mixed/wrong on ppc64',
];

interface TapPoint { ok: boolean; n: number; desc: string; yaml: string[]; directive?: string }

/** A TAP 14 reader for what a consumer needs: version, plan, points, YAML diagnostics. */
function parseTap(text: string): { plan: number; points: TapPoint[] } {
  const lines = text.split('\n');
  assert.equal(lines[0], 'TAP version 14');
  const plan = /^1\.\.(\d+)$/.exec(lines[1]);
  assert.ok(plan, `plan line: ${lines[1]}`);
  const points: TapPoint[] = [];
  for (let i = 2; i < lines.length; i++) {
    const l = lines[i];
    if (l === '') continue;
    const m = /^(not ok|ok) (\d+) - ([^#]*?)(?: # (.*))?$/.exec(l);
    if (m) { points.push({ ok: m[1] === 'ok', n: Number(m[2]), desc: m[3], yaml: [], directive: m[4] }); continue; }
    assert.equal(l, '  ---', `a YAML block follows its point (line ${i + 1}: ${l})`);
    const end = lines.indexOf('  ...', i);
    assert.ok(end > i, 'YAML block is closed');
    points[points.length - 1].yaml = lines.slice(i + 1, end);
    i = end;
  }
  return { plan: Number(plan[1]), points };
}

test('--format tap: TAP 14 that parses back to the matrix', () => {
  const r = tricorn([...suite, '--format', 'tap'], opts);
  assert.equal(r.status, 1, r.stderr);
  const { plan, points } = parseTap(r.stdout);
  assert.equal(points.length, plan);
  assert.deepEqual(points.map((p) => p.n), points.map((_, i) => i + 1));
  // 4 cases × 2 arches, and an identity point for each case.
  assert.equal(plan, 4 * 2 + 4);
  assert.deepEqual(points.filter((p) => !p.ok).map((p) => p.desc).sort(), [...wantFailing].sort());
  const wrong = points.find((p) => p.desc === 'mixed/wrong on ppc64')!;
  assert.deepEqual(wrong.yaml, [
    '  check: "expected"',
    '  message: "differs from wrong/expected at line 1"',
    '  exitStatus: 0',
    '  diff: |-',
    '    - 1  getpid calls: 4, positive results: 4',
    '    + 1  getpid calls: 3, positive results: 3',
  ]);
  const crash = points.find((p) => p.desc === 'mixed/crash on x86_64')!;
  assert.ok(crash.yaml.includes('  check: "crash"'));
  assert.ok(crash.yaml.includes('  exitStatus: 139'));
});

test('--format junit: valid against docs/conform-junit.xsd, one testcase per cell', async () => {
  const r = tricorn([...suite, '--format', 'junit'], opts);
  assert.equal(r.status, 1, r.stderr);
  const v = await validateXML({
    xml: { fileName: 'report.xml', contents: r.stdout },
    schema: { fileName: 'conform-junit.xsd', contents: readFileSync(resolve(root, 'docs/conform-junit.xsd'), 'utf8') },
  });
  assert.deepEqual(v.errors.map((e) => e.message), []);
  assert.equal(v.valid, true);
  assert.match(r.stdout, /<testsuites name="tricorn conform" tests="12" failures="3" errors="2" skipped="0">/);
  assert.match(r.stdout, /<testcase classname="mixed\/crash" name="ppc64" time="[\d.]+">\n {6}<error type="crash" message="tricorn: pid 1 killed by SIGSEGV: write to unmapped address 0x10 at pc 0x[0-9a-f]+ \(/);
  assert.match(r.stdout, /<failure type="expected" message="differs from wrong\/expected at line 1">- 1  getpid calls: 4, positive results: 4\n\+ 1  getpid calls: 3, positive results: 3<\/failure>/);
  // The schema is a real check: a testcase with two outcomes is refused.
  const broken = r.stdout.replace('<failure type="expected"', '<skipped message="x"/><failure type="expected"');
  const bad = await validateXML({ xml: { fileName: 'broken.xml', contents: broken }, schema: { fileName: 'conform-junit.xsd', contents: readFileSync(resolve(root, 'docs/conform-junit.xsd'), 'utf8') } });
  assert.equal(bad.valid, false);
});

test('--format json: valid against docs/conform.schema.json; --html writes a self-contained page', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'tricorn-conform-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const html = join(dir, 'report.html');
  const r = tricorn([...suite, '--format', 'json', '--html', html, '--layouts'], opts);
  assert.equal(r.status, 1, r.stderr);
  const schema = JSON.parse(readFileSync(resolve(root, 'docs/conform.schema.json'), 'utf8')) as object;
  const ajv = new Ajv2020({ allErrors: true, strict: true });
  const validate = ajv.compile(schema);
  const rep = JSON.parse(r.stdout) as { ok: boolean; cases: { id: string; verdict: string }[]; layouts: unknown[] };
  assert.ok(validate(rep), JSON.stringify(validate.errors));
  assert.equal(rep.ok, false);
  assert.deepEqual(rep.cases.map((c) => [c.id, c.verdict]), [
    ['mixed/archdiff', 'fail'], ['mixed/crash', 'fail'], ['mixed/passing', 'pass'], ['mixed/wrong', 'fail'],
  ]);
  assert.ok(rep.layouts.length >= 12);
  // The schema is a real check: a made-up verdict is refused.
  assert.equal(validate({ ...rep, cases: [{ ...rep.cases[0], verdict: 'maybe' }] }), false);

  const page = readFileSync(html, 'utf8');
  assert.doesNotMatch(page, /<script|<link|src="|url\(/, 'no script and no external asset');
  await browserCheck(t, html, dir);
});

async function browserCheck(t: { skip: (m: string) => void }, html: string, dir: string): Promise<void> {
  const chromium = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p));
  if (!chromium) { t.skip('no chromium installed (Debian: apt-get install chromium): the HTML browser check is skipped'); return; }
  const { chromium: pw } = await import('playwright-core');
  const browser = await pw.launch({ executablePath: chromium, headless: true, args: ['--no-sandbox'] });
  try {
    const page = await browser.newPage({ javaScriptEnabled: false });
    const problems: string[] = [];
    page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') problems.push(m.text()); });
    page.on('pageerror', (e) => problems.push(e.message));
    page.on('request', (q) => { if (!q.url().startsWith('file:')) problems.push(`network request ${q.url()}`); });
    await page.goto(`file://${html}`);
    assert.deepEqual(await page.locator('#matrix thead th').allInnerTexts(), ['case', 'x86_64', 'ppc64', 'across arches']);
    assert.equal(await page.locator('#matrix tbody tr').count(), 4);
    const row = (id: string) => page.locator(`#matrix tr[data-case="${id}"] td`).allInnerTexts();
    assert.deepEqual(await row('mixed/passing'), ['pass', 'pass', 'same']);
    assert.deepEqual(await row('mixed/wrong'), ['FAIL', 'FAIL', 'same']);
    assert.deepEqual(await row('mixed/crash'), ['CRASH', 'CRASH', 'same']);
    assert.deepEqual(await row('mixed/archdiff'), ['pass', 'pass', 'DIFFER']);
    // Failure cells are red, passes green, as rendered.
    const bg = (sel: string) => page.locator(sel).first().evaluate((e) => getComputedStyle(e).backgroundColor);
    assert.equal(await bg('#matrix td.pass'), 'rgb(230, 244, 230)');
    assert.equal(await bg('#matrix td.fail'), 'rgb(251, 227, 227)');
    // Each failure's diff is on the page and visible; the matrix links to it.
    const wrong = page.locator('details.failure[id="mixed/wrong"]');
    assert.ok(await wrong.isVisible());
    assert.match(await wrong.locator('pre').first().innerText(), /- 1 {2}getpid calls: 4, positive results: 4\n\+ 1 {2}getpid calls: 3/);
    assert.equal(await page.locator('#matrix a[href="#mixed/wrong"]').count(), 1);
    // The layouts table: clone_struct the same 40 bytes everywhere, stat differing.
    assert.deepEqual(await page.locator('#layouts tr[data-struct="clone_struct"] td').allInnerTexts(), ['40 bytes', '40 bytes', 'same on every arch']);
    assert.match((await page.locator('#layouts tr[data-struct="stat"] td').allInnerTexts())[2], /arches differ/);
    mkdirSync(resolve(root, 'dist/artifacts'), { recursive: true });
    await page.screenshot({ path: resolve(root, 'dist/artifacts/conform-report.png'), fullPage: true });
    assert.deepEqual(problems, []);
  } finally {
    await browser.close();
  }
  void dir;
}
