// The CPU-time clocks count CPU time, not sleeps (issue #11: "CPU-time clocks count guest work,
// not sleeps"): after a 2 s nanosleep, CLOCK_MONOTONIC has moved 2 s and the process's and the
// thread's CPU-time clocks only the little the guest computed, as on Linux.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tricorn } from './cli.js';

const dir = mkdtempSync(join(tmpdir(), 'tricorn-cpu-clocks-'));

const programs: Record<string, string> = {
  x86_64: `_start:
    lea rdi, [rip + req]
    xor esi, esi
    mov eax, 35
    syscall
    mov r12, 2
L1: mov rdi, r12
    lea rsi, [rip + ts]
    mov eax, 228
    syscall
    dec r12
    jnz L1
    mov edi, 3
    lea rsi, [rip + ts]
    mov eax, 228
    syscall
    mov eax, 231
    xor edi, edi
    syscall
req: .quad 2, 0
ts:  .quad 0, 0
`,
  aarch64: `_start:
    adr x0, req
    mov x1, #0
    mov x8, #101
    svc #0
    mov x19, #2
L1: mov x0, x19
    adr x1, ts
    mov x8, #113
    svc #0
    subs x19, x19, #1
    b.ne L1
    mov x0, #3
    adr x1, ts
    mov x8, #113
    svc #0
    mov x0, #0
    mov x8, #94
    svc #0
req: .quad 2, 0
ts:  .quad 0, 0
`,
};

for (const [arch, text] of Object.entries(programs)) {
  test(`${arch}: after a 2 s sleep the CPU-time clocks read well under a second, CLOCK_MONOTONIC 2 s`, () => {
    const file = join(dir, `clocks-${arch}.s`);
    writeFileSync(file, text);
    const r = tricorn(['run', '--strace', '--arch', arch, file]);
    assert.equal(r.status, 0, r.stderr);
    const read = (clock: string): number => {
      const m = new RegExp(`^clock_gettime\\(${clock}, \\{tv_sec=(\\d+), tv_nsec=(\\d+)\\}\\) += 0$`, 'm').exec(r.stderr);
      assert.ok(m, `no ${clock} line in\n${r.stderr}`);
      return Number(m[1]) * 1e9 + Number(m[2]);
    };
    assert.ok(read('CLOCK_MONOTONIC') >= 2e9);
    const proc = read('CLOCK_PROCESS_CPUTIME_ID'), thread = read('CLOCK_THREAD_CPUTIME_ID');
    assert.ok(proc > 0 && proc < 1e8, `process CPU time ${proc} ns`);
    assert.ok(thread > 0 && thread <= proc + 1e6, `thread CPU time ${thread} ns`);
  });
}
