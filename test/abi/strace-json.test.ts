// --trace-json's typed arguments (kernel/abi/strace-json.ts): strace's text of each argument
// read back as JSON, one shape per form, checked on lines strace 6.1 prints.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { typedArgs, typedValue } from '../../kernel/abi/strace-json.js';

const s = (str: string, hex: string, truncated = false) => ({ str, hex, truncated });

test('numbers, hex values, constants, NULL, octal modes', () => {
  assert.deepEqual(typedArgs('mmap(NULL, 8192, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0) = 0x7f0000000000'),
    [null, 8192, { flags: ['PROT_READ', 'PROT_WRITE'] }, { flags: ['MAP_PRIVATE', 'MAP_ANONYMOUS'] }, -1, 0]);
  assert.deepEqual(typedArgs('openat(AT_FDCWD, "/x", O_WRONLY|O_CREAT, 0644) = 3'),
    ['AT_FDCWD', s('/x', '2f78'), { flags: ['O_WRONLY', 'O_CREAT'] }, 0o644]);
  assert.deepEqual(typedArgs('brk(0x4b2d00) = 0x4b2d00'), ['0x4b2d00']);
  assert.deepEqual(typedValue('18446744073709551615'), '18446744073709551615');
});

test('strings: escapes decoded into bytes, truncation kept', () => {
  assert.deepEqual(typedArgs('write(1, "a\\tb\\n\\0\\377\\x01\\"", 7) = 7'), [1, s('a\tb\n\0\uFFFD\x01"', '6109620a00ff0122'), 7]);
  assert.deepEqual(typedArgs('read(3, "Name:\\tsignals\\nUmask:\\t0022\\nState:"..., 4096) = 184')[1],
    s('Name:\tsignals\nUmask:\t0022\nState:', '4e616d653a097369676e616c730a556d61736b3a09303032320a53746174653a', true));
  // A comma or bracket inside a string does not split or nest.
  assert.deepEqual(typedArgs('write(1, "a, b)]}", 7) = 7'), [1, s('a, b)]}', '612c2062295d7d'), 7]);
});

test('structs, arrays, sigsets, fds with paths, anything else as text', () => {
  assert.deepEqual(typedArgs('newfstatat(3, "", {st_mode=S_IFREG|0444, st_size=0, ...}, AT_EMPTY_PATH) = 0'),
    [3, s('', ''), { st_mode: { flags: ['S_IFREG', '0444'] }, st_size: 0, '...': true }, 'AT_EMPTY_PATH']);
  assert.deepEqual(typedArgs('pipe2([3, 4], O_CLOEXEC) = 0'), [[3, 4], 'O_CLOEXEC']);
  assert.deepEqual(typedArgs('poll([{fd=3, events=POLLIN}], 1, 0) = 0 (Timeout)'), [[{ fd: 3, events: 'POLLIN' }], 1, 0]);
  assert.deepEqual(typedArgs('rt_sigprocmask(SIG_BLOCK, ~[RT_1], [], 8) = 0'),
    ['SIG_BLOCK', { sigset: ['RT_1'], complement: true }, [], 8]);
  assert.deepEqual(typedValue('[USR2 RT_2]'), { sigset: ['USR2', 'RT_2'], complement: false });
  assert.deepEqual(typedValue('~[]'), { sigset: [], complement: true });
  assert.deepEqual(typedValue('[SIGTERM]'), ['SIGTERM']);
  assert.deepEqual(typedValue('[7]'), [7]);
  assert.deepEqual(typedArgs('write(3</tmp/x>, "hi", 2) = 2')[0], { fd: 3, path: '/tmp/x' });
  assert.deepEqual(typedValue('AT_FDCWD</home>'), { fd: 'AT_FDCWD', path: '/home' });
  assert.deepEqual(typedArgs('wait4(3, [{WIFEXITED(s) && WEXITSTATUS(s) == 0}], 0, NULL) = 3'),
    [3, [{ expr: '{WIFEXITED(s) && WEXITSTATUS(s) == 0}' }], 0, null]);
  assert.deepEqual(typedArgs('execve("/bin/x", ["/bin/x", "a"], 0x7ffe0 /* 3 vars */) = 0'),
    [s('/bin/x', '2f62696e2f78'), [s('/bin/x', '2f62696e2f78'), s('a', '61')], { expr: '0x7ffe0 /* 3 vars */' }]);
  assert.deepEqual(typedValue('{st_rdev=makedev(0x1, 0x3)}'), { st_rdev: { expr: 'makedev(0x1, 0x3)' } });
  assert.deepEqual(typedValue('{it_interval={tv_sec=0, tv_usec=0}, it_value={tv_sec=1, tv_usec=500}}'),
    { it_interval: { tv_sec: 0, tv_usec: 0 }, it_value: { tv_sec: 1, tv_usec: 500 } });
});

test('an entry\'s text (outputs not yet known) gives the arguments known so far', () => {
  assert.deepEqual(typedArgs('read(3, '), [3]);
  assert.deepEqual(typedArgs('getpid('), []);
});
