/*
 * threads3: threads made by clone, clone2 and clone3 share memory and have their own TLS; and
 * the rest of what a thread library leans on: preemption of spinning threads, CLONE_VFORK,
 * futex WAIT/WAKE/BITSET/REQUEUE/CMP_REQUEUE/WAKE_OP and timeouts, exit_group from a thread,
 * wait4's view of threads.
 *
 * Every printed line is a fact that does not depend on which thread ran first: threads only
 * record what they saw into shared memory, and the main thread prints after joining them. No
 * pid or address is printed (they differ between tricorn, qemu and a host kernel), so the
 * transcript is the same on x86_64, aarch64, ppc64 and ppc64le (threads3.expected).
 *
 * Where a test needs waiters to be *in* the kernel before it wakes them (so that wake counts are
 * exact), it does not guess with sleeps: FUTEX_CMP_REQUEUE from a word onto the same word, waking
 * none, returns how many tasks wait there and moves nobody (count_waiters). The main thread
 * yields until that count is reached. This holds on a real kernel with any number of CPUs.
 *
 * Run natively (x86_64) or under qemu-user, clone2 (and, under qemu, clone3) answer ENOSYS; the
 * program then prints "<call>: ENOSYS, skipped" instead of that call's lines, so the other lines
 * can be checked against the host (see NOTES.md). Under tricorn nothing is skipped.
 */
#include "rt.h"
#if defined(__x86_64__)
#include <asm/prctl.h>   /* ARCH_GET_FS */
#endif

#define NTHR 3            /* threads per creation call */
#define M 2000            /* locked increments per thread */
#define YIELD_EVERY 8     /* sched_yield inside the critical section every 8th round: contention */
#define STACK_SIZE (32 * 1024)
#define NSTACKS 8
#define INT_MAX_ 0x7fffffff
#define BOUND 2000000     /* yield loops give up after this many rounds (a hang becomes a "no") */

#define THREAD_FLAGS (CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | CLONE_THREAD | CLONE_SYSVSEM | \
                      CLONE_SETTLS | CLONE_PARENT_SETTID | CLONE_CHILD_CLEARTID)

#define MY_CLOCK_REALTIME 0
#define MY_CLOCK_MONOTONIC 1
#define MY_TIMER_ABSTIME 1
struct ts { long sec; long nsec; };

static const char *yn(int c) { return c ? "yes" : "no"; }

/* Thread stacks. A stack is reused only after its thread was joined (its child_tid cleared, which
 * Linux does after the thread last touched user memory). */
static unsigned char stacks[NSTACKS][STACK_SIZE] __attribute__((aligned(16)));

/* One TLS block per thread; the thread pointer points at its start. `mark` (offset 16) is written
 * through the thread pointer register itself, not through a pointer held in memory. */
struct tls_block { uint64_t self, owner, mark, pad[5]; };
static struct tls_block tls[NSTACKS] __attribute__((aligned(64)));
_Static_assert(__builtin_offsetof(struct tls_block, mark) == 16, "mark at 16");

/* ---------------------------------------------------------------- per-arch thread pointer */

static unsigned long read_tp(void)
{
    unsigned long v = 0;
#if defined(__x86_64__)
    if (syscall2(__NR_arch_prctl, ARCH_GET_FS, (long)&v) != 0) return 1;   /* 1: never a block */
#elif defined(__aarch64__)
    __asm__ volatile("mrs %0, tpidr_el0" : "=r"(v));
#elif defined(__riscv)
    __asm__ volatile("mv %0, tp" : "=r"(v));
#elif defined(__s390x__)
    /* a0:a1, high half first */
    __asm__ volatile("ear %0, %%a0\n\tsllg %0, %0, 32\n\tear %0, %%a1" : "=&d"(v));
#else
    __asm__ volatile("mr %0, 13" : "=r"(v));
#endif
    return v;
}

/* *(uint64_t *)(thread pointer + 16) = v, addressed by the CPU through the thread pointer. */
static void tp_store_mark(uint64_t v)
{
#if defined(__x86_64__)
    __asm__ volatile("movq %0, %%fs:16" : : "r"(v) : "memory");
#elif defined(__aarch64__)
    unsigned long tp;
    __asm__ volatile("mrs %0, tpidr_el0\n\tstr %1, [%0, #16]" : "=&r"(tp) : "r"(v) : "memory");
#elif defined(__riscv)
    __asm__ volatile("sd %0, 16(tp)" : : "r"(v) : "memory");
#elif defined(__s390x__)
    unsigned long tp;
    __asm__ volatile("ear %0, %%a0\n\tsllg %0, %0, 32\n\tear %0, %%a1\n\tstg %1, 16(%0)" : "=&a"(tp) : "d"(v) : "memory");
#else
    __asm__ volatile("std %0, 16(13)" : : "r"(v) : "memory");
#endif
}

