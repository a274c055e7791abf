// fstat of the standard streams reports what the host's fd really is, and the terminal ioctls
// agree with it: a C library that buffers by st_mode (glibc) then buffers as on Linux.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EIO, ENOTTY, ENXIO } from '../../kernel/abi/errno.js';
import { AT_FDCWD } from '../../kernel/abi/flags.js';
import { structLayout } from '../../kernel/abi/structs.js';
import { boot, FakeHost, FD_KINDS, type Harness } from './harness.js';

const S_IFMT = 0o170000;

for (const [kind, info] of Object.entries(FD_KINDS)) {
  test(`fstat(1) of a host ${kind} reports its type, mode and rdev`, async () => {
    const h = await boot({ host: new FakeHost('', { 1: info }) });
    const L = structLayout('stat', h.arch);
    const buf = h.mem(L.size);
    assert.equal(h.sys('fstat', [1, buf]), 0);
    const st = h.peek(buf, L.size);
    assert.equal(L.get(st, 'st_mode'), info.mode);
    assert.equal(L.get(st, 'st_mode') & S_IFMT, info.mode & S_IFMT);
    assert.equal(L.get(st, 'st_rdev'), info.rdev);
    assert.equal(L.get(st, 'st_blksize'), info.blksize);
  });
}

test('fstat of a regular-file stdout reports its current size', async () => {
  const h = await boot({ host: new FakeHost('', { 1: FD_KINDS.file }) });
  const L = structLayout('stat', h.arch);
  h.host.write(1, new TextEncoder().encode('12345'));
  const buf = h.mem(L.size);
  assert.equal(h.sys('fstat', [1, buf]), 0);
  assert.equal(L.get(h.peek(buf, L.size), 'st_size'), 5);
});

test('fstat of a closed host fd is EBADF', async () => {
  const h = await boot({ host: new FakeHost('', {}) });
  delete h.host.stdio[2];
  const buf = h.mem(256);
  assert.equal(h.sys('fstat', [2, buf]), -9);
});

for (const kind of ['null', 'pipe', 'file'] as const) {
  test(`ioctl(TCGETS) on a host ${kind} is ENOTTY`, async () => {
    const h = await boot({ host: new FakeHost('', { 1: FD_KINDS[kind] }) });
    const buf = h.mem(64);
    assert.equal(h.sys('ioctl', [1, 0x5401, buf]), -ENOTTY);
  });
}

test('ioctl(TCGETS) on a host terminal gives Linux\'s default termios, on every arch', async () => {
  const { architectures } = await import('../../arch/index.js');
  for (const arch of architectures) {
    // The program never runs (the test makes the calls itself): any bytes do where Keystone cannot assemble.
    const prog = arch.keystone ? { asm: arch.name === 'x86_64' ? undefined : 'nop' } : { code: new Uint8Array(16) };
    const h = await boot({ arch, ...prog, host: new FakeHost('', { 1: FD_KINDS.tty }) });
    const size = arch.terminal.stdTermios.length / 2;
    const buf = h.mem(64);
    assert.equal(h.sys('ioctl', [1, arch.terminal.tcgets, buf]), 0, arch.name);
    const got = h.peek(buf, size);
    // c_lflag (the fourth 32-bit word) has ICANON and ECHO set: a terminal in cooked mode.
    const lflag = new DataView(got.buffer, got.byteOffset).getUint32(12, arch.endian === 'little');
    const [icanon, echo] = arch.name.startsWith('ppc') ? [0x100, 0x8] : [0x2, 0x8];
    assert.equal(lflag & (icanon | echo), icanon | echo, arch.name);
    assert.equal(h.sys('ioctl', [1, 0x12345, buf]), -ENOTTY, arch.name);
  }
});

test('/dev/tty is the host\'s terminal when one of its streams is one, else ENXIO', async () => {
  const O_RDWR = 2;
  const path = (h: Harness) => h.mem(16, new TextEncoder().encode('/dev/tty\0'));
  // stdout is the terminal (stdin a pipe): writes reach it, reads are EIO.
  let h = await boot({ host: new FakeHost('', { 1: FD_KINDS.tty }) });
  const fd = h.sys('openat', [AT_FDCWD, path(h), O_RDWR, 0]);
  assert.ok(fd >= 3, `open: ${fd}`);
  assert.equal(h.sys('write', [fd, h.mem(4, new TextEncoder().encode('tty!')), 4]), 4);
  assert.equal(h.host.text(1), 'tty!');
  assert.equal(h.sys('read', [fd, h.mem(4), 4]), -EIO);
  // No terminal anywhere: no controlling terminal.
  h = await boot({ host: new FakeHost('', { 0: FD_KINDS.pipe, 1: FD_KINDS.file, 2: FD_KINDS.null }) });
  assert.equal(h.sys('openat', [AT_FDCWD, path(h), O_RDWR, 0]), -ENXIO);
});
