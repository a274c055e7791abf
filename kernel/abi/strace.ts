// strace-format rendering of system calls: one table, syscall name -> how each argument prints
// (see the kinds in strace-decode.ts) and how the result prints; a few syscalls whose
// arguments depend on each other have decoder functions instead. Output matches strace 6.1
// with its defaults (-s 32, abbreviated structs); test/abi/strace-golden.test.ts holds lines
// strace printed on this machine and checks them.
//
// Arguments come as 32-bit halves — args[2*i] low word, args[2*i+1] high word of argument i —
// and the result as a number in the -errno convention (the kernel converts PowerPC's
// +errno/CR0.SO form first); null for a call that does not return (exit: `= ?`).
//
// Like strace, a call is rendered in two steps: what is known at entry (`read(0, `) and the
// rest after it returns (`"abc", 16) = 3`). A kernel that lets another task run while a call
// blocks prints `straceUnfinished` then, later, `straceResumed`; otherwise `straceLine`.
// Memory is read through ctx.mem: inputs at entry, outputs at exit.

import { errnoMessage, errnoName, isRestartCode, MAX_ERRNO } from './errno.js';
import {
  Call, octal3, decodeArchPrctl, decodeClone, decodeClone2, decodeClone3, decodeFutex, decodeIoctl, hexAddr,
  isKnownSpec, renderArg, waitStatusString, withFdPath, type Decoded, type SpecialDecoder, type StraceContext,
} from './strace-decode.js';
import { signalName } from './signal-names.js';
import { derivedFormat } from './strace-kinds.js';
import { decodeFcntl, decodeGetdents, decodePoll, decodePpoll, decodeStatx } from './strace-fd.js';
import {
  decodePrctl, decodeSchedGetaffinity, decodeCapget, decodeCapset, decodeGetgroups, decodeSetgroups, decodeTime, decodePersonality,
} from './strace-process.js';
import {
  decodeGetsockopt, decodeRecv, decodeRecvfrom, decodeRecvmsg, decodeSend, decodeSendmsg, decodeSendto, decodeSetsockopt, decodeShutdown,
  decodeSockaddrIn, decodeSockaddrOut, decodeSocket, decodeSocketpair,
} from './strace-net.js';
import { decodeEpollCtl, decodeEpollWait } from './strace-events.js';
import {
  decodeIpc, decodeMsgctl, decodeMsgget, decodeMsgrcv, decodeMsgsnd, decodeSemctl, decodeSemget, decodeSemop, decodeSemtimedop,
  decodeShmat, decodeShmctl, decodeShmget,
} from './strace-ipc.js';
import { decodeMremap } from './strace-mem.js';
import { decodeLlseek, decodeMknod, decodeMknodat, decodePselect6, decodeSelect, decodeSendfile, decodeUtimensat } from './strace-files.js';

export type { StraceContext } from './strace-decode.js';

/** How one syscall prints: argument specs, and `x` when the result is an address. */
export interface SyscallFormat {
  readonly args: readonly string[];
  /** d: decimal (default); x: an address; o: octal (umask's old mask); sig: `17 (SIGCHLD)`. */
  readonly ret?: ResultStyle;
}
export type ResultStyle = 'd' | 'x' | 'o' | 'sig';

const fmt = (args: readonly string[], ret?: ResultStyle): SyscallFormat => (ret ? { args, ret } : { args });

/**
 * The table. Specs are explained in strace-decode.ts; `>` marks outputs (printed on exit).
 * Syscalls not listed print the arguments their generated signature declares, each as its kind
 * (strace-kinds.ts); only a number with no name prints six in hex, as strace does.
 */
