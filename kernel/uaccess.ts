// Reading and writing scalars and strings in guest memory, in the guest's byte order, with
// user-access rules: a bad pointer gives null / false, which syscalls answer with EFAULT.
import type { CpuEngine } from '../emu/engine.js';

const scratch = new DataView(new ArrayBuffer(8));
const bytes8 = new Uint8Array(scratch.buffer);

function little(engine: CpuEngine): boolean { return engine.arch.endian === 'little'; }

export function readU32(engine: CpuEngine, addr: number): number | null {
  const b = engine.read(addr, 4);
  if (!b) return null;
  return new DataView(b.buffer, b.byteOffset, 4).getUint32(0, little(engine));
}

export function readS32(engine: CpuEngine, addr: number): number | null {
  const v = readU32(engine, addr);
  return v === null ? null : v | 0;
}

/** A 64-bit value as a number (exact below 2^53). */
export function readU64(engine: CpuEngine, addr: number): number | null {
  const b = engine.read(addr, 8);
  if (!b) return null;
  const dv = new DataView(b.buffer, b.byteOffset, 8);
  const le = little(engine);
  return dv.getUint32(le ? 4 : 0, le) * 0x100000000 + dv.getUint32(le ? 0 : 4, le);
}

export function writeU32(engine: CpuEngine, addr: number, v: number): boolean {
  scratch.setUint32(0, v >>> 0, little(engine));
  return engine.write(addr, bytes8.slice(0, 4));
}

export function writeU64(engine: CpuEngine, addr: number, v: number): boolean {
  const le = little(engine);
  scratch.setUint32(le ? 0 : 4, v >>> 0, le);
  scratch.setUint32(le ? 4 : 0, Math.floor(v / 0x100000000) >>> 0, le);
  return engine.write(addr, bytes8.slice(0, 8));
}

/** A NUL-terminated string of at most `max` bytes, or null if unreadable / unterminated. */
export function readCString(engine: CpuEngine, addr: number, max = 4096): Uint8Array | null {
  const out: number[] = [];
  for (let a = addr; out.length < max; a++) {
    const b = engine.read(a, 1);
    if (!b) return null;
    if (b[0] === 0) return Uint8Array.from(out);
    out.push(b[0]);
  }
  return null;
}
