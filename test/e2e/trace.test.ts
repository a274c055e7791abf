// --trace prints each executed instruction (address, bytes, Capstone disassembly), bounded by
// --trace-limit, on every engine.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tricorn } from './cli.js';

const firstInsn: Record<string, RegExp> = {
  x86_64: /^0x10000000: b8 01 00 00 00\s+mov eax, 1$/,
  aarch64: /^0x10000000: 20 00 80 d2\s+mov x0, #1$/,
  ppc64: /^0x10000000: 38 00 00 04\s+li r0, 4$/,
  ppc64le: /^0x10000000: 04 00 00 38\s+li r0, 4$/,
};

for (const arch of Object.keys(firstInsn)) {
  test(`${arch}: --trace --trace-limit 5`, () => {
    const r = tricorn(['run', '--trace', '--trace-limit', '5', `guest-asm/${arch}/hello.s`]);
    assert.equal(r.status, 0);
    assert.equal(r.stdout, 'hello, world\n');
    const lines = r.stderr.trimEnd().split('\n');
    assert.equal(lines.length, 6, r.stderr);
    assert.match(lines[0], firstInsn[arch]);
    for (const l of lines.slice(0, 5)) assert.match(l, /^0x[0-9a-f]{8}: ([0-9a-f]{2} )*[0-9a-f]{2}\s+\S/);
    assert.equal(lines[5], 'tricorn: --trace-limit 5 reached; tracing stops');
  });

  test(`${arch}: --trace of a whole program ends at its exit`, () => {
    const r = tricorn(['run', '--trace', `guest-asm/${arch}/hello.s`]);
    assert.equal(r.status, 0);
    const lines = r.stderr.trimEnd().split('\n');
    // write, then exit_group: the last traced instruction is the second trap
    assert.match(lines.at(-1)!, /\s(syscall|svc #0|sc)$/);
  });
}
