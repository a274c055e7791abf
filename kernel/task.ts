// Tasks (threads), processes (thread groups) and address spaces. A process is what has a pid
// to its parent and to wait4; a task is what the scheduler runs; an address space is one
// engine instance, shared by the tasks of a CLONE_VM family.

import type { MappedFile } from './mapped-files.js';
import type { CpuEngine, EngineContext } from '../emu/engine.js';
import type { Pid, PidNamespace } from './pidns.js';
import { Rlimits } from './rlimits.js';
import type { NsProxy } from './namespaces.js';
import type { PosixTimer } from './posix-timers.js';
import type { Itimer } from './itimer.js';
import type { FdTable, FsContext } from './fs/fdtable.js';
import { copyFileMappings, type FileMapping } from './fs/filemap.js';
import { SS_DISABLE, SigPending, type AltStack, type SigAction, type SigInfo, type SigSet } from './signal-state.js';
import { Creds } from './creds.js';
import type { MemPolicy } from './mempolicy.js';
import type { Ctty } from './fs/pty.js';
import type { ShmAttach } from './ipc/shm.js';
import { SemUndoList } from './ipc/sem.js';

export class AddressSpace {
  /** Tasks whose registers use this engine; the engine is closed when the last one ends. */
  users = 0;
  /** The task whose registers are live in the engine right now. */
  loaded: Task | null = null;
  /** The signal page's rt_sigreturn trampoline (0: none on this ABI). */
  sigPage = 0;
  /** The vDSO's vvar page, where the clock lives while this address space runs (0: no vDSO). */
  vvar = 0;
  /** The engine's in-place view of the vvar page's clock, and the engine layout it is valid for. */
  vvarWord: DataView | null = null;
  vvarLayout = -1;
  /** The main thread's stack: [stackLow, stackTop), growing down on demand (kernel/stack.ts). */
  stackLow = 0;
  stackTop = 0;
  /** Writable MAP_SHARED file mappings, written back to their files (kernel/fs/filemap.ts). */
  fileMaps: FileMapping[] = [];
  /** Which ranges map which file, for /proc/PID/maps and mprotect (kernel/mapped-files.ts). */
  files: MappedFile[] = [];
  /** System V shared memory attached here (kernel/ipc/shm.ts). */
  shm: ShmAttach[] = [];
  constructor(public engine: CpuEngine, public brkStart: number, public brk: number,
    /** mmap allocates top-down below this address. */
    public mmapTop: number) {}

  /** A copy for a forked engine: the same layout. */
  copyFor(engine: CpuEngine): AddressSpace {
    const mm = new AddressSpace(engine, this.brkStart, this.brk, this.mmapTop);
    mm.sigPage = this.sigPage;
    mm.vvar = this.vvar;
    mm.stackLow = this.stackLow;
    mm.stackTop = this.stackTop;
    mm.fileMaps = copyFileMappings(this.fileMaps);
    mm.files = this.files.map((m) => ({ ...m }));
    return mm;
  }
}

export type TaskState = 'runnable' | 'blocked' | 'dead';

/** Returned by a syscall that must wait: the task sleeps and `retry` is called again later. */
export const BLOCK = -0x40000001;
/** Returned by a syscall after which no result is written (the caller exited or was killed). */
export const NO_RESULT = -0x40000002;
/** Returned by a syscall that set every register itself (rt_sigreturn): nothing is written, the task runs on. */
export const REGS_SET = -0x40000003;

/** Linux's timer slack of a normal task: 50 µs. */
export const DEFAULT_TIMER_SLACK_NS = 50_000;

