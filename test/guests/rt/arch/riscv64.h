/* riscv64 Linux syscall: `ecall`, number in a7, args a0-a5, result in a0 (-errno on error).
 * The kernel preserves every other register. */
#ifndef TRICORN_RT_ARCH_H
#define TRICORN_RT_ARCH_H

#define RT_ECALL_(...) __asm__ volatile("ecall" : "+r"(a0) : "r"(a7) __VA_ARGS__ : "memory")
static inline long syscall0(long n)
{ register long a7 __asm__("a7") = n; register long a0 __asm__("a0") = 0; RT_ECALL_(); return a0; }
static inline long syscall1(long n, long a)
{ register long a7 __asm__("a7") = n; register long a0 __asm__("a0") = a; RT_ECALL_(); return a0; }
static inline long syscall2(long n, long a, long b)
{
    register long a7 __asm__("a7") = n; register long a0 __asm__("a0") = a; register long a1 __asm__("a1") = b;
    RT_ECALL_(, "r"(a1)); return a0;
}
static inline long syscall3(long n, long a, long b, long c)
{
    register long a7 __asm__("a7") = n; register long a0 __asm__("a0") = a; register long a1 __asm__("a1") = b;
    register long a2 __asm__("a2") = c;
    RT_ECALL_(, "r"(a1), "r"(a2)); return a0;
}
static inline long syscall4(long n, long a, long b, long c, long d)
{
    register long a7 __asm__("a7") = n; register long a0 __asm__("a0") = a; register long a1 __asm__("a1") = b;
    register long a2 __asm__("a2") = c; register long a3 __asm__("a3") = d;
    RT_ECALL_(, "r"(a1), "r"(a2), "r"(a3)); return a0;
}
static inline long syscall5(long n, long a, long b, long c, long d, long e)
{
    register long a7 __asm__("a7") = n; register long a0 __asm__("a0") = a; register long a1 __asm__("a1") = b;
    register long a2 __asm__("a2") = c; register long a3 __asm__("a3") = d; register long a4 __asm__("a4") = e;
    RT_ECALL_(, "r"(a1), "r"(a2), "r"(a3), "r"(a4)); return a0;
}
static inline long syscall6(long n, long a, long b, long c, long d, long e, long f)
{
    register long a7 __asm__("a7") = n; register long a0 __asm__("a0") = a; register long a1 __asm__("a1") = b;
    register long a2 __asm__("a2") = c; register long a3 __asm__("a3") = d; register long a4 __asm__("a4") = e;
    register long a5 __asm__("a5") = f;
    RT_ECALL_(, "r"(a1), "r"(a2), "r"(a3), "r"(a4), "r"(a5)); return a0;
}
#endif
