import { test } from 'node:test';
import assert from 'node:assert/strict';
import { architectures, findArch } from '../../arch/index.js';
import { ppc64, ppc64le } from '../../arch/ppc64.js';
import { x86_64 } from '../../arch/x86_64.js';
import {
  array, chars, copyStructFromUser, defineStruct, layoutOf, readPid, readS32, readStruct, readU32, readU64,
  readU64Big, readU64Halves, writeStruct, writeU32, writeU64, type AbiInfo,
} from '../../kernel/abi/struct.js';
import {
  CLONE_ARGS_SIZE_VER0, CLONE_ARGS_SIZE_VER1, CLONE_ARGS_SIZE_VER2, cloneArgs, cloneStruct, readCloneArgs,
  structDecl, structLayout, structNames, structNamesOf,
} from '../../kernel/abi/structs.js';
import { FakeMem, fixtureJson } from './helpers.js';

const hex = (b: Uint8Array) => [...b].map((x) => x.toString(16).padStart(2, '0')).join('');

test('clone_struct is 40 bytes, align 8, with identical offsets on every ABI', () => {
  const expected = [['flags', 0, 8], ['child_stack', 8, 8], ['nr_pids', 16, 4], ['parent_tid', 20, 4],
    ['child_tid', 24, 4], ['reserved1', 28, 4], ['reserved2', 32, 8]];
  assert.ok(architectures.length >= 4);
  for (const a of architectures) {
    const L = structLayout('clone_struct', a);
    assert.equal(L.size, 40, a.name);
    assert.equal(L.align, 8, a.name);
    assert.deepEqual(L.fields.map((f) => [f.name, f.offset, f.size]), expected, a.name);
    assert.deepEqual(L.holes, [], a.name);
  }
});

test('the same clone_struct values encode to byte-swapped words on ppc64 vs ppc64le', () => {
  const value = { flags: 0x20000011n, child_stack: 0x7fff0000n, nr_pids: 2, parent_tid: 0x4c1d40, child_tid: 0x4c1d44 };
  const be = structLayout('clone_struct', ppc64).encode(value);
  const le = structLayout('clone_struct', ppc64le).encode(value);
  assert.equal(hex(be.subarray(0, 8)), '0000000020000011');
  assert.equal(hex(le.subarray(0, 8)), '1100002000000000');
  assert.equal(hex(be.subarray(16, 20)), '00000002');
  assert.equal(hex(le.subarray(16, 20)), '02000000');
  // Every field's bytes are the reverse of the other order's, field by field.
  for (const f of structLayout('clone_struct', ppc64).fields) {
    const a = be.subarray(f.offset, f.offset + f.size);
    const b = le.subarray(f.offset, f.offset + f.size);
    assert.deepEqual([...a].reverse(), [...b], f.name);
  }
  // x86_64 and aarch64 are byte-identical to ppc64le.
  assert.equal(hex(structLayout('clone_struct', x86_64).encode(value)), hex(le));
  // And decode gives the values back on both.
  for (const [arch, bytes] of [[ppc64, be], [ppc64le, le]] as const) {
    const v = structLayout('clone_struct', arch).decode(bytes);
    assert.equal(v.flags, 0x20000011n);
    assert.equal(v.nr_pids, 2);
    assert.equal(v.parent_tid, 0x4c1d40);
    assert.equal(v.reserved2, 0n);
  }
});

test('clone_args: 88 bytes, version sizes 64 / 80 / 88 end at tls / set_tid_size / cgroup', () => {
  for (const a of architectures) {
    const L = structLayout('clone_args', a);
    assert.equal(L.size, CLONE_ARGS_SIZE_VER2);
    assert.equal(L.endOf('tls'), CLONE_ARGS_SIZE_VER0);
    assert.equal(L.endOf('set_tid_size'), CLONE_ARGS_SIZE_VER1);
    assert.equal(L.endOf('cgroup'), CLONE_ARGS_SIZE_VER2);
    assert.equal(L.fields.length, 11);
  }
  assert.deepEqual([CLONE_ARGS_SIZE_VER0, CLONE_ARGS_SIZE_VER1, CLONE_ARGS_SIZE_VER2], [64, 80, 88]);
});

