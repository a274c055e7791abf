// Memory: brk, mmap (anonymous, and files: a copy, written back for MAP_SHARED), munmap, msync,
// mprotect, madvise.
import { PROT_EXEC, PROT_READ, PROT_WRITE } from '../../emu/engine.js';
import {
  MADV_DONTNEED, MAP_ANONYMOUS, MAP_FIXED, MAP_FIXED_NOREPLACE, MAP_PRIVATE, MAP_SHARED, MAP_SHARED_VALIDATE, MAP_TYPE,
  PROT_GROWSDOWN, PROT_GROWSUP,
} from '../abi/flags.js';
import { EACCES, EBADF, EFAULT, EINVAL, ENOMEM, EEXIST, ENODEV, EPERM } from '../abi/errno.js';
import { readU64Halves } from '../abi/struct.js';
import { SyscallArgs } from '../args.js';
import type { SyscallImpl } from '../dispatch.js';
import type { Kernel } from '../kernel.js';
import type { Task } from '../task.js';
import { RLIMIT_AS, RLIMIT_DATA } from '../rlimits.js';
import { TASK_SIZE } from '../exec/elf.js';
import { GUARD_GAP_PAGES } from '../exec/load.js';
import { findFreeTopDown, isFree, isFullyMapped, MMAP_MIN, mayMap, unmapRange } from '../vm.js';
import { writeSealed } from '../fs/memfd.js';
import { addFileMapping, syncFileMappings } from '../fs/filemap.js';
import type { OpenFile } from '../fs/file.js';
import { ctxOf } from '../fs/at.js';
import { addMapped, anySharedNoWrite, forgetMapped } from '../mapped-files.js';
import { effectiveProt } from '../personality.js';
import { unmapAll } from '../unmap.js';

const PROT_ALL = PROT_READ | PROT_WRITE | PROT_EXEC;
const up = (v: number, p: number) => Math.ceil(v / p) * p;

export const brk: SyscallImpl = (k, t, a) => {
  const mm = t.proc.mm;
  const want = a.ptr(0);
  const page = k.arch.pageSize;
  // Linux answers every failed or query call with the current break.
  if (want < mm.brkStart) return mm.brk;
  const oldEnd = up(mm.brk, page);
  const newEnd = up(want, page);
  if (newEnd > oldEnd) {
    // The heap may not reach into the stack's guard gap (Linux: vm_start_gap of the stack).
    const gapStart = mm.stackLow - GUARD_GAP_PAGES * page;
    if (!isFree(mm.engine, oldEnd, newEnd - oldEnd) || (oldEnd < mm.stackTop && newEnd > gapStart)) return mm.brk;
    if (mayMap(k, t, newEnd - oldEnd, PROT_WRITE)) return mm.brk;
    mm.engine.map(oldEnd, newEnd - oldEnd, PROT_READ | PROT_WRITE);
  } else if (newEnd < oldEnd) {
    unmapRange(mm.engine, newEnd, oldEnd - newEnd);
  }
  mm.brk = want;
  return mm.brk;
};

