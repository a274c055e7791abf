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
import { closeSync, existsSync, fstatSync, openSync, readSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Module, createRequire } from 'node:module';
import vm from 'node:vm';

type Marks = [step: string, cpuMs: number][];

/** CPU time (user + system) of this process so far, in ms. */
function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

/**
 * TRICORN_STARTUP_MARKS=1 (bench/run.ts's start-up breakdown, cli/startup-marks.ts): the CPU
 * time at the end of each step, the first being node's own start, printed on stderr at exit.
 */
const marks: Marks | undefined = process.env.TRICORN_STARTUP_MARKS === '1' ? [['node', cpuMs()]] : undefined;
let cacheState = 'none';
if (marks) {
  (globalThis as { __tricornStartupMarks?: Marks }).__tricornStartupMarks = marks;
  process.on('exit', () => {
    marks.push(['exit', cpuMs()], ['rss', process.resourceUsage().maxRSS]);
    process.stderr.write(`tricorn-startup cache=${cacheState} ${marks.map(([s, t]) => `${s}=${t.toFixed(2)}`).join(' ')}\n`);
  });
}

const bundle = join(__dirname, 'bundle.cjs');
const cacheFile = `${bundle}.v8cache`;

/**
 * The cache's first line: which bundle it was made from, padded to a multiple of 8 bytes. V8
 * deserializes cached data in place only when it is pointer-aligned and copies it first
 * otherwise; the data starts right after this line.
 */
function stamp(size: number, mtimeMs: number): string {
  const line = `tricorn-code-cache ${size} ${mtimeMs}`;
  return line.padEnd(Math.ceil((line.length + 1) / 8) * 8 - 1) + '\n';
}

/**
 * Reads the bundle, then its cache, into one buffer (the cache over the bundle's bytes once they
 * are a string): on a machine where a page fault is expensive (15 us on the 2-core VM this was
 * measured on), touching a fresh 0.6 MB for each file cost more than reading them. The bundle
 * is ASCII (esbuild's --charset=ascii, scripts/setup.sh), so its bytes are its text.
 */
function readBundle(): { source: string; cachedData: Buffer | undefined; want: string } {
  const fd = openSync(bundle, 'r');
  const st = fstatSync(fd);
  const want = stamp(st.size, st.mtimeMs);
  let cfd = -1;
  try {
    cfd = openSync(cacheFile, 'r');
  } catch {
    // No cache: compiled as usual.
  }
  const csize = cfd >= 0 ? fstatSync(cfd).size : 0;
  const buf = Buffer.allocUnsafeSlow(Math.max(st.size, csize));
  try {
    readSync(fd, buf, 0, st.size, 0);
  } finally {
    closeSync(fd);
  }
  const source = buf.toString('latin1', 0, st.size);
  let cachedData: Buffer | undefined;
  if (cfd >= 0) {
    try {
      const n = readSync(cfd, buf, 0, csize, 0);
      if (n === csize && n > want.length && buf.toString('latin1', 0, want.length) === want) cachedData = buf.subarray(want.length, csize);
    } finally {
      closeSync(cfd);
    }
  }
  return { source, cachedData, want };
}

function runBundle(): void {
  const { source, cachedData, want } = readBundle();
  marks?.push(['read', cpuMs()]);
  const script = new vm.Script(source, { filename: bundle, cachedData });
  if (cachedData) cacheState = script.cachedDataRejected ? 'rejected' : 'accepted';
  marks?.push(['compile', cpuMs()]);
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
