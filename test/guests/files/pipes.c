/* Pipes between a parent and its children: ping-pong over two pipes, EOF when the last writer
 * closes, O_NONBLOCK (EAGAIN, the 64 KiB capacity), poll readiness, FIONREAD, EPIPE with SIGPIPE
 * ignored, and death by SIGPIPE (default action) when it is not. */
#include "files.h"

#define FIONREAD_GENERIC 0x541B
#if defined(__powerpc64__)
#define FIONREAD_ 0x4004667f
#else
#define FIONREAD_ FIONREAD_GENERIC
#endif

static long wait_child(long pid)
{
    int status = 0;
    long r = sys_wait4((int)pid, &status, 0, 0);
    if (r < 0) return r;
    return status;
}

int main(void)
{
    int up[2], down[2];
    char buf[128];
    show("pipe2 up", x_pipe2(up, 0));
    show("pipe2 down", x_pipe2(down, 0));
    printf("fds: %d %d %d %d\n", up[0], up[1], down[0], down[1]);
    long pid = x_fork();
    if (pid == 0) {
        x_close(down[1]);
        x_close(up[0]);
        for (;;) {
            long n = sys_read(down[0], buf, sizeof buf - 1);
            if (n <= 0) {
                printf("child: read returned %ld (EOF)\n", n);
                break;
            }
            buf[n] = 0;
            long v = atol(buf);
            int len = snprintf(buf, sizeof buf, "%ld", v * 2);
            sys_write(up[1], buf, len);
        }
        x_close(up[1]);
        sys_exit(7);
    }
    x_close(down[0]);
    x_close(up[1]);
    for (int i = 1; i <= 5; i++) {
        int len = snprintf(buf, sizeof buf, "%d", i * 10);
        sys_write(down[1], buf, len);
        long n = sys_read(up[0], buf, sizeof buf - 1);
        buf[n > 0 ? n : 0] = 0;
        printf("ping %d -> pong %s\n", i * 10, buf);
    }
    x_close(down[1]);
    long n = sys_read(up[0], buf, sizeof buf);
    printf("parent: read after child closed: %ld\n", n);
    long st = wait_child(pid);
    printf("child exit status %ld\n", (long)WEXITSTATUS(st));
    x_close(up[0]);

    /* Non-blocking ends: EAGAIN when empty; fill to capacity. */
    int p[2];
    show("pipe2 O_NONBLOCK", x_pipe2(p, O_NONBLOCK));
    show("read empty", sys_read(p[0], buf, 10));
    show("F_GETPIPE_SZ", x_fcntl(p[1], F_GETPIPE_SZ, 0));
    printf("O_NONBLOCK in F_GETFL: %d\n", (x_fcntl(p[0], F_GETFL, 0) & O_NONBLOCK) != 0);
    struct pollfd pf[2] = { { p[0], POLLIN, 0 }, { p[1], POLLOUT, 0 } };
    show("poll (empty pipe)", x_ppoll(pf, 2, 0));
    printf("revents: %d %d\n", pf[0].revents, pf[1].revents);
    static char chunk[4096];
    memset(chunk, 'x', sizeof chunk);
    long total = 0, r;
    while ((r = sys_write(p[1], chunk, sizeof chunk)) > 0) total += r;
    printf("filled %ld bytes, then %s\n", total, errname(r));
    int avail = 0;
    show("FIONREAD", x_ioctl(p[0], FIONREAD_, &avail));
    printf("FIONREAD says %d\n", avail);
    struct timespec { long s, ns; } zero = { 0, 0 };
    pf[0].revents = pf[1].revents = 0;
    show("poll (full pipe)", x_ppoll(pf, 2, &zero));
    printf("revents: %d %d\n", pf[0].revents, pf[1].revents);
    show("read 100", sys_read(p[0], buf, 100));
    show("write 200 (needs 200, has 100: PIPE_BUF atomic)", sys_write(p[1], chunk, 200));
    show("write 100", sys_write(p[1], chunk, 100));
    x_close(p[1]);
    total = 0;
    while ((r = sys_read(p[0], chunk, sizeof chunk)) > 0) total += r;
    printf("drained %ld bytes, then %ld\n", total, r);
    pf[0].events = POLLIN; pf[0].revents = 0;
    show("poll (no writer)", x_ppoll(pf, 1, &zero));
    printf("revents: %d (POLLHUP=%d)\n", pf[0].revents, POLLHUP);
    x_close(p[0]);

    /* EPIPE: with SIGPIPE ignored the writer sees the error. */
    show("pipe2", x_pipe2(p, 0));
    x_close(p[0]);
    show("ignore SIGPIPE", x_signal(SIGPIPE, 1));
    show("write without reader", sys_write(p[1], "x", 1));
    show("default SIGPIPE", x_signal(SIGPIPE, 0));
    pid = x_fork();
    if (pid == 0) {
        sys_write(p[1], "x", 1);
        printf("child: still alive after SIGPIPE?\n");
        sys_exit(0);
    }
    st = wait_child(pid);
    printf("writer child: signaled %d by signal %d\n", WIFSIGNALED(st), WTERMSIG(st));
    x_close(p[1]);

    /* A reader blocked on an empty pipe wakes when a writer fills it. */
    show("pipe2", x_pipe2(p, 0));
    pid = x_fork();
    if (pid == 0) {
        x_close(p[0]);
        for (int i = 0; i < 3; i++) { sys_sched_yield(); }
        sys_write(p[1], "late", 4);
        sys_exit(0);
    }
    x_close(p[1]);
    n = sys_read(p[0], buf, sizeof buf);
    buf[n > 0 ? n : 0] = 0;
    printf("blocked read got %ld: %s\n", n, buf);
    n = sys_read(p[0], buf, sizeof buf);
    printf("then %ld\n", n);
    wait_child(pid);
    return 0;
}
