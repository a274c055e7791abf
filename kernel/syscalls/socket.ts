// The socket calls (net/socket.c's thin wrappers, then AF_UNIX: kernel/net/unix.ts): socket,
// socketpair, bind, listen, connect, accept/accept4, getsockname, getpeername, sendto/send,
// recvfrom/recv, sendmsg, recvmsg, shutdown, getsockopt, setsockopt. Any other family is
// EAFNOSUPPORT, as on a kernel built without it; a descriptor that is not a socket is ENOTSOCK.
import {
  EADDRINUSE, EAFNOSUPPORT, EBADF, ECONNREFUSED, EEXIST, EFAULT, EINVAL, EISCONN, ENOBUFS, ENOPROTOOPT, ENOSPC,
  ENOTCONN, ENOTSOCK, EOPNOTSUPP, EPERM, EPIPE, EPROTONOSUPPORT, EROFS, ESOCKTNOSUPPORT, ESPIPE,
} from '../abi/errno.js';
import { AT_FDCWD, O_CLOEXEC, O_NONBLOCK } from '../abi/flags.js';
import type { SyscallImpl } from '../dispatch.js';
import { SyscallArgs } from '../args.js';
import type { Kernel } from '../kernel.js';
import { BLOCK, type Task } from '../task.js';
import { installNew, nofile } from '../fs/fdtable.js';
import { ctxOf, lookupAt, parentAt } from '../fs/at.js';
import { S_IFIFO, S_IFMT, S_IFSOCK } from '../fs/inode.js';
import type { OpenFile } from '../fs/file.js';
import { blocking, epipe } from '../fs/rw.js';
import { structLayout } from '../abi/structs.js';
import { readU32, writable, writeU32 } from '../uaccess.js';
import { iovecs } from '../uaccess.js';
import {
  SOCK_DGRAM, SOCK_SEQPACKET, SOCK_STREAM, SOMAXCONN, UnixSocket, type Cred, type Received,
} from '../net/unix.js';
import { AF_UNIX, AF_UNSPEC, addrFromUser, addrToUser, familyOf, unixAddr, unixSockaddr, type UnixAddr } from '../net/sockaddr.js';
import { ControlOut, MSG_CTRUNC, SCM_CREDENTIALS, SCM_RIGHTS, SOL_SOCKET, parseControl, u32s } from '../net/cmsg.js';
import { CAP_SETGID, CAP_SETUID, CAP_SYS_ADMIN } from '../creds.js';

const SOCK_TYPE_MASK = 0xf;
/** SOCK_MAX: types at or above are EINVAL before any family is asked. */
const SOCK_MAX = 11;
const SOCK_RAW = 3;
/** NPROTO: families at or above are EAFNOSUPPORT. */
const NPROTO = 46;
const MSG_OOB = 0x1, MSG_PEEK = 0x2, MSG_TRUNC = 0x20, MSG_DONTWAIT = 0x40, MSG_WAITALL = 0x100, MSG_NOSIGNAL = 0x4000;
const MSG_CMSG_CLOEXEC = 0x40000000;
/** Largest single transfer (MAX_RW_COUNT rounded down to what the host holds at once). */
const MAX_IO = 1 << 20;

/** A socket's peer credentials (SO_PEERCRED): the connecting process's effective ids (cred_to_ucred). */
const cred = (t: Task): Cred => ({ proc: t.proc, uid: t.proc.cred.euid, gid: t.proc.cred.egid });
/** What a message carries unless SCM_CREDENTIALS says otherwise: the sender's real ids (scm_send). */
const sendCred = (t: Task): Cred => ({ proc: t.proc, uid: t.proc.cred.uid, gid: t.proc.cred.gid });
const little = (k: Kernel) => k.arch.endian === 'little';

/** The socket open at fd, with its file, or -EBADF / -ENOTSOCK. */
function sockfd(t: Task, fd: number): { sock: UnixSocket; file: OpenFile } | number {
  const file = t.proc.files.get(fd);
  if (!file) return -EBADF;
  return file.ops.socket ? { sock: file.ops.socket, file } : -ENOTSOCK;
}

