// strace renderers of process-information calls: prctl (its options decide its arguments),
// time (the result annotated as a date), and the structs of sigaltstack, gettimeofday,
// getrusage, times and sysinfo. Checked against strace 6.1: test/guests/strace/.
import {
  intAt, ptrStr, readMem, renderRusage, sdec, withStruct, type Call, type Decoded, type StructRenderer,
} from './strace-decode.js';
import { quoteBytes } from './quote.js';
import { readScalar } from './struct.js';
import { hex64, printFlags, printXval, xlat } from './xlat.js';
import { signalName } from './signal-names.js';
import { CAP_VERSION_1, CAP_VERSION_2, CAP_VERSION_3, NGROUPS_MAX } from '../creds.js';

/** `2026-01-01T00:00:00+0000`: strace's sprinttime, in UTC (the guest's clock has no zone). */
export function isoTime(sec: number): string {
  const d = new Date(sec * 1000);
  if (Number.isNaN(d.getTime())) return `${sec}`;
  return `${d.toISOString().slice(0, 19)}+0000`;
}

/** time: `time(NULL) = 1767225600 (2026-01-01T00:00:00+0000)`. */
export function decodeTime(c: Call): Decoded {
  return {
    enter: '',
    exit: (cc) => {
      if (cc.lo(0) === 0 && cc.hi(0) === 0) return 'NULL';
      const b = readMem(cc, cc.lo(0), cc.hi(0), 8);
      if (!b) return hex64(cc.lo(0), cc.hi(0));
      const v = Number(readScalar(b, 0, 8, true, cc.little));
      return `[${v} /* ${isoTime(v)} */]`;
    },
    ret: (cc) => `${cc.result} (${isoTime(cc.result ?? 0)})`,
  };
}

const ssFlags = xlat([['SS_ONSTACK', 1], ['SS_DISABLE', 2], ['SS_AUTODISARM', 0x80000000]]);

export const renderStack: StructRenderer = (_c, b, L) =>
  `{ss_sp=${ptrStr(L.getLo(b, 'ss_sp'), L.getHi(b, 'ss_sp'))}, ss_flags=${printFlags(ssFlags, L.get(b, 'ss_flags'), 0, 'SS_???')}, ` +
  `ss_size=${sdec(b, L, 'ss_size').replace(/^-/, '')}}`;

export const renderTimeval: StructRenderer = (_c, b, L) =>
  `{tv_sec=${sdec(b, L, 'tv_sec')}, tv_usec=${sdec(b, L, 'tv_usec')}}`;

export const renderTimezone: StructRenderer = (_c, b, L) =>
  `{tz_minuteswest=${L.get(b, 'tz_minuteswest') | 0}, tz_dsttime=${L.get(b, 'tz_dsttime') | 0}}`;

export const renderTms: StructRenderer = (_c, b, L) =>
  `{tms_utime=${sdec(b, L, 'tms_utime')}, tms_stime=${sdec(b, L, 'tms_stime')}, ` +
  `tms_cutime=${sdec(b, L, 'tms_cutime')}, tms_cstime=${sdec(b, L, 'tms_cstime')}}`;

export const renderSysinfo: StructRenderer = (c, b, L) => {
  const u = (f: string, base = 0) => {
    const lo = L.getLo(b, f, base), hi = L.getHi(b, f, base);
    return hi ? (BigInt(hi) << 32n | BigInt(lo)).toString() : `${lo}`;
  };
  const loads = L.field('loads');
  const ls: string[] = [];
  for (let k = 0; k < 3; k++) {
    const off = loads.offset + k * (loads.size / 3);
    ls.push(`${readScalar(b, off, loads.size / 3, false, c.little)}`);
  }
  return `{uptime=${sdec(b, L, 'uptime')}, loads=[${ls.join(', ')}], totalram=${u('totalram')}, freeram=${u('freeram')}, ` +
    `sharedram=${u('sharedram')}, bufferram=${u('bufferram')}, totalswap=${u('totalswap')}, freeswap=${u('freeswap')}, ` +
    `procs=${L.get(b, 'procs')}, totalhigh=${u('totalhigh')}, freehigh=${u('freehigh')}, mem_unit=${L.get(b, 'mem_unit')}}`;
};

