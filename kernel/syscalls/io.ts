// Standard streams: read from fd 0, write to fds 1 and 2 (the host's). No file system yet.
import { EBADF, EFAULT, EINVAL } from '../abi/errno.js';
import type { SyscallImpl } from '../dispatch.js';
import { structLayout } from '../abi/structs.js';
import type { CpuEngine } from '../../emu/engine.js';
import { writable } from '../uaccess.js';

/** Largest single transfer, as Linux's MAX_RW_COUNT caps it (INT_MAX rounded to a page). */
const MAX_RW = 0x7ffff000;

function writeOut(k: Parameters<SyscallImpl>[0], fd: number, data: Uint8Array): number {
  return k.host.write(fd, data);
}

export const write: SyscallImpl = (k, t, a) => {
  const fd = a.int(0);
  if (fd !== 1 && fd !== 2) return -EBADF;
  const len = Math.min(a.u64(2), MAX_RW);
  if (len === 0) return 0;
  const buf = t.proc.mm.engine.read(a.ptr(1), len);
  if (!buf) return -EFAULT;
  return writeOut(k, fd, buf);
};

export const read: SyscallImpl = (k, t, a) => {
  const fd = a.int(0);
  if (fd !== 0) return -EBADF;
  const len = Math.min(a.u64(2), MAX_RW, 1 << 20);
  if (len === 0) return 0;
  const addr = a.ptr(1);
  // The whole destination must be writable before the host's input is consumed: a bad pointer
  // is EFAULT and the bytes stay for the next read.
  if (!writable(t.proc.mm.engine, addr, len)) return -EFAULT;
  const got = k.host.read(0, len);
  if (typeof got === 'number') return got;
  if (got.length && !t.proc.mm.engine.write(addr, got)) return -EFAULT;
  return got.length;
};

/** An iovec array as (base, len) pairs, or -errno; at most IOV_MAX (1024) entries. */
function iovecs(engine: CpuEngine, addr: number, count: number): Array<[number, number]> | number {
  if (count < 0 || count > 1024) return -EINVAL;
  const L = structLayout('iovec', engine.arch);
  const raw = count ? engine.read(addr, count * L.size) : new Uint8Array(0);
  if (!raw) return -EFAULT;
  const out: Array<[number, number]> = [];
  for (let i = 0; i < count; i++) out.push([L.get(raw, 'iov_base', i * L.size), L.get(raw, 'iov_len', i * L.size)]);
  return out;
}

export const writev: SyscallImpl = (k, t, a) => {
  const fd = a.int(0);
  if (fd !== 1 && fd !== 2) return -EBADF;
  const engine = t.proc.mm.engine;
  const vec = iovecs(engine, a.ptr(1), a.int(2));
  if (typeof vec === 'number') return vec;
  const parts: Uint8Array[] = [];
  let total = 0;
  for (const [base, len] of vec) {
    if (len === 0) continue;
    const b = engine.read(base, len);
    if (!b) return -EFAULT;
    parts.push(b);
    total += len;
  }
  const all = new Uint8Array(total);
  let off = 0;
  for (const p of parts) { all.set(p, off); off += p.length; }
  return total === 0 ? 0 : writeOut(k, fd, all);
};
