// memfd_create and file seals, against what Linux 6.1 does (mm/memfd.c, mm/shmem.c; checked
// natively on this project's x86_64 host): the name and flags, what fstat, F_GETFL and
// /proc/self/fd say of it, MAP_SHARED mappings of one memfd being one set of bytes, and each
// seal refusing what it seals.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EBUSY, EFAULT, EINVAL, EPERM } from '../../kernel/abi/errno.js';
import { AT_FDCWD } from '../../kernel/abi/flags.js';
import { boot, type Harness } from './harness.js';

const MFD_CLOEXEC = 1, MFD_ALLOW_SEALING = 2, MFD_HUGETLB = 4;
const F_GETFD = 1, F_GETFL = 3, F_ADD_SEALS = 1033, F_GET_SEALS = 1034;
const F_SEAL_SEAL = 1, F_SEAL_SHRINK = 2, F_SEAL_GROW = 4, F_SEAL_WRITE = 8;
const PROT_READ = 1, PROT_WRITE = 2, MAP_SHARED = 1, MAP_PRIVATE = 2;
const enc = (s: string) => new TextEncoder().encode(s);
const dec = (b: Uint8Array) => new TextDecoder().decode(b);
const str = (h: Harness, s: string) => h.mem(s.length + 1, enc(`${s}\0`));

function readlink(h: Harness, path: string): string {
  const buf = h.mem(256);
  const n = h.sys('readlinkat', [AT_FDCWD, str(h, path), buf, 256]);
  assert.ok(n > 0, `readlink ${path}: ${n}`);
  return dec(h.peek(buf, n));
}

test('memfd_create: names and flags as Linux checks them; what fstat, F_GETFL and /proc/self/fd say', async () => {
  const h = await boot();
  assert.equal(h.sys('memfd_create', [str(h, 'x'), 0x8]), -EINVAL); // MFD_NOEXEC_SEAL: Linux 6.3, after 6.1
  assert.equal(h.sys('memfd_create', [str(h, 'x'), MFD_CLOEXEC | (21 << 26)]), -EINVAL); // a page size without MFD_HUGETLB
  assert.equal(h.sys('memfd_create', [str(h, 'n'.repeat(250)), 0]), -EINVAL); // longer than 249
  assert.equal(h.sys('memfd_create', [0x10, 0]), -EFAULT);
  assert.ok(h.sys('memfd_create', [str(h, 'n'.repeat(249)), 0]) >= 0);
  assert.ok(h.sys('memfd_create', [str(h, 'huge'), MFD_HUGETLB | (21 << 26)]) >= 0);
  const fd = h.sys('memfd_create', [str(h, 'jit'), MFD_CLOEXEC]);
  assert.ok(fd >= 0);
  assert.equal(h.sys('fcntl', [fd, F_GETFD, 0]), 1);
  assert.equal(h.sys('fcntl', [fd, F_GETFL, 0]), 0o100002); // O_RDWR|O_LARGEFILE on x86_64
  assert.equal(readlink(h, `/proc/self/fd/${fd}`), '/memfd:jit (deleted)');
  const st = h.mem(144);
  assert.equal(h.sys('fstat', [fd, st]), 0);
  const v = new DataView(h.peek(st, 144).buffer);
  assert.equal(v.getUint32(24, true), 0o100777); // st_mode
  assert.equal(Number(v.getBigUint64(16, true)), 0); // st_nlink
});

test('memfd: two MAP_SHARED mappings (and a fork\'s) are one set of bytes, as a JIT\'s RW and RX views', async () => {
  const h = await boot();
  const fd = h.sys('memfd_create', [str(h, 'jit'), 0]);
  assert.equal(h.sys('ftruncate', [fd, 4096]), 0);
  const w = h.sys('mmap', [0, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0]);
  const r = h.sys('mmap', [0, 4096, PROT_READ, MAP_SHARED, fd, 0]);
  assert.ok(w > 0 && r > 0 && w !== r);
  assert.ok(h.task.proc.mm.engine.write(w, enc('code')));
  assert.equal(dec(h.task.proc.mm.engine.read(r, 4)!), 'code');
  const buf = h.mem(4);
  assert.equal(h.sys('pread64', [fd, buf, 4, 0]), 4);
  assert.equal(dec(h.peek(buf, 4)), 'code');
});

