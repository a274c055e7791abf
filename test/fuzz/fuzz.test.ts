// A short seeded fuzz run is part of the suite: ≥ 5,000 random syscalls per architecture on the
// real engines and ≥ 1,000 mutated ELF files, each in a worker process; nothing may abort the
// host, hang, reach the kernel's internal-error catch-all or throw. (npm run fuzz -- --calls
// 100000 --elfs 10000 is the full campaign.) Plus the regressions the fuzzing found.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fuzz, table } from '../../fuzz/run.js';
import { runAsm } from '../kernel/harness.js';
import { tracerFor } from '../../kernel/tracer.js';

test('seeded fuzz run: no host abort, hang, internal error or uncaught exception', async () => {
  const out = await fuzz({ calls: 20_000, elfs: 1000, seed: 7, callsPerProgram: 250, hangMs: 120_000 });
  const t = table(out);
  assert.ok(out.syscalls >= 20_000, t);
  assert.ok(out.elfs >= 1000, t);
  assert.deepEqual([out.hostAborts, out.hangs, out.internalErrors, out.exceptions], [[], [], [], []], t);
});

test('strace names a syscall number above 2^32 in full (was syscall_0x-1)', async () => {
  const r = await runAsm('mov rax, -1\nsyscall\nmov eax, 231\nxor edi, edi\nsyscall\n', { kernel: { strace: tracerFor() } });
  assert.equal(r.logs[0], 'syscall_0xffffffffffffffff(0, 0, 0, 0, 0, 0) = -1 ENOSYS (Function not implemented)');
});
