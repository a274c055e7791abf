// The whole outcome of `tricorn conform`, as rendered by every output format.
import type { LayoutRow } from './layouts.js';
import type { CaseResult, Summary } from './results.js';

export interface Report {
  tool: 'tricorn conform';
  version: string;
  arches: string[];
  options: { repeat: boolean; oracle: 'native' | 'qemu' | null; shard: string | null };
  cases: CaseResult[];
  /** Present with --layouts. */
  layouts?: LayoutRow[];
  summary: Summary & { layouts?: { structs: number; passed: number; failed: number; sameOnEveryArch: number } };
  /** Everything asked for passed (the exit status is 0 exactly when this is true). */
  ok: boolean;
}
