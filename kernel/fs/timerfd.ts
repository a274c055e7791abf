// timerfd (Linux's fs/timerfd.c): a timer on the virtual clock read as a file. Armed with a
// first expiry (relative, or absolute on its clock) and an optional period; a read of 8 bytes
// returns how many expirations happened since the last read and resets the count, or sleeps
// until the next one (EAGAIN with O_NONBLOCK). Setting the timer, armed or not, clears the
// count. Every clock tricorn has is the one virtual clock (the wall clocks offset from it),
// so an expiry is kept as a point on it; the scheduler's idle jump goes there (nextEvent).
import { EAGAIN, EINVAL } from '../abi/errno.js';
import { O_RDWR } from '../abi/flags.js';
import { BLOCK } from '../task.js';
import { anonInode } from './anon-inode.js';
import { expirations } from '../clock.js';
import { OpenFile, POLLIN, WaitQueue, type FileOps } from './file.js';

export class TimerFd {
  readonly wq = new WaitQueue();
  /** The next expiry on the virtual clock (Infinity: disarmed). */
  private expiry = Infinity;
  private interval = 0;
  private ticks = 0;

  constructor(readonly clockid: number, private readonly now: () => number, private readonly little: boolean) {}

  file(extraFlags: number): OpenFile {
    return new OpenFile(this.ops(), O_RDWR | extraFlags, null, anonInode('timerfd'));
  }

  /** Count the expirations the clock has passed. */
  private advance(): void {
    const now = this.now();
    if (now < this.expiry) return;
    const { count, next } = expirations(this.expiry, this.interval, now);
    this.ticks += count;
    this.expiry = next;
    this.wq.wake(POLLIN);
  }

  /** timerfd_settime: arm at `value` (an absolute point on the clock; 0 disarms) with `interval`; the old setting is returned. */
  set(value: number, interval: number): { value: number; interval: number } {
    const old = this.get();
    this.ticks = 0;
    this.expiry = value === 0 ? Infinity : value;
    this.interval = value === 0 ? 0 : interval;
    this.wq.wake();
    return old;
  }

  /** timerfd_gettime: the time left to the next expiry (0: disarmed) and the period. */
  get(): { value: number; interval: number } {
    this.advance();
    return { value: this.expiry === Infinity ? 0 : Math.max(1, this.expiry - this.now()), interval: this.interval };
  }

  private ops(): FileOps {
    return {
      read: (f, len) => {
        if (len < 8) return -EINVAL;
        this.advance();
        if (this.ticks === 0) return f.nonblock ? -EAGAIN : BLOCK;
        const out = new Uint8Array(8);
        new DataView(out.buffer).setBigUint64(0, BigInt(this.ticks), this.little);
        this.ticks = 0;
        return out;
      },
      poll: () => { this.advance(); return this.ticks > 0 ? POLLIN : 0; },
      nextEvent: () => { this.advance(); return this.expiry; },
      waitQueue: this.wq,
      timer: this,
    };
  }
}
