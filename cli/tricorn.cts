#!/usr/bin/env node
// package.json's bin (`npx tricorn`): runs dist/cli/bundle.cjs, the one-file bundle
// scripts/setup.sh makes from cli/main.js, from V8's code cache when setup left one beside it.
// Compiling the 0.5 MB bundle was a fifth of tricorn's start-up; the cache holds the bytecode
// of every function a hello run compiled, so those are neither parsed nor compiled again.
// The cache is used only when it was made from this very bundle (its size and mtime are in the
// cache's first line) and V8 accepts it (same Node version and flags); otherwise the bundle is
// compiled as usual. Without a bundle (esbuild failed at setup) main.js runs unbundled.
// setup stores the bundle already wrapped as the function this compiles (CommonJS's module
// parameters and __tricorn_import), so the text is given to V8 exactly as read.
// TRICORN_WRITE_CODE_CACHE=1 (setup only) writes the cache at exit.
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Module, createRequire } from 'node:module';
import vm from 'node:vm';

const bundle = join(__dirname, 'bundle.cjs');
const cacheFile = `${bundle}.v8cache`;

/** The cache's first line: which bundle it was made from. */
function stamp(): string {
  const s = statSync(bundle);
  return `tricorn-code-cache ${s.size} ${s.mtimeMs}\n`;
}

/** The cached code for this bundle, or undefined. */
function cached(want: string): Buffer | undefined {
  let data: Buffer;
  try {
    data = readFileSync(cacheFile);
  } catch {
    return undefined;
  }
  const head = Buffer.from(want);
  return data.subarray(0, head.length).equals(head) ? data.subarray(head.length) : undefined;
}

function runBundle(): void {
  const want = stamp();
  const script = new vm.Script(readFileSync(bundle, 'utf8'), {
    filename: bundle,
    cachedData: cached(want),
  });
  if (process.env.TRICORN_WRITE_CODE_CACHE === '1') {
    process.on('exit', () => writeFileSync(cacheFile, Buffer.concat([Buffer.from(want), script.createCachedData()])));
  }
  const m = new Module(bundle, module);
  m.filename = bundle;
  m.paths = (Module as unknown as { _nodeModulePaths(dir: string): string[] })._nodeModulePaths(__dirname);
  const fn = script.runInThisContext() as (...a: unknown[]) => void;
  // The bundle's `await import("…")` of the modules kept outside it, resolved from its directory.
  const importOutside = (spec: string) => import(spec.startsWith('.') ? pathToFileURL(join(__dirname, spec)).href : spec);
  fn.call(m.exports, m.exports, createRequire(bundle), m, bundle, __dirname, importOutside);
}

if (existsSync(bundle)) runBundle();
else void import('./main.js');
