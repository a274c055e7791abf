// mremap (mm/mremap.c as Linux 6.18 has it): shrink a mapping in place, grow it in place when
// the addresses after it are free, or move it (MREMAP_MAYMOVE; to a given address with
// MREMAP_FIXED; leaving the old range mapped and empty with MREMAP_DONTUNMAP). glibc's realloc
// of a block it got from mmap calls it.
//
// A "mapping" is Linux's VMA: the engine's region at the address, cut where the recorded file
// mappings change. Moving private memory copies only the pages that hold something (a page of
// zeros reads as zero at the new place anyway), so moving a large, mostly untouched mapping
// costs no host memory; shared memory (MAP_SHARED, a SysV segment) is mapped again at the new
// place, so every process mapping it keeps seeing the same bytes.
import { PROT_WRITE, type CpuEngine } from '../../emu/engine.js';
import { EFAULT, EINVAL, ENOMEM } from '../abi/errno.js';
import type { SyscallImpl } from '../dispatch.js';
import type { Kernel } from '../kernel.js';
import type { AddressSpace, Task } from '../task.js';
import { TASK_SIZE } from '../exec/elf.js';
import { addMapped, forgetMapped, type MappedFile } from '../mapped-files.js';
import { unmapAll } from '../unmap.js';
import { findFreeTopDown, isFree, MMAP_MIN, mayMap, unmapRange } from '../vm.js';

const MREMAP_MAYMOVE = 1, MREMAP_FIXED = 2, MREMAP_DONTUNMAP = 4;

interface Vma { start: number; end: number; prot: number; shared: boolean; file: MappedFile | null }

/** The mapping holding addr, or null (vma_lookup). */
function vmaAt(mm: AddressSpace, addr: number): Vma | null {
  const r = mm.engine.regions().find((x) => addr >= x.addr && addr < x.addr + x.size);
  if (!r) return null;
  let start = r.addr, end = r.addr + r.size;
  const file = mm.files.find((f) => addr >= f.addr && addr < f.addr + f.len) ?? null;
  if (file) {
    start = Math.max(start, file.addr);
    end = Math.min(end, file.addr + file.len);
  } else {
    for (const f of mm.files) {
      if (f.addr > addr && f.addr < end) end = f.addr;
      if (f.addr + f.len <= addr && f.addr + f.len > start) start = f.addr + f.len;
    }
  }
  return { start, end, prot: r.prot, shared: !!r.shared, file };
}

/** Remove [addr, addr+len) as munmap does. */
const unmap = (k: Kernel, t: Task, addr: number, len: number) => unmapAll(k, t.proc.mm, addr, len, t.proc.pid);

/** Copy the pages of [from, from+len) that hold anything but zeros to `to` (freshly mapped, zero). */
function copyTouched(engine: CpuEngine, from: number, to: number, len: number, page: number): void {
  const STEP = 64 * 1024;
  for (let off = 0; off < len; off += STEP) {
    const n = Math.min(STEP, len - off);
    const bytes = engine.read(from + off, n);
    if (!bytes) continue;
    const words = new Int32Array(bytes.buffer, bytes.byteOffset, n >> 2);
    const perPage = page >> 2;
    for (let p = 0; p < words.length; p += perPage) {
      for (let i = p; i < p + perPage && i < words.length; i++) {
        if (words[i] !== 0) { engine.write(to + off + p * 4, bytes.subarray(p * 4, Math.min(n, p * 4 + page))); break; }
      }
    }
  }
}

/**
 * move_vma: [addr, addr+oldLen) of `vma` goes to newAddr, `newLen` long (the new tail empty, or
 * the file's bytes for a private file mapping). The old range is unmapped, or with DONTUNMAP
 * left mapped with its private pages emptied.
 */
function move(k: Kernel, t: Task, vma: Vma, addr: number, oldLen: number, newLen: number, newAddr: number, dontUnmap: boolean): number {
  const mm = t.proc.mm;
  const engine = mm.engine;
  const page = k.arch.pageSize;
  const shared = vma.shared ? engine.sharedAt(addr) : null;
  if (shared) {
    // Shared memory has the size it was made with: it cannot grow past it.
    if (shared.offset + newLen > shared.mem.size) return -ENOMEM;
    engine.mapShared(newAddr, newLen, vma.prot, shared.mem, shared.offset);
    for (const m of mm.fileMaps) if (m.addr >= addr && m.addr < addr + oldLen) m.addr += newAddr - addr;
    for (const a of mm.shm) if (a.addr === addr) a.addr = newAddr;
  } else {
    engine.map(newAddr, newLen, vma.prot | PROT_WRITE);
    copyTouched(engine, addr, newAddr, Math.min(oldLen, newLen), page);
    if (newLen > oldLen && vma.file?.readMore) {
      const more = vma.file.readMore(vma.file.offset + (addr - vma.file.addr) + oldLen, newLen - oldLen);
      if (more.length) engine.write(newAddr + oldLen, more);
    }
    if (!(vma.prot & PROT_WRITE)) engine.protect(newAddr, newLen, vma.prot);
  }
  if (vma.file) {
    addMapped(mm.files, { ...vma.file, addr: newAddr, len: newLen, offset: vma.file.offset + (addr - vma.file.addr) });
  }
  if (!dontUnmap) {
    if (shared) {
      unmapRange(engine, addr, oldLen);
      forgetMapped(mm.files, addr, oldLen);
    } else {
      unmap(k, t, addr, oldLen);
    }
  } else if (!shared) {
    // The old range stays, empty: anonymous memory reads zero, a private file mapping the file.
    engine.discard(addr, oldLen);
    const f = vma.file;
    if (f?.readMore) {
      const bytes = f.readMore(f.offset + (addr - f.addr), oldLen);
      if (bytes.length && vma.prot & PROT_WRITE) engine.write(addr, bytes);
      else if (bytes.length) { engine.protect(addr, oldLen, vma.prot | PROT_WRITE); engine.write(addr, bytes); engine.protect(addr, oldLen, vma.prot); }
    }
  }
  return newAddr;
}

