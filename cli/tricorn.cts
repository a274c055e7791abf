#!/usr/bin/env node
// package.json's bin (`npx tricorn`): runs dist/cli/bundle.cjs, the bundle scripts/bundle.ts
// makes from cli/main.js, from V8's code cache when setup left one beside it, and loads each
// module main.js imports lazily (the CPU engine and architecture a guest needs, strace's tracer)
// from its own bundle beside it (e.g. emu-unicorn-engine.cjs) the same way.
// Compiling the 0.5 MB bundle was a fifth of tricorn's start-up; a cache holds the bytecode of
// every function a hello run compiled, so those are neither parsed nor compiled again.
// A cache is used only when it was made from that very bundle (its size and mtime are in the
// cache's first line) and V8 accepts it (same Node version and flags); otherwise the bundle is
// compiled as usual. Without a bundle (esbuild failed at setup) main.js runs unbundled.
// setup stores each bundle already wrapped as the function this compiles (CommonJS's module
// parameters and __tricorn_import), so the text is given to V8 exactly as read.
// TRICORN_WRITE_CODE_CACHE=1 (setup only) writes the caches of the bundles loaded, at exit.
import { closeSync, existsSync, fstatSync, openSync, readSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import vm from 'node:vm';
import { TIERING_FLAGS } from './v8-tiering.cjs';
// The other built-in modules the bundles require, loaded before tuneV8 (below) sets a V8 flag:
// V8 takes a code cache only under the flags it was made with, Node's own caches of its modules
// included, so a built-in module first required after that is compiled from its source. node:os
// and node:module (with the ES module loader it brings) were: ~3 M instructions of a hello run
// (callgrind).
import 'node:os';
import 'node:module';

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
 * Reads a bundle, then its cache (`FILE.v8cache`), into one buffer (the cache over the bundle's
 * bytes once they are a string): on a machine where a page fault is expensive (15 us on the
 * 2-core VM this was measured on), touching a fresh 0.6 MB for each file cost more than reading
 * them. The bundle is ASCII (esbuild's --charset=ascii, scripts/bundle.ts), so its bytes are its
 * text.
 */
function readBundle(file: string): { source: string; cachedData: Buffer | undefined; want: string } {
  const fd = openSync(file, 'r');
  const st = fstatSync(fd);
  const want = stamp(st.size, st.mtimeMs);
  let cfd = -1;
  try {
    cfd = openSync(`${file}.v8cache`, 'r');
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

/** The marks report the worst cache state of the bundles loaded (the lazily loaded ones' included). */
const CACHE_RANK = ['accepted', 'none', 'rejected'];
let cacheNoted = false;
function noteCache(state: string): void {
  if (!cacheNoted || CACHE_RANK.indexOf(state) > CACHE_RANK.indexOf(cacheState)) cacheState = state;
  cacheNoted = true;
}

/** A bundle's `module`: the bundles use only its exports (esbuild's CommonJS output). */
type BundleModule = { exports: unknown };

/** The main bundle's module: its `shared` export is what the lazily loaded bundles take from it. */
let mainModule: BundleModule | null = null;

/**
 * Compiles and runs one bundle (stored as a function of CommonJS's parameters and
 * __tricorn_import, scripts/bundle.ts) as the CommonJS module `file`; returns its exports.
 * `req` answers the bundle's require; with TRICORN_WRITE_CODE_CACHE=1 its cache is written at exit.
 * The module is a plain object and `req` this file's own require: every bundle lies in this
 * directory and requires only Node's built-in modules (koffi's addon is loaded by its path), so
 * a Module of node:module's for each, with its lookup paths, and a createRequire for each (~0.3
 * ms of CPU at start-up, the loader's functions compiled for it) would resolve nothing differently.
 */
function runBundle(file: string, req: (id: string) => unknown, isMain: boolean): unknown {
  const { source, cachedData, want } = readBundle(file);
  if (isMain) marks?.push(['read', cpuMs()]);
  const script = new vm.Script(source, { filename: file, cachedData });
  noteCache(cachedData ? (script.cachedDataRejected ? 'rejected' : 'accepted') : 'none');
  if (isMain) marks?.push(['compile', cpuMs()]);
  if (process.env.TRICORN_WRITE_CODE_CACHE === '1') {
    process.on('exit', () => {
      // Under the flags the bundles are loaded with (the run has turned Sparkplug back on since).
      tuneV8();
      writeFileSync(`${file}.v8cache`, Buffer.concat([Buffer.from(want), script.createCachedData()]));
    });
  }
  const m: BundleModule = { exports: {} };
  const fn = script.runInThisContext() as (...a: unknown[]) => void;
  if (isMain) mainModule = m;
  fn.call(m.exports, m.exports, req, m, file, __dirname, importOutside);
  return m.exports;
}

const SHARED_PREFIX = 'tricorn-shared:';
/** Each lazily loaded bundle, by file. */
const lazyBundles = new Map<string, Promise<unknown>>();

/**
 * The main bundle's `await import("…")` of what was kept outside it, resolved from its directory.
 * A lazily loaded module is a bundle of its own (`./NAME.cjs`), loaded once, its shared modules
 * the main bundle's very instances.
 */
function importOutside(spec: string): Promise<unknown> {
  if (spec.startsWith('./') && spec.endsWith('.cjs')) {
    const file = join(__dirname, spec);
    let p = lazyBundles.get(file);
    if (!p) {
      const req = (id: string) => {
        if (!id.startsWith(SHARED_PREFIX)) return require(id);
        const name = id.slice(SHARED_PREFIX.length);
        // The modules the lazily loaded bundles take from the main bundle, by path under dist/.
        const shared = (mainModule?.exports as { shared?: Record<string, unknown> } | undefined)?.shared ?? {};
        if (!(name in shared)) throw new Error(`tricorn: ${spec} needs ${name}, which the main bundle does not share (rebuild: bash scripts/setup.sh)`);
        return shared[name];
      };
      p = Promise.resolve().then(() => runBundle(file, req, false));
      lazyBundles.set(file, p);
    }
    return p;
  }
  return import(spec.startsWith('.') ? pathToFileURL(join(__dirname, spec)).href : spec);
}

/**
 * The one function of tricorn's own V8's optimizing compiler (TurboFan) leaves alone: the PPC64
 * decoder (emu/ppc64/decode.ts), which runs once per guest instruction word (each word's
 * closure is kept). It is called often enough at start-up to be optimized, a big function into
 * which TurboFan inlined the operation factories; each opcode first met afterwards threw that
 * code away ('Insufficient type feedback'), and every PPC64 run compiled it 2-3 times, argument-1
 * runs included. Left to V8's baseline tiers: ppc64 sieve at argument 1 took 0.130 to 0.118 s
 * of CPU, ppc64le 10M sieve 0.614 to 0.588 s (docs/ppc64-jit.md, rule 8). Set before any
 * bundle is compiled: V8 accepts a code cache only under the flags it was made with (setup's
 * run makes them here too). test/e2e/bundle.test.ts checks that the engine's bundle still names
 * the function so. V8's tier-up budget (cli/v8-tiering.cts) is set in the same call. Through the same binding as cli/v8-quiesce.ts (node:v8 costs 4-5 ms to
 * load); without it, nothing is set.
 *
 * And V8's baseline compiler (Sparkplug) is off for the start-up: it compiled functions that
 * run a few times while the kernel and the engine are set up and hardly ever again (~4 M
 * instructions of a hello run in its batch compiler). The run turns it back on right before the
 * guest runs (cli/v8-quiesce.ts, baselineOn), so the guest's run is compiled as before. hello,
 * CPU time, 120 alternated runs on the 2-core VM: ppc64 mean 46.3 -> 45.1 ms, minor faults
 * 3826 -> 3750. A cache is written under these flags too.
 */
const NOT_OPTIMIZED = 'decodeOrNull';
function tuneV8(): void {
  const p = process as unknown as { binding?: (name: string) => { setFlagsFromString?: (flags: string) => void } };
  const quiet = process.noDeprecation;
  try {
    process.noDeprecation = true;
    p.binding?.('v8').setFlagsFromString?.(`--turbo-filter=-${NOT_OPTIMIZED} ${TIERING_FLAGS} --no-sparkplug`);
  } catch {
    // No such binding: V8 optimizes it as it sees fit.
  } finally {
    process.noDeprecation = quiet;
  }
}
tuneV8();

if (existsSync(bundle)) runBundle(bundle, require, true);
else void import('./main.js');
