// The structs a signal delivery writes on the guest's stack, declared once per ABI: siginfo_t,
// stack_t, each architecture's sigcontext and ucontext, and the kernel's rt_sigframe that holds
// them. siginfo and stack_t are the same declaration everywhere; the machine context is where
// the ABIs part ways (x86_64: named registers and a pointer to an FXSAVE area; aarch64: x0-x30
// and a 4 KiB record area holding fpsimd_context; powerpc64: pt_regs-ordered gp_regs, fp_regs
// and a pointer into vmx_reserve for the vector registers). rt_sigframe is not UAPI: its shape
// follows each architecture's arch/*/kernel/signal*.c. Every layout is checked against the
// cross compilers' (test/abi/fixtures/layouts.json).

import { aligned, array, defineStruct, defineUnion } from './struct.js';

const sigval = defineUnion('sigval', [
  ['sival_int', 'int'],
  ['sival_ptr', 'pointer'],
]);

/** <asm-generic/siginfo.h> struct sigevent: timer_create's notification (64 bytes). */
export const sigevent = defineStruct('sigevent', [
  ['sigev_value', sigval, 'handed back in si_value'],
  ['sigev_signo', 'int', 'the signal to send'],
  ['sigev_notify', 'int', 'SIGEV_SIGNAL, SIGEV_NONE, SIGEV_THREAD_ID (SIGEV_THREAD is glibc\'s)'],
  ['_sigev_un', defineUnion('_sigev_un', [['_pad', array('int', 12)], ['_tid', 'int']]), 'SIGEV_THREAD_ID: the thread'],
], 'timer_create(clockid, struct sigevent *sevp, timer_t *timerid)');

/** The union after si_code (<asm-generic/siginfo.h> __sifields); which member is live depends on si_code. */
const sifields = defineUnion('__sifields', [
  ['_kill', defineStruct('_kill', [['_pid', 'pid_t'], ['_uid', 'uid_t']]), 'kill, tkill, raise: the sender'],
  ['_timer', defineStruct('_timer', [['_tid', 'int'], ['_overrun', 'int'], ['_sigval', sigval], ['_sys_private', 'int']]),
    'POSIX timers'],
  ['_rt', defineStruct('_rt', [['_pid', 'pid_t'], ['_uid', 'uid_t'], ['_sigval', sigval]]), 'rt_sigqueueinfo, mq_notify'],
  ['_sigchld', defineStruct('_sigchld', [['_pid', 'pid_t'], ['_uid', 'uid_t'], ['_status', 'int'],
    ['_utime', 'long'], ['_stime', 'long']]), 'SIGCHLD: the child, its exit code or signal, its times'],
  ['_sigfault', defineStruct('_sigfault', [['_addr', 'pointer'], ['_addr_lsb', 'short']]),
    'SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGTRAP: the faulting address'],
  ['_sigpoll', defineStruct('_sigpoll', [['_band', 'long'], ['_fd', 'int']]), 'SIGPOLL'],
  ['_sigsys', defineStruct('_sigsys', [['_call_addr', 'pointer'], ['_syscall', 'int'], ['_arch', 'uint']]), 'seccomp'],
]);

/** <linux/signalfd.h>: what read() of a signalfd returns per signal, 128 bytes on every ABI. */
export const signalfdSiginfo = defineStruct('signalfd_siginfo', [
  ['ssi_signo', 'u32'], ['ssi_errno', 's32'], ['ssi_code', 's32'],
  ['ssi_pid', 'u32', 'the sender (kill, sigqueue) or the child (SIGCHLD)'], ['ssi_uid', 'u32'],
  ['ssi_fd', 's32'], ['ssi_tid', 'u32'], ['ssi_band', 'u32'], ['ssi_overrun', 'u32'], ['ssi_trapno', 'u32'],
  ['ssi_status', 's32', 'SIGCHLD: exit code or signal'], ['ssi_int', 's32', 'sigqueue\'s value as an int'],
  ['ssi_ptr', 'u64', '… and as a pointer'], ['ssi_utime', 'u64'], ['ssi_stime', 'u64'],
  ['ssi_addr', 'u64', 'faults: the address'], ['ssi_addr_lsb', 'u16'], ['__pad2', 'u16'], ['ssi_syscall', 's32'],
  ['ssi_call_addr', 'u64'], ['ssi_arch', 'u32'], ['__pad', array('u8', 28)],
], 'read() of a signalfd');

/** Bytes of siginfo_t on every ABI (SI_MAX_SIZE): the header and union are padded out to it. */
export const SIGINFO_SIZE = 128;