/** __sys_socket's checks, then unix_create's: the socket type, or -errno. */
function sockType(domain: number, type: number, protocol: number): number {
  if (type & ~SOCK_TYPE_MASK & ~(O_CLOEXEC | O_NONBLOCK)) return -EINVAL;
  const base = type & SOCK_TYPE_MASK;
  if (domain < 0 || domain >= NPROTO) return -EAFNOSUPPORT;
  if (base >= SOCK_MAX) return -EINVAL;
  if (domain !== AF_UNIX) return -EAFNOSUPPORT;
  if (protocol && protocol !== AF_UNIX) return -EPROTONOSUPPORT;
  if (base === SOCK_RAW) return SOCK_DGRAM;
  return base === SOCK_STREAM || base === SOCK_DGRAM || base === SOCK_SEQPACKET ? base : -ESOCKTNOSUPPORT;
}

export const socket: SyscallImpl = (k, t, a) => {
  const flags = a.int(1) & ~SOCK_TYPE_MASK;
  const type = sockType(a.int(0), a.int(1), a.int(2));
  if (type < 0) return type;
  return installNew(t, new UnixSocket(k.unix, type).file(flags & O_NONBLOCK), (flags & O_CLOEXEC) !== 0);
};

export const socketpair: SyscallImpl = (k, t, a) => {
  const flags = a.int(1) & ~SOCK_TYPE_MASK;
  const type = sockType(a.int(0), a.int(1), a.int(2));
  if (type < 0) return type;
  const x = new UnixSocket(k.unix, type), y = new UnixSocket(k.unix, type);
  x.peer = y;
  y.peer = x;
  x.state = y.state = 'connected';
  x.peerCred = y.peerCred = cred(t);
  const fx = x.file(flags & O_NONBLOCK), fy = y.file(flags & O_NONBLOCK);
  // Nothing is installed unless both numbers can be stored (__sys_socketpair).
  const sv = a.ptr(3);
  if (!writable(t.proc.mm.engine, sv, 8)) { fx.get().put(); fy.get().put(); return -EFAULT; }
  const files = t.proc.files;
  const dx = installNew(t, fx, (flags & O_CLOEXEC) !== 0);
  if (dx < 0) { fy.get().put(); return dx; }
  const dy = installNew(t, fy, (flags & O_CLOEXEC) !== 0);
  if (dy < 0) { files.close(dx); return dy; }
  writeU32(t.proc.mm.engine, sv, dx);
  writeU32(t.proc.mm.engine, sv + 4, dy);
  return 0;
};

/**
 * The socket an address names for a socket of `type` (unix_find_other): an abstract name is
 * looked up for that type only (ECONNREFUSED), a path's socket of another type is EPROTOTYPE.
 */
function findNamed(k: Kernel, t: Task, addr: UnixAddr, type: number): UnixSocket | number {
  if (addr.kind === 'autobind') return -EINVAL;
  if (addr.kind === 'abstract') return UnixSocket.abstractNamed(k.unix, type, addr.name) ?? -ECONNREFUSED;
  const d = lookupAt(k, t, AT_FDCWD, addr.path, true);
  if (typeof d === 'number') return d;
  if ((d.inode.mode() & S_IFMT) !== S_IFSOCK) return -ECONNREFUSED;
  const s = k.unix.byInode.get(d.inode.key);
  return s && !s.dead ? s : -ECONNREFUSED;
}

/** unix_autobind: NUL and five hex digits, the first free from a counter. */
function autobind(k: Kernel, s: UnixSocket): number {
  if (s.name) return 0;
  for (let tries = 0; tries < 0x100000; tries++) {
    const n = k.unix.autobind++ & 0xfffff;
    const name = new TextEncoder().encode(`\0${n.toString(16).padStart(5, '0')}`);
    if (!UnixSocket.abstractNamed(k.unix, s.type, name)) { s.bindName(name, null); return 0; }
  }
  return -ENOSPC;
}

