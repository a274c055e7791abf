/* lifecycle: how processes start, die and are accounted for, as real programs see it, written
   against tricorn's runtime (no libc). One section per argument:
     kill   a fatal signal sent to another process: the sender's kill() returns first, and the
            victim dies when it next runs (a child blocked in pause, one that has not run since
            fork): the sender's next wait4(WNOHANG) still finds it alive, and no SIGCHLD has
            arrived yet. A stopped child keeps SIGTERM pending until SIGCONT.
     usage  getrusage (SELF, CHILDREN, THREAD; through wait4 and a grandchild), times, sysinfo:
            the relations that hold on any machine (CPU time > 0, maxrss bounds, EINVAL/EFAULT).
     prctl  dumpable, no_new_privs, the clear-child-tid address, timer slack, the capability
            bounding set, the child subreaper flag: values, errors, what fork and exec keep.
     reaper orphans of a PR_SET_CHILD_SUBREAPER process come to it (getppid, wait4), and
            without the flag go to init.
   Pids are printed relative to the caller. The transcript is Linux's: the x86_64 build run
   natively on one CPU under SCHED_FIFO (taskset -c 0 chrt -f 10), where a task runs until it
   blocks or yields, as tricorn's scheduler runs a task until it blocks or its slice ends
   (scripts/build-lifecycle.sh). */
#include "rt.h"
#include "sigaction.h"
#include <asm/signal.h>
#include <asm/siginfo.h>

static void install(int sig, void (*fn)(int)) { k_sigaction_install(sig, fn, SA_RESTART, 0); }

static long fork_(void) { return sys_clone(SIGCHLD, 0, 0, 0, 0); }
static long pause_(void) { uint64_t none = 0; return syscall2(__NR_rt_sigsuspend, (long)&none, 8); }
static const char *status_text(int st) {
  static char buf[64];
  if (WIFEXITED(st)) snprintf(buf, sizeof buf, "exited %d", WEXITSTATUS(st));
  else if ((st & 0xff) == 0x7f) snprintf(buf, sizeof buf, "stopped by %d", (st >> 8) & 0xff);
  else snprintf(buf, sizeof buf, "killed by %d%s", WTERMSIG(st), (st & 0x80) ? " (core dumped)" : "");
  return buf;
}

/* ---- kill ---- */
static volatile int chld_seen;
static void on_chld(int sig) { (void)sig; chld_seen++; }

/* kill(child, sig), then what the sender sees before and after it waits. */
static void kill_and_watch(const char *what, long pid, int sig) {
  chld_seen = 0;
  long r = sys_kill(pid, sig);
  int st = 0;
  long w = sys_wait4(pid, &st, WNOHANG, 0);
  printf("%s: kill %ld; at once: SIGCHLD %s, wait4(WNOHANG) %s\n", what, r, chld_seen ? "seen" : "not yet",
         w == 0 ? "0 (alive)" : w == pid ? "the child (dead already)" : rt_errname(w));
  if (w != pid) w = sys_wait4(pid, &st, 0, 0);
  printf("%s: wait4 %s, %s; SIGCHLD %s\n", what, w == pid ? "the child" : rt_errname(w), status_text(st),
         chld_seen ? "seen" : "not seen");
}

