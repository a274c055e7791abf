// The namespaces besides PID that tricorn models (docs/namespaces.md). Like Linux's nsproxy they
// hang off each task: a thread may unshare its own. PID namespaces live in pidns.ts.
import { CLONE_NEWIPC, CLONE_NEWPID, CLONE_NEWTIME, CLONE_NEWUTS, CLONE_VM } from './abi/flags.js';
import { IpcNamespace } from './ipc/namespace.js';

/** The namespace flags clone and unshare act on (others are refused: docs/namespaces.md). */
export const NEW_NAMESPACES = CLONE_NEWPID | CLONE_NEWUTS | CLONE_NEWTIME | CLONE_NEWIPC;

/** A UTS namespace: the host and domain names that uname reports and sethostname changes. */
export class UtsNamespace {
  constructor(public nodename: string, public domainname: string) {}
  copy(): UtsNamespace { return new UtsNamespace(this.nodename, this.domainname); }
}

/**
 * A time namespace. Its clock offsets start at zero and only /proc/PID/timens_offsets could
 * change them, which tricorn does not have: so clocks read the same in every time namespace,
 * exactly as on Linux until offsets are written.
 */
export class TimeNamespace {
  readonly monotonicOffsetNs = 0;
  readonly boottimeOffsetNs = 0;
}

/** A task's namespaces (Linux's struct nsproxy, less the PID namespace). */
export interface NsProxy {
  readonly uts: UtsNamespace;
  /** System V IPC objects (kernel/ipc). */
  readonly ipc: IpcNamespace;
  /** The time namespace the task's clocks read. */
  readonly time: TimeNamespace;
  /** Where the task's children go (unshare(CLONE_NEWTIME) changes this, not `time`). */
  readonly timeForChildren: TimeNamespace;
}

export function rootNsProxy(): NsProxy {
  const time = new TimeNamespace();
  return { uts: new UtsNamespace('tricorn', '(none)'), ipc: new IpcNamespace(), time, timeForChildren: time };
}

/**
 * The namespaces after clone (`fork`: true) or unshare with `flags`, as Linux's
 * create_new_namespaces makes them for both: a copy of the UTS namespace with CLONE_NEWUTS; an
 * empty IPC namespace with CLONE_NEWIPC; with
 * CLONE_NEWTIME a new time namespace for the children. A new process with its own address space
 * enters its creator's namespace for children (timens_on_fork); a CLONE_VM child and the
 * unsharing task keep the clocks they read.
 */
export function newNsProxy(old: NsProxy, flags: number, fork: boolean): NsProxy {
  const uts = flags & CLONE_NEWUTS ? old.uts.copy() : old.uts;
  const ipc = flags & CLONE_NEWIPC ? new IpcNamespace() : old.ipc;
  const timeForChildren = flags & CLONE_NEWTIME ? new TimeNamespace() : old.timeForChildren;
  const time = fork && !(flags & CLONE_VM) ? timeForChildren : old.time;
  return { uts, ipc, time, timeForChildren };
}
