/* A walk through the file system: create, write, read back, stat, rename, link, unlink,
 * getdents (sorted), symlinks and the path-lookup errors Linux gives (ELOOP, ENOTDIR,
 * ENAMETOOLONG, EEXIST, EISDIR, ENOTEMPTY, trailing slashes, O_NOFOLLOW, O_DIRECTORY), dirfd-
 * relative lookups, cwd, umask, /dev, and RLIMIT_NOFILE. Works in a fresh directory under /tmp;
 * prints nothing that differs between file systems (no inode numbers, times, block sizes). */
#include "files.h"

#define D "/tmp/tricorn-fswalk"

static void cleanup(void)
{
    static const char *files[] = { D "/sub/deep/f", D "/a", D "/b", D "/c", D "/hard", D "/loop1", D "/loop2",
        D "/link", D "/dangling", D "/sub/rel", D "/moved", D "/ex", D "/shared", 0 };
    for (int i = 0; files[i]; i++) x_unlink(files[i]);
    x_rmdir(D "/sub/deep"); x_rmdir(D "/sub"); x_rmdir(D "/e"); x_rmdir(D);
}

static int cmp(const char *a, const char *b) { return strcmp(a, b); }

static void list_dir(const char *path)
{
    char buf[2048], names[32][64];
    int n = 0;
    long fd = x_open(path, O_RDONLY | O_DIRECTORY, 0);
    if (fd < 0) { show("open dir", fd); return; }
    long got;
    while ((got = x_getdents(fd, buf, sizeof buf)) > 0) {
        for (long off = 0; off < got;) {
            unsigned short reclen = *(unsigned short *)(buf + off + 16);
            unsigned char type = buf[off + 18];
            const char *name = buf + off + 19;
            if (n < 32 && strlen(name) < 50) {
                snprintf(names[n], sizeof names[n], "%s%s", name, type == 4 ? "/" : type == 10 ? "@" : "");
                n++;
            }
            off += reclen;
        }
    }
    x_close(fd);
    for (int i = 1; i < n; i++)
        for (int j = i; j > 0 && cmp(names[j - 1], names[j]) > 0; j--) {
            char t[64]; strcpy(t, names[j]); strcpy(names[j], names[j - 1]); strcpy(names[j - 1], t);
        }
    printf("ls %s:", path);
    for (int i = 0; i < n; i++) printf(" %s", names[i]);
    printf("\n");
}

