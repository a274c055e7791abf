// The structs tricorn's syscalls take, declared once with C types; layouts come from struct.ts
// per ABI. Where Linux's definition itself differs between architectures (struct stat), each
// ABI's declaration is data in a map here — the kernel asks for `stat` and gets its arch's.
// Field orders were checked against the cross compilers' UAPI headers, and every layout is
// compared with what those compilers produce (test/abi/fixtures/layouts.json).

import {
  array, chars, copyStructFromUser, defineStruct, layoutOf, packed,
  type AbiInfo, type GuestMemory, type StructDecl, type StructLayout,
} from './struct.js';
import {
  fpsimdContext, fpstateX86_64, rtSigframeAarch64, sigevent, rtSigframePpc64, rtSigframeX86_64, sigcontextAarch64,
  sigcontextPpc64, sigcontextX86_64, siginfo, signalfdSiginfo, stackT, ucontextAarch64, ucontextPpc64, ucontextX86_64, vmxAreaPpc64,
} from './signal-structs.js';
import { ipcStructs } from './ipc-structs.js';

/** clone2's argument block, as the RFC (v7) defines it: 40 bytes, alignment 8, on every ABI. */
export const cloneStruct = defineStruct('clone_struct', [
  ['flags', 'u64', 'low byte: exit signal; the rest: CLONE_* bits'],
  ['child_stack', 'u64', '0: the child resumes on a copy of the caller\'s stack'],
  ['nr_pids', 'u32', 'entries in pids[]'],
  ['parent_tid', 'u32', 'address of a pid_t slot (CLONE_PARENT_SETTID); 32-bit, as on x86-32'],
  ['child_tid', 'u32', 'address of a pid_t slot (CLONE_CHILD_SETTID/CLEARTID); 32-bit'],
  ['reserved1', 'u32', 'must be 0'],
  ['reserved2', 'u64', 'must be 0'],
], 'clone2(struct clone_struct *cs, pid_t *pids): the RFC\'s argument block');

/** clone3's extensible argument block (<linux/sched.h>). */
export const cloneArgs = defineStruct('clone_args', [
  ['flags', 'u64', 'CLONE_* bits (no signal here)'],
  ['pidfd', 'u64', 'where to store a pidfd (CLONE_PIDFD)'],
  ['child_tid', 'u64', 'pid_t slot in the child (CLONE_CHILD_SETTID/CLEARTID)'],
  ['parent_tid', 'u64', 'pid_t slot in the parent (CLONE_PARENT_SETTID)'],
  ['exit_signal', 'u64', 'signal sent to the parent when the child exits'],
  ['stack', 'u64', 'lowest address of the child\'s stack'],
  ['stack_size', 'u64', 'its size: the child starts with sp at stack + stack_size'],
  ['tls', 'u64', 'thread pointer (CLONE_SETTLS)'],
  ['set_tid', 'u64', 'array of pid_t: set_tid[0] is the youngest namespace (since 5.5)'],
  ['set_tid_size', 'u64', 'entries in set_tid'],
  ['cgroup', 'u64', 'cgroup fd (CLONE_INTO_CGROUP, since 5.7)'],
], 'clone3(struct clone_args *args, size_t size)');

/** The sizes Linux accepts for clone_args, one per version (uapi CLONE_ARGS_SIZE_VER*). */
export const CLONE_ARGS_SIZE_VER0 = 64;
export const CLONE_ARGS_SIZE_VER1 = 80;
export const CLONE_ARGS_SIZE_VER2 = 88;

const UTS_LEN = 65; // __NEW_UTS_LEN + 1

export const newUtsname = defineStruct('new_utsname', [
  ['sysname', chars(UTS_LEN)],
  ['nodename', chars(UTS_LEN)],
  ['release', chars(UTS_LEN)],
  ['version', chars(UTS_LEN)],
  ['machine', chars(UTS_LEN)],
  ['domainname', chars(UTS_LEN)],
], 'uname(struct new_utsname *buf)');

/** The kernel's timespec on 64-bit ABIs (= __kernel_timespec there). */
export const timespec = defineStruct('timespec', [
  ['tv_sec', 'long'],
  ['tv_nsec', 'long'],
], 'clock_gettime, nanosleep, futex timeouts');

