// Picks the engine an architecture's descriptor asks for. Loaded on demand, so a machine
// without libunicorn can still run PPC64 guests.
import type { ArchDescriptor } from '../arch/types.js';
import type { CpuEngine } from '../emu/engine.js';
import { PPC64_TIERING_FLAGS, TIERING_FLAGS } from './v8-tiering.cjs';
import { setV8Flags } from './v8-quiesce.js';

/**
 * The tier-up budget for the engine's code (cli/v8-tiering.cts): a PPC64 guest's generated code
 * wants a smaller one than the CLI sets for tricorn's kernel paths. Set once the engine's bundle
 * is loaded: V8 checks a code cache against the flags when it takes it, and setup's runs made
 * the caches under the CLI's (they change nothing here, so the caches they write at exit are
 * made under the same flags).
 */
function tiering(flags: string): void {
  if (process.env.TRICORN_WRITE_CODE_CACHE !== '1') setV8Flags(flags);
}

export type EngineFactory = (arch: ArchDescriptor) => CpuEngine;

export async function engineFactoryFor(arch: ArchDescriptor): Promise<EngineFactory> {
  if (arch.engine.kind === 'unicorn') {
    const m = await import('../emu/unicorn/engine.js');
    // (Again: a process that ran a PPC64 guest first, a test's or the benchmark's, changed it.)
    tiering(TIERING_FLAGS);
    return m.createUnicornEngine;
  }
  const m = await import('../emu/ppc64/index.js');
  tiering(PPC64_TIERING_FLAGS);
  return m.createPpc64Engine;
}
