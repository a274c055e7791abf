// Process and thread creation, shared by clone, clone2 and clone3: each syscall decodes its own
// argument form into a CloneRequest, and createTask() does the rest once, like Linux's
// kernel_clone()/copy_process().

import { EngineError, type CpuEngine } from '../emu/engine.js';
import { EAGAIN, EFAULT, EINVAL, ENOMEM, ENOSPC, EPERM, errnoName, errnoNumber } from './abi/errno.js';
import { nofile } from './fs/fdtable.js';
import { pidfdFile } from './fs/pidfd.js';
import { RLIMIT_NPROC, Rlimits } from './rlimits.js';
import { flushSignalHandlers } from './signal-state.js';
import type { Kernel } from './kernel.js';
import { MAX_PID_NS_LEVEL, PidNamespace, allocPid } from './pidns.js';
import { BLOCK, Process, type Task } from './task.js';
import { writeU32 } from './uaccess.js';
import { structLayout } from './abi/structs.js';
import {
  CLONE_CHILD_CLEARTID, CLONE_CHILD_SETTID, CLONE_FILES, CLONE_FS, CLONE_NEWCGROUP, CLONE_NEWIPC, CLONE_NEWNET, CLONE_NEWNS, CLONE_NEWPID,
  CLONE_NEWUSER, CLONE_NEWUTS, CLONE_PARENT, CLONE_PARENT_SETTID, CLONE_PIDFD, CLONE_PTRACE, CLONE_SETTLS, CLONE_SYSVSEM,
  CLONE_NEWTIME, CLONE_SIGHAND, CLONE_THREAD, CLONE_VFORK, CLONE_VM, CLONE_DETACHED,
} from './abi/flags.js';
import { NEW_NAMESPACES, newNsProxy } from './namespaces.js';
import { forkAttaches } from './ipc/shm.js';
import { CAP_CHECKPOINT_RESTORE, CAP_SYS_ADMIN, nprocLimited } from './creds.js';

/**
 * Flags tricorn does not model and so refuses with EINVAL rather than ignore: the mount, IPC,
 * user, network and cgroup namespaces, ptrace (docs/namespaces.md).
 */
const UNSUPPORTED = CLONE_PTRACE | CLONE_NEWNS | CLONE_NEWCGROUP |
  CLONE_NEWUSER | CLONE_NEWNET;
/** The namespace flags tricorn models; each needs privilege (CAP_SYS_ADMIN: uid 0 here). */

export interface CloneRequest {
  /** The low 32 flag bits, exit signal excluded (the callers validate bits above 32). */
  flags: number;
  exitSignal: number;
  /** New stack pointer for the child, or 0: the child resumes on (a copy of) the caller's stack. */
  stack: number;
  parentTid: number;
  childTid: number;
  tls: bigint;
  /**
   * Requested pid per level of the child's namespace chain (index = level), undefined where
   * the kernel chooses. Built by clone2 (pids[]) and clone3 (set_tid[]).
   */
  wanted: (number | undefined)[];
  /** errno for a requested pid already taken: clone2 says EBUSY, clone3 EEXIST. */
  inUse: 'EBUSY' | 'EEXIST';
  /** clone3's CLONE_CLEAR_SIGHAND: the child's handlers go back to SIG_DFL (ignored stay ignored). */
  clearSighand?: boolean;
  /**
   * CLONE_PIDFD: where the parent's new pidfd number is stored (an int). clone and clone2 use
   * their parent_tid argument, so they cannot also ask for CLONE_PARENT_SETTID; clone3 has a field.
   */
  pidfd: number;
}

/** The namespace the child of `t` will live in, given CLONE_NEWPID (created lazily by createTask). */
export function childNamespaceLevel(t: Task, flags: number): number {
  return t.proc.nsForChildren.level + (flags & CLONE_NEWPID ? 1 : 0);
}

/**
 * Check flag combinations as copy_process() does. Returns 0 or -errno. Shared by every clone form.
 */
