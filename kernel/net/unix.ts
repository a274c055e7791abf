// AF_UNIX sockets (Linux's net/unix/af_unix.c), the only family tricorn has: stream,
// datagram and seqpacket sockets between the guest's own processes, named by a file-system
// path (a socket inode made in the directory, as bind makes one), by an abstract name (a
// leading NUL byte; gone when the socket closes), or unnamed (socketpair, an unbound client).
// A message carries bytes, the sender's credentials and optionally open files (SCM_RIGHTS).
// What a call sees follows af_unix.c: the shutdown bits each side holds (a peer's SHUT_WR is
// this side's RCV_SHUTDOWN), sk_err set to ECONNRESET when a peer goes with unread data or a
// listener with unaccepted connections, unix_poll's and unix_dgram_poll's masks, and the
// datagram queue limit of net.unix.max_dgram_qlen (10) for a receiver connected elsewhere.
import {
  EAGAIN, ECONNREFUSED, ECONNRESET, EINVAL, EISCONN, EMSGSIZE, ENOTCONN, EOPNOTSUPP, EPERM, EPIPE, EPROTOTYPE,
} from '../abi/errno.js';
import { BLOCK } from '../task.js';
import type { Process } from '../task.js';
import {
  OpenFile, POLLERR, POLLHUP, POLLIN, POLLOUT, POLLRDHUP, POLLRDNORM, POLLWRBAND, POLLWRNORM, WaitQueue, type FileOps,
} from '../fs/file.js';
import { S_IFSOCK, baseAttr, newDev, newIno, type Attr, type Inode, type SuperBlock } from '../fs/inode.js';
import { O_RDWR } from '../abi/flags.js';

export const SOCK_STREAM = 1, SOCK_DGRAM = 2, SOCK_SEQPACKET = 5;
export const RCV_SHUTDOWN = 1, SEND_SHUTDOWN = 2;
const SHUTDOWN_MASK = 3;
/** net.core.wmem_default / rmem_default: SO_SNDBUF and SO_RCVBUF of a new socket. */
export const SOCKBUF_DEFAULT = 212992;
/** net.unix.max_dgram_qlen. */
const MAX_DGRAM_QLEN = 10;
/** net.core.somaxconn: listen()'s backlog is capped here. */
export const SOMAXCONN = 4096;
const SOCKFS_MAGIC = 0x534f434b;

/** Who sent a message or made a connection (SO_PEERCRED, SCM_CREDENTIALS); the pid is read in the reader's namespace. */
export interface Cred { proc: Process; uid: number; gid: number }

/** One sk_buff: a write's bytes (what is left of them), its credentials and any files it carries. */
interface Skb {
  data: Uint8Array;
  off: number;
  cred: Cred;
  fds: OpenFile[] | null;
  /** The sender's address as it was when sent (recvfrom's source), null when it had none. */
  from: Uint8Array | null;
}

/** What one receive takes: the bytes, the full length of a datagram, and its extras. */
export interface Received {
  data: Uint8Array;
  /** A datagram's whole length (MSG_TRUNC when more than `data`). */
  full: number;
  cred: Cred | null;
  fds: OpenFile[] | null;
  from: Uint8Array | null;
}

let sockfs: SuperBlock | null = null;

/** The names bound in the kernel: abstract names, and the socket inodes bind made in a file system. */
export class UnixNames {
  /** The credentials of the task making the call (a write() carries its writer's). */
  constructor(readonly currentCred: () => Cred) {}
  readonly abstract = new Map<string, UnixSocket>();
  readonly byInode = new Map<string, UnixSocket>();
  /** unix_autobind's next name (five hex digits): a counter, so names repeat from run to run. */
  autobind = 0;
}

/** Abstract names are per socket type (unix_abstract_hash mixes the type in): a stream and a datagram socket may share one. */
const nameKey = (type: number, name: Uint8Array): string => `${type}:${String.fromCharCode(...name)}`;