static void section_kill(void) {
  install(SIGCHLD, on_chld);
  int fds[2];
  char c;
  /* A child blocked in pause(). */
  if (syscall2(__NR_pipe2, (long)fds, 0)) exit(97);
  long pid = fork_();
  if (pid == 0) { sys_write(fds[1], "r", 1); for (;;) pause_(); }
  sys_read(fds[0], &c, 1);
  /* Let it reach pause() (SCHED_FIFO: the yield runs it until it blocks). */
  sys_sched_yield();
  kill_and_watch("paused child", pid, SIGTERM);
  /* A stopped child: SIGTERM's default action ends it without a SIGCONT. */
  pid = fork_();
  if (pid == 0) { sys_kill(sys_getpid(), SIGSTOP); sys_write(1, "stopped child: resumed?\n", 24); exit(1); }
  int st = 0;
  long w = sys_wait4(pid, &st, WUNTRACED, 0);
  printf("stopped child: wait4(WUNTRACED) %s, %s\n", w == pid ? "the child" : rt_errname(w), status_text(st));
  /* A stopped process takes no signal but SIGKILL and SIGCONT: SIGTERM waits for the SIGCONT. */
  chld_seen = 0;
  long r = sys_kill(pid, SIGTERM);
  w = sys_wait4(pid, &st, WNOHANG, 0);
  printf("stopped child: kill %ld; wait4(WNOHANG) %s; SIGCHLD %s\n", r, w == 0 ? "0 (alive)" : rt_errname(w),
         chld_seen ? "seen" : "not yet");
  kill_and_watch("stopped child (SIGCONT)", pid, SIGCONT);
  /* A child not yet run since fork. */
  pid = fork_();
  if (pid == 0) { sys_write(1, "new child: ran\n", 15); exit(1); }
  kill_and_watch("new child", pid, SIGTERM);
  /* The sender's own group: it dies on its way back from kill(), after the call. */
  pid = fork_();
  if (pid == 0) { sys_kill(sys_getpid(), SIGTERM); sys_write(1, "self: survived\n", 15); exit(1); }
  w = sys_wait4(pid, &st, 0, 0);
  printf("self-kill: wait4 %s, %s\n", w == pid ? "the child" : rt_errname(w), status_text(st));
}

/* ---- usage: getrusage, times, sysinfo ---- */
struct tv { long sec, usec; };
struct rusage_ {
  struct tv utime, stime;
  long maxrss, ixrss, idrss, isrss, minflt, majflt, nswap, inblock, oublock, msgsnd, msgrcv, nsignals, nvcsw, nivcsw;
};
struct tms_ { long utime, stime, cutime, cstime; };
struct sysinfo_ {
  long uptime;
  unsigned long loads[3], totalram, freeram, sharedram, bufferram, totalswap, freeswap;
  unsigned short procs, pad;
  unsigned long totalhigh, freehigh;
  unsigned int mem_unit;
  char _f[0];
};
#define RUSAGE_SELF 0
#define RUSAGE_CHILDREN (-1)
#define RUSAGE_THREAD 1
static long getrusage_(int who, struct rusage_ *u) { return syscall2(__NR_getrusage, who, (long)u); }
static long tv_us(struct tv t) { return t.sec * 1000000 + t.usec; }
static volatile unsigned long sink;
static void spin(long n) { for (long i = 0; i < n; i++) sink = sink * 31 + (unsigned long)i; }
/* Touch `mib` MiB of fresh anonymous memory, one byte a page; returns it (not unmapped). */
static char *touch(long mib) {
  long len = mib << 20;
  char *p = (char *)sys_mmap(0, len, 3, 0x22, -1, 0);   /* PROT_READ|WRITE, MAP_PRIVATE|ANONYMOUS */
  if ((long)p < 0) { printf("mmap: %s\n", rt_errname((long)p)); exit(96); }
  for (long i = 0; i < len; i += 4096) p[i] = 1;
  return p;
}
static const char *yes(int c) { return c ? "yes" : "no"; }

