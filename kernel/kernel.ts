// The kernel: owns processes, PID namespaces and the scheduler; every engine's syscall trap
// lands in trap(), which dispatches by syscall *name* to one implementation shared by all
// architectures. Nothing here tests which architecture it runs.

import { personalityAfterExec } from './personality.js';
import { notifyPidfd } from './fs/pidfd.js';
import { clockFromVvar, clockToVvar, mapVdso } from './vdso.js';
import type { ArchDescriptor } from '../arch/types.js';
import type { CpuEngine, GuestFault, RegBatch } from '../emu/engine.js';
import { SyscallArgs } from './args.js';
import { DeterministicRandom } from './random.js';
import { ENOSYS } from './abi/errno.js';
import type { Host } from './host.js';
import { DEFAULT_PID_MAX, PidNamespace, allocPid, type Pid } from './pidns.js';
import { AddressSpace, BLOCK, NO_RESULT, Process, REGS_SET, Task } from './task.js';
import { buildSyscallTable, type SyscallImpl } from './dispatch.js';
import type { ProcessImage } from './exec/load.js';
import { commOf } from './exec/execve.js';
import { FilePages, releaseFileMappings } from './fs/filemap.js';
import { detachAll } from './ipc/shm.js';
import { exitSem } from './ipc/sem.js';
import { UnixNames } from './net/unix.js';
import { Futexes, futexKey } from './futex.js';
import type { Tracer } from './tracer.js';
import type { ExplainSink } from './explain.js';
import { Rlimits } from './rlimits.js';
import { growStack } from './stack.js';
import { fireTimers, nextRealExpiry, timersChanged } from './itimer.js';
import { STACK_TOP } from './exec/load.js';
import { rootNsProxy, type NsProxy } from './namespaces.js';
import { structLayout } from './abi/structs.js';
import { buildVfs, type FsOptions } from './fs/setup.js';
import type { Vfs } from './fs/namei.js';
import { FdTable, FsContext } from './fs/fdtable.js';
import { hostStdio } from './fs/devfs.js';
import { SIGCHLD, SIGKILL, SIGSYS, signalForFault, faultReport, faultInfo } from './signals.js';
import { ERESTARTSYS } from './abi/errno.js';
import { PROT_EXEC, PROT_READ } from '../emu/engine.js';
import { writeScalar } from './abi/struct.js';
import { BOOT_REALTIME_SEC } from './clock.js';
import {
  childExitCode, deliverPending, interruptBlocked, userReturnWork, disposition, encodeSiginfo, killBySignal, notifyParent, sendSignal, signalLine,
} from './signal-deliver.js';
import { SIG_DFL, SIG_IGN, SI_USER, bit, defaultActionOf, flushSignalHandlers } from './signal-state.js';
import { Creds } from './creds.js';

export interface KernelOptions {
  arch: ArchDescriptor;
  host: Host;
  /** Makes the first process's engine; later ones come from engine.clone(). */
  createEngine: (arch: ArchDescriptor) => CpuEngine;
  /**
   * CLOCK_REALTIME at boot, in seconds since the epoch (default BOOT_REALTIME_SEC, a fixed date
   * so runs repeat; `--time host` gives the host's). The wall clock advances with the virtual clock.
   */
  bootRealtimeSec?: number;
  pidMax?: number;
  /**
   * pid 1 is pid 1 of a PID namespace of its own, a child of the root namespace (level 1), as
   * under `unshare --fork --pid --mount-proc`; /proc shows that namespace. Default: the root's.
   */
  pidns?: boolean;
  /**
   * --strace: makes the run's tracer for the kernel (kernel/tracer.ts's `tracerFor`, with where
   * the lines go and strace's options). A caller that traces loads the tracer, and with it
   * strace's decoders and tables, itself: a run without --strace never evaluates them.
   */
  strace?: (k: Kernel) => Tracer;
  /** Credentials of the first process (0: root, which may choose pids). */
  uid?: number;
  gid?: number;
  /** Instructions a task may run before another runnable task gets its turn. */
  quantum?: number;
  /** Source of AT_RANDOM / getrandom bytes (seeded: runs repeat exactly). */
  random?: DeterministicRandom;
  /** Called for every engine the kernel starts using (the CLI hooks --trace in here). */
  onEngine?: (engine: CpuEngine) => void;
  /**
   * Say once per syscall name (on the host log) when the guest calls a syscall tricorn does not
   * implement, as qemu-user's `-d unimp` does. The CLI turns it off with --quiet and under
   * --strace, whose trace already shows every ENOSYS.
   */
  reportUnimplemented?: boolean;
  /** Bytes of host memory the guests' touched pages may take (--memory-limit; default: no limit). */
  memoryLimit?: number;
  /** Tasks (threads and zombies included) that may exist at once (--max-tasks; Linux's threads-max). */
  maxTasks?: number;
  /** Instructions the whole run may execute (--max-insns; deterministic). 0: no bound. */
  maxInsns?: number;
  /** Polled between scheduling slices: true once the run's host-clock deadline (--timeout) passed. */
  expired?: () => boolean;
  /** The guest's file system (default: no host files, only /proc, /dev and /tmp). */
  fs?: FsOptions;
  /** The first process's working directory (a guest path; default `/`). */
  cwd?: string;
  /** Receives the kernel's account of each system call (tricorn explain; kernel/explain.ts). */
  explain?: ExplainSink;
}

/** How the run ended: the first process's exit, as a shell would report it. */
export interface RunOutcome {
  exitCode: number;
  /** Linux wait status of pid 1. */
  waitStatus: number;
}

const DEFAULT_QUANTUM = 200_000;
export const DEFAULT_MAX_TASKS = 4096;
/** Exit status of a run ended by --timeout or --max-insns (timeout(1)'s). */
export const EXIT_RUN_BOUND = 124;
/** Virtual time one syscall takes, and one scheduling slice. */
const SYSCALL_NS = 100;
const SLICE_NS = 10_000;

