// --strace: the kernel's side of strace-format output. Lines are rendered by the ABI layer
// (kernel/abi/strace.ts); this decides when each is printed and with which pid prefix, as
// `strace -f` does:
// - `[pid N] ` only while more than one tracee exists, decided when a line starts (so the
//   clone that creates the second task has none, and once the others' `+++ exited` lines are
//   out it is gone again); with -o FILE every line starts with the pid (`%-5d `), as strace
//   -f -o writes it; with -ff each thread's lines go to a file of its own (FILE.TID), whole and
//   without a pid;
// - a call that blocks prints `<unfinished ...>` only if another task's line comes before it
//   returns; otherwise its whole line is printed when it returns;
// - `+++ exited with N +++` for every thread, kept until the call that caused it has printed
//   its own line.
import type { GuestFault } from '../emu/engine.js';
import { quoteString } from './abi/quote.js';
import {
  DEFAULT_COLUMN, formatExitStatus, formatFaultSignal, hexAddr, pidPrefix, straceEnter, straceLine, straceResumed,
  straceUnfinished, withResult, type PendingSyscall, type StraceContext,
} from './abi/strace.js';
import type { Host } from './host.js';
import { signalName, signalNumber, sigsetString } from './abi/signal-names.js';
import type { Kernel } from './kernel.js';
import type { Process, Task } from './task.js';
import type { Selection } from './abi/strace-filter.js';
import { SyscallSummary } from './abi/strace-summary.js';
import { hex64 } from './abi/xlat.js';
import { siCodeName } from './abi/strace-signal.js';
import { typedArgs, typedValue, type JsonValue } from './abi/strace-json.js';
import { faultCode, faultAddr } from './signals.js';

/** strace's output options, as `tricorn run` passes them. */
export interface TraceOptions {
  /** strace -o: where each line goes instead of the host's log (the CLI opens the file). */
  out?: (line: string) => void;
  /**
   * strace -ff -o FILE: where the lines of the thread with this tid (as the root PID namespace
   * numbers it) go — FILE.TID, opened by the CLI at its first line. No line has a pid prefix,
   * and none is cut by another thread's (`<unfinished ...>`): each file holds one thread.
   */
  outFor?: (tid: number) => (line: string) => void;
  /** strace -s: bytes of a string shown before `...` (default 32). */
  strsize?: number;
  /** strace -a: the column ` = result` is padded to (default 40, as strace; 0: no padding). */
  column?: number;
  /** -e trace=…: the calls shown (default all). */
  calls?: Selection;
  /** -e signal=…: the signals shown (default all). */
  signals?: Selection;
  /** -e inject=SET:error=ERRNO: these calls are not made and fail with that errno (by name). */
  inject?: { calls: Selection; errno: number };
  /**
   * -c: count calls, errors and time; print the table at the end instead of the trace. The time
   * is the system time each call was charged (what getrusage's ru_stime adds up), as strace's
   * default; with -w (summaryLatency) each call's latency on the virtual clock, sleeps included.
   */
  summary?: boolean;
  /** -w: -c sums the time from each call's entry to its exit (strace -w). */
  summaryLatency?: boolean;
  /** -t (1), -tt (2), -ttt (3): each line starts with the virtual wall-clock time. */
  timestamps?: number;
  /** -r: each line starts with the (virtual) time since the previous line started. */
  relative?: boolean;
  /** -T: each call's (virtual) duration after its result, `<0.000001>`. */
  durations?: boolean;
  /** -y: descriptors with their paths, `3</tmp/x>`. */
  fdPaths?: boolean;
  /** -qq: no `+++ exited …` lines. */
  quietExits?: boolean;
  /** No text trace (--trace-json without --strace): the JSON events only. */
  noText?: boolean;
  /** --trace-json: one object per event (the schema is docs/trace.schema.json). */
  json?: (event: TraceEvent) => void;
  /** --time host: -t/-tt/-ttt, -r, -T (and -c's times) from the host's clocks, as strace's. */
  hostTime?: HostTimes;
}

