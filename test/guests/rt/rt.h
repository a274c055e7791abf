/*
 * rt.h — tricorn's own tiny guest runtime: no libc, just raw system calls and a few helpers.
 *
 * Guest programs are built with
 *   -static -nostdlib -O2 -fno-stack-protector -ffreestanding -fno-builtin
 * for x86_64, aarch64, ppc64 (big-endian, ELFv1) and ppc64le (ELFv2), so that the same C
 * source runs on every architecture tricorn emulates (scripts/build-guests.sh).
 *
 * Conventions every architecture shares here:
 *  - syscallN() returns the kernel's result with Linux's "-errno" convention on *all* arches:
 *    on PowerPC the runtime rebuilds it from CR0.SO (SO set => result = -r3).
 *    RT_IS_ERR(r) tells an error from a value.
 *  - Output helpers write straight to the fd (no buffering across calls), so nothing is lost
 *    when a program faults or exits, and forked children do not duplicate buffered output.
 *    One printf call is one write() when its output fits in 512 bytes.
 *  - main is `int main(int argc, char **argv, char **envp)`; returning from it calls exit_group.
 */
#ifndef TRICORN_RT_H
#define TRICORN_RT_H

#include <stdint.h>   /* freestanding headers that gcc itself provides */
#include <stddef.h>
#include <stdarg.h>

/* Linux UAPI headers: usable without libc, and each cross compiler ships its arch's copy. */
#include <asm/unistd.h>   /* __NR_* for this arch */
#include <asm/errno.h>    /* E* (same numbers on all four arches for the common ones) */
#include <linux/mman.h>   /* PROT_*, MAP_* (includes the arch's <asm/mman.h>) */
#include <linux/auxvec.h> /* AT_* */
#include <linux/sched.h>  /* CLONE_*, struct clone_args (clone3) */
#include <linux/utsname.h>/* struct new_utsname */
#include <linux/futex.h>  /* FUTEX_WAIT, FUTEX_WAKE, ... */
#include <linux/wait.h>   /* WNOHANG, __WALL, P_PID, ... */

/* clone2 never reached Linux; tricorn gives it number 1000 on every architecture. */
#ifndef __NR_clone2
#define __NR_clone2 1000
#endif

/* ---- architecture name, as uname().machine spells it ---- */
#if defined(__x86_64__)
#define RT_ARCH "x86_64"
#elif defined(__aarch64__)
#define RT_ARCH "aarch64"
#elif defined(__powerpc64__) && defined(__LITTLE_ENDIAN__)
#define RT_ARCH "ppc64le"
#elif defined(__powerpc64__)
#define RT_ARCH "ppc64"
#elif defined(__riscv) && __riscv_xlen == 64
#define RT_ARCH "riscv64"
#elif defined(__s390x__)
#define RT_ARCH "s390x"
#else
#error "tricorn rt: unsupported architecture"
#endif

#define RT_IS_ERR(r) ((unsigned long)(r) > (unsigned long)-4096L)

/* ---- raw system calls: syscall0..syscall6 (static inline, per arch) ---- */
#if defined(__x86_64__)
#include "arch/x86_64.h"
#elif defined(__aarch64__)
#include "arch/aarch64.h"
#elif defined(__riscv)
#include "arch/riscv64.h"
#elif defined(__s390x__)
#include "arch/s390x.h"
#else
#include "arch/ppc64.h"
#endif

/* ---- signals and wait status (no libc, so the usual names are defined here) ---- */
#define SIGHUP 1
#define SIGINT 2
#define SIGQUIT 3
#define SIGILL 4
#define SIGTRAP 5
#define SIGABRT 6
#define SIGBUS 7
#define SIGFPE 8
#define SIGKILL 9
#define SIGUSR1 10
#define SIGSEGV 11
#define SIGUSR2 12
#define SIGPIPE 13
#define SIGALRM 14
#define SIGTERM 15
#define SIGCHLD 17
#define WEXITSTATUS(s) (((s) & 0xff00) >> 8)
#define WTERMSIG(s) ((s) & 0x7f)
#define WIFEXITED(s) (WTERMSIG(s) == 0)
#define WIFSIGNALED(s) (((signed char)(((s) & 0x7f) + 1) >> 1) > 0)

/* ---- clone2 (tricorn's RFC syscall) ----
 * long clone2(struct clone_struct *cs, pid_t *pids): 40 bytes, align 8, on every ABI.
 * parent_tid/child_tid are 32-bit guest addresses (the RFC's x86-32 heritage): slots must
 * live below 4 GiB. pids[] runs from the root namespace to the youngest. */
