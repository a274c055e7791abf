// One fuzz worker process: runs programs [first, first+count) of one kind and prints a line
// before each ("start N") and after ("done N {json}"), so the parent can tell which program a
// host abort or a hang happened in.
import { findArch } from '../arch/index.js';
import { fuzzElf } from './elf.js';
import { fuzzProgram } from './syscalls.js';

const [kind, first, count, calls, seed, root] = process.argv.slice(2);
const programSeed = (i: number) => (Number(seed) * 1000003 + i * 7919 + kind.length * 104729) >>> 0;

for (let i = Number(first); i < Number(first) + Number(count); i++) {
  process.stdout.write(`start ${i}\n`);
  const r = kind === 'elf'
    ? await fuzzElf(root, programSeed(i))
    : await fuzzProgram(findArch(kind)!, programSeed(i), Number(calls));
  process.stdout.write(`done ${i} ${JSON.stringify(r)}\n`);
}
