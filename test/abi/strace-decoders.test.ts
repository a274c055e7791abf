// The generated syscall signatures (every call of every arch has its real argument count) and
// the decoders added with them, on all four ABIs with memory laid out by the struct layer. The
// expected lines are what strace 6.1 printed for the same calls (test/guests/strace/).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { architectures } from '../../arch/index.js';
import { x86_64 } from '../../arch/x86_64.js';
import type { ArchDescriptor } from '../../arch/types.js';
import { structLayout } from '../../kernel/abi/structs.js';
import { formatSyscall, straceEnter, straceLine, type StraceContext } from '../../kernel/abi/strace.js';
import { isKnownSpec } from '../../kernel/abi/strace-decode.js';
import { kindOf } from '../../kernel/abi/strace-kinds.js';
import { FakeMem, args } from './helpers.js';

const ctx = (arch: ArchDescriptor, mem: FakeMem | null = new FakeMem()): StraceContext => ({ arch, mem });
const line = (arch: ArchDescriptor, name: string, a: Uint32Array, result: number, m: FakeMem) =>
  formatSyscall(name, a, result, ctx(arch, m));

test('every syscall of every arch has a generated signature, and every parameter a known kind', () => {
  for (const arch of architectures) {
    for (const [nr, name] of Object.entries(arch.syscall.names)) {
      const sig = arch.syscall.signatures[name];
      assert.ok(sig, `${arch.name}: ${nr} ${name} has no signature`);
      assert.ok(sig.length <= 6, `${arch.name}: ${name} takes at most six arguments`);
      for (const d of sig) assert.ok(isKnownSpec(kindOf(d)), `${name}: ${d} -> ${kindOf(d)}`);
    }
  }
});

test('a call with no decoder prints its real argument count, never six raw registers', () => {
  const garbage = Uint32Array.from({ length: 12 }, () => 0xdeadbeef);
  const m = new FakeMem().put(0x1000, '/tmp\0');
  assert.equal(line(x86_64, 'getpgrp', garbage, 7, m), 'getpgrp() = 7');
  assert.equal(line(x86_64, 'setpgid', args(0, 0), 0, m), 'setpgid(0, 0) = 0');
  assert.equal(line(x86_64, 'chroot', args(0x1000), 0, m), 'chroot("/tmp") = 0');
  assert.equal(line(x86_64, 'getpriority', args(0, 0), 20, m), 'getpriority(0, 0) = 20');
  for (const arch of architectures) assert.equal(line(arch, 'getsid', args(0), 1, m), 'getsid(0) = 1');
});

test('flock, _llseek, close_range, faccessat2 and preadv2 flags, as strace prints them', () => {
  const ppc64 = architectures.find((a) => a.name === 'ppc64')!;
  for (const arch of architectures) {
    const m = new FakeMem();
    assert.equal(line(arch, 'flock', args(3, 6), 0, m), 'flock(3, LOCK_EX|LOCK_NB) = 0');
    assert.equal(line(arch, 'flock', args(3, 8), 0, m), 'flock(3, LOCK_UN) = 0');
    assert.equal(line(arch, 'flock', args(3, 0x1000), -22, m), 'flock(3, 0x1000 /* LOCK_??? */) = -1 EINVAL (Invalid argument)');
    assert.equal(line(arch, 'close_range', args(3, 0xffffffff, 4), 0, m), 'close_range(3, 4294967295, CLOSE_RANGE_CLOEXEC) = 0');
    assert.equal(line(arch, 'faccessat2', args(-100, 0, 6, 0x200), -14, m), 'faccessat2(AT_FDCWD, NULL, R_OK|W_OK, AT_EACCESS) = -1 EFAULT (Bad address)');
  }
  // ppc64's _llseek (glibc's lseek64 there): the offset from its two halves, the new position in memory.
  const m = new FakeMem().put(0x2000, new Uint8Array(8));
  const p = straceEnter('_llseek', args(3, 0, 0, 0x2000, 0), ctx(ppc64, m));
  m.put(0x2000, Uint8Array.of(0, 0, 0, 1, 0, 0, 0, 2));
  assert.equal(straceLine(p, 0, ctx(ppc64, m)), '_llseek(3, 0, [4294967298], SEEK_SET) = 0');
  assert.equal(line(ppc64, '_llseek', args(3, 1, 5, 0x2000, 2), -22, m), '_llseek(3, 4294967301, 0x2000, SEEK_END) = -1 EINVAL (Invalid argument)');
});

