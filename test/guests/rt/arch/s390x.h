/* s390x Linux syscall: `svc 0`, number in r1, args r2-r7, result in r2 (-errno on error).
 * The kernel preserves every other register. (`svc NR` with the number in the instruction also
 * works below 256: glibc uses that form, this runtime the register one.) */
#ifndef TRICORN_RT_ARCH_H
#define TRICORN_RT_ARCH_H

#define RT_SVC_(...) __asm__ volatile("svc 0" : "+d"(r2) : "d"(r1) __VA_ARGS__ : "memory")
static inline long syscall0(long n)
{ register long r1 __asm__("r1") = n; register long r2 __asm__("r2") = 0; RT_SVC_(); return r2; }
static inline long syscall1(long n, long a)
{ register long r1 __asm__("r1") = n; register long r2 __asm__("r2") = a; RT_SVC_(); return r2; }
static inline long syscall2(long n, long a, long b)
{
    register long r1 __asm__("r1") = n; register long r2 __asm__("r2") = a; register long r3 __asm__("r3") = b;
    RT_SVC_(, "d"(r3)); return r2;
}
static inline long syscall3(long n, long a, long b, long c)
{
    register long r1 __asm__("r1") = n; register long r2 __asm__("r2") = a; register long r3 __asm__("r3") = b;
    register long r4 __asm__("r4") = c;
    RT_SVC_(, "d"(r3), "d"(r4)); return r2;
}
static inline long syscall4(long n, long a, long b, long c, long d)
{
    register long r1 __asm__("r1") = n; register long r2 __asm__("r2") = a; register long r3 __asm__("r3") = b;
    register long r4 __asm__("r4") = c; register long r5 __asm__("r5") = d;
    RT_SVC_(, "d"(r3), "d"(r4), "d"(r5)); return r2;
}
static inline long syscall5(long n, long a, long b, long c, long d, long e)
{
    register long r1 __asm__("r1") = n; register long r2 __asm__("r2") = a; register long r3 __asm__("r3") = b;
    register long r4 __asm__("r4") = c; register long r5 __asm__("r5") = d; register long r6 __asm__("r6") = e;
    RT_SVC_(, "d"(r3), "d"(r4), "d"(r5), "d"(r6)); return r2;
}
static inline long syscall6(long n, long a, long b, long c, long d, long e, long f)
{
    register long r1 __asm__("r1") = n; register long r2 __asm__("r2") = a; register long r3 __asm__("r3") = b;
    register long r4 __asm__("r4") = c; register long r5 __asm__("r5") = d; register long r6 __asm__("r6") = e;
    register long r7 __asm__("r7") = f;
    RT_SVC_(, "d"(r3), "d"(r4), "d"(r5), "d"(r6), "d"(r7)); return r2;
}
#endif
