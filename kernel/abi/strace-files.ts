// strace decoders of file calls whose arguments depend on each other or change during the call:
// select/pselect6 (fd sets sized by nfds; the result lists the ready ones and the time left),
// _llseek (an offset in two halves, the new position written to memory), sendfile (its offset
// is updated: `[1] => [4]`), utimensat (a pair of timespecs with dates, or UTIME_NOW/OMIT) and
// mknod/mknodat (the device number only for a device node); splice, tee and vmsplice (offsets as
// `[N]` at entry, the flags by name, vmsplice's iovecs as strings whichever way they go).
// Checked against strace 6.1: test/guests/strace/filecalls.c and its transcript.
import {
  makedev, modeStr, readMem, renderArg, renderTimespec, s64dec, sdec, u64dec, withFdPath, withStruct, type Call, type Decoded, type StructRenderer,
} from './strace-decode.js';
import { isoTime, renderTimeval } from './strace-process.js';
import { readScalar } from './struct.js';
import { structLayout } from './structs.js';
import { hex64, printFlags, printXval, xlat } from './xlat.js';
import { sigsetString } from './signal-names.js';

const whence = xlat([['SEEK_SET', 0], ['SEEK_CUR', 1], ['SEEK_END', 2], ['SEEK_DATA', 3], ['SEEK_HOLE', 4]]);

/** Bytes of an fd_set covering nfds descriptors: whole unsigned longs, as the kernel reads it. */
function fdSetBytes(c: Call, nfds: number): number {
  const bits = c.arch.ctypes.long * 8;
  return Math.ceil(nfds / bits) * (bits / 8);
}

/** The descriptors set in the fd_set at argument i (its first nfds bits), or null if unreadable. */
function fdsIn(c: Call, i: number, nfds: number): number[] | null {
  const b = readMem(c, c.lo(i), c.hi(i), fdSetBytes(c, nfds));
  if (!b) return null;
  const long = c.arch.ctypes.long;
  const out: number[] = [];
  for (let fd = 0; fd < nfds; fd++) {
    const word = Math.floor(fd / (long * 8)) * long, bit = fd % (long * 8);
    // Bit k of an unsigned long is in byte k/8 from the little end of the word.
    const byte = c.little ? word + (bit >> 3) : word + long - 1 - (bit >> 3);
    if (b[byte] & (1 << (bit & 7))) out.push(fd);
  }
  return out;
}

const fdList = (c: Call, fds: number[]) => `[${fds.map((fd) => withFdPath(c, fd, `${fd}`)).join(' ')}]`;

/** More descriptors than this are not printed (strace bounds its fd_set reads the same way). */
const MAX_NFDS = 1024 * 1024;

function selectDecoder(timeStruct: 'timeval' | 'timespec', renderTime: StructRenderer, sixth: (c: Call) => string | null) {
  return (c: Call): Decoded => {
    const nfds = c.int(0);
    const set = (i: number) => {
      if (c.lo(i) === 0 && c.hi(i) === 0) return 'NULL';
      const fds = nfds < 0 || nfds > MAX_NFDS ? null : fdsIn(c, i, nfds);
      return fds ? fdList(c, fds) : hex64(c.lo(i), c.hi(i));
    };
    const time = withStruct(c, c.lo(4), c.hi(4), timeStruct, renderTime);
    const extra = sixth(c);
    return {
      enter: `${nfds}, ${set(1)}, ${set(2)}, ${set(3)}, ${time}${extra === null ? '' : `, ${extra}`}`,
      exit: null,
      ret: (cc) => {
        if (!cc.result) return '0 (Timeout)';
        const parts: string[] = [];
        ['in', 'out', 'except'].forEach((name, k) => {
          if (cc.lo(1 + k) === 0 && cc.hi(1 + k) === 0) return;
          const fds = fdsIn(cc, 1 + k, nfds);
          if (fds && fds.length) parts.push(`${name} ${fdList(cc, fds)}`);
        });
        if (cc.lo(4) || cc.hi(4)) parts.push(`left ${withStruct(cc, cc.lo(4), cc.hi(4), timeStruct, renderTime)}`);
        return `${cc.result} (${parts.join(', ')})`;
      },
    };
  };
}

