// What `tricorn conform` runs: a case is one guest program built for several architectures,
// with how to run it and what it must print. Built-in cases come from the guest manifests
// under test/guests (every `manifest.json` there: adding a case is one entry in a manifest,
// adding a suite is one new manifest); a user's suite is a directory (see userSuite).
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join, relative, resolve } from 'node:path';
import { architectures } from '../../arch/index.js';
import { UsageError } from '../usage.js';

export const archNames: readonly string[] = architectures.map((a) => a.name);

export interface Expected {
  stdout: Buffer;
  status: number;
  /** Where the transcript comes from (a path relative to the repository or suite). */
  source: string;
}

export interface Case {
  /** `<suite>/<name>`: unique, what CASE arguments and reports use. */
  id: string;
  suite: string;
  name: string;
  /** The arches this case has a program for, in tricorn's order. */
  arches: string[];
  /** The program for an arch, relative to `cwd`; also the guest's argv[0]. */
  program: (arch: string) => string;
  /** Where the program runs (the repository root for built-in cases, DIR/<case>/<arch> for a user's). */
  cwd: (arch: string) => string;
  /** Options for `tricorn run` before the file (e.g. --uid 1000). */
  cliArgs: string[];
  args: string[];
  stdin: string;
  /** The expected transcript on an arch, or null when only cross-arch identity is checked. */
  expected: (arch: string) => Expected | null;
  /** Linux prints the same bytes on every arch: check that tricorn does too. */
  sameOnAllArches: boolean;
  /** Why no Linux oracle can run this case (e.g. clone2 exists in no kernel); --oracle skips it. */
  oracleSkip?: string;
  /** The oracle must run it as pid 1 of a fresh PID namespace (needs root). */
  needsPidNamespace: boolean;
  /** How to build the program for an arch with --build (user suites with a main.c). */
  buildSource?: string;
}

/** The repository root (dist/cli/conform/ is three levels below it). */
export const repoRoot = resolve(new URL('.', import.meta.url).pathname, '../../..');

interface ManifestRun {
  id: string; binary: string; args?: string[]; cliArgs?: string[]; stdin?: string; arches?: string[];
  stdout?: string; statusFile?: string; status?: number; sameOnAllArches?: boolean;
  /** For --oracle: { "skip": "why no Linux can run it" } or { "pidns": true }. */
  oracle?: { skip?: string; pidns?: boolean };
}
interface ManifestAsm { id: string; source: string; arches: string[]; args?: string[]; stdout: string; status: number }
interface Manifest { arches?: string[]; argv0?: string; runs?: ManifestRun[]; asm?: ManifestAsm[] }

const read = (root: string, p: string): Buffer => readFileSync(resolve(root, p));
const readStatus = (root: string, p: string): number => Number(readFileSync(resolve(root, p), 'utf8').trim());

/** The manifests of the built-in suite: test/guests/manifest.json and test/guests/<dir>/manifest.json. */
export function builtinManifests(root = repoRoot): { suite: string; path: string }[] {
  const base = join(root, 'test/guests');
  const out = [{ suite: 'guests', path: join(base, 'manifest.json') }];
  for (const d of readdirSync(base).sort()) {
    const p = join(base, d, 'manifest.json');
    if (existsSync(p)) out.push({ suite: d, path: p });
  }
  return out.filter((m) => existsSync(m.path));
}