/**
 * unix_bind_bsd: the socket inode is made first (a name taken is EADDRINUSE, even for this
 * socket's own), and unmade again if the socket was already bound (EINVAL).
 */
function bindPath(k: Kernel, t: Task, s: UnixSocket, path: string, name: Uint8Array): number {
  const p = parentAt(k, t, AT_FDCWD, path);
  if (typeof p === 'number') return p;
  if (p.last === null) return -EADDRINUSE;
  const ctx = ctxOf(k, t);
  const dir = p.dir.inode;
  const there = dir.lookup?.(ctx, p.last);
  if (there !== undefined && typeof there !== 'number') return -EADDRINUSE;
  if (dir.sb.readOnly) return -EROFS;
  if (!dir.mknod) return -EPERM;
  const r = dir.mknod(ctx, p.last, S_IFSOCK | (0o777 & ~t.proc.fs.umask));
  if (r < 0) return r === -EEXIST ? -EADDRINUSE : r;
  if (s.name) { dir.unlink?.(ctx, p.last); return -EINVAL; }
  const node = dir.lookup!(ctx, p.last);
  if (typeof node === 'number') return node;
  s.bindName(name, node.key);
  return 0;
}

export const bind: SyscallImpl = (k, t, a) => {
  const s = sockfd(t, a.int(0));
  if (typeof s === 'number') return s;
  const raw = addrFromUser(t.proc.mm.engine, a.ptr(1), a.int(2));
  if (typeof raw === 'number') return raw;
  const addr = unixAddr(raw, little(k));
  if (typeof addr === 'number') return addr;
  if (addr.kind === 'autobind') return autobind(k, s.sock);
  if (addr.kind === 'path') return bindPath(k, t, s.sock, addr.path, addr.name);
  if (s.sock.name) return -EINVAL;
  if (UnixSocket.abstractNamed(k.unix, s.sock.type, addr.name)) return -EADDRINUSE;
  s.sock.bindName(addr.name, null);
  return 0;
};

export const listen: SyscallImpl = (_k, t, a) => {
  const s = sockfd(t, a.int(0));
  if (typeof s === 'number') return s;
  return s.sock.listen(Math.min(a.int(1) >>> 0, SOMAXCONN), cred(t));
};

export const connect: SyscallImpl = (k, t, a) => {
  const s = sockfd(t, a.int(0));
  if (typeof s === 'number') return s;
  const raw = addrFromUser(t.proc.mm.engine, a.ptr(1), a.int(2));
  if (typeof raw === 'number') return raw;
  const { sock, file } = s;
  if (sock.type === SOCK_DGRAM) {
    if (raw.length < 2) return -EINVAL;
    if (familyOf(raw, little(k)) === AF_UNSPEC) return sock.connectDgram(null);
  }
  const addr = unixAddr(raw, little(k));
  if (typeof addr === 'number') return addr;
  if (addr.kind === 'autobind') return -EINVAL;
  const other = findNamed(k, t, addr, sock.type);
  if (typeof other === 'number') return other;
  if (sock.type === SOCK_DGRAM) return sock.connectDgram(other);
  const me = cred(t);
  return blocking(t, () => sock.connectTo(other, me, file.nonblock));
};

function acceptImpl(k: Kernel, t: Task, fd: number, addr: number, lenp: number, flags: number): number {
  if (flags & ~(O_CLOEXEC | O_NONBLOCK)) return -EINVAL;
  const s = sockfd(t, fd);
  if (typeof s === 'number') return s;
  const { sock, file } = s;
  return blocking(t, () => {
    const got = sock.accept(file.nonblock);
    if (typeof got === 'number') return got;
    const f = got.file(flags & O_NONBLOCK);
    if (addr) {
      const r = addrToUser(t.proc.mm.engine, unixSockaddr(got.peer?.name ?? null, little(k)), addr, lenp);
      if (r < 0) { f.get().put(); return r; }
    }
    return installNew(t, f, (flags & O_CLOEXEC) !== 0);
  });
}
export const accept4: SyscallImpl = (k, t, a) => acceptImpl(k, t, a.int(0), a.ptr(1), a.ptr(2), a.int(3));
export const accept: SyscallImpl = (k, t, a) => acceptImpl(k, t, a.int(0), a.ptr(1), a.ptr(2), 0);

