// Which libunicorn the engine loads (docs/unicorn.md): the cached 2.1 in preference, the
// system's 2.0.1 when TRICORN_UNICORN=system, when the cache is absent or unloadable, and for an
// architecture whose descriptor says `before`; and the descriptor facts each version gets. The
// last tests run real glibc programs under both libraries and compare their output.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { aarch64 } from '../../arch/aarch64.js';
import { s390x } from '../../arch/s390x.js';
import { x86_64 } from '../../arch/x86_64.js';
import type { UnicornSpec } from '../../arch/types.js';
import { cachedUnicornPath, LIBUNICORN, linkerDirs, loadBinding, olderThan, recordedTooNew, unicornCandidates } from '../../emu/unicorn/binding.js';
import { UC_CTL_PAGE_SIZE_READ, UC_ERR_OK } from '../../emu/unicorn/consts.js';
import { factsFor, selectPageSize } from '../../emu/unicorn/facts.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const spec = (a: { engine: unknown }) => a.engine as UnicornSpec;

test('candidates: the cache first when it exists, the system library always, TRICORN_UNICORN overrides', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tricorn-uc-'));
  try {
    const env = { HOME: '/nonexistent', TRICORN_UNICORN_CACHE: dir };
    const cached = join(dir, LIBUNICORN);
    assert.equal(cachedUnicornPath(env), cached);
    assert.equal(cachedUnicornPath({ HOME: '/h' }), `/h/.cache/tricorn/unicorn/${LIBUNICORN}`);
    assert.equal(cachedUnicornPath({ HOME: '/h', XDG_CACHE_HOME: '/x' }), `/x/tricorn/unicorn/${LIBUNICORN}`);
    const none = unicornCandidates(env);
    assert.equal(none.length, 1);
    assert.ok(none[0].endsWith(LIBUNICORN) && none[0] !== cached);
    writeFileSync(cached, 'not a shared object');
    assert.deepEqual(unicornCandidates(env), [cached, none[0]]);
    assert.deepEqual(unicornCandidates({ ...env, TRICORN_UNICORN: 'system' }), none);
    assert.deepEqual(unicornCandidates({ ...env, TRICORN_UNICORN: '/some/lib.so' }), ['/some/lib.so']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("the system library is looked for where ld.so.conf says (includes followed, comments dropped), then ld.so's own directories", () => {
  const dir = mkdtempSync(join(tmpdir(), 'tricorn-uc-'));
  try {
    mkdirSync(join(dir, 'conf.d'));
    writeFileSync(join(dir, 'ld.so.conf'), `# top\n/opt/first\ninclude conf.d/*.conf\ninclude ${join(dir, 'ld.so.conf')}\n`);
    writeFileSync(join(dir, 'conf.d', 'b.conf'), '/opt/b # trailing comment\n\n');
    writeFileSync(join(dir, 'conf.d', 'a.conf'), '# Multiarch support\n/opt/a/multiarch\n');
    writeFileSync(join(dir, 'conf.d', 'a.txt'), '/opt/not-a-conf\n');
    assert.deepEqual(linkerDirs(join(dir, 'ld.so.conf')),
      ['/opt/first', '/opt/a/multiarch', '/opt/b', '/lib64', '/usr/lib64', '/lib', '/usr/lib']);
    assert.deepEqual(linkerDirs(join(dir, 'missing.conf')), ['/lib64', '/usr/lib64', '/lib', '/usr/lib']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("the cached library is skipped unopened for an architecture it is too new for, by the version its fetch recorded", () => {
  const dir = mkdtempSync(join(tmpdir(), 'tricorn-uc-'));
  try {
    const env = { HOME: '/nonexistent', TRICORN_UNICORN_CACHE: dir };
    const cached = join(dir, LIBUNICORN);
    writeFileSync(cached, 'not a shared object');
    assert.equal(recordedTooNew(cached, [2, 1], env), false, 'no version file: opened to ask it');
    writeFileSync(join(dir, 'version'), '2.1.1-2+b2\n');
    assert.equal(recordedTooNew(cached, [2, 1], env), true);
    assert.equal(recordedTooNew(cached, [2, 2], env), false);
    assert.equal(recordedTooNew('/usr/lib/libunicorn.so.2', [2, 1], env), false, 'only the cached library has a recorded version');
    writeFileSync(join(dir, 'version'), '2.0.1-3\n');
    assert.equal(recordedTooNew(cached, [2, 1], env), false);
    writeFileSync(join(dir, 'version'), 'garbage');
    assert.equal(recordedTooNew(cached, [2, 1], env), false);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('versions compare by major, then minor', () => {
  const v = (major: number, minor: number) => ({ major, minor, patch: 1 });
  assert.ok(olderThan(v(2, 0), [2, 1]));
  assert.ok(!olderThan(v(2, 1), [2, 1]));
  assert.ok(!olderThan(v(3, 0), [2, 1]));
  assert.ok(olderThan(v(1, 9), [2, 0]));
});

test('descriptor facts by version: x86_64 selects Westmere from 2.1 on, keeps the default model on 2.0', () => {
  const x = spec(x86_64);
  assert.equal(factsFor(x, { major: 2, minor: 0, patch: 1 }).cpuModel, undefined);
  assert.equal(factsFor(x, { major: 2, minor: 1, patch: 1 }).cpuModel, 16);
  // Facts a `since` entry does not name stay as they are.
  assert.deepEqual(factsFor(x, { major: 2, minor: 1, patch: 1 }).cpuid, x.cpuid);
  assert.deepEqual(spec(s390x).before, [2, 1]);
});

// Unicorn's ARM targets default to 1 KiB pages and uc_ctl_set_page_size refuses aarch64: the
// engine sets the field that call would set (found on a scratch 32-bit ARM instance). On both
// libraries, an aarch64 instance then reports 4 KiB pages; one left alone reports 1 KiB.
for (const choice of ['system', 'preferred']) {
  test(`aarch64 instances get 4 KiB pages on the ${choice} Unicorn`, () => {
    const b = loadBinding(choice === 'system' ? [2, 1] : undefined);
    const a = spec(aarch64);
    assert.equal(a.pageSize, 4096);
    const pageSize = (paged: boolean): number => {
      const out: (bigint | null)[] = [null];
      assert.equal(b.uc.uc_open(a.ucArch, a.ucMode, out), UC_ERR_OK);
      try {
        if (paged) assert.equal(selectPageSize(b.uc, b.libc, out[0]!, a), true);
        const got = new Uint32Array(1);
        assert.equal(b.uc.uc_ctl(out[0]!, UC_CTL_PAGE_SIZE_READ, 'uint32_t *', got), UC_ERR_OK);
        return got[0];
      } finally {
        b.uc.uc_close(out[0]!);
      }
    };
    assert.equal(pageSize(false), 1024);
    assert.equal(pageSize(true), 4096);
  });
}

test('an architecture that runs only before 2.1 gets a library older than 2.1', () => {
  const b = loadBinding(spec(s390x).before, 's390x');
  assert.ok(olderThan(b.version, [2, 1]), `loaded ${JSON.stringify(b.version)} from ${b.path}`);
});

test('a cache file that does not load falls back to the system library', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tricorn-uc-'));
  try {
    writeFileSync(join(dir, LIBUNICORN), 'not a shared object');
    const r = spawnSync(process.execPath, [resolve(root, 'dist/cli/main.js'), 'run', resolve(root, 'test/guests/bin/x86_64/hello')],
      { encoding: 'utf8', env: { ...process.env, TRICORN_UNICORN: 'auto', TRICORN_UNICORN_CACHE: dir } });
    assert.equal(r.status, 3, r.stderr);
    assert.match(r.stdout, /hello from x86_64/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

// The same glibc programs (threads, signals: TLS, SSE string functions, faults) under the
// system's 2.0.1 and under the default choice (the cached 2.1 where setup fetched it): the
// output must be byte for byte the same. (s390x runs on 2.0.1 under both.)
for (const arch of ['x86_64', 'aarch64', 'riscv64']) {
  for (const prog of ['threads', 'signals']) {
    const bin = resolve(root, `test/guests/glibc/bin/${arch}/${prog}`);
    test(`${arch} glibc ${prog}: the same output on the system's Unicorn and the preferred one`, { skip: !existsSync(bin) }, () => {
      const run = (choice: string) => spawnSync(process.execPath, [resolve(root, 'dist/cli/main.js'), 'run', bin],
        { encoding: 'utf8', env: { ...process.env, TRICORN_UNICORN: choice } });
      const sys = run('system');
      const auto = run('auto');
      assert.equal(sys.status, 0, sys.stderr);
      assert.equal(auto.status, sys.status, auto.stderr);
      assert.equal(auto.stdout, sys.stdout);
    });
  }
}
