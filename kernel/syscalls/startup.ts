// What a static glibc asks at start-up and tricorn answers simply: robust futex lists (recorded),
// rseq (ENOSYS: glibc copes), getrandom (seeded), /proc/self/exe, fstat of the standard
// streams and ioctl(TCGETS) as the host's fds really are, getcwd. Resource limits: rlimit.ts.
import { EBADF, EFAULT, EINVAL, ENOENT, ENOSYS, ENOTTY, ERANGE } from '../abi/errno.js';
import type { SyscallImpl } from '../dispatch.js';
import { readCString, writable } from '../uaccess.js';
import { structLayout } from '../abi/structs.js';

export const set_robust_list: SyscallImpl = (_k, t, a) => {
  if (a.u64(1) !== 24) return -EINVAL; // sizeof(struct robust_list_head) on LP64
  t.robustList = Math.max(a.ptr(0), 0);
  return 0;
};

export const rseq: SyscallImpl = () => -ENOSYS;

export const getrandom: SyscallImpl = (k, t, a) => {
  const len = Math.min(a.u64(1), 33554431);
  if (a.u32(2) & ~0x7) return -EINVAL; // GRND_NONBLOCK | GRND_RANDOM | GRND_INSECURE
  // Check the destination before drawing bytes: a refused call leaves the seeded stream where
  // it was, so the next call's bytes do not depend on the failed one.
  if (!writable(t.proc.mm.engine, a.ptr(0), len)) return -EFAULT;
  const bytes = k.random.fill(new Uint8Array(len));
  return len === 0 || t.proc.mm.engine.write(a.ptr(0), bytes) ? len : -EFAULT;
};

const AT_FDCWD = -100;

/** readlink(at) of /proc/self/exe names the guest's program; nothing else is a link here. */
function readlinkCommon(t: Parameters<SyscallImpl>[1], pathAddr: number, buf: number, size: number): number {
  const engine = t.proc.mm.engine;
  const path = readCString(engine, pathAddr);
  if (!path) return -EFAULT;
  if ((size | 0) <= 0) return -EINVAL;
  const text = new TextDecoder().decode(path);
  if (text !== '/proc/self/exe') return -ENOENT;
  const target = new TextEncoder().encode(t.proc.exe);
  const n = Math.min(target.length, size);
  return engine.write(buf, target.subarray(0, n)) ? n : -EFAULT;
}

export const readlinkat: SyscallImpl = (_k, t, a) => {
  if (a.int(0) !== AT_FDCWD) return -EBADF;
  return readlinkCommon(t, a.ptr(1), a.ptr(2), a.int(3));
};
export const readlink: SyscallImpl = (_k, t, a) => readlinkCommon(t, a.ptr(0), a.ptr(1), a.int(2));

const AT_EMPTY_PATH = 0x1000;

/**
 * fstat of fds 0-2: what the host's fd really is (a regular file, a pipe, a character device,
 * a terminal only when it is one), because a C library decides buffering by it: glibc
 * line-buffers a character device that is a terminal and fully buffers a file or a pipe.
 */
function statStd(k: Parameters<SyscallImpl>[0], t: Parameters<SyscallImpl>[1], fd: number, addr: number): number {
  if (fd < 0 || fd > 2) return -EBADF;
  const info = k.host.fdInfo(fd);
  if (typeof info === 'number') return info;
  const layout = structLayout('stat', k.arch);
  const bytes = layout.encode({
    st_ino: fd + 1, st_mode: info.mode, st_nlink: 1, st_uid: t.proc.uid, st_gid: t.proc.gid,
    st_rdev: info.rdev, st_size: info.size, st_blksize: info.blksize, st_blocks: Math.ceil(info.size / 512),
  });
  return t.proc.mm.engine.write(addr, bytes) ? 0 : -EFAULT;
}

export const fstat: SyscallImpl = (k, t, a) => statStd(k, t, a.int(0), a.ptr(1));

export const newfstatat: SyscallImpl = (k, t, a) => {
  const path = readCString(t.proc.mm.engine, a.ptr(1));
  if (!path) return -EFAULT;
  if (path.length === 0 && (a.int(3) & AT_EMPTY_PATH)) return statStd(k, t, a.int(0), a.ptr(2));
  return -ENOENT;
};

/**
 * ioctl on fds 0-2. A host terminal answers TCGETS with Linux's default settings (the arch's
 * termios bytes), so isatty() agrees with fstat; anything else is not a terminal (ENOTTY), and
 * no other request is modelled.
 */
export const ioctl: SyscallImpl = (k, t, a) => {
  const fd = a.int(0);
  if (fd < 0 || fd > 2) return -EBADF;
  const info = k.host.fdInfo(fd);
  if (typeof info === 'number') return info;
  if (!info.terminal || a.u32(1) !== k.arch.terminal.tcgets) return -ENOTTY;
  return t.proc.mm.engine.write(a.ptr(2), hexBytes(k.arch.terminal.stdTermios)) ? 0 : -EFAULT;
};

function hexBytes(hex: string): Uint8Array {
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return out;
}

export const getcwd: SyscallImpl = (_k, t, a) => {
  const cwd = new TextEncoder().encode('/\0');
  if (a.u64(1) < cwd.length) return -ERANGE;
  return t.proc.mm.engine.write(a.ptr(0), cwd) ? cwd.length : -EFAULT;
};

/** No file system: every path is absent, every other fd closed. */
export const openat: SyscallImpl = () => -ENOENT;
export const close: SyscallImpl = (_k, _t, a) => (a.int(0) >= 0 && a.int(0) <= 2 ? 0 : -EBADF);
