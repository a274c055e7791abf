// strace's signal lines: `--- SIGCHLD {si_signo=SIGCHLD, si_code=CLD_EXITED, si_pid=43, …} ---`,
// rendered from the siginfo bytes as encoded for the receiver's ABI (what strace itself reads).
import { hex64 } from './hex64.js';
import type { StructLayout } from './struct.js';
import { signalName } from './signal-names.js';

const GENERIC: Record<number, string> = {
  0: 'SI_USER', 0x80: 'SI_KERNEL', [-1]: 'SI_QUEUE', [-2]: 'SI_TIMER', [-3]: 'SI_MESGQ',
  [-4]: 'SI_ASYNCIO', [-5]: 'SI_SIGIO', [-6]: 'SI_TKILL',
};

const BY_SIGNAL: Record<number, string[]> = {
  4: ['ILL_ILLOPC', 'ILL_ILLOPN', 'ILL_ILLADR', 'ILL_ILLTRP', 'ILL_PRVOPC', 'ILL_PRVREG', 'ILL_COPROC', 'ILL_BADSTK'],
  5: ['TRAP_BRKPT', 'TRAP_TRACE', 'TRAP_BRANCH', 'TRAP_HWBKPT'],
  7: ['BUS_ADRALN', 'BUS_ADRERR', 'BUS_OBJERR'],
  8: ['FPE_INTDIV', 'FPE_INTOVF', 'FPE_FLTDIV', 'FPE_FLTOVF', 'FPE_FLTUND', 'FPE_FLTRES', 'FPE_FLTINV', 'FPE_FLTSUB'],
  11: ['SEGV_MAPERR', 'SEGV_ACCERR', 'SEGV_BNDERR', 'SEGV_PKUERR'],
  17: ['CLD_EXITED', 'CLD_KILLED', 'CLD_DUMPED', 'CLD_TRAPPED', 'CLD_STOPPED', 'CLD_CONTINUED'],
};

const FAULTS = new Set([4, 7, 8, 11]);

export function siCodeName(sig: number, code: number): string {
  if (code > 0 && code !== 0x80 && BY_SIGNAL[sig]?.[code - 1]) return BY_SIGNAL[sig][code - 1];
  return GENERIC[code] ?? `${code}`;
}

const hex = (n: bigint) => `0x${n.toString(16)}`;

/** The siginfo as strace prints it: `{si_signo=SIGUSR1, si_code=SI_USER, si_pid=1, si_uid=0}`. */
export function formatSiginfo(L: StructLayout, b: Uint8Array): string {
  const num = (m: string) => {
    const at = L.locate(m);
    const v = L.endian === 'little'
      ? b.subarray(at.offset, at.offset + at.size).reduceRight((acc, x) => (acc << 8n) | BigInt(x), 0n)
      : b.subarray(at.offset, at.offset + at.size).reduce((acc, x) => (acc << 8n) | BigInt(x), 0n);
    return v;
  };
  const int = (m: string) => Number(BigInt.asIntN(32, num(m)));
  // A clock_t as strace's print_clock_t: unsigned, with its seconds (USER_HZ 100) when non-zero.
  const clock = (m: string) => {
    const v = BigInt.asUintN(64, num(m));
    return v === 0n ? '0' : `${v} /* ${v / 100n}.${String(v % 100n).padStart(2, '0')} s */`;
  };
  const sig = int('si_signo');
  // A zeroed siginfo (waitid's when nothing was reaped).
  if (sig === 0) return '{}';
  const code = int('si_code');
  const parts = [`si_signo=${signalName(sig)}`, `si_code=${siCodeName(sig, code)}`];
  const sender = () => parts.push(`si_pid=${int('_sifields._kill._pid')}`, `si_uid=${int('_sifields._kill._uid')}`);
  // The union's int member is its first four bytes: the high half of the pointer on big-endian.
  const sigval = (at: string) => {
    const v = num(`${at}.sival_ptr`);
    parts.push(`si_int=${int(`${at}.sival_int`)}`, `si_ptr=${v === 0n ? 'NULL' : hex(v)}`);
  };
  if (code === -2) {
    // SI_TIMER: the timer and its overrun, then the value, always (strace's print_si_info).
    parts.push(`si_timerid=${hex64(int('_sifields._timer._tid'), 0)}`, `si_overrun=${int('_sifields._timer._overrun')}`);
    sigval('_sifields._timer._sigval');
  } else if (code <= 0) {
    sender();
    // SI_USER and SI_TKILL carry no value; the others show it only when its pointer is non-zero.
    if (code !== 0 && code !== -6 && num('_sifields._rt._sigval.sival_ptr') !== 0n) sigval('_sifields._rt._sigval');
  } else if (code !== 0x80 && sig === 17) {
    sender();
    const st = int('_sifields._sigchld._status');
    parts.push(`si_status=${code === 1 ? st : signalName(st)}`,
      `si_utime=${clock('_sifields._sigchld._utime')}`, `si_stime=${clock('_sifields._sigchld._stime')}`);
  } else if (code !== 0x80 && (FAULTS.has(sig) || sig === 5)) {
    const a = num('_sifields._sigfault._addr');
    parts.push(`si_addr=${a === 0n ? 'NULL' : hex(a)}`);
  }
  return `{${parts.join(', ')}}`;
}

/** `--- SIGUSR1 {…} ---`. */
export function formatSignalLine(L: StructLayout, b: Uint8Array): string {
  const sig = Number(BigInt.asIntN(32, BigInt(L.get(b, 'si_signo'))));
  return `--- ${signalName(sig)} ${formatSiginfo(L, b)} ---`;
}
