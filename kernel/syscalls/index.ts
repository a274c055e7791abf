// The name -> implementation table every architecture shares (one file per syscall family).
import type { SyscallImpl } from '../dispatch.js';
import * as io from './io.js';
import * as info from './info.js';
import * as memory from './memory.js';
import * as process from './process.js';
import * as clone from './clone.js';
import * as wait from './wait.js';
import * as futex from './futex.js';
import * as time from './time.js';
import * as signal from './signal.js';
import * as namespace from './namespace.js';
import * as startup from './startup.js';
import * as rlimit from './rlimit.js';
import * as fsOpen from './fs-open.js';
import * as fsStat from './fs-stat.js';
import * as fsDir from './fs-dir.js';
import * as fsFd from './fs-fd.js';
import * as poll from './poll.js';
import * as exec from './exec.js';
import * as itimer from './itimer.js';
import * as prctl from './prctl.js';
import * as mount from './mount.js';
import * as usage from './usage.js';
import * as socket from './socket.js';
import * as epoll from './epoll.js';
import * as eventfd from './eventfd.js';
import * as timerfd from './timerfd.js';
import * as sched from './sched.js';
import * as memlock from './memlock.js';
import * as xattr from './xattr.js';
import * as timer from './timer.js';
import * as creds from './creds.js';
import * as mempolicy from './mempolicy.js';
import * as pidfd from './pidfd.js';
import * as ipc from './ipc.js';
import * as mremap from './mremap.js';

/**
 * Name -> implementation. Filled by assignment into a prototype-less object, which V8 keeps as one
 * hash table: an object literal spreading the ~330 names gave them a hidden class each (~100 KB
 * of every start-up's allocation, a third of a young-generation collection). Later families
 * override earlier ones, as a spread would; no family names a call twice.
 */
export const syscalls: Readonly<Record<string, SyscallImpl>> = collect([
  io, info, memory, process, clone, wait, futex, time, signal, namespace, startup, rlimit,
  fsOpen, fsStat, fsDir, fsFd, poll, exec, itimer, prctl, mount, usage, socket, epoll, eventfd, timerfd, sched, memlock, xattr, timer, creds, mempolicy, pidfd, ipc, mremap,
]);

function collect(families: readonly Readonly<Record<string, SyscallImpl>>[]): Record<string, SyscallImpl> {
  const table: Record<string, SyscallImpl> = Object.create(null);
  for (const f of families) for (const name in f) table[name] = f[name];
  return table;
}
