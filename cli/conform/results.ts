// The outcome of a conformance run as data: every report format (matrix, TAP, JUnit, JSON,
// HTML) is rendered from this one model. docs/conform.schema.json describes its JSON form.
import type { Case, Expected } from './cases.js';
import { firstDivergence } from './diff.js';
import type { RunOutput } from './pool.js';

export type Verdict = 'pass' | 'fail' | 'skip';
export type CheckName = 'expected' | 'identical' | 'deterministic' | 'oracle';

export interface Check {
  check: CheckName;
  /** The arch it concerns; null for a check across arches. */
  arch: string | null;
  verdict: Verdict;
  message: string;
  /** The first differing lines (see diff.ts), when there is a transcript to compare. */
  diff?: string[];
}

export interface Cell {
  /** 'crash': the guest was killed by a signal nothing expected, tricorn failed, or it timed out. */
  verdict: Verdict | 'crash';
  exitStatus: number | null;
  ms: number;
  /** One line saying why, for a crash or a skip. */
  note?: string;
}

export interface CaseResult {
  id: string;
  suite: string;
  name: string;
  cells: Record<string, Cell>;
  checks: Check[];
  verdict: 'pass' | 'fail';
}

/** What one (case, arch) produced: the run, its repeat (with --repeat) and an oracle's run. */
export interface ArchRuns {
  arch: string;
  first: RunOutput;
  second?: RunOutput;
  oracle?: OracleRun;
}

export type OracleRun = { skipped: string } | { run: RunOutput; label: string; lacks?: (r: RunOutput) => string | null };

const transcript = (r: RunOutput) => Buffer.concat([r.stdout, Buffer.from(`exit status ${r.status ?? 'none'}\n`)]);
const expectedTranscript = (e: Expected) => Buffer.concat([e.stdout, Buffer.from(`exit status ${e.status}\n`)]);

/** The last line tricorn itself wrote ("tricorn: …"), which says why a run ended. */
function tricornLine(r: RunOutput): string | undefined {
  return r.stderr.toString('utf8').split('\n').filter((l) => l.startsWith('tricorn:')).pop();
}

/** Why a run counts as a crash, or null. A signal death the expected status names is no crash. */
export function crashReason(r: RunOutput, expectedStatus: number | undefined, timeoutMs: number): string | null {
  if (r.spawnError) return `could not start: ${r.spawnError}`;
  if (r.timedOut) return `timed out after ${timeoutMs / 1000} s`;
  if (r.status === 70) return tricornLine(r) ?? 'tricorn internal error';
  if (r.status === 2 && tricornLine(r) && expectedStatus !== 2) return tricornLine(r)!;
  if (r.status !== null && r.status >= 128 && r.status !== expectedStatus) {
    return tricornLine(r) ?? `killed by signal ${r.status - 128}`;
  }
  return null;
}

export function evaluate(c: Case, runs: ArchRuns[], timeoutMs: number, archOrder: readonly string[]): CaseResult {
  const checks: Check[] = [];
  const cells: Record<string, Cell> = {};
  for (const arch of archOrder) {
    if (!runs.some((r) => r.arch === arch)) {
      cells[arch] = { verdict: 'skip', exitStatus: null, ms: 0, note: c.arches.includes(arch) ? 'not selected' : `no ${arch} program` };
    }
  }
  for (const { arch, first, second, oracle } of runs) {
    const want = c.expected(arch);
    const crash = crashReason(first, want?.status, timeoutMs);
    if (want) {
      const d = firstDivergence(expectedTranscript(want), transcript(first));
      checks.push({
        check: 'expected', arch, verdict: d ? 'fail' : 'pass',
        message: d ? `differs from ${want.source} at line ${d.line}` : `equals ${want.source}`, diff: d?.lines,
      });
    }
    if (second) {
      const same = transcript(first).equals(transcript(second)) && first.stderr.equals(second.stderr);
      const d = firstDivergence(transcript(first), transcript(second)) ?? firstDivergence(first.stderr, second.stderr);
      checks.push({
        check: 'deterministic', arch, verdict: same ? 'pass' : 'fail',
        message: same ? 'second run byte-identical (stdout, stderr, exit status)' : `second run differs at line ${d?.line}`, diff: d?.lines,
      });
    }
    if (oracle) checks.push(oracleCheck(arch, first, oracle));
    const failed = checks.some((k) => k.arch === arch && k.verdict === 'fail');
    cells[arch] = {
      verdict: crash ? 'crash' : failed ? 'fail' : 'pass', exitStatus: first.status, ms: first.ms,
      ...(crash ? { note: crash } : {}),
    };
  }
  if (c.sameOnAllArches && runs.length > 1) {
    const ref = runs[0];
    const differ = runs.slice(1).filter((r) => !transcript(r.first).equals(transcript(ref.first)));
    const d = differ.length ? firstDivergence(transcript(ref.first), transcript(differ[0].first)) : null;
    checks.push({
      check: 'identical', arch: null, verdict: differ.length ? 'fail' : 'pass',
      message: differ.length
        ? `${differ.map((r) => r.arch).join(', ')} differ${differ.length === 1 ? 's' : ''} from ${ref.arch} at line ${d!.line} (- ${ref.arch}, + ${differ[0].arch})`
        : `same stdout and exit status on ${runs.map((r) => r.arch).join(', ')}`,
      diff: d?.lines,
    });
  }
  const bad = Object.values(cells).some((x) => x.verdict === 'fail' || x.verdict === 'crash') || checks.some((k) => k.verdict === 'fail');
  return { id: c.id, suite: c.suite, name: c.name, cells, checks, verdict: bad ? 'fail' : 'pass' };
}

function oracleCheck(arch: string, first: RunOutput, o: OracleRun): Check {
  if ('skipped' in o) return { check: 'oracle', arch, verdict: 'skip', message: o.skipped };
  const lacks = o.lacks?.(o.run);
  if (o.run.spawnError) return { check: 'oracle', arch, verdict: 'skip', message: `${o.label} could not start: ${o.run.spawnError}` };
  const d = firstDivergence(transcript(o.run), transcript(first));
  if (!d) return { check: 'oracle', arch, verdict: 'pass', message: `same as ${o.label}` };
  // qemu-user forwards syscalls to the host kernel: where it or the host lacks something, that
  // is a gap in the oracle, reported as such rather than as tricorn's failure.
  if (lacks) return { check: 'oracle', arch, verdict: 'skip', message: `${o.label} disagrees because ${lacks}`, diff: d.lines };
  return { check: 'oracle', arch, verdict: 'fail', message: `differs from ${o.label} at line ${d.line} (- ${o.label}, + tricorn)`, diff: d.lines };
}

export interface Summary { cases: number; passed: number; failed: number; runs: number }

export function summarize(cases: CaseResult[]): Summary {
  return {
    cases: cases.length,
    passed: cases.filter((c) => c.verdict === 'pass').length,
    failed: cases.filter((c) => c.verdict === 'fail').length,
    runs: cases.reduce((n, c) => n + Object.values(c.cells).filter((x) => x.verdict !== 'skip').length, 0),
  };
}
