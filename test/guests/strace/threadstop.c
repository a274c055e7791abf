// A multi-threaded process stopped (SIGSTOP) and continued (SIGCONT): under real `strace -f`
// every thread of the group shows its own `--- stopped by SIGSTOP ---` line (the group stop is
// per thread), after its interrupted call's `= ? ERESTARTSYS`; the one thread that took the
// signal shows `--- SIGSTOP {…} ---` first. scripts/build-strace-oracle.sh records Linux's
// transcript. Deterministic: the threads say they are about to block and get 100 ms to do so;
// the main thread, woken with them, gives them 100 ms to end before it joins them (so the join
// never waits); SIGCHLD carries no stop or continue reports (SA_NOCLDSTOP).
#define _GNU_SOURCE
#include <pthread.h>
#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static int go[2], ready[2];

static void say(const char *s) { write(1, s, strlen(s)); }

/** Say it is about to block, then wait for a byte. */
static int wait_go(void) {
  char c;
  write(ready[1], "r", 1);
  return read(go[0], &c, 1) == 1 && c == 'x';
}

static void *worker(void *arg) {
  (void)arg;
  return wait_go() ? NULL : (void *)1;
}

static void nap(long ms) {
  struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };
  nanosleep(&ts, NULL);
}

int main(void) {
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = SIG_DFL;
  sa.sa_flags = SA_NOCLDSTOP;
  sigaction(SIGCHLD, &sa, NULL);
  pipe(go);
  pipe(ready);
  pid_t pid = fork();
  if (pid == 0) {
    pthread_t a, b;
    void *ra, *rb;
    pthread_create(&a, NULL, worker, NULL);
    pthread_create(&b, NULL, worker, NULL);
    int ok = wait_go();
    nap(100);
    pthread_join(a, &ra);
    pthread_join(b, &rb);
    _exit(ok && ra == NULL && rb == NULL ? 0 : 1);
  }
  char c[3];
  for (int i = 0; i < 3; i++) read(ready[0], c + i, 1);
  nap(100);
  int st;
  kill(pid, SIGSTOP);
  waitpid(pid, &st, WUNTRACED);
  say(WIFSTOPPED(st) ? "stopped\n" : "not stopped\n");
  kill(pid, SIGCONT);
  waitpid(pid, &st, WCONTINUED);
  say(WIFCONTINUED(st) ? "continued\n" : "not continued\n");
  write(go[1], "xxx", 3);
  waitpid(pid, &st, 0);
  say(WIFEXITED(st) && WEXITSTATUS(st) == 0 ? "exited 0\n" : "bad exit\n");
  return 0;
}
