// In-process kernel harness: a real Kernel on a real engine, with a fake Host (captured output,
// scripted stdin, chosen stdio kinds), so kernel rules are tested in milliseconds without
// spawning the CLI. Two ways in:
//   - boot() makes pid 1 from an assembly snippet (Keystone) and returns the harness; sys()
//     then calls any syscall implementation directly on a task, exactly as a trap would, with
//     scratch guest memory from mem(); run() runs the guest to its end.
//   - runAsm() boots a snippet and runs it: exit status, stdout, stderr and tricorn's log lines.
import type { ArchDescriptor } from '../../arch/types.js';
import { x86_64 } from '../../arch/x86_64.js';
import { PROT_READ, PROT_WRITE } from '../../emu/engine.js';
import { assemble } from '../../cli/assemble.js';
import { engineFactoryFor } from '../../cli/engines.js';
import { SyscallArgs } from '../../kernel/args.js';
import { loadFlat } from '../../kernel/exec/load.js';
import type { Host, HostFdInfo } from '../../kernel/host.js';
import { Kernel, type KernelOptions, type RunOutcome } from '../../kernel/kernel.js';
import { syscalls } from '../../kernel/syscalls/index.js';
import type { Process, Task } from '../../kernel/task.js';

const S_IFCHR = 0o020000;
const S_IFIFO = 0o010000;
const S_IFREG = 0o100000;

/** Host fd kinds a test can give the guest's stdio. */
export const FD_KINDS = {
  /** A terminal: /dev/pts/0. */
  tty: { mode: S_IFCHR | 0o620, size: 0, rdev: (136 << 8) | 0, blksize: 1024, terminal: true },
  /** A character device that is not a terminal: /dev/null. */
  null: { mode: S_IFCHR | 0o666, size: 0, rdev: (1 << 8) | 3, blksize: 4096, terminal: false },
  pipe: { mode: S_IFIFO | 0o600, size: 0, rdev: 0, blksize: 4096, terminal: false },
  file: { mode: S_IFREG | 0o644, size: 0, rdev: 0, blksize: 4096, terminal: false },
} satisfies Record<string, HostFdInfo>;

export class FakeHost implements Host {
  /** Bytes the guest wrote, per fd. */
  readonly out: Record<number, number[]> = { 1: [], 2: [] };
  /** tricorn's own lines (strace, fault reports). */
  readonly logs: string[] = [];
  /** Bytes not yet read from fd 0. */
  stdin: Uint8Array;
  /** What fds 0-2 are; a missing entry is a closed fd. */
  stdio: Record<number, HostFdInfo>;

  constructor(stdin: string | Uint8Array = '', stdio: Partial<Record<0 | 1 | 2, HostFdInfo>> = {}) {
    this.stdin = typeof stdin === 'string' ? new TextEncoder().encode(stdin) : stdin;
    this.stdio = { 0: FD_KINDS.pipe, 1: FD_KINDS.pipe, 2: FD_KINDS.pipe, ...stdio };
  }

  write(fd: number, data: Uint8Array): number {
    (this.out[fd] ??= []).push(...data);
    return data.length;
  }

  read(_fd: number, max: number): Uint8Array | number {
    const got = this.stdin.slice(0, max);
    this.stdin = this.stdin.slice(got.length);
    return got;
  }

  fdInfo(fd: number): HostFdInfo | number {
    const info = this.stdio[fd];
    if (!info) return -9; // EBADF
    if ((info.mode & 0o170000) === S_IFREG) return { ...info, size: this.out[fd]?.length ?? 0 };
    return info;
  }

  log(line: string): void { this.logs.push(line); }

  disassemble(): { text: string; size: number } { return { text: '', size: 0 }; }

  text(fd: 1 | 2): string { return new TextDecoder().decode(Uint8Array.from(this.out[fd] ?? [])); }
}

export interface BootOptions {
  arch?: ArchDescriptor;
  /** pid 1's program (Keystone syntax of the arch); default: exit_group(0) on x86_64. */
  asm?: string;
  /** Machine code instead of `asm`, for an arch Keystone does not assemble for. */
  code?: Uint8Array;
  host?: FakeHost;
  kernel?: Partial<Omit<KernelOptions, 'arch' | 'host' | 'createEngine'>>;
}

