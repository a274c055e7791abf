/* A transcript of signal behaviour, identical on x86_64, aarch64, ppc64 and ppc64le and equal to
   Linux's: handlers with and without SA_SIGINFO, a handler that changes the interrupted context,
   SA_NODEFER nesting, SA_RESETHAND, sigaltstack, SIGSEGV caught and siglongjmp'ed, SIGCHLD for
   exit/kill/stop/continue (taken with sigwaitinfo), EINTR vs SA_RESTART for wait4, nanosleep
   and futex (a signal to a thread blocked in futex), real-time queue order, kill(-pgid), and
   the wait statuses of abort() and raise(). Pids are printed relative to the caller, so the
   transcript does not depend on the numbers a system hands out. Run natively with
   `ulimit -c unlimited` so the core bit is set as tricorn sets it. With the argument `raise` it
   only raises SIGUSR1, which kills it. */
#define _GNU_SOURCE
#include <errno.h>
#include <linux/futex.h>
#include <pthread.h>
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <ucontext.h>
#include <unistd.h>

static void say(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
#include <stdarg.h>
static void say(const char *fmt, ...) {
  char buf[256];
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(buf, sizeof buf, fmt, ap);
  va_end(ap);
  if (write(1, buf, (size_t)n) < 0) _exit(99);
}

static void install(int sig, void (*fn)(int, siginfo_t *, void *), int flags) {
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_sigaction = fn;
  sa.sa_flags = flags | SA_SIGINFO;
  sigemptyset(&sa.sa_mask);
  if (sigaction(sig, &sa, NULL)) { say("sigaction %d failed\n", sig); _exit(98); }
}

static void sleep_ms(long ms) {
  struct timespec ts = { ms / 1000, (ms % 1000) * 1000000 };
  while (nanosleep(&ts, &ts) && errno == EINTR) {}
}

/* ---- 1. plain and SA_SIGINFO handlers ---- */
static volatile sig_atomic_t plain_got;
static void plain(int sig) { plain_got = sig; }
static void with_info(int sig, siginfo_t *si, void *uc) {
  (void)uc;
  say("  SA_SIGINFO handler: sig=%d si_signo=%d si_code=%d si_pid=%s si_uid=%d\n", sig, si->si_signo,
      si->si_code, si->si_pid == getpid() ? "self" : "other", (int)si->si_uid);
}

/* ---- 2. a handler that changes the interrupted context ---- */
static void fix_context(int sig, siginfo_t *si, void *ucv) {
  (void)sig; (void)si;
  ucontext_t *uc = ucv;
#if defined(__x86_64__)
  uc->uc_mcontext.gregs[REG_RIP] += 2;  /* past ud2 */
  uc->uc_mcontext.gregs[REG_RAX] = 42;
#elif defined(__aarch64__)
  uc->uc_mcontext.pc += 4;              /* past udf */
  uc->uc_mcontext.regs[0] = 42;
#elif defined(__powerpc64__)
  uc->uc_mcontext.gp_regs[32] += 4;     /* NIP past trap */
  uc->uc_mcontext.gp_regs[3] = 42;
#endif
}

static long trap_with_value(void) {
  long v;
#if defined(__x86_64__)
  __asm__ volatile("mov $1, %%rax\n\tud2\n\tmov %%rax, %0" : "=r"(v) : : "rax", "memory");
#elif defined(__aarch64__)
  __asm__ volatile("mov x0, #1\n\tudf #0\n\tmov %0, x0" : "=r"(v) : : "x0", "memory");
#elif defined(__powerpc64__)
  __asm__ volatile("li 3, 1\n\ttrap\n\tmr %0, 3" : "=r"(v) : : "r3", "memory");
#endif
  return v;
}

/* ---- 3. SA_NODEFER nesting, and the default: deferred until the handler returns ---- */
static volatile int depth, order[8], norder;
static void nester(int sig, siginfo_t *si, void *uc) {
  (void)si; (void)uc;
  int me = ++depth;
  order[norder++] = me;
  if (me == 1) raise(sig);
  order[norder++] = -me;
}

/* ---- 4. sigaltstack ---- */
static char altstack[65536] __attribute__((aligned(16)));
static void on_alt(int sig, siginfo_t *si, void *uc) {
  (void)sig; (void)si; (void)uc;
  char local;
  stack_t now;
  sigaltstack(NULL, &now);
  say("  handler on the alternate stack: %s, ss_flags=%s\n",
      (&local > altstack && &local < altstack + sizeof altstack) ? "yes" : "no",
      now.ss_flags == SS_ONSTACK ? "SS_ONSTACK" : "other");
}

/* ---- 5. SIGSEGV caught ---- */
static sigjmp_buf jb;
static volatile uintptr_t bad_address = 16;
static void segv(int sig, siginfo_t *si, void *uc) {
  (void)uc;
  say("  SIGSEGV caught: sig=%d si_code=%d si_addr=%p\n", sig, si->si_code, si->si_addr);
  siglongjmp(jb, 1);
}

/* ---- 7. EINTR vs SA_RESTART ---- */
static volatile sig_atomic_t usr1;
static void count_usr1(int sig, siginfo_t *si, void *uc) { (void)sig; (void)si; (void)uc; usr1++; }

/* A child that signals its parent after `ms`, then exits with `code` after `ms` more. */
static pid_t poke_parent(long ms, int code) {
  pid_t c = fork();
  if (c == 0) {
    sleep_ms(ms);
    kill(getppid(), SIGUSR1);
    sleep_ms(ms);
    _exit(code);
  }
  return c;
}

static uint32_t futex_word;
static long futex_result;
static int futex_errno;
static void *futex_waiter(void *arg) {
  (void)arg;
  futex_result = syscall(SYS_futex, &futex_word, FUTEX_WAIT_PRIVATE, 0, NULL, NULL, 0);
  futex_errno = futex_result < 0 ? errno : 0;
  return NULL;
}

static void futex_case(int flags, const char *what) {
  install(SIGUSR1, count_usr1, flags);
  usr1 = 0;
  futex_word = 0;
  pthread_t th;
  pthread_create(&th, NULL, futex_waiter, NULL);
  sleep_ms(50);
  pthread_kill(th, SIGUSR1);
  sleep_ms(50);
  __atomic_store_n(&futex_word, 1, __ATOMIC_SEQ_CST);
  syscall(SYS_futex, &futex_word, FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0);
  pthread_join(th, NULL);
  say("  futex wait (%s): handler ran %d time(s), futex returned %ld%s\n", what, (int)usr1, futex_result,
      futex_errno == EINTR ? " EINTR" : "");
}

/* ---- 8. real-time queue order ---- */
static volatile int rt_seen[16], nrt;
static void rt_handler(int sig, siginfo_t *si, void *uc) {
  (void)uc;
  rt_seen[nrt++] = sig == SIGUSR1 ? -1 : (sig - SIGRTMIN) * 100 + si->si_value.sival_int;
}

static const char *status_text(int st) {
  static char buf[64];
  if (WIFEXITED(st)) snprintf(buf, sizeof buf, "exited %d", WEXITSTATUS(st));
  else if (WIFSIGNALED(st)) snprintf(buf, sizeof buf, "killed by %d%s", WTERMSIG(st), WCOREDUMP(st) ? " (core dumped)" : "");
  else if (WIFSTOPPED(st)) snprintf(buf, sizeof buf, "stopped by %d", WSTOPSIG(st));
  else if (WIFCONTINUED(st)) snprintf(buf, sizeof buf, "continued");
  else snprintf(buf, sizeof buf, "0x%x", st);
  return buf;
}

int main(int argc, char **argv) {
  /* `signals raise`: die of SIGUSR1 at once (exit status 138; tricorn's one-line report). */
  if (argc > 1 && strcmp(argv[1], "raise") == 0) raise(SIGUSR1);
  say("1. handlers\n");
  signal(SIGUSR1, plain);
  raise(SIGUSR1);
  say("  plain handler got %d\n", (int)plain_got);
  install(SIGUSR2, with_info, 0);
  kill(getpid(), SIGUSR2);
  union sigval v = { .sival_int = 7 };
  sigqueue(getpid(), SIGUSR2, v);

  say("2. context changed by the handler\n");
#if defined(__x86_64__)
  install(SIGILL, fix_context, 0);
#elif defined(__aarch64__)
  install(SIGILL, fix_context, 0);
#else
  install(SIGTRAP, fix_context, 0);
#endif
  say("  value after the trap: %ld\n", trap_with_value());

  say("3. nesting\n");
  install(SIGUSR1, nester, SA_NODEFER);
  depth = norder = 0;
  raise(SIGUSR1);
  say("  SA_NODEFER: %d %d %d %d\n", order[0], order[1], order[2], order[3]);
  install(SIGUSR1, nester, 0);
  depth = norder = 0;
  raise(SIGUSR1);
  say("  default:    %d %d %d %d\n", order[0], order[1], order[2], order[3]);
  install(SIGUSR1, nester, SA_RESETHAND);
  depth = 1;
  raise(SIGUSR1);
  struct sigaction now;
  sigaction(SIGUSR1, NULL, &now);
  say("  SA_RESETHAND: disposition afterwards is %s\n", now.sa_handler == SIG_DFL ? "SIG_DFL" : "a handler");

  say("4. sigaltstack\n");
  stack_t ss = { .ss_sp = altstack, .ss_size = sizeof altstack, .ss_flags = 0 };
  stack_t small = { .ss_sp = altstack, .ss_size = 512, .ss_flags = 0 };
  say("  too small: %s\n", sigaltstack(&small, NULL) && errno == ENOMEM ? "ENOMEM" : "accepted");
  sigaltstack(&ss, NULL);
  install(SIGUSR2, on_alt, SA_ONSTACK);
  raise(SIGUSR2);
  stack_t cur;
  sigaltstack(NULL, &cur);
  say("  after: ss_flags=%d ss_size=%zu\n", cur.ss_flags, cur.ss_size);

  say("5. SIGSEGV\n");
  install(SIGSEGV, segv, 0);
  if (!sigsetjmp(jb, 1)) *(volatile int *)(uintptr_t)bad_address = 1;
  say("  back after siglongjmp\n");
  sigset_t m;
  sigprocmask(SIG_BLOCK, NULL, &m);
  say("  SIGSEGV blocked after siglongjmp: %s\n", sigismember(&m, SIGSEGV) ? "yes" : "no");

  say("6. SIGCHLD\n");
  sigset_t chld;
  sigemptyset(&chld);
  sigaddset(&chld, SIGCHLD);
  sigprocmask(SIG_BLOCK, &chld, NULL);
  siginfo_t si;
  int st;
  pid_t c = fork();
  if (c == 0) _exit(7);
  sigwaitinfo(&chld, &si);
  say("  exit: si_code=%d si_status=%d si_pid=%s\n", si.si_code, si.si_status, si.si_pid == c ? "child" : "?");
  waitpid(c, &st, 0);
  say("  wait: %s\n", status_text(st));
  c = fork();
  if (c == 0) { sigset_t none; sigemptyset(&none); for (;;) sigsuspend(&none); }
  kill(c, SIGSTOP);
  sigwaitinfo(&chld, &si);
  say("  stop: si_code=%d si_status=%d\n", si.si_code, si.si_status);
  waitpid(c, &st, WUNTRACED);
  say("  wait: %s\n", status_text(st));
  kill(c, SIGCONT);
  sigwaitinfo(&chld, &si);
  say("  continue: si_code=%d si_status=%d\n", si.si_code, si.si_status);
  waitpid(c, &st, WCONTINUED);
  say("  wait: %s\n", status_text(st));
  kill(c, SIGKILL);
  sigwaitinfo(&chld, &si);
  say("  kill: si_code=%d si_status=%d\n", si.si_code, si.si_status);
  waitpid(c, &st, 0);
  say("  wait: %s\n", status_text(st));
  sigprocmask(SIG_UNBLOCK, &chld, NULL);

  say("7. EINTR and SA_RESTART\n");
  install(SIGUSR1, count_usr1, 0);
  usr1 = 0;
  c = poke_parent(50, 5);
  pid_t r = waitpid(c, &st, 0);
  say("  wait4 without SA_RESTART: %d %s, handler ran %d time(s)\n", (int)r, r < 0 && errno == EINTR ? "EINTR" : "", (int)usr1);
  waitpid(c, &st, 0);
  install(SIGUSR1, count_usr1, SA_RESTART);
  usr1 = 0;
  c = poke_parent(50, 5);
  r = waitpid(c, &st, 0);
  say("  wait4 with SA_RESTART: %s, %s, handler ran %d time(s)\n", r == c ? "the child" : "?", status_text(st), (int)usr1);
  usr1 = 0;
  c = poke_parent(50, 0);
  struct timespec ts = { 10, 0 }, rem = { 0, 0 };
  int n = nanosleep(&ts, &rem);
  say("  nanosleep with SA_RESTART: %d %s, remaining %s, handler ran %d time(s)\n", n, n < 0 && errno == EINTR ? "EINTR" : "",
      rem.tv_sec > 0 && rem.tv_sec < 10 ? "between 0 and 10 s" : "?", (int)usr1);
  waitpid(c, &st, 0);
  futex_case(SA_RESTART, "SA_RESTART");
  futex_case(0, "no SA_RESTART");

  say("8. real-time queue order\n");
  sigset_t rt;
  sigemptyset(&rt);
  sigaddset(&rt, SIGRTMIN);
  sigaddset(&rt, SIGRTMIN + 1);
  sigaddset(&rt, SIGUSR1);
  sigprocmask(SIG_BLOCK, &rt, NULL);
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_sigaction = rt_handler;
  sa.sa_flags = SA_SIGINFO;
  sigfillset(&sa.sa_mask);
  sigaction(SIGRTMIN, &sa, NULL);
  sigaction(SIGRTMIN + 1, &sa, NULL);
  sigaction(SIGUSR1, &sa, NULL);
  for (int i = 1; i <= 4; i++) {
    union sigval val = { .sival_int = i };
    sigqueue(getpid(), i % 2 ? SIGRTMIN + 1 : SIGRTMIN, val);
  }
  raise(SIGUSR1);
  raise(SIGUSR1);
  sigpending(&m);
  say("  pending: RTMIN %d, RTMIN+1 %d, USR1 %d\n", sigismember(&m, SIGRTMIN), sigismember(&m, SIGRTMIN + 1), sigismember(&m, SIGUSR1));
  sigprocmask(SIG_UNBLOCK, &rt, NULL);
  say("  delivered:");
  for (int i = 0; i < nrt; i++) say(" %d", rt_seen[i]);
  say("\n");

  say("9. kill(-pgid)\n");
  pid_t a = fork();
  if (a == 0) { setpgid(0, 0); sigset_t none; sigemptyset(&none); for (;;) sigsuspend(&none); }
  setpgid(a, a);
  pid_t b = fork();
  if (b == 0) { setpgid(0, a); sigset_t none; sigemptyset(&none); for (;;) sigsuspend(&none); }
  setpgid(b, a);
  say("  group of a: %s, of b: %s, own: %s\n", getpgid(a) == a ? "a" : "?", getpgid(b) == a ? "a" : "?",
      getpgrp() == getpid() || getpgrp() != a ? "not a" : "a");
  kill(-a, SIGTERM);
  waitpid(a, &st, 0);
  say("  a: %s\n", status_text(st));
  waitpid(b, &st, 0);
  say("  b: %s\n", status_text(st));
  say("  kill(-a) again: %s\n", kill(-a, SIGTERM) && errno == ESRCH ? "ESRCH" : "?");

  say("10. abort() and raise()\n");
  c = fork();
  if (c == 0) abort();
  waitpid(c, &st, 0);
  say("  abort: %s\n", status_text(st));
  c = fork();
  if (c == 0) { raise(SIGTERM); _exit(0); }
  waitpid(c, &st, 0);
  say("  raise(SIGTERM): %s\n", status_text(st));
  signal(SIGSEGV, SIG_DFL);
  c = fork();
  if (c == 0) { *(volatile int *)(uintptr_t)bad_address = 1; _exit(0); }
  waitpid(c, &st, 0);
  say("  a fault: %s\n", status_text(st));
  say("done\n");
  return 0;
}
