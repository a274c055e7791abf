// A trap's raw registers as 32-bit halves, with readers for the C types syscalls take. Filled by
// one engine call per trap and reused: no allocation, no BigInt on the hot path.

export const NR = -1;

export class SyscallArgs {
  /**
   * [nr lo, nr hi, a0 lo, a0 hi, … a5 lo, a5 hi, flag lo, flag hi]: the layout of the
   * dispatcher's register batch (number, six arguments, and the error-flag register if the
   * arch has one).
   */
  readonly raw = new Uint32Array(16);

  get nr(): number { return this.raw[1] === 0 ? this.raw[0] : -1; }
  /** The whole 64-bit number register, for naming a number no table has. */
  nrBig(): bigint { return (BigInt(this.raw[1]) << 32n) | BigInt(this.raw[0]); }
  lo(i: number): number { return this.raw[2 + 2 * i]; }
  hi(i: number): number { return this.raw[3 + 2 * i]; }
  /** C `int` / `pid_t`: the low 32 bits, signed. */
  int(i: number): number { return this.raw[2 + 2 * i] | 0; }
  /** C `unsigned int`. */
  u32(i: number): number { return this.raw[2 + 2 * i]; }
  /** C `unsigned long` / `size_t` (exact below 2^53). */
  u64(i: number): number { return this.raw[3 + 2 * i] * 0x100000000 + this.raw[2 + 2 * i]; }
  /** C `long`. */
  s64(i: number): number { return (this.raw[3 + 2 * i] | 0) * 0x100000000 + this.raw[2 + 2 * i]; }
  /** A user pointer, or -1 when the value cannot be a user address (every access refuses it). */
  ptr(i: number): number {
    const hi = this.raw[3 + 2 * i];
    return hi >= 0x200000 ? -1 : hi * 0x100000000 + this.raw[2 + 2 * i];
  }
  big(i: number): bigint { return (BigInt(this.raw[3 + 2 * i]) << 32n) | BigInt(this.raw[2 + 2 * i]); }
}
