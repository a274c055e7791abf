// Unicorn 2 constants tricorn uses. Values checked against Debian's libunicorn-dev 2.0.1
// headers (/usr/include/unicorn/unicorn.h, x86.h) by compiling a program that prints them.

export const UC_ARCH_ARM = 1;
export const UC_ARCH_ARM64 = 2;
export const UC_ARCH_X86 = 4;

export const UC_MODE_ARM = 0;
export const UC_MODE_64 = 1 << 3;

export const UC_ERR_OK = 0;
export const UC_ERR_NOMEM = 1;
export const UC_ERR_ARCH = 2;
export const UC_ERR_HANDLE = 3;
export const UC_ERR_MODE = 4;
export const UC_ERR_VERSION = 5;
export const UC_ERR_READ_UNMAPPED = 6;
export const UC_ERR_WRITE_UNMAPPED = 7;
export const UC_ERR_FETCH_UNMAPPED = 8;
export const UC_ERR_HOOK = 9;
export const UC_ERR_INSN_INVALID = 10;
export const UC_ERR_MAP = 11;
export const UC_ERR_WRITE_PROT = 12;
export const UC_ERR_READ_PROT = 13;
export const UC_ERR_FETCH_PROT = 14;
export const UC_ERR_ARG = 15;
export const UC_ERR_READ_UNALIGNED = 16;
export const UC_ERR_WRITE_UNALIGNED = 17;
export const UC_ERR_FETCH_UNALIGNED = 18;
export const UC_ERR_HOOK_EXIST = 19;
export const UC_ERR_RESOURCE = 20;
export const UC_ERR_EXCEPTION = 21;

/** uc_mem_type: what a memory hook was called for. */
export const UC_MEM_READ_UNMAPPED = 19;
export const UC_MEM_WRITE_UNMAPPED = 20;
export const UC_MEM_FETCH_UNMAPPED = 21;
export const UC_MEM_WRITE_PROT = 22;
export const UC_MEM_READ_PROT = 23;
export const UC_MEM_FETCH_PROT = 24;

export const UC_HOOK_INTR = 1 << 0;
export const UC_HOOK_BLOCK = 1 << 3;
export const UC_HOOK_INSN = 1 << 1;
export const UC_HOOK_CODE = 1 << 2;
export const UC_HOOK_MEM_READ_UNMAPPED = 1 << 4;
export const UC_HOOK_MEM_WRITE_UNMAPPED = 1 << 5;
export const UC_HOOK_MEM_FETCH_UNMAPPED = 1 << 6;
export const UC_HOOK_MEM_READ_PROT = 1 << 7;
export const UC_HOOK_MEM_WRITE_PROT = 1 << 8;
export const UC_HOOK_MEM_FETCH_PROT = 1 << 9;
/** 2.1: a TLB miss under the virtual TLB (uc_ctl_tlb_mode UC_TLB_VIRTUAL). */
export const UC_HOOK_TLB_FILL = 1 << 17;
export const UC_HOOK_MEM_UNMAPPED =
  UC_HOOK_MEM_READ_UNMAPPED | UC_HOOK_MEM_WRITE_UNMAPPED | UC_HOOK_MEM_FETCH_UNMAPPED;
export const UC_HOOK_MEM_PROT =
  UC_HOOK_MEM_READ_PROT | UC_HOOK_MEM_WRITE_PROT | UC_HOOK_MEM_FETCH_PROT;

/** Instruction id for UC_HOOK_INSN (x86.h: uc_x86_insn). */
export const UC_X86_INS_SYSCALL = 699;
export const UC_X86_INS_CPUID = 113;

export const UC_PROT_NONE = 0;
export const UC_PROT_READ = 1;
export const UC_PROT_WRITE = 2;
export const UC_PROT_EXEC = 4;

// uc_ctl control codes: UC_CTL(type, nr, rw) = type | nr << 26 | rw << 30.
const UC_CTL_IO_WRITE = 1;
const UC_CTL_IO_READ = 2;
function ucCtl(type: number, nr: number, rw: number): number {
  return (type | (nr << 26) | (rw << 30)) | 0;
}
const UC_CTL_UC_PAGE_SIZE = 1;
const UC_CTL_CPU_MODEL = 7;
const UC_CTL_TB_REQUEST_CACHE = 8;
const UC_CTL_TB_REMOVE_CACHE = 9;
const UC_CTL_TB_FLUSH = 10;
const UC_CTL_TLB_FLUSH_NR = 11;
const UC_CTL_TLB_TYPE = 12;
/** uc_ctl_request_cache(uc, address, uc_tb *out): the translation block starting at address. */
export const UC_CTL_TB_REQUEST = ucCtl(UC_CTL_TB_REQUEST_CACHE, 2, UC_CTL_IO_READ | UC_CTL_IO_WRITE);
/** uc_ctl_remove_cache(uc, begin, end): drop translated code for [begin, end). */
export const UC_CTL_TB_REMOVE = ucCtl(UC_CTL_TB_REMOVE_CACHE, 2, UC_CTL_IO_WRITE);
/** Select the CPU model (before the instance first runs or touches registers). */
export const UC_CTL_CPU_MODEL_WRITE = ucCtl(UC_CTL_CPU_MODEL, 1, UC_CTL_IO_WRITE);
/** uc_ctl_set_page_size / uc_ctl_get_page_size (reading it initialises the instance). */
export const UC_CTL_PAGE_SIZE_WRITE = ucCtl(UC_CTL_UC_PAGE_SIZE, 1, UC_CTL_IO_WRITE);
export const UC_CTL_PAGE_SIZE_READ = ucCtl(UC_CTL_UC_PAGE_SIZE, 1, UC_CTL_IO_READ);
/** uc_ctl_flush_tb: flushes every translation block. Never used on a hot path: see engine.ts. */
export const UC_CTL_FLUSH = ucCtl(UC_CTL_TB_FLUSH, 0, UC_CTL_IO_WRITE);
/** uc_ctl_flush_tlb (2.1): flushes the soft TLB of every MMU mode used since the last flush. */
export const UC_CTL_TLB_FLUSH = ucCtl(UC_CTL_TLB_FLUSH_NR, 0, UC_CTL_IO_WRITE);
/** uc_ctl_tlb_mode (2.1): UC_TLB_CPU (the target's MMU, the default) or UC_TLB_VIRTUAL. */
export const UC_CTL_TLB_MODE_WRITE = ucCtl(UC_CTL_TLB_TYPE, 1, UC_CTL_IO_WRITE);
export const UC_TLB_VIRTUAL = 1;

/** struct uc_tb { uint64_t pc; uint16_t icount; uint16_t size; } — 16 bytes with padding. */
export const UC_TB_SIZE = 16;

// QEMU exception numbers as the UC_HOOK_INTR callback reports them.
/** aarch64 (target/arm/cpu.h EXCP_*). */
export const ARM_EXCP_UDEF = 1;
export const ARM_EXCP_SWI = 2;
export const ARM_EXCP_PREFETCH_ABORT = 3;
export const ARM_EXCP_DATA_ABORT = 4;
export const ARM_EXCP_BKPT = 7;
/** x86 vectors. */
export const X86_EXCP_DE = 0;
export const X86_EXCP_DB = 1;
export const X86_EXCP_BP = 3;
export const X86_EXCP_OF = 4;
export const X86_EXCP_UD = 6;
export const X86_EXCP_GP = 13;
export const X86_EXCP_AC = 17;
