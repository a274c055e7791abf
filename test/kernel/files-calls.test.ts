// File calls checked against Linux's rules one by one, through the syscall table as a trap
// reaches it: stat of an open pipe by AT_EMPTY_PATH, _llseek's split offset and result pointer,
// prctl's task name (and /proc/self/comm, which shows it), chroot, flock.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EBADF, EFAULT, EINVAL, ENOENT, EPERM } from '../../kernel/abi/errno.js';
import { AT_EMPTY_PATH, AT_FDCWD } from '../../kernel/abi/flags.js';
import { PROT_READ } from '../../emu/engine.js';
import { boot, type Harness } from './harness.js';
import { Creds } from '../../kernel/creds.js';

const O_RDWR = 2, O_CREAT = 0o100, O_RDONLY = 0;
const S_IFMT = 0o170000, S_IFIFO = 0o010000;
const SEEK_END = 2;
const PR_SET_PDEATHSIG = 1, PR_GET_PDEATHSIG = 2, PR_SET_NAME = 15, PR_GET_NAME = 16;

const cstr = (s: string) => new TextEncoder().encode(`${s}\0`);
const le = (h: Harness, addr: number, bytes: number) => {
  const b = h.peek(addr, bytes);
  let v = 0n;
  for (let i = bytes - 1; i >= 0; i--) v = (v << 8n) | BigInt(b[i]);
  return v;
};

test('newfstatat and statx with AT_EMPTY_PATH describe an open pipe (a file with no name)', async () => {
  const h = await boot();
  const fds = h.mem(8);
  assert.equal(h.sys('pipe2', [fds, 0]), 0);
  const rfd = Number(le(h, fds, 4));
  const empty = h.mem(1, cstr(''));
  const st = h.mem(256);
  assert.equal(h.sys('newfstatat', [rfd, empty, st, AT_EMPTY_PATH]), 0);
  assert.equal(Number(le(h, st + 24, 4)) & S_IFMT, S_IFIFO); // x86_64 struct stat: st_mode at 24
  const stx = h.mem(256);
  assert.equal(h.sys('statx', [rfd, empty, AT_EMPTY_PATH, 0x7ff, stx]), 0);
  assert.equal(Number(le(h, stx + 28, 2)) & S_IFMT, S_IFIFO); // struct statx: stx_mode at 28
  // Without AT_EMPTY_PATH an empty name is ENOENT, as ever.
  assert.equal(h.sys('newfstatat', [rfd, empty, st, 0]), -ENOENT);
});

test('_llseek: offset_high << 32 | offset_low (a whole 64-bit low word), the position at *result', async () => {
  const h = await boot();
  const name = h.mem(16, cstr('/tmp/llseek'));
  const fd = h.sys('openat', [AT_FDCWD, name, O_RDWR | O_CREAT, 0o600]);
  assert.ok(fd >= 0);
  assert.equal(h.sys('write', [fd, h.mem(10, cstr('0123456789')), 10]), 10);
  const result = h.mem(8);
  // -5 from the end, as ppc64's glibc passes it: high 0xffffffff, low 0xfffffffffffffffb.
  assert.equal(h.sys('_llseek', [fd, 0xffffffff, 0xfffffffffffffffbn, result, SEEK_END]), 0);
  assert.equal(le(h, result, 8), 5n);
  assert.equal(h.sys('lseek', [fd, 0, 1]), 5);
  assert.equal(h.sys('_llseek', [fd, 0, 0, result, 5]), -EINVAL);
  // A result pointer that cannot be written: EFAULT, and the seek stands (as Linux's).
  const ro = h.mem(8, undefined, PROT_READ);
  assert.equal(h.sys('_llseek', [fd, 0, 7, ro, 0]), -EFAULT);
  assert.equal(h.sys('lseek', [fd, 0, 1]), 7);
});

test('prctl PR_SET_NAME cuts to 15 bytes; PR_GET_NAME gives 16, NUL-padded; /proc/self/comm shows it', async () => {
  const h = await boot();
  const buf = h.mem(16);
  assert.equal(h.sys('prctl', [PR_GET_NAME, buf]), 0);
  assert.equal(new TextDecoder().decode(h.peek(buf, 16)), 'guest\0\0\0\0\0\0\0\0\0\0\0');
  assert.equal(h.sys('prctl', [PR_SET_NAME, h.mem(32, cstr('a-rather-long-thread-name'))]), 0);
  assert.equal(h.sys('prctl', [PR_GET_NAME, buf]), 0);
  assert.equal(new TextDecoder().decode(h.peek(buf, 16)), 'a-rather-long-t\0');
  const fd = h.sys('openat', [AT_FDCWD, h.mem(32, cstr('/proc/self/comm')), O_RDONLY, 0]);
  assert.ok(fd >= 0);
  const out = h.mem(64);
  const n = h.sys('read', [fd, out, 64]);
  assert.equal(new TextDecoder().decode(h.peek(out, n)), 'a-rather-long-t\n');
  assert.equal(h.sys('prctl', [PR_SET_NAME, 0x10]), -EFAULT);
  assert.equal(h.sys('prctl', [PR_GET_NAME, h.mem(16, undefined, PROT_READ)]), -EFAULT);
});

