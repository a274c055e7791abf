// System V IPC through glibc: shared memory (attach, fork, detach, IPC_RMID while attached,
// SHM_RDONLY), semaphores (values, blocking semop woken by another process, SEM_UNDO at exit,
// timeouts, removal under a sleeper) and message queues (types, MSG_EXCEPT, MSG_COPY, negative types,
// truncation, a full queue, a blocked receiver), the limits IPC_INFO reports, the *_STAT walk
// ipcs makes, a new IPC namespace, and /proc/sysvipc and /proc/sys/kernel's limits (a write
// to msgmax taking effect). Run as the first process of a fresh IPC namespace
// (Linux's transcript: `unshare --ipc`), so ids start at 0. Times and pids are printed as
// comparisons, not values.
#define _GNU_SOURCE
#include <sched.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "show.h"

union semun { int val; struct semid_ds *buf; unsigned short *array; struct seminfo *__buf; };
struct msg { long mtype; char mtext[64]; };

static void waitchild(const char *who) {
  int st;
  wait(&st);
  if (WIFSIGNALED(st)) printf("%s: killed by %s\n", who, sigabbrev_np(WTERMSIG(st)));
  else printf("%s: exit %d\n", who, WEXITSTATUS(st));
  fflush(stdout);
}

static void shm_walk(void) {
  puts("-- shared memory");
  int id = shmget(IPC_PRIVATE, 10000, IPC_CREAT | 0600);
  SHOW(id);
  struct shmid_ds ds;
  SHOW(shmctl(id, IPC_STAT, &ds));
  printf("segsz %zu nattch %lu mode %o key %d cpid is me %d atime %ld\n", ds.shm_segsz, (unsigned long)ds.shm_nattch,
         ds.shm_perm.mode, ds.shm_perm.__key, ds.shm_cpid == getpid(), (long)ds.shm_atime);
  char *p = shmat(id, NULL, 0);
  SHOW(p == (char *)-1 ? -1 : 0);
  strcpy(p, "parent wrote this");
  shmctl(id, IPC_STAT, &ds);
  printf("after shmat: nattch %lu lpid is me %d atime set %d\n", (unsigned long)ds.shm_nattch, ds.shm_lpid == getpid(), ds.shm_atime > 0);
  fflush(stdout);
  pid_t c = fork();
  if (c == 0) {
    shmctl(id, IPC_STAT, &ds);
    printf("child: nattch %lu, reads \"%s\"\n", (unsigned long)ds.shm_nattch, p);
    strcpy(p + 100, "child wrote this");
    fflush(stdout);
    _exit(0);
  }
  waitchild("child");
  shmctl(id, IPC_STAT, &ds);
  printf("parent reads \"%s\"; nattch %lu, lpid is child %d\n", p + 100, (unsigned long)ds.shm_nattch, ds.shm_lpid == c);
  SHOW(shmdt(p));
  SHOW(shmdt(p));
  shmctl(id, IPC_STAT, &ds);
  printf("after shmdt: nattch %lu dtime set %d\n", (unsigned long)ds.shm_nattch, ds.shm_dtime > 0);
  SHOW(shmat(id, (void *)0x12345, 0) == (void *)-1 ? -1 : 0);
  char *q = shmat(id, (void *)0x40001234, SHM_RND);
  long ps = sysconf(_SC_PAGESIZE);
  printf("SHM_RND: rounded down to SHMLBA (the page size) %d, still holds \"%s\"\n", q == (char *)(0x40001234L & ~(ps - 1)), q);
  SHOW(shmdt(q));
  SHOW(shmat(id, NULL, SHM_REMAP) == (void *)-1 ? -1 : 0);

  SHOW(shmget(0x5eed, 4096, 0600));
  int k = shmget(0x5eed, 4096, IPC_CREAT | 0640);
  SHOW(k);
  SHOW(shmget(0x5eed, 4096, IPC_CREAT | IPC_EXCL | 0640));
  SHOW(shmget(0x5eed, 2048, 0) == k);
  SHOW(shmget(0x5eed, 8192, 0));
  SHOW(shmget(IPC_PRIVATE, 0, 0600));
  char *ro = shmat(k, NULL, SHM_RDONLY);
  printf("read-only attach reads %d\n", ro[0]);
  fflush(stdout);
  if (fork() == 0) { ro[0] = 1; _exit(0); }
  waitchild("store to a SHM_RDONLY attach");

  // Removed while attached: the key is freed, the memory stays until the last detach.
  SHOW(shmctl(k, IPC_RMID, NULL));
  shmctl(k, IPC_STAT, &ds);
  printf("removed: key %d mode %o nattch %lu\n", ds.shm_perm.__key, ds.shm_perm.mode, (unsigned long)ds.shm_nattch);
  SHOW(shmget(0x5eed, 4096, 0));
  SHOW(shmdt(ro));
  SHOW(shmctl(k, IPC_STAT, &ds));

  struct shminfo si;
  int maxidx = shmctl(0, IPC_INFO, (struct shmid_ds *)&si);
  printf("IPC_INFO = %d: shmmax %lu shmmin %lu shmmni %lu shmseg %lu shmall %lu\n", maxidx, si.shmmax, si.shmmin, si.shmmni, si.shmseg, si.shmall);
  struct shm_info su;
  int m2 = shmctl(0, SHM_INFO, (struct shmid_ds *)&su);
  printf("SHM_INFO = %d: used_ids %d shm_tot is 10000 bytes in pages %d shm_rss %lu\n", m2, su.used_ids,
         su.shm_tot == (unsigned long)((10000 + ps - 1) / ps), su.shm_rss);
  for (int i = 0; i <= maxidx; i++) {
    int r = shmctl(i, SHM_STAT, &ds);
    if (r < 0) printf("SHM_STAT %d: %s\n", i, strerrorname_np(errno));
    else printf("SHM_STAT %d = %d: size %zu\n", i, r, ds.shm_segsz);
  }
  SHOW(shmctl(id, IPC_RMID, NULL));
  SHOW(shmctl(id, IPC_STAT, &ds));
}

