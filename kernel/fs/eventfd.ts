// eventfd (Linux's fs/eventfd.c): a 64-bit counter as a file. A write of 8 bytes adds to it
// (sleeping while the sum would pass 2^64-2); a read of 8 bytes takes it all and leaves 0, or
// with EFD_SEMAPHORE takes 1; a read of 0 sleeps (EAGAIN with O_NONBLOCK). Buffers shorter
// than 8 bytes (a write of other than 8), and the value 2^64-1, are EINVAL. Readable while non-zero, writable while at
// least 1 can still be added.
import { EAGAIN, EINVAL } from '../abi/errno.js';
import { O_RDWR } from '../abi/flags.js';
import { BLOCK } from '../task.js';
import { anonInode } from './anon-inode.js';
import { OpenFile, POLLIN, POLLOUT, WaitQueue, type FileOps } from './file.js';

export const EFD_SEMAPHORE = 1;
const ULLONG_MAX = 0xffffffffffffffffn;

export class EventFd {
  readonly wq = new WaitQueue();
  constructor(private count: bigint, readonly semaphore: boolean, private readonly little: boolean) {}

  file(extraFlags: number): OpenFile {
    return new OpenFile(this.ops(), O_RDWR | extraFlags, null, anonInode('eventfd'));
  }

  private ops(): FileOps {
    return {
      read: (f, len) => {
        if (len < 8) return -EINVAL;
        if (this.count === 0n) return f.nonblock ? -EAGAIN : BLOCK;
        const v = this.semaphore ? 1n : this.count;
        this.count -= v;
        this.wq.wake(POLLOUT);
        const out = new Uint8Array(8);
        new DataView(out.buffer).setBigUint64(0, v, this.little);
        return out;
      },
      write: (f, data) => {
        // Exactly 8 bytes, as the Linux of the oracle runs checks (older kernels took 8 of a longer buffer).
        if (data.length !== 8) return -EINVAL;
        const v = new DataView(data.buffer, data.byteOffset, 8).getBigUint64(0, this.little);
        if (v === ULLONG_MAX) return -EINVAL;
        if (ULLONG_MAX - this.count <= v) return f.nonblock ? -EAGAIN : BLOCK;
        this.count += v;
        if (v) this.wq.wake(POLLIN);
        return 8;
      },
      poll: () => (this.count > 0n ? POLLIN : 0) | (this.count < ULLONG_MAX - 1n ? POLLOUT : 0),
      waitQueue: this.wq,
    };
  }
}
