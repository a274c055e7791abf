// The vDSO's clock (arch/vdso/README.md), through glibc as programs use it. Prints only what is
// the same on every run and every arch: that glibc found the vDSO, the steps between reads made
// through it and through the system call (equal: a read advances the clock as a clock system
// call does), the wall clock's offset from the monotonic one, agreement of gettimeofday and time
// with clock_gettime, that a program waiting on the clock sees it pass, that a CPU-time
// clock (not in the vDSO) still answers, and that an unknown clock's error comes back as
// glibc expects it from the vDSO (on PPC64: a positive errno with CR0.SO set).
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

static long long ns(struct timespec t) { return t.tv_sec * 1000000000LL + t.tv_nsec; }

int main(void) {
  const unsigned char *vdso = (const unsigned char *)getauxval(AT_SYSINFO_EHDR);
  printf("vdso: %s\n", vdso && !memcmp(vdso, "\177ELF", 4) ? "an ELF image" : "none");

  struct timespec a, b, c, r, cpu;
  clock_gettime(CLOCK_MONOTONIC, &a);
  syscall(SYS_clock_gettime, CLOCK_MONOTONIC, &b);
  clock_gettime(CLOCK_MONOTONIC, &c);
  printf("steps: vdso->syscall %lld, syscall->vdso %lld\n", ns(b) - ns(a), ns(c) - ns(b));

  clock_gettime(CLOCK_MONOTONIC, &a);
  clock_gettime(CLOCK_REALTIME, &r);
  printf("realtime - monotonic: %lld s\n", (long long)(r.tv_sec - a.tv_sec));

  struct timeval tv;
  gettimeofday(&tv, NULL);
  time_t t = time(NULL);
  clock_gettime(CLOCK_REALTIME, &r);
  printf("gettimeofday, time, realtime agree: %s\n",
         tv.tv_sec <= t && t <= r.tv_sec && r.tv_sec - tv.tv_sec <= 1 && tv.tv_usec < 1000000 ? "yes" : "no");

  long reads = 0;
  clock_gettime(CLOCK_MONOTONIC, &a);
  do { clock_gettime(CLOCK_MONOTONIC, &c); reads++; } while (ns(c) - ns(a) < 1000000);
  printf("a 1 ms wait on the clock ended: %s\n", reads > 1 ? "yes" : "no");

  printf("cpu-time clock: %s\n", clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &cpu) == 0 ? "ok" : "failed");
  errno = 0;
  int bad = clock_gettime(12345, &cpu);
  printf("unknown clock: %d, %s\n", bad, errno == EINVAL ? "EINVAL" : "another errno");
  return 0;
}
