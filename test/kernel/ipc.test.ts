// System V IPC in process: id allocation as Linux 6.x hands ids out (cyclic slots below 64, seq
// bumped at the wrap), the ipc() multiplexer's IPC_64 rule on PowerPC, a bad pointer that
// consumes nothing (msgrcv into an unwritable buffer keeps the message; msgsnd from an
// unreadable one queues nothing), and a segment freed at its last detach. The guest-level
// behaviour is test/guests/files/sysv-glibc.c's, checked against Linux on every arch.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EFAULT, EINVAL, ENOENT, ENOMSG } from '../../kernel/abi/errno.js';
import { PROT_READ } from '../../emu/engine.js';
import { ppc64 } from '../../arch/ppc64.js';
import { IpcIds, IpcPerm } from '../../kernel/ipc/ids.js';
import { Creds } from '../../kernel/creds.js';
import { boot } from './harness.js';

const IPC_PRIVATE = 0, IPC_CREAT = 0o1000, IPC_NOWAIT = 0o4000, IPC_RMID = 0, IPC_STAT = 2, IPC_64 = 0x100;

test('ids: slots cycle below 64 and the wrap bumps seq; a stale id no longer resolves', () => {
  const ids = new IpcIds<{ perm: IpcPerm }>();
  const make = () => ({ perm: new IpcPerm(IPC_PRIVATE, 0o600, new Creds(0, 0)) });
  const got: number[] = [];
  for (let i = 0; i < 70; i++) {
    const o = make();
    got.push(ids.add(o, 32000));
    ids.remove(o);
  }
  assert.deepEqual(got.slice(0, 3), [0, 1, 2]);
  assert.equal(got[63], 63);
  assert.deepEqual(got.slice(64, 67), [32768, 32769, 32770], 'Linux 6.18 in a fresh namespace prints the same');
  const keep = Array.from({ length: 100 }, () => { const o = make(); ids.add(o, 32000); return o; });
  assert.equal(keep[0].perm.id & 0x7fff, 6, 'the search goes on after the last slot handed out');
  assert.equal(keep[58].perm.id & 0x7fff, 64, 'the window grows with the objects in use (58 * 3/2 > 64)');
  assert.equal(new Set(keep.map((o) => o.perm.id)).size, 100);
  assert.equal(ids.byId(0), null, 'id 0 is stale: its slot has a newer seq');
  assert.equal(ids.byId(keep[0].perm.id), keep[0]);
});

test('msgrcv into an unwritable buffer is EFAULT and the message stays queued; msgsnd from an unreadable one queues nothing', async () => {
  const h = await boot();
  const q = h.sys('msgget', [IPC_PRIVATE, IPC_CREAT | 0o600]);
  assert.equal(q, 0);
  const msg = new Uint8Array(16);
  new DataView(msg.buffer).setBigInt64(0, 7n, true);
  msg.set(Buffer.from('hello'), 8);
  assert.equal(h.sys('msgsnd', [q, h.mem(16, msg), 5, 0]), 0);
  const ro = h.mem(64, undefined, PROT_READ);
  assert.equal(h.sys('msgrcv', [q, ro, 32, 0, 0]), -EFAULT);
  assert.equal(h.sys('msgsnd', [q, 0x10, 5, 0]), -EFAULT);
  const buf = h.mem(64);
  assert.equal(h.sys('msgrcv', [q, buf, 32, 0, IPC_NOWAIT]), 5);
  assert.equal(Buffer.from(h.peek(buf + 8, 5)).toString(), 'hello');
  assert.equal(new DataView(h.peek(buf, 8).buffer).getBigInt64(0, true), 7n);
  assert.equal(h.sys('msgrcv', [q, buf, 32, 0, IPC_NOWAIT]), -ENOMSG);
});

test('shm: a removed segment lives until its last detach, then its id is gone', async () => {
  const h = await boot();
  const id = h.sys('shmget', [IPC_PRIVATE, 8192, IPC_CREAT | 0o600]);
  const addr = h.sys('shmat', [id, 0, 0]);
  assert.ok(addr > 0);
  h.task.proc.mm.engine.write(addr, Buffer.from('kept'));
  assert.equal(h.sys('shmctl', [id, IPC_RMID, 0]), 0);
  const ds = h.mem(256);
  assert.equal(h.sys('shmctl', [id, IPC_STAT, ds]), 0, 'still attached: still there');
  assert.equal(Buffer.from(h.peek(addr, 4)).toString(), 'kept');
  assert.equal(h.sys('munmap', [addr, 8192]), 0, 'munmap detaches it as shmdt would');
  assert.equal(h.sys('shmctl', [id, IPC_STAT, ds]), -EINVAL);
  assert.equal(h.task.proc.mm.shm.length, 0);
});

test('ipc() multiplexer (PowerPC): *ctl commands need IPC_64 for a struct; SHMAT stores the address', async () => {
  const h = await boot({ arch: ppc64, code: new Uint8Array([0x44, 0, 0, 2]) });
  const SHMGET = 23, SHMAT = 21, SHMCTL = 24, MSGGET = 13;
  const id = h.sys('ipc', [SHMGET, IPC_PRIVATE, 65536, IPC_CREAT | 0o600]);
  assert.equal(id, 0);
  const ds = h.mem(256);
  assert.equal(h.sys('ipc', [SHMCTL, id, IPC_STAT, 0, ds]), -EINVAL, 'the old struct is not declared');
  assert.equal(h.sys('ipc', [SHMCTL, id, IPC_STAT | IPC_64, 0, ds]), 0);
  const out = h.mem(8);
  assert.equal(h.sys('ipc', [SHMAT, id, 0, out, 0]), 0);
  const addr = Number(new DataView(h.peek(out, 8).buffer).getBigUint64(0, false));
  assert.ok(addr > 0 && h.task.proc.mm.shm[0].addr === addr);
  assert.equal(h.sys('shmctl', [id, IPC_STAT | IPC_64, ds]), -EINVAL, 'the direct call takes no IPC_64 bit');
  assert.equal(h.sys('ipc', [MSGGET, 0x1234, 0]), -ENOENT);
});
