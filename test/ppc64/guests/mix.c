/* A freestanding guest for the engine's end-to-end test: a mix of what gcc -O2 emits for
 * integer and floating-point C (divisions, 128-bit products, jump tables, indirect calls,
 * recursion, bit counting, byte swaps, doubles and floats, conversions), printing one line of
 * hex per check. Built by build.sh for ppc64 and ppc64le; expected output recorded from
 * qemu-user into mix.expected. */
typedef unsigned long u64;
typedef long i64;

static long sys3(long nr, long a, long b, long c) {
  register long r0 __asm__("r0") = nr;
  register long r3 __asm__("r3") = a;
  register long r4 __asm__("r4") = b;
  register long r5 __asm__("r5") = c;
  __asm__ volatile("sc" : "+r"(r0), "+r"(r3), "+r"(r4), "+r"(r5)
                   : : "r6", "r7", "r8", "r9", "r10", "r11", "r12", "cr0", "ctr", "xer", "memory");
  return r3;
}

static char obuf[4096];
static int olen;
static void put(const char *s) { while (*s) obuf[olen++] = *s++; }
static void hex(const char *name, u64 v) {
  char t[17];
  for (int k = 0; k < 16; k++) { t[15 - k] = "0123456789abcdef"[v & 15]; v >>= 4; }
  t[16] = 0;
  put(name); put(" "); put(t); put("\n");
}

static u64 seed = 0x9e3779b97f4a7c15UL;
static u64 rnd(void) { seed ^= seed << 13; seed ^= seed >> 7; seed ^= seed << 17; return seed; }

__attribute__((noinline)) static u64 divs(void) {
  u64 h = 0;
  for (int i = 0; i < 2000; i++) {
    u64 a = rnd(), b = rnd() >> (i % 60);
    i64 sa = (i64)a, sb = (i64)(b | 1);
    unsigned ua = (unsigned)a, ub = (unsigned)b | 1;
    int ia = (int)a, ib = (int)b | 1;
    h = h * 31 + a / (b | 1) + a % (b | 1) + (u64)(sa / sb) + (u64)(sa % sb);
    h = h * 31 + ua / ub + ua % ub + (u64)(ia / ib) + (u64)(ia % ib);
  }
  return h;
}

__attribute__((noinline)) static u64 wide(void) {
  u64 h = 0;
  for (int i = 0; i < 2000; i++) {
    u64 a = rnd(), b = rnd();
    unsigned __int128 p = (unsigned __int128)a * b;
    __int128 q = (__int128)(i64)a * (i64)b;
    h ^= (u64)(p >> 64) + (u64)p + (u64)(q >> 64);
    h = (h << 5) | (h >> 59);
  }
  return h;
}

static u64 f0(u64 x) { return x * 3; }
static u64 f1(u64 x) { return x ^ (x >> 7); }
static u64 f2(u64 x) { return x + 0x1234567; }
static u64 f3(u64 x) { return ~x; }
static u64 (*const fns[4])(u64) = { f0, f1, f2, f3 };

__attribute__((noinline)) static u64 calls(void) {
  u64 h = 1;
  for (int i = 0; i < 5000; i++) {
    h = fns[rnd() & 3](h);
    switch (h % 9) {
    case 0: h += 1; break;
    case 1: h ^= 0xff; break;
    case 2: h *= 5; break;
    case 3: h -= 77; break;
    case 4: h = (h << 3) | (h >> 61); break;
    case 5: h += h >> 11; break;
    case 6: h = ~h + 1; break;
    default: h += i;
    }
  }
  return h;
}

static u64 fib(int n) { return n < 2 ? (u64)n : fib(n - 1) + fib(n - 2); }

__attribute__((noinline)) static u64 bits(void) {
  u64 h = 0;
  for (int i = 0; i < 3000; i++) {
    u64 a = rnd() >> (i & 63);
    h += (u64)__builtin_popcountl(a) + (u64)(a ? __builtin_clzl(a) : 64) + (u64)(a ? __builtin_ctzl(a) : 64);
    h ^= __builtin_bswap64(a) + __builtin_bswap32((unsigned)a) + (unsigned short)__builtin_bswap16((unsigned short)a);
    h += (u64)((i64)a >> (i % 64)) + (a << (i % 64)) + ((unsigned)a >> (i % 32)) + (u64)((int)a >> (i % 32));
  }
  return h;
}

__attribute__((noinline)) static u64 floats(void) {
  double d = 0, e = 1;
  float f = 0;
  u64 h = 0;
  for (int i = 1; i < 3000; i++) {
    double x = (double)(i64)(rnd() >> 11) / 9007199254740992.0;
    d += x * x - 0.25 / i;
    e = e * 1.0001 + x / (i + 0.5);
    f += (float)x * 0.5f - (float)i / 4096.0f;
    i64 t = (i64)(d * 1000.0);
    unsigned u = (unsigned)(e * 10.0);
    h = h * 7 + (u64)t + u + (u64)(i64)f;
    if (x > 0.5) h ^= (u64)__builtin_sqrt(x * 1e12);
  }
  union { double d; u64 u; } a = { d }, b = { e };
  union { float f; unsigned u; } c = { f };
  return h ^ a.u ^ (b.u << 1) ^ c.u;
}

__attribute__((noinline)) static u64 memory(void) {
  static unsigned char buf[1024];
  static u64 words[64];
  for (int i = 0; i < 1024; i++) buf[i] = (unsigned char)(rnd() >> 24);
  u64 h = 0;
  for (int r = 0; r < 20; r++) {
    for (int i = 0; i < 64; i++) {
      u64 w = 0;
      for (int k = 0; k < 8; k++) w |= (u64)buf[(i * 8 + k + r) & 1023] << (8 * k);
      words[i] = w + words[(i + 1) & 63];
    }
    for (int i = 0; i < 1024; i += 3) { buf[i] ^= (unsigned char)words[i & 63]; *(unsigned short *)&buf[i & ~1] += (unsigned short)r; }
    h = h * 131 + words[r] + *(unsigned *)&buf[r * 4] + (u64)*(int *)&buf[r * 8 + 4] + (u64)*(signed char *)&buf[r];
  }
  return h;
}

void _start(void) {
  hex("divs", divs());
  hex("wide", wide());
  hex("calls", calls());
  hex("fib", fib(22));
  hex("bits", bits());
  hex("floats", floats());
  hex("memory", memory());
  sys3(4, 1, (long)obuf, olen);
  sys3(1, 0, 0, 0);
  for (;;) {}
}