test('select, pselect6, sendfile and utimensat: the lines real strace printed (filecalls.c)', () => {
  for (const arch of architectures) {
    const le = arch.endian === 'little';
    const set = (fds: number[]) => { const b = new Uint8Array(8); for (const fd of fds) b[le ? fd >> 3 : 7 - (fd >> 3)] |= 1 << (fd & 7); return b; };
    const ts = structLayout('timespec', arch);
    const zeroTime = new Uint8Array(ts.size);
    const m = new FakeMem().put(0x1000, set([6])).put(0x1100, set([1, 2])).put(0x1200, zeroTime);
    const p = straceEnter('select', args(7, 0x1000, 0x1100, 0, 0x1200), ctx(arch, m));
    m.put(0x1100, set([]));
    assert.equal(straceLine(p, 1, ctx(arch, m)), 'select(7, [6], [1 2], NULL, {tv_sec=0, tv_usec=0}) = 1 (in [6], left {tv_sec=0, tv_usec=0})');
    assert.equal(line(arch, 'pselect6', args(7, 0x1000, 0, 0, 0x1200, 0), 0, m), 'pselect6(7, [6], NULL, NULL, {tv_sec=0, tv_nsec=0}, NULL) = 0 (Timeout)');
    assert.equal(line(arch, 'select', args(-1, 0x1000, 0, 0, 0), -22, m), 'select(-1, 0x1000, NULL, NULL, NULL) = -1 EINVAL (Invalid argument)');
    const off = (v: number) => { const b = new Uint8Array(8); new DataView(b.buffer).setBigInt64(0, BigInt(v), le); return b; };
    m.put(0x1300, off(1));
    const s = straceEnter('sendfile', args(6, 3, 0x1300, 3), ctx(arch, m));
    m.put(0x1300, off(4));
    assert.equal(straceLine(s, 3, ctx(arch, m)), 'sendfile(6, 3, [1] => [4], 3) = 3');
    assert.equal(line(arch, 'sendfile', args(6, 3, 0, 3), 3, m), 'sendfile(6, 3, NULL, 3) = 3');
    const pair = new Uint8Array(2 * ts.size);
    const dv = new DataView(pair.buffer);
    dv.setBigInt64(0, 1000000000n, le); dv.setBigInt64(ts.size, 1000000000n, le); dv.setBigInt64(ts.size + 8, 500n, le);
    m.put(0x1400, pair).put(0x1500, '/tmp/f\0');
    assert.equal(line(arch, 'utimensat', args(-100, 0x1500, 0x1400, 0), 0, m),
      'utimensat(AT_FDCWD, "/tmp/f", [{tv_sec=1000000000, tv_nsec=0} /* 2001-09-09T01:46:40+0000 */, ' +
      '{tv_sec=1000000000, tv_nsec=500} /* 2001-09-09T01:46:40.000000500+0000 */], 0) = 0');
    dv.setBigInt64(8, BigInt((1 << 30) - 1), le); dv.setBigInt64(ts.size + 8, BigInt((1 << 30) - 2), le);
    m.put(0x1400, pair);
    assert.equal(line(arch, 'utimensat', args(3, 0, 0x1400, 0x100), 0, m), 'utimensat(3, NULL, [UTIME_NOW, UTIME_OMIT], AT_SYMLINK_NOFOLLOW) = 0');
  }
});

test('mount, umount2 and msync: strings and MS_*/MNT_* flags, as strace prints them', () => {
  for (const arch of architectures) {
    const m = new FakeMem().put(0x1000, 'none\0').put(0x1100, '/mnt/t\0').put(0x1200, 'tmpfs\0').put(0x1300, 'size=1m\0');
    assert.equal(line(arch, 'mount', args(0x1000, 0x1100, 0x1200, 0x8000, 0), 0, m),
      'mount("none", "/mnt/t", "tmpfs", MS_SILENT, NULL) = 0');
    assert.equal(line(arch, 'mount', args(0x1000, 0x1100, 0x1200, 4096 | 16384, 0x1300), 0, m),
      'mount("none", "/mnt/t", "tmpfs", MS_BIND|MS_REC, "size=1m") = 0');
    assert.equal(line(arch, 'umount2', args(0x1100, 2), 0, m), 'umount2("/mnt/t", MNT_DETACH) = 0');
    assert.equal(line(arch, 'umount2', args(0x1100, 0), 0, m), 'umount2("/mnt/t", 0) = 0');
    assert.equal(line(arch, 'msync', args(0x1000, 4096, 4), 0, m), 'msync(0x1000, 4096, MS_SYNC) = 0');
  }
});

