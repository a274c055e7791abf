// The strace renderer beyond the captured golden lines: the README's and the issues' own examples,
// the other architectures (byte order, clone's register order, per-arch flag values), and the
// API's edges.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { aarch64 } from '../../arch/aarch64.js';
import { ppc64, ppc64le } from '../../arch/ppc64.js';
import { x86_64 } from '../../arch/x86_64.js';
import type { ArchDescriptor } from '../../arch/types.js';
import { architectures } from '../../arch/index.js';
import { structLayout } from '../../kernel/abi/structs.js';
import {
  formatExitStatus, formatExited, formatFaultSignal, formatKilled, formatResult, formatSyscall, formatWaitStatus,
  pidPrefix, straceEnter, straceLine, straceResumed, straceUnfinished, syscallFormats, unknownSyscallName,
  type StraceContext,
} from '../../kernel/abi/strace.js';
import { FakeMem, args } from './helpers.js';

const all = architectures;
const ctx = (arch: ArchDescriptor, mem: FakeMem | null = new FakeMem(), extra: Partial<StraceContext> = {}): StraceContext =>
  ({ arch, mem, ...extra });

test('write(1, "hello", 5) = 5 and the error form', () => {
  for (const arch of all) {
    const m = new FakeMem().put(0x10000, 'hello');
    assert.equal(formatSyscall('write', args(1, 0x10000, 5), 5, ctx(arch, m)), 'write(1, "hello", 5) = 5');
    assert.equal(formatSyscall('write', args(1, 0x10000, 5), -38, ctx(arch, m)), 'write(1, "hello", 5) = -1 ENOSYS (Function not implemented)');
  }
});

test('clone2 in docs/clone2.md\'s form, the same on all four ABIs (the struct read in each byte order)', () => {
  const line = 'clone2({flags=CLONE_NEWPID|SIGCHLD, child_stack=NULL, nr_pids=2, parent_tid=0x4c1d40, child_tid=0x4c1d44, reserved1=0, reserved2=0}, [700, 70]) = 70';
  for (const arch of all) {
    const m = new FakeMem();
    m.put(0x4c1000, structLayout('clone_struct', arch).encode({ flags: 0x20000011, nr_pids: 2, parent_tid: 0x4c1d40, child_tid: 0x4c1d44 }));
    const pids = new Uint8Array(8);
    const L = structLayout('clone_struct', arch);
    const tmp = new Uint8Array(40);
    L.set(tmp, 'nr_pids', 700); pids.set(tmp.subarray(16, 20), 0);
    L.set(tmp, 'nr_pids', 70); pids.set(tmp.subarray(16, 20), 4);
    m.put(0x4c2000, pids);
    assert.equal(formatSyscall('clone2', args(0x4c1000, 0x4c2000), 70, ctx(arch, m)), line, arch.name);
  }
});

