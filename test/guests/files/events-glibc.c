// Event loops' building blocks through glibc: epoll (level- and edge-triggered, one-shot,
// MOD/DEL, a closed file leaving the set, nested epoll, epoll_pwait's mask, the errors),
// eventfd (counter and semaphore modes, limits), timerfd (one-shot, periodic, absolute,
// gettime, a blocking read, a timerfd in epoll) over pipes and AF_UNIX sockets. Prints only
// what Linux makes the same on every architecture; timer margins are wide (100 ms periods
// read after 250 ms) so the native oracle run is not at the mercy of its scheduler.
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <sys/timerfd.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "show.h"

/** One epoll_wait with a zero timeout: the count, then each event's mask and data. */
static void waitshow(const char *what, int ep, int timeout) {
  struct epoll_event ev[8];
  int n = epoll_wait(ep, ev, 8, timeout);
  if (n < 0) { printf("%s: -1 %s\n", what, strerrorname_np(errno)); return; }
  printf("%s: %d", what, n);
  for (int i = 0; i < n; i++) printf(" [%#x %llu]", ev[i].events, (unsigned long long)ev[i].data.u64);
  printf("\n");
  fflush(stdout);
}

static int add(int ep, int fd, unsigned events, uint64_t data) {
  struct epoll_event e = { .events = events, .data.u64 = data };
  return epoll_ctl(ep, EPOLL_CTL_ADD, fd, &e);
}

static int mod(int ep, int fd, unsigned events, uint64_t data) {
  struct epoll_event e = { .events = events, .data.u64 = data };
  return epoll_ctl(ep, EPOLL_CTL_MOD, fd, &e);
}

static void sleep_ms(long ms) {
  struct timespec ts = { ms / 1000, (ms % 1000) * 1000000 };
  nanosleep(&ts, NULL);
}

/* NULL, hidden from the compiler's buffer checks. */
static struct epoll_event *volatile nullev;

static void epolls(void) {
  int p[2], q[2];
  char buf[16];
  printf("-- epoll over pipes\n");
  int ep = epoll_create1(EPOLL_CLOEXEC);
  SHOW(ep);
  SHOW(fcntl(ep, F_GETFD));
  SHOW(pipe(p));
  SHOW(pipe(q));
  SHOW(add(ep, p[0], EPOLLIN, 1));
  SHOW(add(ep, q[0], EPOLLIN | EPOLLET, 2));
  SHOW(add(ep, q[1], EPOLLOUT | EPOLLONESHOT, 3));
  waitshow("fresh", ep, 0);
  waitshow("one-shot gone", ep, 0);
  SHOW(write(p[1], "ab", 2));
  SHOW(write(q[1], "cd", 2));
  waitshow("both readable", ep, 0);
  waitshow("level again, edge not", ep, 0);
  SHOW(write(q[1], "e", 1));
  waitshow("edge after more data", ep, 0);
  SHOW(read(p[0], buf, sizeof buf));
  SHOW(read(q[0], buf, sizeof buf));
  waitshow("drained", ep, 0);
  SHOW(mod(ep, q[1], EPOLLOUT, 30));
  waitshow("re-armed", ep, 0);
  SHOW(epoll_ctl(ep, EPOLL_CTL_DEL, q[1], NULL));
  SHOW(close(p[1]));
  waitshow("writer closed", ep, 0);
  SHOW(close(p[0]));
  waitshow("read end closed", ep, 0);
  SHOW(epoll_ctl(ep, EPOLL_CTL_DEL, p[0], NULL));

  printf("-- errors\n");
  struct epoll_event e = { .events = EPOLLIN };
  int f = open("/dev/null", O_RDONLY);
  int reg = open("/proc/self/status", O_RDONLY);
  SHOW(epoll_create(0));
  SHOW(epoll_create1(1));
  SHOW(epoll_ctl(ep, EPOLL_CTL_ADD, q[0], &e));
  SHOW(epoll_ctl(ep, EPOLL_CTL_MOD, f, &e));
  SHOW(epoll_ctl(ep, EPOLL_CTL_DEL, 99, &e));
  SHOW(epoll_ctl(99, EPOLL_CTL_ADD, q[0], &e));
  SHOW(epoll_ctl(q[0], EPOLL_CTL_ADD, q[1], &e));
  SHOW(epoll_ctl(ep, EPOLL_CTL_ADD, ep, &e));
  SHOW(epoll_ctl(ep, 7, q[0], &e));
  SHOW(epoll_ctl(ep, EPOLL_CTL_ADD, q[1], NULL));
  SHOW(epoll_ctl(ep, EPOLL_CTL_ADD, reg, &e));
  e.events = EPOLLIN | EPOLLEXCLUSIVE;
  SHOW(epoll_ctl(ep, EPOLL_CTL_MOD, q[0], &e));
  e.events = EPOLLIN | EPOLLEXCLUSIVE | EPOLLONESHOT;
  SHOW(epoll_ctl(ep, EPOLL_CTL_ADD, q[1], &e));
  struct epoll_event out[1];
  SHOW(epoll_wait(ep, out, 0, 0));
  SHOW(epoll_wait(ep, nullev, 1, 0));
  SHOW(epoll_wait(q[0], out, 1, 0));
  SHOW(epoll_wait(99, out, 1, 0));
  int inner = epoll_create1(0);
  SHOW(add(inner, q[0], EPOLLIN, 5));
  SHOW(add(ep, inner, EPOLLIN, 6));
  SHOW(add(inner, ep, EPOLLIN, 7));
  SHOW(write(q[1], "x", 1));
  waitshow("nested", ep, 0);
  waitshow("inner", inner, 0);
  close(inner);
  close(f);
  close(reg);
  close(q[0]);
  close(q[1]);
  close(ep);
}