test('parameter declarations map to kinds as strace prints them', () => {
  assert.equal(kindOf('unsigned int fd'), 'fd');
  assert.equal(kindOf('int dfd'), 'dirfd');
  assert.equal(kindOf('const char __user *filename'), 'path');
  assert.equal(kindOf('const char __user *const __user *argv'), 'ptr');
  assert.equal(kindOf('char __user *buf'), 'ptr');
  assert.equal(kindOf('umode_t mode'), 'mode');
  assert.equal(kindOf('unsigned int flags'), 'x');
  assert.equal(kindOf('size_t count'), 'u');
  assert.equal(kindOf('loff_t offset'), 'ld');
  assert.equal(kindOf('pid_t pid'), 'pid');
  assert.equal(kindOf('clockid_t which_clock'), 'xval:clock');
  assert.equal(kindOf('uid_t ruid'), 'd');
});

test('fcntl: arguments and results by command', () => {
  for (const arch of architectures) {
    const m = new FakeMem();
    // O_NONBLOCK is 04000 on all four.
    assert.equal(line(arch, 'fcntl', args(4, 3), 0x801, m), 'fcntl(4, F_GETFL) = 0x801 (flags O_WRONLY|O_NONBLOCK)');
    assert.equal(line(arch, 'fcntl', args(4, 4, 0x801), 0, m), 'fcntl(4, F_SETFL, O_WRONLY|O_NONBLOCK) = 0');
    assert.equal(line(arch, 'fcntl', args(3, 1), 1, m), 'fcntl(3, F_GETFD) = 0x1 (flags FD_CLOEXEC)');
    assert.equal(line(arch, 'fcntl', args(3, 1), 0, m), 'fcntl(3, F_GETFD) = 0');
    assert.equal(line(arch, 'fcntl', args(3, 2, 1), 0, m), 'fcntl(3, F_SETFD, FD_CLOEXEC) = 0');
    assert.equal(line(arch, 'fcntl', args(3, 0, 10), 11, m), 'fcntl(3, F_DUPFD, 10) = 11');
    assert.equal(line(arch, 'fcntl', args(3, 1032), 65536, m), 'fcntl(3, F_GETPIPE_SZ) = 65536');
    assert.equal(line(arch, 'fcntl', args(3, 1), -9, m), 'fcntl(3, F_GETFD) = -1 EBADF (Bad file descriptor)');
    assert.equal(line(arch, 'fcntl', args(3, 0x999, 5), -22, m), 'fcntl(3, 0x999 /* F_??? */, 0x5) = -1 EINVAL (Invalid argument)');
  }
});

test('poll: the pollfd array in, the returned events out, Timeout', () => {
  for (const arch of architectures) {
    const L = structLayout('pollfd', arch);
    const b = new Uint8Array(16);
    L.encode({ fd: 3, events: 1, revents: 0 }, b, 0);
    L.encode({ fd: 4, events: 4, revents: 4 }, b, 8);
    const m = new FakeMem().put(0x1000, b);
    assert.equal(line(arch, 'poll', args(0x1000, 2, 0), 1, m),
      'poll([{fd=3, events=POLLIN}, {fd=4, events=POLLOUT}], 2, 0) = 1 ([{fd=4, revents=POLLOUT}])');
    assert.equal(line(arch, 'poll', args(0x1000, 1, 100), 0, m), 'poll([{fd=3, events=POLLIN}], 1, 100) = 0 (Timeout)');
    assert.equal(line(arch, 'poll', args(0x9000, 1, -1), -14, m), 'poll(0x9000, 1, -1) = -1 EFAULT (Bad address)');
  }
});

