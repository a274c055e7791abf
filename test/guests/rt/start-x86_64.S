/* x86_64 entry and clone trampoline for tricorn's guest runtime.
 * psABI: at _start, rsp points at argc, then argv[], NULL, envp[], NULL, auxv pairs. */
#include <asm/unistd.h>

	.text
	.globl _start
	.type _start, @function
_start:
	xor %ebp, %ebp          /* outermost frame, for debuggers and unwinders */
	mov %rsp, %rdi          /* __rt_start_c(initial stack pointer) */
	and $-16, %rsp          /* the call below leaves rsp = 8 mod 16 at entry, as the ABI wants */
	call __rt_start_c
	hlt                     /* not reached: __rt_start_c calls exit_group */
	.size _start, .-_start

/* long rt_clone_call(long nr, long a0, a1, a2, a3, a4, int (*fn)(void *), void *arg)
 * rdi=nr rsi..r9=a0..a4; fn at 8(%rsp), arg at 16(%rsp) on entry. fn and arg travel in
 * rbx/r12 (preserved by the kernel and by callees), since the child may be on a new stack. */
	.globl rt_clone_call
	.type rt_clone_call, @function
rt_clone_call:
	push %rbx
	push %r12
	mov 24(%rsp), %rbx
	mov 32(%rsp), %r12
	mov %rdi, %rax
	mov %rsi, %rdi
	mov %rdx, %rsi
	mov %rcx, %rdx
	mov %r8, %r10
	mov %r9, %r8
	syscall
	test %rax, %rax
	jz 1f
	pop %r12
	pop %rbx
	ret
1:	xor %ebp, %ebp
	and $-16, %rsp
	mov %r12, %rdi
	call *%rbx
	mov %eax, %edi
	mov $__NR_exit, %eax
	syscall
	hlt
	.size rt_clone_call, .-rt_clone_call

	.section .note.GNU-stack, "", @progbits
