// Extended attributes. No file system tricorn has keeps any: a name is looked for and not
// found (ENODATA), a list is empty, setting one is EOPNOTSUPP. What comes first is Linux's:
// the path or descriptor (ENOENT, EBADF...), then the name (empty or longer than 255 bytes:
// ERANGE), then the flags of a set (EINVAL).
import { EBADF, EFAULT, EINVAL, ENODATA, EOPNOTSUPP, ERANGE } from '../abi/errno.js';
import { readCString } from '../abi/quote.js';
import { AT_FDCWD } from '../abi/flags.js';
import type { SyscallImpl } from '../dispatch.js';
import { inodeAt, readPath } from '../fs/at.js';
import type { Kernel } from '../kernel.js';
import type { Task } from '../task.js';

const XATTR_NAME_MAX = 255;
const XATTR_CREATE = 1, XATTR_REPLACE = 2;

/** The file a path (followed or not) or a descriptor names: 0, or -errno. */
function file(k: Kernel, t: Task, how: 'path' | 'lpath' | 'fd', arg: number): number {
  if (how === 'fd') return t.proc.files.get(arg) ? 0 : -EBADF;
  const path = readPath(t, arg);
  if (typeof path === 'number') return path;
  const i = inodeAt(k, t, AT_FDCWD, path, how === 'path');
  return typeof i === 'number' ? i : 0;
}

/** setxattr_copy / getxattr's name check. */
function name(t: Task, addr: number): number {
  const s = readCString(t.proc.mm.engine, addr, XATTR_NAME_MAX + 1);
  if (!s) return -EFAULT;
  return !s.terminated || s.bytes.length === 0 ? -ERANGE : 0;
}

function get(how: 'path' | 'lpath' | 'fd'): SyscallImpl {
  return (k, t, a) => file(k, t, how, how === 'fd' ? a.int(0) : a.ptr(0)) || name(t, a.ptr(1)) || -ENODATA;
}
function list(how: 'path' | 'lpath' | 'fd'): SyscallImpl {
  return (k, t, a) => file(k, t, how, how === 'fd' ? a.int(0) : a.ptr(0)) || 0;
}
function set(how: 'path' | 'lpath' | 'fd'): SyscallImpl {
  return (k, t, a) => {
    if (a.int(4) & ~(XATTR_CREATE | XATTR_REPLACE)) return -EINVAL;
    return file(k, t, how, how === 'fd' ? a.int(0) : a.ptr(0)) || name(t, a.ptr(1)) || -EOPNOTSUPP;
  };
}
/** Removing one: the checks of a get, and there is none to remove (ENODATA). */
const remove = get;

export const getxattr = get('path');
export const lgetxattr = get('lpath');
export const fgetxattr = get('fd');
export const listxattr = list('path');
export const llistxattr = list('lpath');
export const flistxattr = list('fd');
export const setxattr = set('path');
export const lsetxattr = set('lpath');
export const fsetxattr = set('fd');
export const removexattr = remove('path');
export const lremovexattr = remove('lpath');
export const fremovexattr = remove('fd');