static void section_usage(void) {
  struct rusage_ u, c, th;
  memset(&c, 0xff, sizeof c);
  long r = getrusage_(RUSAGE_CHILDREN, &c);
  printf("getrusage(RUSAGE_CHILDREN) before any child: %ld, utime+stime %ld us, maxrss %ld\n",
         r, tv_us(c.utime) + tv_us(c.stime), c.maxrss);
  spin(2000000);
  r = getrusage_(RUSAGE_SELF, &u);
  printf("getrusage(RUSAGE_SELF): %ld; CPU time > 0: %s; maxrss > 0: %s\n", r, yes(tv_us(u.utime) + tv_us(u.stime) > 0), yes(u.maxrss > 0));
  /* Linux's own RSS counters are approximate while a process runs: only a bound is stable. */
  touch(16);
  getrusage_(RUSAGE_SELF, &u);
  printf("after touching 16 MiB: maxrss >= 16384 KiB: %s\n", yes(u.maxrss >= 16384));
  r = getrusage_(RUSAGE_THREAD, &th);
  printf("getrusage(RUSAGE_THREAD): %ld; CPU time > 0: %s; at most the process's: %s\n", r,
         yes(tv_us(th.utime) + tv_us(th.stime) > 0), yes(tv_us(th.utime) <= tv_us(u.utime) + 20000));
  long e1 = getrusage_(5, &u), e2 = getrusage_(RUSAGE_SELF, (void *)8);
  printf("getrusage(5): %s; bad pointer: %s\n", rt_errname(e1), rt_errname(e2));
  /* A child that computes and touches 32 MiB: its usage comes back through wait4, then RUSAGE_CHILDREN. */
  long pid = fork_();
  if (pid == 0) { spin(2000000); touch(32); exit(0); }
  int st = 0;
  struct rusage_ w;
  memset(&w, 0, sizeof w);
  long got = sys_wait4(pid, &st, 0, &w);
  printf("wait4 with rusage: %s, %s; child CPU time > 0: %s; child maxrss >= 32768 KiB: %s\n",
         got == pid ? "the child" : rt_errname(got), status_text(st), yes(tv_us(w.utime) + tv_us(w.stime) > 0), yes(w.maxrss >= 32768));
  getrusage_(RUSAGE_CHILDREN, &c);
  printf("RUSAGE_CHILDREN after the wait: equals wait4's times: %s; maxrss >= 32768 KiB: %s\n",
         yes(tv_us(c.utime) == tv_us(w.utime) && tv_us(c.stime) == tv_us(w.stime)), yes(c.maxrss >= 32768));
  /* A grandchild's usage reaches us through its parent's wait. */
  pid = fork_();
  if (pid == 0) {
    long g = fork_();
    if (g == 0) { touch(48); exit(0); }
    sys_wait4(g, 0, 0, 0);
    exit(0);
  }
  sys_wait4(pid, &st, 0, 0);
  getrusage_(RUSAGE_CHILDREN, &c);
  printf("a reaped grandchild's 48 MiB reach RUSAGE_CHILDREN: %s\n", yes(c.maxrss >= 49152));
  /* times: ticks since boot, non-decreasing; the children's ticks never fewer than our wait saw. */
  struct tms_ t1;
  long k1 = syscall1(__NR_times, (long)&t1);
  long k2 = syscall1(__NR_times, 0);
  long k3 = syscall1(__NR_times, 8);
  printf("times: %s, NULL buffer allowed: %s, non-decreasing: %s, cutime >= 0: %s; bad pointer: %s\n",
         k1 >= 0 ? "ok" : rt_errname(k1), k2 >= 0 ? "yes" : rt_errname(k2), yes(k2 >= k1), yes(t1.cutime >= 0), rt_errname(k3));
  struct sysinfo_ si;
  memset(&si, 0xff, sizeof si);
  r = syscall1(__NR_sysinfo, (long)&si);
  long r2 = syscall1(__NR_sysinfo, 8);
  printf("sysinfo: %ld; uptime > 0: %s; totalram > 0: %s; freeram <= totalram: %s; mem_unit %u; procs >= 1: %s; bad pointer: %s\n",
         r, yes(si.uptime > 0), yes(si.totalram > 0), yes(si.freeram <= si.totalram), si.mem_unit, yes(si.procs >= 1),
         rt_errname(r2));
}

/* ---- prctl ---- */
#define PR_GET_DUMPABLE 3
#define PR_SET_DUMPABLE 4
#define PR_CAPBSET_READ 23
#define PR_SET_TIMERSLACK 29
#define PR_GET_TIMERSLACK 30
#define PR_SET_CHILD_SUBREAPER 36
#define PR_GET_CHILD_SUBREAPER 37
#define PR_SET_NO_NEW_PRIVS 38
#define PR_GET_NO_NEW_PRIVS 39
#define PR_GET_TID_ADDRESS 40
static long prctl_(long op, long a2, long a3, long a4, long a5) { return syscall5(__NR_prctl, op, a2, a3, a4, a5); }
static const char *res(long r) { static char b[32]; if (r < 0) return rt_errname(r); snprintf(b, sizeof b, "%ld", r); return b; }

