// memfd_create and file seals (Linux's mm/memfd.c): a memfd is a tmpfs file with no name in any
// directory, on the kernel's internal tmpfs (Linux's shm_mnt): /proc/PID/fd and /proc/PID/maps
// call it `/memfd:NAME (deleted)`, and its bytes are a tmpfs file's, so MAP_SHARED mappings of
// it — in one process twice, or across fork — are one set of bytes (kernel/fs/filemap.ts).
// Seals are kept on the inode (memfs.ts MemFile.seals); fcntl's F_ADD_SEALS and F_GET_SEALS
// reach them here.
import { EBUSY, EFAULT, EINVAL, EPERM } from '../abi/errno.js';
import { O_RDWR } from '../abi/flags.js';
import type { Kernel } from '../kernel.js';
import { OpenFile } from './file.js';
import { O_LARGEFILE } from './open.js';
import { F_ALL_SEALS, F_SEAL_FUTURE_WRITE, F_SEAL_SEAL, F_SEAL_WRITE, MemFile, newTmpfs, type MemDir } from './memfs.js';
import { Dentry } from './namei.js';

export const MFD_CLOEXEC = 0x1, MFD_ALLOW_SEALING = 0x2, MFD_HUGETLB = 0x4;
/** With MFD_HUGETLB, a huge page size may be encoded (log2 in bits 26-31). */
const MFD_HUGE_MASK = 0x3f << 26;
/** NAME_MAX less "memfd:". */
export const MFD_NAME_MAX_LEN = 255 - 6;

/** The kernel's internal tmpfs, made at the first memfd (one per kernel: Linux's shm_mnt). */
const internal = new WeakMap<Kernel, MemDir>();

/** The flags memfd_create accepts (Linux 6.1), or false. */
export function memfdFlagsValid(flags: number): boolean {
  const allowed = MFD_CLOEXEC | MFD_ALLOW_SEALING | MFD_HUGETLB | (flags & MFD_HUGETLB ? MFD_HUGE_MASK : 0);
  return (flags & ~allowed) === 0;
}

/**
 * A new memfd named `name` (its bytes as given, without the "memfd:"), opened O_RDWR. Huge pages
 * are not modelled: an MFD_HUGETLB memfd is an ordinary one (the same bytes, 4 KiB pages).
 */
export function memfdFile(k: Kernel, name: string, flags: number): OpenFile {
  let shm = internal.get(k);
  if (!shm) internal.set(k, shm = newTmpfs());
  const inode = new MemFile(shm.sb, 0o777);
  inode.attr.nlink = 0;
  if (flags & MFD_ALLOW_SEALING) inode.seals = 0;
  // A dentry of its own below a root of its own: pathOf names it "/memfd:NAME (deleted)".
  const dentry = new Dentry(`memfd:${name} (deleted)`, new Dentry('', null, shm), inode);
  return new OpenFile(inode.open(), O_RDWR | O_LARGEFILE, dentry, inode);
}

/** fcntl(F_GET_SEALS): a tmpfs file's seals; any other file has none to show (EINVAL). */
export function getSeals(f: OpenFile): number {
  return f.ops.seals ? f.ops.seals.seals : -EINVAL;
}

/**
 * fcntl(F_ADD_SEALS), as memfd_add_seals: only through a writable description, only known
 * seals, never once F_SEAL_SEAL is set; F_SEAL_WRITE is refused (EBUSY) while any process
 * maps the file shared and writable.
 */
export function addSeals(k: Kernel, f: OpenFile, seals: number): number {
  const s = f.ops.seals;
  if (!s) return -EINVAL;
  if (!f.writable) return -EPERM;
  if (seals & ~F_ALL_SEALS) return -EINVAL;
  if (s.seals & F_SEAL_SEAL) return -EPERM;
  if (seals & F_SEAL_WRITE && !(s.seals & F_SEAL_WRITE)) {
    const seen = new Set<unknown>();
    for (const t of k.tasks) {
      const mm = t.proc.mm;
      if (seen.has(mm)) continue;
      seen.add(mm);
      if (mm.fileMaps.some((m) => m.file.inode === f.inode)) return -EBUSY;
    }
  }
  s.seals |= seals;
  return 0;
}

/** A write seal forbids new writable shared mappings (and mprotect to writable later). */
export const writeSealed = (f: OpenFile): boolean => ((f.ops.seals?.seals ?? 0) & (F_SEAL_WRITE | F_SEAL_FUTURE_WRITE)) !== 0;

/** memfd_create's name argument: EFAULT unreadable, EINVAL too long. */
export function memfdName(bytes: { bytes: Uint8Array; terminated: boolean } | null): string | number {
  if (!bytes) return -EFAULT;
  if (!bytes.terminated) return bytes.bytes.length > MFD_NAME_MAX_LEN ? -EINVAL : -EFAULT;
  return new TextDecoder().decode(bytes.bytes);
}
