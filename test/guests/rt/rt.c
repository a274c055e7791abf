/* tricorn guest runtime: process start, memory/string helpers, formatted output.
 * Architecture-specific pieces live in arch/<arch>.h (syscalls) and start-<arch>.S (_start,
 * rt_clone_call); everything here is plain C shared by all four targets. */

/* gcc -O2 recognises byte loops as memset/memcpy and would turn memset's own loop into a call
 * to memset (endless recursion). This pragma keeps the loops as written. */
#pragma GCC optimize("no-tree-loop-distribute-patterns")

#include "rt.h"

int rt_argc;
char **rt_argv;
char **environ;
unsigned long *rt_auxv;

int main(int argc, char **argv, char **envp);

#ifdef RT_STATIC_PIE
/* Static PIE: no dynamic linker, so the program relocates itself before touching any pointer
 * stored in data. Linked at address 0, so the run-time address of the ELF header is the load
 * bias. Only R_*_RELATIVE relocations can occur in a static PIE without symbols to bind.
 * Both symbols are hidden, so gcc addresses them PC/TOC-relative and never through an
 * unrelocated GOT slot. */
extern const char __ehdr_start[] __attribute__((visibility("hidden")));
extern const uint64_t _DYNAMIC[] __attribute__((visibility("hidden")));

#if defined(__x86_64__)
#define RT_R_RELATIVE 8
#elif defined(__aarch64__)
#define RT_R_RELATIVE 1027
#elif defined(__riscv)
#define RT_R_RELATIVE 3
#elif defined(__s390x__)
#define RT_R_RELATIVE 12
#else
#define RT_R_RELATIVE 22
#endif

static void rt_self_relocate(void)
{
    uint64_t base = (uint64_t)(uintptr_t)__ehdr_start;
    uint64_t rela = 0, relasz = 0, relaent = 24;
    for (const uint64_t *d = _DYNAMIC; d[0] != 0; d += 2) {   /* DT_NULL ends it */
        if (d[0] == 7) rela = d[1];          /* DT_RELA */
        else if (d[0] == 8) relasz = d[1];   /* DT_RELASZ */
        else if (d[0] == 9) relaent = d[1];  /* DT_RELAENT */
    }
    for (uint64_t off = 0; off < relasz; off += relaent) {
        const uint64_t *r = (const uint64_t *)(uintptr_t)(base + rela + off);
        if ((uint32_t)r[1] != RT_R_RELATIVE) {
            static const char msg[] = "rt: unsupported relocation in static PIE\n";
            syscall3(__NR_write, 2, (long)msg, sizeof msg - 1);
            sys_exit_group(127);
        }
        *(uint64_t *)(uintptr_t)(base + r[0]) = base + r[2];
    }
}
#endif

/* Called by _start with the initial stack pointer: argc, argv[argc], NULL, envp..., NULL,
 * then (type, value) auxv pairs up to AT_NULL — the same layout on all four psABIs. */
__attribute__((used, noreturn)) void __rt_start_c(long *sp)
{
#ifdef RT_STATIC_PIE
    rt_self_relocate();
#endif
    int argc = (int)sp[0];
    char **argv = (char **)(sp + 1);
    char **envp = argv + argc + 1;
    char **p = envp;
    while (*p) p++;
    rt_argc = argc;
    rt_argv = argv;
    environ = envp;
    rt_auxv = (unsigned long *)(p + 1);
    exit(main(argc, argv, envp));
}

__attribute__((noreturn)) void exit(int status) { sys_exit_group(status); }

unsigned long getauxval(unsigned long type)
{
    for (unsigned long *a = rt_auxv; a && a[0] != AT_NULL; a += 2)
        if (a[0] == type) return a[1];
    return 0;
}

int rt_has_auxval(unsigned long type)
{
    for (unsigned long *a = rt_auxv; a && a[0] != AT_NULL; a += 2)
        if (a[0] == type) return 1;
    return 0;
}

/* ---- memory and strings ---- */
typedef uint64_t __attribute__((may_alias)) rt_word;

void *memcpy(void *dst, const void *src, size_t n)
{
    unsigned char *d = dst;
    const unsigned char *s = src;
    if ((((uintptr_t)d | (uintptr_t)s) & 7) == 0) {
        for (; n >= 8; n -= 8, d += 8, s += 8) *(rt_word *)d = *(const rt_word *)s;
    }
    while (n--) *d++ = *s++;
    return dst;
}

void *memmove(void *dst, const void *src, size_t n)
{
    unsigned char *d = dst;
    const unsigned char *s = src;
    if (d == s || n == 0) return dst;
    if (d < s || d >= s + n) return memcpy(dst, src, n);
    while (n--) d[n] = s[n];   /* overlapping, dst above src: copy backwards */
    return dst;
}

void *memset(void *dst, int c, size_t n)
{
    unsigned char *d = dst;
    if (((uintptr_t)d & 7) == 0 && n >= 8) {
        rt_word w = (unsigned char)c;
        w |= w << 8; w |= w << 16; w |= w << 32;
        for (; n >= 8; n -= 8, d += 8) *(rt_word *)d = w;
    }
    while (n--) *d++ = (unsigned char)c;
    return dst;
}