static void sem_walk(void) {
  puts("-- semaphores");
  int id = semget(IPC_PRIVATE, 3, IPC_CREAT | 0600);
  SHOW(id);
  union semun a;
  a.val = 5;
  SHOW(semctl(id, 1, SETVAL, a));
  SHOW(semctl(id, 1, GETVAL));
  SHOW(semctl(id, 1, GETPID) == getpid());
  unsigned short all[3] = {1, 2, 3}, got[3];
  a.array = all;
  SHOW(semctl(id, 0, SETALL, a));
  a.array = got;
  SHOW(semctl(id, 0, GETALL, a));
  printf("GETALL: %u %u %u\n", got[0], got[1], got[2]);
  a.val = 40000;
  SHOW(semctl(id, 0, SETVAL, a));
  SHOW(semctl(id, 7, GETVAL));
  struct sembuf op = {0, -2, IPC_NOWAIT};
  SHOW(semop(id, &op, 1));
  struct sembuf two[2] = {{1, -1, 0}, {2, +1, 0}};
  SHOW(semop(id, two, 2));
  a.array = got;
  semctl(id, 0, GETALL, a);
  printf("after two ops: %u %u %u\n", got[0], got[1], got[2]);
  struct sembuf big = {5, 1, 0};
  SHOW(semop(id, &big, 1));
  struct sembuf over = {2, 32767, 0};
  SHOW(semop(id, &over, 1));
  struct timespec ts = {0, 10000000};
  struct sembuf wait0 = {2, 0, 0};
  SHOW(semtimedop(id, &wait0, 1, &ts));
  fflush(stdout);

  // A child sleeps in semop until the parent raises the semaphore.
  pid_t c = fork();
  if (c == 0) {
    struct sembuf down = {0, -3, 0};
    SHOW(semop(id, &down, 1));
    _exit(0);
  }
  while (semctl(id, 0, GETNCNT) != 1) sched_yield();
  printf("GETNCNT 0 = %d, GETZCNT 0 = %d\n", semctl(id, 0, GETNCNT), semctl(id, 0, GETZCNT));
  fflush(stdout);
  struct sembuf up = {0, +2, 0};
  int r = semop(id, &up, 1);
  waitchild("child");
  report("semop(id, &up, 1)", r);
  SHOW(semctl(id, 0, GETVAL));
  SHOW(semctl(id, 0, GETPID) == c);

  // SEM_UNDO: the child's +4 is taken back when it exits.
  if (fork() == 0) {
    struct sembuf u = {1, +4, SEM_UNDO};
    SHOW(semop(id, &u, 1));
    SHOW(semctl(id, 1, GETVAL));
    _exit(0);
  }
  waitchild("undo child");
  SHOW(semctl(id, 1, GETVAL));

  struct semid_ds ds;
  a.buf = &ds;
  SHOW(semctl(id, 0, IPC_STAT, a));
  printf("nsems %lu mode %o otime set %d\n", (unsigned long)ds.sem_nsems, ds.sem_perm.mode, ds.sem_otime > 0);
  ds.sem_perm.mode = 0640;
  SHOW(semctl(id, 0, IPC_SET, a));
  semctl(id, 0, IPC_STAT, a);
  printf("mode after IPC_SET %o\n", ds.sem_perm.mode);
  struct seminfo si;
  a.__buf = &si;
  r = semctl(0, 0, SEM_INFO, a);
  printf("SEM_INFO = %d: semusz %d semaem %d semmsl %d semopm %d semvmx %d\n", r, si.semusz, si.semaem, si.semmsl, si.semopm, si.semvmx);
  r = semctl(0, 0, IPC_INFO, a);
  printf("IPC_INFO = %d: semmni %d semmns %d semusz %d semaem %d\n", r, si.semmni, si.semmns, si.semusz, si.semaem);
  fflush(stdout);

  // Removal wakes a sleeper with EIDRM.
  if (fork() == 0) {
    struct sembuf down = {2, -100, 0};
    SHOW(semop(id, &down, 1));
    _exit(0);
  }
  while (semctl(id, 2, GETNCNT) != 1) sched_yield();
  r = semctl(id, 0, IPC_RMID);
  waitchild("sleeper");
  report("semctl(id, 0, IPC_RMID)", r);
  SHOW(semctl(id, 0, GETVAL));
}