function nameImpl(k: Kernel, t: Task, fd: number, addr: number, lenp: number, peer: boolean): number {
  const s = sockfd(t, fd);
  if (typeof s === 'number') return s;
  let name = s.sock.name;
  if (peer) {
    const p = s.sock.peer;
    if (!p || (s.sock.type !== SOCK_DGRAM && s.sock.state !== 'connected')) return -ENOTCONN;
    name = p.name;
  }
  return addrToUser(t.proc.mm.engine, unixSockaddr(name, little(k)), addr, lenp);
}
export const getsockname: SyscallImpl = (k, t, a) => nameImpl(k, t, a.int(0), a.ptr(1), a.ptr(2), false);
export const getpeername: SyscallImpl = (k, t, a) => nameImpl(k, t, a.int(0), a.ptr(1), a.ptr(2), true);

/** A send's destination: null for the connected peer; an address only a datagram socket may use. */
function destination(k: Kernel, t: Task, sock: UnixSocket, raw: Uint8Array): UnixSocket | null | number {
  if (raw.length === 0) return null;
  if (sock.type !== SOCK_DGRAM) return sock.state === 'connected' ? -EISCONN : -EOPNOTSUPP;
  const addr = unixAddr(raw, little(k));
  if (typeof addr === 'number') return addr;
  return findNamed(k, t, addr, sock.type);
}

/**
 * Send `data` as one call: a stream's blocking send waits until all of it is queued (the
 * files go with the first part); EPIPE raises SIGPIPE unless MSG_NOSIGNAL.
 */
function sendData(k: Kernel, t: Task, sock: UnixSocket, file: OpenFile, data: Uint8Array, flags: number,
  to: UnixSocket | null, fds: OpenFile[] | null, who: Cred): number {
  if (flags & MSG_OOB) return -EOPNOTSUPP;
  const nonblock = file.nonblock || (flags & MSG_DONTWAIT) !== 0;
  let done = 0;
  return blocking(t, () => {
    for (;;) {
      const r = sock.send(data.subarray(done), done === 0 ? fds : null, who, nonblock, to);
      if (r === BLOCK) return BLOCK;
      if (r < 0) {
        if (done > 0) return done;
        return r === -EPIPE && !(flags & MSG_NOSIGNAL) ? epipe(k, t) : r;
      }
      done += r;
      if (done >= data.length || nonblock || sock.type !== SOCK_STREAM) return done;
    }
  });
}

export const sendto: SyscallImpl = (k, t, a) => {
  const s = sockfd(t, a.int(0));
  if (typeof s === 'number') return s;
  const len = Math.min(a.u64(2), MAX_IO);
  const data = len ? t.proc.mm.engine.read(a.ptr(1), len) : new Uint8Array(0);
  if (!data) return -EFAULT;
  const raw = a.ptr(4) ? addrFromUser(t.proc.mm.engine, a.ptr(4), a.int(5)) : new Uint8Array(0);
  if (typeof raw === 'number') return raw;
  const to = destination(k, t, s.sock, raw);
  if (typeof to === 'number') return to;
  return sendData(k, t, s.sock, s.file, data, a.int(3), to, null, sendCred(t));
};

/** A msghdr's fields. */
function readMsghdr(t: Task, addr: number) {
  const engine = t.proc.mm.engine;
  const L = structLayout('msghdr', engine.arch);
  const raw = engine.read(addr, L.size);
  if (!raw) return null;
  const f = (n: string) => L.get(raw, n);
  return {
    L, name: f('msg_name'), namelen: f('msg_namelen') | 0, iov: f('msg_iov'), iovlen: f('msg_iovlen'),
    control: f('msg_control'), controllen: f('msg_controllen'),
  };
}

