/* intc: an integer C workload for proving the PPC64 engine exact (issue 3, part 3).
 * Compiled for x86_64, aarch64, ppc64 and ppc64le, it must print the same lines everywhere:
 * every result is printed (in hex) and folded into a running hash printed at the end, so one
 * miscomputed instruction shows both where and that it happened.
 *
 * Rules that keep the output arch-independent: no undefined behaviour (signed overflow is done
 * in unsigned arithmetic; no shift >= width; no INT_MIN / -1; no division by zero; no float to
 * int conversion out of range), `char` signedness never matters (explicit signed/unsigned),
 * byte order never shows (bytes are combined with shifts, not by type punning), and floating
 * point is written so gcc's multiply-add contraction (aarch64, ppc64) cannot change a result:
 * every product that feeds an add is exact. Inputs come from volatile data so gcc cannot fold
 * the work away at compile time. */
#include "rt.h"

#define N_ELEMS(a) (sizeof(a) / sizeof((a)[0]))
#define NOINLINE __attribute__((noinline))

static uint64_t H = 0xcbf29ce484222325ULL;   /* FNV-1a style running hash of all results */

static void mix(uint64_t v)
{
    for (int i = 0; i < 8; i++) { H ^= (v >> (i * 8)) & 0xff; H *= 0x100000001b3ULL; }
}

static void emit(const char *tag, const uint64_t *v, int n)
{
    char buf[640];
    int len = snprintf(buf, sizeof buf, "%s:", tag);
    for (int i = 0; i < n && len < (int)sizeof buf - 20; i++) {
        len += snprintf(buf + len, sizeof buf - (size_t)len, " %lx", (unsigned long)v[i]);
        mix(v[i]);
    }
    buf[len++] = '\n';
    write_all(1, buf, (size_t)len);
}
#define EMIT(tag, ...) do { const uint64_t v_[] = { __VA_ARGS__ }; emit(tag, v_, (int)N_ELEMS(v_)); } while (0)

static volatile const uint64_t edges[] = {
    0, 1, 2, 3, 0xffffffffffffffffULL /* -1 */, 0xfffffffffffffffeULL /* -2 */,
    0x8000000000000000ULL /* INT64_MIN */, 0x7fffffffffffffffULL /* INT64_MAX */,
    0x8000000000000001ULL, 0x0000000080000000ULL, 0x000000007fffffffULL,
    0x00000000ffffffffULL, 0x0000000100000000ULL, 0x123456789abcdef0ULL,
    0xfedcba9876543210ULL, 0x00000000deadbeefULL, 0xffffffff80000000ULL,
};
#define NE ((int)N_ELEMS(edges))

/* ---- 1. two-operand arithmetic, logic, compare, multiply, divide on every edge pair ---- */
static NOINLINE void pair64(int i, int j, uint64_t a, uint64_t b)
{
    char tag[32];
    int64_t sa = (int64_t)a, sb = (int64_t)b;
    snprintf(tag, sizeof tag, "p64 %d,%d", i, j);
    uint64_t cmp = (uint64_t)(sa < sb) | (uint64_t)(sa > sb) << 1 | (uint64_t)(a < b) << 2 |
                   (uint64_t)(a > b) << 3 | (uint64_t)(a == b) << 4 | (uint64_t)(sa <= sb) << 5 |
                   (uint64_t)(a >= b) << 6;
    uint64_t mulhu = (uint64_t)(((unsigned __int128)a * b) >> 64);
    uint64_t mulhs = (uint64_t)(int64_t)(((__int128)sa * sb) >> 64);
    uint64_t carry = (a + b) < a;                   /* addc/adde carry-out pattern */
    uint64_t borrow = a < b;
    uint64_t udiv = b ? a / b : 0, umod = b ? a % b : 0;
    uint64_t sdiv = 0, smod = 0;
    if (sb != 0 && !(sa == INT64_MIN && sb == -1)) { sdiv = (uint64_t)(sa / sb); smod = (uint64_t)(sa % sb); }
    EMIT(tag, a + b, a - b, b - a, a & b, a | b, a ^ b, a & ~b, a | ~b, ~(a & b), ~(a | b),
         ~(a ^ b), a * b, mulhu, mulhs, carry, borrow, cmp,
         sa < sb ? a : b, a > b ? a : b, udiv, umod, sdiv, smod);
}

