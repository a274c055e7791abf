// What the kernel needs from the world outside the guest. The CLI supplies a Node
// implementation; keeping it an interface keeps kernel/ free of Node-only APIs.
import type { ArchDescriptor } from '../arch/types.js';

export interface Host {
  /** Write guest output to the host's fd 1 or 2. Returns bytes written or -errno. */
  write(fd: number, data: Uint8Array): number;
  /** Read up to `max` bytes of the host's fd 0: the bytes (empty at end of file) or -errno. */
  read(fd: number, max: number): Uint8Array | number;
  /** One line of tricorn's own output to stderr: strace lines, fault reports. */
  log(line: string): void;
  /**
   * The first instruction of `bytes` disassembled ("mov dword ptr [0x10], 1") and its length in
   * bytes (0 if it does not decode), for fault reports.
   */
  disassemble(arch: ArchDescriptor, bytes: Uint8Array, pc: number): { text: string; size: number };
}
