// MAP_SHARED mappings of files, carried back to the file. A mapping is a copy of the file's bytes
// (the engines have no pages shared with the file), so the kernel keeps, per address space, each
// writable shared file mapping with the bytes it last agreed on with the file. msync, munmap (and
// a MAP_FIXED mapping over it), exec and the last exit write back the bytes the guest changed
// since — only those, so a write() another process made to other bytes of the file meanwhile
// is not undone — clipped to the file's current size, as Linux drops stores past EOF.
import type { CpuEngine, SharedBacking } from '../../emu/engine.js';
import type { OpenFile } from './file.js';
import type { Inode } from './inode.js';

/**
 * The shared memory holding a file's MAP_SHARED pages while any mapping of it lives (Linux's
 * page cache, for mappings): a second mmap of the same file, by any process, maps these bytes
 * rather than a fresh copy, so it sees the first one's stores at once. Each covers the file
 * from offset 0 to its `size`; a mapping reaching further than the largest gets memory of its
 * own (filled from the file as read through `overlay`, so it starts from the same bytes).
 *
 * The file's own I/O goes through here too, so the file and its mappings agree as they do on
 * Linux: a write() (and a truncation) reaches every live mapping's memory, and a read() sees
 * what the guest stored through a mapping though it was not written back yet (kernel/fs/rw.ts).
 */
export class FilePages {
  private readonly byInode = new WeakMap<Inode, SharedBacking[]>();

  /** The live shared memory of `inode`, largest first (dead ones dropped from the record). */
  private live(inode: Inode): SharedBacking[] {
    const all = this.byInode.get(inode);
    if (!all) return [];
    const alive = all.filter((m) => m.refs > 0);
    if (alive.length !== all.length) {
      if (alive.length) this.byInode.set(inode, alive);
      else this.byInode.delete(inode);
    }
    return alive;
  }

  /** The live shared memory of `inode` covering [0, end), if any. */
  get(inode: Inode, end: number): SharedBacking | null {
    return this.live(inode).find((m) => m.size >= end) ?? null;
  }

  set(inode: Inode, mem: SharedBacking): void {
    const all = this.live(inode);
    all.push(mem);
    all.sort((a, b) => b.size - a.size);
    this.byInode.set(inode, all);
  }

  /**
   * `bytes`, read from the file at `pos`, with what its mapped memory holds there in their
   * place (the largest mapping's: the newest, which started from the others' bytes). A copy
   * when anything is mapped: the file system's own buffer is never changed.
   */
  overlay(inode: Inode, pos: number, bytes: Uint8Array): Uint8Array {
    const m = this.live(inode)[0];
    if (!m || pos >= m.size || bytes.length === 0) return bytes;
    const out = bytes.slice();
    m.read(pos, out.subarray(0, Math.min(out.length, m.size - pos)));
    return out;
  }

  /** `data` was written to the file at `pos`: every mapping of those bytes holds it too. */
  written(inode: Inode, pos: number, data: Uint8Array): void {
    for (const m of this.live(inode)) {
      if (pos < m.size) m.write(pos, data.subarray(0, Math.min(data.length, m.size - pos)));
    }
  }

  /**
   * The file was cut to `size`: mapped bytes past it read as zero from now on (as the file
   * does if it grows again; Linux drops those pages from the mappings, so a later access past
   * the end would be SIGBUS there).
   */
  truncated(inode: Inode, size: number): void {
    for (const m of this.live(inode)) {
      if (size < m.size) m.zero(size, m.size - size);
    }
  }
}

export interface FileMapping {
  addr: number;
  len: number;
  /** Held (a reference) for as long as the mapping lives, as Linux's vma->vm_file. */
  file: OpenFile;
  /** File offset of addr. */
  offset: number;
  /** The mapping's bytes as the file last had them. */
  synced: Uint8Array;
}

/** Record a new writable shared mapping of `file` whose bytes are `bytes` (as loaded). */
export function addFileMapping(maps: FileMapping[], addr: number, len: number, file: OpenFile, offset: number, bytes: Uint8Array): void {
  const synced = new Uint8Array(len);
  synced.set(bytes.subarray(0, len));
  maps.push({ addr, len, file: file.get(), offset, synced });
}

/** Write the changed bytes of every mapping's part inside [addr, addr+len) to its file. */
export function syncFileMappings(engine: CpuEngine, maps: readonly FileMapping[], addr: number, len: number): void {
  for (const m of maps) {
    const lo = Math.max(addr, m.addr), hi = Math.min(addr + len, m.addr + m.len);
    if (lo < hi) writeBack(engine, m, lo - m.addr, hi - m.addr);
  }
}

function writeBack(engine: CpuEngine, m: FileMapping, from: number, to: number): void {
  const pwrite = m.file.ops.pwrite;
  if (!pwrite) return;
  const size = m.file.ops.size?.() ?? Infinity;
  to = Math.min(to, size - m.offset);
  const PAGE = 4096;
  for (let p = from; p < to; p = Math.floor(p / PAGE) * PAGE + PAGE) {
    const end = Math.min(to, Math.floor(p / PAGE) * PAGE + PAGE);
    // Page by page: a page the guest made unreadable (mprotect PROT_NONE) is skipped, not fatal.
    const now = engine.read(m.addr + p, end - p);
    if (!now) continue;
    let i = 0;
    while (i < now.length) {
      if (now[i] === m.synced[p + i]) { i++; continue; }
      let j = i;
      while (j < now.length && now[j] !== m.synced[p + j]) j++;
      if (pwrite(now.subarray(i, j), m.offset + p + i) === j - i) m.synced.set(now.subarray(i, j), p + i);
      i = j;
    }
  }
}

/**
 * [addr, addr+len) is being unmapped: write back what it covers, then forget that part (a
 * mapping cut in the middle leaves two).
 */
export function unmapFileMappings(engine: CpuEngine, maps: FileMapping[], addr: number, len: number): void {
  syncFileMappings(engine, maps, addr, len);
  const end = addr + len;
  for (let i = maps.length - 1; i >= 0; i--) {
    const m = maps[i];
    const mEnd = m.addr + m.len;
    if (mEnd <= addr || m.addr >= end) continue;
    maps.splice(i, 1);
    const keep: FileMapping[] = [];
    if (m.addr < addr) keep.push({ ...m, len: addr - m.addr, synced: m.synced.subarray(0, addr - m.addr) });
    if (mEnd > end) {
      const cut = end - m.addr;
      keep.push({ ...m, addr: end, len: mEnd - end, offset: m.offset + cut, synced: m.synced.subarray(cut) });
    }
    for (const k of keep) k.file.get();
    maps.push(...keep);
    m.file.put();
  }
}

/** The address space is going away (exec, the last exit): write everything back, drop the files. */
export function releaseFileMappings(engine: CpuEngine, maps: FileMapping[]): void {
  for (const m of maps.splice(0)) {
    writeBack(engine, m, 0, m.len);
    m.file.put();
  }
}

/** fork: the child's copy of each mapping, holding its own reference to the file. */
export function copyFileMappings(maps: readonly FileMapping[]): FileMapping[] {
  return maps.map((m) => ({ ...m, file: m.file.get(), synced: m.synced.slice() }));
}
