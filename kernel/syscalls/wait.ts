// wait4 and waitid: reap a zombie child, answering with its pid in the caller's namespace.
import { EAGAIN, EBADF, ECHILD, EFAULT, EINVAL } from '../abi/errno.js';
import { structLayout } from '../abi/structs.js';
import type { SyscallImpl } from '../dispatch.js';
import type { Kernel } from '../kernel.js';
import { SIGCHLD } from '../signals.js';
import { CLD_CONTINUED, CLD_DUMPED, CLD_EXITED, CLD_KILLED, CLD_STOPPED, SIGCONT } from '../signal-state.js';
import { BLOCK, type Process, type Task } from '../task.js';
import { writeU32 } from '../uaccess.js';
import { accountReaped, childUsage, rusageBytes } from '../rusage.js';
import { WCONTINUED, WEXITED, WNOHANG, WNOWAIT, WUNTRACED, __WALL, __WCLONE, __WNOTHREAD } from '../abi/flags.js';


/**
 * Children of `proc` that `select` picks (wait4's pid rule, waitid's idtype). A "clone child"
 * (exit signal other than SIGCHLD) is seen only with __WCLONE, a normal one only without, both
 * with __WALL.
 */
function candidates(t: Task, select: (c: Process) => boolean, options: number): Process[] {
  return t.proc.children.filter((c) => {
    if (!select(c)) return false;
    if (options & __WALL) return true;
    return (c.exitSignal !== SIGCHLD) === ((options & __WCLONE) !== 0);
  });
}

/** One attempt at a wait: the reaped child's pid, 0 for WNOHANG, BLOCK, or -errno. */
function tryWait(k: Kernel, t: Task, select: (c: Process) => boolean, options: number,
  report: (child: Process, status: number) => number): number {
  const list = candidates(t, select, options);
  if (list.length === 0) return -ECHILD;
  const zombie = (options & WEXITED) ? list.find((c) => c.state === 'zombie') : undefined;
  // Job control: a stop (WUNTRACED) or a continue (WCONTINUED) not yet reported, reported once.
  const changed = zombie ? undefined : list.find((c) => c.state === 'alive'
    && (((options & WUNTRACED) && c.stopReport) || ((options & WCONTINUED) && c.continueReport)));
  if (changed) {
    const status = changed.stopReport ? (changed.stopReport << 8) | 0x7f : 0xffff;
    if (!(options & WNOWAIT)) { changed.stopReport = 0; changed.continueReport = false; }
    const err = report(changed, status);
    return err < 0 ? err : changed.pid.nrIn(k.nsOf(t));
  }
  if (!zombie) return options & WNOHANG ? 0 : BLOCK;
  const nr = zombie.pid.nrIn(k.nsOf(t));
  if (!(options & WNOWAIT)) {
    accountReaped(t.proc, zombie);
    k.reap(zombie);
  }
  const err = report(zombie, zombie.waitStatus);
  return err < 0 ? err : nr;
}

export const wait4: SyscallImpl = (k, t, a) => {
  const pid = a.int(0);
  const statusAddr = a.ptr(1);
  const options = a.u32(2);
  const rusageAddr = a.ptr(3);
  if (options & ~(WNOHANG | WUNTRACED | WCONTINUED | __WNOTHREAD | __WCLONE | __WALL)) return -EINVAL;
  const engine = t.proc.mm.engine;
  // As Linux's kernel_wait4: the child is reaped first, then a bad status pointer is EFAULT.
  const report = (child: Process, status: number): number => {
    if (statusAddr && !writeU32(engine, statusAddr, status)) return -EFAULT;
    // The child's usage, its reaped children's included (getrusage(child, RUSAGE_BOTH)).
    if (rusageAddr && !engine.write(rusageAddr, rusageBytes(k, childUsage(child)))) return -EFAULT;
    return 0;
  };
  // > 0: one pid in the caller's namespace; -1 or any other value: all (tricorn has no process groups).
  const select = pid > 0 ? (c: Process) => c.pid.nrIn(k.nsOf(t)) === pid : () => true;
  const attempt = () => tryWait(k, t, select, options | WEXITED, report);
  const r = attempt();
  if (r === BLOCK) t.retry = attempt;
  return r;
};

