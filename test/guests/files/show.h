// What the glibc guests of this directory print for each call they test: `expr = result`, or
// `expr = -1 ENAME` (glibc's strerrorname_np), flushed at once so a fork's output stays in order.
#ifndef SHOW_H
#define SHOW_H
#include <errno.h>
#include <stdio.h>
#include <string.h>

static void report(const char *what, long r) {
  if (r < 0) printf("%s = -1 %s\n", what, strerrorname_np(errno));
  else printf("%s = %ld\n", what, r);
  fflush(stdout);
}
#define SHOW(expr) report(#expr, (long)(expr))
#endif