function checkCloneFlags(k: Kernel, t: Task, flags: number): number {
  if (flags & UNSUPPORTED) return -EINVAL;
  // CLONE_DETACHED is kept for a later meaning of CLONE_PIDFD; a thread's pidfd came with 6.9.
  if ((flags & CLONE_PIDFD) && (flags & (CLONE_DETACHED | CLONE_THREAD))) return -EINVAL;
  if ((flags & CLONE_THREAD) && !(flags & CLONE_SIGHAND)) return -EINVAL;
  if ((flags & CLONE_SIGHAND) && !(flags & CLONE_VM)) return -EINVAL;
  // A new IPC namespace cannot share undo lists with semaphore sets of the old one.
  if ((flags & CLONE_NEWIPC) && (flags & CLONE_SYSVSEM)) return -EINVAL;
  // A new PID namespace's first process must be a new process with a parent of its own making.
  if ((flags & CLONE_NEWPID) && (flags & (CLONE_THREAD | CLONE_PARENT))) return -EINVAL;
  // A namespace's init may not make siblings: they would have no parent to reap them.
  if ((flags & CLONE_PARENT) && t.proc.pid.nrIn(t.proc.pid.ns) === 1) return -EINVAL;
  // After unshare(CLONE_NEWPID), a sibling or thread would land in the wrong namespace.
  if ((flags & (CLONE_PARENT | CLONE_THREAD)) && t.proc.nsForChildren !== k.nsOf(t)) return -EINVAL;
  if ((flags & NEW_NAMESPACES) && !t.proc.cred.capable(CAP_SYS_ADMIN)) return -EPERM;
  // A new namespace hangs below the caller's own; after unshare(CLONE_NEWPID) there is already
  // a pending one, and Linux refuses to make another (copy_pid_ns).
  if ((flags & CLONE_NEWPID) && t.proc.nsForChildren !== k.nsOf(t)) return -EINVAL;
  if ((flags & CLONE_NEWPID) && t.proc.nsForChildren.level + 1 > MAX_PID_NS_LEVEL) return -ENOSPC;
  return 0;
}

/**
 * Make the child task. On success returns the child's pid as the caller's namespace sees it
 * (or BLOCK for CLONE_VFORK, whose result arrives when the child lets the parent go); on
 * failure -errno, with nothing left allocated.
 */