static void eventfds(void) {
  uint64_t v;
  printf("-- eventfd\n");
  int fd = eventfd(3, EFD_NONBLOCK | EFD_CLOEXEC);
  SHOW(fd);
  SHOW(fcntl(fd, F_GETFD));
  SHOW(read(fd, &v, 8));
  printf("value %llu\n", (unsigned long long)v);
  SHOW(read(fd, &v, 8));
  SHOW(read(fd, &v, 4));
  v = 5;
  SHOW(write(fd, &v, 8));
  uint64_t two[2] = { 5, 0 };
  SHOW(write(fd, two, 16));
  SHOW(write(fd, &v, 7));
  v = UINT64_MAX;
  SHOW(write(fd, &v, 8));
  v = UINT64_MAX - 11;
  SHOW(write(fd, &v, 8));
  SHOW(read(fd, &v, 8));
  printf("value %llu\n", (unsigned long long)v);
  v = UINT64_MAX - 1;
  SHOW(write(fd, &v, 8));
  v = 1;
  SHOW(write(fd, &v, 8));
  SHOW(read(fd, &v, 8));
  close(fd);
  int sem = eventfd(2, EFD_SEMAPHORE | EFD_NONBLOCK);
  SHOW(read(sem, &v, 8));
  printf("value %llu\n", (unsigned long long)v);
  SHOW(read(sem, &v, 8));
  SHOW(read(sem, &v, 8));
  SHOW(eventfd(0, 0x10));
  int ep = epoll_create1(0);
  SHOW(add(ep, sem, EPOLLIN | EPOLLOUT, 9));
  waitshow("semaphore empty", ep, 0);
  v = 4;
  SHOW(write(sem, &v, 8));
  waitshow("semaphore 4", ep, 0);
  // A child blocks on the counter until the parent adds to it.
  fflush(stdout);
  int blocking = eventfd(0, 0);
  pid_t c = fork();
  if (c == 0) {
    uint64_t got = 0;
    long r = read(blocking, &got, 8);
    printf("child read %ld: %llu\n", r, (unsigned long long)got);
    fflush(stdout);
    _exit(0);
  }
  sleep_ms(50);
  v = 42;
  // Printed after the child is done: the two would race for stdout.
  long wr = write(blocking, &v, 8);
  int status;
  SHOW(waitpid(c, &status, 0) == c);
  report("write(blocking, &v, 8)", wr);
  close(blocking);
  close(sem);
  close(ep);
}

