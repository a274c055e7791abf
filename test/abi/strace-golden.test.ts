// The strace renderer against lines the real strace (6.1, x86_64) printed on this machine for
// small C programs (test/abi/fixtures/strace/: sources, captures and the script that made
// them). Each case rebuilds the call — the same argument values, the guest memory they point
// to — and must produce the captured line byte for byte, column alignment included (strace's
// default column 40, counted with the line's pid prefix).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { x86_64 } from '../../arch/x86_64.js';
import { structLayout } from '../../kernel/abi/structs.js';
import {
  formatExited, formatKilled, pidPrefix, straceEnter, straceLine, straceResumed, straceUnfinished,
  unknownSyscallName, type StraceContext,
} from '../../kernel/abi/strace.js';
import { FakeMem, args, fixtureLines } from './helpers.js';

interface Case {
  /** The exact line from the capture. */
  line: string;
  file: 'syscalls.strace' | 'processes.strace' | 'multi.strace' | 'pthread.strace';
  name: string;
  a: (number | bigint)[];
  result: number | null;
  mem?: (m: FakeMem) => void;
  /** Which form: a whole line (default), the entry part of a blocked call, or its resumption. */
  form?: 'unfinished' | 'resumed';
  /** strace -f -o lines start with the pid padded to 5 and a space. */
  pid?: number;
}

const L = (name: string) => structLayout(name, x86_64);
const le32 = (n: number) => Uint8Array.from([n & 0xff, (n >>> 8) & 0xff, (n >>> 16) & 0xff, n >>> 24]);
const enc = (name: string, v: Record<string, number | bigint | string>) => L(name).encode(v);

