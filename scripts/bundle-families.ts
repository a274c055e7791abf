// An esbuild plugin for scripts/bundle.ts: the kernel's syscall families as plain objects.
import { build, type Plugin } from 'esbuild';
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

/**
 * The kernel's syscall table (kernel/syscalls/index.ts) takes each family as a namespace
 * (`import * as io from './io.js'`) and copies its names. esbuild makes every such namespace an
 * object with one getter per export, defined one by one at start-up (Object.defineProperty, a
 * new hidden class each time), which the table's for-in then calls: ~270 getters, ~6.5M of the
 * ~163M instructions of an x86_64 hello run (callgrind, four runs each). In the bundle each
 * family becomes a plain object literal of its exports instead (one boilerplate copy), with the
 * same names in the same (sorted) order and the same values, so the table is the same
 * (test/e2e/bundle-families.test.ts). The names are the family module's exports, as esbuild
 * reads them. Only the bundle changes: dist/cli/main.js runs index.ts as written.
 */
const FAMILY_TABLE = /[\\/]kernel[\\/]syscalls[\\/]index\.js$/;
export const familiesAsObjects: Plugin = {
  name: 'families-as-objects',
  setup(b) {
    b.onLoad({ filter: FAMILY_TABLE }, async (a) => {
      const text = readFileSync(a.path, 'utf8');
      const imports = [...text.matchAll(/^import \* as (\w+) from '(\.\/[\w-]+\.js)';$/gm)];
      if (imports.length === 0) throw new Error(`${a.path}: no family imported as a namespace (scripts/bundle.ts's familiesAsObjects)`);
      let out = text;
      for (const [line, ns, spec] of imports) {
        const file = resolve(dirname(a.path), spec);
        const r = await build({ entryPoints: [file], bundle: false, write: false, metafile: true, format: 'esm', logLevel: 'warning' });
        // Sorted, as a namespace object's keys are (the table keeps their order).
        const names = [...Object.values(r.metafile!.outputs)[0].exports].sort();
        if (names.length === 0) throw new Error(`${file}: exports nothing`);
        out = out.replace(line, [
          `import { ${names.map((n) => `${n} as ${ns}$${n}`).join(', ')} } from '${spec}';`,
          `const ${ns} = { ${names.map((n) => `${n}: ${ns}$${n}`).join(', ')} };`,
        ].join('\n'));
      }
      return { contents: out, loader: 'js', resolveDir: dirname(a.path) };
    });
  },
};