export const mmap: SyscallImpl = (k, t, a) => {
  const mm = t.proc.mm;
  const page = k.arch.pageSize;
  const hint = a.ptr(0);
  const lenRaw = a.u64(1);
  const protArg = a.int(2);
  const flags = a.int(3);
  const fd = a.int(4);
  if (lenRaw === 0 || hint < 0) return -EINVAL;
  if (protArg & ~PROT_ALL) return -EINVAL;
  const prot = effectiveProt(protArg, t.proc.personality);
  const type = flags & MAP_TYPE;
  if (type !== MAP_PRIVATE && type !== MAP_SHARED && type !== MAP_SHARED_VALIDATE) return -EINVAL;
  // A file mapping is a copy of the file's bytes (private: exactly Linux's semantics until
  // someone else writes the file; shared and writable: what the guest changes is written back
  // at msync, munmap, exec and exit — kernel/fs/filemap.ts). Every MAP_SHARED mapping (anonymous,
  // of /dev/zero, of a file) is shared memory: the processes fork makes map the same bytes.
  let fileBytes: Uint8Array | null = null;
  let shared: OpenFile | null = null;
  let file: OpenFile | null = null;
  let loaded = true;
  if (!(flags & MAP_ANONYMOUS)) {
    const f = t.proc.files.get(fd);
    if (!f) return -EBADF;
    if (!f.ops.pread && !f.ops.mapsAnonymous) return -ENODEV;
    if (!f.readable) return -EACCES;
    // Writing a shared mapping writes the file: the fd must allow it (and an append-only one cannot).
    if (type !== MAP_PRIVATE && prot & PROT_WRITE && (!f.writable || f.append)) return -EACCES;
    // A write-sealed memfd takes no writable shared mapping (memfd's seals: mm/memfd.c).
    if (type !== MAP_PRIVATE && prot & PROT_WRITE && writeSealed(f)) return -EPERM;
    const off = a.s64(5);
    if (off < 0 || off % page) return -EINVAL;
    if (f.ops.pread) {
      file = f;
      if (type !== MAP_PRIVATE && f.writable) shared = f;
      const data = f.ops.pread(Math.min(lenRaw, 1 << 30), off);
      if (typeof data === 'number') return data;
      // What the file's shared mappings hold (stores not yet written back included), as Linux
      // maps the page cache: a private mapping starts from those bytes too.
      fileBytes = k.filePages.overlay(f.inode, off, data);
    }
  }
  const len = up(lenRaw, page);
  if (len > TASK_SIZE) return -ENOMEM;
  const refused = mayMap(k, t, len, prot);
  if (refused) return refused;
  // Shared memory is not a bare reservation (an engine reserves host memory for it): one larger
  // than the run's memory limit is refused, readable only or not.
  if (type !== MAP_PRIVATE && (file ? a.s64(5) : 0) + len > k.memoryLimit) return -ENOMEM;
  let addr: number;
  if (flags & (MAP_FIXED | MAP_FIXED_NOREPLACE)) {
    if (hint % page) return -EINVAL;
    if (hint + len > TASK_SIZE) return -ENOMEM;
    addr = hint;
    if (!isFree(mm.engine, addr, len)) {
      if (flags & MAP_FIXED_NOREPLACE && !(flags & MAP_FIXED)) return -EEXIST;
      unmapAll(k, mm, addr, len, t.proc.pid);
    }
  } else if (hint && hint % page === 0 && hint >= MMAP_MIN && hint + len <= mm.mmapTop && isFree(mm.engine, hint, len)) {
    addr = hint;
  } else {
    addr = findFreeTopDown(mm.engine, len, mm.mmapTop, MMAP_MIN);
    if (addr < 0) return -ENOMEM;
  }
  if (type === MAP_PRIVATE) {
    mm.engine.map(addr, len, prot);
  } else {
    // A file's pages already mapped by someone are these bytes (they may hold stores not yet
    // written back): map them, at the file offset. Otherwise new memory, filled from the file.
    const off = a.s64(5);
    const cached = file ? k.filePages.get(file.inode, off + len) : null;
    const mem = cached ?? mm.engine.createShared(file ? off + len : len);
    if (!mem) return -ENOMEM;
    mm.engine.mapShared(addr, len, prot, mem, file ? off : 0);
    if (file && !cached) k.filePages.set(file.inode, mem);
    if (cached) loaded = false;
  }
  if (loaded && fileBytes && fileBytes.length) mm.engine.load(addr, fileBytes);
  // Write-back compares with the file's bytes as read now (a store another mapping made and
  // did not write back yet is written back by this one too: it is in the file's pages).
  if (shared && fileBytes) addFileMapping(mm.fileMaps, addr, len, shared, a.s64(5), fileBytes);
  forgetMapped(mm.files, addr, len);
  if (file) {
    const st = file.inode.getattr(ctxOf(k, t));
    addMapped(mm.files, {
      addr, len, path: file.dentry ? k.vfs.pathOf(file.dentry, t.proc.fs.root) : '', offset: a.s64(5),
      dev: typeof st === 'number' ? 0 : st.dev, ino: typeof st === 'number' ? 0 : st.ino,
      sharedNoWrite: type !== MAP_PRIVATE && (!file.writable || writeSealed(file)),
      readMore: (off, n) => {
        const d = file.ops.pread ? file.ops.pread(n, off) : 0;
        return typeof d === 'number' ? new Uint8Array(0) : k.filePages.overlay(file.inode, off, d);
      },
    });
  }
  return addr;
};

