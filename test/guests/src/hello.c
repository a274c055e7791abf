/* hello: the first program every engine runs. Prints a greeting naming its architecture,
 * argc and each argv[i] on its own line, and exits with status 3 — or with argv[1] when that
 * is a number (`hello 7` exits 7), so tests can check that the exit status travels through.
 * The greeting goes through a table of pointers on purpose: in the static-PIE build those
 * pointers need R_*_RELATIVE relocations, so a wrong load bias shows here. */
#include "rt.h"

static const char *const greeting[] = { "hello", "from", RT_ARCH };
/* read through a volatile pointer so gcc cannot fold the table away at compile time */
static const char *const *volatile words = greeting;

int main(int argc, char **argv, char **envp)
{
    (void)envp;
    printf("%s %s %s\n", words[0], words[1], words[2]);
#ifdef RT_STATIC_PIE
    printf("static-pie\n");
#endif
    printf("argc=%d\n", argc);
    for (int i = 0; i < argc; i++) printf("argv[%d]=%s\n", i, argv[i]);
    int status = 3;
    if (argc > 1 && argv[1][0] >= '0' && argv[1][0] <= '9') status = (int)atol(argv[1]);
    return status;
}
