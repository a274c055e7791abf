/* loop: getpid N times (argv[1], default 1000000) — the syscall round-trip benchmark.
 * Prints only the count, so the output is the same on every architecture. */
#include "rt.h"

int main(int argc, char **argv, char **envp)
{
    (void)envp;
    long n = argc > 1 ? atol(argv[1]) : 1000000;
    long ok = 0;
    for (long i = 0; i < n; i++)
        if (sys_getpid() > 0) ok++;
    printf("getpid calls: %ld, positive results: %ld\n", n, ok);
    return ok == n ? 0 : 1;
}
