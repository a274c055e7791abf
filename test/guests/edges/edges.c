/* The corners of files, pipes, /dev, /proc and execve that a demanding user hits (static glibc,
 * built by scripts/build-edges.sh): every write a read-only mount must refuse with EROFS (and
 * the errors Linux checks first), path lookup's ELOOP/ENAMETOOLONG/trailing-slash/O_NOFOLLOW/
 * O_DIRECTORY/O_EXCL rules, RLIMIT_NOFILE, a pipe's capacity and PIPE_BUF atomicity, FIFOs and
 * mknod, tmpfs's st_blocks, /dev/full,
 * file mmaps, sendfile/copy_file_range, /proc/self/fd link modes, /proc/self/maps naming the
 * program, /proc/mounts, /proc/self/stat,
 * and execve/execveat: AT_EMPTY_PATH, dirfd-relative, #! argument
 * splitting, ENOEXEC for text and for another machine's ELF, exec from a second thread (it takes
 * the leader's pid; the other threads die), vfork, O_CLOEXEC and the signal dispositions an exec
 * keeps. argv[1] is a directory on a read-only mount holding the file `f` and the directory `d`
 * (tricorn --read-only; natively a read-only bind mount); scratch files go under /tmp. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/sendfile.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

static const char *ename(int e)
{
    static const struct { int e; const char *n; } t[] = {
        {ENOENT, "ENOENT"}, {EEXIST, "EEXIST"}, {ENOTDIR, "ENOTDIR"}, {EISDIR, "EISDIR"}, {ELOOP, "ELOOP"},
        {EINVAL, "EINVAL"}, {EBADF, "EBADF"}, {EACCES, "EACCES"}, {ENAMETOOLONG, "ENAMETOOLONG"},
        {EROFS, "EROFS"}, {EMFILE, "EMFILE"}, {EAGAIN, "EAGAIN"}, {ENOSPC, "ENOSPC"}, {ENOEXEC, "ENOEXEC"},
        {EPIPE, "EPIPE"}, {ENOTEMPTY, "ENOTEMPTY"}, {EPERM, "EPERM"}, {EXDEV, "EXDEV"}, {EFAULT, "EFAULT"}, {EBUSY, "EBUSY"}, {ENXIO, "ENXIO"},
    };
    for (unsigned i = 0; i < sizeof t / sizeof t[0]; i++) if (t[i].e == e) return t[i].n;
    static char buf[16];
    snprintf(buf, sizeof buf, "E%d", e);
    return buf;
}

/* One line per call: its name, then its value or -1 and the errno's name. */
static long show(const char *what, long r)
{
    if (r < 0) printf("%s: -1 %s\n", what, ename(errno));
    else printf("%s: %ld\n", what, r);
    fflush(stdout);
    return r;
}
#define SHOW(call) show(#call, (long)(call))

static char self[4096];

