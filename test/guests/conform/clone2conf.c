/*
 * clone2conf — conformance walk of clone2 (tricorn's syscall 1000) and PID namespaces, as
 * docs/clone2.md and docs/pid-namespaces.md fix them.
 *
 * One transcript line per check. The expected transcript (clone2conf.expected) is derived by
 * hand in clone2.expected.md; it must be identical on x86_64, aarch64, ppc64 and ppc64le, so
 * nothing here prints addresses or anything arch-specific.
 *
 * Ordering rule that keeps the transcript deterministic whatever the scheduler's quantum:
 * a process prints only at points ordered by wait4 or by its own program order. A parent
 * prints nothing between creating a child that may print and reaping it; a child that runs
 * concurrently with a parent that prints exits silently. The only spin (F6, the orphan) waits
 * for a state change (its parent's exit), not for time, and is bounded.
 *
 * Every clone2 child is fork-like (child_stack = 0: it resumes on a copy of the caller's
 * stack and sees 0), and carries SIGCHLD as its exit signal so plain wait4 reaps it.
 */
#include "rt.h"

#define SENT 11111       /* what a TID slot holds before the kernel writes it */
#define NS_MAX_LEVEL 32  /* docs/pid-namespaces.md: at most 32 levels deep */

/* TID slots, in static data: a -static -nostdlib binary links its data below 4 GiB on all four
 * arches, as clone_struct's 32-bit parent_tid/child_tid need. slots[0] and slots[3] are guards:
 * a pid_t is 4 bytes, so an 8-byte store into a slot would show in its neighbour. */
static volatile int slots[4] = { SENT, SENT, SENT, SENT };
#define SLOT_P (&slots[1])
#define SLOT_C (&slots[2])

static int depth; /* namespace level of the running process, for the nesting chain (H) */

static void reset_slots(void) { slots[0] = slots[1] = slots[2] = slots[3] = SENT; }
static const char *guards(void) { return (slots[0] == SENT && slots[3] == SENT) ? "intact" : "CLOBBERED"; }

static uint32_t addr32(volatile int *p) { return (uint32_t)(uintptr_t)p; }

/* A result: the number, or the errno's name. Rotating buffers: several per printf. */
static const char *R(long r)
{
    static char buf[8][32];
    static unsigned n;
    char *b = buf[n++ & 7];
    if (RT_IS_ERR(r)) {
        const char *name = rt_errname(r);
        if (name[0] == 'E' && name[1] == '?') snprintf(b, 32, "errno %ld", -r);
        else return name;
    } else {
        snprintf(b, 32, "%ld", r);
    }
    return b;
}

static void cs_init(struct clone_struct *cs, uint64_t flags, uint32_t nr)
{
    memset(cs, 0, sizeof *cs);
    cs->flags = flags;
    cs->nr_pids = nr;
}

static long c2(uint64_t flags, uint32_t nr, const int *pids)
{
    struct clone_struct cs;
    cs_init(&cs, flags, nr);
    return sys_clone2(&cs, (rt_pid_t *)pids);
}

static long c2t(uint64_t flags, uint32_t nr, const int *pids, volatile int *ptid, volatile int *ctid)
{
    struct clone_struct cs;
    cs_init(&cs, flags, nr);
    cs.parent_tid = ptid ? addr32(ptid) : 0;
    cs.child_tid = ctid ? addr32(ctid) : 0;
    return sys_clone2(&cs, (rt_pid_t *)pids);
}

/* wait4 for one child; the status lands in wst. A failed clone (pid <= 0) is not waited for. */
static int wst;
static long wt(long pid)
{
    wst = 0;
    if (pid <= 0) return 0;
    return sys_wait4((int)pid, &wst, 0, 0);
}
static const char *W(long r)
{
    static char buf[4][64];
    static unsigned n;
    char *b = buf[n++ & 3];
    if (r == 0) return "wait4 skipped";
    if (RT_IS_ERR(r)) snprintf(b, 64, "wait4 -> %s", R(r));
    else snprintf(b, 64, "wait4 -> %ld status 0x%04x", r, (unsigned)wst & 0xffff);
    return b;
}

