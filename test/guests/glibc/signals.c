/* A transcript of signal behaviour, identical on x86_64, aarch64, ppc64 and ppc64le and equal to
   Linux's: handlers with and without SA_SIGINFO, a handler that changes the interrupted context,
   SA_NODEFER nesting, SA_RESETHAND, sigaltstack, SIGSEGV caught and siglongjmp'ed, SIGCHLD for
   exit/kill/stop/continue (taken with sigwaitinfo), EINTR vs SA_RESTART for wait4, nanosleep,
   read on a pipe and futex (a signal to a thread blocked in futex), real-time queue order,
   kill(-pgid), the wait statuses of abort() and raise(), SIGALRM from alarm and setitimer,
   signalfd, and prctl(PR_SET_PDEATHSIG). Pids are printed relative to the caller, so the
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
#include <poll.h>
#include <sys/prctl.h>
#include <sys/signalfd.h>
#include <sys/syscall.h>
#include <sys/time.h>
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
#elif defined(__riscv)
  uc->uc_mcontext.__gregs[REG_PC] += 2; /* past c.unimp */
  uc->uc_mcontext.__gregs[REG_A0] = 42;
#elif defined(__s390x__)
  /* the PSW already points past the invalid instruction (an operation exception suppresses it) */
  uc->uc_mcontext.gregs[2] = 42;
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
#elif defined(__riscv)
  __asm__ volatile("li a0, 1\n\t.2byte 0\n\tmv %0, a0" : "=r"(v) : : "a0", "memory");
#elif defined(__s390x__)
  __asm__ volatile("lghi %%r2, 1\n\t.short 0\n\tlgr %0, %%r2" : "=d"(v) : : "r2", "memory");
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
/* A page below mmap_min_addr, never mapped; page-aligned because s390x's Linux reports only the
   page of a faulting address in si_addr, so every arch prints the same si_addr. */
static volatile uintptr_t bad_address = 0x1000;
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

/* A child that signals its parent after `ms`, then writes one byte to `fd` after `ms` more. */
static pid_t poke_then_write(long ms, int fd) {
  pid_t c = fork();
  if (c == 0) {
    sleep_ms(ms);
    kill(getppid(), SIGUSR1);
    sleep_ms(ms);
    if (write(fd, "x", 1) != 1) _exit(1);
    _exit(0);
  }
  return c;
}

