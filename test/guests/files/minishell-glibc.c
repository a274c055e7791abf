/* A tiny shell through glibc's own API (static glibc, built by scripts/build-files-glibc.sh): it
 * runs a fixed script of pipelines, each stage a fork + dup2 onto the pipe ends + execv of
 * itself in a "tool" mode (so no other binary is needed), waits for every stage with waitpid and
 * prints each one's status; plus output redirection to a file and execv errors by errno name. */
#define _GNU_SOURCE
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define OUTFILE "/tmp/tricorn-minishell-glibc.out"

static const char *self;

/* Tool modes, run as "self TOOL ARG...": they read stdin and write stdout, like real filters. */
static int tool(int argc, char **argv)
{
    const char *t = argv[1];
    char line[256];
    if (!strcmp(t, "echo")) {
        for (int i = 2; i < argc; i++) printf("%s%s", argv[i], i + 1 < argc ? " " : "\n");
        return 0;
    }
    if (!strcmp(t, "seq")) {
        int n = atoi(argv[2]);
        for (int i = 1; i <= n; i++) printf("%d\n", i);
        return 0;
    }
    if (!strcmp(t, "upper")) {
        int c;
        while ((c = getchar()) != EOF) putchar(toupper(c));
        return 0;
    }
    if (!strcmp(t, "grep")) {
        int hits = 0;
        while (fgets(line, sizeof line, stdin))
            if (strstr(line, argv[2])) { fputs(line, stdout); hits++; }
        return hits ? 0 : 1;
    }
    if (!strcmp(t, "wc")) {
        int lines = 0, bytes = 0, c;
        while ((c = getchar()) != EOF) { bytes++; lines += c == '\n'; }
        printf("%d lines %d bytes\n", lines, bytes);
        return 0;
    }
    if (!strcmp(t, "exit")) return atoi(argv[2]);
    fprintf(stderr, "unknown tool %s\n", t);
    return 2;
}

/* Runs "a | b | c" (stages separated by "|" tokens); output to OUTFILE when redirect is set. */
static void run(const char *cmdline, int redirect)
{
    char buf[256], *words[32];
    int nw = 0;
    strcpy(buf, cmdline);
    for (char *w = strtok(buf, " "); w && nw < 31; w = strtok(NULL, " ")) words[nw++] = w;
    words[nw] = NULL;
    printf("$ %s%s\n", cmdline, redirect ? " > " OUTFILE : "");
    fflush(stdout);
    pid_t pids[8];
    int nst = 0, in = -1, start = 0;
    for (int i = 0; i <= nw; i++) {
        if (i < nw && strcmp(words[i], "|")) continue;
        int last = i == nw, p[2] = { -1, -1 };
        if (!last && pipe(p) < 0) { perror("pipe"); exit(1); }
        char *argv[34];
        int na = 0;
        argv[na++] = (char *)self;
        for (int j = start; j < i; j++) argv[na++] = words[j];
        argv[na] = NULL;
        pid_t pid = fork();
        if (pid == 0) {
            if (in >= 0) { dup2(in, 0); close(in); }
            if (!last) { dup2(p[1], 1); close(p[1]); close(p[0]); }
            else if (redirect) {
                int fd = open(OUTFILE, O_WRONLY | O_CREAT | O_TRUNC, 0644);
                dup2(fd, 1);
                close(fd);
            }
            execv(self, argv);
            _exit(127);
        }
        pids[nst++] = pid;
        if (in >= 0) close(in);
        if (!last) { close(p[1]); in = p[0]; }
        start = i + 1;
    }
    /* Every stage is reaped before any status is printed, so the last stage's output (on this
     * same stdout) always comes first, however the stages are scheduled. */
    int sts[8];
    for (int k = 0; k < nst; k++) waitpid(pids[k], &sts[k], 0);
    for (int k = 0; k < nst; k++) {
        int st = sts[k];
        if (WIFEXITED(st)) printf("  stage %d: exit %d\n", k + 1, WEXITSTATUS(st));
        else printf("  stage %d: signal %d\n", k + 1, WTERMSIG(st));
    }
}

int main(int argc, char **argv)
{
    self = argv[0];
    if (argc > 1) return tool(argc, argv);
    setvbuf(stdout, NULL, _IOLBF, 0);
    run("echo hello from a pipeline | upper", 0);
    run("seq 12 | grep 1 | wc", 0);
    run("seq 5 | grep 7", 0);
    run("exit 3 | wc", 0);
    run("seq 3 | upper", 1);
    FILE *f = fopen(OUTFILE, "r");
    char line[64];
    while (f && fgets(line, sizeof line, f)) printf("file: %s", line);
    if (f) fclose(f);
    unlink(OUTFILE);

    /* execv errors come back to the caller; the shell reports them by name. */
    const char *bad[] = { "/tmp/tricorn-minishell-no-such-program", "/tmp", "/dev/null" };
    for (int i = 0; i < 3; i++) {
        char *av[] = { (char *)bad[i], NULL };
        errno = 0;
        execv(bad[i], av);
        int e = errno;
        printf("execv %s: %s\n", bad[i], e == ENOENT ? "ENOENT" : e == EACCES ? "EACCES" : e == ENOEXEC ? "ENOEXEC" : "E?");
    }
    /* The shell's own exit: exec replaces it with a tool. */
    printf("exec echo\n");
    char *av[] = { (char *)self, "echo", "replaced", "by", "exec", NULL };
    execv(self, av);
    printf("execv self failed\n");
    return 1;
}
