// --html FILE: one self-contained page (inline style, no script, no external asset): the
// summary, the matrix, each failure with its first differing lines, and the layouts table.
import type { Report } from './report.js';
import type { CaseResult, Cell } from './results.js';

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]!));

const style = `
body { font: 14px/1.4 system-ui, sans-serif; margin: 2em; color: #222; }
h1 { font-size: 1.4em; } h2 { font-size: 1.15em; margin-top: 2em; }
table { border-collapse: collapse; }
th, td { border: 1px solid #ccc; padding: .25em .6em; text-align: left; }
th { background: #f4f4f4; }
td.pass { background: #e6f4e6; color: #15621a; }
td.fail, td.crash { background: #fbe3e3; color: #9b1111; font-weight: bold; }
td.skip, td.na { color: #888; }
td.differ { background: #fff4d6; color: #6b4a00; }
.ok { color: #15621a; } .bad { color: #9b1111; }
pre { background: #f8f8f8; padding: .6em; overflow-x: auto; margin: .3em 0 1em; }
.del { color: #9b1111; } .add { color: #15621a; }
details { margin: .4em 0; } summary { cursor: pointer; }
code { font-size: .95em; }
`;

function cellTd(c: Cell): string {
  const word = c.verdict === 'pass' ? 'pass' : c.verdict === 'fail' ? 'FAIL' : c.verdict === 'crash' ? 'CRASH' : '–';
  const title = c.note ?? (c.exitStatus !== null ? `exit status ${c.exitStatus}, ${c.ms} ms` : '');
  return `<td class="${c.verdict}" title="${esc(title)}">${word}</td>`;
}

function acrossTd(r: CaseResult): string {
  const k = r.checks.find((x) => x.check === 'identical');
  if (!k) return '<td class="na" title="Linux prints arch-specific output">n/a</td>';
  return k.verdict === 'pass' ? '<td class="pass">same</td>' : '<td class="fail">DIFFER</td>';
}

function diffPre(lines: string[]): string {
  return `<pre>${lines.map((l) => `<span class="${l.startsWith('-') ? 'del' : l.startsWith('+') ? 'add' : 'ctx'}">${esc(l)}</span>`).join('\n')}</pre>`;
}

export function renderHtml(rep: Report): string {
  const s = rep.summary;
  const parts: string[] = [];
  parts.push(`<h1>tricorn conform ${esc(rep.version)}</h1>`);
  parts.push(`<p class="${rep.ok ? 'ok' : 'bad'}" id="summary">${rep.ok ? 'All passed' : 'Failures'}: ` +
    `${s.cases} cases (${s.runs} runs): ${s.passed} passed, ${s.failed} failed` +
    (s.layouts ? `; ${s.layouts.structs} structs: ${s.layouts.passed} match the compilers, ${s.layouts.sameOnEveryArch} same on every arch` : '') +
    (rep.options.shard ? ` (shard ${esc(rep.options.shard)})` : '') + '</p>');
  if (rep.cases.length) {
    parts.push('<h2>Matrix</h2>', '<table id="matrix"><thead><tr><th>case</th>' +
      rep.arches.map((a) => `<th>${esc(a)}</th>`).join('') + '<th>across arches</th></tr></thead><tbody>');
    for (const r of rep.cases) {
      const name = r.verdict === 'fail' ? `<a href="#${esc(r.id)}">${esc(r.id)}</a>` : esc(r.id);
      parts.push(`<tr data-case="${esc(r.id)}"><th>${name}</th>${rep.arches.map((a) => cellTd(r.cells[a])).join('')}${acrossTd(r)}</tr>`);
    }
    parts.push('</tbody></table>');
    const failed = rep.cases.filter((r) => r.verdict === 'fail');
    if (failed.length) {
      parts.push('<h2>Failures</h2>');
      for (const r of failed) {
        parts.push(`<details open class="failure" id="${esc(r.id)}"><summary><strong>${esc(r.id)}</strong></summary>`);
        for (const [arch, c] of Object.entries(r.cells)) {
          if (c.verdict === 'crash') parts.push(`<p>CRASH on ${esc(arch)}: <code>${esc(c.note ?? '')}</code></p>`);
        }
        for (const k of r.checks.filter((x) => x.verdict === 'fail')) {
          parts.push(`<p>${esc(k.check)}${k.arch ? ` on ${esc(k.arch)}` : ''}: ${esc(k.message)}</p>`);
          if (k.diff) parts.push(diffPre(k.diff));
        }
        parts.push('</details>');
      }
    }
    const skipped = rep.cases.flatMap((r) => r.checks.filter((k) => k.verdict === 'skip').map((k) => `${r.id}${k.arch ? ` on ${k.arch}` : ''}: ${k.check}: ${k.message}`));
    if (skipped.length) parts.push('<h2>Skipped checks</h2><ul>', ...skipped.map((x) => `<li>${esc(x)}</li>`), '</ul>');
  }
  if (rep.layouts) {
    parts.push('<h2>Struct layouts</h2>',
      '<p>The kernel\'s declarations (kernel/abi/structs.ts) against the layouts the cross compilers give (test/abi/fixtures/layouts.json): size per arch, and whether offsets agree across arches.</p>',
      '<table id="layouts"><thead><tr><th>struct</th>' + rep.arches.map((a) => `<th>${esc(a)}</th>`).join('') + '<th>across arches</th></tr></thead><tbody>');
    for (const l of rep.layouts) {
      const tds = rep.arches.map((a) => {
        const p = l.arches[a];
        if (!p) return '<td title="this ABI has no such struct">—</td>';
        return `<td class="${p.mismatches.length ? 'fail' : 'pass'}" title="${esc(p.mismatches.join('; ') || 'matches the compiler')}">${p.size} bytes</td>`;
      }).join('');
      const across = l.same
        ? `<td class="pass">same on every arch</td>`
        : `<td class="differ"><details><summary>arches differ</summary><ul>${l.differences.map((d) => `<li>${esc(d)}</li>`).join('')}</ul></details></td>`;
      parts.push(`<tr data-struct="${esc(l.struct)}"><th>${esc(l.struct)}</th>${tds}${across}</tr>`);
    }
    parts.push('</tbody></table>');
  }
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>tricorn conform: ${rep.ok ? 'all passed' : `${s.failed} failed`}</title>
<style>${style}</style>
</head>
<body>
${parts.join('\n')}
</body>
</html>
`;
}
