/* A dynamically linked glibc program: printf, and two pthreads (created and joined one after
 * the other, so the output is fixed). Linked by the cross compilers against their sysroots;
 * tricorn runs it with --root /usr/<triple>, loading ld.so from there (PT_INTERP). */
#include <stdio.h>
#include <pthread.h>
static void *worker(void *arg) { printf("thread %ld\n", (long)arg); return 0; }
int main(int argc, char **argv) {
  printf("hello dynamic, argc=%d\n", argc);
  pthread_t t[2];
  for (long i = 0; i < 2; i++) { pthread_create(&t[i], 0, worker, (void *)i); pthread_join(t[i], 0); }
  return 0;
}
