// The normalisation test/e2e/strace-oracle.test.ts applies to both transcripts (see there).


export const PID_LINE = /^\[pid +(\d+)\] /;

/**
 * Each task's lines, `<unfinished ...>` joined with its `<... resumed>`, prefixes removed. A line
 * without a prefix is the one task strace knew of then: strace counts a new child only once it
 * has seen the child stop (when is the host scheduler's), so a parent's first lines after a
 * clone may have none. It is the only task that has printed and not ended; the program's first
 * task is keyed `main` (its pid is the first prefixed one that is not a child's: not returned by
 * a clone, and resuming a call of the program's if one is unfinished).
 */
export function perTask(lines: string[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const open = new Map<string, number>();
  const children = new Set<string>();
  const alive = new Set<string>();
  let main: string | null = null;
  let last = 'main';
  for (const raw of lines) {
    const m = PID_LINE.exec(raw);
    let p: string;
    if (m) {
      p = m[1];
      // Until the program's own pid shows, a new pid is a child: one a clone returned, or one
      // that starts a call while the program's is unfinished (its first line resumes nothing).
      const resumes = /^<\.\.\. [a-z_0-9]+ resumed>/.test(raw.slice(m[0].length));
      if (main === null && !children.has(p) && (resumes || !open.has('main'))) main = p;
      if (p === main) p = 'main';
    } else {
      p = alive.size === 1 ? [...alive][0] : alive.has('main') || alive.size === 0 ? 'main' : last;
    }
    last = p;
    const l = m ? raw.slice(m[0].length) : raw;
    const born = /^(?:<\.\.\. )?(?:clone3?|fork|vfork)(?:\(| resumed>).*\) += (\d+)$/.exec(l);
    if (born) children.add(born[1]);
    if (/^\+\+\+ /.test(l)) alive.delete(p); else alive.add(p);
    const seq = out.get(p) ?? [];
    out.set(p, seq);
    const resumed = /^<\.\.\. [a-z_0-9]+ resumed>(.*)$/.exec(l);
    if (resumed && open.has(p)) {
      seq[open.get(p)!] = unpad(seq[open.get(p)!] + resumed[1]);
      open.delete(p);
      continue;
    }
    const unfinished = / <unfinished \.\.\.>$/.exec(l);
    if (unfinished) {
      open.set(p, seq.length);
      seq.push(l.slice(0, unfinished.index));
      continue;
    }
    seq.push(unpad(l));
  }
  return out;
}

/**
 * The result's column: strace pads ` = ` out to column 40, counting the line's pid prefix. The
 * padding is the last run of spaces before `= ` (a written string may hold ` = ` itself).
 */
const unpad = (l: string) => l.replace(/ +(= [^=]*)$/, ' $1');

/** A child's death reaching its parent: when, relative to the parent's own calls, is the scheduler's. */
export const asyncSigchld = (l: string) => /^--- SIGCHLD \{.*si_code=CLD_(EXITED|KILLED|DUMPED)/.test(l);

/**
 * A task's lines split into its own sequence and the SIGCHLDs of its children's deaths, each
 * with the `rt_sigreturn` of its handler if one follows, whose result (what the interrupted
 * code held: a clone's or a wait4's pid, …) is not compared.
 */
export function splitAsync(seq: string[]): [sync: string[], asyncs: string[]] {
  const sync: string[] = [];
  const asyncs: string[] = [];
  for (let i = 0; i < seq.length; i++) {
    if (!asyncSigchld(seq[i])) { sync.push(seq[i]); continue; }
    const ret = seq[i + 1]?.startsWith('rt_sigreturn(') ? `\n${seq[++i].replace(/ = -?\d+$/, ' = <interrupted>')}` : '';
    asyncs.push(seq[i - (ret ? 1 : 0)] + ret);
  }
  return [sync, asyncs];
}

/** One escaped byte of a quoted string as strace prints it. */
const BYTE = String.raw`(?:\\[0-7]{1,3}|\\x[0-9a-f]{2}|\\[ntrvf"\\]|[^\\"])`;
/** A signalfd_siginfo read: ssi_signo (12, SIGUSR2), ssi_errno, ssi_code (SI_USER), then ssi_pid. */
const SIGNALFD_PID = new RegExp(String.raw`((?:read\(\d+, |<\.\.\. read resumed>)"\\f(?:\\0{1,3}){11})${BYTE}{4}`);

/**
 * `keepPids`: the prefixes are already the tasks' canonical numbers (pidnsTasks) and every pid
 * value is the program's own namespace's (pid 1 of a fresh one, the same on both): none renumbered.
 */
export function normalise(text: string, { keepPids = false } = {}): string[] {
  const pids = new Map<string, number>();
  const pid = (p: string) => {
    if (keepPids) return p;
    if (!pids.has(p)) pids.set(p, pids.size + 1);
    return `${pids.get(p)}`;
  };
  /** Tasks (by their line prefix) that just read a /proc/PID/status, and from which fd. */
  const statusRead = new Map<string, string>();
  /** Tasks reading a file of the host's (/proc/self/maps, …): the fd, and whether a read was kept. */
  const hostRead = new Map<string, { fd: string; seen: boolean }>();
  /** ld.so's cache of the host it runs on: the fd it is open on, then its size once known. */
  let ldCache: { fd?: string; size?: string } = {};
  const lines = text.split('\n').filter((l) => l !== '');
  return lines.map((l): string | null => {
    l = l.replace(PID_LINE, (_m, p: string) => `[pid ${pid(p)}] `);
    l = l.replace(/\b0x7f[0-9a-f]{10}\b/g, '0x7f…');
    l = l.replace(/getrandom\("[^"]*"|(<\.\.\. getrandom resumed>)"[^"]*"/, (_m, resumed?: string) => `${resumed ?? 'getrandom('}"…"`);
    // CPU times the host measured (strace adds `/* 0.03 s */` to a non-zero clock_t).
    l = l.replace(/\b(tms_\w+|si_utime|si_stime)=\d+(?: \/\* [\d.]+ s \*\/)?/g, '$1=N');
    l = l.replace(/\b(tv_sec|tv_usec|tv_nsec|uptime|totalram|freeram|sharedram|bufferram|totalswap|freeswap|procs)=\d+/g, '$1=N');
    l = l.replace(/loads=\[\d+, \d+, \d+\]/, 'loads=[N]');
    l = l.replace(/ = \d+ \(\d{4}-\d\d-\d\dT[^)]*\)$/, ' = N (date)');
    l = l.replace(/^((?:\[pid \d+\] )?times\(.*\) += )\d+$/, '$1N');
    // rseq is gone altogether (dropped below): glibc registers it in every new thread too once
    // the main thread's succeeded, and tricorn's ENOSYS means no thread does.
    l = l.replace(/\|STATX_MNT_ID/g, '');
    // clone2 (tricorn's syscall 1000) exists in no Linux: strace shows it as syscall_0x3e8 with
    // six raw registers, ENOSYS; tricorn, made to fail it (-e inject=clone2:error=ENOSYS), with
    // its decoded arguments and strace's (INJECTED). Its arguments are not compared.
    l = l.replace(/^((?:\[pid \d+\] )?)(?:syscall_0x3e8|clone2)\(.*\) += -1 ENOSYS \(Function not implemented\)(?: \(INJECTED\))?$/, '$1clone2(…) = -1 ENOSYS (Function not implemented)');
    // The program's own absolute path (the checkout's place), and the host's name and kin.
    // Its length, the result, depends on the checkout's place too.
    l = l.replace(/^((?:\[pid \d+\] )?readlink(?:at\(AT_FDCWD, |\()"\/proc\/self\/exe", )"[^"]*"(?:\.\.\.)?(, \d+\)) += \d+$/, '$1"<exe>"$2 = <len>');
    // The same call split by another task's line: its resumed half names the checkout.
    l = l.replace(/^((?:\[pid \d+\] )?<\.\.\. readlink(?:at)? resumed>)"<repo>\/[^"]*"(?:\.\.\.)?(, \d+\)) += \d+$/, '$1"<exe>"$2 = <len>');
    // The checkout as a working directory, and a #! line naming a program in it (minishell's script; edges' `#!  PATH`, spaces first).
    l = l.replace(/^((?:\[pid \d+\] )?getcwd\("<repo>", \d+\)) += \d+$/, '$1 = <len>');
    l = l.replace(/^((?:\[pid \d+\] )?write\(\d+, )"#! *(?:<repo>)?\/[^"]*"(?:\.\.\.)?, \d+\) += \d+$/, '$1"#!<path>…", <len>) = <len>');
    // What the host's stdout is (a pipe, or the socket node gives a child) is the runner's choice.
    l = l.replace(/^((?:\[pid \d+\] )?(?:newfstatat\([01], "", |<\.\.\. newfstatat resumed>)\{st_mode=)S_IF(?:IFO|SOCK)\|0\d+/, '$1<stdio>');
    l = l.replace(/nodename="[^"]*"/, 'nodename="<host>"');
    // /etc/ld.so.cache lists the host's installed libraries: its size (fstat, then the size ld.so
    // maps and unmaps) changes whenever a package is installed.
    const cache = /^(?:\[pid \d+\] )?openat\(AT_FDCWD, "\/etc\/ld\.so\.cache", [^)]*\) += (\d+)$/.exec(l);
    if (cache) ldCache = { fd: cache[1] };
    const cacheStat = ldCache.fd !== undefined && new RegExp(String.raw`^(?:\[pid \d+\] )?newfstatat\(${ldCache.fd}, "", \{st_mode=S_IFREG\|0644, st_size=(\d+),`).exec(l);
    if (cacheStat) { ldCache = { size: cacheStat[1] }; l = l.replace(`st_size=${cacheStat[1]},`, 'st_size=<ld.so.cache>,'); }
    if (ldCache.size !== undefined) l = l.replace(new RegExp(String.raw`^((?:\[pid \d+\] )?(?:mmap\(NULL|munmap\(0x7f…)), ${ldCache.size}([,)])`), '$1, <ld.so.cache>$2');
    // /proc/PID/status is the host kernel's (some 55 fields; tricorn's has the ones it keeps):
    // its length, and so the size glibc asks for next, differ.
    const prefix = PID_LINE.exec(l)?.[0] ?? '';
    const status = /^((?:\[pid \d+\] )?(?:<\.\.\. read resumed>|read\((\d+), )"Name:\\t.*\) += )\d+$/.exec(l);
    const rest = /^((?:\[pid \d+\] )?read\((\d+), "", )\d+(\) += 0)$/.exec(l);
    if (status) { statusRead.set(prefix, status[2] ?? ''); l = `${status[1]}<status>`; }
    else if (rest && statusRead.has(prefix)) { l = `${rest[1]}<rest>${rest[3]}`; statusRead.delete(prefix); }
    // /proc/self/maps, /proc/self/stat and /proc/mounts are the host kernel's and machine's
    // (addresses, counters, mounts): their text and lengths are not compared, and reading
    // them takes as many reads as they are long — the first stands for all.
    const host = /^(?:\[pid \d+\] )?openat\(AT_FDCWD, "\/proc\/(?:self\/maps|self\/stat|mounts)", O_RDONLY\) += (\d+)$/.exec(l);
    if (host) hostRead.set(prefix, { fd: host[1], seen: false });
    const hr = hostRead.get(prefix);
    const hm = hr && new RegExp(String.raw`^((?:\[pid \d+\] )?read\(${hr.fd}, )".*(, \d+\)) += [1-9]\d*$`).exec(l);
    if (hr && hm) { if (hr.seen) return null; hr.seen = true; return `${hm[1]}<host's>${hm[2]} = <len>`; }
    if (hr && new RegExp(String.raw`^(?:\[pid \d+\] )?close\(${hr.fd}\)`).test(l)) hostRead.delete(prefix);
    // A longer status (Linux's) takes stdio more than one read of 1024 before that empty one.
    else if (statusRead.has(prefix) && new RegExp(String.raw`^(?:\[pid \d+\] )?read\(${statusRead.get(prefix)}, "`).test(l)) return null;
    // A stopped tracee is in "tracing stop" (t) under strace; stopped (T) without it.
    l = l.replace(/write\(1, "  \/proc state: t \(tracing stop\)\\n", 32\) += 32$/, 'write(1, "  /proc state: T (stopped)\\n", 27) = 27');
    // A signalfd record's ssi_pid is the sender's pid, in its bytes.
    // (strace writes the zero before a digit as \000.)
    l = l.replace(SIGNALFD_PID, (_m, head: string) => `${head.replace(/\\0{1,3}/g, '\\0')}<pid>`);
    l = l.replace(/^((?:\[pid \d+\] )?(?:(?:getppid|getpgrp|getsid)\(|<\.\.\. (?:getppid|getpgrp|getsid) resumed>).*\) += )\d+$/, '$1P');
    // Numbers that are pids: clone/fork results, wait4's, getpid's, si_pid=, set_tid_address's.
    l = l.replace(/^((?:\[pid \d+\] )?(?:<\.\.\. )?(?:clone3?|fork|vfork|getpid|gettid|set_tid_address|wait4)(?:\(| resumed>).*\) += )(\d+)$/,
      (_m, head: string, n: string) => head + pid(n));
    // Linux picks an autobound socket's abstract name at random (five hex digits); tricorn counts.
    l = l.replace(/sun_path=@"[0-9a-f]{5}"/g, 'sun_path=@"<autobind>"');
    l = l.replace(/(?:\b|(?=\{))(si_pid=|\{pid=|parent_tid=\[|wait4\(|kill\(-?|tkill\(|rt_sigqueueinfo\(|getpgid\()(-?\d+)/g,
      (m, k: string, n: string) => (n.startsWith('-') || n === '0' ? m : k + pid(n)));
    l = l.replace(/"\/proc\/(\d+)\//g, (_m, n: string) => `"/proc/${pid(n)}/`);
    // A thread that execs takes its leader's pid: strace names its old tid on the leader's line.
    l = l.replace(/\+\+\+ superseded by execve in pid (\d+) \+\+\+$/, (_m, n: string) => `+++ superseded by execve in pid ${pid(n)} +++`);
    // strace -ff: the exec'ing thread's file ends with the pid it takes.
    l = l.replace(/ <pid changed to (\d+) \.\.\.>$/, (_m, n: string) => ` <pid changed to ${pid(n)} ...>`);
    // A pid handed to a new image in its argv (edges' exec from a thread: getpid's value).
    if (/^(?:\[pid \d+\] )?execve\(/.test(l)) l = l.replace(/, \["[^\]]*\]/, (argv) => argv.replace(/"(\d+)"/g, (m, n: string) => (pids.has(n) ? `"${pid(n)}"` : m)));
    // setpgid(pid, pgid) and getpgid's result: pids both.
    l = l.replace(/\bsetpgid\((\d+), (\d+)/, (_m, a: string, b: string) => `setpgid(${a === '0' ? a : pid(a)}, ${b === '0' ? b : pid(b)}`);
    l = l.replace(/^((?:\[pid \d+\] )?(?:<\.\.\. )?getpgid(?:\(| resumed>).*\) += )(\d+)$/, (_m, head: string, n: string) => head + pid(n));
    // rt_sigreturn's result is what the interrupted code held: after a SIGCHLD often a wait4's
    // or a clone's result, a pid (renumbered when it is one already seen).
    l = l.replace(/^((?:\[pid \d+\] )?rt_sigreturn\(.*\) += )(\d+)$/, (m, head: string, n: string) => (pids.has(n) ? head + pid(n) : m));
    l = l.replace(/\b(tgkill\(|rt_tgsigqueueinfo\()(\d+), (\d+)/g, (_m, k: string, a: string, b: string) => `${k}${pid(a)}, ${pid(b)}`);
    // A futex wait on a thread's tid word (pthread_join) names the tid as its value.
    l = l.replace(/(futex\(0x[0-9a-f…x]+, FUTEX_WAIT\w*(?:\|\w+)*, )(\d+)/, (m, head: string, n: string) => (pids.has(n) ? head + pid(n) : m));
    return l;
  }).filter((l): l is string => l !== null && !/^(?:\[pid \d+\] )?(?:rseq\(|<\.\.\. rseq resumed>)/.test(l))
    // A fork a signal interrupts (a child's SIGCHLD arriving meanwhile: copy_process's
    // ERESTARTNOINTR) is shown, then made again: when a child dies is the host scheduler's.
    .filter((l) => !/^(?:\[pid \d+\] )?(?:(?:clone3?|fork|vfork)\(|<\.\.\. (?:clone3?|fork|vfork) resumed>).* = \? ERESTARTNOINTR \(To be restarted\)$/.test(l));
}

/**
 * A task's own sequence, normalised for what its environment decides. tricorn's pid 1 is its
 * system's init and the program run by strace is not:
 *  - pid 1 leads its own process group, the program on Linux is in its shell's, so
 *    `getpgrp() == getpid() || getpgrp() != a` asks getpgrp a second time on Linux only;
 *  - orphans are reparented to pid 1, which then hears of their deaths (SIGCHLD); on Linux
 *    they go to the host's init. So a task's SIGCHLD lines are those of its own children, and
 *    a call another's SIGCHLD interrupted (`= ? ERESTARTSYS`, made again after the signal) is
 *    left out with it.
 */
export function normaliseTask(seq: string[]): string[] {
  const children = new Set(seq.map((l) => /^(?:clone3?|fork|vfork)\(.*\) = (\d+)$/.exec(l)?.[1]).filter((p) => p !== undefined));
  const foreign = (l: string | undefined) => { const m = /^--- SIGCHLD \{.*si_pid=(\d+),/.exec(l ?? ''); return m !== null && !children.has(m[1]); };
  return seq.filter((l, i) => {
    if (l.startsWith('getpgrp() = ') && seq[i - 1]?.startsWith('getpid() = ')) return false;
    if (l.endsWith(' = ? ERESTARTSYS (To be restarted if SA_RESTART is set)') && foreign(seq[i + 1])) return false;
    return !foreign(l);
  });
}

/**
 * For runs marked `schedulingDependent` in runs.json: what the host's scheduler (or strace's
 * own attaching) decides, removed from each task's sequence.
 *  - futex calls: whether a thread waits on a lock, a condition variable or a join (and how
 *    often it wakes others) depends on who got there first;
 *  - glibc's thread arenas: a thread that mallocs makes a new arena (a 128 MiB, or an aligned
 *    64 MiB, PROT_NONE reservation, trimmed to 64 MiB alignment by one or two munmaps whose
 *    sizes depend on where the kernel placed it, then a 132 KiB mprotect) unless a thread that
 *    has already ended left one free;
 *  - a child another process stops (SIGSTOP) or kills (a signal it did not send itself, then
 *    `+++ killed`): strace holds every new child stopped until it has attached it, so on Linux
 *    the signal may arrive before the child's first instruction, while tricorn may have run it
 *    until it blocked; its stop, signal and exit lines are compared, not its calls (nor whether
 *    it took a SIGCONT before the SIGKILL that follows it);
 *  - rt_sigreturn's result after an interval timer's signal (SIGALRM, SIGVTALRM, SIGPROF): the
 *    register it restores is whatever the interrupted computation held when the timer expired.
 */
export function normaliseScheduling(seq: string[]): string[] {
  const self = seq.map((l) => /^(?:getpid|gettid)\(\) = (\d+)$/.exec(l)?.[1]).find((p) => p !== undefined);
  const byOther = (l: string) => { const m = /^--- SIG\w+ \{.*si_code=SI_USER, si_pid=(\d+),/.exec(l); return m !== null && m[1] !== self; };
  const stopped = seq.some((l) => l.startsWith('--- SIGSTOP ')) || (seq.some(byOther) && /^\+\+\+ killed by /.test(seq[seq.length - 1] ?? ''));
  const out: string[] = [];
  let arena = false;
  for (const [i, l] of seq.entries()) {
    if (stopped && (!/^(---|\+\+\+) /.test(l) || l.startsWith('--- SIGCONT '))) continue;
    if (/^rt_sigreturn\(/.test(l) && /^--- SIG(ALRM|VTALRM|PROF) \{/.test(seq[i - 1] ?? '')) {
      out.push(l.replace(/ = -?\d+$/, ' = <interrupted>'));
      continue;
    }
    if (l.startsWith('futex(')) continue;
    if (/^mmap\((?:NULL|0x7f…), (?:134217728|67108864), PROT_NONE, MAP_PRIVATE\|MAP_ANONYMOUS\|MAP_NORESERVE, -1, 0\) = 0x7f…$/.test(l)) { arena = true; continue; }
    if (arena && /^munmap\(0x7f…, \d+\) = 0$/.test(l)) continue;
    if (arena && l === 'mprotect(0x7f…, 135168, PROT_READ|PROT_WRITE) = 0') { arena = false; continue; }
    arena = false;
    out.push(l);
  }
  return out;
}

/**
 * For runs marked `streams` in runs.json: how bytes through a pipe are cut into calls is the
 * host scheduler's (on Linux the reader wakes after each write; tricorn runs the writer until
 * the pipe is full), so
 *  - a run of identical lines (a writer's one-byte writes until its reader leaves) is one line;
 *  - a run of successful reads of one fd with one size is one line, the first read's text and
 *    the total: `read(3, "aaaa"..., 4096) = 200000 in all`.
 */
export function normaliseStreams(seq: string[]): string[] {
  const out: string[] = [];
  for (const l of seq) {
    const prev = out[out.length - 1];
    if (l === prev) continue;
    const m = /^(read\((\d+), "(?:[^"\\]|\\.)*"(?:\.\.\.)?, (\d+)\)) = ([1-9]\d*)$/.exec(l);
    if (!m) { out.push(l); continue; }
    const p = prev === undefined ? null : /^read\((\d+), .*, (\d+)\) = (\d+) in all$/.exec(prev);
    if (p && p[1] === m[2] && p[2] === m[3]) out[out.length - 1] = prev!.replace(/ = \d+ in all$/, ` = ${Number(p[3]) + Number(m[4])} in all`);
    else out.push(`${m[1]} = ${m[4]} in all`);
  }
  return out;
}


/** A futex call's word (its first argument) and operation. */
const FUTEX = /^futex\((0x[0-9a-f]+), (FUTEX_[A-Z_]+)/;
/**
 * A probe of how many tasks wait on a word, moving none: FUTEX_CMP_REQUEUE of the word onto
 * itself, waking 0 (threads3's count_waiters).
 */
const PROBE = /^futex\((0x[0-9a-f]+), FUTEX_CMP_REQUEUE_PRIVATE, 0, 2147483647, \1, -?\d+\) = \d+$/;

/**
 * The words of a run's futex mutexes (Drepper's 0/1/2 lock): those some task waits on with the
 * value 2 ("locked, contended"). Read from the whole run, since a task that only unlocks shows
 * its wakes and never the value.
 */
export function mutexWords(lines: string[]): Set<string> {
  const words = new Set<string>();
  for (const l of lines) {
    const m = /^(?:\[pid +\d+\] )?futex\((0x[0-9a-f]+), FUTEX_WAIT_PRIVATE, 2, NULL/.exec(l);
    if (m) words.add(m[1]);
  }
  return words;
}

/**
 * For runs marked `polling` in runs.json (threads3): threads that contend for a lock, joins, and
 * a task that waits for others by polling. Exactly these are the host scheduler's, and left
 * out of each task's sequence; every other line, futex calls included, is compared as it is:
 *  - every futex call on a mutex word (mutexWords): whether a thread finds the lock taken
 *    (FUTEX_WAIT 2) and whether its unlock finds a waiter to wake (FUTEX_WAKE 1, and how many
 *    it woke) is who got there first;
 *  - a join's wait, a shared FUTEX_WAIT (the kernel's wake at a thread's exit is a shared
 *    one; the program waits no other way): whether the thread had ended already;
 *  - polling, in a task that probes (PROBE: how many wait on a word) and yields until enough
 *    do, or until a word changes: its sched_yield calls, and of a run of the same probe only
 *    the last (the one that found the count it waited for). How many rounds a poll takes,
 *    none included, is the scheduler's. A task that never probes (a thread yielding inside its
 *    critical section, a child giving its parent time) yields a fixed number of times: those
 *    sched_yield lines are all compared.
 */
export function normalisePolling(seq: string[], mutex: Set<string>): string[] {
  const polls = seq.some((l) => PROBE.test(l));
  const kept = seq.filter((l) => {
    const f = FUTEX.exec(l);
    if (f && (mutex.has(f[1]) || f[2] === 'FUTEX_WAIT')) return false;
    return !(polls && l === 'sched_yield() = 0');
  });
  // Of a run of one probe (same word, same expected value), the last.
  const head = (l: string) => (PROBE.test(l) ? l.replace(/ = \d+$/, '') : null);
  return kept.filter((l, i) => head(l) === null || head(l) !== head(kept[i + 1] ?? ''));
}

/** strace -o's `PID   ` at the start of a line (every line, and with --pidns-translation). */
const O_LINE = /^(\d+) +/;
/** --pidns-translation's note after a pid value: its number in strace's own namespace. */
const TRANSLATED = / \/\* (\d+) in strace's PID NS \*\//g;

/**
 * A `pidns` run's transcript in `strace -o` form (`PID   line`, PIDs outside the program's PID
 * namespace: the host's on Linux, the root namespace's under tricorn) with each task's PID
 * replaced by its canonical number — 1 for the program, then 2, 3, … in the order the tasks were
 * born — as `[pid N] line`, and strace's `/* N in strace's PID NS *\/` notes removed. `births`
 * gives the outer PIDs in birth order after the program's; without it they are read from those
 * notes on the clone family's results (Linux's transcript, recorded with --pidns-translation).
 * The program's execve shows `<envp>` for the environment's address.
 */
export function pidnsTasks(text: string, births?: number[]): string {
  const lines = text.split('\n').filter((l) => l !== '');
  const order = [Number(O_LINE.exec(lines[0] ?? '')?.[1])];
  if (births) order.push(...births);
  else {
    const traced = new Set(lines.map((l) => Number(O_LINE.exec(l)?.[1])));
    for (const l of lines) {
      const m = /^\d+ +(?:<\.\.\. )?(?:clone3?|fork|vfork)(?:\(| resumed>).*\) += \d+ \/\* (\d+) in strace's PID NS \*\/$/.exec(l);
      if (m) order.push(Number(m[1]));
    }
    // strace 6.1 translates a pid 32 namespaces deep wrongly (clone3conf's deepest child: a
    // number no traced task has): it stands for the one traced task no translation names.
    const unnamed = [...traced].filter((p) => !order.includes(p));
    for (const [i, p] of order.entries()) if (!traced.has(p) && unnamed.length) order[i] = unnamed.shift()!;
  }
  const canon = new Map(order.map((p, i) => [p, i + 1]));
  // The program's execve: on Linux env(1) runs it from the namespace's shell, so envp is an
  // address in env's heap, not on a new stack.
  if (lines[0]) lines[0] = lines[0].replace(/\], 0x[0-9a-f]+ (\/\* \d+ vars? \*\/\) += 0)$/, '], <envp> $1');
  return lines.map((l) => l.replace(O_LINE, (_m, p: string) => `[pid ${canon.get(Number(p)) ?? `?${p}`}] `).replace(TRANSLATED, '')).join('\n');
}
