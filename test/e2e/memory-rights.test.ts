// s390x memory rights on both Unicorn libraries. On 2.1 s390x runs under Unicorn's virtual TLB,
// whose fill hook grants every page all rights (emu/unicorn/hooks.ts): what a mapping allows is
// Unicorn's own check against each region's perms, as on 2.0.1. A page read and then written
// after mprotect(PROT_READ), and a jump to the (non-executable) stack, end the guest with the
// same trace and report on the system's Unicorn and on the preferred one.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tricorn } from './cli.js';

const dir = mkdtempSync(join(tmpdir(), 'tricorn-rights-'));
const src = (name: string, text: string) => { const p = join(dir, name); writeFileSync(p, text); return p; };

const both = (file: string) => ['system', 'auto'].map((lib) =>
  tricorn(['run', '--strace', '--arch', 's390x', file], { env: { TRICORN_UNICORN: lib } }));

test('s390x: a store to a page made read-only (after a load from it) is SIGSEGV SEGV_ACCERR, on both libraries', () => {
  // The stack page below sp made PROT_READ, read (a TLB entry for it), then written.
  const file = src('ro.s', '_start:\n  lgr %r2, %r15\n  nill %r2, 0xf000\n  aghi %r2, -4096\n  lgr %r6, %r2\n' +
    '  lghi %r3, 4096\n  lghi %r4, 1\n  svc 125\n  lg %r7, 0(%r6)\n  mvhi 0(%r6), 1\n');
  const [sys, pref] = both(file);
  assert.equal(sys.status, 139, sys.stderr);
  assert.match(sys.stderr, /mprotect\(0x[0-9a-f]+000, 4096, PROT_READ\) = 0\n--- SIGSEGV \{si_signo=SIGSEGV, si_code=SEGV_ACCERR, si_addr=0x[0-9a-f]+000\} ---\n/);
  assert.match(sys.stderr, /killed by SIGSEGV: write to protected address 0x[0-9a-f]+ at pc 0x10000020 \(e5 4c 60 00 00 01: mvhi 0\(%r6\), 1\)\n$/);
  assert.equal(pref.status, sys.status);
  assert.equal(pref.stderr, sys.stderr);
});

test('s390x: a jump to the stack is SIGSEGV (instruction fetch from non-executable memory), on both libraries', () => {
  const [sys, pref] = both(src('x.s', '_start:\n  br %r15\n'));
  assert.equal(sys.status, 139, sys.stderr);
  assert.match(sys.stderr, /killed by SIGSEGV: instruction fetch from non-executable address 0x7[0-9a-f]+ at pc 0x7[0-9a-f]+ /);
  assert.equal(pref.status, sys.status);
  assert.equal(pref.stderr, sys.stderr);
});
