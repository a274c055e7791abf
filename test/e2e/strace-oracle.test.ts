// tricorn run --strace against real `strace -f` (strace 6.1) on the same x86_64 static programs,
// run natively by scripts/build-strace-oracle.sh (test/guests/strace/runs.json, linux/*.txt).
// Both transcripts go through the same normalisation, limited to what must differ:
//
//  1. addresses at 0x7f0000000000 and above (the stack and the mmap area: tricorn places
//     them elsewhere than Linux) become 0x7f…; every lower address (brk, the ELF's data,
//     TLS) is compared as is;
//  2. getrandom's bytes (host entropy; tricorn's are seeded) become "…";
//  3. values of the host's clock and machine — tv_sec/tv_usec/tv_nsec, tms_*, sysinfo's
//     fields, time()'s and times()'s results and dates — become N (tricorn's clock is virtual);
//  4. pids are renumbered 1, 2, … in order of first appearance (Linux's are the host's);
//  5. rseq: tricorn deliberately answers ENOSYS (glibc then does without, in every thread), so
//     rseq lines are left out;
//  6. STATX_MNT_ID in stx_mask: tricorn has no mount ids;
//  7. calls tricorn does not implement yet (UNIMPLEMENTED there) are compared by name only;
//  8. values of the host's environment: the program's absolute path (readlink of
//     /proc/self/exe), uname's nodename, getppid/getpgrp/getsid (processes outside the guest),
//     and the type of stdout (the runner's pipe or socket); tricorn's pid 1 leads its own
//     process group, so a program comparing getpgrp() with getpid() asks getpgrp once more on
//     Linux (normaliseTask);
//  9. /proc/PID/status is the host kernel's: the length read (and the size glibc asks for
//     next) differ; a stopped tracee's state there is "t (tracing stop)" under strace, as the
//     program prints it; a signalfd record's ssi_pid is a pid in bytes;
// 10. runs marked schedulingDependent (the signals guests, glibc's threads): futex traffic,
//     glibc's arena creation, a child stopped or killed before it ran, a timer's interrupted
//     register, as normaliseScheduling in strace-oracle-norm.ts says why; and SIGCHLDs that
//     coalesced on Linux (each Linux shows must be tricorn's).
//
// 11. the checkout's absolute path (execve of /proc/self/exe's target) is written <repo>;
// 12. CPU times the host measured (tms_*, a SIGCHLD's si_utime/si_stime) become N;
// 13. a child's death (SIGCHLD) reaches its parent when the host scheduler lets it: those lines
//     are compared as a set per task, each with the `rt_sigreturn` of its handler, whose result
//     (what the interrupted code held: a clone's or wait4's pid) is not compared; and which
//     thread of a continued group takes SIGCONT (runs.json `anyThread`) is compared per run.
// 14. a fork a child's SIGCHLD interrupts (`= ? ERESTARTNOINTR`, then made again) is dropped;
// 16. runs.json `streams` (pipes-glibc): how bytes through a pipe are cut into calls — a run
//     of identical writes, a run of reads of one fd — is the scheduler's (normaliseStreams);
// 17. runs.json `hostLengths` (the vDSO clock guest): a line printing the host clock's steps
//     is compared without its byte counts;
// 18. a /proc/PID/status longer than tricorn's takes stdio a second read: dropped (see 9);
//     /proc/self/maps, /proc/self/stat and /proc/mounts are the host's: their first read is
//     compared without text and length, further reads dropped;
// 19. a pid in a new image's argv (edges' exec from a thread) and the tid strace names in
//     `+++ superseded by execve in pid N +++` are renumbered as pids.
// 20. runs.json `polling` (threads3): a mutex's futex calls, joins' waits, and a polling task's
//     sched_yield calls and all but the last of a run of one probe (normalisePolling says why);
// 15. where strace itself changes what the program does on Linux (runs.json tracedDiffers,
//     lifecycle kill: strace runs a continued or new child before its parent's next call;
//     tricorn traced runs exactly as untraced), that stretch of each task is left out.
// A --root DIR run was recorded chrooted into a copy of DIR (scripts/build-strace-oracle.sh). A
// --pidns run (pid 1 of a PID namespace of its own) was recorded under unshare --fork --pid
// --mount-proc with strace's -o and --pidns-translation: both sides' outer pids become the
// tasks' birth order and pid values are compared as they are (pidnsTasks, docs/strace.md).
// A dynamic program (linked against the host's glibc) is compared only where ld.so and libc
// are the ones its transcript was recorded with (runs.json `requires`: their sha256).
//
// A program with one task is compared line for line. With several, the interleaving is the
// host scheduler's, so each task's own sequence is compared (an `<unfinished ...>` joined with
// its `<... resumed>`, the `[pid N] ` prefix removed; a line strace printed without one — it
// had not yet seen a new child stop — belongs to the one task it knew: perTask in
// strace-oracle-norm.ts), and tricorn's prefixes are checked
// against strace's rule on tricorn's own transcript: present exactly while more than one task
// has not printed its `+++` line, decided when the line starts.
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { root, tricorn } from './cli.js';
import { mutexWords, normalise, splitAsync, normalisePolling, normaliseScheduling, normaliseStreams, normaliseTask, perTask, pidnsTasks, PID_LINE } from './strace-oracle-norm.js';