export class Kernel {
  readonly arch: ArchDescriptor;
  readonly host: Host;
  readonly rootNs: PidNamespace;
  /** pid 1's PID namespace: the root's, or with `pidns` a child of it (what /proc shows). */
  readonly initNs: PidNamespace;
  /** The shared memory of files mapped MAP_SHARED (kernel/fs/filemap.ts). */
  readonly filePages = new FilePages();
  /** Bound AF_UNIX names (kernel/net/unix.ts); a write to a socket carries the writer's credentials. */
  readonly unix = new UnixNames(() => {
    const p = this.current!.proc;
    return { proc: p, uid: p.cred.uid, gid: p.cred.gid };
  });
  readonly futexes = new Futexes();
  /** --strace output, or null when not tracing. */
  readonly tracer: Tracer | null;
  /** Every task not yet dead, in creation order: the scheduler's round-robin ring. */
  readonly tasks: Task[] = [];
  current: Task | null = null;
  init: Process | null = null;
  /** Set when pid 1 of the root namespace has ended: the run is over. */
  outcome: RunOutcome | null = null;
  /** Becomes true once a second process exists: strace lines then carry `[pid N]`. */
  multiProcess = false;
  /** Set by a syscall that changed who may run: the trap handler stops the engine. */
  needResched = false;
  /** Virtual time in nanoseconds (clock_gettime, timeouts): advances with work done. */
  clockNs = 0;
  /**
   * The one CPU's time so far in user and system mode (every task's slices and system calls,
   * dead ones too); the rest of clockNs is idle. /proc/stat's cpu lines show them.
   */
  cpuUserNs = 0;
  cpuSystemNs = 0;
  /** Switches from one task to another on the CPU (/proc/stat's ctxt). */
  contextSwitches = 0;
  private lastRan: Task | null = null;
  /** CLOCK_REALTIME when clockNs was 0, in seconds (KernelOptions.bootRealtimeSec). */
  readonly bootRealtimeSec: number;
  /** Processes with an armed interval timer (kernel/itimer.ts). */
  readonly timed = new Set<Process>();

  readonly random: DeterministicRandom;
  /** The explain channel, or null: implementations report through it (kernel/explain.ts). */
  readonly explain: ExplainSink | null;
  readonly maxTasks: number;
  /** Processes that ended and are not reaped yet (they count against maxTasks, as in Linux). */
  zombies = 0;
  readonly memoryLimit: number;
  /** The memory budget every engine of the run charges (exec'd images too). */
  private readonly memBudget: { used: number; limit: number };
  private readonly maxInsns: number;
  /** Instructions counted against maxInsns so far. */
  private insns = 0;
  private readonly expired: (() => boolean) | undefined;
  /** Mounts and path lookup: the one tree every process sees. */
  readonly vfs: Vfs;
  private readonly cwd: string;
  private readonly createEngine: (arch: ArchDescriptor) => CpuEngine;
  private readonly onEngine: ((engine: CpuEngine) => void) | undefined;
  private readonly table: (SyscallImpl | undefined)[];
  private readonly names: Readonly<Record<number, string>>;
  /** restart_syscall's number on this arch (every table has it). */
  private readonly restartNr: number;
  private readonly quantum: number;
  private readonly args = new SyscallArgs();
  /**
   * arch.syscall's trapSize and error convention, read at every trap: the descriptor's syscall
   * object has a getter (`signatures`), and V8 keeps an object literal with an accessor in
   * dictionary mode, so each read of it was a hash lookup through a LoadIC.
   */
  private readonly trapSize: number;
  private readonly sysError: ArchDescriptor['syscall']['error'];
  /** Where the trap instruction carries the number, if it can (arch.syscall.nrInTrap). */
  private readonly nrInTrap: { offset: number; nrBits: number } | null;
  /**
   * The number register's bits that count when the trap carries none: computed once (`2 ** n`
   * at every trap was V8's ieee754::pow, ~10% of an s390x getpid loop's CPU).
   */
  private readonly nrMask: number;
  private readonly uid: number;
  private readonly gid: number;
  private serial = 0;
  /** Tasks created since boot, threads included (/proc/stat's `processes`, Linux's total_forks). */
  get tasksCreated(): number { return this.serial; }
  /** Engines no task uses any more, closed after the current run() returns. */
  private readonly retired: CpuEngine[] = [];
  /**
   * pid 1's address space from createInit until its first exec: an engine that has never run
   * and holds nothing. That exec loads its image into this engine rather than a second one
   * (opening a Unicorn instance costs milliseconds, most of a hello run's engine start-up).
   */
  private emptyInitMm: AddressSpace | null = null;
  private budget = 0;
  /** The running task stopped only to be given a budget (addTask): it is resumed first. */
  private rebudget = false;
  /** The scheduler's round-robin position and a fault awaiting its report (see resume()). */
  private cursor = 0;
  private pausedFault: [Task, GuestFault] | null = null;
  /** Engine -> its trap batches; prepared once per engine. */
  private readonly batches = new WeakMap<CpuEngine, { sys: RegBatch; ret: RegBatch }>();
  private readonly retVals = new Uint32Array(4);

