// Every committed guest program, on every architecture, through the CLI: stdout and exit status
// must equal what the program gave on Linux (x86_64 natively, the others under qemu-user).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { root, tricorn } from './cli.js';

interface Run { id: string; binary: string; args: string[]; stdin?: string; status: number; sameOnAllArches: boolean }
interface AsmRun { id: string; source: string; arches: string[]; args: string[]; stdout: string; status: number }
const manifest = JSON.parse(readFileSync(resolve(root, 'test/guests/manifest.json'), 'utf8')) as {
  arches: string[]; argv0: string; runs: Run[]; asm: AsmRun[];
};

for (const arch of manifest.arches) {
  for (const run of manifest.runs) {
    test(`${arch}: ${run.id}`, () => {
      const argv0 = manifest.argv0.replace('{arch}', arch).replace('{binary}', run.binary);
      const r = tricorn(['run', argv0, ...run.args], { input: run.stdin ?? '' });
      const want = readFileSync(resolve(root, `test/guests/expected/${arch}/${run.id}.out`));
      const status = Number(readFileSync(resolve(root, `test/guests/expected/${arch}/${run.id}.status`), 'utf8'));
      assert.equal(r.stdoutBytes.toString('latin1'), want.toString('latin1'), `stdout of ${run.id} on ${arch}\nstderr: ${r.stderr}`);
      assert.equal(r.status, status, `exit status of ${run.id} on ${arch}\nstderr: ${r.stderr}`);
    });
  }
  for (const run of manifest.asm.filter((x) => x.arches.includes(arch))) {
    test(`${arch}: ${run.id} (.s through Keystone)`, () => {
      const r = tricorn(['run', '--arch', arch, run.source.replace('{arch}', arch), ...run.args]);
      assert.equal(r.stdout, run.stdout, r.stderr);
      assert.equal(r.status, run.status, r.stderr);
    });
  }
}

// Programs whose output Linux makes the same everywhere must print the same bytes under
// tricorn on all four architectures (for intc: every integer and FP result of the workload).
for (const run of manifest.runs.filter((r) => r.sameOnAllArches)) {
  test(`${run.id}: identical output on ${manifest.arches.join(', ')}`, () => {
    const outs = manifest.arches.map((arch) => {
      const argv0 = manifest.argv0.replace('{arch}', arch).replace('{binary}', run.binary);
      return tricorn(['run', argv0, ...run.args], { input: run.stdin ?? '' }).stdout;
    });
    for (let i = 1; i < outs.length; i++) assert.equal(outs[i], outs[0], `${manifest.arches[i]} vs ${manifest.arches[0]}`);
    assert.ok(outs[0].length > 0);
  });
}