int main(void)
{
    struct stat st;
    char buf[512];
    cleanup();
    x_umask(022);
    show("mkdir " D, x_mkdir(D, 0777));
    show("mkdir again", x_mkdir(D, 0777));
    long fd = x_open(D "/a", O_CREAT | O_WRONLY | O_EXCL, 0666);
    show("create a", fd);
    show("write", sys_write(fd, "hello, file\n", 12));
    show("write more", sys_write(fd, "line two\n", 9));
    x_close(fd);
    show("create a again (O_EXCL)", x_open(D "/a", O_CREAT | O_WRONLY | O_EXCL, 0666));
    show("stat a", x_fstatat(AT_FDCWD, D "/a", &st, 0));
    printf("a: size %ld mode %o type %s\n", (long)st.st_size, (unsigned)st.st_mode & 0777,
        (st.st_mode & 0170000) == 0100000 ? "regular" : "other");
    long n = slurp(D "/a", buf, sizeof buf);
    printf("read back %ld bytes: %s", n, buf);
    fd = x_open(D "/a", O_RDONLY, 0);
    show("lseek end", x_lseek(fd, 0, 2));
    show("lseek set 7", x_lseek(fd, 7, 0));
    n = sys_read(fd, buf, 4); buf[n > 0 ? n : 0] = 0;
    printf("read at 7: %s\n", buf);
    n = x_pread(fd, buf, 4, 13); buf[n > 0 ? n : 0] = 0;
    printf("pread at 13: %s\n", buf);
    show("write to O_RDONLY", sys_write(fd, "x", 1));
    x_close(fd);
    show("read closed fd", sys_read(fd, buf, 1));

    show("mkdir sub", x_mkdir(D "/sub", 0755));
    show("mkdir sub/deep", x_mkdir(D "/sub/deep", 0700));
    show("stat sub/deep", x_fstatat(AT_FDCWD, D "/sub/deep", &st, 0));
    printf("deep: mode %o dir %d\n", (unsigned)st.st_mode & 0777, (st.st_mode & 0170000) == 0040000);
    long dfd = x_open(D "/sub", O_RDONLY | O_DIRECTORY, 0);
    show("open sub", dfd);
    fd = x_openat(dfd, "deep/f", O_CREAT | O_RDWR, 0600);
    show("openat(sub, deep/f)", fd);
    x_close(fd);
    show("stat ../a from sub", x_fstatat(dfd, "../a", &st, 0));
    show("rename a -> moved", x_rename(D "/a", D "/moved"));
    show("stat a after rename", x_fstatat(AT_FDCWD, D "/a", &st, 0));
    show("link moved -> hard", x_link(D "/moved", D "/hard"));
    x_fstatat(AT_FDCWD, D "/hard", &st, 0);
    printf("hard: nlink %ld size %ld\n", (long)st.st_nlink, (long)st.st_size);
    show("symlink link -> moved", x_symlink("moved", D "/link"));
    n = x_readlink(D "/link", buf, sizeof buf); buf[n > 0 ? n : 0] = 0;
    printf("readlink link: %ld %s\n", n, buf);
    show("readlink of a file", x_readlink(D "/moved", buf, sizeof buf));
    show("stat through link", x_fstatat(AT_FDCWD, D "/link", &st, 0));
    printf("link target size %ld\n", (long)st.st_size);
    show("lstat link", x_fstatat(AT_FDCWD, D "/link", &st, AT_SYMLINK_NOFOLLOW));
    printf("lstat: symlink %d size %ld\n", (st.st_mode & 0170000) == 0120000, (long)st.st_size);
    show("open link O_NOFOLLOW", x_open(D "/link", O_RDONLY | O_NOFOLLOW, 0));
    show("symlink loop1 -> loop2", x_symlink("loop2", D "/loop1"));
    show("symlink loop2 -> loop1", x_symlink("loop1", D "/loop2"));
    show("open loop1", x_open(D "/loop1", O_RDONLY, 0));
    show("symlink dangling", x_symlink("nowhere/at/all", D "/dangling"));
    show("open dangling", x_open(D "/dangling", O_RDONLY, 0));
    show("symlink exists", x_symlink("x", D "/link"));
    show("file as dir", x_open(D "/moved/x", O_RDONLY, 0));
    show("trailing slash on file", x_fstatat(AT_FDCWD, D "/moved/", &st, 0));
    show("trailing slash on dir", x_fstatat(AT_FDCWD, D "/sub/", &st, 0));
    show("O_DIRECTORY on file", x_open(D "/moved", O_RDONLY | O_DIRECTORY, 0));
    show("O_WRONLY on dir", x_open(D "/sub", O_WRONLY, 0));
    show("O_CREAT on dir", x_open(D "/sub", O_CREAT | O_RDONLY, 0600));
    char longname[300];
    memset(longname, 'n', 299); longname[299] = 0;
    char longpath[400];
    snprintf(longpath, sizeof longpath, D "/%s", longname);
    show("name of 299 bytes", x_open(longpath, O_CREAT | O_RDONLY, 0600));
    show("missing dir", x_open(D "/nodir/f", O_CREAT | O_RDONLY, 0600));
    show("dot-dot walk", x_fstatat(AT_FDCWD, D "/sub/deep/../../moved", &st, 0));
    show("root's parent", x_fstatat(AT_FDCWD, "/../../tmp/../tmp", &st, 0));
    show("rmdir non-empty", x_rmdir(D "/sub"));
    show("unlink a dir", x_unlink(D "/sub"));
    show("rmdir a file", x_rmdir(D "/moved"));
    show("rmdir .", x_rmdir(D "/sub/."));
    show("mkdir e", x_mkdir(D "/e", 0777));
    show("rename e over non-empty sub", x_rename(D "/e", D "/sub"));
    show("rename file over dir", x_rename(D "/moved", D "/e"));
    show("rename dir into itself", x_rename(D "/sub", D "/sub/deep/x"));
    list_dir(D);
    list_dir(D "/sub");

    show("chdir sub", x_chdir(D "/sub"));
    n = x_getcwd(buf, sizeof buf);
    printf("getcwd: %ld %s\n", n, buf);
    fd = x_open("rel", O_CREAT | O_WRONLY, 0666);
    show("create rel (cwd-relative)", fd);
    x_close(fd);
    x_fstatat(AT_FDCWD, "rel", &st, 0);
    printf("rel mode under umask 022: %o\n", (unsigned)st.st_mode & 0777);
    show("fchdir to /tmp", x_fchdir((int)x_open("/tmp", O_RDONLY | O_DIRECTORY, 0)));
    n = x_getcwd(buf, sizeof buf);
    printf("getcwd: %s\n", buf);
    show("getcwd too small", x_getcwd(buf, 3));
    show("chdir to a file", x_chdir(D "/moved"));
    show("access moved R_OK", x_faccessat(AT_FDCWD, D "/moved", 4));
    show("access missing", x_faccessat(AT_FDCWD, D "/missing", 0));
    show("chmod moved 600", x_fchmodat(D "/moved", 0600));
    x_fstatat(AT_FDCWD, D "/moved", &st, 0);
    printf("moved mode %o\n", (unsigned)st.st_mode & 0777);
    fd = x_open(D "/moved", O_RDWR | O_TRUNC, 0);
    show("open O_TRUNC", fd);
    x_fstat(fd, &st);
    printf("after O_TRUNC size %ld\n", (long)st.st_size);
    show("ftruncate 5", x_ftruncate(fd, 5));
    x_fstat(fd, &st);
    printf("after ftruncate size %ld\n", (long)st.st_size);
    x_close(fd);
    fd = x_open(D "/moved", O_WRONLY | O_APPEND, 0);
    sys_write(fd, "tail", 4);
    x_close(fd);
    n = slurp(D "/moved", buf, sizeof buf);
    printf("after append: %ld bytes, last 4: %s\n", n, buf + n - 4);

    /* descriptors */
    fd = x_open(D "/moved", O_RDONLY, 0);
    long d2 = x_dup(fd);
    printf("dup gives the lowest free: %d\n", d2 == fd + 1);
    show("dup3 onto 20 with O_CLOEXEC", x_dup3(fd, 20, O_CLOEXEC));
    show("F_GETFD 20", x_fcntl(20, F_GETFD, 0));
    show("F_GETFD dup", x_fcntl(d2, F_GETFD, 0));
    show("F_DUPFD from 30", x_fcntl(fd, F_DUPFD, 30));
    show("F_GETFL has O_RDONLY", x_fcntl(fd, F_GETFL, 0) & O_ACCMODE);
    show("dup3 same fd", x_dup3(fd, fd, 0));
    x_lseek(fd, 5, 0);
    n = sys_read(d2, buf, 3); buf[n > 0 ? n : 0] = 0;
    printf("dup shares the offset: %s\n", buf);
    show("close 20", x_close(20));
    show("close 20 again", x_close(20));
    /* devices */
    fd = x_open("/dev/null", O_RDWR, 0);
    show("write /dev/null", sys_write(fd, "gone", 4));
    show("read /dev/null", sys_read(fd, buf, 10));
    x_close(fd);
    fd = x_open("/dev/zero", O_RDONLY, 0);
    buf[0] = buf[1] = 1;
    show("read /dev/zero", sys_read(fd, buf, 8));
    printf("zeros: %d %d\n", buf[0], buf[7]);
    x_close(fd);
    fd = x_open("/dev/full", O_WRONLY, 0);
    show("write /dev/full", sys_write(fd, "x", 1));
    x_close(fd);
    /* MAP_SHARED: stores reach the file at msync, at a forked child's exit and at munmap;
     * a writable shared mapping needs a writable fd. */
    fd = x_open(D "/shared", O_RDWR | O_CREAT, 0644);
    sys_write(fd, "0123456789", 10);
    char *m = (char *)sys_mmap(0, 4096, 3 /* PROT_READ|PROT_WRITE */, 1 /* MAP_SHARED */, fd, 0);
    m[2] = 'A'; m[3] = 'B';
    show("msync", syscall3(__NR_msync, (long)m, 4096, 4 /* MS_SYNC */));
    n = x_pread(fd, buf, 10, 0); buf[n > 0 ? n : 0] = 0;
    printf("after msync: %s\n", buf);
    long child = x_fork();
    if (child == 0) { m[5] = 'C'; sys_exit(0); }
    sys_wait4(child, 0, 0, 0);
    n = x_pread(fd, buf, 10, 0); buf[n > 0 ? n : 0] = 0;
    printf("after the child's exit: %s\n", buf);
    m[8] = 'D';
    show("munmap", sys_munmap(m, 4096));
    n = x_pread(fd, buf, 10, 0); buf[n > 0 ? n : 0] = 0;
    printf("after munmap: %s\n", buf);
    x_close(fd);
    fd = x_open(D "/shared", O_RDONLY, 0);
    show("mmap shared writable of a read-only fd", sys_mmap(0, 4096, 3, 1, fd, 0));
    x_close(fd);
    x_unlink(D "/shared");
    /* fstatat(fd, "", AT_EMPTY_PATH) of a pipe: the file has no name */
    int pp[2];
    x_pipe2(pp, 0);
    show("fstatat pipe AT_EMPTY_PATH", x_fstatat(pp[0], "", &st, AT_EMPTY_PATH));
    printf("pipe is a fifo: %d\n", (st.st_mode & 0170000) == 0010000);
    show("fstatat pipe without AT_EMPTY_PATH", x_fstatat(pp[0], "", &st, 0));
    x_close(pp[0]);
    x_close(pp[1]);
    uint64_t lim[2] = { 8, 8 }, old[2];
    show("prlimit NOFILE 8", x_prlimit(7, lim, old));
    long last = 0, r;
    while ((r = x_open("/dev/null", O_RDONLY, 0)) >= 0) last = r;
    printf("last fd under limit 8: %ld, then %s\n", last, errname(r));

    cleanup();
    show("stat after cleanup", x_fstatat(AT_FDCWD, D, &st, 0));
    return 0;
}
