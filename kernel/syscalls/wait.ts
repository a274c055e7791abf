// wait4 and waitid: reap a zombie child, answering with its pid in the caller's namespace.
import { ECHILD, EFAULT, EINVAL } from '../abi/errno.js';
import type { SyscallImpl } from '../dispatch.js';
import type { Kernel } from '../kernel.js';
import { SIGCHLD } from '../signals.js';
import { BLOCK, type Process, type Task } from '../task.js';
import { writeU32 } from '../uaccess.js';
import { accountReaped, childUsage, rusageBytes } from '../rusage.js';
import { WCONTINUED, WEXITED, WNOHANG, WNOWAIT, WUNTRACED, __WALL, __WCLONE, __WNOTHREAD } from '../abi/flags.js';


/**
 * Children of `proc` that `pid` selects (wait4's rule: > 0 one pid in the caller's namespace,
 * -1 or any other value: all — tricorn has no process groups). A "clone child" (exit signal
 * other than SIGCHLD) is seen only with __WCLONE, a normal one only without, both with __WALL.
 */
function candidates(k: Kernel, t: Task, pid: number, options: number): Process[] {
  const ns = k.nsOf(t);
  return t.proc.children.filter((c) => {
    if (pid > 0 && c.pid.nrIn(ns) !== pid) return false;
    if (options & __WALL) return true;
    return (c.exitSignal !== SIGCHLD) === ((options & __WCLONE) !== 0);
  });
}

/** One attempt at a wait: the reaped child's pid, 0 for WNOHANG, BLOCK, or -errno. */
function tryWait(k: Kernel, t: Task, pid: number, options: number,
  report: (child: Process, status: number) => number): number {
  const list = candidates(k, t, pid, options);
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
  const attempt = () => tryWait(k, t, pid, options | WEXITED, report);
  const r = attempt();
  if (r === BLOCK) t.retry = attempt;
  return r;
};

const P_ALL = 0;
const P_PID = 1;
const P_PGID = 2;
/** siginfo_t is 128 bytes everywhere; for a child: si_signo, si_errno, si_code, si_pid, si_uid, si_status. */
const SIGINFO_SIZE = 128;
const CLD_EXITED = 1;
const CLD_KILLED = 2;

export const waitid: SyscallImpl = (k, t, a) => {
  const idtype = a.int(0);
  const id = a.int(1);
  const infoAddr = a.ptr(2);
  const options = a.u32(3);
  if (options & ~(WNOHANG | WEXITED | WNOWAIT | WUNTRACED | WCONTINUED | __WNOTHREAD | __WCLONE | __WALL)) return -EINVAL;
  if (!(options & (WEXITED | WUNTRACED | WCONTINUED))) return -EINVAL;
  if (idtype !== P_ALL && idtype !== P_PID && idtype !== P_PGID) return -EINVAL;
  const pid = idtype === P_PID ? id : -1;
  const engine = t.proc.mm.engine;
  const le = k.arch.endian === 'little';
  const report = (child: Process, _status: number): number => {
    if (!infoAddr) return 0;
    const info = new Uint8Array(SIGINFO_SIZE);
    const dv = new DataView(info.buffer);
    const sig = child.waitStatus & 0x7f;
    dv.setInt32(0, SIGCHLD, le);
    dv.setInt32(8, sig ? CLD_KILLED : CLD_EXITED, le);
    dv.setInt32(16, child.pid.nrIn(k.nsOf(t)), le);
    dv.setInt32(20, child.cred.uid, le);
    dv.setInt32(24, sig ? sig : (child.waitStatus >> 8) & 0xff, le);
    return engine.write(infoAddr, info) ? 0 : -EFAULT;
  };
  const attempt = () => {
    const r = tryWait(k, t, pid, options, report);
    // waitid returns 0, not the pid; with WNOHANG and nothing to report, si_pid reads 0.
    if (r === 0 && infoAddr && !engine.write(infoAddr, new Uint8Array(SIGINFO_SIZE))) return -EFAULT;
    return r > 0 ? 0 : r;
  };
  const r = attempt();
  if (r === BLOCK) t.retry = attempt;
  return r;
};
