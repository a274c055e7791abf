// Futex wait queues. A futex is keyed as Linux keys one (get_futex_key): a private futex, or a
// word of private memory, by address space and address; a shared futex on shared memory by that
// memory and the offset in it, so processes mapping it wake each other wherever it is mapped.
// Whether it is private is part of the key: a shared FUTEX_WAKE does not wake a
// FUTEX_WAIT_PRIVATE waiter on the same word. Waiters are woken in FIFO order, so wake-ups are
// deterministic.
import type { AddressSpace, Task } from './task.js';

/** What a futex's address is relative to: an address space, or shared memory. */
export type FutexSpace = object;

/** The key of the futex at addr: (space, offset). */
export function futexKey(mm: AddressSpace, addr: number, shared: boolean): [FutexSpace, number] {
  const s = shared ? mm.engine.sharedAt(addr) : null;
  return s ? [s.mem, s.offset] : [mm, addr];
}

interface Waiter {
  task: Task;
  mm: FutexSpace;
  addr: number;
  bitset: number;
  shared: boolean;
  woken: boolean;
}

export class Futexes {
  private readonly queue: Waiter[] = [];

  wait(task: Task, mm: FutexSpace, addr: number, bitset: number, shared: boolean): Waiter {
    const w = { task, mm, addr, bitset, shared, woken: false };
    this.queue.push(w);
    return w;
  }

  /** Wake up to `count` waiters on the futex whose bitset intersects `bitset`. */
  wake(mm: FutexSpace, addr: number, count: number, bitset: number, shared: boolean): number {
    let n = 0;
    for (let i = 0; i < this.queue.length && n < count;) {
      const w = this.queue[i];
      if (w.mm === mm && w.addr === addr && w.shared === shared && (w.bitset & bitset) !== 0) {
        w.woken = true;
        this.queue.splice(i, 1);
        n++;
      } else i++;
    }
    return n;
  }

  /** Move up to `count` waiters from addr to addr2 (FUTEX_REQUEUE). */
  requeue(mm: FutexSpace, addr: number, mm2: FutexSpace, addr2: number, count: number, shared: boolean): number {
    let n = 0;
    for (const w of this.queue) {
      if (n >= count) break;
      if (w.mm === mm && w.addr === addr && w.shared === shared) { w.mm = mm2; w.addr = addr2; n++; }
    }
    return n;
  }

  cancel(w: Waiter): void {
    const i = this.queue.indexOf(w);
    if (i >= 0) this.queue.splice(i, 1);
  }
}