test('umask in octal, time with its date, access modes, pipe2', () => {
  const m = new FakeMem();
  m.put(0x1000, new Uint8Array([3, 0, 0, 0, 4, 0, 0, 0]));
  m.put(0x2000, '/\0');
  assert.equal(line(x86_64, 'umask', args(0o77), 0o22, m), 'umask(077) = 022');
  assert.equal(line(x86_64, 'time', args(0), 1767225600, m), 'time(NULL) = 1767225600 (2026-01-01T00:00:00+0000)');
  assert.equal(line(x86_64, 'access', args(0x2000, 5), 0, m), 'access("/", R_OK|X_OK) = 0');
  assert.equal(line(x86_64, 'access', args(0x2000, 0), 0, m), 'access("/", F_OK) = 0');
  assert.equal(line(x86_64, 'pipe2', args(0x1000, 0o2000000), 0, m), 'pipe2([3, 4], O_CLOEXEC) = 0');
});

test('prctl options, sigaltstack, gettimeofday, getrusage, times, sysinfo', () => {
  for (const arch of architectures) {
    const m = new FakeMem().put(0x1000, 'decoders\0');
    const sig = new Uint8Array(4);
    new DataView(sig.buffer).setUint32(0, 15, arch.endian === 'little');
    m.put(0x2000, sig);
    assert.equal(line(arch, 'prctl', args(15, 0x1000), 0, m), 'prctl(PR_SET_NAME, "decoders") = 0');
    assert.equal(line(arch, 'prctl', args(16, 0x1000), 0, m), 'prctl(PR_GET_NAME, "decoders") = 0');
    assert.equal(line(arch, 'prctl', args(3), 1, m), 'prctl(PR_GET_DUMPABLE) = 1 (SUID_DUMP_USER)');
    assert.equal(line(arch, 'prctl', args(1, 15), 0, m), 'prctl(PR_SET_PDEATHSIG, SIGTERM) = 0');
    assert.equal(line(arch, 'prctl', args(2, 0x2000), 0, m), 'prctl(PR_GET_PDEATHSIG, [SIGTERM]) = 0');
    // As strace 6.1 prints them (checked against it on test/guests/lifecycle's prctl section).
    assert.equal(line(arch, 'prctl', args(38, 1, 0, 0, 0), 0, m), 'prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) = 0');
    assert.equal(line(arch, 'prctl', args(39, 0, 0, 0, 0), 1, m), 'prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0) = 1');
    assert.equal(line(arch, 'prctl', args(23, 40), 1, m), 'prctl(PR_CAPBSET_READ, CAP_CHECKPOINT_RESTORE) = 1');
    assert.equal(line(arch, 'prctl', args(23, 41), -22, m), 'prctl(PR_CAPBSET_READ, 0x29 /* CAP_??? */) = -1 EINVAL (Invalid argument)');
    const tidAddr = new Uint8Array(8);
    new DataView(tidAddr.buffer).setBigUint64(0, 0x7ffd1234n, arch.endian === 'little');
    m.put(0x2800, tidAddr);
    assert.equal(line(arch, 'prctl', args(40, 0x2800), 0, m), 'prctl(PR_GET_TID_ADDRESS, [0x7ffd1234]) = 0');
    const mask = new Uint8Array(8);
    new DataView(mask.buffer).setBigUint64(0, 1n, arch.endian === 'little');
    m.put(0x2900, mask);
    assert.equal(line(arch, 'sched_getaffinity', args(0, 8192, 0x2900), 8, m), 'sched_getaffinity(0, 8192, [0]) = 8');
    assert.equal(line(arch, 'getgroups', args(64, 0x2900), 0, m), 'getgroups(64, []) = 0');
    assert.equal(line(arch, 'getgroups', args(0, 0), 0, m), 'getgroups(0, NULL) = 0');
    assert.equal(line(arch, 'prctl', args(0x777, 1, 2, 3, 4), -22, m),
      'prctl(0x777 /* PR_??? */, 0x1, 0x2, 0x3, 0x4) = -1 EINVAL (Invalid argument)');
    m.put(0x3000, structLayout('stack_t', arch).encode({ ss_sp: 0x4a72e0, ss_flags: 2, ss_size: 16384 }));
    assert.equal(line(arch, 'sigaltstack', args(0x3000, 0), 0, m),
      'sigaltstack({ss_sp=0x4a72e0, ss_flags=SS_DISABLE, ss_size=16384}, NULL) = 0');
    assert.equal(line(arch, 'sigaltstack', args(0, 0x3000), 0, m),
      'sigaltstack(NULL, {ss_sp=0x4a72e0, ss_flags=SS_DISABLE, ss_size=16384}) = 0');
    m.put(0x4000, structLayout('timeval', arch).encode({ tv_sec: 1767225600, tv_usec: 5 }));
    assert.equal(line(arch, 'gettimeofday', args(0x4000, 0), 0, m), 'gettimeofday({tv_sec=1767225600, tv_usec=5}, NULL) = 0');
    m.put(0x5000, structLayout('tms', arch).encode({ tms_utime: 1, tms_stime: 2 }));
    assert.equal(line(arch, 'times', args(0x5000), 1719124060, m),
      'times({tms_utime=1, tms_stime=2, tms_cutime=0, tms_cstime=0}) = 1719124060');
    m.put(0x6000, structLayout('rusage', arch).encode({}));
    assert.equal(line(arch, 'getrusage', args(0, 0x6000), 0, m),
      'getrusage(RUSAGE_SELF, {ru_utime={tv_sec=0, tv_usec=0}, ru_stime={tv_sec=0, tv_usec=0}, ...}) = 0');
    assert.equal(line(arch, 'getrusage', args(99, 0), -22, m), 'getrusage(0x63 /* RUSAGE_??? */, NULL) = -1 EINVAL (Invalid argument)');
    const L = structLayout('sysinfo', arch);
    const si = L.encode({ uptime: 11687, totalram: 1 << 30, procs: 3, mem_unit: 1 });
    m.put(0x7000, si);
    assert.equal(line(arch, 'sysinfo', args(0x7000), 0, m),
      'sysinfo({uptime=11687, loads=[0, 0, 0], totalram=1073741824, freeram=0, sharedram=0, bufferram=0, totalswap=0, ' +
      'freeswap=0, procs=3, totalhigh=0, freehigh=0, mem_unit=1}) = 0');
    assert.equal(line(arch, 'sysinfo', args(0), -14, m), 'sysinfo(NULL) = -1 EFAULT (Bad address)');
  }
});

