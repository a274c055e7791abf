// Keystone (WebAssembly): a `.s` file becomes one flat blob, entered at `_start` or its first byte.
import type { ArchDescriptor } from '../arch/types.js';
import { FLAT_BASE } from '../kernel/exec/load.js';

export class AsmError extends Error {}

/* eslint-disable @typescript-eslint/no-explicit-any */
export async function assemble(arch: ArchDescriptor, source: string): Promise<{ code: Uint8Array; entryOffset: number }> {
  const factory = (await import('@alexaltea/keystone-js')).default as unknown as () => Promise<any>;
  const ks = await factory();
  const mode = arch.keystone.modes.reduce((m, name) => m | ks[name], 0);
  const k = new ks.Keystone(ks[arch.keystone.arch], mode);
  try {
    const hasStart = /^\s*_start\s*:/m.test(source);
    // Keystone has no symbol table API: to learn where _start is, assemble a trailing 8-byte
    // word holding its address and read it back off the end.
    const text = hasStart ? `${source}\n.quad _start\n` : source;
    const r = k.asm(text, FLAT_BASE);
    if (r.failed || !r.mc.length) {
      const err = k.errno();
      const why = err ? ks.strerror(err) : 'assembly produced no code';
      throw new AsmError(`${why}${r.count ? ` (after ${r.count} statements)` : ''}`);
    }
    const mc: Uint8Array = r.mc;
    if (!hasStart) return { code: mc, entryOffset: 0 };
    const tail = new DataView(mc.buffer, mc.byteOffset + mc.length - 8, 8);
    const le = arch.endian === 'little';
    const start = tail.getUint32(le ? 4 : 0, le) * 0x100000000 + tail.getUint32(le ? 0 : 4, le);
    return { code: mc.slice(0, mc.length - 8), entryOffset: start - FLAT_BASE };
  } finally {
    k.close();
  }
}
