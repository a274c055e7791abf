// A byte queue for a terminal's buffers (the line discipline's read buffer, a pty master's
// input): appended at the end, taken from the front, one contiguous array that grows by doubling
// and compacts when the front is consumed, so a byte costs no allocation.

export class ByteQueue {
  private buf = new Uint8Array(256);
  private head = 0;
  private tail = 0;

  get length(): number { return this.tail - this.head; }

  private room(n: number): void {
    if (this.tail + n <= this.buf.length) return;
    const len = this.length;
    if (len + n <= this.buf.length >> 1) {
      this.buf.copyWithin(0, this.head, this.tail);
    } else {
      let size = this.buf.length * 2;
      while (size < len + n) size *= 2;
      const next = new Uint8Array(size);
      next.set(this.buf.subarray(this.head, this.tail));
      this.buf = next;
    }
    this.head = 0;
    this.tail = len;
  }

  push(b: number): void {
    this.room(1);
    this.buf[this.tail++] = b;
  }

  pushAll(data: Uint8Array): void {
    this.room(data.length);
    this.buf.set(data, this.tail);
    this.tail += data.length;
  }

  /** The byte `i` places from the front. */
  at(i: number): number { return this.buf[this.head + i]; }

  take(n: number): Uint8Array {
    const k = Math.min(n, this.length);
    const out = this.buf.slice(this.head, this.head + k);
    this.head += k;
    if (this.head === this.tail) this.head = this.tail = 0;
    return out;
  }

  /** The front byte, taken (the queue must not be empty). */
  shift(): number {
    const b = this.buf[this.head++];
    if (this.head === this.tail) this.head = this.tail = 0;
    return b;
  }

  clear(): void { this.head = this.tail = 0; }
}
