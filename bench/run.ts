// `npm run bench`: syscall round trip (ns per getpid) and guest instructions per second, per
// architecture, through the real kernel and engines — and, where qemu-user is installed, the
// same binaries under qemu-<arch>-static, side by side with the ratio. Figures, not tests:
// nothing here passes or fails.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { architectures, findArch } from '../arch/index.js';
import type { ArchDescriptor } from '../arch/types.js';
import type { CpuEngine } from '../emu/engine.js';
import { parseElf } from '../kernel/exec/elf.js';
import { loadElf } from '../kernel/exec/load.js';
import type { Host } from '../kernel/host.js';
import { Kernel } from '../kernel/kernel.js';
import { engineFactoryFor } from '../cli/engines.js';
import { micro, qemuCpu } from './micro.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const arches = (process.env.BENCH_ARCHES ?? architectures.map((a) => a.name).join(',')).split(',');
const LOOP_N = Number(process.env.BENCH_LOOP_N ?? 1_000_000);
const SPIN_N = Number(process.env.BENCH_SPIN_N ?? 20_000_000);

const quietHost: Host = {
  write: (_fd, d) => d.length,
  read: () => new Uint8Array(0),
  fdInfo: () => ({ mode: 0o020666, size: 0, rdev: 0x103, blksize: 4096, terminal: false }), // /dev/null
  log: () => {},
  disassemble: () => ({ text: '', size: 0 }),
};

/** Run a guest in-process; returns wall milliseconds and the number of instructions if counted. */
function runInProcess(arch: ArchDescriptor, createEngine: (a: ArchDescriptor) => CpuEngine, binary: string,
  args: string[], countInsns = false): { ms: number; insns: number } {
  const bytes = readFileSync(binary);
  const elf = parseElf(bytes);
  let insns = 0;
  const k = new Kernel({
    arch, host: quietHost, createEngine,
    onEngine: countInsns ? (e) => { e.onInstruction = () => { insns++; }; } : undefined,
  });
  k.spawnInit(binary, (engine) => loadElf(engine, arch, elf, {
    argv: [binary, ...args], envp: [], execfn: binary, random: new Uint8Array(16), uid: 0, gid: 0,
  }));
  const t0 = performance.now();
  const out = k.run();
  const ms = performance.now() - t0;
  if (out.exitCode !== 0) throw new Error(`${binary} exited ${out.exitCode}`);
  return { ms, insns };
}

function qemuMs(arch: string, binary: string, args: string[]): number | null {
  const qemu = `/usr/bin/qemu-${arch}-static`;
  if (!existsSync(qemu)) return null;
  const t0 = performance.now();
  const r = spawnSync(qemu, [binary, ...args], { stdio: 'ignore' });
  const ms = performance.now() - t0;
  return r.status === 0 ? ms : null;
}

const best = <T>(n: number, f: () => T, key: (t: T) => number): T => {
  let b: T | null = null;
  for (let i = 0; i < n; i++) { const r = f(); if (b === null || key(r) < key(b)) b = r; }
  return b!;
};

const fmt = (v: number | null, digits = 0) => (v === null ? '—' : v.toFixed(digits));