export const rusageWho = xlat([['RUSAGE_SELF', 0], ['RUSAGE_CHILDREN', 0xffffffff], ['RUSAGE_THREAD', 1]]);
export { renderRusage };

const prOptions = xlat([
  ['PR_SET_PDEATHSIG', 1], ['PR_GET_PDEATHSIG', 2], ['PR_GET_DUMPABLE', 3], ['PR_SET_DUMPABLE', 4],
  ['PR_GET_UNALIGN', 5], ['PR_SET_UNALIGN', 6], ['PR_GET_KEEPCAPS', 7], ['PR_SET_KEEPCAPS', 8],
  ['PR_GET_FPEMU', 9], ['PR_SET_FPEMU', 10], ['PR_GET_FPEXC', 11], ['PR_SET_FPEXC', 12], ['PR_GET_TIMING', 13],
  ['PR_SET_TIMING', 14], ['PR_SET_NAME', 15], ['PR_GET_NAME', 16], ['PR_GET_ENDIAN', 19], ['PR_SET_ENDIAN', 20],
  ['PR_GET_SECCOMP', 21], ['PR_SET_SECCOMP', 22], ['PR_CAPBSET_READ', 23], ['PR_CAPBSET_DROP', 24],
  ['PR_GET_TSC', 25], ['PR_SET_TSC', 26], ['PR_GET_SECUREBITS', 27], ['PR_SET_SECUREBITS', 28],
  ['PR_SET_TIMERSLACK', 29], ['PR_GET_TIMERSLACK', 30], ['PR_TASK_PERF_EVENTS_DISABLE', 31],
  ['PR_TASK_PERF_EVENTS_ENABLE', 32], ['PR_MCE_KILL', 33], ['PR_MCE_KILL_GET', 34], ['PR_SET_MM', 35],
  ['PR_SET_CHILD_SUBREAPER', 36], ['PR_GET_CHILD_SUBREAPER', 37], ['PR_SET_NO_NEW_PRIVS', 38],
  ['PR_GET_NO_NEW_PRIVS', 39], ['PR_GET_TID_ADDRESS', 40], ['PR_SET_THP_DISABLE', 41],
  ['PR_GET_THP_DISABLE', 42], ['PR_MPX_ENABLE_MANAGEMENT', 43], ['PR_MPX_DISABLE_MANAGEMENT', 44],
  ['PR_SET_FP_MODE', 45], ['PR_GET_FP_MODE', 46], ['PR_CAP_AMBIENT', 47], ['PR_SVE_SET_VL', 50],
  ['PR_SVE_GET_VL', 51], ['PR_GET_SPECULATION_CTRL', 52], ['PR_SET_SPECULATION_CTRL', 53],
  ['PR_PAC_RESET_KEYS', 54], ['PR_SET_TAGGED_ADDR_CTRL', 55], ['PR_GET_TAGGED_ADDR_CTRL', 56],
  ['PR_SET_IO_FLUSHER', 57], ['PR_GET_IO_FLUSHER', 58], ['PR_SET_SYSCALL_USER_DISPATCH', 59],
  ['PR_PAC_SET_ENABLED_KEYS', 60], ['PR_PAC_GET_ENABLED_KEYS', 61], ['PR_SCHED_CORE', 62],
  ['PR_SET_VMA', 0x53564d41],
]);
/** <linux/capability.h>'s capability numbers, as strace's caps0/caps1 tables name them. */
const capabilities = xlat([
  'CAP_CHOWN', 'CAP_DAC_OVERRIDE', 'CAP_DAC_READ_SEARCH', 'CAP_FOWNER', 'CAP_FSETID', 'CAP_KILL', 'CAP_SETGID',
  'CAP_SETUID', 'CAP_SETPCAP', 'CAP_LINUX_IMMUTABLE', 'CAP_NET_BIND_SERVICE', 'CAP_NET_BROADCAST', 'CAP_NET_ADMIN',
  'CAP_NET_RAW', 'CAP_IPC_LOCK', 'CAP_IPC_OWNER', 'CAP_SYS_MODULE', 'CAP_SYS_RAWIO', 'CAP_SYS_CHROOT', 'CAP_SYS_PTRACE',
  'CAP_SYS_PACCT', 'CAP_SYS_ADMIN', 'CAP_SYS_BOOT', 'CAP_SYS_NICE', 'CAP_SYS_RESOURCE', 'CAP_SYS_TIME',
  'CAP_SYS_TTY_CONFIG', 'CAP_MKNOD', 'CAP_LEASE', 'CAP_AUDIT_WRITE', 'CAP_AUDIT_CONTROL', 'CAP_SETFCAP',
  'CAP_MAC_OVERRIDE', 'CAP_MAC_ADMIN', 'CAP_SYSLOG', 'CAP_WAKE_ALARM', 'CAP_BLOCK_SUSPEND', 'CAP_AUDIT_READ',
  'CAP_PERFMON', 'CAP_BPF', 'CAP_CHECKPOINT_RESTORE',
].map((name, i): [string, number] => [name, i]));
const dumpable = xlat([['SUID_DUMP_DISABLE', 0], ['SUID_DUMP_USER', 1], ['SUID_DUMP_ROOT', 2]]);

