// System V message queues (ipc/msg.c): msgsnd appends a typed message, sleeping while the queue
// is full; msgrcv takes the first message of a type (any, one, all but one, the lowest up to a
// bound, or with MSG_COPY the Nth without taking it), sleeping while there is none. A sleeping
// call is retried by the scheduler after every change (deterministic round-robin order).
//
// One departure, for the project's rule that a bad pointer consumes nothing: Linux takes the
// message off the queue before copying it out, so an unwritable buffer loses it; here the buffer
// is checked first, and the call fails with EFAULT leaving the message queued.
import { E2BIG, EACCES, EAGAIN, EFAULT, EIDRM, EINVAL, ENOMSG, EPERM, ERESTARTNOHAND } from '../abi/errno.js';
import { structLayout } from '../abi/structs.js';
import { readU64Big, writeU64 } from '../abi/struct.js';
import { writable } from '../uaccess.js';
import { CAP_SYS_RESOURCE } from '../creds.js';
import type { Kernel } from '../kernel.js';
import type { Pid } from '../pidns.js';
import { BLOCK, type Task } from '../task.js';
import {
  IPC_64, IPC_INFO, IPC_NOWAIT, IPC_RMID, IPC_SET, IPC_STAT, ipcGet, ipcPermits, ipcUpdatePerm, IpcPerm,
} from './ids.js';
import { nowSec } from './namespace.js';
import { controlTarget, permValue, readPermSet, statTarget } from './perm-io.js';

export const MSG_STAT = 11, MSG_INFO = 12, MSG_STAT_ANY = 13;
export const MSG_NOERROR = 0o10000, MSG_EXCEPT = 0o20000, MSG_COPY = 0o40000;
const MSGSSZ = 16, MSGSEG = 0xffff, MSGPOOL = 512000, MSGMAP = 16384, MSGTQL = 16384;
const LONG_MIN = -(1n << 63n), LONG_MAX = (1n << 63n) - 1n;

interface Msg { type: bigint; text: Uint8Array }

export class MsgQueue {
  readonly msgs: Msg[] = [];
  cbytes = 0;
  stime = 0;
  rtime = 0;
  ctime: number;
  lspid: Pid | null = null;
  lrpid: Pid | null = null;
  constructor(readonly perm: IpcPerm, public qbytes: number, now: number) { this.ctime = now; }
}

export function msgget(k: Kernel, t: Task, key: number, flg: number): number {
  const ns = t.nsproxy.ipc;
  const create = () => ns.msg.add(new MsgQueue(new IpcPerm(key, flg & 0o777, t.proc.cred), ns.msgCtlMnb, nowSec(k)), ns.msgCtlMni);
  return ipcGet(ns.msg, key, flg, t.proc.cred, create, () => 0);
}

/** Sleep until `attempt` stops answering BLOCK; a handler's signal ends it (ERESTARTNOHAND). */
function sleepOn(t: Task, attempt: () => number): number {
  const first = attempt();
  if (first !== BLOCK) return first;
  t.restartCode = ERESTARTNOHAND;
  t.retry = attempt;
  return BLOCK;
}

export function msgsnd(k: Kernel, t: Task, id: number, msgp: number, size: number, flg: number): number {
  const ns = t.nsproxy.ipc;
  const engine = t.proc.mm.engine;
  // struct msgbuf: a long mtype, then the text.
  const type = msgp >= 0 ? readU64Big(engine, msgp, k.arch) : null;
  if (type === null) return -EFAULT;
  if (size > ns.msgCtlMax || size < 0 || id < 0) return -EINVAL;
  const mtype = BigInt.asIntN(64, type);
  if (mtype < 1n) return -EINVAL;
  const text = size ? engine.read(msgp + 8, size) : new Uint8Array(0);
  if (!text) return -EFAULT;
  const q = ns.msg.byId(id);
  if (!q) return -EINVAL;
  return sleepOn(t, () => {
    if (!ipcPermits(q.perm, t.proc.cred, 0o222)) return -EACCES;
    if (q.perm.deleted) return -EIDRM;
    if (size + q.cbytes > q.qbytes || 1 + q.msgs.length > q.qbytes) return flg & IPC_NOWAIT ? -EAGAIN : BLOCK;
    q.msgs.push({ type: mtype, text: text.slice() });
    q.cbytes += size;
    q.lspid = t.proc.pid;
    q.stime = nowSec(k);
    ns.msgHdrs++;
    ns.msgBytes += size;
    k.needResched = true;
    return 0;
  });
}

/** find_msg: the index of the message `mode` picks, or -1. */
function find(q: MsgQueue, typ: bigint, mode: 'any' | 'equal' | 'notequal' | 'lessequal' | 'number'): number {
  if (mode === 'number') return typ >= 0n && typ < BigInt(q.msgs.length) ? Number(typ) : -1;
  let best = -1;
  for (let i = 0; i < q.msgs.length; i++) {
    const m = q.msgs[i].type;
    if (mode === 'any' || (mode === 'equal' && m === typ) || (mode === 'notequal' && m !== typ)) return i;
    if (mode === 'lessequal' && m <= typ && (best < 0 || m < q.msgs[best].type)) best = i;
  }
  return best;
}