/* One prctl call and its result on a line of its own (C leaves argument order unspecified). */
static long step(const char *what, long op, long a2, long a3) {
  long r = prctl_(op, a2, a3, 0, 0);
  printf("%s: %s\n", what, res(r));
  return r;
}

static void prctl_state(const char *who) {
  int sub = -1;
  long d = prctl_(PR_GET_DUMPABLE, 0, 0, 0, 0);
  long n = prctl_(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0);
  long t = prctl_(PR_GET_TIMERSLACK, 0, 0, 0, 0);
  prctl_(PR_GET_CHILD_SUBREAPER, (long)&sub, 0, 0, 0);
  printf("%s: dumpable %ld, no_new_privs %ld, timerslack %ld, subreaper %d\n", who, d, n, t, sub);
}

static void section_prctl(char *self) {
  step("PR_GET_DUMPABLE", PR_GET_DUMPABLE, 0, 0);
  step("PR_SET_DUMPABLE 2", PR_SET_DUMPABLE, 2, 0);
  step("PR_SET_DUMPABLE 0", PR_SET_DUMPABLE, 0, 0);
  step("PR_GET_DUMPABLE", PR_GET_DUMPABLE, 0, 0);
  step("PR_GET_NO_NEW_PRIVS", PR_GET_NO_NEW_PRIVS, 0, 0);
  step("PR_GET_NO_NEW_PRIVS with arg2 1", PR_GET_NO_NEW_PRIVS, 1, 0);
  step("PR_SET_NO_NEW_PRIVS 0", PR_SET_NO_NEW_PRIVS, 0, 0);
  step("PR_SET_NO_NEW_PRIVS 1 with arg3 1", PR_SET_NO_NEW_PRIVS, 1, 1);
  step("PR_SET_NO_NEW_PRIVS 1", PR_SET_NO_NEW_PRIVS, 1, 0);
  step("PR_GET_NO_NEW_PRIVS", PR_GET_NO_NEW_PRIVS, 0, 0);
  int word;
  long tidp = 0;
  sys_set_tid_address(&word);
  step("PR_GET_TID_ADDRESS", PR_GET_TID_ADDRESS, (long)&tidp, 0);
  printf("  it is the set_tid_address pointer: %s\n", yes(tidp == (long)&word));
  step("PR_GET_TID_ADDRESS to a bad pointer", PR_GET_TID_ADDRESS, 8, 0);
  step("PR_GET_TIMERSLACK", PR_GET_TIMERSLACK, 0, 0);
  step("PR_SET_TIMERSLACK 2000", PR_SET_TIMERSLACK, 2000, 0);
  step("PR_GET_TIMERSLACK", PR_GET_TIMERSLACK, 0, 0);
  step("PR_CAPBSET_READ 0", PR_CAPBSET_READ, 0, 0);
  step("PR_CAPBSET_READ 40", PR_CAPBSET_READ, 40, 0);
  step("PR_CAPBSET_READ 41", PR_CAPBSET_READ, 41, 0);
  step("PR_CAPBSET_READ -1", PR_CAPBSET_READ, -1, 0);
  int sub = -1;
  step("PR_GET_CHILD_SUBREAPER", PR_GET_CHILD_SUBREAPER, (long)&sub, 0);
  printf("  value %d\n", sub);
  step("PR_SET_CHILD_SUBREAPER 1", PR_SET_CHILD_SUBREAPER, 1, 0);
  step("PR_GET_CHILD_SUBREAPER", PR_GET_CHILD_SUBREAPER, (long)&sub, 0);
  printf("  value %d\n", sub);
  step("PR_GET_CHILD_SUBREAPER to a bad pointer", PR_GET_CHILD_SUBREAPER, 8, 0);
  step("unknown option 1000", 1000, 0, 0);
  /* What a child inherits, and what exec resets. */
  long pid = fork_();
  if (pid == 0) {
    prctl_state("child");
    prctl_(PR_SET_TIMERSLACK, 7000, 0, 0, 0);
    prctl_(PR_SET_TIMERSLACK, 0, 0, 0, 0);
    step("child: PR_SET_TIMERSLACK 7000, then 0, then PR_GET_TIMERSLACK", PR_GET_TIMERSLACK, 0, 0);
    char *argv[] = { self, "prctl-exec", 0 };
    char *envp[] = { 0 };
    long e = syscall3(__NR_execve, (long)self, (long)argv, (long)envp);
    printf("execve: %s\n", rt_errname(e));
    exit(1);
  }
  int st;
  sys_wait4(pid, &st, 0, 0);
  printf("child: %s\n", status_text(st));
}

