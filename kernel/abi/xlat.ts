// Value -> name tables ("xlat", as strace calls them) and the two ways strace prints with them:
// a value looked up whole (printXval: `FUTEX_WAIT_PRIVATE`, or `0x63 /* FUTEX_??? */`) and a
// flag word split into names (printFlags: `CLONE_VM|CLONE_FS|0x400000`). The tables list the
// names in strace's own order (its src/xlat/*.in files), because that order is the order it
// prints flags in — not bit order (O_NOFOLLOW before O_DIRECTORY on x86_64, for one).
//
// Values are handled as 32-bit halves (lo, hi) so 64-bit flag words need no BigInt.

import type { ArchFlags } from '../../arch/types.js';
import * as F from './flags.js';
import { hex64 } from './hex64.js';

export { hex64 };

export interface XlatEntry {
  readonly name: string;
  readonly lo: number;
  readonly hi: number;
}
export type Xlat = readonly XlatEntry[];

const TWO32 = 0x100000000;

/** Build a table from [name, value] pairs; entries with value null (absent on an arch) are dropped. */
export function xlat(pairs: readonly (readonly [string, number | null])[]): Xlat {
  const out: XlatEntry[] = [];
  for (const [name, v] of pairs) {
    if (v === null) continue;
    out.push({ name, lo: v >>> 0, hi: Math.floor(v / TWO32) >>> 0 });
  }
  return out;
}

/** strace's printxval: the name of a value, else hex with the default as a comment. */
export function printXval(table: Xlat, lo: number, hi: number, dflt: string | null): string {
  lo >>>= 0;
  hi >>>= 0;
  for (const e of table) if (e.lo === lo && e.hi === hi) return e.name;
  return dflt === null ? hex64(lo, hi) : `${hex64(lo, hi)} /* ${dflt} */`;
}

/** Look a value up; undefined when the table has no name for it. */
export function xlookup(table: Xlat, lo: number, hi = 0): string | undefined {
  lo >>>= 0;
  hi >>>= 0;
  for (const e of table) if (e.lo === lo && e.hi === hi) return e.name;
  return undefined;
}

/**
 * strace's printflags: names of the set flags in table order, then the unknown remainder in
 * hex; no known flag at all: the hex value with `/* dflt *\/`; zero: the table's zero-valued
 * name if it has one, else `0` (or nothing when dflt is null).
 */
export function printFlags(tables: Xlat | readonly Xlat[], lo: number, hi: number, dflt: string | null): string {
  const list: readonly Xlat[] = tables.length > 0 && Array.isArray(tables[0]) ? tables as readonly Xlat[] : [tables as Xlat];
  lo >>>= 0;
  hi >>>= 0;
  const names: string[] = [];
  for (const t of list) {
    // As strace: a zero value only ever matches a table's first entry.
    if (lo === 0 && hi === 0 && names.length > 0) break;
    for (const e of t) {
      const exact = e.lo === lo && e.hi === hi;
      const nonzero = e.lo !== 0 || e.hi !== 0;
      if (exact || (nonzero && ((lo & e.lo) >>> 0) === e.lo && ((hi & e.hi) >>> 0) === e.hi)) {
        names.push(e.name);
        lo = (lo & ~e.lo) >>> 0;
        hi = (hi & ~e.hi) >>> 0;
      }
      if (lo === 0 && hi === 0) break;
    }
  }
  if (names.length > 0) {
    if (lo !== 0 || hi !== 0) names.push(hex64(lo, hi));
    return names.join('|');
  }
  if (lo !== 0 || hi !== 0) return dflt === null ? hex64(lo, hi) : `${hex64(lo, hi)} /* ${dflt} */`;
  return dflt === null ? '' : '0';
}

// ---------------------------------------------------------------------------------------------
// Tables

