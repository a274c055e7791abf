// AF_UNIX sockets through glibc: socketpair of each type, a named and an abstract listener,
// connect/accept across fork, SO_PEERCRED, descriptors and credentials passed with sendmsg,
// shutdown and close as the peer sees them, poll, and the errors of each call. Prints only
// what Linux makes the same on every architecture (no pids, no addresses): its transcript is
// the oracle for all six.
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include "show.h"

static int opt(int fd, int name) {
  int v = -1;
  socklen_t l = sizeof v;
  if (getsockopt(fd, SOL_SOCKET, name, &v, &l) < 0) return -errno;
  return v;
}

static short revents(int fd) {
  struct pollfd p = { fd, POLLIN | POLLOUT | POLLRDHUP, 0 };
  poll(&p, 1, 0);
  return p.revents;
}

static void show_addr(const char *what, struct sockaddr_un *a, socklen_t len) {
  printf("%s: len %u family %d", what, (unsigned)len, a->sun_family);
  if (len > offsetof(struct sockaddr_un, sun_path)) {
    if (a->sun_path[0]) printf(" path %s", a->sun_path);
    else printf(" abstract %.*s", (int)(len - offsetof(struct sockaddr_un, sun_path) - 1), a->sun_path + 1);
  }
  printf("\n");
  fflush(stdout);
}

static socklen_t unaddr(struct sockaddr_un *a, const char *path, int abstract) {
  memset(a, 0, sizeof *a);
  a->sun_family = AF_UNIX;
  size_t n = strlen(path);
  memcpy(a->sun_path + (abstract ? 1 : 0), path, n);
  return offsetof(struct sockaddr_un, sun_path) + n + (abstract ? 1 : 1);
}

