// One call each of the system calls whose strace decoders tricorn implements, so that real
// `strace -f` (scripts/build-strace-oracle.sh) and `tricorn run --strace` can be compared line
// by line. Everything it does is deterministic: fixed paths, fixed fds, no clocks printed.
#define _GNU_SOURCE
#include <dirent.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysinfo.h>
#include <sys/time.h>
#include <sys/times.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static char altstack[16384];

int main(int argc, char **argv) {
  (void)argc;
  int p[2];
  syscall(SYS_pipe2, p, O_CLOEXEC);
  syscall(SYS_fcntl, p[1], F_GETFL);
  syscall(SYS_fcntl, p[1], F_SETFL, O_WRONLY | O_NONBLOCK);
  syscall(SYS_fcntl, p[1], F_GETFL);
  syscall(SYS_fcntl, p[0], F_GETFD);
  syscall(SYS_fcntl, p[0], F_SETFD, 0);
  syscall(SYS_fcntl, p[0], F_GETFD);
  syscall(SYS_fcntl, p[0], F_DUPFD, 30);
  syscall(SYS_fcntl, p[0], F_DUPFD_CLOEXEC, 40);
  syscall(SYS_fcntl, p[0], F_GETPIPE_SZ);
  syscall(SYS_close, 30);
  syscall(SYS_close, 40);
  struct pollfd pf[2] = { { p[0], POLLIN, 0 }, { p[1], POLLOUT, 0 } };
  syscall(SYS_poll, pf, 2, 0);
  syscall(SYS_poll, pf, 1, 0);
  syscall(SYS_write, p[1], "x", 1);
  syscall(SYS_poll, pf, 1, 100);
  syscall(SYS_access, "/", F_OK);
  syscall(SYS_access, "/", R_OK | X_OK);
  syscall(SYS_faccessat, AT_FDCWD, "/nonexistent", W_OK);
  syscall(SYS_umask, 022);
  syscall(SYS_umask, 077);
  syscall(SYS_prctl, PR_SET_NAME, "decoders", 0, 0, 0);
  char name[16] = {0};
  syscall(SYS_prctl, PR_GET_NAME, name, 0, 0, 0);
  syscall(SYS_prctl, PR_GET_DUMPABLE, 0, 0, 0, 0);
  syscall(SYS_prctl, PR_SET_PDEATHSIG, SIGTERM, 0, 0, 0);
  int deathsig;
  syscall(SYS_prctl, PR_GET_PDEATHSIG, &deathsig, 0, 0, 0);
  syscall(SYS_prctl, PR_SET_PDEATHSIG, 0, 0, 0, 0);
  syscall(SYS_getpgrp);
  syscall(SYS_getppid);
  syscall(SYS_gettimeofday, NULL, NULL);
  stack_t ss = { .ss_sp = altstack, .ss_flags = 0, .ss_size = sizeof altstack }, old;
  syscall(SYS_sigaltstack, NULL, &old);
  syscall(SYS_sigaltstack, &ss, NULL);
  syscall(SYS_sigaltstack, NULL, &old);
  ss.ss_flags = SS_DISABLE;
  syscall(SYS_sigaltstack, &ss, NULL);
  syscall(SYS_mmap, NULL, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  syscall(SYS_openat, AT_FDCWD, "/nonexistent/x", O_RDONLY | O_CLOEXEC);
  syscall(SYS_openat, AT_FDCWD, "/nonexistent/x", O_WRONLY | O_CREAT | O_TRUNC, 0644);
  syscall(SYS_readlinkat, AT_FDCWD, "/nonexistent", name, sizeof name);
  syscall(SYS_chdir, "/");
  syscall(SYS_getcwd, name, sizeof name);
  syscall(SYS_kill, 0, 0);
  syscall(SYS_getrusage, 99, NULL);
  syscall(SYS_times, NULL);
  syscall(SYS_sysinfo, NULL);
  syscall(SYS_lseek, p[0], 0, SEEK_CUR);
  syscall(SYS_read, p[0], name, 1);
  syscall(SYS_close, p[0]);
  syscall(SYS_close, p[1]);
  syscall(SYS_dup2, 1, 5);
  syscall(SYS_dup3, 5, 6, O_CLOEXEC);
  syscall(SYS_close, 5);
  syscall(SYS_close, 6);
  // Structs whose values depend on the clock or the host: the oracle test normalises those.
  struct timeval tv;
  syscall(SYS_gettimeofday, &tv, NULL);
  struct rusage ru;
  syscall(SYS_getrusage, RUSAGE_SELF, &ru);
  struct tms tm;
  syscall(SYS_times, &tm);
  struct sysinfo si;
  syscall(SYS_sysinfo, &si);
  syscall(SYS_time, NULL);
  // A directory of one file: mkdir, open, stat family, getdents64, cleanup.
  syscall(SYS_mkdir, "/tmp/decoders.d", 0755);
  int fd = syscall(SYS_openat, AT_FDCWD, "/tmp/decoders.d/f", O_WRONLY | O_CREAT | O_EXCL, 0644);
  syscall(SYS_write, fd, "hello", 5);
  syscall(SYS_close, fd);
  struct stat st;
  syscall(SYS_newfstatat, AT_FDCWD, "/tmp/decoders.d/f", &st, 0);
  syscall(SYS_newfstatat, AT_FDCWD, "/tmp/decoders.d/f", &st, AT_SYMLINK_NOFOLLOW);
  struct statx stx;
  syscall(SYS_statx, AT_FDCWD, "/tmp/decoders.d/f", AT_STATX_SYNC_AS_STAT, STATX_BASIC_STATS, &stx);
  syscall(SYS_statx, AT_FDCWD, "/tmp/decoders.d/missing", 0, STATX_SIZE, &stx);
  syscall(SYS_symlinkat, "f", AT_FDCWD, "/tmp/decoders.d/l");
  char link[64];
  syscall(SYS_readlinkat, AT_FDCWD, "/tmp/decoders.d/l", link, sizeof link);
  fd = syscall(SYS_openat, AT_FDCWD, "/tmp/decoders.d", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  char dents[1024];
  syscall(SYS_getdents64, fd, dents, sizeof dents);
  syscall(SYS_getdents64, fd, dents, sizeof dents);
  syscall(SYS_close, fd);
  syscall(SYS_unlinkat, AT_FDCWD, "/tmp/decoders.d/l", 0);
  syscall(SYS_unlinkat, AT_FDCWD, "/tmp/decoders.d/f", 0);
  syscall(SYS_unlinkat, AT_FDCWD, "/tmp/decoders.d", AT_REMOVEDIR);
  syscall(SYS_getpid);
  (void)argv;
  return 0;
}
