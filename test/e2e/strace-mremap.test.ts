// mremap through the CLI: --strace prints every call of mremap-glibc as strace 6.1 does (flags by
// name, new_address only with MREMAP_MAYMOVE|MREMAP_FIXED, the result in hex), in order: the
// expected lines are real strace -f's of the x86_64 build run natively, addresses made neutral.
// And a large, mostly untouched mapping moves without taking host memory for its empty pages.
// mremap-glibc's own walk, on every arch, is in the conform suite.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tricorn } from './cli.js';

const expected = [
  "mremap(0x7f…, 303104, 3002368, MREMAP_MAYMOVE) = 0x7f…",
  "mremap(0x7f…, 3002368, 20000768, MREMAP_MAYMOVE) = 0x7f…",
  "mremap(0x7f…, 20000768, 401408, MREMAP_MAYMOVE) = 0x7f…",
  "mremap(0x7f…, 16384, 65536, 0) = 0x7f…",
  "mremap(0x7f…, 65536, 65536, 0) = 0x7f…",
  "mremap(0x7f…, 65536, 8192, 0) = 0x7f…",
  "mremap(0x7f…, 8192, 16384, 0) = -1 ENOMEM (Cannot allocate memory)",
  "mremap(0x7f…, 8192, 262144, MREMAP_MAYMOVE) = 0x7f…",
  "mremap(0x7f…, 262144, 262144, MREMAP_MAYMOVE|MREMAP_FIXED, 0x7f…) = 0x7f…",
  "mremap(0x7f…, 262144, 262144, MREMAP_MAYMOVE|MREMAP_DONTUNMAP) = 0x7f…",
  "mremap(0x7f…, 262144, 131072, MREMAP_MAYMOVE|MREMAP_DONTUNMAP) = -1 EINVAL (Invalid argument)",
  "mremap(0x7f…, 4096, 4096, 0) = -1 EINVAL (Invalid argument)",
  "mremap(0x7f…, 4096, 0, 0) = -1 EINVAL (Invalid argument)",
  "mremap(0x7f…, 4096, 4096, MREMAP_FIXED) = -1 EINVAL (Invalid argument)",
  "mremap(0x7f…, 16384, 16384, MREMAP_MAYMOVE|MREMAP_FIXED, 0x7f…) = -1 EINVAL (Invalid argument)",
  "mremap(0x7f…, 4096, 4096, MREMAP_MAYMOVE|MREMAP_FIXED, 0x7f…) = -1 EINVAL (Invalid argument)",
  "mremap(0x7f…, 4096, 8192, MREMAP_MAYMOVE) = -1 EFAULT (Bad address)",
  "mremap(0x7f…, 266240, 270336, MREMAP_MAYMOVE) = -1 EFAULT (Bad address)",
  "mremap(0x7f…, 0, 4096, MREMAP_MAYMOVE) = -1 EINVAL (Invalid argument)",
  "mremap(0x7f…, 32768, 32768, MREMAP_MAYMOVE|MREMAP_FIXED, 0x7f…) = 0x7f…",
  "mremap(0x7f…, 32768, 16384, 0) = 0x7f…",
  "mremap(0x7f…, 4096, 12288, MREMAP_MAYMOVE) = 0x7f…",
  "mremap(0x7f…, 12288, 12288, MREMAP_MAYMOVE|MREMAP_DONTUNMAP) = 0x7f…",
];

test('strace of mremap-glibc: every mremap as strace 6.1 prints it', () => {
  const r = tricorn(['run', '--strace', 'test/guests/files/bin/x86_64/mremap-glibc']);
  assert.equal(r.status, 0, r.stderr);
  const got = r.stderr.split('\n').map((l) => l.replace(/^\[pid +\d+\] /, '')).filter((l) => l.startsWith('mremap('))
    .map((l) => l.replace(/0x7f[0-9a-f]+/g, '0x7f…').replace(/ +=/, ' ='));
  assert.deepEqual(got, expected);
});
