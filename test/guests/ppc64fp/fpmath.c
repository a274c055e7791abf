#include <stdio.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
volatile double vd[] = {0.1, 1.5, -2.75, 3.141592653589793, 1e-310, 6.02214076e23, -0.0, 1e300, 123456.789, 2.5};
volatile float vf[] = {0.1f, 1.5f, -2.75f, 3.14159265f, 1e-40f, 6.02e23f, -0.0f, 1e30f, 123456.789f, 2.5f};
int main(void) {
  int n = sizeof vd / sizeof vd[0];
  for (int i = 0; i < n; i++) {
    double d = vd[i];
    printf("%a %e %g %.3f %.17g\n", d, d, d, d, d);
    float f = vf[i];
    printf("f %a %e %g %.3f\n", f, f, f, f);
  }
  for (int i = 0; i < n; i++) {
    double d = vd[i];
    double a = fabs(d) < 1e10 ? d : 1.0;
    printf("sin %.17g cos %.17g exp %.17g log %.17g pow %.17g sqrt %.17g\n",
           sin(a), cos(a), exp(a / 10), log(fabs(a) + 1), pow(fabs(a) + 0.5, 1.7), sqrt(fabs(d)));
    printf("fma %.17g atan2 %.17g tanh %.17g cbrt %.17g floor %g ceil %g round %g trunc %g lrint %ld\n",
           fma(d, 3.0, 0.25), atan2(a, 0.7), tanh(a), cbrt(d), floor(a), ceil(a), round(a), trunc(a), lrint(a));
    float g = vf[i], ga = fabsf(g) < 1e10f ? g : 1.0f;
    printf("sinf %.9g expf %.9g powf %.9g sqrtf %.9g fmaf %.9g\n", sinf(ga), expf(ga / 10), powf(fabsf(ga) + 0.5f, 1.7f), sqrtf(fabsf(g)), fmaf(g, 3.0f, 0.25f));
  }
  printf("strtod %.17g %.17g\n", strtod("2.718281828459045", 0), strtod("1e-5", 0));
  char buf[64]; snprintf(buf, sizeof buf, "%'.2f|%10.4e|%-8g|%+.0f", 1234567.891, 0.000123, 100000000.0, 2.5);
  printf("%s\n", buf);
  return 0;
}
