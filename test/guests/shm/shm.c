// Shared memory across fork, as Linux gives it: MAP_SHARED|MAP_ANONYMOUS, /dev/zero MAP_SHARED
// and a MAP_SHARED file mapping are one set of bytes for parent and child (atomic counters,
// futex wait/wake between the processes, stores seen at once, bytes surviving the child's exit
// and reaching the file; a second mmap of the file maps the same bytes), while a MAP_PRIVATE
// page stays a copy; munmap and mprotect in one
// process leave the other's mapping alone; MADV_DONTNEED keeps shared bytes; execve drops the
// shared mappings. Only the parent prints, in an order the futexes fix, so the transcript is
// the same on every run and every arch. With the argument "exec" it is the image a child
// execve'd: it counts its shared mappings in /proc/self/maps.
#define _GNU_SOURCE
#include <fcntl.h>
#include <linux/futex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#define PAGE 4096
#define ROUNDS 1000
#define FILE_PATH "/tmp/tricorn-shm-guest"

static long futex(int *addr, int op, int val) { return syscall(SYS_futex, addr, op, val, NULL, NULL, 0); }

/** Wait (a shared futex, no FUTEX_PRIVATE_FLAG) until *w == want. */
static void wait_for(int *w, int want) {
  int v;
  while ((v = __atomic_load_n(w, __ATOMIC_SEQ_CST)) != want) futex(w, FUTEX_WAIT, v);
}

static void set_and_wake(int *w, int v) {
  __atomic_store_n(w, v, __ATOMIC_SEQ_CST);
  futex(w, FUTEX_WAKE, 1);
}

/** Lines of /proc/self/maps whose permissions end in 's' (shared mappings). */
static int shared_maps(void) {
  FILE *f = fopen("/proc/self/maps", "r");
  if (!f) return -1;
  char line[512];
  int n = 0;
  while (fgets(line, sizeof line, f)) {
    char *sp = strchr(line, ' ');
    if (sp && sp[4] == 's') n++;
  }
  fclose(f);
  return n;
}

static int reap(pid_t pid) {
  int st;
  if (waitpid(pid, &st, 0) != pid) return -1;
  return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

int main(int argc, char **argv) {
  if (argc > 1 && strcmp(argv[1], "exec") == 0) {
    printf("after execve: %d shared mappings\n", shared_maps());
    return 0;
  }
  setvbuf(stdout, NULL, _IONBF, 0);
  int *anon = mmap(NULL, 2 * PAGE, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
  int *priv = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  int zfd = open("/dev/zero", O_RDWR);
  int *zero = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, zfd, 0);
  close(zfd);
  int fd = open(FILE_PATH, O_RDWR | O_CREAT | O_TRUNC, 0600);
  if (anon == MAP_FAILED || priv == MAP_FAILED || zero == MAP_FAILED || fd < 0 || ftruncate(fd, PAGE) != 0) {
    perror("setup");
    return 1;
  }
  char *file = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
  if (file == MAP_FAILED) { perror("mmap file"); return 1; }
  printf("before fork: %d shared mappings\n", shared_maps());

  // anon[0]: counter; anon[1]: turn; anon[2..]: log of who ran, in turn order.
  int *counter = &anon[0], *turn = &anon[1];
  char *log = (char *)&anon[4];
  pid_t pid = fork();
  if (pid == 0) {
    for (int i = 0; i < ROUNDS; i++) __atomic_fetch_add(counter, 1, __ATOMIC_SEQ_CST);
    for (int r = 0; r < 5; r++) {
      wait_for(turn, 2 * r + 1);
      log[2 * r + 1] = 'c';
      set_and_wake(turn, 2 * r + 2);
    }
    *priv = 7;                      // a private copy: the parent keeps its 0
    *zero = 42;                     // /dev/zero MAP_SHARED is shared anonymous memory
    strcpy(file, "written by the child through MAP_SHARED");
    anon[PAGE / sizeof(int)] = 99;  // the second page, then unmapped here only
    munmap(anon, 2 * PAGE);
    mprotect(zero, PAGE, PROT_READ); // the parent may still write its own mapping
    _exit(0);
  }
  for (int i = 0; i < ROUNDS; i++) __atomic_fetch_add(counter, 1, __ATOMIC_SEQ_CST);
  for (int r = 0; r < 5; r++) {
    wait_for(turn, 2 * r);
    log[2 * r] = 'P';
    set_and_wake(turn, 2 * r + 1);
  }
  wait_for(turn, 10);
  printf("child exited with %d\n", reap(pid));
  printf("counter after %d increments in each process: %d\n", ROUNDS, *counter);
  printf("futex turns: %.10s\n", log);
  printf("private page: %d, /dev/zero page: %d, second anon page: %d\n", *priv, *zero, anon[PAGE / sizeof(int)]);
  printf("file mapping: \"%s\"\n", file);
  char buf[64] = {0};
  pread(fd, buf, 39, 0);
  printf("file read(2): \"%s\"\n", buf);
  *zero = 43;
  printf("parent writes its /dev/zero page after the child's mprotect: %d\n", *zero);

  // MADV_DONTNEED on shared memory drops only this mapping's pages: the bytes stay.
  madvise(anon, PAGE, MADV_DONTNEED);
  printf("after MADV_DONTNEED: counter %d\n", *counter);

  // The parent unmaps a shared mapping a second child still has: the child's view stays.
  int *ctl = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
  pid = fork();
  if (pid == 0) {
    wait_for(&ctl[0], 1);
    ctl[1] = *counter;
    // A mapping of its own of the file (not the inherited one): the same pages, as Linux's page cache.
    int fd2 = open(FILE_PATH, O_RDWR);
    char *again = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, fd2, 0);
    if (again == MAP_FAILED) _exit(2);
    strcpy(again + 100, "stored through a second mmap of the file");
    set_and_wake(&ctl[0], 2);
    wait_for(&ctl[0], 3);
    _exit(0);
  }
  munmap(anon, 2 * PAGE);
  set_and_wake(&ctl[0], 1);
  wait_for(&ctl[0], 2);
  printf("the parent's mapping, at once: \"%s\"\n", file + 100);
  set_and_wake(&ctl[0], 3);
  printf("second child exited with %d, and read the counter as %d after the parent's munmap\n", reap(pid), ctl[1]);

  // execve drops the shared mappings.
  pid = fork();
  if (pid == 0) {
    execl("/proc/self/exe", argv[0], "exec", (char *)NULL);
    _exit(127);
  }
  printf("exec'd child exited with %d\n", reap(pid));
  unlink(FILE_PATH);
  return 0;
}