/* A call expected to be refused. Should the kernel create a child anyway, that child exits
 * at once (status 99) and is reaped here, so no stray process disturbs later checks. */
static long refuse_cs(struct clone_struct *cs, const int *pids)
{
    long r = sys_clone2(cs, (rt_pid_t *)pids);
    if (r == 0) sys_exit_group(99);
    if (r > 0) wt(r);
    return r;
}
static long refuse(uint64_t flags, uint32_t nr, const int *pids)
{
    struct clone_struct cs;
    cs_init(&cs, flags, nr);
    return refuse_cs(&cs, pids);
}

/* A child that reports its identity as its own namespace sees it, then exits with `code`. */
static __attribute__((noreturn)) void child_ids(const char *tag, int code)
{
    printf("%s child: getpid=%ld getppid=%ld gettid=%ld\n", tag, sys_getpid(), sys_getppid(), sys_gettid());
    sys_exit_group(code);
}

/* A child that must stay alive until its namespace's init kills it. */
static __attribute__((noreturn)) void spin_forever(void)
{
    for (;;) sys_sched_yield();
}

/* ---------------------------------------------------------------- A: legacy clone */
static void legacy_clone(void)
{
    long r, w;

    r = sys_clone(SIGCHLD, 0, 0, 0, 0);
    if (r == 0) child_ids("A1", 7);
    w = wt(r);
    printf("A1 clone(SIGCHLD) -> %s; %s\n", R(r), W(w));

    r = sys_clone(CLONE_NEWPID | SIGCHLD, 0, 0, 0, 0);
    if (r == 0) child_ids("A2", 3);
    w = wt(r);
    printf("A2 clone(CLONE_NEWPID|SIGCHLD) -> %s; %s\n", R(r), W(w));

    reset_slots();
    r = sys_clone(CLONE_PARENT_SETTID | CLONE_CHILD_SETTID | SIGCHLD, 0, (int *)SLOT_P, (int *)SLOT_C, 0);
    if (r == 0) {
        printf("A3 child: getpid=%ld parent_tid slot=%d child_tid slot=%d guards %s\n",
               sys_getpid(), *SLOT_P, *SLOT_C, guards());
        sys_exit_group(0);
    }
    int sp = *SLOT_P, sc = *SLOT_C;
    w = wt(r);
    printf("A3 clone(CLONE_PARENT_SETTID|CLONE_CHILD_SETTID|SIGCHLD) -> %s; parent's slots: parent_tid=%d child_tid=%d guards %s; %s\n",
           R(r), sp, sc, guards(), W(w));
}

/* ---------------------------------------------------------------- B: pids in the root namespace */
static void root_pids(void)
{
    long r, w;
    static const int p500[1] = { 500 }, p0[1] = { 0 }, p5[1] = { 5 };

    r = c2(SIGCHLD, 1, p500);
    if (r == 0) child_ids("B1", 0);
    w = wt(r);
    printf("B1 clone2(nr_pids=1, [500]) -> %s; %s\n", R(r), W(w));

    r = c2(SIGCHLD, 0, 0);
    if (r == 0) child_ids("B2", 0);
    w = wt(r);
    printf("B2 clone2(nr_pids=0, pids=NULL) -> %s; %s\n", R(r), W(w));

    r = c2(SIGCHLD, 1, p0);
    if (r == 0) child_ids("B3", 0);
    w = wt(r);
    printf("B3 clone2(nr_pids=1, [0]) -> %s; %s\n", R(r), W(w));

    r = c2(SIGCHLD, 1, p500);
    if (r == 0) sys_exit_group(0);
    w = wt(r);
    printf("B4 clone2([500]) again after reaping -> %s; %s\n", R(r), W(w));

    r = c2(SIGCHLD, 1, p5);
    if (r == 0) sys_exit_group(0);
    w = wt(r);
    printf("B5 clone2([5]) (a reaped kernel-chosen pid) -> %s; %s\n", R(r), W(w));

    r = c2(SIGCHLD, 0, 0);
    if (r == 0) sys_exit_group(0);
    w = wt(r);
    printf("B6 clone2(nr_pids=0) -> %s; %s\n", R(r), W(w));

    r = c2(SIGCHLD, 0, (const int *)0x10);
    if (r == 0) sys_exit_group(0);
    w = wt(r);
    printf("B7 clone2(nr_pids=0, pids=0x10) -> %s; %s\n", R(r), W(w));
}