  constructor(opts: KernelOptions) {
    this.arch = opts.arch;
    this.host = opts.host;
    this.createEngine = opts.createEngine;
    this.rootNs = new PidNamespace(null, opts.pidMax ?? DEFAULT_PID_MAX);
    this.initNs = opts.pidns ? new PidNamespace(this.rootNs, this.rootNs.pidMax) : this.rootNs;
    this.bootRealtimeSec = opts.bootRealtimeSec ?? BOOT_REALTIME_SEC;
    this.tracer = opts.strace ? opts.strace(this) : null;
    this.quantum = opts.quantum ?? DEFAULT_QUANTUM;
    this.uid = opts.uid ?? 0;
    this.gid = opts.gid ?? 0;
    this.random = opts.random ?? new DeterministicRandom(0);
    this.onEngine = opts.onEngine;
    this.reportUnimplemented = opts.reportUnimplemented ?? false;
    this.explain = opts.explain ?? null;
    this.memoryLimit = opts.memoryLimit ?? Number.MAX_SAFE_INTEGER;
    this.memBudget = { used: 0, limit: this.memoryLimit };
    this.maxTasks = opts.maxTasks ?? DEFAULT_MAX_TASKS;
    this.maxInsns = opts.maxInsns ?? 0;
    this.expired = opts.expired;
    this.vfs = buildVfs(this, opts.fs ?? { files: null, root: null, readOnly: false, mounts: [] });
    this.cwd = opts.cwd ?? '/';
    const built = buildSyscallTable(opts.arch);
    this.table = built.table;
    this.names = built.names;
    this.restartNr = built.restartNr;
    this.nrInTrap = opts.arch.syscall.nrInTrap ?? null;
    this.trapSize = opts.arch.syscall.trapSize;
    this.sysError = opts.arch.syscall.error;
    this.nrMask = this.nrInTrap ? 2 ** this.nrInTrap.nrBits - 1 : 0;
  }

  // ---------------------------------------------------------------- processes

  /**
   * Create pid 1: a fresh engine, filled by `load`, which returns the entry state. `exe` is the
   * program's absolute path (what /proc/self/exe reads; the host knows it, the kernel does not).
   */
  spawnInit(exe: string, load: (engine: CpuEngine) => ProcessImage, argv: readonly string[] = [exe]): Process {
    const t = this.createInit();
    this.execImage(t, load, exe, argv);
    return t.proc;
  }

  /**
   * pid 1 with an empty address space, the host's stdio as fds 0-2, and its root and cwd: what
   * the first exec (tricorn run's program) then fills, by the same path as execve.
   */
  createInit(): Task {
    const engine = this.createEngine(this.arch);
    engine.budget = this.memBudget;
    const mm = new AddressSpace(engine, 0, 0, 0);
    const pid = allocPid(this.initNs, [], 'EBUSY');
    if (typeof pid === 'string') throw new Error(`cannot allocate pid 1: ${pid}`);
    const proc = new Process(pid, null, mm, SIGCHLD, this.initNs, '');
    proc.cred = new Creds(this.uid, this.gid);
    proc.rlimits = new Rlimits(this.maxTasks);
    proc.files = new FdTable();
    for (const fd of [0, 1, 2]) proc.files.alloc(hostStdio(this.host, fd), false, 3, fd);
    this.init = proc;
    this.emptyInitMm = mm;
    this.adopt(proc);
    const t = this.addTask(proc, pid, rootNsProxy());
    const root = this.vfs.root;
    const cwd = this.vfs.lookup({ k: this, t }, root, root, this.cwd, true);
    proc.fs = new FsContext(root, typeof cwd === 'number' ? root : cwd);
    return t;
  }

  /**
   * A fresh engine filled by `load`, with its registers at the entry state; or `reuse`, pid 1's
   * empty engine (emptyInitMm), filled the same way. A failed load closes a fresh engine; pid 1's
   * keeps what the load mapped, which nothing sees: pid 1 cannot run without an image, and the
   * failure ends `tricorn run`.
   */
  private newImage(load: (engine: CpuEngine) => ProcessImage, reuse: CpuEngine | null): { engine: CpuEngine; mm: AddressSpace } {
    const engine = reuse ?? this.createEngine(this.arch);
    engine.budget = this.memBudget;
    let image: ProcessImage;
    try {
      image = load(engine);
    } catch (e) {
      if (!reuse) engine.close();
      throw e;
    }
    engine.setPc(image.pc);
    engine.setReg(this.arch.regs.sp, BigInt(image.sp));
    for (const [reg, value] of image.regs) engine.setReg(reg, BigInt(value));
    const mm = new AddressSpace(engine, image.brk, image.brk, image.mmapTop);
    mm.stackLow = image.stackLow;
    mm.stackTop = STACK_TOP;
    mm.files = image.files;
    mm.sigPage = this.mapSignalPage(engine);
    mm.vvar = mapVdso(engine, this.arch, SYSCALL_NS, this.bootRealtimeSec);
    return { engine, mm };
  }

  /**
   * execve's point of no return: `t` gets a new address space filled by `load` (which may throw:
   * then nothing has changed). Other threads of the group end, the exec'ing thread takes the
   * leader's pid, the fd table is unshared and O_CLOEXEC fds close, caught signals go back to
   * their default (ignored ones stay ignored), and a vfork parent wakes (its child's mm changed).
   */
  execImage(t: Task, load: (engine: CpuEngine) => ProcessImage, exe: string, argv: readonly string[],
    comm = commOf(exe)): void {
    const proc = t.proc;
    const reuse = proc.mm === this.emptyInitMm ? proc.mm.engine : null;
    this.emptyInitMm = null;
    const { engine, mm } = this.newImage(load, reuse);
    this.tracer?.deThread(t, proc.threads.filter((x) => x !== t && x.state !== 'dead'));
    for (const x of [...proc.threads]) if (x !== t && x.state !== 'dead') this.releaseTask(x);
    if (t.pid !== proc.pid) {
      const old = t.pid;
      t.pid = proc.pid;
      old.free();
    }
    proc.threads.splice(0, proc.threads.length, t);
    const oldMm = proc.mm;
    proc.maxRss = Math.max(proc.maxRss, oldMm.engine.peakResident());
    proc.dumpable = 1;
    proc.personality = personalityAfterExec(proc.personality);
    if (oldMm.loaded === t) oldMm.loaded = null;
    // pid 1's empty address space whose engine the image took over is not retired with it.
    if (--oldMm.users === 0 && oldMm.engine !== engine) this.retireMm(oldMm, proc.pid);
    proc.mm = mm;
    mm.users = 1;
    mm.loaded = t;
    t.ctx = null;
    this.wire(engine);
    proc.exe = exe;
    proc.argv = [...argv];
    t.comm = comm;
    proc.cred.exec();
    if (proc.files.users > 1) {
      proc.files.users--;
      proc.files = proc.files.copy();
    }
    proc.files.closeOnExec();
    // Caught signals go back to SIG_DFL; ignored ones stay ignored, their flags and mask
    // cleared (a shared table is unshared).
    proc.sigactions = flushSignalHandlers(proc.sigactions);
    // POSIX timers do not survive exec (exit_itimers); interval timers do.
    if (proc.posixTimers.size) { proc.posixTimers.clear(); timersChanged(this, proc); }
    this.needResched = true;
  }

