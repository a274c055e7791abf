// --strace prints strace's own format on stderr, the same on every architecture.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tricorn } from './cli.js';

const arches = ['x86_64', 'aarch64', 'ppc64', 'ppc64le'];

for (const arch of arches) {
  test(`${arch}: hello.s under --strace`, () => {
    const r = tricorn(['run', '--strace', `guest-asm/${arch}/hello.s`]);
    assert.equal(r.stdout, 'hello, world\n');
    assert.equal(r.stderr, 'write(1, "hello, world\\n", 13) = 13\nexit_group(0) = ?\n+++ exited with 0 +++\n');
    assert.equal(r.status, 0);
  });

  test(`${arch}: errors, structs and strings under --strace`, () => {
    const r = tricorn(['run', '--strace', `test/guests/bin/${arch}/sys`, 'x'], { input: 'tricorn stdin test\nline two\n' });
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
    has('brk(NULL) = ' + lines.find((l) => l.startsWith('brk(NULL) = '))!.slice(12));
    assert.ok(lines.some((l) => /^uname\(\{sysname="Linux", nodename="tricorn", \.\.\.\}\) = 0$/.test(l)), 'uname decoded');
    assert.ok(lines.some((l) => /^mmap\(NULL, \d+, PROT_READ\|PROT_WRITE, MAP_PRIVATE\|MAP_ANONYMOUS, -1, 0\) = 0x[0-9a-f]+$/.test(l)), 'mmap flags symbolic');
    // strings longer than 32 bytes are cut with ... after the closing quote
    assert.ok(lines.some((l) => /^write\(1, "[^"]{32}"\.\.\., \d+\) = \d+$/.test(l)), 'long strings cut at 32');
    assert.equal(lines.at(-2), '+++ exited with 0 +++');
  });

  test(`${arch}: clone2 and wait4 decoded, [pid N] once there are two processes`, () => {
    const r = tricorn(['run', '--strace', `test/guests/conform/bin/${arch}/clone2conf`]);
    assert.equal(r.status, 0, r.stderr.slice(-2000));
    const lines = r.stderr.split('\n');
    assert.ok(!lines[0].startsWith('[pid'), 'no prefix while there is one process');
    const has = (want: string) => assert.ok(lines.includes(want), `missing line: ${want}`);
    has('[pid     1] clone2({flags=SIGCHLD, child_stack=NULL, nr_pids=1, parent_tid=NULL, child_tid=NULL, reserved1=0, reserved2=0}, [500]) = 500');
    has('[pid     1] clone(child_stack=NULL, flags=CLONE_NEWPID|SIGCHLD) = 3');
    has('[pid     1] wait4(3, [{WIFEXITED(s) && WEXITSTATUS(s) == 3}], 0, NULL) = 3');
    assert.ok(lines.some((l) => l.startsWith('[pid   500] ')), 'child lines carry the child\'s pid');
    assert.ok(lines.some((l) => /clone2\(\{flags=SIGCHLD, child_stack=NULL, nr_pids=1, [^}]*\}, \[-1\]\) = -1 EINVAL \(Invalid argument\)/.test(l)), 'EINVAL rendered');
  });

  test(`${arch}: a fault is reported on one line and ends the guest with SIGSEGV`, () => {
    const r = tricorn(['run', '--strace', `test/guests/bin/${arch}/fault`]);
    assert.equal(r.status, 139);
    const report = r.stderr.split('\n').filter((l) => l.startsWith('tricorn: '));
    assert.equal(report.length, 1, r.stderr);
    assert.match(report[0], /^tricorn: pid 1 killed by SIGSEGV: write to unmapped address 0x10 at pc 0x[0-9a-f]+ \(([0-9a-f]{2} ?)+: \S.*\)$/);
    assert.match(r.stderr, /--- SIGSEGV \{si_signo=SIGSEGV, si_code=SEGV_MAPERR, si_addr=0x10\} ---\n\+\+\+ killed by SIGSEGV \(core dumped\) \+\+\+\n$/);
  });
}
