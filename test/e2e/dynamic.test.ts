// Dynamically linked glibc programs (printf and pthreads) from the cross compilers, run with
// --root of the cross toolchain's sysroot: ld.so comes from the guest's tree (PT_INTERP), maps
// libc with mmap of file offsets, and gets AT_BASE. Skipped where the sysroot is not installed
// (the binaries are committed; the sysroots are Debian's libc6-*-cross packages). x86_64's
// sysroot is the host's own `/` (its ld.so and libc), so that test runs on an x86_64 Debian host
// and skips elsewhere. Expected: what the x86_64 build printed natively (and qemu-user with the
// cross sysroots).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { machine } from 'node:os';
import { resolve } from 'node:path';
import { root, tricorn } from './cli.js';
import { architectures } from '../../arch/index.js';

const dir = resolve(root, 'test/guests/dynamic');
// Each program with its transcript: hello (printf and pthreads), libm (first calls through lazily
// bound PLT slots, whose resolver saves and restores the argument registers).
const programs = [
  { name: 'hello', what: 'hello + pthreads', expected: readFileSync(resolve(dir, 'expected.out'), 'utf8') },
  { name: 'libm', what: 'libm calls', expected: readFileSync(resolve(dir, 'expected-libm.out'), 'utf8') },
];
// Every architecture with a committed dynamic build: the host's own runs against the host's /,
// the others against their Debian cross sysroot.
const built = architectures.filter((a) => existsSync(resolve(dir, 'bin', a.name, 'hello')));

for (const { name: arch, machine: m, toolchain: { triple } } of built) {
  const sysroot = m === machine() ? '/' : `/usr/${triple}`;
  const present = existsSync(resolve(sysroot, 'lib'));
  for (const p of programs) {
    test(`dynamic glibc ${p.what} on ${arch} with --root ${sysroot}`,
      { skip: present ? false : `no ${sysroot}` }, () => {
        const r = tricorn(['run', '--root', sysroot, `test/guests/dynamic/bin/${arch}/${p.name}`, 'a'], { timeoutMs: 300_000 });
        assert.equal(r.stdout, p.expected, r.stderr);
        assert.equal(r.status, 0);
      });
  }
}

test('a dynamic program whose interpreter is missing: one line that says what to pass', () => {
  const r = tricorn(['run', '--sandbox', 'test/guests/dynamic/bin/aarch64/hello']);
  assert.equal(r.status, 126); // FILE cannot be run
  assert.match(r.stderr, /^tricorn: .*dynamically linked and its interpreter \/lib\/ld-linux-aarch64\.so\.1 is not in the sandbox; .*--root \/usr\/aarch64-linux-gnu\n$/);
});
