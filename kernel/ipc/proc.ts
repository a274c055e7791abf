// What /proc shows of System V IPC: /proc/sysvipc/{shm,sem,msg} (ipcs reads them: one line per
// object of the reader's IPC namespace, in the columns ipc/shm.c, sem.c and msg.c print) and the
// limits under /proc/sys/kernel, which root may change for its namespace.
import type { Pid, PidNamespace } from '../pidns.js';
import type { IpcNamespace } from './namespace.js';

const d = (v: number | bigint, w: number) => String(v).padStart(w);
const o = (v: number, w: number) => (v & 0o7777).toString(8).padStart(w);
const nr = (p: Pid | null, ns: PidNamespace) => (p ? p.nrIn(ns) : 0);

export function sysvipcShm(ipc: IpcNamespace, pidNs: PidNamespace, pageSize: number): string {
  let s = '       key      shmid perms                  size  cpid  lpid nattch   uid   gid  cuid  cgid      atime      dtime      ctime                   rss                  swap\n';
  for (const [, g] of ipc.shm.all()) {
    const p = g.perm;
    const rss = Math.ceil(g.mem.resident() / pageSize) * pageSize;
    s += `${d(p.key, 10)} ${d(p.id, 10)}  ${o(p.mode, 4)} ${d(g.size, 21)} ${d(nr(g.cpid, pidNs), 5)} ${d(nr(g.lpid, pidNs), 5)}  ${d(g.nattch, 5)} `
      + `${d(p.uid, 5)} ${d(p.gid, 5)} ${d(p.cuid, 5)} ${d(p.cgid, 5)} ${d(g.atime, 10)} ${d(g.dtime, 10)} ${d(g.ctime, 10)} ${d(rss, 21)} ${d(0, 21)}\n`;
  }
  return s;
}

export function sysvipcSem(ipc: IpcNamespace): string {
  let s = '       key      semid perms      nsems   uid   gid  cuid  cgid      otime      ctime\n';
  for (const [, set] of ipc.sem.all()) {
    const p = set.perm;
    s += `${d(p.key, 10)} ${d(p.id, 10)}  ${o(p.mode, 4)} ${d(set.sems.length, 10)} ${d(p.uid, 5)} ${d(p.gid, 5)} ${d(p.cuid, 5)} ${d(p.cgid, 5)} `
      + `${d(set.otime, 10)} ${d(set.ctime, 10)}\n`;
  }
  return s;
}

export function sysvipcMsg(ipc: IpcNamespace, pidNs: PidNamespace): string {
  let s = '       key      msqid perms      cbytes       qnum lspid lrpid   uid   gid  cuid  cgid      stime      rtime      ctime\n';
  for (const [, q] of ipc.msg.all()) {
    const p = q.perm;
    s += `${d(p.key, 10)} ${d(p.id, 10)}  ${o(p.mode, 4)}  ${d(q.cbytes, 10)} ${d(q.msgs.length, 10)} ${d(nr(q.lspid, pidNs), 5)} ${d(nr(q.lrpid, pidNs), 5)} `
      + `${d(p.uid, 5)} ${d(p.gid, 5)} ${d(p.cuid, 5)} ${d(p.cgid, 5)} ${d(q.stime, 10)} ${d(q.rtime, 10)} ${d(q.ctime, 10)}\n`;
  }
  return s;
}

/** A limit file: its text, and the change a write makes (0 or -EINVAL). */
export interface IpcSysctl { read(ns: IpcNamespace): string; write(ns: IpcNamespace, text: string): number }

const EINVAL = 22;
const IPCMNI = 32768;
const ULONG_MAX = (1n << 64n) - 1n;

function ulong(get: (ns: IpcNamespace) => bigint, set: (ns: IpcNamespace, v: bigint) => void): IpcSysctl {
  return {
    read: (ns) => `${get(ns)}\n`,
    write: (ns, text) => {
      const t = text.trim();
      if (!/^\d+$/.test(t) || BigInt(t) > ULONG_MAX) return -EINVAL;
      set(ns, BigInt(t));
      return 0;
    },
  };
}

function int(get: (ns: IpcNamespace) => number, set: (ns: IpcNamespace, v: number) => void, max = 0x7fffffff): IpcSysctl {
  return {
    read: (ns) => `${get(ns)}\n`,
    write: (ns, text) => {
      const t = text.trim();
      if (!/^\d+$/.test(t) || Number(t) > max) return -EINVAL;
      set(ns, Number(t));
      return 0;
    },
  };
}

/** /proc/sys/kernel's IPC limits (ipc/ipc_sysctl.c), per IPC namespace. */
export const ipcSysctls: Readonly<Record<string, IpcSysctl>> = {
  shmmax: ulong((ns) => ns.shmCtlMax, (ns, v) => { ns.shmCtlMax = v; }),
  shmall: ulong((ns) => ns.shmCtlAll, (ns, v) => { ns.shmCtlAll = v; }),
  shmmni: int((ns) => ns.shmCtlMni, (ns, v) => { ns.shmCtlMni = v; }, IPCMNI),
  msgmax: int((ns) => ns.msgCtlMax, (ns, v) => { ns.msgCtlMax = v; }),
  msgmnb: int((ns) => ns.msgCtlMnb, (ns, v) => { ns.msgCtlMnb = v; }),
  msgmni: int((ns) => ns.msgCtlMni, (ns, v) => { ns.msgCtlMni = v; }, IPCMNI),
  // SEMMSL, SEMMNS, SEMOPM, SEMMNI, tab-separated.
  sem: {
    read: (ns) => `${ns.semCtls.join('\t')}\n`,
    write: (ns, text) => {
      const v = text.trim().split(/\s+/);
      if (v.length !== 4 || v.some((x) => !/^\d+$/.test(x) || Number(x) > 0x7fffffff) || Number(v[3]) > IPCMNI) return -EINVAL;
      ns.semCtls = v.map(Number);
      return 0;
    },
  },
};
