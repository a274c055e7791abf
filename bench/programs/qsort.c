/* qsort of N pseudo-random ints (default 100000) with a comparison callback: a sort benchmark. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
static int cmp(const void *a, const void *b) { int x = *(const int *)a, y = *(const int *)b; return (x > y) - (x < y); }
int main(int argc, char **argv) {
  long n = argc > 1 ? atol(argv[1]) : 100000;
  int *v = malloc(n * sizeof *v);
  uint32_t x = 7;
  for (long i = 0; i < n; i++) { x ^= x << 13; x ^= x >> 17; x ^= x << 5; v[i] = (int)x; }
  qsort(v, n, sizeof *v, cmp);
  uint64_t h = 0;
  for (long i = 0; i < n; i++) { if (i && v[i - 1] > v[i]) { puts("unsorted"); return 1; } h = h * 31 + (uint32_t)v[i]; }
  printf("sorted %ld ints, hash %016llx\n", n, (unsigned long long)h);
  return 0;
}