/** The cases one manifest describes. Throws with the manifest's path when it cannot be read. */
export function manifestCases(suite: string, path: string, root = repoRoot): Case[] {
  const rel = relative(root, path);
  let m: Manifest;
  try {
    m = JSON.parse(readFileSync(path, 'utf8')) as Manifest;
  } catch (e) {
    throw new UsageError(`${rel}: ${(e as Error).message}`);
  }
  const dir = relative(root, resolve(path, '..'));
  const cases: Case[] = [];
  for (const r of m.runs ?? []) {
    if (!r.id || !r.binary || !m.argv0) throw new UsageError(`${rel}: a run needs "id" and "binary", and the manifest "argv0"`);
    const shared = r.stdout !== undefined;
    cases.push({
      id: `${suite}/${r.id}`, suite, name: r.id,
      arches: (r.arches ?? m.arches ?? archNames).filter((a) => archNames.includes(a)),
      program: (arch) => m.argv0!.replace('{arch}', arch).replace('{binary}', r.binary),
      cwd: () => root, cliArgs: r.cliArgs ?? [], args: r.args ?? [], stdin: r.stdin ?? '',
      // One expected file for every arch (clone-family suites), or expected/<arch>/<id>.out.
      expected: shared
        ? (() => { const e = { stdout: read(root, r.stdout!), status: r.statusFile ? readStatus(root, r.statusFile) : r.status ?? 0, source: r.stdout! }; return () => e; })()
        : (arch) => {
          const out = join(dir, 'expected', arch, `${r.id}.out`);
          return { stdout: read(root, out), status: readStatus(root, join(dir, 'expected', arch, `${r.id}.status`)), source: out };
        },
      sameOnAllArches: r.sameOnAllArches ?? shared,
      ...(r.oracle?.skip ? { oracleSkip: r.oracle.skip } : {}),
      needsPidNamespace: r.oracle?.pidns === true,
    });
  }
  for (const a of m.asm ?? []) {
    cases.push({
      id: `${suite}/${a.id}`, suite, name: a.id,
      arches: a.arches.filter((x) => archNames.includes(x)),
      program: (arch) => a.source.replace('{arch}', arch),
      cwd: () => root, cliArgs: [], args: a.args ?? [], stdin: '',
      expected: () => ({ stdout: Buffer.from(a.stdout), status: a.status, source: rel }),
      sameOnAllArches: true,
      oracleSkip: 'an assembly source: there is no ELF for Linux to run (tricorn assembles it in memory)',
      needsPidNamespace: false,
    });
  }
  return cases;
}

export function builtinCases(root = repoRoot): Case[] {
  return builtinManifests(root).flatMap((m) => manifestCases(m.suite, m.path, root));
}

/**
 * A user's suite: DIR/<case>/<arch>/<program> (one file per arch directory), optional
 * DIR/<case>/expected (stdout) and DIR/<case>/status (exit status, default 0), DIR/<case>/args
 * (one argument per line), DIR/<case>/stdin, DIR/<case>/pidns (an empty file: the oracle must run
 * it as pid 1 of a fresh PID namespace); DIR/<case>/main.c for --build. Each program runs in its
 * arch directory as ./<file>, so argv[0] is the same on every arch.
 */
export function userSuite(dir: string): Case[] {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new UsageError(`${dir}: not a directory`);
  const suite = basename(resolve(dir));
  const cases: Case[] = [];
  for (const name of readdirSync(dir).sort()) {
    const cdir = resolve(dir, name);
    if (!statSync(cdir).isDirectory()) continue;
    const opt = (f: string) => (existsSync(join(cdir, f)) ? readFileSync(join(cdir, f)) : null);
    const programs = new Map<string, string>();
    for (const arch of archNames) {
      const adir = join(cdir, arch);
      if (!existsSync(adir) || !statSync(adir).isDirectory()) continue;
      const files = readdirSync(adir).filter((f) => statSync(join(adir, f)).isFile()).sort();
      if (files.length > 1) throw new UsageError(`${join(dir, name, arch)}: one program per arch directory (found ${files.join(', ')})`);
      if (files.length === 1) programs.set(arch, files[0]);
    }
    const mainC = join(cdir, 'main.c');
    const hasMain = existsSync(mainC);
    if (programs.size === 0 && !hasMain) continue;
    const expected = opt('expected');
    const status = opt('status');
    const args = opt('args');
    const stdin = opt('stdin');
    const e: Expected | null = expected
      ? { stdout: expected, status: status ? Number(status.toString().trim()) : 0, source: join(name, 'expected') }
      : null;
    cases.push({
      id: `${suite}/${name}`, suite, name,
      arches: hasMain ? [...archNames] : archNames.filter((a) => programs.has(a)),
      // With a main.c, --build writes DIR/<case>/<arch>/main.
      program: (arch) => `./${hasMain ? 'main' : programs.get(arch)}`,
      cwd: (arch) => join(cdir, arch),
      cliArgs: [],
      args: args ? args.toString().split('\n').filter((l, i, all) => l !== '' || i < all.length - 1) : [],
      stdin: stdin ? stdin.toString() : '',
      expected: () => e,
      sameOnAllArches: true,
      needsPidNamespace: existsSync(join(cdir, 'pidns')),
      buildSource: hasMain ? mainC : undefined,
    });
  }
  if (cases.length === 0) throw new UsageError(`${dir}: no cases (expected ${dir}/<case>/<arch>/<program> or ${dir}/<case>/main.c)`);
  return cases;
}