export const siginfo = defineStruct('siginfo', [
  ['si_signo', 'int'],
  ['si_errno', 'int'],
  ['si_code', 'int', 'SI_USER, SI_TKILL, SI_QUEUE, CLD_*, SEGV_*…: who sent it and why'],
  ['_sifields', sifields],
  // siginfo_t is a union with int _si_pad[SI_MAX_SIZE / sizeof(int)]: 128 bytes whatever is used.
  ['_si_pad', array('u8', SIGINFO_SIZE - 48), 'to SI_MAX_SIZE (128) bytes'],
], 'siginfo_t: what a signal carries to an SA_SIGINFO handler, rt_sigqueueinfo and waitid');

/**
 * Where a signal frame's parts are, as member paths of an ABI's struct rt_sigframe: every
 * Linux port names its members `info` and `uc`, and the ucontext's as <asm/ucontext.h> does.
 * Each descriptor's SignalAbi spreads these in.
 */
export const rtSigframeMembers = {
  info: 'info', uc: 'uc', mcontext: 'uc.uc_mcontext', sigmask: 'uc.uc_sigmask', stack: 'uc.uc_stack',
} as const;

export const stackT = defineStruct('stack_t', [
  ['ss_sp', 'pointer', 'lowest address of the alternate stack'],
  ['ss_flags', 'int', 'SS_ONSTACK (1) while on it, SS_DISABLE (2) when there is none'],
  ['ss_size', 'size_t'],
], 'sigaltstack(ss, old_ss); ucontext.uc_stack');

// ---- x86_64 ----

/** <asm/sigcontext.h> struct _fpstate_64: the FXSAVE image (512 bytes, 16-byte aligned). */
export const fpstateX86_64 = defineStruct('_fpstate', [
  ['cwd', 'u16', 'x87 control word'],
  ['swd', 'u16', 'x87 status word'],
  ['twd', 'u16', 'abridged tag word'],
  ['fop', 'u16'],
  ['rip', 'u64'],
  ['rdp', 'u64'],
  ['mxcsr', 'u32'],
  ['mxcsr_mask', 'u32'],
  ['st_space', array('u32', 32), 'ST0-ST7, 16 bytes each'],
  ['xmm_space', array('u32', 64), 'XMM0-XMM15, 16 bytes each'],
  ['reserved2', array('u32', 12)],
  ['sw_reserved', array('u32', 12), 'XSAVE software bytes (magic FP_XSTATE_MAGIC1 when an XSAVE area follows)'],
], 'x86_64 FXSAVE area; sigcontext.fpstate points at it');

export const sigcontextX86_64 = defineStruct('sigcontext', [
  ['r8', 'u64'], ['r9', 'u64'], ['r10', 'u64'], ['r11', 'u64'],
  ['r12', 'u64'], ['r13', 'u64'], ['r14', 'u64'], ['r15', 'u64'],
  ['rdi', 'u64'], ['rsi', 'u64'], ['rbp', 'u64'], ['rbx', 'u64'],
  ['rdx', 'u64'], ['rax', 'u64'], ['rcx', 'u64'], ['rsp', 'u64'],
  ['rip', 'u64'],
  ['eflags', 'u64', 'RFLAGS'],
  ['cs', 'u16'], ['gs', 'u16'], ['fs', 'u16'],
  ['ss', 'u16', 'union with __pad0 (UC_SIGCONTEXT_SS)'],
  ['err', 'u64', 'the fault\'s error code'],
  ['trapno', 'u64', 'the fault\'s vector (14: page fault)'],
  ['oldmask', 'u64'],
  ['cr2', 'u64', 'the faulting address'],
  ['fpstate', 'u64', 'address of the FXSAVE area (0: no FPU state)'],
  ['reserved1', array('u64', 8)],
], 'x86_64 uc_mcontext');

export const ucontextX86_64 = defineStruct('ucontext', [
  ['uc_flags', 'ulong', 'UC_SIGCONTEXT_SS | UC_STRICT_RESTORE_SS'],
  ['uc_link', 'pointer'],
  ['uc_stack', stackT],
  ['uc_mcontext', sigcontextX86_64],
  ['uc_sigmask', 'ulong', 'the mask to restore at rt_sigreturn'],
], 'x86_64 (asm-generic) struct ucontext');

export const rtSigframeX86_64 = defineStruct('rt_sigframe', [
  ['pretcode', 'pointer', 'sa_restorer: the handler\'s return address'],
  ['uc', ucontextX86_64],
  ['info', siginfo],
], 'x86_64: what rsp points at when the handler starts; the FXSAVE area lies above, 64-byte aligned');

// ---- aarch64 ----

const aarch64Ctx = defineStruct('_aarch64_ctx', [
  ['magic', 'u32'],
  ['size', 'u32'],
]);

