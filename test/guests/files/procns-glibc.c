/* /proc and PID namespaces through glibc's own API (static glibc, built by
 * scripts/build-files-glibc.sh): /proc/self/status's Tgid/PPid/NStgid/NSpid read with stdio at
 * each of three nested PID namespaces made by unshare(CLONE_NEWPID) + fork, waitpid's answer in
 * the parent's namespace, after /proc/sys/kernel/ns_last_pid chose the next fork's pid, and
 * fork's ENOMEM into a namespace whose init has exited. Must
 * start as pid 1 of a fresh PID namespace with /proc mounted for it (the oracle: as root in
 * unshare --fork --pid --mount-proc). */
#define _GNU_SOURCE
#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static void status_lines(int level)
{
    FILE *f = fopen("/proc/self/status", "r");
    if (!f) { printf("level %d: fopen /proc/self/status: %s\n", level, strerror(errno)); return; }
    char line[256];
    while (fgets(line, sizeof line, f))
        if (!strncmp(line, "Tgid:", 5) || !strncmp(line, "PPid:", 5) || !strncmp(line, "NStgid:", 7) ||
            !strncmp(line, "NSpid:", 6))
            printf("level %d: %s", level, line);
    fclose(f);
}

static void level(int n)
{
    printf("level %d: getpid %d getppid %d\n", n, (int)getpid(), (int)getppid());
    status_lines(n);
    if (n == 3) return;
    if (unshare(CLONE_NEWPID) < 0) { printf("level %d: unshare: %s\n", n, strerror(errno)); return; }
    /* unshare moves only the children: this process keeps its pid. */
    printf("level %d: after unshare getpid %d\n", n, (int)getpid());
    pid_t pid = fork();
    if (pid < 0) { printf("level %d: fork: %s\n", n, strerror(errno)); return; }
    if (pid == 0) {
        level(n + 1);
        exit(0);
    }
    int st;
    pid_t w = waitpid(pid, &st, 0);
    printf("level %d: child %d (fork said %d) exited %d\n", n, (int)w, (int)pid, WEXITSTATUS(st));
}

int main(void)
{
    setvbuf(stdout, NULL, _IONBF, 0);
    char buf[64];
    ssize_t n = readlink("/proc/self", buf, sizeof buf - 1);
    buf[n > 0 ? n : 0] = 0;
    printf("/proc/self -> %s\n", buf);

    FILE *f = fopen("/proc/sys/kernel/ns_last_pid", "w");
    if (!f) { printf("fopen ns_last_pid: %s\n", strerror(errno)); return 1; }
    fprintf(f, "%d", 499);
    printf("fclose after writing 499: %d\n", fclose(f));
    f = fopen("/proc/sys/kernel/ns_last_pid", "r");
    int last = -1;
    if (fscanf(f, "%d", &last) != 1) last = -2;
    fclose(f);
    printf("ns_last_pid reads %d\n", last);
    pid_t pid = fork();
    if (pid == 0) _exit(0);
    waitpid(pid, NULL, 0);
    printf("forked pid %d\n", (int)pid);
    /* Last: after unshare this process's new children would go into a namespace whose init has
     * exited, where fork fails. */
    level(0);
    pid = fork();
    printf("fork into the dead namespace: %s\n", pid < 0 ? (errno == ENOMEM ? "ENOMEM" : "E?") : "forked");
    if (pid == 0) _exit(0);
    return 0;
}
