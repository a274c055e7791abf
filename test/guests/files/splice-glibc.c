// splice, tee and vmsplice through glibc: a file into a pipe (with an offset, which the file's
// own offset ignores, and without one, which it advances), a pipe into a file, a pipe into a
// pipe, tee leaving the bytes in place, vmsplice both ways, a splice that sleeps until a child
// writes, a full pipe, and the errors (no pipe, an offset on a pipe, the same pipe, O_APPEND,
// bad flags, no reader, SPLICE_F_NONBLOCK on an empty pipe, end of file).
#define _GNU_SOURCE
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "show.h"

static int tmpfile_rw(void) {
  int fd = open(".", O_TMPFILE | O_RDWR, 0600);
  if (fd < 0) {
    // No O_TMPFILE: a name of this process's own (the conform suite runs every arch at once here).
    char name[64];
    snprintf(name, sizeof name, "splice-glibc.%d.tmp", (int)getpid());
    fd = open(name, O_CREAT | O_EXCL | O_RDWR, 0600);
    unlink(name);
  }
  return fd;
}

int main(void) {
  signal(SIGPIPE, SIG_IGN);
  char buf[70000];
  for (int i = 0; i < 10000; i++) buf[i] = 'a' + i % 26;
  int f = tmpfile_rw();
  write(f, buf, 10000);
  lseek(f, 0, SEEK_SET);
  int p[2], q[2];
  pipe(p);
  pipe(q);

  puts("-- file to pipe");
  loff_t off = 100;
  SHOW(splice(f, &off, p[1], NULL, 5000, 0));
  printf("off %lld, file offset %lld\n", (long long)off, (long long)lseek(f, 0, SEEK_CUR));
  SHOW(read(p[0], buf + 20000, 10000));
  printf("bytes 100..: %.6s ... %.6s\n", buf + 20000, buf + 20000 + 4994);
  SHOW(splice(f, NULL, p[1], NULL, 26, 0));
  printf("file offset %lld\n", (long long)lseek(f, 0, SEEK_CUR));
  SHOW(read(p[0], buf + 20000, 100));
  lseek(f, 9990, SEEK_SET);
  SHOW(splice(f, NULL, p[1], NULL, 100, 0));
  SHOW(splice(f, NULL, p[1], NULL, 100, 0));
  SHOW(read(p[0], buf + 20000, 100));

  puts("-- pipe to file");
  int g = tmpfile_rw();
  write(p[1], "hello, file", 11);
  off = 3;
  SHOW(splice(p[0], NULL, g, &off, 100, 0));
  printf("off %lld, file offset %lld\n", (long long)off, (long long)lseek(g, 0, SEEK_CUR));
  char small[32] = {0};
  SHOW(pread(g, small, sizeof small, 0));
  printf("file: %c%c%c%s\n", small[0] ? small[0] : '.', small[1] ? small[1] : '.', small[2] ? small[2] : '.', small + 3);

  puts("-- pipe to pipe, tee");
  write(p[1], buf, 3000);
  SHOW(splice(p[0], NULL, q[1], NULL, 10000, 0));
  SHOW(read(q[0], buf + 20000, 10000));
  write(p[1], "abc", 3);
  SHOW(tee(p[0], q[1], 100, 0));
  memset(small, 0, sizeof small);
  SHOW(read(q[0], small, sizeof small));
  SHOW(read(p[0], small + 10, sizeof small - 10));
  printf("tee gave \"%s\", the source still had \"%s\"\n", small, small + 10);

  puts("-- vmsplice");
  struct iovec iov[2] = {{"vm", 2}, {"splice", 6}};
  SHOW(vmsplice(p[1], iov, 2, 0));
  char got[16] = {0};
  struct iovec out = {got, sizeof got - 1};
  SHOW(vmsplice(p[0], &out, 1, 0));
  printf("read back \"%s\"\n", got);
  SHOW(vmsplice(f, iov, 1, 0));

  puts("-- a full pipe");
  int n = 0;
  fcntl(q[1], F_SETFL, O_NONBLOCK);
  while (write(q[1], buf, 4096) > 0) n++;
  printf("pipe full after %d pages\n", n);
  lseek(f, 0, SEEK_SET);
  SHOW(splice(f, NULL, q[1], NULL, 100, 0));
  SHOW(splice(f, NULL, q[1], NULL, 100, SPLICE_F_NONBLOCK));
  SHOW(splice(q[0], NULL, g, NULL, 1 << 20, 0));
  fcntl(q[0], F_SETFL, O_NONBLOCK);
  SHOW(read(q[0], buf, sizeof buf));
  fcntl(q[0], F_SETFL, 0);
  fflush(stdout);

  puts("-- sleeping until a writer comes");
  fflush(stdout);
  pid_t c = fork();
  if (c == 0) {
    struct timespec d = {0, 20000000};
    nanosleep(&d, NULL);
    write(p[1], "late", 4);
    _exit(0);
  }
  int r = splice(p[0], NULL, g, NULL, 100, 0);
  waitpid(c, NULL, 0);
  report("splice(p[0], NULL, g, NULL, 100, 0)", r);

  puts("-- errors");
  SHOW(splice(f, NULL, g, NULL, 10, 0));
  off = 0;
  SHOW(splice(p[0], &off, g, NULL, 10, 0));
  SHOW(splice(f, NULL, p[1], &off, 10, 0));
  SHOW(splice(p[0], NULL, p[1], NULL, 10, 0));
  SHOW(splice(p[0], NULL, g, NULL, 0, 0));
  SHOW(splice(p[0], NULL, g, NULL, 10, 0x100));
  SHOW(splice(99, NULL, g, NULL, 10, 0));
  SHOW(splice(p[0], NULL, g, NULL, 10, SPLICE_F_NONBLOCK));
  int ap = open("/dev/null", O_WRONLY | O_APPEND);
  write(p[1], "x", 1);
  SHOW(splice(p[0], NULL, ap, NULL, 10, 0));
  SHOW(tee(f, q[1], 10, 0));
  SHOW(tee(p[0], p[1], 10, 0));
  SHOW(splice(f, &off, p[1], NULL, 10, 0x8000));
  close(q[0]);
  SHOW(splice(p[0], NULL, q[1], NULL, 10, 0));
  SHOW(tee(p[0], q[1], 10, 0));
  close(p[1]);
  SHOW(splice(p[0], NULL, g, NULL, 10, 0));
  SHOW(splice(p[0], NULL, g, NULL, 10, 0));
  return 0;
}
