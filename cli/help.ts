// Help texts for `tricorn --help` and `tricorn run --help`.
import { archCatalog } from '../arch/catalog.js';

const archList = archCatalog.map((a) => (a.aliases.length ? `${a.name} (${a.aliases.join(', ')})` : a.name)).join(', ');

export const mainHelp = `tricorn — run Linux guest programs of several 64-bit architectures on a CPU
emulator whose system calls land in a kernel written in TypeScript.

Usage:
  tricorn run [options] FILE [ARGS...]     run an ELF executable or a .s file
  tricorn layout STRUCT --arch A [--json]  print a struct's layout on an ABI (A may be 'all');
                                           tricorn layout --list names every struct
  tricorn conform [CASE...|DIR] [options]  the cross-architecture conformance suite, or yours
  tricorn explain [options] (--example NAME | FILE [ARGS...])
                                           one system call from the trap into the kernel and
                                           back, on one arch or all of them side by side
  tricorn --help                           this overview and every command's whole help
  tricorn help CMD | tricorn CMD --help    one command's help
  tricorn --version

Architectures: ${archList}

Exit status: the guest's (128+N when it was killed by signal N); for tricorn's own
errors, as env(1) and timeout(1) report theirs:
  125  tricorn was misused (unknown option or command, bad value) or failed itself
  126  FILE cannot be run (not ELF; a foreign or 32-bit ELF, or a dynamic one whose
       interpreter is not in the guest's file system; an assembly error; a directory)
  127  FILE does not exist
`;

export const runHelp = `Usage: tricorn run [options] FILE [ARGS...]

Runs FILE as the first process (pid 1) of a fresh guest system. FILE is
  - an ELF64 executable (static, static-PIE, or dynamic: its PT_INTERP loader is
    taken from the guest's file system, see --root); its architecture is read
    from the ELF header, or
  - a .s assembly file, assembled by Keystone into one flat read-write-execute
    segment and entered at the label _start (or at its first byte). Its
    architecture is --arch, or else the nearest directory in its path named after
    one (guest-asm/ppc64/hello.s is ppc64).
argv[0] is FILE as given; ARGS follow. Guest stdin/stdout/stderr are the host's and
the exit status is the guest's. FILE is loaded by the same path as execve.

The guest's file system: the host's files through a passthrough mount at / (with the
host's permissions), and the kernel's own /proc, /dev and /tmp (in memory, gone at
exit). The guest starts in tricorn's working directory (in / with --root/--sandbox).

Options:
  --arch A          architecture of a .s file (${archList});
                    for an ELF, checked against the header
  --strace          one line per system call on stderr, in strace's format
    -o FILE         (with --strace; also --strace=FILE) the trace goes to FILE instead
    --json          (with --strace) the --trace-json events instead of the text lines,
                    on stderr or in -o's FILE
    -s N            (with --strace) show N bytes of strings before "..." (default 32)
    -a N            (with --strace) pad " = result" to column N (default 40, as strace;
                    0: no padding)
    -f              (with --strace) accepted: every task is always followed
    -ff             (with --strace -o FILE) each thread's trace in FILE.TID, as strace -ff
    -e trace=SET    (with --strace) show only these calls: names and strace's classes
                    %file %desc %process %signal %memory %network %ipc %creds %clock,
                    all, none; a leading ! shows all but the set (-e EXPR: trace=EXPR)
    -e signal=SET   (with --strace) show only these signals' --- lines (! negates)
    -e inject=SET:error=ERRNO  (with --strace) the calls of SET are not made and fail
                    with ERRNO (a name or number), shown "(INJECTED)" (strace's fault
                    injection; only its error= form)
    -c              (with --strace) no trace: a table of calls, errors and time per
                    call when the run ends (strace -c); the time is the system time
                    the kernel charged each call (100 ns of the virtual clock a call,
                    what getrusage's ru_stime adds up), as strace's default
    -w              (with -c) sum each call's latency instead: entry to exit on the
                    virtual clock, sleeps and waits included (strace -w)
    -t, -tt, -ttt   (with --strace) start each line with the time (HH:MM:SS, with
                    microseconds, or seconds since the epoch)
    -r              (with --strace) start each line with the time since the last one
    -T              (with --strace) end each call's line with its duration <s.us>
                    Times are the guest's virtual clock, so traces repeat exactly
                    (--time host: the host's clocks, as strace's).
    -y              (with --strace) show descriptors with their paths: read(3</tmp/x>, ...)
    -q, -qq         (with --strace) -qq: no "+++ exited" lines
  --trace-json FILE one JSON object per event (calls, signals, tasks, ends) to FILE;
                    schema: docs/trace.schema.json (with or without --strace)
  --time host       the guest's wall clock (CLOCK_REALTIME, gettimeofday, time) starts
                    at the host's date and time instead of 2026-01-01T00:00:00Z, and
                    strace's -t/-tt/-ttt, -r, -T and -c times are the host's clocks;
                    --time virtual (the default) keeps runs repeatable
  --trace           every executed instruction on stderr (address, bytes, disassembly)
  --quiet           do not report syscalls tricorn does not implement (without --strace,
                    each is said once per run on stderr: "tricorn: pid 1: syscall
                    'add_key' is not implemented (ENOSYS)")
  --trace-limit N   stop tracing after N instructions (default 100000)
  --pid-max N       pid_max of the root PID namespace (default 32768)
  --pidns           FILE is pid 1 of a PID namespace of its own below the root one
                    (level 1, as under unshare --fork --pid --mount-proc); /proc shows it,
                    --strace's pids are the root namespace's (as strace's outside it)
  --uid N           run as this uid/gid (default 0: root, which may choose pids)
  --root DIR        DIR becomes the guest's / (a sysroot such as /usr/aarch64-linux-gnu
                    for dynamic programs, or an extracted root file system)
  --mount HOST:GUEST[:ro]  also show host directory HOST at GUEST (repeatable)
  --read-only       passthrough mounts refuse writes (EROFS)
  --sandbox         no host files at all: / is an empty in-memory tree (plus --mount)
  --env K=V, -E K=V add K=V to the guest's environment (repeatable)
  --env-host        start from the host's environment (as qemu-user does)
  --unset K, -U K   remove K from the guest's environment (repeatable)
                    The environment is empty by default, so runs repeat exactly.
  --seed N          seed for AT_RANDOM and getrandom (default 0)
  --memory-limit S  host memory the guest's touched pages may take (e.g. 512M, 2G;
                    default: a quarter of the host's memory). Beyond it mmap/brk/fork
                    fail with ENOMEM and a page touch ends the guest (SIGKILL)
  --max-tasks N     threads and processes (zombies included) that may exist at once
                    (default 4096); clone beyond it fails with EAGAIN
  --timeout SECS    stop the run after SECS seconds of host time: one line, exit 124
  --max-insns N     stop the run after N guest instructions (deterministic; a slice
                    ending early at a system call counts as one): one line, exit 124
  --               end of options
`;
