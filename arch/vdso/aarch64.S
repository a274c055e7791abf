// tricorn's aarch64 vDSO: __kernel_clock_gettime, __kernel_gettimeofday (version LINUX_2.6.39,
// as glibc looks them up). See README.md for the vvar page they read.

// x9 <- the vvar page.
.macro VVAR
        adr     x9, __ehdr_start
        sub     x9, x9, #4096
.endm

// x10 <- the clock before this read; the clock advances by the step (an exclusive-access loop).
.macro TICK
        ldr     x11, [x9, #8]
9:      ldaxr   x10, [x9]
        add     x12, x10, x11
        stlxr   w13, x12, [x9]
        cbnz    w13, 9b
.endm

// x12 <- seconds, x13 <- nanoseconds of x10.
.macro SPLIT
        movz    x11, #0xca00
        movk    x11, #0x3b9a, lsl #16
        udiv    x12, x10, x11
        msub    x13, x12, x11, x10
.endm

        .text
        .globl  __kernel_clock_gettime
        .type   __kernel_clock_gettime, %function
__kernel_clock_gettime:                 // w0: clock id, x1: struct timespec *
        cmp     w0, #7
        b.hi    1f
        mov     w9, #0xf3               // REALTIME, MONOTONIC, MONOTONIC_RAW, the COARSE ones, BOOTTIME
        lsr     w9, w9, w0
        tbz     w9, #0, 1f
        VVAR
        TICK
        SPLIT
        cmp     w0, #0                  // CLOCK_REALTIME
        b.eq    2f
        cmp     w0, #5                  // CLOCK_REALTIME_COARSE
        b.ne    3f
2:      ldr     x14, [x9, #16]
        add     x12, x12, x14
3:      stp     x12, x13, [x1]
        mov     x0, #0
        ret
1:      mov     x8, #113                // __NR_clock_gettime
        svc     #0
        ret
        .size   __kernel_clock_gettime, . - __kernel_clock_gettime

        .globl  __kernel_gettimeofday
        .type   __kernel_gettimeofday, %function
__kernel_gettimeofday:                  // x0: struct timeval *, x1: struct timezone *
        cbnz    x1, 1f
        VVAR
        TICK
        SPLIT
        ldr     x14, [x9, #16]
        add     x12, x12, x14
        cbz     x0, 2f
        mov     x11, #1000
        udiv    x13, x13, x11
        stp     x12, x13, [x0]
2:      mov     x0, #0
        ret
1:      mov     x8, #169                // __NR_gettimeofday
        svc     #0
        ret
        .size   __kernel_gettimeofday, . - __kernel_gettimeofday
