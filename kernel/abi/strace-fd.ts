// strace decoders of descriptor calls whose arguments or results depend on each other: fcntl
// (the third argument and the result follow the command), poll/ppoll (the pollfd array in,
// the returned events out, `Timeout`), statx and getdents64 (their buffers, abbreviated as
// strace prints them by default). Checked against strace 6.1: test/guests/strace/.
import { readScalar } from './struct.js';
import { structLayout } from './structs.js';
import {
  modeStr, openFlagsStr, ptrStr, readMem, renderArg, renderTimespec, sdec, withStruct, type Call, type Decoded,
} from './strace-decode.js';
import { atFlags, hex64, printFlags, printXval, xlat } from './xlat.js';

const fcntlCmds = xlat([
  ['F_DUPFD', 0], ['F_GETFD', 1], ['F_SETFD', 2], ['F_GETFL', 3], ['F_SETFL', 4], ['F_GETLK', 5], ['F_SETLK', 6],
  ['F_SETLKW', 7], ['F_SETOWN', 8], ['F_GETOWN', 9], ['F_SETSIG', 10], ['F_GETSIG', 11], ['F_SETOWN_EX', 15],
  ['F_GETOWN_EX', 16], ['F_GETOWNER_UIDS', 17], ['F_OFD_GETLK', 36], ['F_OFD_SETLK', 37], ['F_OFD_SETLKW', 38],
  ['F_SETLEASE', 1024], ['F_GETLEASE', 1025], ['F_NOTIFY', 1026], ['F_DUPFD_CLOEXEC', 1030],
  ['F_SETPIPE_SZ', 1031], ['F_GETPIPE_SZ', 1032], ['F_ADD_SEALS', 1033], ['F_GET_SEALS', 1034],
]);
const fdFlags = xlat([['FD_CLOEXEC', 1]]);
const leases = xlat([['F_RDLCK', 0], ['F_WRLCK', 1], ['F_UNLCK', 2]]);

/** fcntl: `fcntl(4, F_SETFL, O_WRONLY|O_NONBLOCK)`, `fcntl(4, F_GETFL) = 0x801 (flags O_WRONLY|O_NONBLOCK)`. */
export function decodeFcntl(c: Call): Decoded {
  const cmd = c.lo(1);
  const head = `${c.int(0)}, ${printXval(fcntlCmds, cmd, 0, 'F_???')}`;
  switch (cmd) {
    case 2: return { enter: `${head}, ${printFlags(fdFlags, c.lo(2), 0, 'FD_???')}`, exit: null };
    case 4: return { enter: `${head}, ${openFlagsStr(c, c.lo(2))}`, exit: null };
    case 0: case 1030: case 8: case 10: case 1031: case 1026:
      return { enter: `${head}, ${c.int(2)}`, exit: null };
    case 1024: return { enter: `${head}, ${printXval(leases, c.lo(2), 0, 'F_???')}`, exit: null };
    case 1: return {
      enter: head, exit: null,
      ret: (cc) => (cc.result ? `${hex64(cc.result, 0)} (flags ${printFlags(fdFlags, cc.result, 0, null)})` : '0'),
    };
    case 3: return {
      enter: head, exit: null,
      ret: (cc) => `${hex64(cc.result ?? 0, 0)} (flags ${openFlagsStr(cc, cc.result ?? 0)})`,
    };
    case 1025: return { enter: head, exit: null, ret: (cc) => printXval(leases, cc.result ?? 0, 0, 'F_???') };
    case 9: case 11: case 1032: case 1034: return { enter: head, exit: null };
    default: return { enter: `${head}, ${hex64(c.lo(2), c.hi(2))}`, exit: null };
  }
}

const pollEvents = xlat([
  ['POLLIN', 0x1], ['POLLPRI', 0x2], ['POLLOUT', 0x4], ['POLLERR', 0x8], ['POLLHUP', 0x10], ['POLLNVAL', 0x20],
  ['POLLRDNORM', 0x40], ['POLLRDBAND', 0x80], ['POLLWRNORM', 0x100], ['POLLWRBAND', 0x200], ['POLLMSG', 0x400],
  ['POLLREMOVE', 0x1000], ['POLLRDHUP', 0x2000],
]);

/** The pollfd array: `[{fd=3, events=POLLIN}, …]` at entry; on exit only those with revents. */
function pollfds(c: Call, out: boolean): string {
  const lo = c.lo(0), hi = c.hi(0);
  const n = c.lo(1);
  if (lo === 0 && hi === 0) return 'NULL';
  const L = structLayout('pollfd', c.arch);
  const shown = Math.min(n, c.strsize);
  const b = readMem(c, lo, hi, shown * L.size);
  if (!b) return hex64(lo, hi);
  const parts: string[] = [];
  for (let k = 0; k < shown; k++) {
    const fd = L.get(b, 'fd', k * L.size) | 0;
    const ev = L.get(b, out ? 'revents' : 'events', k * L.size) & 0xffff;
    if (out && ev === 0) continue;
    parts.push(`{fd=${fd}, ${out ? 'revents' : 'events'}=${printFlags(pollEvents, ev, 0, 'POLL???')}}`);
  }
  if (n > shown && !out) parts.push('...');
  return `[${parts.join(', ')}]`;
}

