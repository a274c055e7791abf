/* s390x entry and clone trampoline for tricorn's guest runtime.
 * ELF ABI: at _start, r15 (8-aligned) points at argc, then argv[], NULL, envp[], NULL, auxv.
 * A called function may use the 160 bytes above its caller's r15 (the register save area),
 * whose first word is the back chain. */
#include <asm/unistd.h>

	.text
	.globl _start
	.type _start, @function
_start:
	lgr %r2, %r15           /* __rt_start_c(initial stack pointer) */
	lghi %r0, -16
	ngr %r15, %r0
	aghi %r15, -160         /* the callee's register save area */
	xc 0(8,%r15), 0(%r15)   /* back chain 0: the outermost frame */
	brasl %r14, __rt_start_c
	.short 0                /* not reached (an invalid instruction) */
	.size _start, .-_start

/* long rt_clone_call(long nr, long a0, a1, a2, a3, a4, int (*fn)(void *), void *arg)
 * r2=nr r3..r6=a0..a3, a4/fn/arg at 160/168/176(%r15). fn/arg live in r8/r9 across the trap:
 * the kernel keeps every register but r2, and the child starts with copies of them, on its
 * own stack. */
	.globl rt_clone_call
	.type rt_clone_call, @function
rt_clone_call:
	stmg %r6, %r15, 48(%r15)
	lg %r8, 168(%r15)
	lg %r9, 176(%r15)
	lgr %r1, %r2
	lgr %r2, %r3
	lgr %r3, %r4
	lgr %r4, %r5
	lgr %r5, %r6
	lg %r6, 160(%r15)
	svc 0
	ltgr %r2, %r2
	jz 1f
	lmg %r6, %r15, 48(%r15)
	br %r14
1:	lghi %r0, -16
	ngr %r15, %r0
	aghi %r15, -160
	xc 0(8,%r15), 0(%r15)
	lgr %r2, %r9
	basr %r14, %r8
	lghi %r1, __NR_exit
	svc 0
	.short 0
	.size rt_clone_call, .-rt_clone_call

	.section .note.GNU-stack, "", @progbits