/* ---------------------------------------------------------------- syscalls */

static long futex(int *uaddr, int op, long val, long val2, int *uaddr2, int val3)
{
    return syscall6(__NR_futex, (long)uaddr, op, val, val2, (long)uaddr2, val3);
}
static long futex_wait(int *uaddr, int op, int val, const struct ts *timeout, int val3)
{
    return syscall6(__NR_futex, (long)uaddr, op, val, (long)timeout, 0, val3);
}
static long now_ns(int clock)
{
    struct ts t;
    syscall2(__NR_clock_gettime, clock, (long)&t);
    return t.sec * 1000000000L + t.nsec;
}
static struct ts ts_of(long ns) { struct ts t = { ns / 1000000000L, ns % 1000000000L }; return t; }

/* Waiters queued on a private futex word, counted without waking or moving any: CMP_REQUEUE
 * from the word onto itself, nr_wake 0, nr_requeue "all", expecting the word's current value. */
static long count_waiters(int *w)
{
    return futex(w, FUTEX_CMP_REQUEUE_PRIVATE, 0, INT_MAX_, w, __atomic_load_n(w, __ATOMIC_SEQ_CST));
}
/* Yield until `n` tasks wait on *w; 1 when reached. */
static int await_waiters(int *w, long n)
{
    for (long i = 0; i < BOUND; i++) {
        if (count_waiters(w) == n) return 1;
        sys_sched_yield();
    }
    return 0;
}
/* Yield until *p == v; 1 when reached. */
static int await_value(int *p, int v)
{
    for (long i = 0; i < BOUND; i++) {
        if (__atomic_load_n(p, __ATOMIC_SEQ_CST) == v) return 1;
        sys_sched_yield();
    }
    return 0;
}

/* ---------------------------------------------------------------- creating and joining threads */

enum { VIA_CLONE, VIA_CLONE2, VIA_CLONE3 };
static const char *const via_name[] = { "clone", "clone2", "clone3" };

/* A thread on stacks[slot] with thread pointer &tls[slot], by one of the three calls; the parent
 * gets its tid in *ptid (CLONE_PARENT_SETTID) and *ctid is zeroed and woken when it exits
 * (CLONE_CHILD_CLEARTID). *ctid is preset to -1 so that a join cannot return before that. */
static long spawn(int via, unsigned long flags, int slot, int *ptid, int *ctid, int (*fn)(void *), void *arg)
{
    unsigned char *base = stacks[slot];
    unsigned long tp = (unsigned long)&tls[slot];
    memset(&tls[slot], 0, sizeof tls[slot]);
    tls[slot].self = tp;
    *ctid = -1;
    *ptid = 0;
    if (via == VIA_CLONE)
        return rt_clone_call(__NR_clone, RT_CLONE_ARGS(flags, base + STACK_SIZE, ptid, ctid, tp), fn, arg);
    if (via == VIA_CLONE2) {
        /* The RFC's slots are 32-bit addresses: static data of a non-PIE program sits below 4 GiB.
         * Its struct has no TLS field: tricorn takes the thread pointer from the third argument. */
        struct clone_struct cs = { flags, (uint64_t)(uintptr_t)(base + STACK_SIZE), 0,
                                   (uint32_t)(uintptr_t)ptid, (uint32_t)(uintptr_t)ctid, 0, 0 };
        return rt_clone_call(__NR_clone2, (long)&cs, 0, (long)tp, 0, 0, fn, arg);
    }
    struct clone_args ca;
    memset(&ca, 0, sizeof ca);
    ca.flags = flags;
    ca.child_tid = (uint64_t)(uintptr_t)ctid;
    ca.parent_tid = (uint64_t)(uintptr_t)ptid;
    ca.exit_signal = 0;
    ca.stack = (uint64_t)(uintptr_t)base;
    ca.stack_size = STACK_SIZE;
    ca.tls = tp;
    return rt_clone_call(__NR_clone3, (long)&ca, sizeof ca, 0, 0, 0, fn, arg);
}

