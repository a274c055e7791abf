// The soft TLB sized from outside Unicorn (emu/unicorn/tlb.ts), on raw instances of the library
// the engine loads: the layout is found once and kept in a cache file, which a later lookup reads
// instead of opening instances; a layout that does not fit an instance (a bad cache file) is
// refused before anything is written; growth writes nothing outside QEMU's CPUTLB, the modes the
// guest used grow to the size asked, a map flush after calm() leaves them so, and memory reads
// back; a fresh instance's TLBs shrunk before its run come back to 256 for the modes it used.
// Then the engine: a guest that maps 16 MiB at a trap runs its sweeps right after it, in a
// forked copy too, and a bad cache file leaves the TLB alone with the same results.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { allocNative, freeNative, hostView, loadBinding, olderThan, type Ptr } from '../../emu/unicorn/binding.js';
import { UC_CTL_TLB_FLUSH, UC_ERR_OK } from '../../emu/unicorn/consts.js';
import { ucRegisters } from '../../emu/unicorn/regs.js';
import { layoutCachePath, layoutFor, SoftTlb, tlbEntriesFor, MAX_TLB_ENTRIES, type Layout } from '../../emu/unicorn/tlb.js';
import type { ArchDescriptor, UnicornSpec } from '../../arch/types.js';
import { PROT_READ, PROT_WRITE, type CpuEngine } from '../../emu/engine.js';
import { arches, assemble, guest, pick, CODE } from './helpers.js';

const DATA = 0x1000000;
const PAGES = 4096;
const lib = loadBinding(undefined, 'the TLB test');
const skip = olderThan(lib.version, [2, 1]) && 'the TLB is sized on Unicorn 2.1 only';
const dir = mkdtempSync(join(tmpdir(), 'tricorn-tlb-'));
const cacheFile = join(dir, 'tlb-layout.json');

test('tlbEntriesFor: twice the pages, a power of two, between 256 and the cap', () => {
  assert.equal(tlbEntriesFor(0), 256);
  assert.equal(tlbEntriesFor(129), 512);
  assert.equal(tlbEntriesFor(2560), 8192);
  assert.equal(tlbEntriesFor(1e9), MAX_TLB_ENTRIES);
});

test('the layout cache lives beside the cached library', () => {
  assert.equal(layoutCachePath({ TRICORN_UNICORN_CACHE: '/c' }), '/c/tlb-layout.json');
});

/** A fresh instance of `arch` with its CPU created (a register read creates it). */
function opener(arch: ArchDescriptor): () => Ptr {
  const spec = arch.engine as UnicornSpec;
  const pc = ucRegisters(spec).get(arch.regs.pc)!.id;
  return () => {
    const out: (Ptr | null)[] = [null];
    assert.equal(lib.uc.uc_open(spec.ucArch, spec.ucMode, out), UC_ERR_OK);
    const slot = allocNative(16);
    lib.uc.uc_reg_read(out[0] as Ptr, pc, slot.ptr);
    freeNative(slot.ptr);
    return out[0] as Ptr;
  };
}

const archKey = (arch: ArchDescriptor): string => `${(arch.engine as UnicornSpec).ucArch}/${(arch.engine as UnicornSpec).ucMode}`;
const close = (h: Ptr): void => void lib.uc.uc_close(h);
/** A fresh instance of arch's engine, the sweep assembled, and the TLB layout found. */
async function sweepInstance(arch: ArchDescriptor): Promise<{ code: Uint8Array; layout: NonNullable<ReturnType<typeof layoutFor>>; h: Ptr }> {
  const open = opener(arch);
  const code = await assemble(arch, sweep(arch));
  const layout = layoutFor(lib.libc, lib.path, archKey(arch), open, close, cacheFile)!;
  return { code, layout, h: open() };
}
/** What the sweep stored reads back: every 511th page holds PAGES minus its index. */
function sweptMemoryReadsBack(h: Ptr): void {
  const word = new Uint8Array(8);
  for (let k = 0; k < PAGES; k += 511) {
    lib.uc.uc_mem_read(h, DATA + k * 4096, word, 8);
    assert.equal(new DataView(word.buffer).getUint32(0, true), PAGES - k, `page ${k}`);
  }
}

