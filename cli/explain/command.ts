// `tricorn explain`: follow one system call from the trap into the kernel and back, on one
// architecture or every one side by side. The run is a real run (cli/run.ts); what the kernel did
// comes from its explain channel (kernel/explain.ts) and the memory it touched, never from a
// description of what the call should do.
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { architectures, findArch } from '../../arch/index.js';
import type { ArchDescriptor } from '../../arch/types.js';
import { loadDisassembler } from '../disasm.js';
import { NotFoundError, UsageError } from '../usage.js';
import { capture } from './capture.js';
import { explainArch, type ArchExplanation } from './model.js';
import { summarize, type Summary } from './summary.js';
import { renderText } from './text.js';
import { renderHtml } from './html.js';

/** Built-in examples: committed guests for every arch, and the call to stop at. */
const examples: Record<string, { file: string; args: string[]; syscall: string }> = {
  clone2: { file: 'test/guests/conform/bin/{arch}/clone2conf', args: [], syscall: 'clone2' },
  clone3: { file: 'test/guests/clone3/bin/{arch}/clone3conf', args: [], syscall: 'clone3' },
  clone: { file: 'test/guests/conform/bin/{arch}/clone2conf', args: [], syscall: 'clone' },
  fork: { file: 'test/guests/glibc/bin/{arch}/forkbuf', args: [], syscall: 'clone' },
  write: { file: 'test/guests/bin/{arch}/hello', args: [], syscall: 'write' },
  getpid: { file: 'test/guests/bin/{arch}/loop', args: ['1'], syscall: 'getpid' },
  futex: { file: 'test/guests/glibc/bin/{arch}/threads', args: [], syscall: 'futex' },
  sigreturn: { file: 'test/guests/glibc/bin/{arch}/signals', args: [], syscall: 'rt_sigreturn' },
};

/** The repository root (dist/cli/explain/ is three levels below it): examples are found from anywhere. */
const repoRoot = new URL('../../../', import.meta.url).pathname;

export const explainHelp = `Usage: tricorn explain [options] (--example NAME | FILE [ARGS...])

Runs the guest and stops at one system call (default: the first clone-family call, else the
first call), then shows how it travelled: the instructions before the trap and the trap itself,
the registers at entry with their roles, the memory the kernel read (each struct field by field,
in the guest's byte order), every rule the kernel checked with its values, the tasks it made
and the pids it gave, its writes to guest memory, and the result going back by the arch's
error convention, with where the caller (and a new child) resume.

  --arch A|all      one arch, or every arch side by side: FILE's path names its arch as a
                    directory (bin/x86_64/prog, DIR/case/x86_64/prog as conform names them)
  --syscall NAME    the call to explain
  --nth N           its N-th occurrence (default 1)
  --before N        instructions shown before the trap (default 12)
  --uid N           run as this uid (e.g. 1000 to see the rules that need root fail)
  --json            the explanation as data (docs/explain.schema.json)
  --html FILE       also write a self-contained HTML page, the arches in columns
  --example NAME    a built-in example: ${Object.keys(examples).join(', ')}
`;

const cloneFamily = new Set(['clone', 'clone2', 'clone3', 'fork', 'vfork']);

export interface Explanation {
  tool: 'tricorn explain';
  version: string;
  program: string;
  syscall: string | null;
  nth: number;
  arches: ArchExplanation[];
  summary: Summary | null;
}

/** The arch an ELF file is for (e_machine and byte order), or null. */
function elfArch(file: string): ArchDescriptor | null {
  let h: Buffer;
  try { h = readFileSync(file).subarray(0, 20); } catch { return null; }
  if (h.length < 20 || h.readUInt32BE(0) !== 0x7f454c46) return null;
  const little = h[5] === 1;
  const machine = little ? h.readUInt16LE(18) : h.readUInt16BE(18);
  return architectures.find((a) => a.elf.machine === machine && (a.endian === 'little') === little) ?? null;
}

/**
 * FILE for another arch, by the naming the conformance suite uses: the path component that
 * names an arch is replaced; in a user suite's DIR/case/ARCH/ directory the one file there.
 */
function fileFor(file: string, a: ArchDescriptor): string {
  if (file.includes('{arch}')) return file.replaceAll('{arch}', a.name);
  const parts = file.split('/');
  let k = -1;
  parts.forEach((p, j) => { if (architectures.some((a) => a.name === p)) k = j; });
  if (k < 0) throw new UsageError(`explain: --arch all needs FILE's path to name its arch as a directory (e.g. bin/x86_64/prog): ${file}`);
  parts[k] = a.name;
  const same = parts.join('/');
  if (existsSync(same)) return same;
  const dir = parts.slice(0, k + 1).join('/');
  if (existsSync(dir) && statSync(dir).isDirectory()) {
    const files = readdirSync(dir).filter((f) => statSync(join(dir, f)).isFile());
    if (files.length === 1) return join(dir, files[0]);
  }
  return same;
}