/* pthread_join's way: wait on the child_tid word until the kernel clears it at the thread's exit.
 * The kernel's wake is a shared futex wake, so this waits with a shared (non-private) op. */
static void join(int *ctid)
{
    for (;;) {
        int v = __atomic_load_n(ctid, __ATOMIC_SEQ_CST);
        if (v == 0) return;
        futex_wait(ctid, FUTEX_WAIT, v, 0, 0);
    }
}

/* ---------------------------------------------------------------- a futex mutex (0 free, 1 locked, 2 contended) */

static int lock_word;
static volatile int counter;
static int lock_waits;   /* how often a thread slept in the lock */

static void lock(int *m)
{
    int c = 0;
    if (__atomic_compare_exchange_n(m, &c, 1, 0, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST)) return;
    if (c != 2) c = __atomic_exchange_n(m, 2, __ATOMIC_SEQ_CST);
    while (c != 0) {
        __atomic_add_fetch(&lock_waits, 1, __ATOMIC_SEQ_CST);
        futex_wait(m, FUTEX_WAIT_PRIVATE, 2, 0, 0);
        c = __atomic_exchange_n(m, 2, __ATOMIC_SEQ_CST);
    }
}

static void unlock(int *m)
{
    if (__atomic_fetch_sub(m, 1, __ATOMIC_SEQ_CST) != 1) {
        __atomic_store_n(m, 0, __ATOMIC_SEQ_CST);
        futex(m, FUTEX_WAKE_PRIVATE, 1, 0, 0, 0);
    }
}

/* ---------------------------------------------------------------- part 1: threads by each call */

struct thr {
    int ptid, ctid;           /* CLONE_PARENT_SETTID and CLONE_CHILD_CLEARTID slots */
    int slot;                 /* stack and TLS block */
    uint64_t mark;            /* what this thread writes through its thread pointer */
    int pid, tid, ppid;       /* as the thread saw them */
    unsigned long tp, tp_after;
};
static struct thr thr[NTHR];

static int worker(void *arg)
{
    struct thr *t = arg;
    unsigned long tp = read_tp();
    t->tp = tp;
    if (tp == (unsigned long)&tls[t->slot]) tp_store_mark(t->mark);
    t->pid = (int)sys_getpid();
    t->tid = (int)sys_gettid();
    t->ppid = (int)sys_getppid();
    for (int i = 0; i < M; i++) {
        lock(&lock_word);
        int v = counter;
        if (i % YIELD_EVERY == 0) sys_sched_yield();   /* hold the lock across a switch */
        counter = v + 1;
        unlock(&lock_word);
    }
    t->tp_after = read_tp();
    return 0;
}

static int main_pid, main_ppid;

static void part_threads(int via)
{
    const char *name = via_name[via];
    int before = counter;
    int made = 0;
    for (int i = 0; i < NTHR; i++) {
        struct thr *t = &thr[i];
        memset(t, 0, sizeof *t);
        t->slot = i;
        t->mark = 0x7c5a0000u + (uint64_t)via * 16 + (uint64_t)i;
        long r = spawn(via, THREAD_FLAGS, i, &t->ptid, &t->ctid, worker, t);
        if (r < 0) {
            if (i == 0 && r == -ENOSYS) { printf("%s: ENOSYS, skipped\n", name); return; }
            printf("%s: thread %d: %s\n", name, i, rt_errname(r));
            break;
        }
        made++;
    }
    for (int i = 0; i < made; i++) join(&thr[i].ctid);

    int own_tp = 0, marked = 0, kept_tp = 0, ids = 0, ptid_ok = 0, cleared = 0;
    for (int i = 0; i < made; i++) {
        struct thr *t = &thr[i];
        cleared += t->ctid == 0;
        own_tp += t->tp == (unsigned long)&tls[i];
        kept_tp += t->tp_after == (unsigned long)&tls[i];
        /* Its mark is in its own block, and the self/owner words were left alone. */
        marked += tls[i].mark == t->mark && tls[i].self == (unsigned long)&tls[i] && tls[i].owner == 0;
        int distinct = 1;
        for (int j = 0; j < made; j++) if (j != i && thr[j].tid == t->tid) distinct = 0;
        ids += t->pid == main_pid && t->ppid == main_ppid && t->tid != main_pid && t->tid > 0 && distinct;
        ptid_ok += t->ptid == t->tid && t->ptid > 0;
    }
    printf("%s: %d threads created, joined by child_tid (cleared to 0: %d/%d)\n", name, made, cleared, made);
    printf("%s: counter +%d, expected %d\n", name, counter - before, made * M);
    printf("%s: thread pointer = the TLS block given to clone: %d/%d\n", name, own_tp, made);
    printf("%s: TLS block written through the thread pointer, each by its owner: %d/%d\n", name, marked, made);
    printf("%s: thread pointer unchanged after %d lock rounds: %d/%d\n", name, M, kept_tp, made);
    printf("%s: getpid = group, getppid = main's, gettid own and distinct: %d/%d\n", name, ids, made);
    printf("%s: parent_tid slot = the thread's gettid: %d/%d\n", name, ptid_ok, made);
}

