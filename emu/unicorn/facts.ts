// The descriptor's Unicorn facts as they hold for the library loaded: UnicornSpec.since entries
// replace facts from a version on (see docs/unicorn.md for what differs between 2.0.1 and 2.1.1).

import type { UnicornSpec } from '../../arch/types.js';
import { hostView, olderThan, type LibC, type Ptr, type UcLib, type UnicornVersion } from './binding.js';
import {
  UC_ARCH_ARM, UC_CTL_CPU_MODEL_WRITE, UC_CTL_PAGE_SIZE_READ, UC_CTL_PAGE_SIZE_WRITE, UC_CTL_TLB_MODE_WRITE, UC_ERR_OK,
  UC_MODE_ARM, UC_TLB_VIRTUAL,
} from './consts.js';

/**
 * `spec` with every `since` entry the version has reached applied, in order. Made once per spec
 * and version (every engine asks, a fork's child too; the spreads cost ~20 us each time).
 */
export function factsFor(spec: UnicornSpec, version: UnicornVersion): UnicornSpec {
  const key = `${version.major}.${version.minor}.${version.patch}`;
  let byVersion = applied.get(spec);
  if (!byVersion) applied.set(spec, byVersion = new Map());
  let facts = byVersion.get(key);
  if (facts) return facts;
  facts = spec;
  for (const { version: from, ...changed } of spec.since ?? []) {
    if (!olderThan(version, from)) facts = { ...facts, ...changed };
  }
  byVersion.set(key, facts);
  return facts;
}

const applied = new WeakMap<UnicornSpec, Map<string, UnicornSpec>>();

/**
 * Select spec.cpuModel on a freshly opened instance (before it runs or touches a register: the
 * CPU is created then), then spec.virtualTlb. Every instance of an engine, the fault-pc probe's
 * included, runs the same model and TLB, so an instruction runs alike in all of them. Returns
 * Unicorn's error code.
 */
export function selectCpuModel(uc: UcLib, handle: Ptr, spec: UnicornSpec): number {
  if (spec.cpuModel !== undefined) {
    const err = uc.uc_ctl(handle, UC_CTL_CPU_MODEL_WRITE, 'int', spec.cpuModel);
    if (err !== UC_ERR_OK) return err;
  }
  return spec.virtualTlb ? uc.uc_ctl(handle, UC_CTL_TLB_MODE_WRITE, 'int', UC_TLB_VIRTUAL) : UC_ERR_OK;
}

/**
 * Where uc_ctl_set_page_size keeps the page size's bit count inside the library's struct
 * uc_struct (a byte offset; null when it could not be found), by library.
 */
const pageBitsFields = new WeakMap<UcLib, number | null>();

/**
 * Unicorn's uc_ctl_set_page_size refuses every architecture but 32-bit ARM (2.0.1 and 2.1.1),
 * though the field it sets (target_bits, read when the instance initialises) serves every
 * target the same way. So the field is found once per library by watching that call do its
 * work on a scratch ARM instance, never assumed: two page sizes are set, and the one 32-bit
 * word of the instance (bounded by its malloc'd size) that changes by their bit counts'
 * difference is it. (The call itself counts one bit too many in 2.0.1 and 2.1.1, which is
 * why the bit count is written directly.)
 */
function pageBitsField(uc: UcLib, libc: LibC): number | null {
  const known = pageBitsFields.get(uc);
  if (known !== undefined) return known;
  let field: number | null = null;
  const out: (Ptr | null)[] = [null];
  if (uc.uc_open(UC_ARCH_ARM, UC_MODE_ARM, out) === UC_ERR_OK && out[0] !== null) {
    const h = out[0];
    try {
      const words = (): Int32Array => new Int32Array(hostView(h, libc.malloc_usable_size(h) & ~3).slice(0));
      if (uc.uc_ctl(h, UC_CTL_PAGE_SIZE_WRITE, 'uint32_t', 2048) === UC_ERR_OK) {
        const small = words();
        if (uc.uc_ctl(h, UC_CTL_PAGE_SIZE_WRITE, 'uint32_t', 8192) === UC_ERR_OK) {
          const big = words();
          const changed = [];
          for (let i = 0; i < small.length; i++) if (small[i] !== big[i]) changed.push(i);
          if (changed.length === 1 && big[changed[0]] - small[changed[0]] === 2) field = changed[0] * 4;
        }
      }
    } finally {
      uc.uc_close(h);
    }
  }
  pageBitsFields.set(uc, field);
  return field;
}

/**
 * Give a freshly opened instance spec.pageSize (after selectCpuModel, before anything else:
 * the instance initialises here). False when the instance did not get it (the library's field
 * could not be found, or the size did not take): the caller then opens a new instance, which
 * runs on Unicorn's default page size as before.
 */
export function selectPageSize(uc: UcLib, libc: LibC, handle: Ptr, spec: UnicornSpec): boolean {
  const size = spec.pageSize;
  if (size === undefined) return true;
  const field = pageBitsField(uc, libc);
  if (field === null) return false;
  new Int32Array(hostView(handle, field + 4))[field / 4] = Math.log2(size);
  const got = new Uint32Array(1);
  if (uc.uc_ctl(handle, UC_CTL_PAGE_SIZE_READ, 'uint32_t *', got) === UC_ERR_OK && got[0] === size) return true;
  pageBitsFields.set(uc, null);
  return false;
}