/** __kernel_old_timeval, as rusage holds it. */
export const timeval = defineStruct('timeval', [
  ['tv_sec', 'long'],
  ['tv_usec', 'long'],
]);

/** <linux/time.h> struct itimerval (of __kernel_old_timeval). */
export const itimerval = defineStruct('itimerval', [
  ['it_interval', timeval, 'reload value once it expires (0: once)'],
  ['it_value', timeval, 'time to the next expiry (0: disarmed)'],
], 'setitimer / getitimer');

/** <linux/utime.h> struct utimbuf: utime(2)'s two whole-second times. */
export const utimbuf = defineStruct('utimbuf', [
  ['actime', 'long', 'access time, seconds since the epoch'],
  ['modtime', 'long', 'modification time'],
], 'utime(path, struct utimbuf *times)');

/** <linux/time.h> struct itimerspec (of the 64-bit timespec). */
export const itimerspec = defineStruct('itimerspec', [
  ['it_interval', timespec, 'period once it expires (0: once)'],
  ['it_value', timespec, 'time to the next expiry (0: disarmed)'],
], 'timerfd_settime / timerfd_gettime');

export const rlimit64 = defineStruct('rlimit64', [
  ['rlim_cur', 'u64', 'soft limit; ~0 is RLIM64_INFINITY'],
  ['rlim_max', 'u64', 'hard limit'],
], 'prlimit64(pid, resource, new, old)');

export const rusage = defineStruct('rusage', [
  ['ru_utime', timeval],
  ['ru_stime', timeval],
  ['ru_maxrss', 'long'],
  ['ru_ixrss', 'long'],
  ['ru_idrss', 'long'],
  ['ru_isrss', 'long'],
  ['ru_minflt', 'long'],
  ['ru_majflt', 'long'],
  ['ru_nswap', 'long'],
  ['ru_inblock', 'long'],
  ['ru_oublock', 'long'],
  ['ru_msgsnd', 'long'],
  ['ru_msgrcv', 'long'],
  ['ru_nsignals', 'long'],
  ['ru_nvcsw', 'long'],
  ['ru_nivcsw', 'long'],
], 'wait4\'s last argument');

// struct stat: three different definitions for three architectures.

/** x86_64 <asm/stat.h>: nlink before mode, an explicit pad, three unused longs. 144 bytes. */
export const statX86_64 = defineStruct('stat', [
  ['st_dev', 'ulong'],
  ['st_ino', 'ulong'],
  ['st_nlink', 'ulong'],
  ['st_mode', 'uint'],
  ['st_uid', 'uint'],
  ['st_gid', 'uint'],
  ['__pad0', 'uint'],
  ['st_rdev', 'ulong'],
  ['st_size', 'long'],
  ['st_blksize', 'long'],
  ['st_blocks', 'long'],
  ['st_atime', 'ulong'],
  ['st_atime_nsec', 'ulong'],
  ['st_mtime', 'ulong'],
  ['st_mtime_nsec', 'ulong'],
  ['st_ctime', 'ulong'],
  ['st_ctime_nsec', 'ulong'],
  ['__unused', array('long', 3)],
], 'fstat / newfstatat on x86_64');

/** <asm-generic/stat.h>, used by aarch64: mode before nlink, 32-bit nlink and blksize. 128 bytes. */
export const statGeneric = defineStruct('stat', [
  ['st_dev', 'ulong'],
  ['st_ino', 'ulong'],
  ['st_mode', 'uint'],
  ['st_nlink', 'uint'],
  ['st_uid', 'uint'],
  ['st_gid', 'uint'],
  ['st_rdev', 'ulong'],
  ['__pad1', 'ulong'],
  ['st_size', 'long'],
  ['st_blksize', 'int'],
  ['__pad2', 'int'],
  ['st_blocks', 'long'],
  ['st_atime', 'long'],
  ['st_atime_nsec', 'ulong'],
  ['st_mtime', 'long'],
  ['st_mtime_nsec', 'ulong'],
  ['st_ctime', 'long'],
  ['st_ctime_nsec', 'ulong'],
  ['__unused4', 'uint'],
  ['__unused5', 'uint'],
], 'fstat / newfstatat on aarch64 (the generic layout)');

/**
 * powerpc64 <asm/stat.h>: like x86_64's offsets but no named pad (the compiler leaves a
 * 4-byte hole after st_gid) and three named unused longs at the end. 144 bytes.
 */
