// The socket calls' decoders (kernel/abi/strace-net.ts) against lines strace 6.1 printed on
// x86_64 for a static glibc program making these calls (the entry and failure forms, which
// tricorn's ENOSYS sockets show, and the success forms a kernel with sockets gives).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { x86_64 } from '../../arch/x86_64.js';
import { ppc64le } from '../../arch/ppc64.js';
import { s390x } from '../../arch/s390x.js';
import { formatSyscall, straceEnter, straceLine, type StraceContext } from '../../kernel/abi/strace.js';
import { FakeMem, args } from './helpers.js';
import { boot } from '../kernel/harness.js';
import { tracerFor } from '../../kernel/tracer.js';

const ctx = (mem: FakeMem, arch = x86_64): StraceContext => ({ arch, mem, column: 40 });
const EBADF = -9, ENOSYS = -38;
const sin = (port: number, ip: number[]) => Uint8Array.from([2, 0, port >> 8, port & 0xff, ...ip, 0, 0, 0, 0, 0, 0, 0, 0]);
const int = (v: number) => Uint8Array.from([v & 0xff, (v >> 8) & 0xff, (v >> 16) & 0xff, v >>> 24]);

test('socket and socketpair: family, type with its flags, the family\'s protocol', () => {
  const m = new FakeMem().map(0x5000, 16);
  const line = (name: string, a: number[], r: number) => formatSyscall(name, args(...a), r, ctx(m));
  assert.equal(line('socket', [2, 0x80001, 0], ENOSYS), 'socket(AF_INET, SOCK_STREAM|SOCK_CLOEXEC, IPPROTO_IP) = -1 ENOSYS (Function not implemented)');
  assert.equal(line('socket', [1, 2, 0], 4), 'socket(AF_UNIX, SOCK_DGRAM, 0)          = 4');
  assert.equal(line('socket', [10, 0x802, 17], 5), 'socket(AF_INET6, SOCK_DGRAM|SOCK_NONBLOCK, IPPROTO_UDP) = 5');
  assert.equal(line('socket', [16, 3, 0], 6), 'socket(AF_NETLINK, SOCK_RAW, NETLINK_ROUTE) = 6');
  assert.equal(line('socket', [17, 3, 768], 7), 'socket(AF_PACKET, SOCK_RAW, htons(ETH_P_ALL)) = 7');
  assert.equal(line('socket', [99, 77, 5], -22), 'socket(0x63 /* AF_??? */, 0x4d /* SOCK_??? */, 5) = -1 EINVAL (Invalid argument)');
  assert.equal(line('socket', [2, 3, 250], 8), 'socket(AF_INET, SOCK_RAW, 0xfa /* IPPROTO_??? */) = 8');
  m.put(0x5000, Uint8Array.from([4, 0, 0, 0, 5, 0, 0, 0]));
  assert.equal(line('socketpair', [1, 0x80005, 0, 0x5000], 0), 'socketpair(AF_UNIX, SOCK_SEQPACKET|SOCK_CLOEXEC, 0, [4, 5]) = 0');
  assert.equal(line('socketpair', [1, 1, 0, 0x5000], ENOSYS), 'socketpair(AF_UNIX, SOCK_STREAM, 0, 0x5000) = -1 ENOSYS (Function not implemented)');
});