/** select: `select(7, [6], NULL, NULL, {tv_sec=0, tv_usec=0}) = 1 (in [6], left {…})`. */
export function decodeSelect(c: Call): Decoded {
  return selectDecoder('timeval', renderTimeval, () => null)(c);
}

/** pselect6: as select with a timespec, and its sixth argument `{[SIGINT], 8}` (a sigset and its size). */
export function decodePselect6(c: Call): Decoded {
  return selectDecoder('timespec', renderTimespec, sigmaskArg)(c);
}

function sigmaskArg(c: Call): string {
  if (c.lo(5) === 0 && c.hi(5) === 0) return 'NULL';
  const long = c.arch.ctypes.long;
  const b = readMem(c, c.lo(5), c.hi(5), 2 * long);
  if (!b) return hex64(c.lo(5), c.hi(5));
  const ss = Number(readScalar(b, 0, long, false, c.little));
  const len = Number(readScalar(b, long, long, false, c.little));
  let set = ss === 0 ? 'NULL' : hex64(ss % 2 ** 32, Math.floor(ss / 2 ** 32));
  if (ss !== 0 && len === 8) {
    const s = readMem(c, ss % 2 ** 32, Math.floor(ss / 2 ** 32), 8);
    if (s) {
      const w = (o: number) => readScalar(s, o, 4, false, c.little) as number;
      set = c.little ? sigsetString(w(0), w(4)) : sigsetString(w(4), w(0));
    }
  }
  return `{${set}, ${len}}`;
}

/** `[N]`: a 64-bit value in memory (printnum_int64), or the address. */
function int64At(c: Call, i: number, signed: boolean): string {
  if (c.lo(i) === 0 && c.hi(i) === 0) return 'NULL';
  const b = readMem(c, c.lo(i), c.hi(i), 8);
  if (!b) return hex64(c.lo(i), c.hi(i));
  const w = (o: number) => readScalar(b, o, 4, false, c.little) as number;
  const lo = c.little ? w(0) : w(4), hi = c.little ? w(4) : w(0);
  return `[${signed ? s64dec(lo, hi) : u64dec(lo, hi)}]`;
}

/** _llseek(fd, offset_high, offset_low, loff_t *result, whence): `_llseek(3, 0, [0], SEEK_SET)`. */
export function decodeLlseek(c: Call): Decoded {
  // The kernel joins the halves as ((loff_t)high << 32) | low: only their low 32 bits count.
  return {
    enter: `${withFdPath(c, c.int(0), `${c.int(0)}`)}, ${s64dec(c.lo(2), c.lo(1))}, `,
    exit: (cc) => `${cc.failed ? hex64(cc.lo(3), cc.hi(3)) : int64At(cc, 3, false)}, ${printXval(whence, cc.lo(4), 0, 'SEEK_???')}`,
  };
}

/** sendfile(out, in, offset, count): the offset as given, and ` => [new]` after a transfer. */
export function decodeSendfile(c: Call): Decoded {
  const fds = `${withFdPath(c, c.int(0), `${c.int(0)}`)}, ${withFdPath(c, c.int(1), `${c.int(1)}`)}`;
  if (c.lo(2) === 0 && c.hi(2) === 0) return { enter: `${fds}, NULL, ${u64dec(c.lo(3), c.hi(3))}`, exit: null };
  return {
    enter: `${fds}, ${int64At(c, 2, true)}`,
    exit: (cc) => `${!cc.failed && cc.result ? ` => ${int64At(cc, 2, true)}` : ''}, ${u64dec(cc.lo(3), cc.hi(3))}`,
  };
}

const spliceFlags = xlat([['SPLICE_F_MOVE', 1], ['SPLICE_F_NONBLOCK', 2], ['SPLICE_F_MORE', 4], ['SPLICE_F_GIFT', 8]]);
const spliceFlagsStr = (c: Call, i: number) => printFlags(spliceFlags, c.lo(i), 0, 'SPLICE_F_???');

