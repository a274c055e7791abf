/* psw-s390x: the PSW mask a signal handler finds in its _sigregs on s390x. Linux saves
   PSW_USER_BITS (DAT, I/O, external and machine-check interrupts, problem state: 0x0705...)
   with the interrupted condition code, program mask and addressing mode (EA|BA), so each line
   shows the condition code of the instruction before the trap. Built by
   scripts/build-signals.sh (s390x-linux-gnu-gcc, static glibc); the transcript is qemu-s390x's. */
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <ucontext.h>

static void handler(int sig, siginfo_t *si, void *ucv) {
  (void)si;
  ucontext_t *uc = ucv;
  printf("signal %d: psw.mask %016lx\n", sig, (unsigned long)uc->uc_mcontext.psw.mask);
}

int main(void) {
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_sigaction = handler;
  sa.sa_flags = SA_SIGINFO;
  sigaction(SIGUSR1, &sa, 0);
  sigaction(SIGILL, &sa, 0);
  raise(SIGUSR1);
  /* An invalid instruction (the PSW resumes past it) after compares that leave cc 0, 1 and 2. */
  __asm__ volatile("lghi %%r0,2\n\tcghi %%r0,2\n\t.short 0" ::: "r0", "cc");
  __asm__ volatile("lghi %%r0,1\n\tcghi %%r0,2\n\t.short 0" ::: "r0", "cc");
  __asm__ volatile("lghi %%r0,3\n\tcghi %%r0,2\n\t.short 0" ::: "r0", "cc");
  return 0;
}