/**
 * old_mmap(struct mmap_arg_struct *): mmap's six arguments as six longs in memory (Linux's
 * mm/mmap.c; the ABI whose table gives `mmap`'s number to it, s390x, passes them this way).
 */
export const old_mmap: SyscallImpl = (k, t, a) => {
  const p = a.ptr(0);
  const args = new SyscallArgs();
  const w = new Uint32Array(2);
  for (let i = 0; i < 6; i++) {
    if (p < 0 || !readU64Halves(t.proc.mm.engine, p + 8 * i, k.arch, w)) return -EFAULT;
    args.raw[2 + 2 * i] = w[0];
    args.raw[3 + 2 * i] = w[1];
  }
  if (args.u64(5) % k.arch.pageSize) return -EINVAL;
  return mmap(k, t, args);
};

export const munmap: SyscallImpl = (k, t, a) => {
  const addr = a.ptr(0);
  const len = a.u64(1);
  if (addr < 0 || addr % k.arch.pageSize || len === 0 || len > TASK_SIZE || addr + len > TASK_SIZE) return -EINVAL;
  const mm = t.proc.mm;
  unmapAll(k, mm, addr, up(len, k.arch.pageSize), t.proc.pid);
  return 0;
};

const MS_ASYNC = 1, MS_INVALIDATE = 2, MS_SYNC = 4;

/** msync: shared file mappings in the range are written back now (MS_ASYNC too: nothing is deferred). */
export const msync: SyscallImpl = (k, t, a) => {
  const addr = a.ptr(0);
  const flags = a.int(2);
  if (addr < 0 || addr % k.arch.pageSize) return -EINVAL;
  if (flags & ~(MS_ASYNC | MS_INVALIDATE | MS_SYNC) || ((flags & MS_ASYNC) && (flags & MS_SYNC))) return -EINVAL;
  const len = up(a.u64(1), k.arch.pageSize);
  if (len > TASK_SIZE || addr + len > TASK_SIZE) return -ENOMEM;
  const mm = t.proc.mm;
  if (len && !isFullyMapped(mm.engine, addr, len)) return -ENOMEM;
  syncFileMappings(mm.engine, mm.fileMaps, addr, len);
  return 0;
};

export const mprotect: SyscallImpl = (k, t, a) => {
  const addr = a.ptr(0);
  const len = up(a.u64(1), k.arch.pageSize);
  const prot = a.int(2);
  if (addr < 0 || addr % k.arch.pageSize) return -EINVAL;
  // PROT_GROWSDOWN/GROWSUP are accepted and ignored.
  if (prot & ~(PROT_ALL | PROT_GROWSDOWN | PROT_GROWSUP)) return -EINVAL;
  if (len === 0) return 0;
  const engine = t.proc.mm.engine;
  if (len > TASK_SIZE || addr + len > TASK_SIZE || !isFullyMapped(engine, addr, len)) return -ENOMEM;
  // A shared mapping of a file opened read-only never becomes writable (VM_MAYWRITE is clear).
  if (prot & PROT_WRITE && anySharedNoWrite(t.proc.mm.files, addr, len)) return -EACCES;
  engine.protect(addr, len, effectiveProt(prot & PROT_ALL, t.proc.personality));
  return 0;
};

/** Advice changes nothing we model, except MADV_DONTNEED: private anonymous memory reads as zero after it. */
export const madvise: SyscallImpl = (k, t, a) => {
  const addr = a.ptr(0);
  const len = up(a.u64(1), k.arch.pageSize);
  const advice = a.int(2);
  if (addr < 0 || addr % k.arch.pageSize) return -EINVAL;
  const engine = t.proc.mm.engine;
  if (len > TASK_SIZE || addr + len > TASK_SIZE) return -EINVAL;
  if (len && !isFullyMapped(engine, addr, len)) return -ENOMEM;
  if (advice === MADV_DONTNEED && len) {
    engine.discard(addr, len);
  }
  return 0;
};
