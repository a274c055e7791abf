/*
 * clone3conf: walks Linux's clone3 / set_tid / unshare(CLONE_NEWPID) rules and prints one
 * transcript line per check. The transcript must be identical on x86_64, aarch64, ppc64 and
 * ppc64le under tricorn, and equal to what Linux prints for the x86_64 build when the program
 * is pid 1 of a fresh PID namespace (the oracle, see NOTES.md):
 *
 *   unshare --fork --pid --mount-proc sh -c 'echo 32768 > /proc/sys/kernel/pid_max; exec ./clone3conf'
 *
 * Level independence. Under tricorn the program is pid 1 of the root namespace (level 0); in
 * the oracle it is pid 1 of a namespace at level 1, below the host's. Rules that depend on the
 * absolute level (set_tid_size <= level + 1, nesting stops at level 32) would print different
 * numbers, so the program first measures its own level with a probe that creates nothing
 * (set_tid = [1, 1, ...]: EEXIST while the size fits the depth, EINVAL one past it) and then
 * prints only level-relative facts, plus the absolute level at which nesting stops (which is
 * 32 on both only if the probe and the nesting limit agree).
 * Successful children only ever get pids chosen for the levels this program owns; the level
 * above it (the host's, in the oracle) is always left to the kernel.
 *
 * Determinism: children are waited for before the parent prints, every output line is one
 * write(), and the only kernel-chosen pids printed come from the first section, where the
 * allocation cursor of the program's namespace has a known history (pids 2, 3, ...).
 */
#include "rt.h"

#ifndef CLONE_NEWTIME
#define CLONE_NEWTIME 0x00000080
#endif

#define PID_MAX 32768        /* the oracle writes it; tricorn's default for the root namespace */
#define MAX_LEVEL 32         /* MAX_PID_NS_LEVEL */
#define SENTINEL (-7)

static int L = -1;           /* level of this program's own PID namespace: 0 tricorn, 1 oracle */

static const char *yn(int c) { return c ? "yes" : "no"; }

/* ---------------------------------------------------------------- clone3 plumbing */

static void ca_init(struct clone_args *a, uint64_t flags)
{
    memset(a, 0, sizeof *a);
    a->flags = flags;
    a->exit_signal = SIGCHLD;
}

static void ca_tids(struct clone_args *a, const int *t, int n)
{
    a->set_tid = (uint64_t)(uintptr_t)t;
    a->set_tid_size = (uint64_t)n;
}

/* clone3 that returns in the parent; the child runs fn(arg) and exits with its result. */
static long spawn(void *args, size_t size, int (*fn)(void *), void *arg)
{
    return rt_clone_call(__NR_clone3, (long)args, (long)size, 0, 0, 0, fn, arg);
}

static void status_str(char *buf, size_t n, int st)
{
    if (WIFEXITED(st)) snprintf(buf, n, "exit %d", WEXITSTATUS(st));
    else if (WIFSIGNALED(st)) snprintf(buf, n, "killed by signal %d", WTERMSIG(st));
    else snprintf(buf, n, "status 0x%x", st);
}

/* Reap one child and describe how it ended ("exit 0"); "wait4 -> E..." when that fails. */
static void reap(long pid, char *buf, size_t n)
{
    int st = 0;
    long w = sys_wait4((int)pid, &st, __WALL, 0);
    if (w != pid) {
        snprintf(buf, n, "wait4 -> %s%ld", RT_IS_ERR(w) ? rt_errname(w) : "pid ", RT_IS_ERR(w) ? 0L : w);
        return;
    }
    status_str(buf, n, st);
}

enum { HIDE_PID = 0, SHOW_PID = 1 };

/* One check: create, wait, print "label: pid P, exit N" / "label: ok, exit N" / "label: EXXX". */
static long check(const char *label, void *args, size_t size, int (*fn)(void *), void *arg, int show)
{
    long r = spawn(args, size, fn, arg);
    if (RT_IS_ERR(r)) {
        printf("%s: %s\n", label, rt_errname(r));
        return r;
    }
    char how[48];
    reap(r, how, sizeof how);
    if (show) printf("%s: pid %ld, %s\n", label, r, how);
    else printf("%s: ok, %s\n", label, how);
    return r;
}