/* ---------------------------------------------------------------- part 2: preemption */

#define TURNS 5
static int turn;
static int spin_done[2];

/* Pass the turn back and forth by spinning on memory only: with one CPU this finishes only if a
 * spinning thread is preempted. */
static int spinner(void *arg)
{
    int me = (int)(long)arg;
    for (int i = 0; i < TURNS; i++) {
        while (__atomic_load_n(&turn, __ATOMIC_SEQ_CST) != me) { /* spin: no syscall */ }
        __atomic_store_n(&turn, 1 - me, __ATOMIC_SEQ_CST);
    }
    spin_done[me] = 1;
    return 0;
}

static void part_preemption(void)
{
    static int ptid[2], ctid[2];
    turn = 0;
    for (int i = 0; i < 2; i++)
        if (spawn(VIA_CLONE, THREAD_FLAGS, i, &ptid[i], &ctid[i], spinner, (void *)(long)i) < 0) {
            printf("preemption: clone failed\n");
            return;
        }
    for (int i = 0; i < 2; i++) join(&ctid[i]);
    printf("preemption: 2 threads passed a turn %d times each, spinning without syscalls: %s\n", TURNS,
           yn(spin_done[0] && spin_done[1] && turn == 0));
}

/* ---------------------------------------------------------------- part 3: CLONE_VFORK */

static int vfork_word, vfork_pid, vfork_ppid;

static int vfork_child(void *arg)
{
    (void)arg;
    /* Give a parent that was not suspended every chance to run and look too early. */
    for (int i = 0; i < 20; i++) sys_sched_yield();
    vfork_pid = (int)sys_getpid();
    vfork_ppid = (int)sys_getppid();
    __atomic_store_n(&vfork_word, 0x5eed, __ATOMIC_SEQ_CST);
    return 7;
}

static void part_vfork(void)
{
    vfork_word = 0;
    long pid = rt_clone_call(__NR_clone, RT_CLONE_ARGS(CLONE_VM | CLONE_VFORK | SIGCHLD, stacks[0] + STACK_SIZE, 0, 0, 0),
                             vfork_child, 0);
    int seen = __atomic_load_n(&vfork_word, __ATOMIC_SEQ_CST);
    if (pid < 0) { printf("vfork: %s\n", rt_errname(pid)); return; }
    int st = 0;
    long w = sys_wait4((int)pid, &st, 0, 0);
    printf("vfork: the child wrote 0x5eed before exiting; the parent saw it when clone returned: %s\n", yn(seen == 0x5eed));
    printf("vfork: the child is its own process (pid = clone's result, ppid = ours): %s\n",
           yn(vfork_pid == pid && vfork_pid != main_pid && vfork_ppid == main_pid));
    printf("vfork: wait4 -> the child: %s, status 0x%x\n", yn(w == pid), st);
}

/* ---------------------------------------------------------------- part 4: futex */

struct waiter { int *word; int op; int val; int bitset; long result; int ctid, ptid; };
static struct waiter wt[NSTACKS];
static int woken_count;

static int waiter_fn(void *arg)
{
    struct waiter *w = arg;
    w->result = futex_wait(w->word, w->op, w->val, 0, w->bitset);
    __atomic_add_fetch(&woken_count, 1, __ATOMIC_SEQ_CST);
    return 0;
}

/* n waiters on *word (private FUTEX_WAIT for value 0, or WAIT_BITSET with bitsets[i]), started
 * at waiter index `first`; returns 1 once all n are queued in the kernel. */