  /**
   * The signal page: the rt_sigreturn trampoline handlers return through (aarch64, ppc64), one
   * read-execute page just above the stack (which grows down, away from it), as Linux maps its
   * vDSO. It is not an ELF image, so no AT_SYSINFO_EHDR announces it. Returns its address (0:
   * this ABI needs none).
   */
  private mapSignalPage(engine: CpuEngine): number {
    const words = this.arch.signal.trampoline;
    if (!words) return 0;
    const page = this.arch.pageSize;
    const addr = STACK_TOP;
    engine.map(addr, page, PROT_READ | PROT_EXEC);
    const code = new Uint8Array(words.length * 4);
    words.forEach((w, i) => writeScalar(code, 4 * i, 4, w, this.arch.endian === 'little'));
    engine.load(addr, code);
    return addr;
  }

  /** A new process joins its parent's children (in creation order: wait4 scans them so). */
  adopt(proc: Process): void {
    this.processByPid.set(proc.pid, proc);
    proc.parent?.children.push(proc);
  }

  /** Register a new task of `proc` (its first thread or another one) with the scheduler. */
  addTask(proc: Process, pid: Process['pid'], nsproxy: NsProxy): Task {
    const task = new Task(this.serial++, pid, proc, nsproxy);
    proc.threads.push(task);
    proc.mm.users++;
    this.wire(proc.mm.engine);
    this.tasks.push(task);
    this.tracer?.attached(task);
    if (this.tasks.length > 1) {
      this.multiProcess = true;
      // A task running without an instruction budget stops so that it goes on with one (the
      // newcomer then gets a turn when the slice ends). The creator runs on, as Linux's parent
      // does after fork (child-runs-first is off): the child starts when the parent blocks
      // or its slice ends.
      if (this.budget === 0) { this.needResched = true; this.rebudget = true; }
    }
    return task;
  }

  /** The trap batches of an engine; the last one is cached, as traps come in runs per engine. */
  private batchesOf(engine: CpuEngine): { sys: RegBatch; ret: RegBatch } {
    if (engine !== this.lastEngine) {
      this.lastEngine = engine;
      this.lastBatches = this.batches.get(engine)!;
    }
    return this.lastBatches!;
  }
  private lastEngine: CpuEngine | null = null;
  private lastBatches: { sys: RegBatch; ret: RegBatch } | null = null;

  /** Point an engine's traps at this kernel (once per engine). */
  wire(engine: CpuEngine): void {
    if (this.batches.has(engine)) return;
    const sc = this.arch.syscall;
    const flagReg = sc.error.style === 'flagged' ? [sc.error.flagReg] : [];
    this.batches.set(engine, {
      sys: engine.regBatch([sc.nr, ...sc.args, ...flagReg]),
      ret: engine.regBatch([sc.ret, ...flagReg]),
    });
    engine.onSyscall = () => this.trap();
    engine.onUnmapped = (addr) => this.growStackOf(engine, addr);
    this.onEngine?.(engine);
  }

  /**
   * An access to unmapped memory in `engine`: the stack of the address space grows down to it
   * if it may, by the rlimits of the process touching it (the current one, or else the first
   * that uses the engine).
   */
  private growStackOf(engine: CpuEngine, addr: number): boolean {
    const cur = this.current;
    const proc = cur && cur.proc.mm.engine === engine ? cur.proc : this.tasks.find((x) => x.proc.mm.engine === engine)?.proc;
    if (!proc) return false;
    try {
      return growStack(proc.mm, proc.rlimits, this.arch.pageSize, addr);
    } catch {
      return false;
    }
  }

  /** The namespace a task sees pids in (task_active_pid_ns). */
  nsOf(t: Task): PidNamespace { return t.pid.ns; }

  /** The live task a pid argument names in t's namespace (0: t itself), or null. */
  liveTask(t: Task, pid: number): Task | null {
    if (pid === 0) return t;
    const p = this.nsOf(t).used.get(pid);
    return p ? this.tasks.find((x) => x.pid === p && x.state !== 'dead') ?? null : null;
  }

  /**
   * User time `t` has used that is not charged yet: the slice it is running (charged when the
   * slice ends), so that a process reading its own CPU time sees the slice it is in.
   */
  unchargedUserNs(t: Task): number { return this.current === t ? SLICE_NS : 0; }

  /** The memory limit of the run and what the guests' touched pages (and engines) take of it. */
  memoryUse(): { limit: number; used: number } { return { limit: this.memBudget.limit, used: this.memBudget.used }; }

  /** Tasks that exist, as Linux's nr_threads counts them: live ones and unreaped zombies. */
  taskCount(): number { return this.tasks.length + this.zombies; }

  // ---------------------------------------------------------------- scheduler

  /** Run until pid 1 of the root namespace ends. */
  run(): RunOutcome {
    const r = this.resume();
    if (!r) throw new Error('the host cannot disassemble: use resume()');
    return r;
  }

