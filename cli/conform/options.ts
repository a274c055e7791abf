// `tricorn conform` arguments.
import { existsSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { findArch } from '../../arch/index.js';
import { UsageError } from '../usage.js';
import { archNames } from './cases.js';

export type Format = 'text' | 'tap' | 'junit' | 'json';
export type Oracle = 'native' | 'qemu';

export interface ConformOptions {
  /** Case selectors (a case id, a suite name or a case name). */
  select: string[];
  /** User suite directories; none means the built-in suite. */
  dirs: string[];
  arches: string[];
  jobs: number;
  repeat: boolean;
  layoutsOnly: boolean;
  build: boolean;
  oracle?: Oracle;
  format: Format;
  html?: string;
  shard?: { index: number; count: number };
  timeoutMs: number;
  list: boolean;
}

export function parseConformArgs(argv: string[]): ConformOptions {
  const o: ConformOptions = {
    select: [], dirs: [], arches: [...archNames], jobs: availableParallelism(), repeat: false, layoutsOnly: false,
    build: false, format: 'text', timeoutMs: 120_000, list: false,
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const [flag, inline] = a.startsWith('--') && a.includes('=') ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)] : [a, undefined];
    const value = () => {
      const v = inline ?? argv[++i];
      if (v === undefined || v === '') throw new UsageError(`conform: ${flag} needs a value (see tricorn conform --help)`);
      return v;
    };
    switch (flag) {
      case '--arch': {
        const v = value();
        o.arches = v === 'all' ? [...archNames] : v.split(',').map((n) => {
          const arch = findArch(n.trim());
          if (!arch) throw new UsageError(`conform: unknown architecture '${n}' (known: ${archNames.join(', ')}, all)`);
          return arch.name;
        });
        o.arches = archNames.filter((n) => o.arches.includes(n));
        break;
      }
      case '--jobs': case '-j': {
        const v = value();
        if (!/^\d+$/.test(v) || Number(v) < 1 || Number(v) > 256) throw new UsageError('conform: --jobs needs a number from 1 to 256');
        o.jobs = Number(v);
        break;
      }
      case '--timeout': {
        const v = value();
        if (!/^\d+$/.test(v) || Number(v) < 1) throw new UsageError('conform: --timeout needs a number of seconds');
        o.timeoutMs = Number(v) * 1000;
        break;
      }
      case '--repeat': o.repeat = true; break;
      case '--layouts': o.layoutsOnly = true; break;
      case '--build': o.build = true; break;
      case '--list': o.list = true; break;
      case '--oracle': {
        const v = value();
        if (v !== 'native' && v !== 'qemu') throw new UsageError(`conform: --oracle is native or qemu, not '${v}'`);
        o.oracle = v;
        break;
      }
      case '--format': {
        const v = value();
        if (!['text', 'tap', 'junit', 'json'].includes(v)) throw new UsageError(`conform: --format is text, tap, junit or json, not '${v}'`);
        o.format = v as Format;
        break;
      }
      case '--html': o.html = value(); break;
      case '--shard': {
        const v = value();
        const m = /^(\d+)\/(\d+)$/.exec(v);
        if (!m || Number(m[2]) < 1 || Number(m[1]) < 1 || Number(m[1]) > Number(m[2])) {
          throw new UsageError(`conform: --shard is I/N with 1 ≤ I ≤ N (e.g. 2/4), not '${v}'`);
        }
        o.shard = { index: Number(m[1]), count: Number(m[2]) };
        break;
      }
      default:
        if (a.startsWith('-')) throw new UsageError(`conform: unknown option '${a}' (see tricorn conform --help)`);
        if (existsSync(a) && statSync(a).isDirectory()) o.dirs.push(a);
        else o.select.push(a);
    }
  }
  if (o.build && o.dirs.length === 0) throw new UsageError('conform: --build compiles a user suite: give its directory (DIR/<case>/main.c)');
  return o;
}

export const conformHelp = `Usage: tricorn conform [CASE...] [DIR...] [options]

Runs conformance cases on every architecture, in parallel worker processes, and prints a
matrix: one row per case, one column per arch, and whether the output is the same across
arches. Each case is checked three ways: its stdout and exit status equal the expected
transcript (Linux's own where a Linux oracle exists); the output is identical on every arch
where Linux's is; and, with --repeat, a second run is byte-identical. For each failure the
first differing lines are shown. Exit status 0 only when everything asked for passed.

CASE selects built-in cases by id (glibc/hello), suite (glibc) or name (clone2conf); the
default is all of them (every run in test/guests/**/manifest.json). DIR is a suite of your
own: DIR/<case>/<arch>/<program>, optionally DIR/<case>/expected (stdout), DIR/<case>/status
(exit status, default 0), DIR/<case>/args (one argument per line), DIR/<case>/stdin. Without
an expected file, identity across arches is the check.

Options:
  --arch LIST       comma-separated arches, or all (default: all)
  --jobs N, -j N    worker processes (default: the number of cores)
  --repeat          run everything twice; the second run must be byte-identical
  --layouts         only check struct layouts: every struct the kernel declares against the
                    cross compilers' layouts, and across arches
  --build           compile DIR/<case>/main.c for every arch with Debian's cross compilers
  --oracle native   also run the host arch's program natively and compare with Linux
  --oracle qemu     also run each arch's program under qemu-user (a gap in qemu or the
                    host kernel is reported as such, not as tricorn's failure)
  --format F        text (default), tap (TAP 14), junit (JUnit XML), json
                    (docs/conform.schema.json)
  --html FILE       also write a self-contained HTML report to FILE
  --shard I/N       run only the I-th of N parts of the suite (cases split round-robin)
  --timeout S       seconds one run may take (default 120)
  --list            list the selected cases and exit
`;
