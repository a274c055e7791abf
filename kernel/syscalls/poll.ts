// Waiting for descriptors: poll, ppoll, select, pselect6 (the waiting itself: fs/wait.ts). Readiness comes from each open
// file's poll(); a file that never blocks (regular files, the host's stdio) is always ready.
// With nothing ready the caller sleeps and is retried, until the timeout on the virtual clock.
// A signal handler ends the wait with EINTR whatever SA_RESTART says (signal(7): poll and
// select are never restarted); ppoll and pselect6 wait with the mask they are given, as
// sigsuspend does, and put the old one back when they return (after the handler, if one ran).
import { EBADF, EFAULT, EINVAL, ERESTARTNOHAND, ERESTART_RESTARTBLOCK } from '../abi/errno.js';
import { structLayout } from '../abi/structs.js';
import type { SyscallImpl } from '../dispatch.js';
import { nofile } from '../fs/fdtable.js';
import type { Kernel } from '../kernel.js';
import type { Task } from '../task.js';
import { readU64 } from '../uaccess.js';
import { readTimespec, NS } from '../clock.js';
import { POLLERR, POLLHUP, POLLIN, POLLNVAL, POLLOUT, POLLPRI } from '../fs/file.js';
import { nextEventOf, readiness, waitFor, withSigmask } from '../fs/wait.js';

function doPoll(k: Kernel, t: Task, addr: number, nfds: number, timeoutNs: number, restart: number): number {
  if (nfds < 0 || nfds > nofile(t)) return -EINVAL;
  const L = structLayout('pollfd', k.arch);
  const engine = t.proc.mm.engine;
  const raw = nfds ? engine.read(addr, nfds * L.size) : new Uint8Array(0);
  if (!raw) return -EFAULT;
  const entries = Array.from({ length: nfds }, (_, i) => ({ fd: L.get(raw, 'fd', i * L.size), events: L.get(raw, 'events', i * L.size) & 0xffff }));
  const scan = (write: boolean): number => {
    let n = 0;
    const out = raw.slice();
    entries.forEach((e, i) => {
      let rev = 0;
      if (e.fd >= 0) {
        const f = t.proc.files.get(e.fd);
        rev = f ? readiness(f) & (e.events | POLLERR | POLLHUP) : POLLNVAL;
      }
      if (rev) n++;
      L.set(out, 'revents', rev, i * L.size);
    });
    if ((n || write) && nfds && !engine.write(addr, out)) return -EFAULT;
    return n;
  };
  return waitFor(k, t, timeoutNs, () => scan(false), () => scan(true), restart,
    () => nextEventOf(entries.map((e) => t.proc.files.get(e.fd))));
}

export const poll: SyscallImpl = (k, t, a) => {
  const ms = a.int(2);
  return doPoll(k, t, a.ptr(0), a.int(1), ms < 0 ? -1 : ms * 1e6, ERESTART_RESTARTBLOCK);
};

export const ppoll: SyscallImpl = (k, t, a) => {
  let timeout = -1;
  if (a.ptr(2)) {
    timeout = readTimespec(t.proc.mm.engine, a.ptr(2));
    if (timeout < 0) return timeout;
  }
  return withSigmask(k, t, a.ptr(3), a.u64(4), () => doPoll(k, t, a.ptr(0), a.int(1), timeout, ERESTARTNOHAND));
};

/** fd_set bits: unsigned longs in the guest's byte order, bit fd % 64 of word fd / 64. */
function bitIndex(k: Kernel, fd: number): [number, number] {
  const word = Math.floor(fd / 64), bit = fd % 64;
  const byte = k.arch.endian === 'little' ? word * 8 + (bit >> 3) : word * 8 + 7 - (bit >> 3);
  return [byte, 1 << (bit & 7)];
}

function doSelect(k: Kernel, t: Task, nfds: number, addrs: [number, number, number], timeoutNs: number): number {
  if (nfds < 0 || nfds > 1024) return -EINVAL;
  const engine = t.proc.mm.engine;
  const bytes = Math.ceil(nfds / 64) * 8;
  const sets = addrs.map((p) => (p && bytes ? engine.read(p, bytes) : null));
  for (let i = 0; i < 3; i++) if (addrs[i] && bytes && !sets[i]) return -EFAULT;
  const want = [POLLIN | POLLHUP | POLLERR, POLLOUT | POLLERR, POLLPRI];
  for (let fd = 0; fd < nfds; fd++) {
    const [byte, mask] = bitIndex(k, fd);
    if (sets.some((s) => s && s[byte] & mask) && !t.proc.files.get(fd)) return -EBADF;
  }
  const scan = (write: boolean): number => {
    let n = 0;
    const outs = sets.map((s) => (s ? new Uint8Array(s.length) : null));
    for (let fd = 0; fd < nfds; fd++) {
      const [byte, mask] = bitIndex(k, fd);
      if (!sets.some((s) => s && s[byte] & mask)) continue;
      const ready = readiness(t.proc.files.get(fd)!);
      for (let i = 0; i < 3; i++) {
        if (sets[i] && sets[i]![byte] & mask && ready & want[i]) { outs[i]![byte] |= mask; n++; }
      }
    }
    if (n || write) for (let i = 0; i < 3; i++) if (outs[i] && !engine.write(addrs[i], outs[i]!)) return -EFAULT;
    return n;
  };
  const watched = () => {
    const fs = [];
    for (let fd = 0; fd < nfds; fd++) {
      const [byte, mask] = bitIndex(k, fd);
      if (sets.some((s) => s && s[byte] & mask)) fs.push(t.proc.files.get(fd));
    }
    return fs;
  };
  return waitFor(k, t, timeoutNs, () => scan(false), () => scan(true), ERESTARTNOHAND, () => nextEventOf(watched()));
}

export const select: SyscallImpl = (k, t, a) => {
  let timeout = -1;
  if (a.ptr(4)) {
    const L = structLayout('timeval', k.arch);
    const b = t.proc.mm.engine.read(a.ptr(4), L.size);
    if (!b) return -EFAULT;
    const sec = L.get(b, 'tv_sec'), usec = L.get(b, 'tv_usec');
    if (sec < 0 || usec < 0) return -EINVAL;
    timeout = sec * NS + usec * 1000;
  }
  return doSelect(k, t, a.int(0), [a.ptr(1), a.ptr(2), a.ptr(3)], timeout);
};

export const pselect6: SyscallImpl = (k, t, a) => {
  let timeout = -1;
  if (a.ptr(4)) {
    timeout = readTimespec(t.proc.mm.engine, a.ptr(4));
    if (timeout < 0) return timeout;
  }
  // The sixth argument points at { const sigset_t *ss; size_t ss_len; }.
  let mask = 0, size = 0;
  if (a.ptr(5)) {
    const ss = readU64(t.proc.mm.engine, a.ptr(5)), len = readU64(t.proc.mm.engine, a.ptr(5) + 8);
    if (ss === null || len === null) return -EFAULT;
    [mask, size] = [ss, len];
  }
  return withSigmask(k, t, mask, size, () => doSelect(k, t, a.int(0), [a.ptr(1), a.ptr(2), a.ptr(3)], timeout));
};
