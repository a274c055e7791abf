// execve and execveat: read argv and envp, resolve the program, then replace the image.
import { E2BIG, EFAULT, EINVAL, ELOOP, ENOEXEC } from '../abi/errno.js';
import { ElfError } from '../exec/elf.js';
import { AT_EMPTY_PATH, AT_FDCWD, AT_SYMLINK_NOFOLLOW } from '../abi/flags.js';
import type { SyscallImpl } from '../dispatch.js';
import type { Kernel } from '../kernel.js';
import type { Task } from '../task.js';
import { readCString } from '../abi/quote.js';
import { readU64 } from '../uaccess.js';
import { lookupAt, readPath } from '../fs/at.js';
import { isLink } from '../fs/inode.js';
import { planExec } from '../exec/execve.js';

/** Linux's MAX_ARG_STRLEN and the total it allows for argv + envp (a quarter of an 8 MiB stack). */
const MAX_ARG_STRLEN = 131072;
const ARG_MAX = 2 * 1024 * 1024;

/** A NULL-terminated array of string pointers, or -errno. */
function readStrings(t: Task, addr: number, budget: { left: number }): string[] | number {
  const out: string[] = [];
  if (addr === 0) return out;
  const engine = t.proc.mm.engine;
  for (let i = 0; ; i++) {
    const p = readU64(engine, addr + 8 * i);
    if (p === null) return -EFAULT;
    if (p === 0) return out;
    const s = readCString(engine, p, MAX_ARG_STRLEN);
    if (!s) return -EFAULT;
    if (!s.terminated) return -E2BIG;
    budget.left -= s.bytes.length + 1 + 8;
    if (budget.left < 0) return -E2BIG;
    out.push(new TextDecoder().decode(s.bytes));
  }
}

function doExec(k: Kernel, t: Task, dirfd: number, pathAddr: number, argvAddr: number, envpAddr: number, flags: number): number {
  if (flags & ~(AT_EMPTY_PATH | AT_SYMLINK_NOFOLLOW)) return -EINVAL;
  const path = readPath(t, pathAddr);
  if (typeof path === 'number') return path;
  const budget = { left: ARG_MAX };
  const argv = readStrings(t, argvAddr, budget);
  if (typeof argv === 'number') return argv;
  const envp = readStrings(t, envpAddr, budget);
  if (typeof envp === 'number') return envp;
  const d = lookupAt(k, t, dirfd, path, !(flags & AT_SYMLINK_NOFOLLOW), flags);
  if (typeof d === 'number') return d;
  if (isLink(d.inode.mode())) return -ELOOP;
  // execveat(fd, "", AT_EMPTY_PATH) runs the open file; Linux names it /dev/fd/N.
  const name = path === '' ? `/dev/fd/${dirfd}` : path;
  const plan = planExec(k, t, { dentry: d, path: name, argv, envp }, (p) => lookupAt(k, t, AT_FDCWD, p, true));
  if (typeof plan === 'number') return plan;
  const random = k.random.fill(new Uint8Array(16));
  try {
    k.execImage(t, (engine) => plan.load(engine, random), plan.exe, plan.argv, plan.comm);
  } catch (e) {
    if (e instanceof ElfError) return -ENOEXEC; // nothing was changed: the loader runs first
    throw e;
  }
  return 0;
}

export const execve: SyscallImpl = (k, t, a) => doExec(k, t, AT_FDCWD, a.ptr(0), a.ptr(1), a.ptr(2), 0);
export const execveat: SyscallImpl = (k, t, a) => doExec(k, t, a.int(0), a.ptr(1), a.ptr(2), a.ptr(3), a.int(4));