/** prctl: the option's name and the arguments that option takes, as strace's prctl.c prints them. */
export function decodePrctl(c: Call): Decoded {
  const opt = c.lo(0);
  const name = printXval(prOptions, opt, 0, 'PR_???');
  const rest = (from: number) => [name, ...[1, 2, 3, 4].slice(from - 1).map((i) => hex64(c.lo(i), c.hi(i)))].join(', ');
  switch (opt) {
    case 15: { // PR_SET_NAME: the comm, at most TASK_COMM_LEN (16) bytes
      const b = readMem(c, c.lo(1), c.hi(1), 16);
      const s = b ? quoteString16(b) : ptrStr(c.lo(1), c.hi(1));
      return { enter: `${name}, ${s}`, exit: null };
    }
    case 16: return {
      enter: `${name}, `,
      exit: (cc) => {
        if (cc.failed) return ptrStr(cc.lo(1), cc.hi(1));
        const b = readMem(cc, cc.lo(1), cc.hi(1), 16);
        return b ? quoteString16(b) : ptrStr(cc.lo(1), cc.hi(1));
      },
    };
    case 1: return { enter: `${name}, ${c.lo(1) === 0 ? '0' : signalName(c.lo(1))}`, exit: null };
    case 2: return {
      enter: `${name}, `,
      exit: (cc) => {
        if (cc.failed) return ptrStr(cc.lo(1), cc.hi(1));
        const b = readMem(cc, cc.lo(1), cc.hi(1), 4);
        if (!b) return ptrStr(cc.lo(1), cc.hi(1));
        const v = readScalar(b, 0, 4, true, cc.little) as number;
        return `[${v === 0 ? '0' : signalName(v)}]`;
      },
    };
    case 3: return { enter: name, exit: null, ret: (cc) => `${cc.result} (${printXval(dumpable, cc.result ?? 0, 0, 'SUID_DUMP_???')})` };
    case 4: return { enter: `${name}, ${printXval(dumpable, c.lo(1), c.hi(1), 'SUID_DUMP_???')}`, exit: null };
    case 7: case 21: case 30: case 13: case 19: case 27: case 42: case 46: case 56:
      return { enter: name, exit: null };
    case 8: case 36: case 29: return { enter: `${name}, ${c.lo(1)}`, exit: null };
    case 37: return {
      enter: `${name}, `,
      exit: (cc) => (cc.failed ? ptrStr(cc.lo(1), cc.hi(1)) : intAt(cc, cc.lo(1), cc.hi(1))),
    };
    case 40: return {
      // PR_GET_TID_ADDRESS: a pointer-sized word (printnum_ptr).
      enter: `${name}, `,
      exit: (cc) => {
        const b = cc.failed ? null : readMem(cc, cc.lo(1), cc.hi(1), 8);
        if (!b) return ptrStr(cc.lo(1), cc.hi(1));
        const v = BigInt.asUintN(64, BigInt(readScalar(b, 0, 8, false, cc.little)));
        return `[${v === 0n ? 'NULL' : `0x${v.toString(16)}`}]`;
      },
    };
    case 23: case 24: return { enter: `${name}, ${printXval(capabilities, c.lo(1), c.hi(1), 'CAP_???')}`, exit: null };
    case 38: return { enter: `${name}, ${c.lo(1) + c.hi(1) * 2 ** 32}, ${rest(2).slice(name.length + 2)}`, exit: null };
    case 39: case 31: case 32: return { enter: rest(1), exit: null };
    default: return { enter: rest(1), exit: null };
  }
}

