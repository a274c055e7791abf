// munmap's work for a range, which mmap with MAP_FIXED, shmat with SHM_REMAP, shmdt and mremap do
// too: shared file mappings in it are written back and forgotten, the engine unmaps it, /proc/PID/
// maps forgets its files, and SysV attaches no longer mapped end.
import type { Pid } from './pidns.js';
import type { Kernel } from './kernel.js';
import type { AddressSpace } from './task.js';
import { unmapFileMappings } from './fs/filemap.js';
import { forgetMapped } from './mapped-files.js';
import { unmappedAttaches } from './ipc/shm.js';
import { unmapRange } from './vm.js';

export function unmapAll(k: Kernel, mm: AddressSpace, addr: number, len: number, pid: Pid): void {
  unmapFileMappings(mm.engine, mm.fileMaps, addr, len);
  unmapRange(mm.engine, addr, len);
  forgetMapped(mm.files, addr, len);
  unmappedAttaches(k, mm, addr, len, pid);
}