test('bind and connect: socket addresses of each family, NULL, too short, clamped', () => {
  const m = new FakeMem().put(0x6000, sin(80, [127, 0, 0, 1]))
    .put(0x6100, Uint8Array.from([10, 0, 1, 0xbb, 0, 0, 0, 0, ...new Array(15).fill(0), 1, 0, 0, 0, 0]))
    .put(0x6200, Uint8Array.from([1, 0, 0, 0x61, 0x62, 0x73]))
    .put(0x6300, Uint8Array.from([1, 0, ...Buffer.from('/tmp/sock'), ...new Array(99).fill(0)]));
  const line = (name: string, a: number[]) => formatSyscall(name, args(...a), EBADF, ctx(m));
  assert.equal(line('connect', [-1, 0x6000, 16]), 'connect(-1, {sa_family=AF_INET, sin_port=htons(80), sin_addr=inet_addr("127.0.0.1")}, 16) = -1 EBADF (Bad file descriptor)');
  assert.equal(line('bind', [-1, 0x6000, 16]), 'bind(-1, {sa_family=AF_INET, sin_port=htons(80), sin_addr=inet_addr("127.0.0.1")}, 16) = -1 EBADF (Bad file descriptor)');
  assert.equal(line('connect', [-1, 0x6100, 28]), 'connect(-1, {sa_family=AF_INET6, sin6_port=htons(443), sin6_flowinfo=htonl(0), inet_pton(AF_INET6, "::1", &sin6_addr), sin6_scope_id=0}, 28) = -1 EBADF (Bad file descriptor)');
  assert.equal(line('connect', [-1, 0x6200, 6]), 'connect(-1, {sa_family=AF_UNIX, sun_path=@"abs"}, 6) = -1 EBADF (Bad file descriptor)');
  assert.equal(line('connect', [-1, 0x6300, 110]), 'connect(-1, {sa_family=AF_UNIX, sun_path="/tmp/sock"}, 110) = -1 EBADF (Bad file descriptor)');
  assert.equal(line('connect', [-1, 0x6000, 1]), 'connect(-1, 0x6000, 1)                  = -1 EBADF (Bad file descriptor)');
  assert.equal(line('connect', [-1, 0, 0]), 'connect(-1, NULL, 0)                    = -1 EBADF (Bad file descriptor)');
  assert.equal(line('connect', [-1, 0x6000, 200]), 'connect(-1, {sa_family=AF_INET, sin_port=htons(80), sin_addr=inet_addr("127.0.0.1")}, 200) = -1 EBADF (Bad file descriptor)');
  assert.equal(formatSyscall('listen', args(-1, 5), EBADF, ctx(m)), 'listen(-1, 5)                           = -1 EBADF (Bad file descriptor)');
});

test('options: levels and names (PowerPC numbers six apart: ppc64le here), values, lengths in and out', () => {
  const m = new FakeMem().put(0x7000, int(1)).put(0x7010, int(4)).put(0x7020, 'lo\0');
  const line = (name: string, a: number[], r: number, arch = x86_64) => formatSyscall(name, args(...a), r, ctx(m, arch));
  assert.equal(line('setsockopt', [-1, 1, 2, 0x7000, 4], EBADF), 'setsockopt(-1, SOL_SOCKET, SO_REUSEADDR, [1], 4) = -1 EBADF (Bad file descriptor)');
  assert.equal(line('setsockopt', [3, 1, 18, 0x7000, 4], 0), 'setsockopt(3, SOL_SOCKET, SO_RCVLOWAT, [1], 4) = 0');
  assert.equal(line('setsockopt', [3, 1, 16, 0x7000, 4], 0, ppc64le), 'setsockopt(3, SOL_SOCKET, SO_RCVLOWAT, [1], 4) = 0');
  assert.equal(line('setsockopt', [3, 1, 20, 0x7000, 4], 0, ppc64le), 'setsockopt(3, SOL_SOCKET, SO_PASSCRED, [1], 4) = 0');
  assert.equal(line('setsockopt', [3, 6, 1, 0x7000, 4], -92), 'setsockopt(3, SOL_TCP, TCP_NODELAY, [1], 4) = -1 ENOPROTOOPT (Protocol not available)');
  assert.equal(line('setsockopt', [3, 0, 2, 0x7000, 4], 0), 'setsockopt(3, SOL_IP, IP_TTL, [1], 4)   = 0');
  assert.equal(line('setsockopt', [3, 1, 25, 0x7020, 3], 0), 'setsockopt(3, SOL_SOCKET, SO_BINDTODEVICE, "lo\\0", 3) = 0');
  assert.equal(line('getsockopt', [-1, 1, 3, 0x7000, 0x7010], EBADF), 'getsockopt(-1, SOL_SOCKET, SO_TYPE, 0x7000, [4]) = -1 EBADF (Bad file descriptor)');
  // Success: the value, and the length the kernel wrote back (`[8 => 4]` when it changed it).
  m.put(0x7010, int(8));
  const c = ctx(m);
  const p = straceEnter('getsockopt', args(3, 1, 8, 0x7000, 0x7010), c);
  m.put(0x7000, int(212992)).put(0x7010, int(4));
  assert.equal(straceLine(p, 0, c), 'getsockopt(3, SOL_SOCKET, SO_RCVBUF, [212992], [8 => 4]) = 0');
});

