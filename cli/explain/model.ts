// The explanation of one call on one arch, as data: what the text, HTML and JSON outputs all
// show (docs/explain.schema.json describes it). Built from a capture (capture.ts) and from the
// arch descriptor, the struct layer and the dispatch table — never from a description of what
// a call is supposed to do.
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { ArchDescriptor } from '../../arch/types.js';
import { layoutOf } from '../../kernel/abi/struct.js';
import { structDecl } from '../../kernel/abi/structs.js';
import { errnoName } from '../../kernel/abi/errno.js';
import { syscallFormats } from '../../kernel/abi/strace.js';
import { syscalls } from '../../kernel/syscalls/index.js';
import type { Disassembler } from '../disasm.js';
import type { Captured, Step } from './capture.js';

export interface InsnOut { pc: string; bytes: string; text: string }
export interface FieldOut { name: string; offset: number; size: number; type: string; bytes: string; value: string }
export interface MemoryOut {
  dir: 'read' | 'write';
  what: string;
  struct: string | null;
  addr: string;
  size: number;
  /** The bytes in guest order, hex; null when the access was refused (EFAULT). */
  bytes: string | null;
  /** Every field (structs), every element (arrays), or one value (a scalar); empty for raw buffers. */
  fields: FieldOut[];
  /** Printable text of a raw buffer (non-printing bytes as '.'), or null. */
  text: string | null;
}
export type KernelStep =
  | { kind: 'check'; rule: string; ok: boolean; values: string; errno: string | null }
  | { kind: 'task'; pids: number[]; thread: boolean; sharesMemory: boolean }
  | { kind: 'memory'; index: number };
export interface RegOut { reg: string; value: string; role: string }
export interface ResumeOut { pid: number; pc: string; /** pc is the instruction after the trap. */ afterTrap: boolean }
export interface ArchExplanation {
  arch: string;
  endian: 'little' | 'big';
  program: string;
  /** False when the guest never made the call. */
  found: boolean;
  exitStatus: number;
  call: { name: string; number: number; pid: number; strace: string | null; impl: { file: string; function: string } | null } | null;
  user: { before: InsnOut[]; trap: InsnOut | null; mnemonic: string; note: string };
  registers: RegOut[];
  /** Legacy clone's argument order on this arch (the call was clone), else null. */
  cloneOrder: string[] | null;
  memory: MemoryOut[];
  kernel: KernelStep[];
  back: {
    result: number | null;
    errno: string | null;
    blocked: boolean;
    /** The call set every register itself (rt_sigreturn restores them from the signal frame). */
    restored: boolean;
    convention: string;
    registers: { reg: string; value: string }[];
    /** Registers the trap may change besides the result (the arch descriptor's list). */
    clobbered: string[];
    caller: ResumeOut | null;
    children: (ResumeOut & { differs: { reg: string; caller: string; child: string }[] })[];
  };
}

const hex = (n: number | bigint) => `0x${n.toString(16)}`;
export const bytesHex = (b: Uint8Array) => [...b].map((x) => x.toString(16).padStart(2, '0')).join(' ');

/** The parameters' names (C prototypes) of the calls the examples explain; others use strace's argument kinds. */
const params: Record<string, string[]> = {
  clone2: ['cs: struct clone_struct *', 'pids: pid_t *', 'tls'],
  clone3: ['uargs: struct clone_args *', 'size'],
  write: ['fd', 'buf', 'count'],
  futex: ['uaddr', 'futex_op', 'val', 'timeout', 'uaddr2', 'val3'],
};

function roles(arch: ArchDescriptor, name: string): string[] {
  if (name === 'clone') return [...arch.syscall.cloneArgs];
  if (params[name]) return params[name];
  const f = syscallFormats[name];
  if (f && typeof f !== 'function') return f.args.map((s) => s.replace(/^>/, 'out: ').replace(/:\d+$/, ''));
  return arch.syscall.args.map((_, i) => `arg${i}`);
}

