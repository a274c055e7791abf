// MAP_SHARED file mappings reach the file system's copy: msync writes back what the guest changed, munmap and
// exit do too; only changed bytes are written (a write() made meanwhile to other bytes stays);
// stores past the end of the file are dropped; MAP_PRIVATE never writes; a writable shared
// mapping needs an fd open for writing (EACCES).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EACCES, EINVAL, ENOMEM } from '../../kernel/abi/errno.js';
import { AT_FDCWD } from '../../kernel/abi/flags.js';
import { boot, type Harness } from './harness.js';

const O_RDONLY = 0, O_RDWR = 2, O_CREAT = 0o100;
const PROT_READ = 1, PROT_WRITE = 2;
const MAP_SHARED = 1, MAP_PRIVATE = 2;
const MS_SYNC = 4, MS_ASYNC = 1;
const enc = (s: string) => new TextEncoder().encode(s);
const dec = (b: Uint8Array) => new TextDecoder().decode(b);

/** A fresh file under the kernel's /tmp holding `content`; returns an O_RDWR fd. */
function file(h: Harness, name: string, content: string, flags = O_RDWR | O_CREAT): number {
  const fd = h.sys('openat', [AT_FDCWD, h.mem(64, enc(`${name}\0`)), flags, 0o644]);
  assert.ok(fd >= 0, `open ${name}: ${fd}`);
  if (content) assert.equal(h.sys('pwrite64', [fd, h.mem(content.length, enc(content)), content.length, 0]), content.length);
  return fd;
}

function contents(h: Harness, fd: number, len = 64): string {
  const buf = h.mem(len);
  const n = h.sys('pread64', [fd, buf, len, 0]);
  return dec(h.peek(buf, n));
}

/** A file holding `content`, mapped shared and writable: its fd and the mapping's address. */
async function mapped(name: string, content: string): Promise<{ h: Harness; fd: number; a: number }> {
  const h = await boot();
  const fd = file(h, name, content);
  const a = h.sys('mmap', [0, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0]);
  assert.ok(a > 0);
  return { h, fd, a };
}

const store = (h: Harness, addr: number, s: string) => assert.ok(h.task.proc.mm.engine.write(addr, enc(s)));

/** The file's bytes as its file system holds them (a read() would see the mappings' stores too). */
function onDisk(h: Harness, path: string): string {
  const { kernel } = h;
  const ctx = { k: kernel, t: h.task };
  const d = kernel.vfs.lookup(ctx, kernel.vfs.root, kernel.vfs.root, path, true);
  assert.ok(typeof d !== 'number');
  const ops = d.inode.open!(ctx, O_RDONLY);
  assert.ok(typeof ops !== 'number');
  return dec(ops.pread!(64, 0) as Uint8Array);
}

test('msync writes a shared mapping\'s changes to the file; a private mapping\'s never reach it', async () => {
  const { h, fd, a } = await mapped('/tmp/shared', 'hello, world');
  const p = h.sys('mmap', [0, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0]);
  store(h, p, 'PRIVATE');
  store(h, a, 'HELLO');
  assert.equal(onDisk(h, '/tmp/shared'), 'hello, world'); // not yet: written back at msync
  assert.equal(contents(h, fd), 'HELLO, world'); // though a read() sees it (filemap-coherent.test.ts)
  assert.equal(h.sys('msync', [a, 4096, MS_SYNC]), 0);
  assert.equal(onDisk(h, '/tmp/shared'), 'HELLO, world');
  // A store past the end of the file (inside the last page) is dropped, as Linux drops it.
  store(h, a + 12, '!!!');
  assert.equal(h.sys('msync', [a, 4096, MS_ASYNC]), 0);
  assert.equal(onDisk(h, '/tmp/shared'), 'HELLO, world');
  assert.equal(h.sys('munmap', [p, 4096]), 0);
  assert.equal(onDisk(h, '/tmp/shared'), 'HELLO, world');
});

test('munmap writes back; only changed bytes, so a write() made meanwhile elsewhere in the file stays', async () => {
  const { h, fd, a } = await mapped('/tmp/shared2', 'abcdefghij');
  store(h, a + 1, 'B');
  assert.equal(h.sys('pwrite64', [fd, h.mem(1, enc('Z')), 1, 8]), 1);
  assert.equal(h.sys('munmap', [a, 4096]), 0);
  assert.equal(contents(h, fd), 'aBcdefghZj');
});

test('exit writes back the shared mappings of the last task of an address space', async () => {
  const { h, a } = await mapped('/tmp/shared3', 'before');
  store(h, a, 'AFTER!');
  h.sys('exit_group', [0]);
  assert.notEqual(h.init.state, 'alive');
  // The process is gone: read the file through the kernel's tree.
  assert.equal(onDisk(h, '/tmp/shared3'), 'AFTER!');
});

test('a writable shared mapping needs a writable fd; msync checks its arguments', async () => {
  const h = await boot();
  file(h, '/tmp/ro', 'data');
  const ro = h.sys('openat', [AT_FDCWD, h.mem(16, enc('/tmp/ro\0')), O_RDONLY, 0]);
  assert.equal(h.sys('mmap', [0, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, ro, 0]), -EACCES);
  const a = h.sys('mmap', [0, 4096, PROT_READ, MAP_SHARED, ro, 0]);
  assert.ok(a > 0);
  assert.equal(h.sys('msync', [a + 1, 4096, MS_SYNC]), -EINVAL);
  assert.equal(h.sys('msync', [a, 4096, MS_SYNC | MS_ASYNC]), -EINVAL);
  assert.equal(h.sys('msync', [a + 4096 * 16, 4096, MS_SYNC]), -ENOMEM);
});
