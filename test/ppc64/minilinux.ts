// A tiny stand-in for the kernel, for the engine's own tests and benchmark only: loads a
// static ppc64/ppc64le ELF, builds the initial stack, and answers the handful of system calls
// a static glibc program makes (write, brk, mmap, exit, and polite refusals). The real kernel
// lives in kernel/; this exists so the engine can be checked on compiled C without it.
import type { ArchDescriptor } from '../../arch/types.js';
import type { CpuEngine } from '../../emu/engine.js';
import { PROT_READ, PROT_WRITE, PROT_EXEC } from '../../emu/engine.js';
import { createPpc64Engine } from '../../emu/ppc64/index.js';

const PAGE = 0x10000;
const up = (x: number) => Math.ceil(x / PAGE) * PAGE;
const down = (x: number) => Math.floor(x / PAGE) * PAGE;

export interface MiniResult {
  exitCode: number;
  stdout: string;
  stderr: string;
  instructions: number;
  fault: string | null;
  syscalls: string[];
}

export class MiniLinux {
  readonly e: CpuEngine;
  private brkStart = 0;
  private brk = 0;
  private mmapTop = 0x7fff00000000;
  stdout: number[] = [];
  stderr: number[] = [];
  exitCode: number | null = null;
  syscalls: string[] = [];
  private readonly le: boolean;

  constructor(readonly arch: ArchDescriptor, elf: Uint8Array, argv: string[] = ['prog']) {
    this.le = arch.endian === 'little';
    this.e = createPpc64Engine(arch);
    this.load(elf, argv);
    this.e.onSyscall = () => this.syscall();
  }

  private u16(b: Uint8Array, o: number) { return new DataView(b.buffer, b.byteOffset).getUint16(o, this.le); }
  private u32(b: Uint8Array, o: number) { return new DataView(b.buffer, b.byteOffset).getUint32(o, this.le); }
  private u64(b: Uint8Array, o: number) { return Number(new DataView(b.buffer, b.byteOffset).getBigUint64(o, this.le)); }

  private load(elf: Uint8Array, argv: string[]): void {
    const e = this.e;
    const phoff = this.u64(elf, 32), phentsize = this.u16(elf, 54), phnum = this.u16(elf, 56);
    let entry = this.u64(elf, 24);
    let phdrAddr = 0;
    let end = 0;
    for (let i = 0; i < phnum; i++) {
      const p = phoff + i * phentsize;
      const type = this.u32(elf, p), flags = this.u32(elf, p + 4);
      const off = this.u64(elf, p + 8), vaddr = this.u64(elf, p + 16);
      const filesz = this.u64(elf, p + 32), memsz = this.u64(elf, p + 40);
      if (type === 6) phdrAddr = vaddr;
      if (type !== 1) continue;
      const start = down(vaddr), stop = up(vaddr + memsz);
      const prot = (flags & 4 ? PROT_READ : 0) | (flags & 2 ? PROT_WRITE : 0) | (flags & 1 ? PROT_EXEC : 0);
      // Segments may share a 64 KiB page: map what is not mapped yet, widen protection.
      for (let a = start; a < stop; a += PAGE) {
        const r = e.regions().find((r) => a >= r.addr && a < r.addr + r.size);
        if (r) e.protect(a, PAGE, r.prot | prot);
        else e.map(a, PAGE, prot);
      }
      e.load(vaddr, elf.subarray(off, off + filesz));
      if (phdrAddr === 0 && off === 0) phdrAddr = vaddr + phoff;
      end = Math.max(end, stop);
    }
    this.brkStart = this.brk = end;
    // ELFv1 (big-endian): e_entry is a function descriptor {entry, toc, env}.
    if (!this.le) {
      const d = e.read(entry, 16)!;
      const toc = this.u64(d, 8);
      entry = this.u64(d, 0);
      e.setReg('r2', BigInt(toc));
    } else {
      e.setReg('r12', BigInt(entry));
    }
    e.setPc(entry);
    // Stack: 8 MiB below 0x7ffffff0000 with argv, envp, auxv.
    const top = 0x7ffffff0000, size = 0x800000;
    e.map(top - size, size, PROT_READ | PROT_WRITE);
    let sp = top - 0x1000;
    const strs: number[] = [];
    const put = (s: string) => {
      const b = new TextEncoder().encode(s + '\0');
      sp -= b.length;
      e.write(sp, b);
      return sp;
    };
    for (const a of argv) strs.push(put(a));
    const platform = put(this.arch.platform);
    sp -= 16;
    const random = sp;
    e.write(random, Uint8Array.from({ length: 16 }, (_, i) => i * 7 + 1));
    sp = Math.floor(sp / 16) * 16;
    const auxv: [number, number][] = [
      [3, phdrAddr], [4, 56], [5, phnum], [6, 65536], [9, this.e.getPc()], [16, this.arch.hwcap],
      [26, this.arch.hwcap2], [25, random], [15, platform], [23, 0], [11, 0], [12, 0], [13, 0], [14, 0], [0, 0],
    ];
    const words = [argv.length, ...strs, 0, 0, ...auxv.flat()];
    sp -= words.length * 8;
    sp = Math.floor(sp / 16) * 16;
    const buf = new Uint8Array(words.length * 8);
    const dv = new DataView(buf.buffer);
    words.forEach((w, i) => dv.setBigUint64(i * 8, BigInt(w), this.le));
    e.write(sp, buf);
    e.setReg('r1', BigInt(sp));
    e.setReg('r3', BigInt(argv.length));
    e.setReg('r4', BigInt(sp + 8));
    e.setReg('r5', BigInt(sp + 8 + (argv.length + 1) * 8));
  }

