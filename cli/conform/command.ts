// `tricorn conform`: select cases, run every (case, arch) in worker processes, check, report.
import { readFileSync, writeFileSync } from 'node:fs';
import { UsageError } from '../usage.js';
import { builtinCases, repoRoot, userSuite, type Case } from './cases.js';
import { buildCases } from './build.js';
import { checkLayouts } from './layouts.js';
import { oracleJob } from './oracle.js';
import { conformHelp, parseConformArgs, type ConformOptions } from './options.js';
import { pool, runProcess, tricornMain, type RunOutput } from './pool.js';
import type { Report } from './report.js';
import { evaluate, summarize, type ArchRuns } from './results.js';
import { renderHtml } from './render-html.js';
import { renderJunit } from './render-junit.js';
import { renderTap } from './render-tap.js';
import { renderText } from './render-text.js';

export interface Io {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  /** stdout is a terminal: colour the matrix. */
  colour: boolean;
  /** stderr is a terminal: show a live progress line there. */
  progress: boolean;
}

export function selectCases(all: Case[], select: string[]): Case[] {
  if (select.length === 0) return all;
  for (const s of select) {
    if (!all.some((c) => c.id === s || c.suite === s || c.name === s)) {
      throw new UsageError(`conform: no case or suite '${s}' (tricorn conform --list shows them)`);
    }
  }
  return all.filter((c) => select.some((s) => c.id === s || c.suite === s || c.name === s));
}

/** Case k of the selection goes to shard (k mod N) + 1: every case in exactly one shard. */
export function shardOf<T>(items: T[], shard: { index: number; count: number } | undefined): T[] {
  return shard ? items.filter((_, k) => k % shard.count === shard.index - 1) : items;
}

function tricornRun(c: Case, arch: string, timeoutMs: number): () => Promise<RunOutput> {
  return () => runProcess({
    file: process.execPath, args: [tricornMain, 'run', ...c.cliArgs, '--arch', arch, c.program(arch), ...c.args],
    cwd: c.cwd(arch), stdin: c.stdin, timeoutMs,
  });
}

export async function conform(argv: string[], io: Io): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) { io.stdout(conformHelp); return 0; }
  const o: ConformOptions = parseConformArgs(argv);
  const version = (JSON.parse(readFileSync(`${repoRoot}/package.json`, 'utf8')) as { version: string }).version;
  const runCases = !o.layoutsOnly || o.select.length > 0 || o.dirs.length > 0;
  const all = runCases ? (o.dirs.length ? o.dirs.flatMap((d) => userSuite(d)) : builtinCases()) : [];
  const cases = shardOf(selectCases(all, o.select), o.shard);
  if (o.list) {
    io.stdout(cases.map((c) => `${c.id}  (${c.arches.filter((a) => o.arches.includes(a)).join(', ')})\n`).join(''));
    return 0;
  }

  if (o.build) await buildCases(cases, o.arches, o.jobs, o.timeoutMs);

  // One task per run; a case's runs are found again by index when the pool is done.
  const tasks: (() => Promise<RunOutput>)[] = [];
  const plan = cases.map((c) => c.arches.filter((a) => o.arches.includes(a)).map((arch) => {
    const first = tasks.push(tricornRun(c, arch, o.timeoutMs)) - 1;
    const second = o.repeat ? tasks.push(tricornRun(c, arch, o.timeoutMs)) - 1 : -1;
    const job = o.oracle ? oracleJob(o.oracle, c, arch, o.timeoutMs) ?? undefined : undefined;
    const oracle = job && 'command' in job ? tasks.push(() => runProcess(job.command)) - 1 : -1;
    return { arch, first, second, job, oracle };
  }));
  let done = 0;
  const progress = () => {
    done++;
    if (io.progress) io.stderr(`\r\x1b[K[${done}/${tasks.length} runs]`);
  };
  const outs = await pool(tasks, o.jobs, progress);
  if (io.progress && tasks.length) io.stderr('\r\x1b[K');

  const results = cases.map((c, i) => evaluate(c, plan[i].map((p): ArchRuns => ({
    arch: p.arch, first: outs[p.first], ...(p.second >= 0 ? { second: outs[p.second] } : {}),
    ...(p.job ? { oracle: 'skipped' in p.job ? p.job : { run: outs[p.oracle], label: p.job.label, lacks: p.job.lacks } } : {}),
  })), o.timeoutMs, o.arches));
  const layouts = o.layoutsOnly ? checkLayouts(o.arches) : undefined;
  const summary: Report['summary'] = summarize(results);
  if (layouts) {
    summary.layouts = {
      structs: layouts.length, passed: layouts.filter((l) => l.verdict === 'pass').length,
      failed: layouts.filter((l) => l.verdict === 'fail').length, sameOnEveryArch: layouts.filter((l) => l.same).length,
    };
  }
  const report: Report = {
    tool: 'tricorn conform', version, arches: o.arches,
    options: { repeat: o.repeat, oracle: o.oracle ?? null, shard: o.shard ? `${o.shard.index}/${o.shard.count}` : null },
    cases: results, ...(layouts ? { layouts } : {}), summary,
    ok: summary.failed === 0 && (summary.layouts?.failed ?? 0) === 0,
  };
  const render = { json: () => `${JSON.stringify(report, null, 2)}\n`, tap: () => renderTap(report), junit: () => renderJunit(report), text: () => renderText(report, { colour: io.colour }) };
  io.stdout(render[o.format]());
  if (o.html) {
    try {
      writeFileSync(o.html, renderHtml(report));
    } catch (e) {
      throw new UsageError(`conform: cannot write ${o.html}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
  }
  return report.ok ? 0 : 1;
}
