#!/usr/bin/env node
// Development tool (run by scripts/build-guests.sh; needs qemu-user, not needed by tests):
// replays every run of test/guests/manifest.json on the built binaries — x86_64 natively,
// the other arches under qemu-<arch>-static — and records stdout and exit status in
// test/guests/expected/<arch>/<id>.out and .status. Checks each status against the manifest
// and, for runs marked sameOnAllArches, that the four outputs are byte-identical.
// Runs with "handWritten": true are skipped. Exits 1 on any mismatch.
import { readFileSync, writeFileSync, mkdirSync, existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join, dirname } from 'node:path';
import { constants } from 'node:os';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const manifest = JSON.parse(readFileSync(join(root, 'test/guests/manifest.json'), 'utf8'));
let bad = 0;

function runOne(arch, run) {
  const argv0 = manifest.argv0.replace('{arch}', arch).replace('{binary}', run.binary);
  if (!existsSync(join(root, argv0))) throw new Error(`missing ${argv0}: build it first`);
  const [cmd, args] = arch === 'x86_64' ? [argv0, run.args] : [`qemu-${arch}-static`, [argv0, ...run.args]];
  // Empty environment and cwd = repository root: exactly what a test can replay.
  const r = spawnSync(cmd, args, { cwd: root, env: {}, input: run.stdin ?? '', encoding: 'latin1', timeout: 120_000 });
  if (r.error) throw r.error;
  const status = r.status ?? 128 + constants.signals[r.signal];
  return { stdout: r.stdout, status };
}

for (const run of manifest.runs) {
  // handWritten: the expected files were written from the SPEC (e.g. clone2, which no real
  // kernel or qemu implements); they are replayed by tests but never recorded here.
  if (run.handWritten) { console.log(`skip ${run.id}: expected output is hand-written`); continue; }
  const outs = {};
  for (const arch of manifest.arches) {
    const { stdout, status } = runOne(arch, run);
    outs[arch] = stdout;
    const dir = join(root, 'test/guests/expected', arch);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, `${run.id}.out`), stdout, 'latin1');
    writeFileSync(join(dir, `${run.id}.status`), `${status}\n`);
    const ok = status === run.status;
    if (!ok) bad++;
    console.log(`${ok ? 'ok  ' : 'FAIL'} ${arch.padEnd(8)} ${run.id.padEnd(12)} status ${status}${ok ? '' : ` (manifest says ${run.status})`}, ${stdout.length} bytes of stdout`);
  }
  if (run.sameOnAllArches) {
    const same = manifest.arches.every((a) => outs[a] === outs[manifest.arches[0]]);
    if (!same) bad++;
    console.log(`${same ? 'ok  ' : 'FAIL'} ${run.id}: output ${same ? 'identical' : 'DIFFERS'} on ${manifest.arches.join(', ')}`);
  }
}
process.exit(bad ? 1 : 0);