/* Only the error is of interest; a child made by mistake is reaped and reported. */
static void expect_err(const char *label, void *args, size_t size)
{
    check(label, args, size, 0, 0, HIDE_PID);
}

/* ---------------------------------------------------------------- children */

static int ch_exit(void *arg) { return (int)(long)arg; }

/* Prints the child's view of its ids, indented under the parent's line that follows. */
static int ch_ids(void *arg)
{
    printf("  child %s: getpid %ld, getppid %ld\n", (const char *)arg, sys_getpid(), sys_getppid());
    return 0;
}

/* ---------------------------------------------------------------- level probe */

/* set_tid = [1] * n on a plain fork: the size check (n > level + 1: EINVAL) comes before any
 * pid is looked at, and pid 1 is taken at every level (EEXIST), so nothing is ever created. */
static void probe_level(void)
{
    static int ones[MAX_LEVEL + 1];
    struct clone_args a;
    int eexist = 0;
    for (int i = 0; i <= MAX_LEVEL; i++) ones[i] = 1;
    for (int n = 1; n <= MAX_LEVEL + 1; n++) {
        ca_init(&a, 0);
        ca_tids(&a, ones, n);
        long r = spawn(&a, sizeof a, ch_exit, (void *)99L);
        if (r == -EEXIST) { eexist++; continue; }
        if (r == -EINVAL && eexist > 0) { L = n - 2; break; }
        printf("level probe: set_tid=[1]*%d -> unexpected %ld (%s)\n", n, r, rt_errname(r));
        if (!RT_IS_ERR(r)) sys_wait4((int)r, 0, __WALL, 0);
        sys_exit_group(2);
    }
    if (L < 0) { printf("level probe: no EINVAL up to 33 entries\n"); sys_exit_group(2); }
    printf("level probe: set_tid=[1]*n is EEXIST while n <= depth, EINVAL at n = depth+1: yes\n");
}

/* ---------------------------------------------------------------- 1: pids and the cursor */

static void section_pids(void)
{
    struct clone_args a, b;
    long p, q;
    char how[48], how2[48];
    static int t[4];

    printf("== kernel-chosen and requested pids (program is pid %ld, ppid %ld)\n",
           sys_getpid(), sys_getppid());
    ca_init(&a, 0);
    check("fork-style clone3, size 88, no set_tid", &a, sizeof a, ch_ids, "a", SHOW_PID);
    t[0] = 100; ca_init(&a, 0); ca_tids(&a, t, 1);
    check("set_tid=[100]", &a, sizeof a, ch_ids, "b", SHOW_PID);
    ca_init(&a, 0);
    check("next kernel-chosen pid (a requested pid does not move the cursor)", &a, sizeof a, ch_exit, 0, SHOW_PID);

    /* A child holding pid 4 (alive or zombie: taken either way until reaped). */
    t[0] = 4; ca_init(&a, 0); ca_tids(&a, t, 1);
    p = spawn(&a, sizeof a, ch_exit, 0);
    ca_init(&b, 0);
    q = spawn(&b, sizeof b, ch_exit, 0);
    reap(p, how, sizeof how); reap(q, how2, sizeof how2);
    printf("set_tid=[4] held, then kernel-chosen: %ld (%s), %ld (%s)\n", p, how, q, how2);

    /* EEXIST for a pid held by a child, reuse once reaped. */
    t[0] = 6; ca_init(&a, 0); ca_tids(&a, t, 1);
    p = spawn(&a, sizeof a, ch_exit, 0);
    ca_init(&b, 0); ca_tids(&b, t, 1);
    q = spawn(&b, sizeof b, ch_exit, 0);
    reap(p, how, sizeof how);
    printf("set_tid=[6] twice while the first child lives: %ld (%s), then %s\n", p, how,
           RT_IS_ERR(q) ? rt_errname(q) : "created");
    if (!RT_IS_ERR(q)) reap(q, how, sizeof how);
    check("set_tid=[6] after it was reaped (reuse)", &b, sizeof b, ch_exit, 0, SHOW_PID);

    t[0] = 1; ca_init(&a, 0); ca_tids(&a, t, 1);
    expect_err("set_tid=[1] (the caller's own pid)", &a, sizeof a);
    t[0] = 0; expect_err("set_tid=[0]", &a, sizeof a);
    t[0] = -1; expect_err("set_tid=[-1]", &a, sizeof a);
    t[0] = PID_MAX; expect_err("set_tid=[pid_max]", &a, sizeof a);
    t[0] = PID_MAX - 1; check("set_tid=[pid_max-1]", &a, sizeof a, ch_ids, "c", SHOW_PID);
    ca_init(&a, 0);
    check("next kernel-chosen pid (refusals allocated nothing)", &a, sizeof a, ch_exit, 0, SHOW_PID);
}

