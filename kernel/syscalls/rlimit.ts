// Resource limits: getrlimit, setrlimit, prlimit64 (ugetrlimit on PowerPC is getrlimit). The
// limits live on the process (kernel/rlimits.ts); memory.ts, process-create.ts enforce them.
import { EFAULT, EINVAL, EPERM, ESRCH } from '../abi/errno.js';
import { structLayout } from '../abi/structs.js';
import { readU64Big } from '../abi/struct.js';
import type { SyscallImpl } from '../dispatch.js';
import { RLIMIT_NLIMITS } from '../rlimits.js';
import type { Process, Task } from '../task.js';
import type { Kernel } from '../kernel.js';
import { CAP_SYS_RESOURCE, prlimitAllowed } from '../creds.js';

const RLIM_INFINITY = -1;
const asWire = (v: number) => (v === Infinity ? RLIM_INFINITY : v);

/** A limit from the guest: RLIM_INFINITY, and anything beyond what a JS number holds, is Infinity. */
function readLimit(t: Task, addr: number): number | null {
  const v = readU64Big(t.proc.mm.engine, addr, t.proc.mm.engine.arch);
  if (v === null) return null;
  return v > BigInt(Number.MAX_SAFE_INTEGER) ? Infinity : Number(v);
}

function writeLimit(t: Task, addr: number, [cur, max]: [number, number]): boolean {
  const engine = t.proc.mm.engine;
  return engine.write(addr, structLayout('rlimit64', engine.arch).encode({ rlim_cur: asWire(cur), rlim_max: asWire(max) }));
}

/** The shared body: old limits out (if asked), new ones in (if given), all checks first. */
function rlimitCall(t: Task, target: Process, resource: number, newAddr: number, oldAddr: number): number {
  if (resource < 0 || resource >= RLIMIT_NLIMITS) return -EINVAL;
  let next: [number, number] | null = null;
  if (newAddr) {
    const cur = readLimit(t, newAddr), max = readLimit(t, newAddr + 8);
    if (cur === null || max === null) return -EFAULT;
    if (cur > max) return -EINVAL;
    // Raising a hard limit needs privilege.
    if (max > target.rlimits.pair(resource)[1] && !t.proc.cred.capable(CAP_SYS_RESOURCE)) return -EPERM;
    next = [cur, max];
  }
  if (oldAddr && !writeLimit(t, oldAddr, target.rlimits.pair(resource))) return -EFAULT;
  if (next) target.rlimits.set(resource, next[0], next[1]);
  return 0;
}

function processOf(k: Kernel, t: Task, pid: number): Process | null {
  if (pid === 0) return t.proc;
  for (const p of k.processByPid.values()) {
    if (p.state === 'alive' && p.pid.nrIn(k.nsOf(t)) === pid) return p;
  }
  return null;
}

export const prlimit64: SyscallImpl = (k, t, a) => {
  const target = processOf(k, t, a.int(0));
  if (!target) return -ESRCH;
  if (target !== t.proc && !prlimitAllowed(t.proc.cred, target.cred)) return -EPERM;
  return rlimitCall(t, target, a.int(1), a.ptr(2), a.ptr(3));
};

export const getrlimit: SyscallImpl = (_k, t, a) => rlimitCall(t, t.proc, a.int(0), 0, a.ptr(1) || -1);
export const ugetrlimit = getrlimit;
export const setrlimit: SyscallImpl = (_k, t, a) => rlimitCall(t, t.proc, a.int(0), a.ptr(1) || -1, 0);
