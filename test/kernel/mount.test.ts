// mount(2)/umount2(2) inside the guest: tmpfs and bind mounts over a directory and their
// removal (what was below shows again), proc, propagation changes accepted, and the errors:
// EPERM for non-root, ENOENT/ENOTDIR for the mount point, ENODEV for an unknown type, EINVAL
// for a remount, a move, an unmount of a non-mount point or unknown umount flags. Also what
// /proc shows of the machine: the mount table, mount points in their parents, /proc/cpuinfo.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EINVAL, ENODEV, ENOENT, ENOTDIR, EPERM } from '../../kernel/abi/errno.js';
import { AT_FDCWD } from '../../kernel/abi/flags.js';
import { boot, type Harness } from './harness.js';
import { Creds } from '../../kernel/creds.js';

const O_RDONLY = 0, O_RDWR = 2, O_CREAT = 0o100;
const MS_BIND = 0x1000, MS_REC = 0x4000, MS_REMOUNT = 0x20, MS_MOVE = 0x2000, MS_PRIVATE = 1 << 18, MS_SHARED = 1 << 20;
const enc = (s: string) => new TextEncoder().encode(`${s}\0`);

function str(h: Harness, s: string): number { return h.mem(s.length + 1, enc(s)); }
function exists(h: Harness, path: string): boolean {
  const fd = h.sys('openat', [AT_FDCWD, str(h, path), O_RDONLY, 0]);
  if (fd >= 0) h.sys('close', [fd]);
  return fd >= 0;
}

test('a tmpfs over a directory hides what was there until umount2; a bind mount shows another directory', async () => {
  const h = await boot();
  assert.equal(h.sys('mkdirat', [AT_FDCWD, str(h, '/tmp/m'), 0o755]), 0);
  const fd = h.sys('openat', [AT_FDCWD, str(h, '/tmp/m/below'), O_RDWR | O_CREAT, 0o644]);
  assert.ok(fd >= 0);
  assert.equal(h.sys('mount', [str(h, 'none'), str(h, '/tmp/m'), str(h, 'tmpfs'), 0, 0]), 0);
  assert.equal(exists(h, '/tmp/m/below'), false);
  assert.ok(h.sys('openat', [AT_FDCWD, str(h, '/tmp/m/above'), O_RDWR | O_CREAT, 0o644]) >= 0);
  // Mounts stack: a second one covers the first, and unmounting it uncovers the first.
  assert.equal(h.sys('mount', [str(h, '/proc'), str(h, '/tmp/m'), 0, MS_BIND | MS_REC, 0]), 0);
  assert.equal(exists(h, '/tmp/m/self/status'), true);
  assert.equal(h.sys('umount2', [str(h, '/tmp/m'), 0]), 0);
  assert.equal(exists(h, '/tmp/m/above'), true);
  assert.equal(h.sys('umount2', [str(h, '/tmp/m'), 0]), 0);
  assert.equal(exists(h, '/tmp/m/below'), true);
  assert.equal(h.sys('umount2', [str(h, '/tmp/m'), 0]), -EINVAL); // no longer a mount point
});

test('mount -t proc shows /proc; propagation changes are accepted and change nothing', async () => {
  const h = await boot();
  assert.equal(h.sys('mkdirat', [AT_FDCWD, str(h, '/tmp/p'), 0o755]), 0);
  assert.equal(h.sys('mount', [str(h, 'proc'), str(h, '/tmp/p'), str(h, 'proc'), 0, 0]), 0);
  assert.equal(exists(h, '/tmp/p/1/status'), true);
  assert.equal(h.sys('mount', [0, str(h, '/'), 0, MS_PRIVATE | MS_REC, 0]), 0);
  assert.equal(h.sys('mount', [0, str(h, '/'), 0, MS_PRIVATE | MS_SHARED, 0]), -EINVAL);
});

test('mount and umount2 errors', async () => {
  const h = await boot();
  const tmpfs = str(h, 'tmpfs');
  assert.equal(h.sys('mount', [0, str(h, '/tmp/none'), tmpfs, 0, 0]), -ENOENT);
  h.sys('openat', [AT_FDCWD, str(h, '/tmp/file'), O_RDWR | O_CREAT, 0o644]);
  assert.equal(h.sys('mount', [0, str(h, '/tmp/file'), tmpfs, 0, 0]), -ENOTDIR);
  assert.equal(h.sys('mount', [0, str(h, '/tmp'), str(h, 'ext4'), 0, 0]), -ENODEV);
  assert.equal(h.sys('mount', [0, str(h, '/tmp'), 0, 0, 0]), -EINVAL);
  assert.equal(h.sys('mount', [0, str(h, '/tmp'), tmpfs, MS_REMOUNT, 0]), -EINVAL);
  assert.equal(h.sys('mount', [str(h, '/dev'), str(h, '/tmp'), 0, MS_MOVE, 0]), -EINVAL);
  assert.equal(h.sys('umount2', [str(h, '/tmp'), 0x100]), -EINVAL);
  h.task.proc.cred = new Creds(1000, 1000);
  assert.equal(h.sys('mount', [0, str(h, '/tmp'), tmpfs, 0, 0]), -EPERM);
  assert.equal(h.sys('umount2', [str(h, '/tmp'), 0]), -EPERM);
});