// Addresses are the ones the captured process used.
const S = 0x7fffbb1d1be0; // the futex word in syscalls.c
const cases: Case[] = [
  // ---- strings and buffers ----
  { file: 'syscalls.strace', line: 'write(1, "hello\\n", 6)                  = 6', name: 'write', a: [1, 0x402004, 6], result: 6,
    mem: (m) => m.put(0x402004, 'hello\n') },
  { file: 'syscalls.strace', line: 'write(1, "tab\\there \\"q\\" back\\\\slash\\r\\v\\f\\7\\10\\33 en"..., 35) = 35',
    name: 'write', a: [1, 0x402010, 35], result: 35,
    mem: (m) => m.put(0x402010, 'tab\there "q" back\\slash\r\v\f\x07\x08\x1b end\n\0') },
  { file: 'syscalls.strace', line: 'write(1, "\\18\\0017\\1a\\177\\200\\3770\\376\\0", 12) = 12',
    name: 'write', a: [1, 0x402040, 12], result: 12,
    mem: (m) => m.put(0x402040, '\x018\x017\x01a\x7f\x80\xff0\xfe\0') },
  { file: 'syscalls.strace', line: 'write(1, "01234567890123456789012345678901"..., 41) = 41',
    name: 'write', a: [1, 0x402060, 41], result: 41, mem: (m) => m.put(0x402060, '0123456789012345678901234567890123456789\n') },
  { file: 'syscalls.strace', line: 'write(1, "01234567890123456789012345678901", 32) = 32',
    name: 'write', a: [1, 0x402060, 32], result: 32, mem: (m) => m.put(0x402060, '0123456789012345678901234567890123456789\n') },
  { file: 'syscalls.strace', line: 'write(1, "01234567890123456789012345678901"..., 33) = 33',
    name: 'write', a: [1, 0x402060, 33], result: 33, mem: (m) => m.put(0x402060, '0123456789012345678901234567890123456789\n') },
  { file: 'syscalls.strace', line: 'write(1, "with\\0nul\\0", 9)              = 9', name: 'write', a: [1, 0x4020a0, 9], result: 9,
    mem: (m) => m.put(0x4020a0, 'with\0nul\0') },
  { file: 'syscalls.strace', line: 'write(1, "", 0)                         = 0', name: 'write', a: [1, 0x4020a0, 0], result: 0,
    mem: (m) => m.put(0x4020a0, 'x') },
  { file: 'syscalls.strace', line: 'write(99, "x", 1)                       = -1 EBADF (Bad file descriptor)',
    name: 'write', a: [99, 0x4020b0, 1], result: -9, mem: (m) => m.put(0x4020b0, 'x') },
  { file: 'syscalls.strace', line: 'write(1, 0x10, 5)                       = 5', name: 'write', a: [1, 0x10, 5], result: 5 },
  { file: 'syscalls.strace', line: 'write(1, NULL, 5)                       = 5', name: 'write', a: [1, 0, 5], result: 5 },
  { file: 'multi.strace', line: 'write(1, "\\t\\n\\177", 3)                 = 3', name: 'write', a: [1, 0x402000, 3], result: 3,
    mem: (m) => m.put(0x402000, '\t\n\x7f') },
  { file: 'syscalls.strace', line: 'read(0, "", 16)                         = 0', name: 'read', a: [0, 0x7fffbb1d1b60, 16], result: 0,
    mem: (m) => m.map(0x7fffbb1d1b60, 16) },
  { file: 'syscalls.strace', line: 'read(55, 0x7fffbb1d1b60, 16)            = -1 EBADF (Bad file descriptor)',
    name: 'read', a: [55, 0x7fffbb1d1b60, 16], result: -9, mem: (m) => m.map(0x7fffbb1d1b60, 16) },
  { file: 'syscalls.strace', line: 'getrandom("\\x37\\xd8\\xc0\\x67\\xc2\\xd3\\x9b\\xaf\\x78\\xbd\\x73\\xc5\\x3f\\x3a\\x4b\\x25", 16, 0) = 16',
    name: 'getrandom', a: [0x7fffbb1d1b60, 16, 0], result: 16,
    mem: (m) => m.put(0x7fffbb1d1b60, Uint8Array.from([0x37, 0xd8, 0xc0, 0x67, 0xc2, 0xd3, 0x9b, 0xaf, 0x78, 0xbd, 0x73, 0xc5, 0x3f, 0x3a, 0x4b, 0x25])) },
  { file: 'syscalls.strace', line: 'getrandom("\\x76\\x88\\x61\\xa8\\x57\\xf6\\x43\\x20", 8, GRND_NONBLOCK) = 8',
    name: 'getrandom', a: [0x7fffbb1d1b60, 8, 1], result: 8,
    mem: (m) => m.put(0x7fffbb1d1b60, Uint8Array.from([0x76, 0x88, 0x61, 0xa8, 0x57, 0xf6, 0x43, 0x20])) },
  { file: 'multi.strace', line: 'getrandom("", 0, 0)                     = 0', name: 'getrandom', a: [0x7fffbbaaa700, 0, 0], result: 0,
    mem: (m) => m.map(0x7fffbbaaa700, 64) },
  { file: 'multi.strace', line: 'getrandom(0x10, 5, 0)                   = -1 EFAULT (Bad address)', name: 'getrandom', a: [0x10, 5, 0], result: -14 },
  { file: 'syscalls.strace', line: 'readlinkat(AT_FDCWD, "/proc/self/exe", "/tmp/abi-gt/gt", 256) = 14',
    name: 'readlinkat', a: [-100, 0x403000, 0x7fffbb1d1a60, 256], result: 14,
    mem: (m) => { m.put(0x403000, '/proc/self/exe\0'); m.put(0x7fffbb1d1a60, '/tmp/abi-gt/gt'); } },
  { file: 'syscalls.strace', line: 'readlinkat(AT_FDCWD, "/proc/self/exe", "/tmp", 4) = 4',
    name: 'readlinkat', a: [-100, 0x403000, 0x7fffbb1d1a60, 4], result: 4,
    mem: (m) => { m.put(0x403000, '/proc/self/exe\0'); m.put(0x7fffbb1d1a60, '/tmp/abi-gt/gt'); } },
  { file: 'syscalls.strace', line: 'readlinkat(AT_FDCWD, "/nonexistent/path/that/is/very/long/indeed/more/than/32", 0x7fffbb1d1a60, 256) = -1 ENOENT (No such file or directory)',
    name: 'readlinkat', a: [-100, 0x403000, 0x7fffbb1d1a60, 256], result: -2,
    mem: (m) => { m.put(0x403000, '/nonexistent/path/that/is/very/long/indeed/more/than/32\0'); m.map(0x7fffbb1d1a60, 256); } },
  ...[[100, 56, '"..."'], [33, 33, '"..."'], [32, 32, ''], [31, 31, '']].map(([size, r]) => {
    const target = '/a/very/long/symlink/target/that/is/longer/than/32/bytes';
    const shown = target.slice(0, Math.min(32, r as number));
    const line = `readlinkat(AT_FDCWD, "/tmp/abi-gt/l", "${shown}"${(r as number) > 32 ? '...' : ''}, ${size}) = ${r}`;
    return { file: 'multi.strace', line: line.replace(/\) = /, ') '.padEnd(Math.max(2, 40 - line.indexOf(') = ') - 1)) + '= '),
      name: 'readlinkat', a: [-100, 0x403000, 0x7fffbbaaa700, size as number], result: r as number,
      mem: (m: FakeMem) => { m.put(0x403000, '/tmp/abi-gt/l\0'); m.put(0x7fffbbaaa700, target); } } as Case;
  }),
  { file: 'multi.strace', line: 'openat(AT_FDCWD, "1234567890123456789012345678901234567890/xx", O_RDONLY) = -1 ENOENT (No such file or directory)',
    name: 'openat', a: [-100, 0x403000, 0], result: -2, mem: (m) => m.put(0x403000, '1234567890123456789012345678901234567890/xx\0') },
  { file: 'syscalls.strace', line: 'openat(AT_FDCWD, "/etc/passwd", O_RDONLY|O_CLOEXEC) = 3',
    name: 'openat', a: [-100, 0x403000, 0o2000000], result: 3, mem: (m) => m.put(0x403000, '/etc/passwd\0') },
  { file: 'syscalls.strace', line: 'openat(AT_FDCWD, "/tmp/abi-gt/x", O_WRONLY|O_CREAT|O_TRUNC, 0644) = 4',
    name: 'openat', a: [-100, 0x403000, 0o1101, 0o644], result: 4, mem: (m) => m.put(0x403000, '/tmp/abi-gt/x\0') },
  { file: 'syscalls.strace', line: 'openat(3, "rel", O_RDWR|O_APPEND|O_NONBLOCK|O_NOFOLLOW|O_DIRECTORY) = -1 ENOTDIR (Not a directory)',
    name: 'openat', a: [3, 0x403000, 0o2 | 0o2000 | 0o4000 | 0o200000 | 0o400000], result: -20, mem: (m) => m.put(0x403000, 'rel\0') },
  { file: 'syscalls.strace', line: 'close(99)                               = -1 EBADF (Bad file descriptor)', name: 'close', a: [99], result: -9 },
  { file: 'syscalls.strace', line: 'getcwd("/tmp/abi-gt", 256)              = 12', name: 'getcwd', a: [0x7fffbb1d1a60, 256], result: 12,
    mem: (m) => m.put(0x7fffbb1d1a60, '/tmp/abi-gt\0') },
  // ---- process basics and memory ----
  { file: 'syscalls.strace', line: 'getpid()                                = 6002', name: 'getpid', a: [], result: 6002 },
  { file: 'syscalls.strace', line: 'getegid()                               = 0', name: 'getegid', a: [], result: 0 },
  { file: 'syscalls.strace', line: 'brk(NULL)                               = 0x560cd3158000', name: 'brk', a: [0], result: 0x560cd3158000 },
  { file: 'syscalls.strace', line: 'brk(0x560cd3159000)                     = 0x560cd3159000', name: 'brk', a: [0x560cd3159000], result: 0x560cd3159000 },
  { file: 'syscalls.strace', line: 'mmap(NULL, 8192, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0) = 0x7f19f8274000',
    name: 'mmap', a: [0, 8192, 3, 0x22, -1, 0], result: 0x7f19f8274000 },
  { file: 'syscalls.strace', line: 'mmap(0x10000, 4096, PROT_READ, MAP_PRIVATE|MAP_FIXED|MAP_ANONYMOUS|MAP_NORESERVE, -1, 0) = 0x10000',
    name: 'mmap', a: [0x10000, 4096, 1, 0x2 | 0x10 | 0x20 | 0x4000, -1, 0], result: 0x10000 },
  { file: 'syscalls.strace', line: 'mmap(NULL, 4096, PROT_READ, MAP_SHARED|MAP_ANONYMOUS|MAP_GROWSDOWN|MAP_STACK|16<<MAP_HUGE_SHIFT, -1, 0) = -1 EINVAL (Invalid argument)',
    name: 'mmap', a: [0, 4096, 1, 0x1 | 0x20 | 0x20000 | 0x100 | 0x40000000, -1, 0], result: -22 },
  { file: 'syscalls.strace', line: 'mmap(NULL, 4096, PROT_READ|0x10, MAP_PRIVATE, 55, 0x1000) = -1 EBADF (Bad file descriptor)',
    name: 'mmap', a: [0, 4096, 0x11, 2, 55, 4096], result: -9 },
  { pid: 20624, file: 'pthread.strace', line: 'mmap(NULL, 8392704, PROT_NONE, MAP_PRIVATE|MAP_ANONYMOUS|MAP_STACK, -1, 0) = 0x7f9ce936e000',
    name: 'mmap', a: [0, 8392704, 0, 0x20022, -1, 0], result: 0x7f9ce936e000 },
  { file: 'syscalls.strace', line: 'mprotect(0x7f19f8274000, 4096, PROT_NONE) = 0', name: 'mprotect', a: [0x7f19f8274000, 4096, 0], result: 0 },
  { file: 'syscalls.strace', line: 'mprotect(0x7f19f8274000, 4096, PROT_READ|PROT_WRITE|PROT_EXEC) = 0', name: 'mprotect', a: [0x7f19f8274000, 4096, 7], result: 0 },
  { file: 'syscalls.strace', line: 'madvise(0x7f19f8274000, 4096, MADV_DONTNEED) = 0', name: 'madvise', a: [0x7f19f8274000, 4096, 4], result: 0 },
  { file: 'syscalls.strace', line: 'munmap(0x7f19f8274000, 8192)            = 0', name: 'munmap', a: [0x7f19f8274000, 8192], result: 0 },
  { file: 'syscalls.strace', line: 'uname({sysname="Linux", nodename="vm", ...}) = 0', name: 'uname', a: [0x7fffbb1d1c00], result: 0,
    mem: (m) => m.put(0x7fffbb1d1c00, enc('new_utsname', { sysname: 'Linux', nodename: 'vm', release: '6.1', machine: 'x86_64' })) },
  { file: 'syscalls.strace', line: 'uname(0x8)                              = -1 EFAULT (Bad address)', name: 'uname', a: [8], result: -14 },
  { file: 'syscalls.strace', line: 'arch_prctl(ARCH_GET_FS, [0x7f19f8088740]) = 0', name: 'arch_prctl', a: [0x1003, 0x7fffbb1d1bd8], result: 0,
    mem: (m) => m.put(0x7fffbb1d1bd8, Uint8Array.from([0x40, 0x87, 0x08, 0xf8, 0x19, 0x7f, 0, 0])) },
  { file: 'syscalls.strace', line: 'arch_prctl(ARCH_SET_GS, 0x7f19f8088740) = 0', name: 'arch_prctl', a: [0x1001, 0x7f19f8088740], result: 0 },
  { file: 'syscalls.strace', line: 'arch_prctl(0x9999 /* ARCH_??? */, 0)    = -1 EINVAL (Invalid argument)', name: 'arch_prctl', a: [0x9999, 0], result: -22 },
  { file: 'syscalls.strace', line: 'set_tid_address(0x7fffbb1d1be4)         = 6002', name: 'set_tid_address', a: [0x7fffbb1d1be4], result: 6002 },
  { file: 'syscalls.strace', line: 'set_robust_list(0x1000, 24)             = 0', name: 'set_robust_list', a: [0x1000, 24], result: 0 },
  { file: 'syscalls.strace', line: 'rseq(0x2000, 0x20, 0, 0x53053053)       = -1 EINVAL (Invalid argument)', name: 'rseq', a: [0x2000, 0x20, 0, 0x53053053], result: -22 },
  { file: 'syscalls.strace', line: 'sched_yield()                           = 0', name: 'sched_yield', a: [], result: 0 },
  { file: 'syscalls.strace', line: 'kill(0, 0)                              = 0', name: 'kill', a: [0, 0], result: 0 },
  { file: 'syscalls.strace', line: 'kill(999999, SIGTERM)                   = -1 ESRCH (No such process)', name: 'kill', a: [999999, 15], result: -3 },
  { file: 'syscalls.strace', line: 'unshare(CLONE_NEWNS|CLONE_NEWPID)       = 0', name: 'unshare', a: [0x20020000], result: 0 },
  { file: 'syscalls.strace', line: 'unshare(0)                              = 0', name: 'unshare', a: [0], result: 0 },
  { file: 'syscalls.strace', line: 'exit_group(0)                           = ?', name: 'exit_group', a: [0], result: null },
  { file: 'syscalls.strace', line: 'syscall_0x3e7(0x100, 0xffffffffffffff80, 0x7f19f818c829, 0, 0, 0) = -1 ENOSYS (Function not implemented)',
    name: unknownSyscallName(0x3e7), a: [0x100, -128, 0x7f19f818c829, 0, 0, 0], result: -38 },
  // ---- futex ----
  { file: 'syscalls.strace', line: `futex(0x7fffbb1d1be0, FUTEX_WAKE, 1)    = 0`, name: 'futex', a: [S, 1, 1, 0, 0, 0], result: 0 },
  { file: 'syscalls.strace', line: `futex(0x7fffbb1d1be0, FUTEX_WAKE_PRIVATE, 1) = 0`, name: 'futex', a: [S, 129, 1, 0, 0, 0], result: 0 },
  { file: 'syscalls.strace', line: 'futex(0x7fffbb1d1be0, FUTEX_WAIT_PRIVATE, 1, NULL) = -1 EAGAIN (Resource temporarily unavailable)',
    name: 'futex', a: [S, 128, 1, 0, 0, 0], result: -11 },
  { file: 'syscalls.strace', line: 'futex(0x7fffbb1d1be0, FUTEX_WAIT, 0, {tv_sec=0, tv_nsec=1000}) = -1 ETIMEDOUT (Connection timed out)',
    name: 'futex', a: [S, 0, 0, 0x7fffbb1d1bd0, 0, 0], result: -110, mem: (m) => m.put(0x7fffbb1d1bd0, enc('timespec', { tv_sec: 0, tv_nsec: 1000 })) },
  { file: 'syscalls.strace', line: 'futex(0x7fffbb1d1be0, FUTEX_WAIT_BITSET_PRIVATE|FUTEX_CLOCK_REALTIME, 1, NULL, FUTEX_BITSET_MATCH_ANY) = -1 EAGAIN (Resource temporarily unavailable)',
    name: 'futex', a: [S, 393, 1, 0, 0, 0xffffffff], result: -11 },
  { file: 'syscalls.strace', line: 'futex(0x7fffbb1d1be0, FUTEX_WAKE_BITSET_PRIVATE, 1, FUTEX_BITSET_MATCH_ANY) = 0',
    name: 'futex', a: [S, 138, 1, 0, 0, 0xffffffff], result: 0 },
  { file: 'syscalls.strace', line: 'futex(0x7fffbb1d1be0, FUTEX_REQUEUE_PRIVATE, 1, 2, 0x7fffbb1d1be4) = 0',
    name: 'futex', a: [S, 131, 1, 2, 0x7fffbb1d1be4, 0], result: 0 },
  { file: 'syscalls.strace', line: 'futex(0x7fffbb1d1be0, FUTEX_CMP_REQUEUE_PRIVATE, 1, 2, 0x7fffbb1d1be4, 0) = 0',
    name: 'futex', a: [S, 132, 1, 2, 0x7fffbb1d1be4, 0], result: 0 },
  { file: 'syscalls.strace', line: 'futex(0x7fffbb1d1be0, 0x63 /* FUTEX_??? */, 1, 0x2, 0x7fffbb1d1be4, 0) = -1 ENOSYS (Function not implemented)',
    name: 'futex', a: [S, 99, 1, 2, 0x7fffbb1d1be4, 0], result: -38 },
  // ---- limits, signals, stat, ioctl, time ----
  { file: 'syscalls.strace', line: 'prlimit64(0, RLIMIT_STACK, NULL, {rlim_cur=8192*1024, rlim_max=RLIM64_INFINITY}) = 0',
    name: 'prlimit64', a: [0, 3, 0, 0x7fffbb1d1bc0], result: 0,
    mem: (m) => m.put(0x7fffbb1d1bc0, enc('rlimit64', { rlim_cur: 8192 * 1024, rlim_max: -1n })) },
  { file: 'syscalls.strace', line: 'prlimit64(0, RLIMIT_NOFILE, {rlim_cur=8192*1024, rlim_max=RLIM64_INFINITY}, NULL) = -1 EPERM (Operation not permitted)',
    name: 'prlimit64', a: [0, 7, 0x7fffbb1d1bc0, 0], result: -1,
    mem: (m) => m.put(0x7fffbb1d1bc0, enc('rlimit64', { rlim_cur: 8192 * 1024, rlim_max: -1n })) },
  { file: 'syscalls.strace', line: 'rt_sigaction(SIGUSR1, {sa_handler=0x401000, sa_mask=[USR1 CHLD], sa_flags=SA_RESTORER|SA_RESTART|SA_SIGINFO, sa_restorer=0x402000}, {sa_handler=SIG_DFL, sa_mask=[], sa_flags=0}, 8) = 0',
    name: 'rt_sigaction', a: [10, 0x7fffbb1d1b00, 0x7fffbb1d1b40, 8], result: 0,
    mem: (m) => {
      m.put(0x7fffbb1d1b00, enc('sigaction', { sa_handler: 0x401000, sa_flags: 0x14000004, sa_restorer: 0x402000, sa_mask: (1 << 9) | (1 << 16) }));
      m.put(0x7fffbb1d1b40, enc('sigaction', {}));
    } },
  { file: 'syscalls.strace', line: 'rt_sigaction(SIGUSR1, NULL, {sa_handler=0x401000, sa_mask=[USR1 CHLD], sa_flags=SA_RESTORER|SA_RESTART|SA_SIGINFO, sa_restorer=0x402000}, 8) = 0',
    name: 'rt_sigaction', a: [10, 0, 0x7fffbb1d1b40, 8], result: 0,
    mem: (m) => m.put(0x7fffbb1d1b40, enc('sigaction', { sa_handler: 0x401000, sa_flags: 0x14000004, sa_restorer: 0x402000, sa_mask: (1 << 9) | (1 << 16) })) },
  { file: 'syscalls.strace', line: 'rt_sigaction(SIGUSR2, {sa_handler=SIG_IGN, sa_mask=[], sa_flags=0}, NULL, 8) = 0',
    name: 'rt_sigaction', a: [12, 0x7fffbb1d1b00, 0, 8], result: 0, mem: (m) => m.put(0x7fffbb1d1b00, enc('sigaction', { sa_handler: 1 })) },
  { file: 'syscalls.strace', line: 'rt_sigaction(SIGTERM, {sa_handler=SIG_DFL, sa_mask=~[], sa_flags=0}, NULL, 8) = 0',
    name: 'rt_sigaction', a: [15, 0x7fffbb1d1b00, 0, 8], result: 0, mem: (m) => m.put(0x7fffbb1d1b00, enc('sigaction', { sa_mask: -1n })) },
  { pid: 20624, file: 'pthread.strace', line: 'rt_sigaction(SIGRT_1, {sa_handler=0x7f9ce9bf8720, sa_mask=[], sa_flags=SA_RESTORER|SA_ONSTACK|SA_RESTART|SA_SIGINFO, sa_restorer=0x7f9ce9bae050}, NULL, 8) = 0',
    name: 'rt_sigaction', a: [33, 0x7ffd00001000, 0, 8], result: 0,
    mem: (m) => m.put(0x7ffd00001000, enc('sigaction', { sa_handler: 0x7f9ce9bf8720, sa_flags: 0x1c000004, sa_restorer: 0x7f9ce9bae050 })) },
  { file: 'syscalls.strace', line: 'rt_sigprocmask(SIG_BLOCK, [INT RT_3], [], 8) = 0', name: 'rt_sigprocmask', a: [0, 0x7fffbb1d1b00, 0x7fffbb1d1b08, 8], result: 0,
    mem: (m) => m.put(0x7fffbb1d1b00, Uint8Array.from([2, 0, 0, 0, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0])) },
  { file: 'syscalls.strace', line: 'rt_sigprocmask(SIG_UNBLOCK, ~[KILL STOP], NULL, 8) = 0', name: 'rt_sigprocmask', a: [1, 0x7fffbb1d1b00, 0, 8], result: 0,
    mem: (m) => m.put(0x7fffbb1d1b00, Uint8Array.from([0xff, 0xfe, 0xfb, 0xff, 0xff, 0xff, 0xff, 0xff])) },
  { pid: 20624, file: 'pthread.strace', line: 'rt_sigprocmask(SIG_BLOCK, ~[], [], 8) = 0', name: 'rt_sigprocmask', a: [0, 0x7ffd00001000, 0x7ffd00001008, 8], result: 0,
    mem: (m) => m.put(0x7ffd00001000, Uint8Array.from([255, 255, 255, 255, 255, 255, 255, 255, 0, 0, 0, 0, 0, 0, 0, 0])) },
  { pid: 20624, file: 'pthread.strace', line: 'rt_sigprocmask(SIG_UNBLOCK, [RTMIN RT_1], NULL, 8) = 0', name: 'rt_sigprocmask', a: [1, 0x7ffd00001000, 0, 8], result: 0,
    mem: (m) => m.put(0x7ffd00001000, Uint8Array.from([0, 0, 0, 0x80, 1, 0, 0, 0])) },
  { pid: 24017, file: 'processes.strace', line: 'rt_sigprocmask(SIG_BLOCK, [SYS RTMIN RT_1 RT_32], NULL, 8) = 0', name: 'rt_sigprocmask', a: [0, 0x7ffd00001000, 0, 8], result: 0,
    mem: (m) => m.put(0x7ffd00001000, Uint8Array.from([0, 0, 0, 0xc0, 1, 0, 0, 0x80])) },
  { pid: 24017, file: 'processes.strace', line: 'rt_sigprocmask(0x7 /* SIG_??? */, ~[RT_11 RT_12 RT_13 RT_14 RT_15 RT_16 RT_17 RT_18 RT_19 RT_20 RT_21 RT_22 RT_23 RT_24 RT_25 RT_26 RT_27 RT_28 RT_29 RT_30 RT_31 RT_32], NULL, 8) = -1 EINVAL (Invalid argument)',
    name: 'rt_sigprocmask', a: [7, 0x7ffd00001000, 0, 8], result: -22,
    mem: (m) => m.put(0x7ffd00001000, Uint8Array.from([0xff, 0xff, 0xff, 0xff, 0xff, 0x03, 0, 0])) },
  { pid: 24017, file: 'processes.strace', line: 'rt_sigprocmask(SIG_BLOCK, [HUP INT QUIT ILL TRAP ABRT BUS FPE KILL USR1 SEGV USR2 PIPE ALRM TERM STKFLT CHLD CONT STOP TSTP TTIN TTOU URG XCPU XFSZ VTALRM PROF WINCH IO PWR SYS RTMIN RT_1 RT_2 RT_3 RT_4 RT_5 RT_6 RT_7 RT_8], NULL, 8) = 0',
    name: 'rt_sigprocmask', a: [0, 0x7ffd00001000, 0, 8], result: 0,
    mem: (m) => m.put(0x7ffd00001000, Uint8Array.from([0xff, 0xff, 0xff, 0xff, 0xff, 0, 0, 0])) },
  { file: 'syscalls.strace', line: 'newfstatat(0, "", {st_mode=S_IFCHR|0666, st_rdev=makedev(0x1, 0x3), ...}, AT_EMPTY_PATH) = 0',
    name: 'newfstatat', a: [0, 0x403000, 0x7fffbb1d19d0, 0x1000], result: 0,
    mem: (m) => { m.put(0x403000, '\0'); m.put(0x7fffbb1d19d0, enc('stat', { st_mode: 0o20666, st_rdev: 0x103 })); } },
  { file: 'syscalls.strace', line: 'newfstatat(AT_FDCWD, "/etc/passwd", {st_mode=S_IFREG|0644, st_size=1221, ...}, 0) = 0',
    name: 'newfstatat', a: [-100, 0x403000, 0x7fffbb1d19d0, 0], result: 0,
    mem: (m) => { m.put(0x403000, '/etc/passwd\0'); m.put(0x7fffbb1d19d0, enc('stat', { st_mode: 0o100644, st_size: 1221 })); } },
  { file: 'syscalls.strace', line: 'newfstatat(AT_FDCWD, "/nonexistent", 0x7fffbb1d19d0, AT_SYMLINK_NOFOLLOW) = -1 ENOENT (No such file or directory)',
    name: 'newfstatat', a: [-100, 0x403000, 0x7fffbb1d19d0, 0x100], result: -2,
    mem: (m) => { m.put(0x403000, '/nonexistent\0'); m.map(0x7fffbb1d19d0, 144); } },
  { file: 'syscalls.strace', line: 'fstat(2, {st_mode=S_IFCHR|0666, st_rdev=makedev(0x1, 0x3), ...}) = 0',
    name: 'fstat', a: [2, 0x7fffbb1d19d0], result: 0, mem: (m) => m.put(0x7fffbb1d19d0, enc('stat', { st_mode: 0o20666, st_rdev: 0x103 })) },
  { file: 'syscalls.strace', line: 'fstat(55, 0x7fffbb1d19d0)               = -1 EBADF (Bad file descriptor)', name: 'fstat', a: [55, 0x7fffbb1d19d0], result: -9 },
  { file: 'syscalls.strace', line: 'ioctl(1, TCGETS, 0x7fffbb1d1990)        = -1 ENOTTY (Inappropriate ioctl for device)',
    name: 'ioctl', a: [1, 0x5401, 0x7fffbb1d1990], result: -25 },
  { file: 'syscalls.strace', line: 'ioctl(1, TIOCGWINSZ, 0x7fffbb1d1990)    = -1 ENOTTY (Inappropriate ioctl for device)',
    name: 'ioctl', a: [1, 0x5413, 0x7fffbb1d1990], result: -25 },
  { file: 'syscalls.strace', line: 'ioctl(1, _IOC(_IOC_NONE, 0x56, 0x78, 0x1234), 0x42) = -1 ENOTTY (Inappropriate ioctl for device)',
    name: 'ioctl', a: [1, 0x12345678, 0x42], result: -25 },
  { file: 'syscalls.strace', line: 'clock_gettime(CLOCK_MONOTONIC, {tv_sec=364, tv_nsec=545747787}) = 0',
    name: 'clock_gettime', a: [1, 0x7fffbb1d1bd0], result: 0, mem: (m) => m.put(0x7fffbb1d1bd0, enc('timespec', { tv_sec: 364, tv_nsec: 545747787 })) },
  { file: 'syscalls.strace', line: 'clock_gettime(CLOCK_PROCESS_CPUTIME_ID, 0x8) = -1 EFAULT (Bad address)', name: 'clock_gettime', a: [2, 8], result: -14 },
  { file: 'syscalls.strace', line: 'nanosleep({tv_sec=0, tv_nsec=1000}, NULL) = 0', name: 'nanosleep', a: [0x7fffbb1d1bd0, 0], result: 0,
    mem: (m) => m.put(0x7fffbb1d1bd0, enc('timespec', { tv_sec: 0, tv_nsec: 1000 })) },
  { file: 'syscalls.strace', line: 'clock_nanosleep(CLOCK_MONOTONIC, 0, {tv_sec=0, tv_nsec=1000}, 0x7fffbb1d1bd0) = 0',
    name: 'clock_nanosleep', a: [1, 0, 0x7fffbb1d1bd0, 0x7fffbb1d1bd0], result: 0,
    mem: (m) => m.put(0x7fffbb1d1bd0, enc('timespec', { tv_sec: 0, tv_nsec: 1000 })) },
  { file: 'syscalls.strace', line: 'clock_nanosleep(CLOCK_REALTIME, TIMER_ABSTIME, {tv_sec=0, tv_nsec=1000}, NULL) = 0',
    name: 'clock_nanosleep', a: [0, 1, 0x7fffbb1d1bd0, 0], result: 0,
    mem: (m) => m.put(0x7fffbb1d1bd0, enc('timespec', { tv_sec: 0, tv_nsec: 1000 })) },
  // ---- signals by number ----
  ...([[32, 'SIGRTMIN'], [33, 'SIGRT_1'], [64, 'SIGRT_32'], [65, '65'], [31, 'SIGSYS'], [-3, '-3']] as const).map(([sig, name]) => {
    const head = `kill(999999, ${name})`;
    return { pid: 24017, file: 'processes.strace', line: `${head.padEnd(33)} = -1 ESRCH (No such process)`, name: 'kill', a: [999999, sig], result: -3 } as Case;
  }),
];

