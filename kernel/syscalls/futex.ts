// futex: WAIT/WAKE (and their BITSET forms), REQUEUE/CMP_REQUEUE, WAKE_OP; PRIVATE and
// CLOCK_REALTIME flags; timeouts on the kernel's virtual clock. A futex is keyed by the address
// space and address, or by the shared memory and offset of a shared one (kernel/futex.ts).
import { EAGAIN, EFAULT, EINVAL, ENOSYS, ETIMEDOUT } from '../abi/errno.js';
import type { SyscallImpl } from '../dispatch.js';
import { BLOCK } from '../task.js';
import { ERESTARTSYS, ERESTART_RESTARTBLOCK } from '../abi/errno.js';
import {
  FUTEX_BITSET_MATCH_ANY, FUTEX_CLOCK_REALTIME, FUTEX_CMP_REQUEUE, FUTEX_PRIVATE_FLAG, FUTEX_REQUEUE, FUTEX_WAIT,
  FUTEX_WAIT_BITSET, FUTEX_WAKE, FUTEX_WAKE_BITSET, FUTEX_WAKE_OP,
} from '../abi/flags.js';
import { readU32, writeU32 } from '../uaccess.js';
import { futexKey } from '../futex.js';
import { readTimespec } from '../clock.js';

export const futex: SyscallImpl = (k, t, a) => {
  const mm = t.proc.mm;
  const engine = mm.engine;
  const addr = a.ptr(0);
  const op = a.int(1);
  const cmd = op & ~(FUTEX_PRIVATE_FLAG | FUTEX_CLOCK_REALTIME);
  const val = a.u32(2);
  const shared = (op & FUTEX_PRIVATE_FLAG) === 0;
  const [space, key] = futexKey(mm, addr, shared);
  if (!k.rule(addr >= 0 && addr % 4 === 0, 'uaddr is a 4-byte aligned user address', () => `uaddr 0x${a.u64(0).toString(16)}`, 'EINVAL')) return -EINVAL;
  if ((op & FUTEX_CLOCK_REALTIME) && cmd !== FUTEX_WAIT && cmd !== FUTEX_WAIT_BITSET) return -ENOSYS;

  switch (cmd) {
    case FUTEX_WAIT:
    case FUTEX_WAIT_BITSET: {
      const bitset = cmd === FUTEX_WAIT ? FUTEX_BITSET_MATCH_ANY : a.u32(5);
      if (bitset === 0) return -EINVAL;
      let deadline = Infinity;
      const tsAddr = a.ptr(3);
      if (tsAddr) {
        // FUTEX_WAIT's timeout is relative; WAIT_BITSET's is absolute on its clock.
        const absolute = cmd === FUTEX_WAIT_BITSET;
        const ts = readTimespec(engine, tsAddr, absolute && (op & FUTEX_CLOCK_REALTIME) ? k.bootRealtimeSec : 0);
        if (ts < 0) return ts;
        deadline = absolute ? ts : k.clockNs + ts;
      }
      const wait = (): number => {
        const cur = readU32(engine, addr);
        if (!k.rule(cur !== null, '*uaddr is readable', () => `4 bytes at 0x${addr.toString(16)}`, 'EFAULT') || cur === null) return -EFAULT;
        // The comparison and the sleep are one step for the waker (futex_wait_setup): a wake
        // between the guest's load and this check makes the value differ, and the call returns.
        if (!k.rule(cur === val, '*uaddr == val, so the task sleeps', () => `*uaddr = ${cur}, val = ${val}`, 'EAGAIN')) return -EAGAIN;
        const w = k.futexes.wait(t, space, key, bitset, shared);
        t.wakeAt = deadline;
        // A handler interrupts the wait: a timed one is EINTR, an untimed one restarts with SA_RESTART.
        t.restartCode = deadline === Infinity ? ERESTARTSYS : ERESTART_RESTARTBLOCK;
        t.onInterrupt = () => k.futexes.cancel(w);
        // With no handler, a timed wait resumes to the same deadline (futex_wait_restart).
        t.restartBlock = wait;
        t.retry = () => {
          if (w.woken) { t.wakeAt = Infinity; return 0; }
          if (k.clockNs >= deadline) { k.futexes.cancel(w); t.wakeAt = Infinity; return -ETIMEDOUT; }
          return BLOCK;
        };
        return BLOCK;
      };
      return wait();
    }
    case FUTEX_WAKE:
    case FUTEX_WAKE_BITSET: {
      const bitset = cmd === FUTEX_WAKE ? FUTEX_BITSET_MATCH_ANY : a.u32(5);
      if (bitset === 0) return -EINVAL;
      const n = k.futexes.wake(space, key, val, bitset, shared);
      if (n) k.needResched = true;
      return n;
    }
    case FUTEX_REQUEUE:
    case FUTEX_CMP_REQUEUE: {
      const addr2 = a.ptr(4);
      if (addr2 < 0 || addr2 % 4) return -EINVAL;
      const requeueMax = a.u32(3);
      if ((val | 0) < 0 || (requeueMax | 0) < 0) return -EINVAL;
      if (cmd === FUTEX_CMP_REQUEUE) {
        const cur = readU32(engine, addr);
        if (cur === null) return -EFAULT;
        if (cur !== a.u32(5)) return -EAGAIN;
      }
      const woken = k.futexes.wake(space, key, val, FUTEX_BITSET_MATCH_ANY, shared);
      const [space2, key2] = futexKey(mm, addr2, shared);
      const moved = k.futexes.requeue(space, key, space2, key2, requeueMax, shared);
      if (woken) k.needResched = true;
      // Both forms return the woken plus the requeued (Linux's futex_requeue).
      return woken + moved;
    }
    case FUTEX_WAKE_OP: {
      // *addr2 = *addr2 OP oparg; wake val on addr; if (old CMP cmparg) wake val2 on addr2.
      const addr2 = a.ptr(4);
      const encoded = a.u32(5);
      const old = readU32(engine, addr2);
      if (old === null) return -EFAULT;
      const opc = (encoded >>> 28) & 7;
      const shift = (encoded >>> 28) & 8;
      const cmp = (encoded >>> 24) & 15;
      let oparg = (encoded << 8) >> 20;
      const cmparg = (encoded << 20) >> 20;
      if (shift) oparg = 1 << (oparg & 31);
      const ops = [(_: number) => oparg, (x: number) => x + oparg, (x: number) => x | oparg,
        (x: number) => x & ~oparg, (x: number) => x ^ oparg];
      if (opc >= ops.length) return -ENOSYS;
      if (!writeU32(engine, addr2, ops[opc](old) >>> 0)) return -EFAULT;
      const o = old | 0;
      const cmps = [o === cmparg, o !== cmparg, o < cmparg, o <= cmparg, o > cmparg, o >= cmparg];
      if (cmp >= cmps.length) return -ENOSYS;
      let n = k.futexes.wake(space, key, val, FUTEX_BITSET_MATCH_ANY, shared);
      const [space2, key2] = futexKey(mm, addr2, shared);
      if (cmps[cmp]) n += k.futexes.wake(space2, key2, a.u32(3), FUTEX_BITSET_MATCH_ANY, shared);
      if (n) k.needResched = true;
      return n;
    }
    default:
      return -ENOSYS;
  }
};