/** Page k of DATA gets PAGES - k in its first word. */
const sweep = (arch: ArchDescriptor): string => pick(arch, `
      mov rdi, ${DATA}
      mov rcx, ${PAGES}
    L: mov qword ptr [rdi], rcx
      add rdi, 4096
      dec rcx
      jnz L
    `, `
      movz x0, #${DATA >> 16}, lsl #16
      mov x1, #${PAGES}
    L: str x1, [x0]
      add x0, x0, #1, lsl #12
      subs x1, x1, #1
      b.ne L
    `);

for (const arch of arches) {
  test(`${arch.name}: the layout is found once, kept in the cache file and read back from it; a bad record is refused`, { skip }, () => {
    const layout = layoutFor(lib.libc, lib.path, archKey(arch), opener(arch), close, cacheFile);
    assert.ok(layout, 'the layout is found');
    const file = JSON.parse(readFileSync(cacheFile, 'utf8')) as Record<string, Record<string, Layout>>;
    const mine = Object.entries(file).filter(([k]) => k.startsWith(`${lib.path}|`));
    assert.equal(mine.length, 1, 'one entry for the library file');
    assert.deepEqual(mine[0][1][archKey(arch)], layout);
    // Another cache file with the same contents: found there, no instance opened.
    const copy = join(dir, `copy-${arch.name}.json`);
    copyFileSync(cacheFile, copy);
    const never = (): Ptr => assert.fail('the cache file was not used');
    assert.deepEqual(layoutFor(lib.libc, lib.path, archKey(arch), never, close, copy), layout);
    // A record that does not hang together is not used.
    const bad = join(dir, `bad-${arch.name}.json`);
    writeFileSync(bad, JSON.stringify({ [mine[0][0]]: { [archKey(arch)]: { ...layout, modes: 40 } } }));
    assert.equal(layoutFor(lib.libc, lib.path, archKey(arch), never, close, bad), null);
  });

  test(`${arch.name}: growth writes only QEMU's TLB; used modes grow to the size asked and keep it through map flushes; memory reads back`, { skip }, async () => {
    const { uc, libc } = lib;
    const { code, layout, h } = await sweepInstance(arch);
    try {
      assert.equal(uc.uc_mem_map(h, CODE, 0x1000, 7), UC_ERR_OK);
      assert.equal(uc.uc_mem_write(h, CODE, code, code.length), UC_ERR_OK);
      assert.equal(uc.uc_mem_map(h, DATA, PAGES * 4096, 3), UC_ERR_OK);
      assert.equal(uc.uc_emu_start(h, CODE, CODE + code.length, 0, 0), UC_ERR_OK);
      // Layouts that are not this instance's (a stale or damaged cache) are refused.
      for (const wrong of [
        { cpuWord: layout.cpuWord + 8 }, { cpuWord: layout.cpuWord - 8 }, { fast: layout.fast + 16 },
        { fast: layout.fast - 16 }, { desc: layout.desc + 8, dirty: layout.dirty + 8 },
        { desc: layout.desc - 8, dirty: layout.dirty - 8 }, { stride: layout.stride + 8 }, { entryBits: 5 },
      ]) {
        assert.equal(SoftTlb.of(uc, libc, h, { ...layout, ...wrong }), null, JSON.stringify(wrong));
      }
      const tlb = SoftTlb.of(uc, libc, h, layout);
      assert.ok(tlb, 'the instance has the layout');
      // The modes the sweep used are noted; then a flush, so that the one growth does (which
      // clears QEMU's jump cache in the CPU struct) changes nothing outside the TLB.
      tlb.grow(256);
      uc.uc_ctl(h, UC_CTL_TLB_FLUSH);
      const cpu = new BigUint64Array(hostView(h, layout.cpuWord + 8))[layout.cpuWord / 8];
      const tlbEnd = layout.fast + 16 * layout.modes;
      const outside = (): Uint8Array[] => [
        new Uint8Array(hostView(h, libc.malloc_usable_size(h))).slice(),
        new Uint8Array(hostView(cpu, layout.dirty)).slice(),
        new Uint8Array(hostView(cpu + BigInt(tlbEnd), 4096)).slice(),
      ];
      const was = outside();
      const before = tlb.sizes();
      tlb.grow(4096);
      const after = tlb.sizes();
      assert.deepEqual(outside(), was, 'nothing outside CPUTLB changed');
      assert.ok(after.some((n, m) => n === 4096 && before[m] < 4096), `a mode grew: ${before} -> ${after}`);
      assert.ok(after.every((n, m) => n === 4096 || n === before[m]), 'only to the size asked');
      assert.equal(tlb.asked, 4096);
      // The sweep fills all 4096 entries: QEMU would double the TLB at the next flush.
      const zero = new Uint8Array(8);
      for (let k = 0; k < PAGES; k += 511) assert.equal(uc.uc_mem_write(h, DATA + k * 4096, zero, 8), UC_ERR_OK);
      assert.equal(uc.uc_emu_start(h, CODE, CODE + code.length, 0, 0), UC_ERR_OK);
      // As in a memory hook: the table is full, and the flush resizes nothing.
      tlb.calm(true);
      assert.equal(uc.uc_mem_map(h, DATA + PAGES * 4096, 0x1000, 3), UC_ERR_OK);
      assert.deepEqual(tlb.sizes(), after, 'a map flush after calm(true) resizes nothing');
      // Outside a hook: an unmap flushes the pages it finds one by one, then the whole TLB. The
      // counts stay QEMU's, so none goes below zero (which QEMU would take for a full table) when
      // the range holds entries: here the code page and a few pages of the sweep's.
      assert.equal(uc.uc_emu_start(h, CODE, CODE + code.length, 0, 40), UC_ERR_OK);
      tlb.calm(false);
      assert.equal(uc.uc_mem_unmap(h, DATA + PAGES * 4096, 0x1000), UC_ERR_OK);
      tlb.calm(false);
      assert.equal(uc.uc_mem_unmap(h, CODE, 0x1000), UC_ERR_OK);
      assert.equal(uc.uc_mem_map(h, CODE, 0x1000, 7), UC_ERR_OK);
      assert.equal(uc.uc_mem_write(h, CODE, code, code.length), UC_ERR_OK);
      assert.deepEqual(tlb.sizes(), after, 'unmap flushes after calm(false) resize nothing');
      sweptMemoryReadsBack(h);
    } finally {
      uc.uc_close(h);
    }
  });

  test(`${arch.name}: shrink takes every mode to 64 entries before a run; regrow gives the modes the guest used 256 back, once; memory reads back`, { skip }, async () => {
    const { uc, libc } = lib;
    const { code, layout, h } = await sweepInstance(arch);
    try {
      const tlb = SoftTlb.of(uc, libc, h, layout);
      assert.ok(tlb, 'the instance has the layout');
      const fresh = tlb.sizes();
      assert.ok(fresh.every((n) => n === 256), `a fresh instance: ${fresh}`);
      tlb.regrow();
      assert.deepEqual(tlb.sizes(), fresh, 'regrow without a shrink does nothing');
      tlb.shrink();
      const small = fresh.map(() => 64);
      assert.deepEqual(tlb.sizes(), small);
      tlb.regrow();
      assert.deepEqual(tlb.sizes(), small, 'no mode used yet: all stay small');
      assert.equal(uc.uc_mem_map(h, CODE, 0x1000, 7), UC_ERR_OK);
      assert.equal(uc.uc_mem_write(h, CODE, code, code.length), UC_ERR_OK);
      assert.equal(uc.uc_mem_map(h, DATA, PAGES * 4096, 3), UC_ERR_OK);
      assert.deepEqual(tlb.sizes(), small, 'map flushes resize nothing');
      assert.equal(uc.uc_emu_start(h, CODE, CODE + code.length, 0, 0), UC_ERR_OK);
      tlb.regrow();
      const after = tlb.sizes();
      assert.ok(after.every((n) => n === 64 || n === 256) && after.includes(256) && after.includes(64), `used modes at 256, the rest at 64: ${after}`);
      assert.ok(SoftTlb.of(uc, libc, h, layout), 'the instance still passes the checks');
      assert.equal(uc.uc_emu_start(h, CODE, CODE + code.length, 0, 0), UC_ERR_OK);
      tlb.regrow();
      assert.deepEqual(tlb.sizes(), after, 'only once');
      sweptMemoryReadsBack(h);
    } finally {
      uc.uc_close(h);
    }
  });

  // Through the engine: the trap that maps 16 MiB sizes the TLB; the sweep then backs each chunk
  // on first touch, inside a memory hook (the flush there must not resize it), and sums it back;
  // a fork of it (whose engine may take a spare instance already sized) does the same.
  // The sweep, then a trap, a sum of the pages (into rbx / x19), a trap, the sum again, a trap.
  const sum = (label: string): string => pick(arch, `
      mov rdi, ${DATA}
      mov rcx, ${PAGES}
      xor rbx, rbx
    ${label}: add rbx, qword ptr [rdi]
      add rdi, 4096
      dec rcx
      jnz ${label}
      syscall
    `, `
      movz x0, #${DATA >> 16}, lsl #16
      mov x1, #${PAGES}
      mov x19, #0
    ${label}: ldr x2, [x0]
      add x19, x19, x2
      add x0, x0, #1, lsl #12
      subs x1, x1, #1
      b.ne ${label}
      svc #0
    `);
  const program = `${pick(arch, 'syscall', 'svc #0')}\n${sweep(arch)}\n${sum('M')}\n${sum('N')}`;
  const SUM = BigInt(PAGES * (PAGES + 1) / 2);
  const sizesOf = (e: CpuEngine): number[] | null =>
    (e as unknown as { live: { cur: { tlb?: SoftTlb | null } } }).live.cur.tlb?.sizes() ?? null;

  /** Runs the program to its second trap, then a fork of it to its third; the sizes seen. */
  async function sweeps(): Promise<number[] | null> {
    const g = await guest(arch, program);
    const e = g.engine;
    let traps = 0;
    e.onSyscall = () => {
      if (++traps === 1) e.map(DATA, PAGES * 4096, PROT_READ | PROT_WRITE);
      return traps === 1;
    };
    assert.equal(e.run(0), 'stopped');
    assert.equal(traps, 2);
    assert.equal(e.getReg(pick(arch, 'rbx', 'x19')), SUM);
    const sizes = sizesOf(e);
    const child = e.clone();
    e.close();
    child.onSyscall = () => false;
    child.setReg(pick(arch, 'rbx', 'x19'), 0n);
    assert.equal(child.run(0), 'stopped');
    assert.equal(child.getReg(pick(arch, 'rbx', 'x19')), SUM, 'the fork sums the same');
    child.close();
    return sizes;
  }

  // First (no spare instance of this architecture is sized yet, which would be taken as it is).
  test(`${arch.name}: with a cache file whose layout is not the library's, the engine leaves the TLB alone, same results`, { skip }, async () => {
    const env = { cache: process.env.TRICORN_UNICORN_CACHE, lib: process.env.TRICORN_UNICORN };
    const bad = mkdtempSync(join(tmpdir(), 'tricorn-tlb-bad-'));
    const layout = layoutFor(lib.libc, lib.path, archKey(arch), opener(arch), close, cacheFile)!;
    const key = Object.keys(JSON.parse(readFileSync(cacheFile, 'utf8')) as object).find((k) => k.startsWith(`${lib.path}|`))!;
    writeFileSync(join(bad, 'tlb-layout.json'), JSON.stringify({ [key]: { [archKey(arch)]: { ...layout, cpuWord: layout.cpuWord + 8 } } }));
    process.env.TRICORN_UNICORN_CACHE = bad;
    process.env.TRICORN_UNICORN = lib.path;
    try {
      assert.equal(await sweeps(), null);
    } finally {
      for (const [k, v] of [['TRICORN_UNICORN_CACHE', env.cache], ['TRICORN_UNICORN', env.lib]] as const) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
    }
  });

  test(`${arch.name}: the engine sizes the TLB at the trap that maps 16 MiB, and the sweeps after it are right`, async () => {
    const sizes = await sweeps();
    if (skip) assert.equal(sizes, null);
    else assert.ok(sizes?.includes(8192), `a mode at 8192 entries: ${sizes}`);
  });
}