export const mremap: SyscallImpl = (k, t, a) => {
  const page = k.arch.pageSize;
  const up = (v: number) => Math.ceil(v / page) * page;
  const addr = a.ptr(0);
  const flags = a.u64(3);
  const oldLen = up(a.u64(1));
  const newLen = up(a.u64(2));
  const fixed = (flags & MREMAP_FIXED) !== 0, dontUnmap = (flags & MREMAP_DONTUNMAP) !== 0, mayMove = (flags & MREMAP_MAYMOVE) !== 0;
  // check_mremap_params.
  if (flags > 7) return -EINVAL;
  if (addr < 0 || addr % page) return -EINVAL;
  if (!newLen || newLen > TASK_SIZE) return -EINVAL;
  let newAddr = a.ptr(4);
  const toNew = fixed || dontUnmap;
  if (toNew) {
    if (newAddr < 0 || newAddr % page) return -EINVAL;
    if (!mayMove) return -EINVAL;
    if (dontUnmap && oldLen !== newLen) return -EINVAL;
    if (addr + oldLen > newAddr && newAddr + newLen > addr) return -EINVAL;
    if (newAddr > TASK_SIZE - newLen) return -EINVAL;
  }
  const mm = t.proc.mm;
  let vma = vmaAt(mm, addr);
  if (!vma) return -EFAULT;
  // resize_is_valid (vma_to_resize), for a call that keeps or grows the mapping.
  const valid = (len: number): number => {
    if (!len && !vma!.shared) return -EINVAL;
    if (len > vma!.end - addr) return -EFAULT;
    if (newLen > len) return mayMap(k, t, newLen - len, vma!.prot);
    return 0;
  };
  if (toNew) {
    if (fixed) unmap(k, t, newAddr, newLen);
    let len = oldLen;
    if (oldLen > newLen) { unmap(k, t, addr + newLen, oldLen - newLen); len = newLen; vma = vmaAt(mm, addr)!; }
    if (dontUnmap) { const r = mayMap(k, t, len, vma.prot); if (r) return r; }
    const err = valid(len);
    if (err) return err;
    if (!fixed) {
      // DONTUNMAP alone: new_addr is a hint.
      if (!(newAddr && newAddr >= MMAP_MIN && newAddr + newLen <= mm.mmapTop && isFree(mm.engine, newAddr, newLen))) {
        newAddr = findFreeTopDown(mm.engine, newLen, mm.mmapTop, MMAP_MIN);
        if (newAddr < 0) return -ENOMEM;
      }
    }
    return move(k, t, vma, addr, len, newLen, newAddr, dontUnmap);
  }
  if (oldLen === newLen) return addr;
  if (oldLen > newLen) {
    unmap(k, t, addr + newLen, oldLen - newLen);
    return addr;
  }
  const err = valid(oldLen);
  if (err) return err;
  // Grow in place when the mapping ends at addr + oldLen and what follows is free.
  if (oldLen === vma.end - addr && addr + newLen <= TASK_SIZE && isFree(mm.engine, addr + oldLen, newLen - oldLen)) {
    const shared = vma.shared ? mm.engine.sharedAt(addr) : null;
    if (!shared) {
      const ext = addr + oldLen, n = newLen - oldLen;
      mm.engine.map(ext, n, vma.prot | PROT_WRITE);
      const f = vma.file;
      if (f?.readMore) {
        const more = f.readMore(f.offset + (ext - f.addr), n);
        if (more.length) mm.engine.write(ext, more);
      }
      if (!(vma.prot & PROT_WRITE)) mm.engine.protect(ext, n, vma.prot);
      if (f) addMapped(mm.files, { ...f, len: f.len + n });
      return addr;
    }
    if (shared.offset + newLen <= shared.mem.size) {
      mm.engine.mapShared(addr + oldLen, newLen - oldLen, vma.prot, shared.mem, shared.offset + oldLen);
      if (vma.file) addMapped(mm.files, { ...vma.file, len: vma.file.len + newLen - oldLen });
      return addr;
    }
  }
  if (!mayMove) return -ENOMEM;
  const to = findFreeTopDown(mm.engine, newLen, mm.mmapTop, MMAP_MIN);
  if (to < 0) return -ENOMEM;
  return move(k, t, vma, addr, oldLen, newLen, to, false);
};