export class UnixSocket {
  state: 'unconnected' | 'listening' | 'connected' = 'unconnected';
  /** sun_path as bound: a path with its NUL, or NUL + abstract name; null when unbound. */
  name: Uint8Array | null = null;
  /** Where a path name lives (unbinding it at close). */
  nameInode: string | null = null;
  peer: UnixSocket | null = null;
  readonly queue: Skb[] = [];
  /** Bytes in `queue`. */
  queued = 0;
  /** A listener's connections not yet accepted: the server ends, each connected to its client. */
  readonly pending: UnixSocket[] = [];
  backlog = 0;
  shutdown = 0;
  /** sk_err: reported once, by the next read, or SO_ERROR. */
  err = 0;
  passcred = false;
  sndbuf = SOCKBUF_DEFAULT;
  rcvbuf = SOCKBUF_DEFAULT;
  /** Boolean options kept only to be read back (SO_REUSEADDR, SO_KEEPALIVE...), by number. */
  readonly flags = new Map<number, number>();
  /** SO_PEERCRED: the peer's credentials when the connection was made (a listener's: at listen). */
  peerCred: Cred | null = null;
  /** A listener's credentials, taken at listen() and handed to its clients. */
  listenCred: Cred | null = null;
  dead = false;
  /** Woken at every change a waiter could care about (epoll). */
  readonly wq = new WaitQueue();
  readonly inode: Inode;

  constructor(readonly names: UnixNames, readonly type: number) {
    sockfs ??= { dev: newDev(), readOnly: false, magic: SOCKFS_MAGIC };
    const sb = sockfs;
    const ino = newIno();
    const attr: Attr = baseAttr(sb, ino, S_IFSOCK | 0o777);
    this.inode = { sb, key: `socket:[${ino}]`, mode: () => attr.mode, getattr: () => ({ ...attr }) };
  }

  get connectionless(): boolean { return this.type === SOCK_DGRAM; }

  /** An open file for it (socket(), socketpair(), accept()). */
  file(extraFlags: number): OpenFile {
    return new OpenFile(this.ops(), O_RDWR | extraFlags, null, this.inode);
  }

  private ops(): FileOps {
    return {
      socket: this,
      read: (f, len) => {
        const r = this.recv(len, f.nonblock, false);
        return typeof r === 'number' ? r : r.data;
      },
      write: (f, data) => this.send(data, null, null, f.nonblock, null),
      poll: () => this.poll(),
      ioctl: (_f, req) => (req === 'FIONREAD' ? this.inq() : undefined),
      release: () => this.release(),
      waitQueue: this.wq,
    };
  }

  /** SIOCINQ: a stream's queued bytes, a datagram socket's first message; a listener has none to tell (EINVAL). */
  inq(): number {
    if (this.state === 'listening') return -EINVAL;
    if (this.type !== SOCK_STREAM) return this.queue.length ? this.queue[0].data.length - this.queue[0].off : 0;
    return this.queued;
  }

  bindName(name: Uint8Array, inode: string | null): void {
    this.name = name;
    this.nameInode = inode;
    if (inode) this.names.byInode.set(inode, this);
    else this.names.abstract.set(nameKey(this.type, name), this);
  }

  /** The socket of this type bound to an abstract name, or null. */
  static abstractNamed(names: UnixNames, type: number, name: Uint8Array): UnixSocket | null {
    return names.abstract.get(nameKey(type, name)) ?? null;
  }

  /** listen(): only a bound stream or seqpacket socket not connected. */
  listen(backlog: number, cred: Cred): number {
    if (this.connectionless) return -EOPNOTSUPP;
    if (!this.name || this.state === 'connected') return -EINVAL;
    this.backlog = backlog >>> 0 > SOMAXCONN ? SOMAXCONN : backlog;
    this.state = 'listening';
    this.listenCred = cred;
    return 0;
  }

  /**
   * A stream or seqpacket connect to `listener`: the server end is made at once and waits in
   * the listener's queue, so the client is connected before anyone accepts (as Linux).
   */
  connectTo(listener: UnixSocket, cred: Cred, nonblock: boolean): number {
    if (this.state === 'connected') return -EISCONN;
    if (this.state === 'listening') return -EINVAL;
    if (listener.type !== this.type) return -EPROTOTYPE;
    if (listener.dead || listener.state !== 'listening') return -ECONNREFUSED;
    if (listener.pending.length > listener.backlog) return nonblock ? -EAGAIN : BLOCK;
    const server = new UnixSocket(this.names, this.type);
    server.state = 'connected';
    server.name = listener.name;
    server.peer = this;
    server.peerCred = cred;
    server.passcred = listener.passcred;
    this.peer = server;
    this.state = 'connected';
    this.peerCred = listener.listenCred;
    listener.pending.push(server);
    listener.wq.wake();
    return 0;
  }