test('send and receive: MSG_ flags, buffers, addresses written back, msghdr', () => {
  const m = new FakeMem().put(0x8000, 'hi').put(0x8100, sin(80, [127, 0, 0, 1])).put(0x8200, int(16)).map(0x8300, 64);
  const c = ctx(m);
  assert.equal(formatSyscall('sendto', args(-1, 0x8000, 2, 0x4040, 0x8100, 16), EBADF, c),
    'sendto(-1, "hi", 2, MSG_DONTWAIT|MSG_NOSIGNAL, {sa_family=AF_INET, sin_port=htons(80), sin_addr=inet_addr("127.0.0.1")}, 16) = -1 EBADF (Bad file descriptor)');
  assert.equal(formatSyscall('sendto', args(-1, 0x8000, 1, 0x80000000, 0, 0), EBADF, c).replace(/"h"/, '"x"'),
    'sendto(-1, "x", 1, MSG_CMSG_COMPAT, NULL, 0) = -1 EBADF (Bad file descriptor)');
  assert.equal(formatSyscall('recvfrom', args(-1, 0x8300, 8, 2, 0x8100, 0x8200), EBADF, c),
    'recvfrom(-1, 0x8300, 8, MSG_PEEK, 0x8100, [16]) = -1 EBADF (Bad file descriptor)');
  m.put(0x8200, int(20));
  const p = straceEnter('recvfrom', args(3, 0x8300, 16, 0, 0x8100, 0x8200), c);
  m.put(0x8300, 'hello').put(0x8200, int(16));
  assert.equal(straceLine(p, 5, c), 'recvfrom(3, "hello", 16, 0, {sa_family=AF_INET, sin_port=htons(80), sin_addr=inet_addr("127.0.0.1")}, [20 => 16]) = 5');
  assert.equal(formatSyscall('shutdown', args(-1, 2), EBADF, c), 'shutdown(-1, SHUT_RDWR)                 = -1 EBADF (Bad file descriptor)');
  assert.equal(formatSyscall('shutdown', args(3, 7), -22, c), 'shutdown(3, 0x7 /* SHUT_??? */)         = -1 EINVAL (Invalid argument)');
  assert.equal(formatSyscall('accept4', args(-1, 0, 0, 0x80000), EBADF, c), 'accept4(-1, NULL, NULL, SOCK_CLOEXEC)   = -1 EBADF (Bad file descriptor)');
  assert.equal(formatSyscall('accept4', args(-1, 0, 0, 0x900), EBADF, c), 'accept4(-1, NULL, NULL, SOCK_NONBLOCK|0x100) = -1 EBADF (Bad file descriptor)');
  m.put(0x8200, int(28));
  assert.equal(formatSyscall('accept', args(-1, 0x8100, 0x8200), EBADF, c), 'accept(-1, 0x8100, [28])                = -1 EBADF (Bad file descriptor)');
  m.put(0x8200, int(128));
  const g = straceEnter('getsockname', args(3, 0x8100, 0x8200), c);
  m.put(0x8200, int(16));
  assert.equal(straceLine(g, 0, c), 'getsockname(3, {sa_family=AF_INET, sin_port=htons(80), sin_addr=inet_addr("127.0.0.1")}, [128 => 16]) = 0');
  // struct msghdr: {name, namelen, iov, iovlen, control, controllen, flags}, 56 bytes on x86_64.
  const hdr = new Uint8Array(56);
  new DataView(hdr.buffer).setBigUint64(0, 0x8100n, true);
  new DataView(hdr.buffer).setUint32(8, 16, true);
  new DataView(hdr.buffer).setBigUint64(16, 0x8400n, true);
  new DataView(hdr.buffer).setBigUint64(24, 1n, true);
  m.put(0x8500, hdr).put(0x8400, Uint8Array.from([0, 0x80, 0, 0, 0, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0])).put(0x8000, 'xy');
  assert.equal(formatSyscall('sendmsg', args(3, 0x8500, 0x40), 2, c),
    'sendmsg(3, {msg_name={sa_family=AF_INET, sin_port=htons(80), sin_addr=inet_addr("127.0.0.1")}, msg_namelen=16, msg_iov=[{iov_base="xy", iov_len=2}], msg_iovlen=1, msg_controllen=0, msg_flags=0}, MSG_DONTWAIT) = 2');
  m.put(0x8600, new Uint8Array(56));
  assert.equal(formatSyscall('sendmsg', args(-1, 0x8600, 0), EBADF, c),
    'sendmsg(-1, {msg_name=NULL, msg_namelen=0, msg_iov=NULL, msg_iovlen=0, msg_controllen=0, msg_flags=0}, 0) = -1 EBADF (Bad file descriptor)');
  assert.equal(formatSyscall('recvmsg', args(-1, 0x8600, 0x100), EBADF, c), 'recvmsg(-1, {msg_namelen=0}, MSG_WAITALL) = -1 EBADF (Bad file descriptor)');
});

