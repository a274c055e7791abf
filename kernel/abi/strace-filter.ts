// strace's -e trace=… and -e signal=… expressions: which calls and which signals are shown.
// Names, strace's classes (%file, %desc, %process, %signal, %memory, %network, %ipc, %creds,
// %clock), `all`/`none`, and a leading `!` that negates the whole set, as strace reads them.
//
// %file and %desc are derived from each call's generated signature (a path argument; an fd
// argument or an fd result), the way strace's TF/TD flags are assigned; the others are strace's
// own lists (its syscallent tables' TP, TS, TM, TN, TI, TC, TCL flags).
import type { ArchDescriptor } from '../../arch/types.js';
import { kindOf } from './strace-kinds.js';
import { signalNumber } from './signal-names.js';
import { errnoNumber } from './errno.js';

const lists: Readonly<Record<string, readonly string[]>> = {
  process: ['clone', 'clone2', 'clone3', 'fork', 'vfork', 'execve', 'execveat', 'exit', 'exit_group', 'wait4', 'waitid',
    'waitpid', 'kill', 'tkill', 'tgkill', 'rt_sigqueueinfo', 'rt_tgsigqueueinfo', 'pidfd_send_signal'],
  signal: ['rt_sigaction', 'rt_sigprocmask', 'rt_sigreturn', 'rt_sigsuspend', 'rt_sigpending', 'rt_sigtimedwait',
    'rt_sigqueueinfo', 'rt_tgsigqueueinfo', 'sigaltstack', 'kill', 'tkill', 'tgkill', 'pause', 'signalfd', 'signalfd4',
    'pidfd_send_signal', 'io_uring_enter', 'sigreturn', 'signal', 'sigaction', 'sigsuspend', 'sigpending', 'sigprocmask',
    'sgetmask', 'ssetmask'],
  memory: ['brk', 'mmap', 'mmap2', 'munmap', 'mremap', 'mprotect', 'pkey_mprotect', 'madvise', 'mlock',
    'mlock2', 'munlock', 'mlockall', 'munlockall', 'mincore', 'msync', 'remap_file_pages', 'mbind', 'get_mempolicy',
    'set_mempolicy', 'set_mempolicy_home_node', 'migrate_pages', 'move_pages', 'io_setup', 'io_destroy', 'shmat', 'shmdt',
    'subpage_prot', 'break', 'io_uring_register'],
  network: ['socket', 'socketpair', 'bind', 'connect', 'listen', 'accept', 'accept4', 'getsockname', 'getpeername',
    'sendto', 'recvfrom', 'sendmsg', 'recvmsg', 'sendmmsg', 'recvmmsg', 'shutdown', 'setsockopt', 'getsockopt',
    'sendfile', 'socketcall', 'getpmsg', 'putpmsg'],
  ipc: ['msgget', 'msgsnd', 'msgrcv', 'msgctl', 'semget', 'semop', 'semtimedop', 'semctl', 'shmget', 'shmat', 'shmdt',
    'shmctl', 'ipc'],
  creds: ['getuid', 'geteuid', 'getgid', 'getegid', 'setuid', 'setgid', 'setreuid', 'setregid', 'setresuid', 'getresuid',
    'setresgid', 'getresgid', 'setfsuid', 'setfsgid', 'getgroups', 'setgroups', 'capget', 'capset', 'prctl'],
  clock: ['clock_gettime', 'clock_settime', 'clock_getres', 'clock_adjtime', 'gettimeofday', 'settimeofday', 'adjtimex', 'time'],
};

/** Calls that return a new descriptor without taking one (strace marks them TD too). */
const fdResults = ['open', 'creat', 'pipe', 'pipe2', 'eventfd', 'eventfd2', 'epoll_create',
  'epoll_create1', 'memfd_create', 'memfd_secret', 'inotify_init', 'inotify_init1', 'signalfd', 'timerfd_create',
  'fanotify_init', 'userfaultfd', 'perf_event_open', 'pidfd_open', 'fsopen', 'open_tree', 'io_uring_setup', 'mq_open',
  'landlock_create_ruleset', 'bpf'];

/**
 * Where a signature misleads, strace's own TF/TD flags decide. Not %file: calls whose string is
 * a name, not a path (keys, modules, xattr names on an fd, memfd and mqueue names, fsopen's
 * file-system type). %file although no argument reads as a path: utime(s) and mount/umount2
 * (their kinds are a struct and plain strings). %desc although no argument reads as an fd: the
 * calls whose fd is an `unsigned long` or sits inside a struct (mmap, readv/writev and
 * preadv/pwritev, poll/ppoll, select/pselect6, the mqueue calls, open_by_handle_at). Not
 * %desc: the socket calls, %network only (sendfile is both).
 */
