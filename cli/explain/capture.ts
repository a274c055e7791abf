// Running a guest for `tricorn explain` and keeping what one system call did: the instructions
// before its trap (a ring buffer fed by the engine's instruction hook), the kernel's account
// (kernel/explain.ts), every guest-memory access the kernel made for it (the engine's read and
// write, watched), and the registers each task returns to user mode with. Nothing here
// describes a call: it only records what the running kernel and engine did.
import type { ArchDescriptor } from '../../arch/types.js';
import type { CpuEngine } from '../../emu/engine.js';
import type { ExplainEvent } from '../../kernel/explain.js';
import { straceEnter, straceLine, type PendingSyscall } from '../../kernel/abi/strace.js';
import { NodeHost } from '../host.js';
import { parseRunArgs, runCommand } from '../run.js';

/** One executed instruction. */
export interface Insn { pc: number; bytes: Uint8Array }

/** A guest-memory access the kernel made (copy_from_user / copy_to_user); bytes null: refused (EFAULT). */
export interface MemStep { kind: 'mem'; dir: 'read' | 'write'; addr: number; size: number; bytes: Uint8Array | null }

/** What happened inside the call, in order: the kernel's own reports and the memory it touched. */
export type Step = Exclude<ExplainEvent, { kind: 'enter' | 'exit' | 'resume' | 'blocked' }> | MemStep;

export interface Resume { who: 'caller' | 'child'; tid: number; pc: number; regs: [string, bigint][] }

export interface Captured {
  arch: ArchDescriptor;
  file: string;
  args: string[];
  /** The call's entry, or null if the guest never made it. */
  enter: Extract<ExplainEvent, { kind: 'enter' }> | null;
  /** The instructions before the trap, oldest first, the trap itself last. */
  ring: Insn[];
  steps: Step[];
  /** The result as the implementation returned it (-errno), or null if it did not return. */
  result: number | null;
  blocked: boolean;
  /** The call set every register itself (rt_sigreturn). */
  restored: boolean;
  resumes: Resume[];
  /** The call as strace shows it, rendered by the strace decoders. */
  strace: string | null;
  exitCode: number;
}

export interface CaptureRequest {
  arch: ArchDescriptor;
  file: string;
  args: string[];
  /** The call to stop at: a name, or a test on the name (the clone family). */
  match: (name: string) => boolean;
  nth: number;
  uid: number;
  /** How many instructions before the trap to keep. */
  before: number;
}

/** A Host that keeps the guest's output (and tricorn's own lines) out of the explanation. */
class QuietHost extends NodeHost {
  override write(_fd: number, data: Uint8Array): number { return data.length; }
  override read(): Uint8Array { return new Uint8Array(0); }
  override log(): void { /* the explanation is the output */ }
}

/** A fixed-size ring of the last instructions one engine executed. */
class Ring {
  private readonly buf: Insn[] = [];
  private next = 0;
  constructor(private readonly size: number) {}
  push(pc: number, bytes: Uint8Array): void {
    const x = { pc, bytes: bytes.slice() };
    if (this.buf.length < this.size) this.buf.push(x);
    else this.buf[this.next] = x;
    this.next = (this.next + 1) % this.size;
  }
  items(): Insn[] {
    return this.buf.length < this.size ? [...this.buf] : [...this.buf.slice(this.next), ...this.buf.slice(0, this.next)];
  }
}

export async function capture(req: CaptureRequest): Promise<Captured> {
  const c: Captured = {
    arch: req.arch, file: req.file, args: req.args, enter: null, ring: [], steps: [], result: null,
    blocked: false, restored: false, resumes: [], strace: null, exitCode: 0,
  };
  let seen = 0;
  /** before the call, inside it, blocked in it, back from it (done). */
  let phase: 'before' | 'inside' | 'blocked' | 'done' = 'before';
  let lastRing: Ring | null = null;
  let callEngine: CpuEngine | null = null;
  let pending: PendingSyscall | null = null;
  /** The engines' own read (unwatched): the strace decoders read through it, not as the kernel. */
  const unwatched = new WeakMap<CpuEngine, CpuEngine['read']>();

  const onEngine = (engine: CpuEngine) => {
    const ring = new Ring(req.before + 1);
    engine.onInstruction = (pc, bytes) => {
      // Once the call is explained the guest runs on at full speed (engines allow removing the
      // hook from inside it).
      if (phase !== 'before') { engine.onInstruction = null; return; }
      ring.push(pc, bytes);
      lastRing = ring;
      callEngine = engine;
    };
    const read = engine.read.bind(engine);
    const write = engine.write.bind(engine);
    unwatched.set(engine, read);
    engine.read = (addr, len) => {
      const r = read(addr, len);
      if (phase === 'inside') c.steps.push({ kind: 'mem', dir: 'read', addr, size: len, bytes: r ? r.slice() : null });
      return r;
    };
    engine.write = (addr, data) => {
      const ok = write(addr, data);
      if (phase === 'inside') c.steps.push({ kind: 'mem', dir: 'write', addr, size: data.length, bytes: ok ? data.slice() : null });
      return ok;
    };
  };

  const strace = (engine: CpuEngine | null) => ({
    arch: req.arch,
    mem: engine ? { read: unwatched.get(engine) ?? engine.read.bind(engine), write: () => false } : null,
    strsize: 32,
  });

  const finish = (result: number) => {
    c.result = result;
    c.strace = straceLine(pending!, result, strace(callEngine));
  };

  const sink = (e: ExplainEvent) => {
    if (phase === 'done') return;
    if (phase === 'before') {
      if (e.kind !== 'enter' || !req.match(e.name) || ++seen !== req.nth) return;
      c.enter = e;
      c.ring = lastRing ? lastRing.items() : [];
      pending = straceEnter(e.name, e.regs.subarray(2, 14), strace(callEngine));
      phase = 'inside';
      return;
    }
    const tid = c.enter!.tid;
    if (phase === 'blocked') {
      // Other tasks run meanwhile; only this task's wake-up belongs to the call.
      if (e.kind === 'exit' && e.tid === tid) { finish(e.result); phase = 'inside'; }
      return;
    }
    switch (e.kind) {
      case 'enter': phase = 'done'; return; // the call did not come back (exit, execve)
      case 'blocked': c.blocked = true; phase = 'blocked'; return;
      case 'exit': c.restored = e.restored === true; finish(e.result); return;
      case 'resume':
        c.resumes.push({ who: e.who, tid: e.tid, pc: e.pc, regs: e.regs() });
        if (e.who === 'caller' && e.tid === tid) phase = 'done';
        return;
      default: {
        // A struct or array the kernel names stands for the raw reads of the same bytes; a
        // named write for the raw write it did.
        if (e.kind === 'read' || e.kind === 'write') {
          const end = e.addr + (e.kind === 'read' ? e.bytes.length : e.size);
          const dir = e.kind;
          for (let i = c.steps.length - 1; i >= 0; i--) {
            const s = c.steps[i];
            if (s.kind === 'mem' && s.dir === dir && s.addr >= e.addr && s.addr + s.size <= end) c.steps.splice(i, 1);
          }
        }
        c.steps.push(e);
      }
    }
  };

  const o = parseRunArgs(['--arch', req.arch.name, '--uid', String(req.uid), req.file, ...req.args]);
  c.exitCode = await runCommand(o, { host: (dis) => new QuietHost(dis), explain: sink, onEngine });
  if (c.enter && c.strace === null && pending) c.strace = `${(pending as PendingSyscall).entered} <no return>`;
  return c;
}