// processes.strace lines carry strace -o's "PID  " prefix (pid padded to 5, then a space).
type PCase = Case & { pid: number };
const P = 24017;
const tid = 0x5587d6f87034;
const ctid = 0x5587d6f87038;
const pcases: PCase[] = [
  { pid: P, file: 'processes.strace', line: 'clone(child_stack=NULL, flags=SIGCHLD) = 24018', name: 'clone', a: [17, 0, 0, 0, 0], result: 24018 },
  { pid: P, file: 'processes.strace', line: 'wait4(24018,  <unfinished ...>', name: 'wait4', a: [24018, 0x7ffd0733ac2c, 0, 0], result: null, form: 'unfinished' },
  { pid: 24018, file: 'processes.strace', line: 'exit(3)                           = ?', name: 'exit', a: [3], result: null },
  { pid: P, file: 'processes.strace', line: '<... wait4 resumed>[{WIFEXITED(s) && WEXITSTATUS(s) == 3}], 0, NULL) = 24018',
    name: 'wait4', a: [24018, 0x7ffd0733ac2c, 0, 0], result: 24018, form: 'resumed', mem: (m) => m.put(0x7ffd0733ac2c, Uint8Array.from([0, 3, 0, 0])) },
  { pid: P, file: 'processes.strace', line: 'clone(child_stack=NULL, flags=CLONE_PARENT_SETTID|CLONE_CHILD_SETTID|SIGCHLD, parent_tid=[24019], child_tidptr=0x5587d6f87038) = 24019',
    name: 'clone', a: [0x01100011, 0, tid, ctid, 0], result: 24019, mem: (m) => m.put(tid, le32(24019)) },
  { pid: P, file: 'processes.strace', line: 'clone(child_stack=NULL, flags=CLONE_CHILD_CLEARTID|SIGUSR1, child_tidptr=0x5587d6f87038) = 24020',
    name: 'clone', a: [0x0020000a, 0, tid, ctid, 0], result: 24020 },
  { pid: P, file: 'processes.strace', line: '<... wait4 resumed>[{WIFSIGNALED(s) && WTERMSIG(s) == SIGSEGV}], __WALL, NULL) = 24020',
    name: 'wait4', a: [-1, 0x7ffd0733ac2c, 0x40000000, 0], result: 24020, form: 'resumed', mem: (m) => m.put(0x7ffd0733ac2c, Uint8Array.from([11, 0, 0, 0])) },
  { pid: P, file: 'processes.strace', line: 'clone(child_stack=NULL, flags=0)  = 24021', name: 'clone', a: [0, 0, 0, 0, 0], result: 24021 },
  { pid: 24021, file: 'processes.strace', line: 'kill(24021, SIGKILL)              = ?', name: 'kill', a: [24021, 9], result: null },
  { pid: 24021, file: 'processes.strace', line: 'getpid( <unfinished ...>', name: 'getpid', a: [], result: null, form: 'unfinished' },
  { pid: 24021, file: 'processes.strace', line: '<... getpid resumed>)             = 24021', name: 'getpid', a: [], result: 24021, form: 'resumed' },
  { pid: P, file: 'processes.strace', line: 'wait4(-1, 0x7ffd0733ac2c, WNOHANG, NULL) = -1 ECHILD (No child processes)',
    name: 'wait4', a: [-1, 0x7ffd0733ac2c, 1, 0], result: -10, mem: (m) => m.map(0x7ffd0733ac2c, 4) },
  { pid: P, file: 'processes.strace', line: 'wait4(-1, NULL, WNOHANG|WSTOPPED|WCONTINUED, NULL) = -1 ECHILD (No child processes)',
    name: 'wait4', a: [-1, 0, 11, 0], result: -10 },
  { pid: P, file: 'processes.strace', line: '<... wait4 resumed>[{WIFSTOPPED(s) && WSTOPSIG(s) == SIGSTOP}], WSTOPPED, NULL) = 24022',
    name: 'wait4', a: [24022, 0x7ffd0733ac2c, 2, 0], result: 24022, form: 'resumed', mem: (m) => m.put(0x7ffd0733ac2c, Uint8Array.from([0x7f, 0x13, 0, 0])) },
  { pid: P, file: 'processes.strace', line: '<... wait4 resumed>[{WIFCONTINUED(s)}], WCONTINUED, NULL) = 24022',
    name: 'wait4', a: [24022, 0x7ffd0733ac2c, 8, 0], result: 24022, form: 'resumed', mem: (m) => m.put(0x7ffd0733ac2c, Uint8Array.from([0xff, 0xff, 0, 0])) },
  { pid: P, file: 'processes.strace', line: '<... wait4 resumed>[{WIFEXITED(s) && WEXITSTATUS(s) == 255}], 0, {ru_utime={tv_sec=0, tv_usec=156}, ru_stime={tv_sec=0, tv_usec=0}, ...}) = 24022',
    name: 'wait4', a: [24022, 0x7ffd0733ac2c, 0, 0x7ffd0733ab00], result: 24022, form: 'resumed',
    mem: (m) => { m.put(0x7ffd0733ac2c, Uint8Array.from([0, 0xff, 0, 0])); m.put(0x7ffd0733ab00, L('rusage').encode({ ru_utime: { tv_sec: 0, tv_usec: 156 }, ru_maxrss: 1000 })); } },
  { pid: 24022, file: 'processes.strace', line: 'exit(255 <unfinished ...>', name: 'exit', a: [255], result: null, form: 'unfinished' },
  { pid: 24022, file: 'processes.strace', line: '<... exit resumed>)               = ?', name: 'exit', a: [255], result: null, form: 'resumed' },
  // clone3, as strace prints it (fields appear only with their flags; `=> {…}` on exit)
  { pid: P, file: 'processes.strace', line: 'clone3({flags=CLONE_PARENT_SETTID|CLONE_CHILD_SETTID, child_tid=0x5587d6f87038, parent_tid=0x5587d6f87034, exit_signal=SIGCHLD, stack=NULL, stack_size=0} => {parent_tid=[24023]}, 88) = 24023',
    name: 'clone3', a: [0x7ffd0733ab30, 88], result: 24023,
    mem: (m) => { m.put(0x7ffd0733ab30, L('clone_args').encode({ flags: 0x01100000, parent_tid: tid, child_tid: ctid, exit_signal: 17 })); m.put(tid, le32(24023)); } },
  { pid: P, file: 'processes.strace', line: 'clone3({flags=0, exit_signal=SIGCHLD, stack=NULL, stack_size=0}, 64) = 24024',
    name: 'clone3', a: [0x7ffd0733ab30, 64], result: 24024, mem: (m) => m.put(0x7ffd0733ab30, L('clone_args').encode({ exit_signal: 17 }).subarray(0, 64)) },
  { pid: P, file: 'processes.strace', line: 'clone3({flags=CLONE_NEWPID, exit_signal=SIGCHLD, stack=NULL, stack_size=0, set_tid=[1, 4242], set_tid_size=2}, 80) = 4242',
    name: 'clone3', a: [0x7ffd0733ab30, 80], result: 4242,
    mem: (m) => { m.put(0x7ffd0733ab30, L('clone_args').encode({ flags: 0x20000000, exit_signal: 17, set_tid: 0x7ffd0733ab28, set_tid_size: 2 }).subarray(0, 80)); m.put(0x7ffd0733ab28, Uint8Array.from([...le32(1), ...le32(4242)])); } },
  { pid: P, file: 'processes.strace', line: 'clone3({flags=0, exit_signal=SIGCHLD, stack=NULL, stack_size=0, set_tid=0x7ffd0733ab2c, set_tid_size=40}, 88) = -1 EINVAL (Invalid argument)',
    name: 'clone3', a: [0x7ffd0733ab30, 88], result: -22,
    mem: (m) => m.put(0x7ffd0733ab30, L('clone_args').encode({ exit_signal: 17, set_tid: 0x7ffd0733ab2c, set_tid_size: 40 })) },
  { pid: P, file: 'processes.strace', line: 'clone3(0x7ffd0733ab30, 32)        = -1 EINVAL (Invalid argument)', name: 'clone3', a: [0x7ffd0733ab30, 32], result: -22 },
  { pid: P, file: 'processes.strace', line: 'clone3(0x7ffd0733ab30, 63)        = -1 EINVAL (Invalid argument)', name: 'clone3', a: [0x7ffd0733ab30, 63], result: -22 },
  { pid: P, file: 'processes.strace', line: 'clone3(NULL, 88)                  = -1 EFAULT (Bad address)', name: 'clone3', a: [0, 88], result: -14 },
  { pid: P, file: 'processes.strace', line: 'clone3(0x10, 88)                  = -1 EFAULT (Bad address)', name: 'clone3', a: [0x10, 88], result: -14 },
  { pid: P, file: 'processes.strace', line: 'clone3({flags=0, exit_signal=SIGCHLD, stack=NULL, stack_size=0, /* bytes 88..119 */ "\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x07\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00"}, 120) = -1 E2BIG (Argument list too long)',
    name: 'clone3', a: [0x7ffd0733ab30, 120], result: -7,
    mem: (m) => { m.put(0x7ffd0733ab30, L('clone_args').encode({ exit_signal: 17 })); m.put(0x7ffd0733ab30 + 88, new Uint8Array(32)); m.put(0x7ffd0733ab30 + 100, Uint8Array.from([7])); } },
  { pid: P, file: 'processes.strace', line: 'clone3({flags=CLONE_VM|CLONE_PIDFD|CLONE_SETTLS|CLONE_CLEAR_SIGHAND|CLONE_INTO_CGROUP|0x80000000000, pidfd=0x99, exit_signal=0, stack=NULL, stack_size=0, tls=0x1234, cgroup=3}, 88) = -1 EINVAL (Invalid argument)',
    name: 'clone3', a: [0x7ffd0733ab30, 88], result: -22,
    mem: (m) => m.put(0x7ffd0733ab30, L('clone_args').encode({ flags: 0x100 + 0x1000 + 0x80000 + 0x100000000 + 0x200000000 + 0x80000000000, pidfd: 0x99, tls: 0x1234, cgroup: 3 })) },
  { pid: P, file: 'processes.strace', line: 'clone3({flags=0x80000000000 /* CLONE_??? */, exit_signal=4294967296, stack=0x10000, stack_size=0x2000}, 88) = -1 EINVAL (Invalid argument)',
    name: 'clone3', a: [0x7ffd0733ab30, 88], result: -22,
    mem: (m) => m.put(0x7ffd0733ab30, L('clone_args').encode({ flags: 0x80000000000, exit_signal: 0x100000000, stack: 0x10000, stack_size: 0x2000 })) },
  { pid: P, file: 'processes.strace', line: 'clone(child_stack=NULL, flags=128) = 24025', name: 'clone', a: [0x80, 0, 0, 0, 0], result: 24025 },
  { pid: P, file: 'processes.strace', line: 'clone(child_stack=NULL, flags=CLONE_NEWPID|128) = 24026', name: 'clone', a: [0x20000080, 0, tid, ctid, 0x4567], result: 24026 },
  { pid: P, file: 'processes.strace', line: 'unshare(CLONE_NEWTIME|CLONE_VM|CLONE_FS|CLONE_FILES|CLONE_SIGHAND|CLONE_THREAD|CLONE_SYSVSEM|CLONE_NEWCGROUP|0x80000000) = -1 EINVAL (Invalid argument)',
    name: 'unshare', a: [(0x80 | 0x100 | 0x200 | 0x400 | 0x800 | 0x10000 | 0x40000 | 0x2000000 | 0x80000000) >>> 0], result: -22 },
  { pid: P, file: 'processes.strace', line: 'unshare(0x80000000 /* CLONE_??? */) = -1 EINVAL (Invalid argument)', name: 'unshare', a: [0x80000000], result: -22 },
  { pid: 24027, file: 'processes.strace', line: 'write(1, "", 0)                   = 0', name: 'write', a: [1, 0x7ffd0733a000, 0], result: 0,
    mem: (m) => m.put(0x7ffd0733a000, 'aaaa') },
  { pid: P, file: 'processes.strace', line: 'clone(child_stack=0x1000, flags=CLONE_VM|CLONE_FS|CLONE_FILES|CLONE_SIGHAND|CLONE_THREAD|CLONE_SYSVSEM|CLONE_SETTLS|CLONE_PARENT_SETTID|CLONE_CHILD_CLEARTID|0x100000000, parent_tid=[24030], tls=0x4567, child_tidptr=0x5587d6f87038) = 24030',
    name: 'clone', a: [0x1003d0f00, 0x1000, tid, ctid, 0x4567], result: 24030, mem: (m) => m.put(tid, le32(24030)) },
  { pid: P, file: 'processes.strace', line: 'nanosleep({tv_sec=1, tv_nsec=0},  <unfinished ...>', name: 'nanosleep', a: [0x7ffd0733ab00, 0], result: null, form: 'unfinished',
    mem: (m) => m.put(0x7ffd0733ab00, enc('timespec', { tv_sec: 1 })) },
  { pid: 4242, file: 'processes.strace', line: 'exit(0)                           = ?', name: 'exit', a: [0], result: null },
];