static void section_prctl_exec(void) { prctl_state("after execve"); }

/* ---- reaper: PR_SET_CHILD_SUBREAPER's orphans ----
   Run in a child M, so that the orphans' default new parent (init: tricorn's pid 1, which is
   this program's first process) is not the process under test. */
static void nap(void) { struct { long s, ns; } ts = { 0, 50000000 }; syscall2(__NR_nanosleep, (long)&ts, 0); }

static void reaper_m(void) {
  long me = sys_getpid();
  prctl_(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0);
  int fds[2];
  if (syscall2(__NR_pipe2, (long)fds, 0)) exit(97);
  /* A forks B (which waits on the pipe) and C (which exits at once), then A exits. */
  long a = fork_();
  if (a == 0) {
    if (fork_() == 0) {
      char c;
      sys_read(fds[0], &c, 1);
      printf("B: its parent after A died is the subreaper: %s\n", yes(sys_getppid() == me));
      exit(5);
    }
    if (fork_() == 0) exit(6);
    exit(4);
  }
  int st;
  long w = sys_wait4(a, &st, 0, 0);
  printf("A: %s, %s\n", w == a ? "reaped" : rt_errname(w), status_text(st));
  sys_write(fds[1], "g", 1);
  /* B and C are the subreaper's now: wait4(-1) reaps both. */
  int seen5 = 0, seen6 = 0;
  for (int i = 0; i < 2; i++) {
    w = sys_wait4(-1, &st, 0, 0);
    if (w > 0 && WIFEXITED(st) && WEXITSTATUS(st) == 5) seen5++;
    if (w > 0 && WIFEXITED(st) && WEXITSTATUS(st) == 6) seen6++;
  }
  printf("the subreaper reaped B (exit 5): %s, C (exit 6): %s; then wait4: %s\n", yes(seen5 == 1), yes(seen6 == 1),
         rt_errname(sys_wait4(-1, &st, WNOHANG, 0)));
  /* Without the flag, an orphan goes to init. */
  prctl_(PR_SET_CHILD_SUBREAPER, 0, 0, 0, 0);
  a = fork_();
  if (a == 0) {
    if (fork_() == 0) {
      char c;
      sys_read(fds[0], &c, 1);
      printf("B2: its parent after A2 died is M: %s\n", yes(sys_getppid() == me));
      exit(0);
    }
    exit(4);
  }
  sys_wait4(a, &st, 0, 0);
  sys_write(fds[1], "g", 1);
  printf("M: wait4 after A2 died: %s\n", rt_errname(sys_wait4(-1, &st, 0, 0)));
  nap();
  exit(0);
}

static void section_reaper(void) {
  long m = fork_();
  if (m == 0) reaper_m();
  int st;
  sys_wait4(m, &st, 0, 0);
  printf("M: %s\n", status_text(st));
  nap();
}

int main(int argc, char **argv) {
  if (argc < 2) { printf("usage: lifecycle kill|usage|prctl|reaper\n"); return 2; }
  if (!strcmp(argv[1], "kill")) section_kill();
  else if (!strcmp(argv[1], "usage")) section_usage();
  else if (!strcmp(argv[1], "prctl")) section_prctl(argv[0]);
  else if (!strcmp(argv[1], "prctl-exec")) section_prctl_exec();
  else if (!strcmp(argv[1], "reaper")) section_reaper();
  else { printf("unknown section %s\n", argv[1]); return 2; }
  return 0;
}
