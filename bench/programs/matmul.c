/* N x N double matrix product (default 96): a floating-point benchmark. */
#include <stdio.h>
#include <stdlib.h>
int main(int argc, char **argv) {
  int n = argc > 1 ? atoi(argv[1]) : 96;
  double *a = malloc(sizeof(double) * n * n), *b = malloc(sizeof(double) * n * n), *c = calloc(n * n, sizeof(double));
  for (int i = 0; i < n * n; i++) { a[i] = (i % 17) * 0.25 - 2; b[i] = (i % 13) * 0.5 + 1.0 / (1 + i % 7); }
  for (int i = 0; i < n; i++)
    for (int k = 0; k < n; k++) {
      double x = a[i * n + k];
      for (int j = 0; j < n; j++) c[i * n + j] += x * b[k * n + j];
    }
  double s = 0;
  for (int i = 0; i < n * n; i++) s += c[i] * ((i % 5) + 1);
  printf("matmul %dx%d checksum %.6f\n", n, n, s);
  return 0;
}
