/* sys: a transcript of the foundation's system calls. Every line is meant to be the same on
 * all four architectures and on any Linux (or tricorn) that implements them: values that
 * differ between hosts (pids, addresses, page size, kernel release) are printed as checks,
 * not as numbers. Run it with some text on stdin: it echoes the byte count and a checksum. */
#include "rt.h"

extern void _start(void);   /* its address is e_entry (on ELFv1: the function descriptor) */

#define CHUNK 65536UL       /* a multiple of every page size here (4 KiB, 64 KiB) */

static const char *yn(int c) { return c ? "yes" : "no"; }

static void show(const char *what, long r)
{
    if (RT_IS_ERR(r)) printf("%s = %ld (%s)\n", what, r, rt_errname(r));
    else printf("%s = %ld\n", what, r);
}

static int all_bytes(const unsigned char *p, size_t n, unsigned char v)
{
    for (size_t i = 0; i < n; i++)
        if (p[i] != v) return 0;
    return 1;
}

static int nul_within(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!s[i]) return 1;
    return 0;
}

static void ids(void)
{
    long pid = sys_getpid(), tid = sys_gettid(), ppid = sys_getppid();
    printf("getpid > 0: %s\n", yn(pid > 0));
    printf("gettid == getpid: %s\n", yn(tid == pid));
    printf("getppid >= 0: %s\n", yn(ppid >= 0 && !RT_IS_ERR(ppid)));
    printf("getuid=%ld geteuid=%ld getgid=%ld getegid=%ld\n",
           sys_getuid(), sys_geteuid(), sys_getgid(), sys_getegid());
    static int slot;
    printf("set_tid_address returns gettid: %s\n", yn(sys_set_tid_address(&slot) == tid));
}

static void uname_check(void)
{
    struct new_utsname u;
    memset(&u, 0x7f, sizeof u);
    show("uname", sys_uname(&u));
    printf("uname.sysname=%s\n", u.sysname);
    /* machine differs by arch, so it is compared rather than printed */
    printf("uname.machine matches the arch: %s\n", yn(strcmp(u.machine, RT_ARCH) == 0));
    printf("uname fields NUL-terminated: %s\n",
           yn(nul_within(u.nodename, 65) && nul_within(u.release, 65) &&
              nul_within(u.version, 65) && nul_within(u.machine, 65) &&
              nul_within(u.domainname, 65)));
}

static void brk_check(void)
{
    long b0 = sys_brk(0);
    printf("brk(0) > 0: %s\n", yn(b0 > 0));
    long b1 = sys_brk((void *)(b0 + CHUNK));
    printf("brk grows by 65536: %s\n", yn(b1 == b0 + (long)CHUNK));
    unsigned char *p = (unsigned char *)b0;
    printf("new brk memory zero-filled: %s\n", yn(all_bytes(p, CHUNK, 0)));
    for (unsigned long i = 0; i < CHUNK; i++) p[i] = (unsigned char)(i * 7 + 1);
    unsigned long sum = 0;
    for (unsigned long i = 0; i < CHUNK; i++) sum += p[i];
    printf("brk memory written, checksum %lu\n", sum);
    printf("brk(0) after growing is the new end: %s\n", yn(sys_brk(0) == b1));
    printf("brk shrinks back: %s\n", yn(sys_brk((void *)b0) == b0));
}