/** The host's clocks, as the CLI reads them (kernel/ has no Node APIs). */
export interface HostTimes {
  /** The wall clock now: whole seconds since the epoch and the nanoseconds past them. */
  wall(): readonly [sec: number, nsec: number];
  /** A monotonic clock in nanoseconds (any origin). */
  monoNs(): number;
}

/** One --trace-json event (docs/trace.schema.json, version TRACE_JSON_VERSION). */
export type TraceEvent = Record<string, unknown> & { readonly event: string };
// 2: calls carry `decoded` (each argument as typed JSON) and signals `info` (the siginfo).
export const TRACE_JSON_VERSION = 2;

/** A `--- SIGX {si_signo=…} ---` line's siginfo as JSON (null when it has none). */
function signalInfo(line: string): JsonValue {
  const m = /^--- \w+ (\{.*\}) ---$/.exec(line);
  return m ? typedValue(m[1]) : null;
}

/** A blocked call: its entry text is held until another task prints (then `<unfinished ...>`). */
interface Blocked {
  readonly p: PendingSyscall;
  readonly prefix: string;
  readonly startNs: number;
  /** The task's system time when the call entered (-c). */
  readonly startStime: number;
  shown: boolean;
}

const NS = 1e9;

/**
 * KernelOptions.strace: the tracer of a kernel, writing to opts.out or else the kernel's host
 * log, with strace's options.
 */
export function tracerFor(opts: TraceOptions = {}): (k: Kernel) => Tracer {
  return (k) => new Tracer(k, k.host, opts);
}

export class Tracer {
  /** Lines printed after the current call's: each the tid whose line it is, and its text. */
  private readonly deferred: (() => [tid: number, line: string] | null)[] = [];
  private readonly pending = new Map<Task, Blocked>();
  /** Tasks whose `+++` line has not been printed: strace's tracees. */
  private live = 0;
  private readonly out: { log(line: string): void };
  private readonly pidEveryLine: boolean;
  /** -ff: each thread's lines in a file of its own (by tid). */
  private readonly separate: Map<number, (line: string) => void> | null;
  private readonly summary: SyscallSummary | null;
  /** tricorn's own lines held back while the trace goes to the same log (printed by finish). */
  private readonly held: string[] = [];
  /** -r: when the previous line started. */
  private lastNs = 0;

  constructor(private readonly k: Kernel, private readonly host: Host, private readonly opts: TraceOptions = {}) {
    this.out = opts.out ? { log: opts.out } : host;
    this.pidEveryLine = opts.out !== undefined && !opts.outFor;
    this.separate = opts.outFor ? new Map() : null;
    this.summary = opts.summary
      ? new SyscallSummary(new Map(Object.entries(k.arch.syscall.names).map(([nr, name]) => [name, Number(nr)]))) : null;
  }

  private get text(): boolean { return !this.opts.noText && !this.summary; }

  private ctx(t: Task): StraceContext {
    const fdPath = this.opts.fdPaths ? (fd: number) => this.fdPath(t, fd) : undefined;
    return { arch: this.k.arch, mem: t.proc.mm.engine, strsize: this.opts.strsize, column: this.opts.column ?? DEFAULT_COLUMN, fdPath };
  }

  /** -y: what /proc/PID/fd/N would say, without the guest's root above it. */
  private fdPath(t: Task, fd: number): string | undefined {
    if (fd === -100) return this.k.vfs.pathOf(t.proc.fs.cwd, t.proc.fs.root);
    const f = t.proc.files?.get(fd);
    if (!f) return undefined;
    // Files without a name (pipes, the host's stdio) print bare, as strace prints sockets it cannot name.
    return f.dentry ? this.k.vfs.pathOf(f.dentry, t.proc.fs.root) : undefined;
  }

