// Entry point of tricorn's own PPC64 engine (ppc64 and ppc64le).
import type { ArchDescriptor } from '../../arch/types.js';
import type { CpuEngine } from '../engine.js';
import { Ppc64Engine } from './engine.js';

export { Ppc64Engine, setDefaultJitThreshold, setDefaultRegionTrigger } from './engine.js';

/** A fresh PPC64 engine for `arch` (ppc64 or ppc64le): no memory mapped, registers zero. */
export function createPpc64Engine(arch: ArchDescriptor): CpuEngine {
  return new Ppc64Engine(arch);
}
