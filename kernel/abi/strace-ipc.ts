// strace's decoding of System V IPC (its ipc_shm.c, ipc_sem.c, ipc_msg.c, ipc_msgctl.c,
// ipc_shmctl.c, ipc_semctl.c): keys as IPC_PRIVATE or hex, creation flags then the mode in
// octal, the *ctl structs by command (a STAT's on exit, IPC_SET's on entry, the INFO tables),
// sembuf arrays, and a message's mtype and mtext. Checked against strace 6.1 -f on the x86_64
// build of test/guests/files/sysv-glibc.c (test/e2e/strace-sysv.test.ts). The ipc() multiplexer
// prints as strace's own ipc decoder does: the call's name and the other five arguments in hex
// (strace on PowerPC and s390x shows the subcall instead; not reproduced here).
import { formatBuffer } from './quote.js';
import {
  addrOf, hexAddr, ptrStr, readMem, renderTimespec, s64dec, u64dec, withStruct, type Call, type Decoded, type StructRenderer,
} from './strace-decode.js';
import { printFlags, printXval, xlat, hex64 } from './xlat.js';
import { structLayout } from './structs.js';
import type { StructLayout } from './struct.js';

const IPC_64 = 0x100;
const ipcCreate = xlat([['IPC_CREAT', 0o1000], ['IPC_EXCL', 0o2000], ['SHM_HUGETLB', 0o4000], ['SHM_NORESERVE', 0o10000]]);
const semgetFlags = xlat([['IPC_CREAT', 0o1000], ['IPC_EXCL', 0o2000], ['IPC_NOWAIT', 0o4000]]);
const shmatFlags = xlat([['SHM_RDONLY', 0o10000], ['SHM_RND', 0o20000], ['SHM_REMAP', 0o40000], ['SHM_EXEC', 0o100000]]);
const semFlags = xlat([['IPC_NOWAIT', 0o4000], ['SEM_UNDO', 0x1000]]);
const msgFlags = xlat([['MSG_NOERROR', 0o10000], ['MSG_EXCEPT', 0o20000], ['MSG_COPY', 0o40000], ['IPC_NOWAIT', 0o4000]]);
const ipcCmds = [['IPC_RMID', 0], ['IPC_SET', 1], ['IPC_STAT', 2], ['IPC_INFO', 3]] as const;
const shmCmds = xlat([...ipcCmds, ['SHM_LOCK', 11], ['SHM_UNLOCK', 12], ['SHM_STAT', 13], ['SHM_INFO', 14], ['SHM_STAT_ANY', 15]]);
const semCmds = xlat([...ipcCmds, ['GETPID', 11], ['GETVAL', 12], ['GETALL', 13], ['GETNCNT', 14], ['GETZCNT', 15],
  ['SETVAL', 16], ['SETALL', 17], ['SEM_STAT', 18], ['SEM_INFO', 19], ['SEM_STAT_ANY', 20]]);
const msgCmds = xlat([...ipcCmds, ['MSG_STAT', 11], ['MSG_INFO', 12], ['MSG_STAT_ANY', 13]]);
const ipcCalls = xlat([['SEMOP', 1], ['SEMGET', 2], ['SEMCTL', 3], ['SEMTIMEDOP', 4], ['MSGSND', 11], ['MSGRCV', 12],
  ['MSGGET', 13], ['MSGCTL', 14], ['SHMAT', 21], ['SHMDT', 22], ['SHMGET', 23], ['SHMCTL', 24]]);

/** A key_t: IPC_PRIVATE, else hex. */
const key = (c: Call, i: number) => (c.int(i) === 0 ? 'IPC_PRIVATE' : `0x${(c.lo(i) >>> 0).toString(16)}`);
/** Creation flags by name, then the permission bits as %#03o (`IPC_CREAT|0600`, `000`). */
function getFlags(table: typeof ipcCreate, v: number): string {
  const names = printFlags(table, v & ~0o777, 0, null);
  const mode = (v & 0o777) === 0 ? '000' : `0${(v & 0o777).toString(8)}`;
  return names && names !== '0' ? `${names}|${mode}` : mode;
}
/** A *ctl command: IPC_64| when the caller set it (the multiplexer's form), then the name. */
function cmdStr(table: typeof shmCmds, v: number): string {
  const base = printXval(table, v & ~IPC_64, 0, null);
  return v & IPC_64 ? `IPC_64|${base}` : base;
}
/** An unsigned field in decimal, exact at 64 bits (shmmax is near 2^64). */
const u = (b: Uint8Array, L: StructLayout, f: string) =>
  (L.field(f).size === 8 ? u64dec(L.getLo(b, f), L.getHi(b, f)) : `${L.get(b, f) >>> 0}`);
const mode = (b: Uint8Array, L: StructLayout, base: number) => `0${(L.get(b, 'mode', base) >>> 0).toString(8)}`;