/* ---------------------------------------------------------------- 2: struct sizes */

static uint64_t big[4096 / 8];      /* room for clone_args larger than any kernel knows */

static void section_sizes(void)
{
    struct clone_args *a = (struct clone_args *)big;
    static int t[1];

    printf("== clone_args sizes\n");
    memset(big, 0, sizeof big);
    a->exit_signal = SIGCHLD;
    expect_err("size 0", a, 0);
    expect_err("size 63", a, 63);
    expect_err("size 8, args NULL (size is checked first)", 0, 8);
    expect_err("size 88, args NULL", 0, 88);
    expect_err("size 88, args unmapped (0x10)", (void *)0x10, 88);

    /* VER0: set_tid and set_tid_size lie beyond 64 bytes and must be ignored. */
    a->set_tid = 0x10; a->set_tid_size = 5;
    check("size 64 (VER0), garbage beyond 64 ignored", a, 64, ch_exit, (void *)64, HIDE_PID);
    /* 72: set_tid is read, set_tid_size is cut off (reads as 0) */
    t[0] = 150; a->set_tid = (uint64_t)(uintptr_t)t; a->set_tid_size = 1;
    expect_err("size 72, set_tid given but set_tid_size cut off", a, 72);
    a->set_tid = 0;
    check("size 72, set_tid 0", a, 72, ch_exit, (void *)72, HIDE_PID);
    a->set_tid = (uint64_t)(uintptr_t)t; a->set_tid_size = 1;
    t[0] = 110; a->cgroup = 0x12345;   /* beyond VER1: ignored; and without CLONE_INTO_CGROUP */
    check("size 80 (VER1), set_tid=[110], cgroup beyond size ignored", a, 80, ch_exit, (void *)80, SHOW_PID);
    t[0] = 111; a->cgroup = 0;
    check("size 88 (VER2), set_tid=[111]", a, 88, ch_exit, (void *)88, SHOW_PID);
    t[0] = 112;
    check("size 89, zero tail", a, 89, ch_exit, (void *)89, SHOW_PID);
    t[0] = 113;
    check("size 128, zero tail", a, 128, ch_exit, (void *)128, SHOW_PID);
    t[0] = 114;
    check("size 4096, zero tail", a, 4096, ch_exit, 0, SHOW_PID);
    ((unsigned char *)big)[127] = 1;
    expect_err("size 128, nonzero byte at 127", a, 128);
    ((unsigned char *)big)[127] = 0;
    ((unsigned char *)big)[4095] = 1;
    expect_err("size 4096, nonzero byte at 4095", a, 4096);
    ((unsigned char *)big)[4095] = 0;
    ((unsigned char *)big)[88] = 1;
    expect_err("size 89, nonzero byte at 88", a, 89);
    ((unsigned char *)big)[88] = 0;
}

/* ---------------------------------------------------------------- 3: flags, exit_signal, stack */

static char stk[16384] __attribute__((aligned(16)));
static char *stk_lo, *stk_hi;

__attribute__((noinline)) static long deep(int n, volatile char *prev)
{
    volatile char here[64];
    here[0] = (char)n;
    long below = (char *)here < (char *)prev ? 1 : 0;   /* the stack grows down */
    if (n == 0) return below;
    return below + deep(n - 1, here);
}

