// User and group ids, supplementary groups and capabilities: thin wrappers over kernel/creds.ts,
// which holds the rules. uid_t and gid_t are 32-bit on every architecture tricorn runs.
import { EFAULT, EINVAL, EPERM, ESRCH } from '../abi/errno.js';
import {
  CAP_FULL, CAP_SETGID, CAP_VERSION_1, CAP_VERSION_2, CAP_VERSION_3, NGROUPS_MAX, setCaps, setFsId, setId, setReId, setResId,
} from '../creds.js';
import { u32s } from '../net/cmsg.js';
import type { SyscallImpl } from '../dispatch.js';
import type { Task } from '../task.js';
import { readU32, writeU32 } from '../uaccess.js';

export const getuid: SyscallImpl = (_k, t) => t.proc.cred.uid;
export const geteuid: SyscallImpl = (_k, t) => t.proc.cred.euid;
export const getgid: SyscallImpl = (_k, t) => t.proc.cred.gid;
export const getegid: SyscallImpl = (_k, t) => t.proc.cred.egid;

export const setuid: SyscallImpl = (_k, t, a) => setId(t.proc.cred, 'u', a.u32(0));
export const setgid: SyscallImpl = (_k, t, a) => setId(t.proc.cred, 'g', a.u32(0));
export const setreuid: SyscallImpl = (_k, t, a) => setReId(t.proc.cred, 'u', a.u32(0), a.u32(1));
export const setregid: SyscallImpl = (_k, t, a) => setReId(t.proc.cred, 'g', a.u32(0), a.u32(1));
export const setresuid: SyscallImpl = (_k, t, a) => setResId(t.proc.cred, 'u', a.u32(0), a.u32(1), a.u32(2));
export const setresgid: SyscallImpl = (_k, t, a) => setResId(t.proc.cred, 'g', a.u32(0), a.u32(1), a.u32(2));
export const setfsuid: SyscallImpl = (_k, t, a) => setFsId(t.proc.cred, 'u', a.u32(0));
export const setfsgid: SyscallImpl = (_k, t, a) => setFsId(t.proc.cred, 'g', a.u32(0));

/** getresuid/getresgid: three ids, each stored (or EFAULT) in turn, as Linux's put_user calls. */
function getRes(t: Task, ids: number[], ptrs: number[]): number {
  for (let i = 0; i < 3; i++) if (!writeU32(t.proc.mm.engine, ptrs[i], ids[i])) return -EFAULT;
  return 0;
}
export const getresuid: SyscallImpl = (_k, t, a) => {
  const c = t.proc.cred;
  return getRes(t, [c.uid, c.euid, c.suid], [a.ptr(0), a.ptr(1), a.ptr(2)]);
};
export const getresgid: SyscallImpl = (_k, t, a) => {
  const c = t.proc.cred;
  return getRes(t, [c.gid, c.egid, c.sgid], [a.ptr(0), a.ptr(1), a.ptr(2)]);
};

/** getgroups(size, list): with size 0 only the count; a list too small is EINVAL. */
export const getgroups: SyscallImpl = (_k, t, a) => {
  const size = a.int(0);
  const groups = t.proc.cred.groups;
  if (size < 0) return -EINVAL;
  if (size === 0) return groups.length;
  if (size < groups.length) return -EINVAL;
  const e = t.proc.mm.engine;
  return groups.length === 0 || e.write(a.ptr(1), u32s(groups, { little: e.arch.endian === 'little' })) ? groups.length : -EFAULT;
};

/** setgroups(size, list): needs CAP_SETGID; the list is kept sorted (groups_sort), as getgroups shows. */
export const setgroups: SyscallImpl = (_k, t, a) => {
  const c = t.proc.cred;
  if (!c.capable(CAP_SETGID)) return -EPERM;
  const size = a.u32(0);
  if (size > NGROUPS_MAX) return -EINVAL;
  const groups: number[] = [];
  for (let i = 0; i < size; i++) {
    const g = readU32(t.proc.mm.engine, a.ptr(1) + 4 * i);
    if (g === null) return -EFAULT;
    groups.push(g);
  }
  c.groups = groups.sort((x, y) => x - y);
  return 0;
};

// capget/capset: a header { version, pid } and one (version 1) or two (versions 2 and 3) data
// blocks { effective, permitted, inheritable } of 32 bits each, low word first.

/** The number of data blocks the header's version has, or -errno (an unknown version is rewritten to v3). */
function capVersion(t: Task, hdr: number): number {
  const e = t.proc.mm.engine;
  const v = readU32(e, hdr);
  if (v === null) return -EFAULT;
  if (v === CAP_VERSION_1) return 1;
  if (v === CAP_VERSION_2 || v === CAP_VERSION_3) return 2;
  return writeU32(e, hdr, CAP_VERSION_3) ? -EINVAL : -EFAULT;
}

export const capget: SyscallImpl = (k, t, a) => {
  const blocks = capVersion(t, a.ptr(0));
  const data = a.ptr(1);
  // A null data pointer asks only which version the kernel speaks.
  if (data === 0 || blocks < 0) return data === 0 && blocks === -EINVAL ? 0 : blocks;
  const e = t.proc.mm.engine;
  const pid = readU32(e, a.ptr(0) + 4);
  if (pid === null) return -EFAULT;
  if ((pid | 0) < 0) return -EINVAL;
  const target = k.liveTask(t, pid | 0);
  if (!target) return -ESRCH;
  const c = target.proc.cred;
  for (let i = 0; i < blocks; i++) {
    const sh = BigInt(32 * i);
    const words = [c.capEffective, c.capPermitted, c.capInheritable].map((v) => Number((v >> sh) & 0xffffffffn));
    for (let j = 0; j < 3; j++) if (!writeU32(e, data + 12 * i + 4 * j, words[j])) return -EFAULT;
  }
  return 0;
};

export const capset: SyscallImpl = (k, t, a) => {
  const blocks = capVersion(t, a.ptr(0));
  if (blocks < 0) return blocks;
  const e = t.proc.mm.engine;
  const pid = readU32(e, a.ptr(0) + 4);
  if (pid === null) return -EFAULT;
  // Only one's own capabilities may be set.
  if (pid !== 0 && k.liveTask(t, pid | 0) !== t) return -EPERM;
  const sets = [0n, 0n, 0n];
  for (let i = 0; i < blocks; i++) {
    for (let j = 0; j < 3; j++) {
      const w = readU32(e, a.ptr(1) + 12 * i + 4 * j);
      if (w === null) return -EFAULT;
      sets[j] |= BigInt(w) << BigInt(32 * i);
    }
  }
  const [effective, permitted, inheritable] = sets.map((s) => s & CAP_FULL);
  return setCaps(t.proc.cred, effective, permitted, inheritable);
};