struct clone_struct {
    uint64_t flags;        /*  0  low byte: exit signal; the rest: CLONE_* bits */
    uint64_t child_stack;  /*  8  0: child resumes on a copy of the caller's stack */
    uint32_t nr_pids;      /* 16  entries in pids[] */
    uint32_t parent_tid;   /* 20  address of a pid_t slot (CLONE_PARENT_SETTID) */
    uint32_t child_tid;    /* 24  address of a pid_t slot (CLONE_CHILD_SETTID/CLEARTID) */
    uint32_t reserved1;    /* 28  must be 0 */
    uint64_t reserved2;    /* 32  must be 0 */
};
_Static_assert(sizeof(struct clone_struct) == 40, "clone_struct is 40 bytes");
_Static_assert(_Alignof(struct clone_struct) == 8, "clone_struct aligns to 8");
/* clone3: struct clone_args comes from <linux/sched.h> (88 bytes, CLONE_ARGS_SIZE_VER0..2). */
_Static_assert(sizeof(struct clone_args) == 88, "clone_args is 88 bytes");

typedef int rt_pid_t;

/* ---- thin syscall wrappers (return -errno on error) ---- */
static inline long sys_read(int fd, void *buf, size_t n) { return syscall3(__NR_read, fd, (long)buf, (long)n); }
static inline long sys_write(int fd, const void *buf, size_t n) { return syscall3(__NR_write, fd, (long)buf, (long)n); }
static inline long sys_getpid(void) { return syscall0(__NR_getpid); }
static inline long sys_getppid(void) { return syscall0(__NR_getppid); }
static inline long sys_gettid(void) { return syscall0(__NR_gettid); }
static inline long sys_getuid(void) { return syscall0(__NR_getuid); }
static inline long sys_geteuid(void) { return syscall0(__NR_geteuid); }
static inline long sys_getgid(void) { return syscall0(__NR_getgid); }
static inline long sys_getegid(void) { return syscall0(__NR_getegid); }
static inline long sys_brk(void *addr) { return syscall1(__NR_brk, (long)addr); }
static inline long sys_mmap(void *addr, size_t len, int prot, int flags, int fd, long off)
{
#if defined(__s390x__)
    /* s390x's mmap is old_mmap: the six arguments as a block of longs in memory. */
    long a[6] = { (long)addr, (long)len, prot, flags, fd, off };
    return syscall1(__NR_mmap, (long)a);
#else
    return syscall6(__NR_mmap, (long)addr, (long)len, prot, flags, fd, off);
#endif
}
static inline long sys_munmap(void *addr, size_t len) { return syscall2(__NR_munmap, (long)addr, (long)len); }
static inline long sys_mprotect(void *addr, size_t len, int prot) { return syscall3(__NR_mprotect, (long)addr, (long)len, prot); }
static inline long sys_uname(struct new_utsname *u) { return syscall1(__NR_uname, (long)u); }
static inline long sys_set_tid_address(int *p) { return syscall1(__NR_set_tid_address, (long)p); }
static inline long sys_wait4(int pid, int *status, int options, void *rusage)
{ return syscall4(__NR_wait4, pid, (long)status, options, (long)rusage); }
static inline long sys_kill(int pid, int sig) { return syscall2(__NR_kill, pid, sig); }
static inline long sys_sched_yield(void) { return syscall0(__NR_sched_yield); }
static inline long sys_unshare(unsigned long flags) { return syscall1(__NR_unshare, (long)flags); }
static inline long sys_futex(int *uaddr, int op, int val, const void *timeout, int *uaddr2, int val3)
{ return syscall6(__NR_futex, (long)uaddr, op, val, (long)timeout, (long)uaddr2, val3); }
static inline long sys_clone3(struct clone_args *args, size_t size) { return syscall2(__NR_clone3, (long)args, (long)size); }
static inline long sys_clone2(struct clone_struct *cs, rt_pid_t *pids) { return syscall2(__NR_clone2, (long)cs, (long)pids); }
static inline __attribute__((noreturn)) void sys_exit(int status)
{ for (;;) syscall1(__NR_exit, status); }
static inline __attribute__((noreturn)) void sys_exit_group(int status)
{ for (;;) syscall1(__NR_exit_group, status); }