static int ch_stack(void *arg)
{
    (void)arg;
    volatile char local[16];
    char *p = (char *)local;
    int in = p >= stk_lo && p < stk_hi;
    int near_top = in && (stk_hi - p) <= 1024;
    long d = deep(20, local);
    printf("  child on the given stack: %s, within 1 KiB of its top: %s, 21 nested calls ok: %s\n",
           yn(in), yn(near_top), yn(d == 21));
    return in && near_top && d == 21 ? 7 : 1;
}

static void section_flags(void)
{
    struct clone_args a;
    long p, w;
    int st;
    char how[48];

    printf("== flags, exit_signal, stack\n");
    ca_init(&a, SIGCHLD); expect_err("flags with CSIGNAL bits (SIGCHLD)", &a, sizeof a);
    ca_init(&a, CLONE_DETACHED); expect_err("flags CLONE_DETACHED", &a, sizeof a);
    ca_init(&a, 1ULL << 40); expect_err("flags bit 40 (unknown)", &a, sizeof a);
    ca_init(&a, CLONE_VM | CLONE_SIGHAND | CLONE_CLEAR_SIGHAND);
    expect_err("CLONE_SIGHAND|CLONE_CLEAR_SIGHAND", &a, sizeof a);
    ca_init(&a, CLONE_VM | CLONE_SIGHAND | CLONE_THREAD);
    expect_err("CLONE_THREAD with exit_signal SIGCHLD", &a, sizeof a);
    ca_init(&a, 0); a.exit_signal = 65; expect_err("exit_signal 65", &a, sizeof a);
    ca_init(&a, 0); a.exit_signal = (1ULL << 32) | SIGCHLD; expect_err("exit_signal 2^32+SIGCHLD", &a, sizeof a);
    ca_init(&a, 0); a.exit_signal = 0x100 | SIGCHLD; expect_err("exit_signal 0x111", &a, sizeof a);

    /* exit_signal 0 makes a "clone child": wait4 sees it only with __WALL/__WCLONE */
    ca_init(&a, 0); a.exit_signal = 0;
    p = spawn(&a, sizeof a, ch_exit, (void *)3);
    st = 0;
    w = sys_wait4((int)p, &st, 0, 0);
    printf("exit_signal 0: created %s; wait4 without __WALL: %s", yn(!RT_IS_ERR(p)),
           RT_IS_ERR(w) ? rt_errname(w) : "reaped");
    if (RT_IS_ERR(w)) { reap(p, how, sizeof how); printf("; with __WALL: %s\n", how); }
    else printf("\n");

    ca_init(&a, 0); a.stack = 0; a.stack_size = 4096; expect_err("stack 0, stack_size 4096", &a, sizeof a);
    ca_init(&a, 0); a.stack = (uint64_t)(uintptr_t)stk; a.stack_size = 0;
    expect_err("stack given, stack_size 0", &a, sizeof a);
    stk_lo = stk; stk_hi = stk + sizeof stk;
    ca_init(&a, 0); a.stack = (uint64_t)(uintptr_t)stk; a.stack_size = sizeof stk;
    check("stack = static buffer, stack_size = 16384", &a, sizeof a, ch_stack, 0, HIDE_PID);
}

/* ---------------------------------------------------------------- 4: set_tid array */

static void section_set_tid(void)
{
    struct clone_args a;
    static int t[MAX_LEVEL + 2];

    printf("== set_tid array\n");
    for (int i = 0; i < MAX_LEVEL + 2; i++) t[i] = 200 + i;
    ca_init(&a, 0); a.set_tid = 0; a.set_tid_size = 1; expect_err("set_tid NULL, set_tid_size 1", &a, sizeof a);
    ca_init(&a, 0); ca_tids(&a, t, 0); expect_err("set_tid given, set_tid_size 0", &a, sizeof a);
    ca_init(&a, 0); ca_tids(&a, t, MAX_LEVEL + 1); expect_err("set_tid_size 33 (> MAX_PID_NS_LEVEL)", &a, sizeof a);
    ca_init(&a, 0); ca_tids(&a, t, MAX_LEVEL); expect_err("set_tid_size 32 (> depth)", &a, sizeof a);
    ca_init(&a, 0); ca_tids(&a, t, L + 2); expect_err("set_tid_size depth+1", &a, sizeof a);
    ca_init(&a, 0); a.set_tid = 0x10; a.set_tid_size = 1; expect_err("set_tid unmapped (0x10)", &a, sizeof a);
}

