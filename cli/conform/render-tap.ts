// TAP 14: one test point per (case, arch), one per case for identity across arches, one per
// struct with --layouts. A failure's check, message and first differing lines go in the YAML
// diagnostic block; a skip is `# SKIP reason`.
import type { Report } from './report.js';

const yamlString = (s: string) => JSON.stringify(s);

function block(fields: Record<string, string | string[] | number | null>): string[] {
  const out = ['  ---'];
  for (const [k, v] of Object.entries(fields)) {
    if (Array.isArray(v)) out.push(`  ${k}: |-`, ...v.map((l) => `    ${l}`));
    else out.push(`  ${k}: ${typeof v === 'string' ? yamlString(v) : v}`);
  }
  out.push('  ...');
  return out;
}

/** Keeps a description on one line and free of TAP's '#' directive marker. */
const desc = (s: string) => s.replace(/[\n#]/g, ' ');

export function renderTap(rep: Report): string {
  const out: string[] = ['TAP version 14'];
  const points: string[][] = [];
  for (const c of rep.cases) {
    for (const arch of rep.arches) {
      const cell = c.cells[arch];
      const name = desc(`${c.id} on ${arch}`);
      if (cell.verdict === 'skip') { points.push([`ok - ${name} # SKIP ${desc(cell.note ?? '')}`]); continue; }
      const failed = c.checks.filter((k) => k.arch === arch && k.verdict === 'fail');
      if (cell.verdict === 'pass') { points.push([`ok - ${name}`]); continue; }
      const first = failed[0];
      points.push([`not ok - ${name}`, ...block({
        check: cell.verdict === 'crash' ? 'crash' : first.check,
        message: cell.verdict === 'crash' ? cell.note ?? 'crashed' : first.message,
        exitStatus: cell.exitStatus,
        ...(first?.diff ? { diff: first.diff } : {}),
      })]);
    }
    const id = c.checks.find((k) => k.check === 'identical');
    if (id) {
      const name = desc(`${c.id}: identical across arches`);
      points.push(id.verdict === 'pass' ? [`ok - ${name}`] : [`not ok - ${name}`, ...block({ check: 'identical', message: id.message, ...(id.diff ? { diff: id.diff } : {}) })]);
    }
  }
  for (const l of rep.layouts ?? []) {
    const name = desc(`struct ${l.struct} layout: ${l.same ? 'same on every arch' : 'differs across arches'}`);
    const bad = Object.entries(l.arches).flatMap(([a, p]) => p.mismatches.map((m) => `${a}: ${m}`));
    points.push(bad.length ? [`not ok - ${name}`, ...block({ check: 'layout', message: 'declaration differs from the compiler', mismatches: bad })] : [`ok - ${name}`]);
  }
  out.push(`1..${points.length}`);
  points.forEach((p, i) => {
    out.push(p[0].replace(/^(not ok|ok) - /, (_, s: string) => `${s} ${i + 1} - `), ...p.slice(1));
  });
  return `${out.join('\n')}\n`;
}
