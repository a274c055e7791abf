// System V IPC's structs (<linux/ipc.h>, <linux/shm.h>, <linux/sem.h>, <linux/msg.h> and each
// architecture's asm/ipcbuf.h, shmbuf.h, sembuf.h). Only the IPC_64 forms: what glibc passes on
// every 64-bit ABI. Three architectures differ, and their descriptors name their own:
// - PowerPC: ipc64_perm's seq is 32 bits; shmid64_ds puts the three times before shm_segsz.
// - s390x: ipc64_perm has 16 bits of padding before a 16-bit seq.
// - x86_64: semid64_ds keeps a spare long after each of its two times.
// The rest are the generic (asm-generic) declarations. Checked against the cross compilers'
// headers in test/abi/fixtures/layouts.json.
import { array, defineStruct, type StructDecl } from './struct.js';

const permHead = [
  ['key', 's32', 'the key it was created with (IPC_PRIVATE: 0)'],
  ['uid', 'u32', 'owner'],
  ['gid', 'u32', 'owner\'s group'],
  ['cuid', 'u32', 'creator'],
  ['cgid', 'u32', 'creator\'s group'],
  ['mode', 'u32', 'permission bits (and SHM_DEST/SHM_LOCKED for a segment)'],
] as const;

/** asm-generic's struct ipc64_perm: 48 bytes. */
export const ipc64Perm = defineStruct('ipc64_perm', [
  ...permHead,
  ['seq', 'u16', 'slot usage sequence number (the id is seq * 32768 + slot)'],
  ['__pad2', 'u16'],
  ['__pad3', 'u32'],
  ['__unused1', 'ulong'],
  ['__unused2', 'ulong'],
], 'the owner and permissions of an IPC object');

/** PowerPC's: seq is an unsigned int. */
export const ipc64PermPpc64 = defineStruct('ipc64_perm', [
  ...permHead,
  ['seq', 'u32', 'slot usage sequence number (the id is seq * 32768 + slot)'],
  ['__pad1', 'u32'],
  ['__unused1', 'u64'],
  ['__unused2', 'u64'],
], 'the owner and permissions of an IPC object');

/** s390x's: 16 bits of padding, then seq. */
export const ipc64PermS390x = defineStruct('ipc64_perm', [
  ...permHead,
  ['__pad1', 'u16'],
  ['seq', 'u16', 'slot usage sequence number (the id is seq * 32768 + slot)'],
  ['__pad2', 'u32'],
  ['__unused1', 'ulong'],
  ['__unused2', 'ulong'],
], 'the owner and permissions of an IPC object');

const shmTimes = [
  ['shm_atime', 'long', 'last shmat (seconds)'],
  ['shm_dtime', 'long', 'last shmdt'],
  ['shm_ctime', 'long', 'creation or last IPC_SET'],
] as const;
const shmTail = [
  ['shm_cpid', 'pid_t', 'creator'],
  ['shm_lpid', 'pid_t', 'last shmat/shmdt'],
  ['shm_nattch', 'ulong', 'current attaches'],
  ['__unused4', 'ulong'],
  ['__unused5', 'ulong'],
] as const;
const SHMCTL = 'shmctl(id, IPC_STAT / SHM_STAT / IPC_SET, struct shmid64_ds *)';

function shmid64(perm: StructDecl, timesFirst: boolean): StructDecl {
  const segsz = ['shm_segsz', 'size_t', 'size in bytes'] as const;
  return defineStruct('shmid64_ds', [
    ['shm_perm', perm],
    ...(timesFirst ? [...shmTimes, segsz] : [segsz, ...shmTimes]),
    ...shmTail,
  ], SHMCTL);
}

export const shmid64Ds = shmid64(ipc64Perm, false);
export const shmid64DsS390x = shmid64(ipc64PermS390x, false);
export const shmid64DsPpc64 = shmid64(ipc64PermPpc64, true);

function semid64(perm: StructDecl, spareAfterTimes: boolean): StructDecl {
  const spare = (n: number) => (spareAfterTimes ? [[`__unused${n}`, 'ulong'] as const] : []);
  return defineStruct('semid64_ds', [
    ['sem_perm', perm],
    ['sem_otime', 'long', 'last semop (seconds)'],
    ...spare(1),
    ['sem_ctime', 'long', 'creation or last change'],
    ...spare(2),
    ['sem_nsems', 'ulong', 'semaphores in the set'],
    ['__unused3', 'ulong'],
    ['__unused4', 'ulong'],
  ], 'semctl(id, 0, IPC_STAT / SEM_STAT / IPC_SET, struct semid64_ds *)');
}

export const semid64Ds = semid64(ipc64Perm, false);
export const semid64DsX86_64 = semid64(ipc64Perm, true);
export const semid64DsS390x = semid64(ipc64PermS390x, false);
export const semid64DsPpc64 = semid64(ipc64PermPpc64, false);

