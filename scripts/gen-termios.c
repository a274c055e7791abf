/* Prints an architecture's TCGETS number and the bytes of a struct termios holding Linux's
 * default terminal settings (drivers/tty/tty_io.c tty_std_termios, with INIT_C_CC), for
 * arch/<arch>.ts `terminal`. Build with each (cross) gcc, -static, and run natively or under
 * qemu-<arch>-static:
 *   powerpc64-linux-gnu-gcc -static -o /tmp/t scripts/gen-termios.c && qemu-ppc64-static /tmp/t */
#include <asm/termbits.h>
#include <asm/ioctls.h>
#include <stdio.h>
#include <string.h>
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
  return 0;
}