  /**
   * run(), for a host whose disassembler loads only when first needed (Host.canDisassemble):
   * at a fault report while it cannot disassemble yet, returns null; the host loads it and
   * calls resume() again, which reports the fault and goes on exactly where it stopped.
   */
  resume(): RunOutcome | null {
    if (this.pausedFault) {
      const [t, fault] = this.pausedFault;
      this.pausedFault = null;
      this.onFault(t, fault);
      for (const e of this.retired.splice(0)) e.close();
    }
    let cursor = this.cursor;
    while (!this.outcome) {
      if (this.timed.size) fireTimers(this);
      let t = this.pickNext(cursor);
      if (!t) t = this.idle(cursor);
      if (!t) {
        this.host.log(`tricorn: deadlock: every task is blocked (${this.tasks.map((x) => `pid ${x.pid.numbers[0]} in ${x.blockedName}`).join(', ')})`);
        this.outcome = { exitCode: 128 + 9, waitStatus: 9 };
        break;
      }
      cursor = this.tasks.indexOf(t) + 1;
      this.current = t;
      const mm = t.proc.mm;
      this.load(t);
      // A preemption point is a return to user mode too: pending signals are delivered first.
      if (userReturnWork(t)) {
        deliverPending(this, t);
        this.tracer?.flush();
        for (const e of this.retired.splice(0)) e.close();
        if (t.state !== 'runnable' || t.proc.stopped) continue;
      }
      // A budget only when someone else could need the CPU: another runnable task, or a sleeper
      // whose deadline only passes as slices advance the clock; and always under a run bound.
      const bounded = this.maxInsns > 0 || this.expired !== undefined;
      this.budget = this.othersWaitingForCpu() || bounded ? this.quantum : 0;
      if (this.maxInsns > 0) this.budget = Math.min(this.budget, this.maxInsns - this.insns);
      this.needResched = false;
      if (mm.vvar) clockToVvar(mm, this.clockNs);
      this.rebudget = false;
      if (t !== this.lastRan) { this.contextSwitches++; this.lastRan = t; }
      const result = mm.engine.run(this.budget);
      // The clock reads the vDSO made since the last trap (execve may have replaced the mm).
      if (t.state !== 'dead' && t.proc.mm.vvar) this.vdsoClockReads(t.proc.mm);
      // The task only stopped to take a budget: it goes on first.
      if (this.rebudget && t.state === 'runnable') cursor = this.tasks.indexOf(t);
      this.clockNs += SLICE_NS;
      this.cpuUserNs += SLICE_NS;
      t.proc.utimeNs += SLICE_NS;
      t.utimeNs += SLICE_NS;
      // A slice that ends early (at a system call that blocked or switched tasks) counts as one
      // instruction: engines do not all count instructions, and this keeps the bound exact
      // for compute and never unbounded for anything else.
      this.insns += result === 'budget' ? this.budget : 1;
      if (bounded && !this.outcome && this.runBoundReached()) break;
      if (result === 'fault' && t.state !== 'dead') {
        if (this.host.canDisassemble?.() === false) {
          this.pausedFault = [t, mm.engine.fault!];
          this.cursor = cursor;
          return null;
        }
        this.onFault(t, mm.engine.fault!);
      }
      for (const e of this.retired.splice(0)) e.close();
    }
    this.current = null;
    // The run is over: engines of processes still alive go too.
    for (const e of new Set(this.tasks.map((x) => x.proc.mm.engine))) e.close();
    return this.outcome!;
  }

  /** --max-insns / --timeout: end the run with a one-line report. */
  private runBoundReached(): boolean {
    let why = '';
    if (this.maxInsns > 0 && this.insns >= this.maxInsns) why = `--max-insns ${this.maxInsns} reached`;
    else if (this.expired?.()) why = '--timeout reached';
    if (!why) return false;
    this.tracer?.flush();
    this.host.log(`tricorn: ${why}; the guest is stopped`);
    this.outcome = { exitCode: EXIT_RUN_BOUND, waitStatus: SIGKILL };
    return true;
  }

  /**
   * Everyone sleeps: the virtual clock jumps to the earliest deadline — a sleeper's, or an
   * interval timer's, whose signal may wake someone; if it wakes no one, on to the sleeper's.
   */
  private idle(cursor: number): Task | null {
    for (let step = 0; step < 2; step++) {
      let sleeper = Infinity;
      for (const x of this.tasks) if (x.state === 'blocked' && x.wakeAt < sleeper) sleeper = x.wakeAt;
      const next = step === 0 ? Math.min(sleeper, nextRealExpiry(this)) : sleeper;
      if (next === Infinity) return null;
      this.clockNs = Math.max(this.clockNs, next);
      if (this.timed.size) fireTimers(this);
      const t = this.pickNext(cursor);
      if (t) return t;
    }
    return null;
  }

  private othersWaitingForCpu(): boolean {
    // An armed timer needs the clock to move: slices must end.
    if (this.timed.size) return true;
    let runnable = 0;
    for (const t of this.tasks) {
      if (t.proc.stopped) continue;
      if ((t.state === 'runnable' || t.sigWake) && ++runnable > 1) return true;
      if (t.state === 'blocked' && t.wakeAt !== Infinity) return true;
    }
    return false;
  }

  /** Round-robin from `cursor`: the first task that can run, waking a blocked one if its wait is over. */
  private pickNext(cursor: number): Task | null {
    const n = this.tasks.length;
    for (let i = 0; i < n; i++) {
      const t = this.tasks[(cursor + i) % n];
      if (t.proc.stopped) continue;
      if (t.state === 'runnable') return t;
      if (t.state === 'blocked' && this.tryWake(t)) return t;
      if (t.state === 'blocked' && t.sigWake) { interruptBlocked(t); return t; }
    }
    return null;
  }

  /** Re-run a blocked task's syscall; if it completes, write its result and make it runnable. */
  private tryWake(t: Task): boolean {
    this.current = t;
    const r = t.retry!();
    if (r === BLOCK) return false;
    t.retry = null;
    t.onInterrupt = null;
    t.restartCode = 0;
    t.sigWake = false;
    if (t.state === 'dead' || r === NO_RESULT) return false;
    t.state = 'runnable';
    this.load(t);
    this.setResult(t.proc.mm.engine, r);
    this.tracer?.resumed(t, r);
    if (this.explain) {
      this.explain({ kind: 'exit', tid: t.pid.numbers[0], name: t.blockedName, result: r });
      this.reportResume(t.pid.numbers[0], 'caller', t.proc.mm.engine);
    }
    return true;
  }

