// --strace prints strace's own format on stderr, the same on every architecture.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { findArch, architectures } from '../../arch/index.js';
import { root, tricorn } from './cli.js';

/**
 * The program break Linux gives a static ELF with address randomisation off (the oracle's
 * `setarch -R`): the first page boundary at or above the end of the highest PT_LOAD segment's
 * memory image (binfmt_elf's ELF_PAGEALIGN(elf_brk)). Read from the ELF's own program headers
 * here, independently of tricorn's loader.
 */
function initialBreak(file: string, archName: string): number {
  const b = readFileSync(resolve(root, file));
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const le = b[5] === 1;
  const u64 = (off: number) => Number(dv.getBigUint64(off, le));
  const phoff = u64(0x20), phentsize = dv.getUint16(0x36, le), phnum = dv.getUint16(0x38, le);
  let end = 0;
  for (let i = 0; i < phnum; i++) {
    const ph = phoff + i * phentsize;
    if (dv.getUint32(ph, le) !== 1 /* PT_LOAD */) continue;
    end = Math.max(end, u64(ph + 0x10) + u64(ph + 0x28)); // p_vaddr + p_memsz
  }
  const page = findArch(archName)!.pageSize;
  return Math.ceil(end / page) * page;
}

const arches = architectures.map((a) => a.name);

