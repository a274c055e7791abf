// normalisePolling (strace-oracle-norm.ts) leaves out exactly what threads3's scheduler decides.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mutexWords, normalise, normalisePolling } from './strace-oracle-norm.js';

const probe = (n: number) => `futex(0x406018, FUTEX_CMP_REQUEUE_PRIVATE, 0, 2147483647, 0x406018, 0) = ${n}`;
const Y = 'sched_yield() = 0';

test('normalisePolling: a poll is its last probe; joins and the mutex go; other futex calls stay', () => {
  const run = [
    'futex(0x406100, FUTEX_WAIT_PRIVATE, 2, NULL) = 0',
    'futex(0x406100, FUTEX_WAKE_PRIVATE, 1) = 1',
  ];
  const mutex = mutexWords(run.map((l) => `[pid 3] ${l}`));
  assert.deepEqual([...mutex], ['0x406100']);
  const main = [
    'clone(child_stack=0x40e4c0, flags=CLONE_VM) = 2',
    probe(0), Y, probe(0), Y, probe(1),
    'futex(0x406018, FUTEX_WAKE_PRIVATE, 1) = 1',
    probe(0),
    Y, Y,
    'futex(0x4061e4, FUTEX_WAIT, 2, NULL) = -1 EAGAIN (Resource temporarily unavailable)',
    'futex(0x406100, FUTEX_WAKE_PRIVATE, 1) = 0',
    'write(1, "done\\n", 5) = 5',
  ];
  assert.deepEqual(normalisePolling(main, mutex), [
    'clone(child_stack=0x40e4c0, flags=CLONE_VM) = 2',
    probe(1),
    'futex(0x406018, FUTEX_WAKE_PRIVATE, 1) = 1',
    probe(0),
    'write(1, "done\\n", 5) = 5',
  ]);
  // The same with no round at all (the waiter was there at once) is the same.
  assert.deepEqual(normalisePolling(main.filter((l, i) => i < 1 || i > 4), mutex), normalisePolling(main, mutex));
  // A different final count is not.
  assert.notDeepEqual(normalisePolling(main.map((l) => (l === probe(1) ? probe(2) : l)), mutex), normalisePolling(main, mutex));
});

test('normalisePolling: a task that never probes keeps every sched_yield', () => {
  const worker = (yields: number) => [
    ...Array.from({ length: yields }, (_, i) => (i % 2 ? [Y, 'futex(0x406100, FUTEX_WAKE_PRIVATE, 1) = 0'] : [Y])).flat(),
    'exit(0) = ?',
  ];
  const mutex = new Set(['0x406100']);
  assert.equal(normalisePolling(worker(250), mutex).filter((l) => l === Y).length, 250);
  assert.notDeepEqual(normalisePolling(worker(249), mutex), normalisePolling(worker(250), mutex));
});

test('normalise: ld.so.cache\'s size (the host\'s installed libraries) is not compared; other sizes are', () => {
  const run = (n: number) => [
    'openat(AT_FDCWD, "/etc/ld.so.cache", O_RDONLY|O_CLOEXEC) = 3',
    `newfstatat(3, "", {st_mode=S_IFREG|0644, st_size=${n}, ...}, AT_EMPTY_PATH) = 0`,
    `mmap(NULL, ${n}, PROT_READ, MAP_PRIVATE, 3, 0) = 0x7f0123456000`,
    'close(3) = 0',
    'mmap(NULL, 8192, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0) = 0x7f0123458000',
    `munmap(0x7f0123456000, ${n}) = 0`,
  ].join('\n');
  assert.deepEqual(normalise(run(41099)), normalise(run(40855)));
  assert.equal(normalise(run(41099))[4], 'mmap(NULL, 8192, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0) = 0x7f…');
});