/* ---------------------------------------------------------------- C: EBUSY */
static void busy(void)
{
    long r, r2, w;
    static const int p1[1] = { 1 }, p600[1] = { 600 };

    r = refuse(SIGCHLD, 1, p1);
    printf("C1 clone2([1]) -> %s\n", R(r));

    r = c2(SIGCHLD, 1, p600);
    if (r == 0) sys_exit_group(5);  /* silent: the parent prints meanwhile */
    printf("C2 clone2([600]) -> %s (child exits at once, not reaped yet)\n", R(r));
    r2 = refuse(SIGCHLD, 1, p600);
    printf("C3 clone2([600]) while 600 is alive or a zombie -> %s\n", R(r2));
    w = wt(r);
    printf("C4 %s\n", W(w));

    r = c2(SIGCHLD, 1, p600);
    if (r == 0) child_ids("C5", 0);
    w = wt(r);
    printf("C5 clone2([600]) after reaping -> %s; %s\n", R(r), W(w));
}

/* ---------------------------------------------------------------- D: EINVAL, EFAULT */
static void refusals(void)
{
    long r, w;
    struct clone_struct cs;
    static const int pm1[1] = { -1 }, pmin[1] = { (int)0x80000000u }, pmax[1] = { 32768 },
                     p40k[1] = { 40000 }, pmaxm1[1] = { 32767 }, p800[2] = { 800, 801 }, p810[1] = { 810 };

    printf("D1 clone2([-1]) -> %s\n", R(refuse(SIGCHLD, 1, pm1)));
    printf("D2 clone2([-2147483648]) -> %s\n", R(refuse(SIGCHLD, 1, pmin)));
    printf("D3 clone2([32768]) (= pid_max) -> %s\n", R(refuse(SIGCHLD, 1, pmax)));
    printf("D4 clone2([40000]) (> pid_max) -> %s\n", R(refuse(SIGCHLD, 1, p40k)));

    r = c2(SIGCHLD, 1, pmaxm1);
    if (r == 0) child_ids("D5", 0);
    w = wt(r);
    printf("D5 clone2([32767]) (= pid_max-1) -> %s; %s\n", R(r), W(w));

    printf("D6 clone2(nr_pids=2, [800, 801]) at level 0 -> %s\n", R(refuse(SIGCHLD, 2, p800)));
    printf("D7 clone2(CLONE_NEWPID, nr_pids=2, [800, 801]) at level 0 -> %s\n",
           R(refuse(CLONE_NEWPID | SIGCHLD, 2, p800)));
    printf("D8 clone2(flags=SIGCHLD|1<<40, [810]) -> %s\n", R(refuse(SIGCHLD | (1ULL << 40), 1, p810)));
    printf("D9 clone2(flags=SIGCHLD|1<<63, [810]) -> %s\n", R(refuse(SIGCHLD | (1ULL << 63), 1, p810)));

    cs_init(&cs, SIGCHLD, 1);
    cs.reserved1 = 1;
    printf("D10 clone2(reserved1=1, [810]) -> %s\n", R(refuse_cs(&cs, p810)));
    cs_init(&cs, SIGCHLD, 1);
    cs.reserved2 = 1;
    printf("D11 clone2(reserved2=1, [810]) -> %s\n", R(refuse_cs(&cs, p810)));
    cs_init(&cs, SIGCHLD, 1);
    cs.reserved2 = 1ULL << 32;
    printf("D12 clone2(reserved2=1<<32, [810]) -> %s\n", R(refuse_cs(&cs, p810)));

    printf("D13 clone2(cs=NULL) -> %s\n", R(refuse_cs((struct clone_struct *)0, p810)));
    printf("D14 clone2(cs=0x10) -> %s\n", R(refuse_cs((struct clone_struct *)0x10, p810)));
    printf("D15 clone2(nr_pids=1, pids=NULL) -> %s\n", R(refuse(SIGCHLD, 1, (const int *)0)));
    printf("D16 clone2(nr_pids=1, pids=0x10) -> %s\n", R(refuse(SIGCHLD, 1, (const int *)0x10)));

    r = c2(SIGCHLD, 0, 0);
    if (r == 0) sys_exit_group(0);
    w = wt(r);
    printf("D17 clone2(nr_pids=0) after the refusals -> %s; %s\n", R(r), W(w));
}

