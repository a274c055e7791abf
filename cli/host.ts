// The Node side of the kernel's Host: the real process's stdio.
import { fstatSync, readSync, writeSync } from 'node:fs';
import type { ArchDescriptor } from '../arch/types.js';
import type { Host, HostFdInfo } from '../kernel/host.js';
import type { Disassembler } from './disasm.js';

const EPIPE = 32;
const EAGAIN = 11;
const EIO = 5;
const EBADF = 9;
const S_IFMT = 0o170000;
const S_IFREG = 0o100000;

const S_IFCHR = 0o020000;

/**
 * isatty(3) without node:tty, which pulls in ~50 modules (net, streams, readline: a tenth of
 * start-up): a terminal is a character device of the tty, console/ptmx or pseudo-terminal majors
 * (4, 5, 136-143 in Linux's devices.txt). Other terminal drivers (USB serial) count as devices
 * that are not terminals.
 */
function isTerminal(fd: number): boolean {
  try {
    const st = fstatSync(fd);
    if ((st.mode & S_IFMT) !== S_IFCHR) return false;
    const major = Math.floor(st.rdev / 256) & 0xfff;
    return major === 4 || major === 5 || (major >= 136 && major <= 143);
  } catch {
    return false;
  }
}

/** Guest output held for one host fd at most: a pipe's worth. */
const HOLD = 1 << 16;

export class NodeHost implements Host {
  /**
   * Guest writes to a host fd that is not a terminal are held here and reach the host in one
   * write at the next ordering point — a write to another fd, a read of stdin, an fstat of a
   * host fd, a line of tricorn's own (strace, a fault report), a host file operation, a full
   * buffer, the end of the run (flush()) — so a million 1-byte writes are not a million host
   * system calls. A terminal gets every write at once, as a user watching it expects.
   */
  private held = new Uint8Array(HOLD);
  private heldLen = 0;
  private heldFd = -1;
  private readonly tty = new Map<number, boolean>();

  /** Capstone, once loaded (see Kernel.resume). */
  constructor(public dis: Disassembler | null) {}

  write(fd: number, data: Uint8Array): number {
    if (fd !== this.heldFd || this.heldLen + data.length > HOLD) {
      const err = this.flush();
      if (err < 0) return err;
    }
    let tty = this.tty.get(fd);
    if (tty === undefined) { tty = isTerminal(fd); this.tty.set(fd, tty); }
    if (tty || data.length >= HOLD) return this.writeNow(fd, data);
    // (A few bytes one by one: set() costs more than such a copy.)
    const held = this.held, n = data.length, at = this.heldLen;
    if (n <= 16) for (let k = 0; k < n; k++) held[at + k] = data[k];
    else held.set(data, at);
    this.heldLen = at + n;
    this.heldFd = fd;
    return data.length;
  }

  /**
   * Write what is held. Returns 0, or -errno when the host refused it (EPIPE: the reader went
   * away): the guest's write that comes next learns it, as it would from a full pipe's reader
   * closing.
   */
  flush(): number {
    if (this.heldLen === 0) return 0;
    const fd = this.heldFd, n = this.heldLen;
    this.heldLen = 0;
    this.heldFd = -1;
    const r = this.writeNow(fd, this.held.subarray(0, n));
    return r < 0 ? r : 0;
  }

  private writeNow(fd: number, data: Uint8Array): number {
    let off = 0;
    try {
      while (off < data.length) off += writeSync(fd, data, off, data.length - off);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (off > 0) return off;
      return code === 'EPIPE' ? -EPIPE : code === 'EAGAIN' ? -EAGAIN : -EIO;
    }
    return off;
  }

  read(fd: number, max: number): Uint8Array | number {
    this.flush();
    const buf = new Uint8Array(Math.min(max, 1 << 16));
    for (;;) {
      try {
        const n = readSync(fd, buf, 0, buf.length, null);
        return buf.subarray(0, n);
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        if (code === 'EAGAIN') continue; // a non-blocking stdin: the guest expects a blocking read
        if (code === 'EOF') return new Uint8Array(0);
        return -EIO;
      }
    }
  }

  fdInfo(fd: number): HostFdInfo | number {
    this.flush();
    try {
      const st = fstatSync(fd);
      const regular = (st.mode & S_IFMT) === S_IFREG;
      return { mode: st.mode, size: regular ? st.size : 0, rdev: st.rdev, blksize: st.blksize, terminal: isTerminal(fd) };
    } catch (e) {
      return (e as NodeJS.ErrnoException).code === 'EBADF' ? -EBADF : -EIO;
    }
  }

  log(line: string): void {
    this.flush();
    this.writeNow(2, new TextEncoder().encode(line + '\n'));
  }

  disassemble(arch: ArchDescriptor, bytes: Uint8Array, pc: number): { text: string; size: number } {
    return this.dis ? this.dis.decode(arch, bytes, pc) : { text: '(no disassembler)', size: 0 };
  }

  canDisassemble(): boolean { return this.dis !== null; }
}
