/* aarch64 Linux syscall: `svc #0`, number in x8, args x0-x5, result in x0 (-errno on error).
 * The kernel preserves every other register. */
#ifndef TRICORN_RT_ARCH_H
#define TRICORN_RT_ARCH_H

#define RT_SVC_(...) __asm__ volatile("svc #0" : "+r"(x0) : "r"(x8) __VA_ARGS__ : "memory")
static inline long syscall0(long n)
{ register long x8 __asm__("x8") = n; register long x0 __asm__("x0") = 0; RT_SVC_(); return x0; }
static inline long syscall1(long n, long a)
{ register long x8 __asm__("x8") = n; register long x0 __asm__("x0") = a; RT_SVC_(); return x0; }
static inline long syscall2(long n, long a, long b)
{
    register long x8 __asm__("x8") = n; register long x0 __asm__("x0") = a; register long x1 __asm__("x1") = b;
    RT_SVC_(, "r"(x1)); return x0;
}
static inline long syscall3(long n, long a, long b, long c)
{
    register long x8 __asm__("x8") = n; register long x0 __asm__("x0") = a; register long x1 __asm__("x1") = b;
    register long x2 __asm__("x2") = c;
    RT_SVC_(, "r"(x1), "r"(x2)); return x0;
}
static inline long syscall4(long n, long a, long b, long c, long d)
{
    register long x8 __asm__("x8") = n; register long x0 __asm__("x0") = a; register long x1 __asm__("x1") = b;
    register long x2 __asm__("x2") = c; register long x3 __asm__("x3") = d;
    RT_SVC_(, "r"(x1), "r"(x2), "r"(x3)); return x0;
}
static inline long syscall5(long n, long a, long b, long c, long d, long e)
{
    register long x8 __asm__("x8") = n; register long x0 __asm__("x0") = a; register long x1 __asm__("x1") = b;
    register long x2 __asm__("x2") = c; register long x3 __asm__("x3") = d; register long x4 __asm__("x4") = e;
    RT_SVC_(, "r"(x1), "r"(x2), "r"(x3), "r"(x4)); return x0;
}
static inline long syscall6(long n, long a, long b, long c, long d, long e, long f)
{
    register long x8 __asm__("x8") = n; register long x0 __asm__("x0") = a; register long x1 __asm__("x1") = b;
    register long x2 __asm__("x2") = c; register long x3 __asm__("x3") = d; register long x4 __asm__("x4") = e;
    register long x5 __asm__("x5") = f;
    RT_SVC_(, "r"(x1), "r"(x2), "r"(x3), "r"(x4), "r"(x5)); return x0;
}
#endif
