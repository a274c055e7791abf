// Process file descriptors through glibc: pidfd_open and its errors, a pidfd's file (close-on-exec,
// O_RDWR, its /proc/self/fd link and fdinfo Pid/NSpid lines, read/write/lseek refused), poll and
// epoll waking when the process exits, waitid(P_PIDFD) (blocking, WNOHANG, and EAGAIN from a
// PIDFD_NONBLOCK pidfd), pidfd_send_signal (plain, signal 0, a caller-built siginfo and who may
// send one, its errors), pidfd_getfd taking a child's open pipe (and its errors: a zombie has no
// files, which Linux since 6.9 reports as ESRCH, as for a reaped one), CLONE_PIDFD through glibc's clone() and through clone3
// (and the flag combinations refused, a bad pidfd pointer undoing the whole clone), a thread's
// id refused. What changed after Linux 6.1 is left out (PIDFD_THREAD, CLONE_PIDFD with
// CLONE_THREAD, pidfd_send_signal's flags). Pids differ between runs of Linux, so lines compare them instead of printing them.
#define _GNU_SOURCE
#include <fcntl.h>
#include <linux/sched.h>
#include <poll.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/epoll.h>
#include <sys/pidfd.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>
#include "show.h"

#ifndef P_PIDFD
#define P_PIDFD 3
#endif

/** A child that waits for one byte on a pipe, then exits with `code`; *gate is the write end. */
static pid_t waiting_child(int code, int *gate) {
  int p[2];
  pipe(p);
  pid_t c = fork();
  if (c == 0) {
    close(p[1]);
    char b;
    read(p[0], &b, 1);
    _exit(code);
  }
  close(p[0]);
  *gate = p[1];
  return c;
}

static void release(int gate) { write(gate, "x", 1); close(gate); }

/** What waitid reported: the code and status, and whether si_pid is `pid`. */
static void show_info(const char *what, long r, siginfo_t *si, pid_t pid) {
  report(what, r);
  printf("  si_signo %d si_code %d si_status %d si_pid %s\n", si->si_signo, si->si_code, si->si_status,
         si->si_pid == pid ? "= child" : si->si_pid == 0 ? "0" : "other");
  fflush(stdout);
}

/** /proc/self/fdinfo/FD's lines that do not depend on the machine: flags, and Pid/NSpid against `pid`. */
static void fdinfo(int fd, pid_t pid) {
  char path[64], line[256];
  snprintf(path, sizeof path, "/proc/self/fdinfo/%d", fd);
  FILE *f = fopen(path, "r");
  if (!f) { printf("  fdinfo: %s\n", strerrorname_np(errno)); return; }
  while (fgets(line, sizeof line, f)) {
    line[strcspn(line, "\n")] = 0;
    if (!strncmp(line, "flags:", 6)) printf("  fdinfo %s\n", line);
    else if (!strncmp(line, "Pid:", 4) || !strncmp(line, "NSpid:", 6)) {
      long n = atol(strchr(line, '\t') + 1);
      printf("  fdinfo %.*s %s\n", (int)(strchr(line, ':') - line), line, n == pid ? "= child" : n == -1 ? "-1" : "other");
    }
  }
  fclose(f);
  fflush(stdout);
}

static void open_errors(void) {
  printf("-- pidfd_open errors\n");
  SHOW(pidfd_open(getpid(), 1));
  SHOW(pidfd_open(0, 0));
  SHOW(pidfd_open(-1, 0));
  SHOW(pidfd_open(4000000, 0));
  int self = pidfd_open(getpid(), 0);
  struct pollfd pf = { self, POLLIN, 0 };
  SHOW(poll(&pf, 1, 0));
  SHOW(pidfd_send_signal(self, 0, NULL, 0));
  close(self);
}

static int thread_pipe[2], ready_pipe[2];
static void *thread_fn(void *arg) {
  *(pid_t *)arg = gettid();
  write(ready_pipe[1], "r", 1);
  char b;
  read(thread_pipe[0], &b, 1);
  return NULL;
}