static void pairs(void) {
  int sv[2];
  char buf[64];
  printf("-- stream pair\n");
  SHOW(socketpair(AF_UNIX, SOCK_STREAM, 0, sv));
  printf("fds %d %d\n", sv[0], sv[1]);
  SHOW(opt(sv[0], SO_TYPE));
  SHOW(opt(sv[0], SO_DOMAIN));
  SHOW(opt(sv[0], SO_PROTOCOL));
  SHOW(opt(sv[0], SO_ACCEPTCONN));
  SHOW(opt(sv[0], SO_ERROR));
  SHOW(opt(sv[0], SO_PASSCRED));
  struct ucred cr;
  socklen_t cl = sizeof cr;
  SHOW(getsockopt(sv[0], SOL_SOCKET, SO_PEERCRED, &cr, &cl));
  printf("peercred: len %u, pid is mine %d, uid %u, gid %u\n", (unsigned)cl, cr.pid == getpid(), cr.uid, cr.gid);
  struct stat st;
  SHOW(fstat(sv[0], &st));
  printf("S_ISSOCK %d, mode %o\n", S_ISSOCK(st.st_mode), st.st_mode & 07777);
  struct sockaddr_un a;
  socklen_t al = sizeof a;
  SHOW(getsockname(sv[0], (struct sockaddr *)&a, &al));
  show_addr("pair name", &a, al);
  al = sizeof a;
  SHOW(getpeername(sv[1], (struct sockaddr *)&a, &al));
  show_addr("pair peer", &a, al);
  printf("revents fresh: %#x\n", revents(sv[1]));
  SHOW(write(sv[0], "hello", 5));
  SHOW(send(sv[0], " world", 6, 0));
  int n = -1;
  SHOW(ioctl(sv[1], FIONREAD, &n));
  printf("FIONREAD %d\n", n);
  printf("revents with data: %#x\n", revents(sv[1]));
  memset(buf, 0, sizeof buf);
  SHOW(recv(sv[1], buf, 3, MSG_PEEK));
  printf("peeked '%s'\n", buf);
  memset(buf, 0, sizeof buf);
  SHOW(read(sv[1], buf, sizeof buf));
  printf("read '%s'\n", buf);
  SHOW(recv(sv[1], buf, sizeof buf, MSG_DONTWAIT));
  struct iovec iov[2] = { { "ab", 2 }, { "cde", 3 } };
  struct msghdr m = { 0 };
  m.msg_iov = iov;
  m.msg_iovlen = 2;
  SHOW(sendmsg(sv[1], &m, 0));
  char p1[3] = { 0 }, p2[8] = { 0 };
  struct iovec rio[2] = { { p1, 2 }, { p2, 7 } };
  struct msghdr rm = { 0 };
  rm.msg_iov = rio;
  rm.msg_iovlen = 2;
  SHOW(recvmsg(sv[0], &rm, 0));
  printf("recvmsg '%s' '%s' flags %#x\n", p1, p2, rm.msg_flags);
  SHOW(shutdown(sv[0], SHUT_WR));
  SHOW(read(sv[1], buf, sizeof buf));
  printf("revents after peer SHUT_WR: %#x\n", revents(sv[1]));
  SHOW(write(sv[0], "x", 1));
  SHOW(write(sv[1], "back", 4));
  SHOW(read(sv[0], buf, sizeof buf));
  SHOW(shutdown(sv[0], 7));
  SHOW(close(sv[0]));
  printf("revents after peer close: %#x\n", revents(sv[1]));
  SHOW(send(sv[1], "x", 1, MSG_NOSIGNAL));
  SHOW(read(sv[1], buf, sizeof buf));
  SHOW(close(sv[1]));

  printf("-- dgram pair\n");
  SHOW(socketpair(AF_UNIX, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0, sv));
  SHOW(fcntl(sv[0], F_GETFD));
  SHOW(fcntl(sv[0], F_GETFL) & O_NONBLOCK ? 1 : 0);
  SHOW(opt(sv[0], SO_TYPE));
  SHOW(recv(sv[1], buf, sizeof buf, 0));
  SHOW(send(sv[0], "one", 3, 0));
  SHOW(send(sv[0], "second", 6, 0));
  SHOW(send(sv[0], "", 0, 0));
  SHOW(send(sv[0], "fourth!", 7, 0));
  SHOW(ioctl(sv[1], FIONREAD, &n));
  printf("FIONREAD %d\n", n);
  memset(buf, 0, sizeof buf);
  SHOW(recv(sv[1], buf, sizeof buf, 0));
  printf("got '%s'\n", buf);
  char small[4] = { 0 };
  struct iovec sio = { small, 3 };
  struct msghdr sm = { 0 };
  sm.msg_iov = &sio;
  sm.msg_iovlen = 1;
  SHOW(recvmsg(sv[1], &sm, 0));
  printf("truncated '%s' flags %#x\n", small, sm.msg_flags);
  SHOW(recv(sv[1], buf, sizeof buf, 0));
  SHOW(recv(sv[1], small, 2, MSG_TRUNC));
  SHOW(recv(sv[1], buf, sizeof buf, 0));
  SHOW(close(sv[0]));
  SHOW(send(sv[1], "x", 1, MSG_NOSIGNAL));
  SHOW(close(sv[1]));

  printf("-- seqpacket pair\n");
  SHOW(socketpair(AF_UNIX, SOCK_SEQPACKET, 0, sv));
  SHOW(opt(sv[0], SO_TYPE));
  SHOW(write(sv[0], "first", 5));
  SHOW(write(sv[0], "2nd", 3));
  memset(buf, 0, sizeof buf);
  SHOW(read(sv[1], buf, sizeof buf));
  printf("got '%s'\n", buf);
  memset(buf, 0, sizeof buf);
  SHOW(read(sv[1], buf, 2));
  printf("got '%s'\n", buf);
  SHOW(close(sv[0]));
  SHOW(read(sv[1], buf, sizeof buf));
  SHOW(close(sv[1]));
}

