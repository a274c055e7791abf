// Pseudo-terminals in process: the line discipline alone under both termios numberings (the
// generic one and PowerPC's), the pair's life through the syscalls (locked slave, echo, the
// master's close hanging up the slave and removing /dev/pts/N), and bad pointers refused with
// nothing changed. The guest-level behaviour is test/guests/files/pty-glibc.c's, checked against
// Linux on every arch.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EFAULT, EIO, ENOENT, ENOTTY } from '../../kernel/abi/errno.js';
import { AT_FDCWD, O_NOCTTY, O_RDWR } from '../../kernel/abi/flags.js';
import { LineDiscipline, type Termios } from '../../kernel/fs/tty-ldisc.js';
import { ppc64 } from '../../arch/ppc64.js';
import { x86_64 } from '../../arch/x86_64.js';
import type { ArchDescriptor } from '../../arch/types.js';
import { boot, type Harness } from './harness.js';

/** A line discipline with Linux's default settings in `arch`'s numbering; what it emits and signals. */
function ldisc(arch: ArchDescriptor) {
  const tb = arch.flags.termbits;
  const cc = new Uint8Array(19);
  Object.entries({ VINTR: 3, VQUIT: 28, VERASE: 127, VKILL: 21, VEOF: 4, VMIN: 1, VWERASE: 23, VLNEXT: 22, VSUSP: 26, VSTART: 17, VSTOP: 19, VREPRINT: 18 })
    .forEach(([n, v]) => { cc[tb.cc[n as keyof typeof tb.cc]] = v; });
  const l = tb.lflag, i = tb.iflag, o = tb.oflag;
  const termios: Termios = {
    iflag: i.ICRNL | i.IXON, oflag: o.OPOST | o.ONLCR, cflag: tb.cflag.CREAD, line: 0, ispeed: 38400, ospeed: 38400, cc,
    lflag: l.ISIG | l.ICANON | l.ECHO | l.ECHOE | l.ECHOK | l.ECHOCTL | l.ECHOKE | l.IEXTEN,
  };
  const out: number[] = [];
  const sigs: number[] = [];
  const ld = new LineDiscipline(termios, tb, (b) => out.push(...b), (s) => sigs.push(s));
  const type = (s: string) => { for (const ch of Buffer.from(s, 'latin1')) ld.receive(ch); };
  const shown = () => Buffer.from(out.splice(0)).toString('latin1');
  return { ld, type, shown, sigs, tb };
}

for (const arch of [x86_64, ppc64]) {
  test(`line discipline (${arch.name} numbering): echo, erase, kill, word erase, EOF, ^C, ONLCR`, () => {
    const { ld, type, shown, sigs, tb } = ldisc(arch);
    type('abc\x7f');
    assert.equal(shown(), 'abc\b \b');
    assert.equal(ld.readable, 0, 'no line yet');
    type('\x15one two\x17x\x01\r');
    assert.equal(shown(), '\b \b\b \bone two\b \b\b \b\b \bx^A\r\n');
    assert.equal(Buffer.from(ld.read(100)).toString('latin1'), 'one x\x01\n');
    type('par\x04\x04');
    assert.equal(Buffer.from(ld.read(100)).toString(), 'par');
    assert.equal(ld.readReady(), true, 'an EOF on an empty line is a read of 0 bytes');
    assert.equal(ld.read(100).length, 0);
    assert.equal(shown(), 'par', 'EOF is not echoed');
    type('lost\x03');
    assert.deepEqual(sigs, [2]);
    assert.equal(shown(), 'lost^C');
    assert.equal(ld.readable, 0, 'the signal character flushed the line');
    ld.output(Buffer.from('a\nb'));
    assert.equal(shown(), 'a\r\nb');
    // Raw: no echo, bytes as they come, no post-processing.
    ld.setTermios({ ...ld.termios, lflag: 0, oflag: 0, iflag: 0 });
    type('x\ry');
    assert.equal(shown(), '');
    assert.equal(Buffer.from(ld.read(100)).toString(), 'x\ry');
    ld.output(Buffer.from('a\nb'));
    assert.equal(shown(), 'a\nb');
    void tb;
  });
}

/** openat(AT_FDCWD, path, flags). */
function open(h: Harness, path: string, flags: number): number {
  return h.sys('openat', [AT_FDCWD, h.mem(path.length + 1, Buffer.from(path + '\0')), flags]);
}

test('a pair through the syscalls: locked slave, echo, hangup on the master\'s close, /dev/pts/N removed', async () => {
  const h = await boot();
  const m = open(h, '/dev/ptmx', O_RDWR | O_NOCTTY);
  assert.ok(m >= 0);
  const F = h.arch.flags.ttyIoctls;
  const n = h.mem(4);
  assert.equal(h.sys('ioctl', [m, F.TIOCGPTN, n]), 0);
  const index = new DataView(h.peek(n, 4).buffer).getInt32(0, true);
  assert.equal(open(h, `/dev/pts/${index}`, O_RDWR | O_NOCTTY), -EIO, 'locked until TIOCSPTLCK(0)');
  assert.equal(h.sys('ioctl', [m, F.TIOCSPTLCK, h.mem(4, h.i32s([0]))]), 0);
  const s = open(h, `/dev/pts/${index}`, O_RDWR | O_NOCTTY);
  assert.ok(s >= 0);
  assert.equal(h.sys('ioctl', [s, F.TIOCGPTN, n]), -ENOTTY, 'TIOCGPTN is the master\'s');
  const text = h.mem(6, Buffer.from('hi\n'));
  assert.equal(h.sys('write', [m, text, 3]), 3);
  const buf = h.mem(64);
  assert.equal(h.sys('read', [s, buf, 64]), 3);
  assert.equal(h.sys('read', [m, buf, 64]), 4);
  assert.equal(Buffer.from(h.peek(buf, 4)).toString(), 'hi\r\n');
  assert.equal(h.sys('close', [m]), 0);
  assert.equal(h.sys('read', [s, buf, 64]), 0, 'a hung-up slave reads end of file');
  assert.equal(h.sys('write', [s, text, 3]), -EIO);
  assert.equal(open(h, `/dev/pts/${index}`, O_RDWR), -ENOENT, '/dev/pts/N went with the master');
});

test('bad pointers: EFAULT, and the settings, lock and size stay as they were', async () => {
  const h = await boot();
  const m = open(h, '/dev/ptmx', O_RDWR | O_NOCTTY);
  const F = h.arch.flags.ttyIoctls;
  const bad = 0x10;
  assert.equal(h.sys('ioctl', [m, F.TIOCSPTLCK, bad]), -EFAULT);
  const lock = h.mem(4);
  assert.equal(h.sys('ioctl', [m, F.TIOCGPTLCK, lock]), 0);
  assert.equal(new DataView(h.peek(lock, 4).buffer).getInt32(0, true), 1, 'still locked');
  assert.equal(h.sys('ioctl', [m, h.arch.flags.TCSETS, bad]), -EFAULT);
  assert.equal(h.sys('ioctl', [m, h.arch.flags.TCGETS, bad]), -EFAULT);
  assert.equal(h.sys('ioctl', [m, h.arch.flags.TIOCSWINSZ, bad]), -EFAULT);
  const ws = h.mem(8);
  assert.equal(h.sys('ioctl', [m, h.arch.flags.TIOCGWINSZ, ws]), 0);
  assert.deepEqual([...h.peek(ws, 8)], [0, 0, 0, 0, 0, 0, 0, 0]);
});