export function createTask(k: Kernel, t: Task, req: CloneRequest): number {
  const flags = req.flags;
  // kernel_clone: the pidfd and the parent's tid may not be stored in the same place.
  if (!k.rule(!((flags & CLONE_PIDFD) && (flags & CLONE_PARENT_SETTID) && req.pidfd === req.parentTid),
    'CLONE_PIDFD and CLONE_PARENT_SETTID store to different places', () => `both at 0x${req.pidfd.toString(16)}`, 'EINVAL')) return -EINVAL;
  const err = checkCloneFlags(k, t, flags);
  if (!k.rule(err === 0, 'flag combination allowed (copy_process)', () => `flags 0x${flags.toString(16)}${err ? ` -> ${errnoName(-err)}` : ''}`)) return err;
  if (!k.rule(!req.wanted.some((w) => w !== undefined) || t.proc.cred.capable(CAP_SYS_ADMIN) || t.proc.cred.capable(CAP_CHECKPOINT_RESTORE), 'choosing a pid needs CAP_SYS_ADMIN or CAP_CHECKPOINT_RESTORE', () => `euid ${t.proc.cred.euid}, requested [${req.wanted.map((w) => w ?? 0).join(', ')}]`, 'EPERM')) return -EPERM;
  // threads-max (--max-tasks), and RLIMIT_NPROC for a user other than root (root passes it, as
  // with CAP_SYS_RESOURCE).
  if (k.taskCount() >= k.maxTasks) return -EAGAIN;
  if (nprocLimited(t.proc.cred) && k.tasks.filter((x) => x.proc.cred.uid === t.proc.cred.uid).length >= t.proc.rlimits.get(RLIMIT_NPROC)) return -EAGAIN;

  // Acquire in copy_process()'s order — the address space (copy_mm), then the namespace
  // (copy_namespaces), then the pid (alloc_pid), then the pidfd's number and its store — and on
  // a failure give back, in reverse, what was taken (its bad_fork_* ladder), so a refused clone
  // leaves nothing behind. Nothing after the pidfd can fail.
  const parentProc = t.proc;
  const engine = parentProc.mm.engine;
  let copy: CpuEngine | null = null;
  if (!(flags & CLONE_VM)) {
    try {
      copy = engine.clone();
    } catch (e) {
      if (e instanceof EngineError) return -ENOMEM;
      throw e;
    }
  }
  const ns = flags & CLONE_THREAD ? k.nsOf(t)
    : flags & CLONE_NEWPID ? new PidNamespace(parentProc.nsForChildren, parentProc.nsForChildren.pidMax)
      : parentProc.nsForChildren;
  const pid = allocPid(ns, req.wanted, req.inUse);
  k.rule(typeof pid !== 'string', 'a pid at every level, youngest first (alloc_pid)', () => (typeof pid === 'string'
    ? `requested [${req.wanted.map((w, i) => `level ${i}: ${w ?? 'any'}`).join(', ')}] in a namespace of level ${ns.level}`
    : pid.numbers.map((n, i) => `level ${i}: ${n}${req.wanted[i] !== undefined ? ' (requested, free)' : ' (kernel-chosen)'}`).join(', ')), typeof pid === 'string' ? pid : undefined);
  if (typeof pid === 'string') {
    copy?.close(); // bad_fork_cleanup_mm
    return -errnoNumber(pid)!;
  }
  // CLONE_PIDFD: a number in the parent's table, stored for the parent before the child exists;
  // the file is installed there once the child is made (so a child with a table of its own
  // does not get it, and one sharing the table does).
  let pidfdNr = -1;
  if (flags & CLONE_PIDFD) {
    pidfdNr = parentProc.files.lowestFree(nofile(t));
    const stored = pidfdNr >= 0 && writeU32(engine, req.pidfd, pidfdNr);
    k.rule(stored, 'the pidfd: a free descriptor, stored at pidfd', () => (pidfdNr < 0 ? 'no free descriptor' : `fd ${pidfdNr} at 0x${req.pidfd.toString(16)}`), pidfdNr < 0 ? 'EMFILE' : 'EFAULT');
    if (!stored) {
      pid.free(); // bad_fork_put_pidfd, bad_fork_free_pid
      copy?.close();
      return pidfdNr < 0 ? pidfdNr : -EFAULT;
    }
    k.explain?.({ kind: 'write', what: 'PIDFD (parent\'s memory)', addr: req.pidfd, value: pidfdNr, size: 4 });
  }

  const nsproxy = newNsProxy(t.nsproxy, flags, true);
  const pc = engine.getPc();
  let child: Task;
  if (!copy) {
    // Same address space (CLONE_VM): the child's registers are a saved context of this engine.
    const parentCtx = engine.saveContext();
    prepareChildRegs(k, engine, pc, req, flags, pid.numbers[0]);
    const childCtx = engine.saveContext();
    engine.restoreContext(parentCtx);
    if (flags & CLONE_THREAD) {
      child = k.addTask(parentProc, pid, nsproxy);
    } else {
      const proc = new Process(pid, flags & CLONE_PARENT ? parentProc.parent : parentProc, parentProc.mm,
        req.exitSignal, ns, parentProc.exe);
      inherit(k, proc, parentProc, req);
      k.adopt(proc);
      child = k.addTask(proc, pid, nsproxy);
    }
    child.ctx = childCtx;
  } else {
    // fork: the new engine holds a copy of every region and of the registers.
    prepareChildRegs(k, copy, pc, req, flags, pid.numbers[0]);
    const mm = parentProc.mm;
    const proc = new Process(pid, flags & CLONE_PARENT ? parentProc.parent : parentProc,
      mm.copyFor(copy), req.exitSignal, ns, parentProc.exe);
    inherit(k, proc, parentProc, req);
    proc.mm.shm = forkAttaches(k, mm.shm, parentProc.pid);
    k.adopt(proc);
    child = k.addTask(proc, pid, nsproxy);
    child.proc.mm.loaded = child;
  }

  if (pidfdNr >= 0) parentProc.files.install(pidfdNr, pidfdFile(child.proc, 0), true, nofile(t));
  child.comm = t.comm;
  child.mempolicy = t.mempolicy;
  child.noNewPrivs = t.noNewPrivs;
  child.timerSlackNs = child.defaultTimerSlackNs = t.timerSlackNs;
  const callerNs = k.nsOf(t);
  const childMem = child.proc.mm.engine;
  k.explain?.({ kind: 'task', pids: pid.numbers, thread: (flags & CLONE_THREAD) !== 0, sharesMemory: !copy });
  // CLONE_PARENT_SETTID lands in the parent's memory after the child's copy was made, so a
  // forked child does not see it; CLONE_CHILD_SETTID lands in the child's memory with the pid
  // its own namespace gives it. As in Linux, a bad address here is not an error.
  if (flags & CLONE_PARENT_SETTID) writeU32(engine, req.parentTid, pid.nrIn(callerNs));
  if (flags & CLONE_PARENT_SETTID) k.explain?.({ kind: 'write', what: 'PARENT_SETTID (parent\'s memory)', addr: req.parentTid, value: pid.nrIn(callerNs), size: 4 });
  if (flags & CLONE_CHILD_SETTID) writeU32(childMem, req.childTid, pid.nrIn(pid.ns));
  if (flags & CLONE_CHILD_SETTID) k.explain?.({ kind: 'write', what: 'CHILD_SETTID (child\'s memory)', addr: req.childTid, value: pid.nrIn(pid.ns), size: 4 });
  if (flags & CLONE_CHILD_CLEARTID) child.clearChildTid = req.childTid;
  // The blocked mask is inherited; the alternate stack too, except by a CLONE_VM child that is
  // not a vfork (it would share the stack with its creator).
  child.sigmask = t.sigmask;
  // So are the nice value and the scheduling policy.
  child.nice = t.nice;
  child.policy = t.policy;
  child.rtPriority = t.rtPriority;
  if ((flags & (CLONE_VM | CLONE_VFORK)) !== CLONE_VM) child.altStack = { ...t.altStack };

  const result = pid.nrIn(callerNs);
  if (flags & CLONE_VFORK) {
    // The parent sleeps until the child exits (or execs).
    const sharedMm = child.proc.mm;
    t.retry = () => (child.state === 'dead' || child.proc.state !== 'alive' || child.proc.mm !== sharedMm ? result : BLOCK);
    t.restartCode = 0; // vfork's wait is not interruptible
    return BLOCK;
  }
  return result;
}