export const sendmsg: SyscallImpl = (k, t, a) => {
  const s = sockfd(t, a.int(0));
  if (typeof s === 'number') return s;
  const engine = t.proc.mm.engine;
  const m = readMsghdr(t, a.ptr(1));
  if (!m) return -EFAULT;
  const iov = iovecs(engine, m.iov, m.iovlen);
  if (typeof iov === 'number') return iov;
  const parts: Uint8Array[] = [];
  let total = 0;
  for (const [base, len] of iov) {
    const n = Math.min(len, MAX_IO - total);
    const b = n ? engine.read(base, n) : new Uint8Array(0);
    if (!b) return -EFAULT;
    parts.push(b);
    total += n;
  }
  const data = new Uint8Array(total);
  let off = 0;
  for (const p of parts) { data.set(p, off); off += p.length; }
  const raw = m.name ? addrFromUser(engine, m.name, m.namelen) : new Uint8Array(0);
  if (typeof raw === 'number') return raw;
  let scm: ReturnType<typeof parseControl> = { fds: null, cred: null };
  if (m.controllen) {
    if (m.controllen > 0x7fffffff) return -ENOBUFS;
    const ctl = engine.read(m.control, m.controllen);
    if (!ctl) return -EFAULT;
    // __scm_send's rule: one's own pid (or CAP_SYS_ADMIN), one of one's uids (or CAP_SETUID)
    // and of one's gids (or CAP_SETGID).
    const me = t.proc.cred;
    scm = parseControl(ctl, { little: little(k) }, (fd) => t.proc.files.get(fd),
      (c) => (c.pid === t.proc.pid.nrIn(k.nsOf(t)) || me.capable(CAP_SYS_ADMIN))
        && ([me.uid, me.euid, me.suid].includes(c.uid) || me.capable(CAP_SETUID))
        && ([me.gid, me.egid, me.sgid].includes(c.gid) || me.capable(CAP_SETGID)));
    if (typeof scm === 'number') return scm;
  }
  const to = destination(k, t, s.sock, raw);
  if (typeof to === 'number') return to;
  const who = sendCred(t);
  if (scm.cred) who.uid = scm.cred.uid, who.gid = scm.cred.gid;
  return sendData(k, t, s.sock, s.file, data, a.int(2), to, scm.fds, who);
};

/** Where a receive's bytes go: one buffer (recvfrom) or an iovec array (recvmsg). */
type Sink = Array<[number, number]>;

/**
 * One receive: checks every destination buffer first (a bad one is EFAULT and takes nothing),
 * then takes what the socket has and hands it to `deliver`, which writes it out.
 */
function receive(t: Task, sock: UnixSocket, file: OpenFile, sink: Sink, flags: number,
  deliver: (r: Received, copied: number) => number): number {
  if (flags & MSG_OOB) return -EOPNOTSUPP;
  const engine = t.proc.mm.engine;
  const want = Math.min(sink.reduce((n, [, l]) => n + l, 0), MAX_IO);
  for (const [base, len] of sink) if (!writable(engine, base, Math.min(len, want))) return -EFAULT;
  const nonblock = file.nonblock || (flags & MSG_DONTWAIT) !== 0;
  const peek = (flags & MSG_PEEK) !== 0;
  const waitall = (flags & MSG_WAITALL) !== 0 && sock.type === SOCK_STREAM && !nonblock && !peek;
  const got: Uint8Array[] = [];
  let have = 0;
  return blocking(t, () => {
    for (;;) {
      const r = sock.recv(want - have, nonblock, peek);
      if (r === BLOCK) return have > 0 && !waitall ? finish() : BLOCK;
      if (typeof r === 'number') return have > 0 ? finish() : r;
      got.push(r.data);
      have += r.data.length;
      if (!waitall || have >= want || r.data.length === 0 || r.fds) return finish(r);
    }
    function finish(last?: Received): number {
      const all = new Uint8Array(have);
      let o = 0;
      for (const g of got) { all.set(g, o); o += g.length; }
      let at = 0;
      for (const [base, len] of sink) {
        if (at >= all.length) break;
        const n = Math.min(len, all.length - at);
        if (!engine.write(base, all.subarray(at, at + n))) return -EFAULT;
        at += n;
      }
      return deliver(last ?? { data: all, full: all.length, cred: null, fds: null, from: null }, all.length);
    }
  });
}