/* ---------------------------------------------------------------- E: TID slots */
static void tid_slots(void)
{
    long r, w;
    int sp, sc;
    static const int p510[1] = { 510 }, p520[1] = { 520 }, p530[1] = { 530 }, p540[1] = { 540 };

    printf("E0 TID slots below 4 GiB: %s\n",
           ((uintptr_t)&slots[0] >> 32) == 0 && ((uintptr_t)&slots[3] >> 32) == 0 ? "yes" : "no");

    reset_slots();
    r = c2t(CLONE_PARENT_SETTID | SIGCHLD, 1, p510, SLOT_P, 0);
    if (r == 0) {
        printf("E1 child: getpid=%ld parent_tid slot=%d guards %s\n", sys_getpid(), *SLOT_P, guards());
        sys_exit_group(0);
    }
    sp = *SLOT_P;
    sc = *SLOT_C;
    w = wt(r);
    printf("E1 clone2(CLONE_PARENT_SETTID, [510]) -> %s; parent's slots: parent_tid=%d child_tid=%d guards %s; %s\n",
           R(r), sp, sc, guards(), W(w));

    reset_slots();
    r = c2t(CLONE_CHILD_SETTID | SIGCHLD, 1, p520, 0, SLOT_C);
    if (r == 0) {
        printf("E2 child: getpid=%ld child_tid slot=%d guards %s\n", sys_getpid(), *SLOT_C, guards());
        sys_exit_group(0);
    }
    sc = *SLOT_C;
    w = wt(r);
    printf("E2 clone2(CLONE_CHILD_SETTID, [520]) -> %s; parent's child_tid slot=%d; %s\n", R(r), sc, W(w));

    reset_slots();
    r = c2t(CLONE_NEWPID | CLONE_PARENT_SETTID | CLONE_CHILD_SETTID | SIGCHLD, 1, p530, SLOT_P, SLOT_C);
    if (r == 0) {
        printf("E3 child: getpid=%ld getppid=%ld parent_tid slot=%d child_tid slot=%d guards %s\n",
               sys_getpid(), sys_getppid(), *SLOT_P, *SLOT_C, guards());
        sys_exit_group(0);
    }
    sp = *SLOT_P;
    sc = *SLOT_C;
    w = wt(r);
    printf("E3 clone2(CLONE_NEWPID|CLONE_PARENT_SETTID|CLONE_CHILD_SETTID, [530]) -> %s; parent's slots: parent_tid=%d child_tid=%d guards %s; %s\n",
           R(r), sp, sc, guards(), W(w));

    reset_slots();
    r = c2t(CLONE_CHILD_SETTID | CLONE_CHILD_CLEARTID | SIGCHLD, 1, p540, 0, SLOT_C);
    if (r == 0) {
        printf("E4 child: getpid=%ld child_tid slot=%d\n", sys_getpid(), *SLOT_C);
        sys_exit_group(0);
    }
    w = wt(r);
    printf("E4 clone2(CLONE_CHILD_SETTID|CLONE_CHILD_CLEARTID, [540]) -> %s; %s; parent's child_tid slot=%d\n",
           R(r), W(w), *SLOT_C);
}

