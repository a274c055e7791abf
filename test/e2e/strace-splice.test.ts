// splice, tee and vmsplice through the CLI: --strace prints every call of splice-glibc as strace
// 6.1 does (offsets as [N] at entry, SPLICE_F_* names and SPLICE_F_??? for unknown bits,
// vmsplice's iovecs as strings), in order: the expected lines are real strace -f's of the x86_64
// build run natively. splice-glibc's own walk, on every arch, is in the conform suite.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tricorn } from './cli.js';
import { perTask } from './strace-oracle-norm.js';

const expected = [
  "splice(3, [100], 5, NULL, 5000, 0) = 5000",
  "splice(3, NULL, 5, NULL, 26, 0) = 26",
  "splice(3, NULL, 5, NULL, 100, 0) = 10",
  "splice(3, NULL, 5, NULL, 100, 0) = 0",
  "splice(4, NULL, 8, [3], 100, 0) = 11",
  "splice(4, NULL, 7, NULL, 10000, 0) = 3000",
  "tee(4, 7, 100, 0) = 3",
  "vmsplice(5, [{iov_base=\"vm\", iov_len=2}, {iov_base=\"splice\", iov_len=6}], 2, 0) = 8",
  "vmsplice(4, [{iov_base=\"\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\", iov_len=15}], 1, 0) = 8",
  "vmsplice(3, [{iov_base=\"vm\", iov_len=2}], 1, 0) = -1 EBADF (Bad file descriptor)",
  "splice(3, NULL, 7, NULL, 100, 0) = -1 EAGAIN (Resource temporarily unavailable)",
  "splice(3, NULL, 7, NULL, 100, SPLICE_F_NONBLOCK) = -1 EAGAIN (Resource temporarily unavailable)",
  "splice(6, NULL, 8, NULL, 1048576, 0) = 65536",
  "splice(4, NULL, 8, NULL, 100, 0) = 4",
  "splice(3, NULL, 8, NULL, 10, 0) = -1 EINVAL (Invalid argument)",
  "splice(4, [0], 8, NULL, 10, 0) = -1 ESPIPE (Illegal seek)",
  "splice(3, NULL, 5, [0], 10, 0) = -1 ESPIPE (Illegal seek)",
  "splice(4, NULL, 5, NULL, 10, 0) = -1 EINVAL (Invalid argument)",
  "splice(4, NULL, 8, NULL, 0, 0) = 0",
  "splice(4, NULL, 8, NULL, 10, 0x100 /* SPLICE_F_??? */) = -1 EINVAL (Invalid argument)",
  "splice(99, NULL, 8, NULL, 10, 0) = -1 EBADF (Bad file descriptor)",
  "splice(4, NULL, 8, NULL, 10, SPLICE_F_NONBLOCK) = -1 EAGAIN (Resource temporarily unavailable)",
  "splice(4, NULL, 9, NULL, 10, 0) = -1 EINVAL (Invalid argument)",
  "tee(3, 7, 10, 0) = -1 EINVAL (Invalid argument)",
  "tee(4, 5, 10, 0) = -1 EINVAL (Invalid argument)",
  "splice(3, [0], 5, NULL, 10, 0x8000 /* SPLICE_F_??? */) = -1 EINVAL (Invalid argument)",
  "splice(4, NULL, 7, NULL, 10, 0) = -1 EPIPE (Broken pipe)",
  "tee(4, 7, 10, 0) = -1 EPIPE (Broken pipe)",
  "splice(4, NULL, 8, NULL, 10, 0) = 1",
  "splice(4, NULL, 8, NULL, 10, 0) = 0",
];

test('strace of splice-glibc: every splice, tee and vmsplice as strace 6.1 prints it', () => {
  const r = tricorn(['run', '--strace', 'test/guests/files/bin/x86_64/splice-glibc']);
  assert.equal(r.status, 0, r.stderr);
  const main = perTask(r.stderr.split('\n')).get('main') ?? [];
  const got = main.filter((l) => /^(splice|tee|vmsplice)\(/.test(l)).map((l) => l.replace(/ +=/, ' ='));
  assert.deepEqual(got, expected);
});