test('clone2: PARENT_SETTID shows the slot after the call; bad pointers show as addresses', () => {
  const m = new FakeMem();
  const L = structLayout('clone_struct', ppc64);
  m.put(0x4c1000, L.encode({ flags: 0x20100011, child_stack: 0x7fff0000, nr_pids: 1, parent_tid: 0x4c1d40, reserved1: 5 }));
  m.put(0x4c1d40, Uint8Array.from([0, 0, 0x02, 0xbc])); // 700, big-endian
  m.put(0x4c2000, Uint8Array.from([0, 0, 0x02, 0xbc]));
  const c = ctx(ppc64, m);
  assert.equal(formatSyscall('clone2', args(0x4c1000, 0x4c2000), 700, c),
    'clone2({flags=CLONE_PARENT_SETTID|CLONE_NEWPID|SIGCHLD, child_stack=0x7fff0000, nr_pids=1, parent_tid=0x4c1d40, child_tid=NULL, reserved1=5, reserved2=0} => {parent_tid=[700]}, [700]) = 700');
  assert.equal(formatSyscall('clone2', args(0x4c1000, 0x4c2000), -16, c),
    'clone2({flags=CLONE_PARENT_SETTID|CLONE_NEWPID|SIGCHLD, child_stack=0x7fff0000, nr_pids=1, parent_tid=0x4c1d40, child_tid=NULL, reserved1=5, reserved2=0}, [700]) = -1 EBUSY (Device or resource busy)');
  // Unreadable struct, NULL struct, unreadable pids, no pids, NULL pids.
  assert.equal(formatSyscall('clone2', args(0x9000, 0x4c2000), -14, c), 'clone2(0x9000, 0x4c2000) = -1 EFAULT (Bad address)');
  assert.equal(formatSyscall('clone2', args(0, 0), -14, c), 'clone2(NULL, NULL) = -1 EFAULT (Bad address)');
  m.put(0x4c3000, L.encode({ flags: 17, nr_pids: 3 }));
  assert.equal(formatSyscall('clone2', args(0x4c3000, 0x9000), -14, c),
    'clone2({flags=SIGCHLD, child_stack=NULL, nr_pids=3, parent_tid=NULL, child_tid=NULL, reserved1=0, reserved2=0}, 0x9000) = -1 EFAULT (Bad address)');
  m.put(0x4c3000, L.encode({ flags: 17, nr_pids: 0 }));
  assert.equal(formatSyscall('clone2', args(0x4c3000, 0x9000), 5, c),
    'clone2({flags=SIGCHLD, child_stack=NULL, nr_pids=0, parent_tid=NULL, child_tid=NULL, reserved1=0, reserved2=0}, []) = 5');
  m.put(0x4c3000, L.encode({ flags: 17, nr_pids: 1 }));
  assert.equal(formatSyscall('clone2', args(0x4c3000, 0), -14, c),
    'clone2({flags=SIGCHLD, child_stack=NULL, nr_pids=1, parent_tid=NULL, child_tid=NULL, reserved1=0, reserved2=0}, NULL) = -1 EFAULT (Bad address)');
  // Unknown flag bits (the RFC's room to grow) print as a hex remainder.
  m.put(0x4c3000, L.encode({ flags: 0x100000000n | 0x400000n | 17n }));
  assert.match(formatSyscall('clone2', args(0x4c3000, 0), -22, c), /^clone2\(\{flags=0x100400000 \/\* CLONE_\?\?\? \*\/\|SIGCHLD, /);
});

test('clone3 as the issue shows it, with set_tid, on big- and little-endian guests', () => {
  for (const arch of all) {
    const m = new FakeMem();
    const L = structLayout('clone_args', arch);
    m.put(0x7f0000001000, L.encode({ flags: 0x3d0f00, child_tid: 0x7f00000a0990, parent_tid: 0x7f00000a0990,
      stack: 0x7f0000800000, stack_size: 0x7fff80, tls: 0x7f00000a06c0, set_tid: 0x7f0000002000, set_tid_size: 2 }));
    const ints = structLayout('clone_struct', arch);
    const b = new Uint8Array(40);
    ints.set(b, 'nr_pids', 1); ints.set(b, 'parent_tid', 42);
    m.put(0x7f0000002000, b.subarray(16, 24));
    ints.set(b, 'nr_pids', 43);
    m.put(0x7f00000a0990, b.subarray(16, 20));
    assert.equal(formatSyscall('clone3', args(0x7f0000001000, 88), 43, ctx(arch, m)),
      'clone3({flags=CLONE_VM|CLONE_FS|CLONE_FILES|CLONE_SIGHAND|CLONE_THREAD|CLONE_SYSVSEM|CLONE_SETTLS|CLONE_PARENT_SETTID|CLONE_CHILD_CLEARTID, ' +
      'child_tid=0x7f00000a0990, parent_tid=0x7f00000a0990, exit_signal=0, stack=0x7f0000800000, stack_size=0x7fff80, tls=0x7f00000a06c0, ' +
      'set_tid=[1, 42], set_tid_size=2} => {parent_tid=[43]}, 88) = 43', arch.name);
  }
});

test('legacy clone: the register order comes from the arch descriptor', () => {
  // flags, stack, parent_tid, child_tid, tls on x86_64; flags, stack, parent_tid, tls, child_tid elsewhere.
  const flags = 0x00390000 | 0x100 | 0x11; // VM|SETTLS|PARENT_SETTID|CHILD_CLEARTID + SIGCHLD... (0x390000 = SETTLS|PARENT_SETTID|CHILD_CLEARTID|THREAD)
  const want = 'clone(child_stack=0x7000, flags=CLONE_VM|CLONE_THREAD|CLONE_SETTLS|CLONE_PARENT_SETTID|CLONE_CHILD_CLEARTID|SIGCHLD, parent_tid=[9], tls=0x5555, child_tidptr=0x6666) = 9';
  for (const arch of all) {
    const m = new FakeMem();
    const b = new Uint8Array(40);
    structLayout('clone_struct', arch).set(b, 'nr_pids', 9);
    m.put(0x4444, b.subarray(16, 20));
    const byName = { flags, stack: 0x7000, parent_tid: 0x4444, child_tid: 0x6666, tls: 0x5555 };
    const a = arch.syscall.cloneArgs.map((n) => byName[n]);
    assert.equal(formatSyscall('clone', args(...a), 9, ctx(arch, m)), want, arch.name);
  }
  assert.deepEqual(aarch64.syscall.cloneArgs, ['flags', 'stack', 'parent_tid', 'tls', 'child_tid']);
});

test('per-arch flag values: open, mmap, PROT_SAO, terminal ioctls', () => {
  const m = new FakeMem().put(0x1000, 'd\0');
  // O_DIRECTORY is 0200000 on x86_64 but 040000 on aarch64 and PowerPC.
  assert.equal(formatSyscall('openat', args(-100, 0x1000, 0o200000), 3, ctx(x86_64, m)), 'openat(AT_FDCWD, "d", O_RDONLY|O_DIRECTORY) = 3');
  assert.equal(formatSyscall('openat', args(-100, 0x1000, 0o40000), 3, ctx(aarch64, m)), 'openat(AT_FDCWD, "d", O_RDONLY|O_DIRECTORY) = 3');
  assert.equal(formatSyscall('openat', args(-100, 0x1000, 0o40000), 3, ctx(ppc64, m)), 'openat(AT_FDCWD, "d", O_RDONLY|O_DIRECTORY) = 3');
  assert.equal(formatSyscall('openat', args(-100, 0x1000, 0o40000), 3, ctx(x86_64, m)), 'openat(AT_FDCWD, "d", O_RDONLY|O_DIRECT) = 3');
  assert.equal(formatSyscall('openat', args(-100, 0x1000, 0o200000), 3, ctx(ppc64le, m)), 'openat(AT_FDCWD, "d", O_RDONLY|O_LARGEFILE) = 3');
  assert.equal(formatSyscall('openat', args(-100, 0x1000, 0o20200000 | 2, 0o600), 3, ctx(x86_64, m)),
    'openat(AT_FDCWD, "d", O_RDWR|O_TMPFILE, 0600) = 3');
  // MAP_NORESERVE is 0x40 on PowerPC (0x4000 elsewhere, where 0x40 is x86's MAP_32BIT).
  assert.equal(formatSyscall('mmap', args(0, 65536, 3, 0x62, -1, 0), 0x7fff0000, ctx(ppc64)),
    'mmap(NULL, 65536, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS|MAP_NORESERVE, -1, 0) = 0x7fff0000');
  assert.equal(formatSyscall('mmap', args(0, 4096, 3, 0x62, -1, 0), 0x40000000, ctx(x86_64)),
    'mmap(NULL, 4096, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS|MAP_32BIT, -1, 0) = 0x40000000');
  assert.equal(formatSyscall('mmap', args(0, 4096, 3, 0x62, -1, 0), -22, ctx(aarch64)),
    'mmap(NULL, 4096, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS|0x40, -1, 0) = -1 EINVAL (Invalid argument)');
  assert.equal(formatSyscall('mprotect', args(0x10000, 65536, 0x11), 0, ctx(ppc64)), 'mprotect(0x10000, 65536, PROT_READ|PROT_SAO) = 0');
  assert.equal(formatSyscall('mmap', args(0, 4096, 1, 0x20, -1, 0), -22, ctx(x86_64)),
    'mmap(NULL, 4096, PROT_READ, MAP_FILE|MAP_ANONYMOUS, -1, 0) = -1 EINVAL (Invalid argument)');
  // TCGETS is _IOR('t', 19, struct termios) on PowerPC.
  assert.equal(formatSyscall('ioctl', args(1, 0x402c7413, 0x7ffff000), -25, ctx(ppc64)),
    'ioctl(1, TCGETS, 0x7ffff000) = -1 ENOTTY (Inappropriate ioctl for device)');
  assert.equal(formatSyscall('ioctl', args(1, 0x5401, 0x7ffff000), -25, ctx(ppc64)),
    'ioctl(1, _IOC(0, 0x54, 0x1, 0), 0x7ffff000) = -1 ENOTTY (Inappropriate ioctl for device)');
  assert.equal(formatSyscall('ioctl', args(1, 0xc0105401, 0), -25, ctx(aarch64)),
    'ioctl(1, _IOC(_IOC_READ|_IOC_WRITE, 0x54, 0x1, 0x10), 0) = -1 ENOTTY (Inappropriate ioctl for device)');
});

test('structs decode in the guest\'s byte order: stat, timespec, rlimit, sigaction, uname on ppc64', () => {
  const m = new FakeMem();
  m.put(0x1000, structLayout('stat', ppc64).encode({ st_mode: 0o100755, st_size: 123456789012 }));
  assert.equal(formatSyscall('fstat', args(3, 0x1000), 0, ctx(ppc64, m)), 'fstat(3, {st_mode=S_IFREG|0755, st_size=123456789012, ...}) = 0');
  m.put(0x2000, structLayout('stat', aarch64).encode({ st_mode: 0o20620, st_rdev: 0x8801 }));
  assert.equal(formatSyscall('newfstatat', args(1, 0x3000, 0x2000, 0x1000), 0, ctx(aarch64, m.put(0x3000, '\0'))),
    'newfstatat(1, "", {st_mode=S_IFCHR|0620, st_rdev=makedev(0x88, 0x1), ...}, AT_EMPTY_PATH) = 0');
  m.put(0x4000, structLayout('timespec', ppc64).encode({ tv_sec: 1, tv_nsec: 500 }));
  assert.equal(formatSyscall('clock_gettime', args(1, 0x4000), 0, ctx(ppc64, m)), 'clock_gettime(CLOCK_MONOTONIC, {tv_sec=1, tv_nsec=500}) = 0');
  m.put(0x5000, structLayout('rlimit64', ppc64).encode({ rlim_cur: 1024, rlim_max: 4096 }));
  assert.equal(formatSyscall('prlimit64', args(0, 7, 0, 0x5000), 0, ctx(ppc64, m)), 'prlimit64(0, RLIMIT_NOFILE, NULL, {rlim_cur=1024, rlim_max=4*1024}) = 0');
  m.put(0x6000, structLayout('sigaction', ppc64).encode({ sa_handler: 0x10001000, sa_flags: 0x10000000, sa_mask: 1n << 16n }));
  assert.equal(formatSyscall('rt_sigaction', args(17, 0x6000, 0, 8), 0, ctx(ppc64, m)),
    'rt_sigaction(SIGCHLD, {sa_handler=0x10001000, sa_mask=[CHLD], sa_flags=SA_RESTART}, NULL, 8) = 0');
  m.put(0x7000, structLayout('new_utsname', ppc64).encode({ sysname: 'Linux', nodename: 'tricorn' }));
  assert.equal(formatSyscall('uname', args(0x7000), 0, ctx(ppc64, m)), 'uname({sysname="Linux", nodename="tricorn", ...}) = 0');
  m.put(0x8000, Uint8Array.from([0, 0, 0, 0, 0, 0, 0, 0x8b])); // big-endian wait status 0x8b at 0x8004: SIGSEGV + core
  assert.equal(formatSyscall('wait4', args(-1, 0x8004, 0, 0), 7, ctx(ppc64, m)),
    'wait4(-1, [{WIFSIGNALED(s) && WTERMSIG(s) == SIGSEGV && WCOREDUMP(s)}], 0, NULL) = 7');
  // A sigset of the wrong size is shown as its address, as strace does.
  assert.equal(formatSyscall('rt_sigprocmask', args(0, 0x8000, 0, 16), -22, ctx(ppc64, m)), 'rt_sigprocmask(SIG_BLOCK, 0x8000, NULL, 16) = -1 EINVAL (Invalid argument)');
});

test('results: hex for addresses, errno names and messages, restart codes, no return', () => {
  assert.equal(formatResult(5), '5');
  assert.equal(formatResult(0x7f0000000000, 'x'), '0x7f0000000000');
  assert.equal(formatResult(0, 'x'), '0');
  assert.equal(formatResult(-12, 'x'), '-1 ENOMEM (Cannot allocate memory)');
  assert.equal(formatResult(null), '?');
  assert.equal(formatResult(-512), '? ERESTARTSYS (To be restarted if SA_RESTART is set)');
  assert.equal(formatResult(-41), '-1 41 (Unknown error 41)');
  assert.equal(formatResult(-4096), '-4096'); // below -MAX_ERRNO: a value, not an error
  const c = { arch: ppc64, mem: null };
  assert.equal(formatResult(-58, 'd', c), '-1 EDEADLOCK (Unknown error 58)');
  const expected: Record<string, string> = {
    ENOSYS: 'Function not implemented', EFAULT: 'Bad address', EINVAL: 'Invalid argument', EBUSY: 'Device or resource busy',
    EEXIST: 'File exists', E2BIG: 'Argument list too long', ENOSPC: 'No space left on device', EPERM: 'Operation not permitted',
    ECHILD: 'No child processes', EAGAIN: 'Resource temporarily unavailable', ESRCH: 'No such process',
    EBADF: 'Bad file descriptor', ENOTTY: 'Inappropriate ioctl for device', ENOMEM: 'Cannot allocate memory',
    ETIMEDOUT: 'Connection timed out', EINTR: 'Interrupted system call', ENOENT: 'No such file or directory',
    EACCES: 'Permission denied', ERANGE: 'Numerical result out of range',
  };
  const nums: Record<string, number> = { ENOSYS: 38, EFAULT: 14, EINVAL: 22, EBUSY: 16, EEXIST: 17, E2BIG: 7, ENOSPC: 28,
    EPERM: 1, ECHILD: 10, EAGAIN: 11, ESRCH: 3, EBADF: 9, ENOTTY: 25, ENOMEM: 12, ETIMEDOUT: 110, EINTR: 4, ENOENT: 2,
    EACCES: 13, ERANGE: 34 };
  for (const [name, msg] of Object.entries(expected)) assert.equal(formatResult(-nums[name]), `-1 ${name} (${msg})`);
});

test('alignment: off by default (the README\'s form), strace\'s column on request', () => {
  const m = new FakeMem().put(0x1000, 'hi');
  assert.equal(formatSyscall('write', args(1, 0x1000, 2), 2, ctx(x86_64, m)), 'write(1, "hi", 2) = 2');
  assert.equal(formatSyscall('write', args(1, 0x1000, 2), 2, ctx(x86_64, m, { column: 40 })), 'write(1, "hi", 2)                       = 2');
  assert.equal(formatSyscall('write', args(1, 0x1000, 2), 2, ctx(x86_64, m, { column: 40 }), pidPrefix(600)),
    '[pid   600] write(1, "hi", 2)           = 2');
  assert.equal(pidPrefix(600), '[pid   600] ');
  assert.equal(pidPrefix(1234567), '[pid 1234567] ');
});

test('two-step rendering: unfinished and resumed', () => {
  const m = new FakeMem().map(0x2000, 4);
  const c = ctx(x86_64, m);
  const p = straceEnter('wait4', args(-1, 0x2000, 0, 0), c);
  assert.equal(p.entered, 'wait4(-1, ');
  assert.equal(straceUnfinished(p, pidPrefix(1)), '[pid     1] wait4(-1,  <unfinished ...>');
  m.write(0x2000, Uint8Array.from([0, 3, 0, 0])); // the child's status arrives later
  assert.equal(straceResumed(p, 2, c, pidPrefix(1)), '[pid     1] <... wait4 resumed>[{WIFEXITED(s) && WEXITSTATUS(s) == 3}], 0, NULL) = 2');
  assert.equal(straceLine(p, 2, c), 'wait4(-1, [{WIFEXITED(s) && WEXITSTATUS(s) == 3}], 0, NULL) = 2');
  const r = straceEnter('read', args(0, 0x2000, 4), c);
  assert.equal(straceUnfinished(r), 'read(0,  <unfinished ...>');
  const e = straceEnter('exit', args(0), c);
  assert.equal(straceUnfinished(e), 'exit(0 <unfinished ...>');
  assert.equal(straceResumed(e, null), '<... exit resumed>) = ?');
  // A task that dies in a call (SIGKILL, another thread's exit_group) never prints the call's
  // outputs: strace's print_event_exit writes ` <unfinished ...>` where they would go.
  assert.equal(straceLine(p, null, c), 'wait4(-1,  <unfinished ...>) = ?');
  assert.equal(straceResumed(r, null, c), '<... read resumed> <unfinished ...>) = ?');
  const f = straceEnter('futex', args(0x2000, 0x80, 0, 0), c);
  assert.equal(straceResumed(f, null, c), '<... futex resumed>) = ?');
});

test('inputs are read at entry: a later change to the buffer does not change the line', () => {
  const m = new FakeMem().put(0x1000, structLayout('timespec', x86_64).encode({ tv_sec: 5 }));
  const c = ctx(x86_64, m);
  const p = straceEnter('nanosleep', args(0x1000, 0), c);
  m.put(0x1000, structLayout('timespec', x86_64).encode({ tv_sec: 0 }));
  assert.equal(straceLine(p, 0, c), 'nanosleep({tv_sec=5, tv_nsec=0}, NULL) = 0');
});

test('without memory access pointers print as addresses; -s changes the cut', () => {
  assert.equal(formatSyscall('write', args(1, 0x1000, 5), 5, ctx(x86_64, null)), 'write(1, 0x1000, 5) = 5');
  assert.equal(formatSyscall('uname', args(0x1000), 0, ctx(x86_64, null)), 'uname(0x1000) = 0');
  const m = new FakeMem().put(0x1000, 'abcdefgh');
  assert.equal(formatSyscall('write', args(1, 0x1000, 8), 8, ctx(x86_64, m, { strsize: 4 })), 'write(1, "abcd"..., 8) = 8');
  // A buffer whose byte after the cut is unmapped still prints (strace reads -s + 1 bytes: this one is unreadable).
  const edge = new FakeMem().put(0x1fe0, 'x'.repeat(32));
  assert.equal(formatSyscall('write', args(1, 0x1fe0, 32), 32, ctx(x86_64, edge)), `write(1, "${'x'.repeat(32)}", 32) = 32`);
  assert.equal(formatSyscall('write', args(1, 0x1fe0, 40), -14, ctx(x86_64, edge)), 'write(1, 0x1fe0, 40) = -1 EFAULT (Bad address)');
});

test('writev / readv iovecs, paths crossing pages, unknown syscalls, exit lines', () => {
  const m = new FakeMem();
  const L = structLayout('iovec', x86_64);
  m.put(0x1000, 'hello ');
  m.put(0x2000, 'world\n');
  const iov = new Uint8Array(32);
  L.encode({ iov_base: 0x1000, iov_len: 6 }, iov, 0);
  L.encode({ iov_base: 0x2000, iov_len: 6 }, iov, 16);
  m.put(0x3000, iov);
  assert.equal(formatSyscall('writev', args(1, 0x3000, 2), 12, ctx(x86_64, m)),
    'writev(1, [{iov_base="hello ", iov_len=6}, {iov_base="world\\n", iov_len=6}], 2) = 12');
  assert.equal(formatSyscall('readv', args(0, 0x3000, 2), 8, ctx(x86_64, m)),
    'readv(0, [{iov_base="hello ", iov_len=6}, {iov_base="wo", iov_len=6}], 2) = 8');
  // A path straddling a page boundary, ending before an unmapped page.
  m.put(0x4ffc, 'abc/defg\0');
  assert.equal(formatSyscall('openat', args(-100, 0x4ffc, 0), -2, ctx(x86_64, m)),
    'openat(AT_FDCWD, "abc/defg", O_RDONLY) = -1 ENOENT (No such file or directory)');
  m.put(0x6ffe, 'ab'); // runs into unmapped memory before a NUL
  assert.equal(formatSyscall('openat', args(-100, 0x6ffe, 0), -14, ctx(x86_64, m)), 'openat(AT_FDCWD, 0x6ffe, O_RDONLY) = -1 EFAULT (Bad address)');
  assert.equal(unknownSyscallName(1001), 'syscall_0x3e9');
  assert.equal(formatSyscall('syscall_0x3e9', args(1, 2, 3, 4, 5, 6), -38, ctx(x86_64)),
    'syscall_0x3e9(0x1, 0x2, 0x3, 0x4, 0x5, 0x6) = -1 ENOSYS (Function not implemented)');
  assert.equal(formatSyscall('getppid', args(), 0, ctx(x86_64)), 'getppid() = 0');
  assert.equal(formatExited(0), '+++ exited with 0 +++');
  assert.equal(formatExited(300), '+++ exited with 44 +++');
  assert.equal(formatKilled(11), '+++ killed by SIGSEGV +++');
  assert.equal(formatKilled(11, true), '+++ killed by SIGSEGV (core dumped) +++');
  assert.equal(formatExitStatus(0x0300), '+++ exited with 3 +++');
  assert.equal(formatExitStatus(0x8b), '+++ killed by SIGSEGV (core dumped) +++');
  assert.equal(formatExitStatus(9), '+++ killed by SIGKILL +++');
  assert.equal(formatFaultSignal(11, 'SEGV_MAPERR', 8), '--- SIGSEGV {si_signo=SIGSEGV, si_code=SEGV_MAPERR, si_addr=0x8} ---');
  assert.equal(formatWaitStatus(0), '[{WIFEXITED(s) && WEXITSTATUS(s) == 0}]');
  assert.equal(formatWaitStatus(0x137f), '[{WIFSTOPPED(s) && WSTOPSIG(s) == SIGSTOP}]');
  assert.equal(formatWaitStatus(0xffff), '[{WIFCONTINUED(s)}]');
});

test('every syscall the issues name has a format', () => {
  const names = ['read', 'write', 'exit', 'exit_group', 'getpid', 'getppid', 'gettid', 'brk', 'mmap', 'munmap', 'mprotect',
    'uname', 'getuid', 'geteuid', 'getgid', 'getegid', 'set_tid_address', 'arch_prctl', 'clone', 'clone2', 'clone3',
    'wait4', 'futex', 'kill', 'unshare', 'set_robust_list', 'rseq', 'prlimit64', 'readlinkat', 'getrandom',
    'rt_sigaction', 'rt_sigprocmask', 'newfstatat', 'fstat', 'ioctl', 'clock_gettime', 'clock_nanosleep', 'nanosleep',
    'sched_yield', 'madvise'];
  for (const n of names) assert.ok(n in syscallFormats, n);
  // And each renders something sane with zero arguments and no memory.
  for (const n of Object.keys(syscallFormats)) {
    const line = formatSyscall(n, new Uint32Array(12), 0, ctx(x86_64, null));
    assert.match(line, new RegExp(`^${n}\\(.*\\) = (0|\\?|0 \\(.*\\)|000)$`), line);
  }
});

test('sethostname / setdomainname as strace 6.1 prints them', () => {
  for (const arch of all) {
    const m = new FakeMem().put(0x10000, 'inner');
    assert.equal(formatSyscall('sethostname', args(0x10000, 5), 0, ctx(arch, m)), 'sethostname("inner", 5) = 0');
    assert.equal(formatSyscall('setdomainname', args(0x10000, 3), 0, ctx(arch, m)), 'setdomainname("inn", 3) = 0');
  }
});