export const syscallFormats: Readonly<Record<string, SyscallFormat | SpecialDecoder>> = {
  // sockets (strace-net.ts)
  socket: decodeSocket,
  socketpair: decodeSocketpair,
  bind: decodeSockaddrIn,
  connect: decodeSockaddrIn,
  listen: fmt(['fd', 'd']),
  // event files (strace-events.ts)
  epoll_create: fmt(['d']),
  epoll_create1: fmt(['flags:epollcreate']),
  epoll_ctl: decodeEpollCtl,
  epoll_wait: decodeEpollWait,
  epoll_pwait: decodeEpollWait,
  epoll_pwait2: decodeEpollWait,
  eventfd: fmt(['u']),
  eventfd2: fmt(['u', 'flags:efd']),
  timerfd_create: fmt(['xval:clock', 'flags:tfd']),
  timerfd_settime: fmt(['fd', 'flags:tfd', 'itimerspec', '>itimerspec']),
  timerfd_gettime: fmt(['fd', '>itimerspec']),
  // (fd, offset, len: a size_t, advice)
  fadvise64: fmt(['fd', 'ld', 'u', 'xval:fadvise']),
  accept: decodeSockaddrOut,
  accept4: decodeSockaddrOut,
  getsockname: decodeSockaddrOut,
  getpeername: decodeSockaddrOut,
  sendto: decodeSendto,
  recvfrom: decodeRecvfrom,
  send: decodeSend,
  recv: decodeRecv,
  sendmsg: decodeSendmsg,
  recvmsg: decodeRecvmsg,
  shutdown: decodeShutdown,
  setsockopt: decodeSetsockopt,
  getsockopt: decodeGetsockopt,
  // io
  read: fmt(['fd', '>buf', 'u']),
  write: fmt(['fd', 'str:2', 'u']),
  pread64: fmt(['fd', '>buf', 'u', 'ld']),
  pwrite64: fmt(['fd', 'str:2', 'u', 'ld']),
  readv: fmt(['fd', '>iov:2', 'u']),
  writev: fmt(['fd', 'iov:2', 'u']),
  close: fmt(['fd']),
  dup: fmt(['fd']),
  dup2: fmt(['fd', 'fd']),
  lseek: fmt(['fd', 'ld', 'xval:whence']),
  _llseek: decodeLlseek,
  open: fmt(['path', 'openflags', 'openmode:1']),
  openat: fmt(['dirfd', 'path', 'openflags', 'openmode:2']),
  ioctl: decodeIoctl,
  fstat: fmt(['fd', '>stat']),
  newfstatat: fmt(['dirfd', 'path', '>stat', 'flags:at']),
  readlink: fmt(['path', '>buf', 'u']),
  readlinkat: fmt(['dirfd', 'path', '>buf', 'u']),
  getcwd: fmt(['>path', 'u']),
  // System V IPC (strace-ipc.ts)
  shmget: decodeShmget,
  shmat: decodeShmat,
  shmdt: fmt(['ptr']),
  shmctl: decodeShmctl,
  semget: decodeSemget,
  semop: decodeSemop,
  semtimedop: decodeSemtimedop,
  semctl: decodeSemctl,
  msgget: decodeMsgget,
  msgsnd: decodeMsgsnd,
  msgrcv: decodeMsgrcv,
  msgctl: decodeMsgctl,
  ipc: decodeIpc,
  // processes
  exit: fmt(['d']),
  exit_group: fmt(['d']),
  getpid: fmt([]),
  getppid: fmt([]),
  gettid: fmt([]),
  getuid: fmt([]),
  geteuid: fmt([]),
  getgid: fmt([]),
  getegid: fmt([]),
  clone: decodeClone,
  clone2: decodeClone2,
  clone3: decodeClone3,
  fork: fmt([]),
  vfork: fmt([]),
  wait4: fmt(['pid', '>wstatus', 'flags:wait', '>rusage']),
  // waitid's siginfo: `{}` when nothing was reaped (WNOHANG), the address when it failed.
  waitid: fmt(['xval:idtype', 'd', '>siginfo', 'flags:wait', '>usage']),
  pidfd_open: fmt(['pid', 'flags:pidfd']),
  personality: decodePersonality,
  pidfd_send_signal: fmt(['fd', 'sig', 'siginfo', 'x']),
  pidfd_getfd: fmt(['fd', 'fd', 'x']),
  kill: fmt(['pid', 'sig']),
  tkill: fmt(['pid', 'sig']),
  tgkill: fmt(['pid', 'pid', 'sig']),
  unshare: fmt(['flags64:unshare']),
  sethostname: fmt(['str:1', 'u']),
  setdomainname: fmt(['str:1', 'u']),
  set_tid_address: fmt(['ptr']),
  set_robust_list: fmt(['ptr', 'u']),
  // strace 6.1 has no rseq decoder: its generic one prints every argument in hex.
  rseq: fmt(['x', 'x', 'x', 'x']),
  prlimit64: fmt(['pid', 'xval:rlimit', 'rlimit', '>rlimit']),
  arch_prctl: decodeArchPrctl,
  uname: fmt(['>utsname']),
  sched_yield: fmt([]),
  getrandom: fmt(['>hexbuf', 'u', 'flags:grnd']),
  // memory
  brk: fmt(['ptr'], 'x'),
  mmap: fmt(['ptr', 'u', 'prot', 'mmapflags', 'fd', 'x'], 'x'),
  munmap: fmt(['ptr', 'u']),
  mremap: decodeMremap,
  mprotect: fmt(['ptr', 'u', 'prot']),
  madvise: fmt(['ptr', 'u', 'xval:madv']),
  msync: fmt(['ptr', 'u', 'flags:msync']),
  // futex and time
  futex: decodeFutex,
  clock_gettime: fmt(['xval:clock', '>timespec']),
  clock_getres: fmt(['xval:clock', '>timespec']),
  nanosleep: fmt(['timespec', '>rem']),
  clock_nanosleep: fmt(['xval:clock', 'flags:timer', 'timespec', '>rem']),
  rt_sigtimedwait: fmt(['sigset:3', '>siginfo', 'timespec', 'u'], 'sig'),
  setitimer: fmt(['xval:itimer', 'itimerval', '>itimerval']),
  getitimer: fmt(['xval:itimer', '>itimerval']),
  // signals
  rt_sigaction: fmt(['sig', 'sigaction', '>sigaction', 'u']),
  rt_sigprocmask: fmt(['xval:sigprocmask', 'sigset:3', '>sigset:3', 'u']),
  sigaltstack: fmt(['stack_t', '>stack_t']),
  rt_sigreturn: fmt([]),
  rt_sigqueueinfo: fmt(['pid', 'sig', 'siginfo']),
  rt_tgsigqueueinfo: fmt(['pid', 'pid', 'sig', 'siginfo']),
  rt_sigsuspend: fmt(['sigset:1', 'u']),
  rt_sigpending: fmt(['>sigset:1', 'u']),
  signalfd4: fmt(['fd', 'sigset:2', 'u', 'flags:sfd']),
  prctl: decodePrctl,
  sched_getaffinity: decodeSchedGetaffinity,
  getgroups: decodeGetgroups,
  setgroups: decodeSetgroups,
  getresuid: fmt(['>int', '>int', '>int']),
  getresgid: fmt(['>int', '>int', '>int']),
  capget: decodeCapget,
  capset: decodeCapset,
  sysinfo: fmt(['>sysinfo']),
  times: fmt(['>tms']),
  getrusage: fmt(['who', '>usage']),
  gettimeofday: fmt(['>timeval', '>timezone']),
  settimeofday: fmt(['timeval', 'timezone']),
  time: decodeTime,
  // files (the VFS)
  creat: fmt(['path', 'mode']),
  // The generated signatures declare mount's strings as non-const `char __user *` (buffers to
  // the generic renderer); strace prints them as strings, the data as a string or NULL.
  mount: fmt(['path', 'path', 'path', 'flags:mount', 'path']),
  umount2: fmt(['path', 'flags:umount']),
  close_range: fmt(['u', 'u', 'flags:closerange']),
  flock: fmt(['fd', 'flags:flock']),
  preadv: fmt(['fd', '>iov:2', 'u', 'ld']),
  pwritev: fmt(['fd', 'iov:2', 'u', 'ld']),
  // preadv2/pwritev2 take (…, pos_l, pos_h, flags): on a 64-bit ABI pos_l is the whole offset.
  preadv2: fmt(['fd', '>iov:2', 'u', 'ld', 'skip', 'flags:rwf']),
  pwritev2: fmt(['fd', 'iov:2', 'u', 'ld', 'skip', 'flags:rwf']),
  sendfile: decodeSendfile,
  copy_file_range: fmt(['fd', 'int', 'fd', 'int', 'u', 'd']),
  stat: fmt(['path', '>stat']),
  lstat: fmt(['path', '>stat']),
  statx: decodeStatx,
  statfs: fmt(['path', '>statfs']),
  fstatfs: fmt(['fd', '>statfs']),
  statfs64: fmt(['path', 'u', '>statfs']),
  fstatfs64: fmt(['fd', 'u', '>statfs']),
  access: fmt(['path', 'amode']),
  faccessat: fmt(['dirfd', 'path', 'amode']),
  faccessat2: fmt(['dirfd', 'path', 'amode', 'flags:faccessat']),
  getdents64: decodeGetdents,
  getdents: decodeGetdents,
  mkdir: fmt(['path', 'mode']),
  mkdirat: fmt(['dirfd', 'path', 'mode']),
  mknod: decodeMknod,
  mknodat: decodeMknodat,
  unlink: fmt(['path']),
  unlinkat: fmt(['dirfd', 'path', 'flags:at']),
  rmdir: fmt(['path']),
  rename: fmt(['path', 'path']),
  renameat: fmt(['dirfd', 'path', 'dirfd', 'path']),
  renameat2: fmt(['dirfd', 'path', 'dirfd', 'path', 'flags:rename']),
  link: fmt(['path', 'path']),
  linkat: fmt(['dirfd', 'path', 'dirfd', 'path', 'flags:at']),
  symlink: fmt(['path', 'path']),
  symlinkat: fmt(['path', 'dirfd', 'path']),
  chmod: fmt(['path', 'mode']),
  fchmod: fmt(['fd', 'mode']),
  fchmodat: fmt(['dirfd', 'path', 'mode']),
  chown: fmt(['path', 'd', 'd']),
  lchown: fmt(['path', 'd', 'd']),
  fchown: fmt(['fd', 'd', 'd']),
  fchownat: fmt(['dirfd', 'path', 'd', 'd', 'flags:at']),
  utimensat: decodeUtimensat,
  truncate: fmt(['path', 'ld']),
  ftruncate: fmt(['fd', 'ld']),
  fsync: fmt(['fd']),
  fdatasync: fmt(['fd']),
  fallocate: fmt(['fd', 'd', 'ld', 'ld']),
  chdir: fmt(['path']),
  fchdir: fmt(['fd']),
  umask: fmt(['mode'], 'o'),
  dup3: fmt(['fd', 'fd', 'flags:fdflags']),
  pipe: fmt(['>fdpair']),
  pipe2: fmt(['>fdpair', 'flags:fdflags']),
  fcntl: decodeFcntl,
  poll: decodePoll,
  ppoll: decodePpoll,
  select: decodeSelect,
  pselect6: decodePselect6,
  execve: fmt(['path', 'argv', 'envp']),
  execveat: fmt(['dirfd', 'path', 'argv', 'envp', 'flags:at']),
  setrlimit: fmt(['xval:rlimit', 'rlimit']),
};