function permStr(c: Call, b: Uint8Array, L: StructLayout, field: string, full: boolean): string {
  const P = structLayout('ipc64_perm', c.arch);
  const o = L.offsetOf(field);
  const head = `uid=${P.get(b, 'uid', o)}, gid=${P.get(b, 'gid', o)}, mode=${mode(b, P, o)}`;
  return `${field}={${full ? `${head}, key=${P.get(b, 'key', o) | 0}, cuid=${P.get(b, 'cuid', o)}, cgid=${P.get(b, 'cgid', o)}` : head}}`;
}

const fields = (b: Uint8Array, L: StructLayout, names: readonly string[]) => names.map((n) => `${n}=${u(b, L, n)}`).join(', ');

const shmStat: StructRenderer = (c, b, L) => `{${permStr(c, b, L, 'shm_perm', true)}, `
  + `${fields(b, L, ['shm_segsz', 'shm_cpid', 'shm_lpid', 'shm_nattch', 'shm_atime', 'shm_dtime', 'shm_ctime'])}}`;
const semStat: StructRenderer = (c, b, L) => `{${permStr(c, b, L, 'sem_perm', true)}, ${fields(b, L, ['sem_otime', 'sem_ctime', 'sem_nsems'])}}`;
const msgStat: StructRenderer = (c, b, L) => `{${permStr(c, b, L, 'msg_perm', true)}, `
  + `${fields(b, L, ['msg_stime', 'msg_rtime', 'msg_ctime', 'msg_qnum', 'msg_qbytes', 'msg_lspid', 'msg_lrpid'])}}`;
const all = (names: readonly string[]): StructRenderer => (_c, b, L) => `{${fields(b, L, names)}}`;

/** A *ctl call whose buffer is argument `bi`: its struct by command, on entry (IPC_SET) or exit. */
function ctl(c: Call, head: string, cmdText: string, bi: number, cmd: number, kinds: {
  stat: readonly number[]; info: readonly number[]; struct: string; render: StructRenderer; set: StructRenderer;
  infoStruct: (cmd: number) => string; infoRender: StructRenderer;
}): Decoded {
  const at = `${head}, ${cmdText}, `;
  const lo = c.lo(bi), hi = c.hi(bi);
  if (cmd === 1 /* IPC_SET */) return { enter: at + withStruct(c, lo, hi, kinds.struct, kinds.set), exit: null };
  if (kinds.stat.includes(cmd) || kinds.info.includes(cmd)) {
    return {
      enter: at,
      exit: (cc) => (cc.failed ? ptrStr(lo, hi)
        : kinds.stat.includes(cmd) ? withStruct(cc, lo, hi, kinds.struct, kinds.render)
          : withStruct(cc, lo, hi, kinds.infoStruct(cmd), kinds.infoRender)),
    };
  }
  return { enter: at + ptrStr(lo, hi), exit: null };
}

const shmInfoRender = all(['used_ids', 'shm_tot', 'shm_rss', 'shm_swp', 'swap_attempts', 'swap_successes']);
const shminfoRender = all(['shmmax', 'shmmin', 'shmmni', 'shmseg', 'shmall']);

export function decodeShmctl(c: Call): Decoded {
  const cmd = c.int(1);
  return ctl(c, `${c.int(0)}`, cmdStr(shmCmds, cmd), 2, cmd & ~IPC_64, {
    stat: [2, 13, 15], info: [3, 14], struct: 'shmid64_ds', render: shmStat,
    set: (cc, b, L) => `{${permStr(cc, b, L, 'shm_perm', false)}}`,
    infoStruct: (k) => (k === 3 ? 'shminfo64' : 'shm_info'),
    infoRender: (cc, b, L) => (L.name === 'shminfo64' ? shminfoRender : shmInfoRender)(cc, b, L),
  });
}

export function decodeMsgctl(c: Call): Decoded {
  const cmd = c.int(1);
  return ctl(c, `${c.int(0)}`, cmdStr(msgCmds, cmd), 2, cmd & ~IPC_64, {
    stat: [2, 11, 13], info: [3, 12], struct: 'msqid64_ds', render: msgStat,
    set: (cc, b, L) => `{${permStr(cc, b, L, 'msg_perm', false)}, msg_qbytes=${u(b, L, 'msg_qbytes')}}`,
    infoStruct: () => 'msginfo',
    infoRender: all(['msgpool', 'msgmap', 'msgmax', 'msgmnb', 'msgmni', 'msgssz', 'msgtql', 'msgseg']),
  });
}

