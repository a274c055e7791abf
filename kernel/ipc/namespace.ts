// An IPC namespace (ipc/namespace.c): its own shared memory segments, semaphore sets and message
// queues, and the limits /proc/sys/kernel shows for them. clone and unshare with CLONE_NEWIPC
// make a fresh one; every other task shares its creator's.
import type { Kernel } from '../kernel.js';
import { IpcIds } from './ids.js';
import type { ShmSegment } from './shm.js';
import type { SemSet } from './sem.js';
import type { MsgQueue } from './msg.js';

/** Linux's defaults (include/uapi/linux/shm.h, sem.h, msg.h). */
export const SHMMAX = (1n << 64n) - 1n - (1n << 24n);
export const SHMALL = SHMMAX;
export const SHMMNI = 4096;
export const SEMMSL = 32000, SEMMNI = 32000, SEMMNS = SEMMNI * SEMMSL, SEMOPM = 500, SEMVMX = 32767;
export const MSGMAX = 8192, MSGMNB = 16384, MSGMNI = 32000;

export class IpcNamespace {
  readonly shm = new IpcIds<ShmSegment>();
  readonly sem = new IpcIds<SemSet>();
  readonly msg = new IpcIds<MsgQueue>();
  shmCtlMax = SHMMAX;
  shmCtlAll = SHMALL;
  shmCtlMni = SHMMNI;
  /** Pages of every segment (shm_tot). */
  shmTot = 0;
  semCtls = [SEMMSL, SEMMNS, SEMOPM, SEMMNI];
  /** Semaphores in every set (used_sems). */
  usedSems = 0;
  msgCtlMax = MSGMAX;
  msgCtlMnb = MSGMNB;
  msgCtlMni = MSGMNI;
  /** Messages and bytes queued in every queue (percpu_msg_hdrs, percpu_msg_bytes). */
  msgHdrs = 0;
  msgBytes = 0;
}

/** CLOCK_REALTIME in whole seconds: the times IPC objects record. */
export function nowSec(k: Kernel): number {
  return k.bootRealtimeSec + Math.floor(k.clockNs / 1e9);
}