static void readonly(const char *dir)
{
    printf("-- read-only mount\n");
    if (chdir(dir) < 0) { perror("chdir"); exit(1); }
    SHOW(open("f", O_WRONLY));
    SHOW(open("f", O_RDWR));
    SHOW(open("f", O_RDONLY | O_TRUNC));
    SHOW(open("new", O_WRONLY | O_CREAT, 0644));
    SHOW(open("new", O_RDONLY | O_CREAT, 0644));
    int fd = SHOW(open("f", O_RDONLY | O_CREAT, 0644));
    SHOW(open("f", O_WRONLY | O_CREAT | O_EXCL, 0644));
    SHOW(creat("new", 0644));
    SHOW(mkdir("d", 0755));
    SHOW(mkdir("new", 0755));
    SHOW(rmdir("d"));
    SHOW(rmdir("missing"));
    SHOW(unlink("f"));
    SHOW(unlink("missing"));
    SHOW(rename("f", "g"));
    SHOW(rename("missing", "g"));
    SHOW(link("f", "g"));
    SHOW(symlink("f", "g"));
    SHOW(symlink("f", "f"));
    SHOW(mknod("fifo", S_IFIFO | 0644, 0));
    SHOW(mknod("f", S_IFIFO | 0644, 0));
    SHOW(chmod("f", 0600));
    SHOW(chown("f", 1, 1));
    SHOW(lchown("f", 1, 1));
    SHOW(utimensat(AT_FDCWD, "f", NULL, 0));
    SHOW(truncate("f", 0));
    SHOW(access("f", W_OK));
    SHOW(access("f", R_OK));
    SHOW(faccessat(AT_FDCWD, "d", W_OK, AT_EACCESS));
    SHOW(fchmod(fd, 0600));
    SHOW(fchown(fd, 1, 1));
    SHOW(futimens(fd, NULL));
    SHOW(ftruncate(fd, 0));
    SHOW(fallocate(fd, 0, 0, 10));
    SHOW(write(fd, "x", 1));
    char b[8] = {0};
    SHOW(read(fd, b, 4));
    printf("content: %s\n", b);
    SHOW(fsync(fd));
    close(fd);
    if (chdir("/tmp") < 0) exit(1);
}

static void paths(void)
{
    printf("-- path lookup\n");
    mkdir("/tmp/p", 0755);
    if (chdir("/tmp/p") < 0) exit(1);
    close(SHOW(open("file", O_WRONLY | O_CREAT, 0644)));
    SHOW(mkdir("dir", 0755));
    SHOW(symlink("loop2", "loop1"));
    SHOW(symlink("loop1", "loop2"));
    SHOW(open("loop1", O_RDONLY));
    SHOW(symlink("dir", "dirlink"));
    SHOW(symlink("file", "filelink"));
    SHOW(symlink("nowhere", "dangling"));
    /* A chain of 40 symlinks resolves; 41 is ELOOP (MAXSYMLINKS). */
    char a[32], b2[32];
    for (int i = 1; i <= 41; i++) {
        snprintf(a, sizeof a, "c%d", i);
        snprintf(b2, sizeof b2, "c%d", i - 1);
        if (symlink(i == 1 ? "file" : b2, a) < 0) perror("symlink");
    }
    SHOW(open("c40", O_RDONLY) >= 0);
    SHOW(open("c41", O_RDONLY));
    char name[300];
    memset(name, 'n', 255); name[255] = 0;
    SHOW(open(name, O_RDONLY));
    memset(name, 'n', 256); name[256] = 0;
    SHOW(open(name, O_RDONLY));
    SHOW(mkdir(name, 0755));
    static char longp[5000];
    for (int i = 0; i < 4999; i++) longp[i] = (i % 2) ? '/' : '.';
    longp[4999] = 0;
    SHOW(access(longp, F_OK));
    longp[4094] = 0; /* ./././... 4094 bytes: within PATH_MAX */
    SHOW(access(longp, F_OK));
    SHOW(open("file/", O_RDONLY));
    SHOW(open("file/.", O_RDONLY));
    SHOW(open("newfile/", O_WRONLY | O_CREAT, 0644));
    SHOW(access("newfile", F_OK));
    SHOW(mkdir("dir2/", 0755));
    SHOW(rmdir("dir2/"));
    SHOW(rmdir("dir/."));
    SHOW(rmdir("dir/.."));
    SHOW(unlink("file/"));
    SHOW(rename("file", "renamed/"));
    SHOW(rename("dir", "dir3/"));
    SHOW(rename("dir3/", "dir"));
    struct stat st;
    SHOW(lstat("dirlink/", &st));
    printf("dirlink/ is %s\n", S_ISDIR(st.st_mode) ? "dir" : "other");
    SHOW(lstat("filelink/", &st));
    SHOW(open("filelink", O_RDONLY | O_NOFOLLOW));
    SHOW(open("dangling", O_RDONLY | O_NOFOLLOW));
    int fd = SHOW(open("filelink", O_PATH | O_NOFOLLOW));
    SHOW(fstat(fd, &st));
    printf("O_PATH|O_NOFOLLOW is a %s\n", S_ISLNK(st.st_mode) ? "symlink" : "non-link");
    close(fd);
    SHOW(open("file", O_RDONLY | O_DIRECTORY));
    SHOW(open("filelink", O_RDONLY | O_DIRECTORY));
    SHOW(open("dirlink", O_RDONLY | O_DIRECTORY) >= 0);
    SHOW(open("dirlink", O_RDONLY | O_DIRECTORY | O_NOFOLLOW));
    SHOW(open("file", O_WRONLY | O_CREAT | O_EXCL, 0644));
    SHOW(open("dangling", O_WRONLY | O_CREAT | O_EXCL, 0644));
    SHOW(access("nowhere", F_OK));
    SHOW(open("dangling", O_WRONLY | O_CREAT, 0644) >= 0);
    SHOW(access("nowhere", F_OK));
    SHOW(open("dir", O_WRONLY));
    SHOW(open("dir", O_RDONLY | O_CREAT, 0644));
    SHOW(open("missing/x", O_RDONLY));
    SHOW(open("file/x", O_RDONLY));
    SHOW(link("dir", "dirhard"));
    SHOW(unlink("dir"));
    SHOW(rmdir("file"));
    SHOW(rmdir("dirlink"));
    close(SHOW(open("dir/in", O_WRONLY | O_CREAT, 0644)));
    SHOW(rmdir("dir"));
    SHOW(rename("file", "dir"));
    SHOW(rename("dir", "file"));
    SHOW(rename("dir", "dir/in2"));
    if (chdir("/tmp") < 0) exit(1);
}