static int start_waiters(int first, int n, int *word, const int *bitsets)
{
    for (int i = first; i < first + n; i++) {
        wt[i].word = word;
        wt[i].op = bitsets ? FUTEX_WAIT_BITSET_PRIVATE : FUTEX_WAIT_PRIVATE;
        wt[i].val = __atomic_load_n(word, __ATOMIC_SEQ_CST);
        wt[i].bitset = bitsets ? bitsets[i - first] : 0;
        wt[i].result = -1;
        if (spawn(VIA_CLONE, THREAD_FLAGS, i, &wt[i].ptid, &wt[i].ctid, waiter_fn, &wt[i]) < 0) return 0;
    }
    return await_waiters(word, n);
}

/* Join waiters [first, first+n); how many returned 0 from their wait. */
static int join_waiters(int first, int n)
{
    int ok = 0;
    for (int i = first; i < first + n; i++) { join(&wt[i].ctid); ok += wt[i].result == 0; }
    return ok;
}

static void part_futex(void)
{
    static int w, a, b, c, d, e;

    /* Timeouts: a relative one (WAIT), absolute ones (WAIT_BITSET) on both clocks. */
    long t0 = now_ns(MY_CLOCK_MONOTONIC);
    struct ts rel = ts_of(2000000);
    long r = futex_wait(&w, FUTEX_WAIT_PRIVATE, 0, &rel, 0);
    long t1 = now_ns(MY_CLOCK_MONOTONIC);
    printf("futex WAIT, 2 ms relative timeout: %s, >= 2 ms passed: %s\n", rt_errname(r), yn(t1 - t0 >= 2000000));

    long dl = now_ns(MY_CLOCK_MONOTONIC) + 2000000;
    struct ts abs = ts_of(dl);
    r = futex_wait(&w, FUTEX_WAIT_BITSET_PRIVATE, 0, &abs, FUTEX_BITSET_MATCH_ANY);
    printf("futex WAIT_BITSET, absolute CLOCK_MONOTONIC deadline: %s, deadline passed: %s\n", rt_errname(r),
           yn(now_ns(MY_CLOCK_MONOTONIC) >= dl));

    dl = now_ns(MY_CLOCK_REALTIME) + 2000000;
    abs = ts_of(dl);
    r = futex_wait(&w, FUTEX_WAIT_BITSET_PRIVATE | FUTEX_CLOCK_REALTIME, 0, &abs, FUTEX_BITSET_MATCH_ANY);
    printf("futex WAIT_BITSET|CLOCK_REALTIME, absolute deadline: %s, deadline passed: %s\n", rt_errname(r),
           yn(now_ns(MY_CLOCK_REALTIME) >= dl));

    r = futex_wait(&w, FUTEX_WAIT_PRIVATE, 1, 0, 0);
    long r2 = futex_wait(&w, FUTEX_WAIT_PRIVATE, 1, &rel, 0);
    printf("futex WAIT, word 0 but 1 expected: %s; with a timeout: %s\n", rt_errname(r), rt_errname(r2));

    /* WAKE counts with 3 waiters queued. */
    woken_count = 0;
    int q = start_waiters(0, 3, &a, 0);
    long k1 = futex(&a, FUTEX_WAKE_PRIVATE, 1, 0, 0, 0);
    long left = count_waiters(&a);
    long k2 = futex(&a, FUTEX_WAKE_PRIVATE, INT_MAX_, 0, 0, 0);
    long k3 = futex(&a, FUTEX_WAKE_PRIVATE, INT_MAX_, 0, 0, 0);
    int ok = join_waiters(0, 3);
    printf("futex WAKE: 3 waiters queued: %s; wake 1 -> %ld (%ld left), wake all -> %ld, again -> %ld; waits returned 0: %d/3\n",
           yn(q), k1, left, k2, k3, ok);

    /* REQUEUE and CMP_REQUEUE: 3 waiters on a, moved to b. */
    a = 0; b = 0;
    q = start_waiters(0, 3, &a, 0);
    long rq = futex(&a, FUTEX_REQUEUE_PRIVATE, 1, 1, &b, 0);
    long na = count_waiters(&a), nb = count_waiters(&b);
    printf("futex REQUEUE(wake 1, move 1) with 3 queued (%s): -> %ld; then %ld on the first word, %ld on the second\n",
           yn(q), rq, na, nb);
    long cr = futex(&a, FUTEX_CMP_REQUEUE_PRIVATE, 0, INT_MAX_, &b, 1);
    printf("futex CMP_REQUEUE, word 0 but 1 expected: %s\n", rt_errname(cr));
    cr = futex(&a, FUTEX_CMP_REQUEUE_PRIVATE, 0, INT_MAX_, &b, 0);
    na = count_waiters(&a); nb = count_waiters(&b);
    printf("futex CMP_REQUEUE(wake 0, move all) -> %ld; then %ld on the first word, %ld on the second\n", cr, na, nb);
    k1 = futex(&a, FUTEX_WAKE_PRIVATE, INT_MAX_, 0, 0, 0);
    k2 = futex(&b, FUTEX_WAKE_PRIVATE, INT_MAX_, 0, 0, 0);
    ok = join_waiters(0, 3);
    printf("futex WAKE first word -> %ld, second word -> %ld; waits returned 0: %d/3\n", k1, k2, ok);

    /* WAIT_BITSET / WAKE_BITSET: waiters with bitsets 1 and 2 on one word. */
    static const int bits[2] = { 1, 2 };
    woken_count = 0;
    c = 0;
    q = start_waiters(0, 2, &c, bits);
    long b2 = futex(&c, FUTEX_WAKE_BITSET_PRIVATE, INT_MAX_, 0, 0, 2);
    int one = await_value(&woken_count, 1);
    int right = one && wt[1].result == 0 && wt[0].result == -1;
    long b4 = futex(&c, FUTEX_WAKE_BITSET_PRIVATE, INT_MAX_, 0, 0, 4);
    long b1 = futex(&c, FUTEX_WAKE_BITSET_PRIVATE, INT_MAX_, 0, 0, 1);
    long b0 = futex(&c, FUTEX_WAKE_BITSET_PRIVATE, INT_MAX_, 0, 0, 0);
    ok = join_waiters(0, 2);
    printf("futex WAKE_BITSET with waiters on bits 1 and 2 (%s): bits 2 -> %ld (that waiter: %s), bits 4 -> %ld, bits 1 -> %ld, bits 0 -> %s; waits returned 0: %d/2\n",
           yn(q), b2, yn(right), b4, b1, rt_errname(b0), ok);

    /* WAKE_OP: one waiter on d (value 0), one on e (value 5). */
    d = 0; e = 5;
    q = start_waiters(0, 1, &d, 0) && start_waiters(1, 1, &e, 0);
    long o1 = futex(&d, FUTEX_WAKE_OP_PRIVATE, 1, 1, &e, FUTEX_OP(FUTEX_OP_ADD, 3, FUTEX_OP_CMP_EQ, 5));
    int e1 = e;
    long o2 = futex(&d, FUTEX_WAKE_OP_PRIVATE, 1, 1, &e, FUTEX_OP(FUTEX_OP_OR, 0x10, FUTEX_OP_CMP_LT, 0));
    ok = join_waiters(0, 2);
    printf("futex WAKE_OP (%s): ADD 3 if old == 5 -> %ld, word 5 -> %d; OR 0x10 if old < 0 -> %ld, word -> 0x%x; waits returned 0: %d/2\n",
           yn(q), o1, e1, o2, e, ok);

    /* Sleeps on the same clock. */
    t0 = now_ns(MY_CLOCK_MONOTONIC);
    struct ts three = ts_of(3000000);
    r = syscall2(__NR_nanosleep, (long)&three, 0);
    t1 = now_ns(MY_CLOCK_MONOTONIC);
    printf("nanosleep 3 ms: %ld, >= 3 ms passed: %s\n", r, yn(t1 - t0 >= 3000000));
    dl = now_ns(MY_CLOCK_MONOTONIC) + 3000000;
    abs = ts_of(dl);
    r = syscall4(__NR_clock_nanosleep, MY_CLOCK_MONOTONIC, MY_TIMER_ABSTIME, (long)&abs, 0);
    printf("clock_nanosleep TIMER_ABSTIME: %ld, deadline passed: %s\n", r, yn(now_ns(MY_CLOCK_MONOTONIC) >= dl));
}