// Every spec must name a known kind; checked once at load so a typo fails loudly in tests.
for (const [name, f] of Object.entries(syscallFormats)) {
  if (typeof f === 'function') continue;
  for (const spec of f.args) if (!isKnownSpec(spec)) throw new Error(`strace table: ${name}: bad spec ${spec}`);
}

/** strace's name for a syscall number it has no name for: `syscall_0x3e7`. */
export function unknownSyscallName(nr: number): string {
  return `syscall_${hexAddr(nr)}`;
}

const RAW6: SyscallFormat = fmt(['x', 'x', 'x', 'x', 'x', 'x']);

/** A call between its entry and its exit. */
export class PendingSyscall {
  readonly name: string;
  /** What strace prints at entry: `write(1, "hi", 2` or `read(0, `. (rt_sigreturn's is filled in later, from its frame.) */
  entered: string;
  /** @internal */ readonly call: Call;
  /** @internal */ readonly rest: ((c: Call) => string) | null;
  /** @internal */ readonly ret: ResultStyle;
  /** @internal */ readonly retText: ((c: Call) => string) | undefined;
  /** -e inject: the call was not made; its error was (strace's ` (INJECTED)`). */
  injected = false;

  constructor(call: Call, entered: string, rest: ((c: Call) => string) | null, ret: ResultStyle,
    retText?: (c: Call) => string) {
    this.name = call.name;
    this.call = call;
    this.entered = entered;
    this.rest = rest;
    this.ret = ret;
    this.retText = retText;
  }
}