  /** Make `t`'s registers the live ones in its engine. */
  load(t: Task): void {
    const mm = t.proc.mm;
    if (mm.loaded === t) return;
    const prev = mm.loaded;
    if (prev && prev.state !== 'dead') prev.ctx = mm.engine.saveContext();
    if (t.ctx) mm.engine.restoreContext(t.ctx);
    t.ctx = null;
    mm.loaded = t;
  }

  // ---------------------------------------------------------------- traps

  /** The clock reads `mm`'s vDSO made since the clock was last put there: user-mode time. */
  private vdsoClockReads(mm: AddressSpace): void {
    const before = this.clockNs;
    this.clockNs = clockFromVvar(mm, before);
    this.cpuUserNs += this.clockNs - before;
  }

  /**
   * Every syscall trap of every engine comes here. Returns false to stop the engine. The vDSO's
   * clock reads since the last trap are taken in first, and the clock goes back to the vvar page
   * of the caller's address space (a new one after execve) on the way out.
   */
  trap(): boolean {
    const t = this.current!;
    let mm = t.proc.mm;
    if (mm.vvar) this.vdsoClockReads(mm);
    const go = this.handleTrap(t);
    mm = t.proc.mm;
    if (mm.vvar && t.state !== 'dead') clockToVvar(mm, this.clockNs);
    return go;
  }

  private handleTrap(t: Task): boolean {
    const engine = t.proc.mm.engine;
    const a = this.args;
    engine.readRegs(this.batchesOf(engine).sys, a.raw);
    if (this.nrInTrap) this.trapNumber(engine, a, this.nrInTrap);
    // The trap a restart was set up at (settleInterrupted) is restart_syscall.
    const restarting = t.restartPending !== null && t.restartPending.pc === engine.getPc() - this.trapSize ? t.restartPending.name : null;
    t.restartPending = null;
    if (restarting !== null) { a.raw[0] = this.restartNr; a.raw[1] = 0; }
    const nr = a.nr;
    const impl = nr >= 0 ? this.table[nr] : undefined;
    const tr = this.tracer;
    const name = tr ? this.names[nr] ?? `syscall_0x${a.nrBig().toString(16)}` : '';
    const call = tr ? tr.enter(t, name, a.raw.subarray(2, 14), nr, restarting) : null;
    t.restartCode = ERESTARTSYS;
    const ex = this.explain;
    if (ex) ex({ kind: 'enter', tid: t.pid.numbers[0], name: this.names[nr] ?? `syscall_${nr}`, pc: engine.getPc() - this.trapSize, impl: impl?.name ?? null, regs: a.raw.slice(0, 14) });
    // strace -e inject=NAME:error=E: the call is not made (Linux's syscall-enter stop skips it).
    const injected = tr ? tr.injects(name) : 0;
    if (injected) call!.injected = true;
    const r = injected ? -injected : impl ? this.call(impl, t, a, nr) : this.unimplemented(t, nr);
    if (ex) {
      const tid = t.pid.numbers[0];
      const nm = this.names[nr] ?? `syscall_${nr}`;
      ex(r === BLOCK ? { kind: 'blocked', tid, name: nm }
        : r === REGS_SET ? { kind: 'exit', tid, name: nm, result: this.resultOf(engine), restored: true }
          : { kind: 'exit', tid, name: nm, result: r });
    }
    this.clockNs += SYSCALL_NS;
    this.cpuSystemNs += SYSCALL_NS;
    t.proc.stimeNs += SYSCALL_NS;
    t.stimeNs += SYSCALL_NS;
    if (r === BLOCK) {
      t.state = 'blocked';
      t.blockedName = this.names[nr] ?? `syscall 0x${a.nrBig().toString(16)}`;
      if (tr) tr.unfinished(t, call!);
      // Woken before it slept (pause/rt_sigsuspend with a signal already pending): interrupted
      // at once, its signal delivered on this return to user mode.
      if (t.sigWake) {
        interruptBlocked(t);
        deliverPending(this, t);
        this.tracer?.flush();
        return (t.state as Task['state']) === 'runnable' && !t.proc.stopped && !this.needResched;
      }
      return false;
    }
    if (r === NO_RESULT) {
      if (tr) tr.done(t, call!, null);
      return false;
    }
    if (r === REGS_SET) {
      if (tr) tr.done(t, call!, this.resultOf(engine));
    } else {
      this.setResult(engine, r);
      if (tr) tr.done(t, call!, r);
    }
    if (ex && r !== NO_RESULT) this.reportResume(t.pid.numbers[0], 'caller', engine);
    // The return to user mode: signals the call raised or unblocked are delivered here.
    if (userReturnWork(t)) {
      deliverPending(this, t);
      this.tracer?.flush();
      if (t.state === 'dead' || t.proc.stopped) return false;
    }
    return !this.needResched;
  }

  /**
   * A trap instruction that carries the number (s390x `svc NR`): a non-zero NR is the number,
   * else the number register's low bits are (as Linux's do_syscall reads int_code, then r1).
   */
  private trapNumber(engine: CpuEngine, a: SyscallArgs, how: { offset: number; nrBits: number }): void {
    let b = engine.trapOperand ? engine.trapOperand() : -1;
    if (b < 0) {
      const at = engine.getPc() - this.trapSize + how.offset;
      b = engine.readU8 ? engine.readU8(at) : engine.read(at, 1)?.[0] ?? -1;
    }
    if (b > 0) a.raw[0] = b;
    else a.raw[0] &= this.nrMask;
    a.raw[1] = 0;
  }

  /** The result register read back in the -errno convention (after rt_sigreturn restored it). */
  resultOf(engine: CpuEngine): number {
    const err = this.arch.syscall.error;
    const v = Number(BigInt.asIntN(64, engine.getReg(this.arch.syscall.ret)));
    if (err.style === 'negated') return v;
    return Number(engine.getReg(err.flagReg)) & err.flagMask ? -v : v;
  }

