/* A conformance case of your own: fork, exit status, wait, errno — the same on every arch. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

int main(void) {
  printf("pid %d, parent %d\n", getpid(), getppid());
  if (write(99, "x", 1) < 0) printf("write to fd 99: %s\n", strerror(errno));
  fflush(stdout);
  pid_t child = fork();
  if (child == 0) {
    printf("child: pid %d, parent %d\n", getpid(), getppid());
    fflush(stdout);
    _exit(7);
  }
  int status;
  pid_t got = waitpid(child, &status, 0);
  printf("waitpid -> %d, exited %d with %d\n", got, WIFEXITED(status), WEXITSTATUS(status));
  return 0;
}
