/* A dynamically linked program's first calls into libm, each through a lazily bound PLT slot:
 * ld.so's resolver saves the argument registers (x86_64: with fxsave or xsave, as the CPU
 * announces) while it binds, and the call must still see its arguments. %.12g: the last bits of
 * a libm result may differ between architectures' builds. */
#include <math.h>
#include <stdio.h>
int main(int argc, char **argv) {
  (void)argv;
  volatile double x = 10.0 + argc - 1, y = 0.5;
  printf("log %.12g\n", log(x));
  printf("exp %.12g\n", exp(y));
  printf("pow %.12g\n", pow(x, y));
  printf("sin %.12g\n", sin(y));
  printf("atan2 %.12g\n", atan2(x, y));
  printf("log again %.12g\n", log(x));
  return 0;
}