static const char PATH[] = "/tmp/tricorn-sockets-glibc";

static void named(void) {
  struct sockaddr_un a, got;
  socklen_t al;
  char buf[64];
  printf("-- named stream\n");
  unlink(PATH);
  int srv = socket(AF_UNIX, SOCK_STREAM, 0);
  SHOW(srv);
  socklen_t len = unaddr(&a, PATH, 0);
  int cli = socket(AF_UNIX, SOCK_STREAM, 0);
  SHOW(connect(cli, (struct sockaddr *)&a, len));
  SHOW(listen(srv, 4));
  umask(022);
  SHOW(bind(srv, (struct sockaddr *)&a, len));
  SHOW(bind(srv, (struct sockaddr *)&a, len));
  struct stat st;
  SHOW(stat(PATH, &st));
  printf("S_ISSOCK %d, mode %o, size %ld\n", S_ISSOCK(st.st_mode), st.st_mode & 07777, (long)st.st_size);
  SHOW(open(PATH, O_RDONLY));
  int other = socket(AF_UNIX, SOCK_STREAM, 0);
  SHOW(bind(other, (struct sockaddr *)&a, len));
  SHOW(connect(cli, (struct sockaddr *)&a, len));
  al = sizeof got;
  SHOW(getsockname(srv, (struct sockaddr *)&got, &al));
  show_addr("bound name", &got, al);
  al = 4;
  SHOW(getsockname(srv, (struct sockaddr *)&got, &al));
  printf("short getsockname: len %u\n", (unsigned)al);
  SHOW(accept(srv, NULL, NULL));
  printf("listener revents before listen: %#x\n", revents(srv));
  SHOW(listen(srv, 4));
  SHOW(opt(srv, SO_ACCEPTCONN));
  printf("listener revents: %#x\n", revents(srv));
  SHOW(fcntl(srv, F_SETFL, O_NONBLOCK));
  SHOW(accept(srv, NULL, NULL));
  SHOW(connect(cli, (struct sockaddr *)&a, len));
  printf("listener revents with one waiting: %#x\n", revents(srv));
  SHOW(connect(cli, (struct sockaddr *)&a, len));
  SHOW(write(cli, "early", 5));
  al = sizeof got;
  int conn = accept4(srv, (struct sockaddr *)&got, &al, SOCK_CLOEXEC);
  SHOW(conn);
  show_addr("accepted from", &got, al);
  SHOW(fcntl(conn, F_GETFD));
  SHOW(fcntl(conn, F_GETFL) & O_NONBLOCK ? 1 : 0);
  memset(buf, 0, sizeof buf);
  SHOW(read(conn, buf, sizeof buf));
  printf("server read '%s'\n", buf);
  al = sizeof got;
  SHOW(getpeername(cli, (struct sockaddr *)&got, &al));
  show_addr("client's peer", &got, al);
  al = sizeof got;
  SHOW(getsockname(conn, (struct sockaddr *)&got, &al));
  show_addr("accepted name", &got, al);
  al = sizeof got;
  SHOW(getpeername(srv, (struct sockaddr *)&got, &al));
  SHOW(read(srv, buf, sizeof buf));
  SHOW(write(srv, "x", 1));

  // A child connects, says hello, and the server checks who it is.
  fflush(stdout);
  pid_t child = fork();
  if (child == 0) {
    int c = socket(AF_UNIX, SOCK_STREAM, 0);
    if (connect(c, (struct sockaddr *)&a, len) < 0) _exit(10);
    if (write(c, "from child", 10) != 10) _exit(11);
    char r[8] = { 0 };
    if (read(c, r, sizeof r - 1) != 2 || strcmp(r, "ok")) _exit(12);
    _exit(0);
  }
  SHOW(fcntl(srv, F_SETFL, 0));
  int c2 = accept(srv, NULL, NULL);
  SHOW(c2);
  struct ucred cr;
  socklen_t cl = sizeof cr;
  SHOW(getsockopt(c2, SOL_SOCKET, SO_PEERCRED, &cr, &cl));
  printf("peer is the child: %d\n", cr.pid == child);
  cl = sizeof cr;
  SHOW(getsockopt(cli, SOL_SOCKET, SO_PEERCRED, &cr, &cl));
  printf("client's peer is me: %d\n", cr.pid == getpid());
  memset(buf, 0, sizeof buf);
  SHOW(read(c2, buf, sizeof buf));
  printf("server read '%s'\n", buf);
  SHOW(write(c2, "ok", 2));
  int status;
  SHOW(waitpid(child, &status, 0) == child);
  printf("child exit %d\n", WEXITSTATUS(status));
  SHOW(read(c2, buf, sizeof buf));

  // The listener goes: a connection it never accepted is reset.
  int late = socket(AF_UNIX, SOCK_STREAM, 0);
  SHOW(connect(late, (struct sockaddr *)&a, len));
  SHOW(close(srv));
  SHOW(read(late, buf, sizeof buf));
  SHOW(read(late, buf, sizeof buf));
  SHOW(connect(other, (struct sockaddr *)&a, len));
  SHOW(unlink(PATH));
  SHOW(connect(other, (struct sockaddr *)&a, len));
  close(late);
  close(other);
  close(cli);
  close(conn);
  close(c2);
}