export class Task {
  state: TaskState = 'runnable';
  /** Saved registers while another task of the same address space is loaded. */
  ctx: EngineContext | null = null;
  /** For a blocked task: tries the syscall again; returns a result, or BLOCK to keep waiting. */
  retry: (() => number) | null = null;
  /** The blocked syscall's name and formatted call, for strace's "resumed" line. */
  blockedName = '';
  /** set_robust_list's head (recorded; robust futexes are not walked at exit). */
  robustList = 0;
  /** Scheduling: the nice value (-20..19), and the policy and priority sched_setscheduler set (never acted on: one deterministic round-robin). */
  nice = 0;
  policy = 0;
  rtPriority = 0;
  /** Blocked-signal mask (rt_sigprocmask). */
  sigmask: SigSet = 0n;
  /** Signals sent to this thread (tkill, tgkill, faults). */
  readonly pending = new SigPending();
  /** The mask to put back after the handler of a signal that ended rt_sigsuspend. */
  savedMask: SigSet | null = null;
  altStack: AltStack = { sp: 0, size: 0, flags: SS_DISABLE };
  /**
   * For a blocked task: the restart code (ERESTARTSYS …) its call answers when a handler
   * interrupts it, and what to undo then (leave a futex queue, store nanosleep's remainder).
   */
  restartCode = 0;
  onInterrupt: (() => void) | null = null;
  /**
   * Linux's restart_block: how a call that answers ERESTART_RESTARTBLOCK (nanosleep, a timed
   * futex wait, poll with a timeout) goes on where it stopped, with its absolute deadline.
   * Set when such a call sleeps; restart_syscall runs it.
   */
  restartBlock: (() => number) | null = null;
  /**
   * A call interrupted with no handler to run, whose restart is restartBlock: its name, and the
   * trap's address; the task's next trap there is restart_syscall (Linux puts that number in
   * the register as it rewinds the pc).
   */
  restartPending: { name: string; pc: number } | null = null;
  /** Set when a signal interrupted the blocked call: its restart code, settled at delivery. */
  interrupted = 0;
  /** A signal with a handler arrived while blocked: the scheduler interrupts the call. */
  sigWake = false;
  /** For a task sleeping with a timeout: the virtual-clock time (ns) it wakes at. */
  wakeAt = Infinity;
  /** set_tid_address / CLONE_CHILD_CLEARTID: zeroed and futex-woken when the task exits. */
  clearChildTid = 0;
  /**
   * The thread's name (Linux's task->comm, at most 15 bytes): the basename of the file the last
   * exec was given, copied by clone, changed by prctl(PR_SET_NAME); /proc/PID/comm and the
   * Name: of status show the thread group leader's.
   */
  comm = '';
  /** Virtual CPU time of this thread: its slices (user) and system calls (system); RUSAGE_THREAD. */
  utimeNs = 0;
  stimeNs = 0;
  /** set_mempolicy's policy (null: the default); copied by clone, kept across exec. */
  mempolicy: MemPolicy | null = null;
  /** prctl(PR_SET_NO_NEW_PRIVS): sticky, inherited by clone, kept across exec. */
  noNewPrivs = false;
  /** prctl(PR_SET_TIMERSLACK): the slack, and what 0 restores (the creator's slack at clone). */
  timerSlackNs = DEFAULT_TIMER_SLACK_NS;
  defaultTimerSlackNs = DEFAULT_TIMER_SLACK_NS;
  constructor(
    /** Creation order: the scheduler's deterministic tie-break and strace's label. */
    readonly serial: number,
    public pid: Pid,
    public proc: Process,
    /** UTS and time namespaces (per task, as Linux's nsproxy: a thread may unshare its own). */
    public nsproxy: NsProxy,
  ) {}
}

