// Picks the engine an architecture's descriptor asks for. Loaded on demand, so a machine
// without libunicorn can still run PPC64 guests.
import type { ArchDescriptor } from '../arch/types.js';
import type { CpuEngine } from '../emu/engine.js';

export type EngineFactory = (arch: ArchDescriptor) => CpuEngine;

export async function engineFactoryFor(arch: ArchDescriptor): Promise<EngineFactory> {
  if (arch.engine.kind === 'unicorn') {
    const m = await import('../emu/unicorn/engine.js');
    return m.createUnicornEngine;
  }
  const m = await import('../emu/ppc64/index.js');
  return m.createPpc64Engine;
}