/** Start rendering a call: decode what strace decodes on entry (inputs are read now). */
/**
 * Calls whose arguments are a block of longs in memory, printed as the call they stand for with
 * those arguments (strace's fetch_indirect_syscall_args: old_mmap prints as mmap; socketcall,
 * which s390x's glibc uses for every socket call, as its subcall: `socket(AF_INET, …)`).
 * `block`: the argument pointing at the block; `as`: the call and its count of arguments.
 */
const indirect: Readonly<Record<string, { readonly block: number; as(args: Uint32Array): readonly [string, number] | null }>> = {
  old_mmap: { block: 0, as: () => ['mmap', 6] },
  socketcall: { block: 1, as: (a) => (a[1] === 0 && a[0] >= 1 && a[0] < socketSubcalls.length ? socketSubcalls[a[0]] : null) },
};

/** <linux/net.h>'s SYS_SOCKET (1) … SYS_SENDMMSG (20): the socketcall subcalls and their argument counts. */
const socketSubcalls: readonly (readonly [string, number])[] = [['', 0], ['socket', 3], ['bind', 3], ['connect', 3],
  ['listen', 2], ['accept', 3], ['getsockname', 3], ['getpeername', 3], ['socketpair', 4], ['send', 4], ['recv', 4],
  ['sendto', 6], ['recvfrom', 6], ['shutdown', 2], ['setsockopt', 5], ['getsockopt', 5], ['sendmsg', 3], ['recvmsg', 3],
  ['accept4', 4], ['recvmmsg', 5], ['sendmmsg', 4]];

