// npm run fuzz [-- --calls N --elfs N --seed S]: the seeded syscall fuzzer over the four
// architectures and the ELF mutator, each program in a worker process so that a host abort
// (node dying by a signal) or a hang (no progress within the bound) is caught and attributed
// to the program that caused it. Prints the outcome table; exits 1 if anything was found.
import { spawn } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { architectures } from '../arch/index.js';
import type { ProgramResult } from './syscalls.js';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '../..');

export interface FuzzOptions {
  calls: number;
  elfs: number;
  seed: number;
  callsPerProgram: number;
  /** A worker that prints nothing for this long is hung. */
  hangMs: number;
  log?: (line: string) => void;
}

export interface Outcome {
  syscalls: number;
  elfs: number;
  hostAborts: string[];
  hangs: string[];
  internalErrors: string[];
  exceptions: string[];
}

/**
 * Run programs of `kind` in workers, restarting after an abort or a hang, until `goal` (random
 * syscalls made, or ELF files tried) is reached.
 */
async function campaign(kind: string, goal: number, calls: number, o: FuzzOptions, out: Outcome): Promise<void> {
  let next = 0;
  let reached = 0;
  const count = kind === 'elf' ? goal : Number.MAX_SAFE_INTEGER;
  while (reached < goal) {
    const first = next;
    let current = -1;
    const ended = await new Promise<{ code: number | null; signal: string | null; hung: boolean }>((res) => {
      const w = spawn(process.execPath, [resolve(here, 'worker.js'), kind, String(first), String(count - first),
        String(calls), String(o.seed), root], { stdio: ['ignore', 'pipe', 'pipe'] });
      let timer: NodeJS.Timeout;
      let hung = false;
      let enough = false;
      const arm = () => { clearTimeout(timer); timer = setTimeout(() => { hung = true; w.kill('SIGKILL'); }, o.hangMs); };
      arm();
      let buf = '';
      w.stdout.on('data', (d: Buffer) => {
        buf += d.toString();
        let nl;
        while ((nl = buf.indexOf('\n')) >= 0) {
          const line = buf.slice(0, nl);
          buf = buf.slice(nl + 1);
          arm();
          const m = /^(start|done) (\d+)(?: (.*))?$/.exec(line);
          if (!m) continue;
          if (m[1] === 'start') { current = Number(m[2]); continue; }
          const r = JSON.parse(m[3]) as ProgramResult;
          const tag = `${kind} #${m[2]} (seed ${o.seed})`;
          if (kind === 'elf') { out.elfs++; reached++; } else { out.syscalls += r.calls; reached += r.calls; }
          for (const e of r.internalErrors) out.internalErrors.push(`${tag}: ${e}`);
          if (r.exception) out.exceptions.push(`${tag}: ${r.exception}`);
          next = Number(m[2]) + 1;
          current = -1;
          if (reached >= goal && !enough) { enough = true; clearTimeout(timer); w.kill('SIGKILL'); }
        }
      });
      w.stderr.on('data', () => {});
      w.on('exit', (code, signal) => { clearTimeout(timer); res({ code: enough ? 0 : code, signal: enough ? null : signal, hung }); });
    });
    if (current >= 0 && !(reached >= goal)) {
      const tag = `${kind} #${current} (seed ${o.seed})`;
      if (ended.hung) out.hangs.push(tag);
      else out.hostAborts.push(`${tag}: worker ended by ${ended.signal ?? `exit ${ended.code}`}`);
      next = current + 1;
      reached += kind === 'elf' ? 1 : calls;
    } else if (ended.code !== 0 && next < count) {
      out.hostAborts.push(`${kind} worker ended by ${ended.signal ?? `exit ${ended.code}`} between programs`);
      next++;
      reached += kind === 'elf' ? 1 : calls;
    }
  }
}

export async function fuzz(o: FuzzOptions): Promise<Outcome> {
  const out: Outcome = { syscalls: 0, elfs: 0, hostAborts: [], hangs: [], internalErrors: [], exceptions: [] };
  const perArch = Math.ceil(o.calls / architectures.length);
  const jobs = [
    ...architectures.map((a) => () => campaign(a.name, perArch, o.callsPerProgram, o, out)),
    () => campaign('elf', o.elfs, 0, o, out),
  ];
  // Two at a time: the machines this runs on have few cores.
  const running: Promise<void>[] = [];
  for (const j of jobs) {
    running.push(j());
    if (running.length >= 2) await running.shift();
  }
  await Promise.all(running);
  return out;
}

export function table(out: Outcome): string {
  const rows: Array<[string, number]> = [
    ['random syscalls', out.syscalls], ['mutated ELF files', out.elfs],
    ['host aborts (node died)', out.hostAborts.length], ['hangs', out.hangs.length],
    ['internal errors', out.internalErrors.length], ['uncaught exceptions', out.exceptions.length],
  ];
  const lines = ['| outcome | count |', '|---|---|', ...rows.map(([k, v]) => `| ${k} | ${v} |`)];
  for (const f of [...out.hostAborts, ...out.hangs, ...out.internalErrors, ...out.exceptions]) lines.push(`finding: ${f}`);
  return lines.join('\n');
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const opt = (name: string, d: number) => {
    const i = args.indexOf(name);
    return i >= 0 ? Number(args[i + 1]) : d;
  };
  const out = await fuzz({
    calls: opt('--calls', 20000), elfs: opt('--elfs', 2000), seed: opt('--seed', 1),
    callsPerProgram: opt('--calls-per-program', 250), hangMs: opt('--hang-seconds', 60) * 1000,
  });
  process.stdout.write(table(out) + '\n');
  process.exitCode = out.hostAborts.length + out.hangs.length + out.internalErrors.length + out.exceptions.length ? 1 : 0;
}