static NOINLINE void pair32(int i, int j, uint32_t a, uint32_t b)
{
    char tag[32];
    int32_t sa = (int32_t)a, sb = (int32_t)b;
    snprintf(tag, sizeof tag, "p32 %d,%d", i, j);
    uint32_t cmp = (uint32_t)(sa < sb) | (uint32_t)(sa > sb) << 1 | (uint32_t)(a < b) << 2 |
                   (uint32_t)(a > b) << 3 | (uint32_t)(a == b) << 4;
    uint32_t mulhu = (uint32_t)(((uint64_t)a * b) >> 32);
    uint32_t mulhs = (uint32_t)(((int64_t)sa * sb) >> 32);
    uint32_t udiv = b ? a / b : 0, umod = b ? a % b : 0, sdiv = 0, smod = 0;
    if (sb != 0 && !(sa == INT32_MIN && sb == -1)) { sdiv = (uint32_t)(sa / sb); smod = (uint32_t)(sa % sb); }
    /* results are widened both ways so sign/zero extension of 32-bit values shows too */
    EMIT(tag, a + b, (uint64_t)(int64_t)(int32_t)(a - b), a & b, a | b, a ^ b, a * b,
         (uint64_t)(int64_t)(int32_t)(a * b), mulhu, mulhs, cmp, udiv, umod, sdiv,
         (uint64_t)(int64_t)(int32_t)smod);
}

/* ---- 2. one-operand: shifts, rotates, bit counts, byte swaps, extensions ---- */
static inline uint64_t rotl64(uint64_t x, unsigned s) { return (x << (s & 63)) | (x >> ((64 - s) & 63)); }
static inline uint32_t rotl32(uint32_t x, unsigned s) { return (x << (s & 31)) | (x >> ((32 - s) & 31)); }

static volatile unsigned shift_base = 0;

static NOINLINE void single(int i, uint64_t a)
{
    char tag[32];
    uint32_t w = (uint32_t)a;
    int64_t sa = (int64_t)a;
    int32_t sw = (int32_t)w;

    /* variable shift amounts 0..63 / 0..31, hashed per kind so each value is one line */
    uint64_t hs[10] = { 0 };
    for (unsigned s = shift_base; s < 64; s++) {
        hs[0] = hs[0] * 31 + (a << s);
        hs[1] = hs[1] * 31 + (a >> s);
        hs[2] = hs[2] * 31 + (uint64_t)(sa >> s);
        hs[3] = hs[3] * 31 + rotl64(a, s);
        hs[4] = hs[4] * 31 + rotl64(a, 64 - s);
    }
    for (unsigned s = shift_base; s < 32; s++) {
        hs[5] = hs[5] * 31 + (uint32_t)(w << s);
        hs[6] = hs[6] * 31 + (w >> s);
        hs[7] = hs[7] * 31 + (uint64_t)(int64_t)(sw >> s);
        hs[8] = hs[8] * 31 + rotl32(w, s);
        hs[9] = hs[9] * 31 + (uint64_t)(int64_t)(int32_t)(w << s);
    }
    snprintf(tag, sizeof tag, "shv %d", i);
    emit(tag, hs, 10);

    snprintf(tag, sizeof tag, "shc %d", i);
    EMIT(tag, a << 1, a << 13, a << 31, a << 32, a << 63, a >> 1, a >> 31, a >> 32, a >> 63,
         (uint64_t)(sa >> 1), (uint64_t)(sa >> 32), (uint64_t)(sa >> 63), rotl64(a, 8), rotl64(a, 40),
         (uint32_t)(w << 5), w >> 7, (uint64_t)(int64_t)(sw >> 9), rotl32(w, 12),
         (a >> 8) & 0xffff, (a & 0xff00ff00ff00ff00ULL) | ((a >> 16) & 0xff), (a & ~0xfULL) | 3,
         (uint64_t)(w & 0x3ffc0), (a << 4) & 0xfffffffffff0ULL);

    snprintf(tag, sizeof tag, "bits %d", i);
    EMIT(tag, (uint64_t)__builtin_popcountll(a), (uint64_t)__builtin_popcount(w),
         a ? (uint64_t)__builtin_clzll(a) : 64, w ? (uint64_t)__builtin_clz(w) : 32,
         a ? (uint64_t)__builtin_ctzll(a) : 64, w ? (uint64_t)__builtin_ctz(w) : 32,
         (uint64_t)__builtin_parityll(a), __builtin_bswap64(a), __builtin_bswap32(w),
         __builtin_bswap16((uint16_t)a), a & (0 - a), a & (a - 1), a ^ (a >> 1));

    snprintf(tag, sizeof tag, "ext %d", i);
    EMIT(tag, (uint64_t)(int64_t)(int8_t)a, (uint64_t)(uint8_t)a, (uint64_t)(int64_t)(int16_t)a,
         (uint64_t)(uint16_t)a, (uint64_t)(int64_t)(int32_t)a, (uint64_t)(uint32_t)a,
         0 - a, ~a, (uint64_t)(sa < 0 ? 0 - a : a), (uint64_t)(sa >> 63 ? 1 : 0),
         (uint64_t)(a != 0), (uint64_t)(sw < 0), (uint64_t)(w > 0x7fffffffu));

    /* division by constants: gcc turns these into multiply-high and shift sequences */
    snprintf(tag, sizeof tag, "divc %d", i);
    EMIT(tag, a / 3, a % 3, a / 7, a / 10, a % 10, a / 1000, a / 0x10000,
         (uint64_t)(sa / 3), (uint64_t)(sa % 3), (uint64_t)(sa / -5), (uint64_t)(sa / 16),
         (uint64_t)(sa % 16), w / 3, w / 10, (uint64_t)(int64_t)(sw / 7), (uint64_t)(int64_t)(sw % 10),
         a * 3, a * 10, a * 0x101, (uint64_t)(sa * -7LL == 0), w * 5u);
}