/** poll: `= 0 (Timeout)`, `= 1 ([{fd=4, revents=POLLOUT}])`. */
export function decodePoll(c: Call): Decoded {
  return {
    enter: `${pollfds(c, false)}, ${c.lo(1)}, ${c.int(2)}`,
    exit: null,
    ret: (cc) => (cc.result ? `${cc.result} (${pollfds(cc, true)})` : '0 (Timeout)'),
  };
}

/** ppoll: like poll, the timeout a timespec, and what is left of it on return. */
export function decodePpoll(c: Call): Decoded {
  const timeout = withStruct(c, c.lo(2), c.hi(2), 'timespec', renderTimespec);
  const left = (cc: Call) => (cc.lo(2) || cc.hi(2) ? `, left ${withStruct(cc, cc.lo(2), cc.hi(2), 'timespec', renderTimespec)}` : '');
  return {
    enter: `${pollfds(c, false)}, ${c.lo(1)}, ${timeout}, ${renderArg(c, 3, 'sigset:4')}, ${c.lo(4)}`,
    exit: null,
    ret: (cc) => (cc.result ? `${cc.result} (${pollfds(cc, true)}${left(cc)})` : `0 (Timeout)`),
  };
}

const statxMasks = xlat([
  ['STATX_ALL', 0xfff], ['STATX_BASIC_STATS', 0x7ff], ['STATX_TYPE', 0x1], ['STATX_MODE', 0x2], ['STATX_NLINK', 0x4],
  ['STATX_UID', 0x8], ['STATX_GID', 0x10], ['STATX_ATIME', 0x20], ['STATX_MTIME', 0x40], ['STATX_CTIME', 0x80],
  ['STATX_INO', 0x100], ['STATX_SIZE', 0x200], ['STATX_BLOCKS', 0x400], ['STATX_BTIME', 0x800],
  ['STATX_MNT_ID', 0x1000], ['STATX_DIOALIGN', 0x2000],
]);
const statxAttrs = xlat([
  ['STATX_ATTR_COMPRESSED', 0x4], ['STATX_ATTR_IMMUTABLE', 0x10], ['STATX_ATTR_APPEND', 0x20],
  ['STATX_ATTR_NODUMP', 0x40], ['STATX_ATTR_ENCRYPTED', 0x800], ['STATX_ATTR_AUTOMOUNT', 0x1000],
  ['STATX_ATTR_MOUNT_ROOT', 0x2000], ['STATX_ATTR_VERITY', 0x100000], ['STATX_ATTR_DAX', 0x200000],
]);
const statxSync = xlat([['AT_STATX_SYNC_AS_STAT', 0], ['AT_STATX_FORCE_SYNC', 0x2000], ['AT_STATX_DONT_SYNC', 0x4000]]);
const AT_STATX_SYNC_TYPE = 0x6000;

/** statx: `statx(AT_FDCWD, "f", AT_STATX_SYNC_AS_STAT, STATX_BASIC_STATS, {stx_mask=…, stx_size=5, ...})`. */
export function decodeStatx(c: Call): Decoded {
  const flags = c.lo(2);
  const rest = (flags & ~AT_STATX_SYNC_TYPE) >>> 0;
  let fl = printXval(statxSync, flags & AT_STATX_SYNC_TYPE, 0, 'AT_STATX_SYNC_???');
  if (rest) fl += `|${printFlags(atFlags, rest, 0, null)}`;
  return {
    enter: `${renderArg(c, 0, 'dirfd')}, ${renderArg(c, 1, 'path')}, ${fl}, ${printFlags(statxMasks, c.lo(3), 0, 'STATX_???')}, `,
    exit: (cc) => (cc.failed ? ptrStr(cc.lo(4), cc.hi(4)) : withStruct(cc, cc.lo(4), cc.hi(4), 'statx', (_x, b, L) => {
      const attrs = printFlags(statxAttrs, L.getLo(b, 'stx_attributes'), L.getHi(b, 'stx_attributes'), 'STATX_ATTR_???');
      return `{stx_mask=${printFlags(statxMasks, L.get(b, 'stx_mask'), 0, 'STATX_???')}, stx_attributes=${attrs}, ` +
        `stx_mode=${modeStr(L.get(b, 'stx_mode'))}, stx_size=${sdec(b, L, 'stx_size')}, ...}`;
    })),
  };
}

/** getdents64 / getdents: the buffer as strace abbreviates it, `0x7ffc… /* 4 entries *\/`. */
export function decodeGetdents(c: Call): Decoded {
  return {
    enter: `${c.int(0)}, `,
    exit: (cc) => {
      const addr = ptrStr(cc.lo(1), cc.hi(1));
      const len = cc.result ?? 0;
      if (cc.failed) return `${addr}, ${cc.lo(2)}`;
      const b = len > 0 ? readMem(cc, cc.lo(1), cc.hi(1), len) : new Uint8Array(0);
      if (!b) return `${addr}, ${cc.lo(2)}`;
      let n = 0;
      // d_reclen is at offset 16 in both linux_dirent64 and linux_dirent (after two 8-byte words).
      for (let off = 0; off + 18 <= len; n++) {
        const reclen = readScalar(b, off + 16, 2, false, cc.little) as number;
        if (reclen === 0) break;
        off += reclen;
      }
      return `${addr} /* ${n} entries */, ${cc.lo(2)}`;
    },
  };
}
