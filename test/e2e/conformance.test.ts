// The clone-family conformance programs and the glibc programs, on every architecture:
// stdout and exit status must equal the committed expected files (clone3conf's and glibc's are
// Linux's own output; clone2conf's is derived from SPEC.md by hand, as no real kernel has clone2).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { root, tricorn } from './cli.js';

interface Run { id: string; binary: string; args: string[]; cliArgs?: string[]; stdout?: string; statusFile?: string; status: number }
interface Manifest { arches: string[]; argv0: string; runs: Run[]; skipArches?: string[] }

function replay(manifestPath: string, expectedDir: (arch: string, run: Run) => { out: string; status: string },
  arches?: string[]): void {
  const m = JSON.parse(readFileSync(resolve(root, manifestPath), 'utf8')) as Manifest;
  for (const arch of arches ?? m.arches) {
    for (const run of m.runs) {
      test(`${arch}: ${manifestPath.split('/')[2]}/${run.id}`, () => {
        const argv0 = m.argv0.replace('{arch}', arch).replace('{binary}', run.binary);
        const r = tricorn(['run', ...(run.cliArgs ?? []), argv0, ...run.args], { timeoutMs: 120_000 });
        const e = expectedDir(arch, run);
        assert.equal(r.stdout, readFileSync(resolve(root, e.out), 'utf8'), `stdout on ${arch}\nstderr: ${r.stderr.slice(0, 2000)}`);
        assert.equal(r.status, Number(readFileSync(resolve(root, e.status), 'utf8')), `status on ${arch}\nstderr: ${r.stderr.slice(0, 2000)}`);
      });
    }
  }
}

replay('test/guests/clone3/manifest.json', (_a, run) => ({ out: run.stdout!, status: run.statusFile! }));
replay('test/guests/conform/manifest.json', (_a, run) => ({ out: run.stdout!, status: run.statusFile! }));
replay('test/guests/threads/manifest.json', (_a, run) => ({ out: run.stdout!, status: run.statusFile! }));
// Debian's static glibc, unchanged, on all four (ppc64le's is built for POWER8 and runs the
// VSX/AltiVec instructions its start-up and string functions use).
replay('test/guests/glibc/manifest.json', (arch, run) => ({
  out: `test/guests/glibc/expected/${arch}/${run.id}.out`, status: `test/guests/glibc/expected/${arch}/${run.id}.status`,
}));

// --pid-max sets the root namespace's pid_max, and a child namespace inherits it: with 1000,
// the transcript's requests for pid 32767 (in the root, and at level 1 via F5) become EINVAL
// and nothing else changes.
for (const arch of ['x86_64', 'ppc64']) {
  test(`${arch}: --pid-max 1000 applies to the root and is inherited`, () => {
    const r = tricorn(['run', '--pid-max', '1000', `test/guests/conform/bin/${arch}/clone2conf`]);
    assert.equal(r.status, 0, r.stderr);
    const want = readFileSync(resolve(root, 'test/guests/conform/clone2conf.expected'), 'utf8')
      .replace('D5 child: getpid=32767 getppid=1 gettid=32767\nD5 clone2([32767]) (= pid_max-1) -> 32767; wait4 -> 32767 status 0x0000',
        'D5 clone2([32767]) (= pid_max-1) -> EINVAL; wait4 skipped')
      .replace('F5 child: getpid=32767 getppid=1 gettid=32767\nF5 I: clone2([713, 32767]) -> 32767; wait4 -> 32767 status 0x0000',
        'F5 I: clone2([713, 32767]) -> EINVAL; wait4 skipped');
    assert.equal(r.stdout, want);
  });
}
