// System V IPC's system calls: thin wrappers that read the arguments and call kernel/ipc, where
// the objects live. PowerPC and s390x glibc reach them through the ipc() multiplexer (Debian's
// glibc supports kernels older than the direct calls of 5.1), whose *ctl commands carry IPC_64
// when the caller passes the 64-bit structs (ipc/syscall.c).
import { EFAULT, EINVAL, ENOSYS } from '../abi/errno.js';
import { readU64Big } from '../abi/struct.js';
import { structLayout } from '../abi/structs.js';
import type { SyscallImpl } from '../dispatch.js';
import { writeU64 } from '../uaccess.js';
import { shmat as doShmat, shmctl as doShmctl, shmdt as doShmdt, shmget as doShmget } from '../ipc/shm.js';
import { semctl as doSemctl, semget as doSemget, semtimedop as doSemtimedop } from '../ipc/sem.js';
import { msgctl as doMsgctl, msgget as doMsgget, msgrcv as doMsgrcv, msgsnd as doMsgsnd } from '../ipc/msg.js';

// key_t and the flags are ints; sizes are size_t (a negative long stays huge: EINVAL past the limits).
export const shmget: SyscallImpl = (k, t, a) => doShmget(k, t, a.int(0), a.u64(1), a.int(2));
export const shmat: SyscallImpl = (k, t, a) => doShmat(k, t, a.int(0), a.ptr(1), a.int(2));
export const shmdt: SyscallImpl = (k, t, a) => doShmdt(k, t, a.ptr(0));
export const shmctl: SyscallImpl = (k, t, a) => doShmctl(k, t, a.int(0), a.int(1), a.ptr(2), false);
export const semget: SyscallImpl = (k, t, a) => doSemget(k, t, a.int(0), a.int(1), a.int(2));
export const semop: SyscallImpl = (k, t, a) => doSemtimedop(k, t, a.int(0), a.ptr(1), a.u32(2), 0);
export const semtimedop: SyscallImpl = (k, t, a) => doSemtimedop(k, t, a.int(0), a.ptr(1), a.u32(2), a.ptr(3));
export const semctl: SyscallImpl = (k, t, a) => doSemctl(k, t, a.int(0), a.int(1), a.int(2), a.big(3), false);
export const msgget: SyscallImpl = (k, t, a) => doMsgget(k, t, a.int(0), a.int(1));
export const msgsnd: SyscallImpl = (k, t, a) => doMsgsnd(k, t, a.int(0), a.ptr(1), a.s64(2), a.int(3));
export const msgrcv: SyscallImpl = (k, t, a) => doMsgrcv(k, t, a.int(0), a.ptr(1), a.s64(2), BigInt.asIntN(64, a.big(3)), a.int(4));
export const msgctl: SyscallImpl = (k, t, a) => doMsgctl(k, t, a.int(0), a.int(1), a.ptr(2), false);

const SEMOP = 1, SEMGET = 2, SEMCTL = 3, SEMTIMEDOP = 4;
const MSGSND = 11, MSGRCV = 12, MSGGET = 13, MSGCTL = 14;
const SHMAT = 21, SHMDT = 22, SHMGET = 23, SHMCTL = 24;

/** ipc(call, first, second, third, ptr, fifth): ksys_ipc. The call's upper 16 bits are a version. */
export const ipc: SyscallImpl = (k, t, a) => {
  const version = a.u32(0) >>> 16;
  const call = a.u32(0) & 0xffff;
  const first = a.int(1), second = a.u64(2), third = a.u64(3), ptr = a.ptr(4);
  const engine = t.proc.mm.engine;
  switch (call) {
    case SEMOP: return doSemtimedop(k, t, first, ptr, second >>> 0, 0);
    case SEMTIMEDOP: return doSemtimedop(k, t, first, ptr, second >>> 0, a.ptr(5));
    case SEMGET: return doSemget(k, t, first, a.int(2), a.int(3));
    case SEMCTL: {
      // The union semun is passed by reference here.
      if (!ptr) return -EINVAL;
      const arg = readU64Big(engine, ptr, k.arch);
      if (arg === null) return -EFAULT;
      return doSemctl(k, t, first, a.int(2), a.int(3), arg, true);
    }
    case MSGSND: return doMsgsnd(k, t, first, ptr, a.s64(2), a.int(3));
    case MSGRCV: {
      if (version === 0) {
        // struct ipc_kludge { msgp, msgtyp } at ptr.
        if (!ptr) return -EINVAL;
        const L = structLayout('ipc_kludge', k.arch);
        const raw = engine.read(ptr, L.size);
        if (!raw) return -EFAULT;
        return doMsgrcv(k, t, first, L.get(raw, 'msgp'), a.s64(2), BigInt.asIntN(64, L.getBig(raw, 'msgtyp')), a.int(3));
      }
      return doMsgrcv(k, t, first, ptr, a.s64(2), BigInt.asIntN(64, a.big(5)), a.int(3));
    }
    case MSGGET: return doMsgget(k, t, first, a.int(2));
    case MSGCTL: return doMsgctl(k, t, first, a.int(2), ptr, true);
    case SHMAT: {
      // Version 0 stores the address at *third and returns 0; version 1 was iBCS2's.
      if (version === 1) return -EINVAL;
      const r = doShmat(k, t, first, ptr, a.int(2));
      if (r < 0) return r;
      return writeU64(engine, third, r) ? 0 : -EFAULT;
    }
    case SHMDT: return doShmdt(k, t, ptr);
    case SHMGET: return doShmget(k, t, first, second, a.int(3));
    case SHMCTL: return doShmctl(k, t, first, a.int(2), ptr, true);
    default: return -ENOSYS;
  }
};