/* ---------------------------------------------------------------- 5: TID slots (u64 pointers) */

static int g_ptid = SENTINEL, g_ctid = SENTINEL;
static int *cur_pslot, *cur_cslot;

static int ch_slots(void *arg)
{
    printf("  child %s: getpid %ld, parent_tid slot %d, child_tid slot %d\n", (const char *)arg,
           sys_getpid(), *cur_pslot, *cur_cslot);
    return 0;
}

static void slots_case(const char *label, uint64_t flags, int *ps, int *cs, const int *t, int n)
{
    struct clone_args a;
    *ps = SENTINEL; *cs = SENTINEL;
    cur_pslot = ps; cur_cslot = cs;
    ca_init(&a, flags | CLONE_PARENT_SETTID | CLONE_CHILD_SETTID);
    a.parent_tid = (uint64_t)(uintptr_t)ps;
    a.child_tid = (uint64_t)(uintptr_t)cs;
    ca_tids(&a, t, n);
    long r = check(label, &a, sizeof a, ch_slots, (void *)label, SHOW_PID);
    (void)r;
    printf("  parent: parent_tid slot %d, child_tid slot %d\n", *ps, *cs);
}

static void section_slots(void)
{
    static int t[2];
    int lp, lc;   /* on the stack: above 4 GiB on most hosts, hence u64 pointers */

    printf("== CLONE_PARENT_SETTID / CLONE_CHILD_SETTID (u64 pointers)\n");
    t[0] = 120;
    slots_case("static slots, set_tid=[120]", 0, &g_ptid, &g_ctid, t, 1);
    t[0] = 121;
    slots_case("stack slots, set_tid=[121]", 0, &lp, &lc, t, 1);
    t[0] = 1; t[1] = 122;
    slots_case("CLONE_NEWPID, static slots, set_tid=[1, 122]", CLONE_NEWPID, &g_ptid, &g_ctid, t, 2);
}

/* ---------------------------------------------------------------- 6: CLONE_NEWPID */

static void section_newpid(void)
{
    struct clone_args a;
    static int t[MAX_LEVEL + 2];

    printf("== CLONE_NEWPID\n");
    ca_init(&a, CLONE_NEWPID);
    t[0] = 5; ca_tids(&a, t, 1); expect_err("CLONE_NEWPID, set_tid=[5]", &a, sizeof a);
    t[0] = 5; t[1] = 130; ca_tids(&a, t, 2); expect_err("CLONE_NEWPID, set_tid=[5, 130]", &a, sizeof a);
    t[0] = 1; t[1] = 1; ca_tids(&a, t, 2); expect_err("CLONE_NEWPID, set_tid=[1, 1]", &a, sizeof a);
    t[0] = 1; t[1] = 130; ca_tids(&a, t, 2);
    check("CLONE_NEWPID, set_tid=[1, 130]", &a, sizeof a, ch_ids, "d", SHOW_PID);
    t[0] = 1; ca_tids(&a, t, 1);
    check("CLONE_NEWPID, set_tid=[1]", &a, sizeof a, ch_ids, "e", HIDE_PID);
    ca_init(&a, CLONE_NEWPID);
    check("CLONE_NEWPID, no set_tid", &a, sizeof a, ch_ids, "f", HIDE_PID);
    for (int i = 0; i < MAX_LEVEL + 2; i++) t[i] = 1;
    ca_tids(&a, t, L + 3);
    expect_err("CLONE_NEWPID, set_tid_size = child's depth+1", &a, sizeof a);
}

