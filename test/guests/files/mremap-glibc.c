// mremap through glibc: realloc of blocks glibc got from mmap (it grows and shrinks them with
// mremap), and mremap itself: growing in place, refusing to move without MREMAP_MAYMOVE,
// moving (contents kept, the old range gone), MREMAP_FIXED over a mapping, MREMAP_DONTUNMAP
// (the old range left empty), a shared mapping moved and still shared with a child, a private
// file mapping grown (the new part read from the file), and the errors. Addresses are printed
// as comparisons, not values; sizes are in pages of the running system.
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>
#include "show.h"

static long ps;

static int mapped(void *p) { return msync(p, ps, MS_ASYNC) == 0; }

static int pattern_ok(const unsigned char *p, size_t n, unsigned seed) {
  for (size_t i = 0; i < n; i += 4093) if (p[i] != (unsigned char)(i * 7 + seed)) return 0;
  return 1;
}
static void fill(unsigned char *p, size_t n, unsigned seed) {
  for (size_t i = 0; i < n; i += 4093) p[i] = (unsigned char)(i * 7 + seed);
}

static void realloc_walk(void) {
  puts("-- realloc");
  unsigned char *p = malloc(300000);
  fill(p, 300000, 1);
  p = realloc(p, 3000000);
  printf("grown to 3 MB: pattern kept %d\n", pattern_ok(p, 300000, 1));
  fill(p, 3000000, 2);
  p = realloc(p, 20000000);
  printf("grown to 20 MB: pattern kept %d\n", pattern_ok(p, 3000000, 2));
  p[19999999] = 9;
  p = realloc(p, 400000);
  printf("shrunk to 400 KB: pattern kept %d\n", pattern_ok(p, 400000, 2));
  free(p);
  fflush(stdout);
}

static void direct_walk(void) {
  puts("-- mremap");
  char *a = mmap(NULL, 16 * ps, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  munmap(a + 4 * ps, 12 * ps);
  a[0] = 'A'; a[3 * ps] = 'B';
  char *r = mremap(a, 4 * ps, 16 * ps, 0);
  printf("grown in place: same address %d, holds %c%c, new page reads %d\n", r == a, r[0], r[3 * ps], r[10 * ps]);
  SHOW(mremap(a, 16 * ps, 16 * ps, 0) == a);
  r = mremap(a, 16 * ps, 2 * ps, 0);
  printf("shrunk: same address %d, page 2 mapped %d, page 1 mapped %d\n", r == a, mapped(a + 2 * ps), mapped(a + ps));
  // A neighbour in the way: no growth in place, no move without MAYMOVE.
  char *b = mmap(a + 2 * ps, ps, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
  SHOW(b == a + 2 * ps);
  SHOW(mremap(a, 2 * ps, 4 * ps, 0) == MAP_FAILED ? -1 : 0);
  r = mremap(a, 2 * ps, 64 * ps, MREMAP_MAYMOVE);
  printf("moved: new address %d, holds %c, old range mapped %d, page 63 reads %d\n", r != a, r[0], mapped(a), r[63 * ps]);
  r[63 * ps] = 'Z';
  // MREMAP_FIXED: onto a mapping, which it replaces.
  char *target = mmap(NULL, 64 * ps, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  target[0] = 'T';
  char *f = mremap(r, 64 * ps, 64 * ps, MREMAP_MAYMOVE | MREMAP_FIXED, target);
  printf("fixed: at the target %d, holds %c%c, source mapped %d\n", f == target, f[0], f[63 * ps], mapped(r));
  // MREMAP_DONTUNMAP: the old range stays mapped and reads zero.
  char *d = mremap(f, 64 * ps, 64 * ps, MREMAP_MAYMOVE | MREMAP_DONTUNMAP, NULL);
  printf("dontunmap: moved %d, holds %c, old range mapped %d and reads %d\n", d != f && d != MAP_FAILED, d[0], mapped(f), f[0]);
  SHOW(mremap(d, 64 * ps, 32 * ps, MREMAP_MAYMOVE | MREMAP_DONTUNMAP, NULL) == MAP_FAILED ? -1 : 0);

  puts("errors:");
  SHOW(mremap(d + 1, ps, ps, 0) == MAP_FAILED ? -1 : 0);
  SHOW(mremap(d, ps, 0, 0) == MAP_FAILED ? -1 : 0);
  SHOW(mremap(d, ps, ps, 8) == MAP_FAILED ? -1 : 0);
  SHOW(mremap(d, ps, ps, MREMAP_FIXED, d + 100 * ps) == MAP_FAILED ? -1 : 0);
  SHOW(mremap(d, 4 * ps, 4 * ps, MREMAP_MAYMOVE | MREMAP_FIXED, d + 2 * ps) == MAP_FAILED ? -1 : 0);
  SHOW(mremap(d, ps, ps, MREMAP_MAYMOVE | MREMAP_FIXED, d + ps + 1) == MAP_FAILED ? -1 : 0);
  char *hole = mmap(NULL, ps, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  munmap(hole, ps);
  SHOW(mremap(hole, ps, 2 * ps, MREMAP_MAYMOVE) == MAP_FAILED ? -1 : 0);
  SHOW(mremap(d, 65 * ps, 66 * ps, MREMAP_MAYMOVE) == MAP_FAILED ? -1 : 0);
  SHOW(mremap(d, 0, ps, MREMAP_MAYMOVE) == MAP_FAILED ? -1 : 0);
  fflush(stdout);
}

static void shared_walk(void) {
  puts("-- shared");
  char *s = mmap(NULL, 8 * ps, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
  s[0] = 'S';
  char *m = mremap(s, 8 * ps, 8 * ps, MREMAP_MAYMOVE | MREMAP_FIXED, s + 64 * ps);
  printf("moved: holds %c, old range mapped %d\n", m[0], mapped(s));
  fflush(stdout);
  pid_t c = fork();
  if (c == 0) { m[ps] = 'C'; _exit(0); }
  waitpid(c, NULL, 0);
  printf("the child's store through the moved mapping: %c\n", m[ps]);
  char *half = mremap(m, 8 * ps, 4 * ps, 0);
  printf("shrunk in place %d, page 5 mapped %d\n", half == m, mapped(m + 5 * ps));
  fflush(stdout);
}

static void file_walk(void) {
  puts("-- file");
  int fd = open(".", O_TMPFILE | O_RDWR, 0600);
  if (fd < 0) {
    // No O_TMPFILE: a name of this process's own (the conform suite runs every arch at once here).
    char name[64];
    snprintf(name, sizeof name, "mremap-glibc.%d.tmp", (int)getpid());
    fd = open(name, O_CREAT | O_EXCL | O_RDWR, 0600);
    unlink(name);
  }
  for (int i = 0; i < 3; i++) {
    char page[65536];
    memset(page, 'a' + i, sizeof page);
    write(fd, page, ps);
  }
  char *p = mmap(NULL, ps, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
  p[0] = 'X';
  char *q = mremap(p, ps, 3 * ps, MREMAP_MAYMOVE);
  printf("grown: %c%c %c %c (a private copy keeps its store; the rest comes from the file)\n", q[0], q[1], q[ps], q[2 * ps]);
  char *d = mremap(q, 3 * ps, 3 * ps, MREMAP_MAYMOVE | MREMAP_DONTUNMAP, NULL);
  printf("dontunmap: new holds %c, old range reads the file again: %c\n", d[0], q[0]);
  close(fd);
  fflush(stdout);
}

int main(void) {
  ps = sysconf(_SC_PAGESIZE);
  realloc_walk();
  direct_walk();
  shared_walk();
  file_walk();
  return 0;
}
