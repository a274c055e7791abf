// Socket addresses between guest memory and the kernel: move_addr_to_kernel's and
// move_addr_to_user's rules (a length over sockaddr_storage is EINVAL; the caller's length is
// read, as much as fits is copied, and the real length written back), and what an AF_UNIX
// address means (unix_validate_addr, unix_mkname_bsd): a path up to its first NUL, an
// abstract name (every byte after a leading NUL), or the family alone (bind: autobind).
import { EFAULT, EINVAL } from '../abi/errno.js';
import type { CpuEngine } from '../../emu/engine.js';
import { readU32, writeU32 } from '../uaccess.js';

export const AF_UNSPEC = 0, AF_UNIX = 1;
/** sizeof(struct sockaddr_storage). */
const SOCKADDR_STORAGE = 128;
/** sizeof(struct sockaddr_un): the family and 108 bytes of sun_path. */
const SOCKADDR_UN = 110;
const SUN_PATH = 2;

export type UnixAddr =
  | { kind: 'autobind' }
  | { kind: 'path'; path: string; name: Uint8Array }
  | { kind: 'abstract'; name: Uint8Array };

/** The address bytes a call passed (empty for none), or -EINVAL / -EFAULT. */
export function addrFromUser(engine: CpuEngine, addr: number, len: number): Uint8Array | number {
  if (len < 0 || len > SOCKADDR_STORAGE) return -EINVAL;
  if (len === 0) return new Uint8Array(0);
  return engine.read(addr, len) ?? -EFAULT;
}

/** sa_family of an address (host order of the guest: it is a plain unsigned short). */
export function familyOf(b: Uint8Array, little: boolean): number {
  return little ? b[0] | (b[1] << 8) : (b[0] << 8) | b[1];
}

/** An AF_UNIX address, or -EINVAL. */
export function unixAddr(b: Uint8Array, little: boolean): UnixAddr | number {
  if (b.length < SUN_PATH || familyOf(b, little) !== AF_UNIX) return -EINVAL;
  if (b.length === SUN_PATH) return { kind: 'autobind' };
  if (b.length > SOCKADDR_UN) return -EINVAL;
  if (b[SUN_PATH] === 0) return { kind: 'abstract', name: b.slice(SUN_PATH) };
  let end = SUN_PATH;
  while (end < b.length && b[end] !== 0) end++;
  const path = b.subarray(SUN_PATH, end);
  const name = new Uint8Array(path.length + 1);
  name.set(path);
  return { kind: 'path', path: new TextDecoder().decode(path), name };
}

/** A sockaddr_un for `name` (null: the family alone, as an unbound socket's getsockname). */
export function unixSockaddr(name: Uint8Array | null, little: boolean): Uint8Array {
  const out = new Uint8Array(SUN_PATH + (name?.length ?? 0));
  out[little ? 0 : 1] = AF_UNIX;
  if (name) out.set(name, SUN_PATH);
  return out;
}

/**
 * move_addr_to_user: copy as much of `kaddr` as the caller's *lenp allows to `uaddr`, then
 * store its full length in *lenp. A negative length is EINVAL; a bad pointer EFAULT.
 */
export function addrToUser(engine: CpuEngine, kaddr: Uint8Array, uaddr: number, lenp: number): number {
  const ulen = readU32(engine, lenp);
  if (ulen === null) return -EFAULT;
  if ((ulen | 0) < 0) return -EINVAL;
  const n = Math.min(ulen, kaddr.length);
  if (n > 0 && !engine.write(uaddr, kaddr.subarray(0, n))) return -EFAULT;
  return writeU32(engine, lenp, kaddr.length) ? 0 : -EFAULT;
}