/* ---------------------------------------------------------------- 7: three namespaces */

/* From this program's namespace ns0: A = pid 1 of ns1 (500 in ns0); B = pid 1 of ns2 (600 in
 * ns1, 700 in ns0); C = 42 in ns2, 43 in ns1, 44 in ns0, created by B. */

static int ch_c(void *arg)
{
    (void)arg;
    printf("    C: getpid %ld, getppid %ld\n", sys_getpid(), sys_getppid());
    return 42;
}

static void b_try(const char *label, int x, int y, int z)
{
    static int t[3];
    struct clone_args a;
    t[0] = x; t[1] = y; t[2] = z;
    ca_init(&a, 0); ca_tids(&a, t, 3);
    expect_err(label, &a, sizeof a);
}

static int ch_b(void *arg)
{
    (void)arg;
    static int t[3], many[MAX_LEVEL + 2];
    struct clone_args a, b;
    char how[48];

    printf("  B: getpid %ld, getppid %ld\n", sys_getpid(), sys_getppid());
    t[0] = 42; t[1] = 43; t[2] = 44;
    ca_init(&a, 0); ca_tids(&a, t, 3);
    long c = spawn(&a, sizeof a, ch_c, 0);
    /* While C lives (or is an unreaped zombie) its pid is taken at every level. */
    ca_init(&b, 0); ca_tids(&b, t, 3);
    long again = spawn(&b, sizeof b, ch_exit, 0);
    reap(c, how, sizeof how);
    printf("    B: set_tid=[42, 43, 44] -> %ld (%s); the same again while C is unreaped: %s\n",
           c, how, RT_IS_ERR(again) ? rt_errname(again) : "created");
    if (!RT_IS_ERR(again)) reap(again, how, sizeof how);
    /* Each level checked on its own: which namespace each entry lands in. Run after C was
     * reaped, so only the named pid is taken. */
    b_try("    B: set_tid=[45, 46, 1] (ns0's 1 is the program)", 45, 46, 1);
    b_try("    B: set_tid=[45, 1, 46] (ns1's 1 is A)", 45, 1, 46);
    b_try("    B: set_tid=[1, 45, 46] (ns2's 1 is B)", 1, 45, 46);
    b_try("    B: set_tid=[45, 600, 46] (B in ns1)", 45, 600, 46);
    b_try("    B: set_tid=[45, 46, 700] (B in ns0)", 45, 46, 700);
    b_try("    B: set_tid=[45, 46, 500] (A in ns0)", 45, 46, 500);
    b_try("    B: set_tid=[45, 46, 0]", 45, 46, 0);
    b_try("    B: set_tid=[45, -1, 46]", 45, -1, 46);
    ca_init(&a, 0); ca_tids(&a, t, 3);
    check("    B: set_tid=[42, 43, 44] again after reaping C", &a, sizeof a, ch_c, 0, SHOW_PID);
    t[0] = 42; ca_tids(&a, t, 1);
    check("    B: set_tid=[42] (ns2 only; ns1 and ns0 kernel-chosen)", &a, sizeof a, ch_exit, 0, SHOW_PID);
    for (int i = 0; i < MAX_LEVEL + 2; i++) many[i] = 50 + i;
    ca_tids(&a, many, L + 4);
    expect_err("    B: set_tid_size = depth+1", &a, sizeof a);
    ca_init(&a, 0);
    check("    B: kernel-chosen pid in ns2", &a, sizeof a, ch_exit, 0, SHOW_PID);
    return 0;
}

static int ch_a(void *arg)
{
    (void)arg;
    static int t[3];
    struct clone_args a;

    printf("  A: getpid %ld, getppid %ld\n", sys_getpid(), sys_getppid());
    t[0] = 1; ca_init(&a, 0); ca_tids(&a, t, 1);
    expect_err("  A: set_tid=[1]", &a, sizeof a);
    t[0] = 600; t[1] = 1; ca_tids(&a, t, 2);
    expect_err("  A: set_tid=[600, 1]", &a, sizeof a);
    t[0] = 1; t[1] = 600; t[2] = 700;
    ca_init(&a, CLONE_NEWPID); ca_tids(&a, t, 3);
    check("  A: CLONE_NEWPID, set_tid=[1, 600, 700] (B)", &a, sizeof a, ch_b, 0, SHOW_PID);
    return 0;
}