static void pipe_read_case(int flags, const char *what) {
  int p[2];
  if (pipe(p)) _exit(97);
  install(SIGUSR1, count_usr1, flags);
  usr1 = 0;
  pid_t c = poke_then_write(50, p[1]);
  char ch = 0;
  ssize_t n = read(p[0], &ch, 1);
  int e = errno;
  say("  read on a pipe (%s): %zd%s%s, handler ran %d time(s)\n", what, n, n < 0 && e == EINTR ? " EINTR" : "",
      n == 1 && ch == 'x' ? " byte" : "", (int)usr1);
  int st;
  waitpid(c, &st, 0);
  close(p[0]);
  close(p[1]);
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

/* The value of `key` in /proc/<pid>/status (up to the line's end), or "?" */
static const char *proc_status(pid_t pid, const char *key) {
  static char val[64];
  char path[64], buf[4096];
  snprintf(path, sizeof path, "/proc/%d/status", (int)pid);
  FILE *f = fopen(path, "r");
  snprintf(val, sizeof val, "?");
  if (!f) return val;
  size_t n = fread(buf, 1, sizeof buf - 1, f);
  fclose(f);
  buf[n] = 0;
  size_t klen = strlen(key);
  for (char *line = buf; line && *line; line = strchr(line, '\n') ? strchr(line, '\n') + 1 : NULL) {
    if (strncmp(line, key, klen) == 0 && line[klen] == ':') {
      char *v = line + klen + 1;
      while (*v == '\t' || *v == ' ') v++;
      size_t i = 0;
      while (v[i] && v[i] != '\n' && i < sizeof val - 1) { val[i] = v[i]; i++; }
      val[i] = 0;
      break;
    }
  }
  return val;
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

/* ---- 11. SIGALRM from alarm and setitimer ---- */
static volatile int alarms_seen, alarm_code;
static void on_alarm(int sig, siginfo_t *si, void *uc) {
  (void)sig; (void)uc;
  alarms_seen++;
  alarm_code = si->si_code;
}

static void alarms(void) {
  say("11. alarm and setitimer\n");
  install(SIGALRM, on_alarm, 0);
  alarm(2);
  say("  alarm(5) after alarm(2): %u left\n", alarm(5));
  say("  alarm(0): %u left\n", alarm(0));
  alarms_seen = 0;
  alarm(1);
  int r = pause();
  say("  pause: %d %s, SIGALRM %d time(s), si_code=%d\n", r, r < 0 && errno == EINTR ? "EINTR" : "", alarms_seen, alarm_code);
  struct itimerval it = { { 0, 100000 }, { 0, 100000 } }, old;
  setitimer(ITIMER_REAL, &it, NULL);
  alarms_seen = 0;
  sigset_t none;
  sigemptyset(&none);
  while (alarms_seen < 3) sigsuspend(&none);
  getitimer(ITIMER_REAL, &old);
  say("  periodic: %d alarms; interval %ld us, next in (0, 100000] us: %s\n", alarms_seen, (long)old.it_interval.tv_usec,
      old.it_value.tv_sec == 0 && old.it_value.tv_usec > 0 && old.it_value.tv_usec <= 100000 ? "yes" : "no");
  struct itimerval off = { { 0, 0 }, { 0, 0 } };
  setitimer(ITIMER_REAL, &off, &old);
  getitimer(ITIMER_REAL, &old);
  say("  disarmed: value %ld.%06ld, interval %ld.%06ld\n", (long)old.it_value.tv_sec, (long)old.it_value.tv_usec,
      (long)old.it_interval.tv_sec, (long)old.it_interval.tv_usec);
  struct itimerval bad = { { 0, 1000000 }, { 0, 0 } };
  say("  tv_usec 1000000: %s\n", setitimer(ITIMER_REAL, &bad, NULL) && errno == EINVAL ? "EINVAL" : "accepted");
  say("  which 7: %s\n", getitimer(7, &old) && errno == EINVAL ? "EINVAL" : "accepted");
  /* An alarm that is due while the signal is blocked stays pending. */
  sigset_t alrm;
  sigemptyset(&alrm);
  sigaddset(&alrm, SIGALRM);
  sigprocmask(SIG_BLOCK, &alrm, NULL);
  alarms_seen = 0;
  alarm(1);
  sleep_ms(1500);
  sigset_t pend;
  sigpending(&pend);
  say("  blocked: pending %d, handled %d\n", sigismember(&pend, SIGALRM), alarms_seen);
  sigprocmask(SIG_UNBLOCK, &alrm, NULL);
  say("  unblocked: handled %d\n", alarms_seen);
  /* A forked child does not inherit the parent's timer. */
  alarm(1);
  pid_t c = fork();
  if (c == 0) _exit((int)alarm(0));
  int st;
  waitpid(c, &st, 0);
  say("  child's alarm(0): %d left; parent's: %u\n", WEXITSTATUS(st), alarm(0));
}

/* ---- 12. signalfd ---- */
static void show_ssi(const struct signalfd_siginfo *fi, pid_t child) {
  say("  ssi_signo=%u ssi_code=%d ssi_pid=%s ssi_int=%d\n", fi->ssi_signo, fi->ssi_code,
      fi->ssi_pid == (uint32_t)getpid() ? "self" : fi->ssi_pid == (uint32_t)child ? "child" : "?", fi->ssi_int);
}

static void signalfds(void) {
  say("12. signalfd\n");
  sigset_t s;
  sigemptyset(&s);
  sigaddset(&s, SIGUSR2);
  sigaddset(&s, SIGRTMIN);
  sigprocmask(SIG_BLOCK, &s, NULL);
  int fd = signalfd(-1, &s, SFD_NONBLOCK | SFD_CLOEXEC);
  struct signalfd_siginfo fi[4];
  ssize_t n = read(fd, fi, sizeof fi[0]);
  say("  empty: %zd %s\n", n, n < 0 && errno == EAGAIN ? "EAGAIN" : "");
  n = read(fd, fi, 8);
  say("  short buffer: %zd %s\n", n, n < 0 && errno == EINVAL ? "EINVAL" : "");
  /* 9 in both halves of the pointer: ssi_int (the sigval's int member) reads 9 on either byte
     order, and so under qemu-user too, which carries the value to the host as a pointer. */
  union sigval v = { .sival_ptr = (void *)0x900000009 };
  sigqueue(getpid(), SIGRTMIN, v);
  kill(getpid(), SIGUSR2);
  struct pollfd pfd = { fd, POLLIN, 0 };
  int pr = poll(&pfd, 1, 0);
  say("  poll: %d revents=%s\n", pr, pfd.revents == POLLIN ? "POLLIN" : "?");
  n = read(fd, fi, sizeof fi);
  say("  read: %zd bytes\n", n);
  for (int i = 0; i < n / (ssize_t)sizeof fi[0]; i++) {
    if (fi[i].ssi_signo == (uint32_t)SIGRTMIN) say("  RTMIN: ssi_code=%d ssi_pid=%s ssi_int=%d\n", fi[i].ssi_code,
        fi[i].ssi_pid == (uint32_t)getpid() ? "self" : "?", fi[i].ssi_int);
    else show_ssi(&fi[i], 0);
  }
  sigset_t pend;
  sigpending(&pend);
  say("  pending afterwards: USR2 %d\n", sigismember(&pend, SIGUSR2));
  /* The mask can be changed through the same fd; a blocking one waits for a signal. */
  sigemptyset(&s);
  sigaddset(&s, SIGUSR2);
  say("  new mask on the same fd: %s\n", signalfd(fd, &s, 0) == fd ? "same fd" : "?");
  int bfd = signalfd(-1, &s, 0);
  pid_t c = fork();
  if (c == 0) { sleep_ms(50); kill(getppid(), SIGUSR2); _exit(0); }
  n = read(bfd, fi, sizeof fi);
  say("  blocking read: %zd bytes\n", n);
  show_ssi(&fi[0], c);
  int st;
  waitpid(c, &st, 0);
  say("  bad fd: %s\n", signalfd(0, &s, 0) < 0 && errno == EINVAL ? "EINVAL" : "?");
  close(fd);
  close(bfd);
  sigemptyset(&s);
  sigaddset(&s, SIGUSR2);
  sigaddset(&s, SIGRTMIN);
  sigprocmask(SIG_UNBLOCK, &s, NULL);
}

/* ---- 13. prctl(PR_SET_PDEATHSIG) ---- */
static pid_t first_parent;
static volatile int death_sig, death_code;
static volatile pid_t death_pid;
static void on_parent_death(int sig, siginfo_t *si, void *uc) {
  (void)uc;
  death_sig = sig;
  death_code = si->si_code;
  death_pid = si->si_pid;
}

static void pdeathsig(void) {
  say("13. PR_SET_PDEATHSIG\n");
  int p[2], ready[2];
  if (pipe(p) || pipe(ready)) _exit(97);
  pid_t mid = fork();
  if (mid == 0) {
    pid_t g = fork();
    if (g == 0) {
      first_parent = getppid();
      install(SIGUSR1, on_parent_death, 0);
      prctl(PR_SET_PDEATHSIG, SIGUSR1);
      int got = 0;
      prctl(PR_GET_PDEATHSIG, &got);
      char buf[128];
      int n = snprintf(buf, sizeof buf, "  grandchild: PR_GET_PDEATHSIG %d\n", got);
      if (write(p[1], buf, (size_t)n) < 0) _exit(1);
      pid_t gg = fork();
      if (gg == 0) {
        int inh = -1;
        prctl(PR_GET_PDEATHSIG, &inh);
        n = snprintf(buf, sizeof buf, "  its fork child: PR_GET_PDEATHSIG %d\n", inh);
        if (write(p[1], buf, (size_t)n) < 0) _exit(1);
        _exit(0);
      }
      waitpid(gg, NULL, 0);
      if (write(ready[1], "r", 1) != 1) _exit(1);
      while (!death_sig) pause();
      n = snprintf(buf, sizeof buf, "  grandchild: sig=%d si_code=%d si_pid=%s\n", death_sig, death_code,
          death_pid == first_parent ? "the dead parent" : death_pid == 0 ? "0" : "other");
      if (write(p[1], buf, (size_t)n) < 0) _exit(1);
      _exit(0);
    }
    char r;
    if (read(ready[0], &r, 1) != 1) _exit(1);
    _exit(0);  /* the grandchild's parent dies */
  }
  close(p[1]);
  close(ready[1]);
  int st;
  waitpid(mid, &st, 0);
  char buf[512];
  size_t got = 0;
  ssize_t n;
  while ((n = read(p[0], buf + got, sizeof buf - 1 - got)) > 0) got += (size_t)n;
  buf[got] = 0;
  say("%s", buf);
  close(p[0]);
  close(ready[0]);
  say("  invalid signal: %s\n", prctl(PR_SET_PDEATHSIG, 65) && errno == EINVAL ? "EINVAL" : "?");
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
#elif defined(__aarch64__) || defined(__riscv) || defined(__s390x__)
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
  say("  /proc state: %s\n", proc_status(c, "State"));
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
  pipe_read_case(SA_RESTART, "SA_RESTART");
  pipe_read_case(0, "no SA_RESTART");

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
  char sid[16];
  snprintf(sid, sizeof sid, "%d", (int)getsid(0));
  say("  /proc/b/status: NSpgid %s, NSsid %s\n", atoi(proc_status(b, "NSpgid")) == a ? "a" : "?",
      strcmp(proc_status(b, "NSsid"), sid) == 0 ? "ours" : "?");
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
  alarms();
  signalfds();
  pdeathsig();
  say("done\n");
  return 0;
}
