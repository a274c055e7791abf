// Per-process file descriptor tables (Linux's files_struct) and fs contexts (fs_struct: root,
// cwd, umask). A table is shared by CLONE_FILES and copied by fork; O_CLOEXEC entries close at
// exec. RLIMIT_NOFILE bounds the numbers handed out (EMFILE).
import { EBADF, EMFILE } from '../abi/errno.js';
import type { OpenFile } from './file.js';
import type { Dentry } from './namei.js';
import type { Task } from '../task.js';
import { RLIMIT_NOFILE } from '../rlimits.js';

/** Linux's fs.nr_open: no fd number reaches it, whatever RLIMIT_NOFILE says. */
const NR_OPEN = 1048576;

/** The fd numbers a task may use: below its RLIMIT_NOFILE soft limit (EMFILE / EBADF beyond). */
export function nofile(t: Task): number { return Math.min(t.proc.rlimits.get(RLIMIT_NOFILE), NR_OPEN); }

/**
 * Give a file just made (socket, memfd, eventfd...) the lowest free fd, or -EMFILE. When there
 * is none, the file is released: nothing else holds it.
 */
export function installNew(t: Task, file: OpenFile, cloexec: boolean): number {
  const fd = t.proc.files.alloc(file, cloexec, nofile(t));
  if (fd < 0) file.get().put();
  return fd;
}

export interface FdEntry { file: OpenFile; cloexec: boolean }

export class FdTable {
  readonly fds: (FdEntry | undefined)[] = [];

  get(fd: number): OpenFile | undefined { return fd >= 0 ? this.fds[fd]?.file : undefined; }

  /** The lowest free number >= min and < limit, or -EMFILE (get_unused_fd_flags). */
  lowestFree(limit: number, min = 0): number {
    let fd = min;
    while (fd < limit && this.fds[fd]) fd++;
    return fd >= limit ? -EMFILE : fd;
  }

  /** Install `file` at the lowest free number >= min and < limit; the table takes a reference. */
  alloc(file: OpenFile, cloexec: boolean, limit: number, min = 0): number {
    const fd = this.lowestFree(limit, min);
    if (fd >= 0) this.fds[fd] = { file: file.get(), cloexec };
    return fd;
  }

  /** Put `file` at exactly `fd` (dup2/dup3), closing what was there. */
  install(fd: number, file: OpenFile, cloexec: boolean, limit: number): number {
    if (fd < 0 || fd >= limit) return -EBADF;
    const old = this.fds[fd];
    this.fds[fd] = { file: file.get(), cloexec };
    old?.file.put();
    return fd;
  }

  close(fd: number): number {
    const e = fd >= 0 ? this.fds[fd] : undefined;
    if (!e) return -EBADF;
    this.fds[fd] = undefined;
    e.file.put();
    return 0;
  }

  /** fork: the same open files under the same numbers, each one more reference. */
  copy(): FdTable {
    const t = new FdTable();
    this.fds.forEach((e, i) => { if (e) t.fds[i] = { file: e.file.get(), cloexec: e.cloexec }; });
    return t;
  }

  /** exec: O_CLOEXEC descriptors close. */
  closeOnExec(): void {
    this.fds.forEach((e, i) => { if (e?.cloexec) this.close(i); });
  }

  /** The last user (process) of the table is gone. */
  closeAll(): void {
    this.fds.forEach((e, i) => { if (e) this.close(i); });
  }

  /** Processes using this table (CLONE_FILES shares it); the last one to go closes everything. */
  users = 1;
}

export class FsContext {
  users = 1;
  constructor(public root: Dentry, public cwd: Dentry, public umask = 0o022) {}
  copy(): FsContext { return new FsContext(this.root, this.cwd, this.umask); }
}
