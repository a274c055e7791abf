// The Node side of the kernel's Host: the real process's stdio.
import { fstatSync, readSync, writeSync } from 'node:fs';
import { isatty } from 'node:tty';
import type { ArchDescriptor } from '../arch/types.js';
import type { Host, HostFdInfo } from '../kernel/host.js';
import type { Disassembler } from './disasm.js';

const EPIPE = 32;
const EAGAIN = 11;
const EIO = 5;
const EBADF = 9;
const S_IFMT = 0o170000;
const S_IFREG = 0o100000;

export class NodeHost implements Host {
  /** Capstone, once loaded (see Kernel.resume). */
  constructor(public dis: Disassembler | null) {}

  write(fd: number, data: Uint8Array): number {
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
    try {
      const st = fstatSync(fd);
      const regular = (st.mode & S_IFMT) === S_IFREG;
      return { mode: st.mode, size: regular ? st.size : 0, rdev: st.rdev, blksize: st.blksize, terminal: isatty(fd) };
    } catch (e) {
      return (e as NodeJS.ErrnoException).code === 'EBADF' ? -EBADF : -EIO;
    }
  }

  log(line: string): void {
    this.write(2, new TextEncoder().encode(line + '\n'));
  }

  disassemble(arch: ArchDescriptor, bytes: Uint8Array, pc: number): { text: string; size: number } {
    return this.dis ? this.dis.decode(arch, bytes, pc) : { text: '(no disassembler)', size: 0 };
  }

  canDisassemble(): boolean { return this.dis !== null; }
}
