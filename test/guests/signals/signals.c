/* signals: the signal transcript without libc — tricorn's own runtime (test/guests/rt/) and raw
   system calls, so every step is the kernel's: rt_sigaction with x86_64's SA_RESTORER (the
   other ABIs return through the kernel's trampoline), handlers with and without SA_SIGINFO, a
   handler that edits the interrupted context, SA_NODEFER nesting, sigaltstack, a caught
   SIGSEGV recovered by rewriting the context as a function return, SIGCHLD for
   exit/stop/continue/kill taken with rt_sigtimedwait, wait4 with WUNTRACED/WCONTINUED, EINTR
   vs SA_RESTART for read on a pipe, wait4 and nanosleep, real-time queue order, kill(-pgid),
   SIGALRM from setitimer, signalfd4, PR_SET_PDEATHSIG, SA_NOCLDSTOP/SA_NOCLDWAIT/SIGCHLD
   ignored, CLONE_CLEAR_SIGHAND, SIGVTALRM/SIGPROF from CPU-time timers, and the core bit of a
   signal death.
   Pids are printed relative to the caller. The transcript is Linux's (x86_64 natively, with
   core dumps allowed) and the same on all six arches (scripts/build-signals.sh). */
#include "rt.h"
#include "sigaction.h"
#include <asm/signal.h>
#include <asm/siginfo.h>
#include <asm/sigcontext.h>
#include <asm/ucontext.h>

#ifndef SS_ONSTACK
#define SS_ONSTACK 1
#endif
#define SFD_NONBLOCK 04000
#define PR_SET_PDEATHSIG 1
#define PR_GET_PDEATHSIG 2
#define ITIMER_REAL 0

struct ts { long sec, nsec; };
struct tv { long sec, usec; };
struct itv { struct tv interval, value; };

#define BIT(sig) (1ull << ((sig) - 1))

static void install(int sig, void (*fn)(int, siginfo_t *, void *), unsigned long flags, uint64_t mask) {
  k_sigaction_install(sig, fn, flags, mask);
}
/* A handler without SA_SIGINFO (or SIG_DFL when fn is 0): the kernel passes only the number. */
static void handler_plain(int sig, void (*fn)(int)) {
  install(sig, (void (*)(int, siginfo_t *, void *))(void (*)(void))fn, 0, 0);
}
static long sigmask(int how, uint64_t set, uint64_t *old) {
  return syscall4(__NR_rt_sigprocmask, how, (long)&set, (long)old, 8);
}
static uint64_t getmask(void) { uint64_t m = 0; syscall4(__NR_rt_sigprocmask, 0, 0, (long)&m, 8); return m; }
static long raise_sig(int sig) { return syscall3(__NR_tgkill, sys_getpid(), sys_gettid(), sig); }
static long sleep_ms(long ms) {
  struct ts t = { ms / 1000, (ms % 1000) * 1000000 };
  long r;
  while ((r = syscall2(__NR_nanosleep, (long)&t, (long)&t)) == -EINTR) {}
  return r;
}
static long fork_(void) { return sys_clone(SIGCHLD, 0, 0, 0, 0); }
static long waitfor(long pid, int *st, int opts) { return sys_wait4(pid, st, opts, 0); }
static long sigtimedwait_(uint64_t set, siginfo_t *si) { return syscall4(__NR_rt_sigtimedwait, (long)&set, (long)si, 0, 8); }
static long suspend(uint64_t mask) { return syscall2(__NR_rt_sigsuspend, (long)&mask, 8); }
static const char *err(long r) { return r < 0 ? rt_errname(r) : ""; }

static const char *status_text(int st) {
  static char buf[64];
  if (WIFEXITED(st)) snprintf(buf, sizeof buf, "exited %d", WEXITSTATUS(st));
  else if ((st & 0xff) == 0x7f) snprintf(buf, sizeof buf, "stopped by %d", (st >> 8) & 0xff);
  else if (st == 0xffff) snprintf(buf, sizeof buf, "continued");
  else snprintf(buf, sizeof buf, "killed by %d%s", WTERMSIG(st), (st & 0x80) ? " (core dumped)" : "");
  return buf;
}