// pthread.strace (glibc 2.36's pthread_create), also with "PID " prefixes.
const T = 20624;
const pthreadCases: PCase[] = [
  { pid: T, file: 'pthread.strace', line: 'clone3({flags=CLONE_VM|CLONE_FS|CLONE_FILES|CLONE_SIGHAND|CLONE_THREAD|CLONE_SYSVSEM|CLONE_SETTLS|CLONE_PARENT_SETTID|CLONE_CHILD_CLEARTID, child_tid=0x7f9ce9b6e990, parent_tid=0x7f9ce9b6e990, exit_signal=0, stack=0x7f9ce936e000, stack_size=0x7fff80, tls=0x7f9ce9b6e6c0} => {parent_tid=[20625]}, 88) = 20625',
    name: 'clone3', a: [0x7ffd00002000, 88], result: 20625,
    mem: (m) => {
      m.put(0x7ffd00002000, L('clone_args').encode({ flags: 0x3d0f00, child_tid: 0x7f9ce9b6e990, parent_tid: 0x7f9ce9b6e990, stack: 0x7f9ce936e000, stack_size: 0x7fff80, tls: 0x7f9ce9b6e6c0 }));
      m.put(0x7f9ce9b6e990, le32(20625));
    } },
  { pid: T, file: 'pthread.strace', line: 'futex(0x7f9ce9b6e990, FUTEX_WAIT_BITSET|FUTEX_CLOCK_REALTIME, 20625, NULL, FUTEX_BITSET_MATCH_ANY <unfinished ...>',
    name: 'futex', a: [0x7f9ce9b6e990, 265, 20625, 0, 0, 0xffffffff], result: null, form: 'unfinished' },
  { pid: T, file: 'pthread.strace', line: '<... futex resumed>)              = 0', name: 'futex', a: [0x7f9ce9b6e990, 265, 20625, 0, 0, 0xffffffff], result: 0, form: 'resumed' },
  { pid: T, file: 'pthread.strace', line: 'set_robust_list(0x7f9ce9b6fa20, 24) = 0', name: 'set_robust_list', a: [0x7f9ce9b6fa20, 24], result: 0 },
  { pid: 20625, file: 'pthread.strace', line: 'rseq(0x7f9ce9b6efe0, 0x20, 0, 0x53053053) = 0', name: 'rseq', a: [0x7f9ce9b6efe0, 0x20, 0, 0x53053053], result: 0 },
];

