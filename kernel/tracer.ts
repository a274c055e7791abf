// --strace: the kernel's side of strace-format output. Lines are rendered by the ABI layer
// (kernel/abi/strace.ts); this decides when each is printed and with which pid prefix, as
// `strace -f` does:
// - `[pid N] ` only while more than one tracee exists, decided when a line starts (so the
//   clone that creates the second task has none, and once the others' `+++ exited` lines are
//   out it is gone again); with -o FILE every line starts with the pid (`%-5d `), as strace
//   -f -o writes it;
// - a call that blocks prints `<unfinished ...>` only if another task's line comes before it
//   returns; otherwise its whole line is printed when it returns;
// - `+++ exited with N +++` for every thread, kept until the call that caused it has printed
//   its own line.
import type { FaultKind, GuestFault } from '../emu/engine.js';
import { quoteString } from './abi/quote.js';
import {
  DEFAULT_COLUMN, formatExitStatus, formatFaultSignal, hexAddr, pidPrefix, straceEnter, straceLine, straceResumed,
  straceUnfinished, withResult, type PendingSyscall, type StraceContext,
} from './abi/strace.js';
import type { Host } from './host.js';
import { signalName, sigsetString } from './abi/xlat.js';
import type { Kernel } from './kernel.js';
import type { Process, Task } from './task.js';

const siCodes: Record<Exclude<FaultKind, 'out-of-memory'>, string> = {
  'read-unmapped': 'SEGV_MAPERR', 'write-unmapped': 'SEGV_MAPERR', 'fetch-unmapped': 'SEGV_MAPERR',
  'read-protected': 'SEGV_ACCERR', 'write-protected': 'SEGV_ACCERR', 'fetch-protected': 'SEGV_ACCERR',
  'illegal-instruction': 'ILL_ILLOPC', 'trap': 'TRAP_BRKPT', 'alignment': 'BUS_ADRALN', 'arithmetic': 'FPE_INTDIV',
};

/** strace's output options, as `tricorn run` passes them. */
export interface TraceOptions {
  /** strace -o: where each line goes instead of the host's log (the CLI opens the file). */
  out?: (line: string) => void;
  /** strace -s: bytes of a string shown before `...` (default 32). */
  strsize?: number;
  /** strace -a: the column ` = result` is padded to (default 40, as strace; 0: no padding). */
  column?: number;
}

/** A blocked call: its entry text is held until another task prints (then `<unfinished ...>`). */
interface Blocked {
  readonly p: PendingSyscall;
  readonly prefix: string;
  shown: boolean;
}

export class Tracer {
  private readonly deferred: (() => string)[] = [];
  private readonly pending = new Map<Task, Blocked>();
  /** Tasks whose `+++` line has not been printed: strace's tracees. */
  private live = 0;
  /** The task whose line was printed last (a held unfinished line is shown before another's). */
  private readonly out: { log(line: string): void };
  private readonly pidEveryLine: boolean;

  constructor(private readonly k: Kernel, host: Host, private readonly opts: TraceOptions = {}) {
    this.out = opts.out ? { log: opts.out } : host;
    this.pidEveryLine = opts.out !== undefined;
  }

  private ctx(t: Task): StraceContext {
    return { arch: this.k.arch, mem: t.proc.mm.engine, strsize: this.opts.strsize, column: this.opts.column ?? DEFAULT_COLUMN };
  }

  private prefixOf(pid: number): string {
    if (this.pidEveryLine) return `${String(pid).padEnd(5)} `;
    return this.live > 1 ? pidPrefix(pid) : '';
  }

  /** pids as the root namespace sees them, as strace on the host would. */
  private prefix(t: Task): string {
    return this.prefixOf(t.pid.numbers[0]);
  }

  /** Every line goes out here: a held `<unfinished ...>` of another task is shown first. */
  private emit(t: Task | null, line: string): void {
    for (const [task, b] of this.pending) {
      if (task !== t && !b.shown) {
        b.shown = true;
        this.out.log(straceUnfinished(b.p, b.prefix));
      }
    }
    this.out.log(line);
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
    for (const line of q) this.emit(t, this.prefix(t) + line);
  }

  /** A task came into being (pid 1 included): one more tracee. */
  attached(): void {
    this.live++;
  }