  /** accept(): the oldest waiting connection's server end. */
  accept(nonblock: boolean): UnixSocket | number {
    if (this.connectionless) return -EOPNOTSUPP;
    if (this.state !== 'listening') return -EINVAL;
    const s = this.pending.shift();
    if (s) return s;
    return nonblock ? -EAGAIN : BLOCK;
  }

  /** A datagram socket's connect (null: AF_UNSPEC, disconnect). */
  connectDgram(other: UnixSocket | null): number {
    if (other && other.type !== this.type) return -EPROTOTYPE;
    if (other?.dead) return -ECONNREFUSED;
    this.peer = other;
    return 0;
  }

  /**
   * Queue `data` (with `fds`, and the sender's credentials) for the peer, or for `to` (a
   * datagram's destination). Streams may take part of it: bytes accepted, -errno or BLOCK.
   */
  send(data: Uint8Array, fds: OpenFile[] | null, cred: Cred | null, nonblock: boolean, to: UnixSocket | null): number {
    if (this.connectionless) return this.sendDgram(data, fds, cred, nonblock, to);
    if (this.state !== 'connected') return -ENOTCONN;
    const other = this.peer!;
    if ((this.shutdown & SEND_SHUTDOWN) || other.dead || (other.shutdown & RCV_SHUTDOWN)) return -EPIPE;
    if (this.type === SOCK_SEQPACKET) {
      if (data.length > this.sndbuf - 32) return -EMSGSIZE;
      if (other.queued > 0 && other.queued + data.length > this.sndbuf) return nonblock ? -EAGAIN : BLOCK;
      other.enqueue(data, fds, cred, this);
      return data.length;
    }
    const room = this.sndbuf - other.queued;
    if (room <= 0) return nonblock ? -EAGAIN : BLOCK;
    const n = Math.min(room, data.length);
    other.enqueue(data.subarray(0, n), fds, cred, this);
    return n;
  }

  private sendDgram(data: Uint8Array, fds: OpenFile[] | null, cred: Cred | null, nonblock: boolean, to: UnixSocket | null): number {
    const other = to ?? this.peer;
    if (!other) return -ENOTCONN;
    if (other.dead) {
      // The connected peer went: the connection is dropped and this send refused (unix_dgram_sendmsg).
      if (other === this.peer) this.peer = null;
      return -ECONNREFUSED;
    }
    if (other.type !== this.type) return -EPROTOTYPE;
    if (other.peer && other.peer !== this) return -EPERM;
    if (data.length > this.sndbuf - 32) return -EMSGSIZE;
    if (other.shutdown & RCV_SHUTDOWN) return -EPIPE;
    const full = (other.peer !== this && other.queue.length > MAX_DGRAM_QLEN) || other.queued + data.length > other.rcvbuf;
    if (full && other.queue.length) return nonblock ? -EAGAIN : BLOCK;
    other.enqueue(data, fds, cred, this);
    return data.length;
  }

  /** Bytes were taken: the peer (or any sender) has room again. */
  private drained(): void {
    this.peer?.wq.wake(POLLOUT);
  }

  /** Something either side's waiters could care about happened (a shutdown). */
  private touch(): void {
    this.wq.wake();
    this.peer?.wq.wake();
  }

  private enqueue(data: Uint8Array, fds: OpenFile[] | null, cred: Cred | null, from: UnixSocket): void {
    // The bytes are copied: the caller's buffer is the guest's, read once.
    this.queue.push({ data: data.slice(), off: 0, cred: cred ?? this.names.currentCred(), fds, from: from.name });
    this.queued += data.length;
    this.wq.wake(POLLIN);
    // The files now belong to the message (released if it is never received).
    if (fds) fds.forEach((f) => f.get());
  }

