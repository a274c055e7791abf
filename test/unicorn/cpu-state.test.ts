// cpu-state.ts: the system-call registers found in Unicorn's CPU state on every Unicorn
// architecture (and the registers left as they were), a layout that does not hold on an instance
// refused, and guests whose traps go through the state seen to do what they do through the API.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { architectures } from '../../arch/index.js';
import { allocNative, loadBinding, type Ptr } from '../../emu/unicorn/binding.js';
import { findStateLayout, findTrapOperand, stateView, type StateLayout } from '../../emu/unicorn/cpu-state.js';
import { ucRegisters } from '../../emu/unicorn/regs.js';
import { tricorn } from '../e2e/cli.js';

const unicornArches = architectures.filter((a) => a.engine.kind === 'unicorn');

for (const arch of unicornArches) {
  if (arch.engine.kind !== 'unicorn') continue;
  const spec = arch.engine;
  test(`${arch.name}: system-call registers in the CPU state, both ways`, () => {
    const { uc, libc } = loadBinding(spec.before, arch.name);
    const table = ucRegisters(spec);
    const sc = arch.syscall;
    const names = [...new Set([sc.nr, ...sc.args, sc.ret, arch.regs.pc])];
    const ids = names.map((n) => table.get(n)!.id);
    const pcId = table.get(arch.regs.pc)!.id;
    const out: (Ptr | null)[] = [null];
    assert.equal(uc.uc_open(spec.ucArch, spec.ucMode, out), 0);
    const h = out[0] as Ptr;
    const one = allocNative(16);
    const s = { ptr: one.ptr, words: new Uint32Array(one.buf) };
    const get = (id: number): bigint => { s.words.fill(0); uc.uc_reg_read(h, id, s.ptr); return BigInt(s.words[0]) | (BigInt(s.words[1]) << 32n); };
    const set = (id: number, v: bigint): void => {
      s.words.fill(0); s.words[0] = Number(v & 0xffffffffn); s.words[1] = Number(v >> 32n); uc.uc_reg_write(h, id, s.ptr);
    };
    try {
      // Distinct values, each register its own (the pc an aligned address).
      const values = ids.map((id, i) => (id === pcId ? 0x401000n : 0x1234_5678_0000_0000n + BigInt(i) * 0x1_0001n));
      ids.forEach((id, i) => set(id, values[i]));
      const layout = findStateLayout(uc, libc, h, ids, new Set([pcId]), s);
      assert.ok(layout, 'layout found');
      for (const [i, id] of ids.entries()) {
        assert.ok(layout.regs.has(id), `${names[i]} found`);
        assert.equal(get(id), values[i], `${names[i]} left as it was`);
      }
      const view = stateView(uc, libc, h, layout, s);
      assert.ok(view, 'the instance matches its own layout');
      for (const [i, id] of ids.entries()) {
        const w: number = layout.regs.get(id)!;
        assert.equal(BigInt(view[w]) | (BigInt(view[w + 1]) << 32n), values[i], `${names[i]} read from the state`);
        view[w] = 0x0bad_f00d; view[w + 1] = i;
        assert.equal(get(id), (BigInt(i) << 32n) | 0x0bad_f00dn, `${names[i]} written in the state`);
      }
      // A layout one word off, or with its anchor elsewhere, does not hold on the instance.
      const shifted: StateLayout = { ...layout, start: layout.start + 8 };
      assert.equal(stateView(uc, libc, h, shifted, s), null);
      const [anchor, at] = layout.regs.entries().next().value as [number, number];
      const moved: StateLayout = { ...layout, regs: new Map([[anchor, at === 0 ? 2 : at - 2], ...[...layout.regs].slice(1)]) };
      assert.equal(stateView(uc, libc, h, moved, s), null);
      assert.equal(get(anchor), (BigInt(ids.indexOf(anchor)) << 32n) | 0x0bad_f00dn, 'the refusals put the anchor back');
    } finally {
      uc.uc_close(h);
    }
  });

  // From the first trap (the default waits for 4096): threads (two instances, counted and not,
  // context moves, futexes) and a getpid loop, against the API path, under --strace.
  test(`${arch.name}: traps through the CPU state do what they do through the API`, () => {
    for (const guest of [`test/guests/glibc/bin/${arch.name}/threads`, `test/guests/bin/${arch.name}/loop`]) {
      const args = ['run', '--strace', guest, ...(guest.endsWith('loop') ? ['300'] : [])];
      const state = tricorn(args, { env: { TRICORN_UC_STATE_AFTER: '1' } });
      const api = tricorn(args, { env: { TRICORN_UC_REGS: 'api' } });
      assert.equal(api.status, 0, api.stderr.slice(-2000));
      assert.equal(state.status, api.status, state.stderr.slice(-2000));
      assert.equal(state.stdout, api.stdout);
      assert.equal(state.stderr, api.stderr);
    }
  });
}

// findTrapOperand: where the CPU records the operand of a trap that carries the number (s390x
// `svc NR`: QEMU's int_svc_code), found with the guest's own instruction, holds the operand of
// every later trap taken on an instance of that layout.
for (const arch of unicornArches) {
  const how = arch.syscall.nrInTrap;
  if (arch.engine.kind !== 'unicorn' || !how) continue;
  const spec = arch.engine;
  test(`${arch.name}: the trap's operand is read where the CPU records it`, () => {
    const { uc, libc } = loadBinding(spec.before, arch.name);
    const table = ucRegisters(spec);
    const sc = arch.syscall;
    const ids = [...new Set([sc.nr, ...sc.args, sc.ret, arch.regs.pc])].map((n) => table.get(n)!.id);
    const pcId = table.get(arch.regs.pc)!.id;
    const one = allocNative(16);
    const s = { ptr: one.ptr, words: new Uint32Array(one.buf) };
    const open = (): Ptr => { const out: (Ptr | null)[] = [null]; assert.equal(uc.uc_open(spec.ucArch, spec.ucMode, out), 0); return out[0] as Ptr; };
    const a = open(), b = open(), c = open();
    try {
      // The pc somewhere no other word is (it is found by its value), as a guest's would be.
      s.words.fill(0); s.words[0] = 0x401000; uc.uc_reg_write(a, pcId, s.ptr);
      const layout = findStateLayout(uc, libc, a, ids, new Set([pcId]), s);
      assert.ok(layout && layout.regs.has(pcId), 'layout found, the pc in it');
      // s390x `svc 0` (0a 00): the trap the guests' glibc makes, its operand byte replaced.
      const insn = new Uint8Array(sc.trapSize);
      insn[0] = 0x0a;
      const w = findTrapOperand(uc, libc, b, layout, s, insn, 0x10000, how.offset);
      assert.ok(w >= 0, 'operand word found');
      // A third instance: a trap with another operand, then the word read through its view.
      assert.equal(uc.uc_mem_map(c, 0x20000, 4096, 7), 0);
      const view = stateView(uc, libc, c, layout, s)!;
      for (const v of [0x14, 0xf8, 0x00]) {
        insn[how.offset] = v;
        assert.equal(uc.uc_mem_write(c, 0x20000 + v, insn, insn.length), 0);
        uc.uc_emu_start(c, 0x20000 + v, 0x20000 + v + insn.length, 0, 1);
        assert.equal(view[w], v, `svc ${v}`);
      }
    } finally {
      for (const h of [a, b, c]) uc.uc_close(h);
    }
  });
}
