// The vDSO (arch/vdso/README.md): a static glibc program nobody here wrote the libc of finds it
// through AT_SYSINFO_EHDR and reads the clock through it, so under --strace its clock reads
// vanish, as under real strace on Linux, while the values stay those the system call gives.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tricorn } from './cli.js';

const EXPECTED = `vdso: an ELF image
steps: vdso->syscall 100, syscall->vdso 100
realtime - monotonic: 1767225600 s
gettimeofday, time, realtime agree: yes
a 1 ms wait on the clock ended: yes
cpu-time clock: ok
unknown clock: -1, EINVAL
`;

for (const arch of ['x86_64', 'aarch64', 'riscv64', 'ppc64', 'ppc64le', 's390x']) {
  const bin = `test/guests/vdso/bin/${arch}/clock`;

  test(`${arch}: glibc reads the virtual clock through the vDSO, with the system call's values`, () => {
    const r = tricorn(['run', bin]);
    assert.equal(r.stderr, '');
    assert.equal(r.stdout, EXPECTED);
    assert.equal(r.status, 0);
  });

  test(`${arch}: under --strace only the clock reads that are system calls appear`, () => {
    const r = tricorn(['run', '--strace', bin]);
    assert.equal(r.status, 0);
    const clockLines = r.stderr.split('\n').filter((l) => /^(clock_gettime|gettimeofday|time)\(/.test(l));
    // The program's one raw syscall(SYS_clock_gettime), and the CPU-time clock and the unknown
    // one the vDSO leaves to the kernel; its other ten-thousand-odd reads (the 1 ms wait) never trap.
    assert.deepEqual(clockLines.map((l) => l.replace(/\{.*\}/, '{…}').replace(/0x[0-9a-f]{6,}/, 'PTR')), [
      'clock_gettime(CLOCK_MONOTONIC, {…}) = 0',
      'clock_gettime(CLOCK_PROCESS_CPUTIME_ID, {…}) = 0',
      'clock_gettime(0x3039 /* CLOCK_??? */, PTR) = -1 EINVAL (Invalid argument)',
    ]);
  });
}
