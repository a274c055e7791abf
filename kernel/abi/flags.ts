// Linux flag and command constants the kernel and the strace renderer share. Values are the
// UAPI ones; where an architecture differs (open flags on aarch64 and PowerPC, a few mmap flags
// and PROT_SAO on PowerPC, terminal ioctl numbers on PowerPC) the per-arch values are in
// `archFlags` below, keyed by architecture name — checked against the cross compilers'
// <asm/fcntl.h>, <asm/mman.h> and <asm/ioctls.h>.
//
// Bits above 2^31 are plain numbers here (exact, all below 2^53) but JavaScript's `&` works on
// 32 bits: test them on the high word of the argument (the `_HI` constants).


// ---- clone / clone3 / unshare (<linux/sched.h>) ----
/** The low byte of clone's and clone2's flags: the signal sent to the parent at exit. */
export const CSIGNAL = 0x000000ff;
export const CLONE_NEWTIME = 0x00000080; // clone3 and unshare only: it overlaps CSIGNAL
export const CLONE_VM = 0x00000100;
export const CLONE_FS = 0x00000200;
export const CLONE_FILES = 0x00000400;
export const CLONE_SIGHAND = 0x00000800;
export const CLONE_PIDFD = 0x00001000;
export const CLONE_PTRACE = 0x00002000;
export const CLONE_VFORK = 0x00004000;
export const CLONE_PARENT = 0x00008000;
export const CLONE_THREAD = 0x00010000;
export const CLONE_NEWNS = 0x00020000;
export const CLONE_SYSVSEM = 0x00040000;
export const CLONE_SETTLS = 0x00080000;
export const CLONE_PARENT_SETTID = 0x00100000;
export const CLONE_CHILD_CLEARTID = 0x00200000;
/** Ignored by Linux since 2.6.2 (and never shown by strace). */
export const CLONE_DETACHED = 0x00400000;
export const CLONE_UNTRACED = 0x00800000;
export const CLONE_CHILD_SETTID = 0x01000000;
export const CLONE_NEWCGROUP = 0x02000000;
export const CLONE_NEWUTS = 0x04000000;
export const CLONE_NEWIPC = 0x08000000;
export const CLONE_NEWUSER = 0x10000000;
export const CLONE_NEWPID = 0x20000000;
export const CLONE_NEWNET = 0x40000000;
export const CLONE_IO = 0x80000000;
/** clone3 only: 2^32 and 2^33 — bits 0 and 1 of the flags' high word. */
export const CLONE_CLEAR_SIGHAND = 0x100000000;
export const CLONE_INTO_CGROUP = 0x200000000;
export const CLONE_CLEAR_SIGHAND_HI = 0x1;
export const CLONE_INTO_CGROUP_HI = 0x2;

// ---- mmap / mprotect / madvise ----
export const PROT_NONE = 0x0;
export const PROT_READ = 0x1;
export const PROT_WRITE = 0x2;
export const PROT_EXEC = 0x4;
export const PROT_SEM = 0x8;
export const PROT_GROWSDOWN = 0x01000000;
export const PROT_GROWSUP = 0x02000000;

export const MAP_SHARED = 0x01;
export const MAP_PRIVATE = 0x02;
export const MAP_SHARED_VALIDATE = 0x03;
export const MAP_TYPE = 0x0f;
export const MAP_FIXED = 0x10;
export const MAP_ANONYMOUS = 0x20;
export const MAP_GROWSDOWN = 0x0100;
export const MAP_DENYWRITE = 0x0800;
export const MAP_EXECUTABLE = 0x1000;
export const MAP_POPULATE = 0x8000;
export const MAP_NONBLOCK = 0x10000;
export const MAP_STACK = 0x20000;
export const MAP_HUGETLB = 0x40000;
export const MAP_SYNC = 0x80000;
export const MAP_FIXED_NOREPLACE = 0x100000;
export const MAP_UNINITIALIZED = 0x4000000;
export const MAP_HUGE_SHIFT = 26;
export const MAP_HUGE_MASK = 0x3f;

export const MADV_DONTNEED = 4;

