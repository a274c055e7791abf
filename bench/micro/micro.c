// Micro-benchmarks of what users feel (issue #13): each mode does one thing N times and prints a
// checksum, so tricorn and qemu-user can be compared on the same static binary.
//   loop N      an integer loop on the main thread
//   tloop N     the same loop inside one pthread (the main thread waits in pthread_join)
//   ttloop N [US]  the same loop inside one pthread while the main thread waits for it with
//               pthread_cond_timedwait (US microseconds, 5000 unless given, re-armed, as Python's GIL or xz -T2's
//               progress timer wait): one task runnable and one timed sleeper
//   fork N      N x fork + _exit + waitpid
//   thread N    N x pthread_create + pthread_join
//   write N     N x write(1 byte) to stdout
//   clock N     N x clock_gettime(CLOCK_MONOTONIC)
//   touch MIB   write one byte in every 4 KiB page of a fresh MIB MiB mapping, then unmap it
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static unsigned long spin(unsigned long n) {
  unsigned long x = 1;
  for (unsigned long i = 0; i < n; i++) x = x * 6364136223846793005UL + i;
  return x;
}

static void *tloop(void *arg) {
  static unsigned long r;
  r = spin((unsigned long)arg);
  return &r;
}

static pthread_mutex_t tt_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t tt_cond = PTHREAD_COND_INITIALIZER;
static int tt_done;
static unsigned long tt_wakes;

static void *ttloop(void *arg) {
  static unsigned long r;
  r = spin((unsigned long)arg);
  pthread_mutex_lock(&tt_lock);
  tt_done = 1;
  pthread_cond_signal(&tt_cond);
  pthread_mutex_unlock(&tt_lock);
  return &r;
}

static void *nothing(void *arg) { return arg; }

int main(int argc, char **argv) {
  if (argc < 3) { fprintf(stderr, "usage: micro MODE N\n"); return 2; }
  const char *m = argv[1];
  unsigned long n = strtoul(argv[2], 0, 0), sum = 0;
  if (!strcmp(m, "loop")) sum = spin(n);
  else if (!strcmp(m, "tloop")) {
    pthread_t t; void *r;
    pthread_create(&t, 0, tloop, (void *)n);
    pthread_join(t, &r);
    sum = *(unsigned long *)r;
  } else if (!strcmp(m, "ttloop")) {
    pthread_t t; void *r;
    long tt_us = argc > 3 ? strtol(argv[3], 0, 0) : 5000;
    pthread_create(&t, 0, ttloop, (void *)n);
    pthread_mutex_lock(&tt_lock);
    while (!tt_done) {
      struct timespec ts;
      clock_gettime(CLOCK_REALTIME, &ts);
      ts.tv_nsec += tt_us * 1000;
      ts.tv_sec += ts.tv_nsec / 1000000000;
      ts.tv_nsec %= 1000000000;
      pthread_cond_timedwait(&tt_cond, &tt_lock, &ts);
      tt_wakes++;
    }
    pthread_mutex_unlock(&tt_lock);
    pthread_join(t, &r);
    // The wakes follow the virtual clock under tricorn (the same count every run) and the host
    // clock under qemu-user: on stderr, out of the checksum the bench compares.
    fprintf(stderr, "ttloop wakes %lu\n", tt_wakes);
    sum = *(unsigned long *)r;
  } else if (!strcmp(m, "fork")) {
    for (unsigned long i = 0; i < n; i++) {
      pid_t p = fork();
      if (p == 0) _exit((int)(i & 63));
      int st;
      if (waitpid(p, &st, 0) != p) return 1;
      sum += WEXITSTATUS(st);
    }
  } else if (!strcmp(m, "thread")) {
    for (unsigned long i = 0; i < n; i++) {
      pthread_t t; void *r;
      if (pthread_create(&t, 0, nothing, (void *)i)) return 1;
      pthread_join(t, &r);
      sum += (unsigned long)r;
    }
  } else if (!strcmp(m, "write")) {
    for (unsigned long i = 0; i < n; i++) sum += write(1, "x", 1);
    write(1, "\n", 1);
  } else if (!strcmp(m, "clock")) {
    struct timespec ts;
    for (unsigned long i = 0; i < n; i++) { clock_gettime(CLOCK_MONOTONIC, &ts); sum += ts.tv_nsec & 1; }
    sum = n;  // the clock's values differ between emulators; the count does not
  } else if (!strcmp(m, "touch")) {
    size_t len = n << 20;
    if (len == 0) { printf("%s %lu %lu\n", m, n, sum); return 0; }
    char *p = mmap(0, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) return 1;
    for (size_t o = 0; o < len; o += 4096) p[o] = (char)(o >> 12);
    for (size_t o = 0; o < len; o += 4096) sum += (unsigned char)p[o];
    munmap(p, len);
  } else { fprintf(stderr, "micro: unknown mode %s\n", m); return 2; }
  printf("%s %lu %lu\n", m, n, sum);
  return 0;
}
