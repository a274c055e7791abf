/* The kernel's struct sigaction, as rt_sigaction takes it (not libc's), and one call that
   installs a handler with it. x86_64 has no kernel trampoline: a handler returns to
   sa_restorer, so its SA_RESTORER points at restore_rt below, which calls rt_sigreturn. The
   other ABIs return through the kernel's trampoline, and riscv64's struct has no restorer
   member at all. Shared by the guests that catch signals without libc (signals/, lifecycle/). */
#ifndef RT_SIGACTION_H
#define RT_SIGACTION_H
#include "rt.h"
#include <asm/signal.h>

struct k_sigaction {
  void *handler;            /* void (*)(int), or with SA_SIGINFO void (*)(int, siginfo_t *, void *) */
  unsigned long flags;
#if !defined(__riscv)
  void (*restorer)(void);   /* riscv64 has no SA_RESTORER, and no such member */
#endif
  uint64_t mask;
};

#if defined(__x86_64__)
void restore_rt(void);
__asm__(".text\n.globl restore_rt\nrestore_rt:\n\tmov $15, %eax\n\tsyscall\n");
#define RESTORER_FLAGS SA_RESTORER
#define RESTORER restore_rt
#else
#define RESTORER_FLAGS 0
#define RESTORER 0
#endif

/* rt_sigaction(sig, {fn, flags, mask}); a failure ends the guest (exit 98) with a line. */
static inline void k_sigaction_install(int sig, void *fn, unsigned long flags, uint64_t mask) {
#if defined(__riscv)
  struct k_sigaction sa = { fn, flags | RESTORER_FLAGS, mask };
#else
  struct k_sigaction sa = { fn, flags | RESTORER_FLAGS, RESTORER, mask };
#endif
  long r = syscall4(__NR_rt_sigaction, sig, (long)&sa, 0, 8);
  if (r) { printf("rt_sigaction(%d): %s\n", sig, rt_errname(r)); exit(98); }
}
#endif