export const recvfrom: SyscallImpl = (k, t, a) => {
  const s = sockfd(t, a.int(0));
  if (typeof s === 'number') return s;
  const flags = a.int(3), addr = a.ptr(4), lenp = a.ptr(5);
  return receive(t, s.sock, s.file, [[a.ptr(1), Math.min(a.u64(2), MAX_IO)]], flags, (r, copied) => {
    r.fds?.forEach((f) => f.put());
    if (addr) {
      const e = addrToUser(t.proc.mm.engine, r.from ? unixSockaddr(r.from, little(k)) : new Uint8Array(0), addr, lenp);
      if (e < 0) return e;
    }
    return flags & MSG_TRUNC && s.sock.type !== SOCK_STREAM ? r.full : copied;
  });
};

export const recvmsg: SyscallImpl = (k, t, a) => {
  const s = sockfd(t, a.int(0));
  if (typeof s === 'number') return s;
  const engine = t.proc.mm.engine;
  const msgAddr = a.ptr(1), flags = a.int(2);
  const m = readMsghdr(t, msgAddr);
  if (!m) return -EFAULT;
  const iov = iovecs(engine, m.iov, m.iovlen);
  if (typeof iov === 'number') return iov;
  if (m.controllen && !writable(engine, m.control, Math.min(m.controllen, 1 << 16))) return -EFAULT;
  return receive(t, s.sock, s.file, iov, flags, (r, copied) => {
    const o = { little: little(k) };
    const ctl = new ControlOut(m.control ? Math.min(m.controllen, 1 << 16) : 0, o);
    let msgFlags = flags & MSG_CMSG_CLOEXEC;
    if (r.full > copied && s.sock.type !== SOCK_STREAM) msgFlags |= MSG_TRUNC;
    if (s.sock.passcred && r.cred) {
      const c = r.cred;
      ctl.put(SCM_CREDENTIALS, u32s([c.proc.pid.nrIn(k.nsOf(t)), c.uid, c.gid], o));
    }
    if (r.fds) {
      const room = ctl.fdRoom();
      const fds: number[] = [];
      for (const f of r.fds) {
        if (fds.length >= room) break;
        const fd = t.proc.files.alloc(f, (flags & MSG_CMSG_CLOEXEC) !== 0, nofile(t));
        if (fd < 0) break;
        fds.push(fd);
      }
      if (fds.length) ctl.put(SCM_RIGHTS, u32s(fds, o));
      if (fds.length < r.fds.length) ctl.flags |= MSG_CTRUNC;
      // The message's references: installed files now hold their own.
      r.fds.forEach((f) => f.put());
    }
    msgFlags |= ctl.flags;
    const L = m.L;
    const out = engine.read(msgAddr, L.size)!;
    if (m.name) {
      const from = r.from ? unixSockaddr(r.from, o.little) : new Uint8Array(0);
      const n = Math.min(Math.max(m.namelen, 0), from.length);
      if (n && !engine.write(m.name, from.subarray(0, n))) return -EFAULT;
      L.set(out, 'msg_namelen', from.length);
    } else {
      L.set(out, 'msg_namelen', 0);
    }
    if (ctl.used && !engine.write(m.control, ctl.bytes.subarray(0, ctl.used))) return -EFAULT;
    L.set(out, 'msg_controllen', ctl.used);
    L.set(out, 'msg_flags', msgFlags);
    if (!engine.write(msgAddr, out)) return -EFAULT;
    return flags & MSG_TRUNC && s.sock.type !== SOCK_STREAM ? r.full : copied;
  });
};