interface Run {
  id: string; file: string; args: string[]; stdin?: string; schedulingDependent?: string;
  /** Why the thread that shows a SIGCONT is the scheduler's: those lines are compared per run, not per task. */
  anyThread?: string;
  /**
   * Where strace itself changes what the program does on Linux ([from, to, why]: regexes of a
   * task's lines): that stretch of each task — from the first line matching `from` to the next
   * matching `to`, not included — is left out on both sides.
   */
  tracedDiffers?: [string, string, string];
  /** Why bytes through a pipe are cut into calls as the scheduler lets them: normaliseStreams applies. */
  streams?: string;
  /** Why locks, joins and polling loops are the scheduler's: normalisePolling applies. */
  polling?: string;
  /**
   * [regex, why]: lines (of a task) whose length is the host clock's — a program printing the
   * steps of the host's clock; their byte counts (`, N) = N`) are not compared, their text is.
   */
  hostLengths?: [string, string];
  /** Options given to tricorn run before FILE (Linux ran the program chrooted at --root's DIR). */
  tricornArgs?: string[];
  /** Host files the transcript depends on (a dynamic program's ld.so and libc), by sha256: skip unless they are these. */
  requires?: Record<string, string>;
}
const dir = join(root, 'test/guests/strace');
const runs = (JSON.parse(readFileSync(join(dir, 'runs.json'), 'utf8')) as { runs: Run[] }).runs;

/**
 * The transcripts compared: the committed ones (recorded by scripts/build-strace-oracle.sh), or
 * with TRICORN_STRACE_LIVE=1 (needs root and strace) ones that script records now, on this host,
 * for every run. Live is opt-in, not the default wherever root and strace exist, because the
 * default run must not depend on the host's Linux and scheduler: the committed transcripts make
 * every machine compare against the same oracle.
 */
function transcripts(): string {
  if (process.env.TRICORN_STRACE_LIVE !== '1') return join(dir, 'linux');
  const out = mkdtempSync(join(tmpdir(), 'strace-live-'));
  const r = spawnSync('bash', [join(root, 'scripts/build-strace-oracle.sh'), ...runs.map((x) => x.id)],
    { cwd: root, env: { ...process.env, STRACE_ORACLE_OUT: out }, stdio: ['ignore', 'ignore', 'inherit'] });
  if (r.status !== 0) throw new Error(`TRICORN_STRACE_LIVE=1: scripts/build-strace-oracle.sh exited ${r.status} (it needs root and strace)`);
  return out;
}
const transcriptDir = transcripts();


/**
 * strace's `[pid N] ` rule on tricorn's own transcript: a line has the prefix exactly when more
 * than one task is traced as it starts. A task counts from the call that made it (its clone's
 * line, or its own first line if that comes first: a vfork child's) until its `+++` line.
 */
function checkPrefixes(text: string): void {
  let live = 1;
  const counted = new Set<string>();
  for (const l of text.split('\n').filter((x) => x !== '' && !x.startsWith('tricorn: '))) {
    const p = PID_LINE.exec(l)?.[1];
    if (p !== undefined && p !== '1' && !counted.has(p)) { counted.add(p); live++; }
    assert.equal(p !== undefined, live > 1, `prefix with ${live} task(s): ${l}`);
    const born = /^(?:\[pid +\d+\] )?(?:<\.\.\. )?(?:clone3?|fork|vfork)(?:\(| resumed>).*\) += (\d+)$/.exec(l)?.[1];
    if (born !== undefined && !counted.has(born)) { counted.add(born); live++; }
    if (/^(?:\[pid +\d+\] )?\+\+\+ /.test(l)) live--;
  }
}

function tricornRun(r: Run): string {
  if (pidns(r)) return pidnsRun(r);
  const res = tricorn(['run', '--strace', ...(r.tricornArgs ?? []), r.file, ...r.args], { input: r.stdin ?? '', timeoutMs: 120_000 });
  checkPrefixes(res.stderr);
  // tricorn's own report of a fault follows the trace (strace prints nothing of its own there).
  // The checkout's path as the recording wrote it.
  return res.stderr.split('\n').filter((l) => !l.startsWith('tricorn: ')).join('\n').replaceAll(`"${root}/`, '"<repo>/').replaceAll(`"${root}"`, '"<repo>"');
}

/** tricorn run --pidns: pid 1 of a PID namespace of its own, recorded under unshare --fork --pid --mount-proc. */
const pidns = (r: Run) => r.tricornArgs?.includes('--pidns') === true;