static void msg_walk(void) {
  puts("-- message queues");
  int id = msgget(IPC_PRIVATE, IPC_CREAT | 0600);
  SHOW(id);
  struct msg m;
  for (int t = 3; t >= 1; t--) {
    m.mtype = t;
    snprintf(m.mtext, sizeof m.mtext, "message of type %d", t);
    SHOW(msgsnd(id, &m, strlen(m.mtext) + 1, 0));
  }
  m.mtype = 0;
  SHOW(msgsnd(id, &m, 4, 0));
  struct msqid_ds ds;
  SHOW(msgctl(id, IPC_STAT, &ds));
  printf("qnum %lu cbytes %lu qbytes %lu lspid is me %d\n", (unsigned long)ds.msg_qnum, (unsigned long)ds.__msg_cbytes, (unsigned long)ds.msg_qbytes, ds.msg_lspid == getpid());
  SHOW(msgrcv(id, &m, sizeof m.mtext, 2, 0));
  printf("  got %ld \"%s\"\n", m.mtype, m.mtext);
  SHOW(msgrcv(id, &m, sizeof m.mtext, -3, 0));
  printf("  got %ld \"%s\"\n", m.mtype, m.mtext);
  SHOW(msgrcv(id, &m, 4, 0, 0));
  SHOW(msgrcv(id, &m, 4, 0, MSG_NOERROR));
  printf("  got %ld \"%.4s\"\n", m.mtype, m.mtext);
  SHOW(msgrcv(id, &m, sizeof m.mtext, 0, IPC_NOWAIT));
  m.mtype = 5; strcpy(m.mtext, "five");
  msgsnd(id, &m, 5, 0);
  m.mtype = 6; strcpy(m.mtext, "six");
  msgsnd(id, &m, 4, 0);
  SHOW(msgrcv(id, &m, sizeof m.mtext, 1, MSG_COPY | IPC_NOWAIT));
  printf("  copied %ld \"%s\"\n", m.mtype, m.mtext);
  SHOW(msgrcv(id, &m, sizeof m.mtext, 2, MSG_COPY | IPC_NOWAIT));
  SHOW(msgrcv(id, &m, sizeof m.mtext, 1, MSG_COPY));
  SHOW(msgrcv(id, &m, sizeof m.mtext, 5, MSG_EXCEPT));
  printf("  got %ld \"%s\"\n", m.mtype, m.mtext);
  SHOW(msgrcv(id, &m, sizeof m.mtext, 0, 0));

  // A queue of 100 bytes takes one 60-byte message, not two.
  msgctl(id, IPC_STAT, &ds);
  ds.msg_qbytes = 100;
  SHOW(msgctl(id, IPC_SET, &ds));
  m.mtype = 1;
  memset(m.mtext, 'x', 60);
  SHOW(msgsnd(id, &m, 60, IPC_NOWAIT));
  SHOW(msgsnd(id, &m, 60, IPC_NOWAIT));
  SHOW(msgrcv(id, &m, sizeof m.mtext, 0, 0));
  fflush(stdout);

  // A receiver sleeps until the parent sends.
  pid_t c = fork();
  if (c == 0) {
    SHOW(msgrcv(id, &m, sizeof m.mtext, 9, 0));
    printf("  child got %ld \"%s\"\n", m.mtype, m.mtext);
    fflush(stdout);
    _exit(0);
  }
  struct timespec d1 = {0, 1000000};
  nanosleep(&d1, NULL);
  m.mtype = 9; strcpy(m.mtext, "to the child");
  int sent = msgsnd(id, &m, 13, 0);
  waitchild("receiver");
  report("msgsnd(id, &m, 13, 0)", sent);
  msgctl(id, IPC_STAT, &ds);
  printf("lrpid is child %d qnum %lu\n", ds.msg_lrpid == c, (unsigned long)ds.msg_qnum);
  struct msginfo mi;
  int r = msgctl(0, MSG_INFO, (struct msqid_ds *)&mi);
  printf("MSG_INFO = %d: msgpool %d msgmap %d msgtql %d msgmax %d msgmnb %d msgmni %d\n", r,
         mi.msgpool, mi.msgmap, mi.msgtql, mi.msgmax, mi.msgmnb, mi.msgmni);
  fflush(stdout);
  if (fork() == 0) {
    SHOW(msgrcv(id, &m, sizeof m.mtext, 0, 0));
    _exit(0);
  }
  struct timespec d = {0, 5000000};
  nanosleep(&d, NULL);
  r = msgctl(id, IPC_RMID, NULL);
  waitchild("receiver of a removed queue");
  report("msgctl(id, IPC_RMID, NULL)", r);
  SHOW(msgsnd(id, &m, 1, 0));
}

