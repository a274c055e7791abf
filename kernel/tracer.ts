// --strace: the kernel's side of strace-format output. Lines are rendered by the ABI layer
// (kernel/abi/strace.ts); this decides when each is printed, with which pid prefix, and keeps
// "+++ exited" lines until the call that caused them has printed its own line, as strace does.
import type { FaultKind, GuestFault } from '../emu/engine.js';
import {
  formatExitStatus, formatFaultSignal, pidPrefix, straceEnter, straceLine, straceResumed, straceUnfinished,
  type PendingSyscall, type StraceContext,
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
  /** strace -a: the column ` = result` is padded to (0: no padding). */
  column?: number;
}

export class Tracer {
  private readonly deferred: string[] = [];
  /** Calls that blocked, to finish with a "resumed" line. */
  private readonly pending = new WeakMap<Task, PendingSyscall>();

  private readonly out: { log(line: string): void };
  constructor(private readonly k: Kernel, host: Host, private readonly opts: TraceOptions = {}) {
    this.out = opts.out ? { log: opts.out } : host;
  }

  private ctx(t: Task): StraceContext {
    return { arch: this.k.arch, mem: t.proc.mm.engine, strsize: this.opts.strsize, column: this.opts.column };
  }

  /**
   * strace -f's `[pid   600] ` (its own padding) once there is more than one task; pids as the
   * root namespace sees them, as strace on the host would.
   */
  private prefix(t: Task): string {
    return this.k.multiProcess ? pidPrefix(t.pid.numbers[0]) : '';
  }

  /** Decode a call's inputs at entry (the argument registers are copied: they are reused). */
  enter(t: Task, name: string, args: Uint32Array): PendingSyscall {
    this.last = straceEnter(name, args.slice(), this.ctx(t));
    return this.last;
  }
  private last: PendingSyscall | null = null;

  /** rt_sigreturn prints the mask its frame restores: `rt_sigreturn({mask=[USR1]})`. */
  sigreturnMask(mask: bigint): void {
    if (this.last) this.last.entered = `rt_sigreturn({mask=${sigsetString(Number(mask & 0xffffffffn), Number(mask >> 32n))}}`;
  }

  /** The call returned (result null: it does not return, as exit). */
  done(t: Task, p: PendingSyscall, result: number | null): void {
    this.out.log(straceLine(p, result, this.ctx(t), this.prefix(t)));
    this.flush();
  }

  unfinished(t: Task, p: PendingSyscall): void {
    this.pending.set(t, p);
    this.out.log(straceUnfinished(p, this.prefix(t)));
  }

  resumed(t: Task, result: number): void {
    const p = this.pending.get(t);
    if (!p) return;
    this.pending.delete(t);
    this.out.log(straceResumed(p, result, this.ctx(t), this.prefix(t)));
  }

  /** `--- SIGUSR1 {…} ---` when a signal is delivered (or kills). */
  signal(t: Task, line: string, afterCall = false): void {
    if (afterCall) this.deferred.push(this.prefix(t) + line);
    else this.out.log(this.prefix(t) + line);
  }

  stopped(proc: Process, sig: number): void {
    const prefix = this.k.multiProcess ? pidPrefix(proc.pid.numbers[0]) : '';
    this.out.log(`${prefix}--- stopped by ${signalName(sig)} ---`);
  }

  fault(t: Task, sig: number, f: GuestFault): void {
    // An OOM kill is SIGKILL, which strace shows only as the "+++ killed" line.
    if (f.kind === 'out-of-memory') return;
    this.out.log(this.prefix(t) + formatFaultSignal(sig, siCodes[f.kind], f.addr));
  }

  /** `+++ exited with N +++` / `+++ killed by SIG +++`, printed after the current call's line. */
  ended(proc: Process, waitStatus: number): void {
    const prefix = this.k.multiProcess ? pidPrefix(proc.pid.numbers[0]) : '';
    this.deferred.push(prefix + formatExitStatus(waitStatus));
  }

  flush(): void {
    for (const line of this.deferred.splice(0)) this.out.log(line);
  }
}