/* ---------------------------------------------------------------- F: namespaces */

/* J: init of a level-2 namespace (level-1 pid 72, root pid 720). */
static __attribute__((noreturn)) void level2_init(void)
{
    long r, w, q1, q2;
    static const int k[3] = { 730, 73, 7 }, k2[1] = { 8 }, k3[2] = { 74, 9 },
                     probe_l1[3] = { 731, 4, 99 }, probe_l0[3] = { 15, 75, 99 }, four[4] = { 732, 76, 10, 11 };

    printf("F7 J: getpid=%ld getppid=%ld gettid=%ld\n", sys_getpid(), sys_getppid(), sys_gettid());

    r = c2(SIGCHLD, 3, k);
    if (r == 0) child_ids("F7 K", 0);
    w = wt(r);
    printf("F7 J: clone2(nr_pids=3, [730, 73, 7]) -> %s; %s\n", R(r), W(w));

    r = c2(SIGCHLD, 1, k2);
    if (r == 0) child_ids("F7 K2", 0);
    q1 = refuse(SIGCHLD, 3, probe_l1);
    q2 = refuse(SIGCHLD, 3, probe_l0);
    w = wt(r);
    printf("F7 J: clone2(nr_pids=1, [8]) -> %s; while it lives: clone2([731, 4, 99]) -> %s, clone2([15, 75, 99]) -> %s; %s\n",
           R(r), R(q1), R(q2), W(w));

    r = c2(SIGCHLD, 2, k3);
    if (r == 0) child_ids("F7 K3", 0);
    w = wt(r);
    printf("F7 J: clone2(nr_pids=2, [74, 9]) -> %s; %s\n", R(r), W(w));

    printf("F7 J: clone2(nr_pids=4, [732, 76, 10, 11]) at level 2 -> %s\n", R(refuse(SIGCHLD, 4, four)));

    r = c2(SIGCHLD, 0, 0);
    if (r == 0) child_ids("F7 K4", 0);
    w = wt(r);
    printf("F7 J: clone2(nr_pids=0) -> %s; %s\n", R(r), W(w));

    sys_exit_group(22);
}

