// `npx tricorn` runs dist/cli/tricorn.cjs, the bundle scripts/setup.sh makes from cli/main.js
// (package.json's bin). It must behave exactly as main.js does, including what it loads lazily:
// Capstone for a fault report, Keystone for a .s file, the commands kept outside it, and the
// modules bundled apart (engines, architectures, the tracer).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { root } from './cli.js';

const pkg = JSON.parse(readFileSync(resolve(root, 'package.json'), 'utf8')) as { bin: { tricorn: string } };

function run(entry: string, args: string[]) {
  const r = spawnSync(process.execPath, [resolve(root, entry), ...args], { cwd: root, encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '' } });
  return { stdout: r.stdout, stderr: r.stderr, status: r.status };
}

const cases: [string, string[]][] = [
  ['hello on Unicorn', ['run', 'test/guests/bin/x86_64/hello', 'a']],
  ['hello on the PPC64 engine', ['run', 'test/guests/bin/ppc64/hello']],
  // Lazily loaded bundles: every architecture's descriptor, strace's tracer.
  ...['aarch64', 'ppc64le', 'riscv64', 's390x'].map((a): [string, string[]] => [`hello on ${a}`, ['run', `test/guests/bin/${a}/hello`]]),
  ['--strace (its tracer)', ['run', '--strace', 'test/guests/bin/x86_64/hello']],
  ['the conform command\'s help (its options load as the command does, unbundled)', ['conform', '--help']],
  ['a fault report (Capstone)', ['run', 'test/guests/bin/aarch64/fault']],
  ['an assembly file with --trace (Keystone, Capstone)', ['run', '--trace', '--trace-limit', '2', 'guest-asm/x86_64/hello.s']],
  ['the layout command', ['layout', 'clone_struct', '--arch', 'ppc64']],
  // Every command kept outside the bundle finds its files relative to its own module.
  ['the explain command', ['explain', '--example', 'clone2', '--arch', 'all']],
  ['the conform command', ['conform', '--list']],
  // Its errors are made by its own copy of cli/usage.ts: still one line and exit 125.
  ['a conform usage error', ['conform', 'no-such-case']],
  ['--version', ['--version']],
  ['a usage error', ['run', '--no-such-option']],
];

for (const [what, args] of cases) {
  test(`the bin (${pkg.bin.tricorn}) does as dist/cli/main.js does: ${what}`, () => {
    const viaMain = run('dist/cli/main.js', args);
    const viaBin = run(pkg.bin.tricorn, args);
    assert.deepEqual(viaBin, viaMain);
  });
}

// The benchmark's start-up breakdown (bench/run.ts) reads these marks; setup's code cache must be
// one V8 takes (a rejected cache costs a compile of the whole bundle and shows only as time).
test('the bin with TRICORN_STARTUP_MARKS=1 prints its steps in order, and V8 accepts the code cache setup made', () => {
  const r = spawnSync(process.execPath, [resolve(root, pkg.bin.tricorn), 'run', 'test/guests/bin/x86_64/hello'],
    { cwd: root, encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '', TRICORN_STARTUP_MARKS: '1' } });
  assert.equal(r.stdout, 'hello from x86_64\nargc=1\nargv[0]=test/guests/bin/x86_64/hello\n');
  const m = /^tricorn-startup cache=(\S+) (.*)\n$/.exec(r.stderr);
  assert.ok(m, r.stderr);
  const steps = m[2].split(' ').map((kv) => kv.split('='));
  assert.deepEqual(steps.map(([k]) => k), ['node', 'read', 'compile', 'bundle', 'kernel', 'engine', 'exec', 'guest', 'quiesce', 'exit', 'rss']);
  const times = steps.slice(0, -1).map(([, v]) => Number(v));
  for (let i = 1; i < times.length; i++) assert.ok(times[i] >= times[i - 1], m[2]);
  const cache = resolve(root, 'dist/cli/bundle.cjs.v8cache');
  assert.equal(m[1], existsSync(cache) ? 'accepted' : 'none');
});