/* ---- 3. sorting ---- */
static uint64_t lcg_state = 12345;
static uint64_t lcg(void)
{
    lcg_state = lcg_state * 6364136223846793005ULL + 1442695040888963407ULL;
    return lcg_state >> 11;
}

static void insertion_sort_i32(int32_t *v, int n)
{
    for (int i = 1; i < n; i++) {
        int32_t x = v[i];
        int j = i - 1;
        while (j >= 0 && v[j] > x) { v[j + 1] = v[j]; j--; }
        v[j + 1] = x;
    }
}

static void quicksort_u64(uint64_t *v, long lo, long hi)
{
    while (lo < hi) {
        uint64_t pivot = v[lo + (hi - lo) / 2];
        long i = lo, j = hi;
        while (i <= j) {
            while (v[i] < pivot) i++;
            while (v[j] > pivot) j--;
            if (i <= j) { uint64_t t = v[i]; v[i] = v[j]; v[j] = t; i++; j--; }
        }
        if (j - lo < hi - i) { quicksort_u64(v, lo, j); lo = i; }   /* recurse into the smaller side */
        else { quicksort_u64(v, i, hi); hi = j; }
    }
}

static void sorting(void)
{
    static int32_t a[300];
    static uint64_t b[500];
    for (int i = 0; i < 300; i++) a[i] = (int32_t)(uint32_t)lcg();
    for (int i = 0; i < 500; i++) b[i] = lcg() * 0x9e3779b97f4a7c15ULL;
    insertion_sort_i32(a, 300);
    quicksort_u64(b, 0, 499);
    uint64_t ha = 0, hb = 0, oka = 1, okb = 1;
    for (int i = 0; i < 300; i++) { ha = ha * 1000003 + (uint32_t)a[i]; if (i && a[i - 1] > a[i]) oka = 0; }
    for (int i = 0; i < 500; i++) { hb = hb * 1000003 + b[i]; if (i && b[i - 1] > b[i]) okb = 0; }
    EMIT("sort i32", oka, ha, (uint64_t)(int64_t)a[0], (uint64_t)(int64_t)a[150], (uint64_t)(int64_t)a[299]);
    EMIT("sort u64", okb, hb, b[0], b[250], b[499]);
}

/* ---- 4. CRC32 (bitwise and table-driven must agree) ---- */
static uint32_t crc_table[256];

static uint32_t crc32_bitwise(const unsigned char *p, size_t n)
{
    uint32_t c = 0xffffffffu;
    for (size_t i = 0; i < n; i++) {
        c ^= p[i];
        for (int k = 0; k < 8; k++) c = (c >> 1) ^ (0xedb88320u & (0u - (c & 1)));
    }
    return ~c;
}

