// Struct layouts as conformance: every struct the kernel declares (kernel/abi/structs.ts), laid
// out for each ABI by the same code the syscalls use, against what the cross compilers' own
// headers give (test/abi/fixtures/layouts.json, made by gen-layouts.sh), and across arches.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { architectures } from '../../arch/index.js';
import { layoutOf, type StructLayout } from '../../kernel/abi/struct.js';
import { structDecl, structNamesOf } from '../../kernel/abi/structs.js';
import { compare, layoutDifferences } from '../layout.js';
import { repoRoot } from './cases.js';

export const layoutFixture = 'test/abi/fixtures/layouts.json';

type Fixture = Record<string, Record<string, { size: number; align: number; fields: Record<string, [number, number]> }>>;

export interface LayoutArch {
  size: number;
  align: number;
  /** Where the declaration disagrees with the compiler (empty when it agrees). */
  mismatches: string[];
}

export interface LayoutRow {
  struct: string;
  arches: Record<string, LayoutArch>;
  /** Same size, alignment and field offsets on every arch (byte order aside). */
  same: boolean;
  /** "same layout on …" or "layouts differ: …" (the words of `tricorn layout --arch all`). */
  summary: string;
  /** Where the arches differ, one entry per size, alignment or field; empty when the same. */
  differences: string[];
  verdict: 'pass' | 'fail';
}

function against(l: StructLayout, want: Fixture[string][string] | undefined): string[] {
  if (!want) return ['not in the compiler fixtures'];
  const out: string[] = [];
  if (l.size !== want.size) out.push(`size ${l.size}, compiler ${want.size}`);
  if (l.align !== want.align) out.push(`align ${l.align}, compiler ${want.align}`);
  // Fixture names are C member designators (`uc.uc_mcontext.rip`), as offsetof takes them.
  for (const [name, [off, size]] of Object.entries(want.fields)) {
    let f: { offset: number; size: number } | null = null;
    try { f = l.locate(name); } catch { f = null; }
    if (!f) out.push(`${name} not declared (compiler: at ${off}+${size})`);
    else if (f.offset !== off || f.size !== size) out.push(`${name} at ${f.offset}+${f.size}, compiler ${off}+${size}`);
  }
  return out;
}

export function checkLayouts(archNames: readonly string[], root = repoRoot): LayoutRow[] {
  const fx = JSON.parse(readFileSync(join(root, layoutFixture), 'utf8')) as Fixture;
  const arches = architectures.filter((a) => archNames.includes(a.name));
  return structNamesOf(architectures).flatMap((name) => {
    // Some structs exist on some ABIs only (x86_64's _fpstate): the others are not asked.
    const having = arches.filter((a) => structDecl(name, a));
    if (having.length === 0) return [];
    const ls = having.map((a) => layoutOf(structDecl(name, a)!, a));
    const per: Record<string, LayoutArch> = {};
    ls.forEach((l, i) => { per[having[i].name] = { size: l.size, align: l.align, mismatches: against(l, fx[having[i].name]?.[name]) }; });
    const differences = layoutDifferences(ls);
    return [{
      struct: name, arches: per, same: differences.length === 0, summary: compare(ls).trim(), differences,
      verdict: Object.values(per).every((p) => p.mismatches.length === 0) ? 'pass' as const : 'fail' as const,
    }];
  });
}