/* I: init of a level-1 namespace (root pid 700). Ends with exit_group(42). */
static __attribute__((noreturn)) void level1_init(void)
{
    long r, r2, q1, q2, w, w2;
    int sp;

    printf("F1 I: getpid=%ld getppid=%ld gettid=%ld\n", sys_getpid(), sys_getppid(), sys_gettid());

    /* F2: kernel-chosen at both levels */
    r = c2(SIGCHLD, 0, 0);
    if (r == 0) child_ids("F2", 0);
    w = wt(r);
    printf("F2 I: clone2(nr_pids=0) -> %s; %s\n", R(r), W(w));

    /* F3: a pid for the youngest level only; the root's is kernel-chosen (11, see notes) */
    {
        static const int p50[1] = { 50 }, probe[2] = { 11, 79 }, again[2] = { 11, 50 };
        r = c2(SIGCHLD, 1, p50);
        if (r == 0) child_ids("F3", 0);
        q1 = refuse(SIGCHLD, 2, probe);
        w = wt(r);
        printf("F3 I: clone2(nr_pids=1, [50]) -> %s; while it lives: clone2([11, 79]) -> %s; %s\n",
               R(r), R(q1), W(w));
        r = c2(SIGCHLD, 2, again);
        if (r == 0) sys_exit_group(0);
        w = wt(r);
        printf("F3 I: clone2([11, 50]) after reaping -> %s; %s\n", R(r), W(w));
    }

    /* F4: pids at both levels; PARENT_SETTID from a level-1 parent */
    {
        static const int p[2] = { 710, 70 }, probe0[2] = { 710, 79 }, probe1[2] = { 711, 70 };
        reset_slots();
        r = c2t(CLONE_PARENT_SETTID | SIGCHLD, 2, p, SLOT_P, 0);
        if (r == 0) child_ids("F4", 0);
        sp = *SLOT_P;
        q1 = refuse(SIGCHLD, 2, probe0);
        q2 = refuse(SIGCHLD, 2, probe1);
        w = wt(r);
        printf("F4 I: clone2(CLONE_PARENT_SETTID, [710, 70]) -> %s; parent_tid slot=%d; while it lives: clone2([710, 79]) -> %s, clone2([711, 70]) -> %s; %s\n",
               R(r), sp, R(q1), R(q2), W(w));
        r = c2(SIGCHLD, 2, p);
        if (r == 0) sys_exit_group(0);
        w = wt(r);
        printf("F4 I: clone2([710, 70]) after reaping -> %s; %s\n", R(r), W(w));
    }

    /* F5: refusals at level 1 */
    {
        static const int three[3] = { 720, 72, 7 }, a[2] = { 0, -1 }, b[2] = { -1, 79 }, c[2] = { 713, 32768 },
                         d[2] = { 714, 40000 }, e[2] = { 32768, 79 }, f[2] = { 1, -1 }, g[2] = { -1, 1 },
                         h[2] = { 1, 79 }, i[2] = { 712, 79 }, j[2] = { 713, 32767 };
        printf("F5 I: clone2(nr_pids=3, [720, 72, 7]) at level 1 -> %s\n", R(refuse(SIGCHLD, 3, three)));
        printf("F5 I: clone2(CLONE_NEWPID, nr_pids=3, [720, 72, 7]) at level 1 -> %s\n",
               R(refuse(CLONE_NEWPID | SIGCHLD, 3, three)));
        printf("F5 I: clone2([0, -1]) -> %s\n", R(refuse(SIGCHLD, 2, a)));
        printf("F5 I: clone2([-1, 79]) -> %s\n", R(refuse(SIGCHLD, 2, b)));
        printf("F5 I: clone2([713, 32768]) -> %s\n", R(refuse(SIGCHLD, 2, c)));
        printf("F5 I: clone2([714, 40000]) -> %s\n", R(refuse(SIGCHLD, 2, d)));
        printf("F5 I: clone2([32768, 79]) -> %s\n", R(refuse(SIGCHLD, 2, e)));
        printf("F5 I: clone2([1, -1]) -> %s\n", R(refuse(SIGCHLD, 2, f)));
        printf("F5 I: clone2([-1, 1]) -> %s\n", R(refuse(SIGCHLD, 2, g)));
        printf("F5 I: clone2([1, 79]) -> %s\n", R(refuse(SIGCHLD, 2, h)));
        r = c2(SIGCHLD, 2, i);
        if (r == 0) sys_exit_group(0);
        w = wt(r);
        printf("F5 I: clone2([712, 79]) -> %s; %s\n", R(r), W(w));
        printf("F5 I: clone2(nr_pids=1, pids=0x10) -> %s\n", R(refuse(SIGCHLD, 1, (const int *)0x10)));
        printf("F5 I: clone2(nr_pids=2, pids=0x10) -> %s\n", R(refuse(SIGCHLD, 2, (const int *)0x10)));
        r = c2(SIGCHLD, 2, j);
        if (r == 0) child_ids("F5", 0);
        w = wt(r);
        printf("F5 I: clone2([713, 32767]) -> %s; %s\n", R(r), W(w));
        r = c2(SIGCHLD, 0, 0);
        if (r == 0) child_ids("F5", 0);
        w = wt(r);
        printf("F5 I: clone2(nr_pids=0) -> %s; %s\n", R(r), W(w));
    }

    /* F6: an orphan inside the namespace is reparented to its init */
    {
        static const int pa[2] = { 0, 60 }, pb[1] = { 61 };
        r = c2(SIGCHLD, 2, pa);
        if (r == 0) {
            /* A (pid 60): makes B, reports, exits; B waits for that exit. */
            long b = c2(SIGCHLD, 1, pb);
            if (b == 0) {
                long pp = sys_getppid();
                for (int n = 0; n < 100000 && pp == 60; n++) {
                    sys_sched_yield();
                    pp = sys_getppid();
                }
                printf("F6 B: getpid=%ld getppid=%ld after its parent exited\n", sys_getpid(), pp);
                sys_exit_group(6);
            }
            printf("F6 A: getpid=%ld getppid=%ld clone2(nr_pids=1, [61]) -> %s; exiting\n",
                   sys_getpid(), sys_getppid(), R(b));
            sys_exit_group(0);
        }
        w = wt(r);
        int st = wst;
        w2 = wt(61);
        int st2 = wst;
        printf("F6 I: clone2([0, 60]) -> %s; wait4 -> %s status 0x%04x; wait4(61) -> %s status 0x%04x\n",
               R(r), R(w), (unsigned)st & 0xffff, R(w2), (unsigned)st2 & 0xffff);
    }

    /* F7: a namespace two deep */
    {
        static const int pj[2] = { 720, 72 };
        r = c2(CLONE_NEWPID | SIGCHLD, 2, pj);
        if (r == 0) level2_init();
        w = wt(r);
        printf("F7 I: clone2(CLONE_NEWPID, [720, 72]) -> %s; %s\n", R(r), W(w));
    }

    /* F8: leave processes behind and exit: they die with the namespace */
    {
        static const int ps[2] = { 740, 40 }, pt[2] = { 741, 41 }, pz[2] = { 742, 42 };
        r = c2(SIGCHLD, 2, ps);
        if (r == 0) spin_forever();
        r2 = c2(CLONE_NEWPID | SIGCHLD, 2, pt);
        if (r2 == 0) spin_forever();
        long r3 = c2(SIGCHLD, 2, pz);
        if (r3 == 0) sys_exit_group(0);
        printf("F8 I: clone2([740, 40]) -> %s (spins), clone2(CLONE_NEWPID, [741, 41]) -> %s (spins), clone2([742, 42]) -> %s (exits, never reaped); I exits 42\n",
               R(r), R(r2), R(r3));
    }
    sys_exit_group(42);
}