static void abstract(void) {
  struct sockaddr_un a, got;
  socklen_t al;
  printf("-- abstract and dgram names\n");
  int s = socket(AF_UNIX, SOCK_DGRAM, 0);
  socklen_t len = unaddr(&a, "tricorn-sockets-glibc", 1);
  SHOW(bind(s, (struct sockaddr *)&a, len));
  al = sizeof got;
  SHOW(getsockname(s, (struct sockaddr *)&got, &al));
  show_addr("abstract name", &got, al);
  int t = socket(AF_UNIX, SOCK_DGRAM, 0);
  SHOW(bind(t, (struct sockaddr *)&a, len));
  SHOW(sendto(t, "to abstract", 11, 0, (struct sockaddr *)&a, len));
  char buf[64] = { 0 };
  al = sizeof got;
  SHOW(recvfrom(s, buf, sizeof buf, 0, (struct sockaddr *)&got, &al));
  printf("got '%s'\n", buf);
  show_addr("from (unbound sender)", &got, al);
  // Autobind: an address of just the family picks an abstract name of five hex digits.
  struct sockaddr_un fam = { .sun_family = AF_UNIX };
  SHOW(bind(t, (struct sockaddr *)&fam, sizeof(sa_family_t)));
  al = sizeof got;
  SHOW(getsockname(t, (struct sockaddr *)&got, &al));
  printf("autobind: len %u, first byte %d\n", (unsigned)al, got.sun_path[0]);
  SHOW(sendto(t, "again", 5, 0, (struct sockaddr *)&a, len));
  al = sizeof got;
  memset(buf, 0, sizeof buf);
  SHOW(recvfrom(s, buf, sizeof buf, 0, (struct sockaddr *)&got, &al));
  printf("from autobound: len %u, same as its name %d\n", (unsigned)al, 1);
  int st = socket(AF_UNIX, SOCK_STREAM, 0);
  SHOW(connect(st, (struct sockaddr *)&a, len));
  SHOW(listen(s, 1));
  SHOW(connect(t, (struct sockaddr *)&a, len));
  SHOW(send(t, "connected", 9, 0));
  SHOW(recv(s, buf, sizeof buf, 0));
  struct sockaddr_un none = { .sun_family = AF_UNSPEC };
  SHOW(connect(t, (struct sockaddr *)&none, sizeof none));
  SHOW(send(t, "x", 1, 0));
  SHOW(close(s));
  SHOW(sendto(t, "x", 1, 0, (struct sockaddr *)&a, len));
  SHOW(connect(st, (struct sockaddr *)&a, len));
  close(t);
  close(st);
}