test('every declared struct matches the cross compilers\' layout (fixtures/layouts.json)', () => {
  type Fixture = Record<string, Record<string, { size: number; align: number; fields: Record<string, [number, number]> }>>;
  const fx = fixtureJson<Fixture>('layouts.json');
  let checked = 0;
  for (const a of architectures) {
    for (const name of structNamesOf(architectures)) {
      if (!structDecl(name, a)) { assert.ok(!fx[a.name][name], `${a.name} declares ${name}`); continue; }
      const want = fx[a.name][name];
      assert.ok(want, `fixture has ${a.name}/${name}`);
      const L = structLayout(name, a);
      assert.equal(L.size, want.size, `${a.name} ${name} size`);
      assert.equal(L.align, want.align, `${a.name} ${name} align`);
      for (const [field, [off, size]] of Object.entries(want.fields)) {
        // Fixture names are C member designators (`uc.uc_mcontext.rip`), as offsetof takes them.
        assert.equal(L.offsetOf(field), off, `${a.name} ${name}.${field} offset`);
        assert.equal(L.locate(field).size, size, `${a.name} ${name}.${field} size`);
        checked++;
      }
    }
  }
  assert.ok(checked > 300, `${checked} fields checked`);
});

test('struct stat: 144 bytes on x86_64, 128 on aarch64, 144 on ppc64 — three declarations', () => {
  const sizes = Object.fromEntries(architectures.map((a) => [a.name, structLayout('stat', a).size]));
  for (const [name, size] of Object.entries({ x86_64: 144, aarch64: 128, ppc64: 144, ppc64le: 144 })) assert.equal(sizes[name], size, name);
  const aarch = structLayout('stat', architectures[1]);
  assert.equal(aarch.offsetOf('st_mode'), 16);
  assert.equal(aarch.offsetOf('st_nlink'), 20);
  assert.equal(structLayout('stat', x86_64).offsetOf('st_nlink'), 16);
  assert.equal(structLayout('stat', x86_64).offsetOf('st_mode'), 24);
  // ppc64 leaves an unnamed 4-byte hole after st_gid where x86_64 names it __pad0.
  assert.deepEqual(structLayout('stat', ppc64).holes, [{ offset: 36, size: 4, after: 'st_gid' }]);
  assert.equal(structDecl('stat', findArch('ppc64')!), structDecl('stat', findArch('ppc64le')!));
  assert.notEqual(structDecl('stat', findArch('x86_64')!), structDecl('stat', findArch('aarch64')!));
  assert.equal(structDecl('no_such_struct', findArch('x86_64')!), undefined);
  assert.equal(structDecl('toString', findArch('x86_64')!), undefined);
});

test('layout follows the ABI: padding, trailing padding, 4-byte long, align8 = 4', () => {
  const s = defineStruct('t', [['a', 'u8'], ['b', 'u64'], ['c', 'u16'], ['name', chars(3)], ['d', array('u32', 2)]]);
  const lp64: AbiInfo = { name: 'lp64', endian: 'little', ctypes: { long: 8, pointer: 8, align8: 8 } };
  const l = layoutOf(s, lp64);
  assert.deepEqual(l.fields.map((f) => [f.name, f.offset, f.size, f.align]),
    [['a', 0, 1, 1], ['b', 8, 8, 8], ['c', 16, 2, 2], ['name', 18, 3, 1], ['d', 24, 8, 4]]);
  assert.deepEqual(l.holes, [{ offset: 1, size: 7, after: 'a' }, { offset: 21, size: 3, after: 'name' }]);
  assert.equal(l.size, 32);
  // i386-like: 8-byte integers aligned to 4, long and pointer 4 bytes.
  const ilp32: AbiInfo = { name: 'i386', endian: 'little', ctypes: { long: 4, pointer: 4, align8: 4 } };
  const l32 = layoutOf(s, ilp32);
  assert.equal(l32.offsetOf('b'), 4);
  assert.equal(l32.size, 28);
  const t = defineStruct('t2', [['p', 'pointer'], ['n', 'long'], ['c', 'char']]);
  assert.equal(layoutOf(t, ilp32).size, 12);
  assert.equal(layoutOf(t, lp64).size, 24);
  // Nested structs take their own alignment; layouts are cached per ABI.
  const outer = defineStruct('outer', [['x', 'u8'], ['inner', t]]);
  assert.equal(layoutOf(outer, lp64).offsetOf('inner'), 8);
  assert.equal(layoutOf(outer, lp64), layoutOf(outer, lp64));
  assert.throws(() => defineStruct('dup', [['a', 'u8'], ['a', 'u8']]));
});