static void timers(void) {
  uint64_t ticks;
  struct itimerspec its = { 0 }, old;
  printf("-- timerfd\n");
  int t = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC);
  SHOW(t);
  SHOW(fcntl(t, F_GETFD));
  SHOW(read(t, &ticks, 8));
  SHOW(timerfd_gettime(t, &old));
  printf("disarmed: %ld.%09ld / %ld.%09ld\n", (long)old.it_value.tv_sec, old.it_value.tv_nsec, (long)old.it_interval.tv_sec, old.it_interval.tv_nsec);
  its.it_value.tv_nsec = 100000000;
  its.it_interval.tv_nsec = 100000000;
  SHOW(timerfd_settime(t, 0, &its, NULL));
  SHOW(timerfd_gettime(t, &old));
  printf("armed: interval %ld.%09ld, value within (0, 0.1]: %d\n", (long)old.it_interval.tv_sec, old.it_interval.tv_nsec,
         old.it_value.tv_sec == 0 && old.it_value.tv_nsec > 0 && old.it_value.tv_nsec <= 100000000);
  sleep_ms(250);
  SHOW(read(t, &ticks, 8));
  printf("ticks %llu\n", (unsigned long long)ticks);
  SHOW(read(t, &ticks, 4));
  // A blocking read waits for the next expiry.
  SHOW(fcntl(t, F_SETFL, 0));
  SHOW(read(t, &ticks, 8));
  printf("ticks %llu\n", (unsigned long long)ticks);
  // epoll wakes for it too.
  int ep = epoll_create1(0);
  SHOW(add(ep, t, EPOLLIN, 11));
  waitshow("timer in epoll, waiting", ep, 1000);
  SHOW(read(t, &ticks, 8));
  printf("ticks %llu\n", (unsigned long long)ticks);
  struct itimerspec zero = { 0 };
  SHOW(timerfd_settime(t, 0, &zero, &old));
  printf("old interval %ld.%09ld\n", (long)old.it_interval.tv_sec, old.it_interval.tv_nsec);
  waitshow("disarmed in epoll", ep, 300);
  // An absolute time already past fires at once, once.
  struct timespec now;
  clock_gettime(CLOCK_REALTIME, &now);
  int rt = timerfd_create(CLOCK_REALTIME, TFD_NONBLOCK);
  struct itimerspec past = { .it_value = { now.tv_sec - 10, 0 } };
  SHOW(timerfd_settime(rt, TFD_TIMER_ABSTIME, &past, NULL));
  SHOW(read(rt, &ticks, 8));
  printf("ticks %llu\n", (unsigned long long)ticks);
  struct itimerspec future = { .it_value = { now.tv_sec + 1000, 0 } };
  SHOW(timerfd_settime(rt, TFD_TIMER_ABSTIME, &future, NULL));
  SHOW(timerfd_gettime(rt, &old));
  printf("absolute: %ld s left at most, more than 990: %d\n", 1000L, old.it_value.tv_sec >= 990);
  SHOW(read(rt, &ticks, 8));
  printf("-- timerfd errors\n");
  SHOW(timerfd_create(99, 0));
  SHOW(timerfd_create(CLOCK_MONOTONIC, 0x1));
  its.it_value.tv_nsec = 1000000000;
  SHOW(timerfd_settime(t, 0, &its, NULL));
  its.it_value.tv_nsec = 1;
  SHOW(timerfd_settime(t, 0x4, &its, NULL));
  SHOW(timerfd_settime(ep, 0, &its, NULL));
  SHOW(timerfd_settime(99, 0, &its, NULL));
  SHOW(timerfd_gettime(ep, &old));
  close(rt);
  close(ep);
  close(t);
}

static void sockets(void) {
  int sv[2];
  char buf[8];
  printf("-- epoll over a socketpair\n");
  SHOW(socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0, sv));
  int ep = epoll_create1(0);
  SHOW(add(ep, sv[0], EPOLLIN | EPOLLOUT | EPOLLRDHUP | EPOLLET, 20));
  waitshow("writable", ep, 0);
  waitshow("edge: nothing new", ep, 0);
  SHOW(write(sv[1], "hi", 2));
  waitshow("data", ep, 0);
  SHOW(read(sv[0], buf, sizeof buf));
  SHOW(read(sv[0], buf, sizeof buf));
  SHOW(shutdown(sv[1], SHUT_WR));
  waitshow("peer shut", ep, 0);
  SHOW(close(sv[1]));
  waitshow("peer closed", ep, 0);
  close(sv[0]);
  close(ep);
}

int main(void) {
  signal(SIGPIPE, SIG_IGN);
  epolls();
  eventfds();
  timers();
  sockets();
  return 0;
}