export const shutdown: SyscallImpl = (_k, t, a) => {
  const s = sockfd(t, a.int(0));
  return typeof s === 'number' ? s : s.sock.shutdownHow(a.int(1));
};

const SO_REUSEADDR = 2, SO_TYPE = 3, SO_ERROR = 4, SO_SNDBUF = 7, SO_RCVBUF = 8, SO_KEEPALIVE = 9, SO_ACCEPTCONN = 30,
  SO_PROTOCOL = 38, SO_DOMAIN = 39, SO_REUSEPORT = 15, SO_BROADCAST = 6, SO_DONTROUTE = 5, SO_OOBINLINE = 10;
/** sock_setsockopt's floors: SOCK_MIN_SNDBUF and SOCK_MIN_RCVBUF on a 64-bit kernel. */
const MIN_SNDBUF = 4608, MIN_RCVBUF = 2304;
/** net.core.wmem_max / rmem_max. */
const BUF_MAX = 212992;
/** Options only stored and read back. */
const STORED = new Set([SO_REUSEADDR, SO_KEEPALIVE, SO_REUSEPORT, SO_BROADCAST, SO_DONTROUTE, SO_OOBINLINE]);

export const getsockopt: SyscallImpl = (k, t, a) => {
  const s = sockfd(t, a.int(0));
  if (typeof s === 'number') return s;
  const engine = t.proc.mm.engine;
  const level = a.int(1), name = a.int(2), val = a.ptr(3), lenp = a.ptr(4);
  if (level !== SOL_SOCKET) return -EOPNOTSUPP;
  const len = readU32(engine, lenp);
  if (len === null) return -EFAULT;
  if ((len | 0) < 0) return -EINVAL;
  const { sock } = s;
  const { SO_PASSCRED, SO_RCVLOWAT } = k.arch.flags;
  let v: number;
  if (name === SO_PASSCRED + 1) {
    // SO_PEERCRED: struct ucred, as much as fits.
    const c = sock.peerCred;
    const words = c ? [c.proc.pid.nrIn(k.nsOf(t)), c.uid, c.gid] : [0, 0xffffffff, 0xffffffff];
    const b = u32s(words, { little: little(k) });
    const n = Math.min(len, 12);
    if (n && !engine.write(val, b.subarray(0, n))) return -EFAULT;
    return writeU32(engine, lenp, n) ? 0 : -EFAULT;
  }
  switch (name) {
    case SO_TYPE: v = sock.type; break;
    case SO_DOMAIN: v = AF_UNIX; break;
    case SO_PROTOCOL: v = 0; break;
    case SO_ACCEPTCONN: v = sock.state === 'listening' ? 1 : 0; break;
    case SO_ERROR: v = sock.err; sock.err = 0; break;
    case SO_SNDBUF: v = sock.sndbuf; break;
    case SO_RCVBUF: v = sock.rcvbuf; break;
    case SO_PASSCRED: v = sock.passcred ? 1 : 0; break;
    case SO_RCVLOWAT: case SO_RCVLOWAT + 1: v = 1; break;
    default:
      if (!STORED.has(name)) return -ENOPROTOOPT;
      v = sock.flags.get(name) ?? 0;
  }
  const n = Math.min(len, 4);
  const b = u32s([v], { little: little(k) });
  if (n && !engine.write(val, b.subarray(0, n))) return -EFAULT;
  return writeU32(engine, lenp, n) ? 0 : -EFAULT;
};

