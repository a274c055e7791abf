// Descriptors themselves: dup, dup2, dup3, fcntl, ioctl, pipe2, pipe.
import { EBADF, EFAULT, EINVAL, ENOTTY } from '../abi/errno.js';
import { O_APPEND, O_CLOEXEC, O_NONBLOCK } from '../abi/flags.js';
import type { SyscallImpl } from '../dispatch.js';
import { installNew, nofile } from '../fs/fdtable.js';
import { writeU32 } from '../uaccess.js';
import { ctxOf } from '../fs/at.js';
import { openFlagsOut } from '../fs/open.js';
import { Pipe } from '../fs/pipe.js';
import { addSeals, getSeals, memfdFile, memfdFlagsValid, memfdName, MFD_CLOEXEC, MFD_NAME_MAX_LEN } from '../fs/memfd.js';
import { readCString } from '../abi/quote.js';
import { CAP_SYS_RESOURCE } from '../creds.js';
import { blocking } from '../fs/rw.js';
import type { ArchFlags } from '../abi/flags.js';

export const dup: SyscallImpl = (_k, t, a) => {
  const f = t.proc.files.get(a.int(0));
  return f ? t.proc.files.alloc(f, false, nofile(t)) : -EBADF;
};

export const dup3: SyscallImpl = (_k, t, a) => {
  const oldfd = a.int(0), newfd = a.int(1), flags = a.int(2);
  if (flags & ~O_CLOEXEC) return -EINVAL;
  if (oldfd === newfd) return -EINVAL;
  const f = t.proc.files.get(oldfd);
  if (!f) return -EBADF;
  return t.proc.files.install(newfd, f, (flags & O_CLOEXEC) !== 0, nofile(t));
};

export const dup2: SyscallImpl = (_k, t, a) => {
  const oldfd = a.int(0), newfd = a.int(1);
  const f = t.proc.files.get(oldfd);
  if (!f) return -EBADF;
  if (oldfd === newfd) return newfd;
  return t.proc.files.install(newfd, f, false, nofile(t));
};

const F_DUPFD = 0, F_GETFD = 1, F_SETFD = 2, F_GETFL = 3, F_SETFL = 4, F_GETLK = 5, F_SETLK = 6, F_SETLKW = 7;
const F_DUPFD_CLOEXEC = 1030, F_GETPIPE_SZ = 1032, F_SETPIPE_SZ = 1031, F_ADD_SEALS = 1033, F_GET_SEALS = 1034;
const FD_CLOEXEC = 1;

export const fcntl: SyscallImpl = (k, t, a) => {
  const files = t.proc.files;
  const fd = a.int(0);
  const f = files.get(fd);
  if (!f) return -EBADF;
  const arg = a.int(2);
  switch (a.int(1)) {
    case F_DUPFD:
    case F_DUPFD_CLOEXEC:
      if (arg < 0 || arg >= nofile(t)) return -EINVAL;
      return files.alloc(f, a.int(1) === F_DUPFD_CLOEXEC, nofile(t), arg);
    case F_GETFD: return files.fds[fd]!.cloexec ? FD_CLOEXEC : 0;
    case F_SETFD: files.fds[fd]!.cloexec = (arg & FD_CLOEXEC) !== 0; return 0;
    case F_GETFL: return openFlagsOut(k.arch, f.flags);
    case F_SETFL: {
      const changeable = O_APPEND | O_NONBLOCK;
      f.flags = (f.flags & ~changeable) | (arg & changeable);
      return 0;
    }
    case F_GETLK: case F_SETLK: case F_SETLKW:
      // Record locks are granted at once: one kernel, no other lockers to conflict with.
      return 0;
    case F_GETPIPE_SZ:
      return f.ops.pipeSize ? f.ops.pipeSize() : -EBADF;
    case F_SETPIPE_SZ:
      return f.ops.pipeSize ? f.ops.pipeSize(a.u32(2), t.proc.cred.capable(CAP_SYS_RESOURCE)) : -EBADF;
    case F_ADD_SEALS: return addSeals(k, f, a.u32(2));
    case F_GET_SEALS: return getSeals(f);
    default:
      return -EINVAL;
  }
};