  /** `[pid N] ` or `N     ` (-o), then -t/-tt/-ttt/-r's time. */
  private prefixOf(pid: number, ns = this.now()): string {
    let s = this.separate ? '' : this.pidEveryLine ? `${String(pid).padEnd(5)} ` : this.live > 1 ? pidPrefix(pid) : '';
    const ts = this.opts.timestamps ?? 0;
    if (ts) {
      // The guest's wall clock (its boot time plus the virtual clock), or with --time host the host's.
      const [sec, nsec] = this.opts.hostTime?.wall()
        ?? [this.k.bootRealtimeSec + Math.floor(ns / NS), ns % NS];
      const us = String(Math.floor(nsec / 1000)).padStart(6, '0');
      if (ts >= 3) s += `${sec}.${us} `;
      else {
        const hms = new Date(sec * 1000).toISOString().slice(11, 19);
        s += ts === 2 ? `${hms}.${us} ` : `${hms} `;
      }
    }
    if (this.opts.relative) {
      const d = Math.max(0, ns - this.lastNs);
      this.lastNs = ns;
      s += `${String(Math.floor(d / NS)).padStart(6)}.${String(Math.floor((d % NS) / 1000)).padStart(6, '0')} `;
    }
    return s;
  }

  /** Now, for -r and -T: the virtual clock, or with --time host the host's monotonic clock. */
  private now(): number {
    return this.opts.hostTime ? this.opts.hostTime.monoNs() : this.k.clockNs;
  }

  /** pids as the root namespace sees them, as strace on the host would. */
  private prefix(t: Task): string {
    return this.prefixOf(t.pid.numbers[0]);
  }

  /**
   * Every line goes out here (`tid`: the thread it is about): a held `<unfinished ...>` of
   * another task is shown first — with -ff, where no other thread's line comes between, to
   * that thread's own file.
   */
  private emit(tid: number, t: Task | null, line: string): void {
    if (!this.text) return;
    if (this.separate) {
      let out = this.separate.get(tid);
      if (!out) this.separate.set(tid, out = this.opts.outFor!(tid));
      out(line);
      return;
    }
    for (const [task, b] of this.pending) {
      if (task !== t && !b.shown) {
        b.shown = true;
        this.out.log(straceUnfinished(b.p, b.prefix));
      }
    }
    this.out.log(line);
  }

  private json(t: Task | null, event: string, fields: Record<string, unknown>): void {
    if (!this.opts.json) return;
    const ids = t ? { pid: t.proc.pid.numbers[0], tid: t.pid.numbers[0], nspid: t.proc.pid.numbers.at(-1), nstid: t.pid.numbers.at(-1) } : {};
    this.opts.json({ v: TRACE_JSON_VERSION, event, time_ns: this.k.clockNs, arch: this.k.arch.name, ...ids, ...fields });
  }

  private showsCall(name: string): boolean {
    return !this.opts.calls || this.opts.calls.has(name);
  }

  private showsSignal(line: string): boolean {
    // ptrace never reports SIGKILL: strace shows only the `+++ killed by SIGKILL +++` line.
    if (line.startsWith('--- SIGKILL ')) return false;
    if (!this.opts.signals) return true;
    const m = /^--- (SIG\w+)/.exec(line);
    const n = m ? signalNumber(m[1]) : undefined;
    return n === undefined || this.opts.signals.has(n);
  }

  /** Lines of ignored signals, shown when their task next leaves the kernel. */
  private readonly ignored = new Map<Task, string[]>();

  /** An ignored signal arrived for `t`: strace prints it at t's next return to user mode. */
  ignoredSignal(t: Task, line: string): void {
    const q = this.ignored.get(t) ?? [];
    q.push(line);
    this.ignored.set(t, q);
    if (this.k.current === t && !this.pending.has(t)) this.afterCall.add(t);
  }
  /** Tasks whose ignored-signal lines go out after the call they are in returns. */
  private readonly afterCall = new Set<Task>();

  private showIgnored(t: Task): void {
    const q = this.ignored.get(t);
    if (!q) return;
    this.ignored.delete(t);
    this.afterCall.delete(t);
    for (const line of q) this.signalOut(t, line);
  }

  private signalOut(t: Task, line: string): void {
    this.json(t, 'signal', { text: line, info: signalInfo(line) });
    if (this.showsSignal(line)) this.emit(t.pid.numbers[0], t, this.prefix(t) + line);
  }

  /** A task came into being (pid 1 included): one more tracee. */
  attached(t?: Task): void {
    this.live++;
    if (t) this.json(t, 'task', { parent: t.proc.parent?.pid.numbers[0] ?? 0 });
  }