int memcmp(const void *a, const void *b, size_t n)
{
    const unsigned char *x = a, *y = b;
    for (size_t i = 0; i < n; i++)
        if (x[i] != y[i]) return x[i] < y[i] ? -1 : 1;
    return 0;
}

size_t strlen(const char *s)
{
    const char *p = s;
    while (*p) p++;
    return (size_t)(p - s);
}

int strcmp(const char *a, const char *b)
{
    while (*a && *a == *b) a++, b++;
    return (unsigned char)*a - (unsigned char)*b;
}

int strncmp(const char *a, const char *b, size_t n)
{
    for (; n; n--, a++, b++) {
        if (*a != *b) return (unsigned char)*a - (unsigned char)*b;
        if (!*a) return 0;
    }
    return 0;
}

char *strchr(const char *s, int c)
{
    for (;; s++) {
        if (*s == (char)c) return (char *)s;
        if (!*s) return 0;
    }
}

char *strcpy(char *dst, const char *src)
{
    char *d = dst;
    while ((*d++ = *src++)) {}
    return dst;
}

/* ---- numbers ---- */
unsigned long strtoul(const char *s, char **end, int base)
{
    unsigned long v = 0;
    while (*s == ' ' || *s == '\t') s++;
    if ((base == 0 || base == 16) && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) { s += 2; base = 16; }
    else if (base == 0 && s[0] == '0') base = 8;
    else if (base == 0) base = 10;
    for (;; s++) {
        int d;
        if (*s >= '0' && *s <= '9') d = *s - '0';
        else if (*s >= 'a' && *s <= 'z') d = *s - 'a' + 10;
        else if (*s >= 'A' && *s <= 'Z') d = *s - 'A' + 10;
        else break;
        if (d >= base) break;
        v = v * (unsigned long)base + (unsigned long)d;
    }
    if (end) *end = (char *)s;
    return v;
}

long atol(const char *s)
{
    while (*s == ' ' || *s == '\t') s++;
    int neg = *s == '-';
    if (*s == '-' || *s == '+') s++;
    unsigned long v = strtoul(s, 0, 10);
    return neg ? -(long)v : (long)v;
}

/* ---- output ---- */
long write_all(int fd, const void *buf, size_t n)
{
    const char *p = buf;
    size_t done = 0;
    while (done < n) {
        long r = sys_write(fd, p + done, n - done);
        if (r <= 0) return done ? (long)done : r;
        done += (size_t)r;
    }
    return (long)done;
}

long write_str(int fd, const char *s) { return write_all(fd, s, strlen(s)); }
void print_str(const char *s) { write_str(1, s); }
void print_dec(int64_t v) { printf("%lld", (long long)v); }
void print_udec(uint64_t v) { printf("%llu", (unsigned long long)v); }
void print_hex(uint64_t v) { printf("%llx", (unsigned long long)v); }
void print_shex(int64_t v)
{
    if (v < 0) printf("-0x%llx", 0ULL - (unsigned long long)v);
    else printf("0x%llx", (unsigned long long)v);
}

/* The formatter emits into a sink: either a bounded string (snprintf) or a small buffer that
 * is flushed to an fd when full (dprintf), so one printf is usually one write(). */
struct sink {
    char *buf;
    size_t cap;    /* bytes usable in buf */
    size_t len;    /* bytes currently in buf */
    size_t total;  /* bytes produced overall (the return value) */
    int fd;        /* -1: string sink, truncating */
};

static void sink_put(struct sink *k, const char *s, size_t n)
{
    k->total += n;
    while (n) {
        if (k->len == k->cap) {
            if (k->fd < 0) return;   /* string full: drop, keep counting */
            write_all(k->fd, k->buf, k->len);
            k->len = 0;
        }
        size_t room = k->cap - k->len, m = n < room ? n : room;
        memcpy(k->buf + k->len, s, m);
        k->len += m; s += m; n -= m;
    }
}

static void sink_pad(struct sink *k, char c, int n)
{
    char pad[16];
    memset(pad, c, sizeof pad);
    while (n > 0) {
        int m = n < 16 ? n : 16;
        sink_put(k, pad, (size_t)m);
        n -= m;
    }
}