// ---- open / *at ----
export const O_ACCMODE = 0o3;
export const O_RDONLY = 0o0;
export const O_WRONLY = 0o1;
export const O_RDWR = 0o2;
export const O_CREAT = 0o100;
export const O_EXCL = 0o200;
export const O_NOCTTY = 0o400;
export const O_TRUNC = 0o1000;
export const O_APPEND = 0o2000;
export const O_NONBLOCK = 0o4000;
export const O_DSYNC = 0o10000;
export const FASYNC = 0o20000;
export const O_NOATIME = 0o1000000;
export const O_CLOEXEC = 0o2000000;
export const __O_SYNC = 0o4000000;
export const O_SYNC = __O_SYNC | O_DSYNC;
export const O_PATH = 0o10000000;
export const __O_TMPFILE = 0o20000000;

export const AT_FDCWD = -100;
export const AT_SYMLINK_NOFOLLOW = 0x100;
export const AT_REMOVEDIR = 0x200;
export const AT_SYMLINK_FOLLOW = 0x400;
export const AT_NO_AUTOMOUNT = 0x800;
export const AT_EMPTY_PATH = 0x1000;
export const AT_RECURSIVE = 0x8000;

// ---- futex (<linux/futex.h>) ----
export const FUTEX_WAIT = 0;
export const FUTEX_WAKE = 1;
export const FUTEX_FD = 2;
export const FUTEX_REQUEUE = 3;
export const FUTEX_CMP_REQUEUE = 4;
export const FUTEX_WAKE_OP = 5;
export const FUTEX_LOCK_PI = 6;
export const FUTEX_UNLOCK_PI = 7;
export const FUTEX_TRYLOCK_PI = 8;
export const FUTEX_WAIT_BITSET = 9;
export const FUTEX_WAKE_BITSET = 10;
export const FUTEX_WAIT_REQUEUE_PI = 11;
export const FUTEX_CMP_REQUEUE_PI = 12;
export const FUTEX_LOCK_PI2 = 13;
export const FUTEX_PRIVATE_FLAG = 128;
export const FUTEX_CLOCK_REALTIME = 256;
export const FUTEX_CMD_MASK = ~(FUTEX_PRIVATE_FLAG | FUTEX_CLOCK_REALTIME);
export const FUTEX_BITSET_MATCH_ANY = 0xffffffff;

// ---- wait4 / waitid ----
export const WNOHANG = 0x00000001;
export const WUNTRACED = 0x00000002;
export const WSTOPPED = WUNTRACED;
export const WEXITED = 0x00000004;
export const WCONTINUED = 0x00000008;
export const WNOWAIT = 0x01000000;
export const __WNOTHREAD = 0x20000000;
export const __WALL = 0x40000000;
export const __WCLONE = 0x80000000;

// ---- arch_prctl (x86_64) ----
export const ARCH_SET_GS = 0x1001;
export const ARCH_SET_FS = 0x1002;
export const ARCH_GET_FS = 0x1003;
export const ARCH_GET_GS = 0x1004;
export const ARCH_GET_CPUID = 0x1011;
export const ARCH_SET_CPUID = 0x1012;

// ---- signals' sigaction flags (same values on x86_64, aarch64, powerpc) ----
export const SA_NOCLDSTOP = 0x00000001;
export const SA_NOCLDWAIT = 0x00000002;
export const SA_SIGINFO = 0x00000004;
export const SA_RESTORER = 0x04000000;
export const SA_ONSTACK = 0x08000000;
export const SA_RESTART = 0x10000000;
export const SA_INTERRUPT = 0x20000000;
export const SA_NODEFER = 0x40000000;
export const SA_RESETHAND = 0x80000000;
export const SIG_BLOCK = 0;
export const SIG_UNBLOCK = 1;
export const SIG_SETMASK = 2;

// ---- misc ----
export const GRND_NONBLOCK = 0x1;
export const GRND_RANDOM = 0x2;
export const GRND_INSECURE = 0x4;
export const TIMER_ABSTIME = 0x1;
export const CLOCK_REALTIME = 0;
export const CLOCK_MONOTONIC = 1;
export const CLOCK_PROCESS_CPUTIME_ID = 2;
export const CLOCK_THREAD_CPUTIME_ID = 3;
export const CLOCK_MONOTONIC_RAW = 4;
export const CLOCK_REALTIME_COARSE = 5;
export const CLOCK_MONOTONIC_COARSE = 6;
export const CLOCK_BOOTTIME = 7;
/** rlim64 "no limit": all 64 bits set (halves 0xffffffff, 0xffffffff). */
export const RLIM64_INFINITY_HALF = 0xffffffff;
export const RLIMIT_STACK = 3;
export const RLIMIT_NOFILE = 7;
export const RLIMIT_AS = 9;

