// Differential suite, vector part: generated sequences of VSX scalar/vector floating point,
// AltiVec floating point and integer, crypto and move instructions (scripts/ppc64-diff/gen.mjs
// --vec, QEMU_CPU=power9) whose final state qemu-user recorded — GPRs, CR, XER, FPSCR, VSCR
// and all 64 VSRs — must be reproduced bit for bit by tricorn's PPC64 engine on both byte
// orders. No qemu or cross tools are needed here.
import { test } from 'node:test';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import assert from 'node:assert/strict';
import { ppc64, ppc64le } from '../../arch/ppc64.js';
import { loadSuite, runOnEngine, describeCase, summarize, dataDir, type SuiteArch, type SuiteMode, type Mismatch } from './suite.js';

const MIN_CASES = 2_500;
/** Known differences (data-vec/known.json says why): run and reported, not failed on. */
const known = JSON.parse(readFileSync(join(dataDir('data-vec'), 'known.json'), 'utf8')) as { cases: Record<SuiteArch, number[]> };
const MAX_KNOWN = 40;
const SHOW = 20;

const arches: [SuiteArch, typeof ppc64][] = [['ppc64', ppc64], ['ppc64le', ppc64le]];

for (const [name, arch] of arches) for (const mode of ['interpreter', 'compiled'] as SuiteMode[]) {
  test(`ppc64-diff vector ${name} (${mode}): the engine ends every qemu-recorded case in qemu's state`, () => {
    const data = loadSuite(name, dataDir('data-vec'));
    assert.ok(data.cases.length >= MIN_CASES, `${name}: ${data.cases.length} cases, want >= ${MIN_CASES}`);
    assert.ok(data.meta.slots.includes('vscr') && data.meta.slots.includes('vs63.1'), 'records hold VSCR and every VSR');
    const { run, mismatches, byCase } = runOnEngine(arch, data, mode);
    const knownHere = new Set(known.cases[name]);
    assert.ok(knownHere.size <= MAX_KNOWN, `at most ${MAX_KNOWN} known differences`);
    const failing = [...byCase.keys()].filter((ci) => !knownHere.has(ci)).sort((a, b) => a - b);
    const stillKnown = [...byCase.keys()].filter((ci) => knownHere.has(ci)).length;
    if (stillKnown) console.log(`${name}: ${stillKnown} known differences from qemu (data-vec/known.json)`);
    const problems: string[] = [];
    if (run.aborted) problems.push(`run aborted: ${run.aborted}`);
    if (run.exitCode !== 0) problems.push(`exit code ${run.exitCode}, expected 0`);
    if (failing.length) {
      problems.push(`${failing.length} of ${data.cases.length} cases differ from qemu (${run.faults.length} faulted):`);
      problems.push(summarize(data, mismatches, run.faults));
      const shown = failing.slice().sort((a, b) => data.cases[a].asm.length - data.cases[b].asm.length || a - b).slice(0, SHOW);
      for (const ci of shown) problems.push(describeCase(data, ci, byCase.get(ci) ?? []));
    }
    assert.ok(problems.length === 0, problems.join('\n'));
  });
}
