// Store-heavy programs, where the engine sizes Unicorn's soft TLB at run time (emu/unicorn/tlb.ts,
// docs/unicorn.md): a sieve over 5 MB (more writable memory than the smallest TLB the engine
// sizes covers) gives the answer Linux gives (the x86_64 build run natively: 348513 primes up to
// 5000000, largest 4999999) on every Unicorn architecture, and the same output and system-call
// trace, byte for byte, twice. A TLB grown over the wrong memory would break one or the other.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tricorn } from './cli.js';
import { architectures } from '../../arch/index.js';

const ANSWER = '348513 primes up to 5000000, largest 4999999\n';

for (const arch of architectures.filter((a) => a.engine.kind === 'unicorn').map((a) => a.name)) {
  test(`${arch}: a 5 MB sieve under --strace, twice: Linux's answer, the same trace`, () => {
    const run = () => tricorn(['run', '--strace', `bench/programs/bin/${arch}/sieve`, '5000000']);
    const a = run();
    const b = run();
    assert.equal(a.status, 0, a.stderr.slice(-2000));
    assert.equal(a.stdout, ANSWER);
    assert.match(a.stderr, /mmap\(NULL, 5001216,/, 'the sieve maps its array');
    assert.equal(b.stdout, a.stdout);
    assert.equal(b.stderr, a.stderr);
  });
}