export const cloneFlags = xlat([
  ['CLONE_VM', F.CLONE_VM], ['CLONE_FS', F.CLONE_FS], ['CLONE_FILES', F.CLONE_FILES],
  ['CLONE_SIGHAND', F.CLONE_SIGHAND], ['CLONE_PIDFD', F.CLONE_PIDFD], ['CLONE_PTRACE', F.CLONE_PTRACE],
  ['CLONE_VFORK', F.CLONE_VFORK], ['CLONE_PARENT', F.CLONE_PARENT], ['CLONE_THREAD', F.CLONE_THREAD],
  ['CLONE_NEWNS', F.CLONE_NEWNS], ['CLONE_SYSVSEM', F.CLONE_SYSVSEM], ['CLONE_SETTLS', F.CLONE_SETTLS],
  ['CLONE_PARENT_SETTID', F.CLONE_PARENT_SETTID], ['CLONE_CHILD_CLEARTID', F.CLONE_CHILD_CLEARTID],
  // CLONE_DETACHED: ignored by the kernel, and strace leaves it out (shown as hex remainder).
  ['CLONE_UNTRACED', F.CLONE_UNTRACED], ['CLONE_CHILD_SETTID', F.CLONE_CHILD_SETTID],
  ['CLONE_NEWCGROUP', F.CLONE_NEWCGROUP], ['CLONE_NEWUTS', F.CLONE_NEWUTS], ['CLONE_NEWIPC', F.CLONE_NEWIPC],
  ['CLONE_NEWUSER', F.CLONE_NEWUSER], ['CLONE_NEWPID', F.CLONE_NEWPID], ['CLONE_NEWNET', F.CLONE_NEWNET],
  ['CLONE_IO', F.CLONE_IO],
]);

/** clone3's extra flags, printed after cloneFlags. */
export const clone3Flags = xlat([
  ['CLONE_NEWTIME', F.CLONE_NEWTIME], ['CLONE_CLEAR_SIGHAND', F.CLONE_CLEAR_SIGHAND],
  ['CLONE_INTO_CGROUP', F.CLONE_INTO_CGROUP],
]);

export const unshareFlags = xlat([
  ['CLONE_NEWTIME', F.CLONE_NEWTIME], ['CLONE_VM', F.CLONE_VM], ['CLONE_FS', F.CLONE_FS],
  ['CLONE_FILES', F.CLONE_FILES], ['CLONE_SIGHAND', F.CLONE_SIGHAND], ['CLONE_THREAD', F.CLONE_THREAD],
  ['CLONE_NEWNS', F.CLONE_NEWNS], ['CLONE_SYSVSEM', F.CLONE_SYSVSEM], ['CLONE_NEWCGROUP', F.CLONE_NEWCGROUP],
  ['CLONE_NEWUTS', F.CLONE_NEWUTS], ['CLONE_NEWIPC', F.CLONE_NEWIPC], ['CLONE_NEWUSER', F.CLONE_NEWUSER],
  ['CLONE_NEWPID', F.CLONE_NEWPID], ['CLONE_NEWNET', F.CLONE_NEWNET],
]);

export const waitOptions = xlat([
  ['WNOHANG', F.WNOHANG], ['WSTOPPED', F.WSTOPPED], ['WEXITED', F.WEXITED], ['WCONTINUED', F.WCONTINUED],
  ['WNOWAIT', F.WNOWAIT], ['__WCLONE', F.__WCLONE], ['__WALL', F.__WALL], ['__WNOTHREAD', F.__WNOTHREAD],
]);

