// Deterministic "random" bytes for AT_RANDOM and getrandom: the same seed gives the same bytes,
// so runs repeat exactly. (xorshift128 over 32-bit words: fast, allocation-free, not secure —
// nothing in a guest's determinism story wants it to be.)
export class DeterministicRandom {
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;

  constructor(seed: number) {
    // Spread the seed so that small seeds still give well-mixed states.
    this.s0 = (seed ^ 0x9e3779b9) >>> 0 || 1;
    this.s1 = Math.imul(seed ^ 0x85ebca6b, 0xc2b2ae35) >>> 0 || 2;
    this.s2 = Math.imul(seed + 0x27d4eb2f, 0x165667b1) >>> 0 || 3;
    this.s3 = (Math.imul(seed, 0x2545f491) ^ 0x6a09e667) >>> 0 || 4;
    for (let i = 0; i < 16; i++) this.next();
  }

  next(): number {
    let t = this.s3;
    const s = this.s0;
    this.s3 = this.s2;
    this.s2 = this.s1;
    this.s1 = s;
    t ^= t << 11;
    t ^= t >>> 8;
    this.s0 = (t ^ s ^ (s >>> 19)) >>> 0;
    return this.s0;
  }

  fill(out: Uint8Array): Uint8Array {
    for (let i = 0; i < out.length; i += 4) {
      const v = this.next();
      for (let j = 0; j < 4 && i + j < out.length; j++) out[i + j] = (v >>> (8 * j)) & 0xff;
    }
    return out;
  }
}
