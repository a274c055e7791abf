/* aarch64 entry and clone trampoline for tricorn's guest runtime.
 * psABI: at _start, sp (16-aligned) points at argc, then argv[], NULL, envp[], NULL, auxv. */
#include <asm/unistd.h>

	.text
	.globl _start
	.type _start, %function
_start:
	mov x29, #0             /* outermost frame record */
	mov x30, #0
	mov x0, sp              /* __rt_start_c(initial stack pointer) */
	bl __rt_start_c
	brk #0                  /* not reached */
	.size _start, .-_start

/* long rt_clone_call(long nr, long a0, a1, a2, a3, a4, int (*fn)(void *), void *arg)
 * x0=nr x1..x5=a0..a4 x6=fn x7=arg. fn/arg live in x19/x20 across the trap: the kernel keeps
 * every register but x0, and the child starts with copies of them, on its own stack. */
	.globl rt_clone_call
	.type rt_clone_call, %function
rt_clone_call:
	stp x19, x20, [sp, #-16]!
	mov x19, x6
	mov x20, x7
	mov x8, x0
	mov x0, x1
	mov x1, x2
	mov x2, x3
	mov x3, x4
	mov x4, x5
	svc #0
	cbz x0, 1f
	ldp x19, x20, [sp], #16
	ret
1:	mov x29, #0
	mov x30, #0
	mov x9, sp
	and x9, x9, #-16
	mov sp, x9
	mov x0, x20
	blr x19
	mov x8, #__NR_exit
	svc #0
	brk #0
	.size rt_clone_call, .-rt_clone_call

	.section .note.GNU-stack, "", %progbits