test('encode / decode round trip, signed values, chars, arrays, nested', () => {
  const inner = defineStruct('in', [['s', 's16'], ['u', 'u16']]);
  const s = defineStruct('rt', [['i', 'int'], ['l', 'long'], ['name', chars(8)], ['arr', array('s32', 3)], ['in', inner],
    ['p', 'pointer'], ['big', 'u64']]);
  for (const endian of ['little', 'big'] as const) {
    const L = layoutOf(s, { name: endian, endian, ctypes: { long: 8, pointer: 8, align8: 8 } });
    const b = L.encode({ i: -2, l: -5n, name: 'abc', arr: [1, -1, 7], in: { s: -3, u: 65535 }, p: 0x7fff12345678, big: 0xffffffffffffffffn });
    const v = L.decode(b);
    assert.deepEqual(v, { i: -2, l: -5n, name: 'abc', arr: [1, -1, 7], in: { s: -3, u: 65535 }, p: 0x7fff12345678n, big: 0xffffffffffffffffn });
    // Hot-path accessors: numbers and halves, no BigInt.
    assert.equal(L.get(b, 'i'), -2);
    assert.equal(L.get(b, 'l'), -5);
    assert.equal(L.get(b, 'p'), 0x7fff12345678);
    assert.equal(L.getLo(b, 'big'), 0xffffffff);
    assert.equal(L.getHi(b, 'big'), 0xffffffff);
    assert.equal(L.getHi(b, 'i'), 0);
    assert.equal(L.getBig(b, 'l'), -5n);
    L.set(b, 'i', 0x12345678);
    assert.equal(L.get(b, 'i'), 0x12345678);
    L.setHalves(b, 'big', 0x89abcdef, 0x01234567);
    assert.equal(L.getBig(b, 'big'), 0x0123456789abcdefn);
    L.set(b, 'l', 2 ** 40 + 3);
    assert.equal(L.get(b, 'l'), 2 ** 40 + 3);
    assert.throws(() => L.get(b, 'name'), /not a scalar/);
    assert.throws(() => L.field('nope'), /no field/);
    assert.throws(() => L.encode({ nope: 1 }), /no field/);
    assert.throws(() => L.encode({ name: 'too long for eight' }), /do not fit/);
  }
});

test('scalar helpers read and write in the guest\'s byte order and fail cleanly', () => {
  const m = new FakeMem().map(0x1000, 0x1000).map(0x3000, 0x1000, false);
  for (const arch of [x86_64, ppc64]) {
    assert.equal(writeU32(m, 0x1000, 0xdeadbeef, arch), true);
    assert.equal(readU32(m, 0x1000, arch), 0xdeadbeef);
    assert.equal(writeU32(m, 0x1004, -600, arch), true);
    assert.equal(readS32(m, 0x1004, arch), -600);
    assert.equal(readPid(m, 0x1004, arch), -600);
    assert.equal(readU32(m, 0x1004, arch), 0x100000000 - 600);
    assert.equal(writeU64(m, 0x1008, 0x123456789abcn, arch), true);
    assert.equal(readU64(m, 0x1008, arch), 0x123456789abc);
    assert.equal(readU64Big(m, 0x1008, arch), 0x123456789abcn);
    const out = new Uint32Array(2);
    assert.equal(readU64Halves(m, 0x1008, arch, out), true);
    assert.deepEqual([...out], [0x56789abc, 0x1234]);
    assert.equal(writeU64(m, 0x1010, -1, arch), true);
    assert.equal(readU64Big(m, 0x1010, arch), 0xffffffffffffffffn);
  }
  // Byte order on the wire.
  writeU32(m, 0x1100, 0x11223344, ppc64);
  assert.equal(hex(m.read(0x1100, 4)!), '11223344');
  writeU32(m, 0x1100, 0x11223344, ppc64le);
  assert.equal(hex(m.read(0x1100, 4)!), '44332211');
  // Bad pointers: null / false, never a throw (the kernel answers EFAULT).
  assert.equal(readU32(m, 0x5000, x86_64), null);
  assert.equal(readU64(m, 0x1ffc, x86_64), null); // straddles into an unmapped page
  assert.equal(readU64Halves(m, 0x5000, x86_64, new Uint32Array(2)), false);
  assert.equal(writeU32(m, 0x3000, 1, x86_64), false); // read-only page
  assert.equal(writeU64(m, 0x8000, 1, x86_64), false);
  assert.equal(readStruct(m, 0x5000, structLayout('timespec', x86_64)), null);
  assert.equal(writeStruct(m, 0x1200, structLayout('timespec', x86_64), { tv_sec: 5, tv_nsec: 6 }), true);
  assert.deepEqual(readStruct(m, 0x1200, structLayout('timespec', x86_64)), { tv_sec: 5n, tv_nsec: 6n });
});