  private ret(v: number): boolean {
    // PowerPC convention: r3 = +errno with CR0.SO set on error.
    const cr = Number(this.e.getReg('cr'));
    if (v < 0 && v > -4096) {
      this.e.setReg('r3', BigInt(-v));
      this.e.setReg('cr', BigInt((cr | 0x10000000) >>> 0));
    } else {
      this.e.setReg('r3', BigInt.asUintN(64, BigInt(v)));
      this.e.setReg('cr', BigInt((cr & ~0x10000000) >>> 0));
    }
    return true;
  }

  private syscall(): boolean {
    const e = this.e;
    const nr = Number(e.getReg('r0'));
    const a = [3, 4, 5, 6, 7, 8].map((i) => e.getReg(`r${i}`));
    const n = (i: number) => Number(a[i]);
    this.syscalls.push(this.arch.syscall.names[nr] ?? String(nr));
    switch (nr) {
      case 1: case 234: this.exitCode = n(0) & 255; return false;
      case 4: {
        const data = e.read(n(1), n(2));
        if (!data) return this.ret(-14);
        (n(0) === 2 ? this.stderr : this.stdout).push(...data);
        return this.ret(data.length);
      }
      case 146: { // writev
        let total = 0;
        for (let i = 0; i < n(2); i++) {
          const iov = e.read(n(1) + 16 * i, 16)!;
          const base = this.u64(iov, 0), len = this.u64(iov, 8);
          const d = e.read(base, len)!;
          (n(0) === 2 ? this.stderr : this.stdout).push(...d);
          total += len;
        }
        return this.ret(total);
      }
      case 45: {
        const want = n(0);
        if (want > this.brk) {
          const newEnd = up(want), oldEnd = up(this.brk);
          if (newEnd > oldEnd) e.map(oldEnd, newEnd - oldEnd, PROT_READ | PROT_WRITE);
          this.brk = want;
        }
        return this.ret(want === 0 || want < this.brkStart ? this.brk : this.brk);
      }
      case 90: {
        const len = up(n(1));
        this.mmapTop -= len;
        e.map(this.mmapTop, len, n(2));
        return this.ret(this.mmapTop);
      }
      case 91: e.unmap(down(n(0)), up(n(1))); return this.ret(0);
      case 125: e.protect(down(n(0)), up(n(1)), n(2)); return this.ret(0);
      case 232: return this.ret(1);                 // set_tid_address
      case 20: case 207: return this.ret(1);        // getpid, gettid
      case 359: {                                   // getrandom: deterministic bytes
        const b = Uint8Array.from({ length: n(1) }, (_, i) => (i * 31 + 7) & 255);
        e.write(n(0), b);
        return this.ret(n(1));
      }
      case 54: return this.ret(-25);                // ioctl: ENOTTY
      case 122: {                                   // uname
        const u = new Uint8Array(65 * 6);
        const fields = ['Linux', 'tricorn', '6.1.0', '#1', this.arch.machine, ''];
        fields.forEach((f, i) => u.set(new TextEncoder().encode(f), i * 65));
        e.write(n(0), u);
        return this.ret(0);
      }
      default: return this.ret(-38);                // ENOSYS for everything else
    }
  }

  run(budget = 2e9): MiniResult {
    const r = this.e.run(budget);
    let fault: string | null = null;
    if (r === 'fault') fault = JSON.stringify(this.e.fault);
    else if (r === 'budget') fault = 'budget';
    return {
      exitCode: this.exitCode ?? -1,
      stdout: Buffer.from(this.stdout).toString(),
      stderr: Buffer.from(this.stderr).toString(),
      instructions: 0,
      fault,
      syscalls: this.syscalls,
    };
  }
}
