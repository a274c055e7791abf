// --html FILE: the explanation as one self-contained page — inline style, no script, no
// external asset — with the arches in columns and each section collapsible (<details>).
// Hovering a byte or a field highlights that field in every column: each field has one class
// shared by all columns, and a CSS :has() rule per field does the highlighting, so the page
// needs no JavaScript.
import type { Explanation } from './command.js';
import type { ArchExplanation, MemoryOut } from './model.js';
import { section, sectionTitles, type SectionKey } from './text.js';

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]!));

const style = `
body { font: 14px/1.4 system-ui, sans-serif; margin: 1.5em; color: #222; }
h1 { font-size: 1.35em; } h2 { display: inline; font-size: 1.1em; }
details.section { margin: 1em 0; border-top: 1px solid #ddd; padding-top: .5em; }
summary { cursor: pointer; }
.cols { display: grid; gap: 1em; margin-top: .5em; }
.col { min-width: 0; }
.col h3 { font-size: 1em; margin: .2em 0; background: #f0f0f0; padding: .15em .4em; }
pre { background: #f8f8f8; padding: .5em; margin: .3em 0; overflow-x: auto; font-size: 12.5px; white-space: pre-wrap; overflow-wrap: anywhere; }
.fail { color: #9b1111; font-weight: bold; } .ok { color: #15621a; }
.trap { background: #e6eefb; font-weight: bold; }
table.fields { border-collapse: collapse; font: 12.5px monospace; margin: .3em 0 .8em; }
table.fields td, table.fields th { border: 1px solid #ddd; padding: .1em .4em; text-align: left; white-space: nowrap; }
table.fields th { background: #f4f4f4; font-family: system-ui, sans-serif; }
.dump { font: 12.5px monospace; margin: .2em 0; line-height: 1.6; }
.scroll { overflow-x: auto; }
.dump span { padding: 0 .15em; cursor: default; }
.note { color: #555; font-size: .92em; }
table.summary td, table.summary th { border: 1px solid #ccc; padding: .2em .6em; text-align: left; }
table.summary { border-collapse: collapse; }
`;

/** One class per field across every column (`f3`), so hovering one lights up all of them. */
class FieldClasses {
  private readonly m = new Map<string, string>();
  of(key: string): string {
    let c = this.m.get(key);
    if (!c) { c = `f${this.m.size}`; this.m.set(key, c); }
    return c;
  }
  css(): string {
    return [...this.m.values()].map((c) => `body:has(.${c}:hover) .${c} { background: #ffd54f; outline: 1px solid #c99a00; }`).join('\n');
  }
}

function memoryHtml(m: MemoryOut, x: ArchExplanation, fc: FieldClasses): string {
  const head = `<p><strong>${esc(m.what)}</strong>${m.struct ? ` (struct ${esc(m.struct)})` : ''}: ${m.size} bytes at <code>${esc(m.addr)}</code>, ${x.endian}-endian</p>`;
  if (m.bytes === null) return `${head}<p class="fail">not readable: EFAULT</p>`;
  if (!m.fields.length) {
    return `${head}<div class="dump">${esc(m.bytes)}</div>${m.text !== null ? `<div class="dump">"${esc(m.text)}"</div>` : ''}`;
  }
  const cls = (f: { name: string }) => `${fc.of(`${m.what}.${f.name}`)}`;
  // Eight bytes a line, as a hex dump reads.
  const spans = m.fields.flatMap((f) => f.bytes.split(' ').map((b) => `<span class="${cls(f)}" title="${esc(`${f.name} (+${f.offset})`)}">${b}</span>`));
  const dump = spans.map((sp, i) => (i > 0 && i % 8 === 0 ? `<br>${sp}` : sp)).join(' ');
  const rows = m.fields.map((f) => `<tr class="${cls(f)}" data-field="${esc(f.name)}"><td>+${f.offset}</td><td>${f.size}</td><td>${esc(f.type)}</td><td>${esc(f.name)}</td><td>${esc(f.bytes)}</td><td>${esc(f.value)}</td></tr>`).join('');
  return `${head}<div class="dump" data-what="${esc(m.what)}">${dump}</div>` +
    `<div class="scroll"><table class="fields"><thead><tr><th>offset</th><th>size</th><th>type</th><th>field</th><th>bytes</th><th>value</th></tr></thead><tbody>${rows}</tbody></table></div>`;
}

function linesHtml(lines: string[]): string {
  if (!lines.length) return '<p class="note">(nothing)</p>';
  return `<pre>${lines.map((l) => (l.startsWith('FAIL') ? `<span class="fail">${esc(l)}</span>` : l.startsWith('ok ') ? `<span class="ok">${esc(l)}</span>` : l.startsWith('> ') ? `<span class="trap">${esc(l)}</span>` : esc(l))).join('\n')}</pre>`;
}

function columnHtml(x: ArchExplanation, key: SectionKey, fc: FieldClasses): string {
  let body: string;
  if (key === 'memory' && x.call) {
    const reads = x.memory.filter((m) => m.dir === 'read');
    body = reads.length ? reads.map((m) => memoryHtml(m, x, fc)).join('') : '<p class="note">(nothing)</p>';
  } else {
    body = linesHtml(section(x, key));
  }
  return `<div class="col" data-arch="${esc(x.arch)}"><h3>${esc(x.arch)}</h3>${body}</div>`;
}

export function renderHtml(title: string, e: Explanation): string {
  const fc = new FieldClasses();
  const parts: string[] = [];
  const n = e.arches.length;
  parts.push(`<h1>tricorn explain: ${esc(title)}</h1>`);
  parts.push('<p class="note">One system call followed from the trap instruction into the kernel and back. Every check, read and write below was reported by the running kernel. Hover a byte or a field to see it in every column.</p>');
  for (const key of Object.keys(sectionTitles) as SectionKey[]) {
    parts.push(`<details open class="section" id="sec-${key}"><summary><h2>${esc(sectionTitles[key])}</h2></summary>`,
      `<div class="cols" style="grid-template-columns: repeat(${n}, minmax(0, 1fr))">`,
      ...e.arches.map((x) => columnHtml(x, key, fc)), '</div></details>');
  }
  if (e.summary) {
    parts.push('<details open class="section" id="sec-summary"><summary><h2>Across arches</h2></summary><table class="summary"><tbody>',
      ...e.summary.differs.map((d) => `<tr><td>${esc(d)}</td><td class="fail">differs</td></tr>`),
      ...e.summary.same.map((d) => `<tr><td>${esc(d)}</td><td class="ok">same</td></tr>`),
      '</tbody></table></details>');
  }
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>${esc(`tricorn explain: ${title}`)}</title>
<style>${style}
${fc.css()}
</style></head>
<body>
${parts.join('\n')}
</body></html>
`;
}