export const setsockopt: SyscallImpl = (k, t, a) => {
  const s = sockfd(t, a.int(0));
  if (typeof s === 'number') return s;
  const level = a.int(1), name = a.int(2), val = a.ptr(3), len = a.int(4);
  if (level !== SOL_SOCKET) return -EOPNOTSUPP;
  if (len < 4) return -EINVAL;
  const v = readU32(t.proc.mm.engine, val);
  if (v === null) return -EFAULT;
  const { sock } = s;
  const { SO_PASSCRED, SO_RCVLOWAT } = k.arch.flags;
  switch (name) {
    case SO_PASSCRED: sock.passcred = v !== 0; return 0;
    case SO_SNDBUF: sock.sndbuf = Math.max(Math.min(v, BUF_MAX) * 2, MIN_SNDBUF); return 0;
    case SO_RCVBUF: sock.rcvbuf = Math.max(Math.min(v, BUF_MAX) * 2, MIN_RCVBUF); return 0;
    // Receive/send timeouts and low-water marks are taken and not applied (docs/files.md).
    case SO_RCVLOWAT: case SO_RCVLOWAT + 1: case SO_RCVLOWAT + 2: case SO_RCVLOWAT + 3: return 0;
    default:
      if (!STORED.has(name)) return -ENOPROTOOPT;
      sock.flags.set(name, v ? 1 : 0);
      return 0;
  }
};

/**
 * fadvise64: advice is only a hint, so a valid call does nothing; what Linux checks is checked
 * (a bad fd, a pipe's ESPIPE, a negative length, advice it does not know).
 */
export const fadvise64: SyscallImpl = (k, t, a) => {
  const f = t.proc.files.get(a.int(0));
  if (!f) return -EBADF;
  if ((f.inode.mode() & S_IFMT) === S_IFIFO) return -ESPIPE;
  if (a.s64(2) < 0) return -EINVAL;
  const advice = a.int(3);
  const { POSIX_FADV_DONTNEED, POSIX_FADV_NOREUSE } = k.arch.flags;
  return advice >= 0 && advice <= 3 || advice === POSIX_FADV_DONTNEED || advice === POSIX_FADV_NOREUSE ? 0 : -EINVAL;
};
export const fadvise64_64 = fadvise64;

/** send and recv (PowerPC's own numbers): sendto and recvfrom without an address. */
export const send: SyscallImpl = (k, t, a) => sendto(k, t, firstFour(a));
export const recv: SyscallImpl = (k, t, a) => recvfrom(k, t, firstFour(a));

/** The first four argument registers, the address and its length zero. */
function firstFour(a: SyscallArgs): SyscallArgs {
  const out = new SyscallArgs();
  out.raw.set(a.raw.subarray(0, 10));
  return out;
}

/**
 * socketcall(call, args): the multiplexer s390x's glibc uses for every socket call (and
 * PowerPC's may): `args` is an array of unsigned longs, as many as the call takes.
 */
const SOCKETCALLS: readonly [SyscallImpl, number][] = [
  [socket, 3], [bind, 3], [connect, 3], [listen, 2], [accept, 3], [getsockname, 3], [getpeername, 3],
  [socketpair, 4], [send, 4], [recv, 4], [sendto, 6], [recvfrom, 6], [shutdown, 2], [setsockopt, 5],
  [getsockopt, 5], [sendmsg, 3], [recvmsg, 3], [accept4, 4],
];
export const socketcall: SyscallImpl = (k, t, a) => {
  const call = a.int(0);
  // recvmmsg (19) and sendmmsg (20) are not implemented: EINVAL, as for an unknown call.
  const entry = call >= 1 && call <= SOCKETCALLS.length ? SOCKETCALLS[call - 1] : null;
  if (!entry) return -EINVAL;
  const [impl, n] = entry;
  const raw = t.proc.mm.engine.read(a.ptr(1), 8 * n);
  if (!raw) return -EFAULT;
  const dv = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  const out = new SyscallArgs();
  for (let i = 0; i < n; i++) {
    const lo = little(k) ? 0 : 4;
    out.raw[2 + 2 * i] = dv.getUint32(8 * i + lo, little(k));
    out.raw[3 + 2 * i] = dv.getUint32(8 * i + 4 - lo, little(k));
  }
  return impl(k, t, out);
};