static void fds(void)
{
    printf("-- RLIMIT_NOFILE\n");
    struct rlimit old, rl;
    getrlimit(RLIMIT_NOFILE, &old);
    rl = old;
    rl.rlim_cur = 10;
    SHOW(setrlimit(RLIMIT_NOFILE, &rl));
    int last = -1, fd;
    while ((fd = open("/dev/null", O_RDONLY)) >= 0) last = fd;
    printf("open until %s, last fd %d\n", ename(errno), last);
    int p[2];
    SHOW(pipe(p));
    SHOW(dup(0));
    SHOW(dup2(0, 10));
    SHOW(dup2(0, 9));
    SHOW(fcntl(0, F_DUPFD, 10));
    SHOW(fcntl(0, F_DUPFD, 5));
    for (int i = 3; i < 10; i++) close(i);
    SHOW(setrlimit(RLIMIT_NOFILE, &old));
}

static void pipes(void)
{
    printf("-- pipes\n");
    int p[2];
    SHOW(pipe2(p, O_NONBLOCK));
    SHOW(fcntl(p[1], F_GETPIPE_SZ));
    static char buf[70000];
    long total = 0, r;
    while ((r = write(p[1], buf, 1000)) > 0) total += r;
    printf("filled %ld then %s\n", total, ename(errno));
    int n = -1;
    SHOW(ioctl(p[0], FIONREAD, &n));
    printf("FIONREAD %d\n", n);
    SHOW(read(p[0], buf, 100));
    SHOW(write(p[1], buf, 100));
    SHOW(read(p[0], buf, 4000));
    SHOW(write(p[1], buf, 4096));
    SHOW(write(p[1], buf, 1));
    SHOW(read(p[0], buf, 8192));
    SHOW(write(p[1], buf, 5000));
    SHOW(write(p[1], buf, 100));
    close(p[0]); close(p[1]);
    SHOW(pipe2(p, O_NONBLOCK));
    SHOW(fcntl(p[1], F_SETPIPE_SZ, 4096));
    SHOW(fcntl(p[1], F_SETPIPE_SZ, 5000));
    SHOW(fcntl(p[1], F_GETPIPE_SZ));
    SHOW(write(p[1], buf, 10000));
    SHOW(write(p[1], buf, 10000));
    SHOW(fcntl(p[1], F_SETPIPE_SZ, 0));
    SHOW(fcntl(p[1], F_GETPIPE_SZ));
    SHOW(fcntl(p[1], F_SETPIPE_SZ, 1 << 20));
    SHOW(fcntl(p[1], F_GETPIPE_SZ));
    close(p[0]);
    signal(SIGPIPE, SIG_IGN);
    SHOW(write(p[1], buf, 1));
    signal(SIGPIPE, SIG_DFL);
    close(p[1]);
    /* The default action: death by SIGPIPE (the read end is closed before the fork: no race). */
    SHOW(pipe(p));
    close(p[0]);
    fflush(stdout);
    pid_t c = fork();
    if (c == 0) { if (write(p[1], "x", 1) < 0) _exit(1); _exit(0); }
    close(p[1]);
    int st;
    waitpid(c, &st, 0);
    printf("writer: signaled %d sig %d\n", WIFSIGNALED(st), WIFSIGNALED(st) ? WTERMSIG(st) : -1);
}

