// Signals end to end: the glibc `signals` guest (its transcript is checked against Linux by the
// conformance suite) under --strace, signal deaths' one-line reports and exit statuses, and
// `tricorn layout rt_sigframe` for each ABI.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { tricorn } from './cli.js';
import { architectures } from '../../arch/index.js';

const arches = architectures.map((a) => a.name);

for (const arch of arches) {
  test(`${arch}: signal lines under --strace are strace's`, () => {
    const r = tricorn(['run', '--strace', '-a', '0', `test/guests/glibc/bin/${arch}/signals`], { timeoutMs: 120_000 });
    assert.equal(r.status, 0, r.stderr.slice(-2000));
    const lines = r.stderr.split('\n').map((l) => l.replace(/^\[pid +\d+\] /, ''));
    const has = (re: RegExp) => assert.ok(lines.some((l) => re.test(l)), `no line matching ${re}`);
    has(/^--- SIGUSR1 \{si_signo=SIGUSR1, si_code=SI_TKILL, si_pid=1, si_uid=0\} ---$/);
    has(/^--- SIGUSR2 \{si_signo=SIGUSR2, si_code=SI_USER, si_pid=1, si_uid=0\} ---$/);
    has(/^rt_sigqueueinfo\(1, SIGUSR2, \{si_signo=SIGUSR2, si_code=SI_QUEUE, si_pid=1, si_uid=0, si_int=7, si_ptr=0x[0-9a-f]+\}\) = 0$/);
    has(/^--- SIGSEGV \{si_signo=SIGSEGV, si_code=SEGV_MAPERR, si_addr=0x1000\} ---$/);
    has(/^--- stopped by SIGSTOP ---$/);
    has(/^--- SIGALRM \{si_signo=SIGALRM, si_code=SI_KERNEL\} ---$/);
    has(/^rt_sigreturn\(\{mask=\[\]\}\) = \d+$/);
    has(/^wait4\(\d+, <unfinished \.\.\.>$|^wait4\(\d+, 0x[0-9a-f]+, 0, NULL\) = \? ERESTARTSYS \(To be restarted if SA_RESTART is set\)$|^<\.\.\. wait4 resumed>.*ERESTARTSYS/);
    has(/^\+\+\+ killed by SIGABRT \(core dumped\) \+\+\+$/);
    has(/^\+\+\+ killed by SIGTERM \+\+\+$/);
    has(/^\+\+\+ exited with 0 \+\+\+$/);
    // SA_RESETHAND resets only the handler (get_signal's SA_ONESHOT): the flags read back.
    has(/^rt_sigaction\(SIGUSR1, NULL, \{sa_handler=SIG_DFL, sa_mask=\[\], sa_flags=(SA_RESTORER\|)?SA_RESETHAND\|SA_SIGINFO\b/);
  });
}

test('a guest killed by a signal: one line naming the sender, exit 128+N', () => {
  const r = tricorn(['run', '--strace', '-a', '0', 'test/guests/glibc/bin/x86_64/signals'], { timeoutMs: 120_000 });
  // Its children die of signals silently (their parent hears of it through wait4) …
  assert.doesNotMatch(r.stderr, /killed by SIGTERM \(sent by/);
  // … and a fault in a child still gets the fault report.
  assert.match(r.stderr, /^tricorn: pid \d+ killed by SIGSEGV: write to unmapped address 0x1000 at pc 0x[0-9a-f]+ \(/m);
});

test('x86_64: the x87 registers are saved in the FXSAVE area and restored from it (Linux: exit 0)', () => {
  // The handler checks st(0) in the frame, rewrites st(1) there and clobbers the x87 stack.
  const r = tricorn(['run', 'test/guests/signals/x86_64/x87.s']);
  assert.equal(r.stderr, '');
  assert.equal(r.status, 0, 'exit 1: st(0) not in the frame; 2, 3: not restored');
});

test('x86_64: ITIMER_VIRTUAL counts user time: a guest spinning without system calls dies of SIGVTALRM (Linux: 154)', () => {
  const r = tricorn(['run', 'test/guests/signals/x86_64/vtalrm.s']);
  assert.equal(r.status, 154);
  assert.equal(r.stderr, 'tricorn: pid 1 killed by SIGVTALRM (sent by the kernel)\n');
});

test('tricorn layout rt_sigframe --arch all shows each ABI\'s frame', () => {
  const r = tricorn(['layout', 'rt_sigframe', '--arch', 'all']);
  assert.equal(r.status, 0);
  assert.match(r.stdout, /^struct rt_sigframe on x86_64 \(little-endian\): 440 bytes, align 8$/m);
  assert.match(r.stdout, /^struct rt_sigframe on aarch64 \(little-endian\): 4688 bytes, align 16$/m);
  assert.match(r.stdout, /^struct rt_sigframe on ppc64 \(big-endian\): 2400 bytes, align 16$/m);
  assert.match(r.stdout, /layouts differ: size 440 \(x86_64\), 4688 \(aarch64\), 2400 \(ppc64, ppc64le\)/);
  const j = JSON.parse(tricorn(['layout', 'ucontext', '--arch', 'aarch64', '--json']).stdout) as { fields: { name: string; offset: number }[] };
  assert.equal(j.fields.find((f) => f.name === 'uc_mcontext')?.offset, 176);
});

for (const arch of arches) {
  test(`${arch}: raise(SIGUSR1) with no handler: the report names the sender, exit 138`, () => {
    const r = tricorn(['run', `test/guests/glibc/bin/${arch}/signals`, 'raise']);
    assert.equal(r.status, 138);
    assert.equal(r.stderr, 'tricorn: pid 1 killed by SIGUSR1 (sent by pid 1)\n');
  });
}

// Linux saves PSW_USER_BITS (0x0705…: DAT, interrupts, problem state) with the condition code,
// program mask and addressing mode in a handler's _sigregs psw.mask; Unicorn runs the guest
// without those bits, so the frame adds them (qemu-s390x's transcript).
test('s390x: a handler sees Linux\'s user PSW mask with the interrupted condition code', () => {
  const r = tricorn(['run', 'test/guests/signals/bin/s390x/psw']);
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout, readFileSync('test/guests/signals/expected/psw-s390x.out', 'utf8'));
});