static void namespaces(void)
{
    long r, w;
    static const int pi[1] = { 700 }, p740[1] = { 740 }, p741[1] = { 741 }, p742[1] = { 742 };

    printf("F0 P: clone2(CLONE_NEWPID, [700]) makes I, the init of a level-1 namespace\n");
    r = c2(CLONE_NEWPID | SIGCHLD, 1, pi);
    if (r == 0) level1_init();
    w = wt(r);
    printf("F0 P: clone2 -> %s; %s\n", R(r), W(w));

    long a = c2(SIGCHLD, 1, p740);
    if (a == 0) sys_exit_group(0);
    wt(a);
    long b = c2(SIGCHLD, 1, p741);
    if (b == 0) sys_exit_group(0);
    wt(b);
    long c = c2(SIGCHLD, 1, p742);
    if (c == 0) sys_exit_group(0);
    wt(c);
    printf("F9 P: clone2([740]) -> %s, clone2([741]) -> %s, clone2([742]) -> %s\n", R(a), R(b), R(c));

    r = c2(SIGCHLD, 0, 0);
    if (r == 0) sys_exit_group(0);
    w = wt(r);
    printf("F10 P: clone2(nr_pids=0) -> %s; %s\n", R(r), W(w));
}

/* ---------------------------------------------------------------- H: nesting limit */
static void nesting(void)
{
    printf("H P: each process makes the next with clone2(CLONE_NEWPID, nr_pids=0)\n");
    for (;;) {
        long r = c2(CLONE_NEWPID | SIGCHLD, 0, 0);
        if (r == 0) {
            depth++;
            if (depth < NS_MAX_LEVEL + 8) continue;   /* bound, should ENOSPC never come */
            printf("H level %d: no ENOSPC\n", depth);
            sys_exit_group(depth & 0xff);
        }
        if (RT_IS_ERR(r)) {
            if (depth == 0) { printf("H P: clone2 -> %s\n", R(r)); return; }
            long ppid = sys_getppid(), pid = sys_getpid();
            long k = c2(SIGCHLD, 0, 0);
            if (k == 0) sys_exit_group(0);
            long w = wt(k);
            printf("H level %d: getpid=%ld getppid=%ld; clone2(CLONE_NEWPID) -> %s; clone2(nr_pids=0) -> %s; %s\n",
                   depth, pid, ppid, R(r), R(k), W(w));
            sys_exit_group(depth & 0xff);
        }
        long w = wt(r);
        if (depth > 0) sys_exit_group(WEXITSTATUS(wst));
        printf("H P: clone2 -> %s; %s\n", R(r), W(w));
        break;
    }

    long r = c2(SIGCHLD, 0, 0);
    if (r == 0) sys_exit_group(0);
    long w = wt(r);
    printf("H P: clone2(nr_pids=0) -> %s; %s\n", R(r), W(w));
}

