// The descriptor's Unicorn facts as they hold for the library loaded: UnicornSpec.since entries
// replace facts from a version on (see docs/unicorn.md for what differs between 2.0.1 and 2.1.1).

import type { UnicornSpec } from '../../arch/types.js';
import { olderThan, type Ptr, type UcLib, type UnicornVersion } from './binding.js';
import { UC_CTL_CPU_MODEL_WRITE, UC_ERR_OK } from './consts.js';

/** `spec` with every `since` entry the version has reached applied, in order. */
export function factsFor(spec: UnicornSpec, version: UnicornVersion): UnicornSpec {
  let facts = spec;
  for (const { version: from, ...changed } of spec.since ?? []) {
    if (!olderThan(version, from)) facts = { ...facts, ...changed };
  }
  return facts;
}

/**
 * Select spec.cpuModel on a freshly opened instance (before it runs or touches a register: the
 * CPU is created then). Every instance of an engine, the fault-pc probe's included, runs the same
 * model, so an instruction runs alike in all of them. Returns Unicorn's error code.
 */
export function selectCpuModel(uc: UcLib, handle: Ptr, spec: UnicornSpec): number {
  if (spec.cpuModel === undefined) return UC_ERR_OK;
  return uc.uc_ctl(handle, UC_CTL_CPU_MODEL_WRITE, 'int', spec.cpuModel);
}
