// The namespaces besides PID that tricorn models (docs/namespaces.md). Like Linux's nsproxy they
// hang off each task: a thread may unshare its own. PID namespaces live in pidns.ts.

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
  /** The time namespace the task's clocks read. */
  readonly time: TimeNamespace;
  /** Where the task's children go (unshare(CLONE_NEWTIME) changes this, not `time`). */
  readonly timeForChildren: TimeNamespace;
}

export function rootNsProxy(): NsProxy {
  const time = new TimeNamespace();
  return { uts: new UtsNamespace('tricorn', '(none)'), time, timeForChildren: time };
}