static void thread_id(void) {
  printf("-- a thread's id\n");
  pid_t tid;
  pthread_t th;
  pipe(thread_pipe);
  pipe(ready_pipe);
  pthread_create(&th, NULL, thread_fn, &tid);
  char b;
  read(ready_pipe[0], &b, 1);
  // A live thread that does not lead its group: no pidfd for it.
  SHOW(pidfd_open(tid, 0));
  write(thread_pipe[1], "x", 1);
  pthread_join(th, NULL);
  close(thread_pipe[0]); close(thread_pipe[1]); close(ready_pipe[0]); close(ready_pipe[1]);
}

static void the_file(void) {
  printf("-- the file, poll and waitid\n");
  int gate;
  pid_t c = waiting_child(7, &gate);
  int fd = pidfd_open(c, 0);
  printf("pidfd_open(child) %s\n", fd >= 0 ? "ok" : strerrorname_np(errno));
  SHOW(fcntl(fd, F_GETFD));
  SHOW(fcntl(fd, F_GETFL));
  char link[64], path[64];
  snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
  ssize_t n = readlink(path, link, sizeof link - 1);
  printf("readlink = %.*s\n", (int)(n < 0 ? 0 : n), link);
  fdinfo(fd, c);
  char buf[8];
  SHOW(read(fd, buf, 8));
  SHOW(write(fd, buf, 8));
  SHOW(lseek(fd, 0, SEEK_SET));
  struct pollfd pf = { fd, POLLIN, 0 };
  SHOW(poll(&pf, 1, 0));
  SHOW(pidfd_send_signal(fd, 0, NULL, 0));
  release(gate);
  SHOW(poll(&pf, 1, -1));
  printf("  revents & POLLIN %#x\n", pf.revents & POLLIN);
  // A zombie: signals are accepted (and dropped), it has no files (ESRCH, as for an exiting
  // task), fdinfo still names it.
  SHOW(pidfd_send_signal(fd, SIGTERM, NULL, 0));
  SHOW(pidfd_getfd(fd, 0, 0));
  fdinfo(fd, c);
  siginfo_t si;
  memset(&si, 0x5a, sizeof si);
  show_info("waitid(P_PIDFD, fd, &si, WEXITED)", waitid(P_PIDFD, fd, &si, WEXITED), &si, c);
  // Reaped: the pidfd stays readable, and names nothing.
  SHOW(poll(&pf, 1, 0));
  printf("  revents & POLLIN %#x\n", pf.revents & POLLIN);
  SHOW(pidfd_send_signal(fd, SIGTERM, NULL, 0));
  SHOW(pidfd_getfd(fd, 0, 0));
  fdinfo(fd, c);
  memset(&si, 0x5a, sizeof si);
  show_info("waitid again", waitid(P_PIDFD, fd, &si, WEXITED), &si, c);
  close(fd);
}

static void waitid_forms(void) {
  printf("-- waitid(P_PIDFD) forms\n");
  siginfo_t si;
  int gate;
  pid_t c = waiting_child(9, &gate);
  int fd = pidfd_open(c, PIDFD_NONBLOCK);
  SHOW(fcntl(fd, F_GETFL) & ~O_LARGEFILE);
  fdinfo(fd, c);
  memset(&si, 0x5a, sizeof si);
  show_info("waitid nonblocking pidfd", waitid(P_PIDFD, fd, &si, WEXITED), &si, c);
  memset(&si, 0x5a, sizeof si);
  show_info("waitid WNOHANG", waitid(P_PIDFD, fd, &si, WEXITED | WNOHANG), &si, c);
  SHOW(waitid(P_PIDFD, -1, &si, WEXITED));
  SHOW(waitid(P_PIDFD, 999, &si, WEXITED));
  SHOW(waitid(P_PIDFD, 1, &si, WEXITED));
  // epoll hears of the exit too.
  int ep = epoll_create1(EPOLL_CLOEXEC);
  struct epoll_event ev = { .events = EPOLLIN, .data.u32 = 42 }, out;
  SHOW(epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev));
  SHOW(epoll_wait(ep, &out, 1, 0));
  release(gate);
  SHOW(epoll_wait(ep, &out, 1, -1));
  printf("  events & EPOLLIN %#x data %u\n", out.events & EPOLLIN, out.data.u32);
  close(ep);
  memset(&si, 0x5a, sizeof si);
  show_info("waitid after exit", waitid(P_PIDFD, fd, &si, WEXITED), &si, c);
  close(fd);
  // Not a child: a pidfd of ourselves.
  fd = pidfd_open(getpid(), 0);
  SHOW(waitid(P_PIDFD, fd, &si, WEXITED | WNOHANG));
  close(fd);
}

