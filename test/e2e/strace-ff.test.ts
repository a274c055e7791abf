// tricorn run --strace -ff -o FILE against real `strace -ff -o FILE` (strace 6.1): each thread's
// trace in a file of its own, FILE.TID, with no pid on any line and no call cut by another
// thread's line; an execve from a non-leader thread ends the exec'ing thread's file with
// `<pid changed to LEADER ...>` and resumes in the leader's after its `+++ superseded` line.
// The Linux side was recorded by `STRACE_ORACLE_FF=1 scripts/build-strace-oracle.sh ID...`
// (test/guests/strace/linux-ff/ID.TID; the runs are runs.json's). Both sides' files are read in
// the order of their tids (birth order on both), each line given its file's `[pid TID] `, and
// then go through the -f oracle's normalisation and per-task comparison
// (strace-oracle-norm.ts): pids renumbered by first appearance, host values masked, how pipe
// bytes are cut into calls and when a child's SIGCHLD arrives left to the scheduler.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { root, tricorn } from './cli.js';
import { normalise, normaliseStreams, normaliseTask, perTask, splitAsync } from './strace-oracle-norm.js';

interface Run { id: string; file: string; args: string[]; stdin?: string; tricornArgs?: string[] }
const dir = join(root, 'test/guests/strace');
const runs = (JSON.parse(readFileSync(join(dir, 'runs.json'), 'utf8')) as { runs: Run[] }).runs;

/** FILE.TID files of `base` in `d`, in tid order, as one `strace -f`-style text. */
function joined(d: string, base: string): { text: string; files: Map<number, string> } {
  const files = new Map<number, string>();
  for (const name of readdirSync(d)) {
    const m = new RegExp(`^${base}\\.(\\d+)$`).exec(name);
    if (m) files.set(Number(m[1]), readFileSync(join(d, name), 'utf8'));
  }
  const tids = [...files.keys()].sort((a, b) => a - b);
  const text = tids.flatMap((tid) => files.get(tid)!.split('\n').filter((l) => l !== '').map((l) => `[pid ${tid}] ${l}`)).join('\n');
  return { text, files };
}

// How bytes through a pipe are cut into reads and writes is the scheduler's (normaliseStreams).
const tasks = (text: string) => new Map([...perTask(normalise(text))].map(([p, seq]) => [p, normaliseStreams(normaliseTask(seq))]));

// Programs with several processes and threads whose per-task traces do not depend on the
// scheduler: a fork, a fork/pipe/exec pipeline, a pipe ping-pong, threads stopped and
// continued, and edges (an execve from a non-leader thread among them).
for (const id of ['glibc-forkbuf', 'minishell', 'pipes', 'threadstop', 'edges']) {
  const r = runs.find((x) => x.id === id)!;
  test(`strace -ff: ${id} gives each thread's file as real strace -ff does`, () => {
    const out = mkdtempSync(join(tmpdir(), 'tricorn-ff-'));
    try {
      const res = tricorn(['run', '--strace', '-ff', '-o', join(out, 't'), ...(r.tricornArgs ?? []), r.file, ...r.args],
        { input: r.stdin ?? '', timeoutMs: 120_000 });
      assert.equal(res.stderr.split('\n').filter((l) => l && !l.startsWith('tricorn: ')).join('\n'), '', 'nothing traced on stderr');
      const ours = joined(out, 't');
      const linux = joined(join(dir, 'linux-ff'), id);
      assert.equal(ours.files.size, linux.files.size, 'one file per thread');
      for (const [tid, text] of ours.files) {
        for (const l of text.split('\n')) {
          // Whole lines only: a call is cut only where its thread's pid changes (execve).
          assert.ok(!/<unfinished \.\.\.>$/.test(l), `${tid}: ${l}`);
          assert.ok(!/^\[pid|^\d+ /.test(l), `no pid on a line: ${tid}: ${l}`);
        }
      }
      const text = ours.text.replaceAll(`"${root}/`, '"<repo>/').replaceAll(`"${root}"`, '"<repo>"');
      const [a, b] = [tasks(text), tasks(linux.text)];
      assert.deepEqual([...a.keys()], [...b.keys()], 'tasks');
      // When a child's death reaches its parent is the scheduler's: those lines as a set per task.
      for (const [p, seq] of b) {
        const [theirs, theirSignals] = splitAsync(seq);
        const [mine, mySignals] = splitAsync(a.get(p)!);
        assert.deepEqual(mine, theirs, `task ${p}`);
        assert.deepEqual(mySignals.sort(), theirSignals.sort(), `task ${p}: SIGCHLD lines`);
      }
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
}

test('strace -ff: without -o it is -f (one trace on stderr); with -c it is refused, as strace refuses it', () => {
  const f = tricorn(['run', '--strace', '-ff', 'test/guests/glibc/bin/x86_64/forkbuf']);
  const plain = tricorn(['run', '--strace', '-f', 'test/guests/glibc/bin/x86_64/forkbuf']);
  assert.equal(f.status, plain.status);
  assert.equal(f.stderr, plain.stderr);
  assert.match(f.stderr, /^\[pid +2\] /m);
  const c = tricorn(['run', '--strace', '-ff', '-c', '-o', join(tmpdir(), 'never'), 'test/guests/glibc/bin/x86_64/forkbuf']);
  assert.equal(c.status, 125);
  assert.match(c.stderr, /-c and -ff do not go together/);
});
