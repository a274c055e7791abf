/* Shared by the file-system guests (fswalk, pipes, procns, minishell): *at() syscall wrappers
 * that exist on all four arches, and errno names beyond the runtime's list. */
#ifndef FILES_H
#define FILES_H
#include "rt.h"
#include <asm/stat.h>
#include <linux/fcntl.h>
#include <linux/poll.h>

#ifndef AT_FDCWD
#define AT_FDCWD -100
#endif
#ifndef F_GETPIPE_SZ
#define F_GETPIPE_SZ 1032
#endif

static inline long x_openat(int dfd, const char *p, int flags, int mode) { return syscall4(__NR_openat, dfd, (long)p, flags, mode); }
static inline long x_open(const char *p, int flags, int mode) { return x_openat(AT_FDCWD, p, flags, mode); }
static inline long x_close(int fd) { return syscall1(__NR_close, fd); }
static inline long x_mkdir(const char *p, int mode) { return syscall3(__NR_mkdirat, AT_FDCWD, (long)p, mode); }
static inline long x_unlinkat(int dfd, const char *p, int flags) { return syscall3(__NR_unlinkat, dfd, (long)p, flags); }
static inline long x_unlink(const char *p) { return x_unlinkat(AT_FDCWD, p, 0); }
static inline long x_rmdir(const char *p) { return x_unlinkat(AT_FDCWD, p, AT_REMOVEDIR); }
static inline long x_rename(const char *a, const char *b) { return syscall5(__NR_renameat2, AT_FDCWD, (long)a, AT_FDCWD, (long)b, 0); }
static inline long x_symlink(const char *t, const char *p) { return syscall3(__NR_symlinkat, (long)t, AT_FDCWD, (long)p); }
static inline long x_link(const char *a, const char *b) { return syscall5(__NR_linkat, AT_FDCWD, (long)a, AT_FDCWD, (long)b, 0); }
static inline long x_readlink(const char *p, char *buf, long n) { return syscall4(__NR_readlinkat, AT_FDCWD, (long)p, (long)buf, n); }
static inline long x_fstatat(int dfd, const char *p, struct stat *st, int flags) { return syscall4(__NR_newfstatat, dfd, (long)p, (long)st, flags); }
static inline long x_fstat(int fd, struct stat *st) { return syscall2(__NR_fstat, fd, (long)st); }
static inline long x_getdents(int fd, void *buf, long n) { return syscall3(__NR_getdents64, fd, (long)buf, n); }
static inline long x_lseek(int fd, long off, int whence) { return syscall3(__NR_lseek, fd, off, whence); }
static inline long x_pread(int fd, void *buf, long n, long off) { return syscall4(__NR_pread64, fd, (long)buf, n, off); }
static inline long x_dup(int fd) { return syscall1(__NR_dup, fd); }
static inline long x_dup3(int a, int b, int flags) { return syscall3(__NR_dup3, a, b, flags); }
static inline long x_fcntl(int fd, int cmd, long arg) { return syscall3(__NR_fcntl, fd, cmd, arg); }
static inline long x_pipe2(int *fds, int flags) { return syscall2(__NR_pipe2, (long)fds, flags); }
static inline long x_chdir(const char *p) { return syscall1(__NR_chdir, (long)p); }
static inline long x_fchdir(int fd) { return syscall1(__NR_fchdir, fd); }
static inline long x_getcwd(char *buf, long n) { return syscall2(__NR_getcwd, (long)buf, n); }
static inline long x_umask(int m) { return syscall1(__NR_umask, m); }
static inline long x_ftruncate(int fd, long n) { return syscall2(__NR_ftruncate, fd, n); }
static inline long x_faccessat(int dfd, const char *p, int mode) { return syscall3(__NR_faccessat, dfd, (long)p, mode); }
static inline long x_fchmodat(const char *p, int mode) { return syscall3(__NR_fchmodat, AT_FDCWD, (long)p, mode); }
static inline long x_ppoll(struct pollfd *f, long n, const void *ts) { return syscall5(__NR_ppoll, (long)f, n, (long)ts, 0, 8); }
static inline long x_execve(const char *p, char *const *argv, char *const *envp) { return syscall3(__NR_execve, (long)p, (long)argv, (long)envp); }
static inline long x_fork(void) { return sys_clone(SIGCHLD, 0, 0, 0, 0); }
static inline long x_prlimit(int resource, const uint64_t *newl, uint64_t *old) { return syscall4(__NR_prlimit64, 0, resource, (long)newl, (long)old); }
static inline long x_ioctl(int fd, unsigned long req, void *arg) { return syscall3(__NR_ioctl, fd, (long)req, (long)arg); }

/* rt_sigaction with SIG_DFL (0) or SIG_IGN (1): struct {handler, flags, restorer, mask}. */
static inline long x_signal(int sig, long handler)
{
    struct { long handler; unsigned long flags; long restorer; uint64_t mask; } act = { handler, 0, 0, 0 };
    return syscall4(__NR_rt_sigaction, sig, (long)&act, 0, 8);
}

static inline const char *errname(long e)
{
    if (e >= 0) return "OK";
    switch (-e) {
    case ELOOP: return "ELOOP";
    case ENAMETOOLONG: return "ENAMETOOLONG";
    case EISDIR: return "EISDIR";
    case ENOTEMPTY: return "ENOTEMPTY";
    case EROFS: return "EROFS";
    case EXDEV: return "EXDEV";
    case ENXIO: return "ENXIO";
    default: return rt_errname(e);
    }
}

/* "label = value" for results, "label = -1 ENAME" for errors. */
static inline void show(const char *label, long r)
{
    if (r < 0) printf("%s = -1 %s\n", label, errname(r));
    else printf("%s = %ld\n", label, r);
}

/* Whole-file read into buf (NUL-terminated); returns the length or -errno. */
static inline long slurp(const char *path, char *buf, long size)
{
    long fd = x_open(path, O_RDONLY, 0);
    if (fd < 0) return fd;
    long n = 0, r;
    while (n < size - 1 && (r = sys_read(fd, buf + n, size - 1 - n)) > 0) n += r;
    buf[n] = 0;
    x_close(fd);
    return n;
}
#endif
