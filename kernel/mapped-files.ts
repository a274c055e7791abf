// What /proc/PID/maps says of a mapping beyond its address and protection (which the engine's
// region list holds): the file it came from — path, offset, device and inode, as the ELF loader
// and mmap of a file record them — and whether it is a shared mapping of a file opened
// read-only, which mprotect may not make writable (EACCES, as Linux's VM_MAYWRITE is clear).
// Kept per address space; an mmap over a range, a munmap and exec forget what was there.

export interface MappedFile {
  addr: number;
  len: number;
  /** The file's path in the mapper's view (empty when it has none, e.g. an unlinked file). */
  path: string;
  /** File offset of `addr`. */
  offset: number;
  dev: number;
  ino: number;
  /** MAP_SHARED of an fd not open for writing: PROT_WRITE may never be added. */
  sharedNoWrite: boolean;
  /**
   * A private mapping's file bytes at a file offset (mremap growing it, or MREMAP_DONTUNMAP
   * emptying it, reads them again); empty past the end or once the file cannot be read.
   */
  readMore?: (offset: number, len: number) => Uint8Array;
}

/** Forget [addr, addr+len): entries inside go, entries across its edges are cut. */
export function forgetMapped(list: MappedFile[], addr: number, len: number): void {
  const end = addr + len;
  for (let i = list.length - 1; i >= 0; i--) {
    const m = list[i], mEnd = m.addr + m.len;
    if (mEnd <= addr || m.addr >= end) continue;
    list.splice(i, 1);
    if (m.addr < addr) list.push({ ...m, len: addr - m.addr });
    if (mEnd > end) list.push({ ...m, addr: end, len: mEnd - end, offset: m.offset + (end - m.addr) });
  }
}

/** Record a new mapping of a file (replacing whatever was recorded for its range). */
export function addMapped(list: MappedFile[], m: MappedFile): void {
  forgetMapped(list, m.addr, m.len);
  list.push(m);
}

/** Whether some shared read-only-fd mapping lies in [addr, addr+len). */
export function anySharedNoWrite(list: readonly MappedFile[], addr: number, len: number): boolean {
  return list.some((m) => m.sharedNoWrite && m.addr < addr + len && m.addr + m.len > addr);
}
