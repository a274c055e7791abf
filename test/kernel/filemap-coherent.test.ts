// A file and its MAP_SHARED mappings agree at every moment, as Linux's page cache makes them:
// a write() (pwrite, writev, copy_file_range...) reaches every live shared mapping of the
// file, in any process and on both engines; a read() sees what the guest stored through a
// shared mapping before any msync; a new mapping, private or shared, starts from those bytes;
// a truncation clears what lies past the new end. (Write-back to the file itself is
// filemap.test.ts.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AT_FDCWD } from '../../kernel/abi/flags.js';
import { boot, type Harness } from './harness.js';

const O_RDONLY = 0, O_RDWR = 2, O_CREAT = 0o100, O_TRUNC = 0o1000;
const PROT_READ = 1, PROT_WRITE = 2;
const MAP_SHARED = 1, MAP_PRIVATE = 2;
const enc = (s: string) => new TextEncoder().encode(s);
const dec = (b: Uint8Array) => new TextDecoder().decode(b);

function open(h: Harness, name: string, flags: number): number {
  const fd = h.sys('openat', [AT_FDCWD, h.mem(64, enc(`${name}\0`)), flags, 0o644]);
  assert.ok(fd >= 0, `open ${name}: ${fd}`);
  return fd;
}
const pwrite = (h: Harness, fd: number, s: string, pos: number) =>
  assert.equal(h.sys('pwrite64', [fd, h.mem(s.length, enc(s)), s.length, pos]), s.length);
function pread(h: Harness, fd: number, len: number, pos: number): string {
  const buf = h.mem(len);
  return dec(h.peek(buf, h.sys('pread64', [fd, buf, len, pos])));
}
/** What the guest reads at addr (its own load, through the engine). */
const load = (h: Harness, addr: number, len: number) => dec(h.task.proc.mm.engine.read(addr, len)!);
const store = (h: Harness, addr: number, s: string) => assert.ok(h.task.proc.mm.engine.write(addr, enc(s)));

/** Both engines: Unicorn (x86_64's host shared memory) and PPC64's own pages. */
async function each(fn: (h: Harness) => void): Promise<void> {
  const { architectures } = await import('../../arch/index.js');
  for (const name of ['x86_64', 'ppc64le']) {
    const arch = architectures.find((a) => a.name === name)!;
    fn(await boot({ arch, code: new Uint8Array(16) }));
  }
}

test('a write() reaches a shared mapping at once, a read-only one too (the LMDB pattern)', async () => {
  await each((h) => {
    const fd = open(h, '/tmp/db', O_RDWR | O_CREAT);
    pwrite(h, fd, 'page one', 0);
    const ro = open(h, '/tmp/db', O_RDONLY);
    const a = h.sys('mmap', [0, 8192, PROT_READ, MAP_SHARED, ro, 0]);
    assert.ok(a > 0);
    assert.equal(load(h, a, 8), 'page one');
    pwrite(h, fd, 'PAGE', 0);
    pwrite(h, fd, 'two', 4096); // grows the file into the mapping's second page
    assert.equal(load(h, a, 8), 'PAGE one');
    assert.equal(load(h, a + 4096, 3), 'two');
    // write() at the file's offset, and writev, land the same way.
    assert.equal(h.sys('lseek', [fd, 5, 0]), 5);
    assert.equal(h.sys('write', [fd, h.mem(3, enc('ONE')), 3]), 3);
    assert.equal(load(h, a, 8), 'PAGE ONE');
  });
});

test('a read() sees the stores of a shared mapping before msync; a new private mapping starts from them', async () => {
  await each((h) => {
    const fd = open(h, '/tmp/coh', O_RDWR | O_CREAT);
    pwrite(h, fd, 'hello, world', 0);
    const a = h.sys('mmap', [0, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0]);
    store(h, a, 'HELLO');
    assert.equal(pread(h, fd, 64, 0), 'HELLO, world');
    assert.equal(pread(h, fd, 4, 3), 'LO, ');
    // Reading past the file's end still stops there: the mapping's page beyond it is not file.
    store(h, a + 12, '!!!');
    assert.equal(pread(h, fd, 64, 0), 'HELLO, world');
    const p = h.sys('mmap', [0, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0]);
    assert.equal(load(h, p, 12), 'HELLO, world');
    // A private mapping's own stores stay its own.
    store(h, p, 'xx');
    assert.equal(pread(h, fd, 2, 0), 'HE');
    assert.equal(load(h, a, 2), 'HE');
  });
});

test('another process sees a write() through its inherited mapping; the writer sees the child\'s stores', async () => {
  await each((h) => {
    const fd = open(h, '/tmp/fork', O_RDWR | O_CREAT);
    pwrite(h, fd, 'aaaa', 0);
    const a = h.sys('mmap', [0, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0]);
    const pid = h.sys('clone', [17 /* SIGCHLD */, 0, 0, 0, 0]);
    assert.ok(pid > 0);
    const child = h.taskByPid(pid);
    pwrite(h, fd, 'bb', 0);
    assert.equal(dec(child.proc.mm.engine.read(a, 4)!), 'bbaa');
    assert.ok(child.proc.mm.engine.write(a + 3, enc('C')));
    assert.equal(pread(h, fd, 4, 0), 'bbaC');
  });
});

test('truncation clears mapped bytes past the new end (O_TRUNC, ftruncate, truncate)', async () => {
  await each((h) => {
    const fd = open(h, '/tmp/cut', O_RDWR | O_CREAT);
    pwrite(h, fd, '0123456789', 0);
    const a = h.sys('mmap', [0, 4096, PROT_READ, MAP_SHARED, fd, 0]);
    assert.equal(h.sys('ftruncate', [fd, 4]), 0);
    assert.equal(h.sys('ftruncate', [fd, 10]), 0);
    assert.equal(load(h, a, 10), '0123\0\0\0\0\0\0');
    assert.equal(pread(h, fd, 10, 0), '0123\0\0\0\0\0\0');
    pwrite(h, fd, 'abcdefghij', 0);
    assert.equal(h.sys('truncate', [h.mem(16, enc('/tmp/cut\0')), 2]), 0);
    assert.equal(load(h, a, 4), 'ab\0\0');
    pwrite(h, fd, 'xyz', 0);
    open(h, '/tmp/cut', O_RDWR | O_TRUNC);
    assert.equal(load(h, a, 3), '\0\0\0');
  });
});

test('truncation clears whole mapped pages past the new end too, in every mapping of the file', async () => {
  await each((h) => {
    const fd = open(h, '/tmp/pages', O_RDWR | O_CREAT);
    for (let p = 0; p < 3; p++) pwrite(h, fd, `page${p}`, p * 4096);
    const a = h.sys('mmap', [0, 3 * 4096, PROT_READ, MAP_SHARED, fd, 0]);
    const b = h.sys('mmap', [0, 3 * 4096, PROT_READ, MAP_SHARED, fd, 0]);
    assert.equal(load(h, b + 8192, 5), 'page2');
    assert.equal(h.sys('ftruncate', [fd, 1]), 0);
    assert.equal(h.sys('ftruncate', [fd, 3 * 4096]), 0);
    for (const m of [a, b]) {
      assert.equal(load(h, m, 5), 'p\0\0\0\0');
      assert.equal(load(h, m + 4096, 5), '\0\0\0\0\0');
      assert.equal(load(h, m + 8192, 5), '\0\0\0\0\0');
    }
    assert.equal(pread(h, fd, 5, 8192), '\0\0\0\0\0');
  });
});