/** The block of `count` longs args[i] points at, as argument halves; null if unreadable. */
function indirectArgs(args: Uint32Array, i: number, count: number, ctx: StraceContext): Uint32Array | null {
  const hi = args[2 * i + 1];
  const b = ctx.mem && hi < 0x200000 ? ctx.mem.read(hi * 0x100000000 + args[2 * i], 8 * count) : null;
  if (!b) return null;
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const little = ctx.arch.endian === 'little';
  const out = new Uint32Array(args.length);
  for (let k = 0; k < count; k++) {
    out[2 * k] = dv.getUint32(8 * k + (little ? 0 : 4), little);
    out[2 * k + 1] = dv.getUint32(8 * k + (little ? 4 : 0), little);
  }
  return out;
}

export function straceEnter(name: string, args: Uint32Array, ctx: StraceContext): PendingSyscall {
  const ind = Object.hasOwn(indirect, name) ? indirect[name] : undefined;
  const as = ind?.as(args) ?? null;
  const real = ind && as ? indirectArgs(args, ind.block, as[1], ctx) : null;
  if (as && real) return straceEnter(as[0], real, ctx);
  const call = new Call(name, args, ctx);
  const f = (Object.hasOwn(syscallFormats, name) ? syscallFormats[name] : undefined)
    ?? derivedFormat(ctx.arch.syscall.signatures, name) ?? RAW6;
  let d: Decoded;
  let ret: ResultStyle = 'd';
  if (typeof f === 'function') {
    d = f(call);
  } else {
    ret = f.ret ?? 'd';
    d = tableDecode(call, f);
  }
  return new PendingSyscall(call, `${name}(${d.enter}`, d.exit, ret, d.ret);
}