export const statPpc64 = defineStruct('stat', [
  ['st_dev', 'ulong'],
  ['st_ino', 'ulong'],
  ['st_nlink', 'ulong'],
  ['st_mode', 'mode_t'],
  ['st_uid', 'uid_t'],
  ['st_gid', 'gid_t'],
  ['st_rdev', 'ulong'],
  ['st_size', 'long'],
  ['st_blksize', 'ulong'],
  ['st_blocks', 'ulong'],
  ['st_atime', 'ulong'],
  ['st_atime_nsec', 'ulong'],
  ['st_mtime', 'ulong'],
  ['st_mtime_nsec', 'ulong'],
  ['st_ctime', 'ulong'],
  ['st_ctime_nsec', 'ulong'],
  ['__unused4', 'ulong'],
  ['__unused5', 'ulong'],
  ['__unused6', 'ulong'],
], 'fstat / newfstatat on ppc64 and ppc64le');

/**
 * The struct rt_sigaction takes (<asm/signal.h>, `struct sigaction`). x86_64, aarch64 and
 * powerpc64 all use this order — handler, flags, restorer, mask — because each defines
 * SA_RESTORER. PowerPC's header also has `struct old_sigaction` with the mask second, but only
 * the 32-bit sigaction() syscall takes that one; rt_sigaction never does.
 */
export const sigaction = defineStruct('sigaction', [
  ['sa_handler', 'pointer', 'SIG_DFL (0), SIG_IGN (1) or a function'],
  ['sa_flags', 'ulong', 'SA_* bits'],
  ['sa_restorer', 'pointer', 'return trampoline (SA_RESTORER)'],
  ['sa_mask', 'ulong', 'sigset_t: one unsigned long (64 signals) on these ABIs'],
], 'rt_sigaction(sig, act, oldact, sigsetsize)');

export const robustListHead = defineStruct('robust_list_head', [
  ['list', 'pointer', 'struct robust_list { next }: the list of held robust futexes'],
  ['futex_offset', 'long', 'from a list entry to its futex word'],
  ['list_op_pending', 'pointer', 'entry being added or removed'],
], 'set_robust_list(head, len)');

export const sysinfo = defineStruct('sysinfo', [
  ['uptime', 'long'],
  ['loads', array('ulong', 3)],
  ['totalram', 'ulong'],
  ['freeram', 'ulong'],
  ['sharedram', 'ulong'],
  ['bufferram', 'ulong'],
  ['totalswap', 'ulong'],
  ['freeswap', 'ulong'],
  ['procs', 'u16'],
  ['pad', 'u16'],
  ['totalhigh', 'ulong'],
  ['freehigh', 'ulong'],
  ['mem_unit', 'u32'],
  // char _f[20 - 2*sizeof(long) - sizeof(u32)]: zero bytes on 64-bit ABIs.
], 'sysinfo(struct sysinfo *info)');

export const iovec = defineStruct('iovec', [
  ['iov_base', 'pointer'],
  ['iov_len', 'size_t'],
], 'readv / writev');

/** <linux/socket.h> struct user_msghdr: sendmsg / recvmsg. */
export const msghdr = defineStruct('msghdr', [
  ['msg_name', 'pointer'],
  ['msg_namelen', 'int'],
  ['msg_iov', 'pointer'],
  ['msg_iovlen', 'size_t'],
  ['msg_control', 'pointer'],
  ['msg_controllen', 'size_t'],
  ['msg_flags', 'uint'],
], 'sendmsg / recvmsg(int fd, struct user_msghdr *msg, unsigned flags)');

/** <linux/eventpoll.h> struct epoll_event: 16 bytes (the data 8-aligned) ... */
export const epollEvent = defineStruct('epoll_event', [
  ['events', 'u32', 'EPOLLIN, EPOLLOUT, ... (and EPOLLET, EPOLLONESHOT when registering)'],
  ['data', 'u64', 'the caller\'s own word, handed back with each event'],
], 'epoll_ctl(epfd, op, fd, struct epoll_event *event) / epoll_wait(epfd, events, maxevents, timeout)');
/** ... but x86_64 packs it (__EPOLL_PACKED): 12 bytes, the data at offset 4. */
export const epollEventX86_64 = defineStruct('epoll_event', [
  ['events', packed('u32'), 'EPOLLIN, EPOLLOUT, ... (and EPOLLET, EPOLLONESHOT when registering)'],
  ['data', packed('u64'), 'the caller\'s own word, handed back with each event'],
], 'epoll_ctl / epoll_wait: x86_64 packs it to 12 bytes');

