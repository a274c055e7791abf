// The human report: the matrix (row per case, column per arch, then the cross-arch column),
// each failure's first differing lines under it, and the layouts table with --layouts.
import type { Report } from './report.js';
import type { CaseResult, Cell, Check } from './results.js';

export interface Style { colour: boolean }

const paint = (on: boolean, code: string, s: string) => (on ? `\x1b[${code}m${s}\x1b[0m` : s);

function cellWord(c: Cell): string {
  return c.verdict === 'pass' ? 'pass' : c.verdict === 'fail' ? 'FAIL' : c.verdict === 'crash' ? 'CRASH' : '-';
}

function acrossWord(r: CaseResult): string {
  const k = r.checks.find((x) => x.check === 'identical');
  return !k ? 'n/a' : k.verdict === 'pass' ? 'same' : 'DIFFER';
}

function colourOf(word: string): string {
  return word === 'pass' || word === 'same' ? '32' : word === 'FAIL' || word === 'CRASH' || word === 'DIFFER' ? '31;1' : '2';
}

function table(rows: string[][], style: Style, colourCols: (col: number) => boolean): string[] {
  const w = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  return rows.map((r, ri) => r.map((s, i) => {
    const padded = i === r.length - 1 ? s : s.padEnd(w[i]);
    return ri > 0 && colourCols(i) ? paint(style.colour, colourOf(s), padded) : padded;
  }).join('  ').trimEnd());
}

export function renderText(rep: Report, style: Style): string {
  const out: string[] = [];
  if (rep.cases.length > 0) {
    const rows = [['case', ...rep.arches, 'across arches']];
    for (const r of rep.cases) rows.push([r.id, ...rep.arches.map((a) => cellWord(r.cells[a])), acrossWord(r)]);
    out.push(...table(rows, style, (i) => i > 0), '');
    for (const r of rep.cases.filter((x) => x.verdict === 'fail')) {
      for (const [arch, cell] of Object.entries(r.cells)) {
        if (cell.verdict === 'crash') out.push(`${paint(style.colour, '31;1', 'CRASH')} ${r.id} on ${arch}: ${cell.note}`);
      }
      // The same failure on several arches is printed once, naming them all.
      const groups = new Map<string, { arches: string[]; check: Check }>();
      for (const k of r.checks.filter((x) => x.verdict === 'fail')) {
        const key = JSON.stringify([k.check, k.message, k.diff]);
        const g = groups.get(key);
        if (g) g.arches.push(k.arch ?? ''); else groups.set(key, { arches: [k.arch ?? ''], check: k });
      }
      for (const { arches, check: k } of groups.values()) {
        out.push(`${paint(style.colour, '31;1', 'FAIL')} ${r.id}${k.arch ? ` on ${arches.join(', ')}` : ''}: ${k.check}: ${k.message}`);
        for (const l of k.diff ?? []) out.push(`    ${l.startsWith('-') ? paint(style.colour, '31', l) : l.startsWith('+') ? paint(style.colour, '32', l) : l}`);
      }
      out.push('');
    }
    const notes = rep.cases.flatMap((r) => r.checks.filter((k) => k.verdict === 'skip').map((k) => `note: ${r.id}${k.arch ? ` on ${k.arch}` : ''}: ${k.check} skipped: ${k.message}`));
    if (notes.length) out.push(...notes, '');
  }
  if (rep.layouts) {
    out.push('struct layouts: the kernel\'s declarations against the cross compilers\' (test/abi/fixtures/layouts.json)');
    const rows = [['struct', ...rep.arches, 'across arches']];
    for (const l of rep.layouts) {
      rows.push([l.struct, ...rep.arches.map((a) => (l.arches[a] ? `${l.arches[a].size} ${l.arches[a].mismatches.length ? 'FAIL' : 'ok'}` : '-')),
        l.same ? 'same on every arch' : 'DIFFER']);
    }
    out.push(...table(rows, style, (i) => i === rows[0].length - 1));
    for (const l of rep.layouts) {
      for (const [a, p] of Object.entries(l.arches)) for (const m of p.mismatches) out.push(`${paint(style.colour, '31;1', 'FAIL')} struct ${l.struct} on ${a}: ${m}`);
    }
    out.push('');
    for (const l of rep.layouts) {
      const first = Object.values(l.arches)[0];
      if (l.same) out.push(`${l.struct}: same on every arch: ${first.size} bytes, align ${first.align}, identical offsets`);
      else out.push(`${l.struct}: arches differ:`, ...l.differences.map((d) => `    ${d}`));
    }
    out.push('');
  }
  const s = rep.summary;
  const parts: string[] = [];
  const oracle = rep.cases.flatMap((r) => r.checks.filter((k) => k.check === 'oracle'));
  if (rep.options.oracle) {
    const n = (v: string) => oracle.filter((k) => k.verdict === v).length;
    out.push(`oracle (${rep.options.oracle}): ${n('pass')} runs agree with Linux, ${n('fail')} differ, ${n('skip')} skipped`);
  }
  if (rep.cases.length) parts.push(`${s.cases} case${s.cases === 1 ? '' : 's'} (${s.runs} runs): ${s.passed} passed, ${s.failed} failed`);
  if (s.layouts) parts.push(`${s.layouts.structs} structs: ${s.layouts.passed} match the compilers, ${s.layouts.sameOnEveryArch} same on every arch`);
  out.push(`${parts.join('; ')}${rep.options.shard ? ` (shard ${rep.options.shard})` : ''}`);
  return `${out.join('\n')}\n`;
}
