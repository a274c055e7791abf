// --strace decodes the file, pipe and exec calls as strace does (formats checked against
// strace 6.1 on this machine's x86_64 build of the same guests): paths, AT_FDCWD and AT_*
// flags, O_* flags, pipe2's [3, 4], stat structs, execve's argv and /* N vars */.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tricorn } from './cli.js';
import { architectures } from '../../arch/index.js';

for (const arch of ['x86_64', 'aarch64', 'ppc64']) {
  test(`strace of the minishell pipeline on ${arch}`, () => {
    const r = tricorn(['run', '--strace', '-a', '0', `test/guests/files/bin/${arch}/minishell`]);
    assert.equal(r.status, 0, r.stderr);
    // Once a second process exists strace prefixes [pid N]; the checks look past it.
    const lines = r.stderr.split('\n').map((l) => l.replace(/^\[pid +\d+\] /, ''));
    const has = (re: RegExp) => assert.ok(lines.some((l) => re.test(l)), `no line matching ${re}\n${r.stderr.slice(0, 3000)}`);
    has(/^readlinkat\(AT_FDCWD, "\/proc\/self\/exe", ".*"\.\.\., 511\) = \d+$/);
    has(/^pipe2\(\[3, 4\], O_CLOEXEC\) = 0$/);
    has(/^dup3\(4, 1, 0\) = 1$/);
    has(/^execve\(".*\/minishell", \["minishell", "gen", "5"\], 0x[0-9a-f]+ \/\* 2 vars \*\/\) = 0$/);
    has(/^execve\("\/tmp\/tricorn-no-such-program", \["myscript", "arg1", "arg 2"\], 0x[0-9a-f]+ \/\* 2 vars \*\/\) = -1 ENOENT \(No such file or directory\)$/);
    has(/^openat\(AT_FDCWD, "\/tmp\/tricorn-minishell.sh", O_WRONLY\|O_CREAT\|O_TRUNC, 0755\) = \d+$/);
  });
}

test('strace of the file-system walk: mkdirat, newfstatat with a stat struct, lseek, unlinkat flags', () => {
  const r = tricorn(['run', '--strace', '-a', '0', 'test/guests/files/bin/aarch64/fswalk']);
  assert.equal(r.status, 0, r.stderr);
  const lines = r.stderr.split('\n');
  for (const want of [
    'mkdirat(AT_FDCWD, "/tmp/tricorn-fswalk", 0777) = 0',
    'mkdirat(AT_FDCWD, "/tmp/tricorn-fswalk", 0777) = -1 EEXIST (File exists)',
    'newfstatat(AT_FDCWD, "/tmp/tricorn-fswalk/a", {st_mode=S_IFREG|0644, st_size=21, ...}, 0) = 0',
    'lseek(3, 0, SEEK_END) = 21',
    'newfstatat(3, "../a", {st_mode=S_IFREG|0644, st_size=21, ...}, 0) = 0',
    'unlinkat(AT_FDCWD, "/tmp/tricorn-fswalk/sub/deep", AT_REMOVEDIR) = -1 ENOENT (No such file or directory)',
  ]) assert.ok(lines.includes(want), `missing: ${want}`);
});

// build_open_flags' force_o_largefile: every open on a 64-bit kernel carries O_LARGEFILE, which
// F_GETFL shows (fswalk's F_GETFL of a file it opened read-only; Linux's value on x86_64 is
// what real strace -f shows for it, the others each ABI's O_LARGEFILE).
test('an opened file\'s F_GETFL includes O_LARGEFILE, as on a 64-bit Linux kernel', () => {
  // Each ABI's O_LARGEFILE from its own asm/fcntl.h (independent of the descriptors it checks).
  const value: Record<string, string> = { x86_64: '0x8000', aarch64: '0x20000', ppc64: '0x10000', ppc64le: '0x10000', riscv64: '0x8000', s390x: '0x8000' };
  for (const a of architectures) {
    const v = value[a.name];
    assert.ok(v, `no O_LARGEFILE value for ${a.name} in this test`);
    const r = tricorn(['run', '--strace', '-a', '0', '-e', 'trace=fcntl', `test/guests/files/bin/${a.name}/fswalk`]);
    assert.equal(r.status, 0, r.stderr);
    assert.ok(r.stderr.includes(`fcntl(5, F_GETFL) = ${v} (flags O_RDONLY|O_LARGEFILE)\n`), `${a.name}: ${r.stderr}`);
  }
});