/** <linux/stat.h> struct statx_timestamp. */
const statxTimestamp = defineStruct('statx_timestamp', [
  ['tv_sec', 's64'], ['tv_nsec', 'u32'], ['__reserved', 's32'],
], 'statx times');

/** <linux/stat.h> struct statx: one layout on every ABI, 256 bytes. */
export const statx = defineStruct('statx', [
  ['stx_mask', 'u32'], ['stx_blksize', 'u32'], ['stx_attributes', 'u64'],
  ['stx_nlink', 'u32'], ['stx_uid', 'u32'], ['stx_gid', 'u32'], ['stx_mode', 'u16'], ['__spare0', 'u16'],
  ['stx_ino', 'u64'], ['stx_size', 'u64'], ['stx_blocks', 'u64'], ['stx_attributes_mask', 'u64'],
  ['stx_atime', statxTimestamp], ['stx_btime', statxTimestamp], ['stx_ctime', statxTimestamp], ['stx_mtime', statxTimestamp],
  ['stx_rdev_major', 'u32'], ['stx_rdev_minor', 'u32'], ['stx_dev_major', 'u32'], ['stx_dev_minor', 'u32'],
  ['stx_mnt_id', 'u64'], ['__spare', array('u64', 13)],
], 'statx(dirfd, path, flags, mask, struct statx *buf)');

/** <asm/statfs.h> on 64-bit ABIs: every word a long (the generic layout; x86_64 and PowerPC use it too). */
export const statfs = defineStruct('statfs', [
  ['f_type', 'long'], ['f_bsize', 'long'], ['f_blocks', 'long'], ['f_bfree', 'long'], ['f_bavail', 'long'],
  ['f_files', 'long'], ['f_ffree', 'long'], ['f_fsid', array('int', 2)], ['f_namelen', 'long'],
  ['f_frsize', 'long'], ['f_flags', 'long'], ['f_spare', array('long', 4)],
], 'statfs / fstatfs');

/** <asm-generic/poll.h> struct pollfd. */
export const pollfd = defineStruct('pollfd', [
  ['fd', 'int'], ['events', 'short'], ['revents', 'short'],
], 'poll / ppoll');

/** <linux/times.h> struct tms: clock ticks (__kernel_clock_t, a long). */
/** struct termios as TCGETS and TCSETS pass it (<asm-generic/termbits.h>: the kernel's own, 36 bytes, no speeds). */
export const termios = defineStruct('termios', [
  ['c_iflag', 'u32', 'input modes (ICRNL, IXON...)'],
  ['c_oflag', 'u32', 'output modes (OPOST, ONLCR...)'],
  ['c_cflag', 'u32', 'control modes (speed, CS8, CREAD...)'],
  ['c_lflag', 'u32', 'local modes (ISIG, ICANON, ECHO...)'],
  ['c_line', 'u8', 'line discipline (0: N_TTY)'],
  ['c_cc', array('u8', 19), 'control characters (VINTR, VEOF...), VMIN and VTIME'],
], 'ioctl(fd, TCGETS / TCSETS, struct termios *)');
/** ... PowerPC's: c_cc before c_line (its own indices), then the two speeds: 44 bytes. */
export const termiosPpc64 = defineStruct('termios', [
  ['c_iflag', 'u32', 'input modes (ICRNL, IXON...)'],
  ['c_oflag', 'u32', 'output modes (OPOST, ONLCR...)'],
  ['c_cflag', 'u32', 'control modes (speed, CS8, CREAD...)'],
  ['c_lflag', 'u32', 'local modes (ISIG, ICANON, ECHO...)'],
  ['c_cc', array('u8', 19), 'control characters (VINTR, VEOF...), VMIN and VTIME'],
  ['c_line', 'u8', 'line discipline (0: N_TTY)'],
  ['c_ispeed', 'u32', 'input speed (baud)'],
  ['c_ospeed', 'u32', 'output speed (baud)'],
], 'ioctl(fd, TCGETS / TCSETS, struct termios *): PowerPC');
/** struct winsize: a terminal's size, as TIOCGWINSZ and TIOCSWINSZ pass it. */
export const winsize = defineStruct('winsize', [
  ['ws_row', 'u16', 'rows'], ['ws_col', 'u16', 'columns'], ['ws_xpixel', 'u16', 'width in pixels'], ['ws_ypixel', 'u16', 'height in pixels'],
], 'ioctl(fd, TIOCGWINSZ / TIOCSWINSZ, struct winsize *)');

