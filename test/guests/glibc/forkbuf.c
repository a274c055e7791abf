/* The stdio buffering lesson: a line printed before fork() appears once when stdout is a
 * terminal (line-buffered: flushed at the newline) and twice when it is a file or a pipe (fully
 * buffered: the unflushed buffer is copied into the child, and both flush it at exit). glibc
 * decides by fstat(1) (and TCGETS), so the output shows what the kernel said stdout is. */
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

int main(void) {
  printf("before fork (pid-independent line)\n");
  pid_t child = fork();
  if (child < 0) return 1;
  if (child == 0) return 0; /* exit() flushes the child's copy of the buffer */
  int status = 0;
  if (waitpid(child, &status, 0) != child) return 2;
  printf("child exited with %d\n", WEXITSTATUS(status));
  return 0;
}