function tableDecode(c: Call, f: SyscallFormat): Decoded {
  const firstOut = f.args.findIndex((s) => s.startsWith('>'));
  const cut = firstOut < 0 ? f.args.length : firstOut;
  const before: string[] = [];
  for (let i = 0; i < cut; i++) {
    const s = renderArg(c, i, f.args[i]);
    if (s !== null) before.push(s);
  }
  if (firstOut < 0) return { enter: before.join(', '), exit: null };
  const enter = before.length ? `${before.join(', ')}, ` : '';
  return {
    enter,
    exit: (cc) => {
      const after: string[] = [];
      for (let i = cut; i < f.args.length; i++) {
        const s = renderArg(cc, i, f.args[i]);
        if (s !== null) after.push(s);
      }
      return after.join(', ');
    },
  };
}

/** `= 5`, `= 0x7f…`, `= -1 ENOSYS (Function not implemented)`, `= ?` — without the `= `. */
export function formatResult(result: number | null, ret: ResultStyle = 'd', ctx?: StraceContext): string {
  if (result === null) return '?';
  if (result < 0 && result >= -MAX_ERRNO) {
    const e = -result;
    const name = errnoName(e, ctx?.arch);
    if (isRestartCode(e)) return `? ${name} (${errnoMessage(e)})`;
    return `-1 ${name ?? e} (${errnoMessage(e)})`;
  }
  if (ret === 'x') return result === 0 ? '0' : result > 0 ? hexAddr(result) : `${result}`;
  if (ret === 'o') return octal3(result);
  if (ret === 'sig') return `${result} (${signalName(result)})`;
  return `${result}`;
}

/** Calls whose result is a new descriptor (strace's RVAL_FD): -y shows its path, `= 3</tmp/x>`. */
const fdReturning = new Set(['open', 'openat', 'openat2', 'creat', 'dup', 'dup2', 'dup3', 'open_by_handle_at', 'socket',
  'accept', 'accept4', 'epoll_create', 'epoll_create1', 'eventfd', 'eventfd2', 'signalfd', 'signalfd4', 'timerfd_create',
  'inotify_init', 'inotify_init1', 'memfd_create', 'memfd_secret', 'fanotify_init', 'perf_event_open', 'pidfd_open',
  'pidfd_getfd', 'userfaultfd', 'io_uring_setup', 'fsopen', 'fsmount', 'fspick', 'open_tree', 'mq_open',
  'landlock_create_ruleset']);
const F_DUPFD = 0, F_DUPFD_CLOEXEC = 1030;

/** The result text of a finished call: its decoder's own on success, else formatResult's. */
function resultText(p: PendingSyscall, result: number | null, c: StraceContext): string {
  const ok = result !== null && !(result < 0 && result >= -MAX_ERRNO);
  if (p.retText && ok) {
    p.call.result = result;
    return p.retText(p.call);
  }
  const text = formatResult(result, p.ret, c);
  const dupfd = p.name === 'fcntl' && (p.call.lo(1) === F_DUPFD || p.call.lo(1) === F_DUPFD_CLOEXEC);
  return ok && c.fdPath && (fdReturning.has(p.name) || dupfd) ? withFdPath(new Call(p.name, p.call.args, c), result, text) : text;
}

function finishText(p: PendingSyscall, result: number | null, ctx: StraceContext | undefined): string {
  const c = p.call;
  c.result = result;
  const exitCtx = ctx ?? c.ctx;
  const cc = exitCtx === c.ctx ? c : Object.assign(new Call(c.name, c.args, exitCtx), { result });
  // A call that never returns (its task died in it) prints no outputs: strace's ` <unfinished ...>`.
  if (result === null && p.rest) return ' <unfinished ...>)';
  return `${p.rest ? p.rest(cc) : ''})`;
}

/** strace's default -a: ` = ` starts at column 40 (the result's `=` in column 41, 1-based). */
export const DEFAULT_COLUMN = 40;