/* Named pipes, mknod's checks, and tmpfs's st_blocks (whole pages, only those holding data). */
static void fifos(void)
{
    printf("-- mknod, FIFOs, tmpfs blocks\n");
    SHOW(mknod("/tmp/ff", S_IFIFO | 0600, 0));
    SHOW(mknod("/tmp/ff", S_IFIFO | 0600, 0));
    SHOW(mknod("/tmp/dd", S_IFDIR | 0600, 0));
    SHOW(mknod("/tmp/bad", 0170000 | 0600, 0));
    SHOW(mknod("/tmp/reg", S_IFREG | 0600, 0));
    SHOW(mknod("/tmp/reg0", 0600, 0));
    struct stat st;
    SHOW(stat("/tmp/ff", &st));
    printf("fifo: %s mode %o size %ld\n", S_ISFIFO(st.st_mode) ? "S_IFIFO" : "other", st.st_mode & 07777, (long)st.st_size);
    SHOW(stat("/tmp/reg0", &st));
    printf("reg0: %s\n", S_ISREG(st.st_mode) ? "S_IFREG" : "other");
    SHOW(open("/tmp/ff", O_WRONLY | O_NONBLOCK));
    int r = SHOW(open("/tmp/ff", O_RDONLY | O_NONBLOCK));
    char b[16] = {0};
    SHOW(read(r, b, sizeof b));
    int w = SHOW(open("/tmp/ff", O_WRONLY | O_NONBLOCK));
    SHOW(write(w, "queued", 6));
    SHOW(read(r, b, sizeof b));
    printf("got %s\n", b);
    close(w);
    SHOW(read(r, b, sizeof b));
    close(r);
    /* Blocking opens wait for each other: the child's writer, the parent's reader. */
    fflush(stdout);
    pid_t c = fork();
    if (c == 0) {
        int fd = open("/tmp/ff", O_WRONLY);
        if (fd < 0 || write(fd, "across", 6) != 6) _exit(1);
        _exit(0);
    }
    r = SHOW(open("/tmp/ff", O_RDONLY));
    memset(b, 0, sizeof b);
    long n, total = 0;
    while ((n = read(r, b + total, sizeof b - 1 - total)) > 0) total += n;
    printf("read %ld then EOF: %s\n", total, b);
    int st2;
    waitpid(c, &st2, 0);
    printf("writer exit %d\n", WEXITSTATUS(st2));
    close(r);
    int rw = SHOW(open("/tmp/ff", O_RDWR));
    SHOW(write(rw, "self", 4));
    SHOW(read(rw, b, sizeof b));
    close(rw);
    SHOW(unlink("/tmp/ff"));
    int fd = open("/tmp/blocks", O_RDWR | O_CREAT | O_TRUNC, 0644);
    SHOW(write(fd, "abc", 3));
    fstat(fd, &st);
    printf("3 bytes: size %ld blocks %ld\n", (long)st.st_size, (long)st.st_blocks);
    SHOW(ftruncate(fd, 100000));
    fstat(fd, &st);
    printf("sparse: size %ld blocks %ld\n", (long)st.st_size, (long)st.st_blocks);
    SHOW(pwrite(fd, "x", 1, 50000));
    fstat(fd, &st);
    printf("one more page: blocks %ld\n", (long)st.st_blocks);
    SHOW(fallocate(fd, 0, 8192, 8192));
    fstat(fd, &st);
    printf("fallocated two: blocks %ld\n", (long)st.st_blocks);
    SHOW(ftruncate(fd, 4097));
    fstat(fd, &st);
    printf("cut to 4097: blocks %ld\n", (long)st.st_blocks);
    close(fd);
}