/* ---------------------------------------------------------------- N: a namespace's first pid */
/* unshare(CLONE_NEWPID) makes P's next child pid 1 of a new namespace. A first attempt that is
 * refused at the root level (P asks for root pid 1, its own) must not cost the namespace its
 * pid 1: the new namespace's cursor goes back to 0, and the next child is its init. Last, as
 * P's children stay in that namespace from here on. */
static void first_pid(void)
{
    long r, w;
    static const int p1[1] = { 1 };

    printf("N P: unshare(CLONE_NEWPID) -> %s\n", R(sys_unshare(CLONE_NEWPID)));
    printf("N P: clone2([1]) -> %s\n", R(refuse(SIGCHLD, 1, p1)));
    r = c2(SIGCHLD, 0, 0);
    if (r == 0) child_ids("N", 0);
    w = wt(r);
    printf("N P: clone2(nr_pids=0) -> %s; %s\n", R(r), W(w));
}

/* ---------------------------------------------------------------- U: without CAP_SYS_ADMIN */
/* Run as a non-root user (tricorn run --uid 1000): choosing a pid is refused, letting the kernel
 * choose is not, and the refusal takes nothing from the cursor. Only the cases the specification settles:
 * a valid, free pid requested (EPERM, no other rule applies) and nr_pids = 0. */
static void unprivileged(void)
{
    long r, w;
    static const int p500[1] = { 500 };

    printf("U0 getuid=%ld\n", sys_getuid());
    printf("U1 clone2([500]) -> %s\n", R(refuse(SIGCHLD, 1, p500)));
    r = c2(SIGCHLD, 0, 0);
    if (r == 0) child_ids("U2", 0);
    w = wt(r);
    printf("U2 clone2(nr_pids=0) -> %s; %s\n", R(r), W(w));
    printf("U3 clone2([500]) -> %s\n", R(refuse(SIGCHLD, 1, p500)));
    r = c2(SIGCHLD, 0, 0);
    if (r == 0) sys_exit_group(0);
    w = wt(r);
    printf("U4 clone2(nr_pids=0) -> %s; %s\n", R(r), W(w));
}

int main(int argc, char **argv, char **envp)
{
    (void)argc; (void)argv; (void)envp;
    printf("P: getpid=%ld getppid=%ld gettid=%ld\n", sys_getpid(), sys_getppid(), sys_gettid());
    if (sys_getuid() != 0) {
        unprivileged();
        printf("done\n");
        return 0;
    }
    legacy_clone();
    root_pids();
    busy();
    refusals();
    tid_slots();
    namespaces();
    nesting();
    first_pid();
    printf("done\n");
    return 0;
}