/** strace's alignment: pad to column-1, then ` = `. */
export function withResult(line: string, result: string, column: number, prefixLen: number): string {
  const pad = column > 0 ? Math.max(0, column - 1 - (prefixLen + line.length)) : 0;
  return `${line}${' '.repeat(pad)} = ${result}`;
}

/**
 * The whole line for a call that ran without another task's line in between:
 * `prefix` + `write(1, "hello\n", 6) = 6`. Outputs are read from ctx.mem (default: the
 * context given at entry) now.
 */
export function straceLine(p: PendingSyscall, result: number | null, ctx?: StraceContext, prefix = ''): string {
  const c = ctx ?? p.call.ctx;
  const body = p.entered + finishText(p, result, ctx);
  return prefix + withResult(body, resultText(p, result, c), c.column ?? 0, prefix.length);
}

/** `prefix` + `wait4(-1,  <unfinished ...>`: the call blocked and another task's line follows. */
export function straceUnfinished(p: PendingSyscall, prefix = ''): string {
  return `${prefix}${p.entered} <unfinished ...>`;
}

/** `prefix` + `<... wait4 resumed>[{WIFEXITED(s) && WEXITSTATUS(s) == 0}], 0, NULL) = 43`. */
export function straceResumed(p: PendingSyscall, result: number | null, ctx?: StraceContext, prefix = ''): string {
  const c = ctx ?? p.call.ctx;
  const body = `<... ${p.name} resumed>${finishText(p, result, ctx)}`;
  return prefix + withResult(body, resultText(p, result, c), c.column ?? 0, prefix.length);
}

/**
 * One call in one step — entry and exit decoding both done now, after the call returned:
 * `formatSyscall('write', args, 6, ctx)` → `write(1, "hello\n", 6) = 6`. Fine whenever the
 * call did not change its own inputs (true of everything tricorn implements).
 */
export function formatSyscall(name: string, args: Uint32Array, result: number | null, ctx: StraceContext, prefix = ''): string {
  return straceLine(straceEnter(name, args, ctx), result, ctx, prefix);
}

/** `[pid   600] `: the prefix strace puts on lines once it traces more than one task. */
export function pidPrefix(pid: number): string {
  return `[pid ${String(pid).padStart(5)}] `;
}

/** `+++ exited with 3 +++` */
export function formatExited(code: number): string {
  return `+++ exited with ${code & 0xff} +++`;
}

/** `+++ killed by SIGSEGV +++`, with ` (core dumped)` when the status says so. */
export function formatKilled(sig: number, coreDumped = false): string {
  return `+++ killed by ${signalName(sig)}${coreDumped ? ' (core dumped)' : ''} +++`;
}

/** The end-of-task line for a Linux wait status (exited or killed). */
export function formatExitStatus(waitStatus: number): string {
  const sig = waitStatus & 0x7f;
  return sig === 0 ? formatExited((waitStatus >>> 8) & 0xff) : formatKilled(sig, (waitStatus & 0x80) !== 0);
}

/**
 * The line strace prints when a fault's signal is delivered:
 * `--- SIGSEGV {si_signo=SIGSEGV, si_code=SEGV_MAPERR, si_addr=0x8} ---`.
 * siCode is a name such as SEGV_MAPERR, SEGV_ACCERR, ILL_ILLOPC, BUS_ADRALN, TRAP_BRKPT.
 */
export function formatFaultSignal(sig: number, siCode: string, addr: number): string {
  return `--- ${signalName(sig)} {si_signo=${signalName(sig)}, si_code=${siCode}, si_addr=${addr === 0 ? 'NULL' : hexAddr(addr)}} ---`;
}

/** `[{WIFEXITED(s) && WEXITSTATUS(s) == 0}]`: a wait status as wait4's output shows it. */
export function formatWaitStatus(status: number): string {
  return waitStatusString(status);
}

export { signalName } from './signal-names.js';
export { quoteBytes, quoteString } from './quote.js';
export { hexAddr };