  /**
   * strace's first line, the execve that started the program (tricorn run's FILE is loaded by the
   * exec path, not by a guest's call): `execve("prog", ["prog", "a"], 0x7ffc… /* 0 vars *\/) = 0`.
   * The environment's address is where the new image's envp[] starts, on its initial stack.
   */
  exec(t: Task, path: string, argv: readonly string[], envc: number): void {
    const sp = Number(t.proc.mm.engine.getReg(this.k.arch.regs.sp));
    const envp = sp + this.k.arch.ctypes.pointer * (argv.length + 2);
    const n = this.opts.strsize ?? 32;
    // The path whole; argv's strings cut at -s, as strace's printargv prints them.
    const cut = (a: string) => (a.length > n ? `${quoteString(a.slice(0, n))}...` : quoteString(a));
    const line = `execve(${quoteString(path)}, [${argv.map(cut).join(', ')}], ` +
      `${hexAddr(envp)} /* ${envc} var${envc === 1 ? '' : 's'} */)`;
    const prefix = this.prefix(t);
    this.emit(t, prefix + withResult(line, '0', this.opts.column ?? DEFAULT_COLUMN, prefix.length));
  }

  /** Decode a call's inputs at entry (the argument registers are copied: they are reused). */
  enter(t: Task, name: string, args: Uint32Array): PendingSyscall {
    // Signals that arrived while it ran in user mode were taken before this call.
    if (!this.afterCall.has(t)) this.showIgnored(t);
    this.last = straceEnter(name, args.slice(), this.ctx(t));
    this.entryPrefix = this.prefix(t);
    return this.last;
  }
  private last: PendingSyscall | null = null;
  /** The prefix decided when the current call's line started. */
  private entryPrefix = '';

  /** rt_sigreturn prints the mask its frame restores: `rt_sigreturn({mask=[USR1]})`. */
  sigreturnMask(mask: bigint): void {
    if (this.last) this.last.entered = `rt_sigreturn({mask=${sigsetString(Number(mask & 0xffffffffn), Number(mask >> 32n))}}`;
  }

  /** The call returned (result null: it does not return, as exit). */
  done(t: Task, p: PendingSyscall, result: number | null): void {
    this.emit(t, straceLine(p, result, this.ctx(t), this.entryPrefix));
    this.flush();
    this.showIgnored(t);
  }

  unfinished(t: Task, p: PendingSyscall): void {
    this.pending.set(t, { p, prefix: this.entryPrefix, shown: false });
  }

  resumed(t: Task, result: number): void {
    const b = this.pending.get(t);
    if (!b) return;
    this.pending.delete(t);
    if (b.shown) this.emit(t, straceResumed(b.p, result, this.ctx(t), this.prefix(t)));
    else this.emit(t, straceLine(b.p, result, this.ctx(t), b.prefix));
    this.showIgnored(t);
  }

  /** `--- SIGUSR1 {…} ---` when a signal is delivered (or kills). */
  signal(t: Task, line: string, afterCall = false): void {
    if (afterCall) this.deferred.push(() => this.prefix(t) + line);
    else this.emit(t, this.prefix(t) + line);
  }

  stopped(proc: Process, sig: number): void {
    this.emit(null, `${this.prefixOf(proc.pid.numbers[0])}--- stopped by ${signalName(sig)} ---`);
  }

  fault(t: Task, sig: number, f: GuestFault): void {
    // An OOM kill is SIGKILL, which strace shows only as the "+++ killed" line.
    if (f.kind === 'out-of-memory') return;
    this.emit(t, this.prefix(t) + formatFaultSignal(sig, siCodes[f.kind], f.addr));
  }

  /** A thread ended while its process goes on (or with its group): its own `+++` line. */
  threadEnded(t: Task, waitStatus: number): void {
    const tid = t.pid.numbers[0];
    this.pending.delete(t);
    this.deferred.push(() => {
      const line = this.prefixOf(tid) + formatExitStatus(waitStatus);
      this.live--;
      return line;
    });
  }

  /** `+++ exited with N +++` / `+++ killed by SIG +++`, printed after the current call's line. */
  ended(proc: Process, waitStatus: number): void {
    for (const t of this.pending.keys()) if (t.proc === proc) this.pending.delete(t);
    this.deferred.push(() => {
      const line = this.prefixOf(proc.pid.numbers[0]) + formatExitStatus(waitStatus);
      this.live--;
      return line;
    });
  }

  flush(): void {
    for (const f of this.deferred.splice(0)) this.emit(null, f());
  }
}