static uint32_t crc32_table(const unsigned char *p, size_t n)
{
    uint32_t c = 0xffffffffu;
    for (size_t i = 0; i < n; i++) c = crc_table[(c ^ p[i]) & 0xff] ^ (c >> 8);
    return ~c;
}

static void crc(void)
{
    for (uint32_t i = 0; i < 256; i++) {
        uint32_t c = i;
        for (int k = 0; k < 8; k++) c = c & 1 ? (c >> 1) ^ 0xedb88320u : c >> 1;
        crc_table[i] = c;
    }
    static const char check[] = "123456789";   /* CRC-32 check value: cbf43926 */
    static unsigned char buf[4096];
    for (int i = 0; i < 4096; i++) buf[i] = (unsigned char)lcg();
    EMIT("crc32", crc32_bitwise((const unsigned char *)check, 9), crc32_table((const unsigned char *)check, 9),
         crc32_bitwise(buf, 4096), crc32_table(buf, 4096), crc32_table(buf + 1, 4000));
}

/* ---- 5. a small open-addressing hash table ---- */
#define HT_SIZE 1024
struct entry { uint64_t key; int64_t value; uint8_t used; };
static struct entry table[HT_SIZE];
static uint64_t probes;

static uint32_t slot_of(uint64_t key)
{
    key ^= key >> 33; key *= 0xff51afd7ed558ccdULL; key ^= key >> 33;
    return (uint32_t)(key & (HT_SIZE - 1));
}

static struct entry *ht_find(uint64_t key, int insert)
{
    uint32_t s = slot_of(key);
    for (;;) {
        probes++;
        if (!table[s].used) {
            if (!insert) return 0;
            table[s].used = 1; table[s].key = key; table[s].value = 0;
            return &table[s];
        }
        if (table[s].key == key) return &table[s];
        s = (s + 1) & (HT_SIZE - 1);
    }
}

static void hashing(void)
{
    uint64_t saved = lcg_state;
    for (int i = 0; i < 700; i++) {
        uint64_t k = lcg() % 2000;
        ht_find(k, 1)->value += i - 350;
    }
    int64_t found = 0, missing = 0, total = 0;
    for (uint64_t k = 0; k < 2000; k++) {
        struct entry *e = ht_find(k, 0);
        if (e) { found++; total += e->value * (int64_t)(k & 7); } else missing++;
    }
    EMIT("hashtable", (uint64_t)found, (uint64_t)missing, (uint64_t)total, probes, saved);
}

/* ---- 6. strings ---- */
static int to_upper(int c) { return c >= 'a' && c <= 'z' ? c - 32 : c; }

static void reverse(char *s)
{
    size_t n = strlen(s);
    for (size_t i = 0; i < n / 2; i++) { char t = s[i]; s[i] = s[n - 1 - i]; s[n - 1 - i] = t; }
}

static void strings(void)
{
    static volatile const char src[] = "The quick brown fox jumps over the lazy dog";
    char s[64], t[64];
    for (size_t i = 0; i < sizeof src; i++) s[i] = src[i];
    strcpy(t, s);
    reverse(t);
    uint64_t h = 0;
    for (char *p = t; *p; p++) h = h * 131 + (unsigned char)to_upper((unsigned char)*p);
    char num[32];
    int len = snprintf(num, sizeof num, "%ld|%5d|%-4x|%05u", -1234567890123L, -42, 0xabu, 77u);
    uint64_t nh = 0;
    for (int i = 0; i < len; i++) nh = nh * 131 + (unsigned char)num[i];
    printf("strings: reversed=\"%s\" formatted=\"%s\"\n", t, num);
    EMIT("strings", strlen(s), (uint64_t)(int64_t)strcmp(s, t), (uint64_t)(int64_t)strncmp(s, "The quick", 9),
         (uint64_t)(int64_t)memcmp(s, t, 3), (uint64_t)(strchr(s, 'z') - s), h, (uint64_t)len, nh,
         (uint64_t)atol("-987654321"), strtoul("0x7fffFFFF", 0, 0), strtoul("777", 0, 8));
}