const prefixOf = (c: Case) => (c.pid === undefined ? '' : `${String(c.pid).padEnd(5)} `);

function render(c: Case, prefix: string): string {
  const mem = new FakeMem();
  c.mem?.(mem);
  const ctx: StraceContext = { arch: x86_64, mem, column: 40 };
  const p = straceEnter(c.name, args(...c.a), ctx);
  if (c.form === 'unfinished') return straceUnfinished(p, prefix);
  if (c.form === 'resumed') return straceResumed(p, c.result, ctx, prefix);
  return straceLine(p, c.result, ctx, prefix);
}

const files = new Map<string, Set<string>>();
function captured(file: string): Set<string> {
  let s = files.get(file);
  if (!s) { s = new Set(fixtureLines(file)); files.set(file, s); }
  return s;
}

test('every golden line is a line strace printed (fixtures are the source of truth)', () => {
  for (const c of [...cases, ...pcases, ...pthreadCases]) {
    const full = `${prefixOf(c)}${c.line}`;
    assert.ok(captured(c.file).has(full), `not in ${c.file}: ${full}`);
  }
});

test('lines render exactly as strace printed them (x86_64, column 40)', () => {
  let n = 0;
  for (const c of cases) {
    assert.equal(render(c, prefixOf(c)), prefixOf(c) + c.line);
    n++;
  }
  assert.ok(n >= 90, `${n} lines`);
});