/** Where mem() puts scratch buffers: far from the flat image, the stack and mmap's area. */
const SCRATCH = 0x20000000;

export class Harness {
  private scratchTop = SCRATCH;
  private readonly args = new SyscallArgs();
  constructor(readonly kernel: Kernel, readonly host: FakeHost, readonly init: Process) {}

  get task(): Task { return this.init.leader; }
  get arch(): ArchDescriptor { return this.kernel.arch; }

  /**
   * Call syscall `name`'s implementation for `task` as a trap would (the task is current and
   * loaded). Arguments are register values; pointers come from mem().
   */
  sys(name: string, args: readonly (number | bigint)[] = [], task: Task = this.task): number {
    const impl = syscalls[name];
    if (!impl) throw new Error(`no syscall ${name}`);
    const raw = this.args.raw;
    raw.fill(0);
    args.forEach((v, i) => {
      const b = BigInt.asUintN(64, BigInt(v));
      raw[2 + 2 * i] = Number(b & 0xffffffffn);
      raw[3 + 2 * i] = Number(b >> 32n);
    });
    this.kernel.current = task;
    this.kernel.load(task);
    return impl(this.kernel, task, this.args);
  }

  /**
   * A fresh scratch region in `task`'s address space (read-write unless `prot` says otherwise),
   * filled with `data` if given. Returns its address.
   */
  mem(size: number, data?: Uint8Array, prot = PROT_READ | PROT_WRITE, task: Task = this.task): number {
    const page = this.arch.pageSize;
    const len = Math.max(page, Math.ceil(size / page) * page);
    const addr = this.scratchTop;
    this.scratchTop += len + page; // a guard page between regions
    const engine = task.proc.mm.engine;
    engine.map(addr, len, prot);
    if (data) engine.load(addr, data);
    return addr;
  }

  peek(addr: number, len: number, task: Task = this.task): Uint8Array {
    const b = task.proc.mm.engine.read(addr, len);
    if (!b) throw new Error(`cannot read 0x${addr.toString(16)}`);
    return b;
  }

  /** A struct's bytes encoded for this arch. */
  i32s(values: readonly number[]): Uint8Array {
    const b = new Uint8Array(values.length * 4);
    const dv = new DataView(b.buffer);
    values.forEach((v, i) => dv.setInt32(i * 4, v, this.arch.endian === 'little'));
    return b;
  }

  /** Every live task, by its pid in the root namespace. */
  taskByPid(pid: number): Task {
    const t = this.kernel.tasks.find((x) => x.pid.numbers[0] === pid);
    if (!t) throw new Error(`no task with root pid ${pid}`);
    return t;
  }

  run(): RunOutcome { return this.kernel.run(); }
}

const EXIT0 = 'mov eax, 231\nxor edi, edi\nsyscall\n';

export async function boot(opts: BootOptions = {}): Promise<Harness> {
  const arch = opts.arch ?? x86_64;
  const host = opts.host ?? new FakeHost();
  const asm = opts.code ? { code: opts.code, entryOffset: 0 } : await assemble(arch, opts.asm ?? EXIT0);
  const createEngine = await engineFactoryFor(arch);
  const kernel = new Kernel({ arch, host, createEngine, ...opts.kernel });
  const start = { argv: ['guest'], envp: [], execfn: 'guest', random: new Uint8Array(16), uid: 0, gid: 0 };
  const init = kernel.spawnInit('/guest', (engine) => loadFlat(engine, arch, asm.code, asm.entryOffset, start));
  return new Harness(kernel, host, init);
}

export interface AsmRun {
  outcome: RunOutcome;
  stdout: string;
  stderr: string;
  logs: string[];
  harness: Harness;
}

/** Boot `asm` as pid 1 and run it to the end. */
export async function runAsm(asm: string, opts: Omit<BootOptions, 'asm'> = {}): Promise<AsmRun> {
  const h = await boot({ ...opts, asm });
  const outcome = h.run();
  return { outcome, stdout: h.host.text(1), stderr: h.host.text(2), logs: h.host.logs, harness: h };
}
