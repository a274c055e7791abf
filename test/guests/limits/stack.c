/* stack: recursion to the stack limit. Each frame takes about 1 KiB; every whole MiB the stack
   has grown (measured from the first frame) is printed, until the stack cannot grow any more
   and SIGSEGV ends the process (exit status 139).

     stack            under the limit it was started with (8 MiB: "1 MiB" .. "7 MiB")
     stack N          after prlimit64(RLIMIT_STACK, N MiB) in the running process
     stack N exec     after prlimit64(RLIMIT_STACK, N MiB), re-exec'ed: the new image's stack
                      grows to the new limit (and its mmap area starts below it)

   Built with tricorn's runtime (no libc) by scripts/build-limits.sh; the transcript is Linux's. */
#include "rt.h"

#define RLIMIT_STACK 3
struct rlimit64 { uint64_t cur, max; };

static char *first;
static long reported;
static volatile long forever = 1;

__attribute__((noinline)) static long dive(long n) {
  volatile char frame[1000];
  frame[0] = (char)n;
  if (!forever) return 0;
  long depth = (first - (char *)frame) >> 20;
  if (depth > reported) {
    reported = depth;
    printf("%ld MiB\n", depth);
  }
  return dive(n + 1) + frame[0];  /* not a tail call: every frame stays */
}

int main(int argc, char **argv, char **envp) {
  struct rlimit64 lim;
  if (argc > 1 && strcmp(argv[1], "run") != 0) {
    syscall4(__NR_prlimit64, 0, RLIMIT_STACK, 0, (long)&lim);
    lim.cur = (uint64_t)atol(argv[1]) << 20;  /* the hard limit stays */
    long r = syscall4(__NR_prlimit64, 0, RLIMIT_STACK, (long)&lim, 0);
    if (r) { printf("prlimit64: %s\n", rt_errname(r)); return 1; }
    if (argc > 2 && strcmp(argv[2], "exec") == 0) {
      char *args[] = { argv[0], "run", 0 };
      long e = syscall3(__NR_execve, (long)argv[0], (long)args, (long)envp);
      printf("execve: %s\n", rt_errname(e));
      return 1;
    }
  }
  syscall4(__NR_prlimit64, 0, RLIMIT_STACK, 0, (long)&lim);
  printf("RLIMIT_STACK %lu MiB\n", (unsigned long)(lim.cur >> 20));
  volatile char here;
  first = (char *)&here;
  return (int)dive(0);
}
