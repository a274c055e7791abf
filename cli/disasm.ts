// Capstone (WebAssembly) for fault reports and --trace. Loaded once before a run, since the
// kernel asks for disassembly synchronously.
import type { ArchDescriptor } from '../arch/types.js';

/* eslint-disable @typescript-eslint/no-explicit-any */
export interface Disassembler {
  /** "mnemonic operands" of the first instruction in `bytes` and its size, or "(bad)" and 0. */
  decode(arch: ArchDescriptor, bytes: Uint8Array, pc: number): { text: string; size: number };
  /** Just the text. */
  one(arch: ArchDescriptor, bytes: Uint8Array, pc: number): string;
}

export async function loadDisassembler(): Promise<Disassembler> {
  const factory = (await import('@alexaltea/capstone-js')).default as unknown as () => Promise<any>;
  const cs = await factory();
  const handles = new Map<string, any>();
  const dis: Disassembler = {
    one: (arch, bytes, pc) => dis.decode(arch, bytes, pc).text,
    decode(arch, bytes, pc) {
      let h = handles.get(arch.name);
      if (!h) {
        const spec = arch.capstone;
        if (!spec || cs[spec.arch] === undefined) return { text: '(no disassembler)', size: 0 };
        const mode = spec.modes.reduce((m, name) => m | cs[name], 0);
        h = new cs.Capstone(cs[spec.arch], mode);
        handles.set(arch.name, h);
      }
      try {
        const insns = h.disasm(Array.from(bytes), pc, 1);
        if (!insns.length) return { text: '(bad)', size: 0 };
        return { text: `${insns[0].mnemonic} ${insns[0].op_str}`.trim(), size: insns[0].size ?? insns[0].bytes?.length ?? 0 };
      } catch {
        return { text: '(bad)', size: 0 };
      }
    },
  };
  return dis;
}
