// Bad input gets one clear line on stderr and an exit status of tricorn's own — never a stack
// trace: 125 when tricorn is misused, 126 when FILE cannot be run, 127 when FILE does not exist
// (env(1)'s convention, so they never collide with a guest's status).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { root, tricorn } from './cli.js';
import { architectures } from '../../arch/index.js';

const names = architectures.map((a) => a.name).join(', ');

const dir = mkdtempSync(join(tmpdir(), 'tricorn-errors-'));
const file = (name: string, data: string | Uint8Array) => { const p = join(dir, name); writeFileSync(p, data); return p; };

function oneLineError(args: string[], pattern: RegExp, status = 126): void {
  const r = tricorn(args);
  assert.equal(r.status, status, `exit status for ${args.join(' ')}: ${r.stderr}`);
  const lines = r.stderr.trimEnd().split('\n');
  assert.equal(lines.length, 1, `one line of stderr, got:\n${r.stderr}`);
  assert.match(lines[0], /^tricorn: /);
  assert.match(lines[0], pattern);
  assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
}

const hello = readFileSync(resolve(root, 'test/guests/bin/x86_64/hello'));

test('missing file', () => oneLineError(['run', join(dir, 'nope')], /cannot read .*no such file/, 127));
test('unknown command', () => oneLineError(['frobnicate'], /unknown command/, 125));
test('unknown option', () => oneLineError(['run', '--bogus', 'x'], /unknown option --bogus/, 125));
test('run without a file', () => oneLineError(['run'], /needs a FILE/, 125));
test('unknown architecture', () => oneLineError(['run', '--arch', 'mips', file('a.s', 'nop\n')], /unknown architecture 'mips'/, 125));
test('.s without --arch', () => oneLineError(['run', file('b.s', 'nop\n')], /give --arch/));
test('bad assembly', () => oneLineError(['run', '--arch', 'x86_64', file('c.s', 'mov rax, \nfrobnicate 1, 2\n')], /assembly failed/));
test('an assembly error names the line and its text', () =>
  oneLineError(['run', '--arch', 'x86_64', file('d.s', '_start:\n  mov rax, 60\n  frobnicate rdi, 1\n  syscall\n')],
    /assembly failed: line 3: Invalid mnemonic \(KS_ERR_ASM_MNEMONICFAIL\): frobnicate rdi, 1$/));