export const futexOps = xlat([
  ['FUTEX_WAIT', 0], ['FUTEX_WAKE', 1], ['FUTEX_FD', 2], ['FUTEX_REQUEUE', 3], ['FUTEX_CMP_REQUEUE', 4],
  ['FUTEX_WAKE_OP', 5], ['FUTEX_LOCK_PI', 6], ['FUTEX_UNLOCK_PI', 7], ['FUTEX_TRYLOCK_PI', 8],
  ['FUTEX_WAIT_BITSET', 9], ['FUTEX_WAKE_BITSET', 10], ['FUTEX_WAIT_REQUEUE_PI', 11],
  ['FUTEX_CMP_REQUEUE_PI', 12], ['FUTEX_LOCK_PI2', 13],
  ['FUTEX_WAIT_PRIVATE', 128], ['FUTEX_WAKE_PRIVATE', 129], ['FUTEX_FD|FUTEX_PRIVATE_FLAG', 130],
  ['FUTEX_REQUEUE_PRIVATE', 131], ['FUTEX_CMP_REQUEUE_PRIVATE', 132], ['FUTEX_WAKE_OP_PRIVATE', 133],
  ['FUTEX_LOCK_PI_PRIVATE', 134], ['FUTEX_UNLOCK_PI_PRIVATE', 135], ['FUTEX_TRYLOCK_PI_PRIVATE', 136],
  ['FUTEX_WAIT_BITSET_PRIVATE', 137], ['FUTEX_WAKE_BITSET_PRIVATE', 138],
  ['FUTEX_WAIT_REQUEUE_PI_PRIVATE', 139], ['FUTEX_CMP_REQUEUE_PI_PRIVATE', 140], ['FUTEX_LOCK_PI2_PRIVATE', 141],
  ['FUTEX_WAIT|FUTEX_CLOCK_REALTIME', 256], ['FUTEX_WAIT_PRIVATE|FUTEX_CLOCK_REALTIME', 384],
  ['FUTEX_WAIT_BITSET|FUTEX_CLOCK_REALTIME', 265], ['FUTEX_WAIT_BITSET_PRIVATE|FUTEX_CLOCK_REALTIME', 393],
  ['FUTEX_WAIT_REQUEUE_PI|FUTEX_CLOCK_REALTIME', 267], ['FUTEX_WAIT_REQUEUE_PI_PRIVATE|FUTEX_CLOCK_REALTIME', 395],
]);

export const futexBitset = xlat([['FUTEX_BITSET_MATCH_ANY', F.FUTEX_BITSET_MATCH_ANY]]);

export const madviseCmds = xlat([
  ['MADV_NORMAL', 0], ['MADV_RANDOM', 1], ['MADV_SEQUENTIAL', 2], ['MADV_WILLNEED', 3], ['MADV_DONTNEED', 4],
  ['MADV_FREE', 8], ['MADV_REMOVE', 9], ['MADV_DONTFORK', 10], ['MADV_DOFORK', 11], ['MADV_MERGEABLE', 12],
  ['MADV_UNMERGEABLE', 13], ['MADV_HUGEPAGE', 14], ['MADV_NOHUGEPAGE', 15], ['MADV_DONTDUMP', 16],
  ['MADV_DODUMP', 17], ['MADV_WIPEONFORK', 18], ['MADV_KEEPONFORK', 19], ['MADV_COLD', 20],
  ['MADV_PAGEOUT', 21], ['MADV_POPULATE_READ', 22], ['MADV_POPULATE_WRITE', 23],
  ['MADV_DONTNEED_LOCKED', 24], ['MADV_COLLAPSE', 25], ['MADV_HWPOISON', 100], ['MADV_SOFT_OFFLINE', 101],
]);

export const clockNames = xlat([
  ['CLOCK_REALTIME', 0], ['CLOCK_MONOTONIC', 1], ['CLOCK_PROCESS_CPUTIME_ID', 2],
  ['CLOCK_THREAD_CPUTIME_ID', 3], ['CLOCK_MONOTONIC_RAW', 4], ['CLOCK_REALTIME_COARSE', 5],
  ['CLOCK_MONOTONIC_COARSE', 6], ['CLOCK_BOOTTIME', 7], ['CLOCK_REALTIME_ALARM', 8],
  ['CLOCK_BOOTTIME_ALARM', 9], ['CLOCK_SGI_CYCLE', 10], ['CLOCK_TAI', 11],
]);

export const rlimitResources = xlat([
  ['RLIMIT_CPU', 0], ['RLIMIT_FSIZE', 1], ['RLIMIT_DATA', 2], ['RLIMIT_STACK', 3], ['RLIMIT_CORE', 4],
  ['RLIMIT_RSS', 5], ['RLIMIT_NPROC', 6], ['RLIMIT_NOFILE', 7], ['RLIMIT_MEMLOCK', 8], ['RLIMIT_AS', 9],
  ['RLIMIT_LOCKS', 10], ['RLIMIT_SIGPENDING', 11], ['RLIMIT_MSGQUEUE', 12], ['RLIMIT_NICE', 13],
  ['RLIMIT_RTPRIO', 14], ['RLIMIT_RTTIME', 15],
]);

