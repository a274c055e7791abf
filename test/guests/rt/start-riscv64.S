/* riscv64 entry and clone trampoline for tricorn's guest runtime.
 * psABI: at _start, sp (16-aligned) points at argc, then argv[], NULL, envp[], NULL, auxv. */
#include <asm/unistd.h>

	.text
	.globl _start
	.type _start, %function
_start:
	.option push
	.option norelax
	lla gp, __global_pointer$   /* gp-relative accesses need gp before any C runs */
	.option pop
	li fp, 0                /* outermost frame */
	li ra, 0
	mv a0, sp               /* __rt_start_c(initial stack pointer) */
	call __rt_start_c
	ebreak                  /* not reached */
	.size _start, .-_start

/* long rt_clone_call(long nr, long a0, a1, a2, a3, a4, int (*fn)(void *), void *arg)
 * a0=nr a1..a5=a0..a4 a6=fn a7=arg. fn/arg live in s1/s2 across the trap: the kernel keeps
 * every register but a0, and the child starts with copies of them, on its own stack. */
	.globl rt_clone_call
	.type rt_clone_call, %function
rt_clone_call:
	addi sp, sp, -16
	sd s1, 0(sp)
	sd s2, 8(sp)
	mv s1, a6
	mv s2, a7
	mv a7, a0
	mv a0, a1
	mv a1, a2
	mv a2, a3
	mv a3, a4
	mv a4, a5
	ecall
	beqz a0, 1f
	ld s1, 0(sp)
	ld s2, 8(sp)
	addi sp, sp, 16
	ret
1:	li fp, 0
	li ra, 0
	andi sp, sp, -16
	mv a0, s2
	jalr s1
	li a7, __NR_exit
	ecall
	ebreak
	.size rt_clone_call, .-rt_clone_call

	.section .note.GNU-stack, "", %progbits