/* Raw clone with the arguments in one portable order; the kernel's order differs by arch
 * (x86_64: flags, stack, ptid, ctid, tls; aarch64/ppc64/riscv64: flags, stack, ptid, tls, ctid;
 * s390x: stack, flags, ptid, ctid, tls).
 * With stack == 0 the child returns here on a copy of the parent's stack (fork-like).
 * For a child on a new stack use rt_clone_call(). */
static inline long sys_clone(unsigned long flags, void *stack, int *ptid, int *ctid, unsigned long tls)
{
#if defined(__x86_64__)
    return syscall5(__NR_clone, (long)flags, (long)stack, (long)ptid, (long)ctid, (long)tls);
#elif defined(__s390x__)
    return syscall5(__NR_clone, (long)stack, (long)flags, (long)ptid, (long)ctid, (long)tls);
#else
    return syscall5(__NR_clone, (long)flags, (long)stack, (long)ptid, (long)tls, (long)ctid);
#endif
}
/* RT_CLONE_ARGS(...) spreads the portable order into the kernel's 5 raw clone args, for
 * rt_clone_call(__NR_clone, RT_CLONE_ARGS(flags, stack, ptid, ctid, tls), fn, arg). */
#if defined(__x86_64__)
#define RT_CLONE_ARGS(flags, stack, ptid, ctid, tls) (long)(flags), (long)(stack), (long)(ptid), (long)(ctid), (long)(tls)
#elif defined(__s390x__)
#define RT_CLONE_ARGS(flags, stack, ptid, ctid, tls) (long)(stack), (long)(flags), (long)(ptid), (long)(ctid), (long)(tls)
#else
#define RT_CLONE_ARGS(flags, stack, ptid, ctid, tls) (long)(flags), (long)(stack), (long)(ptid), (long)(tls), (long)(ctid)
#endif

/*
 * rt_clone_call: issue system call `nr` with a0..a4 (clone, clone3 or clone2 — anything that
 * may return twice, possibly on a new stack). In the parent it returns the result (-errno on
 * error). In the child (result 0) it calls fn(arg) on whatever stack the kernel gave the child,
 * then sys_exit(fn's return value) — `exit`, not `exit_group`, so a CLONE_THREAD child ends
 * only itself. fn and arg are kept in registers across the trap, never on the parent's stack.
 * The child's stack pointer is aligned down to 16 (and on PowerPC a minimal frame is pushed),
 * so pass the *top* of the child's stack area (clone, clone2) or base+size via clone3's
 * stack/stack_size as Linux defines them.
 */
long rt_clone_call(long nr, long a0, long a1, long a2, long a3, long a4,
                   int (*fn)(void *), void *arg);

/* ---- process ---- */
__attribute__((noreturn)) void exit(int status);   /* exit_group */
extern int rt_argc;
extern char **rt_argv;
extern char **environ;
extern unsigned long *rt_auxv;             /* AT_* pairs, ends at AT_NULL */
unsigned long getauxval(unsigned long type); /* 0 when absent */
int rt_has_auxval(unsigned long type);       /* 1 when the entry is present at all */

/* ---- memory and strings (gcc may call these even with -nostdlib -fno-builtin) ---- */
void *memcpy(void *dst, const void *src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, size_t n);
char *strchr(const char *s, int c);
char *strcpy(char *dst, const char *src);

/* ---- numbers ---- */
long atol(const char *s);                                  /* decimal, optional sign */
unsigned long strtoul(const char *s, char **end, int base); /* base 0: 0x/0 prefixes */

/* ---- output ----
 * printf subset: %d %i %u %ld %lu %lx %x %lld %llu %llx %X %s %c %p %%, with flags '-' '0'
 * and a width (number or '*'). %p prints 0x + hex. Output to fd 1 (printf) or fd (dprintf). */
long write_all(int fd, const void *buf, size_t n);  /* loops over short writes */
long write_str(int fd, const char *s);
void print_str(const char *s);          /* fd 1 */
void print_dec(int64_t v);              /* fd 1, signed decimal */
void print_udec(uint64_t v);            /* fd 1, unsigned decimal */
void print_hex(uint64_t v);             /* fd 1, lowercase hex, no prefix */
void print_shex(int64_t v);             /* fd 1, signed hex: -0x10 / 0x10 */
int printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int dprintf(int fd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int vdprintf(int fd, const char *fmt, va_list ap);
int snprintf(char *buf, size_t size, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);

/* Symbolic name of an errno value ("ENOSYS"), or "E?" when unknown. Takes e or -e. */
const char *rt_errname(long e);

#endif
