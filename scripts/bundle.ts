// Builds what `npx tricorn` runs (scripts/setup.sh calls this after tsc, with the fresh build
// directory): one CommonJS bundle of cli/main.js (dist/cli/bundle.cjs) and one of each module it
// loads lazily (a relative dynamic import: each CPU engine, each architecture's descriptor, the
// strace tracer), e.g. dist/cli/emu-ppc64-index.cjs, which the bin (cli/tricorn.cts) loads only
// when a run imports it. Loading ~130 ES modules one by one cost about a third of tricorn's
// start-up; in one bundle a run then read, and deserialized the code cache of, both engines and
// every architecture, though it uses one of each (the PPC64 engine is half of all the code).
//
// The lazily loaded bundles share modules with the main bundle (emu/engine.ts's EngineError,
// which the kernel tests with instanceof; the kernel's structs): each must use the main bundle's
// very instances, not copies. So every module the main bundle holds is external to them,
// imported there as `tricorn-shared:<path under dist>`, and the main bundle's entry exports the
// exports of each module they import that way (a plain object each); the bin's require for a
// lazily loaded bundle answers `tricorn-shared:` from that table. A module two of them would hold (every
// architecture's vDSO images and syscall signatures) goes into the main bundle instead, so a
// process never has two instances of it; the rest of what one imports is bundled into it.
//
// Native koffi, the lazily loaded WebAssembly (Capstone, Keystone) and the other commands (layout,
// explain, conform: they find files relative to their own module) stay outside every bundle.
// import.meta.url becomes a getter: only a few calls need it (--version), and building the
// file: URL on every start cost ~1 ms; import.meta.dirname is the bundle's __dirname. The
// bundles are stored as the function the bin compiles (CommonJS's module parameters and
// __tricorn_import, through which the main bundle imports what was kept outside it), so the
// bin hands V8 each file as read: wrapping it at run time made V8 copy the whole string once
// more on every start. --charset=ascii (esbuild's
// default, said because the bin relies on it): the bin turns a bundle's bytes into its text one
// byte per character.
//
// Usage: node dist/scripts/bundle.js BUILD_DIR. Exits non-zero (setup then runs main.js unbundled)
// when esbuild is missing or a build fails.
import { build, type BuildOptions, type Plugin } from 'esbuild';
import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { familiesAsObjects } from './bundle-families.js';

/** How a lazily loaded bundle names a module the main bundle holds (the bin resolves it). */
export const SHARED_PREFIX = 'tricorn-shared:';

const common: BuildOptions = {
  bundle: true, platform: 'node', format: 'cjs', charset: 'ascii', write: false, metafile: true,
  minifyWhitespace: true, minifySyntax: true, logLevel: 'warning',
  // conform's options (its help) load as the conform command does, unbundled: they import every
  // architecture, which a bundle would then have to share with each architecture's.
  external: ['koffi', '@alexaltea/*', './layout.js', './explain/command.js', './conform/command.js', './conform/options.js'],
  define: { 'import.meta.url': '__tricorn_meta.url', 'import.meta.dirname': '__dirname' },
  banner: { js: 'const __tricorn_meta = { get url() { return require("node:url").pathToFileURL(__filename).href; } };' },
};

