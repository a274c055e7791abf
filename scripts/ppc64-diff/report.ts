// Full failure listing of the PPC64 differential suite against tricorn's engine (the test only
// shows the first few cases).
//
//   npx tsc -p . && node dist/scripts/ppc64-diff/report.js [ppc64|ppc64le] [--out FILE] [--all] [--data DIR]
//
// Lists every failing case (single-instruction cases first) with instructions, encodings,
// initial values and expected/actual values; --all removes the per-mnemonic cap of 5 cases.
import { writeFileSync } from 'node:fs';
import { ppc64, ppc64le } from '../../arch/ppc64.js';
import { createPpc64Engine } from '../../emu/ppc64/index.js';
import { loadSuite, runSuite, compareSuite, describeCase, summarize, type SuiteArch, type Mismatch } from '../../test/ppc64-diff/suite.js';

const args = process.argv.slice(2);
const outIdx = args.indexOf('--out');
const outFile = outIdx >= 0 ? args.splice(outIdx, 2)[1] : null;
const dataIdx = args.indexOf('--data');
const dataDirArg = dataIdx >= 0 ? args.splice(dataIdx, 2)[1] : undefined;
const all = args.includes('--all');
const only = args.filter((a) => !a.startsWith('--'));
const report: string[] = [];

for (const [name, arch] of [['ppc64', ppc64], ['ppc64le', ppc64le]] as const) {
  if (only.length && !only.includes(name)) continue;
  const data = loadSuite(name as SuiteArch, dataDirArg);
  const engine = createPpc64Engine(arch);
  const run = runSuite(engine, data);
  engine.close();
  const mismatches = compareSuite(data, run.output);
  const byCase = new Map<number, Mismatch[]>();
  for (const m of mismatches) byCase.set(m.caseIndex, [...(byCase.get(m.caseIndex) ?? []), m]);
  for (const f of run.faults) if (!byCase.has(f.caseIndex)) byCase.set(f.caseIndex, []);
  report.push(`=== ${name}: ${data.cases.length} cases, ${byCase.size} fail, ${run.faults.length} faulted; ` +
    `run ${run.seconds.toFixed(2)} s, exit ${run.exitCode}, ${run.aborted ? 'ABORTED: ' + run.aborted : 'completed'}`);
  report.push(summarize(data, mismatches, run.faults));
  const faultOf = new Map(run.faults.map((f) => [f.caseIndex, f]));
  const order = [...byCase.keys()].sort((a, b) => data.cases[a].asm.length - data.cases[b].asm.length || a - b);
  // Cap per first mnemonic so one broken instruction does not drown the others.
  const perFirst = new Map<string, number>();
  for (const ci of order) {
    const key = data.cases[ci].fam.join(',');
    const n = perFirst.get(key) ?? 0;
    if (!all && n >= 5) continue;
    perFirst.set(key, n + 1);
    const f = faultOf.get(ci);
    report.push((f ? `FAULT ${f.kind} at pc 0x${f.pc.toString(16)} addr 0x${f.addr.toString(16)}\n` : '') + describeCase(data, ci, byCase.get(ci) ?? []));
  }
}

const text = report.join('\n\n') + '\n';
if (outFile) writeFileSync(outFile, text);
else process.stdout.write(text);