/**
 * What a new process takes from its parent: credentials, and signal dispositions (shared with
 * CLONE_SIGHAND; with CLONE_CLEAR_SIGHAND copied as Linux's flush_signal_handlers(p, 0) leaves
 * them: every handler back to SIG_DFL, an ignored signal still ignored, flags and masks cleared).
 */
function inherit(k: Kernel, proc: Process, parent: Process, req: CloneRequest): void {
  proc.cred = parent.cred.copy();
  proc.rlimits = req.flags & CLONE_THREAD ? parent.rlimits : new Rlimits(0, parent.rlimits);
  proc.argv = parent.argv;
  if (req.flags & CLONE_FILES) { proc.files = parent.files; parent.files.users++; } else proc.files = parent.files.copy();
  if (req.flags & CLONE_FS) { proc.fs = parent.fs; parent.fs.users++; } else proc.fs = parent.fs.copy();
  if (req.flags & CLONE_SIGHAND) {
    proc.sigactions = parent.sigactions;
  } else if (req.clearSighand) {
    proc.sigactions = flushSignalHandlers(parent.sigactions);
  } else {
    proc.sigactions = new Map([...parent.sigactions].map(([sig, act]) => [sig, { ...act }]));
  }
  proc.pgrp = parent.pgrp;
  proc.session = parent.session;
  proc.ctty = parent.ctty;
  proc.dumpable = parent.dumpable;
  proc.personality = parent.personality;
  if (req.flags & CLONE_SYSVSEM) { proc.semUndo = parent.semUndo; parent.semUndo.users++; }
}


/** The child's registers: the caller's, with result 0, and the new stack and TLS if asked. */
function prepareChildRegs(k: Kernel, engine: CpuEngine, pc: number, req: CloneRequest, flags: number, tid: number): void {
  k.wire(engine);
  engine.setPc(pc);
  k.setResult(engine, 0);
  if (req.stack) engine.setReg(k.arch.regs.sp, BigInt(req.stack));
  if (flags & CLONE_SETTLS) engine.setReg(k.arch.regs.threadPointer, req.tls);
  k.reportResume(tid, 'child', engine);
}