static void vformat(struct sink *k, const char *fmt, va_list ap)
{
    static const char lower[] = "0123456789abcdef", upper[] = "0123456789ABCDEF";
    while (*fmt) {
        if (*fmt != '%') {
            const char *s = fmt;
            while (*fmt && *fmt != '%') fmt++;
            sink_put(k, s, (size_t)(fmt - s));
            continue;
        }
        fmt++;
        int left = 0, zero = 0, width = 0, prec = -1, lng = 0;
        for (;; fmt++) {
            if (*fmt == '-') left = 1;
            else if (*fmt == '0') zero = 1;
            else break;
        }
        if (*fmt == '*') { width = va_arg(ap, int); fmt++; if (width < 0) { left = 1; width = -width; } }
        else while (*fmt >= '0' && *fmt <= '9') width = width * 10 + (*fmt++ - '0');
        if (*fmt == '.') {
            fmt++; prec = 0;
            if (*fmt == '*') { prec = va_arg(ap, int); fmt++; }
            else while (*fmt >= '0' && *fmt <= '9') prec = prec * 10 + (*fmt++ - '0');
        }
        while (*fmt == 'l' || *fmt == 'z' || *fmt == 'h') { if (*fmt != 'h') lng = 1; fmt++; }
        char c = *fmt ? *fmt++ : 0;
        char tmp[24];
        const char *body = tmp;
        size_t blen = 0;
        const char *prefix = "";
        switch (c) {
        case 'd': case 'i': case 'u': case 'x': case 'X': case 'o': case 'p': {
            uint64_t v;
            unsigned base = c == 'x' || c == 'X' || c == 'p' ? 16 : c == 'o' ? 8 : 10;
            if (c == 'p') { v = (uint64_t)(uintptr_t)va_arg(ap, void *); prefix = "0x"; }
            else if (c == 'd' || c == 'i') {
                int64_t s = lng ? (int64_t)va_arg(ap, long) : (int64_t)va_arg(ap, int);
                if (s < 0) { prefix = "-"; v = 0 - (uint64_t)s; } else v = (uint64_t)s;
            } else v = lng ? (uint64_t)va_arg(ap, unsigned long) : (uint64_t)va_arg(ap, unsigned int);
            const char *digits = c == 'X' ? upper : lower;
            char *e = tmp + sizeof tmp, *q = e;
            do { *--q = digits[v % base]; v /= base; } while (v);
            body = q; blen = (size_t)(e - q);
            break;
        }
        case 'c': tmp[0] = (char)va_arg(ap, int); blen = 1; break;
        case 's':
            body = va_arg(ap, const char *);
            if (!body) body = "(null)";
            blen = strlen(body);
            if (prec >= 0 && (size_t)prec < blen) blen = (size_t)prec;
            zero = 0;
            break;
        case '%': tmp[0] = '%'; blen = 1; zero = 0; break;
        default:  /* unknown conversion: print it literally so the mistake shows */
            tmp[0] = '%'; tmp[1] = c; blen = c ? 2 : 1; zero = 0; break;
        }
        size_t plen = strlen(prefix);
        int pad = width - (int)(blen + plen);
        if (!left && !zero) sink_pad(k, ' ', pad);
        sink_put(k, prefix, plen);
        if (!left && zero) sink_pad(k, '0', pad);
        sink_put(k, body, blen);
        if (left) sink_pad(k, ' ', pad);
    }
}

int vdprintf(int fd, const char *fmt, va_list ap)
{
    char buf[512];
    struct sink k = { buf, sizeof buf, 0, 0, fd };
    vformat(&k, fmt, ap);
    if (k.len) write_all(fd, buf, k.len);
    return (int)k.total;
}

int dprintf(int fd, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int r = vdprintf(fd, fmt, ap);
    va_end(ap);
    return r;
}

int printf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int r = vdprintf(1, fmt, ap);
    va_end(ap);
    return r;
}

int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
    struct sink k = { buf, size ? size - 1 : 0, 0, 0, -1 };
    vformat(&k, fmt, ap);
    if (size) buf[k.len] = 0;
    return (int)k.total;
}

int snprintf(char *buf, size_t size, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int r = vsnprintf(buf, size, fmt, ap);
    va_end(ap);
    return r;
}

const char *rt_errname(long e)
{
    if (e < 0) e = -e;
    switch (e) {
    case 0: return "OK";
    case EPERM: return "EPERM";
    case ENOENT: return "ENOENT";
    case ESRCH: return "ESRCH";
    case EINTR: return "EINTR";
    case EIO: return "EIO";
    case E2BIG: return "E2BIG";
    case ENOEXEC: return "ENOEXEC";
    case EBADF: return "EBADF";
    case ECHILD: return "ECHILD";
    case EAGAIN: return "EAGAIN";
    case ENOMEM: return "ENOMEM";
    case EACCES: return "EACCES";
    case EFAULT: return "EFAULT";
    case EBUSY: return "EBUSY";
    case EEXIST: return "EEXIST";
    case ENOTDIR: return "ENOTDIR";
    case EINVAL: return "EINVAL";
    case EMFILE: return "EMFILE";
    case ENOSPC: return "ENOSPC";
    case ESPIPE: return "ESPIPE";
    case EPIPE: return "EPIPE";
    case ERANGE: return "ERANGE";
    case EDEADLK: return "EDEADLK";
    case ENOSYS: return "ENOSYS";
    case EUSERS: return "EUSERS";
    case EOPNOTSUPP: return "EOPNOTSUPP";
    case ETIMEDOUT: return "ETIMEDOUT";
    default: return "E?";
    }
}