/** msgrcv: the size of the text copied, or -errno. */
export function msgrcv(k: Kernel, t: Task, id: number, msgp: number, bufsz: number, msgtyp: bigint, flg: number): number {
  const ns = t.nsproxy.ipc;
  const engine = t.proc.mm.engine;
  if (id < 0 || bufsz < 0) return -EINVAL;
  if (flg & MSG_COPY && (flg & MSG_EXCEPT || !(flg & IPC_NOWAIT))) return -EINVAL;
  let typ = msgtyp;
  let mode: Parameters<typeof find>[2];
  if (flg & MSG_COPY) mode = 'number';
  else if (typ === 0n) mode = 'any';
  else if (typ < 0n) { typ = typ === LONG_MIN ? LONG_MAX : -typ; mode = 'lessequal'; }
  else mode = flg & MSG_EXCEPT ? 'notequal' : 'equal';
  const q = ns.msg.byId(id);
  if (!q) return -EINVAL;
  return sleepOn(t, () => {
    if (!ipcPermits(q.perm, t.proc.cred, 0o444)) return -EACCES;
    if (q.perm.deleted) return -EIDRM;
    const i = find(q, typ, mode);
    if (i < 0) return flg & IPC_NOWAIT ? -ENOMSG : BLOCK;
    const m = q.msgs[i];
    if (bufsz < m.text.length && !(flg & MSG_NOERROR)) return -E2BIG;
    const n = Math.min(bufsz, m.text.length);
    if (!writable(engine, msgp, 8 + n)) return -EFAULT;
    writeU64(engine, msgp, m.type, k.arch);
    engine.write(msgp + 8, m.text.subarray(0, n));
    if (!(flg & MSG_COPY)) {
      q.msgs.splice(i, 1);
      q.cbytes -= m.text.length;
      q.lrpid = t.proc.pid;
      q.rtime = nowSec(k);
      ns.msgHdrs--;
      ns.msgBytes -= m.text.length;
      k.needResched = true;
    }
    return n;
  });
}

/** msgctl; `parseVersion` as for shmctl. */
export function msgctl(k: Kernel, t: Task, id: number, cmdArg: number, buf: number, parseVersion: boolean): number {
  const old = parseVersion && !(cmdArg & IPC_64);
  const cmd = parseVersion ? cmdArg & ~IPC_64 : cmdArg;
  if (id < 0 || cmd < 0) return -EINVAL;
  if (old && cmd !== IPC_RMID) return -EINVAL;
  const ns = t.nsproxy.ipc;
  const engine = t.proc.mm.engine;
  const cred = t.proc.cred;
  switch (cmd) {
    case IPC_INFO: case MSG_INFO: {
      const info = cmd === MSG_INFO;
      const v = {
        msgpool: info ? ns.msg.inUse : MSGPOOL, msgmap: info ? ns.msgHdrs : MSGMAP, msgmax: ns.msgCtlMax,
        msgmnb: ns.msgCtlMnb, msgmni: ns.msgCtlMni, msgssz: MSGSSZ, msgtql: info ? ns.msgBytes : MSGTQL, msgseg: MSGSEG,
      };
      if (!engine.write(buf, structLayout('msginfo', k.arch).encode(v))) return -EFAULT;
      return Math.max(ns.msg.highestIdx, 0);
    }
    case IPC_STAT: case MSG_STAT: case MSG_STAT_ANY: {
      const got = statTarget(ns.msg, id, cmd === IPC_STAT, cmd !== MSG_STAT_ANY, cred);
      if (typeof got === 'number') return got;
      const vnr = (p: Pid | null) => (p ? p.nrIn(k.nsOf(t)) : 0);
      const v = {
        msg_perm: permValue(got.perm), msg_stime: got.stime, msg_rtime: got.rtime, msg_ctime: got.ctime,
        msg_cbytes: got.cbytes, msg_qnum: got.msgs.length, msg_qbytes: got.qbytes,
        msg_lspid: vnr(got.lspid), msg_lrpid: vnr(got.lrpid),
      };
      if (!engine.write(buf, structLayout('msqid64_ds', k.arch).encode(v))) return -EFAULT;
      return cmd === IPC_STAT ? 0 : got.perm.id;
    }
    case IPC_SET: case IPC_RMID: {
      const set = cmd === IPC_SET ? readPermSet(k, engine, buf, 'msqid64_ds', 'msg_perm') : null;
      if (set === -EFAULT) return -EFAULT;
      const q = controlTarget(ns.msg, id, cred);
      if (typeof q === 'number') return q;
      if (set && typeof set === 'object') {
        const qbytes = structLayout('msqid64_ds', k.arch).get(set.bytes, 'msg_qbytes');
        if (qbytes > ns.msgCtlMnb && !cred.capable(CAP_SYS_RESOURCE)) return -EPERM;
        q.qbytes = qbytes;
        ipcUpdatePerm(q.perm, set.uid, set.gid, set.mode);
        q.ctime = nowSec(k);
        k.needResched = true;
        return 0;
      }
      ns.msg.remove(q);
      ns.msgHdrs -= q.msgs.length;
      ns.msgBytes -= q.cbytes;
      k.needResched = true;
      return 0;
    }
    default:
      return -EINVAL;
  }
}
