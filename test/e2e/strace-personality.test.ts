// --strace decodes personality(2) as strace 6.1 does: 0xffffffff as itself, otherwise the execution
// domain (an unknown one as `0x78 /* PER_??? */`) and the flags by name, the rest in hex; the old
// value after `=` in hex with the same decoding. The expected lines are real strace's, of the
// x86_64 misc-glibc guest run natively.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tricorn } from './cli.js';

const expected = [
  "personality(0xffffffff) = 0 (PER_LINUX)",
  "personality(PER_LINUX32) = 0 (PER_LINUX)",
  "personality(0xffffffff) = 0x8 (PER_LINUX32)",
  "personality(PER_LINUX|UNAME26) = 0x8 (PER_LINUX32)",
  "personality(PER_LINUX|READ_IMPLIES_EXEC) = 0x20000 (PER_LINUX|UNAME26)",
  "personality(0x78 /* PER_??? */|ADDR_NO_RANDOMIZE|MMAP_PAGE_ZERO|ADDR_COMPAT_LAYOUT|WHOLE_SECONDS|0x10005600) = 0x400000 (PER_LINUX|READ_IMPLIES_EXEC)",
  "personality(PER_LINUX) = 0x12345678 (0x78 /* PER_??? */|ADDR_NO_RANDOMIZE|MMAP_PAGE_ZERO|ADDR_COMPAT_LAYOUT|WHOLE_SECONDS|0x10005600)",
];

test('strace of misc-glibc: personality as strace prints it', () => {
  const r = tricorn(['run', '--strace', 'test/guests/files/bin/x86_64/misc-glibc']);
  assert.equal(r.status, 0, r.stderr);
  const lines = r.stderr.split('\n').map((l) => l.replace(/^\[pid +\d+\] /, '').replace(/ +=/, ' ='));
  assert.deepEqual(lines.filter((l) => l.startsWith('personality(')), expected);
});