/**
 * A `--pidns` run under tricorn: the trace as `-o` writes it (every line with its root-namespace
 * PID) and the tasks' births from --trace-json, for pidnsTasks.
 */
function pidnsRun(r: Run): string {
  const dir = mkdtempSync(join(tmpdir(), 'tricorn-pidns-'));
  try {
    const [trace, json] = [join(dir, 'trace'), join(dir, 'events')];
    tricorn(['run', '--strace', '-o', trace, '--trace-json', json, ...(r.tricornArgs ?? []), r.file, ...r.args], { input: r.stdin ?? '', timeoutMs: 120_000 });
    const births = readFileSync(json, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { event: string; tid: number })
      .filter((e) => e.event === 'task').map((e) => e.tid).slice(1);
    return pidnsTasks(readFileSync(trace, 'utf8').replaceAll(`"${root}/`, '"<repo>/'), births);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Why a run cannot be compared on this host (a required file differs), or false. */
function missing(r: Run): string | false {
  for (const [path, sum] of Object.entries(r.requires ?? {})) {
    if (!existsSync(path)) return `no ${path}`;
    if (createHash('sha256').update(readFileSync(path)).digest('hex') !== sum) return `${path} is not the one the transcript was recorded with`;
  }
  return false;
}

for (const r of runs) {
  test(`strace oracle: ${r.id} (${r.file}) matches real strace -f`, { skip: missing(r) }, () => {
    const recorded = readFileSync(join(transcriptDir, `${r.id}.txt`), 'utf8');
    const keepPids = pidns(r);
    const lengths = (seq: string[]) => !r.hostLengths ? seq
      : seq.map((l) => (new RegExp(r.hostLengths![0]).test(l.replace(PID_LINE, '')) ? l.replace(/, \d+\) += \d+$/, ', <len>) = <len>') : l));
    const linux = lengths(normalise(keepPids ? pidnsTasks(recorded) : recorded, { keepPids }));
    const ours = lengths(normalise(tricornRun(r), { keepPids }));
    const tasks = new Set(linux.map((l) => PID_LINE.exec(l)?.[1] ?? '0'));
    if (tasks.size === 1) {
      assert.deepEqual(normaliseTask(ours), normaliseTask(linux));
      return;
    }
    const cut = (seq: string[]) => {
      if (!r.tracedDiffers) return seq;
      const from = seq.findIndex((l) => new RegExp(r.tracedDiffers![0]).test(l));
      const to = from < 0 ? -1 : seq.findIndex((l, i) => i > from && new RegExp(r.tracedDiffers![1]).test(l));
      return from < 0 || to < 0 ? seq : [...seq.slice(0, from), ...seq.slice(to)];
    };
    const streams = (seq: string[]) => (r.streams ? normaliseStreams(seq) : seq);
    const task = (seq: string[], mutex: Set<string>) => {
      const own = normaliseTask(seq);
      return cut(r.schedulingDependent ? normaliseScheduling(own) : r.polling ? normalisePolling(own, mutex) : own);
    };
    const [mutexOurs, mutexLinux] = [mutexWords(ours), mutexWords(linux)];
    const a = new Map([...perTask(ours)].map(([p, seq]) => [p, task(seq, mutexOurs)]));
    const b = new Map([...perTask(linux)].map(([p, seq]) => [p, task(seq, mutexLinux)]));
    assert.deepEqual([...a.keys()].length, [...b.keys()].length, 'number of tasks');
    // When a child's SIGCHLD reaches its parent, relative to the parent's own calls, is the
    // scheduler's choice: those lines are compared as a set per task (splitAsync).
    // Which thread of a continued group takes SIGCONT is the scheduler's (runs.json anyThread).
    const anyThread = (l: string) => r.anyThread !== undefined && l.startsWith('--- SIGCONT ');
    const every = (m: Map<string, string[]>) => [...m.values()].flat().filter(anyThread).sort();
    assert.deepEqual(every(a), every(b), 'SIGCONT lines');
    for (const [p, all] of b) {
      const [seq, theirs] = splitAsync(all.filter((l) => !anyThread(l)));
      const [ours, mine] = splitAsync((a.get(p) ?? []).filter((l) => !anyThread(l)));
      // (A child's SIGCHLD set aside first: it may arrive between two reads of one stream.)
      assert.deepEqual(streams(ours), streams(seq), `task ${p}`);
      if (!r.schedulingDependent) {
        assert.deepEqual(mine.sort(), theirs.sort(), `task ${p}: SIGCHLD lines`);
      } else {
        // SIGCHLD coalesces while one is pending: when children die together, Linux may show
        // fewer (which ones is timing); each it shows must be tricorn's too.
        for (const l of theirs) assert.ok(mine.includes(l), `task ${p}: ${l}`);
      }
    }
  });
}
