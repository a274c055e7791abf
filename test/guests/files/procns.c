/* /proc and PID namespaces: NStgid/NSpid read from /proc/self/status inside three nested PID
 * namespaces, /proc/self and /proc/thread-self, ns_last_pid choosing the next pid (the way CRIU
 * did before clone3), pid_max read and written, /proc/<pid>/cmdline and comm. Run as root, as
 * pid 1 of a fresh PID namespace with /proc mounted for it (the oracle: unshare --fork --pid
 * --mount-proc). */
#include "files.h"

static void status_lines(const char *who)
{
    char buf[4096];
    if (slurp("/proc/self/status", buf, sizeof buf) < 0) { printf("%s: no /proc/self/status\n", who); return; }
    for (char *line = buf; *line;) {
        char *nl = strchr(line, '\n');
        if (nl) *nl = 0;
        if (!strncmp(line, "NStgid:", 7) || !strncmp(line, "NSpid:", 6) || !strncmp(line, "Tgid:", 5)
            || !strncmp(line, "PPid:", 5) || !strncmp(line, "Threads:", 8))
            printf("%s: %s\n", who, line);
        if (!nl) break;
        line = nl + 1;
    }
}

/* Each level prints its view, then makes the next level in a new PID namespace. */
static int level(int depth)
{
    char who[32];
    snprintf(who, sizeof who, "level %d", depth);
    printf("%s: getpid %ld getppid %ld\n", who, sys_getpid(), sys_getppid());
    status_lines(who);
    if (depth == 3) return 0;
    long pid = sys_clone(CLONE_NEWPID | SIGCHLD, 0, 0, 0, 0);
    if (pid == 0) sys_exit(level(depth + 1));
    int st = 0;
    sys_wait4((int)pid, &st, 0, 0);
    printf("%s: child %ld exited %d\n", who, pid, WEXITSTATUS(st));
    return 0;
}

static long write_file(const char *path, const char *text)
{
    long fd = x_open(path, O_WRONLY, 0);
    if (fd < 0) return fd;
    long r = sys_write(fd, text, strlen(text));
    x_close(fd);
    return r;
}

int main(int argc, char **argv)
{
    char buf[256];
    (void)argc;
    long n = x_readlink("/proc/self", buf, sizeof buf);
    buf[n > 0 ? n : 0] = 0;
    printf("/proc/self -> %s\n", buf);
    n = x_readlink("/proc/thread-self", buf, sizeof buf);
    buf[n > 0 ? n : 0] = 0;
    printf("/proc/thread-self -> %s\n", buf);
    n = slurp("/proc/self/cmdline", buf, sizeof buf);
    printf("cmdline is argv[0] and a NUL: %d\n", n == (long)strlen(argv[0]) + 1 && !strcmp(buf, argv[0]));
    n = slurp("/proc/self/comm", buf, sizeof buf);
    printf("comm: %s", buf);
    n = slurp("/proc/1/comm", buf, sizeof buf);
    printf("/proc/1/comm: %s", buf);
    show("open /proc/99999/status", x_open("/proc/99999/status", O_RDONLY, 0));
    level(0);

    /* ns_last_pid: write N-1, the next fork gets N. */
    show("write ns_last_pid 499", write_file("/proc/sys/kernel/ns_last_pid", "499"));
    slurp("/proc/sys/kernel/ns_last_pid", buf, sizeof buf);
    printf("ns_last_pid reads %s", buf);
    long pid = x_fork();
    if (pid == 0) sys_exit(0);
    printf("forked pid %ld\n", pid);
    sys_wait4((int)pid, 0, 0, 0);
    slurp("/proc/sys/kernel/ns_last_pid", buf, sizeof buf);
    printf("ns_last_pid now %s", buf);
    show("write ns_last_pid garbage", write_file("/proc/sys/kernel/ns_last_pid", "abc"));
    show("write pid_max 1000", write_file("/proc/sys/kernel/pid_max", "1000"));
    slurp("/proc/sys/kernel/pid_max", buf, sizeof buf);
    printf("pid_max now %s", buf);
    show("write ns_last_pid 999", write_file("/proc/sys/kernel/ns_last_pid", "999"));
    pid = x_fork();
    if (pid == 0) sys_exit(0);
    printf("after the top, fork wraps to a low pid: %d\n", pid > 1 && pid < 1000);
    sys_wait4((int)pid, 0, 0, 0);
    return 0;
}