static void dev(void)
{
    printf("-- /dev\n");
    int fd = SHOW(open("/dev/full", O_RDWR));
    SHOW(write(fd, "x", 1));
    char b[4] = {1, 1, 1, 1};
    SHOW(read(fd, b, 4));
    printf("read /dev/full: %d %d %d %d\n", b[0], b[1], b[2], b[3]);
    close(fd);
    fd = SHOW(open("/dev/null", O_RDWR));
    SHOW(read(fd, b, 4));
    SHOW(write(fd, "abc", 3));
    close(fd);
    int p[2];
    if (pipe(p) < 0) exit(1);
    SHOW(write(p[1], "via", 3));
    char path[64];
    snprintf(path, sizeof path, "/dev/fd/%d", p[0]);
    fd = SHOW(open(path, O_RDONLY) >= 0);
    snprintf(path, sizeof path, "/proc/self/fd/%d", p[0]);
    fd = open(path, O_RDONLY);
    memset(b, 0, 4);
    SHOW(read(fd, b, 3));
    printf("through /proc/self/fd: %s\n", b);
    char l[64] = {0};
    SHOW(readlink("/dev/stdin", l, sizeof l - 1));
    printf("/dev/stdin -> %s\n", l);
    memset(l, 0, sizeof l);
    SHOW(readlink("/dev/fd", l, sizeof l - 1));
    printf("/dev/fd -> %s\n", l);
    close(p[0]); close(p[1]); close(fd);
}

static void procfd(void)
{
    printf("-- /proc/self/fd, maps, /proc/mounts, /proc/self/stat\n");
    int r = open("/dev/null", O_RDONLY), w = open("/dev/null", O_WRONLY), rw = open("/dev/null", O_RDWR);
    int fds[3] = {r, w, rw};
    for (int i = 0; i < 3; i++) {
        char path[64]; struct stat st;
        snprintf(path, sizeof path, "/proc/self/fd/%d", fds[i]);
        SHOW(lstat(path, &st));
        printf("fd %d: mode %o size %ld\n", fds[i], st.st_mode & 07777, (long)st.st_size);
    }
    close(r); close(w); close(rw);
    FILE *m = fopen("/proc/self/maps", "r");
    char line[512];
    int named = 0, stack = 0, heap = 0;
    while (m && fgets(line, sizeof line, m)) {
        /* The name starts at column 73 (show_map_vma's padding). */
        if (strlen(line) > 73 && !strncmp(line + 73, self, strlen(self))) named++;
        if (strstr(line, "[stack]")) stack++;
        if (strstr(line, "[heap]")) heap++;
    }
    if (m) fclose(m);
    printf("maps: lines naming the program at column 73: %s, [stack]: %d, [heap]: %d\n", named ? "some" : "none", stack, heap);
    m = fopen("/proc/mounts", "r");
    int tmp = 0, proc = 0;
    while (m && fgets(line, sizeof line, m)) {
        char dev[256], dir[256], type[64];
        if (sscanf(line, "%255s %255s %63s", dev, dir, type) != 3) continue;
        if (!strcmp(dir, "/tmp") && !strcmp(type, "tmpfs")) tmp++;
        if (!strcmp(dir, "/proc") && !strcmp(type, "proc")) proc++;
    }
    if (m) fclose(m);
    printf("/proc/mounts: /tmp tmpfs %d, /proc proc %d\n", tmp, proc);
    FILE *s = fopen("/proc/self/stat", "r");
    unsigned long vsize = 0; long rss = 0;
    if (s && fscanf(s, "%*d %*s %*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %*u %*u %*d %*d %*d %*d %*d %*d %*u %lu %ld", &vsize, &rss) == 2)
        printf("stat: vsize %s, rss %s\n", vsize > 0 ? "> 0" : "0", rss > 0 ? "> 0" : "0");
    if (s) fclose(s);
}

