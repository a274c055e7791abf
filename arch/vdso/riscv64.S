// tricorn's riscv64 vDSO: __vdso_clock_gettime, __vdso_gettimeofday (version LINUX_4.15, as
// glibc looks them up). See README.md for the vvar page they read.

// t0 <- the vvar page.
.macro VVAR
        lla     t0, __ehdr_start
        li      t1, 4096
        sub     t0, t0, t1
.endm

// t2 <- the clock before this read; the clock advances by the step (one atomic add).
.macro TICK
        ld      t1, 8(t0)
        amoadd.d.aqrl t2, t1, (t0)
.endm

// t4 <- seconds, t5 <- nanoseconds of t2.
.macro SPLIT
        li      t3, 1000000000
        divu    t4, t2, t3
        remu    t5, t2, t3
.endm

        .text
        .globl  __vdso_clock_gettime
        .type   __vdso_clock_gettime, @function
__vdso_clock_gettime:                   // a0: clock id, a1: struct timespec *
        li      t3, 7
        bgtu    a0, t3, 1f
        li      t3, 0xf3                // REALTIME, MONOTONIC, MONOTONIC_RAW, the COARSE ones, BOOTTIME
        srl     t3, t3, a0
        andi    t3, t3, 1
        beqz    t3, 1f
        VVAR
        TICK
        SPLIT
        beqz    a0, 2f                  // CLOCK_REALTIME
        li      t3, 5                   // CLOCK_REALTIME_COARSE
        bne     a0, t3, 3f
2:      ld      t6, 16(t0)
        add     t4, t4, t6
3:      sd      t4, 0(a1)
        sd      t5, 8(a1)
        li      a0, 0
        ret
1:      li      a7, 113                 // __NR_clock_gettime
        ecall
        ret
        .size   __vdso_clock_gettime, . - __vdso_clock_gettime

        .globl  __vdso_gettimeofday
        .type   __vdso_gettimeofday, @function
__vdso_gettimeofday:                    // a0: struct timeval *, a1: struct timezone *
        bnez    a1, 1f
        VVAR
        TICK
        SPLIT
        ld      t6, 16(t0)
        add     t4, t4, t6
        beqz    a0, 2f
        li      t3, 1000
        divu    t5, t5, t3
        sd      t4, 0(a0)
        sd      t5, 8(a0)
2:      li      a0, 0
        ret
1:      li      a7, 169                 // __NR_gettimeofday
        ecall
        ret
        .size   __vdso_gettimeofday, . - __vdso_gettimeofday
