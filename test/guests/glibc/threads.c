/* threads: pthreads in a static glibc program. NTHREADS threads wait at a start gate
 * (mutex + condition variable), then each takes a shared mutex ITERS times to increment a
 * shared counter, counting its own increments in a __thread (TLS) variable. The main thread
 * joins them in creation order and prints every result, so the output is the same whatever
 * the interleaving. Exercises pthread_create (clone3, or clone on ENOSYS), CLONE_SETTLS,
 * futex wait/wake on contended locks, CHILD_CLEARTID + futex for pthread_join. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

#define NTHREADS 4
#define ITERS 20000

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static long counter;

static pthread_mutex_t gate_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t gate_cond = PTHREAD_COND_INITIALIZER;
static pthread_cond_t ready_cond = PTHREAD_COND_INITIALIZER;
static int ready, go;

static __thread long mine;          /* per-thread: lives in each thread's TLS block */

struct result { int id; long tls_count; long last_seen; };

static void *worker(void *arg)
{
    int id = (int)(long)arg;
    pthread_mutex_lock(&gate_lock);
    ready++;
    pthread_cond_signal(&ready_cond);
    while (!go) pthread_cond_wait(&gate_cond, &gate_lock);
    pthread_mutex_unlock(&gate_lock);

    long last = 0;
    for (int i = 0; i < ITERS; i++) {
        pthread_mutex_lock(&lock);
        last = ++counter;
        pthread_mutex_unlock(&lock);
        mine++;
    }
    struct result *r = malloc(sizeof *r);   /* thread arenas: malloc from a second thread */
    r->id = id;
    r->tls_count = mine;
    r->last_seen = last;
    return r;
}

int main(void)
{
    pthread_t th[NTHREADS];
    mine = -1;   /* the main thread's own copy; the workers' start at 0 */
    for (long i = 0; i < NTHREADS; i++) {
        int e = pthread_create(&th[i], NULL, worker, (void *)i);
        if (e) { printf("pthread_create %ld failed: %d\n", i, e); return 1; }
    }
    pthread_mutex_lock(&gate_lock);
    while (ready < NTHREADS) pthread_cond_wait(&ready_cond, &gate_lock);
    go = 1;
    pthread_cond_broadcast(&gate_cond);
    pthread_mutex_unlock(&gate_lock);
    printf("%d threads started, released together\n", NTHREADS);

    int ok = 1;
    for (int i = 0; i < NTHREADS; i++) {
        void *ret;
        int e = pthread_join(th[i], &ret);
        if (e) { printf("pthread_join %d failed: %d\n", i, e); return 1; }
        struct result *r = ret;
        /* last_seen depends on the interleaving: only its range is printed */
        int in_range = r->last_seen >= ITERS && r->last_seen <= (long)NTHREADS * ITERS;
        printf("thread %d: id %d, tls count %ld, last value seen in range: %s\n", i, r->id,
               r->tls_count, in_range ? "yes" : "no");
        ok &= r->id == i && r->tls_count == ITERS && in_range;
        free(r);
    }
    printf("main thread tls: %ld\n", mine);
    printf("final counter: %ld (expected %ld): %s\n", counter, (long)NTHREADS * ITERS,
           counter == (long)NTHREADS * ITERS && ok ? "ok" : "WRONG");
    return counter == (long)NTHREADS * ITERS && ok ? 0 : 1;
}
