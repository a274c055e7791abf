// A syscall tricorn does not implement answers ENOSYS and, when asked, is reported once per
// name per run; deliberate ENOSYS answers (rseq) are not reported.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runAsm } from './harness.js';

// add_key (248) twice, rseq (334), syscall 999 (no name), then exit_group(0).
const GUEST = `
  mov eax, 248
  syscall
  mov eax, 248
  syscall
  mov eax, 334
  syscall
  mov eax, 999
  syscall
  mov eax, 231
  xor edi, edi
  syscall
`;

test('an unimplemented syscall is reported once per name, rseq never', async () => {
  const r = await runAsm(GUEST, { kernel: { reportUnimplemented: true } });
  assert.equal(r.outcome.exitCode, 0);
  assert.deepEqual(r.logs, [
    "tricorn: pid 1: syscall 'add_key' is not implemented (ENOSYS)",
    "tricorn: pid 1: syscall 'syscall_0x3e7' is not implemented (ENOSYS)",
  ]);
});

test('without reporting (--quiet, --strace) nothing is said', async () => {
  const r = await runAsm(GUEST);
  assert.deepEqual(r.logs, []);
});
