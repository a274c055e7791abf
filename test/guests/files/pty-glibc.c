// Pseudo-terminals through glibc: posix_openpt/grantpt/unlockpt/ptsname and the locked slave,
// what fstat, isatty and ttyname say of both sides, the settings each starts with (printed by
// flag name, so every ABI prints the same), the canonical line discipline seen from the master
// (echo, ONLCR, erase, kill, word erase, EOF, ^X echo of control characters, FIONREAD), raw mode
// (no echo, no post-processing, VMIN/VTIME 0 and a VTIME timeout), a controlling terminal gained
// by a session leader's open, /dev/tty, ^C reaching the foreground group as SIGINT, SIGWINCH on a
// resize, a background group stopped by SIGTTIN and SIGTTOU (or refused EIO), tcsetpgrp, the
// master's close hanging up the session leader, TIOCGPTPEER, the slave's close seen as EIO by
// the master, /dev/pts/N gone with the master, and the requests' errors.
#define _GNU_SOURCE
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>
#include "show.h"

/** Bytes as C escapes, one line. */
static void showBytes(const char *what, const char *b, long n) {
  printf("%s: %ld \"", what, n);
  for (long i = 0; i < n; i++) {
    unsigned char c = (unsigned char)b[i];
    if (c == '\n') printf("\\n");
    else if (c == '\r') printf("\\r");
    else if (c == '\t') printf("\\t");
    else if (c == '\b') printf("\\b");
    else if (c < 32 || c >= 127) printf("\\x%02x", c);
    else if (c == '"' || c == '\\') printf("\\%c", c);
    else putchar(c);
  }
  printf("\"\n");
  fflush(stdout);
}

/** Read the master until `want` has been seen (or EOF/EIO), then show all of it. */
static void readUntil(int m, const char *want, const char *what) {
  char buf[4096];
  long total = 0;
  while (total < (long)sizeof buf - 1) {
    long n = read(m, buf + total, sizeof buf - 1 - total);
    if (n <= 0) break;
    total += n;
    buf[total] = 0;
    if (want && strstr(buf, want)) break;
  }
  showBytes(what, buf, total);
}

static void putStr(int fd, const char *s) { if (write(fd, s, strlen(s)) < 0) _exit(90); }

static void showFlags(const char *side, const struct termios *t) {
  printf("%s:", side);
  struct { const char *n; tcflag_t f; } in[] = { {"IGNBRK", IGNBRK}, {"BRKINT", BRKINT}, {"ICRNL", ICRNL}, {"IXON", IXON},
    {"IXANY", IXANY}, {"IMAXBEL", IMAXBEL}, {"IUTF8", IUTF8} },
    out[] = { {"OPOST", OPOST}, {"ONLCR", ONLCR}, {"OCRNL", OCRNL} },
    loc[] = { {"ISIG", ISIG}, {"ICANON", ICANON}, {"ECHO", ECHO}, {"ECHOE", ECHOE}, {"ECHOK", ECHOK}, {"ECHONL", ECHONL},
      {"NOFLSH", NOFLSH}, {"TOSTOP", TOSTOP}, {"ECHOCTL", ECHOCTL}, {"ECHOKE", ECHOKE}, {"IEXTEN", IEXTEN} },
    ctl[] = { {"CREAD", CREAD}, {"HUPCL", HUPCL}, {"CLOCAL", CLOCAL}, {"PARENB", PARENB} };
  printf(" i"); for (size_t i = 0; i < sizeof in / sizeof *in; i++) if (t->c_iflag & in[i].f) printf(" %s", in[i].n);
  printf(" o"); for (size_t i = 0; i < sizeof out / sizeof *out; i++) if (t->c_oflag & out[i].f) printf(" %s", out[i].n);
  printf(" l"); for (size_t i = 0; i < sizeof loc / sizeof *loc; i++) if (t->c_lflag & loc[i].f) printf(" %s", loc[i].n);
  printf(" c"); for (size_t i = 0; i < sizeof ctl / sizeof *ctl; i++) if (t->c_cflag & ctl[i].f) printf(" %s", ctl[i].n);
  printf(" cs8=%d speed=%u", (t->c_cflag & CSIZE) == CS8, (unsigned)cfgetospeed(t) == B38400 ? 38400u : (unsigned)cfgetospeed(t));
  printf(" cc intr=%d quit=%d erase=%d kill=%d eof=%d min=%d time=%d susp=%d werase=%d lnext=%d\n", t->c_cc[VINTR], t->c_cc[VQUIT],
    t->c_cc[VERASE], t->c_cc[VKILL], t->c_cc[VEOF], t->c_cc[VMIN], t->c_cc[VTIME], t->c_cc[VSUSP], t->c_cc[VWERASE], t->c_cc[VLNEXT]);
  fflush(stdout);
}