/* ---------------------------------------------------------------- part 6: wait4 and threads */

static int gate;
static int forked_pid;

static int gate_fn(void *arg)
{
    (void)arg;
    futex_wait(&gate, FUTEX_WAIT_PRIVATE, 0, 0, 0);
    return 0;
}

/* A thread forks a process; the child reports through its exit status whether its parent is the
 * thread group (getppid = the group's pid). */
static int forking_fn(void *arg)
{
    (void)arg;
    long pid = sys_clone(SIGCHLD, 0, 0, 0, 0);
    if (pid == 0) sys_exit_group(sys_getppid() == main_pid ? 5 : 6);
    forked_pid = (int)pid;
    return 0;
}

static void part_wait(void)
{
    static int ptid, ctid;
    int st = 0;
    gate = 0;
    long r = spawn(VIA_CLONE, THREAD_FLAGS, 0, &ptid, &ctid, gate_fn, 0);
    int q = r > 0 && await_waiters(&gate, 1);
    long w1 = sys_wait4((int)r, &st, 0, 0);
    long w2 = sys_wait4((int)r, &st, __WALL, 0);
    long w3 = sys_wait4(-1, &st, WNOHANG, 0);
    long w4 = sys_wait4(main_pid, &st, __WALL | WNOHANG, 0);
    printf("wait4 with a live thread (%s): its tid -> %s, its tid with __WALL -> %s, -1 WNOHANG -> %s, own pid -> %s\n",
           yn(q), rt_errname(w1), rt_errname(w2), rt_errname(w3), rt_errname(w4));
    __atomic_store_n(&gate, 1, __ATOMIC_SEQ_CST);
    futex(&gate, FUTEX_WAKE_PRIVATE, 1, 0, 0, 0);
    join(&ctid);
    long w5 = sys_wait4((int)r, &st, 0, 0);
    printf("wait4 on the thread's tid after it exited: %s\n", rt_errname(w5));

    forked_pid = 0;
    r = spawn(VIA_CLONE, THREAD_FLAGS, 0, &ptid, &ctid, forking_fn, 0);
    if (r > 0) join(&ctid);
    st = 0;
    long w6 = sys_wait4(-1, &st, 0, 0);
    printf("a process forked by a thread: its getppid was the group's pid, the main thread reaps it: %s, status 0x%x\n",
           yn(forked_pid > 0 && w6 == forked_pid), st);
}