export async function explainCommand(argv: string[]): Promise<{ stdout: string; exitCode: number }> {
  let archArg: string | null = null;
  let syscall: string | null = null;
  let nth = 1;
  let uid = 0;
  let before = 12;
  let json = false;
  let html: string | null = null;
  let example: string | null = null;
  let i = 0;
  const num = (opt: string, x: string, min: number) => {
    if (!/^\d+$/.test(x) || Number(x) < min) throw new UsageError(`explain: ${opt} needs a number from ${min}`);
    return Number(x);
  };
  for (; i < argv.length; i++) {
    const a = argv[i];
    const v = () => { const x = argv[++i]; if (x === undefined) throw new UsageError(`explain: ${a} needs a value`); return x; };
    if (a === '--help' || a === '-h') return { stdout: explainHelp, exitCode: 0 };
    else if (a === '--arch') archArg = v();
    else if (a === '--syscall') syscall = v();
    else if (a === '--nth') nth = num(a, v(), 1);
    else if (a === '--before') before = num(a, v(), 0);
    else if (a === '--uid') uid = num(a, v(), 0);
    else if (a === '--json') json = true;
    else if (a === '--html') html = v();
    else if (a === '--example') example = v();
    else if (a === '--') { i++; break; }
    else if (a.startsWith('-')) throw new UsageError(`explain: unknown option '${a}' (see tricorn explain --help)`);
    else break;
  }
  let file: string;
  let args: string[];
  if (example) {
    const ex = examples[example];
    if (!ex) throw new UsageError(`explain: no example '${example}' (known: ${Object.keys(examples).join(', ')})`);
    file = join(repoRoot, ex.file); args = ex.args; syscall ??= ex.syscall;
  } else {
    if (i >= argv.length) throw new UsageError('explain needs a FILE or --example NAME (see tricorn explain --help)');
    file = argv[i]; args = argv.slice(i + 1);
  }
  if (syscall !== null && !architectures.some((a) => Object.values(a.syscall.names).includes(syscall!))) {
    throw new UsageError(`explain: no system call named '${syscall}'`);
  }
  if (html !== null && !existsSync(dirname(html) || '.')) throw new NotFoundError(`explain: --html: no directory ${dirname(html)}`);
  let arches: ArchDescriptor[];
  if (archArg === 'all') arches = [...architectures];
  else if (archArg) {
    const a = findArch(archArg);
    if (!a) throw new UsageError(`explain: unknown architecture '${archArg}' (known: ${architectures.map((x) => x.name).join(', ')}, all)`);
    arches = [a];
  } else arches = [file.includes('{arch}') ? architectures[0] : elfArch(file) ?? architectures[0]];
  const files = arches.map((a) => (arches.length > 1 || file.includes('{arch}') ? fileFor(file, a) : file));
  files.forEach((f, k) => { if (!existsSync(f)) throw new NotFoundError(`explain: no ${arches[k].name} program ${f}`); });

  const dis = await loadDisassembler();
  const xs: ArchExplanation[] = [];
  for (const [k, a] of arches.entries()) {
    const req = { arch: a, file: files[k], args, nth, uid, before };
    let c = await capture({ ...req, match: syscall ? (n) => n === syscall : (n) => cloneFamily.has(n) });
    // No clone-family call: the first call of any kind.
    if (!c.enter && !syscall) c = await capture({ ...req, match: () => true });
    xs.push(await explainArch(c, dis));
  }
  const shown = (f: string) => f.replace(repoRoot, '');
  const e: Explanation = {
    tool: 'tricorn explain', version: (JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { version: string }).version, program: [shown(example ? examples[example].file : file), ...args].join(' '),
    syscall, nth, arches: xs, summary: summarize(xs),
  };
  for (const x of xs) x.program = shown(x.program);
  const name = xs.find((x) => x.call)?.call?.name ?? syscall ?? 'the first call';
  const title = `${name} #${nth} of ${e.program}`;
  if (html !== null) writeFileSync(html, renderHtml(title, e));
  if (json) return { stdout: `${JSON.stringify(e, null, 2)}\n`, exitCode: 0 };
  return { stdout: renderText(title, xs, e.summary), exitCode: 0 };
}
