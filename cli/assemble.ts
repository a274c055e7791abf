// Keystone (WebAssembly): a `.s` file becomes one flat blob, entered at `_start` or its first byte.
import type { ArchDescriptor } from '../arch/types.js';
import { FLAT_BASE } from '../kernel/exec/load.js';

export class AsmError extends Error {}

/* eslint-disable @typescript-eslint/no-explicit-any */
/**
 * Keystone says what failed but not where (only how many statements it got through). The line
 * is found by assembling the source with one line blanked at a time: the first whose removal
 * lets the rest assemble is the one named (an error only on the error path; a file of a few
 * hundred lines takes a few hundred milliseconds).
 */
function culprit(k: any, source: string, hasStart: boolean, base: number): { line: number; text: string } | null {
  const lines = source.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const t = lines[i].trim();
    if (t === '' || /^[A-Za-z_.$][\w.$]*:$/.test(t) || /^(#|\/\/|;)/.test(t)) continue;
    const without = [...lines.slice(0, i), '', ...lines.slice(i + 1)].join('\n');
    const r = k.asm(hasStart ? `${without}\n.quad _start\n` : without, base);
    if (!r.failed && r.mc.length) return { line: i + 1, text: lines[i] };
  }
  return null;
}

export async function assemble(arch: ArchDescriptor, source: string): Promise<{ code: Uint8Array; entryOffset: number }> {
  const spec = arch.keystone;
  if (!spec) throw new AsmError(`Keystone cannot assemble for ${arch.name}: give an ELF built with a ${arch.name} toolchain instead`);
  const factory = (await import('@alexaltea/keystone-js')).default as unknown as () => Promise<any>;
  const ks = await factory();
  const mode = spec.modes.reduce((m, name) => m | ks[name], 0);
  const k = new ks.Keystone(ks[spec.arch], mode);
  const base = FLAT_BASE;
  if (spec.refuse) {
    const lines = source.split('\n');
    const i = lines.findIndex((l) => spec.refuse![0].test(l));
    if (i >= 0) throw new AsmError(`line ${i + 1}: ${spec.refuse[1]}: ${lines[i].trim()}`);
  }
  for (const [pattern, replacement] of spec.rewrite ?? []) {
    source = source.split('\n').map((line) => line.replace(pattern, replacement)).join('\n');
  }
  try {
    const hasStart = /^\s*_start\s*:/m.test(source);
    // Keystone has no symbol table API: to learn where _start is, assemble a trailing 8-byte
    // word holding its address and read it back off the end.
    const text = hasStart ? `${source}\n.quad _start\n` : source;
    const r = k.asm(text, base);
    if (r.failed || !r.mc.length) {
      const err = k.errno();
      const why = err ? ks.strerror(err) : 'assembly produced no code';
      const at = err ? culprit(k, source, hasStart, base) : null;
      if (at) throw new AsmError(`line ${at.line}: ${why}: ${at.text.trim()}`);
      throw new AsmError(`${why}${r.count ? ` (after ${r.count} statements)` : ''}`);
    }
    const mc: Uint8Array = r.mc;
    if (!hasStart) return { code: mc, entryOffset: 0 };
    const tail = new DataView(mc.buffer, mc.byteOffset + mc.length - 8, 8);
    const le = arch.endian === 'little';
    const start = tail.getUint32(le ? 4 : 0, le) * 0x100000000 + tail.getUint32(le ? 0 : 4, le);
    return { code: mc.slice(0, mc.length - 8), entryOffset: start - base };
  } finally {
    k.close();
  }
}
