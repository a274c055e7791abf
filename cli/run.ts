// `tricorn run`: read the file, pick the architecture, build pid 1, run the kernel.
import { closeSync, fstatSync, openSync, readFileSync, realpathSync, statSync, writeSync, type BigIntStats } from 'node:fs';
import { totalmem } from 'node:os';
import { basename, dirname, relative, resolve as resolvePath } from 'node:path';
import type { ArchDescriptor } from '../arch/types.js';
import { archCatalog, archEntryByElf, findArchEntry, type ArchEntry } from '../arch/catalog.js';
import { ElfError, isElf, parseElf, type ElfImage } from '../kernel/exec/elf.js';
import { loadFlat } from '../kernel/exec/load.js';
import { newHostMount } from '../kernel/fs/hostfs.js';
import { errnoMessage } from '../kernel/abi/errno.js';
import { DEFAULT_MAX_TASKS, Kernel } from '../kernel/kernel.js';
import { DeterministicRandom } from '../kernel/random.js';
import { AsmError, assemble } from './assemble.js';
import { loadDisassembler } from './disasm.js';
import { engineFactoryFor } from './engines.js';
import { startupMark } from './startup-marks.js';
import { baselineOn } from './v8-quiesce.js';
import { NodeHost } from './host.js';
import type { Disassembler } from './disasm.js';
import type { ExplainSink } from '../kernel/explain.js';
import type { CpuEngine } from '../emu/engine.js';
import { CannotRunError, NotFoundError, UsageError } from './usage.js';
import { describeMachine } from './machines.js';
import { NodeHostFiles } from './host-files.js';
import { hiddenHostDirs, MountError, type MountSpec } from '../kernel/fs/setup.js';
import { planExec } from '../kernel/exec/execve.js';
import { Dentry } from '../kernel/fs/namei.js';
import type { HostTimes, TraceOptions } from '../kernel/tracer.js';
import { FilterError, injectSelection, signalSelection, traceSelection } from '../kernel/abi/strace-filter.js';

export interface RunOptions {
  arch?: string;
  /** Host directory that becomes the guest's `/` (default: the host's `/`). */
  root?: string;
  mounts: MountSpec[];
  readOnly: boolean;
  sandbox: boolean;
  envHost: boolean;
  unset: string[];
  strace: boolean;
  trace: boolean;
  /** --quiet: no report of unimplemented syscalls. */
  quiet: boolean;
  /** strace's own options, valid only with --strace: -o FILE (or --strace=FILE), -s N, -a N. */
  straceFile?: string;
  /** strace -ff: with -o FILE, each thread's trace in FILE.TID. */
  straceSeparate: boolean;
  strsize?: number;
  column?: number;
  /** -e trace=… / -e signal=… (a bare -e EXPR is trace=EXPR). */
  straceTrace?: string;
  straceSignal?: string;
  /** -e inject=SET:error=ERRNO. */
  straceInject?: string;
  /** -c, -t/-tt/-ttt, -r, -T, -y, -qq. */
  straceSummary: boolean;
  /** strace -w: -c sums latency (entry to exit) rather than system time. */
  straceLatency: boolean;
  straceTimestamps: number;
  straceRelative: boolean;
  straceDurations: boolean;
  straceFdPaths: boolean;
  straceQuietExits: boolean;
  /** --trace-json FILE: one JSON object per event (docs/trace.schema.json). */
  traceJson?: string;
  /** --json (with --strace): those JSON events instead of the text, where the text would go. */
  straceJson: boolean;
  /** --time host: the guest's wall clock starts at the host's, and strace's times are the host's. */
  hostTime: boolean;
  traceLimit: number;
  pidMax?: number;
  pidns?: boolean;
  uid: number;
  env: string[];
  seed: number;
  /** --memory-limit in bytes (default: a quarter of the host's memory). */
  memoryLimit: number;
  maxTasks: number;
  /** --timeout in seconds (0: none). */
  timeout: number;
  maxInsns: number;
  file: string;
  args: string[];
}