test('copyStructFromUser: zero-extends short structs, E2BIG on a nonzero tail, EFAULT when unreadable', () => {
  const m = new FakeMem().map(0x10000, 0x2000);
  const L = structLayout('clone_args', x86_64);
  m.put(0x10000, L.encode({ flags: 0x100, exit_signal: 17, set_tid: 0x5000, cgroup: 9 }));
  // Shorter than the kernel's struct: the missing tail reads as zero.
  const short = copyStructFromUser(m, 0x10000, 64, 88);
  assert.ok(short instanceof Uint8Array);
  assert.equal(short.length, 88);
  assert.equal(L.get(short, 'flags'), 0x100);
  assert.equal(L.get(short, 'set_tid'), 0);
  assert.equal(L.get(short, 'cgroup'), 0);
  // Equal: everything.
  const full = copyStructFromUser(m, 0x10000, 88, 88) as Uint8Array;
  assert.equal(L.get(full, 'cgroup'), 9);
  // Longer with a zero tail: accepted.
  assert.ok(copyStructFromUser(m, 0x10000, 200, 88) instanceof Uint8Array);
  // Longer with a nonzero byte past what the kernel knows: -E2BIG.
  m.put(0x10000 + 150, new Uint8Array([1]));
  assert.equal(copyStructFromUser(m, 0x10000, 200, 88), -7);
  assert.ok(copyStructFromUser(m, 0x10000, 150, 88) instanceof Uint8Array);
  // Tail runs into unmapped memory: -EFAULT; so does an unreadable struct.
  assert.equal(copyStructFromUser(m, 0x11ff0, 40, 16), -14);
  assert.equal(copyStructFromUser(m, 0x20000, 64, 88), -14);
  assert.equal(copyStructFromUser(m, 0x11fd0, 88, 88), -14);
  // usize 0: all zeros, nothing read.
  const z = copyStructFromUser(m, 0x99999000, 0, 16);
  assert.deepEqual(z, new Uint8Array(16));
});

test('readCloneArgs: Linux\'s clone3 size rules', () => {
  const m = new FakeMem().map(0x10000, 0x3000);
  const L = structLayout('clone_args', x86_64);
  m.put(0x10000, L.encode({ flags: 0x100, exit_signal: 17, set_tid: 0x5000, set_tid_size: 2, cgroup: 3 }));
  assert.equal(readCloneArgs(m, 0x10000, 63, x86_64), -22); // below VER0: EINVAL
  assert.equal(readCloneArgs(m, 0x10000, 0, x86_64), -22);
  assert.equal(readCloneArgs(m, 0x10000, 4097, x86_64), -7); // above a page: E2BIG
  const v0 = readCloneArgs(m, 0x10000, 64, x86_64) as Uint8Array;
  assert.equal(L.get(v0, 'exit_signal'), 17);
  assert.equal(L.get(v0, 'set_tid_size'), 0); // not part of version 0
  const v1 = readCloneArgs(m, 0x10000, 80, x86_64) as Uint8Array;
  assert.equal(L.get(v1, 'set_tid_size'), 2);
  assert.equal(L.get(v1, 'cgroup'), 0);
  const v2 = readCloneArgs(m, 0x10000, 88, x86_64) as Uint8Array;
  assert.equal(L.get(v2, 'cgroup'), 3);
  assert.ok(readCloneArgs(m, 0x10000, 96, x86_64) instanceof Uint8Array);
  m.put(0x10000 + 90, new Uint8Array([0xff]));
  assert.equal(readCloneArgs(m, 0x10000, 96, x86_64), -7);
  assert.equal(readCloneArgs(m, 0x40000, 88, x86_64), -14);
  // ppc64's page is 64 KiB: 8000 bytes is still "a page", and the zero tail is fine.
  assert.ok(readCloneArgs(m, 0x10000 + 0x100, 8000, ppc64) instanceof Uint8Array);
  // On big-endian the same bytes mean other numbers: the layer reads them in the guest's order.
  const be = structLayout('clone_args', ppc64);
  m.put(0x12000, be.encode({ flags: 0x20000000n, exit_signal: 17n }));
  const b = readCloneArgs(m, 0x12000, 64, ppc64) as Uint8Array;
  assert.equal(be.get(b, 'flags'), 0x20000000);
  assert.equal(be.get(b, 'exit_signal'), 17);
  assert.equal(L.get(b, 'exit_signal'), 17 * 2 ** 56); // read as little-endian, it is garbage
});

test('declarations are data: cloneStruct and cloneArgs are the registered ones', () => {
  assert.equal(structDecl('clone_struct', findArch('aarch64')!), cloneStruct);
  assert.equal(structDecl('clone_args', findArch('ppc64')!), cloneArgs);
  for (const n of ['clone_struct', 'clone_args', 'new_utsname', 'timespec', 'rlimit64', 'stat', 'sigaction',
    'robust_list_head', 'sysinfo', 'iovec']) assert.ok(structNames.includes(n), n);
  assert.equal(structLayout('new_utsname', x86_64).size, 390);
  assert.equal(structLayout('sigaction', ppc64).offsetOf('sa_mask'), 24);
});