function msqid64(perm: StructDecl): StructDecl {
  return defineStruct('msqid64_ds', [
    ['msg_perm', perm],
    ['msg_stime', 'long', 'last msgsnd (seconds)'],
    ['msg_rtime', 'long', 'last msgrcv'],
    ['msg_ctime', 'long', 'creation or last change'],
    ['msg_cbytes', 'ulong', 'bytes queued'],
    ['msg_qnum', 'ulong', 'messages queued'],
    ['msg_qbytes', 'ulong', 'most bytes the queue holds'],
    ['msg_lspid', 'pid_t', 'last msgsnd'],
    ['msg_lrpid', 'pid_t', 'last msgrcv'],
    ['__unused4', 'ulong'],
    ['__unused5', 'ulong'],
  ], 'msgctl(id, IPC_STAT / MSG_STAT / IPC_SET, struct msqid64_ds *)');
}

export const msqid64Ds = msqid64(ipc64Perm);
export const msqid64DsS390x = msqid64(ipc64PermS390x);
export const msqid64DsPpc64 = msqid64(ipc64PermPpc64);

/** One semaphore operation of semop/semtimedop: 6 bytes everywhere. */
export const sembuf = defineStruct('sembuf', [
  ['sem_num', 'u16', 'which semaphore of the set'],
  ['sem_op', 's16', '>0: add; <0: wait until it can subtract; 0: wait for zero'],
  ['sem_flg', 's16', 'IPC_NOWAIT, SEM_UNDO'],
], 'semop(id, struct sembuf *sops, nsops)');

/** shmctl(IPC_INFO)'s limits. */
export const shminfo64 = defineStruct('shminfo64', [
  ['shmmax', 'ulong', 'largest segment (bytes)'],
  ['shmmin', 'ulong', 'smallest segment'],
  ['shmmni', 'ulong', 'most segments'],
  ['shmseg', 'ulong', 'most segments a process attaches (unused)'],
  ['shmall', 'ulong', 'most pages of all segments'],
  ['__unused1', 'ulong'], ['__unused2', 'ulong'], ['__unused3', 'ulong'], ['__unused4', 'ulong'],
], 'shmctl(0, IPC_INFO, struct shminfo64 *)');

/** shmctl(SHM_INFO)'s usage figures. */
export const shmInfo = defineStruct('shm_info', [
  ['used_ids', 'int', 'segments that exist'],
  ['shm_tot', 'ulong', 'pages of all segments'],
  ['shm_rss', 'ulong', 'resident pages'],
  ['shm_swp', 'ulong', 'swapped pages'],
  ['swap_attempts', 'ulong'],
  ['swap_successes', 'ulong'],
], 'shmctl(0, SHM_INFO, struct shm_info *)');

/** semctl(IPC_INFO / SEM_INFO): ten ints. */
export const seminfo = defineStruct('seminfo', [
  ['semmap', 'int'], ['semmni', 'int', 'most sets'], ['semmns', 'int', 'most semaphores in all sets'],
  ['semmnu', 'int'], ['semmsl', 'int', 'most semaphores in a set'], ['semopm', 'int', 'most operations per semop'],
  ['semume', 'int'], ['semusz', 'int', 'SEM_INFO: sets in use'], ['semvmx', 'int', 'largest semaphore value'],
  ['semaem', 'int', 'SEM_INFO: semaphores in use'],
], 'semctl(0, 0, IPC_INFO / SEM_INFO, struct seminfo *)');

/** msgctl(IPC_INFO / MSG_INFO): seven ints and a short. */
export const msginfo = defineStruct('msginfo', [
  ['msgpool', 'int', 'MSG_INFO: queues in use'], ['msgmap', 'int', 'MSG_INFO: messages queued'],
  ['msgmax', 'int', 'largest message'], ['msgmnb', 'int', 'default queue size in bytes'],
  ['msgmni', 'int', 'most queues'], ['msgssz', 'int'], ['msgtql', 'int', 'MSG_INFO: bytes queued'],
  ['msgseg', 'u16'],
], 'msgctl(0, IPC_INFO / MSG_INFO, struct msginfo *)');

/** ipc(MSGRCV) with version 0: the buffer and type travel in this pair (ipc/syscall.c). */
export const ipcKludge = defineStruct('ipc_kludge', [
  ['msgp', 'pointer', 'the struct msgbuf'],
  ['msgtyp', 'long', 'which message'],
], 'ipc(MSGRCV, id, size, flags, struct ipc_kludge *)');

export const ipcStructs = {
  ipc64_perm: ipc64Perm, shmid64_ds: shmid64Ds, semid64_ds: semid64Ds, msqid64_ds: msqid64Ds,
  sembuf, shminfo64, shm_info: shmInfo, seminfo, msginfo, ipc_kludge: ipcKludge,
};

/** The per-arch ones, for the descriptors' `structs`. */
export const ipcStructsPpc64 = { ipc64_perm: ipc64PermPpc64, shmid64_ds: shmid64DsPpc64, semid64_ds: semid64DsPpc64, msqid64_ds: msqid64DsPpc64 };
export const ipcStructsS390x = { ipc64_perm: ipc64PermS390x, shmid64_ds: shmid64DsS390x, semid64_ds: semid64DsS390x, msqid64_ds: msqid64DsS390x };
export const ipcStructsX86_64 = { semid64_ds: semid64DsX86_64 };