/** Where each implementation lives: the module of kernel/syscalls/ that exports the very function the dispatch table holds. */
let implFiles: Map<unknown, string> | null = null;
async function implFile(name: string): Promise<string | null> {
  if (!implFiles) {
    implFiles = new Map();
    const dir = new URL('../../kernel/syscalls/', import.meta.url);
    for (const f of readdirSync(fileURLToPath(dir)).filter((x) => x.endsWith('.js')).sort()) {
      if (f === 'index.js') continue;
      const m = (await import(new URL(f, dir).href)) as Record<string, unknown>;
      for (const v of Object.values(m)) if (typeof v === 'function' && !implFiles.has(v)) implFiles.set(v, `kernel/syscalls/${f.replace(/\.js$/, '.ts')}`);
    }
  }
  return implFiles.get(syscalls[name]) ?? null;
}

function decode(b: Uint8Array, little: boolean, signed = false): bigint {
  let v = 0n;
  for (let i = 0; i < b.length; i++) v = (v << 8n) | BigInt(b[little ? b.length - 1 - i : i]);
  return signed ? BigInt.asIntN(b.length * 8, v) : v;
}

function memoryOut(a: ArchDescriptor, s: Step): MemoryOut | null {
  const little = a.endian === 'little';
  if (s.kind === 'read' && s.struct) {
    const L = layoutOf(structDecl(s.struct, a)!, a);
    const fields = L.fields.map((f) => {
      const raw = s.bytes.subarray(f.offset, f.offset + f.size);
      const v = decode(raw, little, /^(s\d+|int|long|pid_t|ssize_t)$/.test(f.ctype));
      return { name: f.name, offset: f.offset, size: f.size, type: f.ctype, bytes: bytesHex(raw), value: f.size > 8 ? '' : v > 0xffffn ? `${v} (${hex(v)})` : `${v}` };
    });
    return { dir: 'read', what: s.what, struct: s.struct, addr: hex(s.addr), size: s.bytes.length, bytes: bytesHex(s.bytes), fields, text: null };
  }
  if (s.kind === 'read') {
    // A named array of pid_t (pids[], set_tid[]).
    const fields = [];
    for (let i = 0; i + 4 <= s.bytes.length; i += 4) {
      const raw = s.bytes.subarray(i, i + 4);
      fields.push({ name: `[${i / 4}]`, offset: i, size: 4, type: 'pid_t', bytes: bytesHex(raw), value: `${decode(raw, little, true)}` });
    }
    return { dir: 'read', what: s.what, struct: null, addr: hex(s.addr), size: s.bytes.length, bytes: bytesHex(s.bytes), fields, text: null };
  }
  if (s.kind === 'write') {
    const b = new Uint8Array(s.size);
    const dv = new DataView(b.buffer);
    if (s.size === 8) dv.setBigUint64(0, BigInt(s.value), little); else dv.setUint32(0, s.value >>> 0, little);
    return { dir: 'write', what: s.what, struct: null, addr: hex(s.addr), size: s.size, bytes: bytesHex(b), fields: [{ name: s.what, offset: 0, size: s.size, type: s.size === 8 ? 'u64' : 'u32', bytes: bytesHex(b), value: `${s.value}` }], text: null };
  }
  if (s.kind === 'mem') {
    const b = s.bytes;
    const scalar = b && (s.size === 4 || s.size === 8);
    const shown = b ? b.subarray(0, 256) : null;
    return {
      dir: s.dir, what: s.dir === 'read' ? 'copy_from_user' : 'copy_to_user', struct: null, addr: hex(s.addr), size: s.size,
      bytes: shown ? bytesHex(shown) + (b!.length > shown.length ? ' …' : '') : null,
      fields: scalar ? [{ name: `u${s.size * 8}`, offset: 0, size: s.size, type: `u${s.size * 8}`, bytes: bytesHex(b), value: `${decode(b, little)}` }] : [],
      text: b && !scalar ? [...shown!].map((x) => (x >= 0x20 && x < 0x7f ? String.fromCharCode(x) : '.')).join('') : null,
    };
  }
  return null;
}

