// strace's options under tricorn run --strace: -e trace=/signal= (names, classes, negation),
// -c, -t/-tt/-ttt, -r, -T, -y, -qq; and --trace-json, validated against docs/trace.schema.json.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { x86_64 } from '../../arch/x86_64.js';
import { classMembers } from '../../kernel/abi/strace-filter.js';
import { root, tricorn } from './cli.js';

const decoders = 'test/guests/strace/bin/x86_64/decoders';
const forkbuf = 'test/guests/glibc/bin/x86_64/forkbuf';
const callName = (l: string) => /^(?:\[pid +\d+\] )?([a-z_0-9]+)\(/.exec(l)?.[1];
const trace = (args: string[], file = decoders) => {
  const r = tricorn(['run', '--strace', ...args, file], { timeoutMs: 120_000 });
  assert.equal(r.status, 0, r.stderr);
  return r.stderr.split('\n').filter((l) => l !== '');
};

test('classes: %file is the calls with a path argument, %desc those with an fd', () => {
  const file = classMembers(x86_64, 'file')!;
  for (const n of ['open', 'openat', 'execve', 'newfstatat', 'readlink', 'getcwd', 'statx']) assert.ok(file.has(n), n);
  for (const n of ['read', 'close', 'getpid', 'mmap']) assert.ok(!file.has(n), n);
  const desc = classMembers(x86_64, 'desc')!;
  for (const n of ['read', 'write', 'close', 'openat', 'pipe2', 'fcntl', 'dup']) assert.ok(desc.has(n), n);
  for (const n of ['getpid', 'brk', 'exit_group']) assert.ok(!desc.has(n), n);
  assert.equal(classMembers(x86_64, 'nonsense'), undefined);
});

test('classes on x86_64 are strace\'s: %file, %desc and the listed ones are its TF, TD, TP, TS, TM, TN, TI, TC and TCL calls (its syscallent.h, calls 0-334)', () => {
  // Copied from strace's src/linux/x86_64/syscallent.h: the calls marked TD, and those marked TF.
  const td = `read write open close fstat poll lseek mmap ioctl pread64 pwrite64 readv writev pipe select dup dup2 sendfile
    fcntl flock fsync fdatasync ftruncate getdents fchdir creat fchmod fchown fstatfs readahead fsetxattr fgetxattr
    flistxattr fremovexattr epoll_create getdents64 fadvise64 epoll_wait epoll_ctl mq_open mq_timedsend mq_timedreceive
    mq_notify mq_getsetattr inotify_init inotify_add_watch inotify_rm_watch openat mkdirat mknodat fchownat futimesat
    newfstatat unlinkat renameat linkat symlinkat readlinkat fchmodat faccessat pselect6 ppoll splice tee sync_file_range
    vmsplice utimensat epoll_pwait signalfd timerfd_create eventfd fallocate timerfd_settime timerfd_gettime signalfd4
    eventfd2 epoll_create1 dup3 pipe2 inotify_init1 preadv pwritev perf_event_open fanotify_init fanotify_mark
    name_to_handle_at open_by_handle_at syncfs setns finit_module renameat2 memfd_create kexec_file_load bpf execveat
    userfaultfd copy_file_range preadv2 pwritev2 statx`.split(/\s+/);
  const tf = `open stat lstat access truncate getcwd chdir rename mkdir rmdir creat link unlink symlink readlink chmod chown
    lchown utime mknod uselib statfs pivot_root chroot acct mount umount2 swapon swapoff quotactl setxattr lsetxattr
    getxattr lgetxattr listxattr llistxattr removexattr lremovexattr utimes inotify_add_watch openat mkdirat mknodat
    fchownat futimesat newfstatat unlinkat renameat linkat symlinkat readlinkat fchmodat faccessat utimensat fanotify_mark
    name_to_handle_at renameat2 execveat statx execve`.split(/\s+/);
  const calls = Object.entries(x86_64.syscall.names).filter(([nr]) => Number(nr) <= 334).map(([, n]) => n);
  const desc = classMembers(x86_64, 'desc')!;
  const file = classMembers(x86_64, 'file')!;
  assert.deepEqual(calls.filter((n) => desc.has(n)).sort(), td.sort());
  assert.deepEqual(calls.filter((n) => file.has(n)).sort(), tf.sort());
  // The listed classes, the same way (TP, TS, TM, TN, TI, TC, TCL).
  const flagged: Record<string, string> = {
    process: 'clone fork vfork execve exit wait4 kill exit_group tgkill waitid tkill rt_sigqueueinfo rt_tgsigqueueinfo execveat',
    signal: 'rt_sigaction rt_sigprocmask rt_sigreturn pause kill rt_sigpending rt_sigtimedwait rt_sigqueueinfo rt_sigsuspend sigaltstack tkill tgkill signalfd signalfd4 rt_tgsigqueueinfo',
    memory: 'mmap mprotect munmap brk mremap msync mincore madvise shmat shmdt mlock munlock mlockall munlockall remap_file_pages io_setup io_destroy mbind set_mempolicy get_mempolicy migrate_pages move_pages mlock2 pkey_mprotect',
    network: 'sendfile socket connect accept sendto recvfrom sendmsg recvmsg shutdown bind listen getsockname getpeername socketpair setsockopt getsockopt getpmsg putpmsg accept4 recvmmsg sendmmsg',
    ipc: 'shmget shmat shmctl semget semop semctl shmdt msgget msgsnd msgrcv msgctl semtimedop',
    creds: 'getuid getgid setuid setgid geteuid getegid setreuid setregid getgroups setgroups setresuid getresuid setresgid getresgid setfsuid setfsgid capget capset prctl',
    clock: 'gettimeofday adjtimex settimeofday time clock_settime clock_gettime clock_getres clock_adjtime',
  };
  for (const [cls, names] of Object.entries(flagged)) {
    const set = classMembers(x86_64, cls)!;
    assert.deepEqual(calls.filter((n) => set.has(n)).sort(), names.split(' ').sort(), cls);
  }
  // And from the calls every arch shares (syscallent-common.h): pidfd_open is %desc only.
  assert.ok(!classMembers(x86_64, 'process')!.has('pidfd_open') && classMembers(x86_64, 'desc')!.has('pidfd_open'));
  assert.ok(classMembers(x86_64, 'process')!.has('clone3') && classMembers(x86_64, 'process')!.has('pidfd_send_signal'));
});

test('-e trace=NAME,… and classes, with ! negation', () => {
  const all = trace([]);
  const only = trace(['-e', 'trace=write,close']);
  assert.ok(only.length > 2);
  for (const l of only) assert.ok(l.startsWith('+++') || ['write', 'close'].includes(callName(l)!), l);
  assert.equal(only.filter((l) => callName(l) === 'close').length, all.filter((l) => callName(l) === 'close').length);
  const file = classMembers(x86_64, 'file')!;
  const files = trace(['-e', 'trace=%file']);
  assert.ok(files.some((l) => l.startsWith('openat(')) && files.some((l) => l.startsWith('statx(')));
  for (const l of files) assert.ok(l.startsWith('+++') || file.has(callName(l)!), l);
  const notMemory = trace(['-e', 'trace=!%memory']);
  assert.ok(!notMemory.some((l) => ['brk', 'mmap', 'munmap', 'mprotect'].includes(callName(l)!)));
  assert.equal(notMemory.length, all.length - all.filter((l) => ['brk', 'mmap', 'munmap', 'mprotect'].includes(callName(l)!)).length);
  // A bare -e EXPR is trace=EXPR; none shows no call at all.
  assert.deepEqual(trace(['-e', 'getpid']).filter((l) => !l.startsWith('+++')), ['getpid()                                = 1']);
  assert.deepEqual(trace(['-e', 'trace=none']), ['+++ exited with 0 +++']);
});

test('-e signal=: which --- lines are shown; unknown names are misuse (125)', () => {
  const fork = (s: string[]) => trace(s, forkbuf);
  assert.ok(fork([]).some((l) => l.startsWith('--- SIGCHLD')));
  assert.ok(!fork(['-e', 'signal=none']).some((l) => l.startsWith('---')));
  assert.ok(!fork(['-e', 'signal=!SIGCHLD']).some((l) => l.startsWith('---')));
  assert.ok(fork(['-e', 'signal=CHLD']).some((l) => l.startsWith('--- SIGCHLD')));
  for (const bad of ['trace=nosuchcall', 'trace=%nosuchclass', 'signal=SIGNOPE', 'verbose=all']) {
    const r = tricorn(['run', '--strace', '-e', bad, decoders]);
    assert.equal(r.status, 125, bad);
    assert.match(r.stderr, /^tricorn: -e/);
  }
  const r = tricorn(['run', '-e', 'trace=write', decoders]);
  assert.equal(r.status, 125);
  assert.match(r.stderr, /-e applies only with --strace/);
});

test('-e inject=SET:error=ERRNO: the calls are not made and fail, shown (INJECTED); other forms are misuse', () => {
  const r = tricorn(['run', '--strace', '-e', 'inject=getpid,gettid:error=EPERM', 'test/guests/bin/x86_64/sys', 'x']);
  assert.equal(r.status, 0, r.stderr);
  assert.ok(r.stderr.includes('getpid()                                = -1 EPERM (Operation not permitted) (INJECTED)\n'), r.stderr);
  // The program saw the error (its check fails), and the call was not made.
  assert.match(r.stdout, /getpid > 0: no/);
  const clone2 = tricorn(['run', '--strace', '-e', 'inject=clone2:error=38', 'test/guests/conform/bin/x86_64/clone2conf']);
  assert.match(clone2.stdout, /^B1 clone2\(nr_pids=1, \[500\]\) -> ENOSYS; wait4 skipped$/m);
  assert.match(clone2.stderr, /^clone2\(\{flags=SIGCHLD, child_stack=NULL, nr_pids=1, .*\}, \[500\]\) = -1 ENOSYS \(Function not implemented\) \(INJECTED\)$/m);
  for (const bad of ['inject=getpid', 'inject=getpid:retval=0', 'inject=getpid:error=ENOPE', 'inject=nosuchcall:error=EIO']) {
    const b = tricorn(['run', '--strace', '-e', bad, decoders]);
    assert.equal(b.status, 125, bad);
    assert.match(b.stderr, /^tricorn: -e/);
  }
});

test('-c: strace\'s table, one row per call, the same every run', () => {
  const all = trace([]);
  const table = trace(['-c']);
  assert.equal(table[0], '% time     seconds  usecs/call     calls    errors syscall');
  assert.equal(table[1], '------ ----------- ----------- --------- --------- ----------------');
  const total = table.at(-1)!.trim().split(/\s+/);
  assert.equal(total[0], '100.00');
  assert.equal(total.at(-1), 'total');
  // Every call of the plain trace that returned is counted (the execve line too), and every
  // error; exit_group, which never returns (`= ?`), is not: strace counts at a call's exit.
  const calls = all.filter((l) => callName(l) && !l.endsWith(' = ?')).length;
  assert.ok(all.some((l) => l.startsWith('exit_group(')));
  assert.ok(!table.some((l) => l.endsWith(' exit_group')));
  // Sorted by time; rows of equal time in syscall-number order (strace's stable sort of its table).
  const nrOf = new Map(Object.entries(x86_64.syscall.names).map(([nr, n]) => [n, Number(nr)]));
  const rows = table.slice(2, -2).map((l) => l.trim().split(/\s+/));
  for (let i = 1; i < rows.length; i++) {
    const [a, b] = [rows[i - 1], rows[i]];
    assert.ok(Number(a[0]) > Number(b[0]) || (a[0] === b[0] && nrOf.get(a.at(-1)!)! < nrOf.get(b.at(-1)!)!), `${a.join(' ')} / ${b.join(' ')}`);
  }
  const errors = all.filter((l) => / = -1 E/.test(l)).length;
  assert.equal(Number(total[3]), calls);
  assert.equal(Number(total[4]), errors);
  const closeRow = table.find((l) => l.endsWith(' close'))!.trim().split(/\s+/);
  assert.equal(Number(closeRow[3]), all.filter((l) => callName(l) === 'close').length);
  assert.deepEqual(trace(['-c']), table);
});

test('-c counts the system time each call was charged (100 ns); -w each call\'s latency, sleeps included', () => {
  const stopcont = 'test/guests/strace/bin/x86_64/stopcont';
  const row = (table: string[], name: string) => table.find((l) => l.endsWith(` ${name}`))!.trim().split(/\s+/);
  const sys = trace(['-c'], stopcont);
  const total = row(sys, 'total');
  // Every call is charged alike (the execve that started the program is not a guest's call).
  assert.equal(total[1], ((Number(total[3]) - 1) * 100 / 1e9).toFixed(6));
  const lat = trace(['-c', '-w'], stopcont);
  // The program sleeps: its children 200 + 300 ms (and a 200 ms futex timeout), itself 50 ms
  // before each stop. Linux's strace -c -w shows the same calls and errors (each interrupted
  // call is one error, `= ? ERESTARTSYS`) and times within a few per cent.
  assert.deepEqual(row(lat, 'restart_syscall').slice(3), ['2', '1', 'restart_syscall']);
  assert.ok(Math.abs(Number(row(lat, 'restart_syscall')[1]) - 0.3) < 0.001, row(lat, 'restart_syscall')[1]);
  assert.deepEqual(row(lat, 'clock_nanosleep').slice(3), ['8', '1', 'clock_nanosleep']);
  assert.ok(Math.abs(Number(row(lat, 'clock_nanosleep')[1]) - 0.65) < 0.001);
  assert.deepEqual(row(lat, 'wait4').slice(3), ['16', '1', 'wait4']);
  assert.deepEqual(lat, trace(['-c', '-w'], stopcont));
});

test('-t/-tt/-ttt, -r and -T use the virtual clock: formats as strace, identical every run', () => {
  const tt = trace(['-tt', '-T']);
  assert.match(tt[0], /^\d\d:\d\d:\d\d\.\d{6} execve\(/);
  const w = tt.find((l) => l.includes(' write(4, "x", 1)'))!;
  assert.match(w, /^\d\d:\d\d:\d\d\.\d{6} write\(4, "x", 1\) += 1 <\d+\.\d{6}>$/);
  assert.deepEqual(trace(['-tt', '-T']), tt);
  assert.match(trace(['-t'])[1], /^\d\d:\d\d:\d\d brk\(NULL\)/);
  // 1767225600 is 2026-01-01T00:00:00Z, the virtual clock's boot time.
  assert.match(trace(['-ttt'])[1], /^17672256\d\d\.\d{6} brk\(NULL\)/);
  const r = trace(['-r']);
  assert.match(r[0], /^ +0\.000000 execve\(/);
  for (const l of r) assert.match(l, /^ {0,5}\d+\.\d{6} /);
});

test('--time host: the guest\'s wall clock starts at the host\'s date; strace\'s times are the host\'s', () => {
  const before = Math.floor(Date.now() / 1000);
  const lines = trace(['--time', 'host', '-ttt', '-T', '-e', 'trace=time,gettimeofday,write']);
  const after = Math.ceil(Date.now() / 1000) + 1;
  // time()'s result is the host's date (plus the little virtual time the guest used), not 2026-01-01.
  const t = Number(/^\d+\.\d{6} time\(NULL\) += (\d+) \(/.exec(lines.find((l) => / time\(NULL\)/.test(l))!)![1]);
  assert.ok(t >= before && t <= after, `${t} not in [${before}, ${after}]`);
  // -ttt is the host's wall clock when the line was printed.
  for (const l of lines) {
    const s = Number(/^(\d+)\.\d{6} /.exec(l)![1]);
    assert.ok(s >= before && s <= after, l);
  }
  // The virtual clock stays the default (and `--time virtual` says so).
  assert.match(trace(['--time=virtual', '-e', 'trace=time']).find((l) => l.startsWith('time('))!, /= 1767225600 \(2026-01-01T00:00:00\+0000\)$/);
  const bad = tricorn(['run', '--time', 'wall', decoders]);
  assert.equal(bad.status, 125);
  assert.equal(bad.stderr, "tricorn: --time takes 'host' or 'virtual' (got 'wall')\n");
});

test('--strace --json: the JSON events where the text would go (stderr, or -o FILE)', () => {
  const r = tricorn(['run', '--strace', '--json', forkbuf]);
  assert.equal(r.status, 0);
  const events = r.stderr.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
  assert.ok(events.some((e) => e.event === 'exit' && e.name === 'clone'));
  const dir = mkdtempSync(join(tmpdir(), 'tricorn-json-'));
  try {
    tricorn(['run', '--trace-json', join(dir, 'a'), forkbuf]);
    const o = tricorn(['run', '--strace', '--json', '-o', join(dir, 'b'), forkbuf]);
    assert.equal(o.stderr, '');
    assert.equal(readFileSync(join(dir, 'b'), 'utf8'), readFileSync(join(dir, 'a'), 'utf8'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  assert.equal(tricorn(['run', '--json', forkbuf]).stderr, 'tricorn: --json applies only with --strace\n');
  assert.match(tricorn(['run', '--strace', '--json', '--trace-json', '/dev/null', forkbuf]).stderr, /give one/);
});

test('-y: descriptors with their paths; -qq: no exit lines', () => {
  const y = trace(['-y']);
  assert.ok(y.includes('write(3</tmp/decoders.d/f>, "hello", 5) = 5'), y.join('\n'));
  assert.ok(y.some((l) => l.startsWith('faccessat(AT_FDCWD</')));
  // A new descriptor's path after the result too (strace's RVAL_FD).
  assert.ok(y.includes('openat(AT_FDCWD</>, "/tmp/decoders.d/f", O_WRONLY|O_CREAT|O_EXCL, 0644) = 3</tmp/decoders.d/f>'), y.join('\n'));
  assert.ok(!trace(['-qq']).some((l) => l.startsWith('+++')));
});

test('--trace-json: every event valid against docs/trace.schema.json, with and without --strace', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tricorn-json-'));
  try {
    const schema = JSON.parse(readFileSync(resolve(root, 'docs/trace.schema.json'), 'utf8')) as object;
    const validate = new Ajv2020({ allErrors: true, strict: true }).compile(schema);
    const file = join(dir, 't.jsonl');
    const r = tricorn(['run', '--trace-json', file, forkbuf]);
    assert.equal(r.status, 0);
    assert.equal(r.stderr, '', 'no text trace without --strace');
    const events = readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    for (const e of events) assert.ok(validate(e), `${JSON.stringify(e)}: ${JSON.stringify(validate.errors)}`);
    const kinds = new Set(events.map((e) => e.event));
    for (const k of ['exec', 'enter', 'exit', 'task', 'signal', 'end']) assert.ok(kinds.has(k), k);
    // Calls pair up: every exit has its enter; the child's birth names its parent.
    assert.equal(events.filter((e) => e.event === 'enter').length, events.filter((e) => e.event === 'exit').length);
    assert.ok(events.some((e) => e.event === 'task' && e.pid === 2 && e.parent === 1));
    const w = events.find((e) => e.event === 'exit' && e.name === 'write')!;
    assert.equal(w.errno, 0);
    assert.match(String(w.text), /^write\(1, "before fork/);
    // Arguments as typed JSON: the fd a number, the buffer its bytes, the count a number.
    const [fd, buf, count] = w.decoded as [number, { str: string; hex: string; truncated: boolean }, number];
    assert.equal(fd, 1);
    assert.equal(Buffer.from(buf.hex, 'hex').toString(), buf.str);
    assert.ok(buf.str.startsWith('before fork'));
    assert.equal(typeof count, 'number');
    // Every decoder's shapes (structs, flags, arrays, -y paths) and signals' siginfo validate too.
    for (const [args, guest] of [[['-y'], decoders], [[], 'test/guests/glibc/bin/x86_64/signals']] as const) {
      const f = join(dir, 'd.jsonl');
      tricorn(['run', '--trace-json', f, ...args, guest], { timeoutMs: 120_000 });
      const evs = readFileSync(f, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
      for (const e of evs) assert.ok(validate(e), `${JSON.stringify(e)}: ${JSON.stringify(validate.errors)}`);
      assert.ok(evs.some((e) => e.event === 'exit' && JSON.stringify(e.decoded).includes('"flags":[')));
      if (guest === decoders) assert.ok(evs.some((e) => String(JSON.stringify(e.decoded)).includes('{"fd":3,"path":"/tmp/decoders.d/f"}')));
      else assert.ok(evs.some((e) => e.event === 'signal' && (e.info as Record<string, unknown>)?.si_code === 'SEGV_MAPERR'));
    }
    // Every arch's events validate (the arch names are the schema's enum), and a stopped
    // process's group stop is one `stop` event per thread, as strace's lines are.
    for (const arch of ['x86_64', 'aarch64', 'ppc64', 'ppc64le', 'riscv64', 's390x']) {
      const f = join(dir, `${arch}.jsonl`);
      assert.equal(tricorn(['run', '--trace-json', f, `test/guests/bin/${arch}/sys`, 'x']).status, 0, arch);
      for (const l of readFileSync(f, 'utf8').trim().split('\n')) assert.ok(validate(JSON.parse(l)), `${arch}: ${l}: ${JSON.stringify(validate.errors)}`);
    }
    const f = join(dir, 'stop.jsonl');
    tricorn(['run', '--trace-json', f, 'test/guests/strace/bin/x86_64/threadstop'], { timeoutMs: 120_000 });
    const stops = readFileSync(f, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>).filter((e) => e.event === 'stop');
    for (const e of stops) assert.ok(validate(e), JSON.stringify(validate.errors));
    assert.deepEqual(stops.map((e) => [e.pid, e.tid, e.signal]), [[2, 2, 'SIGSTOP'], [2, 3, 'SIGSTOP'], [2, 4, 'SIGSTOP']]);
    // Alongside --strace the text trace is unchanged.
    const both = tricorn(['run', '--strace', '--trace-json', join(dir, 'u.jsonl'), forkbuf]);
    assert.equal(both.stderr, tricorn(['run', '--strace', forkbuf]).stderr);
    assert.deepEqual(readFileSync(join(dir, 'u.jsonl'), 'utf8'), readFileSync(file, 'utf8'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
