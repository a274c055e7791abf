// The normalisation test/e2e/strace-oracle.test.ts applies to both transcripts (see there).


export const PID_LINE = /^\[pid +(\d+)\] /;

export function normalise(text: string): string[] {
  const pids = new Map<string, number>();
  const pid = (p: string) => {
    if (!pids.has(p)) pids.set(p, pids.size + 1);
    return `${pids.get(p)}`;
  };
  const lines = text.split('\n').filter((l) => l !== '');
  return lines.map((l) => {
    l = l.replace(PID_LINE, (_m, p: string) => `[pid ${pid(p)}] `);
    l = l.replace(/\b0x7f[0-9a-f]{10}\b/g, '0x7f…');
    l = l.replace(/getrandom\("[^"]*"/, 'getrandom("…"');
    l = l.replace(/\b(tv_sec|tv_usec|tv_nsec|tms_\w+|uptime|totalram|freeram|sharedram|bufferram|totalswap|freeswap|procs)=\d+/g, '$1=N');
    l = l.replace(/loads=\[\d+, \d+, \d+\]/, 'loads=[N]');
    l = l.replace(/ = \d+ \(\d{4}-\d\d-\d\dT[^)]*\)$/, ' = N (date)');
    l = l.replace(/^((?:\[pid \d+\] )?times\(.*\) += )\d+$/, '$1N');
    l = l.replace(/^((?:\[pid \d+\] )?rseq\(.*\)) += .*$/, '$1 = <rseq>');
    l = l.replace(/\|STATX_MNT_ID/g, '');
    // The program's own absolute path (the checkout's place), and the host's name and kin.
    // Its length, the result, depends on the checkout's place too.
    l = l.replace(/^((?:\[pid \d+\] )?readlink\("\/proc\/self\/exe", )"[^"]*"(\.\.\.)?(, \d+\) += )\d+$/, '$1"<exe>"$3<len>');
    // What the host's stdout is (a pipe, or the socket node gives a child) is the runner's choice.
    l = l.replace(/^((?:\[pid \d+\] )?(?:newfstatat\(1, "", |<\.\.\. newfstatat resumed>)\{st_mode=)S_IF(?:IFO|SOCK)\|0\d+/, '$1<stdout>');
    l = l.replace(/nodename="[^"]*"/, 'nodename="<host>"');
    l = l.replace(/^((?:\[pid \d+\] )?(?:getppid|getpgrp|getsid)\(.*\) += )\d+$/, '$1P');
    // Numbers that are pids: clone/fork results, wait4's, getpid's, si_pid=, set_tid_address's.
    l = l.replace(/^((?:\[pid \d+\] )?(?:<\.\.\. )?(?:clone3?|fork|vfork|getpid|gettid|set_tid_address|wait4)(?:\(| resumed>).*\) += )(\d+)$/,
      (_m, head: string, n: string) => head + pid(n));
    l = l.replace(/\b(si_pid=|parent_tid=\[|wait4\(|kill\(|tkill\(|rt_sigqueueinfo\()(-?\d+)/g,
      (m, k: string, n: string) => (n.startsWith('-') || n === '0' ? m : k + pid(n)));
    l = l.replace(/\b(tgkill\(|rt_tgsigqueueinfo\()(\d+), (\d+)/g, (_m, k: string, a: string, b: string) => `${k}${pid(a)}, ${pid(b)}`);
    // A futex wait on a thread's tid word (pthread_join) names the tid as its value.
    l = l.replace(/(futex\(0x[0-9a-f…x]+, FUTEX_WAIT\w*(?:\|\w+)*, )(\d+)/, (m, head: string, n: string) => (pids.has(n) ? head + pid(n) : m));
    return l;
  });
}