export function parseRunArgs(argv: string[]): RunOptions {
  const o: RunOptions = {
    mounts: [], readOnly: false, sandbox: false, envHost: false, unset: [],
    strace: false, trace: false, quiet: false, traceLimit: 100000,
    straceSummary: false, straceSeparate: false, straceLatency: false, straceTimestamps: 0, straceRelative: false, straceDurations: false, straceFdPaths: false,
    straceQuietExits: false, straceJson: false, hostTime: false, uid: 0, env: [], seed: 0, file: '', args: [],
    memoryLimit: defaultMemoryLimit(), maxTasks: DEFAULT_MAX_TASKS, timeout: 0, maxInsns: 0,
  };
  const num = (flag: string, v: string | undefined, min: number, max: number): number => {
    if (v === undefined || !/^\d+$/.test(v)) throw new UsageError(`${flag} needs a number`);
    const n = Number(v);
    if (n < min || n > max) throw new UsageError(`${flag} must be between ${min} and ${max}`);
    return n;
  };
  const straceOnly: string[] = [];
  let i = 0;
  for (; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--') { i++; break; }
    // FILE is the first word not starting with '-' ('-' alone would be stdin: not supported).
    if (!a.startsWith('-') || a === '-') break;
    if (!a.startsWith('--')) {
      // strace's short options, for --strace (checked below).
      switch (a) {
        case '-o': { const v = argv[++i]; if (!v) throw new UsageError('-o needs a FILE'); o.straceFile = v; straceOnly.push(a); continue; }
        case '-s': o.strsize = num(a, argv[++i], 0, 1 << 30); straceOnly.push(a); continue;
        case '-a': o.column = num(a, argv[++i], 0, 4096); straceOnly.push(a); continue;
        case '-f': straceOnly.push(a); continue; // strace -f: tricorn always follows every task
        case '-ff': o.straceSeparate = true; straceOnly.push(a); continue;
        case '-e': {
          const v = argv[++i];
          if (!v) throw new UsageError('-e needs an expression (trace=NAME,… or signal=SIG,…)');
          const eq = v.indexOf('=');
          const [key, spec] = eq < 0 ? ['trace', v] : [v.slice(0, eq), v.slice(eq + 1)];
          if (key === 'trace' || key === 't') o.straceTrace = spec;
          else if (key === 'signal' || key === 'signals' || key === 's') o.straceSignal = spec;
          else if (key === 'inject') o.straceInject = spec;
          else throw new UsageError(`-e ${key}=: not supported (trace=, signal= and inject= are)`);
          straceOnly.push(a);
          continue;
        }
        case '-c': o.straceSummary = true; straceOnly.push(a); continue;
        case '-w': o.straceLatency = true; straceOnly.push(a); continue;
        case '-t': case '-tt': case '-ttt': o.straceTimestamps = a.length - 1; straceOnly.push(a); continue;
        case '-r': o.straceRelative = true; straceOnly.push(a); continue;
        case '-T': o.straceDurations = true; straceOnly.push(a); continue;
        case '-y': o.straceFdPaths = true; straceOnly.push(a); continue;
        case '-q': straceOnly.push(a); continue; // strace -q: tricorn prints no attach/detach notices anyway
        case '-qq': o.straceQuietExits = true; straceOnly.push(a); continue;
        // -E K=V and -U K, as qemu-user spells them.
        case '-E': { const v = argv[++i]; if (!v || !v.includes('=')) throw new UsageError('-E needs K=V'); o.env.push(v); continue; }
        case '-U': { const v = argv[++i]; if (!v) throw new UsageError('-U needs a name'); o.unset.push(v); continue; }
        default: throw new UsageError(`unknown option ${a} (see tricorn run --help)`);
      }
    }
    const [flag, inline] = a.includes('=') ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)] : [a, undefined];
    const value = () => inline ?? argv[++i];
    /** For options that take no value: `--strace=yes` is an error, not silently `--strace`. */
    const noValue = () => { if (inline !== undefined) throw new UsageError(`${flag} takes no value (got '${inline}')`); };
    switch (flag) {
      case '--arch': o.arch = value(); if (!o.arch) throw new UsageError('--arch needs a name'); break;
      case '--strace':
        // --strace=FILE is strace's -o FILE.
        if (inline !== undefined) { if (!inline) throw new UsageError('--strace=FILE needs a file name'); o.straceFile = inline; }
        o.strace = true;
        break;
      case '--trace': noValue(); o.trace = true; break;
      case '--json': noValue(); o.straceJson = true; straceOnly.push(flag); break;
      case '--time': {
        const v = value();
        if (v !== 'host' && v !== 'virtual') throw new UsageError(`--time takes 'host' or 'virtual' (got '${v ?? ''}')`);
        o.hostTime = v === 'host';
        break;
      }
      case '--trace-json': { const v = value(); if (!v) throw new UsageError('--trace-json needs a FILE'); o.traceJson = v; break; }
      case '--quiet': noValue(); o.quiet = true; break;
      case '--trace-limit': o.traceLimit = num(flag, value(), 0, Number.MAX_SAFE_INTEGER); break;
      case '--pid-max': o.pidMax = num(flag, value(), 302, 4194304); break;
      case '--pidns': noValue(); o.pidns = true; break;
      case '--uid': o.uid = num(flag, value(), 0, 65535); break;
      case '--env': { const v = value(); if (!v || !v.includes('=')) throw new UsageError('--env needs K=V'); o.env.push(v); break; }
      case '--seed': o.seed = num(flag, value(), 0, 0xffffffff); break;
      case '--memory-limit': o.memoryLimit = parseSize(flag, value()); break;
      case '--max-tasks': o.maxTasks = num(flag, value(), 1, 4194304); break;
      case '--max-insns': o.maxInsns = num(flag, value(), 1, Number.MAX_SAFE_INTEGER); break;
      case '--timeout': {
        const v = value();
        if (v === undefined || !/^\d+(\.\d+)?$/.test(v) || !(Number(v) > 0)) throw new UsageError('--timeout needs a number of seconds above 0');
        o.timeout = Number(v);
        break;
      }
      case '--unset': { const v = value(); if (!v) throw new UsageError('--unset needs a name'); o.unset.push(v); break; }
      case '--env-host': noValue(); o.envHost = true; break;
      case '--root': { const v = value(); if (!v) throw new UsageError('--root needs a directory'); o.root = v; break; }
      case '--mount': o.mounts.push(parseMount(value())); break;
      case '--read-only': noValue(); o.readOnly = true; break;
      case '--sandbox': noValue(); o.sandbox = true; break;
      default: throw new UsageError(`unknown option ${flag} (see tricorn run --help)`);
    }
  }
  if (straceOnly.length && !o.strace && !o.traceJson) throw new UsageError(`${straceOnly[0]} applies only with --strace`);
  if (o.straceJson && o.traceJson !== undefined) throw new UsageError('--strace --json and --trace-json FILE both ask for the JSON trace: give one');
  if (o.straceJson && o.straceSummary) throw new UsageError('--json and -c do not go together (-c prints a table, not events)');
  // strace's own refusal; without -o, -ff is -f (one trace on stderr), as strace's.
  if (o.straceSeparate && o.straceSummary) throw new UsageError('-c and -ff do not go together (-ff splits the trace, -c prints one table)');
  if (o.straceSeparate && o.straceJson && o.straceFile !== undefined) throw new UsageError('--json and -ff do not go together (--trace-json FILE gives every thread\'s events in one file)');
  if (i >= argv.length) throw new UsageError('run needs a FILE (see tricorn run --help)');
  o.file = argv[i];
  o.args = argv.slice(i + 1);
  return o;
}