static volatile sig_atomic_t got;
static void on_usr1(int sig, siginfo_t *si, void *uc) {
  (void)sig; (void)uc;
  got = si->si_code == SI_QUEUE && si->si_value.sival_int == 1234 ? 1 : 2;
}

static void send_signal(void) {
  printf("-- pidfd_send_signal\n");
  int gate;
  pid_t c = waiting_child(0, &gate);
  int fd = pidfd_open(c, 0);
  int p[2];
  pipe(p);
  SHOW(pidfd_send_signal(fd, SIGTERM, NULL, 0x100));
  SHOW(pidfd_send_signal(fd, 99, NULL, 0));
  SHOW(pidfd_send_signal(p[0], SIGTERM, NULL, 0));
  SHOW(pidfd_send_signal(999, SIGTERM, NULL, 0));
  SHOW(pidfd_send_signal(fd, SIGTERM, (siginfo_t *)8, 0));
  siginfo_t si;
  memset(&si, 0, sizeof si);
  si.si_signo = SIGUSR2;
  si.si_code = SI_QUEUE;
  SHOW(pidfd_send_signal(fd, SIGTERM, &si, 0));
  si.si_signo = SIGTERM;
  si.si_code = SI_USER;
  SHOW(pidfd_send_signal(fd, SIGTERM, &si, 0));
  si.si_code = SI_TKILL;
  SHOW(pidfd_send_signal(fd, SIGTERM, &si, 0));
  SHOW(pidfd_send_signal(fd, SIGKILL, NULL, 0));
  memset(&si, 0x5a, sizeof si);
  show_info("waitid", waitid(P_PIDFD, fd, &si, WEXITED), &si, c);
  close(fd);
  close(gate);
  close(p[0]);
  close(p[1]);
  // To ourselves, a siginfo may say anything.
  struct sigaction sa = { .sa_sigaction = on_usr1, .sa_flags = SA_SIGINFO };
  sigaction(SIGUSR1, &sa, NULL);
  fd = pidfd_open(getpid(), 0);
  memset(&si, 0, sizeof si);
  si.si_signo = SIGUSR1;
  si.si_code = SI_QUEUE;
  si.si_value.sival_int = 1234;
  SHOW(pidfd_send_signal(fd, SIGUSR1, &si, 0));
  printf("handler saw SI_QUEUE and the value: %s\n", got == 1 ? "yes" : "no");
  close(fd);
}

