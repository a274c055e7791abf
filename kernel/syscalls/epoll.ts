// epoll_create, epoll_create1, epoll_ctl, epoll_wait, epoll_pwait, epoll_pwait2 (the instance:
// kernel/fs/epoll.ts; the waiting: kernel/fs/wait.ts). Checks in fs/eventpoll.c's order.
import { EBADF, EFAULT, EINVAL, EPERM, ERESTARTNOHAND } from '../abi/errno.js';
import { O_CLOEXEC } from '../abi/flags.js';
import { structLayout } from '../abi/structs.js';
import { readTimespec } from '../clock.js';
import type { SyscallImpl } from '../dispatch.js';
import { installNew } from '../fs/fdtable.js';
import { isDir, isReg } from '../fs/inode.js';
import {
  Epoll, EPOLL_CTL_ADD, EPOLL_CTL_DEL, EPOLL_CTL_MOD, EPOLLERR, EPOLLET, EPOLLEXCLUSIVE, EPOLLHUP, EPOLLWAKEUP,
} from '../fs/epoll.js';
import { nextEventOf, waitFor, withSigmask } from '../fs/wait.js';
import type { Kernel } from '../kernel.js';
import type { Task } from '../task.js';

/** EPOLLEXCLUSIVE_OK_BITS: what may go with EPOLLEXCLUSIVE. */
const EXCLUSIVE_OK = 0x1 | 0x4 | EPOLLERR | EPOLLHUP | EPOLLWAKEUP | EPOLLET | EPOLLEXCLUSIVE;

/** EP_MAX_EVENTS: INT_MAX / sizeof(struct epoll_event). */
const maxEvents = (k: Kernel) => Math.floor(0x7fffffff / structLayout('epoll_event', k.arch).size);

function create(t: Task, flags: number): number {
  if (flags & ~O_CLOEXEC) return -EINVAL;
  return installNew(t, new Epoll().file(0), (flags & O_CLOEXEC) !== 0);
}

export const epoll_create1: SyscallImpl = (_k, t, a) => create(t, a.int(0));
export const epoll_create: SyscallImpl = (_k, t, a) => (a.int(0) <= 0 ? -EINVAL : create(t, 0));

export const epoll_ctl: SyscallImpl = (k, t, a) => {
  const op = a.int(1), fd = a.int(2);
  let events = 0, data = 0n;
  if (op !== EPOLL_CTL_DEL) {
    const L = structLayout('epoll_event', k.arch);
    const b = t.proc.mm.engine.read(a.ptr(3), L.size);
    if (!b) return -EFAULT;
    events = L.get(b, 'events');
    data = BigInt(L.getBig(b, 'data'));
  }
  const ep = t.proc.files.get(a.int(0));
  const target = t.proc.files.get(fd);
  if (!ep || !target) return -EBADF;
  // A file that cannot wait (file_can_poll: regular files, directories, /dev/null) is refused.
  const mode = target.inode.mode();
  if (isReg(mode) || isDir(mode) || !target.ops.poll) return -EPERM;
  if (ep === target || !ep.ops.epoll) return -EINVAL;
  // EPOLLEXCLUSIVE is for ADD only, with in/out, ERR/HUP, ET and WAKEUP, and not of an epoll file.
  if (op !== EPOLL_CTL_DEL && (events & EPOLLEXCLUSIVE)) {
    if (op === EPOLL_CTL_MOD) return -EINVAL;
    if (op === EPOLL_CTL_ADD && (target.ops.epoll || (events & ~EXCLUSIVE_OK) >>> 0)) return -EINVAL;
  }
  return ep.ops.epoll.ctl(op, fd, target, events, data);
};

/** epoll_wait and its relatives: up to `max` events at `addr`, waiting up to `timeoutNs` (-1: forever). */
function wait(k: Kernel, t: Task, epfd: number, addr: number, max: number, timeoutNs: number): number {
  if (max <= 0 || max > maxEvents(k)) return -EINVAL;
  const L = structLayout('epoll_event', k.arch);
  // access_ok only: a NULL buffer fails when there is something to store.
  if (addr < 0) return -EFAULT;
  const f = t.proc.files.get(epfd);
  if (!f) return -EBADF;
  const ep = f.ops.epoll;
  if (!ep) return -EINVAL;
  const attempt = () => {
    const got = ep.take(max);
    if (!got.length) return 0;
    const out = new Uint8Array(got.length * L.size);
    got.forEach((e, i) => {
      L.set(out, 'events', e.events >>> 0, i * L.size);
      L.set(out, 'data', e.data, i * L.size);
    });
    return t.proc.mm.engine.write(addr, out) ? got.length : -EFAULT;
  };
  // A signal ends the wait with EINTR whatever SA_RESTART says (signal(7)).
  return waitFor(k, t, timeoutNs, attempt, () => 0, ERESTARTNOHAND, () => nextEventOf(ep.files()));
}

const msTimeout = (ms: number) => (ms < 0 ? -1 : ms * 1e6);

export const epoll_wait: SyscallImpl = (k, t, a) => wait(k, t, a.int(0), a.ptr(1), a.int(2), msTimeout(a.int(3)));

export const epoll_pwait: SyscallImpl = (k, t, a) =>
  withSigmask(k, t, a.ptr(4), a.u64(5), () => wait(k, t, a.int(0), a.ptr(1), a.int(2), msTimeout(a.int(3))));

export const epoll_pwait2: SyscallImpl = (k, t, a) => {
  let timeout = -1;
  if (a.ptr(3)) {
    timeout = readTimespec(t.proc.mm.engine, a.ptr(3));
    if (timeout < 0) return timeout;
  }
  return withSigmask(k, t, a.ptr(4), a.u64(5), () => wait(k, t, a.int(0), a.ptr(1), a.int(2), timeout));
};
