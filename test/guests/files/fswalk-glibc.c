/* The file-system walk through glibc's own API (static glibc, built by scripts/build-files-glibc.sh):
 * stdio and open/read/write, stat/lstat, rename, link, symlink/readlink, unlink/rmdir,
 * opendir/readdir (sorted, so the order the kernel hands entries out does not matter),
 * getcwd/chdir, umask, the path-lookup errors by errno name, and a file agreeing with its shared
 * mappings without msync (write() seen through a mapping, a mapping's store seen by read(),
 * truncation). Fixed paths under /tmp. */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#define D "/tmp/tricorn-fswalk-glibc"

static const char *ename(int e)
{
    switch (e) {
    case 0: return "0";
    case ENOENT: return "ENOENT";
    case EEXIST: return "EEXIST";
    case ENOTDIR: return "ENOTDIR";
    case EISDIR: return "EISDIR";
    case ENOTEMPTY: return "ENOTEMPTY";
    case ELOOP: return "ELOOP";
    case EINVAL: return "EINVAL";
    case EBADF: return "EBADF";
    case EACCES: return "EACCES";
    case EXDEV: return "EXDEV";
    case ENAMETOOLONG: return "ENAMETOOLONG";
    case ERANGE: return "ERANGE";
    default: return "E?";
    }
}

/* One line per call: its name and either "ok" (or a value) or the errno name. */
static void show(const char *what, int r)
{
    if (r < 0) printf("%s: -1 %s\n", what, ename(errno));
    else printf("%s: %d\n", what, r);
}

static int cmp(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

static void list(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d) { printf("opendir %s: %s\n", dir, ename(errno)); return; }
    char *names[64];
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL && n < 64) {
        char t = e->d_type == DT_DIR ? 'd' : e->d_type == DT_LNK ? 'l' : e->d_type == DT_REG ? 'f' : '?';
        char *s = malloc(strlen(e->d_name) + 3);
        sprintf(s, "%s/%c", e->d_name, t);
        names[n++] = s;
    }
    closedir(d);
    qsort(names, n, sizeof names[0], cmp);
    printf("readdir %s:", dir);
    for (int i = 0; i < n; i++) { printf(" %s", names[i]); free(names[i]); }
    printf("\n");
}

static void stat_line(const char *p, int follow)
{
    struct stat st;
    int r = follow ? stat(p, &st) : lstat(p, &st);
    if (r < 0) { printf("%s %s: %s\n", follow ? "stat" : "lstat", p, ename(errno)); return; }
    const char *kind = S_ISREG(st.st_mode) ? "file" : S_ISDIR(st.st_mode) ? "dir" : S_ISLNK(st.st_mode) ? "symlink" : "other";
    printf("%s %s: %s mode %04o size %lld nlink %lu\n", follow ? "stat" : "lstat", p, kind,
           (unsigned)(st.st_mode & 07777), (long long)st.st_size, (unsigned long)st.st_nlink);
}

static void rm_tree(void)
{
    const char *files[] = { D "/sub/b.txt", D "/sub/c.txt", D "/a.txt", D "/hard", D "/link", D "/dangling",
                            D "/loop1", D "/loop2", D "/story.txt", D "/masked", D "/sub/deep/x" };
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) unlink(files[i]);
    rmdir(D "/sub/deep");
    rmdir(D "/sub");
    rmdir(D "/empty");
    rmdir(D);
}

