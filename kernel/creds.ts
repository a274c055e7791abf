// A process's credentials, as Linux's struct cred keeps them: real, effective, saved and
// file-system user and group ids, the supplementary groups, and the capability sets. Privilege
// is a capability in the effective set (capable()), never "uid 0" itself: that is how a root
// process that moved its effective uid elsewhere loses its power and gets it back
// (kernel/sys.c's set*id rules and security/commoncap.c's cap_emulate_setxuid, below).
//
// tricorn keeps one set per process (Linux: per thread). glibc applies every set*id call to all
// of a process's threads (its SIGSETXID broadcast), so a glibc program sees no difference; a raw
// syscall in one thread of several changes them all here.
import { EINVAL, EPERM } from './abi/errno.js';

/** The highest capability number this kernel knows (Linux 5.9+: CAP_CHECKPOINT_RESTORE). */
export const CAP_LAST_CAP = 40;
/** Every capability: a root process's permitted and effective sets, and the bounding set. */
export const CAP_FULL = (1n << BigInt(CAP_LAST_CAP + 1)) - 1n;

export const CAP_CHOWN = 0;
export const CAP_DAC_OVERRIDE = 1;
export const CAP_DAC_READ_SEARCH = 2;
export const CAP_FOWNER = 3;
export const CAP_FSETID = 4;
export const CAP_KILL = 5;
export const CAP_SETGID = 6;
export const CAP_SETUID = 7;
export const CAP_SETPCAP = 8;
export const CAP_LINUX_IMMUTABLE = 9;
export const CAP_IPC_LOCK = 14;
export const CAP_IPC_OWNER = 15;
export const CAP_SYS_CHROOT = 18;
export const CAP_SYS_PTRACE = 19;
export const CAP_SYS_ADMIN = 21;
export const CAP_SYS_NICE = 23;
export const CAP_SYS_RESOURCE = 24;
export const CAP_MKNOD = 27;
export const CAP_MAC_OVERRIDE = 32;
export const CAP_CHECKPOINT_RESTORE = 40;

/** What fsuid 0 means (include/linux/capability.h's CAP_FS_SET): dropped and raised with it. */
const CAP_FS_SET = [CAP_CHOWN, CAP_MKNOD, CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH, CAP_FOWNER, CAP_FSETID,
  CAP_MAC_OVERRIDE, CAP_LINUX_IMMUTABLE].reduce((m, c) => m | (1n << BigInt(c)), 0n);

/** capget/capset's header versions: version 1 has one 32-bit data block, 2 and 3 have two. */
export const CAP_VERSION_1 = 0x19980330, CAP_VERSION_2 = 0x20071026, CAP_VERSION_3 = 0x20080522;

/** The most supplementary groups setgroups takes (NGROUPS_MAX). */
export const NGROUPS_MAX = 65536;
/** uid_t -1: "leave this id as it is" in setre*id and setres*id, and never a valid id. */
const KEEP = 0xffffffff;

export class Creds {
  uid: number; euid: number; suid: number; fsuid: number;
  gid: number; egid: number; sgid: number; fsgid: number;
  groups: number[] = [];
  capInheritable = 0n;
  capPermitted: bigint;
  capEffective: bigint;
  capBounding = CAP_FULL;

  /** A first process's credentials: every id `uid` / `gid`; root holds every capability. */
  constructor(uid: number, gid: number) {
    this.uid = this.euid = this.suid = this.fsuid = uid;
    this.gid = this.egid = this.sgid = this.fsgid = gid;
    this.capPermitted = this.capEffective = uid === 0 ? CAP_FULL : 0n;
  }

  copy(): Creds {
    const c = Object.create(Creds.prototype) as Creds;
    Object.assign(c, this);
    c.groups = [...this.groups];
    return c;
  }

  capable(cap: number): boolean {
    return (this.capEffective & (1n << BigInt(cap))) !== 0n;
  }

  /** Whether `gid` is the file-system group or one of the supplementary groups (in_group_p). */
  inGroup(gid: number): boolean {
    return gid === this.fsgid || this.groups.includes(gid);
  }

  /**
   * execve without set-user-ID or file capabilities (cap_bprm_creds_from_file): the saved and
   * file-system ids become the effective ones; a root process (real or effective uid 0) gets
   * the bounding set as permitted, effective only if its effective uid is 0; anyone else keeps
   * no capability.
   */
  exec(): void {
    this.suid = this.fsuid = this.euid;
    this.sgid = this.fsgid = this.egid;
    this.capPermitted = this.euid === 0 || this.uid === 0 ? this.capBounding | this.capInheritable : 0n;
    this.capEffective = this.euid === 0 ? this.capPermitted : 0n;
  }
}

/**
 * kill's permission without CAP_KILL (kill_ok_by_cred): the sender's real or effective uid is
 * the target's real or saved uid.
 */
export function killAllowed(sender: Creds, target: Creds): boolean {
  return [sender.euid, sender.uid].some((u) => u === target.suid || u === target.uid);
}

/**
 * prlimit64 on another process without CAP_SYS_RESOURCE (check_prlimit_permission): the
 * caller's real uid and gid are each of the target's real, effective and saved ones.
 */
export function prlimitAllowed(caller: Creds, target: Creds): boolean {
  return caller.capable(CAP_SYS_RESOURCE) || realIdsMatch(caller, target);
}

/** The caller's real uid and gid are each of the target's real, effective and saved ones. */
function realIdsMatch(caller: Creds, target: Creds): boolean {
  const u = caller.uid, g = caller.gid;
  return u === target.uid && u === target.euid && u === target.suid && g === target.gid && g === target.egid && g === target.sgid;
}

