// The first lines where two transcripts part ways, for a report: a little context, then the
// expected lines (-) and what the guest printed (+). Not a full diff: the first divergence is
// what a reader acts on, and later lines usually follow from it.

export interface Divergence {
  /** 1-based line number of the first differing line. */
  line: number;
  /** Report lines: "  N  text" for context, "- N  text" and "+ N  text" for the two sides. */
  lines: string[];
}

const CONTEXT = 2;
const SHOWN = 3;

function show(s: string): string {
  // Control characters would garble a terminal or a report; keep everything else as printed.
  // eslint-disable-next-line no-control-regex
  return s.replace(/[\x00-\x08\x0b-\x1f\x7f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

function splitLines(b: Buffer): string[] {
  const t = b.toString('utf8');
  const lines = t.split('\n');
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  else if (t.length > 0) lines[lines.length - 1] += ' (no newline at end)';
  return lines;
}

/** Null when the two are byte-identical. */
export function firstDivergence(want: Buffer, got: Buffer): Divergence | null {
  if (want.equals(got)) return null;
  const a = splitLines(want);
  const b = splitLines(got);
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  const lines: string[] = [];
  const w = String(Math.max(a.length, b.length) + 1).length;
  const n = (k: number) => String(k + 1).padStart(w);
  for (let k = Math.max(0, i - CONTEXT); k < i; k++) lines.push(`  ${n(k)}  ${show(a[k])}`);
  // The run of differing lines from i (at most SHOWN), so a one-line change shows one line.
  let j = i;
  while (j < i + SHOWN && (j < a.length || j < b.length) && a[j] !== b[j]) j++;
  for (let k = i; k < Math.min(a.length, j); k++) lines.push(`- ${n(k)}  ${show(a[k])}`);
  if (i >= a.length) lines.push(`- ${n(i)}  (end of output)`);
  for (let k = i; k < Math.min(b.length, j); k++) lines.push(`+ ${n(k)}  ${show(b[k])}`);
  if (i >= b.length) lines.push(`+ ${n(i)}  (end of output)`);
  return { line: i + 1, lines };
}
