// Resource limits (getrlimit/setrlimit/prlimit64): one table per process, copied at fork, and
// the checks the kernel makes against them. Infinity stands for RLIM_INFINITY.

export const RLIMIT_DATA = 2;
export const RLIMIT_STACK = 3;
export const RLIMIT_NPROC = 6;
export const RLIMIT_NOFILE = 7;
export const RLIMIT_AS = 9;
export const RLIMIT_NLIMITS = 16;

/**
 * Linux's defaults for a fresh init (include/asm-generic/resource.h; RLIMIT_NPROC follows the
 * task limit): RLIMIT_NOFILE is INR_OPEN_CUR/INR_OPEN_MAX, 1024/4096, never the host's.
 */
function defaults(maxTasks: number): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (let r = 0; r < RLIMIT_NLIMITS; r++) out.push([Infinity, Infinity]);
  out[RLIMIT_STACK] = [8 * 1024 * 1024, Infinity];
  out[RLIMIT_NOFILE] = [1024, 4096];
  out[RLIMIT_NPROC] = [maxTasks, maxTasks];
  return out;
}

export class Rlimits {
  private readonly lim: Array<[number, number]>;
  constructor(maxTasks: number, from?: Rlimits) {
    this.lim = from ? from.lim.map(([c, m]) => [c, m] as [number, number]) : defaults(maxTasks);
  }

  /** The soft limit (what the kernel enforces). */
  get(resource: number): number { return this.lim[resource][0]; }
  pair(resource: number): [number, number] { return [this.lim[resource][0], this.lim[resource][1]]; }
  set(resource: number, cur: number, max: number): void { this.lim[resource] = [cur, max]; }
}