test('statx and getdents64 contents, abbreviated as strace prints them', () => {
  for (const arch of architectures) {
    const m = new FakeMem().put(0x1000, '/tmp/decoders.d/f\0');
    m.put(0x2000, structLayout('statx', arch).encode({ stx_mask: 0x7ff, stx_mode: 0o100600, stx_size: 5 }));
    assert.equal(line(arch, 'statx', args(-100, 0x1000, 0, 0x7ff, 0x2000), 0, m),
      'statx(AT_FDCWD, "/tmp/decoders.d/f", AT_STATX_SYNC_AS_STAT, STATX_BASIC_STATS, {stx_mask=STATX_BASIC_STATS, ' +
      'stx_attributes=0, stx_mode=S_IFREG|0600, stx_size=5, ...}) = 0');
    assert.equal(line(arch, 'statx', args(-100, 0x1000, 0x100, 0x200, 0x2000), -2, m),
      'statx(AT_FDCWD, "/tmp/decoders.d/f", AT_STATX_SYNC_AS_STAT|AT_SYMLINK_NOFOLLOW, STATX_SIZE, 0x2000) = -1 ENOENT (No such file or directory)');
    // Two dirent64 records of 24 bytes: d_reclen at offset 16.
    const d = new Uint8Array(48);
    const dv = new DataView(d.buffer);
    dv.setUint16(16, 24, arch.endian === 'little');
    dv.setUint16(40, 24, arch.endian === 'little');
    m.put(0x3000, d);
    assert.equal(line(arch, 'getdents64', args(3, 0x3000, 1024), 48, m), 'getdents64(3, 0x3000 /* 2 entries */, 1024) = 48');
    assert.equal(line(arch, 'getdents64', args(3, 0x3000, 1024), 0, m), 'getdents64(3, 0x3000 /* 0 entries */, 1024) = 0');
  }
});

test('a blocked poll keeps its entry text; the annotation comes with the result', () => {
  const L = structLayout('pollfd', x86_64);
  const m = new FakeMem().put(0x1000, L.encode({ fd: 0, events: 1 }));
  const p = straceEnter('poll', args(0x1000, 1, -1), ctx(x86_64, m));
  m.put(0x1000, L.encode({ fd: 0, events: 1, revents: 1 }));
  assert.equal(straceLine(p, 1), 'poll([{fd=0, events=POLLIN}], 1, -1) = 1 ([{fd=0, revents=POLLIN}])');
});