test('multi-process lines (strace -f -o: "PID  " prefix) render exactly, unfinished/resumed included', () => {
  for (const c of [...pcases, ...pthreadCases]) assert.equal(render(c, prefixOf(c)), prefixOf(c) + c.line);
});

test('[pid N] prefixes as strace prints them on stderr', () => {
  const lines = captured('multi.strace');
  const ctx = (mem: FakeMem): StraceContext => ({ arch: x86_64, mem, column: 40 });
  const m = new FakeMem().put(0x402000, 'child\n');
  const w = straceLine(straceEnter('write', args(1, 0x402000, 6), ctx(m)), 6, ctx(m), pidPrefix(6986));
  assert.equal(w, '[pid  6986] write(1, "child\\n", 6)      = 6');
  assert.ok(lines.has(w));
  const e = straceLine(straceEnter('exit', args(3), ctx(m)), null, ctx(m), pidPrefix(6986));
  assert.equal(e, '[pid  6986] exit(3)                     = ?');
  assert.ok(lines.has(e));
  assert.ok(lines.has(`${pidPrefix(6986)}${formatExited(3)}`));
  const st = new FakeMem().put(0x7fffbbaaa73c, Uint8Array.from([0, 0, 0, 0]));
  const nohang = straceLine(straceEnter('wait4', args(-1, 0x7fffbbaaa73c, 1, 0), ctx(st)), 0, ctx(st));
  assert.equal(nohang, 'wait4(-1, 0x7fffbbaaa73c, WNOHANG, NULL) = 0');
  assert.ok(lines.has(nohang));
  const ts = new FakeMem().put(0x7fffbbaaa700, structLayout('timespec', x86_64).encode({ tv_nsec: 100000000 }));
  const ns = straceLine(straceEnter('nanosleep', args(0x7fffbbaaa700, 0), ctx(ts)), 0, ctx(ts), pidPrefix(6988));
  assert.equal(ns, '[pid  6988] nanosleep({tv_sec=0, tv_nsec=100000000}, NULL) = 0');
  assert.ok(lines.has(ns));
  const eg = straceLine(straceEnter('exit_group', args(300), ctx(ts)), null, ctx(ts));
  assert.ok(lines.has(eg));
  assert.ok(lines.has(formatExited(300)), 'exit_group(300) is reported as 44');
  assert.ok(captured('processes.strace').has(`24020 ${formatKilled(11)}`));
  assert.ok(captured('processes.strace').has(`24021 ${formatKilled(9)}`));
});