/* ---- 1. handlers ---- */
static volatile int plain_got;
static void plain(int sig) { plain_got = sig; }
static void with_info(int sig, siginfo_t *si, void *uc) {
  (void)uc;
  printf("  SA_SIGINFO: sig=%d si_code=%d si_pid=%s si_uid=%d si_int=%d\n", sig, si->si_code,
         si->si_pid == sys_getpid() ? "self" : "other", (int)si->si_uid, si->si_code == SI_QUEUE ? si->si_int : 0);
}

/* ---- 2. the handler edits the interrupted context ---- */
static void skip_trap(int sig, siginfo_t *si, void *ucv) {
  (void)sig; (void)si;
  struct ucontext *uc = ucv;
#if defined(__x86_64__)
  uc->uc_mcontext.rip += 2;            /* past ud2 */
  uc->uc_mcontext.rax = 42;
#elif defined(__aarch64__)
  uc->uc_mcontext.pc += 4;             /* past udf */
  uc->uc_mcontext.regs[0] = 42;
#elif defined(__riscv)
  uc->uc_mcontext.sc_regs.pc += 2;     /* past c.unimp */
  uc->uc_mcontext.sc_regs.a0 = 42;
#elif defined(__s390x__)
  /* the PSW already points past the invalid instruction (an operation exception suppresses it) */
  uc->uc_mcontext.regs.gprs[2] = 42;
#else
  uc->uc_mcontext.gp_regs[32] += 4;    /* NIP past trap */
  uc->uc_mcontext.gp_regs[3] = 42;
#endif
}
static long trap_with_value(void) {
  long v;
#if defined(__x86_64__)
  __asm__ volatile("mov $1, %%rax\n\tud2\n\tmov %%rax, %0" : "=r"(v) : : "rax", "memory");
#elif defined(__aarch64__)
  __asm__ volatile("mov x0, #1\n\tudf #0\n\tmov %0, x0" : "=r"(v) : : "x0", "memory");
#elif defined(__riscv)
  __asm__ volatile("li a0, 1\n\t.2byte 0\n\tmv %0, a0" : "=r"(v) : : "a0", "memory");
#elif defined(__s390x__)
  __asm__ volatile("lghi %%r2, 1\n\t.short 0\n\tlgr %0, %%r2" : "=d"(v) : : "r2", "memory");
#else
  __asm__ volatile("li 3, 1\n\ttrap\n\tmr %0, 3" : "=r"(v) : : "r3", "memory");
#endif
  return v;
}

/* ---- 3. nesting ---- */
static volatile int depth, order[8], norder;
static void nester(int sig, siginfo_t *si, void *uc) {
  (void)si; (void)uc;
  int me = ++depth;
  order[norder++] = me;
  if (me == 1) raise_sig(sig);
  order[norder++] = -me;
}

/* ---- 4. sigaltstack ---- */
static char altstack[65536] __attribute__((aligned(16)));
static void on_alt(int sig, siginfo_t *si, void *uc) {
  (void)sig; (void)si; (void)uc;
  char local;
  stack_t now;
  syscall2(__NR_sigaltstack, 0, (long)&now);
  printf("  on the alternate stack: %s, ss_flags=%s\n", (&local > altstack && &local < altstack + sizeof altstack) ? "yes" : "no",
         now.ss_flags == SS_ONSTACK ? "SS_ONSTACK" : "other");
}

/* ---- 5. SIGSEGV caught, recovered as if the faulting leaf function had returned -1 ---- */
__attribute__((noinline)) static int probe(volatile int *p) { return *p; }
/* A page below mmap_min_addr, never mapped; page-aligned because s390x's Linux reports only the
   page of a faulting address in si_addr, so every arch prints the same si_addr. */