test('setitimer/getitimer and signalfd4, as strace prints them (the glibc signals guest\'s lines)', () => {
  for (const arch of architectures) {
    const L = structLayout('itimerval', arch);
    const m = new FakeMem().put(0x1000, L.encode({ it_interval: { tv_sec: 0, tv_usec: 100000 }, it_value: { tv_sec: 1, tv_usec: 5 } }));
    assert.equal(line(arch, 'setitimer', args(0, 0x1000, 0), 0, m),
      'setitimer(ITIMER_REAL, {it_interval={tv_sec=0, tv_usec=100000}, it_value={tv_sec=1, tv_usec=5}}, NULL) = 0');
    assert.equal(line(arch, 'getitimer', args(2, 0x1000), 0, m),
      'getitimer(ITIMER_PROF, {it_interval={tv_sec=0, tv_usec=100000}, it_value={tv_sec=1, tv_usec=5}}) = 0');
    assert.equal(line(arch, 'getitimer', args(7, 0x1000), -22, m), 'getitimer(0x7 /* ITIMER_??? */, 0x1000) = -1 EINVAL (Invalid argument)');
    // [USR2 RT_2]: bits 11 and 33 of the 64-bit set, in the ABI's byte order.
    const set = new Uint8Array(8);
    new DataView(set.buffer).setBigUint64(0, (1n << 11n) | (1n << 33n), arch.endian === 'little');
    m.put(0x2000, set);
    assert.equal(line(arch, 'signalfd4', args(-1, 0x2000, 8, 0o2000000 | 0o4000), 3, m),
      'signalfd4(-1, [USR2 RT_2], 8, SFD_CLOEXEC|SFD_NONBLOCK) = 3');
    assert.equal(line(arch, 'signalfd4', args(0, 0x2000, 8, 0), -22, m), 'signalfd4(0, [USR2 RT_2], 8, 0) = -1 EINVAL (Invalid argument)');
  }
});

test('statfs, fstatfs, statfs64 and mknodat, in strace 6.1\'s forms', () => {
  for (const arch of architectures) {
    const L = structLayout('statfs', arch);
    const m = new FakeMem().put(0x1000, '/tmp\0').put(0x3000, L.encode({
      f_type: 0x01021994, f_bsize: 4096, f_blocks: 262144, f_bfree: 131072, f_bavail: 131072, f_files: 65536,
      f_ffree: 32768, f_namelen: 255, f_frsize: 4096, f_flags: 0x1020, f_fsid: [0x14, 0],
    }));
    const body = '{f_type=TMPFS_MAGIC, f_bsize=4096, f_blocks=262144, f_bfree=131072, f_bavail=131072, f_files=65536, '
      + 'f_ffree=32768, f_fsid={val=[0x14, 0]}, f_namelen=255, f_frsize=4096, f_flags=ST_VALID|ST_RELATIME}';
    assert.equal(line(arch, 'statfs', args(0x1000, 0x3000), 0, m), `statfs("/tmp", ${body}) = 0`, arch.name);
    assert.equal(line(arch, 'fstatfs', args(3, 0x3000), 0, m), `fstatfs(3, ${body}) = 0`, arch.name);
    assert.equal(line(arch, 'statfs64', args(0x1000, L.size, 0x3000), 0, m), `statfs64("/tmp", ${L.size}, ${body}) = 0`, arch.name);
    assert.equal(line(arch, 'statfs', args(0x1000, 0x3000), -2, m), 'statfs("/tmp", 0x3000) = -1 ENOENT (No such file or directory)');
    // mknodat: the device number only for a device node.
    assert.equal(line(arch, 'mknodat', args(-100, 0x1000, 0o10644, 0), 0, m), 'mknodat(AT_FDCWD, "/tmp", S_IFIFO|0644) = 0');
    assert.equal(line(arch, 'mknodat', args(-100, 0x1000, 0o20600, 0x103), 0, m), 'mknodat(AT_FDCWD, "/tmp", S_IFCHR|0600, makedev(0x1, 0x3)) = 0');
  }
});
