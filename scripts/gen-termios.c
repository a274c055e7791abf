/* Prints an architecture's TCGETS number and the bytes of a struct termios holding Linux's
 * default terminal settings (drivers/tty/tty_io.c tty_std_termios, with INIT_C_CC), for
 * arch/<arch>.ts `terminal`; then its terminal ioctl numbers and termios bits, for the
 * descriptor's flags.ttyIoctls and flags.termbits (kernel/abi/flags.ts holds the generic ones). Build with each (cross) gcc, -static, and run natively or under
 * qemu-<arch>-static:
 *   powerpc64-linux-gnu-gcc -static -o /tmp/t scripts/gen-termios.c && qemu-ppc64-static /tmp/t */
#include <asm/termbits.h>
#include <asm/ioctls.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#define P(x) printf("%s: 0x%lx, ", #x, (unsigned long)(x))
int main(void) {
  struct termios t;
  memset(&t, 0, sizeof t);
  t.c_iflag = ICRNL | IXON;
  t.c_oflag = OPOST | ONLCR;
  t.c_cflag = B38400 | CS8 | CREAD | HUPCL;
  t.c_lflag = ISIG | ICANON | ECHO | ECHOE | ECHOK | ECHOCTL | ECHOKE | IEXTEN;
  t.c_cc[VINTR] = 'C' - 0x40; t.c_cc[VQUIT] = '\\' - 0x40; t.c_cc[VERASE] = 0177; t.c_cc[VKILL] = 'U' - 0x40;
  t.c_cc[VEOF] = 'D' - 0x40; t.c_cc[VSTART] = 'Q' - 0x40; t.c_cc[VSTOP] = 'S' - 0x40; t.c_cc[VSUSP] = 'Z' - 0x40;
  t.c_cc[VREPRINT] = 'R' - 0x40; t.c_cc[VDISCARD] = 'O' - 0x40; t.c_cc[VWERASE] = 'W' - 0x40; t.c_cc[VLNEXT] = 'V' - 0x40;
  t.c_cc[VMIN] = 1;
#ifdef __powerpc__
  t.c_ispeed = 38400; t.c_ospeed = 38400;
#endif
  printf("tcgets: 0x%lx, termios: '", (unsigned long)TCGETS);
  for (size_t i = 0; i < sizeof t; i++) printf("%02x", ((unsigned char *)&t)[i]);
  printf("'\n");
  printf("ttyIoctls: "); P(TCSBRK); P(TCXONC); P(TCFLSH); P(TIOCEXCL); P(TIOCNXCL); P(TIOCSCTTY); P(TIOCOUTQ); P(TIOCSTI);
  P(TIOCPKT); P(TIOCNOTTY); P(TIOCSETD); P(TIOCGETD); P(TCSBRKP); P(TIOCGSID); P(TIOCGPTN); P(TIOCSPTLCK); P(TIOCGPTLCK);
  P(TIOCGEXCL); P(TIOCGPTPEER); P(TIOCVHANGUP); P(TIOCGPKT); P(FIONCLEX); P(FIOCLEX);
  printf("\niflag: "); P(IGNBRK); P(BRKINT); P(IGNPAR); P(PARMRK); P(INPCK); P(ISTRIP); P(INLCR); P(IGNCR); P(ICRNL); P(IUCLC);
  P(IXON); P(IXANY); P(IXOFF); P(IMAXBEL); P(IUTF8);
  printf("\noflag: "); P(OPOST); P(OLCUC); P(ONLCR); P(OCRNL); P(ONOCR); P(ONLRET); P(OFILL); P(OFDEL); P(NLDLY); P(CRDLY);
  P(TABDLY); P(XTABS); P(BSDLY); P(VTDLY); P(FFDLY);
  printf("\ncflag: "); P(CBAUD); P(CSIZE); P(CSTOPB); P(CREAD); P(PARENB); P(PARODD); P(HUPCL); P(CLOCAL); P(CRTSCTS);
  printf("\nlflag: "); P(ISIG); P(ICANON); P(XCASE); P(ECHO); P(ECHOE); P(ECHOK); P(ECHONL); P(NOFLSH); P(TOSTOP); P(ECHOCTL);
  P(ECHOPRT); P(ECHOKE); P(FLUSHO); P(PENDIN); P(IEXTEN); P(EXTPROC);
  printf("\ncc: "); P(VINTR); P(VQUIT); P(VERASE); P(VKILL); P(VEOF); P(VTIME); P(VMIN); P(VSWTC); P(VSTART); P(VSTOP); P(VSUSP);
  P(VEOL); P(VREPRINT); P(VDISCARD); P(VWERASE); P(VLNEXT); P(VEOL2);
  printf("\n");
  return 0;
}
