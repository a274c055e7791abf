// tricorn's PPC64 vDSO (ppc64, ELFv1, and ppc64le, ELFv2, from this one source):
// __kernel_clock_gettime, __kernel_gettimeofday, __kernel_time (version LINUX_2.6.15, as glibc
// looks them up). See README.md for the vvar page they read.
//
// glibc calls them with Linux's PPC64 vDSO convention (its INTERNAL_VSYSCALL_CALL_TYPE):
// arguments in r3, r4; the result in r3, and an error is a positive errno in r3 with CR0's
// summary-overflow bit set, as after `sc`. The caller only lets r0, r3-r12, ctr, lr and cr0
// change. The symbols are code addresses, not ELFv1 function descriptors (Linux's vdso64 has
// none either: glibc makes a descriptor itself where it needs one).

        .machine power9

// r9 <- the vvar page. The image is smaller than the 64 KiB page it starts (the build checks),
// so the pc rounded down to 64 KiB is the image's start, and the vvar page is the page below.
// The pc from lnia (addpcis, POWER9), not a `bcl 20,31` and LR moves: no branch, so that the
// code from here to the end of the clock read is one block (one call in the PPC64 engine's
// generated code; docs/ppc64-os.md).
.macro VVAR
        lnia    r9
        clrrdi  r9, r9, 16
        addis   r9, r9, -1
.endm

// r10 <- the clock before this read; the clock advances by the step (a reservation loop).
.macro TICK
        ld      r11, 8(r9)
9:      ldarx   r10, 0, r9
        add     r12, r10, r11
        stdcx.  r12, 0, r9
        bne-    9b
.endm

// r12 <- seconds, r5 <- nanoseconds of r10.
.macro SPLIT
        lis     r11, 0x3b9a
        ori     r11, r11, 0xca00
        divdu   r12, r10, r11
        mulld   r5, r12, r11
        subf    r5, r5, r10
.endm

// Success: r3 = 0, CR0.SO clear.
.macro OK
        li      r3, 0
        crclr   so
        blr
.endm

        .text
        .globl  __kernel_clock_gettime
__kernel_clock_gettime:                 // r3: clock id, r4: struct timespec *
        cmpldi  r3, 7
        bgt     1f
        li      r9, 0xf3                // REALTIME, MONOTONIC, MONOTONIC_RAW, the COARSE ones, BOOTTIME
        srd     r9, r9, r3
        andi.   r9, r9, 1
        beq     1f
        // The vvar page and the clock read in one loop that restarts from the top (no code
        // before the reservation loop that a block would repeat: the clock read fits one region).
9:      VVAR
        ld      r11, 8(r9)
        ldarx   r10, 0, r9
        add     r12, r10, r11
        stdcx.  r12, 0, r9
        bne-    9b
        SPLIT
        // CLOCK_REALTIME and CLOCK_REALTIME_COARSE add the boot time, without a branch: the
        // boot time shifted right by 0 for them and by 64 (to zero) for the others.
        li      r7, 0xde                // the clocks other than 0 and 5
        srd     r7, r7, r3
        rlwinm  r7, r7, 6, 25, 25       // (bit 0) << 6
        ld      r6, 16(r9)
        srd     r6, r6, r7
        add     r12, r12, r6
        std     r12, 0(r4)
        std     r5, 8(r4)
        OK
1:      li      r0, 246                 // __NR_clock_gettime
        sc
        blr

        .globl  __kernel_gettimeofday
__kernel_gettimeofday:                  // r3: struct timeval *, r4: struct timezone *
        cmpdi   r4, 0
        bne     1f
        VVAR
        TICK
        SPLIT
        ld      r6, 16(r9)
        add     r12, r12, r6
        cmpdi   r3, 0
        beq     2f
        li      r11, 1000
        divdu   r5, r5, r11
        std     r12, 0(r3)
        std     r5, 8(r3)
2:      OK
1:      li      r0, 78                  // __NR_gettimeofday
        sc
        blr

        .globl  __kernel_time
__kernel_time:                          // r3: time_t * or NULL; returns the seconds
        mr      r8, r3
        VVAR
        TICK
        SPLIT
        ld      r6, 16(r9)
        add     r3, r12, r6
        cmpdi   r8, 0
        beq     2f
        std     r3, 0(r8)
2:      crclr   so
        blr