// A file: URL costs a start-up the compilation of ~15 of Node's URL functions (and the URL
// parse): the bundles name their directory by __dirname (import.meta.dirname, scripts/bundle.ts),
// so a run through the bin makes none. Counted by wrapping node:url's two converters, which the
// bundles look up at each call.
test('a hello run through the bin converts no path to or from a file: URL', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tricorn-url-'));
  try {
    const preload = join(dir, 'count-urls.cjs');
    writeFileSync(preload, `const url = require('node:url'); let n = 0;
for (const k of ['pathToFileURL', 'fileURLToPath']) { const f = url[k]; url[k] = function (...a) { n++; return f.apply(this, a); }; }
process.on('exit', () => process.stderr.write('url-calls=' + n + '\\n'));
`);
    for (const arch of ['x86_64', 'ppc64']) {
      const r = spawnSync(process.execPath, ['-r', preload, resolve(root, pkg.bin.tricorn), 'run', `test/guests/bin/${arch}/hello`],
        { cwd: root, encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '' } });
      assert.equal(r.status, 3, r.stderr);
      assert.equal(r.stderr, 'url-calls=0\n', arch);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

// The bin keeps V8's optimizing compiler off the PPC64 decoder by the function's name
// (cli/tricorn.cts, NOT_OPTIMIZED): the engine's bundle must still have a function of that name,
// and the caches setup made under that flag must be the ones V8 takes for a PPC64 run.
test('the function the bin keeps from V8\'s optimizing compiler is named so in the PPC64 engine\'s bundle', () => {
  const m = /const NOT_OPTIMIZED = '(\w+)'/.exec(readFileSync(resolve(root, pkg.bin.tricorn), 'utf8'));
  assert.ok(m, 'NOT_OPTIMIZED in the bin');
  const engine = resolve(root, 'dist/cli/emu-ppc64-index.cjs');
  if (!existsSync(engine)) return; // unbundled (esbuild failed at setup): main.js runs, no flag
  assert.match(readFileSync(engine, 'utf8'), new RegExp(`function ${m[1]}\\(`));
  const r = spawnSync(process.execPath, [resolve(root, pkg.bin.tricorn), 'run', 'test/guests/bin/ppc64/hello'],
    { cwd: root, encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '', TRICORN_STARTUP_MARKS: '1' } });
  const c = /^tricorn-startup cache=(\S+) /m.exec(r.stderr);
  assert.ok(c, r.stderr);
  assert.equal(c[1], existsSync(`${engine}.v8cache`) ? 'accepted' : 'none');
});

// V8 takes a code cache only under the flags it was made with, Node's own caches of its modules
// included: a built-in module first required after the bin sets its flag is compiled from its
// source (node:os and node:module with the ES module loader were, ~3M instructions of a hello
// run). A preload watches the flag being set through the v8 binding and lists the built-in
// modules loaded after it.
test('a hello run through the bin loads no built-in module after it sets its V8 flag', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tricorn-late-'));
  try {
    const watch = join(dir, 'watch.cjs');
    writeFileSync(watch, `
      const binding = process.binding;
      let at = -1;
      process.binding = function (name) {
        const b = binding.call(this, name);
        if (name === 'v8' && !b.__watched) {
          const set = b.setFlagsFromString;
          b.setFlagsFromString = (f) => { if (at < 0) at = process.moduleLoadList.length; return set(f); };
          b.__watched = true;
        }
        return b;
      };
      const { writeSync } = require('node:fs');
      process.on('exit', () => writeSync(2, 'flag-at=' + at + ' late=' +
        process.moduleLoadList.slice(at).filter((m) => m.startsWith('NativeModule ')).join(',') + '\\n'));
    `);
    for (const arch of ['x86_64', 'ppc64']) {
      const r = spawnSync(process.execPath, ['-r', watch, resolve(root, pkg.bin.tricorn), 'run', `test/guests/bin/${arch}/hello`],
        { cwd: root, encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '' } });
      assert.equal(r.stdout.split('\n')[0], `hello from ${arch}`, r.stderr);
      const m = /^flag-at=(-?\d+) late=(.*)$/m.exec(r.stderr);
      assert.ok(m && Number(m[1]) > 0, r.stderr);
      assert.equal(m[2], '', `${arch}: built-in modules loaded after the flag`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

// V8's tier-up budget (cli/v8-tiering.cts) is what keeps a thousand pthread create+join from
// spending more CPU in TurboFan than in the guest: both ways of running tricorn must set it, the
// bin before it compiles any bundle (so the code caches setup made under it are the ones taken).
test('a run through the bin and through main.js both set V8\'s tier-up budget', async () => {
  const { TIERING_FLAGS } = await import(resolve(root, 'dist/cli/v8-tiering.cjs')) as { TIERING_FLAGS: string };
  assert.match(TIERING_FLAGS, /^--interrupt-budget=\d+$/);
  const dir = mkdtempSync(join(tmpdir(), 'tricorn-tiering-'));
  try {
    const watch = join(dir, 'watch.cjs');
    writeFileSync(watch, `
      const binding = process.binding;
      const flags = [];
      process.binding = function (name) {
        const b = binding.call(this, name);
        if (name === 'v8' && !b.__watched) {
          const set = b.setFlagsFromString;
          b.setFlagsFromString = (f) => { flags.push(f); return set(f); };
          b.__watched = true;
        }
        return b;
      };
      const { writeSync } = require('node:fs');
      process.on('exit', () => writeSync(2, 'flags=' + JSON.stringify(flags) + '\\n'));
    `);
    for (const entry of [pkg.bin.tricorn, 'dist/cli/main.js']) {
      const r = spawnSync(process.execPath, ['-r', watch, resolve(root, entry), 'run', 'test/guests/bin/x86_64/hello'],
        { cwd: root, encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '' } });
      assert.equal(r.stdout.split('\n')[0], 'hello from x86_64', r.stderr);
      const m = /^flags=(.*)$/m.exec(r.stderr);
      assert.ok(m, r.stderr);
      const flags = JSON.parse(m[1]) as string[];
      assert.ok(flags.length > 0 && flags[0].split(' ').includes(TIERING_FLAGS), `${entry}: ${m[1]}`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

// A PPC64 guest's generated code wants a smaller budget than the kernel's paths (cli/engines.ts,
// PPC64_TIERING_FLAGS: ppc64 qsort 1.41 -> 1.26 s); a Unicorn guest keeps the CLI's.
test('the engine chosen sets its tier-up budget: PPC64 its own, Unicorn the CLI\'s', async () => {
  const { TIERING_FLAGS, PPC64_TIERING_FLAGS } = await import(resolve(root, 'dist/cli/v8-tiering.cjs')) as { TIERING_FLAGS: string; PPC64_TIERING_FLAGS: string };
  assert.match(PPC64_TIERING_FLAGS, /^--interrupt-budget=\d+$/);
  assert.notEqual(PPC64_TIERING_FLAGS, TIERING_FLAGS);
  const dir = mkdtempSync(join(tmpdir(), 'tricorn-tiering-'));
  try {
    const watch = join(dir, 'watch.cjs');
    writeFileSync(watch, `
      const binding = process.binding;
      const flags = [];
      process.binding = function (name) {
        const b = binding.call(this, name);
        if (name === 'v8' && !b.__watched) {
          const set = b.setFlagsFromString;
          b.setFlagsFromString = (f) => { flags.push(f); return set(f); };
          b.__watched = true;
        }
        return b;
      };
      const { writeSync } = require('node:fs');
      process.on('exit', () => writeSync(2, 'flags=' + JSON.stringify(flags) + '\\n'));
    `);
    for (const [arch, want] of [['ppc64', PPC64_TIERING_FLAGS], ['x86_64', TIERING_FLAGS]]) {
      const r = spawnSync(process.execPath, ['-r', watch, resolve(root, pkg.bin.tricorn), 'run', `test/guests/bin/${arch}/hello`],
        { cwd: root, encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '' } });
      assert.equal(r.stdout.split('\n')[0], `hello from ${arch}`, r.stderr);
      const m = /^flags=(.*)$/m.exec(r.stderr);
      assert.ok(m, r.stderr);
      // The last budget set before the guest ran is the engine's.
      const budgets = (JSON.parse(m[1]) as string[]).flatMap((f) => f.split(' ')).filter((f) => f.startsWith('--interrupt-budget='));
      assert.equal(budgets.at(-1), want, `${arch}: ${m[1]}`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

// esbuild makes a module namespace an object with one getter per export, each defined at every
// start-up: the syscall families (scripts/bundle-families.ts) and the modules the lazily loaded
// bundles share (scripts/bundle.ts) are plain objects instead (~11M of a hello run's ~163M
// instructions). Only the entry's own namespace is left.
test('the main bundle defines no module namespace but its entry\'s', () => {
  const text = readFileSync(resolve(root, 'dist/cli/bundle.cjs'), 'latin1');
  const namespaces = [...text.matchAll(/__export\((\w+)/g)].map((m) => m[1]);
  assert.deepEqual(namespaces, ['bundle_entry_exports']);
});
