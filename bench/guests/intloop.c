/* The benchmark guest: an integer loop (loads, stores, adds, xors, shifts, a multiply, a
 * compare-and-branch) over a 4 KiB buffer, then the checksum in hex on stdout. Freestanding:
 * no libc, so the same binary runs on tricorn's engine and under qemu-user.
 * Built by build.sh for ppc64 (ELFv1) and ppc64le (ELFv2). */
#define N 20000000L

static unsigned long buf[512];

static long sys3(long nr, long a, long b, long c) {
  register long r0 __asm__("r0") = nr;
  register long r3 __asm__("r3") = a;
  register long r4 __asm__("r4") = b;
  register long r5 __asm__("r5") = c;
  __asm__ volatile("sc" : "+r"(r0), "+r"(r3), "+r"(r4), "+r"(r5)
                   : : "r6", "r7", "r8", "r9", "r10", "r11", "r12", "cr0", "ctr", "xer", "memory");
  return r3;
}

unsigned long loop(long n) {
  unsigned long s = 0, x = 0x12345678;
  for (long i = 0; i < n; i++) {
    unsigned long v = buf[i & 511];
    s += v;
    x ^= s;
    x = (x << 7) | (x >> 3);
    s += x * (unsigned long)i;
    buf[i & 511] = s;
  }
  return s;
}

void _start(void) {
  unsigned long s = loop(N);
  char out[17];
  for (int k = 0; k < 16; k++) { out[15 - k] = "0123456789abcdef"[s & 15]; s >>= 4; }
  out[16] = '\n';
  sys3(4, 1, (long)out, 17);
  sys3(1, 0, 0, 0);
  for (;;) {}
}
