// --build: compile DIR/<case>/main.c into DIR/<case>/<arch>/main for every selected arch with
// Debian's gcc and cross compilers (static, so tricorn and qemu need no sysroot at run time).
import { existsSync, mkdirSync } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';
import { findArch } from '../../arch/index.js';
import { UsageError } from '../usage.js';
import type { Case } from './cases.js';
import { hostArch } from './oracle.js';
import { pool, runProcess } from './pool.js';

/** Debian's cross compiler for an arch, from its descriptor's toolchain. */
function crossCompiler(arch: string): { cc: string; apt: string } | null {
  const t = findArch(arch)?.toolchain;
  return t ? { cc: `${t.triple}-gcc`, apt: t.apt } : null;
}

export const buildFlags = ['-static', '-O2', '-w'];

function onPath(cmd: string): boolean {
  return (process.env.PATH ?? '').split(delimiter).some((d) => d && existsSync(join(d, cmd)));
}

/** The compiler for an arch: the host's own gcc for its arch, else Debian's cross gcc. */
function compilerFor(arch: string): { cc: string; apt: string } | null {
  if (arch === hostArch && onPath('gcc')) return { cc: 'gcc', apt: 'gcc' };
  const c = crossCompiler(arch);
  return c && onPath(c.cc) ? c : null;
}

export async function buildCases(cases: Case[], arches: string[], jobs: number, timeoutMs: number): Promise<void> {
  const targets = cases.filter((c) => c.buildSource);
  if (targets.length === 0) throw new UsageError('conform: --build found no DIR/<case>/main.c to compile');
  const missing = arches.filter((a) => !compilerFor(a));
  if (missing.length) {
    throw new UsageError(`conform: --build needs a C compiler for ${missing.join(', ')}: ` +
      `apt-get install ${missing.map((a) => crossCompiler(a)?.apt ?? a).join(' ')} (or choose arches with --arch)`);
  }
  const tasks = targets.flatMap((c) => c.arches.filter((a) => arches.includes(a)).map((arch) => async () => {
    const out = join(dirname(c.buildSource!), arch, 'main');
    mkdirSync(dirname(out), { recursive: true });
    const cc = compilerFor(arch)!.cc;
    const r = await runProcess({ file: cc, args: [...buildFlags, '-o', out, c.buildSource!], cwd: dirname(c.buildSource!), stdin: '', timeoutMs });
    if (r.status !== 0) {
      const why = r.spawnError ?? r.stderr.toString('utf8').split('\n').filter(Boolean).slice(0, 3).join(' | ');
      return `${c.id} for ${arch} (${cc}): ${why}`;
    }
    return null;
  }));
  const errors = (await pool(tasks, jobs)).filter((e): e is string => e !== null);
  if (errors.length) throw new UsageError(`conform: --build failed: ${errors.join('; ')}`);
}