static void get_fd(void) {
  printf("-- pidfd_getfd\n");
  int gate;
  int p[2];
  pipe(p);
  pid_t c = fork();
  if (c == 0) {
    // Its own pipe at fd 50, with a message in it; then it waits on fd 51 for the parent.
    int q[2];
    pipe(q);
    write(q[1], "from the child", 14);
    dup2(q[0], 50);
    dup2(p[0], 51);
    close(q[0]); close(q[1]); close(p[0]); close(p[1]);
    write(1, "", 0);
    char b;
    read(51, &b, 1);
    _exit(0);
  }
  close(p[0]);
  gate = p[1];
  int fd = pidfd_open(c, 0);
  // Until the child has made its pipe, fd 50 may not be there: wait for it through /proc.
  char path[64];
  snprintf(path, sizeof path, "/proc/%d/fd/51", c);
  while (access(path, F_OK) != 0) sched_yield();
  int got = pidfd_getfd(fd, 50, 0);
  printf("pidfd_getfd(fd, 50, 0) %s\n", got >= 0 ? "ok" : strerrorname_np(errno));
  SHOW(fcntl(got, F_GETFD));
  char buf[32] = { 0 };
  SHOW(read(got, buf, sizeof buf - 1));
  printf("  read \"%s\"\n", buf);
  close(got);
  SHOW(pidfd_getfd(fd, 50, 1));
  SHOW(pidfd_getfd(fd, 999, 0));
  SHOW(pidfd_getfd(gate, 50, 0));
  SHOW(pidfd_getfd(-1, 50, 0));
  release(gate);
  waitpid(c, NULL, 0);
  SHOW(pidfd_getfd(fd, 50, 0));
  close(fd);
}

static int child_fn(void *arg) { _exit((int)(intptr_t)arg); }

static void clone_pidfd(void) {
  printf("-- CLONE_PIDFD\n");
  siginfo_t si;
  size_t size = 64 * 1024;
  char *stack = malloc(size);
  int pfd = -1;
  pid_t c = clone(child_fn, stack + size, CLONE_PIDFD | SIGCHLD, (void *)5, &pfd);
  printf("clone(CLONE_PIDFD) %s, pidfd %s\n", c > 0 ? "ok" : strerrorname_np(errno), pfd >= 0 ? "set" : "unset");
  if (c > 0) {
    SHOW(fcntl(pfd, F_GETFD));
    memset(&si, 0x5a, sizeof si);
    show_info("waitid", waitid(P_PIDFD, pfd, &si, WEXITED), &si, c);
    close(pfd);
  }
  SHOW(clone(child_fn, stack + size, CLONE_PIDFD | CLONE_PARENT_SETTID | SIGCHLD, (void *)5, &pfd));
  SHOW(clone(child_fn, stack + size, CLONE_PIDFD | CLONE_DETACHED | SIGCHLD, (void *)5, &pfd));

  // clone3: the pidfd field.
  struct clone_args ca;
  memset(&ca, 0, sizeof ca);
  int pfd3 = -1, ptid = -1;
  ca.flags = CLONE_PIDFD | CLONE_PARENT_SETTID;
  ca.pidfd = (uintptr_t)&pfd3;
  ca.parent_tid = (uintptr_t)&ptid;
  ca.exit_signal = SIGCHLD;
  long r = syscall(SYS_clone3, &ca, sizeof ca);
  if (r == 0) _exit(6);
  printf("clone3(CLONE_PIDFD | CLONE_PARENT_SETTID) %s, pidfd %s, parent_tid %s\n", r > 0 ? "ok" : strerrorname_np(errno),
         pfd3 >= 0 ? "set" : "unset", ptid == r ? "= child" : "other");
  if (r > 0) {
    memset(&si, 0x5a, sizeof si);
    show_info("waitid", waitid(P_PIDFD, pfd3, &si, WEXITED), &si, r);
    close(pfd3);
  }
  ca.parent_tid = (uintptr_t)&pfd3;
  SHOW(syscall(SYS_clone3, &ca, sizeof ca));
  // A pidfd that cannot be stored undoes the whole clone: no child, no descriptor.
  ca.flags = CLONE_PIDFD;
  ca.pidfd = 8;
  int before = dup(0);
  close(before);
  SHOW(syscall(SYS_clone3, &ca, sizeof ca));
  SHOW(waitpid(-1, NULL, WNOHANG));
  int after = dup(0);
  printf("the next descriptor is the same: %s\n", after == before ? "yes" : "no");
  close(after);
  free(stack);
}

int main(void) {
  open_errors();
  thread_id();
  the_file();
  waitid_forms();
  send_signal();
  get_fd();
  clone_pidfd();
  return 0;
}
