// tricorn's x86_64 vDSO: __vdso_clock_gettime, __vdso_gettimeofday, __vdso_time (version
// LINUX_2.6, as glibc looks them up). See README.md for the vvar page they read.
#define VVAR_CLOCK (-4096)
#define VVAR_STEP (-4096 + 8)
#define VVAR_EPOCH (-4096 + 16)

// rax <- the clock before this read; the clock advances by the step. rcx <- the image's base.
.macro TICK
        lea     __ehdr_start(%rip), %rcx
        mov     VVAR_STEP(%rcx), %rax
        lock xadd %rax, VVAR_CLOCK(%rcx)
.endm

// rax <- seconds, rdx <- nanoseconds of rax.
.macro SPLIT
        xor     %edx, %edx
        mov     $1000000000, %r8d
        div     %r8
.endm

// rax <- wall-clock seconds, rdx <- nanoseconds, for one read.
.macro WALL
        TICK
        SPLIT
        add     VVAR_EPOCH(%rcx), %rax
.endm

        .text
        .globl  __vdso_clock_gettime
        .type   __vdso_clock_gettime, @function
__vdso_clock_gettime:                   // edi: clock id, rsi: struct timespec *
        cmp     $7, %edi
        ja      1f
        mov     $0xf3, %eax             // REALTIME, MONOTONIC, MONOTONIC_RAW, the COARSE ones, BOOTTIME
        bt      %edi, %eax
        jnc     1f
        TICK
        SPLIT
        cmp     $0, %edi                // CLOCK_REALTIME
        je      2f
        cmp     $5, %edi                // CLOCK_REALTIME_COARSE
        jne     3f
2:      add     VVAR_EPOCH(%rcx), %rax
3:      mov     %rax, (%rsi)
        mov     %rdx, 8(%rsi)
        xor     %eax, %eax
        ret
1:      mov     $228, %eax              // __NR_clock_gettime
        syscall
        ret
        .size   __vdso_clock_gettime, . - __vdso_clock_gettime

        .globl  __vdso_gettimeofday
        .type   __vdso_gettimeofday, @function
__vdso_gettimeofday:                    // rdi: struct timeval *, rsi: struct timezone *
        test    %rsi, %rsi
        jnz     1f
        WALL
        test    %rdi, %rdi
        jz      2f
        mov     %rax, (%rdi)
        mov     %rdx, %rax
        xor     %edx, %edx
        mov     $1000, %r8d
        div     %r8
        mov     %rax, 8(%rdi)
2:      xor     %eax, %eax
        ret
1:      mov     $96, %eax               // __NR_gettimeofday
        syscall
        ret
        .size   __vdso_gettimeofday, . - __vdso_gettimeofday

        .globl  __vdso_time
        .type   __vdso_time, @function
__vdso_time:                            // rdi: time_t *
        WALL
        test    %rdi, %rdi
        jz      1f
        mov     %rax, (%rdi)
1:      ret
        .size   __vdso_time, . - __vdso_time
