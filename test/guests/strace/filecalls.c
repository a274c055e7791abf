// One call each of the file, pipe and exec system calls issue #9 added that decoders.c does not
// make, so that real `strace -f` (scripts/build-strace-oracle.sh) and `tricorn run --strace` can
// be compared line by line. Deterministic: fixed paths under /tmp, fixed fds, no clocks printed.
// With the argument "again" it is the image execve started: it exits at once.
#define _GNU_SOURCE
#include <fcntl.h>
#include <linux/fs.h>
#include <linux/close_range.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <sys/file.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/select.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <termios.h>
#include <unistd.h>

#define D "/tmp/filecalls.d"

int main(int argc, char **argv) {
  if (argc > 1 && strcmp(argv[1], "again") == 0) return 3;
  char buf[64];
  syscall(SYS_mkdir, D, 0755);
  syscall(SYS_mkdirat, AT_FDCWD, D "/sub", 0700);
  int fd = syscall(SYS_open, D "/a", O_RDWR | O_CREAT | O_TRUNC, 0640);
  syscall(SYS_creat, D "/c", 0600);
  syscall(SYS_close, 4);
  syscall(SYS_pwrite64, fd, "0123456789", 10, 0);
  syscall(SYS_pread64, fd, buf, 4, 2);
  struct iovec iov[2] = { { "ab", 2 }, { "cde", 3 } };
  syscall(SYS_writev, fd, iov, 2);
  syscall(SYS_lseek, fd, 0, SEEK_SET);
  char r1[3], r2[4];
  struct iovec in[2] = { { r1, sizeof r1 }, { r2, sizeof r2 } };
  syscall(SYS_readv, fd, in, 2);
  syscall(SYS_pwritev2, fd, iov, 2, 20, 0, 0);
  syscall(SYS_preadv2, fd, in, 2, 0, 0, RWF_NOWAIT);
  syscall(SYS_lseek, fd, (long)-2, SEEK_END);
  syscall(SYS_flock, fd, LOCK_EX | LOCK_NB);
  syscall(SYS_flock, fd, LOCK_SH);
  syscall(SYS_flock, fd, LOCK_UN);
  struct stat st;
  syscall(SYS_fstat, fd, &st);
  syscall(SYS_stat, D "/a", &st);
  syscall(SYS_lstat, D "/missing", &st);
  syscall(SYS_faccessat2, AT_FDCWD, D "/a", R_OK | W_OK, AT_EACCESS);
  syscall(SYS_fchmod, fd, 0644);
  syscall(SYS_fchmodat, AT_FDCWD, D "/c", 0400);
  syscall(SYS_chmod, D "/c", 0600);
  syscall(SYS_fchown, fd, 0, 0);
  syscall(SYS_fchownat, AT_FDCWD, D "/c", 0, 0, AT_SYMLINK_NOFOLLOW);
  syscall(SYS_chown, D "/c", -1, -1);
  syscall(SYS_lchown, D "/c", 0, 0);
  struct timespec ts[2] = { { 1000000000, 0 }, { 1000000000, 500 } };
  syscall(SYS_utimensat, AT_FDCWD, D "/a", ts, 0);
  syscall(SYS_utimensat, fd, NULL, NULL, 0);
  syscall(SYS_ftruncate, fd, 30);
  syscall(SYS_truncate, D "/a", 40);
  syscall(SYS_fsync, fd);
  syscall(SYS_fdatasync, fd);
  syscall(SYS_fallocate, fd, 0, 0, 4096);
  syscall(SYS_sync);
  syscall(SYS_syncfs, fd);
  syscall(SYS_renameat2, AT_FDCWD, D "/c", AT_FDCWD, D "/c2", RENAME_NOREPLACE);
  syscall(SYS_rename, D "/c2", D "/c");
  syscall(SYS_linkat, AT_FDCWD, D "/a", AT_FDCWD, D "/b", 0);
  syscall(SYS_link, D "/a", D "/a");
  syscall(SYS_symlink, "a", D "/s");
  syscall(SYS_readlink, D "/s", buf, sizeof buf);
  syscall(SYS_unlink, D "/s");
  syscall(SYS_unlink, D "/b");
  int dfd = syscall(SYS_openat, AT_FDCWD, D, O_RDONLY | O_DIRECTORY);
  syscall(SYS_fchdir, dfd);
  syscall(SYS_getcwd, buf, sizeof buf);
  syscall(SYS_chdir, "/");
  syscall(SYS_getdents, dfd, buf, 0);
  syscall(SYS_dup, fd);
  syscall(SYS_dup2, fd, 9);
  syscall(SYS_close_range, 7, 9, 0);
  syscall(SYS_close_range, 20, ~0U, CLOSE_RANGE_CLOEXEC);
  void *m = (void *)syscall(SYS_mmap, NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
  syscall(SYS_msync, m, 4096, MS_SYNC);
  syscall(SYS_munmap, m, 4096);
  int out = syscall(SYS_openat, AT_FDCWD, D "/c", O_WRONLY);
  syscall(SYS_sendfile, out, fd, NULL, 3);
  off_t off = 1;
  syscall(SYS_sendfile, out, fd, &off, 3);
  loff_t oin = 0;
  syscall(SYS_copy_file_range, fd, &oin, out, NULL, 4, 0);
  syscall(SYS_close, out);
  struct statfs sf;
  syscall(SYS_statfs, "/nonexistent", &sf);
  syscall(SYS_fstatfs, -1, &sf);
  int p[2];
  syscall(SYS_pipe, p);
  syscall(SYS_write, p[1], "xyz", 3);
  int n;
  syscall(SYS_ioctl, p[0], FIONREAD, &n);
  struct termios tio;
  syscall(SYS_ioctl, p[0], TCGETS, &tio);
  struct winsize ws;
  syscall(SYS_ioctl, p[0], TIOCGWINSZ, &ws);
  struct pollfd pf = { p[0], POLLIN, 0 };
  struct timespec zero = { 0, 0 };
  syscall(SYS_ppoll, &pf, 1, &zero, NULL, 8);
  fd_set rd;
  FD_ZERO(&rd);
  FD_SET(p[0], &rd);
  struct timeval tv = { 0, 0 };
  syscall(SYS_select, p[0] + 1, &rd, NULL, NULL, &tv);
  FD_ZERO(&rd);
  FD_SET(p[0], &rd);
  syscall(SYS_pselect6, p[0] + 1, &rd, NULL, NULL, &zero, NULL);
  syscall(SYS_close, p[0]);
  syscall(SYS_close, p[1]);
  syscall(SYS_chroot, "/nonexistent");
  syscall(SYS_umount2, "/nonexistent", 0);
  syscall(SYS_unlinkat, AT_FDCWD, D "/a", 0);
  syscall(SYS_unlinkat, AT_FDCWD, D "/c", 0);
  syscall(SYS_rmdir, D "/sub");
  syscall(SYS_rmdir, D);
  syscall(SYS_close, fd);
  syscall(SYS_close, dfd);
  char *none[] = { NULL };
  syscall(SYS_execve, "/nonexistent", none, none);
  syscall(SYS_execveat, AT_FDCWD, "/nonexistent", none, none, 0);
  char *again[] = { argv[0], "again", NULL };
  char *env[] = { "A=1", NULL };
  syscall(SYS_execve, "/proc/self/exe", again, env);
  return 1;
}
