#include <stdio.h>
#include <stdint.h>
#include <string.h>
#define N 1003
static double a[N], b[N], c[N];
static float fa[N], fb[N], fc[N];
static int32_t ia[N], ib[N], ic[N];
static int16_t sa[N], sb[N];
static uint8_t ua[N], ub[N], uc[N];
static int64_t la[N], lb[N];
__attribute__((noinline)) void dloop(int n) { for (int i = 0; i < n; i++) c[i] = a[i] * b[i] + c[i] / 3.0 - (a[i] > b[i] ? a[i] : b[i]); }
__attribute__((noinline)) void floop(int n) { for (int i = 0; i < n; i++) fc[i] = fa[i] * fb[i] + fc[i] * 0.5f - __builtin_sqrtf(fa[i] < 0 ? -fa[i] : fa[i]); }
__attribute__((noinline)) void iloop(int n) { for (int i = 0; i < n; i++) ic[i] = ia[i] * ib[i] + (ia[i] >> 3) - (ib[i] < ia[i] ? ib[i] : ia[i]); }
__attribute__((noinline)) void sloop(int n) { for (int i = 0; i < n; i++) sa[i] = (int16_t)(sa[i] * sb[i] + (sb[i] >> 2)); }
__attribute__((noinline)) void uloop(int n) { for (int i = 0; i < n; i++) { int s = ua[i] + ub[i]; uc[i] = s > 255 ? 255 : s; uc[i] ^= (ua[i] + ub[i] + 1) >> 1; } }
__attribute__((noinline)) void lloop(int n) { for (int i = 0; i < n; i++) la[i] = la[i] * lb[i] + (la[i] << 3) + (lb[i] >> 5); }
__attribute__((noinline)) double dsum(int n) { double s = 0; for (int i = 0; i < n; i++) s += a[i] * b[i]; return s; }
__attribute__((noinline)) float fsum(int n) { float s = 0; for (int i = 0; i < n; i++) s += fa[i]; return s; }
__attribute__((noinline)) int64_t isum(int n) { int64_t s = 0; for (int i = 0; i < n; i++) s += ia[i] * (int64_t)ib[i]; return s; }
__attribute__((noinline)) void conv(int n) { for (int i = 0; i < n; i++) { ib[i] = (int32_t)(a[i] * 100); fb[i] = (float)ib[i] / 7.0f; c[i] = (double)fa[i] + ia[i]; } }
static uint64_t h = 1469598103934665603ull;
static void mix(const void *p, size_t len) { const uint8_t *q = p; for (size_t i = 0; i < len; i++) { h ^= q[i]; h *= 1099511628211ull; } }
int main(void) {
  uint32_t x = 12345;
  for (int i = 0; i < N; i++) {
    x = x * 1103515245u + 12345u;
    a[i] = (double)(int32_t)x / 65536.0; b[i] = (double)(x >> 7) / 1000.0; c[i] = i * 0.25;
    fa[i] = (float)(int32_t)x / 1e6f; fb[i] = (float)(x & 0xffff) / 100.0f; fc[i] = (float)i;
    ia[i] = (int32_t)x; ib[i] = (int32_t)(x >> 3) - 500000; sa[i] = (int16_t)x; sb[i] = (int16_t)(x >> 16);
    ua[i] = (uint8_t)x; ub[i] = (uint8_t)(x >> 8); la[i] = (int64_t)x * 77777; lb[i] = (int64_t)(x ^ 0x5555) - 99999;
  }
  for (int r = 0; r < 3; r++) { dloop(N); floop(N); iloop(N); sloop(N); uloop(N); lloop(N); conv(N); }
  printf("dsum %.17g fsum %.9g isum %lld\n", dsum(N), fsum(N), (long long)isum(N));
  mix(a, sizeof a); mix(b, sizeof b); mix(c, sizeof c); printf("double %016llx\n", (unsigned long long)h);
  mix(fa, sizeof fa); mix(fb, sizeof fb); mix(fc, sizeof fc); printf("float %016llx\n", (unsigned long long)h);
  mix(ia, sizeof ia); mix(ib, sizeof ib); mix(ic, sizeof ic); printf("int %016llx\n", (unsigned long long)h);
  mix(sa, sizeof sa); mix(ua, sizeof ua); mix(uc, sizeof uc); mix(la, sizeof la); printf("small %016llx\n", (unsigned long long)h);
  printf("c[7] %.17g fc[9] %.9g ic[11] %d la[13] %lld\n", c[7], fc[9], ic[11], (long long)la[13]);
  return 0;
}
