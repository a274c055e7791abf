// PID namespaces (docs/pid-namespaces.md): a tree with levels (root = 0), each with its own
// pid_max (inherited by children) and a cyclic allocation cursor; a Pid holds one number per
// level from the root down to the namespace it was made in.

export const MAX_PID_NS_LEVEL = 32;
export const DEFAULT_PID_MAX = 32768;
/** Kernel-chosen pids wrap to this value once the cursor has passed it (Linux RESERVED_PIDS). */
export const RESERVED_PIDS = 300;

export class PidNamespace {
  readonly level: number;
  readonly parent: PidNamespace | null;
  pidMax: number;
  /** Last pid the kernel chose here; requested pids do not move it. */
  lastPid = 0;
  /** Number -> the Pid using it in this namespace. */
  readonly used = new Map<number, Pid>();
  /** Set once this namespace's pid 1 exists; a namespace without one only accepts pid 1. */
  hasInit = false;
  /** Set when init has exited: no new pids may be made here. */
  dead = false;
  readonly id: number;
  private static nextId = 0;

  constructor(parent: PidNamespace | null, pidMax: number) {
    this.parent = parent;
    this.level = parent ? parent.level + 1 : 0;
    this.pidMax = pidMax;
    this.id = PidNamespace.nextId++;
  }

  /** Namespaces from the root (index 0) down to this one. */
  chain(): PidNamespace[] {
    const out: PidNamespace[] = [];
    for (let ns: PidNamespace | null = this; ns; ns = ns.parent) out.push(ns);
    return out.reverse();
  }

  isAncestorOf(other: PidNamespace): boolean {
    for (let ns: PidNamespace | null = other; ns; ns = ns.parent) if (ns === this) return true;
    return false;
  }

  /** The next free number by the cyclic rule, or 0 if the namespace is full. */
  nextFree(): number {
    const min = this.lastPid >= RESERVED_PIDS ? RESERVED_PIDS : 1;
    for (let n = this.lastPid + 1; n < this.pidMax; n++) if (!this.used.has(n)) return n;
    for (let n = min; n <= this.lastPid && n < this.pidMax; n++) if (!this.used.has(n)) return n;
    return 0;
  }
}

/** One process's (or thread's) identity across namespaces: numbers[i] is its pid at level i. */
export class Pid {
  constructor(readonly ns: PidNamespace, readonly numbers: readonly number[]) {}

  /** The number this pid has in `ns`, or 0 if it is not visible there (lives above it). */
  nrIn(ns: PidNamespace): number {
    // Hot (getpid, gettid): walk up without building the chain.
    let n = this.ns;
    while (n.level > ns.level) n = n.parent!;
    return n === ns ? this.numbers[ns.level] : 0;
  }

  free(): void {
    const chain = this.ns.chain();
    for (let i = 0; i < chain.length; i++) {
      if (chain[i].used.get(this.numbers[i]) === this) chain[i].used.delete(this.numbers[i]);
    }
  }
}

export type PidRequestError = 'EINVAL' | 'EBUSY' | 'EEXIST' | 'EAGAIN' | 'ENOMEM';

/**
 * Allocate a Pid in `ns` and all its ancestors, the way Linux's alloc_pid walks them: from the
 * youngest level up to the root, each level first checked, then given its number.
 * `wanted[i]` is the requested number at level i, or undefined for "the kernel chooses".
 * A requested number < 1 or >= that namespace's pid_max is EINVAL, and so is one other than 1
 * in a namespace that has no init yet; a taken one is `inUse` (clone2: EBUSY, clone3: EEXIST).
 * A namespace with no free number is EAGAIN (Linux turns idr's ENOSPC into EAGAIN); one whose
 * init has died takes no new pids (ENOMEM, as Linux says when PIDNS_ADDING is gone) — found only
 * once every level has its number, so the kernel-chosen ones have moved their cursors (the
 * next fork's pid in the parent's namespace is one higher, as on Linux).
 * On any refusal every number taken so far is given back: nothing stays allocated. A cursor
 * moved by a kernel-chosen number stays moved, except in `ns` itself when this was to be its
 * first pid: then its cursor goes back to 0 (alloc_pid's idr_set_cursor(&ns->idr, 0)), so the
 * next attempt again makes pid 1, the namespace's init.
 */
export function allocPid(ns: PidNamespace, wanted: readonly (number | undefined)[],
  inUse: 'EBUSY' | 'EEXIST'): Pid | PidRequestError {
  const chain = ns.chain();
  const numbers = new Array<number>(chain.length).fill(0);
  const giveBack = (from: number) => {
    for (let j = from; j < chain.length; j++) chain[j].used.delete(numbers[j]);
    if (!ns.hasInit) ns.lastPid = 0;
  };
  for (let i = chain.length - 1; i >= 0; i--) {
    const level = chain[i];
    const want = wanted[i];
    let nr: number;
    if (want !== undefined) {
      if (!Number.isInteger(want) || want < 1 || want >= level.pidMax || (want !== 1 && !level.hasInit)) {
        giveBack(i + 1);
        return 'EINVAL';
      }
      if (level.used.has(want)) { giveBack(i + 1); return inUse; }
      nr = want;
    } else {
      nr = level.nextFree();
      if (nr === 0) { giveBack(i + 1); return 'EAGAIN'; }
      level.lastPid = nr;
    }
    numbers[i] = nr;
    level.used.set(nr, PLACEHOLDER);
  }
  if (chain.some((n) => n.dead)) { giveBack(0); return 'ENOMEM'; }
  const pid = new Pid(ns, numbers);
  for (let i = 0; i < chain.length; i++) {
    chain[i].used.set(numbers[i], pid);
    chain[i].hasInit = true;
  }
  return pid;
}

/** Marks a number taken while the rest of an allocation is still being decided. */
const PLACEHOLDER = new Pid(new PidNamespace(null, 1), []);
