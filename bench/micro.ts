// The "micro" section of `npm run bench` (issue #13): what a user feels beyond raw compute —
// a loop inside a pthread against the same loop on the main thread, fork+wait, pthread
// create+join, 1-byte writes, clock_gettime, touching 256 MiB — each one mode of the committed
// static glibc guest bench/micro/bin/<arch>/micro, run as a user runs it (a fresh
// `tricorn run`) and under qemu-<arch>-static. Cost per operation = (cost of N - cost of 0) / N,
// in CPU seconds of the whole process (user + system, from /usr/bin/time; wall time without it),
// best of BENCH_MICRO_RUNS; the two emulators must print the same checksum line.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { architectures } from '../arch/index.js';

interface Cost { s: number; rssMiB: number; out: string }

const TIME = '/usr/bin/time';

/** Run argv; CPU seconds (or wall, without /usr/bin/time) and peak RSS. Null if it failed. */
function cost(argv: string[], env?: NodeJS.ProcessEnv): Cost | null {
  const timed = existsSync(TIME);
  const t0 = performance.now();
  const r = timed
    ? spawnSync(TIME, ['-f', 'bench-cost %U %S %M', ...argv], { encoding: 'utf8', env, maxBuffer: 1 << 28 })
    : spawnSync(argv[0], argv.slice(1), { encoding: 'utf8', env, maxBuffer: 1 << 28 });
  const wall = (performance.now() - t0) / 1000;
  if (r.status !== 0) return null;
  const out = r.stdout.trim().split('\n').pop() ?? '';
  if (!timed) return { s: wall, rssMiB: NaN, out };
  const m = /bench-cost ([\d.]+) ([\d.]+) (\d+)\s*$/.exec(r.stderr);
  return m ? { s: Number(m[1]) + Number(m[2]), rssMiB: Number(m[3]) / 1024, out } : null;
}

function bestOf(n: number, f: () => Cost | null): Cost | null {
  let b: Cost | null = null;
  for (let i = 0; i < n; i++) {
    const c = f();
    if (!c) return null;
    if (!b || c.s < b.s) b = c;
  }
  return b;
}

/**
 * One row: a mode, its N, and how its per-operation figure is shown; unit 'MiB' shows the peak
 * RSS of one N run instead (issue #13's 2000 sequential forks), its ratio that of the peaks.
 */
interface Row { mode: string; n: number; unit: 'us' | 'ns' | 's' | 'MiB'; what: string }

const scale = Number(process.env.BENCH_MICRO_SCALE ?? 1);
const ROWS: Row[] = [
  { mode: 'loop', n: 200_000_000 * scale, unit: 's', what: 'loop, main thread (s)' },
  { mode: 'tloop', n: 200_000_000 * scale, unit: 's', what: 'loop in a pthread (s)' },
  { mode: 'ttloop', n: 200_000_000 * scale, unit: 's', what: 'loop in a pthread, main in timedwait (s)' },
  { mode: 'fork', n: 500 * scale, unit: 'us', what: 'fork+wait (us)' },
  { mode: 'fork', n: 2000, unit: 'MiB', what: '2000 forks, peak RSS (MiB)' },
  { mode: 'thread', n: 1000 * scale, unit: 'us', what: 'pthread create+join (us)' },
  { mode: 'write', n: 200_000 * scale, unit: 'ns', what: 'write 1 byte (ns)' },
  { mode: 'clock', n: 200_000 * scale, unit: 'ns', what: 'clock_gettime (ns)' },
  { mode: 'touch', n: 256, unit: 's', what: 'touch 256 MiB (s)' },
];

/** QEMU_CPU for qemu-user: the CPU the guests were built for (qemu 7.2's riscv64 has no 'max'). */
export const qemuCpu = (arch: string): string => (arch.startsWith('ppc') ? 'power9' : arch === 'riscv64' ? 'rv64' : 'max');

const fmtPer = (v: number, unit: Row['unit']) =>
  Number.isNaN(v) ? '—' : unit === 'us' ? (v * 1e6).toFixed(1) : unit === 'ns' ? (v * 1e9).toFixed(0)
    : unit === 'MiB' ? v.toFixed(0) : v.toFixed(3);

