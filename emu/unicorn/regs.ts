// ABI register name -> Unicorn register id and the number of bytes uc_reg_read writes for it,
// from the descriptor's engine data (arch/*.ts). The width matters: uc_reg_read writes only that
// many bytes, so narrower registers must be masked after a batch read, and 128-bit ones cannot
// travel in a 64-bit batch slot.

import type { UnicornSpec } from '../../arch/types.js';

export interface UcReg {
  readonly id: number;
  /** Bytes Unicorn reads/writes for this register: 2, 4, 8 or 16. */
  readonly size: 2 | 4 | 8 | 16;
}

const tables = new WeakMap<UnicornSpec, ReadonlyMap<string, UcReg>>();

/** The register table of an architecture's Unicorn data (built once per descriptor). */
export function ucRegisters(spec: UnicornSpec): ReadonlyMap<string, UcReg> {
  let t = tables.get(spec);
  if (!t) {
    t = new Map(spec.regs.map(([n, id, size]) => [n, { id, size }]));
    tables.set(spec, t);
  }
  return t;
}