static void ns_walk(void) {
  puts("-- IPC namespace");
  int k = msgget(0x77, IPC_CREAT | 0600);
  SHOW(k);
  fflush(stdout);
  if (fork() == 0) {
    SHOW(unshare(CLONE_NEWIPC));
    SHOW(msgget(0x77, 0));
    SHOW(shmget(IPC_PRIVATE, 4096, 0600));
    _exit(0);
  }
  waitchild("child");
  SHOW(msgget(0x77, 0) == k);
  SHOW(msgctl(k, IPC_RMID, NULL));
}

/* Print a /proc file with the columns that hold pids or times (which differ from run to run
   natively) and rss (bytes of whole pages: PowerPC's are 64 KiB) blanked: [from, to) ranges. */
static void show_masked(const char *path, const int *ranges, int n) {
  FILE *f = fopen(path, "r");
  if (!f) { printf("%s: %s\n", path, strerrorname_np(errno)); return; }
  char line[512];
  int first = 1;
  while (fgets(line, sizeof line, f)) {
    if (!first)
      for (int i = 0; i < n; i += 2)
        for (int c = ranges[i]; c < ranges[i + 1] && line[c] && line[c] != '\n'; c++) line[c] = '#';
    first = 0;
    fputs(line, stdout);
  }
  fclose(f);
}

static void proc_walk(void) {
  puts("-- /proc");
  int shm = shmget(0x1234, 10000, IPC_CREAT | 0640);
  char *p = shmat(shm, NULL, 0);
  p[0] = 1;
  int sem = semget(0x55, 3, IPC_CREAT | 0600);
  int q = msgget(IPC_PRIVATE, 0600);
  struct msg m = {3, "abcdef"};
  msgsnd(q, &m, 7, 0);
  static const int shm_cols[] = {50, 61, 93, 147}, sem_cols[] = {63, 84}, msg_cols[] = {51, 62, 87, 119};
  show_masked("/proc/sysvipc/shm", shm_cols, 4);
  show_masked("/proc/sysvipc/sem", sem_cols, 2);
  show_masked("/proc/sysvipc/msg", msg_cols, 4);
  static const char *const limits[] = {"shmmax", "shmall", "shmmni", "sem", "msgmax", "msgmnb", "msgmni"};
  for (unsigned i = 0; i < sizeof limits / sizeof *limits; i++) {
    char path[64], buf[128] = "";
    snprintf(path, sizeof path, "/proc/sys/kernel/%s", limits[i]);
    FILE *f = fopen(path, "r");
    if (f) { if (!fgets(buf, sizeof buf, f)) buf[0] = 0; fclose(f); }
    printf("%s: %s", limits[i], buf);
  }
  FILE *w = fopen("/proc/sys/kernel/msgmax", "w");
  fputs("100\n", w);
  fclose(w);
  char big[128] = {0};
  *(long *)big = 1;
  SHOW(msgsnd(q, big, 101, 0));
  shmdt(p);
  shmctl(shm, IPC_RMID, NULL);
  semctl(sem, 0, IPC_RMID);
  msgctl(q, IPC_RMID, NULL);
}

int main(void) {
  shm_walk();
  sem_walk();
  msg_walk();
  ns_walk();
  proc_walk();
  return 0;
}
