// Signal names as strace prints them (numbered the same on x86_64, aarch64 and PowerPC): the
// kernel's fault reports and signal lines need only these, so they live apart from xlat.ts,
// whose flag tables only --strace uses (and which is then loaded with the tracer).

const signalNames = [
  'SIG_0', 'SIGHUP', 'SIGINT', 'SIGQUIT', 'SIGILL', 'SIGTRAP', 'SIGABRT', 'SIGBUS', 'SIGFPE', 'SIGKILL',
  'SIGUSR1', 'SIGSEGV', 'SIGUSR2', 'SIGPIPE', 'SIGALRM', 'SIGTERM', 'SIGSTKFLT', 'SIGCHLD', 'SIGCONT',
  'SIGSTOP', 'SIGTSTP', 'SIGTTIN', 'SIGTTOU', 'SIGURG', 'SIGXCPU', 'SIGXFSZ', 'SIGVTALRM', 'SIGPROF',
  'SIGWINCH', 'SIGIO', 'SIGPWR', 'SIGSYS', 'SIGRTMIN',
];
const SIGRTMIN = 32;
const SIGRTMAX = 64;

/**
 * A signal as strace prints it: `SIGCHLD`, `SIGRTMIN` (32), `SIGRT_1`…`SIGRT_32` (33…64), and
 * the bare number for anything else (0 included: `exit_signal=0`).
 */
export function signalName(sig: number): string {
  if (sig > 0 && sig < signalNames.length) return signalNames[sig];
  if (sig > SIGRTMIN && sig <= SIGRTMAX) return `SIGRT_${sig - SIGRTMIN}`;
  return `${sig}`;
}

/** The number for `SIGCHLD` or `CHLD`, or undefined. */
export function signalNumber(name: string): number | undefined {
  const n = name.startsWith('SIG') ? name : `SIG${name}`;
  const i = signalNames.indexOf(n);
  if (i > 0) return i;
  const m = /^SIGRT_(\d+)$/.exec(n);
  if (m && +m[1] >= 1 && +m[1] <= SIGRTMAX - SIGRTMIN) return SIGRTMIN + +m[1];
  return undefined;
}

/**
 * A sigset (64 signals, as halves) as strace prints it: `[USR1 CHLD]`, `[]`; when 2/3 or more of
 * the bits are set, the complement: `~[KILL STOP]`, `~[]`.
 */
export function sigsetString(lo: number, hi: number): string {
  lo >>>= 0;
  hi >>>= 0;
  const count = popcount(lo) + popcount(hi);
  let prefix = '';
  if (count >= Math.floor((64 * 2) / 3)) {
    lo = ~lo >>> 0;
    hi = ~hi >>> 0;
    prefix = '~';
  }
  const names: string[] = [];
  for (let bit = 0; bit < 64; bit++) {
    const set = bit < 32 ? (lo >>> bit) & 1 : (hi >>> (bit - 32)) & 1;
    if (!set) continue;
    const sig = bit + 1;
    if (sig < signalNames.length) names.push(signalNames[sig].slice(3));
    else names.push(`RT_${sig - SIGRTMIN}`);
  }
  return `${prefix}[${names.join(' ')}]`;
}

function popcount(v: number): number {
  v -= (v >>> 1) & 0x55555555;
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (((v + (v >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}