async function main(): Promise<void> {
  // BENCH_PROGRAMS=only: just the programs section.
  if (process.env.BENCH_PROGRAMS === 'only') { await programs(); return; }
  // BENCH_STARTUP=only: just the start-up section.
  if (process.env.BENCH_STARTUP === 'only') { startup(); return; }
  const rows: string[][] = [];
  for (const name of arches) {
    const arch = findArch(name);
    if (!arch) throw new Error(`unknown arch ${name}`);
    const createEngine = await engineFactoryFor(arch);
    const bin = (p: string) => resolve(root, `test/guests/bin/${arch.name}/${p}`);

    // Syscall round trip: the difference between N getpid calls and none, per call.
    const loop0 = best(5, () => runInProcess(arch, createEngine, bin('loop'), ['0']), (r) => r.ms);
    const loopN = best(5, () => runInProcess(arch, createEngine, bin('loop'), [String(LOOP_N)]), (r) => r.ms);
    const nsPerCall = ((loopN.ms - loop0.ms) * 1e6) / LOOP_N;
    const q0 = qemuMs(arch.name, bin('loop'), ['0']);
    const qN = qemuMs(arch.name, bin('loop'), [String(LOOP_N)]);
    const qNs = q0 !== null && qN !== null ? ((qN - q0) * 1e6) / LOOP_N : null;

    // Instructions per second: instructions per spin iteration are counted exactly (trace hook
    // on two small runs), then a long untraced run is timed.
    const a = runInProcess(arch, createEngine, bin('spin'), ['1000'], true).insns;
    const b = runInProcess(arch, createEngine, bin('spin'), ['2000'], true).insns;
    const perIter = (b - a) / 1000;
    const spin0 = best(2, () => runInProcess(arch, createEngine, bin('spin'), ['0']), (r) => r.ms);
    const spinN = best(2, () => runInProcess(arch, createEngine, bin('spin'), [String(SPIN_N)]), (r) => r.ms);
    const mips = (perIter * SPIN_N) / ((spinN.ms - spin0.ms) * 1e3);
    const qs0 = qemuMs(arch.name, bin('spin'), ['0']);
    const qsN = qemuMs(arch.name, bin('spin'), [String(SPIN_N)]);
    const qMips = qs0 !== null && qsN !== null ? (perIter * SPIN_N) / ((qsN - qs0) * 1e3) : null;

    rows.push([
      arch.name, fmt(nsPerCall), fmt(qNs), qNs ? `${(nsPerCall / qNs).toFixed(2)}x` : '—',
      fmt(mips, 1), fmt(qMips, 1), qMips ? `${(mips / qMips).toFixed(2)}x` : '—', perIter.toFixed(1),
    ]);
    process.stderr.write(`bench: ${arch.name} done\n`);
  }
  const head = ['arch', 'getpid ns', 'qemu ns', 'ratio', 'M insn/s', 'qemu M insn/s', 'ratio', 'insn/iter'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (r: string[]) => r.map((c, i) => c.padStart(widths[i])).join('  ');
  console.log(`syscall round trip: ${LOOP_N} getpid calls; instructions: spin ${SPIN_N} iterations`);
  console.log(line(head));
  for (const r of rows) console.log(line(r));
  console.log('getpid ratio = tricorn / qemu (lower is better); insn ratio = tricorn / qemu (higher is better)');
  startup();
  if (process.env.BENCH_PROGRAMS !== '0') await programs();
  if (process.env.BENCH_MICRO !== '0') micro(root, arches);
}

/**
 * The "programs" section: five static glibc programs (bench/programs, -O2) — a hash, a sort
 * with a callback, a sieve, a table CRC and a double matrix product, at the sizes issue #12
 * measured (8 MiB, 400k ints, 10M, 32 MiB, 192x192) — run as `npx tricorn run` runs them
 * (package.json's bin: the bundle, whose start-up is what a user pays) and timed end to end as whole-process CPU
 * time (user + system, so a busy shared machine does not inflate it; wall time where /proc is
 * missing), best of BENCH_PROGRAM_RUNS, under tricorn and, when installed, qemu-user, with the
 * ratio tricorn / qemu (lower is better). Each prints a checksum, compared between the two so a
 * wrong answer cannot pass for a fast one. BENCH_PROGRAM_SCALE (default 1) divides the sizes.
 * Each also runs with argument 1 (the same binary doing almost nothing): the difference is the
 * work's own cost, and its ratio says how much of the whole ratio is the fixed cost of a run.
 */
const SCALE = Number(process.env.BENCH_PROGRAM_SCALE ?? 1);
const PROGRAMS: [string, string[]][] = ([
  ['sha256', 8192], ['qsort', 400000], ['sieve', 10000000], ['crc32', 32768], ['matmul', 192],
] as const).map(([p, n]) => [p, [String(Math.max(1, Math.round(n / SCALE)))]]);

/** CPU milliseconds of the children this process has waited for (Linux), or null. */
function childCpuMs(): number | null {
  try {
    // /proc/self/stat: fields 16 and 17 are cutime and cstime in clock ticks (100 per second).
    const stat = readFileSync('/proc/self/stat', 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(f[13]) + Number(f[14])) * 10;
  } catch {
    return null;
  }
}

/** Run a command to completion: its CPU time (or wall time), stdout and exit status. */
function timed(cmd: string, args: string[], env?: NodeJS.ProcessEnv): { ms: number; out: string; status: number | null } {
  const c0 = childCpuMs(), t0 = performance.now();
  const r = spawnSync(cmd, args, { encoding: 'utf8', env, maxBuffer: 1 << 24 });
  const c1 = childCpuMs(), wall = performance.now() - t0;
  return { ms: c0 !== null && c1 !== null ? c1 - c0 : wall, out: r.stdout, status: r.status };
}

/** What `npx tricorn` runs: package.json's bin (the bundle scripts/setup.sh makes). */
function cliBin(): string {
  return (JSON.parse(readFileSync(resolve(root, 'package.json'), 'utf8')) as { bin: { tricorn: string } }).bin.tricorn;
}

/** A program run as a user runs it (package.json's bin, so its start-up is the bundle's). */
function tricornRun(binary: string, args: string[], env?: NodeJS.ProcessEnv): { ms: number; out: string } {
  const r = timed(process.execPath, [resolve(root, cliBin()), 'run', '--quiet', binary, ...args], env);
  if (r.status !== 0) throw new Error(`${binary}: exit ${r.status}`);
  return r;
}

function qemuRun(arch: string, binary: string, args: string[]): { ms: number; out: string } | null {
  const qemu = `/usr/bin/qemu-${arch}-static`;
  if (!existsSync(qemu)) return null;
  const r = timed(qemu, [binary, ...args], { QEMU_CPU: qemuCpu(arch) });
  return r.status === 0 ? r : null;
}

async function programs(): Promise<void> {
  const runs = Number(process.env.BENCH_PROGRAM_RUNS ?? 1);
  const rows: string[][] = [];
  // NODE_EXTRA_CA_CERTS makes every node start parse that file first (~45 ms of CPU here with
  // the system's 144 certificates, in every tricorn row and in no qemu one): each program is then
  // also run without it, as on a machine that does not set it.
  const clean = process.env.NODE_EXTRA_CA_CERTS ? { ...process.env } : null;
  if (clean) delete clean.NODE_EXTRA_CA_CERTS;
  for (const name of arches) {
    const arch = findArch(name)!;
    for (const [prog, args] of PROGRAMS) {
      const bin = resolve(root, `bench/programs/bin/${arch.name}/${prog}`);
      // The program at size 1 as well: what each emulator pays before and around the work
      // (start-up, the exec, glibc's own start and exit), so the work's own ratio shows apart.
      const [t, t1] = [args, ['1']].map((a) => best(runs, () => tricornRun(bin, a), (r) => r.ms));
      const [q, q1] = [args, ['1']].map((a) => best(runs, () => qemuRun(arch.name, bin, a), (r) => r?.ms ?? 0));
      for (const [x, y] of [[t, q], [t1, q1]] as const) {
        if (y && y.out !== x.out) throw new Error(`${arch.name} ${prog}: tricorn printed ${JSON.stringify(x.out)}, qemu ${JSON.stringify(y.out)}`);
      }
      const work = q && q1 && q.ms - q1.ms > 0 ? `${((t.ms - t1.ms) / (q.ms - q1.ms)).toFixed(1)}x` : '—';
      const tc = clean ? best(runs, () => tricornRun(bin, args, clean), (r) => r.ms) : null;
      if (tc && tc.out !== t.out) throw new Error(`${arch.name} ${prog}: tricorn printed ${JSON.stringify(tc.out)} without NODE_EXTRA_CA_CERTS, ${JSON.stringify(t.out)} with it`);
      rows.push([arch.name, prog, args.join(' '), fmt(t.ms), q ? fmt(q.ms) : '—', q ? `${(t.ms / q.ms).toFixed(1)}x` : '—',
        fmt(t1.ms), q1 ? fmt(q1.ms) : '—', work,
        ...(clean ? [tc ? fmt(tc.ms) : '—', tc && q ? `${(tc.ms / q.ms).toFixed(1)}x` : '—'] : [])]);
      process.stderr.write(`bench: ${arch.name} ${prog} done\n`);
    }
  }
  const head = ['arch', 'program', 'arg', 'tricorn ms', 'qemu ms', 'ratio', 'at 1: tricorn', 'qemu', 'work ratio',
    ...(clean ? ['no CA: tricorn', 'ratio'] : [])];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (r: string[]) => r.map((c, i) => (i < 2 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  console.log('\nprograms (static glibc, -O2; whole process, CPU time user+sys):');
  console.log(line(head));
  for (const r of rows) console.log(line(r));
  console.log('ratio = tricorn / qemu-user (lower is better); at 1 = the same program with argument 1 (start-up,');
  console.log('exec, glibc start and exit, hardly any work); work ratio = (ms - ms at 1) of tricorn / that of qemu');
  if (clean) console.log(`no CA = tricorn with NODE_EXTRA_CA_CERTS unset (here ${process.env.NODE_EXTRA_CA_CERTS}, which every node start parses)`);
}

/** One run's start-up marks (cli/startup-marks.ts): CPU ms at the end of each step, peak RSS. */
interface Marks { steps: Map<string, number>; cache: string; rssMiB: number }

/**
 * `node ARGS` with TRICORN_STARTUP_MARKS=1, as a user runs the bin (no wrapper around it: a
 * wrapper's own module loading would be counted as tricorn's), in environment `env`. The bin
 * prints the marks at exit; the CPU time after that line is a few microseconds.
 */
function marksOf(args: string[], env: NodeJS.ProcessEnv): Marks | null {
  const r = spawnSync(process.execPath, args, { encoding: 'utf8', env: { ...env, TRICORN_STARTUP_MARKS: '1' } });
  const m = /^tricorn-startup cache=(\S+) (.*)$/m.exec(r.stderr ?? '');
  if (!m) return null;
  const steps = new Map(m[2].split(' ').map((kv) => { const [k, v] = kv.split('='); return [k, Number(v)] as [string, number]; }));
  return { steps, cache: m[1], rssMiB: Number(steps.get('rss') ?? NaN) / 1024 };
}

/** `node -e 0`'s CPU ms and peak RSS, measured the way the bin measures itself. */
const NODE_E_0 = `process.on('exit', () => { const u = process.resourceUsage();
  process.stderr.write('tricorn-startup cache=none exit=' + (u.userCPUTime + u.systemCPUTime) / 1000 + ' rss=' + u.maxRSS + '\\n'); }); 0`;

/** The steps a `tricorn run` start-up is cut into (cli/startup-marks.ts), each ending at its mark. */
const STEPS: [mark: string, what: string][] = [
  ['node', 'node'], ['read', 'read'], ['compile', 'compile'], ['bundle', 'bundle'], ['kernel', 'kernel'],
  ['engine', 'engine'], ['exec', 'exec'], ['guest', 'guest'], ['exit', 'end'],
];

/**
 * Start-up: `tricorn run hello` as a user runs it (package.json's bin in a fresh node), against
 * `node -e 0` on the same machine and the same binary under qemu-user. CPU seconds (user+sys)
 * and peak RSS, best of five, with the bin's own breakdown (TRICORN_STARTUP_MARKS): node's start
 * before the bin runs; reading the bundle and its code cache; compiling it from the cache; the
 * bundle's top level; the kernel (arguments, the ELF, the arch descriptor, the engine's module,
 * the kernel's tables); the engine (for Unicorn, koffi and libunicorn loaded and one instance
 * opened); the exec (the ELF into the engine); the guest's run; the end (V8 quiesced, exit).
 * Each step is its own best of five, so the steps add up to a little less than the total.
 *
 * NODE_EXTRA_CA_CERTS, when set, makes every node start parse that file first (node -e 0
 * included: ~30 ms here), which shrinks every ratio; the table is then printed a second time
 * without it, as on a machine that does not set it.
 */
function startup(): void {
  const qemuS = new Map<string, number | null>();
  startupTable(process.env, qemuS);
  if (process.env.NODE_EXTRA_CA_CERTS) {
    const clean = { ...process.env };
    delete clean.NODE_EXTRA_CA_CERTS;
    startupTable(clean, qemuS);
  }
}

/** One start-up table in environment `env`; qemu's times are measured once (into `qemuS`). */
function startupTable(env: NodeJS.ProcessEnv, qemuS: Map<string, number | null>): void {
  const bin = cliBin();
  const main = resolve(root, bin);
  const bestMarks = (args: string[]) => {
    const runs = Array.from({ length: 5 }, () => marksOf(args, env)).filter((m): m is Marks => m !== null);
    const total = (m: Marks) => m.steps.get('exit') ?? NaN;
    return runs.length ? { best: runs.reduce((a, b) => (total(b) < total(a) ? b : a)), runs } : null;
  };
  const node = bestMarks(['-e', NODE_E_0]);
  const nodeS = (node?.best.steps.get('exit') ?? NaN) / 1000;
  const ca = env.NODE_EXTRA_CA_CERTS ? `NODE_EXTRA_CA_CERTS=${env.NODE_EXTRA_CA_CERTS} (every node start parses it)` : 'NODE_EXTRA_CA_CERTS unset';
  console.log(`\nstart-up: tricorn run hello (${bin}), CPU seconds (user+sys) and peak RSS, best of 5; ${ca}; node -e 0: ${nodeS.toFixed(3)} s ${(node?.best.rssMiB ?? NaN).toFixed(0)} MiB`);
  const version = bestMarks([main, '--version']);
  console.log(`tricorn --version (node and the bundle, no run): ${((version?.best.steps.get('exit') ?? NaN) / 1000).toFixed(3)} s`);
  const head = ['arch', 'tricorn s', 'x node -e 0', 'MiB', 'qemu s', ...STEPS.map(([, what]) => what)];
  const caches = new Set<string>();
  const rows = arches.map((name) => {
    const hello = resolve(root, `test/guests/bin/${name}/hello`);
    const r = bestMarks([main, 'run', hello]);
    const qemu = `/usr/bin/qemu-${name}-static`;
    if (!qemuS.has(name)) {
      qemuS.set(name, existsSync(qemu) ? best(5, () => {
        const t0 = performance.now();
        spawnSync(qemu, [hello], { stdio: 'ignore' });
        return performance.now() - t0;
      }, (x) => x) / 1000 : null);
    }
    const q = qemuS.get(name) ?? null;
    if (!r) return [name, '—', '—', '—', q === null ? '—' : q.toFixed(3), ...STEPS.map(() => '—')];
    for (const m of r.runs) caches.add(m.cache);
    // Each step's best: its mark less the previous one, the least over the runs.
    const step = (i: number) => Math.min(...r.runs.map((m) => (m.steps.get(STEPS[i][0]) ?? NaN) - (i ? m.steps.get(STEPS[i - 1][0]) ?? NaN : 0)));
    const total = (r.best.steps.get('exit') ?? NaN) / 1000;
    return [name, total.toFixed(3), `${(total / nodeS).toFixed(2)}x`, r.best.rssMiB.toFixed(0), q === null ? '—' : q.toFixed(3),
      ...STEPS.map((_, i) => (step(i) / 1000).toFixed(3))];
  });
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (r: string[]) => r.map((c, i) => c.padStart(widths[i])).join('  ');
  console.log(line(head));
  for (const r of rows) console.log(line(r));
  console.log(`qemu s: wall seconds of qemu-<arch>-static (hello exits 3: its argc); steps: best of 5 each (cli/startup-marks.ts); V8 code cache: ${[...caches].join(', ')}`);
}

main().catch((e) => { console.error(`bench: ${e instanceof Error ? e.message : e}`); process.exitCode = 1; });