/* ---- 7. switch statements (jump tables) ---- */
static NOINLINE int64_t dispatch(int op, int64_t x)
{
    switch (op) {
    case 0: return x + 1;
    case 1: return x * 3;
    case 2: return x - 100;
    case 3: return x ^ 0x5555;
    case 4: return x << 3;
    case 5: return x >> 2;
    case 6: return -x;
    case 7: return x & 0xff0;
    case 8: return x | 1;
    case 9: return x / 7;
    case 10: return x % 11;
    case 11: return ~x;
    case 12: return x * x;
    case 13: return x + 0x12345678;
    case 14: return x > 0 ? x : -x;
    case 15: return x - 1;
    case 17: return 17;
    case 19: return x * 19;
    default: return 999;
    }
}

static NOINLINE const char *classify(unsigned c)
{
    switch (c) {
    case 'a': case 'e': case 'i': case 'o': case 'u': return "vowel";
    case '0': case '1': case '2': case '3': case '4':
    case '5': case '6': case '7': case '8': case '9': return "digit";
    case ' ': return "space";
    default: return c >= 'a' && c <= 'z' ? "consonant" : "other";
    }
}

static void switches(void)
{
    int64_t acc = 5;
    uint64_t h = 0;
    for (int r = 0; r < 3; r++)
        for (int op = -2; op < 24; op++) { acc = dispatch(op, acc) % 1000003; h = h * 31 + (uint64_t)acc; }
    static volatile const char text[] = "tricorn 2 ppc64 guests";
    uint64_t counts[5] = { 0 };
    for (int i = 0; text[i]; i++) {
        const char *k = classify((unsigned char)text[i]);
        counts[k[0] == 'v' ? 0 : k[0] == 'd' ? 1 : k[0] == 's' ? 2 : k[0] == 'c' ? 3 : 4]++;
    }
    EMIT("switch", (uint64_t)acc, h, counts[0], counts[1], counts[2], counts[3], counts[4]);
}

/* ---- 8. recursion ---- */
static NOINLINE uint64_t fib(unsigned n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }
static NOINLINE uint64_t ack(uint64_t m, uint64_t n)
{
    if (m == 0) return n + 1;
    if (n == 0) return ack(m - 1, 1);
    return ack(m - 1, ack(m, n - 1));
}
static NOINLINE uint64_t gcd(uint64_t a, uint64_t b) { return b ? gcd(b, a % b) : a; }
static NOINLINE uint64_t hanoi(int n, int from, int to, int via, uint64_t *trace)
{
    if (n == 0) return 0;
    uint64_t m = hanoi(n - 1, from, via, to, trace);
    *trace = *trace * 7 + (uint64_t)(from * 3 + to);
    return m + 1 + hanoi(n - 1, via, to, from, trace);
}
static NOINLINE int queens(int n, int row, uint32_t cols, uint32_t d1, uint32_t d2)
{
    if (row == n) return 1;
    int count = 0;
    for (int c = 0; c < n; c++) {
        if (cols & (1u << c) || d1 & (1u << (row + c)) || d2 & (1u << (row - c + n))) continue;
        count += queens(n, row + 1, cols | 1u << c, d1 | 1u << (row + c), d2 | 1u << (row - c + n));
    }
    return count;
}

static void recursion(void)
{
    uint64_t trace = 0;
    uint64_t moves = hanoi(12, 0, 2, 1, &trace);
    EMIT("recursion", fib(24), ack(2, 3), ack(3, 4), gcd(edges[13], edges[14]), gcd(1071, 462),
         moves, trace, (uint64_t)queens(8, 0, 0, 0, 0));
}

/* ---- 9. structs: copies, by-value passing/returning, bitfields, packed members ---- */
struct big {
    uint8_t u8; int8_t s8; uint16_t u16; int16_t s16; uint32_t u32; int32_t s32;
    uint64_t u64; int64_t s64; double d; uint8_t bytes[37]; uint64_t tail[12];
};
struct bits { unsigned a : 3; signed b : 5; unsigned c : 12; signed d : 20; unsigned long e : 24; };
struct __attribute__((packed)) packed { uint8_t tag; uint64_t v; uint16_t h; uint32_t w; };

static NOINLINE struct big tweak(struct big b, int k)
{
    b.u8 += (uint8_t)k; b.s8 = (int8_t)(b.s8 - 100); b.u16 ^= 0xffff; b.s16 = (int16_t)(b.s16 * 3);
    b.u32 = b.u32 * 7 + 1; b.s32 = -b.s32; b.u64 <<= 3; b.s64 >>= 2; b.d *= 2.0;
    for (int i = 0; i < 37; i++) b.bytes[i] = (uint8_t)(b.bytes[i] + i * k);
    for (int i = 0; i < 12; i++) b.tail[i] ^= (uint64_t)i << (i * 5);
    return b;
}