function reg64(regs: Uint32Array, i: number): bigint {
  return (BigInt(regs[2 * i + 1]) << 32n) | BigInt(regs[2 * i]);
}

export async function explainArch(c: Captured, dis: Disassembler): Promise<ArchExplanation> {
  const a = c.arch;
  const sc = a.syscall;
  const insn = (x: { pc: number; bytes: Uint8Array }): InsnOut => ({ pc: hex(x.pc), bytes: bytesHex(x.bytes), text: dis.one(a, x.bytes, x.pc) });
  const e = c.enter;
  const conv = sc.error.style === 'negated'
    ? `${sc.ret} = the result, or -errno on failure (-4095..-1)`
    : `${sc.ret} = the result with ${sc.error.flagName} clear, or +errno with ${sc.error.flagName} set on failure`;
  const out: ArchExplanation = {
    arch: a.name, endian: a.endian, program: [c.file, ...c.args].join(' '), found: e !== null, exitStatus: c.exitCode,
    call: null, user: { before: [], trap: null, mnemonic: sc.trap, note: sc.trapNote }, registers: [], cloneOrder: null,
    memory: [], kernel: [],
    back: { result: c.result, errno: null, blocked: c.blocked, restored: c.restored, convention: conv, registers: [], clobbered: sc.clobbers.filter((r) => r !== sc.ret), caller: null, children: [] },
  };
  if (!e) return out;
  const impl = e.impl ? { file: (await implFile(e.name)) ?? 'kernel/syscalls/', function: e.impl } : null;
  out.call = { name: e.name, number: Number(reg64(e.regs, 0)), pid: e.tid, strace: c.strace, impl };
  const ring = c.ring.map(insn);
  const last = c.ring[c.ring.length - 1];
  if (last && last.pc === e.pc) { out.user.trap = ring.pop()!; out.user.before = ring; } else out.user.before = ring;
  out.registers.push({ reg: sc.nr, value: `${reg64(e.regs, 0)}`, role: `syscall number (${e.name})` });
  roles(a, e.name).forEach((role, i) => out.registers.push({ reg: sc.args[i], value: hex(reg64(e.regs, i + 1)), role }));
  if (e.name === 'clone') out.cloneOrder = [...sc.cloneArgs];
  for (const s of c.steps) {
    if (s.kind === 'check') out.kernel.push({ kind: 'check', rule: s.rule, ok: s.ok, values: s.values, errno: s.errno ?? null });
    else if (s.kind === 'task') out.kernel.push({ kind: 'task', pids: [...s.pids], thread: s.thread, sharesMemory: s.sharesMemory });
    else {
      const m = memoryOut(a, s);
      if (m) { out.kernel.push({ kind: 'memory', index: out.memory.length }); out.memory.push(m); }
    }
  }
  const r = c.result;
  out.back.errno = r !== null && r < 0 && r >= -4095 ? errnoName(-r) ?? String(-r) : null;
  const caller = c.resumes.find((x) => x.who === 'caller' && x.tid === e.tid);
  if (caller) {
    const after = e.pc + sc.trapSize;
    out.back.caller = { pid: caller.tid, pc: hex(caller.pc), afterTrap: caller.pc === after };
    const flag = sc.error.style === 'flagged' ? sc.error : null;
    for (const [n, v] of caller.regs) {
      if (n === sc.ret) out.back.registers.push({ reg: n, value: `${BigInt.asIntN(64, v)}` });
      if (flag && n === flag.flagReg) out.back.registers.push({ reg: `${n} (${flag.flagName} ${v & BigInt(flag.flagMask) ? 'set' : 'clear'})`, value: hex(v) });
    }
    for (const ch of c.resumes.filter((x) => x.who === 'child')) {
      const mine = new Map(caller.regs);
      const differs = ch.regs.filter(([n, v]) => mine.get(n) !== v).map(([n, v]) => ({ reg: n, caller: hex(mine.get(n)!), child: hex(v) }));
      out.back.children.push({ pid: ch.tid, pc: hex(ch.pc), afterTrap: ch.pc === after, differs });
    }
  }
  return out;
}