static void section_nested(void)
{
    static int t[2];
    struct clone_args a;
    printf("== three nested namespaces\n");
    t[0] = 1; t[1] = 500;
    ca_init(&a, CLONE_NEWPID); ca_tids(&a, t, 2);
    check("CLONE_NEWPID, set_tid=[1, 500] (A)", &a, sizeof a, ch_a, 0, SHOW_PID);
}

/* ---------------------------------------------------------------- 8: unshare(CLONE_NEWPID) */

static int ch_unshare1(void *arg)
{
    (void)arg;
    static int t[2];
    struct clone_args a;
    long before = sys_getpid();
    long r = sys_unshare(CLONE_NEWPID);
    printf("  P1: unshare(CLONE_NEWPID) -> %s, getpid unchanged: %s\n",
           RT_IS_ERR(r) ? rt_errname(r) : "0", yn(sys_getpid() == before));
    ca_init(&a, 0);
    t[0] = 5; ca_tids(&a, t, 1); expect_err("  P1: next child, set_tid=[5]", &a, sizeof a);
    t[0] = 5; t[1] = 400; ca_tids(&a, t, 2); expect_err("  P1: next child, set_tid=[5, 400]", &a, sizeof a);
    t[0] = 1; t[1] = 400; ca_tids(&a, t, 2);
    check("  P1: next child, set_tid=[1, 400]", &a, sizeof a, ch_ids, "g", SHOW_PID);
    ca_init(&a, 0);
    expect_err("  P1: fork after that namespace's init was reaped", &a, sizeof a);
    return 0;
}

static int ch_unshare2(void *arg)
{
    (void)arg;
    struct clone_args a;
    long before = sys_getpid();
    long r = sys_unshare(CLONE_NEWPID);
    long r2 = sys_unshare(CLONE_NEWPID);
    printf("  P2: unshare(CLONE_NEWPID) -> %s, again -> %s, getpid unchanged: %s\n",
           RT_IS_ERR(r) ? rt_errname(r) : "0", RT_IS_ERR(r2) ? rt_errname(r2) : "0",
           yn(sys_getpid() == before));
    ca_init(&a, CLONE_NEWPID);
    expect_err("  P2: clone3(CLONE_NEWPID) after unshare", &a, sizeof a);
    ca_init(&a, 0);
    check("  P2: next child, no set_tid", &a, sizeof a, ch_ids, "h", HIDE_PID);
    return 0;
}

static void section_unshare(void)
{
    struct clone_args a;
    printf("== unshare(CLONE_NEWPID)\n");
    ca_init(&a, 0);
    check("P1", &a, sizeof a, ch_unshare1, 0, HIDE_PID);
    check("P2", &a, sizeof a, ch_unshare2, 0, HIDE_PID);
}

/* ---------------------------------------------------------------- 9: nesting limit */

static int chain_level;   /* absolute level of the current chain process */

static int ch_chain(void *arg)
{
    (void)arg;
    struct clone_args a;
    if (sys_getpid() != 1) return 90;
    /* Alternate the two ways into a new namespace: clone3(CLONE_NEWPID) on odd steps,
     * unshare(CLONE_NEWPID) + plain clone3 on even ones. */
    int via_unshare = ((chain_level - L) & 1) == 0;
    long u = 0;
    if (via_unshare) {
        u = sys_unshare(CLONE_NEWPID);
        ca_init(&a, 0);
    } else {
        ca_init(&a, CLONE_NEWPID);
    }
    long r = RT_IS_ERR(u) ? u : 0;
    if (!RT_IS_ERR(u)) {
        chain_level++;
        r = spawn(&a, sizeof a, ch_chain, 0);
        if (RT_IS_ERR(r)) chain_level--;
    }
    if (RT_IS_ERR(r)) {
        /* the deepest level: try both ways, whatever the failing one was */
        long u2 = sys_unshare(CLONE_NEWPID);
        ca_init(&a, CLONE_NEWPID);
        long c2 = spawn(&a, sizeof a, ch_exit, 0);
        printf("  deepest level %d: unshare(CLONE_NEWPID) -> %s, clone3(CLONE_NEWPID) -> %s\n",
               chain_level, RT_IS_ERR(u2) ? rt_errname(u2) : "0",
               RT_IS_ERR(c2) ? rt_errname(c2) : "created");
        if (!RT_IS_ERR(c2)) sys_wait4((int)c2, 0, __WALL, 0);
        return 0;
    }
    int st = 0;
    long w = sys_wait4((int)r, &st, __WALL, 0);
    if (w != r) return 91;
    return WIFEXITED(st) ? WEXITSTATUS(st) : 92;
}

