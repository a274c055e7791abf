// JUnit XML for CI systems: a <testsuite> per suite (plus "layouts"), a <testcase> per
// (case, arch) named by the arch with the case as classname, and one per case for identity
// across arches. A wrong transcript is a <failure>, a crash an <error>. docs/conform-junit.xsd
// is the schema this output follows.
import type { Report } from './report.js';

const esc = (s: string) => s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' }[c]!))
  // XML 1.0 allows no control characters but tab, newline and carriage return.
  // eslint-disable-next-line no-control-regex
  .replace(/[\x00-\x08\x0b\x0c\x0e-\x1f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);

interface TestCase { classname: string; name: string; time: number; outcome?: { kind: 'failure' | 'error' | 'skipped'; type?: string; message: string; body?: string } }

function suiteXml(name: string, cases: TestCase[]): string {
  const count = (k: string) => cases.filter((c) => c.outcome?.kind === k).length;
  const time = cases.reduce((t, c) => t + c.time, 0);
  const lines = [`  <testsuite name="${esc(name)}" tests="${cases.length}" failures="${count('failure')}" errors="${count('error')}" skipped="${count('skipped')}" time="${time.toFixed(3)}">`];
  for (const c of cases) {
    const head = `    <testcase classname="${esc(c.classname)}" name="${esc(c.name)}" time="${c.time.toFixed(3)}"`;
    if (!c.outcome) { lines.push(`${head}/>`); continue; }
    const o = c.outcome;
    const type = o.type ? ` type="${esc(o.type)}"` : '';
    lines.push(`${head}>`, o.body !== undefined
      ? `      <${o.kind}${type} message="${esc(o.message)}">${esc(o.body)}</${o.kind}>`
      : `      <${o.kind}${type} message="${esc(o.message)}"/>`, '    </testcase>');
  }
  lines.push('  </testsuite>');
  return lines.join('\n');
}

export function renderJunit(rep: Report): string {
  const bySuite = new Map<string, TestCase[]>();
  for (const c of rep.cases) {
    const list = bySuite.get(c.suite) ?? [];
    bySuite.set(c.suite, list);
    for (const arch of rep.arches) {
      const cell = c.cells[arch];
      const tc: TestCase = { classname: c.id, name: arch, time: cell.ms / 1000 };
      const failed = c.checks.find((k) => k.arch === arch && k.verdict === 'fail');
      if (cell.verdict === 'skip') tc.outcome = { kind: 'skipped', message: cell.note ?? 'skipped' };
      else if (cell.verdict === 'crash') tc.outcome = { kind: 'error', type: 'crash', message: cell.note ?? 'crashed' };
      else if (cell.verdict === 'fail' && failed) tc.outcome = { kind: 'failure', type: failed.check, message: failed.message, body: (failed.diff ?? []).join('\n') };
      list.push(tc);
    }
    const id = c.checks.find((k) => k.check === 'identical');
    if (id) {
      list.push({
        classname: c.id, name: 'identical across arches', time: 0,
        ...(id.verdict === 'fail' ? { outcome: { kind: 'failure', type: 'identical', message: id.message, body: (id.diff ?? []).join('\n') } } : {}),
      });
    }
  }
  const suites = [...bySuite].map(([name, cases]) => suiteXml(name, cases));
  if (rep.layouts) {
    suites.push(suiteXml('layouts', rep.layouts.map((l) => {
      const bad = Object.entries(l.arches).flatMap(([a, p]) => p.mismatches.map((m) => `${a}: ${m}`));
      return {
        classname: 'layouts', name: l.struct, time: 0,
        ...(bad.length ? { outcome: { kind: 'failure' as const, type: 'layout', message: 'declaration differs from the compiler', body: bad.join('\n') } } : {}),
      };
    })));
  }
  const all = [...bySuite.values()].flat();
  const n = (k: string) => all.filter((c) => c.outcome?.kind === k).length + (k === 'failure' ? rep.summary.layouts?.failed ?? 0 : 0);
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="tricorn conform" tests="${all.length + (rep.layouts?.length ?? 0)}" failures="${n('failure')}" errors="${n('error')}" skipped="${n('skipped')}">`,
    ...suites,
    '</testsuites>',
    '',
  ].join('\n');
}