static void mmap_check(void)
{
    long r = sys_mmap(0, 3 * CHUNK, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    printf("mmap anonymous 3*64K succeeds: %s\n", yn(!RT_IS_ERR(r)));
    if (RT_IS_ERR(r)) return;
    unsigned char *p = (unsigned char *)r;
    printf("mmap result page-aligned: %s\n", yn((r & 4095) == 0));
    printf("mmap memory zero-filled: %s\n", yn(all_bytes(p, 3 * CHUNK, 0)));
    memset(p, 0xa5, 3 * CHUNK);
    printf("mmap memory holds writes: %s\n", yn(all_bytes(p, 3 * CHUNK, 0xa5)));

    long q = sys_mmap(p + CHUNK, CHUNK, PROT_READ | PROT_WRITE,
                      MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
    printf("MAP_FIXED over the middle returns that address: %s\n", yn(q == r + (long)CHUNK));
    printf("MAP_FIXED middle is fresh zeroes: %s\n", yn(all_bytes(p + CHUNK, CHUNK, 0)));
    printf("neighbours keep their bytes: %s\n",
           yn(all_bytes(p, CHUNK, 0xa5) && all_bytes(p + 2 * CHUNK, CHUNK, 0xa5)));

    show("mprotect(first, PROT_READ)", sys_mprotect(p, CHUNK, PROT_READ));
    printf("read-only page still readable: %s\n", yn(all_bytes(p, CHUNK, 0xa5)));
    show("mprotect(first, PROT_READ|PROT_WRITE)", sys_mprotect(p, CHUNK, PROT_READ | PROT_WRITE));
    p[0] = 1;
    printf("writable again: %s\n", yn(p[0] == 1));

    show("munmap(last)", sys_munmap(p + 2 * CHUNK, CHUNK));
    /* the unmapped range is not touched: that would fault (see fault.c) */
    show("mprotect(unmapped range)", sys_mprotect(p + 2 * CHUNK, CHUNK, PROT_READ));
    show("munmap(unaligned)", sys_munmap(p + 1, CHUNK));
    show("mmap(length 0)", sys_mmap(0, 0, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0));
    show("munmap(rest)", sys_munmap(p, 2 * CHUNK));
}

static void error_check(void)
{
    show("syscall 999", syscall0(999));
    show("write(1, 0x10, 5)", sys_write(1, (void *)0x10, 5));
    show("write(5, buf, 1)", sys_write(5, "x", 1));
    show("write(1, buf, 0)", sys_write(1, "", 0));
}

static void stdin_check(void)
{
    char buf[256];
    unsigned long total = 0, sum = 0, reads = 0;
    for (;;) {
        long n = sys_read(0, buf, sizeof buf);
        if (n < 0) { show("read(0)", n); break; }
        if (n == 0) break;
        reads++;
        total += (unsigned long)n;
        for (long i = 0; i < n; i++) sum = sum * 31 + (unsigned char)buf[i];
    }
    printf("stdin: %lu bytes, hash %016lx\n", total, sum);
    show("read(0) at EOF", sys_read(0, buf, sizeof buf));
}

static void auxv_check(void)
{
    unsigned long pg = getauxval(AT_PAGESZ);
    printf("AT_PAGESZ present: %s\n", yn(rt_has_auxval(AT_PAGESZ)));
    printf("AT_PAGESZ is a power of two >= 4096: %s\n", yn(pg >= 4096 && (pg & (pg - 1)) == 0));
    printf("AT_ENTRY present: %s\n", yn(rt_has_auxval(AT_ENTRY)));
    printf("AT_ENTRY == &_start: %s\n", yn(getauxval(AT_ENTRY) == (unsigned long)_start));
    printf("AT_PHENT == 56: %s\n", yn(getauxval(AT_PHENT) == 56));
    const uint32_t *ph = (const uint32_t *)getauxval(AT_PHDR);
    unsigned long phnum = getauxval(AT_PHNUM), loads = 0;
    for (unsigned long i = 0; ph && i < phnum; i++)
        if (ph[i * 14] == 1) loads++;   /* p_type of Elf64_Phdr i; PT_LOAD == 1 */
    printf("AT_PHDR/AT_PHNUM show a PT_LOAD: %s\n", yn(loads > 0));
    const unsigned char *rnd = (const unsigned char *)getauxval(AT_RANDOM);
    unsigned acc = 0;
    if (rnd) for (int i = 0; i < 16; i++) acc |= rnd[i];
    printf("AT_RANDOM points to 16 readable bytes: %s\n", yn(rnd != 0));
    printf("AT_RANDOM bytes not all zero: %s\n", yn(acc != 0));
    printf("AT_UID/AT_EUID/AT_GID/AT_EGID match the syscalls: %s\n",
           yn(getauxval(AT_UID) == (unsigned long)sys_getuid() &&
              getauxval(AT_EUID) == (unsigned long)sys_geteuid() &&
              getauxval(AT_GID) == (unsigned long)sys_getgid() &&
              getauxval(AT_EGID) == (unsigned long)sys_getegid()));
    printf("AT_HWCAP present: %s\n", yn(rt_has_auxval(AT_HWCAP)));
}

int main(int argc, char **argv, char **envp)
{
    (void)envp;
    printf("sys: argc=%d argv[1]=%s\n", argc, argc > 1 ? argv[1] : "(none)");
    ids();
    uname_check();
    brk_check();
    mmap_check();
    error_check();
    stdin_check();
    auxv_check();
    printf("sys: done\n");
    return 0;
}
