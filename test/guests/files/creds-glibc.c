// User and group ids, supplementary groups and capabilities, through glibc, run as root: the
// set*id rules for the privileged and the unprivileged (which id may become which, what -1
// keeps, when the saved id follows), setfsuid's old value, capabilities dropped when no uid is 0
// and regained with the effective uid, access() asking with the real ids, kill's permission
// between processes of different users, /proc/self/status's Uid/Gid/Groups lines, and each
// call's errors. Every step that changes ids runs in a forked child, so the next starts as root.
#define _GNU_SOURCE
#include <fcntl.h>
#include <grp.h>
#include <linux/capability.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/fsuid.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>
#include "show.h"

/** Each line's start: "" in the first program, "exec| " in the one it execs. */
static const char *prefix = "";

static void ids(const char *when) {
  uid_t r, e, s;
  gid_t gr, ge, gs;
  getresuid(&r, &e, &s);
  getresgid(&gr, &ge, &gs);
  printf("%s%s: uid %u %u %u fsuid %d, gid %u %u %u fsgid %d\n", prefix, when, r, e, s, setfsuid(-1), gr, ge, gs, setfsgid(-1));
  fflush(stdout);
}

/**
 * The capability sets, less those the machine's own bounding set may lack (a container's root
 * has no CAP_SYS_RESOURCE, say): CAP_CHOWN..CAP_LINUX_IMMUTABLE, CAP_SYS_ADMIN, CAP_SYS_NICE and
 * CAP_MKNOD in the low word, CAP_MAC_OVERRIDE in the high.
 */
#define LOW 0x08a003ffu
#define HIGH 0x1u
static void caps(const char *when) {
  struct __user_cap_header_struct h = { _LINUX_CAPABILITY_VERSION_3, 0 };
  struct __user_cap_data_struct d[2];
  long r = syscall(SYS_capget, &h, d);
  printf("%s%s: capget = %ld, effective %08x %08x, permitted %08x %08x, inheritable %08x\n", prefix, when, r,
         d[1].effective & HIGH, d[0].effective & LOW, d[1].permitted & HIGH, d[0].permitted & LOW, d[0].inheritable & LOW);
  fflush(stdout);
}

/** /proc/self/status's Uid:, Gid: and Groups: lines. */
static void status(void) {
  FILE *f = fopen("/proc/self/status", "r");
  char line[256];
  while (f && fgets(line, sizeof line, f)) {
    if (!strncmp(line, "Uid:", 4) || !strncmp(line, "Gid:", 4) || !strncmp(line, "Groups:", 7)) {
      line[strcspn(line, "\n")] = 0;
      printf("%s  status %s|\n", prefix, line);
    }
  }
  if (f) fclose(f);
  fflush(stdout);
}

/** Runs fn in a forked child and waits for it: each case starts from root's credentials. */
static void child(const char *name, void (*fn)(void)) {
  printf("-- %s\n", name);
  fflush(stdout);
  pid_t p = fork();
  if (p == 0) { fn(); exit(0); }
  int st;
  waitpid(p, &st, 0);
  if (!WIFEXITED(st) || WEXITSTATUS(st)) printf("  child status %#x\n", st);
}

static void root_setuid(void) {
  ids("start");
  caps("start");
  status();
  SHOW(setuid(-1));
  SHOW(setuid(1000));
  ids("after setuid(1000)");
  caps("after setuid(1000)");
  status();
  SHOW(setuid(0));
  SHOW(seteuid(0));
  SHOW(setresuid(-1, -1, -1));
  SHOW(setgid(0));
  SHOW(setgroups(0, NULL));
}

static void root_seteuid(void) {
  SHOW(setresgid(100, 200, 300));
  SHOW(seteuid(1000));
  ids("after seteuid(1000)");
  caps("after seteuid(1000)");
  SHOW(setuid(2000));
  SHOW(seteuid(0));
  ids("after seteuid(0)");
  caps("after seteuid(0)");
  SHOW(setreuid(1000, 1001));
  ids("after setreuid(1000, 1001)");
  caps("after setreuid(1000, 1001)");
  SHOW(setreuid(-1, 1000));
  ids("after setreuid(-1, 1000)");
  SHOW(setreuid(-1, 1001));
  SHOW(setreuid(1001, -1));
  ids("after setreuid(1001, -1)");
  SHOW(setreuid(0, -1));
  SHOW(setresuid(1000, 1000, 1000));
  SHOW(setresuid(1001, 1001, 1001));
  ids("end");
  status();
}

