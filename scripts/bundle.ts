// Builds what `npx tricorn` runs (scripts/setup.sh calls this after tsc, with the fresh build
// directory): one CommonJS bundle of cli/main.js (dist/cli/bundle.cjs) and one per CPU engine
// (dist/cli/engine-unicorn.cjs, dist/cli/engine-ppc64.cjs), which the bin (cli/tricorn.cts)
// loads only when a guest's architecture needs that engine. Loading ~130 ES modules one by one
// cost about a third of tricorn's start-up; a run then read, and deserialized the code cache of,
// both engines, though it uses one (the PPC64 engine is half of all the code).
//
// The engines share modules with the main bundle (emu/engine.ts's EngineError, which the kernel
// tests with instanceof; emu/vma.ts): an engine bundle must use the main bundle's very instances,
// not copies. So every module the main bundle holds is external to the engine bundles, imported
// there as `tricorn-shared:<path under dist>`, and the main bundle's entry exports the namespace
// of each module the engines import that way; the bin's require for an engine bundle answers
// `tricorn-shared:` from that table. Anything the engines import that the main bundle lacks is
// bundled into the engine itself.
//
// Native koffi, the lazily loaded WebAssembly (Capstone, Keystone) and the other commands (layout,
// explain, conform: they find files relative to their own module) stay outside every bundle.
// import.meta.url becomes a getter: only a few calls need it (koffi's path, --version), and
// building the file: URL on every start cost ~1 ms. The bundles are stored as the function the
// bin compiles (CommonJS's module parameters and __tricorn_import, through which the main bundle
// imports what was kept outside it), so the bin hands V8 each file as read: wrapping it at run
// time made V8 copy the whole string once more on every start. --charset=ascii (esbuild's
// default, said because the bin relies on it): the bin turns a bundle's bytes into its text one
// byte per character.
//
// Usage: node dist/scripts/bundle.js BUILD_DIR. Exits non-zero (setup then runs main.js unbundled)
// when esbuild is missing or a build fails.
import { build, type BuildOptions, type Plugin } from 'esbuild';
import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';

/** The engines: the module cli/engines.ts imports for each, and the bundle it becomes. */
const ENGINES = [
  { entry: 'emu/unicorn/engine.js', bundle: 'engine-unicorn.cjs' },
  { entry: 'emu/ppc64/index.js', bundle: 'engine-ppc64.cjs' },
];

/** How an engine bundle names a module the main bundle holds (the bin resolves it). */
export const SHARED_PREFIX = 'tricorn-shared:';

const common: BuildOptions = {
  bundle: true, platform: 'node', format: 'cjs', charset: 'ascii', write: false, metafile: true,
  minifyWhitespace: true, minifySyntax: true, logLevel: 'warning',
  external: ['koffi', '@alexaltea/*', './layout.js', './explain/command.js', './conform/command.js'],
  define: { 'import.meta.url': '__tricorn_meta.url' },
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

async function main(dir: string): Promise<void> {
  const dist = resolve(dir);
  const cli = join(dist, 'cli');
  const engineFiles = new Map(ENGINES.map((e) => [join(dist, e.entry), `./${e.bundle}`]));
  // The main bundle imports each engine as its bundle, beside it in dist/cli.
  const enginesApart: Plugin = {
    name: 'engines-apart',
    setup(b) {
      b.onResolve({ filter: /^\./ }, (a) => {
        const to = engineFiles.get(resolve(a.resolveDir, a.path));
        return to ? { path: to, external: true } : undefined;
      });
    },
  };
  const first = await build({ ...common, entryPoints: [join(cli, 'main.js')], plugins: [enginesApart] });
  const mainInputs = inputsOf(first.metafile);

  // Each engine alone, the main bundle's modules left to it.
  const shared = new Set<string>();
  const engineTexts: [string, string][] = [];
  for (const e of ENGINES) {
    const entry = join(dist, e.entry);
    const fromMain: Plugin = {
      name: 'from-main',
      setup(b) {
        b.onResolve({ filter: /^\./ }, (a) => {
          if (a.kind === 'entry-point') return undefined;
          const abs = resolve(a.resolveDir, a.path);
          if (!mainInputs.has(abs)) return undefined;
          const rel = relative(dist, abs);
          shared.add(rel);
          return { path: SHARED_PREFIX + rel, external: true };
        });
      },
    };
    const r = await build({ ...common, entryPoints: [entry], plugins: [fromMain] });
    const text = r.outputFiles![0].text;
    if (text.includes('import(')) throw new Error(`${e.entry}: a dynamic import in an engine bundle is not supported`);
    engineTexts.push([e.bundle, text]);
  }

  // The main bundle's entry: main.js, and the namespace of every module the engines share.
  const names = [...shared].sort();
  const entry = join(cli, 'bundle-entry.js');
  writeFileSync(entry, [
    ...names.map((n, i) => `import * as s${i} from ${JSON.stringify(`./${relative(cli, join(dist, n))}`.replace(/^\.\/\.\./, '..'))};`),
    `export const shared = { ${names.map((n, i) => `${JSON.stringify(n)}: s${i}`).join(', ')} };`,
    `import './main.js';`,
    '',
  ].join('\n'));
  const second = await build({ ...common, entryPoints: [entry], plugins: [enginesApart] }).finally(() => rmSync(entry));
  const grown = [...inputsOf(second.metafile)].filter((p) => p !== entry && !mainInputs.has(p));
  if (grown.length) throw new Error(`the shared modules pulled in more code: ${grown.join(', ')}`);
  // Its imports of what stays outside go through the bin's __tricorn_import (V8's code cache
  // gives a dynamic import() no module to resolve against).
  const mainText = second.outputFiles![0].text.replace(/await import\("/g, 'await __tricorn_import("');

  // Written under temporary names, then renamed: the bin never sees some bundles without others.
  const outs: [string, string][] = [['bundle.cjs', mainText], ...engineTexts];
  for (const [name, text] of outs) writeFileSync(join(cli, `${name}.new`), wrapped(text));
  for (const [name] of outs) renameSync(join(cli, `${name}.new`), join(cli, name));
}

main(process.argv[2] ?? 'dist').catch((e: unknown) => {
  process.stderr.write(`bundle: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
