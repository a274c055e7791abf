// POSIX timers through glibc: timer_create with a signal (its si_code, si_timerid and
// si_value as sigwaitinfo sees them), a periodic timer's overruns while its signal waits,
// SIGEV_NONE read with timer_gettime, SIGEV_THREAD (glibc's helper thread, the kernel's
// SIGEV_THREAD_ID), an absolute time, delete, and the errors. Margins are wide (100 ms
// periods, 350 ms waits) so the native oracle run is not at the mercy of its scheduler.
#define _GNU_SOURCE
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <time.h>
#include <unistd.h>
#include "show.h"

static void sleep_ms(long ms) {
  struct timespec ts = { ms / 1000, (ms % 1000) * 1000000 };
  while (nanosleep(&ts, &ts) != 0) {}
}

static volatile int fired;
static void on_thread(union sigval v) {
  fired = v.sival_int;
}

int main(void) {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGUSR1);
  sigaddset(&set, SIGALRM);
  sigprocmask(SIG_BLOCK, &set, NULL);

  printf("-- signal\n");
  timer_t t;
  struct sigevent sev = { .sigev_notify = SIGEV_SIGNAL, .sigev_signo = SIGUSR1, .sigev_value.sival_int = 77 };
  SHOW(timer_create(CLOCK_MONOTONIC, &sev, &t));
  printf("id %ld\n", (long)(intptr_t)t);
  struct itimerspec its = { .it_value = { 0, 100000000 } }, cur;
  SHOW(timer_settime(t, 0, &its, NULL));
  SHOW(timer_gettime(t, &cur));
  printf("armed: %d, interval %ld\n", cur.it_value.tv_sec == 0 && cur.it_value.tv_nsec > 0, cur.it_interval.tv_nsec);
  siginfo_t si;
  SHOW(sigwaitinfo(&set, &si));
  printf("signo %d code %d timerid %d overrun %d value %d\n", si.si_signo, si.si_code, si.si_timerid, si.si_overrun, si.si_value.sival_int);
  SHOW(timer_gettime(t, &cur));
  printf("disarmed: %ld.%09ld\n", (long)cur.it_value.tv_sec, cur.it_value.tv_nsec);

  printf("-- periodic, overruns\n");
  its.it_interval.tv_nsec = 100000000;
  SHOW(timer_settime(t, 0, &its, NULL));
  sleep_ms(350);
  SHOW(sigwaitinfo(&set, &si));
  printf("overrun %d, getoverrun %d\n", si.si_overrun, timer_getoverrun(t));
  SHOW(timer_delete(t));
  SHOW(timer_delete(t));
  SHOW(timer_getoverrun(t));

  printf("-- default sigevent, none, absolute\n");
  timer_t d;
  SHOW(timer_create(CLOCK_REALTIME, NULL, &d));
  printf("id %ld\n", (long)(intptr_t)d);
  struct timespec now;
  clock_gettime(CLOCK_REALTIME, &now);
  struct itimerspec past = { .it_value = { now.tv_sec - 5, 0 } };
  SHOW(timer_settime(d, TIMER_ABSTIME, &past, NULL));
  SHOW(sigwaitinfo(&set, &si));
  printf("signo %d code %d value-is-id %d\n", si.si_signo, si.si_code, si.si_value.sival_int == (int)(intptr_t)d);
  timer_t n;
  struct sigevent none = { .sigev_notify = SIGEV_NONE };
  SHOW(timer_create(CLOCK_MONOTONIC, &none, &n));
  struct itimerspec far = { .it_value = { 100, 0 } };
  SHOW(timer_settime(n, 0, &far, NULL));
  SHOW(timer_gettime(n, &cur));
  printf("left more than 99 s: %d\n", cur.it_value.tv_sec >= 99);

  printf("-- thread\n");
  timer_t th;
  struct sigevent tev = { .sigev_notify = SIGEV_THREAD, .sigev_notify_function = on_thread, .sigev_value.sival_int = 5 };
  SHOW(timer_create(CLOCK_MONOTONIC, &tev, &th));
  struct itimerspec soon = { .it_value = { 0, 50000000 } };
  SHOW(timer_settime(th, 0, &soon, NULL));
  for (int i = 0; i < 50 && !fired; i++) sleep_ms(20);
  printf("callback got %d\n", fired);

  printf("-- errors\n");
  timer_t bad;
  SHOW(timer_create(99, NULL, &bad));
  struct sigevent badsig = { .sigev_notify = SIGEV_SIGNAL, .sigev_signo = 0 };
  SHOW(timer_create(CLOCK_MONOTONIC, &badsig, &bad));
  struct sigevent badtid = { .sigev_notify = SIGEV_THREAD_ID, .sigev_signo = SIGUSR1, ._sigev_un._tid = 99999 };
  SHOW(timer_create(CLOCK_MONOTONIC, &badtid, &bad));
  struct sigevent badnotify = { .sigev_notify = 9, .sigev_signo = SIGUSR1 };
  SHOW(timer_create(CLOCK_MONOTONIC, &badnotify, &bad));
  struct itimerspec badts = { .it_value = { 0, 1000000000 } };
  SHOW(timer_settime(n, 0, &badts, NULL));
  SHOW(timer_settime((timer_t)(intptr_t)4242, 0, &soon, NULL));
  SHOW(timer_gettime((timer_t)(intptr_t)4242, &cur));
  return 0;
}
