// openat/open/creat, close, close_range.
import { EINVAL } from '../abi/errno.js';
import { AT_FDCWD, O_CLOEXEC, O_CREAT, O_TRUNC, O_WRONLY } from '../abi/flags.js';
import type { SyscallImpl } from '../dispatch.js';
import { nofile } from '../fs/fdtable.js';
import type { Kernel } from '../kernel.js';
import type { Task } from '../task.js';
import { readPath } from '../fs/at.js';
import { O_LARGEFILE, openFlagsIn, openPath } from '../fs/open.js';
import { blocking } from '../fs/rw.js';
import { BLOCK } from '../task.js';

function doOpen(k: Kernel, t: Task, dirfd: number, pathAddr: number, rawFlags: number, mode: number): number {
  const path = readPath(t, pathAddr);
  if (typeof path === 'number') return path;
  // build_open_flags' force_o_largefile(): every open on a 64-bit kernel is O_LARGEFILE
  // (F_GETFL shows it: `= 0x8000 (flags O_RDONLY|O_LARGEFILE)` on x86_64).
  const flags = openFlagsIn(k.arch, rawFlags) | O_LARGEFILE;
  const f = openPath(k, t, dirfd, path, flags, mode);
  if (typeof f === 'number') return f;
  const install = () => {
    const fd = t.proc.files.alloc(f, (flags & O_CLOEXEC) !== 0, nofile(t));
    if (fd < 0 && f.refs === 0) f.ops.release?.(f);
    return fd;
  };
  // A FIFO's end waits for the other side (fifo_open's wait_for_partner; a signal ends the wait
  // and the opening with it).
  const partner = f.ops.partner;
  if (!partner || f.nonblock || partner()) return install();
  t.onInterrupt = () => f.ops.release?.(f);
  return blocking(t, () => (partner() ? install() : BLOCK));
}

export const openat: SyscallImpl = (k, t, a) => doOpen(k, t, a.int(0), a.ptr(1), a.int(2), a.u32(3));
export const open: SyscallImpl = (k, t, a) => doOpen(k, t, AT_FDCWD, a.ptr(0), a.int(1), a.u32(2));
export const creat: SyscallImpl = (k, t, a) => doOpen(k, t, AT_FDCWD, a.ptr(0), O_CREAT | O_WRONLY | O_TRUNC, a.u32(1));

export const close: SyscallImpl = (_k, t, a) => t.proc.files.close(a.int(0));

const CLOSE_RANGE_UNSHARE = 2, CLOSE_RANGE_CLOEXEC = 4;
export const close_range: SyscallImpl = (_k, t, a) => {
  const first = a.u32(0), last = a.u32(1), flags = a.u32(2);
  if (flags & ~(CLOSE_RANGE_UNSHARE | CLOSE_RANGE_CLOEXEC) || first > last) return -EINVAL;
  const files = t.proc.files;
  const end = Math.min(last, files.fds.length - 1);
  for (let fd = first; fd <= end; fd++) {
    const e = files.fds[fd];
    if (!e) continue;
    if (flags & CLOSE_RANGE_CLOEXEC) e.cloexec = true;
    else files.close(fd);
  }
  return 0;
};

