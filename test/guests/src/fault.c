/* fault: prints a line, then stores to an unmapped address. Linux kills it with SIGSEGV,
 * so the shell-visible exit status is 139 (128 + 11) and the line must already be out. */
#include "rt.h"

int main(int argc, char **argv, char **envp)
{
    (void)argc; (void)argv; (void)envp;
    static volatile uintptr_t where = 0x10;   /* volatile: gcc must emit the store as written */
    printf("about to touch address 0x10\n");
    *(volatile int *)where = 1;
    printf("still alive: the store did not fault\n");
    return 0;
}