/** The values that differ between architectures: the descriptor's `flags` (arch/types.ts). */
export type { ArchFlags } from '../../arch/types.js';
import type { ArchFlags } from '../../arch/types.js';

/** asm-generic's terminal ioctls and _IOC encoding, which most architectures keep. */
export const genericTty = {
  TCGETS: 0x5401, TCSETS: 0x5402, TCSETSW: 0x5403, TCSETSF: 0x5404,
  TIOCGWINSZ: 0x5413, TIOCSWINSZ: 0x5414, TIOCGPGRP: 0x540f, TIOCSPGRP: 0x5410,
  FIONREAD: 0x541b, FIONBIO: 0x5421,
  ioc: { sizeBits: 14, none: 0, read: 2, write: 1 },
  ttyIoctls: {
    TCSBRK: 0x5409, TCXONC: 0x540a, TCFLSH: 0x540b, TIOCEXCL: 0x540c, TIOCNXCL: 0x540d, TIOCSCTTY: 0x540e,
    TIOCOUTQ: 0x5411, TIOCSTI: 0x5412, TIOCPKT: 0x5420, TIOCNOTTY: 0x5422, TIOCSETD: 0x5423, TIOCGETD: 0x5424,
    TCSBRKP: 0x5425, TIOCGSID: 0x5429, TIOCGPTN: 0x80045430, TIOCSPTLCK: 0x40045431, TIOCGPTLCK: 0x80045439,
    TIOCGEXCL: 0x80045440, TIOCGPTPEER: 0x5441, TIOCVHANGUP: 0x5437, TIOCGPKT: 0x80045438, FIONCLEX: 0x5450, FIOCLEX: 0x5451,
  },
  termbits: {
    iflag: { IGNBRK: 0x1, BRKINT: 0x2, IGNPAR: 0x4, PARMRK: 0x8, INPCK: 0x10, ISTRIP: 0x20, INLCR: 0x40, IGNCR: 0x80, ICRNL: 0x100,
      IUCLC: 0x200, IXON: 0x400, IXANY: 0x800, IXOFF: 0x1000, IMAXBEL: 0x2000, IUTF8: 0x4000 },
    oflag: { OPOST: 0x1, OLCUC: 0x2, ONLCR: 0x4, OCRNL: 0x8, ONOCR: 0x10, ONLRET: 0x20, OFILL: 0x40, OFDEL: 0x80, NLDLY: 0x100,
      CRDLY: 0x600, TABDLY: 0x1800, XTABS: 0x1800, BSDLY: 0x2000, VTDLY: 0x4000, FFDLY: 0x8000 },
    cflag: { CBAUD: 0x100f, CSIZE: 0x30, CSTOPB: 0x40, CREAD: 0x80, PARENB: 0x100, PARODD: 0x200, HUPCL: 0x400, CLOCAL: 0x800, CRTSCTS: 0x80000000 },
    lflag: { ISIG: 0x1, ICANON: 0x2, XCASE: 0x4, ECHO: 0x8, ECHOE: 0x10, ECHOK: 0x20, ECHONL: 0x40, NOFLSH: 0x80, TOSTOP: 0x100,
      ECHOCTL: 0x200, ECHOPRT: 0x400, ECHOKE: 0x800, FLUSHO: 0x1000, PENDIN: 0x4000, IEXTEN: 0x8000, EXTPROC: 0x10000 },
    cc: { VINTR: 0, VQUIT: 1, VERASE: 2, VKILL: 3, VEOF: 4, VTIME: 5, VMIN: 6, VSWTC: 7, VSTART: 8, VSTOP: 9, VSUSP: 10, VEOL: 11,
      VREPRINT: 12, VDISCARD: 13, VWERASE: 14, VLNEXT: 15, VEOL2: 16 },
  },
} as const;

/**
 * asm-generic's values (<asm-generic/fcntl.h>, <asm-generic/mman-common.h>); a descriptor
 * spreads these and overrides what its own <asm/*.h> changes.
 */
export const genericFlags: ArchFlags = {
  O_DIRECT: 0o40000, O_LARGEFILE: 0o100000, O_DIRECTORY: 0o200000, O_NOFOLLOW: 0o400000,
  MAP_NORESERVE: 0x4000, MAP_LOCKED: 0x2000, MAP_32BIT: 0, PROT_SAO: 0,
  SO_PASSCRED: 16, SO_RCVLOWAT: 18,
  POSIX_FADV_DONTNEED: 4, POSIX_FADV_NOREUSE: 5,
  MCL: [1, 2, 4],
  ...genericTty,
};