/* ---------------------------------------------------------------- part 5: exit_group from a thread */

static int never;

static int group_exiter(void *arg)
{
    for (int i = 0; i < 3; i++) sys_sched_yield();
    sys_exit_group((int)(long)arg);
}

/* A forked child whose main thread sleeps in a futex (spin = 0) or spins without syscalls
 * (spin = 1) while a second thread calls exit_group(status). If the main thread survived the
 * exit_group, the child ends with 99 instead. */
static void exit_group_case(int spin, int status)
{
    static int ptid, ctid;
    long pid = sys_clone(SIGCHLD, 0, 0, 0, 0);
    if (pid == 0) {
        if (spawn(VIA_CLONE, THREAD_FLAGS, 1, &ptid, &ctid, group_exiter, (void *)(long)status) < 0) sys_exit_group(98);
        if (spin) {
            for (volatile long i = 0; i < 200000000L; i++) { }
        } else {
            struct ts ten = ts_of(10000000000L);
            futex_wait(&never, FUTEX_WAIT_PRIVATE, 0, &ten, 0);
        }
        sys_exit_group(99);
    }
    int st = 0;
    long w = sys_wait4((int)pid, &st, 0, 0);
    printf("exit_group(%d) in a second thread of a child whose main thread %s: wait4 -> the child: %s, status 0x%x\n",
           status, spin ? "spins" : "sleeps in futex", yn(w == pid), st);
}

/* ---------------------------------------------------------------- main */

int main(void)
{
    main_pid = (int)sys_getpid();
    main_ppid = (int)sys_getppid();
    unsigned long main_tp = read_tp();
    printf("threads3: %d threads per call, %d locked increments each\n", NTHR, M);
    printf("main: gettid = getpid: %s\n", yn(sys_gettid() == main_pid));

    for (int via = VIA_CLONE; via <= VIA_CLONE3; via++) part_threads(via);
    printf("all calls: counter %d, expected %d; lock contended (futex waits): %s\n", counter, 3 * NTHR * M,
           yn(lock_waits > 0));

    part_preemption();
    part_vfork();
    part_futex();
    part_wait();
    exit_group_case(0, 42);
    exit_group_case(1, 43);

    printf("main: thread pointer unchanged: %s\n", yn(read_tp() == main_tp));
    printf("main: done\n");
    return 0;
}