/**
 * ptrace_may_access(target, PTRACE_MODE_ATTACH_REALCREDS), which pidfd_getfd asks: its own
 * thread group always; another process when the real ids match (realIdsMatch) or with
 * CAP_SYS_PTRACE, and then, unless CAP_SYS_PTRACE, only while it is dumpable. No LSM (Yama's
 * ptrace_scope) is modelled.
 */
export function ptraceAllowed(caller: Creds, target: Creds, targetDumpable: boolean, sameGroup: boolean): boolean {
  if (sameGroup) return true;
  const privileged = caller.capable(CAP_SYS_PTRACE);
  if (!realIdsMatch(caller, target) && !privileged) return false;
  return targetDumpable || privileged;
}

/** Whether RLIMIT_NPROC applies to a fork (copy_process): not to real uid 0 or the privileged. */
export function nprocLimited(c: Creds): boolean {
  return c.uid !== 0 && !c.capable(CAP_SYS_RESOURCE) && !c.capable(CAP_SYS_ADMIN);
}

// ---- the set*id rules (kernel/sys.c), on a copy; the caller commits it. 0 or -errno. ----

type Ids = 'u' | 'g';
const names = {
  u: { r: 'uid', e: 'euid', s: 'suid', fs: 'fsuid', cap: CAP_SETUID },
  g: { r: 'gid', e: 'egid', s: 'sgid', fs: 'fsgid', cap: CAP_SETGID },
} as const;

/** Capabilities follow a change of uids (cap_emulate_setxuid); gids change none. */
function fixCaps(which: Ids, n: Creds, old: Creds): void {
  if (which !== 'u') return;
  const root = (c: Creds) => c.uid === 0 || c.euid === 0 || c.suid === 0;
  if (root(old) && !root(n)) n.capPermitted = n.capEffective = 0n;
  if (old.euid === 0 && n.euid !== 0) n.capEffective = 0n;
  if (old.euid !== 0 && n.euid === 0) n.capEffective = n.capPermitted;
}

/** setuid(id) / setgid(id). */
export function setId(c: Creds, which: Ids, id: number): number {
  if (id === KEEP) return -EINVAL;
  const k = names[which];
  const n = c.copy();
  if (c.capable(k.cap)) {
    n[k.r] = n[k.s] = id;
  } else if (id !== c[k.r] && id !== c[k.s]) {
    return -EPERM;
  }
  n[k.e] = n[k.fs] = id;
  fixCaps(which, n, c);
  Object.assign(c, n);
  return 0;
}

/** setreuid(r, e) / setregid(r, e). */
export function setReId(c: Creds, which: Ids, r: number, e: number): number {
  const k = names[which];
  const n = c.copy();
  const priv = c.capable(k.cap);
  if (r !== KEEP) {
    if (r !== c[k.r] && r !== c[k.e] && !priv) return -EPERM;
    n[k.r] = r;
  }
  if (e !== KEEP) {
    if (e !== c[k.r] && e !== c[k.e] && e !== c[k.s] && !priv) return -EPERM;
    n[k.e] = e;
  }
  if (r !== KEEP || (e !== KEEP && e !== c[k.r])) n[k.s] = n[k.e];
  n[k.fs] = n[k.e];
  fixCaps(which, n, c);
  Object.assign(c, n);
  return 0;
}

/** setresuid(r, e, s) / setresgid(r, e, s). */
export function setResId(c: Creds, which: Ids, r: number, e: number, s: number): number {
  const k = names[which];
  const noop = (r === KEEP || r === c[k.r]) && (e === KEEP || (e === c[k.e] && e === c[k.fs])) && (s === KEEP || s === c[k.s]);
  if (noop) return 0;
  const known = (id: number) => id === KEEP || id === c[k.r] || id === c[k.e] || id === c[k.s];
  if (!(known(r) && known(e) && known(s)) && !c.capable(k.cap)) return -EPERM;
  const n = c.copy();
  if (r !== KEEP) n[k.r] = r;
  if (e !== KEEP) n[k.e] = e;
  if (s !== KEEP) n[k.s] = s;
  n[k.fs] = n[k.e];
  fixCaps(which, n, c);
  Object.assign(c, n);
  return 0;
}

/** setfsuid(id) / setfsgid(id): always the previous file-system id; changes it only when allowed. */
export function setFsId(c: Creds, which: Ids, id: number): number {
  const k = names[which];
  const old = c[k.fs];
  if (id === KEEP) return old;
  const allowed = id === c[k.r] || id === c[k.e] || id === c[k.s] || id === c[k.fs] || c.capable(k.cap);
  if (allowed && id !== old) {
    c[k.fs] = id;
    // cap_task_fix_setuid(LSM_SETID_FS): the file-system capabilities follow fsuid 0.
    if (which === 'u' && old === 0 && id !== 0) c.capEffective &= ~CAP_FS_SET;
    if (which === 'u' && old !== 0 && id === 0) c.capEffective |= c.capPermitted & CAP_FS_SET;
  }
  return old;
}

/**
 * capset's rules (cap_capset): the new inheritable set within the old inheritable and permitted
 * (or, with CAP_SETPCAP, the bounding set); permitted only shrinks; effective within permitted.
 */
export function setCaps(c: Creds, effective: bigint, permitted: bigint, inheritable: bigint): number {
  if (!c.capable(CAP_SETPCAP) && (inheritable & ~(c.capInheritable | c.capPermitted)) !== 0n) return -EPERM;
  if ((inheritable & ~(c.capInheritable | c.capBounding)) !== 0n) return -EPERM;
  if ((permitted & ~c.capPermitted) !== 0n) return -EPERM;
  if ((effective & ~permitted) !== 0n) return -EPERM;
  c.capEffective = effective;
  c.capPermitted = permitted;
  c.capInheritable = inheritable;
  return 0;
}
