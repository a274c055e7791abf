// strace -c: instead of the trace, a table of calls, errors and time per system call, printed
// when the run ends. Times are the virtual clock's (kernel/clock.ts): the same run gives the
// same table, which host time would not.

interface Row { calls: number; errors: number; ns: number }

export class SyscallSummary {
  private readonly rows = new Map<string, Row>();

  /** `numbers`: the arch's syscall numbers by name; rows of equal time keep their number order, as strace's stable sort of its table leaves them. */
  constructor(private readonly numbers: ReadonlyMap<string, number> = new Map()) {}

  add(name: string, ns: number, failed: boolean): void {
    const r = this.rows.get(name) ?? { calls: 0, errors: 0, ns: 0 };
    r.calls++;
    if (failed) r.errors++;
    r.ns += ns;
    this.rows.set(name, r);
  }

  /** The table as strace 6.1 prints it (sorted by time, then by syscall number). */
  lines(): string[] {
    const head = '% time     seconds  usecs/call     calls    errors syscall';
    const rule = '------ ----------- ----------- --------- --------- ----------------';
    const nr = (n: string) => this.numbers.get(n) ?? Infinity;
    const rows = [...this.rows].sort(([an, a], [bn, b]) => b.ns - a.ns || nr(an) - nr(bn) || (an < bn ? -1 : 1));
    const total = rows.reduce((t, [, r]) => ({ calls: t.calls + r.calls, errors: t.errors + r.errors, ns: t.ns + r.ns }),
      { calls: 0, errors: 0, ns: 0 });
    const line = (name: string, r: Row) => {
      const pct = total.ns ? (100 * r.ns) / total.ns : 0;
      const us = Math.floor(r.ns / 1000);
      return `${pct.toFixed(2).padStart(6)} ${(r.ns / 1e9).toFixed(6).padStart(11)} ${String(r.calls ? Math.floor(us / r.calls) : 0).padStart(11)} ` +
        `${String(r.calls).padStart(9)} ${(r.errors ? String(r.errors) : '').padStart(9)} ${name}`;
    };
    return [head, rule, ...rows.map(([n, r]) => line(n, r)), rule, line('total', total)];
  }
}
