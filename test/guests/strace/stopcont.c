// A process stopped (SIGSTOP) while it sleeps in a system call, then continued (SIGCONT): the
// call is interrupted and restarted as Linux does it, which real `strace -f` shows as
//   read(3, 0x…, 1) = ? ERESTARTSYS (To be restarted if SA_RESTART is set)
//   --- SIGSTOP {…} ---  --- stopped by SIGSTOP ---  --- SIGCONT {…} ---  read(3, "x", 1) = 1
// for a pipe read, wait4 and a futex wait (ERESTARTSYS: the same call again), and for
// nanosleep and a futex wait with a timeout (ERESTART_RESTARTBLOCK: restart_syscall resumes it
// with the time that was left). scripts/build-strace-oracle.sh records Linux's transcript.
// Deterministic: each child is given 50 ms to fall asleep before it is stopped; SIGCHLD carries
// no stop or continue reports (SA_NOCLDSTOP), so the parent's own calls are not interrupted.
#define _GNU_SOURCE
#include <linux/futex.h>
#include <signal.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static void say(const char *s) { write(1, s, strlen(s)); }

static void nap(long ms) {
  struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };
  nanosleep(&ts, NULL);
}

/** Stop `pid` while it sleeps, wait for the stop, continue it, wait for the continue. */
static void stop_and_continue(pid_t pid) {
  int st;
  nap(50);
  kill(pid, SIGSTOP);
  waitpid(pid, &st, WUNTRACED);
  say(WIFSTOPPED(st) && WSTOPSIG(st) == SIGSTOP ? "  stopped\n" : "  not stopped\n");
  kill(pid, SIGCONT);
  waitpid(pid, &st, WCONTINUED);
  say(WIFCONTINUED(st) ? "  continued\n" : "  not continued\n");
}

static void reap(pid_t pid) {
  int st;
  waitpid(pid, &st, 0);
  say(WIFEXITED(st) && WEXITSTATUS(st) == 0 ? "  exited 0\n" : "  bad exit\n");
}

int main(void) {
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = SIG_DFL;
  sa.sa_flags = SA_NOCLDSTOP;
  sigaction(SIGCHLD, &sa, NULL);

  say("read of an empty pipe\n");
  int p[2];
  pipe(p);
  pid_t pid = fork();
  if (pid == 0) {
    char c;
    close(p[1]);
    _exit(read(p[0], &c, 1) == 1 && c == 'x' ? 0 : 1);
  }
  close(p[0]);
  stop_and_continue(pid);
  write(p[1], "x", 1);
  close(p[1]);
  reap(pid);

  say("nanosleep\n");
  pid = fork();
  if (pid == 0) {
    struct timespec ts = { 0, 200000000L }, rem = { 9, 9 };
    _exit(nanosleep(&ts, &rem) == 0 ? 0 : 1);
  }
  stop_and_continue(pid);
  reap(pid);

  say("wait4 for a sleeping grandchild\n");
  pid = fork();
  if (pid == 0) {
    pid_t g = fork();
    if (g == 0) { nap(300); _exit(0); }
    int st;
    _exit(wait4(g, &st, 0, NULL) == g && WIFEXITED(st) ? 0 : 1);
  }
  stop_and_continue(pid);
  reap(pid);

  say("futex wait, then with a timeout\n");
  uint32_t *word = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
  *word = 0;
  pid = fork();
  if (pid == 0) {
    while (__atomic_load_n(word, __ATOMIC_SEQ_CST) == 0) syscall(SYS_futex, word, FUTEX_WAIT, 0, NULL, NULL, 0);
    struct timespec ts = { 0, 200000000L };
    long r = syscall(SYS_futex, word, FUTEX_WAIT, 1, &ts, NULL, 0);
    _exit(r == -1 ? 0 : 1);
  }
  stop_and_continue(pid);
  nap(50);
  __atomic_store_n(word, 1, __ATOMIC_SEQ_CST);
  syscall(SYS_futex, word, FUTEX_WAKE, 1, NULL, NULL, 0);
  stop_and_continue(pid);
  reap(pid);
  return 0;
}
