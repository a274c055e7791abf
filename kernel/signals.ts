// Signal numbers (the same on x86_64, aarch64 and PowerPC for the ones used here) and how a
// guest fault becomes a signal and a one-line report.
import type { ArchDescriptor } from '../arch/types.js';
import type { FaultKind, GuestFault } from '../emu/engine.js';
import { signalName } from './abi/signal-names.js';
import { hexAddr as hex } from './abi/quote.js';
import type { Host } from './host.js';
import type { SigInfo } from './signal-state.js';

export const SIGILL = 4;
export const SIGTRAP = 5;
export const SIGBUS = 7;
export const SIGFPE = 8;
export const SIGKILL = 9;
export const SIGSEGV = 11;
export const SIGCHLD = 17;
export const SIGSYS = 31;

/**
 * si_code of each fault kind, as Linux fills it (SEGV_MAPERR 1, SEGV_ACCERR 2; the first code
 * of the others). An undefined instruction's is the architecture's (signal.illegalInstructionCode).
 */
const FAULT_CODE: Record<FaultKind, number> = {
  'read-unmapped': 1, 'write-unmapped': 1, 'fetch-unmapped': 1,
  'read-protected': 2, 'write-protected': 2, 'fetch-protected': 2,
  'illegal-instruction': 1, 'trap': 1, 'alignment': 1, 'arithmetic': 1,
  'privileged': 0x80, // SI_KERNEL
  'out-of-memory': 0x80, // SI_KERNEL: the memory limit's SIGKILL, never caught
};

/**
 * The siginfo of a fault: si_addr is the data address, or the pc for instruction faults. An ABI
 * whose CPU reports only the page of a data fault (arch.segvAddrPage) gives that page's address.
 */
export function faultInfo(arch: ArchDescriptor, sig: number, f: GuestFault): SigInfo {
  return { signo: sig, code: faultCode(arch, f.kind), addr: faultAddr(arch, sig, f), layout: 'fault' };
}

/** si_addr of a fault (what a handler and strace's `--- SIGSEGV {…} ---` line see). */
export function faultAddr(arch: ArchDescriptor, sig: number, f: GuestFault): number {
  // x86's #GP (a privileged instruction at CPL 3) carries no address: Linux gives 0.
  if (f.kind === 'privileged') return 0;
  const page = arch.segvAddrPage === true && sig === SIGSEGV;
  return page ? f.addr - (f.addr % arch.pageSize) : f.addr;
}

export function faultCode(arch: ArchDescriptor, kind: FaultKind): number {
  return kind === 'illegal-instruction' ? arch.signal.illegalInstructionCode : FAULT_CODE[kind];
}

export function signalForFault(kind: FaultKind): number {
  switch (kind) {
    case 'illegal-instruction': return SIGILL;
    case 'trap': return SIGTRAP;
    case 'alignment': return SIGBUS;
    case 'arithmetic': return SIGFPE;
    case 'out-of-memory': return SIGKILL;
    default: return SIGSEGV;
  }
}

const describe: Record<FaultKind, string> = {
  'read-unmapped': 'read from unmapped address',
  'write-unmapped': 'write to unmapped address',
  'fetch-unmapped': 'instruction fetch from unmapped address',
  'read-protected': 'read from protected address',
  'write-protected': 'write to protected address',
  'fetch-protected': 'instruction fetch from non-executable address',
  'illegal-instruction': 'illegal instruction',
  'trap': 'trap instruction',
  'alignment': 'misaligned access',
  'arithmetic': 'arithmetic exception',
  'privileged': 'privileged instruction',
  'out-of-memory': 'out of memory (the guest memory limit is reached) touching',
};



/** `tricorn: pid 1 killed by SIGSEGV: write to unmapped address 0x10 at pc 0x401000 (mov …)` */
export function faultReport(arch: ArchDescriptor, f: GuestFault, sig: number, pid: number,
  bytes: Uint8Array | null, dis: Pick<Host, 'disassemble'>): string {
  const what = f.kind === 'illegal-instruction' || f.kind === 'trap' || f.kind === 'arithmetic' || f.kind === 'privileged'
    ? describe[f.kind] : `${describe[f.kind]} ${hex(f.addr)}`;
  let insn = 'instruction unreadable';
  if (bytes) {
    const { text, size } = dis.disassemble(arch, bytes, f.pc);
    const len = Math.min(bytes.length, size || arch.insnSize || 8);
    const raw = [...bytes.subarray(0, len)].map((b) => b.toString(16).padStart(2, '0')).join(' ');
    insn = `${raw}: ${text}`;
  }
  return `tricorn: pid ${pid} killed by ${signalName(sig)}: ${what} at pc ${hex(f.pc)} (${insn})`;
}