static void maps_and_copies(void)
{
    printf("-- mmap, sendfile, copy_file_range\n");
    int fd = open("/tmp/m", O_RDWR | O_CREAT | O_TRUNC, 0644);
    if (write(fd, "0123456789", 10) != 10) exit(1);
    char *p = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
    p[0] = 'X';
    char b[16] = {0};
    SHOW(pread(fd, b, 10, 0));
    printf("after a private store: %s, mapping %.10s\n", b, p);
    munmap(p, 4096);
    int ro = open("/tmp/m", O_RDONLY);
    SHOW(mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, ro, 0) == MAP_FAILED ? -1 : 0);
    p = mmap(NULL, 4096, PROT_READ, MAP_SHARED, ro, 0);
    SHOW(p == MAP_FAILED ? -1 : 0);
    printf("shared read-only mapping: %.10s\n", p);
    SHOW(mprotect(p, 4096, PROT_READ | PROT_WRITE));
    SHOW(mprotect(p, 4096, PROT_READ | PROT_EXEC));
    munmap(p, 4096);
    int pp[2];
    if (pipe(pp) < 0) exit(1);
    off_t off = 3;
    SHOW(sendfile(pp[1], ro, &off, 4));
    printf("offset after sendfile %ld\n", (long)off);
    memset(b, 0, sizeof b);
    SHOW(read(pp[0], b, 16));
    printf("sendfile gave %s\n", b);
    SHOW(lseek(ro, 0, SEEK_CUR));
    SHOW(sendfile(pp[1], ro, NULL, 3));
    SHOW(lseek(ro, 0, SEEK_CUR));
    int out = open("/tmp/m2", O_RDWR | O_CREAT | O_TRUNC, 0644);
    loff_t in_off = 2, out_off = 0;
    SHOW(copy_file_range(ro, &in_off, out, &out_off, 5, 0));
    printf("offsets %ld %ld\n", (long)in_off, (long)out_off);
    SHOW(copy_file_range(ro, NULL, out, NULL, 100, 0));
    memset(b, 0, sizeof b);
    SHOW(pread(out, b, 16, 0));
    printf("copy: %s\n", b);
    SHOW(copy_file_range(ro, NULL, pp[1], NULL, 1, 0));
    SHOW(copy_file_range(ro, NULL, out, NULL, 1, 1));
    close(fd); close(ro); close(out); close(pp[0]); close(pp[1]);
}

/* ---- execve */

static void *spin_thread(void *arg)
{
    (void)arg;
    for (;;) pause();
    return NULL;
}

static void *exec_thread(void *arg)
{
    char tg[32];
    snprintf(tg, sizeof tg, "%d", getpid());
    execl(self, "edges", "after-thread-exec", tg, (char *)arg, NULL);
    return NULL;
}

static void write_file(const char *path, const char *text, int mode)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, mode);
    if (fd < 0 || write(fd, text, strlen(text)) != (ssize_t)strlen(text)) { perror(path); exit(1); }
    close(fd);
}