/** An architecture's ioctl request numbers by value: the name a file's ioctl method is asked by. */
const ioctlNames = new WeakMap<ArchFlags, Map<number, string>>();
function ioctlName(flags: ArchFlags, req: number): string | undefined {
  let m = ioctlNames.get(flags);
  if (!m) {
    m = new Map();
    for (const n of ['TCGETS', 'TCSETS', 'TCSETSW', 'TCSETSF', 'TIOCGWINSZ', 'TIOCSWINSZ', 'TIOCGPGRP', 'TIOCSPGRP', 'FIONREAD', 'FIONBIO'] as const) m.set(flags[n], n);
    for (const [n, v] of Object.entries(flags.ttyIoctls)) m.set(v, n);
    ioctlNames.set(flags, m);
  }
  return m.get(req);
}

export const ioctl: SyscallImpl = (k, t, a) => {
  const fd = a.int(0);
  const f = t.proc.files.get(fd);
  if (!f) return -EBADF;
  const name = ioctlName(k.arch.flags, a.u32(1));
  const arg = a.ptr(2);
  // do_vfs_ioctl's requests, for every file.
  if (name === 'FIONBIO') {
    const v = t.proc.mm.engine.read(arg, 4);
    if (!v) return -EFAULT;
    f.flags = v.some((b) => b !== 0) ? f.flags | O_NONBLOCK : f.flags & ~O_NONBLOCK;
    return 0;
  }
  if (name === 'FIOCLEX' || name === 'FIONCLEX') { t.proc.files.fds[fd]!.cloexec = name === 'FIOCLEX'; return 0; }
  if (!name || !f.ops.ioctl) return -ENOTTY;
  // A terminal's request may wait (a background process stopped by SIGTTOU, to be restarted).
  return blocking(t, () => {
    const r = f.ops.ioctl!(f, name, arg, ctxOf(k, t));
    if (r === undefined) return -ENOTTY;
    if (name === 'FIONREAD' && r >= 0) return writeU32(t.proc.mm.engine, arg, r) ? 0 : -EFAULT;
    return r;
  });
};

function makePipe(t: Parameters<SyscallImpl>[1], addr: number, flags: number): number {
  if (flags & ~(O_CLOEXEC | O_NONBLOCK | 0o40000 /* O_DIRECT: packet mode, treated as a byte stream */)) return -EINVAL;
  const engine = t.proc.mm.engine;
  if (!engine.read(addr, 8)) return -EFAULT;
  const [r, w] = new Pipe().ends(flags & O_NONBLOCK);
  const files = t.proc.files;
  const cloexec = (flags & O_CLOEXEC) !== 0;
  const rfd = files.alloc(r, cloexec, nofile(t));
  if (rfd < 0) { r.get().put(); w.get().put(); return rfd; }
  const wfd = files.alloc(w, cloexec, nofile(t));
  if (wfd < 0) { files.close(rfd); w.get().put(); return wfd; }
  if (!writeU32(engine, addr, rfd) || !writeU32(engine, addr + 4, wfd)) {
    files.close(rfd);
    files.close(wfd);
    return -EFAULT;
  }
  return 0;
}

export const pipe2: SyscallImpl = (_k, t, a) => makePipe(t, a.ptr(0), a.int(1));
export const pipe: SyscallImpl = (_k, t, a) => makePipe(t, a.ptr(0), 0);

/** memfd_create(name, flags): an anonymous tmpfs file (kernel/fs/memfd.ts). */
export const memfd_create: SyscallImpl = (k, t, a) => {
  const flags = a.u32(1);
  if (!memfdFlagsValid(flags)) return -EINVAL;
  const name = memfdName(readCString(t.proc.mm.engine, a.ptr(0), MFD_NAME_MAX_LEN + 1));
  if (typeof name === 'number') return name;
  return installNew(t, memfdFile(k, name, flags), (flags & MFD_CLOEXEC) !== 0);
};