export function decodeSemctl(c: Call): Decoded {
  const cmd = c.int(2);
  const base = cmd & ~IPC_64;
  const head = `${c.int(0)}, ${c.int(1)}`;
  // SETVAL's union travels by value: strace prints the whole word in hex; the arrays' address.
  if (base === 16 /* SETVAL */) return { enter: `${head}, ${cmdStr(semCmds, cmd)}, ${hex64(c.lo(3), c.hi(3))}`, exit: null };
  return ctl(c, head, cmdStr(semCmds, cmd), 3, base, {
    stat: [2, 18, 20], info: [3, 19], struct: 'semid64_ds', render: semStat,
    set: (cc, b, L) => `{${permStr(cc, b, L, 'sem_perm', false)}}`,
    infoStruct: () => 'seminfo',
    infoRender: all(['semmap', 'semmni', 'semmns', 'semmnu', 'semmsl', 'semopm', 'semume', 'semusz', 'semvmx', 'semaem']),
  });
}

export const decodeShmget = (c: Call): Decoded => ({ enter: `${key(c, 0)}, ${c.num(1)}, ${getFlags(ipcCreate, c.int(2))}`, exit: null });
export const decodeSemget = (c: Call): Decoded => ({ enter: `${key(c, 0)}, ${c.int(1)}, ${getFlags(semgetFlags, c.int(2))}`, exit: null });
export const decodeMsgget = (c: Call): Decoded => ({ enter: `${key(c, 0)}, ${getFlags(semgetFlags, c.int(1))}`, exit: null });
export const decodeShmat = (c: Call): Decoded => ({
  enter: `${c.int(0)}, ${ptrStr(c.lo(1), c.hi(1))}, ${printFlags(shmatFlags, c.lo(2), 0, null) || '0'}`, exit: null, ret: (cc) => (cc.result ? hexAddr(cc.result) : '0'),
});

/** The sembuf array of semop/semtimedop (at most strace's 1024 elements shown). */
function sops(c: Call, i: number, n: number): string {
  const L = structLayout('sembuf', c.arch);
  const b = n > 0 && n <= 1024 ? readMem(c, c.lo(i), c.hi(i), n * L.size) : null;
  if (!b) return ptrStr(c.lo(i), c.hi(i));
  const one = (k: number) => {
    const base = k * L.size;
    return `{sem_num=${L.get(b, 'sem_num', base)}, sem_op=${L.get(b, 'sem_op', base)}, sem_flg=${printFlags(semFlags, L.get(b, 'sem_flg', base) & 0xffff, 0, null) || '0'}}`;
  };
  return `[${Array.from({ length: n }, (_, k) => one(k)).join(', ')}]`;
}

export const decodeSemop = (c: Call): Decoded => ({ enter: `${c.int(0)}, ${sops(c, 1, c.lo(2))}, ${c.lo(2)}`, exit: null });
export const decodeSemtimedop = (c: Call): Decoded => ({
  enter: `${c.int(0)}, ${sops(c, 1, c.lo(2))}, ${c.lo(2)}, ${withStruct(c, c.lo(3), c.hi(3), 'timespec', renderTimespec)}`, exit: null,
});

/** struct msgbuf: `{mtype=N, mtext="…"}` of `size` bytes. */
function msgbuf(c: Call, i: number, size: number): string {
  const a = addrOf(c.lo(i), c.hi(i));
  const t = readMem(c, c.lo(i), c.hi(i), 8);
  if (!t || a < 0) return ptrStr(c.lo(i), c.hi(i));
  const dv = new DataView(t.buffer, t.byteOffset, 8);
  return `{mtype=${dv.getBigInt64(0, c.little)}, mtext=${formatBuffer(c.mem, a + 8, size, c.strsize)}}`;
}

export const decodeMsgsnd = (c: Call): Decoded => ({
  enter: `${c.int(0)}, ${msgbuf(c, 1, c.num(2))}, ${c.num(2)}, ${printFlags(msgFlags, c.lo(3), 0, null) || '0'}`, exit: null,
});
export const decodeMsgrcv = (c: Call): Decoded => ({
  enter: `${c.int(0)}, `,
  exit: (cc) => `${cc.failed ? ptrStr(cc.lo(1), cc.hi(1)) : msgbuf(cc, 1, cc.num(2))}, ${cc.num(2)}, ${s64dec(cc.lo(3), cc.hi(3))}, ${printFlags(msgFlags, cc.lo(4), 0, null) || '0'}`,
});

/** strace's SYS_FUNC(ipc): `[version<<16|]CALL`, then the other five arguments in hex. */
export function decodeIpc(c: Call): Decoded {
  const version = c.lo(0) >>> 16;
  const call = printXval(ipcCalls, c.lo(0) & 0xffff, 0, null);
  const rest = [1, 2, 3, 4, 5].map((i) => hex64(c.lo(i), c.hi(i))).join(', ');
  return { enter: `${version ? `${version}<<16|` : ''}${call}, ${rest}`, exit: null };
}