static volatile unsigned long bad_address = 0x1000;
static void segv(int sig, siginfo_t *si, void *ucv) {
  struct ucontext *uc = ucv;
  printf("  SIGSEGV: sig=%d si_code=%d si_addr=%p\n", sig, si->si_code, si->si_addr);
#if defined(__x86_64__)
  uc->uc_mcontext.rip = *(unsigned long *)uc->uc_mcontext.rsp;
  uc->uc_mcontext.rsp += 8;
  uc->uc_mcontext.rax = -1;
#elif defined(__aarch64__)
  uc->uc_mcontext.pc = uc->uc_mcontext.regs[30];
  uc->uc_mcontext.regs[0] = -1;
#elif defined(__riscv)
  uc->uc_mcontext.sc_regs.pc = uc->uc_mcontext.sc_regs.ra;
  uc->uc_mcontext.sc_regs.a0 = -1;
#elif defined(__s390x__)
  uc->uc_mcontext.regs.psw.addr = uc->uc_mcontext.regs.gprs[14];  /* PSW = the return address */
  uc->uc_mcontext.regs.gprs[2] = -1;
#else
  uc->uc_mcontext.gp_regs[32] = uc->uc_mcontext.gp_regs[36];  /* NIP = LR */
  uc->uc_mcontext.gp_regs[3] = -1;
#endif
}

/* ---- 7. EINTR and SA_RESTART ---- */
static volatile int usr1;
static void count_usr1(int sig, siginfo_t *si, void *uc) { (void)sig; (void)si; (void)uc; usr1++; }
/* A child that signals its parent after `ms`, then writes a byte to fd (if >= 0) and exits with code. */
static long poke(long ms, int fd, int code) {
  long c = fork_();
  if (c == 0) {
    sleep_ms(ms);
    sys_kill(sys_getppid(), SIGUSR1);
    sleep_ms(ms);
    if (fd >= 0) sys_write(fd, "x", 1);
    sys_exit_group(code);
  }
  return c;
}

/* ---- 8. real-time order ---- */
static volatile int seen[16], nseen;
static void rt_handler(int sig, siginfo_t *si, void *uc) {
  (void)uc;
  seen[nseen++] = sig == SIGUSR1 ? -1 : (sig - SIGRTMIN) * 100 + si->si_int;
}
static long queue(int sig, int value) {
  siginfo_t si;
  memset(&si, 0, sizeof si);
  si.si_signo = sig;
  si.si_code = SI_QUEUE;
  si.si_pid = sys_getpid();
  si.si_uid = sys_getuid();
  /* value in both halves: si_int reads it on either byte order */
  si.si_ptr = (void *)(((unsigned long)(unsigned)value << 32) | (unsigned)value);
  return syscall3(__NR_rt_sigqueueinfo, sys_getpid(), sig, (long)&si);
}

/* ---- 10. SIGALRM ---- */
static volatile int alarms, alarm_code;
static void on_alarm(int sig, siginfo_t *si, void *uc) { (void)sig; (void)uc; alarms++; alarm_code = si->si_code; }

/* ---- 12. PR_SET_PDEATHSIG ---- */
static volatile int death_sig, death_code;
static volatile long death_pid;
static void on_death(int sig, siginfo_t *si, void *uc) { (void)uc; death_sig = sig; death_code = si->si_code; death_pid = si->si_pid; }