  /**
   * strace's first line, the execve that started the program (tricorn run's FILE is loaded by the
   * exec path, not by a guest's call): `execve("prog", ["prog", "a"], 0x7ffc… /* 0 vars *\/) = 0`.
   * The environment's address is where the new image's envp[] starts, on its initial stack.
   */
  exec(t: Task, path: string, argv: readonly string[], envc: number): void {
    this.summary?.add('execve', 0, false);
    if (!this.showsCall('execve')) return;
    const sp = Number(t.proc.mm.engine.getReg(this.k.arch.regs.sp));
    const envp = sp + this.k.arch.ctypes.pointer * (argv.length + 2);
    const n = this.opts.strsize ?? 32;
    // The path whole; argv's strings cut at -s, as strace's printargv prints them.
    const cut = (a: string) => (a.length > n ? `${quoteString(a.slice(0, n))}...` : quoteString(a));
    const line = `execve(${quoteString(path)}, [${argv.map(cut).join(', ')}], ` +
      `${hexAddr(envp)} /* ${envc} var${envc === 1 ? '' : 's'} */)`;
    this.json(t, 'exec', { path, argv, envc });
    const prefix = this.prefix(t);
    this.emit(t.pid.numbers[0], t, prefix + withResult(line, '0', this.opts.column ?? DEFAULT_COLUMN, prefix.length) + (this.opts.durations ? ' <0.000000>' : ''));
  }

  /** -e inject: the errno `name` fails with instead of being made, or 0. */
  injects(name: string): number {
    const i = this.opts.inject;
    return i && i.calls.has(name) ? i.errno : 0;
  }

  /** Decode a call's inputs at entry (the argument registers are copied: they are reused). */
  enter(t: Task, name: string, args: Uint32Array, nr = -1, resuming: string | null = null): PendingSyscall {
    // Signals that arrived while it ran in user mode were taken before this call.
    if (!this.afterCall.has(t)) this.showIgnored(t);
    this.last = straceEnter(name, args.slice(), this.ctx(t));
    // restart_syscall names the call it goes on with, as strace does.
    if (resuming !== null) this.last.entered = `restart_syscall(<... resuming interrupted ${resuming} ...>`;
    this.entryNs = this.now();
    this.entryStime = t.stimeNs;
    // By the name it prints as (s390x's socketcall prints, and is selected, as its subcall).
    this.entryPrefix = this.text && this.showsCall(this.last.name) ? this.prefix(t) : '';
    if (this.opts.json) {
      const raw = Array.from({ length: 6 }, (_, i) => hex64(args[2 * i], args[2 * i + 1]));
      // Named as it prints and as its exit event names it (socketcall as its subcall; nr stays the trap's).
      this.json(t, 'enter', { nr, name: this.last.name, args: raw, decoded: typedArgs(this.last.entered), text: this.last.entered });
    }
    return this.last;
  }
  private last: PendingSyscall | null = null;
  /** The prefix decided when the current call's line started. */
  private entryPrefix = '';
  private entryNs = 0;
  private entryStime = 0;

  /** rt_sigreturn prints the mask its frame restores: `rt_sigreturn({mask=[USR1]})`. */
  sigreturnMask(mask: bigint): void {
    if (this.last) this.last.entered = `rt_sigreturn({mask=${sigsetString(Number(mask & 0xffffffffn), Number(mask >> 32n))}}`;
  }

  private finished(t: Task, p: PendingSyscall, result: number | null, startNs: number, startStime: number, line: string): void {
    const ns = this.now() - startNs;
    const failed = result !== null && result < 0 && result >= -4095;
    // -c: the system time the kernel charged the call (with --time host, or -w, its latency).
    // A call that never returned (exit, exit_group, one its task died in) is not counted, as
    // strace counts at syscall exit.
    if (result !== null) this.summary?.add(p.name, this.opts.summaryLatency || this.opts.hostTime ? ns : t.stimeNs - startStime, failed);
    if (this.opts.json) {
      // The whole call, unpadded and without a prefix, whether or not its text was interleaved.
      const text = straceLine(p, result, { ...this.ctx(t), column: 0 });
      this.json(t, 'exit', { name: p.name, result, errno: failed ? -result! : 0, decoded: typedArgs(text), text, duration_ns: ns });
    }
    if (!this.showsCall(p.name)) return;
    const tail = (p.injected ? ' (INJECTED)' : '') + (this.opts.durations && result !== null ? ` <${(ns / NS).toFixed(6)}>` : '');
    this.emit(t.pid.numbers[0], t, line + tail);
  }

