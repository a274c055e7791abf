// Bad input gets one clear line on stderr and exit status 2 — never a stack trace.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { root, tricorn } from './cli.js';

const dir = mkdtempSync(join(tmpdir(), 'tricorn-errors-'));
const file = (name: string, data: string | Uint8Array) => { const p = join(dir, name); writeFileSync(p, data); return p; };

function oneLineError(args: string[], pattern: RegExp): void {
  const r = tricorn(args);
  assert.equal(r.status, 2, `exit status for ${args.join(' ')}: ${r.stderr}`);
  const lines = r.stderr.trimEnd().split('\n');
  assert.equal(lines.length, 1, `one line of stderr, got:\n${r.stderr}`);
  assert.match(lines[0], /^tricorn: /);
  assert.match(lines[0], pattern);
  assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
}

const hello = readFileSync(resolve(root, 'test/guests/bin/x86_64/hello'));

test('missing file', () => oneLineError(['run', join(dir, 'nope')], /cannot read .*no such file/));
test('a directory', () => oneLineError(['run', dir], /is a directory/));
test('unknown command', () => oneLineError(['frobnicate'], /unknown command/));
test('unknown option', () => oneLineError(['run', '--bogus', 'x'], /unknown option --bogus/));
test('run without a file', () => oneLineError(['run'], /needs a FILE/));
test('unknown architecture', () => oneLineError(['run', '--arch', 'mips', file('a.s', 'nop\n')], /unknown architecture 'mips'/));
test('.s without --arch', () => oneLineError(['run', file('b.s', 'nop\n')], /give --arch/));
test('bad assembly', () => oneLineError(['run', '--arch', 'x86_64', file('c.s', 'mov rax, \nfrobnicate 1, 2\n')], /assembly failed/));
test('truncated ELF', () => oneLineError(['run', file('trunc', hello.subarray(0, 40))], /truncated/));
test('ELF with bad class', () => {
  const b = Uint8Array.from(hello); b[4] = 1;
  oneLineError(['run', file('elf32', b)], /not a 64-bit ELF/);
});
test('ELF whose segment lies outside the file', () => {
  oneLineError(['run', file('cut', hello.subarray(0, 2000))], /outside the file|truncated/);
});
test('ELF for a machine tricorn does not run', () => {
  const b = Uint8Array.from(hello); b[18] = 40; b[19] = 0; // EM_ARM
  oneLineError(['run', file('arm', b)], /unsupported machine 40/);
});
test('--arch that contradicts the ELF header', () => {
  oneLineError(['run', '--arch', 'aarch64', 'test/guests/bin/x86_64/hello'], /is a x86_64 executable, not aarch64/);
});
/** hello with one field of program header `i` (a byte offset into it) set to a 64-bit value. */
function patchPhdr(i: number, field: number, value: bigint): Uint8Array {
  const b = Uint8Array.from(hello);
  const dv = new DataView(b.buffer);
  const phoff = Number(dv.getBigUint64(32, true));
  dv.setBigUint64(phoff + i * 56 + field, value, true);
  return b;
}
const P_VADDR = 16, P_MEMSZ = 40;
test('ELF segment reaching beyond the user address space', () => {
  oneLineError(['run', file('huge', patchPhdr(3, P_MEMSZ, 0x7fffffffffffn))], /beyond the user address space/);
});
test('ELF segment larger than the guest memory limit', () => {
  oneLineError(['run', file('tib', patchPhdr(3, P_MEMSZ, 1n << 40n))], /more than the guest memory limit/);
});
test('ELF with overlapping segments', () => {
  oneLineError(['run', file('overlap', patchPhdr(2, P_VADDR, 0x401800n))], /overlapping segments/);
});
test('ELF whose entry point is outside every segment', () => {
  const b = Uint8Array.from(hello);
  new DataView(b.buffer).setBigUint64(24, 0x900000n, true);
  oneLineError(['run', file('entry', b)], /entry point 0x900000 is outside/);
});
test('ELF with a huge program header count', () => {
  const b = Uint8Array.from(hello);
  new DataView(b.buffer).setUint16(56, 0xffff, true);
  oneLineError(['run', file('phnum', b)], /program header table too large/);
});

test('bad number for --pid-max', () => oneLineError(['run', '--pid-max', 'lots', 'x'], /--pid-max needs a number/));

test('--help and run --help explain the options', () => {
  const a = tricorn(['--help']);
  assert.equal(a.status, 0);
  assert.match(a.stdout, /tricorn run/);
  assert.match(a.stdout, /tricorn layout/);
  const b = tricorn(['run', '--help']);
  assert.equal(b.status, 0);
  for (const opt of ['--arch', '--strace', '--trace', '--trace-limit', '--pid-max']) assert.match(b.stdout, new RegExp(opt));
});
