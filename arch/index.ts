// The architectures tricorn knows, and lookup by name or alias.
import type { ArchDescriptor } from './types.js';
import { x86_64 } from './x86_64.js';
import { aarch64 } from './aarch64.js';
import { ppc64, ppc64le } from './ppc64.js';
import { riscv64 } from './riscv64.js';
import { s390x } from './s390x.js';

export const architectures: readonly ArchDescriptor[] = [x86_64, aarch64, ppc64, ppc64le, riscv64, s390x];

export function findArch(name: string): ArchDescriptor | undefined {
  const n = name.toLowerCase();
  return architectures.find((a) => a.name === n || a.aliases.includes(n));
}

export type { ArchDescriptor } from './types.js';