export function micro(root: string, arches: string[]): void {
  const runs = Number(process.env.BENCH_MICRO_RUNS ?? 3);
  // BENCH_MICRO_ROWS=thread,clock measures only those modes (peak: the 2000-fork memory row).
  const only = process.env.BENCH_MICRO_ROWS?.split(',');
  const main = resolve(root, 'dist/cli/main.js');
  const lines: string[][] = [];
  for (const arch of arches) {
    const bin = resolve(root, `bench/micro/bin/${arch}/micro`);
    const qemu = `/usr/bin/qemu-${arch}-static`;
    const hasQemu = existsSync(qemu);
    const qenv = { ...process.env, QEMU_CPU: qemuCpu(arch) };
    const tri = (mode: string, n: number) => bestOf(runs, () => cost([process.execPath, main, 'run', bin, mode, String(n)]));
    const qem = (mode: string, n: number) => (hasQemu ? bestOf(runs, () => cost([qemu, bin, mode, String(n)], qenv)) : null);
    for (const row of ROWS.filter((r) => !only || only.includes(r.mode) || (r.unit === 'MiB' && only.includes('peak')))) {
      if (row.unit === 'MiB') {
        // Memory, not time: one run each is enough (RSS does not vary with load).
        const t = cost([process.execPath, main, 'run', bin, row.mode, String(row.n)]);
        const q = hasQemu ? cost([qemu, bin, row.mode, String(row.n)], qenv) : null;
        if (!t) throw new Error(`micro ${arch} ${row.what}: tricorn failed`);
        if (q && q.out !== t.out) throw new Error(`micro ${arch} ${row.what}: tricorn printed ${t.out}, qemu ${q.out}`);
        lines.push([arch, row.what, String(row.n), fmtPer(t.rssMiB, 'MiB'), q ? fmtPer(q.rssMiB, 'MiB') : '—',
          q ? `${(t.rssMiB / q.rssMiB).toFixed(2)}x` : '—', t.rssMiB.toFixed(0), q ? q.rssMiB.toFixed(0) : '—']);
        process.stderr.write(`bench: ${arch} micro ${row.what} done\n`);
        continue;
      }
      const t0 = tri(row.mode, 0), tN = tri(row.mode, row.n);
      const q0 = qem(row.mode, 0), qN = qem(row.mode, row.n);
      if (!t0 || !tN) throw new Error(`micro ${arch} ${row.mode}: tricorn failed`);
      if (qN && qN.out !== tN.out) throw new Error(`micro ${arch} ${row.mode}: tricorn printed ${tN.out}, qemu ${qN.out}`);
      const per = (a: Cost, b: Cost) => Math.max(0, b.s - a.s) / (row.unit === 's' ? 1 : row.n);
      const tp = per(t0, tN), qp = q0 && qN ? per(q0, qN) : NaN;
      lines.push([arch, row.what, String(row.n), fmtPer(tp, row.unit), fmtPer(qp, row.unit),
        Number.isNaN(qp) || qp === 0 ? '—' : `${(tp / qp).toFixed(2)}x`, tN.rssMiB.toFixed(0), qN ? qN.rssMiB.toFixed(0) : '—']);
      process.stderr.write(`bench: ${arch} micro ${row.mode} done\n`);
    }
  }
  const head = ['arch', 'what', 'N', 'tricorn', 'qemu', 'ratio', 'MiB', 'qemu MiB'];
  const widths = head.map((h, i) => Math.max(h.length, ...lines.map((r) => r[i].length)));
  const line = (r: string[]) => r.map((c, i) => (i < 2 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  console.log(`\nmicro (bench/micro; per operation, CPU of the whole process, (N - 0) / N, best of ${runs}):`);
  console.log(line(head));
  for (const r of lines) console.log(line(r));
  console.log('ratio = tricorn / qemu-user (lower is better); MiB = peak RSS of the N run');
}

// `node dist/bench/micro.js` runs this section alone (BENCH_ARCHES chooses the arches).
if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  micro(resolve(dirname(fileURLToPath(import.meta.url)), '../..'), (process.env.BENCH_ARCHES ?? architectures.map((a) => a.name).join(',')).split(','));
}