test('prctl PR_SET_PDEATHSIG takes a valid signal and PR_GET_PDEATHSIG reads it; unknown options are EINVAL', async () => {
  const h = await boot();
  assert.equal(h.sys('prctl', [PR_SET_PDEATHSIG, 65]), -EINVAL);
  assert.equal(h.sys('prctl', [PR_SET_PDEATHSIG, 9]), 0);
  const out = h.mem(4);
  assert.equal(h.sys('prctl', [PR_GET_PDEATHSIG, out]), 0);
  assert.equal(Number(le(h, out, 4)), 9);
  assert.equal(h.sys('prctl', [0x7fff, 0]), -EINVAL);
});

test('chroot: lookups start at the new root (.. stops there); EPERM for non-root; flock checks its operation', async () => {
  const h = await boot();
  const s = (v: string) => h.mem(v.length + 1, cstr(v));
  assert.equal(h.sys('mkdirat', [AT_FDCWD, s('/tmp/r'), 0o755]), 0);
  assert.equal(h.sys('mkdirat', [AT_FDCWD, s('/tmp/r/sub'), 0o755]), 0);
  h.task.proc.cred = new Creds(1000, 1000);
  assert.equal(h.sys('chroot', [s('/tmp/r')]), -EPERM);
  h.task.proc.cred = new Creds(0, 0);
  assert.equal(h.sys('chroot', [s('/tmp/nothing')]), -ENOENT);
  assert.equal(h.sys('chroot', [s('/tmp/r')]), 0);
  assert.ok(h.sys('openat', [AT_FDCWD, s('/sub'), O_RDONLY, 0]) >= 0);
  assert.ok(h.sys('openat', [AT_FDCWD, s('/../../sub'), O_RDONLY, 0]) >= 0);
  assert.equal(h.sys('openat', [AT_FDCWD, s('/tmp'), O_RDONLY, 0]), -ENOENT);
  const fd = h.sys('openat', [AT_FDCWD, s('/sub'), O_RDONLY, 0]);
  assert.equal(h.sys('flock', [fd, 2 | 4]), 0);
  assert.equal(h.sys('flock', [fd, 8]), 0);
  assert.equal(h.sys('flock', [fd, 0]), -EINVAL);
  assert.equal(h.sys('flock', [99, 2]), -EBADF);
});

test('writing /proc/self/task/TID/comm renames the thread (as pthread_setname_np does); 15 bytes kept', async () => {
  const h = await boot();
  const s = (v: string) => h.mem(v.length + 1, cstr(v));
  const fd = h.sys('openat', [AT_FDCWD, s('/proc/self/task/1/comm'), 1 /* O_WRONLY */, 0]);
  assert.ok(fd >= 0);
  const name = 'worker-thread-name';
  assert.equal(h.sys('write', [fd, s(name), name.length]), name.length);
  const buf = h.mem(16);
  assert.equal(h.sys('prctl', [PR_GET_NAME, buf]), 0);
  assert.equal(new TextDecoder().decode(h.peek(buf, 16)), 'worker-thread-n\0');
  const rd = h.sys('openat', [AT_FDCWD, s('/proc/self/status'), O_RDONLY, 0]);
  const out = h.mem(512);
  const n = h.sys('read', [rd, out, 512]);
  assert.match(new TextDecoder().decode(h.peek(out, n)), /^Name:\tworker-thread-n\n/);
});

test('sendfile: from a pipe EINVAL (no splice_read); from a file to a file the whole count in one call', async () => {
  const h = await boot();
  const fds = h.mem(8);
  assert.equal(h.sys('pipe2', [fds, 0]), 0);
  const [rfd, wfd] = [Number(le(h, fds, 4)), Number(le(h, fds + 4, 4))];
  assert.equal(h.sys('write', [wfd, h.mem(3, cstr('ab')), 2]), 2);
  const out = h.sys('openat', [AT_FDCWD, h.mem(16, cstr('/tmp/out')), O_RDWR | O_CREAT, 0o644]);
  assert.ok(out >= 0);
  assert.equal(h.sys('sendfile', [out, rfd, 0, 2]), -EINVAL);
  assert.equal(h.sys('sendfile', [99, rfd, 0, 2]), -EBADF);
  // 3 MiB through a file: one call copies it all (Linux's splice loop; it used to stop at 1 MiB).
  const size = 3 << 20;
  const inf = h.sys('openat', [AT_FDCWD, h.mem(16, cstr('/tmp/in')), O_RDWR | O_CREAT, 0o644]);
  const buf = h.mem(size);
  assert.equal(h.sys('write', [inf, buf, size]), size);
  assert.equal(h.sys('lseek', [inf, 0, 0]), 0);
  assert.equal(h.sys('sendfile', [out, inf, 0, size + 100]), size);
  assert.equal(h.sys('lseek', [out, 0, SEEK_END]), size);
});
