/* PowerPC64 entry and clone trampoline for tricorn's guest runtime, both ABIs:
 *  - ppc64 big-endian, ELFv1: e_entry is the address of a function descriptor
 *    {entry, TOC, env}; the kernel starts at `entry` with r2 = TOC. So `_start` must be the
 *    descriptor (in .opd) and the code sits at the local label .L._start.
 *  - ppc64le, ELFv2: _start is code; the kernel sets r12 = entry address, from which the
 *    global entry point derives r2 (the TOC pointer) exactly as a gcc-made function does.
 * Both: r1 points at argc, then argv[], NULL, envp[], NULL, auxv pairs. */
#include <asm/unistd.h>

#if defined(_CALL_ELF) && _CALL_ELF == 2
#define FUNC(name)                          \
	.text; .align 2; .globl name;           \
	.type name, @function;                  \
name:                                       \
0:	addis 2, 12, (.TOC.-0b)@ha;             \
	addi 2, 2, (.TOC.-0b)@l;                \
	.localentry name, .-name
#define ENDFUNC(name) .size name, .-name
#else
#define FUNC(name)                          \
	.section ".opd", "aw"; .align 3;        \
	.globl name;                            \
name:	.quad .L.name, .TOC.@tocbase, 0;    \
	.previous;                              \
	.type name, @function;                  \
	.text; .align 2;                        \
.L.name:
#define ENDFUNC(name) .size name, .-.L.name
#endif

/* A frame for calling C: back chain 0 (outermost), 128 bytes covers ELFv1's 112-byte
 * minimum (header + parameter save area) and ELFv2's 32. */
#define FRAME 128

FUNC(_start)
	mr 3, 1                 /* __rt_start_c(initial stack pointer) */
	clrrdi 1, 1, 4
	li 0, 0
	stdu 0, -FRAME(1)
	bl __rt_start_c
	nop
	trap                    /* not reached */
ENDFUNC(_start)

/* long rt_clone_call(long nr, long a0, a1, a2, a3, a4, int (*fn)(void *), void *arg)
 * r3=nr r4..r8=a0..a4 r9=fn r10=arg. fn/arg live in r30/r31 (non-volatile: the kernel and
 * callees keep them, and the child starts with copies). The parent's r30/r31 are saved in
 * the ABI's 288-byte protected zone below r1, which needs no frame. */
FUNC(rt_clone_call)
	std 30, -16(1)
	std 31, -8(1)
	mr 30, 9
	mr 31, 10
	mr 0, 3
	mr 3, 4
	mr 4, 5
	mr 5, 6
	mr 6, 7
	mr 7, 8
	sc
	bns+ 1f
	neg 3, 3                /* error: +errno with CR0.SO -> -errno */
	b 2f
1:	cmpdi 3, 0
	beq 3f
2:	ld 30, -16(1)
	ld 31, -8(1)
	blr
3:	clrrdi 1, 1, 4          /* child: own frame on whatever stack the kernel gave it */
	li 0, 0
	stdu 0, -FRAME(1)
	mr 3, 31
#if defined(_CALL_ELF) && _CALL_ELF == 2
	mr 12, 30               /* ELFv2: a call through a pointer enters with r12 = target */
	mtctr 12
	bctrl
#else
	ld 0, 0(30)             /* ELFv1: fn is a descriptor {entry, TOC, env} */
	ld 2, 8(30)
	ld 11, 16(30)
	mtctr 0
	bctrl
#endif
	li 0, __NR_exit
	sc
	trap
ENDFUNC(rt_clone_call)

	.section .note.GNU-stack, "", @progbits