function quoteString16(b: Uint8Array): string {
  const q = quoteBytes(b, 15, { nulTerminated: true });
  return q.sawNul ? q.text : `${q.text}...`;
}


/** sched_getaffinity(pid, len, mask): on success the CPUs of the copied mask, as strace's `[0 1]`. */
export function decodeSchedGetaffinity(c: Call): Decoded {
  return {
    enter: `${c.lo(0) | 0}, ${c.lo(1) + c.hi(1) * 2 ** 32}, `,
    exit: (cc) => {
      const n = cc.result ?? 0;
      const b = cc.failed || n <= 0 ? null : readMem(cc, cc.lo(2), cc.hi(2), n);
      if (!b) return ptrStr(cc.lo(2), cc.hi(2));
      const cpus: number[] = [];
      // The mask is an array of unsigned longs: bit i of word w is CPU 64w + i.
      for (let w = 0; w * 8 < n; w++) {
        const word = BigInt.asUintN(64, BigInt(readScalar(b, w * 8, 8, false, cc.little)));
        for (let i = 0; i < 64; i++) if ((word >> BigInt(i)) & 1n) cpus.push(w * 64 + i);
      }
      return `[${cpus.join(' ')}]`;
    },
  };
}

/** getgroups(size, list): the groups copied (the result says how many), as `[0, 4]`. */
export function decodeGetgroups(c: Call): Decoded {
  return {
    enter: `${c.lo(0) | 0}, `,
    exit: (cc) => {
      const n = cc.result ?? 0;
      if (cc.failed || (cc.lo(0) | 0) === 0) return ptrStr(cc.lo(1), cc.hi(1));
      const b = readMem(cc, cc.lo(1), cc.hi(1), 4 * n);
      if (!b) return ptrStr(cc.lo(1), cc.hi(1));
      const gids: number[] = [];
      for (let i = 0; i < n; i++) gids.push(Number(readScalar(b, 4 * i, 4, false, cc.little)));
      return `[${gids.join(', ')}]`;
    },
  };
}

/** setgroups(size, list): the list as strace prints it at entry (an address if empty, too long or unreadable). */
export function decodeSetgroups(c: Call): Decoded {
  const n = c.lo(0) >>> 0;
  const b = n > 0 && n <= NGROUPS_MAX ? readMem(c, c.lo(1), c.hi(1), 4 * n) : null;
  const list = b ? `[${Array.from({ length: n }, (_, i) => readScalar(b, 4 * i, 4, false, c.little)).join(', ')}]` : ptrStr(c.lo(1), c.hi(1));
  return { enter: `${n | 0}, ${list}`, exit: null };
}

// capget/capset: the header { version, pid } as it was at entry, then the data blocks.
const CAP_VERSIONS: Readonly<Record<number, [name: string, blocks: number]>> = {
  [CAP_VERSION_1]: ['_LINUX_CAPABILITY_VERSION_1', 1], [CAP_VERSION_2]: ['_LINUX_CAPABILITY_VERSION_2', 2],
  [CAP_VERSION_3]: ['_LINUX_CAPABILITY_VERSION_3', 2],
};
const CAP_NAMES = ['CHOWN', 'DAC_OVERRIDE', 'DAC_READ_SEARCH', 'FOWNER', 'FSETID', 'KILL', 'SETGID', 'SETUID', 'SETPCAP',
  'LINUX_IMMUTABLE', 'NET_BIND_SERVICE', 'NET_BROADCAST', 'NET_ADMIN', 'NET_RAW', 'IPC_LOCK', 'IPC_OWNER', 'SYS_MODULE',
  'SYS_RAWIO', 'SYS_CHROOT', 'SYS_PTRACE', 'SYS_PACCT', 'SYS_ADMIN', 'SYS_BOOT', 'SYS_NICE', 'SYS_RESOURCE', 'SYS_TIME',
  'SYS_TTY_CONFIG', 'MKNOD', 'LEASE', 'AUDIT_WRITE', 'AUDIT_CONTROL', 'SETFCAP', 'MAC_OVERRIDE', 'MAC_ADMIN', 'SYSLOG',
  'WAKE_ALARM', 'BLOCK_SUSPEND', 'AUDIT_READ', 'PERFMON', 'BPF', 'CHECKPOINT_RESTORE'];