  /** `--- SIGCHLD {…} ---` under --strace. */
  traceSignal(t: Task, siginfo: Uint8Array, afterCall = false): void {
    this.tracer?.signal(t, signalLine(this, siginfo), afterCall);
  }

  /**
   * Run one implementation. An exception here is a bug in tricorn, not in the guest: it must not
   * unwind through the engine (a native callback), so it ends the guest process with a one-line
   * report and SIGSYS.
   */
  private call(impl: SyscallImpl, t: Task, a: SyscallArgs, nr: number): number {
    try {
      return impl(this, t, a);
    } catch (e) {
      const name = this.names[nr] ?? `syscall ${nr}`;
      this.report(`tricorn: internal error in ${name} (pid ${t.proc.pid.numbers[0]}): ${e instanceof Error ? e.message : String(e)}`);
      this.killProcess(t.proc, SIGSYS);
      return NO_RESULT;
    }
  }

  private readonly reportUnimplemented: boolean;
  private readonly reportedUnimplemented = new Set<number>();

  /**
   * A syscall with no implementation: ENOSYS, and one line the first time each number is seen.
   * Syscalls that answer ENOSYS on purpose (rseq: glibc copes) have implementations and are
   * never reported.
   */
  private unimplemented(t: Task, nr: number): number {
    if (this.reportUnimplemented && !this.reportedUnimplemented.has(nr)) {
      this.reportedUnimplemented.add(nr);
      const name = this.names[nr] ?? `syscall_0x${nr.toString(16)}`;
      this.host.log(`tricorn: pid ${t.proc.pid.numbers[0]}: syscall '${name}' is not implemented (ENOSYS)`);
    }
    return -ENOSYS;
  }

  /**
   * Tell the explain channel where task `tid` returns to user mode; its registers are live in
   * `engine` now, so the listener reads them (if it wants them) before it returns.
   */
  reportResume(tid: number, who: 'caller' | 'child', engine: CpuEngine): void {
    this.explain?.({ kind: 'resume', tid, who, pc: engine.getPc(), regs: () => this.arch.regs.all.map((n): [string, bigint] => [n, engine.getReg(n)]) });
  }

  /**
   * A rule an implementation checks, reported to the explain channel with its values (computed
   * only when someone listens). Returns whether it held: `if (!k.rule(...)) return -EINVAL`.
   */
  rule(ok: boolean, rule: string, values: () => string, errno?: string): boolean {
    this.explain?.({ kind: 'check', rule, ok, values: values(), ...(ok || !errno ? {} : { errno }) });
    return ok;
  }

  /** Write a syscall result (or -errno) into the trap registers by the arch's convention. */
  setResult(engine: CpuEngine, r: number): void {
    const err = this.sysError;
    const v = this.retVals;
    const b = this.batchesOf(engine);
    if (err.style === 'negated') {
      v[0] = r >>> 0;
      v[1] = Math.floor(r / 0x100000000) >>> 0;
    } else {
      // Read the flag register's current value, then set or clear the error bit in it.
      engine.readRegs(b.ret, v);
      const isErr = r < 0 && r >= -4095;
      const val = isErr ? -r : r;
      v[0] = val >>> 0;
      v[1] = Math.floor(val / 0x100000000) >>> 0;
      v[2] = isErr ? (v[2] | err.flagMask) >>> 0 : (v[2] & ~err.flagMask) >>> 0;
    }
    engine.writeRegs(b.ret, v);
  }

  // ---------------------------------------------------------------- endings

  /** A guest fault kills the task's process with the matching signal and a one-line report. */
  private onFault(t: Task, fault: GuestFault): void {
    const engine = t.proc.mm.engine;
    const sig = signalForFault(fault.kind);
    // force_sig_fault: a handler that is installed and not blocked catches it; the frame's pc
    // is the faulting instruction (or the next one, where the ISA says so). Blocked or ignored, it is fatal (the disposition is reset).
    const act = disposition(t.proc, sig);
    if (act.handler !== SIG_DFL && act.handler !== SIG_IGN && (t.sigmask & bit(sig)) === 0n) {
      engine.setPc(fault.resumePc ?? fault.pc);
      t.pending.add(faultInfo(this.arch, sig, fault));
      deliverPending(this, t);
      this.tracer?.flush();
      return;
    }
    const bytes = engine.read(fault.pc, 16) ?? readAnyway(engine, fault.pc);
    // strace's `--- SIGSEGV {…} ---` and `+++ killed by …` first, then tricorn's own report.
    this.tracer?.fault(t, sig, fault);
    this.killProcess(t.proc, sig);
    this.tracer?.flush();
    this.report(faultReport(this.arch, fault, sig, t.proc.pid.numbers[0], bytes, this.host));
  }

  /**
   * One of tricorn's own lines about the guest (a fault's report, a signal's death): on the host
   * log, or, while a text trace shares that log, after the trace (docs/strace.md).
   */
  report(line: string): void {
    if (this.tracer) this.tracer.report(line);
    else this.host.log(line);
  }

  /** End one task. The process ends with it when it was the last thread. */
  exitTask(t: Task, waitStatus: number): void {
    if (t.state === 'dead') return;
    this.releaseTask(t);
    const proc = t.proc;
    if (proc.threads.every((x) => x.state === 'dead')) this.endProcess(proc, waitStatus);
    else this.tracer?.threadEnded(t, waitStatus);
  }

  /** exit_group, or a fatal signal: every thread of the process ends. */
  exitGroup(proc: Process, waitStatus: number): void {
    this.tracer?.groupExiting(proc);
    for (const t of proc.threads) {
      if (t.state === 'dead') continue;
      if (t.pid !== proc.pid) this.tracer?.threadEnded(t, waitStatus);
      this.releaseTask(t);
    }
    if (proc.state === 'alive') this.endProcess(proc, waitStatus);
  }

