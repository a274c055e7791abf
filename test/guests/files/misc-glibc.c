// The small calls real programs make on the side, through glibc: scheduling priority and
// policy (nice, getpriority, sched_*), CPU affinity and getcpu, memory locking, membarrier,
// the old time-setting calls (utime, utimes, futimesat where the arch has them), the robust
// futex list, readahead, extended attributes on files with none, and personality (PER_LINUX32's
// uname machine, UNAME26's release, READ_IMPLIES_EXEC's mappings, /proc/self/personality).
// Prints only what Linux makes the same on every architecture.
#define _GNU_SOURCE
#include <fcntl.h>
#include <linux/membarrier.h>
#include <sched.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/personality.h>
#include <sys/utsname.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/xattr.h>
#include <unistd.h>
#include <utime.h>
#include "show.h"

static void sched_calls(void) {
  printf("-- priority and policy\n");
  errno = 0;
  SHOW(getpriority(PRIO_PROCESS, 0));
  SHOW(setpriority(PRIO_PROCESS, 0, 5));
  SHOW(getpriority(PRIO_PROCESS, 0));
  SHOW(nice(3));
  SHOW(getpriority(PRIO_PROCESS, getpid()));
  SHOW(setpriority(PRIO_PROCESS, 0, 100));
  SHOW(getpriority(PRIO_PROCESS, 0));
  SHOW(setpriority(PRIO_PROCESS, 0, 0));
  SHOW(setpriority(7, 0, 0));
  SHOW(setpriority(PRIO_PROCESS, 99999, 0));
  SHOW(getpriority(PRIO_PGRP, 0));
  SHOW(sched_getscheduler(0));
  SHOW(sched_getscheduler(-1));
  SHOW(sched_getscheduler(99999));
  SHOW(sched_get_priority_max(SCHED_OTHER));
  SHOW(sched_get_priority_min(SCHED_OTHER));
  SHOW(sched_get_priority_max(SCHED_FIFO));
  SHOW(sched_get_priority_min(SCHED_RR));
  SHOW(sched_get_priority_max(SCHED_BATCH));
  SHOW(sched_get_priority_max(42));
  struct sched_param sp = { 0 };
  SHOW(sched_getparam(0, &sp));
  printf("priority %d\n", sp.sched_priority);
  SHOW(sched_setscheduler(0, SCHED_BATCH, &sp));
  SHOW(sched_getscheduler(0));
  sp.sched_priority = 5;
  SHOW(sched_setscheduler(0, SCHED_OTHER, &sp));
  SHOW(sched_setscheduler(0, 42, &sp));
  sp.sched_priority = 0;
  SHOW(sched_setscheduler(0, SCHED_OTHER, &sp));
  SHOW(sched_setparam(0, &sp));
  SHOW(sched_getscheduler(0));
  printf("-- affinity and cpu\n");
  cpu_set_t set;
  CPU_ZERO(&set);
  SHOW(sched_getaffinity(0, sizeof set, &set));
  printf("cpu 0 in the set: %d\n", CPU_ISSET(0, &set));
  CPU_ZERO(&set);
  CPU_SET(0, &set);
  SHOW(sched_setaffinity(0, sizeof set, &set));
  CPU_ZERO(&set);
  SHOW(sched_setaffinity(0, sizeof set, &set));
  unsigned cpu = 99, node = 99;
  SHOW(syscall(SYS_getcpu, &cpu, &node, NULL));
  printf("cpu %u node %u\n", cpu, node);
}