export const sigprocmaskCmds = xlat([['SIG_BLOCK', 0], ['SIG_UNBLOCK', 1], ['SIG_SETMASK', 2]]);

export const archPrctlCodes = xlat([
  ['ARCH_SET_GS', 0x1001], ['ARCH_SET_FS', 0x1002], ['ARCH_GET_FS', 0x1003], ['ARCH_GET_GS', 0x1004],
  ['ARCH_GET_CPUID', 0x1011], ['ARCH_SET_CPUID', 0x1012], ['ARCH_GET_XCOMP_SUPP', 0x1021],
  ['ARCH_GET_XCOMP_PERM', 0x1022], ['ARCH_REQ_XCOMP_PERM', 0x1023], ['ARCH_GET_XCOMP_GUEST_PERM', 0x1024],
  ['ARCH_REQ_XCOMP_GUEST_PERM', 0x1025], ['ARCH_MAP_VDSO_X32', 0x2001], ['ARCH_MAP_VDSO_32', 0x2002],
  ['ARCH_MAP_VDSO_64', 0x2003],
]);

export const atFlags = xlat([
  ['AT_SYMLINK_NOFOLLOW', F.AT_SYMLINK_NOFOLLOW], ['AT_REMOVEDIR', F.AT_REMOVEDIR],
  ['AT_SYMLINK_FOLLOW', F.AT_SYMLINK_FOLLOW], ['AT_NO_AUTOMOUNT', F.AT_NO_AUTOMOUNT],
  ['AT_EMPTY_PATH', F.AT_EMPTY_PATH], ['AT_RECURSIVE', F.AT_RECURSIVE],
]);

export const getrandomFlags = xlat([
  ['GRND_NONBLOCK', F.GRND_NONBLOCK], ['GRND_RANDOM', F.GRND_RANDOM], ['GRND_INSECURE', F.GRND_INSECURE],
]);

export const timerFlags = xlat([['TIMER_ABSTIME', F.TIMER_ABSTIME]]);

export const sigactFlags = xlat([
  ['SA_RESTORER', F.SA_RESTORER], ['SA_ONSTACK', F.SA_ONSTACK], ['SA_RESTART', F.SA_RESTART],
  ['SA_INTERRUPT', F.SA_INTERRUPT], ['SA_NODEFER', F.SA_NODEFER], ['SA_RESETHAND', F.SA_RESETHAND],
  ['SA_SIGINFO', F.SA_SIGINFO], ['SA_NOCLDSTOP', F.SA_NOCLDSTOP], ['SA_NOCLDWAIT', F.SA_NOCLDWAIT],
]);

export const openAccessModes = xlat([['O_RDONLY', 0], ['O_WRONLY', 1], ['O_RDWR', 2], ['O_ACCMODE', 3]]);

/** File type bits of st_mode (S_IFMT). */
export const fileTypes = xlat([
  ['S_IFREG', 0o100000], ['S_IFSOCK', 0o140000], ['S_IFIFO', 0o10000], ['S_IFLNK', 0o120000],
  ['S_IFDIR', 0o40000], ['S_IFBLK', 0o60000], ['S_IFCHR', 0o20000],
]);

/** What the flag tables that differ per architecture look like for one of them. */
export interface ArchXlats {
  readonly mmapProt: Xlat;
  readonly mmapFlags: Xlat;
  readonly openFlags: Xlat;
  readonly ioctls: Xlat;
  readonly ioctlDirs: Xlat;
}

