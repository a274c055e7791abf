// tricorn's s390x vDSO: __kernel_clock_gettime, __kernel_gettimeofday (version LINUX_2.6.29, as
// glibc looks them up). glibc calls them as plain C functions: arguments in r2, r3, the result
// in r2 (-errno on failure, as the system call returns it); r0-r5 may change, r14 is the return
// address. See README.md for the vvar page they read.

// r5 <- the vvar page.
.macro VVAR
        larl    %r5, __ehdr_start
        aghi    %r5, -4096
.endm

// r4 <- the clock before this read; the clock advances by the step (a compare-and-swap loop).
.macro TICK
        lg      %r0, 8(%r5)
        lg      %r4, 0(%r5)
9:      lgr     %r1, %r4
        agr     %r1, %r0
        csg     %r4, %r1, 0(%r5)
        jl      9b
.endm

// r4 += CLOCK_REALTIME at boot, in nanoseconds (a whole number of seconds: the split is the same).
.macro WALL
        lg      %r1, 16(%r5)
        msgfi   %r1, 1000000000
        agr     %r4, %r1
.endm

// r1 <- seconds, r0 <- nanoseconds of r4 (dlgr divides the pair r0:r1; \tmp is clobbered).
.macro SPLIT tmp
        lghi    %r0, 0
        lgr     %r1, %r4
        llilf   \tmp, 1000000000
        dlgr    %r0, \tmp
.endm

        .text
        .globl  __kernel_clock_gettime
        .type   __kernel_clock_gettime, @function
__kernel_clock_gettime:                 // r2: clock id, r3: struct timespec *
        clgfi   %r2, 7
        jh      1f
        lghi    %r1, 0xf3               // REALTIME, MONOTONIC, MONOTONIC_RAW, the COARSE ones, BOOTTIME
        srlg    %r1, %r1, 0(%r2)
        tmll    %r1, 1
        jz      1f
        VVAR
        TICK
        cghi    %r2, 0                  // CLOCK_REALTIME
        je      2f
        cghi    %r2, 5                  // CLOCK_REALTIME_COARSE
        jne     3f
2:      WALL
3:      SPLIT   %r2
        stg     %r1, 0(%r3)
        stg     %r0, 8(%r3)
        lghi    %r2, 0
        br      %r14
1:      lghi    %r1, 260                // __NR_clock_gettime (above 255: svc 0 takes it from r1)
        svc     0
        br      %r14
        .size   __kernel_clock_gettime, . - __kernel_clock_gettime

        .globl  __kernel_gettimeofday
        .type   __kernel_gettimeofday, @function
__kernel_gettimeofday:                  // r2: struct timeval *, r3: struct timezone *
        cghi    %r3, 0
        jne     1f
        VVAR
        TICK
        WALL
        cghi    %r2, 0
        je      2f
        SPLIT   %r3
        lgr     %r5, %r1                // seconds
        lgr     %r1, %r0
        lghi    %r0, 0
        lghi    %r3, 1000
        dlgr    %r0, %r3                // r1 <- microseconds
        stg     %r5, 0(%r2)
        stg     %r1, 8(%r2)
2:      lghi    %r2, 0
        br      %r14
1:      svc     78                      // __NR_gettimeofday
        br      %r14
        .size   __kernel_gettimeofday, . - __kernel_gettimeofday