export class Process {
  state: 'alive' | 'zombie' | 'reaped' = 'alive';
  /** Linux wait status once a zombie: (code << 8) for exit, the signal number when killed. */
  waitStatus = 0;
  readonly children: Process[] = [];
  readonly threads: Task[] = [];
  /** User and group ids and capabilities (kernel/creds.ts): a thread shares its process's. */
  cred = new Creds(0, 0);
  /** membarrier's MEMBARRIER_CMD_REGISTER_* bits this process has registered. */
  membarriers = 0;
  /** getrlimit/setrlimit's table (copied at fork; the kernel sets the first one's). */
  rlimits = new Rlimits(0);
  /** Open files (shared with CLONE_FILES). */
  files!: FdTable;
  /** Root, cwd and umask (shared with CLONE_FS). */
  fs!: FsContext;
  /** The arguments of the last exec: /proc/PID/cmdline. */
  argv: string[] = [];
  /** Signal dispositions as rt_sigaction set them (absent: SIG_DFL); shared with CLONE_SIGHAND. */
  sigactions = new Map<number, SigAction>();
  /** Signals sent to the whole thread group. */
  readonly shared = new SigPending();
  /** Process group and session: the Pids of their leaders. */
  pgrp!: Pid;
  session!: Pid;
  /**
   * The session's controlling terminal (signal->tty): a pty's slave, or 'host', the terminal
   * tricorn runs in, for the first session. Fork copies it, setsid drops it.
   */
  ctty: Ctty = 'host';
  /** SEM_UNDO adjustments, applied at exit; shared with processes a CLONE_SYSVSEM clone made. */
  semUndo = new SemUndoList();
  /** Job control: stopped by SIGSTOP & co.; a stop or continue not yet reported to wait4. */
  stopped = false;
  stopReport = 0;
  continueReport = false;
  /**
   * A fatal signal another process sent (Linux's SIGNAL_GROUP_EXIT): the group is already
   * doomed, and ends when one of its threads next runs — after the sender's call has returned,
   * so the sender and its other children go on first, as on Linux.
   */
  exiting: SigInfo | null = null;
  /** SIGCONT resumed it: its parent's SIGCHLD (CLD_CONTINUED) is sent when it next runs. */
  notifyContinued = false;
  /** prctl(PR_SET_PDEATHSIG): sent to this process when its parent dies. */
  pdeathSig = 0;
  /** setitimer's ITIMER_REAL, ITIMER_VIRTUAL, ITIMER_PROF (null: disarmed); kernel/itimer.ts. */
  itimers: Array<Itimer | null> = [null, null, null];
  /** timer_create's timers by id (posix-timers.ts), and the next id to give. */
  posixTimers = new Map<number, PosixTimer>();
  nextTimerId = 0;
  /** Virtual CPU time its threads used: scheduling slices (user) and system calls (system). */
  utimeNs = 0;
  stimeNs = 0;
  /** The reaped children's CPU times (theirs and their own reaped children's): RUSAGE_CHILDREN, tms_c*. */
  cutimeNs = 0;
  cstimeNs = 0;
  /** The largest resident size of the address spaces it had (exec starts a new one), and of its reaped children's; bytes. */
  maxRss = 0;
  cmaxRss = 0;
  /** prctl(PR_SET_DUMPABLE): 1 (SUID_DUMP_USER) or 0; fork copies it, exec sets it back to 1. */
  dumpable = 1;
  /** personality(2)'s value (kernel/personality.ts): fork copies it, exec keeps part of it. Per process here, per thread in Linux. */
  personality = 0;
  /** prctl(PR_SET_CHILD_SUBREAPER): orphaned descendants come here rather than to init (not inherited). */
  childSubreaper = false;
  constructor(
    /** Thread-group id: the leader's Pid. */
    public pid: Pid,
    public parent: Process | null,
    public mm: AddressSpace,
    /** Signal sent to the parent at exit (SIGCHLD for fork children; 0 for none). */
    public exitSignal: number,
    /** Where this process's next children are made (changed by unshare(CLONE_NEWPID)). */
    public nsForChildren: PidNamespace,
    /** The program's absolute path, as /proc/self/exe names it. */
    public exe: string,
  ) {
    this.pgrp = pid;
    this.session = pid;
  }

  get leader(): Task { return this.threads[0]; }
}