static int run_child(void (*fn)(void))
{
    fflush(stdout);
    pid_t c = fork();
    if (c == 0) { fn(); _exit(99); }
    int st;
    waitpid(c, &st, 0);
    return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

static void exec_empty_path(void)
{
    int fd = open(self, O_RDONLY | O_CLOEXEC);
    char *argv[] = {"edges", "args", "via-AT_EMPTY_PATH", NULL}, *envp[] = {NULL};
    syscall(SYS_execveat, fd, "", argv, envp, AT_EMPTY_PATH);
    printf("execveat AT_EMPTY_PATH: %s\n", ename(errno));
}
static void exec_dirfd(void)
{
    char dir[4096];
    strcpy(dir, self);
    char *slash = strrchr(dir, '/');
    *slash = 0;
    int dfd = open(dir, O_RDONLY | O_DIRECTORY);
    char *argv[] = {"edges", "args", "via-dirfd", NULL}, *envp[] = {"E=1", NULL};
    syscall(SYS_execveat, dfd, slash + 1, argv, envp, 0);
    printf("execveat dirfd: %s\n", ename(errno));
}
static void exec_script(void)
{
    char *argv[] = {"/tmp/s.sh", "x1", "x 2", NULL}, *envp[] = {NULL};
    execve("/tmp/s.sh", argv, envp);
    printf("exec script: %s\n", ename(errno));
}
static void exec_script2(void)
{
    char *argv[] = {"/tmp/s2.sh", NULL}, *envp[] = {NULL};
    execve("/tmp/s2.sh", argv, envp);
    printf("exec script2: %s\n", ename(errno));
}
static void exec_errors(void)
{
    char *argv[] = {"x", NULL}, *envp[] = {NULL};
    SHOW(execve("/tmp/text", argv, envp));
    SHOW(execve("/tmp/foreign", argv, envp));
    SHOW(execve("/tmp/noexec", argv, envp));
    SHOW(execve("/tmp", argv, envp));
    SHOW(execve("/tmp/missing", argv, envp));
    SHOW(execve("/tmp/badinterp.sh", argv, envp));
    int fd = open("/tmp/text", O_RDONLY);
    SHOW(syscall(SYS_execveat, fd, "", argv, envp, 0));
    SHOW(syscall(SYS_execveat, fd, "", argv, envp, AT_EMPTY_PATH));
    _exit(0);
}
static void exec_from_thread(void)
{
    pthread_t a, b;
    pthread_create(&a, NULL, spin_thread, NULL);
    pthread_create(&b, NULL, exec_thread, "3");
    pthread_join(b, NULL);
}
static void exec_state(void)
{
    struct sigaction sa = {0};
    sa.sa_handler = (void (*)(int))exec_state;
    sigaction(SIGUSR1, &sa, NULL);
    signal(SIGUSR2, SIG_IGN);
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGHUP);
    sigprocmask(SIG_BLOCK, &set, NULL);
    int keep = open("/dev/null", O_RDONLY), gone = open("/dev/null", O_RDONLY | O_CLOEXEC);
    int cleared = open("/dev/null", O_RDONLY | O_CLOEXEC);
    fcntl(cleared, F_SETFD, 0);
    char a[16], b[16], c[16];
    snprintf(a, sizeof a, "%d", keep); snprintf(b, sizeof b, "%d", gone); snprintf(c, sizeof c, "%d", cleared);
    execl(self, "edges", "after-exec-state", a, b, c, NULL);
}