static void res(void) {
  SHOW(setresuid(1000, 0, 1002));
  ids("after setresuid(1000, 0, 1002)");
  caps("after setresuid(1000, 0, 1002)");
  SHOW(setresuid(1002, 1000, -1));
  ids("after setresuid(1002, 1000, -1)");
  caps("after setresuid(1002, 1000, -1)");
  SHOW(setresuid(0, -1, -1));
  SHOW(setresuid(-1, 1002, 1000));
  ids("after setresuid(-1, 1002, 1000)");
  SHOW(setresuid(-1, 7, -1));
  uid_t r, e, s;
  SHOW(getresuid(&r, NULL, &s));
  SHOW(syscall(SYS_getresuid, &r, &e, (uid_t *)8));
  SHOW(syscall(SYS_getresgid, (gid_t *)8, &e, &s));
}

static void fs(void) {
  SHOW(setfsuid(500));
  SHOW(setfsuid(-1));
  ids("after setfsuid(500)");
  caps("after setfsuid(500)");
  SHOW(setfsuid(0));
  caps("after setfsuid(0)");
  SHOW(setfsgid(600));
  SHOW(setfsgid(-1));
  SHOW(setresuid(1000, 1000, 1000));
  SHOW(setfsuid(0));
  SHOW(setfsuid(1000));
  SHOW(setfsuid(-1));
  SHOW(setfsgid(0));
  SHOW(setfsgid(-1));
  status();
}

static void groups(void) {
  gid_t list[8] = { 30, 4, 2000, 4, 27 };
  SHOW(getgroups(0, NULL));
  SHOW(setgroups(5, list));
  SHOW(getgroups(0, NULL));
  gid_t got[8] = { 0 };
  SHOW(getgroups(2, got));
  SHOW(getgroups(-1, got));
  SHOW(getgroups(8, got));
  printf("  groups %u %u %u %u %u\n", got[0], got[1], got[2], got[3], got[4]);
  SHOW(syscall(SYS_getgroups, 8, (gid_t *)8));
  SHOW(setgroups(70000, list));
  SHOW(syscall(SYS_setgroups, 3, (gid_t *)8));
  status();
  SHOW(setgid(2000));
  SHOW(setuid(1000));
  SHOW(setgroups(0, NULL));
  SHOW(setgroups(70000, list));
  SHOW(setgid(0));
  SHOW(setgid(2000));
  SHOW(setregid(2000, 2000));
  SHOW(setregid(4, -1));
  status();
}

static void capabilities(void) {
  struct __user_cap_header_struct h = { 0x12345678, 0 };
  struct __user_cap_data_struct d[2] = { 0 };
  SHOW(syscall(SYS_capget, &h, NULL));
  printf("  version now %#x\n", h.version);
  h.version = 0x12345678;
  SHOW(syscall(SYS_capget, &h, d));
  printf("  version now %#x\n", h.version);
  h.version = _LINUX_CAPABILITY_VERSION_1;
  SHOW(syscall(SYS_capget, &h, d));
  printf("  v1 effective %08x\n", d[0].effective & LOW);
  h.version = _LINUX_CAPABILITY_VERSION_3;
  h.pid = -1;
  SHOW(syscall(SYS_capget, &h, d));
  h.pid = 99999;
  SHOW(syscall(SYS_capget, &h, d));
  h.pid = getppid();
  SHOW(syscall(SYS_capget, &h, d));
  SHOW(syscall(SYS_capget, (void *)8, d));
  h.pid = 0;
  SHOW(syscall(SYS_capget, &h, (void *)8));
  SHOW(prctl(PR_CAPBSET_READ, CAP_SETUID));
  SHOW(prctl(PR_CAPBSET_READ, 99));
  // Drop CAP_KILL and CAP_SETUID from the effective set, keep them permitted.
  SHOW(syscall(SYS_capget, &h, d));
  d[0].effective &= ~((1u << CAP_KILL) | (1u << CAP_SETUID));
  SHOW(syscall(SYS_capset, &h, d));
  caps("after dropping CAP_KILL and CAP_SETUID from effective");
  SHOW(setuid(1000));
  SHOW(setresuid(0, 0, 1000));
  // Back into effective: allowed, they are permitted.
  d[0].effective |= (1u << CAP_KILL) | (1u << CAP_SETUID);
  SHOW(syscall(SYS_capset, &h, d));
  // Drop CAP_SETGID from permitted: it cannot come back.
  d[0].permitted &= ~(1u << CAP_SETGID);
  d[0].effective &= ~(1u << CAP_SETGID);
  SHOW(syscall(SYS_capset, &h, d));
  SHOW(setgroups(0, NULL));
  d[0].permitted |= 1u << CAP_SETGID;
  SHOW(syscall(SYS_capset, &h, d));
  d[0].permitted &= ~(1u << CAP_SETGID);
  d[0].effective |= 1u << CAP_SETGID;
  SHOW(syscall(SYS_capset, &h, d));
  d[0].effective &= ~(1u << CAP_SETGID);
  d[0].inheritable = 1u << CAP_CHOWN;
  SHOW(syscall(SYS_capset, &h, d));
  h.pid = getppid();
  SHOW(syscall(SYS_capset, &h, d));
  h.pid = 0;
  h.version = 1;
  SHOW(syscall(SYS_capset, &h, d));
  caps("end");
}