static void section_nesting(void)
{
    struct clone_args a;
    printf("== nesting limit (MAX_PID_NS_LEVEL 32)\n");
    chain_level = L + 1;
    ca_init(&a, CLONE_NEWPID);
    check("chain of new namespaces", &a, sizeof a, ch_chain, 0, HIDE_PID);
}

/* ---------------------------------------------------------------- 10: a thread */

static char tstk[16384] __attribute__((aligned(16)));
static volatile int shared_word;
static volatile long t_getpid, t_gettid;
static int t_ptid = SENTINEL, t_ctid = SENTINEL;

static int ch_thread(void *arg)
{
    (void)arg;
    t_getpid = sys_getpid();
    t_gettid = sys_gettid();
    shared_word = 42;
    return 0;   /* rt_clone_call: exit (this thread only) */
}

static void section_thread(void)
{
    struct clone_args a;
    static int t[1];
    printf("== a thread (CLONE_VM|CLONE_THREAD, own stack, set_tid)\n");
    ca_init(&a, CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | CLONE_THREAD | CLONE_SYSVSEM |
                    CLONE_PARENT_SETTID | CLONE_CHILD_CLEARTID);
    a.exit_signal = 0;
    a.parent_tid = (uint64_t)(uintptr_t)&t_ptid;
    a.child_tid = (uint64_t)(uintptr_t)&t_ctid;
    a.stack = (uint64_t)(uintptr_t)tstk;
    a.stack_size = sizeof tstk;
    t[0] = 150; ca_tids(&a, t, 1);
    t_ctid = SENTINEL;
    long r = spawn(&a, sizeof a, ch_thread, 0);
    if (RT_IS_ERR(r)) { printf("thread: %s\n", rt_errname(r)); return; }
    /* CLONE_CHILD_SETTID is absent, so child_tid keeps the sentinel until the thread exits,
     * when the kernel writes 0 there and wakes this futex. */
    for (;;) {
        int v = __atomic_load_n(&t_ctid, __ATOMIC_ACQUIRE);
        if (v == 0) break;
        sys_futex(&t_ctid, FUTEX_WAIT, v, 0, 0, 0);
    }
    printf("thread: clone3 -> %ld, parent_tid slot %d, gettid in thread %ld, getpid in thread %ld\n",
           r, t_ptid, t_gettid, t_getpid);
    printf("thread: write seen by the parent %d, child_tid cleared on exit: yes\n", shared_word);
    long w = sys_wait4((int)r, 0, __WALL, 0);
    printf("thread: wait4(thread) -> %s\n", RT_IS_ERR(w) ? rt_errname(w) : "reaped");
}

int main(int argc, char **argv, char **envp)
{
    (void)argc; (void)argv; (void)envp;
    printf("clone3conf: clone3/set_tid/unshare transcript\n");
    if (sys_getpid() != 1) {
        printf("must run as pid 1 of its PID namespace (getpid %ld)\n", sys_getpid());
        return 2;
    }
    probe_level();
    section_pids();
    section_sizes();
    section_flags();
    section_set_tid();
    section_slots();
    section_newpid();
    section_nested();
    section_unshare();
    section_nesting();
    section_thread();
    printf("done\n");
    return 0;
}