/** strace -o: the trace goes to FILE (created or truncated), never mixed with the guest's stderr. */
function traceFile(path: string): (line: string) => void {
  let fd: number;
  try {
    fd = openSync(path, 'w');
  } catch (e) {
    throw new UsageError(`cannot write the trace to ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  return (line) => { writeSync(fd, line + '\n'); };
}

/** The tracer's options from strace's own (-o, -s, -a, -e, -c, -t, -r, -T, -y, -qq) and --trace-json. */
function straceOptions(o: RunOptions, arch: ArchDescriptor, log: (line: string) => void): TraceOptions {
  let calls, signals, inject;
  try {
    calls = o.straceTrace === undefined ? undefined : traceSelection(arch, o.straceTrace);
    signals = o.straceSignal === undefined ? undefined : signalSelection(o.straceSignal);
    inject = o.straceInject === undefined ? undefined : injectSelection(arch, o.straceInject);
  } catch (e) {
    if (e instanceof FilterError) throw new UsageError(`-e: ${e.message}`);
    throw e;
  }
  const separate = o.straceSeparate && o.straceFile !== undefined;
  const out = o.straceFile === undefined || separate ? undefined : traceFile(o.straceFile);
  // --strace --json: the events go where the text would have gone (-o FILE, or stderr).
  const json = o.traceJson !== undefined ? traceFile(o.traceJson) : o.straceJson ? out ?? ((line: string) => log(line)) : undefined;
  return {
    out, outFor: separate ? (tid) => traceFile(`${o.straceFile}.${tid}`) : undefined, strsize: o.strsize, column: o.column,
    calls, signals, inject, summary: o.straceSummary, summaryLatency: o.straceLatency, timestamps: o.straceTimestamps, relative: o.straceRelative,
    durations: o.straceDurations, fdPaths: o.straceFdPaths, quietExits: o.straceQuietExits, noText: !o.strace || o.straceJson,
    json: json && ((e) => json(JSON.stringify(e))),
    hostTime: o.hostTime ? hostTimes() : undefined,
  };
}

/** --time host: the host's clocks for strace's times (performance.now is monotonic). */
function hostTimes(): HostTimes {
  return {
    wall: () => {
      const ms = performance.timeOrigin + performance.now();
      return [Math.floor(ms / 1000), Math.floor((ms % 1000) * 1e6)];
    },
    monoNs: () => Math.floor(performance.now() * 1e6),
  };
}

/** A quarter of the host's memory: room for the host itself and for other runs. */
function defaultMemoryLimit(): number {
  return Math.floor(totalmem() / 4 / 0x100000) * 0x100000;
}

/** 4096, 64K, 512M, 2G, 1T (binary units). */
function parseSize(flag: string, v: string | undefined): number {
  const m = v === undefined ? null : /^(\d+)([KMGT]?)i?B?$/i.exec(v);
  if (!m) throw new UsageError(`${flag} needs a size such as 512M or 2G`);
  const n = Number(m[1]) * 1024 ** ' KMGT'.indexOf((m[2] || ' ').toUpperCase());
  if (n < 0x100000 || n > 2 ** 47) throw new UsageError(`${flag} must be between 1M and 128T`);
  return n;
}

/** HOST:GUEST[:ro] */
function parseMount(v: string | undefined): MountSpec {
  const parts = (v ?? '').split(':');
  const ro = parts.length === 3 && parts[2] === 'ro';
  if (parts.length < 2 || parts.length > 3 || (parts.length === 3 && !ro) || !parts[0] || !parts[1].startsWith('/')) {
    throw new UsageError('--mount needs HOST:GUEST or HOST:GUEST:ro (GUEST absolute)');
  }
  return { host: resolvePath(parts[0]), guest: parts[1], readOnly: ro };
}

/** The guest's environment: the host's with --env-host, then -E/--env added, then -U/--unset removed. */
export function guestEnv(o: RunOptions, hostEnv: Record<string, string | undefined>): string[] {
  const env = new Map<string, string>();
  if (o.envHost) for (const [k, v] of Object.entries(hostEnv)) if (v !== undefined) env.set(k, v);
  for (const kv of o.env) env.set(kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1));
  for (const k of o.unset) env.delete(k);
  return [...env].map(([k, v]) => `${k}=${v}`);
}

/** The error for an ELF of a machine tricorn does not run. */
function foreignMachine(file: string, machine: number, endian: 'little' | 'big'): CannotRunError {
  return new CannotRunError(`${file} is ${describeMachine(machine, endian)} executable; tricorn runs ${archCatalog.map((x) => x.name).join(', ')}`);
}

/** The architecture of an ELF executable (only its descriptor is loaded: arch/catalog.ts). */
function archByElf(file: string, elf: ElfImage): ArchEntry {
  const a = archEntryByElf(elf.machine, elf.endian);
  if (!a) throw foreignMachine(file, elf.machine, elf.endian);
  return a;
}

/**
 * The ELF header checks that deserve plain words before the parser's own: a 32-bit ELF (its
 * machine named), and a dynamically linked one. A 64-bit ELF the parser refuses is named by its
 * machine when tricorn does not run that machine, whatever else is wrong with it.
 */
function parseRunnableElf(file: string, bytes: Uint8Array): ElfImage {
  const le = bytes[5] !== 2;
  const endian = le ? 'little' : 'big';
  const machine = bytes.length >= 20 ? (le ? bytes[18] | (bytes[19] << 8) : (bytes[18] << 8) | bytes[19]) : -1;
  if (machine >= 0 && bytes[4] === 1) {
    throw new CannotRunError(`${file} is a 32-bit ELF (${describeMachine(machine, endian).replace(/^an? /, '')}); tricorn runs 64-bit guests`);
  }
  try {
    return parseElf(bytes);
  } catch (e) {
    if (!(e instanceof ElfError)) throw e;
    if (machine >= 0 && bytes[4] === 2 && (bytes[5] === 1 || bytes[5] === 2) && !archEntryByElf(machine, endian)) {
      throw foreignMachine(file, machine, endian);
    }
    throw new CannotRunError(`${file}: ${e.message}`);
  }
}

function namedArch(name: string): ArchEntry {
  const a = findArchEntry(name);
  if (!a) throw new UsageError(`unknown architecture '${name}' (known: ${archCatalog.map((x) => x.name).join(', ')})`);
  return a;
}

/**
 * What `tricorn explain` changes in a run: where guest output goes, who hears the kernel's
 * account, and what watches each new engine (instead of --trace).
 */
export interface RunHooks {
  host?: (dis: Disassembler | null) => NodeHost;
  explain?: ExplainSink;
  onEngine?: (engine: CpuEngine) => void;
}

/** Returns the exit status for the host process. */
export async function runCommand(o: RunOptions, hooks: RunHooks = {}): Promise<number> {
  let bytes: Uint8Array;
  let stat: BigIntStats;
  try {
    // Read through one descriptor with its fstat, so the kernel's exec can tell it is this very
    // file and take these bytes instead of reading them again (KnownBytes).
    const fd = openSync(o.file, 'r');
    try {
      stat = fstatSync(fd, { bigint: true });
      bytes = readFileSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    if (err.code === 'ENOENT' || err.code === 'ENOTDIR') throw new NotFoundError(`cannot read ${o.file}: no such file`);
    throw new CannotRunError(`cannot read ${o.file}: ${err.code === 'EISDIR' ? 'is a directory' : err.code === 'EACCES' ? 'permission denied' : err.message}`);
  }

  let arch: ArchDescriptor;
  let elf: ElfImage | null = null;
  let flat: { code: Uint8Array; entryOffset: number } | null = null;
  if (isElf(bytes)) {
    elf = parseRunnableElf(o.file, bytes);
    const entry = archByElf(o.file, elf);
    if (o.arch && namedArch(o.arch) !== entry) {
      throw new CannotRunError(`${o.file} is ${describeMachine(elf.machine, elf.endian)} executable, not ${namedArch(o.arch).name}`);
    }
    arch = await entry.load();
  } else {
    const archName = o.arch ?? o.file.split(/[\\/]/).slice(0, -1).reverse().find((d) => findArchEntry(d));
    if (!archName) throw new CannotRunError(`${o.file} is not an ELF file; for assembly source give --arch`);
    arch = await namedArch(archName).load();
    const source = new TextDecoder('utf-8', { fatal: false }).decode(bytes);
    if (source.includes('\0')) throw new CannotRunError(`${o.file} is neither an ELF file nor assembly text`);
    try {
      flat = await assemble(arch, source);
    } catch (e) {
      if (e instanceof AsmError) throw new CannotRunError(`${o.file}: assembly failed: ${e.message}`);
      throw e;
    }
  }

  // Capstone (3 MB of WebAssembly) loads only for --trace or a fault report.
  const [dis, createEngine] = await Promise.all([o.trace ? loadDisassembler() : null, engineFactoryFor(arch)]);
  const host = hooks.host?.(dis) ?? new NodeHost(dis);
  const random = new DeterministicRandom(o.seed);
  const files = new NodeHostFiles(() => host.flush());
  const hostRoot = o.sandbox ? null : o.root ? resolvePath(o.root) : '/';
  const abs = resolvePath(o.file);
  // The kernel's own /tmp would hide a program kept under the host's /tmp (and the cwd there):
  // those directories come from the host (docs/files.md).
  const isDir = (p: string) => { try { return statSync(p).isDirectory(); } catch { return false; } };
  const mounts = hostRoot === '/' ? [...hiddenHostDirs([abs, process.cwd()], isDir, o.readOnly), ...o.mounts] : o.mounts;
  const traceOptions = straceOptions(o, arch, (line) => host.log(line));
  // The tracer, strace's decoders and their tables load only when the run is traced.
  const tracer = o.strace || o.traceJson !== undefined ? (await import('../kernel/tracer.js')).tracerFor(traceOptions) : undefined;
  let traced = 0;
  let kernel: Kernel;
  try {
    kernel = new Kernel({
      arch, host, createEngine, pidMax: o.pidMax, pidns: o.pidns, strace: tracer, uid: o.uid, gid: o.uid, random, explain: hooks.explain,
      memoryLimit: o.memoryLimit, maxTasks: o.maxTasks, maxInsns: o.maxInsns, reportUnimplemented: !o.quiet && !o.strace,
      bootRealtimeSec: o.hostTime ? Math.floor(Date.now() / 1000) : undefined,
      expired: o.timeout > 0 ? ((end) => () => performance.now() > end)(performance.now() + o.timeout * 1000) : undefined,
      fs: { files, root: hostRoot, readOnly: o.readOnly, mounts },
      // The guest starts where tricorn was started when it sees the host's tree as it is.
      cwd: hostRoot === '/' ? process.cwd() : '/',
      onEngine: hooks.onEngine ?? (o.trace ? (engine) => {
        engine.onInstruction = (pc, insn) => {
          if (traced++ >= o.traceLimit) {
            if (traced === o.traceLimit + 1) host.log(`tricorn: --trace-limit ${o.traceLimit} reached; tracing stops`);
            // Full speed again from here (engines allow removing the hook from inside it).
            engine.onInstruction = null;
            return;
          }
          const raw = [...insn].map((b) => b.toString(16).padStart(2, '0')).join(' ');
          host.log(`0x${pc.toString(16).padStart(8, '0')}: ${raw.padEnd(arch.insnSize ? 11 : 29)}  ${dis!.one(arch, insn, pc)}`);
        };
      } : undefined),
    });
  } catch (e) {
    if (e instanceof MountError) throw new UsageError(e.message);
    throw e;
  }
  startupMark('kernel');
  const argv = [o.file, ...o.args];
  const envp = guestEnv(o, process.env);
  const t = kernel.createInit();
  startupMark('engine');
  const randomBytes = random.fill(new Uint8Array(16));
  if (flat) {
    const { code, entryOffset } = flat;
    kernel.execImage(t, (engine) => loadFlat(engine, arch, code, entryOffset, {
      argv, envp, execfn: o.file, random: randomBytes, uid: o.uid, gid: o.uid,
    }), abs, argv);
  } else {
    // FILE is the host's. When it lies inside the guest's tree (the host's own, or --root DIR
    // holding it) it is exec'd by its guest path, so /proc/self/exe names it as the guest sees it
    // (busybox re-execs itself through it); otherwise (--sandbox, a FILE outside DIR) it comes
    // in through a one-file host view. Either way it then takes the same path as execve.
    const ctx = { k: kernel, t };
    const rel = hostRoot === null ? null : relative(hostRoot, abs);
    const guestPath = rel === null || rel.startsWith('..') || rel.startsWith('/') ? null : `/${rel}`;
    const inGuest = guestPath !== null ? kernel.vfs.lookup(ctx, kernel.vfs.root, kernel.vfs.root, guestPath, true) : -1;
    let dentry: Dentry;
    if (typeof inGuest !== 'number') dentry = inGuest;
    else {
      // The host resolves FILE's symlinks here (the one-file view has no neighbours to follow).
      const real = realpathSync(abs);
      const dir = newHostMount(files, dirname(real), true);
      const node = typeof dir === 'number' ? dir : dir.lookup!(ctx, basename(real));
      if (typeof node === 'number') throw new UsageError(`cannot read ${o.file}`);
      dentry = new Dentry(basename(abs), null, node);
    }
    if (elf!.interp !== null) {
      const ld = kernel.vfs.lookup(ctx, kernel.vfs.root, kernel.vfs.root, elf!.interp, true);
      if (typeof ld === 'number') {
        const where = hostRoot === null ? 'the sandbox' : hostRoot === '/' ? 'the host' : hostRoot;
        throw new CannotRunError(`${o.file} is dynamically linked and its interpreter ${elf!.interp} is not in ${where}; `
          + `give the guest a root that has it, e.g. --root /usr/${crossTriple(arch)}`);
      }
    }
    // In the guest's tree /proc/self/exe is the file's own path, its symlinks resolved (as
    // Linux's d_path of the opened file: bin/sh -> busybox reads "/bin/busybox").
    const exe = typeof inGuest !== 'number' ? undefined : abs;
    const known = {
      bytes, dev: Number(stat.dev), ino: Number(stat.ino), size: Number(stat.size),
      mtime: [Number(stat.mtimeNs / 1000000000n), Number(stat.mtimeNs % 1000000000n)] as [number, number],
    };
    const plan = planExec(kernel, t, { dentry, path: o.file, argv, envp, exe, anyMode: true, known },
      (p) => kernel.vfs.lookup(ctx, kernel.vfs.root, t.proc.fs.cwd, p, true));
    if (typeof plan === 'number') throw new CannotRunError(`cannot run ${o.file}: ${errnoMessage(-plan)}`);
    kernel.execImage(t, (engine) => plan.load(engine, randomBytes), plan.exe, plan.argv, plan.comm);
  }
  kernel.tracer?.exec(t, o.file, argv, envp.length);
  startupMark('exec');
  baselineOn();
  try {
    let outcome = kernel.resume();
    while (!outcome) {
      host.dis ??= await loadDisassembler();
      outcome = kernel.resume();
    }
    startupMark('guest');
    return outcome.exitCode;
  } finally {
    // The trace's end (and -c's table, and the reports held back), however the run ended.
    kernel.tracer?.finish();
    // What the guest wrote reaches the host before tricorn's own last words and its exit.
    host.flush();
  }
}

/** Debian's name for an architecture's cross sysroot under /usr. */
function crossTriple(arch: ArchDescriptor): string {
  return arch.toolchain.triple;
}