static uint64_t big_hash(const struct big *b)
{
    uint64_t h = b->u8 + ((uint64_t)(int64_t)b->s8 << 8) + ((uint64_t)b->u16 << 16) +
                 (uint64_t)(int64_t)b->s16 * 31 + b->u32 * 131ULL + (uint64_t)(int64_t)b->s32 * 1009 +
                 b->u64 + (uint64_t)b->s64 + (uint64_t)(int64_t)b->d;
    for (int i = 0; i < 37; i++) h = h * 33 + b->bytes[i];
    for (int i = 0; i < 12; i++) h = h * 1000003 + b->tail[i];
    return h;
}

static void structs(void)
{
    struct big x;
    memset(&x, 0, sizeof x);
    x.u8 = 250; x.s8 = -100; x.u16 = 0x1234; x.s16 = -20000; x.u32 = 0xfffffff0u; x.s32 = INT32_MIN + 5;
    x.u64 = edges[13]; x.s64 = (int64_t)edges[14]; x.d = -12345.5;
    for (int i = 0; i < 37; i++) x.bytes[i] = (uint8_t)(i * 11);
    for (int i = 0; i < 12; i++) x.tail[i] = edges[i % NE] + (uint64_t)i;
    struct big y = tweak(x, 3), z = y;          /* by-value argument, return and plain copy */
    z.tail[11] = 42;
    EMIT("struct big", big_hash(&x), big_hash(&y), big_hash(&z), (uint64_t)(memcmp(&y, &z, sizeof y) != 0),
         (uint64_t)(int64_t)y.s8, (uint64_t)(int64_t)y.s16, (uint64_t)(int64_t)y.s32, y.u64, (uint64_t)y.s64,
         (uint64_t)(int64_t)y.d, sizeof(struct big));

    static volatile uint64_t src = 0x0123456789abcdefULL;
    struct bits bf;
    memset(&bf, 0, sizeof bf);
    uint64_t s = src;
    bf.a = (unsigned)s; bf.b = (int)(s >> 3) & 31; bf.c = (unsigned)(s >> 8); bf.d = (int)((s >> 20) & 0xfffff);
    bf.e = s >> 40;
    bf.b -= 20; bf.d = bf.d - 0x90000;
    EMIT("bitfields", bf.a, (uint64_t)(int64_t)bf.b, bf.c, (uint64_t)(int64_t)bf.d, bf.e, sizeof bf);

    static struct packed pk[3];
    for (int i = 0; i < 3; i++) { pk[i].tag = (uint8_t)i; pk[i].v = src * (uint64_t)(i + 1); pk[i].h = (uint16_t)(i * 1000 + 7); pk[i].w = (uint32_t)(src >> (i * 8)); }
    uint64_t ph = 0;
    for (int i = 0; i < 3; i++) ph = ph * 31 + pk[i].tag + pk[i].v + pk[i].h + pk[i].w;
    /* the raw bytes: their sum and xor do not depend on the byte order */
    const unsigned char *raw = (const unsigned char *)&pk[0];
    uint64_t bsum = 0, bxor = 0;
    for (size_t i = 0; i < sizeof pk; i++) { bsum += raw[i]; bxor ^= raw[i]; }
    EMIT("packed", ph, sizeof(struct packed), (uint64_t)(raw[15] == 1), bsum, bxor);
}

/* ---- 10. floating point, printed as integers ---- */
static volatile const double dv[] = { 0.0, 1.0, -1.5, 3.25, 1e15, -2.75e10, 0.1, 1.0 / 3.0, 123456.789, -0.0 };
static volatile const float fv[] = { 0.5f, -3.75f, 1e10f, 0.3f, 7.0f };