export const decodeSplice = (c: Call): Decoded => ({
  enter: `${withFdPath(c, c.int(0), `${c.int(0)}`)}, ${int64At(c, 1, true)}, ${withFdPath(c, c.int(2), `${c.int(2)}`)}, `
    + `${int64At(c, 3, true)}, ${u64dec(c.lo(4), c.hi(4))}, ${spliceFlagsStr(c, 5)}`,
  exit: null,
});
export const decodeTee = (c: Call): Decoded => ({
  enter: `${withFdPath(c, c.int(0), `${c.int(0)}`)}, ${withFdPath(c, c.int(1), `${c.int(1)}`)}, ${u64dec(c.lo(2), c.hi(2))}, ${spliceFlagsStr(c, 3)}`,
  exit: null,
});
export const decodeVmsplice = (c: Call): Decoded => ({
  enter: `${withFdPath(c, c.int(0), `${c.int(0)}`)}, ${renderArg(c, 1, 'iov:2')}, ${u64dec(c.lo(2), c.hi(2))}, ${spliceFlagsStr(c, 3)}`,
  exit: null,
});

const UTIME_NOW = (1 << 30) - 1, UTIME_OMIT = (1 << 30) - 2;

/** One timespec of utimensat: UTIME_NOW/UTIME_OMIT by name, else with its date as a comment. */
function utimeSpec(b: Uint8Array, L: ReturnType<typeof structLayout>, base: number): string {
  const nsec = Number(sdec(b, L, 'tv_nsec', base));
  if (nsec === UTIME_NOW) return 'UTIME_NOW';
  if (nsec === UTIME_OMIT) return 'UTIME_OMIT';
  const secLo = L.getLo(b, 'tv_sec', base), secHi = L.getHi(b, 'tv_sec', base);
  const sec = s64dec(secLo, secHi);
  const text = `{tv_sec=${sec}, tv_nsec=${nsec}}`;
  if (nsec < 0 || nsec >= 1e9) return text;
  const date = isoTime(Number(sec));
  const frac = nsec ? `.${String(nsec).padStart(9, '0')}` : '';
  return `${text} /* ${frac ? date.replace('+0000', `${frac}+0000`) : date} */`;
}

/** utimensat(dirfd, path, times[2], flags): `[{tv_sec=…, tv_nsec=0} /* date *\/, UTIME_OMIT]`. */
/** strace's print_mknod: the mode by type, then `makedev(major, minor)` for S_IFCHR/S_IFBLK only. */
function mknodArgs(c: Call, mode: number): string {
  const m = c.lo(mode), type = m & 0o170000;
  const dev = type === 0o20000 || type === 0o60000 ? `, ${makedev(c.lo(mode + 1), 0)}` : '';
  return `${modeStr(m)}${dev}`;
}
export const decodeMknod = (c: Call): Decoded => ({ enter: `${renderArg(c, 0, 'path')}, ${mknodArgs(c, 1)}`, exit: null });
export const decodeMknodat = (c: Call): Decoded => ({ enter: `${renderArg(c, 0, 'dirfd')}, ${renderArg(c, 1, 'path')}, ${mknodArgs(c, 2)}`, exit: null });

export function decodeUtimensat(c: Call): Decoded {
  return { enter: `${renderArg(c, 0, 'dirfd')}, ${renderArg(c, 1, 'path')}, ${utimesPair(c, 2)}, ${renderArg(c, 3, 'flags:at')}`, exit: null };
}

function utimesPair(c: Call, i: number): string {
  if (c.lo(i) === 0 && c.hi(i) === 0) return 'NULL';
  const L = structLayout('timespec', c.arch);
  const b = readMem(c, c.lo(i), c.hi(i), 2 * L.size);
  if (!b) return hex64(c.lo(i), c.hi(i));
  return `[${utimeSpec(b, L, 0)}, ${utimeSpec(b, L, L.size)}]`;
}