/** The function the bin compiles: the bundle's text inside CommonJS's parameters. */
function wrapped(text: string): string {
  const body = text.replace(/^#!/, '//');
  return `(function (exports, require, module, __filename, __dirname, __tricorn_import) { ${body}\n});\n`;
}

/** Every file an esbuild build read, as absolute paths. */
function inputsOf(meta: { inputs: Record<string, unknown> } | undefined): Set<string> {
  return new Set(Object.keys(meta?.inputs ?? {}).map((p) => resolve(p)));
}

/** A module's export names, sorted (as its namespace's keys are); it may not reassign one. */
async function exportsOf(abs: string): Promise<string[]> {
  if (/^export (let|var) /m.test(readFileSync(abs, 'utf8'))) throw new Error(`${abs}: a module the bundles share may not export a variable it reassigns`);
  const r = await build({ entryPoints: [abs], bundle: false, write: false, metafile: true, format: 'esm', logLevel: 'warning' });
  return [...Object.values(r.metafile!.outputs)[0].exports].sort();
}

/** A lazily loaded module's bundle, named for its path under dist (emu/ppc64/index.js -> emu-ppc64-index.cjs). */
function chunkName(dist: string, abs: string): string {
  return relative(dist, abs).replace(/\.js$/, '').replace(/[/\\]/g, '-') + '.cjs';
}

async function main(dir: string): Promise<void> {
  const dist = resolve(dir);
  const cli = join(dist, 'cli');
  const entry = join(cli, 'bundle-entry.js');
  /** Modules the main bundle must hold although only lazily loaded ones import them. */
  const hoisted = new Set<string>();
  /** Modules the lazily loaded bundles take from the main bundle. */
  const shared = new Set<string>();
  // The main bundle's entry: main.js, the hoisted modules, and the exports of every shared one.
  // Each shared module is handed over as a plain object of its exports, not as its namespace:
  // esbuild makes a namespace an object with one getter per export, defined one by one at every
  // start-up (~400 for these modules), and each use of one from a lazily loaded bundle then
  // called a getter. The object is built once the modules have run (the entry's body runs after
  // its imports, and a lazily loaded bundle is required later still), and holds each export's
  // value then: a shared module must not reassign an export (exportsOf refuses `export let`).
  const writeEntry = async () => {
    const names = [...new Set([...hoisted, ...shared])].sort();
    const spec = (abs: string) => JSON.stringify(relative(cli, abs).startsWith('.') ? relative(cli, abs) : `./${relative(cli, abs)}`);
    const lines: string[] = [];
    const objects: string[] = [];
    for (const [i, n] of names.entries()) {
      if (!shared.has(n)) {
        lines.push(`import ${spec(n)};`);
        continue;
      }
      const exported = await exportsOf(n);
      lines.push(`import { ${exported.map((e) => `${e} as s${i}$${e}`).join(', ')} } from ${spec(n)};`);
      objects.push(`${JSON.stringify(relative(dist, n))}: { ${exported.map((e) => `${e}: s${i}$${e}`).join(', ')} }`);
    }
    writeFileSync(entry, [...lines, `export const shared = { ${objects.join(', ')} };`, `import './main.js';`, ''].join('\n'));
  };
  try {
    for (let round = 0; ; round++) {
      if (round > 8) throw new Error('the lazily loaded modules do not settle');
      await writeEntry();
      // The main bundle, each relative dynamic import of a module it does not hold statically
      // left to a bundle of its own beside it.
      const lazy = new Set<string>();
      const apart = (inMain: Set<string>): Plugin => ({
        name: 'lazy-apart',
        setup(b) {
          b.onResolve({ filter: /^\./ }, (a) => {
            if (a.kind !== 'dynamic-import') return undefined;
            const abs = resolve(a.resolveDir, a.path);
            if (inMain.has(abs) || common.external!.includes(a.path)) return undefined;
            lazy.add(abs);
            return { path: `./${chunkName(dist, abs)}`, external: true };
          });
        },
      });
      const first = await build({ ...common, entryPoints: [entry], plugins: [familiesAsObjects, apart(new Set())] });
      const mainInputs = inputsOf(first.metafile);
      // A module the main bundle holds anyway (imported statically too) stays in it.
      for (const m of [...lazy]) if (mainInputs.has(m)) lazy.delete(m);
      // Each lazily loaded module alone, the main bundle's modules left to it.
      const users = new Map<string, number>();
      const texts: [string, string][] = [];
      for (const abs of lazy) {
        const fromMain: Plugin = {
          name: 'from-main',
          setup(b) {
            b.onResolve({ filter: /^\./ }, (a) => {
              if (a.kind === 'entry-point') return undefined;
              const to = resolve(a.resolveDir, a.path);
              if (a.kind === 'dynamic-import') throw new Error(`${relative(dist, abs)}: a dynamic import in a lazily loaded bundle is not supported`);
              if (!mainInputs.has(to)) return undefined;
              shared.add(to);
              return { path: SHARED_PREFIX + relative(dist, to), external: true };
            });
          },
        };
        const r = await build({ ...common, entryPoints: [abs], plugins: [fromMain] });
        for (const m of inputsOf(r.metafile)) users.set(m, (users.get(m) ?? 0) + 1);
        texts.push([chunkName(dist, abs), r.outputFiles![0].text]);
      }
      // A module two lazily loaded bundles hold goes into the main one (one instance per process).
      const twice = [...users].filter(([m, n]) => n > 1 && !hoisted.has(m)).map(([m]) => m);
      if (twice.length) {
        for (const m of twice) hoisted.add(m);
        continue;
      }
      await writeEntry();
      const second = await build({ ...common, entryPoints: [entry], plugins: [familiesAsObjects, apart(mainInputs)] });
      const grown = [...inputsOf(second.metafile)].filter((p) => !mainInputs.has(p));
      if (grown.length) throw new Error(`the shared modules pulled in more code: ${grown.join(', ')}`);
      // Its imports of what stays outside go through the bin's __tricorn_import (V8's code cache
      // gives a dynamic import() no module to resolve against).
      const mainText = second.outputFiles![0].text.replace(/await import\("/g, 'await __tricorn_import("');
      // Written under temporary names, then renamed: the bin never sees some bundles without others.
      const outs: [string, string][] = [['bundle.cjs', mainText], ...texts];
      for (const [name, text] of outs) writeFileSync(join(cli, `${name}.new`), wrapped(text));
      for (const [name] of outs) renameSync(join(cli, `${name}.new`), join(cli, name));
      return;
    }
  } finally {
    rmSync(entry, { force: true });
  }
}

main(process.argv[2] ?? 'dist').catch((e: unknown) => {
  process.stderr.write(`bundle: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