for (const arch of arches) {
  // An assembly guest where Keystone assembles for the arch.
  if (architectures.find((a) => a.name === arch)?.keystone) test(`${arch}: hello.s under --strace`, () => {
    const r = tricorn(['run', '--strace', `guest-asm/${arch}/hello.s`]);
    assert.equal(r.stdout, 'hello, world\n');
    // strace's layout: the execve that started it, ` = ` at column 40.
    const lines = r.stderr.split('\n');
    assert.match(lines[0], new RegExp(`^execve\\("guest-asm/${arch}/hello.s", \\["guest-asm/${arch}/hello.s"\\], 0x[0-9a-f]+ /\\* 0 vars \\*/\\) = 0$`));
    assert.deepEqual(lines.slice(1), [
      'write(1, "hello, world\\n", 13)          = 13',
      'exit_group(0)                           = ?',
      '+++ exited with 0 +++',
      '',
    ]);
    assert.equal(r.status, 0);
  });

  test(`${arch}: errors, structs and strings under --strace`, () => {
    const r = tricorn(['run', '--strace', '-a', '0', `test/guests/bin/${arch}/sys`, 'x'], { input: 'tricorn stdin test\nline two\n' });
    assert.equal(r.status, 0, r.stderr);
    const lines = r.stderr.split('\n');
    const has = (want: string) => assert.ok(lines.includes(want), `missing line: ${want}\n--- got:\n${r.stderr}`);
    // unused argument registers hold whatever the guest left there
    assert.ok(lines.some((l) => /^syscall_0x3e7\((0x[0-9a-f]+|0)(, (0x[0-9a-f]+|0)){5}\) = -1 ENOSYS \(Function not implemented\)$/.test(l)),
      'unknown syscall rendered as strace does');
    has('write(1, 0x10, 5) = -1 EFAULT (Bad address)');
    has('write(5, "x", 1) = -1 EBADF (Bad file descriptor)');
    has('write(1, "sys: argc=2 argv[1]=x\\n", 22) = 22');
    has('getpid() = 1');
    has(`brk(NULL) = 0x${initialBreak(`test/guests/bin/${arch}/sys`, arch).toString(16)}`);
    assert.ok(lines.some((l) => /^uname\(\{sysname="Linux", nodename="tricorn", \.\.\.\}\) = 0$/.test(l)), 'uname decoded');
    assert.ok(lines.some((l) => /^mmap\(NULL, \d+, PROT_READ\|PROT_WRITE, MAP_PRIVATE\|MAP_ANONYMOUS, -1, 0\) = 0x[0-9a-f]+$/.test(l)), 'mmap flags symbolic');
    // strings longer than 32 bytes are cut with ... after the closing quote
    assert.ok(lines.some((l) => /^write\(1, "[^"]{32}"\.\.\., \d+\) = \d+$/.test(l)), 'long strings cut at 32');
    assert.equal(lines.at(-2), '+++ exited with 0 +++');
  });

  test(`${arch}: clone2 and wait4 decoded, [pid N] once there are two processes`, () => {
    const r = tricorn(['run', '--strace', '-a', '0', `test/guests/conform/bin/${arch}/clone2conf`]);
    assert.equal(r.status, 0, r.stderr.slice(-2000));
    const lines = r.stderr.split('\n');
    assert.ok(!lines[0].startsWith('[pid'), 'no prefix while there is one process');
    const has = (want: string) => assert.ok(lines.includes(want), `missing line: ${want}`);
    // The clone's line ends while pid 1 is the only other tracee's parent, and the parent runs
    // on after it (as Linux's does): its wait4 starts while the child lives, so it is cut
    // (`<unfinished ...>`, with the prefix) and resumed after the child's +++ line.
    has('clone2({flags=SIGCHLD, child_stack=NULL, nr_pids=1, parent_tid=NULL, child_tid=NULL, reserved1=0, reserved2=0}, [500]) = 500');
    has('clone(child_stack=NULL, flags=CLONE_NEWPID|SIGCHLD) = 3');
    has('[pid     1] wait4(3,  <unfinished ...>');
    has('<... wait4 resumed>[{WIFEXITED(s) && WEXITSTATUS(s) == 3}], 0, NULL) = 3');
    assert.ok(lines.some((l) => l.startsWith('[pid   500] ')), 'child lines carry the child\'s pid');
    assert.ok(lines.some((l) => /clone2\(\{flags=SIGCHLD, child_stack=NULL, nr_pids=1, [^}]*\}, \[-1\]\) = -1 EINVAL \(Invalid argument\)/.test(l)), 'EINVAL rendered');
  });

  test(`${arch}: a fault is reported on one line and ends the guest with SIGSEGV`, () => {
    const r = tricorn(['run', '--strace', `test/guests/bin/${arch}/fault`]);
    assert.equal(r.status, 139);
    const report = r.stderr.split('\n').filter((l) => l.startsWith('tricorn: '));
    assert.equal(report.length, 1, r.stderr);
    assert.match(report[0], /^tricorn: pid 1 killed by SIGSEGV: write to unmapped address 0x10 at pc 0x[0-9a-f]+ \(([0-9a-f]{2} ?)+: \S.*\)$/);
    // strace's signal and death lines end the trace; tricorn's own report comes after them.
    // si_addr is the siginfo's: only the page (NULL for 0x10) where Linux reports no more, as
    // on s390x (qemu-s390x's -strace shows si_addr=NULL for this guest too).
    const siAddr = architectures.find((a) => a.name === arch)?.segvAddrPage ? 'NULL' : '0x10';
    assert.ok(r.stderr.endsWith(`--- SIGSEGV {si_signo=SIGSEGV, si_code=SEGV_MAPERR, si_addr=${siAddr}} ---\n+++ killed by SIGSEGV (core dumped) +++\n${report[0]}\n`), r.stderr.slice(-500));
  });
}

test('a child\'s fault: its report follows the whole trace (with -o: at once on stderr)', () => {
  const guest = 'test/guests/glibc/bin/x86_64/signals';
  const r = tricorn(['run', '--strace', guest], { timeoutMs: 120_000 });
  assert.equal(r.status, 0, r.stderr.slice(-2000));
  const lines = r.stderr.trimEnd().split('\n');
  const at = lines.findIndex((l) => l.startsWith('tricorn: '));
  // The child's death is in the trace where it happened; tricorn's line is the last one.
  assert.match(lines.join('\n'), /\[pid +\d+\] --- SIGSEGV \{si_signo=SIGSEGV, si_code=SEGV_MAPERR, si_addr=0x1000\} ---\n\[pid +\d+\] \+\+\+ killed by SIGSEGV \(core dumped\) \+\+\+\n/);
  assert.equal(at, lines.length - 1, lines.slice(-5).join('\n'));
  assert.match(lines[at], /^tricorn: pid \d+ killed by SIGSEGV: write to unmapped address 0x1000 at pc 0x[0-9a-f]+ \(/);
  assert.equal(lines[at - 1], '+++ exited with 0 +++');
  const dir = mkdtempSync(join(tmpdir(), 'tricorn-strace-'));
  try {
    const o = tricorn(['run', '--strace', '-o', join(dir, 't'), guest], { timeoutMs: 120_000 });
    assert.match(o.stderr, /^tricorn: pid \d+ killed by SIGSEGV: write to unmapped address 0x1000 /);
    assert.doesNotMatch(readFileSync(join(dir, 't'), 'utf8'), /tricorn: /);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('strace options: -o FILE and --strace=FILE keep the trace off stderr; -s and -a as strace', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tricorn-strace-'));
  try {
    for (const args of [['--strace', '-o', join(dir, 'a')], [`--strace=${join(dir, 'b')}`]]) {
      const r = tricorn(['run', ...args, '-f', 'guest-asm/x86_64/hello.s']);
      assert.equal(r.status, 0);
      assert.equal(r.stderr, '');
      assert.equal(r.stdout, 'hello, world\n');
      const out = readFileSync(args.length === 3 ? join(dir, 'a') : join(dir, 'b'), 'utf8');
      // strace -f -o FILE starts every line with the pid (%-5d); the column counts it.
      assert.deepEqual(out.split('\n').slice(1), [
        '1     write(1, "hello, world\\n", 13)    = 13',
        '1     exit_group(0)                     = ?',
        '1     +++ exited with 0 +++',
        '',
      ]);
    }
    const s = tricorn(['run', '--strace', '-s', '5', '-a', '40', 'guest-asm/x86_64/hello.s']);
    // Real strace 6.1 (`strace -s 5` of a static x86_64 program making the same call) prints:
    assert.equal(s.stderr.split('\n')[1], 'write(1, "hello"..., 13)                = 13');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a thread that dies in a blocked call ends its line `= ?`, before the group\'s `+++` lines (strace\'s exit event)', () => {
  // threads3's exit_group(42) from a second thread while the main thread waits in a futex; on
  // Linux, strace -f shows exactly these four lines there (test/guests/strace/linux/threads3.txt).
  const r = tricorn(['run', '--strace', '-e', 'trace=exit_group,futex', 'test/guests/threads/bin/x86_64/threads3'], { timeoutMs: 120_000 });
  assert.equal(r.status, 0, r.stderr);
  const lines = r.stderr.split('\n');
  const i = lines.findIndex((l) => / exit_group\(42\) += \?$/.test(l));
  assert.ok(i > 0, r.stderr);
  const pid = (l: string) => /^\[pid +(\d+)\]/.exec(l)?.[1];
  const text = (l: string) => l.replace(/^\[pid +\d+\] /, '').replace(/ +=/, ' =');
  // The waiting call's line was open when exit_group's started: `<unfinished ...>` then.
  assert.equal(text(lines[i - 1]), 'futex(0x406038, FUTEX_WAIT_PRIVATE, 0, {tv_sec=10, tv_nsec=0} <unfinished ...>');
  assert.deepEqual(lines.slice(i + 1, i + 4).map(text), ['<... futex resumed>) = ?', '+++ exited with 42 +++', '+++ exited with 42 +++']);
  assert.equal(pid(lines[i - 1]), pid(lines[i + 1]));
  assert.notEqual(pid(lines[i]), pid(lines[i + 1]));
});