static void execs(void)
{
    printf("-- execve\n");
    write_file("/tmp/text", "just text\n", 0755);
    /* An ELF header for another machine (e_machine 0x1234). */
    char elf[64] = {0x7f, 'E', 'L', 'F', 2, 1, 1};
    elf[16] = 2; elf[18] = 0x34; elf[19] = 0x12; elf[20] = 1;
    int fd = open("/tmp/foreign", O_WRONLY | O_CREAT | O_TRUNC, 0755);
    if (write(fd, elf, sizeof elf) != sizeof elf) exit(1);
    close(fd);
    write_file("/tmp/noexec", "#!/bin/sh\n", 0644);
    char script[4200];
    snprintf(script, sizeof script, "#!  %s   args   one  two\t \nrest\n", self);
    write_file("/tmp/s.sh", script, 0755);
    snprintf(script, sizeof script, "#!%s\n", self);
    write_file("/tmp/s2.sh", script, 0755);
    write_file("/tmp/badinterp.sh", "#!/tmp/no/such/interp\n", 0755);
    printf("AT_EMPTY_PATH child: %d\n", run_child(exec_empty_path));
    printf("dirfd child: %d\n", run_child(exec_dirfd));
    printf("script child: %d\n", run_child(exec_script));
    printf("script2 child: %d\n", run_child(exec_script2));
    printf("errors child: %d\n", run_child(exec_errors));
    printf("thread child: %d\n", run_child(exec_from_thread));
    printf("state child: %d\n", run_child(exec_state));
    fflush(stdout);
    pid_t c = vfork();
    if (c == 0) { execl(self, "edges", "args", "from-vfork", NULL); _exit(127); }
    int st;
    waitpid(c, &st, 0);
    printf("vfork parent woken, child exit %d\n", WEXITSTATUS(st));
}

int main(int argc, char **argv)
{
    if (readlink("/proc/self/exe", self, sizeof self - 1) < 0) return 1;
    /* A re-exec to show its argv ("args ...", or a #! script's: [interpreter, its optional
     * argument, the script, ...]); the program's own path, which names the checkout, is <self>. */
    if (argc > 1 && (!strncmp(argv[1], "args", 4) || !strncmp(argv[1], "/tmp/", 5))) {
        printf("  argv:");
        for (int i = 0; i < argc; i++) printf(" [%s]", !strcmp(argv[i], self) ? "<self>" : argv[i]);
        printf("\n");
        char *e = getenv("E");
        if (e) printf("  E=%s\n", e);
        return 5;
    }
    if (argc > 1 && !strcmp(argv[1], "after-thread-exec")) {
        char path[64];
        snprintf(path, sizeof path, "/proc/%d/task", getpid());
        int n = 0;
        FILE *f;
        char line[256];
        snprintf(path, sizeof path, "/proc/self/status");
        f = fopen(path, "r");
        while (f && fgets(line, sizeof line, f)) if (!strncmp(line, "Threads:", 8)) n = atoi(line + 8);
        if (f) fclose(f);
        printf("  after exec from a thread: pid is the old tgid %d, tid == pid %d, threads %d\n",
               getpid() == atoi(argv[2]), (pid_t)syscall(SYS_gettid) == getpid(), n);
        return atoi(argv[3]);
    }
    if (argc > 1 && !strcmp(argv[1], "after-exec-state")) {
        struct sigaction sa;
        sigaction(SIGUSR1, NULL, &sa);
        printf("  SIGUSR1 %s", sa.sa_handler == SIG_DFL ? "SIG_DFL" : "other");
        sigaction(SIGUSR2, NULL, &sa);
        printf(", SIGUSR2 %s", sa.sa_handler == SIG_IGN ? "SIG_IGN" : "other");
        sigset_t set;
        sigprocmask(SIG_BLOCK, NULL, &set);
        printf(", SIGHUP %s\n", sigismember(&set, SIGHUP) ? "blocked" : "unblocked");
        printf("  fd without O_CLOEXEC: %s, with: %s, cleared: %s\n",
               fcntl(atoi(argv[2]), F_GETFD) >= 0 ? "open" : "closed",
               fcntl(atoi(argv[3]), F_GETFD) >= 0 ? "open" : "closed",
               fcntl(atoi(argv[4]), F_GETFD) >= 0 ? "open" : "closed");
        return 4;
    }
    if (argc < 2) { fprintf(stderr, "usage: edges READ-ONLY-DIR\n"); return 2; }
    readonly(argv[1]);
    paths();
    fds();
    pipes();
    fifos();
    dev();
    procfd();
    maps_and_copies();
    execs();
    printf("done\n");
    return 0;
}
