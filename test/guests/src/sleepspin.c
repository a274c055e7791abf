// A thread sleeps (nanosleep, 1 ms of virtual time) while another spins with no syscalls,
// waiting for a flag the sleeper sets: the sleeper must still wake (the spinner is preempted
// and time advances with its slices).
#include "rt.h"
static volatile int flag;
static char stack[65536] __attribute__((aligned(16)));
static int sleeper(void *arg) {
  (void)arg;
  struct { long s, ns; } ts = { 0, 1000000 };
  syscall2(__NR_nanosleep, (long)&ts, 0);
  flag = 1;
  return 0;
}
int main(void) {
  long tid = rt_clone_call(__NR_clone, RT_CLONE_ARGS(0x00010000 | 0x100 | 0x800 | 0x200 | 0x400 | 0x40000 /* THREAD|VM|SIGHAND|FS|FILES|SYSVSEM */, stack + sizeof stack, 0, 0, 0), sleeper, 0);
  (void)tid;
  while (!flag) { }
  printf("spinner saw the sleeper's flag\n");
  return 0;
}