  /**
   * Take up to `len` bytes (a stream: across messages from one sender, stopping after one that
   * carried files; otherwise one message, the rest of it dropped unless peeking).
   */
  recv(len: number, nonblock: boolean, peek: boolean): Received | number {
    // A listener, or a connection-based socket never connected, has nothing to read.
    if (this.state === 'listening' || (!this.connectionless && this.state === 'unconnected')) return -EINVAL;
    if (!this.queue.length) {
      if (this.err) { const e = this.err; this.err = 0; return -e; }
      if (this.shutdown & RCV_SHUTDOWN) return eof();
      if (this.type === SOCK_SEQPACKET && this.peer?.dead) return eof();
      return nonblock ? -EAGAIN : BLOCK;
    }
    if (this.type !== SOCK_STREAM) {
      const skb = this.queue[0];
      const all = skb.data.subarray(skb.off);
      const r: Received = { data: all.subarray(0, len).slice(), full: all.length, cred: skb.cred, fds: null, from: skb.from };
      if (!peek) {
        this.queue.shift();
        this.queued -= all.length;
        r.fds = skb.fds;
        this.drained();
      }
      return r;
    }
    const out = new Uint8Array(Math.min(len, this.queued));
    const first = this.queue[0];
    let n = 0, fds: OpenFile[] | null = null;
    for (let i = 0; i < this.queue.length && n < out.length; i++) {
      const skb = this.queue[i];
      // Never glue messages from different writers (unix_skb_scm_eq).
      if (skb.cred.proc !== first.cred.proc) break;
      const k = Math.min(skb.data.length - skb.off, out.length - n);
      out.set(skb.data.subarray(skb.off, skb.off + k), n);
      n += k;
      if (!peek) {
        skb.off += k;
        this.queued -= k;
        if (skb.fds) { fds = skb.fds; skb.fds = null; }
        if (skb.off === skb.data.length) { this.queue.splice(i, 1); i--; }
      }
      if (fds || (peek && skb.fds)) break;
    }
    if (!peek && n) this.drained();
    return { data: out.subarray(0, n), full: n, cred: first.cred, fds, from: first.from };
  }

  /** shutdown(how): this side's bits, mirrored on a connected peer of a connection-based socket. */
  shutdownHow(how: number): number {
    if (how < 0 || how > 2) return -EINVAL;
    const mode = how + 1;
    this.shutdown |= mode;
    const other = this.peer;
    if (other && !this.connectionless) {
      other.shutdown |= ((mode & RCV_SHUTDOWN) ? SEND_SHUTDOWN : 0) | ((mode & SEND_SHUTDOWN) ? RCV_SHUTDOWN : 0);
    }
    this.touch();
    return 0;
  }

  poll(): number {
    let mask = 0;
    if (this.err) mask |= POLLERR;
    if (this.shutdown === SHUTDOWN_MASK) mask |= POLLHUP;
    if (this.shutdown & RCV_SHUTDOWN) mask |= POLLRDHUP | POLLIN | POLLRDNORM;
    if (this.queue.length || this.pending.length) mask |= POLLIN | POLLRDNORM;
    if (!this.connectionless && this.state === 'unconnected') mask |= POLLHUP;
    let writable = this.state !== 'listening';
    if (this.connectionless) {
      const other = this.peer;
      if (other && other.peer !== this && other.queue.length > MAX_DGRAM_QLEN) writable = false;
    } else if (this.state === 'connected' && this.peer && this.peer.queued >= this.sndbuf) {
      writable = false;
    }
    if (writable) mask |= POLLOUT | POLLWRNORM | POLLWRBAND;
    return mask;
  }

  /** The last file of it closed (unix_release_sock). */
  release(): void {
    this.dead = true;
    if (this.name) {
      if (this.nameInode) {
        if (this.names.byInode.get(this.nameInode) === this) this.names.byInode.delete(this.nameInode);
      } else if (this.names.abstract.get(nameKey(this.type, this.name)) === this) {
        this.names.abstract.delete(nameKey(this.type, this.name));
      }
    }
    const other = this.peer;
    if (other && !this.connectionless) {
      other.shutdown = SHUTDOWN_MASK;
      if (this.queue.length) other.err = ECONNRESET;
      other.wq.wake();
    }
    // Connections never accepted are reset: their clients read ECONNRESET once, then end of file.
    for (const s of this.pending.splice(0)) s.releaseEmbryo();
    this.dropQueue();
  }

  private releaseEmbryo(): void {
    this.dead = true;
    const client = this.peer;
    if (client) {
      client.shutdown = SHUTDOWN_MASK;
      client.err = ECONNRESET;
      client.wq.wake();
    }
    this.dropQueue();
  }

  private dropQueue(): void {
    for (const skb of this.queue.splice(0)) skb.fds?.forEach((f) => f.put());
    this.queued = 0;
  }
}

function eof(): Received {
  return { data: new Uint8Array(0), full: 0, cred: null, fds: null, from: null };
}