for (const a of architectures.filter((x) => !x.keystone)) {
  test(`a .s file for ${a.name}, which Keystone cannot assemble`, () =>
    oneLineError(['run', '--arch', a.name, file(`k-${a.name}.s`, 'nop\n')], new RegExp(`assembly failed: Keystone cannot assemble for ${a.name}`)));
}
test('truncated ELF', () => oneLineError(['run', file('trunc', hello.subarray(0, 40))], /truncated/));
test('ELF with bad class', () => {
  const b = Uint8Array.from(hello); b[4] = 1;
  oneLineError(['run', file('elf32', b)], /is a 32-bit ELF \(x86_64\); tricorn runs 64-bit guests/);
});
test('ELF whose segment lies outside the file', () => {
  oneLineError(['run', file('cut', hello.subarray(0, 2000))], /outside the file|truncated/);
});
test('ELF for a machine tricorn does not run', () => {
  const b = Uint8Array.from(hello); b[18] = 40; b[19] = 0; // EM_ARM
  oneLineError(['run', file('arm', b)], new RegExp(`is an ARM executable; tricorn runs ${names}$`));
});
test('--arch that contradicts the ELF header', () => {
  oneLineError(['run', '--arch', 'aarch64', 'test/guests/bin/x86_64/hello'], /is an x86_64 executable, not aarch64/);
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

test('bad number for --pid-max', () => oneLineError(['run', '--pid-max', 'lots', 'x'], /--pid-max needs a number/, 125));

test('--help is every command\'s whole help; help CMD is CMD --help', () => {
  const a = tricorn(['--help']);
  assert.equal(a.status, 0);
  for (const cmd of ['run', 'layout', 'conform', 'explain']) {
    const own = tricorn([cmd, '--help']);
    assert.equal(own.status, 0, cmd);
    assert.ok(a.stdout.includes(`\ntricorn ${cmd}\n${'='.repeat(8 + cmd.length)}\n\n${own.stdout}`), `--help lacks ${cmd}'s help`);
    assert.equal(tricorn(['help', cmd]).stdout, own.stdout);
  }
  // Every option `tricorn run` accepts is in its help (the list among them).
  const run = tricorn(['run', '--help']).stdout;
  const opts = ['--arch', '--strace', '--strace=FILE', '-o FILE', '-s N', '-a N', '-f', '-ff', '-e trace=SET', '-e signal=SET', '-c',
    '-t, -tt, -ttt', '-r', '-T', '-y', '-q, -qq', '--json', '--trace-json FILE', '--time host', '--trace', '--quiet', '--trace-limit',
    '--pid-max', '--pidns', '-e inject=SET:error=ERRNO', '--uid', '--root', '--mount', '--read-only', '--sandbox', '--env K=V, -E K=V', '--env-host', '--unset K, -U K',
    '--seed', '--memory-limit', '--max-tasks', '--timeout', '--max-insns'];
  for (const opt of opts) assert.ok(run.includes(opt), opt);
  for (const cls of ['%file', '%desc', '%process', '%signal', '%memory', '%network', '%ipc', '%creds', '%clock']) assert.ok(run.includes(cls), cls);
  assert.match(tricorn(['layout', '--help']).stdout, /--list/);
  assert.match(tricorn(['layout', '--help']).stdout, /--json/);
  // Misuse: one line, 125.
  oneLineError(['help', 'frobnicate'], /^tricorn: help: no command 'frobnicate' \(commands: run, layout, conform, explain\)$/, 125);
  oneLineError(['--frobnicate'], /^tricorn: unknown option --frobnicate \(see tricorn --help\)$/, 125);
  oneLineError(['frobnicate'], /^tricorn: unknown command 'frobnicate'/, 125);
  for (const flag of ['--sandbox', '--read-only', '--env-host', '--quiet', '--trace', '--pidns']) {
    oneLineError(['run', `${flag}=1`, 'test/guests/bin/x86_64/hello'], new RegExp(`^tricorn: ${flag} takes no value`), 125);
  }
});

test('a LoongArch executable is named in plain words', () => {
  const b = Uint8Array.from(hello); b[18] = 258 & 0xff; b[19] = 258 >> 8; // EM_LOONGARCH
  oneLineError(['run', file('loong', b)], new RegExp(`loong is a LoongArch executable; tricorn runs ${names}$`));
  // Named first, whatever else is wrong with the file (here: no program headers).
  b[56] = 0; b[57] = 0;
  oneLineError(['run', file('loong-nophdr', b)], new RegExp(`loong-nophdr is a LoongArch executable; tricorn runs ${names}$`));
});
test('a 32-bit i386 ELF', () => {
  const b = Uint8Array.from(hello); b[4] = 1; b[18] = 3; b[19] = 0; // ELFCLASS32, EM_386
  oneLineError(['run', file('i386', b)], /is a 32-bit ELF \(i386\); tricorn runs 64-bit guests$/);
});
test('a dynamically linked ELF', () => {
  const b = Uint8Array.from(hello);
  const dv = new DataView(b.buffer);
  dv.setUint32(Number(dv.getBigUint64(32, true)) + 0 * 56, 3, true); // program header 0 becomes PT_INTERP
  // Its "interpreter" is the ELF header's bytes: refused in one line before anything runs.
  oneLineError(['run', file('dyn', b)], /bad PT_INTERP segment|dynamically linked and its interpreter/);
});
test('an unknown short option is named, not read as FILE', () => oneLineError(['run', '-X', 'test/guests/bin/x86_64/hello'], /^tricorn: unknown option -X /, 125));
test('a flag given a value is refused', () => oneLineError(['run', '--trace=yes', 'test/guests/bin/x86_64/hello'], /--trace takes no value/, 125));
test('strace options need --strace', () => oneLineError(['run', '-s', '10', 'test/guests/bin/x86_64/hello'], /-s applies only with --strace/, 125));
test('--opt=value works for options that take one', () => {
  const r = tricorn(['run', '--seed=7', '--pid-max=1000', '--uid=0', '--env=A=B', 'test/guests/bin/x86_64/hello']);
  assert.equal(r.status, 3, r.stderr); // hello's own exit status
  assert.match(r.stdout, /^hello from x86_64\n/);
});
test('a directory cannot be run (126)', () => oneLineError(['run', dir], /is a directory/));

test('unimplemented syscalls: one line each, silenced by --quiet', () => {
  const f = file('key.s', 'mov eax, 248\nsyscall\nmov eax, 248\nsyscall\nmov eax, 231\nxor edi, edi\nsyscall\n');
  const r = tricorn(['run', '--arch', 'x86_64', f]);
  assert.equal(r.status, 0);
  assert.equal(r.stderr, "tricorn: pid 1: syscall 'add_key' is not implemented (ENOSYS)\n");
  const q = tricorn(['run', '--quiet', '--arch', 'x86_64', f]);
  assert.equal(q.stderr, '');
});
