/* spin: N iterations (argv[1], default 100000000) of pure 64-bit integer arithmetic, then a
 * checksum — the instructions-per-second benchmark. No memory traffic in the loop and no
 * system calls, so it measures the engine's execution speed alone. Unsigned arithmetic wraps
 * the same way on every architecture, so the checksum is arch-independent. */
#include "rt.h"

int main(int argc, char **argv, char **envp)
{
    (void)envp;
    unsigned long n = argc > 1 ? strtoul(argv[1], 0, 0) : 100000000UL;
    uint64_t x = 0x9e3779b97f4a7c15ULL, acc = 0;
    for (unsigned long i = 0; i < n; i++) {
        x = x * 6364136223846793005ULL + 1442695040888963407ULL;  /* 64-bit LCG */
        acc ^= x >> 29;
        acc += (acc << 7) | (acc >> 57);                          /* rotate */
        if (x & 0x100) acc -= i;                                  /* data-dependent branch */
    }
    printf("spin iterations: %lu, checksum: %016lx\n", n, (unsigned long)acc);
    return 0;
}