test('seals: none to add without MFD_ALLOW_SEALING; each one refuses what it seals; F_SEAL_SEAL ends it', async () => {
  const h = await boot();
  const plain = h.sys('memfd_create', [str(h, 'plain'), 0]);
  assert.equal(h.sys('fcntl', [plain, F_GET_SEALS, 0]), F_SEAL_SEAL);
  assert.equal(h.sys('fcntl', [plain, F_ADD_SEALS, F_SEAL_WRITE]), -EPERM);
  // A tmpfs file has seals too (F_SEAL_SEAL); a pipe has none to show.
  const tmp = h.sys('openat', [AT_FDCWD, str(h, '/tmp/f'), 0o102, 0o644]);
  assert.equal(h.sys('fcntl', [tmp, F_GET_SEALS, 0]), F_SEAL_SEAL);
  const fds = h.mem(8);
  assert.equal(h.sys('pipe2', [fds, 0]), 0);
  assert.equal(h.sys('fcntl', [new DataView(h.peek(fds, 8).buffer).getInt32(0, true), F_GET_SEALS, 0]), -EINVAL);

  const fd = h.sys('memfd_create', [str(h, 'sealed'), MFD_ALLOW_SEALING]);
  assert.equal(h.sys('fcntl', [fd, F_GET_SEALS, 0]), 0);
  assert.equal(h.sys('fcntl', [fd, F_ADD_SEALS, 0x40]), -EINVAL);
  const data = h.mem(8, enc('12345678'));
  assert.equal(h.sys('pwrite64', [fd, data, 8, 0]), 8);
  assert.equal(h.sys('fcntl', [fd, F_ADD_SEALS, F_SEAL_SHRINK | F_SEAL_GROW]), 0);
  assert.equal(h.sys('ftruncate', [fd, 4]), -EPERM);
  assert.equal(h.sys('ftruncate', [fd, 16]), -EPERM);
  assert.equal(h.sys('pwrite64', [fd, data, 8, 4]), -EPERM); // past the end
  assert.equal(h.sys('pwrite64', [fd, data, 4, 4]), 4); // inside it
  // A write seal waits for writable shared mappings to go.
  const w = h.sys('mmap', [0, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0]);
  assert.equal(h.sys('fcntl', [fd, F_ADD_SEALS, F_SEAL_WRITE]), -EBUSY);
  assert.equal(h.sys('munmap', [w, 4096]), 0);
  assert.equal(h.sys('fcntl', [fd, F_ADD_SEALS, F_SEAL_WRITE]), 0);
  assert.equal(h.sys('pwrite64', [fd, data, 1, 0]), -EPERM);
  assert.equal(h.sys('mmap', [0, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0]), -EPERM);
  const ro = h.sys('mmap', [0, 4096, PROT_READ, MAP_SHARED, fd, 0]);
  assert.ok(ro > 0);
  assert.equal(h.sys('mprotect', [ro, 4096, PROT_READ | PROT_WRITE]) < 0, true);
  assert.ok(h.sys('mmap', [0, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0]) > 0); // a private copy may be written
  assert.equal(h.sys('fcntl', [fd, F_GET_SEALS, 0]), F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_WRITE);
  assert.equal(h.sys('fcntl', [fd, F_ADD_SEALS, F_SEAL_SEAL]), 0);
  assert.equal(h.sys('fcntl', [fd, F_ADD_SEALS, 0]), -EPERM);
});

test('riscv_flush_icache (what a JIT calls after writing code through its memfd view, via __builtin___clear_cache): 0, flags checked', async () => {
  const { architectures } = await import('../../arch/index.js');
  const h = await boot({ arch: architectures.find((a) => a.name === 'riscv64')!, code: new Uint8Array(16) });
  assert.equal(h.sys('riscv_flush_icache', [0x10000, 0x11000, 0]), 0);
  assert.equal(h.sys('riscv_flush_icache', [0x10000, 0x11000, 1]), 0); // SYS_RISCV_FLUSH_ICACHE_LOCAL
  assert.equal(h.sys('riscv_flush_icache', [0x10000, 0x11000, 2]), -EINVAL);
});
