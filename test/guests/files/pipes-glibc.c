/* Pipes through glibc's own API (static glibc, built by scripts/build-files-glibc.sh): a
 * ping-pong between parent and child over two pipes with stdio on top, EOF once the last writer
 * closes, EPIPE when SIGPIPE is ignored, and a child killed by SIGPIPE (default action) that the
 * parent sees through waitpid. */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static const char *ename(int e)
{
    switch (e) {
    case EPIPE: return "EPIPE";
    case EBADF: return "EBADF";
    case ECHILD: return "ECHILD";
    case EINTR: return "EINTR";
    default: return "E?";
    }
}

static void report(const char *who, int st)
{
    if (WIFEXITED(st)) printf("%s: exited %d\n", who, WEXITSTATUS(st));
    else if (WIFSIGNALED(st)) printf("%s: killed by %s%s\n", who, WTERMSIG(st) == SIGPIPE ? "SIGPIPE" : strsignal(WTERMSIG(st)),
                                     WCOREDUMP(st) ? " (core)" : "");
    else printf("%s: status %#x\n", who, st);
}

int main(void)
{
    setvbuf(stdout, NULL, _IONBF, 0);
    int down[2], up[2];
    if (pipe(down) || pipe(up)) { perror("pipe"); return 1; }
    pid_t pid = fork();
    if (pid == 0) {
        close(down[1]);
        close(up[0]);
        FILE *in = fdopen(down[0], "r"), *out = fdopen(up[1], "w");
        char line[64];
        int n = 0;
        while (fgets(line, sizeof line, in)) {
            fprintf(out, "pong %ld\n", strtol(line + 5, NULL, 10) * 2);
            fflush(out);
            n++;
        }
        printf("child: EOF after %d lines\n", n);
        fclose(out);
        _exit(n);
    }
    close(down[0]);
    close(up[1]);
    FILE *to = fdopen(down[1], "w"), *from = fdopen(up[0], "r");
    char line[64];
    for (int i = 1; i <= 5; i++) {
        fprintf(to, "ping %d\n", i * 10);
        fflush(to);
        if (!fgets(line, sizeof line, from)) { printf("parent: early EOF\n"); break; }
        printf("parent: sent ping %d, got %s", i * 10, line);
    }
    fclose(to);
    printf("parent: fgets after the child closed: %s\n", fgets(line, sizeof line, from) ? line : "NULL (EOF)");
    printf("parent: feof %d\n", feof(from));
    fclose(from);
    int st;
    pid_t w = waitpid(pid, &st, 0);
    printf("waitpid matched child: %d\n", w == pid);
    report("ping-pong child", st);
    errno = 0;
    w = waitpid(-1, &st, 0);
    printf("waitpid with no children: %d %s\n", (int)w, ename(errno));

    /* EPIPE: SIGPIPE ignored, the reader gone. */
    int p[2];
    pipe(p);
    close(p[0]);
    signal(SIGPIPE, SIG_IGN);
    errno = 0;
    ssize_t r = write(p[1], "x", 1);
    printf("write with no reader, SIGPIPE ignored: %zd %s\n", r, ename(errno));
    close(p[1]);

    /* SIGPIPE back to its default: a child writing to a pipe with no reader dies of it. */
    signal(SIGPIPE, SIG_DFL);
    pipe(p);
    pid = fork();
    if (pid == 0) {
        close(p[0]);
        /* Write until the pipe fills and blocks: the parent's close of the read end ends it
         * with SIGPIPE, however the two are scheduled. */
        for (;;) {
            if (write(p[1], "y", 1) < 0) { printf("child: write failed %s (should have died)\n", ename(errno)); _exit(3); }
        }
    }
    close(p[1]);
    char c;
    printf("parent: read the child's first byte: %zd\n", read(p[0], &c, 1));
    close(p[0]);
    waitpid(pid, &st, 0);
    report("writer child", st);

    /* A child that ignores SIGPIPE sees EPIPE and exits with it; SIG_IGN survives fork. */
    signal(SIGPIPE, SIG_IGN);
    pipe(p);
    close(p[0]);
    pid = fork();
    if (pid == 0) {
        errno = 0;
        r = write(p[1], "z", 1);
        _exit(r < 0 && errno == EPIPE ? 32 : 1);
    }
    close(p[1]);
    waitpid(pid, &st, 0);
    report("ignoring child", st);

    /* Many bytes through a pipe: the reader sees exactly what was written, then EOF. */
    pipe(p);
    pid = fork();
    if (pid == 0) {
        close(p[0]);
        static char chunk[1000];
        for (int i = 0; i < 200; i++) {
            memset(chunk, 'a' + i % 26, sizeof chunk);
            if (write(p[1], chunk, sizeof chunk) != (ssize_t)sizeof chunk) _exit(1);
        }
        _exit(0);
    }
    close(p[1]);
    long total = 0, sum = 0;
    char buf[4096];
    while ((r = read(p[0], buf, sizeof buf)) > 0) {
        for (ssize_t i = 0; i < r; i++) sum += buf[i];
        total += r;
    }
    printf("bulk: %ld bytes, byte sum %ld, last read %zd\n", total, sum, r);
    close(p[0]);
    waitpid(pid, &st, 0);
    report("bulk writer", st);
    return 0;
}
