// --strace decodes System V IPC as strace 6.1 does: shmget/semget/msgget keys and creation flags
// with the mode in octal, shmat's flags and address, each *ctl command's struct (IPC_STAT's and
// the *_STAT walk's on exit, IPC_SET's on entry, the IPC_INFO/SHM_INFO/SEM_INFO/MSG_INFO tables,
// NULL or the address otherwise), semtimedop's sembuf array and timeout, SETVAL's word in hex,
// and msgsnd/msgrcv's {mtype, mtext} (msgrcv's on exit, its buffer size shown). The expected lines
// are every distinct IPC line real strace -f printed for the x86_64 build of sysv-glibc run
// natively (in unshare --ipc), with pids, times and stack addresses made neutral.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tricorn } from './cli.js';
import { perTask } from './strace-oracle-norm.js';

const expected = [
  "msgctl(0, IPC_RMID, NULL) = 0",
  "msgctl(0, IPC_SET, {msg_perm={uid=0, gid=0, mode=0600}, msg_qbytes=100}) = 0",
  "msgctl(0, IPC_STAT, {msg_perm={uid=0, gid=0, mode=0600, key=0, cuid=0, cgid=0}, msg_stime=T, msg_rtime=0, msg_ctime=T, msg_qnum=3, msg_qbytes=16384, msg_lspid=N, msg_lrpid=0}) = 0",
  "msgctl(0, IPC_STAT, {msg_perm={uid=0, gid=0, mode=0600, key=0, cuid=0, cgid=0}, msg_stime=T, msg_rtime=T, msg_ctime=T, msg_qnum=0, msg_qbytes=100, msg_lspid=N, msg_lrpid=N}) = 0",
  "msgctl(0, IPC_STAT, {msg_perm={uid=0, gid=0, mode=0600, key=0, cuid=0, cgid=0}, msg_stime=T, msg_rtime=T, msg_ctime=T, msg_qnum=0, msg_qbytes=16384, msg_lspid=N, msg_lrpid=N}) = 0",
  "msgctl(0, MSG_INFO, {msgpool=1, msgmap=0, msgmax=8192, msgmnb=16384, msgmni=32000, msgssz=16, msgtql=0, msgseg=65535}) = 0",
  "msgctl(1, IPC_RMID, NULL) = 0",
  "msgctl(2, IPC_RMID, NULL) = 0",
  "msgget(0x77, 000) = -1 ENOENT (No such file or directory)",
  "msgget(0x77, 000) = 1",
  "msgget(0x77, IPC_CREAT|0600) = 1",
  "msgget(IPC_PRIVATE, 0600) = 2",
  "msgget(IPC_PRIVATE, IPC_CREAT|0600) = 0",
  "msgrcv(0, 0x7f…, 4, 0, 0) = -1 E2BIG (Argument list too long)",
  "msgrcv(0, 0x7f…, 64, 0, 0) = -1 EIDRM (Identifier removed)",
  "msgrcv(0, 0x7f…, 64, 0, IPC_NOWAIT) = -1 ENOMSG (No message of desired type)",
  "msgrcv(0, 0x7f…, 64, 1, MSG_COPY) = -1 EINVAL (Invalid argument)",
  "msgrcv(0, 0x7f…, 64, 2, MSG_COPY|IPC_NOWAIT) = -1 ENOMSG (No message of desired type)",
  "msgrcv(0, {mtype=1, mtext=\"message of type 1\\0\\0\\0\\24\\0\\0\\0\\377\\177\\0\\0\\377\\177\\0\\0\"...}, 64, -3, 0) = 18",
  "msgrcv(0, {mtype=1, mtext=\"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\"...}, 64, 0, 0) = 60",
  "msgrcv(0, {mtype=2, mtext=\"message of type 2\\0\\0\\0\\24\\0\\0\\0\\377\\177\\0\\0\\377\\177\\0\\0\"...}, 64, 2, 0) = 18",
  "msgrcv(0, {mtype=3, mtext=\"mess\"}, 4, 0, MSG_NOERROR) = 4",
  "msgrcv(0, {mtype=5, mtext=\"five\\0ge of type 1\\0\\0\\0\\24\\0\\0\\0\\377\\177\\0\\0\\377\\177\\0\\0\"...}, 64, 0, 0) = 5",
  "msgrcv(0, {mtype=6, mtext=\"six\\0\\0ge of type 1\\0\\0\\0\\24\\0\\0\\0\\377\\177\\0\\0\\377\\177\\0\\0\"...}, 64, 1, MSG_COPY|IPC_NOWAIT) = 4",
  "msgrcv(0, {mtype=6, mtext=\"six\\0\\0ge of type 1\\0\\0\\0\\24\\0\\0\\0\\377\\177\\0\\0\\377\\177\\0\\0\"...}, 64, 5, MSG_EXCEPT) = 4",
  "msgrcv(0, {mtype=9, mtext=\"to the child\\0xxxxxxxxxxxxxxxxxxx\"...}, 64, 9, 0) = 13",
  "msgsnd(0, {mtype=0, mtext=\"mess\"}, 4, 0) = -1 EINVAL (Invalid argument)",
  "msgsnd(0, {mtype=1, mtext=\"message of type 1\\0\"}, 18, 0) = 0",
  "msgsnd(0, {mtype=1, mtext=\"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\"...}, 60, IPC_NOWAIT) = -1 EAGAIN (Resource temporarily unavailable)",
  "msgsnd(0, {mtype=1, mtext=\"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\"...}, 60, IPC_NOWAIT) = 0",
  "msgsnd(0, {mtype=2, mtext=\"message of type 2\\0\"}, 18, 0) = 0",
  "msgsnd(0, {mtype=3, mtext=\"message of type 3\\0\"}, 18, 0) = 0",
  "msgsnd(0, {mtype=5, mtext=\"five\\0\"}, 5, 0) = 0",
  "msgsnd(0, {mtype=6, mtext=\"six\\0\"}, 4, 0) = 0",
  "msgsnd(0, {mtype=9, mtext=\"t\"}, 1, 0) = -1 EINVAL (Invalid argument)",
  "msgsnd(0, {mtype=9, mtext=\"to the child\\0\"}, 13, 0) = 0",
  "msgsnd(2, {mtype=1, mtext=\"\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\"...}, 101, 0) = -1 EINVAL (Invalid argument)",
  "msgsnd(2, {mtype=3, mtext=\"abcdef\\0\"}, 7, 0) = 0",
  "semctl(0, 0, GETALL, 0x7f…) = 0",
  "semctl(0, 0, GETNCNT, NULL) = 0",
  "semctl(0, 0, GETNCNT, NULL) = 1",
  "semctl(0, 0, GETPID, NULL) = N",
  "semctl(0, 0, GETVAL, NULL) = -1 EINVAL (Invalid argument)",
  "semctl(0, 0, GETVAL, NULL) = 0",
  "semctl(0, 0, GETZCNT, NULL) = 0",
  "semctl(0, 0, IPC_INFO, {semmap=1024000000, semmni=32000, semmns=1024000000, semmnu=1024000000, semmsl=32000, semopm=500, semume=500, semusz=20, semvmx=32767, semaem=32767}) = 0",
  "semctl(0, 0, IPC_RMID, NULL) = 0",
  "semctl(0, 0, IPC_SET, {sem_perm={uid=0, gid=0, mode=0640}}) = 0",
  "semctl(0, 0, IPC_STAT, {sem_perm={uid=0, gid=0, mode=0600, key=0, cuid=0, cgid=0}, sem_otime=T, sem_ctime=T, sem_nsems=3}) = 0",
  "semctl(0, 0, IPC_STAT, {sem_perm={uid=0, gid=0, mode=0640, key=0, cuid=0, cgid=0}, sem_otime=T, sem_ctime=T, sem_nsems=3}) = 0",
  "semctl(0, 0, SEM_INFO, {semmap=1024000000, semmni=32000, semmns=1024000000, semmnu=1024000000, semmsl=32000, semopm=500, semume=500, semusz=1, semvmx=32767, semaem=3}) = 0",
  "semctl(0, 0, SETALL, 0x7f…) = 0",
  "semctl(0, 0, SETVAL, 0x7f…) = -1 ERANGE (Numerical result out of range)",
  "semctl(0, 1, GETPID, NULL) = N",
  "semctl(0, 1, GETVAL, NULL) = 1",
  "semctl(0, 1, GETVAL, NULL) = 5",
  "semctl(0, 1, SETVAL, 0x5) = 0",
  "semctl(0, 2, GETNCNT, NULL) = 0",
  "semctl(0, 2, GETNCNT, NULL) = 1",
  "semctl(0, 7, GETVAL, NULL) = -1 EINVAL (Invalid argument)",
  "semctl(1, 0, IPC_RMID, NULL) = 0",
  "semget(0x55, 3, IPC_CREAT|0600) = 1",
  "semget(IPC_PRIVATE, 3, IPC_CREAT|0600) = 0",
  "semtimedop(0, [{sem_num=0, sem_op=-2, sem_flg=IPC_NOWAIT}], 1, NULL) = -1 EAGAIN (Resource temporarily unavailable)",
  "semtimedop(0, [{sem_num=0, sem_op=-3, sem_flg=0}], 1, NULL) = 0",
  "semtimedop(0, [{sem_num=0, sem_op=2, sem_flg=0}], 1, NULL) = 0",
  "semtimedop(0, [{sem_num=1, sem_op=-1, sem_flg=0}, {sem_num=2, sem_op=1, sem_flg=0}], 2, NULL) = 0",
  "semtimedop(0, [{sem_num=1, sem_op=4, sem_flg=SEM_UNDO}], 1, NULL) = 0",
  "semtimedop(0, [{sem_num=2, sem_op=-100, sem_flg=0}], 1, NULL) = -1 EIDRM (Identifier removed)",
  "semtimedop(0, [{sem_num=2, sem_op=0, sem_flg=0}], 1, {tv_sec=0, tv_nsec=10000000}) = -1 EAGAIN (Resource temporarily unavailable)",
  "semtimedop(0, [{sem_num=2, sem_op=32767, sem_flg=0}], 1, NULL) = -1 ERANGE (Numerical result out of range)",
  "semtimedop(0, [{sem_num=5, sem_op=1, sem_flg=0}], 1, NULL) = -1 EFBIG (File too large)",
  "shmat(0, 0x12345, 0) = -1 EINVAL (Invalid argument)",
  "shmat(0, 0x40001234, SHM_RND) = 0x40001000",
  "shmat(0, NULL, 0) = 0x7f…",
  "shmat(0, NULL, SHM_REMAP) = -1 EINVAL (Invalid argument)",
  "shmat(1, NULL, SHM_RDONLY) = 0x7f…",
  "shmat(2, NULL, 0) = 0x7f…",
  "shmctl(0, IPC_INFO, {shmmax=18446744073692774399, shmmin=1, shmmni=4096, shmseg=4096, shmall=18446744073692774399}) = 0",
  "shmctl(0, IPC_RMID, NULL) = 0",
  "shmctl(0, IPC_STAT, 0x7f…) = -1 EINVAL (Invalid argument)",
  "shmctl(0, IPC_STAT, {shm_perm={uid=0, gid=0, mode=0600, key=0, cuid=0, cgid=0}, shm_segsz=10000, shm_cpid=N, shm_lpid=0, shm_nattch=0, shm_atime=0, shm_dtime=0, shm_ctime=T}) = 0",
  "shmctl(0, IPC_STAT, {shm_perm={uid=0, gid=0, mode=0600, key=0, cuid=0, cgid=0}, shm_segsz=10000, shm_cpid=N, shm_lpid=N, shm_nattch=0, shm_atime=T, shm_dtime=T, shm_ctime=T}) = 0",
  "shmctl(0, IPC_STAT, {shm_perm={uid=0, gid=0, mode=0600, key=0, cuid=0, cgid=0}, shm_segsz=10000, shm_cpid=N, shm_lpid=N, shm_nattch=1, shm_atime=T, shm_dtime=0, shm_ctime=T}) = 0",
  "shmctl(0, IPC_STAT, {shm_perm={uid=0, gid=0, mode=0600, key=0, cuid=0, cgid=0}, shm_segsz=10000, shm_cpid=N, shm_lpid=N, shm_nattch=1, shm_atime=T, shm_dtime=T, shm_ctime=T}) = 0",
  "shmctl(0, IPC_STAT, {shm_perm={uid=0, gid=0, mode=0600, key=0, cuid=0, cgid=0}, shm_segsz=10000, shm_cpid=N, shm_lpid=N, shm_nattch=2, shm_atime=T, shm_dtime=0, shm_ctime=T}) = 0",
  "shmctl(0, SHM_INFO, {used_ids=1, shm_tot=3, shm_rss=1, shm_swp=0, swap_attempts=0, swap_successes=0}) = 0",
  "shmctl(0, SHM_STAT, {shm_perm={uid=0, gid=0, mode=0600, key=0, cuid=0, cgid=0}, shm_segsz=10000, shm_cpid=N, shm_lpid=N, shm_nattch=0, shm_atime=T, shm_dtime=T, shm_ctime=T}) = 0",
  "shmctl(1, IPC_RMID, NULL) = 0",
  "shmctl(1, IPC_STAT, 0x7f…) = -1 EINVAL (Invalid argument)",
  "shmctl(1, IPC_STAT, {shm_perm={uid=0, gid=0, mode=01640, key=0, cuid=0, cgid=0}, shm_segsz=4096, shm_cpid=N, shm_lpid=N, shm_nattch=1, shm_atime=T, shm_dtime=T, shm_ctime=T}) = 0",
  "shmctl(2, IPC_RMID, NULL) = 0",
  "shmdt(0x40001000) = 0",
  "shmdt(0x7f…) = -1 EINVAL (Invalid argument)",
  "shmdt(0x7f…) = 0",
  "shmget(0x1234, 10000, IPC_CREAT|0640) = 2",
  "shmget(0x5eed, 2048, 000) = 1",
  "shmget(0x5eed, 4096, 000) = -1 ENOENT (No such file or directory)",
  "shmget(0x5eed, 4096, 0600) = -1 ENOENT (No such file or directory)",
  "shmget(0x5eed, 4096, IPC_CREAT|0640) = 1",
  "shmget(0x5eed, 4096, IPC_CREAT|IPC_EXCL|0640) = -1 EEXIST (File exists)",
  "shmget(0x5eed, 8192, 000) = -1 EINVAL (Invalid argument)",
  "shmget(IPC_PRIVATE, 0, 0600) = -1 EINVAL (Invalid argument)",
  "shmget(IPC_PRIVATE, 10000, IPC_CREAT|0600) = 0",
  "shmget(IPC_PRIVATE, 4096, 0600) = 0",
];

/** Lines of the IPC calls, split calls joined, with what differs between runs made neutral. */
function normalise(stderr: string): Set<string> {
  const out = new Set<string>();
  for (const seq of perTask(stderr.split('\n')).values()) {
    for (const l of seq) {
      if (!/^(shm|sem|msg)\w*\(/.test(l)) continue;
      out.add(l.replace(/ +=/, ' =').replace(/0x7f[0-9a-f]+/g, '0x7f…').replace(/(_[acdrso]?time)=[1-9]\d*/g, '$1=T')
        .replace(/(cpid|lpid|lspid|lrpid)=[1-9]\d*/g, '$1=N').replace(/^(semctl\(\d+, \d+, GETPID, NULL\) = )\d+$/, '$1N'));
    }
  }
  return out;
}

test('strace of sysv-glibc: every System V IPC line as strace 6.1 prints it', () => {
  const r = tricorn(['run', '--strace', 'test/guests/files/bin/x86_64/sysv-glibc']);
  assert.equal(r.status, 0, r.stderr);
  const lines = normalise(r.stderr);
  for (const want of expected) assert.ok(lines.has(want), `missing: ${want}`);
  assert.equal(lines.size, expected.length, [...lines].filter((l) => !expected.includes(l)).join('\n'));
});
