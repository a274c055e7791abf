// strace decoders of epoll_ctl and the epoll_wait family, as strace 6.1 prints them:
// `epoll_ctl(3, EPOLL_CTL_ADD, 4, {events=EPOLLIN|EPOLLET, data={u32=1, u64=1}})` (the event
// read at entry; EPOLL_CTL_DEL's is not read, so it shows as an address) and
// `epoll_wait(3, [{events=EPOLLIN, data={u32=1, u64=1}}], 8, 0)` (the events stored, on exit).
// The struct is epoll_event of the arch: x86_64 packs it to 12 bytes.
import { structLayout } from './structs.js';
import { ptrStr, readMem, renderTimespec, sigsetArg, withFdPath, withStruct, type Call, type Decoded } from './strace-decode.js';
import { printFlags, printXval, xlat } from './xlat.js';

const EPOLL_CTL_DEL = 2;
const epollCtl = xlat([['EPOLL_CTL_ADD', 1], ['EPOLL_CTL_DEL', 2], ['EPOLL_CTL_MOD', 3]]);
const epollEvents = xlat([['EPOLLIN', 0x1], ['EPOLLPRI', 0x2], ['EPOLLOUT', 0x4], ['EPOLLERR', 0x8], ['EPOLLHUP', 0x10],
  ['EPOLLNVAL', 0x20], ['EPOLLRDNORM', 0x40], ['EPOLLRDBAND', 0x80], ['EPOLLWRNORM', 0x100], ['EPOLLWRBAND', 0x200],
  ['EPOLLMSG', 0x400], ['EPOLLRDHUP', 0x2000], ['EPOLLEXCLUSIVE', 1 << 28], ['EPOLLWAKEUP', 1 << 29],
  ['EPOLLONESHOT', 1 << 30], ['EPOLLET', 2 ** 31]]);

/** One struct epoll_event from `b` at `off`. */
function event(c: Call, b: Uint8Array, off: number): string {
  const L = structLayout('epoll_event', c.arch);
  const data = L.getBig(b, 'data', off);
  const events = printFlags(epollEvents, L.get(b, 'events', off), 0, 'EPOLL???');
  return `{events=${events}, data={u32=${Number(data & 0xffffffffn)}, u64=${data}}}`;
}

const fd = (c: Call, i: number) => withFdPath(c, c.int(i), `${c.int(i)}`);

export function decodeEpollCtl(c: Call): Decoded {
  const op = c.int(1);
  const lo = c.lo(3), hi = c.hi(3);
  const L = structLayout('epoll_event', c.arch);
  const b = op === EPOLL_CTL_DEL || (lo === 0 && hi === 0) ? null : readMem(c, lo, hi, L.size);
  const ev = b ? event(c, b, 0) : ptrStr(lo, hi);
  return { enter: `${fd(c, 0)}, ${printXval(epollCtl, c.lo(1), 0, 'EPOLL_CTL_???')}, ${fd(c, 2)}, ${ev}`, exit: null };
}

/** epoll_wait(epfd, events, maxevents, timeout) and epoll_pwait's mask, epoll_pwait2's timespec. */
export function decodeEpollWait(c: Call): Decoded {
  const tail = (cc: Call): string => {
    if (cc.name === 'epoll_wait') return `${cc.int(3)}`;
    const timeout = cc.name === 'epoll_pwait2' ? withStruct(cc, cc.lo(3), cc.hi(3), 'timespec', renderTimespec) : `${cc.int(3)}`;
    return `${timeout}, ${sigsetArg(cc, 4, 5)}, ${cc.num(5)}`;
  };
  return {
    enter: `${fd(c, 0)}, `,
    exit: (cc) => {
      const n = cc.failed ? -1 : cc.result ?? 0;
      const L = structLayout('epoll_event', cc.arch);
      const none = cc.lo(1) === 0 && cc.hi(1) === 0;
      const b = none ? null : n > 0 ? readMem(cc, cc.lo(1), cc.hi(1), n * L.size) : n === 0 ? new Uint8Array(0) : null;
      const events = b ? `[${Array.from({ length: n > 0 ? n : 0 }, (_, i) => event(cc, b, i * L.size)).join(', ')}]` : ptrStr(cc.lo(1), cc.hi(1));
      return `${events}, ${cc.int(2)}, ${tail(cc)}`;
    },
  };
}
