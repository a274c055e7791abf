/* hello: the smallest useful static glibc program — stdio, argc/argv, malloc/free (small
 * blocks from brk, a large one from mmap). Built by Debian's gcc/cross gcc with the normal
 * libc (scripts/build-glibc.sh). Its output does not depend on the machine: argv[0] (the path
 * it was started by) is only checked, not printed. Expected output: run as `hello alpha beta`. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv)
{
    printf("hello from glibc\n");
    printf("argc=%d\n", argc);
    printf("argv[0] non-empty: %s\n", argv[0] && argv[0][0] ? "yes" : "no");
    for (int i = 1; i < argc; i++) printf("argv[%d]=%s\n", i, argv[i]);

    /* small blocks: the main arena, grown with brk */
    enum { NSMALL = 64 };
    char *small[NSMALL];
    unsigned long sum = 0;
    for (int i = 0; i < NSMALL; i++) {
        small[i] = malloc(16 + i * 8);
        if (!small[i]) { printf("malloc failed\n"); return 1; }
        memset(small[i], i, 16 + i * 8);
    }
    for (int i = 0; i < NSMALL; i++) {
        for (int j = 0; j < 16 + i * 8; j++) sum += (unsigned char)small[i][j];
        free(small[i]);
    }
    printf("small blocks: %d, byte sum %lu\n", NSMALL, sum);

    /* a large block: above the mmap threshold (128 KiB), so malloc maps it */
    size_t big = 1 << 20;
    unsigned char *p = malloc(big);
    if (!p) { printf("malloc(1 MiB) failed\n"); return 1; }
    for (size_t i = 0; i < big; i++) p[i] = (unsigned char)(i * 7);
    unsigned long s2 = 0;
    for (size_t i = 0; i < big; i += 4096) s2 += p[i] + p[i + 4095];
    free(p);
    printf("1 MiB block: sampled sum %lu\n", s2);

    char *d = strdup("strdup works");
    printf("%s (%zu chars)\n", d, strlen(d));
    free(d);
    printf("goodbye\n");
    return 0;
}
