// Which libunicorn the engine loads (docs/unicorn.md): the cached 2.1 in preference, the
// system's 2.0.1 when TRICORN_UNICORN=system, when the cache is absent or unloadable, and for an
// architecture whose descriptor says `before`; and the descriptor facts each version gets. The
// last tests run real glibc programs under both libraries and compare their output.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { aarch64 } from '../../arch/aarch64.js';
import { s390x } from '../../arch/s390x.js';
import { x86_64 } from '../../arch/x86_64.js';
import type { UnicornSpec } from '../../arch/types.js';
import {
  allocNative, cachedUnicornPath, callbackTypes, LIBUNICORN, linkerDirs, loadBinding, olderThan, recordedTooNew,
  registerCallback, unicornCandidates,
} from '../../emu/unicorn/binding.js';
import {
  UC_CTL_PAGE_SIZE_READ, UC_ERR_OK, UC_HOOK_INTR, UC_HOOK_MEM_UNMAPPED, UC_PROT_EXEC, UC_PROT_READ, UC_PROT_WRITE,
} from '../../emu/unicorn/consts.js';
import { factsFor, selectCpuModel, selectPageSize } from '../../emu/unicorn/facts.js';
import { ucRegisters } from '../../emu/unicorn/regs.js';

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
});

test('descriptor facts by version: s390x selects the virtual TLB from 2.1 on, and runs on both', () => {
  const z = spec(s390x);
  assert.equal(factsFor(z, { major: 2, minor: 0, patch: 1 }).virtualTlb, undefined);
  assert.equal(factsFor(z, { major: 2, minor: 1, patch: 1 }).virtualTlb, true);
  assert.equal(z.before, undefined);
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
  const b = loadBinding([2, 1], 'a test');
  assert.ok(olderThan(b.version, [2, 1]), `loaded ${JSON.stringify(b.version)} from ${b.path}`);
});

// The engine loads koffi's native module by its path, without require (binding.ts loadAddon);
// koffi's own entry point, required afterwards in the same process (tests do), must get that
// very instance from require's cache: a second initialisation of the addon would give the
// process two koffis whose types and callbacks do not mix.
test("koffi's native module is loaded once: require('koffi') afterwards gets the engine's instance", () => {
  loadBinding();
  const req = createRequire(import.meta.url);
  const addons = () => Object.keys(req.cache).filter((f) => f.endsWith('koffi.node'));
  assert.equal(addons().length, 1, addons().join(', '));
  const koffi = req('koffi') as { load: unknown; version: unknown };
  assert.equal(addons().length, 1, addons().join(', '));
  assert.equal(koffi.load, req.cache[addons()[0]]!.exports.load);
  assert.equal(typeof koffi.version, 'string');
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
// output must be byte for byte the same.
for (const arch of ['x86_64', 'aarch64', 'riscv64', 's390x']) {
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

// Unicorn 2.1.1's s390x MMU refuses a store to unmapped memory with a program interruption
// (EXCP_PGM, 3) before any memory hook; under the virtual TLB (selectCpuModel, from the
// descriptor's 2.1 facts) the write-unmapped hook is called, maps the page, and the store lands.
test('s390x on 2.1: an unmapped store reaches the memory hook only under the virtual TLB', (t) => {
  const b = loadBinding();
  if (olderThan(b.version, [2, 1])) { t.skip('Unicorn 2.1 is not in the cache'); return; }
  const z = factsFor(spec(s390x), b.version);
  const types = callbackTypes();
  // lgfi r2,0x200000; lghi r1,42; stg r1,0(r2); lg r3,0(r2); svc 0
  const code = Uint8Array.from([0xc0, 0x21, 0x00, 0x20, 0x00, 0x00, 0xa7, 0x19, 0x00, 0x2a,
    0xe3, 0x10, 0x20, 0x00, 0x00, 0x24, 0xe3, 0x30, 0x20, 0x00, 0x00, 0x04, 0x0a, 0x00]);
  const regs = ucRegisters(z);
  const slot = allocNative(8);
  const word = new BigUint64Array(slot.buf);
  const run = (virtual: boolean): { events: string[]; r3: bigint } => {
    const out: (bigint | null)[] = [null];
    assert.equal(b.uc.uc_open(z.ucArch, z.ucMode, out), UC_ERR_OK);
    const h = out[0]!;
    const events: string[] = [];
    const mem = registerCallback((_u: unknown, type: number, addr: number) => {
      events.push(`mem ${type} 0x${addr.toString(16)}`);
      return b.uc.uc_mem_map(h, 0x200000, 0x1000, UC_PROT_READ | UC_PROT_WRITE) === UC_ERR_OK;
    }, types.mem);
    const intr = registerCallback((_u: unknown, intno: number) => {
      events.push(`intr ${intno}`);
      b.uc.uc_emu_stop(h);
    }, types.intr);
    try {
      if (virtual) assert.equal(selectCpuModel(b.uc, h, z), UC_ERR_OK);
      assert.equal(b.uc.uc_mem_map(h, 0x10000, 0x1000, UC_PROT_READ | UC_PROT_EXEC), UC_ERR_OK);
      assert.equal(b.uc.uc_mem_write(h, 0x10000, code, code.length), UC_ERR_OK);
      const hh = [0];
      assert.equal(b.uc.uc_hook_add(h, hh, UC_HOOK_MEM_UNMAPPED, mem, null, 1, 0), UC_ERR_OK);
      assert.equal(b.uc.uc_hook_add(h, hh, UC_HOOK_INTR, intr, null, 1, 0), UC_ERR_OK);
      // 64-bit addressing, as the engine opens an s390x instance.
      word[0] = BigInt(z.initRegs!.find(([name]) => name === 'pswm')![1]);
      assert.equal(b.uc.uc_reg_write(h, regs.get('pswm')!.id, slot.ptr), UC_ERR_OK);
      b.uc.uc_emu_start(h, 0x10000, 0x10000 + code.length, 0, 0);
      b.uc.uc_reg_read(h, regs.get('r3')!.id, slot.ptr);
      return { events, r3: word[0] };
    } finally {
      b.uc.uc_close(h);
    }
  };
  assert.deepEqual(run(false).events, ['intr 3']);
  assert.deepEqual(run(true), { events: ['mem 20 0x200000', 'intr 2'], r3: 42n });
});