const P_ALL = 0;
const P_PID = 1;
const P_PGID = 2;
const P_PIDFD = 3;

/**
 * waitid(idtype, id, infop, options, rusage). As Linux's SYSCALL_DEFINE5(waitid): whatever the
 * outcome, an error included, a non-null infop gets si_signo, si_errno, si_code, si_pid, si_uid
 * and si_status (zeros when nothing was reaped) and no other byte; rusage only with a child.
 * P_PIDFD waits for the process a pidfd names, which must be a child; a PIDFD_NONBLOCK pidfd
 * makes the wait WNOHANG, and EAGAIN when the caller did not ask for WNOHANG itself.
 */
export const waitid: SyscallImpl = (k, t, a) => {
  const infoAddr = a.ptr(2);
  const rusageAddr = a.ptr(4);
  const engine = t.proc.mm.engine;
  let found: { code: number; pid: number; uid: number; status: number } | null = null;
  const finish = (r: number): number => {
    if (r === BLOCK) return r;
    if (r > 0 && rusageAddr && found && !engine.write(rusageAddr, rusageBytes(k, childUsage(reaped!)))) return -EFAULT;
    if (!infoAddr) return r > 0 ? 0 : r;
    const L = structLayout('siginfo', k.arch);
    const put = (name: string, v: number): boolean => writeU32(engine, infoAddr + L.offsetOf(name), v >>> 0);
    const ok = put('si_signo', found ? SIGCHLD : 0) && put('si_errno', 0) && put('si_code', found?.code ?? 0)
      && put('_sifields._sigchld._pid', found?.pid ?? 0) && put('_sifields._sigchld._uid', found?.uid ?? 0)
      && put('_sifields._sigchld._status', found?.status ?? 0);
    if (!ok) return -EFAULT;
    return r > 0 ? 0 : r;
  };
  let reaped: Process | null = null;
  const idtype = a.int(0);
  const id = a.int(1);
  let options = a.u32(3);
  if (options & ~(WNOHANG | WEXITED | WNOWAIT | WUNTRACED | WCONTINUED | __WNOTHREAD | __WCLONE | __WALL)) return finish(-EINVAL);
  if (!(options & (WEXITED | WUNTRACED | WCONTINUED))) return finish(-EINVAL);
  let select: (c: Process) => boolean;
  let nonblock = false;
  if (idtype === P_ALL || idtype === P_PGID) select = () => true;
  else if (idtype === P_PID) {
    if (id <= 0) return finish(-EINVAL);
    select = (c) => c.pid.nrIn(k.nsOf(t)) === id;
  } else if (idtype === P_PIDFD) {
    if (id < 0) return finish(-EINVAL);
    const f = t.proc.files.get(id);
    const target = f?.ops.pidfd;
    if (!target) return finish(-EBADF);
    select = (c) => c === target;
    nonblock = f.nonblock;
  } else return finish(-EINVAL);
  const asked = options;
  if (nonblock) options |= WNOHANG;
  // The wait status decoded as wait_task_zombie/wait_task_stopped/wait_task_continued fill it.
  const report = (child: Process, status: number): number => {
    const sig = status & 0x7f;
    const [code, value] = status === 0xffff ? [CLD_CONTINUED, SIGCONT]
      : sig === 0x7f ? [CLD_STOPPED, (status >> 8) & 0xff]
        : sig ? [status & 0x80 ? CLD_DUMPED : CLD_KILLED, sig] : [CLD_EXITED, (status >> 8) & 0xff];
    found = { code, pid: child.pid.nrIn(k.nsOf(t)), uid: child.cred.uid, status: value };
    reaped = child;
    return 0;
  };
  const attempt = () => {
    found = null;
    const r = tryWait(k, t, select, options, report);
    // Nothing yet from a PIDFD_NONBLOCK pidfd: EAGAIN unless the caller asked for WNOHANG.
    if (r === 0 && nonblock && !(asked & WNOHANG)) return finish(-EAGAIN);
    return finish(r);
  };
  const r = attempt();
  if (r === BLOCK) t.retry = attempt;
  return r;
};