  /**
   * execve in a group of several threads, at its point of no return (Linux's de_thread): the
   * other threads' calls end `= ?` and each prints `+++ exited with 0 +++` — the leader, when
   * another thread execs, `+++ superseded by execve in pid OLD +++` instead, OLD being the
   * exec'ing thread's tid — while the execve is `<unfinished ...>`; it then resumes under the
   * leader's pid, which the exec'ing thread takes (`[pid LEADER] <... execve resumed>) = 0`).
   */
  deThread(t: Task, others: readonly Task[]): void {
    if (others.length === 0 || !this.last) return;
    this.unfinished(t, this.last);
    this.execing.add(t);
    const leader = t.pid === t.proc.pid ? null : others.find((x) => x.pid === t.proc.pid) ?? null;
    const b = this.pending.get(t)!;
    if (this.separate && leader && !b.shown) {
      // strace -ff: the call's entry ends the exec'ing thread's own file; it resumes in the
      // leader's, whose pid the thread takes.
      b.shown = true;
      this.emit(t.pid.numbers[0], t, `${b.prefix}${b.p.entered} <pid changed to ${leader.pid.numbers[0]} ...>`);
    }
    for (const x of [...others.filter((o) => o !== leader), ...(leader ? [leader] : [])]) {
      this.resumed(x, null);
      this.ignored.delete(x);
      this.afterCall.delete(x);
      const text = x === leader ? `+++ superseded by execve in pid ${t.pid.numbers[0]} +++` : formatExitStatus(0);
      this.live--;
      this.json(x, 'end', { pid: x.pid.numbers[0], status: 0, text });
      if (!this.opts.quietExits) this.emit(x.pid.numbers[0], null, this.prefixOf(x.pid.numbers[0]) + text);
    }
  }
  /** Tasks whose execve deThread made `<unfinished ...>`: their return is its resumption. */
  private readonly execing = new Set<Task>();

  /** The call returned (result null: it does not return, as exit). */
  done(t: Task, p: PendingSyscall, result: number | null): void {
    if (this.execing.delete(t)) {
      this.resumed(t, result);
      this.flush();
      return;
    }
    this.finished(t, p, result, this.entryNs, this.entryStime, straceLine(p, result, this.ctx(t), this.entryPrefix));
    this.flush();
    this.showIgnored(t);
  }

  unfinished(t: Task, p: PendingSyscall): void {
    this.pending.set(t, { p, prefix: this.entryPrefix, startNs: this.entryNs, startStime: this.entryStime, shown: !this.showsCall(p.name) });
  }

  resumed(t: Task, result: number | null): void {
    const b = this.pending.get(t);
    if (!b) return;
    this.pending.delete(t);
    this.resumedLine(t, b, result);
  }

  private resumedLine(t: Task, b: Blocked, result: number | null): void {
    const line = b.shown ? straceResumed(b.p, result, this.ctx(t), this.showsCall(b.p.name) ? this.prefix(t) : '')
      : straceLine(b.p, result, this.ctx(t), b.prefix);
    this.finished(t, b.p, result, b.startNs, b.startStime, line);
    this.showIgnored(t);
  }

  /** `--- SIGUSR1 {…} ---` when a signal is delivered (or kills). */
  signal(t: Task, line: string, afterCall = false): void {
    if (afterCall) {
      this.deferred.push(() => {
        this.json(t, 'signal', { text: line, info: signalInfo(line) });
        return this.showsSignal(line) ? [t.pid.numbers[0], this.prefix(t) + line] : null;
      });
    } else this.signalOut(t, line);
  }

