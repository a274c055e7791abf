// What both fuzzers share: a seeded generator and a Host that swallows guest output.
import type { ArchDescriptor } from '../arch/types.js';
import type { Host, HostFdInfo } from '../kernel/host.js';
import { DeterministicRandom } from '../kernel/random.js';

export class Rng extends DeterministicRandom {
  /** 0 <= n < max. */
  int(max: number): number { return Math.floor((this.next() / 0x100000000) * max); }
  big64(): bigint { return (BigInt(this.next()) << 32n) | BigInt(this.next()); }
  bytes(n: number): Uint8Array { return this.fill(new Uint8Array(n)); }
}

const PIPE: HostFdInfo = { mode: 0o010600, size: 0, rdev: 0, blksize: 4096, terminal: false };

/** Guest output is dropped (bounded), stdin is empty, tricorn's lines are kept (the last few). */
export class FuzzHost implements Host {
  readonly logs: string[] = [];
  write(_fd: number, data: Uint8Array): number { return data.length; }
  read(): Uint8Array | number { return new Uint8Array(0); }
  fdInfo(fd: number): HostFdInfo | number { return fd >= 0 && fd <= 2 ? PIPE : -9; }
  log(line: string): void {
    if (/internal error/.test(line) || this.logs.length < 50) this.logs.push(line);
  }
  disassemble(_arch: ArchDescriptor, _bytes: Uint8Array, _pc: number): { text: string; size: number } {
    return { text: '', size: 0 };
  }
}