static void memory_calls(void) {
  printf("-- memory locking\n");
  long page = sysconf(_SC_PAGESIZE);
  char *p = mmap(NULL, 4 * page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  SHOW(mlock(p, 4 * page));
  SHOW(munlock(p, 4 * page));
  SHOW(mlock(p + 1, 10));
  SHOW(munmap(p + 2 * page, page));
  SHOW(mlock(p, 4 * page));
  SHOW(syscall(SYS_mlock2, p, page, 1));
  SHOW(syscall(SYS_mlock2, p, page, 2));
  SHOW(mlockall(MCL_CURRENT));
  SHOW(munlockall());
  SHOW(mlockall(0));
  SHOW(mlockall(8));
  SHOW(mlockall(MCL_ONFAULT));
  printf("-- membarrier\n");
  long q = syscall(SYS_membarrier, MEMBARRIER_CMD_QUERY, 0, 0);
  printf("query has GLOBAL %d, PRIVATE_EXPEDITED %d\n", (q & MEMBARRIER_CMD_GLOBAL) != 0, (q & MEMBARRIER_CMD_PRIVATE_EXPEDITED) != 0);
  SHOW(syscall(SYS_membarrier, MEMBARRIER_CMD_PRIVATE_EXPEDITED, 0, 0));
  SHOW(syscall(SYS_membarrier, MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED, 0, 0));
  SHOW(syscall(SYS_membarrier, MEMBARRIER_CMD_PRIVATE_EXPEDITED, 0, 0));
  SHOW(syscall(SYS_membarrier, MEMBARRIER_CMD_GLOBAL, 0, 0));
  SHOW(syscall(SYS_membarrier, MEMBARRIER_CMD_QUERY, 1, 0));
  SHOW(syscall(SYS_membarrier, 1 << 20, 0, 0));
}

static void file_calls(void) {
  printf("-- files\n");
  const char *path = "/tmp/tricorn-misc-glibc";
  unlink(path);
  int fd = open(path, O_CREAT | O_RDWR, 0644);
  SHOW(fd);
  SHOW(write(fd, "data", 4));
  struct timeval tv[2] = { { 1000000000, 500000 }, { 1100000000, 250000 } };
  struct stat st;
  SHOW(utimes(path, tv));
  SHOW(stat(path, &st));
  printf("atime %ld.%09ld mtime %ld.%09ld\n", (long)st.st_atim.tv_sec, st.st_atim.tv_nsec, (long)st.st_mtim.tv_sec, st.st_mtim.tv_nsec);
  struct utimbuf ub = { 1200000000, 1300000000 };
  SHOW(utime(path, &ub));
  SHOW(stat(path, &st));
  printf("atime %ld mtime %ld\n", (long)st.st_atime, (long)st.st_mtime);
  tv[0].tv_usec = 1000000;
  SHOW(utimes(path, tv));
  SHOW(futimesat(AT_FDCWD, "/tmp/tricorn-misc-none", tv));
  SHOW(readahead(fd, 0, 4096));
  int p[2];
  pipe(p);
  SHOW(readahead(p[0], 0, 4096));
  SHOW(readahead(99, 0, 4096));
  char buf[64];
  SHOW(getxattr(path, "user.none", buf, sizeof buf));
  SHOW(lgetxattr(path, "user.none", buf, sizeof buf));
  SHOW(fgetxattr(fd, "user.none", buf, sizeof buf));
  SHOW(getxattr("/tmp/tricorn-misc-none", "user.none", buf, sizeof buf));
  SHOW(getxattr(path, "", buf, sizeof buf));
  SHOW(listxattr(path, buf, sizeof buf));
  SHOW(flistxattr(fd, buf, sizeof buf));
  SHOW(removexattr(path, "user.none"));
  SHOW(fgetxattr(99, "user.none", buf, sizeof buf));
  close(fd);
  unlink(path);
  printf("-- robust list\n");
  void *head = NULL;
  size_t len = 0;
  SHOW(syscall(SYS_get_robust_list, 0, &head, &len));
  printf("len %zu, head set %d\n", len, head != NULL);
  SHOW(syscall(SYS_get_robust_list, 99999, &head, &len));
}

/** NUMA memory policy (one node, node 0), through syscall(): glibc has no wrappers. */
static void numa_calls(void) {
  printf("-- memory policy\n");
  int mode = -1;
  unsigned long mask[2] = { 0x55, 0x55 };
  SHOW(syscall(SYS_get_mempolicy, &mode, mask, 128, 0, 0));
  printf("mode %d mask %#lx %#lx\n", mode, mask[0], mask[1]);
  SHOW(syscall(SYS_get_mempolicy, &mode, mask, 64, 0, 4 /* MPOL_F_MEMS_ALLOWED */));
  printf("mode %d mask %#lx\n", mode, mask[0]);
  SHOW(syscall(SYS_get_mempolicy, &mode, NULL, 0, 0, 0));
  SHOW(syscall(SYS_get_mempolicy, &mode, mask, 0, 0, 0));
  SHOW(syscall(SYS_get_mempolicy, &mode, NULL, 0, 0, 8));
  SHOW(syscall(SYS_get_mempolicy, &mode, NULL, 0, 0, 1 /* MPOL_F_NODE */));
  SHOW(syscall(SYS_get_mempolicy, &mode, NULL, 0, &mode, 0));
  SHOW(syscall(SYS_get_mempolicy, &mode, NULL, 0, &mode, 3 /* MPOL_F_NODE | MPOL_F_ADDR */));
  printf("node %d\n", mode);
  SHOW(syscall(SYS_get_mempolicy, &mode, NULL, 0, 16, 2 /* MPOL_F_ADDR */));
  SHOW(syscall(SYS_get_mempolicy, (int *)8, NULL, 0, 0, 0));
  unsigned long node0 = 1, node1 = 2, both = 3;
  SHOW(syscall(SYS_set_mempolicy, 2 /* MPOL_BIND */, &node0, 64));
  SHOW(syscall(SYS_get_mempolicy, &mode, mask, 64, 0, 0));
  printf("mode %d mask %#lx\n", mode, mask[0]);
  SHOW(syscall(SYS_set_mempolicy, 3 /* MPOL_INTERLEAVE */, &both, 64));
  SHOW(syscall(SYS_get_mempolicy, &mode, mask, 64, 0, 0));
  printf("mode %d mask %#lx\n", mode, mask[0]);
  SHOW(syscall(SYS_get_mempolicy, &mode, NULL, 0, 0, 1 /* MPOL_F_NODE */));
  printf("next node %d\n", mode);
  SHOW(syscall(SYS_set_mempolicy, 2, &node1, 64));
  SHOW(syscall(SYS_set_mempolicy, 2, NULL, 0));
  SHOW(syscall(SYS_set_mempolicy, 1 /* MPOL_PREFERRED */, NULL, 0));
  SHOW(syscall(SYS_get_mempolicy, &mode, mask, 64, 0, 0));
  printf("mode %d mask %#lx\n", mode, mask[0]);
  SHOW(syscall(SYS_set_mempolicy, 1 | (1 << 15) /* MPOL_F_STATIC_NODES */, &both, 64));
  SHOW(syscall(SYS_get_mempolicy, &mode, mask, 64, 0, 0));
  printf("mode %#x mask %#lx\n", mode, mask[0]);
  SHOW(syscall(SYS_set_mempolicy, 2 | (1 << 14) /* MPOL_F_RELATIVE_NODES */, &node1, 64));
  SHOW(syscall(SYS_get_mempolicy, &mode, mask, 64, 0, 0));
  printf("mode %#x mask %#lx\n", mode, mask[0]);
  SHOW(syscall(SYS_set_mempolicy, 3 | (1 << 13) /* MPOL_F_NUMA_BALANCING */, &node0, 64));
  SHOW(syscall(SYS_set_mempolicy, 2 | (3 << 14), &node0, 64));
  SHOW(syscall(SYS_set_mempolicy, 4 /* MPOL_LOCAL */, &node0, 64));
  SHOW(syscall(SYS_set_mempolicy, 4, NULL, 0));
  SHOW(syscall(SYS_get_mempolicy, &mode, mask, 64, 0, 0));
  printf("mode %d mask %#lx\n", mode, mask[0]);
  SHOW(syscall(SYS_set_mempolicy, 9, NULL, 0));
  SHOW(syscall(SYS_set_mempolicy, 0, &node0, 64));
  SHOW(syscall(SYS_set_mempolicy, 2, (unsigned long *)8, 64));
  SHOW(syscall(SYS_set_mempolicy, 2, &node0, 1 << 20));
  SHOW(syscall(SYS_set_mempolicy, 0, NULL, 0));
  SHOW(syscall(SYS_get_mempolicy, &mode, mask, 64, 0, 0));
  printf("mode %d mask %#lx\n", mode, mask[0]);
}

/** The permissions /proc/self/maps shows for the mapping at `addr` ("r-xp"...). */
static void perms_of(void *addr) {
  char line[256], want[32];
  snprintf(want, sizeof want, "%lx-", (unsigned long)addr);
  FILE *f = fopen("/proc/self/maps", "r");
  while (f && fgets(line, sizeof line, f)) {
    if (!strncmp(line, want, strlen(want))) { printf("  maps: %.4s\n", strchr(line, ' ') + 1); break; }
  }
  if (f) fclose(f);
  fflush(stdout);
}

static void personality_calls(void) {
  printf("-- personality\n");
  struct utsname a, b;
  uname(&a);
  SHOW(personality(0xffffffff));
  SHOW(personality(PER_LINUX32));
  SHOW(personality(0xffffffff));
  uname(&b);
  printf("  PER_LINUX32: machine changed %s, release the same %s\n", strcmp(a.machine, b.machine) ? "yes" : "no",
         strcmp(a.release, b.release) ? "no" : "yes");
  SHOW(personality(UNAME26));
  uname(&b);
  // override_release: "2.6.", the minor version plus 60, then what follows the dotted version.
  const char *rest = a.release;
  int dots = 0;
  while (*rest && (*rest == '.' ? ++dots < 3 : (*rest >= '0' && *rest <= '9'))) rest++;
  char want[80];
  snprintf(want, sizeof want, "2.6.%d%s", atoi(strchr(a.release, '.') + 1) + 60, rest);
  printf("  UNAME26: release as override_release makes it %s, machine the same %s\n", strcmp(b.release, want) ? "no" : "yes",
         strcmp(a.machine, b.machine) ? "no" : "yes");
  SHOW(personality(READ_IMPLIES_EXEC));
  void *m = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  perms_of(m);
  SHOW(mprotect(m, 4096, PROT_READ | PROT_WRITE));
  perms_of(m);
  SHOW(mprotect(m, 4096, PROT_WRITE));
  perms_of(m);
  munmap(m, 4096);
  SHOW(personality(0x12345678));
  SHOW(personality(0));
  char line[32] = { 0 };
  FILE *f = fopen("/proc/self/personality", "r");
  if (f && fgets(line, sizeof line, f)) printf("  /proc/self/personality: %s", line);
  if (f) fclose(f);
  fflush(stdout);
}

int main(void) {
  sched_calls();
  memory_calls();
  file_calls();
  numa_calls();
  personality_calls();
  return 0;
}
