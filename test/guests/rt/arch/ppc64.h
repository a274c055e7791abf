/* PowerPC64 Linux syscall (both byte orders): `sc`, number in r0, args r3-r8, result in r3.
 * On error the kernel returns +errno in r3 with CR0.SO set (clear on success); the asm below
 * negates r3 when SO is set, so callers see Linux's usual -errno convention.
 * The trap may change r0, r4-r12, CTR, XER and CR0: all are outputs or clobbers. */
#ifndef TRICORN_RT_ARCH_H
#define TRICORN_RT_ARCH_H

#define RT_SC_ASM "sc\n\tbns+ 1f\n\tneg 3,3\n1:"
#define RT_SC_CLOBBERS "r9", "r10", "r11", "r12", "cr0", "ctr", "xer", "memory"
#define RT_SC_REGS(n, a, b, c, d, e, f)                                                     \
    register long r0 __asm__("r0") = (n); register long r3 __asm__("r3") = (a);             \
    register long r4 __asm__("r4") = (b); register long r5 __asm__("r5") = (c);             \
    register long r6 __asm__("r6") = (d); register long r7 __asm__("r7") = (e);             \
    register long r8 __asm__("r8") = (f);                                                   \
    __asm__ volatile(RT_SC_ASM : "+r"(r0), "+r"(r3), "+r"(r4), "+r"(r5), "+r"(r6), "+r"(r7), \
                     "+r"(r8) : : RT_SC_CLOBBERS);                                          \
    return r3

/* Unused argument registers are still marked in/out: the kernel may change them. */
static inline long syscall0(long n) { RT_SC_REGS(n, 0, 0, 0, 0, 0, 0); }
static inline long syscall1(long n, long a) { RT_SC_REGS(n, a, 0, 0, 0, 0, 0); }
static inline long syscall2(long n, long a, long b) { RT_SC_REGS(n, a, b, 0, 0, 0, 0); }
static inline long syscall3(long n, long a, long b, long c) { RT_SC_REGS(n, a, b, c, 0, 0, 0); }
static inline long syscall4(long n, long a, long b, long c, long d) { RT_SC_REGS(n, a, b, c, d, 0, 0); }
static inline long syscall5(long n, long a, long b, long c, long d, long e) { RT_SC_REGS(n, a, b, c, d, e, 0); }
static inline long syscall6(long n, long a, long b, long c, long d, long e, long f) { RT_SC_REGS(n, a, b, c, d, e, f); }
#endif