/** `1<<CAP_CHOWN|1<<CAP_KILL`, or 0. */
function capBits(lo: number, hi: number): string {
  const names: string[] = [];
  for (let i = 0; i < 64; i++) {
    if (((i < 32 ? lo : hi) >>> (i % 32)) & 1) names.push(`1<<CAP_${CAP_NAMES[i] ?? '???'}`);
  }
  return names.length ? names.join('|') : '0';
}

/** The header's text and how many data blocks strace reads for its version (an unknown one: 1; unreadable: 0). */
function capHeader(c: Call): [string, number] {
  const b = readMem(c, c.lo(0), c.hi(0), 8);
  if (!b) return [ptrStr(c.lo(0), c.hi(0)), 0];
  const v = readScalar(b, 0, 4, false, c.little);
  const known = CAP_VERSIONS[v];
  const version = known ? known[0] : `0x${v.toString(16)} /* _LINUX_CAPABILITY_VERSION_??? */`;
  return [`{version=${version}, pid=${readScalar(b, 4, 4, true, c.little)}}`, known ? known[1] : 1];
}

function capData(c: Call, blocks: number): string {
  const b = blocks && (c.lo(1) || c.hi(1)) ? readMem(c, c.lo(1), c.hi(1), 12 * blocks) : null;
  if (!b) return ptrStr(c.lo(1), c.hi(1));
  const word = (block: number, j: number) => (block < blocks ? readScalar(b, 12 * block + 4 * j, 4, false, c.little) : 0);
  const set = (j: number) => capBits(word(0, j), word(1, j));
  return `{effective=${set(0)}, permitted=${set(1)}, inheritable=${set(2)}}`;
}

/** capget(header, data): the data is the call's output, shown when it succeeded. */
export function decodeCapget(c: Call): Decoded {
  const [header] = capHeader(c);
  return { enter: `${header}, `, exit: (cc) => (cc.failed ? ptrStr(cc.lo(1), cc.hi(1)) : capData(cc, capHeader(cc)[1])) };
}

/** capset(header, data): both inputs. */
export function decodeCapset(c: Call): Decoded {
  const [header, blocks] = capHeader(c);
  return { enter: `${header}, ${capData(c, blocks)}`, exit: null };
}

// personality(2): the execution domain (the low byte, strace's table holds only the domains
// without flags of their own) then the flags, abbreviated; the result the same after its hex.
const perDomains = xlat([['PER_LINUX', 0], ['PER_BSD', 6], ['PER_LINUX32', 8], ['PER_RISCOS', 0xc], ['PER_OSF4', 0xf], ['PER_HPUX', 0x10]]);
const perFlags = xlat([['UNAME26', 0x20000], ['ADDR_NO_RANDOMIZE', 0x40000], ['FDPIC_FUNCPTRS', 0x80000], ['MMAP_PAGE_ZERO', 0x100000],
  ['ADDR_COMPAT_LAYOUT', 0x200000], ['READ_IMPLIES_EXEC', 0x400000], ['ADDR_LIMIT_32BIT', 0x800000], ['SHORT_INODE', 0x1000000],
  ['WHOLE_SECONDS', 0x2000000], ['STICKY_TIMEOUTS', 0x4000000], ['ADDR_LIMIT_3GB', 0x8000000]]);
function personalityStr(p: number): string {
  const flags = (p & ~0xff) >>> 0;
  const domain = printXval(perDomains, p & 0xff, 0, 'PER_???');
  return flags ? `${domain}|${printFlags(perFlags, flags, 0, null)}` : domain;
}

export function decodePersonality(c: Call): Decoded {
  const p = c.lo(0) >>> 0;
  return {
    enter: p === 0xffffffff ? '0xffffffff' : personalityStr(p),
    exit: null,
    ret: (cc) => `${hex64(cc.result ?? 0, 0)} (${personalityStr(cc.result ?? 0)})`,
  };
}