/** The names getdents64 gives for the directory at `path`. */
function listDir(h: Harness, path: string): string[] {
  const fd = h.sys('openat', [AT_FDCWD, str(h, path), O_RDONLY | 0o200000 /* O_DIRECTORY (x86_64) */, 0]);
  assert.ok(fd >= 0, `open ${path}: ${fd}`);
  const buf = h.mem(4096);
  const names: string[] = [];
  for (let n; (n = h.sys('getdents64', [fd, buf, 4096])) > 0;) {
    const bytes = h.peek(buf, n);
    const dv = new DataView(bytes.buffer, bytes.byteOffset);
    for (let off = 0; off < n; off += dv.getUint16(off + 16, true)) {
      const name = bytes.subarray(off + 19, off + dv.getUint16(off + 16, true));
      names.push(new TextDecoder().decode(name.subarray(0, name.indexOf(0))));
    }
  }
  h.sys('close', [fd]);
  return names;
}

test('mount points are listed in their parent directory, and /proc/mounts lists every mount', async () => {
  const h = await boot();
  // The root here is an empty tmpfs: /proc, /dev and /tmp exist only as mounts, yet ls / shows them.
  assert.deepEqual(listDir(h, '/').filter((n) => n !== '.' && n !== '..').sort(), ['dev', 'proc', 'tmp']);
  assert.equal(h.sys('mkdirat', [AT_FDCWD, str(h, '/tmp/m'), 0o755]), 0);
  assert.equal(h.sys('mkdirat', [AT_FDCWD, str(h, '/tmp/m/inner'), 0o755]), 0);
  assert.equal(h.sys('mount', [str(h, 'none'), str(h, '/tmp/m/inner'), str(h, 'tmpfs'), 0, 0]), 0);
  assert.deepEqual(listDir(h, '/tmp/m').filter((n) => n === 'inner'), ['inner'], 'a mount over an existing name is listed once');
  const fd = h.sys('openat', [AT_FDCWD, str(h, '/proc/mounts'), O_RDONLY, 0]);
  const buf = h.mem(4096);
  const n = h.sys('read', [fd, buf, 4096]);
  const lines = new TextDecoder().decode(h.peek(buf, n)).split('\n').filter(Boolean).map((l) => l.split(' ').slice(1, 3).join(' '));
  assert.deepEqual(lines, ['/ tmpfs', '/proc proc', '/dev tmpfs', '/tmp tmpfs', '/tmp/m/inner tmpfs']);
  // /proc/self/mountinfo (what df and libmount read): ids, each mount's parent, its device as
  // stat shows it, and the type; /proc/self/mounts is /proc/mounts.
  const read = (path: string) => {
    const f = h.sys('openat', [AT_FDCWD, str(h, path), O_RDONLY, 0]);
    const got = h.sys('read', [f, buf, 4096]);
    h.sys('close', [f]);
    return new TextDecoder().decode(h.peek(buf, got));
  };
  const info = read('/proc/self/mountinfo').split('\n').filter(Boolean).map((l) => l.split(' '));
  assert.deepEqual(info.map((f) => [f[0], f[1], f[4], f[5], f[6], f[7]]), [
    ['21', '1', '/', 'rw,relatime', '-', 'tmpfs'], ['22', '21', '/proc', 'rw,relatime', '-', 'proc'],
    ['23', '21', '/dev', 'rw,relatime', '-', 'tmpfs'], ['24', '21', '/tmp', 'rw,relatime', '-', 'tmpfs'],
    ['25', '24', '/tmp/m/inner', 'rw,relatime', '-', 'tmpfs'],
  ]);
  const st = h.mem(256);
  assert.equal(h.sys('newfstatat', [AT_FDCWD, str(h, '/tmp/m/inner'), st, 0]), 0);
  const dev = Number(new DataView(h.peek(st, 8).buffer).getBigUint64(0, true));
  assert.equal(info[4][2], `${(dev >> 8) & 0xfff}:${(dev & 0xff) | ((dev >> 12) & ~0xff)}`);
  assert.equal(read('/proc/self/mounts'), read('/proc/mounts'));
});

