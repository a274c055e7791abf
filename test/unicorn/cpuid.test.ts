// x86_64's CPUID: the leaves the arch descriptor lists are answered from it (leaf 1, whose EDX
// must name FPU, MMX, SSE2… for glibc's ld.so to accept the x86-64 baseline); the rest come
// from Unicorn's CPU model.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { x86_64 } from '../../arch/x86_64.js';
import { guest } from './helpers.js';

test('x86_64: cpuid leaf 1 is the descriptor\'s answer, zero-extended into the 64-bit registers', async () => {
  const g = await guest(x86_64, 'mov rax, -1\nmov eax, 1\nmov rbx, -1\nmov rcx, -1\nmov rdx, -1\nxor ecx, ecx\ncpuid\nsyscall');
  const e = g.engine;
  e.onSyscall = () => false;
  e.run(0);
  const want = x86_64.engine.kind === 'unicorn' ? x86_64.engine.cpuid?.find((c) => c.leaf === 1) : undefined;
  assert.ok(want);
  assert.equal(e.getReg('rax'), BigInt(want.eax));
  assert.equal(e.getReg('rbx'), BigInt(want.ebx));
  assert.equal(e.getReg('rcx'), BigInt(want.ecx));
  assert.equal(e.getReg('rdx'), BigInt(want.edx));
  // The x86-64 baseline glibc checks: FPU, CX8, CMOV, MMX, FXSR, SSE, SSE2.
  for (const bit of [0, 8, 15, 23, 24, 25, 26]) assert.ok(want.edx & (1 << bit), `edx bit ${bit}`);
  e.close();
});

test('x86_64: a leaf the descriptor does not list is Unicorn\'s (leaf 0: the highest leaf and the vendor)', async () => {
  const g = await guest(x86_64, 'xor eax, eax\ncpuid\nsyscall');
  const e = g.engine;
  e.onSyscall = () => false;
  e.run(0);
  assert.ok(e.getReg('rax') >= 1n);
  const vendor = [e.getReg('rbx'), e.getReg('rdx'), e.getReg('rcx')]
    .map((v) => Buffer.from(new Uint32Array([Number(v)]).buffer).toString('latin1')).join('');
  assert.match(vendor, /^(AuthenticAMD|GenuineIntel)$/);
  e.close();
});
