// Process file descriptors (Linux's kernel/pid.c pidfd_create and pidfd_fops): a file naming one
// process, made by pidfd_open or clone's CLONE_PIDFD, O_RDWR and close-on-exec, shown as
// `anon_inode:[pidfd]`. It cannot be read, written or seeked; poll reports it readable once the
// whole thread group has exited (a zombie, or reaped), and a reaped one also hangs up, as Linux
// since 6.9 says (pidfs). The Process object itself is the identity: its pid number may be
// reused after the reap, the pidfd still names the process that is gone.
import { O_RDWR } from '../abi/flags.js';
import { EBADF } from '../abi/errno.js';
import type { Process, Task } from '../task.js';
import { anonInode } from './anon-inode.js';
import { OpenFile, POLLHUP, POLLIN, POLLRDNORM, WaitQueue, type FileOps } from './file.js';

/** Woken when a process's thread group has exited, and again at its reap (Linux's pid->wait_pidfd). */
const queues = new WeakMap<Process, WaitQueue>();
export function pidfdQueue(p: Process): WaitQueue {
  let q = queues.get(p);
  if (!q) { q = new WaitQueue(); queues.set(p, q); }
  return q;
}

/** Tell pidfd pollers that `p` changed state (exited, or was reaped); nothing if none watch. */
export function notifyPidfd(p: Process): void {
  queues.get(p)?.wake(POLLIN);
}

/** A new pidfd for `p` (the caller installs it); extraFlags: O_NONBLOCK (PIDFD_NONBLOCK). */
export function pidfdFile(p: Process, extraFlags: number): OpenFile {
  const ops: FileOps = {
    poll: () => (p.state === 'reaped' ? POLLIN | POLLRDNORM | POLLHUP : p.state === 'zombie' ? POLLIN | POLLRDNORM : 0),
    waitQueue: pidfdQueue(p),
    pidfd: p,
    // pidfd_show_fdinfo: the pid in each namespace from the viewer's down, -1 once reaped or
    // when /proc's namespace cannot see it.
    fdinfo: (ns) => {
      const nr = p.state === 'reaped' ? 0 : p.pid.nrIn(ns);
      if (nr <= 0) return 'Pid:\t-1\nNSpid:\t-1\n';
      return `Pid:\t${nr}\nNSpid:\t${p.pid.numbers.slice(ns.level).join('\t')}\n`;
    },
  };
  return new OpenFile(ops, O_RDWR | extraFlags, null, anonInode('pidfd'));
}

/** The process a pidfd names, or -EBADF for a bad descriptor or one that is not a pidfd. */
export function pidfdTarget(t: Task, fd: number): Process | number {
  return t.proc.files.get(fd)?.ops.pidfd ?? -EBADF;
}
