// C's `%#llx` of a 64-bit value given as 32-bit halves, for strace's lines. Its own module:
// signal-deliver.ts (through strace-signal.ts) needs only this, and importing it from xlat.ts
// put xlat.ts's ~20 flag tables, built at module load, into every run's start-up (they are
// strace's alone; kernel-tracer.cjs holds them).

/** `0x…` of a 64-bit value given as halves; 0 is `0` (C's `%#llx`). */
export function hex64(lo: number, hi: number): string {
  lo >>>= 0;
  hi >>>= 0;
  if (hi === 0) return lo === 0 ? '0' : `0x${lo.toString(16)}`;
  return `0x${hi.toString(16)}${lo.toString(16).padStart(8, '0')}`;
}