/** <asm/sigcontext.h> fpsimd_context: the first record of __reserved (magic 0x46508001, 528 bytes). */
export const fpsimdContext = defineStruct('fpsimd_context', [
  ['head', aarch64Ctx, 'magic FPSIMD_MAGIC, size 528'],
  ['fpsr', 'u32'],
  ['fpcr', 'u32'],
  ['vregs', array(aligned(array('u64', 2), 16), 32), '__uint128_t V0-V31'],
], 'aarch64 FP/SIMD record in sigcontext.__reserved');

export const sigcontextAarch64 = defineStruct('sigcontext', [
  ['fault_address', 'u64'],
  ['regs', array('u64', 31), 'x0-x30'],
  ['sp', 'u64'],
  ['pc', 'u64'],
  ['pstate', 'u64', 'NZCV and the rest of PSTATE'],
  ['__reserved', aligned(array('u8', 4096), 16), 'records: fpsimd_context, …, a zero terminator'],
], 'aarch64 uc_mcontext');

export const ucontextAarch64 = defineStruct('ucontext', [
  ['uc_flags', 'ulong'],
  ['uc_link', 'pointer'],
  ['uc_stack', stackT],
  ['uc_sigmask', 'ulong'],
  ['__unused', array('u8', 1024 / 8 - 8), 'room for glibc\'s 1024-bit sigset_t'],
  ['uc_mcontext', sigcontextAarch64],
], 'aarch64 struct ucontext');

export const rtSigframeAarch64 = defineStruct('rt_sigframe', [
  ['info', siginfo],
  ['uc', ucontextAarch64],
], 'aarch64: what sp points at when the handler starts; a frame record {x29, x30} lies above');

// ---- powerpc64 (ELFv1 and ELFv2 share it) ----

export const sigcontextPpc64 = defineStruct('sigcontext', [
  ['_unused', array('ulong', 4)],
  ['signal', 'int'],
  ['_pad0', 'int'],
  ['handler', 'ulong'],
  ['oldmask', 'ulong'],
  ['regs', 'pointer', 'points at gp_regs'],
  ['gp_regs', array('ulong', 48), 'pt_regs order: r0-r31, nip, msr, orig_gpr3, ctr, link, xer, ccr, softe, trap, dar, dsisr, result'],
  ['fp_regs', array('u64', 33), 'double f0-f31, then fpscr'],
  ['v_regs', 'pointer', 'the 16-byte aligned VMX area inside vmx_reserve (0: none)'],
  ['vmx_reserve', array('long', 34 + 34 + 1 + 32), 'VR0-31, VSCR, VRSAVE; then the VSX low doublewords'],
], 'powerpc64 uc_mcontext');

export const ucontextPpc64 = defineStruct('ucontext', [
  ['uc_flags', 'ulong'],
  ['uc_link', 'pointer'],
  ['uc_stack', stackT],
  ['uc_sigmask', 'ulong'],
  ['__unused', array('ulong', 15), 'room for uc_sigmask to grow'],
  ['uc_mcontext', sigcontextPpc64],
], 'powerpc64 struct ucontext');

export const rtSigframePpc64 = defineStruct('rt_sigframe', [
  // The kernel declares the whole frame __attribute__((aligned(16))).
  ['uc', aligned(ucontextPpc64, 16), 'first: rt_sigreturn finds it at r1 + 128'],
  ['_unused', array('ulong', 2)],
  ['tramp', array('uint', 7), 'the old on-stack trampoline (unused: the signal page has it)'],
  ['pinfo', 'pointer', '&info (r4 of an SA_SIGINFO handler)'],
  ['puc', 'pointer', '&uc (r5)'],
  ['info', siginfo],
  ['abigap', array('u8', 512), 'USER_REDZONE_SIZE: the interrupted code\'s red zone'],
], 'powerpc64 (kernel built without transactional memory): a 128-byte caller frame lies below');

/**
 * What sigcontext.v_regs points at (the 16-byte aligned start of vmx_reserve), as the kernel's
 * comment in <asm/sigcontext.h> lays it out: VR0-31, VSCR, VRSAVE, then doubleword 1 of VSR0-31.
 */
export const vmxAreaPpc64 = defineStruct('vmx_area', [
  ['vrregs', array(aligned(array('u64', 2), 16), 32), 'VR0-VR31 as stvx stores them'],
  ['vscr', aligned(array('u64', 2), 16), 'VSCR in the vector\'s last word'],
  ['vrsave', 'u32'],
  ['_pad', array('u32', 3)],
  ['vsx_low', array('u64', 32), 'doubleword 1 of VSR0-VSR31 (doubleword 0 is fp_regs)'],
], 'powerpc64 vector state inside sigcontext.vmx_reserve');