int main(void) {
  printf("1. handlers\n");
  handler_plain(SIGUSR1, plain);
  raise_sig(SIGUSR1);
  printf("  plain handler got %d\n", plain_got);
  install(SIGUSR2, with_info, SA_SIGINFO, 0);
  sys_kill(sys_getpid(), SIGUSR2);
  queue(SIGUSR2, 7);

  printf("2. context edited by the handler\n");
#if defined(__powerpc64__)
  install(SIGTRAP, skip_trap, SA_SIGINFO, 0);
#else
  install(SIGILL, skip_trap, SA_SIGINFO, 0);
#endif
  printf("  value after the trap: %ld\n", trap_with_value());

  printf("3. nesting\n");
  install(SIGUSR1, nester, SA_SIGINFO | SA_NODEFER, 0);
  depth = norder = 0;
  raise_sig(SIGUSR1);
  printf("  SA_NODEFER: %d %d %d %d\n", order[0], order[1], order[2], order[3]);
  install(SIGUSR1, nester, SA_SIGINFO, 0);
  depth = norder = 0;
  raise_sig(SIGUSR1);
  printf("  default:    %d %d %d %d\n", order[0], order[1], order[2], order[3]);
  install(SIGUSR1, nester, SA_SIGINFO | SA_RESETHAND, 0);
  depth = 1;
  raise_sig(SIGUSR1);
  struct k_sigaction now;
  syscall4(__NR_rt_sigaction, SIGUSR1, 0, (long)&now, 8);
  printf("  SA_RESETHAND: afterwards %s\n", now.handler == 0 ? "SIG_DFL" : "a handler");
  printf("  mask after the handlers: %s\n", getmask() == 0 ? "empty" : "not empty");

  printf("4. sigaltstack\n");
  stack_t small = { altstack, 0, 512 };
  printf("  too small: %s\n", err(syscall2(__NR_sigaltstack, (long)&small, 0)));
  stack_t ss = { altstack, 0, sizeof altstack };
  syscall2(__NR_sigaltstack, (long)&ss, 0);
  install(SIGUSR2, on_alt, SA_SIGINFO | SA_ONSTACK, 0);
  raise_sig(SIGUSR2);
  stack_t cur;
  syscall2(__NR_sigaltstack, 0, (long)&cur);
  printf("  after: ss_flags=%d ss_size=%lu\n", cur.ss_flags, (unsigned long)cur.ss_size);

  printf("5. SIGSEGV\n");
  install(SIGSEGV, segv, SA_SIGINFO, 0);
  printf("  probe returned %d\n", probe((volatile int *)bad_address));
  printf("  SIGSEGV blocked afterwards: %s\n", getmask() & BIT(SIGSEGV) ? "yes" : "no");

  printf("6. SIGCHLD and job control\n");
  sigmask(SIG_BLOCK, BIT(SIGCHLD), 0);
  siginfo_t si;
  int st;
  long c = fork_();
  if (c == 0) sys_exit_group(7);
  sigtimedwait_(BIT(SIGCHLD), &si);
  printf("  exit: si_code=%d si_status=%d si_pid=%s\n", si.si_code, si.si_status, si.si_pid == c ? "child" : "?");
  waitfor(c, &st, 0);
  printf("  wait: %s\n", status_text(st));
  c = fork_();
  if (c == 0) for (;;) suspend(0);
  sys_kill(c, SIGSTOP);
  sigtimedwait_(BIT(SIGCHLD), &si);
  printf("  stop: si_code=%d si_status=%d\n", si.si_code, si.si_status);
  printf("  wait without WUNTRACED: %ld\n", waitfor(c, &st, WNOHANG));
  waitfor(c, &st, WUNTRACED);
  printf("  wait: %s\n", status_text(st));
  sys_kill(c, SIGCONT);
  sigtimedwait_(BIT(SIGCHLD), &si);
  printf("  continue: si_code=%d si_status=%d\n", si.si_code, si.si_status);
  waitfor(c, &st, WCONTINUED);
  printf("  wait: %s\n", status_text(st));
  sys_kill(c, SIGTSTP);
  waitfor(c, &st, WUNTRACED);
  printf("  SIGTSTP: %s\n", status_text(st));
  sys_kill(c, SIGKILL);
  waitfor(c, &st, 0);
  printf("  SIGKILL while stopped: %s\n", status_text(st));
  sigtimedwait_(BIT(SIGCHLD), &si);
  sigmask(SIG_UNBLOCK, BIT(SIGCHLD), 0);

  printf("7. EINTR and SA_RESTART\n");
  int p[2];
  char ch = 0;
  for (int restart = 1; restart >= 0; restart--) {
    install(SIGUSR1, count_usr1, SA_SIGINFO | (restart ? SA_RESTART : 0), 0);

    syscall2(__NR_pipe2, (long)p, 0);
    usr1 = 0;
    c = poke(50, p[1], 0);
    long n = sys_read(p[0], &ch, 1);
    printf("  read on a pipe (%s): %ld %s, handler ran %d time(s)\n", restart ? "SA_RESTART" : "no SA_RESTART", n,
           n == 1 && ch == 'x' ? "byte" : err(n), usr1);
    waitfor(c, &st, 0);
    syscall1(__NR_close, p[0]);
    syscall1(__NR_close, p[1]);
    usr1 = 0;
    c = poke(50, -1, 5);
    long r = waitfor(c, &st, 0);
    printf("  wait4 (%s): %s, handler ran %d time(s)\n", restart ? "SA_RESTART" : "no SA_RESTART",
           r == c ? status_text(st) : err(r), usr1);
    if (r != c) waitfor(c, &st, 0);
  }
  install(SIGUSR1, count_usr1, SA_SIGINFO | SA_RESTART, 0);
  usr1 = 0;
  c = poke(50, -1, 0);
  struct ts ten = { 10, 0 }, rem = { 0, 0 };
  long n = syscall2(__NR_nanosleep, (long)&ten, (long)&rem);
  printf("  nanosleep (SA_RESTART): %s, remaining %s, handler ran %d time(s)\n", err(n),
         rem.sec > 0 && rem.sec < 10 ? "between 0 and 10 s" : "?", usr1);
  waitfor(c, &st, 0);

  printf("8. real-time queue order\n");
  uint64_t rt = BIT(SIGRTMIN) | BIT(SIGRTMIN + 1) | BIT(SIGUSR1);
  sigmask(SIG_BLOCK, rt, 0);
  install(SIGRTMIN, rt_handler, SA_SIGINFO, ~0ull);
  install(SIGRTMIN + 1, rt_handler, SA_SIGINFO, ~0ull);
  install(SIGUSR1, rt_handler, SA_SIGINFO, ~0ull);
  for (int i = 1; i <= 4; i++) queue(i % 2 ? SIGRTMIN + 1 : SIGRTMIN, i);
  raise_sig(SIGUSR1);
  raise_sig(SIGUSR1);
  uint64_t pend = 0;
  syscall2(__NR_rt_sigpending, (long)&pend, 8);
  printf("  pending: RTMIN %d, RTMIN+1 %d, USR1 %d\n", !!(pend & BIT(SIGRTMIN)), !!(pend & BIT(SIGRTMIN + 1)), !!(pend & BIT(SIGUSR1)));
  sigmask(SIG_UNBLOCK, rt, 0);
  printf("  delivered:");
  for (int i = 0; i < nseen; i++) printf(" %d", seen[i]);
  printf("\n");

  printf("9. kill(-pgid)\n");
  long a = fork_();
  if (a == 0) { syscall2(__NR_setpgid, 0, 0); for (;;) suspend(0); }
  syscall2(__NR_setpgid, a, a);
  long b = fork_();
  if (b == 0) { syscall2(__NR_setpgid, 0, a); for (;;) suspend(0); }
  syscall2(__NR_setpgid, b, a);
  printf("  group of a: %s, of b: %s\n", syscall1(__NR_getpgid, a) == a ? "a" : "?", syscall1(__NR_getpgid, b) == a ? "a" : "?");
  sys_kill(-a, SIGTERM);
  waitfor(a, &st, 0);
  printf("  a: %s\n", status_text(st));
  waitfor(b, &st, 0);
  printf("  b: %s\n", status_text(st));
  printf("  kill(-a) again: %s\n", err(sys_kill(-a, SIGTERM)));

  printf("10. SIGALRM from setitimer\n");
  install(SIGALRM, on_alarm, SA_SIGINFO, 0);
  struct itv once = { { 0, 0 }, { 0, 300000 } }, old;
  syscall3(__NR_setitimer, ITIMER_REAL, (long)&once, 0);
  long r = suspend(0);
  printf("  rt_sigsuspend: %s, SIGALRM %d time(s), si_code=%d\n", err(r), alarms, alarm_code);
  struct itv every = { { 0, 100000 }, { 0, 100000 } };
  syscall3(__NR_setitimer, ITIMER_REAL, (long)&every, 0);
  alarms = 0;
  while (alarms < 3) suspend(0);
  struct itv off = { { 0, 0 }, { 0, 0 } };
  syscall3(__NR_setitimer, ITIMER_REAL, (long)&off, (long)&old);
  printf("  periodic: %d, interval %ld us, armed when stopped: %s\n", alarms, old.interval.usec, old.value.usec > 0 ? "yes" : "no");
  syscall2(__NR_getitimer, ITIMER_REAL, (long)&old);
  printf("  now: %ld.%06ld\n", old.value.sec, old.value.usec);

  printf("11. signalfd\n");
  sigmask(SIG_BLOCK, BIT(SIGUSR2), 0);
  uint64_t m = BIT(SIGUSR2);
  long fd = syscall4(__NR_signalfd4, -1, (long)&m, 8, SFD_NONBLOCK);
  struct { uint32_t signo; int32_t err, code; uint32_t pid, uid; char rest[108]; } rec[2];
  n = sys_read(fd, rec, sizeof rec);
  printf("  empty: %s\n", err(n));
  c = fork_();
  if (c == 0) { sys_kill(sys_getppid(), SIGUSR2); sys_exit_group(0); }
  waitfor(c, &st, 0);
  n = sys_read(fd, rec, sizeof rec);
  printf("  read %ld bytes: ssi_signo=%u ssi_code=%d ssi_pid=%s\n", n, rec[0].signo, rec[0].code, rec[0].pid == (uint32_t)c ? "child" : "?");
  syscall1(__NR_close, fd);
  sigmask(SIG_UNBLOCK, BIT(SIGUSR2), 0);

  printf("12. PR_SET_PDEATHSIG\n");
  syscall2(__NR_pipe2, (long)p, 0);
  long mid = fork_();
  if (mid == 0) {
    long g = fork_();
    if (g == 0) {
      long parent = sys_getppid();
      install(SIGUSR1, on_death, SA_SIGINFO, 0);
      syscall2(__NR_prctl, PR_SET_PDEATHSIG, SIGUSR1);
      int got = 0;
      syscall2(__NR_prctl, PR_GET_PDEATHSIG, (long)&got);
      sys_write(p[1], "r", 1);
      while (!death_sig) suspend(0);
      dprintf(p[1], "  grandchild: PR_GET_PDEATHSIG %d; sig=%d si_code=%d si_pid=%s\n", got, death_sig, death_code,
              death_pid == parent ? "the dead parent" : "?");
      sys_exit_group(0);
    }
    sys_read(p[0], &ch, 1);
    sys_exit_group(0);
  }
  waitfor(mid, &st, 0);
  syscall1(__NR_close, p[1]);
  char buf[256];
  n = sys_read(p[0], buf, sizeof buf - 1);
  if (n > 0) { buf[n] = 0; printf("%s", buf); }
  syscall1(__NR_close, p[0]);

  printf("13. SIGCHLD dispositions and CLONE_CLEAR_SIGHAND\n");
  sigmask(SIG_BLOCK, BIT(SIGCHLD), 0);
  install(SIGCHLD, count_usr1, SA_SIGINFO | SA_NOCLDSTOP, 0);
  c = fork_();
  if (c == 0) for (;;) suspend(0);
  sys_kill(c, SIGSTOP);
  waitfor(c, &st, WUNTRACED);
  struct ts brief = { 0, 100000000 };
  r = syscall4(__NR_rt_sigtimedwait, (long)&(uint64_t){ BIT(SIGCHLD) }, (long)&si, (long)&brief, 8);
  printf("  SA_NOCLDSTOP, child stopped: %s\n", r == SIGCHLD ? "SIGCHLD" : err(r));
  sys_kill(c, SIGKILL);
  waitfor(c, &st, 0);
  r = sigtimedwait_(BIT(SIGCHLD), &si);
  printf("  SA_NOCLDSTOP, child killed: %s si_code=%d\n", r == SIGCHLD ? "SIGCHLD" : err(r), si.si_code);
  install(SIGCHLD, count_usr1, SA_SIGINFO | SA_NOCLDWAIT, 0);
  c = fork_();
  if (c == 0) sys_exit_group(3);
  r = waitfor(c, &st, 0);
  printf("  SA_NOCLDWAIT: wait4 %s; ", err(r));
  r = sigtimedwait_(BIT(SIGCHLD), &si);
  printf("SIGCHLD still sent: %s\n", r == SIGCHLD ? "yes" : "no");
  handler_plain(SIGCHLD, (void (*)(int))1);  /* SIG_IGN */
  c = fork_();
  if (c == 0) sys_exit_group(3);
  printf("  SIGCHLD ignored: wait4 %s\n", err(waitfor(c, &st, 0)));
  handler_plain(SIGCHLD, 0);
  sigmask(SIG_UNBLOCK, BIT(SIGCHLD), 0);
  install(SIGUSR1, count_usr1, SA_SIGINFO, 0);
  handler_plain(SIGUSR2, (void (*)(int))1);
  struct clone_args ca;
  memset(&ca, 0, sizeof ca);
  ca.flags = 0x100000000ull;  /* CLONE_CLEAR_SIGHAND */
  ca.exit_signal = SIGCHLD;
  c = sys_clone3(&ca, sizeof ca);
  if (c == 0) {
    struct k_sigaction a1, a2;
    syscall4(__NR_rt_sigaction, SIGUSR1, 0, (long)&a1, 8);
    syscall4(__NR_rt_sigaction, SIGUSR2, 0, (long)&a2, 8);
    sys_exit_group((a1.handler == 0) + 2 * ((long)a2.handler == 1));
  }
  waitfor(c, &st, 0);
  printf("  CLONE_CLEAR_SIGHAND: handler reset %s, SIG_IGN kept %s\n", WEXITSTATUS(st) & 1 ? "yes" : "no", WEXITSTATUS(st) & 2 ? "yes" : "no");
  handler_plain(SIGUSR2, 0);

  printf("14. CPU-time timers\n");
  install(SIGVTALRM, on_alarm, SA_SIGINFO, 0);
  install(SIGPROF, on_alarm, SA_SIGINFO, 0);
  for (int which = 1; which <= 2; which++) {
    struct itv ms = { { 0, 0 }, { 0, 1000 } };
    alarms = 0;
    syscall3(__NR_setitimer, which, (long)&ms, 0);
    for (volatile long spin = 0; !alarms; spin++) {}
    printf("  %s after spinning: si_code=%d\n", which == 1 ? "SIGVTALRM" : "SIGPROF", alarm_code);
  }

  printf("15. deaths\n");
  c = fork_();
  if (c == 0) { handler_plain(SIGSEGV, 0); probe((volatile int *)bad_address); sys_exit_group(0); }
  waitfor(c, &st, 0);
  printf("  a fault: %s\n", status_text(st));
  c = fork_();
  if (c == 0) { raise_sig(SIGABRT); sys_exit_group(0); }
  waitfor(c, &st, 0);
  printf("  SIGABRT: %s\n", status_text(st));
  c = fork_();
  if (c == 0) { raise_sig(SIGTERM); sys_exit_group(0); }
  waitfor(c, &st, 0);
  printf("  SIGTERM: %s\n", status_text(st));
  printf("done\n");
  return 0;
}
