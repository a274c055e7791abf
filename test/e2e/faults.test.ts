// A guest fault ends that guest with a one-line report naming the address and the instruction,
// and the exit status Linux's shell would show (128 + signal); never a host stack trace.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tricorn } from './cli.js';

const dir = mkdtempSync(join(tmpdir(), 'tricorn-faults-'));
const src = (name: string, text: string) => { const p = join(dir, name); writeFileSync(p, text); return p; };

// An undefined instruction as each arch's first instruction, and a jump to unmapped memory.
const illegal: Record<string, string> = {
  x86_64: '_start:\n  ud2\n',
  aarch64: '_start:\n  .byte 0, 0, 0, 0\n',
  ppc64: '_start:\n  .byte 0, 0, 0, 0\n',
  ppc64le: '_start:\n  .byte 0, 0, 0, 0\n',
};
const wild: Record<string, string> = {
  x86_64: '_start:\n  mov rax, 0x123000\n  jmp rax\n',
  aarch64: '_start:\n  movz x1, #0x12, lsl #16\n  movk x1, #0x3000\n  br x1\n',
  ppc64: '_start:\n  lis 3, 0x12\n  ori 3, 3, 0x3000\n  mtctr 3\n  bctr\n',
  ppc64le: '_start:\n  lis 3, 0x12\n  ori 3, 3, 0x3000\n  mtctr 3\n  bctr\n',
};

function oneReport(stderr: string): string {
  const lines = stderr.trimEnd().split('\n');
  assert.equal(lines.length, 1, stderr);
  assert.doesNotMatch(stderr, /\n\s+at /);
  return lines[0];
}

for (const arch of Object.keys(illegal)) {
  test(`${arch}: illegal instruction -> SIGILL, exit 132`, () => {
    const r = tricorn(['run', '--arch', arch, src(`ill-${arch}.s`, illegal[arch])]);
    assert.equal(r.status, 132, r.stderr);
    assert.match(oneReport(r.stderr), /^tricorn: pid 1 killed by SIGILL: illegal instruction at pc 0x10000000 \([0-9a-f ]+: .+\)$/);
  });

  // The si_code is each port's: x86's #UD handler says ILL_ILLOPN (what `strace -f` shows for
  // ud2 natively, test/guests/strace/linux/glibc-signals.txt); arm64's do_undefinstr, powerpc's
  // program check and riscv's do_trap_insn_illegal say ILL_ILLOPC (qemu-user's ILL_ILLOPN on
  // aarch64 is qemu's own choice, not Linux's).
  test(`${arch}: an undefined instruction's SIGILL has the port's si_code`, () => {
    const r = tricorn(['run', '--strace', '--arch', arch, src(`ill-${arch}.s`, illegal[arch])]);
    const code = arch === 'x86_64' ? 'ILL_ILLOPN' : 'ILL_ILLOPC';
    assert.ok(r.stderr.includes(`--- SIGILL {si_signo=SIGILL, si_code=${code}, si_addr=0x10000000} ---\n+++ killed by SIGILL (core dumped) +++\n`), r.stderr);
  });

  test(`${arch}: jump to unmapped memory -> SIGSEGV, exit 139`, () => {
    const r = tricorn(['run', '--arch', arch, src(`wild-${arch}.s`, wild[arch])]);
    assert.equal(r.status, 139, r.stderr);
    assert.match(oneReport(r.stderr), /^tricorn: pid 1 killed by SIGSEGV: instruction fetch from unmapped address 0x123000 at pc 0x123000 \(instruction unreadable\)$/);
  });
}

// A privileged instruction in user mode is #GP on x86: Linux sends SIGSEGV with SI_KERNEL and
// no address (`strace -f` of a native static `hlt` / `cli` program prints exactly the line below).
for (const insn of ['hlt', 'cli']) {
  test(`x86_64: ${insn} -> SIGSEGV (SI_KERNEL, si_addr NULL), exit 139`, () => {
    const r = tricorn(['run', '--strace', '--arch', 'x86_64', src(`${insn}.s`, `_start:\n  ${insn}\n`)]);
    assert.equal(r.status, 139, r.stderr);
    assert.ok(r.stderr.includes('--- SIGSEGV {si_signo=SIGSEGV, si_code=SI_KERNEL, si_addr=NULL} ---\n+++ killed by SIGSEGV (core dumped) +++\n'), r.stderr);
    assert.match(r.stderr, new RegExp(`tricorn: pid 1 killed by SIGSEGV: privileged instruction at pc 0x10000000 \\([0-9a-f]+: ${insn}\\)\n$`));
  });
}

// A store in the middle of a translated block: the report names the store, not the block's
// first instruction (the fault-pc replay; Unicorn's s390x cannot fetch from read-only scratch
// memory, so the replay maps it writable).
test('s390x: a faulting store mid-block is reported at the store', () => {
  const r = tricorn(['run', '--arch', 's390x', src('store-s390x.s', '_start:\n  lghi %r2, 1\n  lghi %r1, 16\n  aghi %r2, 2\n  mvhi 0(%r1), 1\n')]);
  assert.equal(r.status, 139, r.stderr);
  assert.match(oneReport(r.stderr), /^tricorn: pid 1 killed by SIGSEGV: write to unmapped address 0x10 at pc 0x1000000c \(e5 4c 10 00 00 01: mvhi 0\(%r1\), 1\)$/);
});

test('x86_64: integer divide by zero -> SIGFPE, exit 136', () => {
  const r = tricorn(['run', '--arch', 'x86_64', src('div.s', '_start:\n  xor ecx, ecx\n  mov eax, 5\n  cdq\n  idiv ecx\n')]);
  assert.equal(r.status, 136, r.stderr);
  assert.match(oneReport(r.stderr), /^tricorn: pid 1 killed by SIGFPE: arithmetic exception at pc 0x10000008 \(f7 f9: idiv ecx\)$/);
});