int main(void)
{
    setvbuf(stdout, NULL, _IOLBF, 0);
    rm_tree();
    umask(022);
    show("mkdir " D, mkdir(D, 0755));
    show("mkdir again", mkdir(D, 0755));
    show("chdir", chdir(D));
    char cwd[256];
    printf("getcwd: %s\n", getcwd(cwd, sizeof cwd) ? cwd : ename(errno));

    /* stdio: write lines, read them back. */
    FILE *f = fopen("story.txt", "w");
    for (int i = 1; i <= 3; i++) fprintf(f, "line %d of the story\n", i);
    show("fclose", fclose(f));
    f = fopen("story.txt", "r");
    char line[128];
    while (fgets(line, sizeof line, f)) printf("fgets: %s", line);
    printf("feof %d ferror %d\n", feof(f), ferror(f));
    fclose(f);
    f = fopen("story.txt", "a");
    fputs("appended\n", f);
    fclose(f);
    stat_line("story.txt", 1);
    printf("fopen missing: %s\n", fopen("nope/x", "r") ? "?" : ename(errno));

    /* open/read/write/lseek. */
    int fd = open("a.txt", O_CREAT | O_EXCL | O_WRONLY, 0666);
    show("open O_CREAT|O_EXCL a.txt", fd >= 0 ? 0 : -1);
    show("write", (int)write(fd, "hello, world\n", 13));
    close(fd);
    show("open O_EXCL again", open("a.txt", O_CREAT | O_EXCL | O_WRONLY, 0666));
    fd = open("a.txt", O_RDONLY);
    char buf[64] = { 0 };
    show("lseek 7", (int)lseek(fd, 7, SEEK_SET));
    int n = (int)read(fd, buf, sizeof buf - 1);
    printf("read %d: %s", n, buf);
    show("read at EOF", (int)read(fd, buf, 10));
    show("write on O_RDONLY", (int)write(fd, "x", 1));
    close(fd);
    show("read closed fd", (int)read(fd, buf, 1));
    stat_line("a.txt", 1);

    /* umask shapes the modes. */
    umask(077);
    fd = open("masked", O_CREAT | O_WRONLY, 0666);
    close(fd);
    stat_line("masked", 1);
    printf("umask was %04o\n", (unsigned)umask(022));

    /* Directories, rename, link. */
    show("mkdir sub", mkdir("sub", 0777));
    show("mkdir sub/deep", mkdir("sub/deep", 0700));
    show("mkdir empty", mkdir("empty", 0755));
    show("rename a.txt sub/b.txt", rename("a.txt", "sub/b.txt"));
    stat_line("a.txt", 1);
    stat_line("sub/b.txt", 1);
    show("link sub/b.txt hard", link("sub/b.txt", "hard"));
    stat_line("hard", 1);
    show("link onto existing", link("sub/b.txt", "hard"));
    show("rename dir onto non-empty dir", rename("empty", "sub"));
    show("rename file onto dir", rename("hard", "empty"));
    show("rename dir into itself", rename("sub", "sub/deep/sub"));
    show("rmdir non-empty", rmdir("sub"));
    show("rmdir a file", rmdir("story.txt"));
    show("unlink a dir", unlink("sub"));
    show("mkdir under a file", mkdir("story.txt/x", 0755));
    show("open file as dir", open("story.txt/", O_RDONLY));
    show("open dir for writing", open("sub", O_WRONLY));
    show("open O_DIRECTORY on a file", open("story.txt", O_RDONLY | O_DIRECTORY));

    /* Symlinks. */
    show("symlink sub/b.txt link", symlink("sub/b.txt", "link"));
    show("symlink again", symlink("x", "link"));
    char target[64];
    n = (int)readlink("link", target, sizeof target - 1);
    if (n >= 0) target[n] = 0;
    printf("readlink link: %d %s\n", n, n >= 0 ? target : ename(errno));
    show("readlink a file", (int)readlink("story.txt", target, sizeof target));
    stat_line("link", 0);
    stat_line("link", 1);
    fd = open("link", O_RDONLY);
    n = (int)read(fd, buf, sizeof buf - 1);
    buf[n > 0 ? n : 0] = 0;
    printf("read through link: %s", buf);
    close(fd);
    show("open O_NOFOLLOW link", open("link", O_RDONLY | O_NOFOLLOW));
    show("symlink dangling", symlink("no/such/target", "dangling"));
    stat_line("dangling", 0);
    stat_line("dangling", 1);
    show("symlink loop1", symlink("loop2", "loop1"));
    show("symlink loop2", symlink("loop1", "loop2"));
    show("open loop", open("loop1", O_RDONLY));
    show("chdir through link to file", chdir("link"));

    /* Names too long. */
    char longname[300];
    memset(longname, 'n', 299);
    longname[299] = 0;
    show("open 299-byte name", open(longname, O_RDONLY));

    list(".");
    list("sub");
    show("chdir sub/deep", chdir("sub/deep"));
    printf("getcwd: %s\n", getcwd(cwd, sizeof cwd) ? cwd : ename(errno));
    show("chdir ../..", chdir("../.."));
    printf("getcwd: %s\n", getcwd(cwd, sizeof cwd) ? cwd : ename(errno));
    printf("getcwd into 4 bytes: %s\n", getcwd(cwd, 4) ? cwd : ename(errno));

    /* A file and its shared mappings agree at once, without msync (Linux's page cache). */
    fd = open("db", O_RDWR | O_CREAT | O_TRUNC, 0644);
    printf("write db: %d\n", (int)write(fd, "page one", 8));
    int ro = open("db", O_RDONLY);
    char *m = mmap(0, 8192, PROT_READ, MAP_SHARED, ro, 0);
    printf("pwrite PAGE: %d\n", (int)pwrite(fd, "PAGE", 4, 0));
    printf("pwrite two at 4096: %d\n", (int)pwrite(fd, "two", 3, 4096));
    printf("read-only mapping after pwrite: %.8s %.3s\n", m, m + 4096);
    char *w = mmap(0, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    memcpy(w + 5, "ONE", 3);
    n = (int)pread(fd, buf, 8, 0);
    buf[n > 0 ? n : 0] = 0;
    printf("pread after a store through a mapping: %s\n", buf);
    printf("read-only mapping after that store: %.8s\n", m);
    show("ftruncate db 2", ftruncate(fd, 2));
    show("ftruncate db 8", ftruncate(fd, 8));
    printf("mapping after truncating to 2 and back: %d %d %d\n", m[1], m[2], w[7]);
    munmap(w, 4096);
    munmap(m, 8192);
    close(ro);
    close(fd);
    show("unlink db", unlink("db"));

    /* Unlink keeps an open file readable. */
    fd = open("story.txt", O_RDONLY);
    show("unlink story.txt (open)", unlink("story.txt"));
    stat_line("story.txt", 1);
    struct stat st;
    fstat(fd, &st);
    printf("fstat after unlink: size %lld nlink %lu\n", (long long)st.st_size, (unsigned long)st.st_nlink);
    n = (int)read(fd, buf, 20);
    buf[n > 0 ? n : 0] = 0;
    printf("read after unlink: %s\n", buf);
    close(fd);

    show("chdir /", chdir("/"));
    rm_tree();
    stat_line(D, 1);
    printf("done\n");
    return 0;
}
