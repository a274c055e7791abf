// epoll (Linux's fs/eventpoll.c): an interest list of (file, fd) pairs, each with the events
// wanted and the caller's data word, and a ready list in the order files became ready. A
// file's wait queue puts its item on the ready list when it wakes (files without one, like
// the host's stdio, are checked at every wait instead). epoll_wait takes items off the ready
// list in order, reports those whose events are still there, and puts back the level-triggered
// ones (at the tail); an edge-triggered item comes back only at its file's next wake, a
// one-shot item not until EPOLL_CTL_MOD re-arms it. An item goes when its file's last
// descriptor closes (eventpoll_release), whatever fd it was added under.
import { EEXIST, EINVAL, ENOENT, ELOOP } from '../abi/errno.js';
import { O_RDWR } from '../abi/flags.js';
import { anonInode } from './anon-inode.js';
import { OpenFile, POLLIN, WaitQueue, type FileOps } from './file.js';
import { readiness } from './wait.js';

export const EPOLL_CTL_ADD = 1, EPOLL_CTL_DEL = 2, EPOLL_CTL_MOD = 3;
export const EPOLLERR = 0x8, EPOLLHUP = 0x10;
export const EPOLLEXCLUSIVE = 1 << 28, EPOLLWAKEUP = 1 << 29, EPOLLONESHOT = 1 << 30, EPOLLET = 2 ** 31;
/** The bits that say how an item is reported rather than what it waits for (EP_PRIVATE_BITS). */
const PRIVATE = EPOLLWAKEUP | EPOLLONESHOT | EPOLLET | EPOLLEXCLUSIVE;
/** How deep epoll files may watch each other (EP_MAX_NESTS). */
const MAX_NESTS = 4;

interface Item {
  fd: number;
  file: OpenFile;
  /** Wanted events and mode bits; a fired one-shot item keeps only the mode bits. */
  events: number;
  data: bigint;
  ready: boolean;
  unwatch: (() => void) | null;
}

export interface EpollEvent { events: number; data: bigint }

export class Epoll {
  readonly wq = new WaitQueue();
  private readonly items: Item[] = [];
  private rdllist: Item[] = [];

  file(extraFlags: number): OpenFile {
    const ops: FileOps = {
      epoll: this,
      poll: () => (this.peek() ? POLLIN : 0),
      waitQueue: this.wq,
      release: () => { for (const i of this.items.splice(0)) i.unwatch?.(); this.rdllist = []; },
    };
    return new OpenFile(ops, O_RDWR | extraFlags, null, anonInode('eventpoll'));
  }

  private find(file: OpenFile, fd: number): Item | undefined {
    return this.items.find((i) => i.file === file && i.fd === fd);
  }

  private queue(i: Item): void {
    if (i.ready || !(i.events & ~PRIVATE)) return;
    i.ready = true;
    this.rdllist.push(i);
    this.wq.wake(POLLIN);
  }

  /** EPOLL_CTL_ADD / MOD / DEL of `file` open at `fd` (the caller checked both and the op's event). */
  ctl(op: number, fd: number, file: OpenFile, events: number, data: bigint): number {
    const item = this.find(file, fd);
    // EPOLLERR and EPOLLHUP are always reported.
    const ev = (events | EPOLLERR | EPOLLHUP) >>> 0;
    switch (op) {
      case EPOLL_CTL_ADD: {
        if (item) return -EEXIST;
        const target = file.ops.epoll;
        if (target && (target === this || target.depth() + 1 >= MAX_NESTS || target.reaches(this))) return -ELOOP;
        const i: Item = { fd, file, events: ev, data, ready: false, unwatch: null };
        // ep_poll_callback: a wake that cannot bring what the item waits for is ignored.
        i.unwatch = file.ops.waitQueue?.add((key) => { if (!key || key & i.events) this.queue(i); }) ?? null;
        this.items.push(i);
        if (readiness(file) & ev) this.queue(i);
        return 0;
      }
      case EPOLL_CTL_MOD:
        if (!item) return -ENOENT;
        // An exclusive wakeup is set once, at ADD (ep_modify refuses it).
        if ((events & EPOLLEXCLUSIVE) || (item.events & EPOLLEXCLUSIVE)) return -EINVAL;
        item.events = ev;
        item.data = data;
        if (readiness(file) & ev) this.queue(item);
        return 0;
      case EPOLL_CTL_DEL:
        if (!item) return -ENOENT;
        this.drop(item);
        return 0;
      default:
        return -EINVAL;
    }
  }

  private drop(i: Item): void {
    i.unwatch?.();
    this.items.splice(this.items.indexOf(i), 1);
    const r = this.rdllist.indexOf(i);
    if (r >= 0) this.rdllist.splice(r, 1);
  }

  /** Items whose file is gone, and files no wait queue tells about (checked at every wait). */
  private refresh(): void {
    for (const i of [...this.items]) {
      if (i.file.refs === 0) { this.drop(i); continue; }
      if ((!i.unwatch || i.file.ops.nextEvent) && readiness(i.file) & i.events) this.queue(i);
    }
  }

  /** Whether a wait would report something now (an epoll file's own readiness). */
  peek(): boolean {
    this.refresh();
    return this.rdllist.some((i) => (readiness(i.file) & i.events) !== 0);
  }

  /** ep_send_events: up to `max` events, in ready-list order. */
  take(max: number): EpollEvent[] {
    this.refresh();
    const out: EpollEvent[] = [];
    const list = this.rdllist;
    this.rdllist = [];
    const back: Item[] = [];
    let n = 0;
    for (; n < list.length && out.length < max; n++) {
      const i = list[n];
      i.ready = false;
      const got = readiness(i.file) & i.events;
      if (!got) continue;
      out.push({ events: got, data: i.data });
      if (i.events & EPOLLONESHOT) i.events &= PRIVATE;
      else if (!(i.events & EPOLLET)) back.push(i);
    }
    // What was not looked at (and any file that woke meanwhile) stays first; level-triggered
    // items go back after it.
    const rest = [...list.slice(n), ...this.rdllist];
    this.rdllist = [];
    for (const i of rest) i.ready = false;
    for (const i of [...rest, ...back]) this.queue(i);
    return out;
  }

  /** The files watched (for the time a timerfd among them will change by itself). */
  files(): OpenFile[] {
    return this.items.map((i) => i.file);
  }

  /** How many epoll files deep this one watches. */
  depth(): number {
    let d = 0;
    for (const i of this.items) if (i.file.ops.epoll) d = Math.max(d, i.file.ops.epoll.depth() + 1);
    return d;
  }

  /** Whether `other` is watched by this one, directly or through others (a loop). */
  reaches(other: Epoll): boolean {
    return this.items.some((i) => i.file.ops.epoll === other || (i.file.ops.epoll?.reaches(other) ?? false));
  }
}
