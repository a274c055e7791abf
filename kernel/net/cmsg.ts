// Ancillary data (struct cmsghdr: a size_t length, an int level and type, then the data,
// padded to 8 bytes on every 64-bit ABI) for AF_UNIX: SCM_RIGHTS carries open files,
// SCM_CREDENTIALS a struct ucred (pid, uid, gid: three 32-bit words). Parsing follows
// __scm_send; building follows put_cmsg and scm_detach_fds, truncation (MSG_CTRUNC) included.
import { EBADF, EINVAL, EPERM } from '../abi/errno.js';
import type { OpenFile } from '../fs/file.js';

export const SOL_SOCKET = 1;
export const SCM_RIGHTS = 1, SCM_CREDENTIALS = 2;
export const MSG_CTRUNC = 0x8;
/** SCM_MAX_FD: the most files one message may carry. */
const SCM_MAX_FD = 253;
const CMSG_HDR = 16;
const align = (n: number) => (n + 7) & ~7;

export interface ScmSend { fds: OpenFile[] | null; cred: { pid: number; uid: number; gid: number } | null }

/** Byte order of the guest: cmsghdr's fields are native. */
export interface Order { little: boolean }

function u64(b: Uint8Array, off: number, o: Order): number {
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  return Number(dv.getBigUint64(off, o.little));
}
function u32(b: Uint8Array, off: number, o: Order): number {
  return new DataView(b.buffer, b.byteOffset, b.byteLength).getUint32(off, o.little);
}

/**
 * The control messages of a sendmsg: files by descriptor (`fileOf`), credentials checked by
 * `credOk` (one's own, or any for root); -EINVAL for a malformed or unknown message, -EBADF
 * for a bad descriptor, -EPERM for credentials not the caller's.
 */
export function parseControl(ctl: Uint8Array, o: Order, fileOf: (fd: number) => OpenFile | undefined,
  credOk: (c: { pid: number; uid: number; gid: number }) => boolean): ScmSend | number {
  const out: ScmSend = { fds: null, cred: null };
  for (let off = 0; off + CMSG_HDR <= ctl.length;) {
    const len = u64(ctl, off, o), level = u32(ctl, off + 8, o), type = u32(ctl, off + 12, o);
    if (len < CMSG_HDR || len > ctl.length - off) return -EINVAL;
    if (level === SOL_SOCKET) {
      const data = ctl.subarray(off + CMSG_HDR, off + len);
      if (type === SCM_RIGHTS) {
        const n = Math.floor(data.length / 4);
        if (out.fds || n > SCM_MAX_FD) return -EINVAL;
        const fds: OpenFile[] = [];
        for (let i = 0; i < n; i++) {
          const f = fileOf(u32(data, 4 * i, o) | 0);
          if (!f) return -EBADF;
          fds.push(f);
        }
        out.fds = n ? fds : null;
      } else if (type === SCM_CREDENTIALS) {
        if (len !== CMSG_HDR + 12) return -EINVAL;
        const c = { pid: u32(data, 0, o), uid: u32(data, 4, o), gid: u32(data, 8, o) };
        if (!credOk(c)) return -EPERM;
        out.cred = c;
      } else {
        return -EINVAL;
      }
    }
    off += align(len);
  }
  return out;
}

/** Building a recvmsg's control buffer of `room` bytes. */
export class ControlOut {
  readonly bytes: Uint8Array;
  used = 0;
  flags = 0;
  constructor(room: number, private readonly o: Order) {
    this.bytes = new Uint8Array(room);
  }

  /** put_cmsg: a header and `data`, truncated (MSG_CTRUNC) to what is left. */
  put(type: number, data: Uint8Array): void {
    const left = this.bytes.length - this.used;
    if (left < CMSG_HDR) { this.flags |= MSG_CTRUNC; return; }
    let len = CMSG_HDR + data.length;
    if (left < len) { this.flags |= MSG_CTRUNC; len = left; }
    const dv = new DataView(this.bytes.buffer, this.used);
    dv.setBigUint64(0, BigInt(len), this.o.little);
    dv.setUint32(8, SOL_SOCKET, this.o.little);
    dv.setUint32(12, type, this.o.little);
    this.bytes.set(data.subarray(0, len - CMSG_HDR), this.used + CMSG_HDR);
    this.used += Math.min(align(CMSG_HDR + data.length), left);
  }

  /** How many descriptors fit (scm_detach_fds's fdmax). */
  fdRoom(): number {
    const left = this.bytes.length - this.used;
    return left > CMSG_HDR ? Math.floor((left - CMSG_HDR) / 4) : 0;
  }

}

/** 32-bit words in the guest's byte order (SCM_RIGHTS' fds, a struct ucred, an int option). */
export function u32s(values: number[], o: Order): Uint8Array {
  const b = new Uint8Array(values.length * 4);
  const dv = new DataView(b.buffer);
  values.forEach((v, i) => dv.setUint32(4 * i, v >>> 0, o.little));
  return b;
}