static void floating(void)
{
    for (int i = 0; i < (int)N_ELEMS(dv); i++) {
        double a = dv[i], b = dv[(i + 3) % N_ELEMS(dv)];
        char tag[32];
        snprintf(tag, sizeof tag, "fp %d", i);
        /* sums, differences, products and quotients are each rounded once (no contraction:
         * the products below are not added to anything) */
        double sum = a + b, diff = a - b, prod = a * b, quot = b != 0.0 ? a / b : 0.0;
        int64_t scaled = (int64_t)(quot * 1024.0);     /* exact power-of-two scaling */
        EMIT(tag, (uint64_t)(int64_t)sum, (uint64_t)(int64_t)diff, (uint64_t)(int64_t)prod,
             (uint64_t)scaled, (uint64_t)(int64_t)(sum * 8.0), (uint64_t)(a < b) | (uint64_t)(a == b) << 1 | (uint64_t)(a > b) << 2,
             (uint64_t)(int64_t)(a * 4.0 + 2.0), (uint64_t)(int64_t)-a, (uint64_t)(int64_t)(float)a,
             (uint64_t)(int64_t)(a >= 0 ? a : -a));
    }
    double acc = 0;
    for (int i = 1; i <= 100; i++) acc += 1.0 / i;           /* each step one rounded divide and add */
    int64_t big = (int64_t)edges[13];
    double fromint = (double)big, fromu = (double)edges[14];
    float f = 0;
    for (int i = 0; i < (int)N_ELEMS(fv); i++) f = f + fv[i];
    float fq = fv[3] / fv[4];
    double nan = dv[0] / dv[0];
    EMIT("fp misc", (uint64_t)(int64_t)(acc * 1e12), (uint64_t)(int64_t)fromint, (uint64_t)fromu,
         (uint64_t)(int64_t)(f * 16.0f), (uint64_t)(int64_t)(fq * 1e6f), (uint64_t)(nan != nan), (uint64_t)(nan < 1.0),
         (uint64_t)(int64_t)(double)(int32_t)(uint32_t)edges[15], (uint64_t)(uint32_t)(dv[4] / 1e6),
         (uint64_t)(1.0 / dv[9] < 0), (uint64_t)(int64_t)(dv[8] * 1000.0));
}

/* ---- 11. loops over memory: unrolled/strided access, byte and halfword loads and stores ---- */
static void memory_loops(void)
{
    static uint8_t b8[1024];
    static uint16_t b16[512];
    static uint32_t b32[256];
    static int64_t b64[128];
    for (int i = 0; i < 1024; i++) b8[i] = (uint8_t)(i * 37 + 11);
    for (int i = 0; i < 512; i++) b16[i] = (uint16_t)(b8[i * 2] | b8[i * 2 + 1] << 8);
    for (int i = 0; i < 256; i++) b32[i] = (uint32_t)b16[i * 2] << 16 | b16[i * 2 + 1];
    for (int i = 0; i < 128; i++) b64[i] = (int64_t)((uint64_t)b32[i * 2] << 32 | b32[i * 2 + 1]);
    uint64_t s8 = 0, s16 = 0, s32 = 0, s64 = 0, smin = 0;
    int64_t mn = INT64_MAX;
    for (int i = 0; i < 1024; i++) s8 += (uint64_t)(int64_t)(int8_t)b8[i];
    for (int i = 0; i < 512; i++) s16 = s16 * 3 + (uint64_t)(int64_t)(int16_t)b16[i];
    for (int i = 0; i < 256; i++) s32 = s32 * 7 + ((uint64_t)b32[i] << (i % 29));
    for (int i = 0; i < 128; i++) { s64 += (uint64_t)b64[i]; if (b64[i] < mn) { mn = b64[i]; smin = (uint64_t)i; } }
    memmove(b8 + 3, b8, 500);
    memmove(b8, b8 + 7, 500);
    uint64_t mv = 0;
    for (int i = 0; i < 1024; i++) mv = mv * 5 + b8[i];
    EMIT("memory", s8, s16, s32, s64, (uint64_t)mn, smin, mv);
}

int main(int argc, char **argv, char **envp)
{
    (void)argc; (void)argv; (void)envp;
    printf("intc: integer workload, %d edge values\n", NE);
    for (int i = 0; i < NE; i++)
        for (int j = 0; j < NE; j++) pair64(i, j, edges[i], edges[j]);
    for (int i = 0; i < NE; i++)
        for (int j = 0; j < NE; j++) pair32(i, j, (uint32_t)edges[i], (uint32_t)(edges[j] >> (j & 1 ? 32 : 0)));
    for (int i = 0; i < NE; i++) single(i, edges[i]);
    sorting();
    crc();
    hashing();
    strings();
    switches();
    recursion();
    structs();
    floating();
    memory_loops();
    printf("intc: hash %016lx\n", (unsigned long)H);
    return 0;
}