export const tms = defineStruct('tms', [
  ['tms_utime', 'long'], ['tms_stime', 'long'], ['tms_cutime', 'long'], ['tms_cstime', 'long'],
], 'times(struct tms *buf)');

/** <linux/time.h> struct timezone. */
export const timezone = defineStruct('timezone', [
  ['tz_minuteswest', 'int'], ['tz_dsttime', 'int'],
], 'gettimeofday(tv, tz)');

/**
 * A struct whose declaration depends on the architecture: each descriptor's `structs` names its
 * own (an ABI without one has no such struct: x86_64's _fpstate, aarch64's fpsimd_context).
 */
export interface PerArch {
  readonly perArch: true;
}
const perArch: PerArch = { perArch: true };

/** What structDecl needs of an architecture: its descriptor's own declarations. */
export interface ArchStructs { readonly structs: Readonly<Record<string, StructDecl>> }

export const structs: Readonly<Record<string, StructDecl | PerArch>> = {
  clone_struct: cloneStruct,
  clone_args: cloneArgs,
  new_utsname: newUtsname,
  timespec,
  timeval,
  itimerval,
  rlimit64,
  rusage,
  stat: perArch,
  sigaction,
  robust_list_head: robustListHead,
  sysinfo,
  iovec,
  msghdr,
  epoll_event: perArch,
  itimerspec,
  utimbuf,
  sigevent,
  statx,
  statfs,
  pollfd,
  tms,
  timezone,
  termios,
  winsize,
  siginfo,
  signalfd_siginfo: signalfdSiginfo,
  stack_t: stackT,
  sigcontext: perArch,
  ucontext: perArch,
  rt_sigframe: perArch,
  _fpstate: perArch,
  fpsimd_context: perArch,
  vmx_area: perArch,
  _sigregs: perArch,
  ...ipcStructs,
};

export const structNames: readonly string[] = Object.keys(structs);

/** The declaration of `name` for an architecture, or undefined if tricorn declares no such struct. */
export function structDecl(name: string, arch: ArchStructs): StructDecl | undefined {
  if (Object.prototype.hasOwnProperty.call(arch.structs, name)) return arch.structs[name];
  if (!Object.prototype.hasOwnProperty.call(structs, name)) return undefined;
  const s = structs[name];
  return 'perArch' in s ? undefined : s;
}

/** Every struct name: the shared ones and those only some of these architectures declare. */
export function structNamesOf(archs: readonly ArchStructs[]): string[] {
  const names = new Set(structNames);
  for (const a of archs) for (const n of Object.keys(a.structs)) names.add(n);
  return [...names];
}

/** The layout of `name` on an architecture (the ArchDescriptor itself is the ABI info). */
export function structLayout(name: string, arch: AbiInfo & ArchStructs): StructLayout {
  const d = structDecl(name, arch);
  if (!d) throw new Error(`unknown struct ${name}`);
  return layoutOf(d, arch);
}

const EINVAL = 22;
const E2BIG = 7;

/**
 * clone3's copy_clone_args_from_user(): size rules, then copy_struct_from_user. Returns the
 * 88 bytes of a clone_args (a shorter version zero-extended), or -errno:
 * usize above a page: -E2BIG; below CLONE_ARGS_SIZE_VER0: -EINVAL; unknown nonzero tail:
 * -E2BIG; unreadable: -EFAULT. Read fields with structLayout('clone_args', arch).get(bytes, …).
 */
export function readCloneArgs(mem: GuestMemory, addr: number, usize: number,
  arch: { readonly pageSize: number }): Uint8Array | number {
  if (usize > arch.pageSize) return -E2BIG;
  if (usize < CLONE_ARGS_SIZE_VER0) return -EINVAL;
  return copyStructFromUser(mem, addr, usize, CLONE_ARGS_SIZE_VER2);
}
