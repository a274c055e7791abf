/* A shell-like program: runs `gen 5 | upcase | count` as three children joined by pipes with
 * dup3, each stage an execve of this same program (through /proc/self/exe) in another role;
 * then checks what execve carries over: argv and envp, O_CLOEXEC fds closed and others kept, a
 * `#!` script run through its interpreter with its optional argument, and the errors (ENOENT,
 * EACCES, ENOEXEC). */
#include "files.h"

static char self[512];
static char *const env[] = { "SHELL_LEVEL=2", "GREETING=hello there", 0 };

static long spawn(char *const *argv, int in, int out)
{
    long pid = x_fork();
    if (pid != 0) return pid;
    if (in >= 0) { x_dup3(in, 0, 0); x_close(in); }
    if (out >= 0) { x_dup3(out, 1, 0); x_close(out); }
    long r = x_execve(self, argv, env);
    dprintf(2, "execve failed: %s\n", errname(r));
    sys_exit(127);
}

static int role(int argc, char **argv, char **envp)
{
    char buf[256];
    if (!strcmp(argv[1], "gen")) {
        long n = atol(argv[2]);
        for (long i = 1; i <= n; i++) printf("line %ld\n", i);
        return 0;
    }
    if (!strcmp(argv[1], "upcase")) {
        long n;
        while ((n = sys_read(0, buf, sizeof buf)) > 0) {
            for (long i = 0; i < n; i++) if (buf[i] >= 'a' && buf[i] <= 'z') buf[i] -= 32;
            write_all(1, buf, n);
        }
        return 0;
    }
    if (!strcmp(argv[1], "count")) {
        long n, lines = 0, bytes = 0;
        while ((n = sys_read(0, buf, sizeof buf)) > 0) {
            for (long i = 0; i < n; i++) lines += buf[i] == '\n';
            bytes += n;
        }
        printf("count: %ld lines, %ld bytes\n", lines, bytes);
        return 0;
    }
    if (!strcmp(argv[1], "show")) {
        printf("show: argc %d\n", argc);
        for (int i = 1; i < argc; i++) printf("show: argv[%d] = %s\n", i, argv[i]);
        int ne = 0;
        for (char **e = envp; *e; e++) printf("show: env %s\n", *e), ne++;
        printf("show: %d env vars\n", ne);
        printf("show: fd 5 %s, fd 6 %s\n", x_fcntl(5, F_GETFD, 0) >= 0 ? "open" : "closed",
            x_fcntl(6, F_GETFD, 0) >= 0 ? "open" : "closed");
        return 0;
    }
    if (!strcmp(argv[1], "interp")) {
        /* Started by a #! script: argv[0] is the interpreter's path, then its optional argument,
         * then the script's path and the script's own arguments. */
        const char *base = strchr(argv[0], '/') ? argv[0] + strlen(argv[0]) : argv[0];
        while (base > argv[0] && base[-1] != '/') base--;
        printf("interp: argc %d, argv[0] ends in %s\n", argc, base);
        for (int i = 1; i < argc; i++) printf("interp: argv[%d] = %s\n", i, argv[i]);
        return 0;
    }
    printf("unknown role %s\n", argv[1]);
    return 1;
}

static int wait_all(const char *what, long *pids, int n)
{
    for (int i = 0; i < n; i++) {
        int st = 0;
        sys_wait4((int)pids[i], &st, 0, 0);
        printf("%s: stage %d exited %d\n", what, i, WEXITSTATUS(st));
    }
    return 0;
}

int main(int argc, char **argv, char **envp)
{
    if (argc > 1) return role(argc, argv, envp);
    long n = x_readlink("/proc/self/exe", self, sizeof self - 1);
    if (n <= 0) { printf("no /proc/self/exe\n"); return 1; }
    self[n] = 0;

    /* gen 5 | upcase | count */
    int a[2], b[2];
    x_pipe2(a, O_CLOEXEC);
    x_pipe2(b, O_CLOEXEC);
    char *gen[] = { "minishell", "gen", "5", 0 };
    char *up[] = { "minishell", "upcase", 0 };
    char *cnt[] = { "minishell", "count", 0 };
    long pids[3];
    pids[0] = spawn(gen, -1, a[1]);
    pids[1] = spawn(up, a[0], b[1]);
    x_close(a[0]); x_close(a[1]); x_close(b[1]);
    int c[2];
    x_pipe2(c, 0);
    pids[2] = spawn(cnt, b[0], c[1]);
    x_close(b[0]); x_close(c[1]);
    char buf[512];
    long got = 0, r;
    while ((r = sys_read(c[0], buf + got, sizeof buf - 1 - got)) > 0) got += r;
    buf[got] = 0;
    printf("pipeline output: %s", buf);
    x_close(c[0]);
    wait_all("pipeline", pids, 3);

    /* gen 5 | upcase, straight to our stdout (O_CLOEXEC: no stage keeps the other's end) */
    x_pipe2(a, O_CLOEXEC);
    pids[0] = spawn(gen, -1, a[1]);
    pids[1] = spawn(up, a[0], -1);
    x_close(a[0]); x_close(a[1]);
    wait_all("to stdout", pids, 2);

    /* What execve keeps: argv, envp, fds without O_CLOEXEC. */
    x_dup3(1, 5, O_CLOEXEC);
    x_dup3(1, 6, 0);
    char *showv[] = { "minishell", "show", "two words", "", "last", 0 };
    pids[0] = spawn(showv, -1, -1);
    wait_all("show", pids, 1);
    x_close(5); x_close(6);

    /* A #! script whose interpreter is this program, with one optional argument. */
    const char *script = "/tmp/tricorn-minishell.sh";
    long fd = x_open(script, O_CREAT | O_WRONLY | O_TRUNC, 0755);
    dprintf((int)fd, "#!%s  interp   \necho this line is not run\n", self);
    x_close(fd);
    x_fchmodat(script, 0755);
    char *sargv[] = { "myscript", "arg1", "arg 2", 0 };
    long pid = x_fork();
    if (pid == 0) {
        long e = x_execve(script, sargv, env);
        printf("script exec failed: %s\n", errname(e));
        sys_exit(127);
    }
    pids[0] = pid;
    wait_all("script", pids, 1);

    /* Errors leave the caller as it was. */
    show("execve missing", x_execve("/tmp/tricorn-no-such-program", sargv, env));
    fd = x_open(script, O_WRONLY | O_TRUNC, 0);
    sys_write(fd, "plain text, no #!\n", 18);
    x_close(fd);
    show("execve text file", x_execve(script, sargv, env));
    x_fchmodat(script, 0644);
    show("execve without x bit", x_execve(script, sargv, env));
    show("execve a directory", x_execve("/tmp", sargv, env));
    x_unlink(script);
    printf("still here\n");
    return 0;
}