test('socketcall (s390x glibc\'s way to every socket call) prints as its subcall, as strace shows it', () => {
  // socketcall(SYS_SOCKET, args): args point at three big-endian longs.
  const block = new Uint8Array(24);
  const dv = new DataView(block.buffer);
  dv.setBigUint64(0, 2n); dv.setBigUint64(8, 0x80001n); dv.setBigUint64(16, 0n);
  const m = new FakeMem().put(0x9000, block);
  assert.equal(formatSyscall('socketcall', args(1, 0x9000), ENOSYS, ctx(m, s390x)),
    'socket(AF_INET, SOCK_STREAM|SOCK_CLOEXEC, IPPROTO_IP) = -1 ENOSYS (Function not implemented)');
  // SYS_SEND (9): send(fd, buf, len, flags).
  m.put(0x9100, 'hi');
  const send = new Uint8Array(32);
  const sv = new DataView(send.buffer);
  sv.setBigUint64(0, 3n); sv.setBigUint64(8, 0x9100n); sv.setBigUint64(16, 2n); sv.setBigUint64(24, 0x40n);
  m.put(0x9200, send);
  assert.equal(formatSyscall('socketcall', args(9, 0x9200), 2, ctx(m, s390x)), 'send(3, "hi", 2, MSG_DONTWAIT)          = 2');
  // An unknown subcall, or an unreadable block, prints as socketcall itself.
  assert.match(formatSyscall('socketcall', args(99, 0x9200), ENOSYS, ctx(m, s390x)), /^socketcall\(99, /);
});

test('--trace-json names an s390x socketcall as its subcall at entry and at exit (nr stays the trap\'s 102)', async () => {
  const events: Array<{ event: string; name?: string; nr?: number }> = [];
  // socketcall(SYS_SOCKET, sp): the block is whatever the stack holds; then exit_group(0).
  const h = await boot({
    arch: s390x, asm: 'lghi %r2, 1\nlgr %r3, %r15\nsvc 102\nlghi %r2, 0\nsvc 248',
    kernel: { strace: tracerFor({ noText: true, json: (e) => events.push(e) }) },
  });
  assert.equal(h.run().exitCode, 0);
  const calls = events.filter((e) => e.event === 'enter' || e.event === 'exit');
  assert.deepEqual(calls.map((e) => [e.event, e.name]), [['enter', 'socket'], ['exit', 'socket'], ['enter', 'exit_group'], ['exit', 'exit_group']]);
  assert.equal(calls[0].nr, 102);
});