const notFile = new Set(['add_key', 'request_key', 'create_module', 'delete_module', 'init_module', 'query_module',
  'finit_module', 'kexec_file_load', 'fgetxattr', 'fsetxattr', 'fremovexattr', 'fsopen', 'memfd_create', 'mq_open',
  'mq_timedsend', 'mq_unlink']);
const alsoFile = ['getcwd', 'utime', 'utimes', 'mount', 'umount', 'umount2'];
const alsoDesc = ['mmap', 'mmap2', 'old_mmap', 'readv', 'writev', 'preadv', 'pwritev', 'preadv2', 'pwritev2', 'poll', 'ppoll',
  'select', '_newselect', 'pselect6', 'mq_timedsend', 'mq_timedreceive', 'mq_notify', 'mq_getsetattr', 'open_by_handle_at'];
const notDesc = new Set(lists.network.filter((n) => n !== 'sendfile'));

/** The calls of a class on an architecture; undefined for an unknown class. */
export function classMembers(arch: ArchDescriptor, cls: string): Set<string> | undefined {
  const names = Object.keys(arch.syscall.signatures);
  const kinds = (n: string) => arch.syscall.signatures[n].map(kindOf);
  const known = (n: string) => Object.hasOwn(arch.syscall.signatures, n);
  switch (cls) {
    case 'file': return new Set([...names.filter((n) => kinds(n).includes('path') && !notFile.has(n)), ...alsoFile.filter(known)]);
    case 'desc': return new Set([...names.filter((n) => kinds(n).some((k) => k === 'fd' || k === 'dirfd')), ...fdResults,
      ...alsoDesc.filter(known)].filter((n) => !notDesc.has(n)));
    default: return lists[cls] ? new Set(lists[cls]) : undefined;
  }
}

export class FilterError extends Error {}

/** A set read from `a,b,%class` or `!…`: `has(x)` says whether x is shown. */
export interface Selection { has(x: string | number): boolean }

function parseSet<T>(spec: string, item: (s: string) => T[] | undefined, what: string): { set: Set<T>; negate: boolean; all: boolean } {
  let negate = false;
  let s = spec;
  while (s.startsWith('!')) { negate = !negate; s = s.slice(1); }
  const set = new Set<T>();
  let all = false;
  for (const part of s.split(',')) {
    if (part === 'all') { all = true; continue; }
    if (part === 'none') continue;
    const got = item(part);
    if (!got) throw new FilterError(`invalid ${what} '${part}'`);
    for (const x of got) set.add(x);
  }
  return { set, negate, all };
}

/** -e trace=SPEC on an architecture. */
export function traceSelection(arch: ArchDescriptor, spec: string): Selection {
  const known = new Set(Object.values(arch.syscall.names));
  const { set, negate, all } = parseSet(spec, (p) => {
    if (p.startsWith('%')) { const m = classMembers(arch, p.slice(1)); return m ? [...m] : undefined; }
    // strace also takes a class without its %, for the old names: file, process, …
    if (!known.has(p)) { const m = classMembers(arch, p); return m ? [...m] : undefined; }
    return [p];
  }, 'system call or class');
  return { has: (x) => (all || set.has(String(x))) !== negate };
}

/** -e signal=SPEC: names with or without SIG, or numbers. */
export function signalSelection(spec: string): Selection {
  const { set, negate, all } = parseSet(spec, (p) => {
    if (/^\d+$/.test(p)) return [Number(p)];
    const n = signalNumber(p.toUpperCase().startsWith('SIG') ? p.toUpperCase() : `SIG${p.toUpperCase()}`);
    return n === undefined ? undefined : [n];
  }, 'signal');
  return { has: (x) => (all || set.has(Number(x))) !== negate };
}

/**
 * -e inject=SET:error=ERRNO (strace's fault injection, its `error=` form only): the calls of SET
 * (as trace=) are not made and fail with ERRNO, a name (ENOSYS) or a number.
 */
export function injectSelection(arch: ArchDescriptor, spec: string): { calls: Selection; errno: number } {
  const colon = spec.indexOf(':');
  if (colon < 0) throw new FilterError(`inject=${spec}: say what to inject (inject=SET:error=ERRNO)`);
  const calls = traceSelection(arch, spec.slice(0, colon));
  const action = spec.slice(colon + 1);
  const m = /^error=(\w+)$/.exec(action);
  if (!m) throw new FilterError(`inject=…:${action}: only error=ERRNO is supported`);
  const errno = /^\d+$/.test(m[1]) ? Number(m[1]) : errnoNumber(m[1], arch);
  if (errno === undefined || errno < 1 || errno > 4095) throw new FilterError(`inject=…:error=${m[1]}: not an errno`);
  return { calls, errno };
}
