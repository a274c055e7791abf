// The fork and vfork system calls (x86_64's and ppc64's tables have them; busybox calls vfork):
// fork's child has a copy of the memory, vfork's shares it and the parent sleeps until the child
// exits or execs. The child stores 42 below its stack pointer; the parent exits with that byte.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runAsm } from './harness.js';

const program = (nr: number) => `
  mov byte ptr [rsp - 64], 7
  mov eax, ${nr}
  syscall
  test eax, eax
  jnz parent
  mov byte ptr [rsp - 64], 42
  mov eax, 60
  xor edi, edi
  syscall
parent:
  movzx edi, byte ptr [rsp - 64]
  mov eax, 231
  syscall
`;

test('vfork: the child shares the parent\'s memory and runs to its exit before the parent goes on', async () => {
  const r = await runAsm(program(58));
  assert.equal(r.outcome.exitCode, 42);
});

test('fork: the child\'s stores land in its own copy', async () => {
  const r = await runAsm(program(57));
  assert.equal(r.outcome.exitCode, 7);
});