  /**
   * The group stop, after the call that caused it has printed its line (and the signal's): one
   * `--- stopped by SIG ---` line per thread, as strace reports each thread's group-stop — the
   * thread that took the signal first, then the others in the order they were created (on
   * Linux, the order they reach the stop, which is the scheduler's).
   */
  stopped(proc: Process, sig: number, taker: Task): void {
    const threads = [taker, ...proc.threads.filter((x) => x !== taker && x.state !== 'dead')];
    for (const t of threads) {
      this.deferred.push(() => {
        this.json(t, 'stop', { signal: signalName(sig) });
        return [t.pid.numbers[0], `${this.prefixOf(t.pid.numbers[0])}--- stopped by ${signalName(sig)} ---`];
      });
    }
  }

  fault(t: Task, sig: number, f: GuestFault): void {
    // An OOM kill is SIGKILL, which strace shows only as the "+++ killed" line.
    if (f.kind === 'out-of-memory') return;
    // si_addr as a handler would get it (only the page where the ABI's Linux reports no more).
    const addr = faultAddr(this.k.arch, sig, f);
    this.signalOut(t, formatFaultSignal(sig, siCodeName(sig, faultCode(this.k.arch, f.kind)), addr));
  }

  private endLine(t: Task | null, pid: number, waitStatus: number): () => [number, string] | null {
    return () => {
      const line = this.prefixOf(pid) + formatExitStatus(waitStatus);
      this.live--;
      this.json(t, 'end', { pid, status: waitStatus, text: formatExitStatus(waitStatus) });
      return this.opts.quietExits ? null : [pid, line];
    };
  }

  /**
   * A task ends inside a blocked call (SIGKILL, another thread's exit_group, the fatal signal
   * another thread took): its call never returns, and strace's exit event ends its line `= ?`
   * (`<... futex resumed>) = ?` once another task's line came between), with ` <unfinished ...>`
   * first where the call's outputs would have printed (print_event_exit). Signals waiting to be
   * shown at its return to user mode never are.
   */
  private endsInCall(t: Task): void {
    this.ignored.delete(t);
    this.afterCall.delete(t);
    if (!this.pending.has(t)) return;
    // It stays pending until the deferred lines go out: the line of the call that ended it (an
    // exit_group made while it waited) comes first, and makes it `<unfinished ...>` as strace does.
    this.deferred.push(() => {
      const b = this.pending.get(t);
      if (b) { this.pending.delete(t); this.resumedLine(t, b, null); }
      return null;
    });
  }

  /**
   * A whole group ends (exit_group, a fatal signal): every thread's call ends `= ?` first, then
   * the `+++` lines follow — each thread's exit event comes before strace reaps any of them.
   */
  groupExiting(proc: Process): void {
    for (const t of [...this.pending.keys()]) if (t.proc === proc) this.endsInCall(t);
  }

  /** A thread ended while its process goes on (or with its group): its own `+++` line. */
  threadEnded(t: Task, waitStatus: number): void {
    this.endsInCall(t);
    this.deferred.push(this.endLine(t, t.pid.numbers[0], waitStatus));
  }

  /** `+++ exited with N +++` / `+++ killed by SIG +++`, printed after the current call's line. */
  ended(proc: Process, waitStatus: number): void {
    for (const t of [...this.pending.keys()]) if (t.proc === proc) this.endsInCall(t);
    this.deferred.push(this.endLine(null, proc.pid.numbers[0], waitStatus));
  }

  flush(): void {
    for (const f of this.deferred.splice(0)) {
      const out = f();
      if (out !== null) this.emit(out[0], null, out[1]);
    }
  }

  /**
   * tricorn's own report of a guest's fault or death: strace prints nothing of its own there, so
   * when the text trace goes to the host log too (no -o) the report waits for the trace's end
   * rather than interrupt it (the trace's `--- SIGSEGV {…} ---` and `+++ killed by … +++`
   * lines say where it happened). With -o, -c or no text trace it goes out at once.
   */
  report(line: string): void {
    if (this.text && !this.opts.out && !this.opts.outFor) this.held.push(line);
    else this.host.log(line);
  }

  /** The run is over: -c's table, then the reports held back. */
  finish(): void {
    this.flush();
    if (this.summary) for (const line of this.summary.lines()) this.out.log(line);
    for (const line of this.held.splice(0)) this.host.log(line);
  }
}
