// The virtual TLB's fill hook (s390x on Unicorn 2.1) in native code (emu/unicorn/binding.ts):
// called as Unicorn calls it, it maps the page to itself with every right and says it did, for
// any address; it is the hook the engine installs; and a guest that misses the TLB far more often
// than it has entries (a CRC over 16 MiB: 4096 pages written, then read, beside the program's
// own) gets Linux's answer (the x86_64 build run natively).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { allocNative, freeNative, hostView, loadBinding, nativeTlbFill, olderThan } from '../../emu/unicorn/binding.js';
import { hookCallbacks } from '../../emu/unicorn/hooks.js';
import { tricorn } from '../e2e/cli.js';

const koffi = createRequire(import.meta.url)('koffi') as {
  call(fn: bigint, type: unknown, ...args: unknown[]): unknown;
  proto(decl: string): unknown;
};
/** Unicorn's uc_cb_tlbevent_t, whole (the engine's own prototype stops at the entry). */
const fillType = koffi.proto('bool TricornTestTlbFill(void *uc, uint64_t vaddr, int type, void *entry, void *data)');

test('the native fill hook writes { paddr = vaddr, perms = 7 } and returns true', { skip: process.arch !== 'x64' && 'native code for x86-64 hosts only' }, () => {
  const fn = nativeTlbFill();
  assert.ok(fn !== null, 'an x86-64 host gets the native hook');
  assert.equal(nativeTlbFill(), fn, 'made once per process');
  const entry = allocNative(16);
  try {
    const view = new DataView(hostView(entry.ptr, 16));
    for (const [vaddr, type] of [[0x1000n, 0], [0x7fff_ffff_f000n, 1], [0xffff_ffff_ffff_f000n, 2], [0n, 0]] as const) {
      view.setBigUint64(0, 0xdeadbeefn, true);
      view.setUint32(8, 0, true);
      view.setUint32(12, 0x5a5a5a5a, true);
      const ok = koffi.call(fn!, fillType, null, vaddr, type, entry.ptr, null);
      assert.equal(ok, true);
      assert.equal(view.getBigUint64(0, true), vaddr);
      assert.equal(view.getUint32(8, true), 7);
      assert.equal(view.getUint32(12, true), 0x5a5a5a5a, 'nothing past the entry is written');
    }
  } finally {
    freeNative(entry.ptr);
  }
});

test('the engine installs the native hook where there is one', () => {
  const fn = nativeTlbFill();
  if (fn === null) assert.notEqual(hookCallbacks().tlbFill, null);
  else assert.equal(hookCallbacks().tlbFill, fn);
});

const lib = loadBinding(undefined, 'the TLB fill test');
const old = olderThan(lib.version, [2, 1]) && 'the virtual TLB is used from Unicorn 2.1 on';

test('s390x under the virtual TLB: a CRC over 16 MiB gets Linux\'s answer', { skip: old }, () => {
  const r = tricorn(['run', 'bench/programs/bin/s390x/crc32', '16384']);
  assert.equal(r.status, 0, r.stderr.slice(-2000));
  assert.equal(r.stdout, 'crc32 14e95d79 of 16777216 bytes\n');
});
