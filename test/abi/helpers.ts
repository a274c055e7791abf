// Test helpers for the ABI layer: a guest memory made of 4 KiB pages (reads and writes fail on
// unmapped or read-only pages, like CpuEngine.read/write), and syscall arguments as 32-bit
// halves the way the dispatcher hands them over.
import { readFileSync } from 'node:fs';
import type { GuestMemory } from '../../kernel/abi/struct.js';

const PAGE = 4096;

export class FakeMem implements GuestMemory {
  private readonly pages = new Map<number, Uint8Array>();
  private readonly readonlyPages = new Set<number>();
  reads = 0;

  /** Map [addr, addr+size) (page-rounded), zero-filled. */
  map(addr: number, size: number, writable = true): this {
    for (let p = Math.floor(addr / PAGE); p * PAGE < addr + size; p++) {
      if (!this.pages.has(p)) this.pages.set(p, new Uint8Array(PAGE));
      if (!writable) this.readonlyPages.add(p);
    }
    return this;
  }

  /** Map what is needed and store bytes (a string is taken as Latin-1). */
  put(addr: number, data: Uint8Array | string): this {
    const b = typeof data === 'string' ? Uint8Array.from(data, (c) => c.charCodeAt(0)) : data;
    this.map(addr, Math.max(b.length, 1));
    for (let i = 0; i < b.length; i++) this.pages.get(Math.floor((addr + i) / PAGE))![(addr + i) % PAGE] = b[i];
    return this;
  }

  read(addr: number, len: number): Uint8Array | null {
    this.reads++;
    if (addr < 0 || len < 0) return null;
    const out = new Uint8Array(len);
    for (let i = 0; i < len; i++) {
      const page = this.pages.get(Math.floor((addr + i) / PAGE));
      if (!page) return null;
      out[i] = page[(addr + i) % PAGE];
    }
    return out;
  }

  write(addr: number, data: Uint8Array): boolean {
    for (let i = 0; i < data.length; i++) {
      const p = Math.floor((addr + i) / PAGE);
      if (!this.pages.has(p) || this.readonlyPages.has(p)) return false;
    }
    for (let i = 0; i < data.length; i++) this.pages.get(Math.floor((addr + i) / PAGE))![(addr + i) % PAGE] = data[i];
    return true;
  }
}

/** Syscall arguments as [lo, hi] pairs; negative numbers are 64-bit two's complement. */
export function args(...vals: (number | bigint)[]): Uint32Array {
  const a = new Uint32Array(12);
  vals.forEach((v, i) => {
    const u = BigInt.asUintN(64, BigInt(v));
    a[2 * i] = Number(u & 0xffffffffn);
    a[2 * i + 1] = Number(u >> 32n);
  });
  return a;
}

/** Lines of a committed strace capture (test/abi/fixtures/strace/NAME). */
export function fixtureLines(name: string): string[] {
  const url = new URL(`../../../test/abi/fixtures/strace/${name}`, import.meta.url);
  return readFileSync(url, 'utf8').split('\n');
}

export function fixtureJson<T>(name: string): T {
  const url = new URL(`../../../test/abi/fixtures/${name}`, import.meta.url);
  return JSON.parse(readFileSync(url, 'utf8')) as T;
}
