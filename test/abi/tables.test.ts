// errno numbers and messages, flag tables, signal names and sets, string quoting.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findArch } from '../../arch/index.js';
import * as E from '../../kernel/abi/errno.js';
import * as F from '../../kernel/abi/flags.js';
import { quoteBytes, quoteString } from '../../kernel/abi/quote.js';
import { clone3Flags, cloneFlags, hex64, printFlags, printXval, waitOptions, xlatsFor } from '../../kernel/abi/xlat.js';
import { signalName, signalNumber, sigsetString } from '../../kernel/abi/signal-names.js';

const bytes = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0));

test('errno: Linux generic numbers on all three ABIs; PowerPC\'s EDEADLOCK is 58', () => {
  assert.deepEqual([E.EPERM, E.ENOENT, E.ESRCH, E.EINTR, E.E2BIG, E.EBADF, E.ECHILD, E.EAGAIN, E.ENOMEM, E.EFAULT,
    E.EBUSY, E.EEXIST, E.EINVAL, E.ENOTTY, E.ENOSPC, E.ERANGE, E.ENOSYS, E.ETIMEDOUT],
  [1, 2, 3, 4, 7, 9, 10, 11, 12, 14, 16, 17, 22, 25, 28, 34, 38, 110]);
  assert.equal(E.errnoName(38), 'ENOSYS');
  assert.equal(E.errnoMessage(38), 'Function not implemented');
  assert.equal(E.errnoNumber('EDEADLOCK', findArch('x86_64')!), 35);
  assert.equal(E.errnoNumber('EDEADLOCK', findArch('aarch64')!), 35);
  assert.equal(E.errnoNumber('EDEADLOCK', findArch('ppc64')!), 58);
  assert.equal(E.errnoName(58, findArch('ppc64le')!), 'EDEADLOCK');
  assert.equal(E.errnoName(58, findArch('x86_64')!), undefined);
  assert.equal(E.errnoName(35, findArch('ppc64')!), 'EDEADLK');
  assert.equal(E.errnoNumber('EWOULDBLOCK'), 11);
  assert.equal(E.errnoNumber('EHWPOISON'), 133);
  assert.equal(E.errnoMessage(41), 'Unknown error 41');
  assert.equal(E.errnoName(512), 'ERESTARTSYS');
  assert.ok(E.isRestartCode(516) && !E.isRestartCode(22));
});

test('flags: names in strace\'s order, unknown bits as a hex remainder, 64-bit words as halves', () => {
  assert.equal(printFlags(cloneFlags, F.CLONE_VM | F.CLONE_FS | F.CLONE_NEWPID, 0, 'CLONE_???'), 'CLONE_VM|CLONE_FS|CLONE_NEWPID');
  assert.equal(printFlags(cloneFlags, F.CLONE_DETACHED | F.CLONE_VM, 0, 'CLONE_???'), 'CLONE_VM|0x400000');
  assert.equal(printFlags(cloneFlags, F.CLONE_DETACHED, 0, 'CLONE_???'), '0x400000 /* CLONE_??? */');
  assert.equal(printFlags(cloneFlags, 0, 0, 'CLONE_???'), '0');
  assert.equal(printFlags(cloneFlags, 0, 0, null), '');
  assert.equal(printFlags([cloneFlags, clone3Flags], F.CLONE_IO >>> 0, F.CLONE_INTO_CGROUP_HI | F.CLONE_CLEAR_SIGHAND_HI, null),
    'CLONE_IO|CLONE_CLEAR_SIGHAND|CLONE_INTO_CGROUP');
  assert.equal(printFlags(cloneFlags, 0, 0x800, 'CLONE_???'), '0x80000000000 /* CLONE_??? */');
  assert.equal(printFlags(waitOptions, F.WNOHANG | (F.__WALL >>> 0), 0, 'W???'), 'WNOHANG|__WALL');
  const x = xlatsFor(findArch('x86_64')!);
  assert.equal(printFlags(x.mmapProt, 0, 0, 'PROT_???'), 'PROT_NONE');
  assert.equal(printFlags(x.openFlags, F.O_SYNC, 0, null), 'O_SYNC');
  assert.equal(printXval(x.ioctls, 0x5401, 0, null), 'TCGETS');
  assert.equal(hex64(0, 0), '0');
  assert.equal(hex64(0x10, 0), '0x10');
  assert.equal(hex64(0x5, 0x1), '0x100000005');
  assert.equal(hex64(0xffffffff, 0xffffffff), '0xffffffffffffffff');
  // All CLONE_* bits the clone family uses have names (CLONE_DETACHED excepted, as in strace).
  for (const n of ['CLONE_VM', 'CLONE_FS', 'CLONE_FILES', 'CLONE_SIGHAND', 'CLONE_PIDFD', 'CLONE_PTRACE', 'CLONE_VFORK',
    'CLONE_PARENT', 'CLONE_THREAD', 'CLONE_NEWNS', 'CLONE_SYSVSEM', 'CLONE_SETTLS', 'CLONE_PARENT_SETTID',
    'CLONE_CHILD_CLEARTID', 'CLONE_UNTRACED', 'CLONE_CHILD_SETTID', 'CLONE_NEWCGROUP', 'CLONE_NEWUTS', 'CLONE_NEWIPC',
    'CLONE_NEWUSER', 'CLONE_NEWPID', 'CLONE_NEWNET', 'CLONE_IO']) {
    const v = (F as unknown as Record<string, number>)[n];
    assert.equal(printFlags(cloneFlags, v >>> 0, 0, null), n);
  }
});

