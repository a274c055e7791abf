/* Sieve of Eratosthenes up to N (default 2000000): a memory-bound integer benchmark. */
#include <stdio.h>
#include <stdlib.h>
int main(int argc, char **argv) {
  long n = argc > 1 ? atol(argv[1]) : 2000000;
  char *c = calloc(n + 1, 1);
  long count = 0, last = 0;
  for (long i = 2; i <= n; i++) {
    if (c[i]) continue;
    count++; last = i;
    for (long j = i * i; j <= n; j += i) c[j] = 1;
  }
  printf("%ld primes up to %ld, largest %ld\n", count, n, last);
  return 0;
}