static int openMaster(char *name, int *index) {
  int m = posix_openpt(O_RDWR | O_NOCTTY);
  if (m < 0 || grantpt(m) < 0) return -1;
  strcpy(name, ptsname(m));
  ioctl(m, TIOCGPTN, index);
  return m;
}

static volatile sig_atomic_t gotSig;
static void onSig(int s) { gotSig = s; }

/**
 * `pty-glibc run INPUT PROG ARGS...`: PROG on a new pseudo-terminal as its session's controlling
 * terminal (openpty, fork, login_tty), INPUT typed to it, and everything it shows copied to
 * stdout until the slave closes; exit status: PROG's. A small `script` for each ABI.
 */
static int run(const char *input, char **argv) {
  int m = posix_openpt(O_RDWR | O_NOCTTY);
  if (m < 0 || grantpt(m) < 0 || unlockpt(m) < 0) return 125;
  char *name = ptsname(m);
  fflush(stdout);
  pid_t kid = fork();
  if (kid == 0) {
    setsid();
    int s = open(name, O_RDWR);
    if (s < 0) _exit(126);
    dup2(s, 0); dup2(s, 1); dup2(s, 2);
    if (s > 2) close(s);
    close(m);
    execv(argv[0], argv);
    _exit(127);
  }
  putStr(m, input);
  char buf[4096];
  long n;
  while ((n = read(m, buf, sizeof buf)) > 0) fwrite(buf, 1, n, stdout);
  int st;
  waitpid(kid, &st, 0);
  fflush(stdout);
  return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

int main(int argc, char **argv) {
  if (argc > 3 && strcmp(argv[1], "run") == 0) return run(argv[2], argv + 3);
  char name[64];
  int index = -1, lock = -1;
  int m = openMaster(name, &index);
  SHOW(m >= 0);
  char expect[64];
  snprintf(expect, sizeof expect, "/dev/pts/%d", index);
  printf("ptsname is /dev/pts/<TIOCGPTN>: %d\n", strcmp(name, expect) == 0);
  SHOW(ioctl(m, TIOCGPTLCK, &lock));
  printf("locked %d\n", lock);
  SHOW(open(name, O_RDWR | O_NOCTTY));
  SHOW(unlockpt(m));
  SHOW(ioctl(m, TIOCGPTLCK, &lock));
  printf("locked %d\n", lock);
  int s = open(name, O_RDWR | O_NOCTTY);
  SHOW(s >= 0);

  struct stat ms, ss;
  fstat(m, &ms);
  fstat(s, &ss);
  printf("master: chr %d major %u minor %u\n", S_ISCHR(ms.st_mode), major(ms.st_rdev), minor(ms.st_rdev));
  printf("slave: chr %d major %u minor==index %d\n", S_ISCHR(ss.st_mode), major(ss.st_rdev), (int)minor(ss.st_rdev) == index);
  printf("isatty master %d slave %d\n", isatty(m), isatty(s));
  printf("ttyname(slave) == ptsname: %d\n", ttyname(s) && strcmp(ttyname(s), name) == 0);
  struct stat ps;
  SHOW(stat(name, &ps));
  printf("stat(ptsname) is the slave: %d\n", ps.st_rdev == ss.st_rdev && ps.st_ino == ss.st_ino && ps.st_dev == ss.st_dev);
  struct winsize ws;
  SHOW(ioctl(s, TIOCGWINSZ, &ws));
  printf("winsize %dx%d\n", ws.ws_row, ws.ws_col);
  struct termios t, mt;
  SHOW(tcgetattr(m, &mt));
  showFlags("master", &mt);
  SHOW(tcgetattr(s, &t));
  showFlags("slave", &t);

  printf("-- canonical\n");
  // Linux moves bytes between the two sides in a worker thread: every look at the master waits
  // for a marker (a '#' the slave writes, or the echo of what was typed), never for time.
  char buf[256];
  long n;
  putStr(m, "hello\n");
  n = read(s, buf, sizeof buf); showBytes("slave read", buf, n);
  putStr(s, "#");
  readUntil(m, "#", "master sees");
  putStr(s, "a\nb\tc\n#");
  readUntil(m, "#", "slave wrote");
  putStr(m, "abc\x7f");
  readUntil(m, "\b \b", "erase echo");
  int avail = -1;
  SHOW(ioctl(s, FIONREAD, &avail));
  printf("FIONREAD mid-line %d\n", avail);
  putStr(m, "\x15one two\x17x\x01\n");
  readUntil(m, "\r\n", "kill, werase, ^A echo");
  SHOW(ioctl(s, FIONREAD, &avail));
  printf("FIONREAD %d\n", avail);
  n = read(s, buf, 3); showBytes("slave read 3", buf, n);
  n = read(s, buf, sizeof buf); showBytes("slave read rest", buf, n);
  putStr(m, "par\x04");
  n = read(s, buf, sizeof buf); showBytes("EOF ends a line", buf, n);
  putStr(m, "\x04");
  SHOW(read(s, buf, sizeof buf));
  putStr(m, "\r\n");
  n = read(s, buf, sizeof buf); showBytes("CR read as NL", buf, n);
  n = read(s, buf, sizeof buf); showBytes("NL", buf, n);
  putStr(s, "#");
  readUntil(m, "#", "echo");
  SHOW(fcntl(s, F_SETFL, O_NONBLOCK));
  SHOW(read(s, buf, sizeof buf));
  SHOW(fcntl(s, F_SETFL, 0));
  struct pollfd pf[2] = { { .fd = m, .events = POLLIN | POLLOUT }, { .fd = s, .events = POLLIN | POLLOUT } };
  SHOW(poll(pf, 2, 0));
  printf("revents master %#x slave %#x\n", pf[0].revents, pf[1].revents);
  putStr(m, "partial");
  readUntil(m, "partial", "echo");
  SHOW(poll(pf, 2, 0));
  printf("revents master %#x slave %#x\n", pf[0].revents, pf[1].revents);
  putStr(s, "#");
  SHOW(poll(pf, 2, 1000));
  printf("revents master %#x slave %#x\n", pf[0].revents, pf[1].revents);
  readUntil(m, "#", "marker");

  printf("-- raw\n");
  struct termios raw = t;
  cfmakeraw(&raw);
  raw.c_cc[VMIN] = 1;
  raw.c_cc[VTIME] = 0;
  SHOW(tcsetattr(s, TCSANOW, &raw));
  n = read(s, buf, sizeof buf); showBytes("partial line after ICANON off", buf, n);
  putStr(m, "x\ry\n\x03");
  for (n = 0; n < 5;) { long r = read(s, buf + n, sizeof buf - n); if (r <= 0) break; n += r; }
  showBytes("raw read", buf, n);
  putStr(s, "a\nb#");
  readUntil(m, "#", "no echo, no ONLCR");
  raw.c_cc[VMIN] = 0;
  SHOW(tcsetattr(s, TCSANOW, &raw));
  SHOW(read(s, buf, sizeof buf));
  raw.c_cc[VTIME] = 1;
  SHOW(tcsetattr(s, TCSANOW, &raw));
  SHOW(read(s, buf, sizeof buf));
  SHOW(tcsetattr(s, TCSAFLUSH, &t));

  printf("-- errors\n");
  SHOW(ioctl(s, TIOCGPTN, &lock));
  SHOW(tcgetpgrp(s));
  SHOW(tcgetsid(s));
  SHOW(ioctl(s, TIOCSCTTY, 0));
  int ld = 1;
  SHOW(ioctl(s, TIOCSETD, &ld));
  SHOW(ioctl(s, TIOCGETD, &ld));
  printf("ldisc %d\n", ld);
  SHOW(ioctl(s, TCFLSH, 5));
  SHOW(tcflush(s, TCIOFLUSH));
  SHOW(tcdrain(s));
  SHOW(ioctl(s, TIOCNOTTY));
  int p[2];
  SHOW(pipe(p));
  SHOW(tcgetattr(p[0], &mt));
  SHOW(isatty(p[0]));
  int peer = ioctl(m, TIOCGPTPEER, O_RDWR | O_NOCTTY);
  SHOW(peer >= 0);
  printf("peer ttyname == ptsname: %d\n", ttyname(peer) && strcmp(ttyname(peer), name) == 0);
  putStr(peer, "via peer\n");
  readUntil(m, "\n", "peer wrote");
  close(peer);

  printf("-- controlling terminal\n");
  fflush(stdout);
  pid_t kid = fork();
  if (kid == 0) {
    close(s);
    close(m);
    setsid();
    int fd = open("/dev/tty", O_RDWR);
    printf("child: /dev/tty before: %s\n", fd < 0 ? strerrorname_np(errno) : "opened");
    fflush(stdout);
    int cs = open(name, O_RDWR);
    printf("child: tcgetsid is own session: %d, tcgetpgrp is own group: %d\n", tcgetsid(cs) == getsid(0), tcgetpgrp(cs) == getpgrp());
    fflush(stdout);
    int tty = open("/dev/tty", O_RDWR);
    putStr(tty, "via /dev/tty\n");
    struct sigaction sa = { .sa_handler = onSig };
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGWINCH, &sa, NULL);
    putStr(cs, "ready\n");
    char b[64];
    long r = read(cs, b, sizeof b);
    dprintf(cs, "child: read %ld %s, signal %d\n", r, r < 0 ? strerrorname_np(errno) : "", gotSig);
    gotSig = 0;
    r = read(cs, b, sizeof b);
    struct winsize w;
    ioctl(cs, TIOCGWINSZ, &w);
    dprintf(cs, "child: read %ld %s, signal %d, winsize %dx%d\n", r, r < 0 ? strerrorname_np(errno) : "", gotSig, w.ws_row, w.ws_col);
    // A background group: SIGTTIN stops a read; ignored, the read is EIO; TOSTOP and SIGTTOU for writes.
    pid_t bg = fork();
    if (bg == 0) {
      setpgid(0, 0);
      signal(SIGTTIN, SIG_IGN);
      long rr = read(cs, b, 1);
      dprintf(cs, "bg: read with SIGTTIN ignored %ld %s\n", rr, rr < 0 ? strerrorname_np(errno) : "");
      dprintf(cs, "bg: tcgetpgrp is not mine: %d\n", tcgetpgrp(cs) != getpgrp());
      signal(SIGTTIN, SIG_DFL);
      rr = read(cs, b, 1);
      _exit(3);
    }
    int st;
    waitpid(bg, &st, WUNTRACED);
    dprintf(cs, "child: bg stopped %d by %s\n", WIFSTOPPED(st), WIFSTOPPED(st) ? sigabbrev_np(WSTOPSIG(st)) : "-");
    kill(bg, SIGKILL);
    waitpid(bg, &st, 0);
    struct termios tt;
    tcgetattr(cs, &tt);
    tt.c_lflag |= TOSTOP;
    tcsetattr(cs, TCSANOW, &tt);
    bg = fork();
    if (bg == 0) {
      setpgid(0, 0);
      putStr(cs, "bg: never written\n");
      _exit(4);
    }
    waitpid(bg, &st, WUNTRACED);
    dprintf(cs, "child: bg writer stopped %d by %s\n", WIFSTOPPED(st), WIFSTOPPED(st) ? sigabbrev_np(WSTOPSIG(st)) : "-");
    // The foreground moves to the stopped group: continued, its write goes through.
    signal(SIGTTOU, SIG_IGN);
    int tp = tcsetpgrp(cs, bg);
    dprintf(cs, "child: tcsetpgrp(bg) %d, tcgetpgrp is bg: %d\n", tp, tcgetpgrp(cs) == bg);
    kill(bg, SIGCONT);
    waitpid(bg, &st, 0);
    dprintf(cs, "child: bg exit %d\n", WEXITSTATUS(st));
    tcsetpgrp(cs, getpgrp());
    tt.c_lflag &= ~TOSTOP;
    tcsetattr(cs, TCSANOW, &tt);
    putStr(cs, "waiting for hangup\n");
    read(cs, b, sizeof b);
    _exit(5);
  }
  readUntil(m, "ready\r\n", "child wrote");
  putStr(m, "\x03");
  readUntil(m, "signal 2\r\n", "after ^C");
  ws.ws_row = 30;
  ws.ws_col = 100;
  SHOW(ioctl(m, TIOCSWINSZ, &ws));
  readUntil(m, "waiting for hangup\r\n", "after resize");
  close(s);
  SHOW(close(m));
  int st;
  SHOW(waitpid(kid, &st, 0) == kid);
  printf("child: signaled %d by %s\n", WIFSIGNALED(st), WIFSIGNALED(st) ? sigabbrev_np(WTERMSIG(st)) : "-");
  SHOW(access(name, F_OK));

  printf("-- slave closed\n");
  m = openMaster(name, &index);
  unlockpt(m);
  s = open(name, O_RDWR | O_NOCTTY);
  putStr(s, "last words\n");
  SHOW(close(s));
  struct pollfd q = { .fd = m, .events = POLLIN };
  SHOW(poll(&q, 1, 0));
  printf("revents %#x\n", q.revents);
  n = read(m, buf, sizeof buf); showBytes("master read", buf, n);
  SHOW(read(m, buf, sizeof buf));
  // (What becomes of it is Linux's worker thread's timing: not looked at.)
  SHOW(write(m, "x", 1));
  return 0;
}