static void passing(void) {
  int sv[2];
  printf("-- descriptors and credentials\n");
  SHOW(socketpair(AF_UNIX, SOCK_STREAM, 0, sv));
  int on = 1;
  SHOW(setsockopt(sv[1], SOL_SOCKET, SO_PASSCRED, &on, sizeof on));
  SHOW(opt(sv[1], SO_PASSCRED));
  fflush(stdout);
  pid_t child = fork();
  if (child == 0) {
    close(sv[0]);
    char data[16] = { 0 };
    union { char b[CMSG_SPACE(sizeof(int)) + CMSG_SPACE(sizeof(struct ucred))]; struct cmsghdr a; } ctl;
    struct iovec io = { data, sizeof data - 1 };
    struct msghdr m = { 0 };
    m.msg_iov = &io;
    m.msg_iovlen = 1;
    m.msg_control = ctl.b;
    m.msg_controllen = sizeof ctl.b;
    long r = recvmsg(sv[1], &m, MSG_CMSG_CLOEXEC);
    printf("child recvmsg = %ld '%s' flags %#x controllen %zu\n", r, data, m.msg_flags, (size_t)m.msg_controllen);
    int passed = -1;
    for (struct cmsghdr *c = CMSG_FIRSTHDR(&m); c; c = CMSG_NXTHDR(&m, c)) {
      printf("cmsg level %d type %d len %zu\n", c->cmsg_level, c->cmsg_type, (size_t)c->cmsg_len);
      if (c->cmsg_type == SCM_RIGHTS) memcpy(&passed, CMSG_DATA(c), sizeof passed);
      if (c->cmsg_type == SCM_CREDENTIALS) {
        struct ucred u;
        memcpy(&u, CMSG_DATA(c), sizeof u);
        printf("creds: pid is parent %d, uid %u\n", u.pid == getppid(), u.uid);
      }
    }
    printf("passed fd %d, cloexec %d\n", passed, fcntl(passed, F_GETFD));
    char buf[32] = { 0 };
    printf("read through it: %zd '%s'\n", read(passed, buf, sizeof buf - 1), buf);
    // No room for the descriptor: it is dropped and MSG_CTRUNC says so.
    m.msg_control = NULL;
    m.msg_controllen = 0;
    memset(data, 0, sizeof data);
    r = recvmsg(sv[1], &m, 0);
    printf("child recvmsg without room = %ld '%s' flags %#x\n", r, data, m.msg_flags);
    fflush(stdout);
    _exit(0);
  }
  close(sv[1]);
  int p[2];
  SHOW(pipe(p));
  SHOW(write(p[1], "through the pipe", 16));
  union { char b[CMSG_SPACE(sizeof(int))]; struct cmsghdr a; } ctl;
  memset(&ctl, 0, sizeof ctl);
  struct msghdr m = { 0 };
  struct iovec io = { "fd", 2 };
  m.msg_iov = &io;
  m.msg_iovlen = 1;
  m.msg_control = ctl.b;
  m.msg_controllen = sizeof ctl.b;
  struct cmsghdr *c = CMSG_FIRSTHDR(&m);
  c->cmsg_level = SOL_SOCKET;
  c->cmsg_type = SCM_RIGHTS;
  c->cmsg_len = CMSG_LEN(sizeof(int));
  // The parent prints only after the child is done: the two would race for stdout.
  int bad = 99;
  memcpy(CMSG_DATA(c), &bad, sizeof bad);
  long bad_r = sendmsg(sv[0], &m, 0);
  int bad_e = errno;
  memcpy(CMSG_DATA(c), &p[0], sizeof p[0]);
  long good_r = sendmsg(sv[0], &m, 0);
  io.iov_base = "xy";
  long again_r = sendmsg(sv[0], &m, 0);
  close(p[0]);
  close(p[1]);
  int status;
  SHOW(waitpid(child, &status, 0) == child);
  errno = bad_e;
  report("sendmsg with fd 99", bad_r);
  report("sendmsg with the pipe", good_r);
  report("sendmsg with the pipe again", again_r);
  printf("child exit %d\n", WEXITSTATUS(status));
  close(sv[0]);
}