test('/proc/cpuinfo is in each architecture\'s own format, agreeing with what the guest reads elsewhere', async () => {
  const { architectures } = await import('../../arch/index.js');
  // The line a program parses on each arch (util-linux's lscpu, glibc's and CPU-feature probes).
  const key: Record<string, RegExp> = {
    x86_64: /^flags\t\t: fpu vme de pse tsc .* sse2 ht .*\bpni\b/m,
    aarch64: /^Features\t: fp asimd$/m,
    ppc64: /^cpu\t\t: POWER8 \(raw\), altivec supported$/m,
    ppc64le: /^cpu\t\t: POWER8 \(raw\), altivec supported$/m,
    riscv64: /^isa\t\t: rv64imafdc$/m,
    s390x: /^vendor_id {7}: IBM\/S390$/m,
  };
  for (const arch of architectures) {
    const prog = arch.keystone ? { asm: arch.name === 'x86_64' ? undefined : 'nop' } : { code: new Uint8Array(16) };
    const h = await boot({ arch, ...prog });
    const fd = h.sys('openat', [AT_FDCWD, str(h, '/proc/cpuinfo'), O_RDONLY, 0]);
    const buf = h.mem(4096);
    const text = new TextDecoder().decode(h.peek(buf, h.sys('read', [fd, buf, 4096])));
    assert.match(text, key[arch.name], arch.name);
    assert.equal(text, arch.cpuinfo, arch.name);
  }
  // x86_64's flags name exactly the CPUID.1:EDX bits AT_HWCAP holds (Linux's names for word 0).
  const edx = ['fpu', 'vme', 'de', 'pse', 'tsc', 'msr', 'pae', 'mce', 'cx8', 'apic', '', 'sep', 'mtrr', 'pge', 'mca', 'cmov',
    'pat', 'pse36', 'pn', 'clflush', '', 'dts', 'acpi', 'mmx', 'fxsr', 'sse', 'sse2', 'ss', 'ht', 'tm', 'ia64', 'pbe'];
  const x86 = architectures.find((a) => a.name === 'x86_64')!;
  const flags = /^flags\t\t: (.*)$/m.exec(x86.cpuinfo)![1].split(' ');
  assert.deepEqual(flags.slice(0, edx.filter((n, i) => n && x86.hwcap & (1 << i)).length), edx.filter((n, i) => n && x86.hwcap & (1 << i)));
});

test('statfs64 (ppc64\'s and s390x\'s glibc statfs) fills struct statfs when told its size; ST_VALID always', async () => {
  const { architectures } = await import('../../arch/index.js');
  const { structLayout } = await import('../../kernel/abi/structs.js');
  for (const arch of architectures.filter((a) => Object.values(a.syscall.names).includes('statfs64'))) {
    const h = await boot({ arch, code: new Uint8Array(16) });
    const L = structLayout('statfs', arch);
    const buf = h.mem(L.size);
    assert.equal(h.sys('statfs64', [str(h, '/tmp'), L.size - 8, buf]), -EINVAL, arch.name);
    assert.equal(h.sys('statfs64', [str(h, '/tmp'), L.size, buf]), 0, arch.name);
    const st = h.peek(buf, L.size);
    assert.equal(L.get(st, 'f_type'), 0x01021994, arch.name);
    assert.equal(L.get(st, 'f_flags') & 0x20, 0x20, arch.name);
    assert.equal(h.sys('fstatfs64', [99, L.size, buf]), -9 /* EBADF */, arch.name);
  }
});

test('/proc/self/statm and status\'s Vm lines (what ps and top read) describe the same mappings', async () => {
  const h = await boot();
  const buf = h.mem(4096);
  // Both paths placed first: a guest allocation between the two reads would change the figures.
  const paths = { statm: str(h, '/proc/self/statm'), status: str(h, '/proc/self/status'), stat: str(h, '/proc/self/stat') };
  const read = (path: keyof typeof paths) => {
    const f = h.sys('openat', [AT_FDCWD, paths[path], O_RDONLY, 0]);
    const got = h.sys('read', [f, buf, 4096]);
    h.sys('close', [f]);
    return new TextDecoder().decode(h.peek(buf, got));
  };
  const [size, resident, shared, text, lib, data, dt] = read('statm').trim().split(' ').map(Number);
  const page = h.kernel.arch.pageSize;
  assert.ok(size > 0 && resident <= size && text > 0 && text <= size && data > 0 && data <= size);
  assert.deepEqual([shared, lib, dt], [0, 0, 0]);
  const status = read('status');
  const kb = (label: string) => Number(new RegExp(`^${label}:\\t +(\\d+) kB$`, 'm').exec(status)?.[1]);
  assert.equal(kb('VmSize'), (size * page) / 1024);
  assert.equal(kb('VmRSS'), (resident * page) / 1024);
  assert.equal(kb('VmExe'), (text * page) / 1024);
  assert.equal(kb('VmData'), (data * page) / 1024);
  assert.match(status, /\nVmSwap:\t +0 kB\nThreads:\t1\n$/);
  // stat's rss (field 24) is statm's resident: pages of the arch's size.
  assert.equal(Number(read('stat').split(' ')[23]), resident);
});
