/* lifecycle: how processes start, die and are accounted for, as real programs see it, written
   against tricorn's runtime (no libc). One section per argument:
     kill   a fatal signal sent to another process: the sender's kill() returns first, and the
            victim dies when it next runs (a child blocked in pause, one that has not run since
            fork): the sender's next wait4(WNOHANG) still finds it alive, and no SIGCHLD has
            arrived yet. A stopped child keeps SIGTERM pending until SIGCONT.
   Pids are printed relative to the caller. The transcript is Linux's: the x86_64 build run
   natively on one CPU under SCHED_FIFO (taskset -c 0 chrt -f 10), where a task runs until it
   blocks or yields, as tricorn's scheduler runs a task until it blocks or its slice ends
   (scripts/build-lifecycle.sh). */
#include "rt.h"
#include <asm/signal.h>
#include <asm/siginfo.h>

struct k_sigaction {
  void (*handler)(int);
  unsigned long flags;
#if !defined(__riscv)
  void (*restorer)(void);   /* riscv64 has no SA_RESTORER, and no such member */
#endif
  uint64_t mask;
};
#if defined(__x86_64__)
void restore_rt(void);
__asm__(".text\n.globl restore_rt\nrestore_rt:\n\tmov $15, %eax\n\tsyscall\n");
#define RESTORER_FLAGS SA_RESTORER
#define RESTORER restore_rt
#else
#define RESTORER_FLAGS 0
#define RESTORER 0
#endif

static void install(int sig, void (*fn)(int)) {
#if defined(__riscv)
  struct k_sigaction sa = { fn, RESTORER_FLAGS | SA_RESTART, 0 };
#else
  struct k_sigaction sa = { fn, RESTORER_FLAGS | SA_RESTART, RESTORER, 0 };
#endif
  long r = syscall4(__NR_rt_sigaction, sig, (long)&sa, 0, 8);
  if (r) { printf("rt_sigaction(%d): %s\n", sig, rt_errname(r)); exit(98); }
}

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

int main(int argc, char **argv) {
  if (argc < 2) { printf("usage: lifecycle kill\n"); return 2; }
  if (!strcmp(argv[1], "kill")) section_kill();
  else { printf("unknown section %s\n", argv[1]); return 2; }
  return 0;
}