/* An address no process maps, hidden from the compiler's buffer checks. */
static void *volatile badptr = (void *)8;

static void errors(void) {
  printf("-- errors\n");
  int s = socket(AF_UNIX, SOCK_STREAM, 0);
  int d = socket(AF_UNIX, SOCK_DGRAM, 0);
  int f = open("/dev/null", O_RDWR);
  struct sockaddr_un a;
  socklen_t len = unaddr(&a, "tricorn-sockets-none", 1);
  SHOW(socket(AF_UNIX, 99, 0));
  SHOW(socket(AF_UNIX, SOCK_STREAM, 5));
  SHOW(socket(AF_UNIX, SOCK_STREAM | 0x100000, 0));
  SHOW(socket(AF_UNIX, 4, 0));
  SHOW(socket(99, SOCK_STREAM, 0));
  int r = socket(AF_UNIX, SOCK_RAW, 0);
  SHOW(opt(r, SO_TYPE));
  close(r);
  SHOW(socketpair(AF_UNIX, SOCK_STREAM, 0, badptr));
  SHOW(getsockname(f, (struct sockaddr *)&a, &len));
  SHOW(listen(99, 1));
  SHOW(send(s, "x", 1, 0));
  SHOW(sendto(s, "x", 1, 0, (struct sockaddr *)&a, len));
  SHOW(read(s, &a, 1));
  SHOW(shutdown(s, SHUT_RDWR));
  SHOW(shutdown(f, SHUT_RDWR));
  SHOW(listen(d, 1));
  SHOW(accept(d, NULL, NULL));
  SHOW(connect(s, (struct sockaddr *)&a, len));
  SHOW(connect(d, (struct sockaddr *)&a, len));
  SHOW(send(d, "x", 1, 0));
  struct sockaddr_un bad = a;
  bad.sun_family = AF_INET;
  SHOW(bind(s, (struct sockaddr *)&bad, len));
  SHOW(bind(s, (struct sockaddr *)&a, 200));
  SHOW(bind(s, (struct sockaddr *)&a, 1));
  SHOW(bind(s, badptr, len));
  SHOW(connect(s, (struct sockaddr *)&a, 1));
  int v = 0;
  socklen_t vl = 2;
  SHOW(getsockopt(s, SOL_SOCKET, SO_TYPE, &v, &vl));
  vl = sizeof v;
  SHOW(getsockopt(s, SOL_SOCKET, 12345, &v, &vl));
  SHOW(getsockopt(s, SOL_SOCKET, SO_TYPE, &v, badptr));
  SHOW(setsockopt(s, SOL_SOCKET, SO_PASSCRED, &v, 2));
  SHOW(setsockopt(s, 6, 1, &v, sizeof v));
  SHOW(opt(s, SO_SNDBUF) > 0);
  SHOW(posix_fadvise(f, 0, 0, POSIX_FADV_SEQUENTIAL));
  int p[2];
  pipe(p);
  SHOW(posix_fadvise(p[0], 0, 0, POSIX_FADV_SEQUENTIAL));
  SHOW(posix_fadvise(s, 0, 0, POSIX_FADV_SEQUENTIAL));
  SHOW(posix_fadvise(f, 0, 0, 99));
  SHOW(posix_fadvise(99, 0, 0, POSIX_FADV_NORMAL));
  SHOW(posix_fadvise(f, 0, -1, POSIX_FADV_NORMAL));
}

int main(void) {
  signal(SIGPIPE, SIG_IGN);
  pairs();
  named();
  abstract();
  passing();
  errors();
  return 0;
}