static void access_ids(void) {
  int fd = open("/tmp/creds-file", O_CREAT | O_WRONLY | O_TRUNC, 0640);
  close(fd);
  SHOW(chmod("/tmp/creds-file", 0640));
  SHOW(chown("/tmp/creds-file", 1000, 3000));
  SHOW(access("/tmp/creds-file", R_OK | W_OK));
  SHOW(seteuid(1000));
  SHOW(access("/tmp/creds-file", W_OK));
  SHOW(faccessat(AT_FDCWD, "/tmp/creds-file", W_OK, AT_EACCESS));
  SHOW(seteuid(0));
  SHOW(setresuid(1000, 0, 0));
  SHOW(access("/tmp/creds-file", W_OK));
  SHOW(access("/tmp/creds-file", X_OK));
  SHOW(setresuid(2000, 0, 0));
  SHOW(access("/tmp/creds-file", R_OK));
  SHOW(faccessat(AT_FDCWD, "/tmp/creds-file", R_OK, AT_EACCESS));
  SHOW(setresgid(3000, 0, 0));
  SHOW(access("/tmp/creds-file", R_OK));
  SHOW(access("/tmp/creds-file", W_OK));
  SHOW(setresgid(0, 0, 0));
  gid_t g = 3000;
  SHOW(setgroups(1, &g));
  SHOW(access("/tmp/creds-file", R_OK));
  SHOW(unlink("/tmp/creds-file"));
}

static void killing(void) {
  int ready[2];
  SHOW(pipe(ready));
  pid_t victim = fork();
  if (victim == 0) {
    setresuid(1000, 1000, 1000);
    write(ready[1], "x", 1);
    pause();
    _exit(0);
  }
  char c;
  SHOW(read(ready[0], &c, 1));
  pid_t killer = fork();
  if (killer == 0) {
    // Its real uid 2000, effective 2000, saved 1000: the saved uid does not count for the sender.
    SHOW(setresuid(2000, 2000, 1000));
    SHOW(kill(victim, 0));
    SHOW(setresuid(1000, 2000, -1));
    SHOW(kill(victim, 0));
    SHOW(setresuid(2000, 1000, -1));
    SHOW(kill(victim, 0));
    SHOW(kill(getppid(), 0));
    SHOW(kill(1, 0));
    _exit(0);
  }
  int st;
  waitpid(killer, &st, 0);
  SHOW(kill(victim, SIGTERM));
  waitpid(victim, &st, 0);
  printf("  victim %s %d\n", WIFSIGNALED(st) ? "killed by" : "exited", WIFSIGNALED(st) ? WTERMSIG(st) : WEXITSTATUS(st));
}

static void exec_caps(void) {
  // After exec, a process whose uids are all non-zero has no capabilities; one with real uid 0
  // but another effective has them permitted, not effective.
  SHOW(setresuid(0, 1000, 1000));
  caps("before exec");
  fflush(stdout);
  char *argv[] = { "creds-glibc", "show-caps", NULL };
  execv("/proc/self/exe", argv);
  printf("  execv failed\n");
}

int main(int argc, char **argv) {
  if (argc > 1 && !strcmp(argv[1], "show-caps")) {
    prefix = "exec| ";
    ids("after exec");
    caps("after exec");
    status();
    return 0;
  }
  child("setuid as root", root_setuid);
  child("seteuid and setreuid", root_seteuid);
  child("setresuid", res);
  child("setfsuid and setfsgid", fs);
  child("supplementary groups", groups);
  child("capget and capset", capabilities);
  child("access with real and effective ids", access_ids);
  child("kill between users", killing);
  child("capabilities across exec", exec_caps);
  return 0;
}
