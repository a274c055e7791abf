// Scalars and strings in guest memory for syscall implementations: the ABI layer's accessors
// (kernel/abi/struct.ts) with the engine as both the memory and the byte order. A bad pointer
// gives null / false, which syscalls answer with EFAULT.
import { PROT_WRITE, type CpuEngine } from '../emu/engine.js';
import * as abi from './abi/struct.js';
import { readCString as readCStringAbi } from './abi/quote.js';
import { structLayout } from './abi/structs.js';
import { EFAULT, EINVAL } from './abi/errno.js';

export const readU32 = (e: CpuEngine, addr: number) => abi.readU32(e, addr, e.arch);
export const writeU32 = (e: CpuEngine, addr: number, v: number) => abi.writeU32(e, addr, v, e.arch);
export const writeU64 = (e: CpuEngine, addr: number, v: number) => abi.writeU64(e, addr, v, e.arch);
export const readU64 = (e: CpuEngine, addr: number) => abi.readU64(e, addr, e.arch);

/** A NUL-terminated string of at most `max` bytes (PATH_MAX), or null if unreadable or unterminated. */
export function readCString(engine: CpuEngine, addr: number, max = 4096): Uint8Array | null {
  const s = readCStringAbi(engine, addr, max);
  return s && s.terminated ? s.bytes : null;
}

/**
 * Whether the kernel could write all of [addr, addr+len) (access_ok plus every page writable).
 * For syscalls that consume something (host input, random bytes) before copying it out: they
 * check the whole destination first, so a bad buffer is EFAULT and nothing is lost. A
 * zero-length range touches no memory, so it is trivially true: it proves nothing about addr.
 */
export function writable(engine: CpuEngine, addr: number, len: number): boolean {
  if (len === 0) return true;
  if (addr < 0) return false;
  let at = addr;
  const end = addr + len;
  for (const r of engine.regions()) {
    if (r.addr + r.size <= at) continue;
    if (r.addr > at || !(r.prot & PROT_WRITE)) return false;
    at = r.addr + r.size;
    if (at >= end) return true;
  }
  return false;
}

/** An iovec array as (base, len) pairs, or -errno; at most IOV_MAX (1024) entries. */
export function iovecs(engine: CpuEngine, addr: number, count: number): Array<[number, number]> | number {
  if (count < 0 || count > 1024) return -EINVAL;
  const L = structLayout('iovec', engine.arch);
  const raw = count ? engine.read(addr, count * L.size) : new Uint8Array(0);
  if (!raw) return -EFAULT;
  const out: Array<[number, number]> = [];
  for (let i = 0; i < count; i++) out.push([L.get(raw, 'iov_base', i * L.size), L.get(raw, 'iov_len', i * L.size)]);
  return out;
}
