// Waiting on descriptors, shared by poll/ppoll/select/pselect6 and epoll_wait/epoll_pwait(2):
// readiness from each open file's poll(), a sleep retried by the scheduler until something is
// ready or the timeout passes on the virtual clock, and the temporary signal mask ppoll,
// pselect6 and epoll_pwait wait with. A file whose readiness changes at a known time (a
// timerfd) says when (`nextEvent`), so an idle machine's clock jumps there rather than to the
// timeout.
import { EFAULT, EINTR, EINVAL } from '../abi/errno.js';
import { readScalarBig } from '../abi/struct.js';
import type { Kernel } from '../kernel.js';
import { hasDeliverable } from '../signal-deliver.js';
import { UNBLOCKABLE } from '../signal-state.js';
import { BLOCK, type Task } from '../task.js';
import { POLLIN, POLLOUT, type OpenFile } from './file.js';

/** A file's ready events; one that cannot block (a regular file, the host's stdio) is always ready. */
export function readiness(f: OpenFile): number {
  return f.ops.poll ? f.ops.poll(f) : POLLIN | POLLOUT;
}

/** The earliest virtual time at which one of `files` changes by itself (Infinity: none will). */
export function nextEventOf(files: Iterable<OpenFile | undefined>): number {
  let at = Infinity;
  for (const f of files) {
    const n = f?.ops.nextEvent?.();
    if (n !== undefined && n < at) at = n;
  }
  return at;
}

/**
 * Sleep until `attempt` reports something (non-zero) or `timeoutNs` passes (-1: forever, 0: no
 * wait), waking at `nextEvent()` too when the watched files will change then.
 */
export function waitFor(k: Kernel, t: Task, timeoutNs: number, attempt: () => number, onTimeout: () => number,
  restart: number, nextEvent: () => number = () => Infinity): number {
  const first = attempt();
  if (first !== 0 || timeoutNs === 0) return first === 0 ? onTimeout() : first;
  // A signal already deliverable (ppoll's mask may have let it through) ends the wait at once.
  if (hasDeliverable(t)) return -EINTR;
  t.restartCode = restart;
  const deadline = timeoutNs < 0 ? Infinity : k.clockNs + timeoutNs;
  t.wakeAt = Math.min(deadline, nextEvent());
  // With no handler, the wait resumes with the time that was left (do_restart_poll).
  t.restartBlock = () => waitFor(k, t, deadline === Infinity ? -1 : Math.max(0, deadline - k.clockNs), attempt, onTimeout, restart, nextEvent);
  t.retry = () => {
    const r = attempt();
    if (r !== 0) { t.wakeAt = Infinity; return r; }
    if (k.clockNs >= deadline) { t.wakeAt = Infinity; return onTimeout(); }
    t.wakeAt = Math.min(deadline, nextEvent());
    return BLOCK;
  };
  return BLOCK;
}

/**
 * Run a wait with the temporary signal mask at `maskAddr` (none when 0): the old mask comes
 * back when the call returns, or — if a signal ends it — after that signal's handler.
 */
export function withSigmask(k: Kernel, t: Task, maskAddr: number, maskSize: number, call: () => number): number {
  if (!maskAddr) return call();
  if (maskSize !== 8) return -EINVAL;
  const b = t.proc.mm.engine.read(maskAddr, 8);
  if (!b) return -EFAULT;
  const saved = t.sigmask;
  t.sigmask = readScalarBig(b, 0, 8, false, k.arch.endian === 'little') & ~UNBLOCKABLE;
  const settle = (r: number): number => {
    if (r === -EINTR || r === BLOCK) t.savedMask = saved;
    else { t.sigmask = saved; t.savedMask = null; }
    return r;
  };
  const r = settle(call());
  if (r === BLOCK && t.retry) {
    const retry = t.retry;
    t.retry = () => settle(retry());
  }
  return r;
}