function archXlats(a: ArchFlags): ArchXlats {
  const opt = (v: number) => (v === 0 ? null : v);
  return {
    mmapProt: xlat([
      ['PROT_NONE', F.PROT_NONE], ['PROT_READ', F.PROT_READ], ['PROT_WRITE', F.PROT_WRITE],
      ['PROT_EXEC', F.PROT_EXEC], ['PROT_SEM', F.PROT_SEM], ['PROT_GROWSDOWN', F.PROT_GROWSDOWN],
      ['PROT_GROWSUP', F.PROT_GROWSUP], ['PROT_SAO', opt(a.PROT_SAO)],
    ]),
    // MAP_FILE (0) is what a zero mapping type prints as, as in strace.
    mmapFlags: xlat([
      ['MAP_SHARED', F.MAP_SHARED], ['MAP_PRIVATE', F.MAP_PRIVATE], ['MAP_SHARED_VALIDATE', F.MAP_SHARED_VALIDATE],
      ['MAP_FIXED', F.MAP_FIXED], ['MAP_ANONYMOUS', F.MAP_ANONYMOUS], ['MAP_32BIT', opt(a.MAP_32BIT)],
      ['MAP_NORESERVE', a.MAP_NORESERVE], ['MAP_POPULATE', F.MAP_POPULATE], ['MAP_NONBLOCK', F.MAP_NONBLOCK],
      ['MAP_GROWSDOWN', F.MAP_GROWSDOWN], ['MAP_DENYWRITE', F.MAP_DENYWRITE],
      ['MAP_EXECUTABLE', F.MAP_EXECUTABLE], ['MAP_FILE', 0], ['MAP_LOCKED', a.MAP_LOCKED],
      ['MAP_STACK', F.MAP_STACK], ['MAP_HUGETLB', F.MAP_HUGETLB], ['MAP_SYNC', F.MAP_SYNC],
      ['MAP_UNINITIALIZED', F.MAP_UNINITIALIZED], ['MAP_FIXED_NOREPLACE', F.MAP_FIXED_NOREPLACE],
    ]),
    openFlags: xlat([
      ['O_CREAT', F.O_CREAT], ['O_EXCL', F.O_EXCL], ['O_NOCTTY', F.O_NOCTTY], ['O_TRUNC', F.O_TRUNC],
      ['O_APPEND', F.O_APPEND], ['O_NONBLOCK', F.O_NONBLOCK], ['O_SYNC', F.O_SYNC], ['__O_SYNC', F.__O_SYNC],
      ['O_DSYNC', F.O_DSYNC], ['O_DIRECT', a.O_DIRECT], ['O_LARGEFILE', a.O_LARGEFILE],
      ['O_NOFOLLOW', a.O_NOFOLLOW], ['O_NOATIME', F.O_NOATIME], ['O_CLOEXEC', F.O_CLOEXEC], ['O_PATH', F.O_PATH],
      ['O_TMPFILE', F.__O_TMPFILE | a.O_DIRECTORY], ['__O_TMPFILE', F.__O_TMPFILE],
      ['O_DIRECTORY', a.O_DIRECTORY], ['FASYNC', F.FASYNC],
    ]),
    ioctls: xlat([
      ['TCGETS', a.TCGETS], ['TCSETS', a.TCSETS], ['TCSETSW', a.TCSETSW], ['TCSETSF', a.TCSETSF],
      ['TIOCGWINSZ', a.TIOCGWINSZ], ['TIOCSWINSZ', a.TIOCSWINSZ], ['TIOCGPGRP', a.TIOCGPGRP],
      ['TIOCSPGRP', a.TIOCSPGRP], ['FIONREAD', a.FIONREAD], ['FIONBIO', a.FIONBIO],
      ...Object.entries(a.ttyIoctls) as [string, number][],
    ]),
    ioctlDirs: xlat([['_IOC_NONE', a.ioc.none], ['_IOC_READ', a.ioc.read], ['_IOC_WRITE', a.ioc.write]]),
  };
}

const perArch = new WeakMap<ArchFlags, ArchXlats>();
/** The flag tables of an architecture (its descriptor, or anything carrying its `flags`). */
export function xlatsFor(arch: { readonly flags: ArchFlags }): ArchXlats {
  let x = perArch.get(arch.flags);
  if (!x) { x = archXlats(arch.flags); perArch.set(arch.flags, x); }
  return x;
}