test('signals: names, real-time numbering, sets and their complement', () => {
  assert.equal(signalName(17), 'SIGCHLD');
  assert.equal(signalName(32), 'SIGRTMIN');
  assert.equal(signalName(33), 'SIGRT_1');
  assert.equal(signalName(64), 'SIGRT_32');
  assert.equal(signalName(65), '65');
  assert.equal(signalName(0), '0');
  assert.equal(signalNumber('SIGSEGV'), 11);
  assert.equal(signalNumber('USR1'), 10);
  assert.equal(signalNumber('SIGRT_2'), 34);
  assert.equal(signalNumber('SIGNOPE'), undefined);
  assert.equal(sigsetString(0, 0), '[]');
  assert.equal(sigsetString((1 << 9) | (1 << 16), 0), '[USR1 CHLD]');
  assert.equal(sigsetString(0xffffffff, 0xffffffff), '~[]');
  // 42 of 64 bits set is the point where strace switches to the complement.
  assert.equal(sigsetString(0xffffffff, 0x1ff), '[HUP INT QUIT ILL TRAP ABRT BUS FPE KILL USR1 SEGV USR2 PIPE ALRM TERM STKFLT CHLD CONT STOP TSTP TTIN TTOU URG XCPU XFSZ VTALRM PROF WINCH IO PWR SYS RTMIN RT_1 RT_2 RT_3 RT_4 RT_5 RT_6 RT_7 RT_8 RT_9]');
  assert.equal(sigsetString(0xffffffff, 0x3ff), '~[RT_11 RT_12 RT_13 RT_14 RT_15 RT_16 RT_17 RT_18 RT_19 RT_20 RT_21 RT_22 RT_23 RT_24 RT_25 RT_26 RT_27 RT_28 RT_29 RT_30 RT_31 RT_32]');
});

test('quoting: escapes, minimal octal unless a digit follows, forced hex, NUL-terminated', () => {
  const q = (s: string) => quoteBytes(bytes(s), s.length).text;
  assert.equal(q('hello\n'), '"hello\\n"');
  assert.equal(q('\t\r\v\f"\\'), '"\\t\\r\\v\\f\\"\\\\"');
  assert.equal(q('\x00'), '"\\0"');
  assert.equal(q('\x00a'), '"\\0a"');
  assert.equal(q('\x001'), '"\\0001"');
  assert.equal(q('\x008'), '"\\08"'); // 8 and 9 are not octal digits
  assert.equal(q('\x1b[0m'), '"\\33[0m"');
  assert.equal(q('\x07'), '"\\7"');
  assert.equal(q('\x7f\x80\xff'), '"\\177\\200\\377"');
  assert.equal(q('\x017'), '"\\0017"');
  assert.equal(q('\x0a7'), '"\\n7"');
  assert.equal(quoteBytes(bytes('\x01\x02'), 2, { forceHex: true }).text, '"\\x01\\x02"');
  assert.deepEqual(quoteBytes(bytes('ab\0cd'), 5, { nulTerminated: true }), { text: '"ab"', sawNul: true });
  assert.deepEqual(quoteBytes(bytes('abcd\0'), 4, { nulTerminated: true }), { text: '"abcd"', sawNul: true });
  assert.deepEqual(quoteBytes(bytes('abcde'), 4, { nulTerminated: true }), { text: '"abcd"', sawNul: false });
  // The octal look-ahead stops at the printed size.
  assert.equal(quoteBytes(bytes('\x011'), 1).text, '"\\1"');
  assert.equal(quoteString('say "hi"'), '"say \\"hi\\""');
});