  /** A signal's death (wait status with the core bit when its default action dumps core). */
  killProcess(proc: Process, sig: number): void {
    killBySignal(this, proc, sig, null);
  }

  /** The last task of an address space is gone: shared file mappings go back to their files. */
  private retireMm(mm: AddressSpace, pid: Pid): void {
    releaseFileMappings(mm.engine, mm.fileMaps);
    detachAll(this, mm, pid);
    this.retired.push(mm.engine);
  }

  private releaseTask(t: Task): void {
    t.state = 'dead';
    t.retry = null;
    const mm = t.proc.mm;
    if (t.clearChildTid) {
      // CLONE_CHILD_CLEARTID / set_tid_address: zero the tid word, wake one waiter on it.
      const ok = mm.engine.write(t.clearChildTid, new Uint8Array(4));
      if (ok) this.futexes.wake(...futexKey(mm, t.clearChildTid, true), 1, 0xffffffff, true); // a shared wake, as Linux's
    }
    if (mm.loaded === t) mm.loaded = null;
    t.proc.maxRss = Math.max(t.proc.maxRss, mm.engine.peakResident());
    const i = this.tasks.indexOf(t);
    if (i >= 0) this.tasks.splice(i, 1);
    // The engine may be mid-run (this is its trap handler): close it once run() has returned.
    if (--mm.users === 0) this.retireMm(mm, t.proc.pid);
    if (t.pid !== t.proc.pid) t.pid.free();
    if (this.current === t) this.needResched = true;
  }

  private endProcess(proc: Process, waitStatus: number): void {
    proc.state = 'zombie';
    this.zombies++;
    // Its descriptors close now (a pipe's reader sees EOF before the parent reaps).
    if (proc.files && --proc.files.users === 0) proc.files.closeAll();
    proc.waitStatus = waitStatus;
    exitSem(this, proc.semUndo, proc.pid);
    // disassociate_ctty(1): a session leader's exit hangs up its terminal's foreground group.
    if (proc.session === proc.pid && proc.ctty !== null && proc.ctty !== 'host') proc.ctty.disassociate(true);
    notifyPidfd(proc);
    this.tracer?.ended(proc, waitStatus);
    if (proc === this.init) {
      const sig = waitStatus & 0x7f;
      this.outcome = { exitCode: sig ? 128 + sig : (waitStatus >> 8) & 0xff, waitStatus };
      return;
    }
    const ns = proc.pid.ns;
    if (proc.pid.numbers[ns.level] === 1) {
      // A namespace's init died: every other process in it (and below) is killed; orphans of
      // the killing come to the dying init, which reaps them, so they vanish from view.
      ns.dead = true;
      this.dyingInits.add(proc);
      for (const t of [...this.tasks]) {
        const p = t.proc;
        if (p !== proc && p.state === 'alive' && ns.isAncestorOf(p.pid.ns)) this.killProcess(p, SIGKILL);
      }
      for (const c of [...proc.children]) if (c.state === 'zombie') this.reap(c);
      this.dyingInits.delete(proc);
    }
    // Orphans go to a subreaper ancestor, else the init of the dying process's namespace.
    const reaper = this.reaperFor(proc);
    for (const child of [...proc.children]) {
      child.parent = reaper;
      if (reaper) reaper.children.push(child);
      if (child.state === 'zombie' && reaper) {
        // reparent_leader: the new parent hears of a zombie it inherits (and may reap it at once).
        const { code, status } = childExitCode(child.waitStatus);
        if (notifyParent(this, child, code, status, child.exitSignal)) this.reap(child);
        continue;
      }
      if (child.pdeathSig && child.state === 'alive') {
        // As Linux's SEND_SIG_NOINFO from the dying parent: SI_USER, si_pid and si_uid are its.
        sendSignal(this, child, null, { signo: child.pdeathSig, code: SI_USER, layout: 'kill', pid: proc.pid, uid: proc.cred.uid });
      }
    }
    proc.children.length = 0;
    if (!proc.parent) { this.reap(proc); return; }
    const { code, status } = childExitCode(waitStatus);
    if (notifyParent(this, proc, code, status, proc.exitSignal)) this.reap(proc);
  }

  /**
   * Who takes `proc`'s orphans (find_new_reaper): the nearest ancestor in the same PID
   * namespace that made itself a child subreaper and is alive, else the init of `proc`'s
   * namespace (or the nearest living ancestor namespace's).
   */
  private reaperFor(proc: Process): Process | null {
    const ns0 = proc.pid.ns;
    for (let p = proc.parent; p && p.pid.ns === ns0 && p.pid.numbers[ns0.level] !== 1; p = p.parent) {
      if (p.childSubreaper && p.state === 'alive') return p;
    }
    for (let ns: PidNamespace | null = proc.pid.ns; ns; ns = ns.parent) {
      const init = ns.used.get(1);
      if (!init) continue;
      const p = this.processByPid.get(init);
      if (p && p !== proc && (p.state === 'alive' || this.dyingInits.has(p))) return p;
    }
    return null;
  }

  /** Pid -> process of which it is the tgid. */
  readonly processByPid = new Map<Process['pid'], Process>();
  /** Namespace inits in the middle of dying: still the reaper for the processes they kill. */
  private readonly dyingInits = new Set<Process>();

  /** Remove a zombie: its pid numbers are free again. */
  reap(proc: Process): void {
    if (proc.state === 'zombie') this.zombies--;
    proc.state = 'reaped';
    notifyPidfd(proc);
    proc.pid.free();
    this.processByPid.delete(proc.pid);
    const parent = proc.parent;
    if (parent) {
      const i = parent.children.indexOf(proc);
      if (i >= 0) parent.children.splice(i, 1);
    }
  }
}

/** Instruction bytes at a pc that is not readable by user rules (fetch faults): best effort. */
function readAnyway(engine: CpuEngine, pc: number): Uint8Array | null {
  for (let n = 15; n >= 1; n--) {
    const b = engine.read(pc, n);
    if (b) return b;
  }
  return null;
}
