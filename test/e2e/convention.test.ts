// Each architecture's syscall result convention, seen from the guest: -errno in the result
// register (x86_64, aarch64), or +errno with CR0.SO set and SO clear on success (PowerPC).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tricorn } from './cli.js';
import { architectures } from '../../arch/index.js';

const dir = mkdtempSync(join(tmpdir(), 'tricorn-conv-'));

// Exit status = (what the guest sees of syscall 999) + 100 * (whether getpid reported an error).
const programs: Record<string, string> = {
  x86_64: `_start:
  mov eax, 999
  syscall
  neg eax
  mov ebx, eax
  mov eax, 39
  syscall
  cmp rax, 1
  je ok
  add ebx, 100
ok:
  mov edi, ebx
  mov eax, 231
  syscall
`,
  aarch64: `_start:
  mov x8, #999
  svc #0
  neg x19, x0
  mov x8, #172
  svc #0
  cmp x0, #1
  b.eq ok
  add x19, x19, #100
ok:
  mov x0, x19
  mov x8, #94
  svc #0
`,
  // r3 = errno with SO set: exit with r3 + 100*SO, after getpid (SO must be clear again).
  ppc: `_start:
  li 0, 999
  sc
  mfcr 5
  srwi 5, 5, 28
  andi. 5, 5, 1
  mulli 5, 5, 100
  add 20, 3, 5
  li 0, 20
  sc
  mfcr 5
  srwi 5, 5, 28
  andi. 5, 5, 1
  mulli 5, 5, 100
  add 3, 20, 5
  li 0, 234
  sc
`,
  // The number in r1 with `svc 0`, and in the instruction itself (`svc 20`, getpid; `svc 248`,
  // exit_group). No relative branch (Keystone's SystemZ mis-encodes them): the flag is arithmetic.
  s390x: `_start:
  lghi %r1, 999
  svc 0
  lcgr %r9, %r2
  svc 20
  aghi %r2, -1
  lpgr %r2, %r2
  lghi %r3, 100
  msgr %r2, %r3
  agr %r9, %r2
  lgr %r2, %r9
  svc 248
`,
};

// Every architecture Keystone assembles for (the others are covered by their C guests).
for (const arch of architectures.filter((a) => a.keystone).map((a) => a.name)) {
  test(`${arch}: ENOSYS arrives by the arch's convention, success clears it`, () => {
    const file = join(dir, `conv-${arch}.s`);
    writeFileSync(file, programs[arch.startsWith('ppc') ? 'ppc' : arch]);
    const r = tricorn(['run', '--arch', arch, file]);
    // x86_64/aarch64: 38 (-(-38)); PowerPC: 38 + 100 (SO set after 999) = 138; SO clear after getpid.
    assert.equal(r.status, arch.startsWith('ppc') ? 138 : 38, r.stderr);
  });
}
