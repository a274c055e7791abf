// The interrupt hook's native dispatch (emu/unicorn/binding.ts nativeIntrDispatch), how a
// system call that comes as an interrupt (aarch64 `svc`, riscv64 `ecall`, s390x `svc`) reaches
// the kernel on an x86-64 host: called as Unicorn calls a UC_HOOK_INTR hook, the trap's number
// goes to the system-call callback and every other number to the interrupt callback, with its
// arguments as given; and an engine's guest gets its system calls and its faults through it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { nativeIntrDispatch } from '../../emu/unicorn/binding.js';
import { intrHookFor } from '../../emu/unicorn/hooks.js';
import { readFileSync } from 'node:fs';
import { tricorn } from '../e2e/cli.js';

const koffi = createRequire(import.meta.url)('koffi') as {
  call(fn: bigint, type: unknown, ...args: unknown[]): unknown;
  proto(decl: string): unknown;
  pointer(t: unknown): unknown;
  register(f: Function, t: unknown): bigint;
  unregister(p: bigint): void;
};
/** Unicorn's uc_cb_hookintr_t, whole. */
const intrType = koffi.proto('void TricornTestIntr(void *uc, uint32_t intno, void *data)');

test('the native interrupt dispatch sends the trap number to the trap callback, others with their arguments', { skip: process.arch !== 'x64' && 'native code for x86-64 hosts only' }, () => {
  const seen: string[] = [];
  const trap = koffi.register(() => { seen.push('trap'); }, koffi.pointer(koffi.proto('void TricornTestTrap(void)')));
  const intr = koffi.register((uc: number, intno: number) => { seen.push(`intr ${uc} ${intno}`); },
    koffi.pointer(koffi.proto('void TricornTestOther(uint64_t uc, uint32_t intno)')));
  try {
    const fn = nativeIntrDispatch(8, trap, intr);
    assert.ok(fn !== null, 'an x86-64 host gets the native dispatch');
    assert.equal(nativeIntrDispatch(8, trap, intr), fn, 'made once per process and trap number');
    const other = nativeIntrDispatch(2, trap, intr);
    assert.ok(other !== null && other !== fn, 'another trap number gets its own');
    for (const [hook, intno] of [[fn, 8], [fn, 2], [other, 2], [other, 8], [fn, 0x108], [fn, 0xffffffff]] as const) {
      koffi.call(hook!, intrType, 0x1234n, intno, null);
    }
    assert.deepEqual(seen, ['trap', 'intr 4660 2', 'trap', 'intr 4660 8', `intr 4660 ${0x108}`, `intr 4660 ${0xffffffff}`]);
  } finally {
    koffi.unregister(trap);
    koffi.unregister(intr);
  }
});

test('TRICORN_UC_INTR=js keeps the interrupt callback', { skip: process.arch !== 'x64' && 'native code for x86-64 hosts only' }, () => {
  const saved = process.env.TRICORN_UC_INTR;
  try {
    const native = intrHookFor(2);
    process.env.TRICORN_UC_INTR = 'js';
    const js = intrHookFor(2);
    assert.notEqual(native, js);
  } finally {
    if (saved === undefined) delete process.env.TRICORN_UC_INTR; else process.env.TRICORN_UC_INTR = saved;
  }
});

for (const arch of ['aarch64', 'riscv64', 's390x']) {
  // The signals guest also takes SIGTRAP and SIGILL from trap and illegal instructions, which
  // Unicorn reports as other interrupts.
  test(`${arch}: system calls, traps and illegal instructions through the dispatch, as through the interrupt callback`, () => {
    const expected = readFileSync('test/guests/signals/expected/signals.out', 'utf8');
    const runs = ['native', 'js'].map((how) => {
      const env = { TRICORN_UC_INTR: how };
      const sys = tricorn(['run', '--strace', `test/guests/bin/${arch}/loop`, '3'], { env });
      const signals = tricorn(['run', `test/guests/signals/bin/${arch}/signals`], { env });
      return { sys, signals };
    });
    assert.equal(runs[0].sys.status, 0);
    assert.match(runs[0].sys.stderr, /getpid\(\)\s+= \d+/);
    assert.equal(runs[0].sys.stderr, runs[1].sys.stderr);
    for (const r of runs) {
      assert.equal(r.signals.status, 0);
      assert.equal(r.signals.stdout, expected);
    }
  });
}
