// readWhole (kernel/exec/execve.ts): the bytes execve parses, whatever the file's size says. It
// reads the size getattr gives in one go and keeps that part as it is when it is the whole file,
// so these pin down the other cases: a file that grew after its size was taken, one whose
// size says nothing (procfs: 0), one that shrank, and one longer than a read's 1 MiB.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readWhole, type KnownBytes } from '../../kernel/exec/execve.js';
import type { Kernel } from '../../kernel/kernel.js';
import type { Task } from '../../kernel/task.js';
import type { Dentry } from '../../kernel/fs/namei.js';

const S_IFREG = 0o100000;

const DEV = 2049, INO = 77, MTIME: [number, number] = [1700000000, 123456789];

/** A regular file holding `data` whose getattr says `size`; counts its reads. */
function fileOf(data: Uint8Array, size: number): { dentry: Dentry; reads: number[] } {
  const reads: number[] = [];
  const inode = {
    mode: () => S_IFREG | 0o755,
    getattr: () => ({ mode: S_IFREG | 0o755, size, dev: DEV, ino: INO, mtime: MTIME }),
    open: () => ({
      pread: (len: number, pos: number) => { reads.push(len); return data.slice(pos, pos + len); },
      release: () => {},
    }),
  };
  return { dentry: { inode } as unknown as Dentry, reads };
}

const bytes = (n: number) => Uint8Array.from({ length: n }, (_, i) => (i * 7 + 3) & 0xff);
const read = (d: Dentry) => readWhole({} as Kernel, {} as Task, d);

test('readWhole: a file as big as its size says is read in one read, then one that finds its end', () => {
  const data = bytes(70000);
  const f = fileOf(data, data.length);
  assert.deepEqual(read(f.dentry), data);
  assert.deepEqual(f.reads.length, 2);
  assert.equal(f.reads[0], data.length);
});

test('readWhole: a file that grew, one that shrank, one whose size is 0, one over 1 MiB: all of it', () => {
  const data = bytes(100000);
  assert.deepEqual(read(fileOf(data, 4096).dentry), data);
  assert.deepEqual(read(fileOf(data, 200000).dentry), data);
  assert.deepEqual(read(fileOf(data, 0).dentry), data);
  const big = bytes((1 << 20) * 2 + 12345);
  assert.deepEqual(read(fileOf(big, 0).dentry), big);
  assert.deepEqual(read(fileOf(big, 100).dentry), big);
  assert.deepEqual(read(fileOf(new Uint8Array(0), 0).dentry), new Uint8Array(0));
});

test('readWhole: bytes the caller read are taken only while the file says the same device, inode, size and mtime', () => {
  const data = bytes(5000);
  const mine = data.slice();
  const known: KnownBytes = { bytes: mine, dev: DEV, ino: INO, size: data.length, mtime: MTIME };
  const same = fileOf(data, data.length);
  assert.equal(readWhole({} as Kernel, {} as Task, same.dentry, true, known), mine);
  assert.deepEqual(same.reads, [], 'not read again');
  for (const other of [{ dev: DEV + 1 }, { ino: INO + 1 }, { size: data.length + 1 }, { mtime: [MTIME[0], MTIME[1] + 1] as [number, number] }]) {
    const f = fileOf(data, data.length);
    const got = readWhole({} as Kernel, {} as Task, f.dentry, true, { ...known, ...other });
    assert.notEqual(got, mine, JSON.stringify(other));
    assert.deepEqual(got, data);
    assert.ok(f.reads.length > 0, `${JSON.stringify(other)}: read`);
  }
  // The checks before it still apply: a file without x bits is refused to execve.
  const noExec = { dentry: { inode: { mode: () => S_IFREG | 0o644, getattr: () => ({ mode: S_IFREG | 0o644, size: 5000, dev: DEV, ino: INO, mtime: MTIME }) } } as unknown as Dentry };
  assert.ok(typeof readWhole({} as Kernel, {} as Task, noExec.dentry, true, known) === 'number');
});
