// `tricorn explain`: follow one system call from the trap into the kernel and back, on one
// architecture or all four side by side. Everything in "inside the kernel" comes from the
// kernel's explain channel (kernel/explain.ts), reported by the code that did it.
import { existsSync } from 'node:fs';
import { architectures, findArch } from '../arch/index.js';
import type { ArchDescriptor } from '../arch/types.js';
import { layoutOf } from '../kernel/abi/struct.js';
import { structDecl } from '../kernel/abi/structs.js';
import { errnoName } from '../kernel/abi/errno.js';
import type { ExplainEvent } from '../kernel/explain.js';
import { NodeHost } from './host.js';
import { parseRunArgs, runCommand } from './run.js';
import { NotFoundError, UsageError } from './usage.js';

/** Built-in examples: committed guests for every arch, and the call to stop at. */
const examples: Record<string, { file: string; args: string[]; syscall: string; cli?: string[] }> = {
  clone2: { file: 'test/guests/conform/bin/{arch}/clone2conf', args: [], syscall: 'clone2' },
  clone3: { file: 'test/guests/clone3/bin/{arch}/clone3conf', args: [], syscall: 'clone3' },
  clone: { file: 'test/guests/conform/bin/{arch}/clone2conf', args: [], syscall: 'clone' },
  fork: { file: 'test/guests/glibc/bin/{arch}/forkbuf', args: [], syscall: 'clone' },
  write: { file: 'test/guests/bin/{arch}/hello', args: [], syscall: 'write' },
  getpid: { file: 'test/guests/bin/{arch}/loop', args: ['1'], syscall: 'getpid' },
  futex: { file: 'test/guests/glibc/bin/{arch}/threads', args: [], syscall: 'futex' },
};

export const explainHelp = `Usage: tricorn explain [options] (--example NAME | FILE [ARGS...])

Runs the guest and stops at one system call (default: the first clone-family call, else the
first call), then shows how it travelled: the trap instruction and where the number and
arguments go, the registers at entry with their roles, the memory the kernel read (each
struct field by field, in the guest's byte order), every rule the kernel checked with its
values, the tasks it made and pids it gave, its writes to guest memory, and the result going
back by the arch's error convention.

  --arch A|all      one arch, or all four side by side (FILE's path must contain the arch
                    name as a directory, e.g. bin/x86_64/prog, as the conformance suite names them)
  --syscall NAME    the call to explain
  --nth N           its N-th occurrence (default 1)
  --uid N           run as this uid (e.g. 1000 to see the rules that need root fail)
  --json            the explanation as data
  --example NAME    a built-in example: ${Object.keys(examples).join(', ')}
`;

interface Captured { arch: ArchDescriptor; events: ExplainEvent[]; exitCode: number }

const cloneFamily = new Set(['clone', 'clone2', 'clone3', 'fork', 'vfork']);

/** A Host that keeps the guest's output (and tricorn's own lines) out of the explanation. */
class QuietHost extends NodeHost {
  override write(_fd: number, data: Uint8Array): number { return data.length; }
  override read(): Uint8Array { return new Uint8Array(0); }
  override log(): void { /* the explanation is the output */ }
}
const quietHost = (dis: ConstructorParameters<typeof NodeHost>[0]) => new QuietHost(dis);

async function capture(arch: ArchDescriptor, file: string, args: string[], syscall: string | null, nth: number, uid: number): Promise<Captured> {
  let seen = 0;
  let tid = -1;
  let done = false;
  let firstAny: ExplainEvent[] | null = null;
  const events: ExplainEvent[] = [];
  const sink = (e: ExplainEvent) => {
    if (done) return;
    if (e.kind === 'enter' && tid < 0) {
      const wanted = syscall ? e.name === syscall : cloneFamily.has(e.name);
      if (!syscall && !firstAny) firstAny = [e];
      if (wanted && ++seen === nth) { tid = e.tid; events.push(e); }
      return;
    }
    if (tid < 0) {
      if (firstAny && firstAny.length < 64 && !firstAny.some((x) => x.kind === 'exit')) firstAny.push(e);
      return;
    }
    events.push(e);
    if (e.kind === 'exit' && e.tid === tid) done = true;
  };
  const exitCode = await runCommand(parseRunArgs(['--arch', arch.name, '--uid', String(uid), file, ...args]), { host: quietHost, explain: sink });
  const chosen = events.length ? events : (!syscall && firstAny) ? firstAny : [];
  return { arch, events: chosen, exitCode };
}

const hex = (n: number | bigint) => `0x${n.toString(16)}`;
const bytesHex = (b: Uint8Array) => [...b].map((x) => x.toString(16).padStart(2, '0')).join(' ');

/** The roles of a call's arguments, in register order (legacy clone's order is the arch's). */
function roles(arch: ArchDescriptor, name: string): string[] {
  const known: Record<string, string[]> = {
    clone2: ['cs: struct clone_struct *', 'pids: pid_t *', 'tls'],
    clone3: ['uargs: struct clone_args *', 'size'],
    clone: arch.syscall.cloneArgs.map((a) => a),
    write: ['fd', 'buf', 'count'],
    futex: ['uaddr', 'futex_op', 'val', 'timeout', 'uaddr2', 'val3'],
    getpid: [],
  };
  return known[name] ?? arch.syscall.args.map((_, i) => `arg${i}`);
}

function u64(regs: Uint32Array, i: number): bigint {
  return (BigInt(regs[2 * i + 1]) << 32n) | BigInt(regs[2 * i]);
}

interface Sections { user: string[]; regs: string[]; memory: string[]; kernel: string[]; back: string[] }

function decodeField(b: Uint8Array, little: boolean): bigint {
  let v = 0n;
  for (let i = 0; i < b.length; i++) v = (v << 8n) | BigInt(b[little ? b.length - 1 - i : i]);
  return v;
}

function sections(c: Captured): Sections {
  const a = c.arch;
  const s: Sections = { user: [], regs: [], memory: [], kernel: [], back: [] };
  const enter = c.events.find((e): e is Extract<ExplainEvent, { kind: 'enter' }> => e.kind === 'enter');
  if (!enter) { s.user.push('the call was not made'); return s; }
  const little = a.endian === 'little';
  s.user.push(`trap: ${a.syscall.trap} — number in ${a.syscall.nr}, arguments in ${a.syscall.args.join(', ')}, result in ${a.syscall.ret}`);
  s.regs.push(`${a.syscall.nr} = ${u64(enter.regs, 0)} (${enter.name})`);
  const r = roles(a, enter.name);
  r.forEach((role, i) => s.regs.push(`${a.syscall.args[i]} = ${hex(u64(enter.regs, i + 1))}  ${role}`));
  for (const e of c.events) {
    if (e.kind === 'read') {
      s.memory.push(`${e.what}${e.struct ? ` (struct ${e.struct})` : ''}: ${e.bytes.length} bytes at ${hex(e.addr)}, ${a.endian}-endian`);
      if (e.struct) {
        const l = layoutOf(structDecl(e.struct, a.name)!, a);
        for (const f of l.fields) {
          const raw = e.bytes.subarray(f.offset, f.offset + f.size);
          s.memory.push(`  +${String(f.offset).padStart(2)} ${String(f.size).padStart(2)}  ${f.ctype.padEnd(8)} ${f.name.padEnd(12)} ${bytesHex(raw).padEnd(24)} = ${decodeField(raw, little)}`);
        }
      } else {
        for (let i = 0; i + 4 <= e.bytes.length; i += 4) {
          const raw = e.bytes.subarray(i, i + 4);
          s.memory.push(`  [${i / 4}] ${bytesHex(raw)} = ${new DataView(raw.buffer, raw.byteOffset, 4).getInt32(0, little)}`);
        }
      }
    } else if (e.kind === 'check') {
      s.kernel.push(`${e.ok ? 'ok  ' : 'FAIL'} ${e.rule}: ${e.values}${!e.ok && e.errno ? ` -> ${e.errno}` : ''}`);
    } else if (e.kind === 'task') {
      s.kernel.push(`new ${e.thread ? 'thread' : 'process'}${e.sharesMemory ? ' (shares memory)' : ' (copy of the address space)'}: pid ${e.pids.map((p, i) => `${p} at level ${i}`).join(', ')}`);
    } else if (e.kind === 'write') {
      const b = new Uint8Array(e.size);
      new DataView(b.buffer).setUint32(0, e.value >>> 0, little);
      s.kernel.push(`write ${e.what}: ${e.size} bytes at ${hex(e.addr)} <- ${bytesHex(b)} (${e.value})`);
    } else if (e.kind === 'exit') {
      const res = e.result;
      const err = res < 0 && res >= -4095 ? errnoName(-res) ?? String(-res) : null;
      const conv = a.syscall.error;
      if (conv.style === 'negated') {
        s.back.push(err ? `${a.syscall.ret} = ${res} (-${err}): errors are negated errno in the result register` : `${a.syscall.ret} = ${res}`);
      } else {
        s.back.push(err ? `${a.syscall.ret} = ${-res} (${err}) with CR0.SO set: errors are +errno with the summary-overflow flag` : `${a.syscall.ret} = ${res}, CR0.SO clear`);
      }
      if (!err && cloneFamily.has(e.name)) s.back.push(`the child resumes after the same ${a.syscall.trap} with ${a.syscall.ret} = 0`);
    }
  }
  return s;
}

const titles: [keyof Sections, string][] = [
  ['user', 'User side'], ['regs', 'Registers at entry'], ['memory', 'Memory the kernel reads'],
  ['kernel', 'Inside the kernel'], ['back', 'The way back'],
];

function summary(cs: Captured[], ss: Sections[]): string[] {
  if (cs.length < 2) return [];
  const same = (f: (i: number) => string) => cs.every((_, i) => f(i) === f(0));
  const out = ['Across arches'];
  const differ: string[] = [];
  const alike: string[] = [];
  (same((i) => cs[i].arch.syscall.trap) ? alike : differ).push('trap instruction');
  (same((i) => cs[i].arch.syscall.args.join()) ? alike : differ).push('argument registers');
  (same((i) => cs[i].arch.endian) ? alike : differ).push('byte order');
  (same((i) => cs[i].arch.syscall.error.style) ? alike : differ).push('error convention');
  const structs = (i: number) => JSON.stringify(cs[i].events.filter((e) => e.kind === 'read').map((e) => (e.kind === 'read' && e.struct ? layoutOf(structDecl(e.struct, cs[i].arch.name)!, cs[i].arch).fields.map((f) => [f.name, f.offset, f.size]) : e.kind === 'read' ? e.bytes.length : 0)));
  (same(structs) ? alike : differ).push('struct layout');
  (same((i) => ss[i].kernel.join('\n').replace(/0x[0-9a-f]+/g, 'ADDR')) ? alike : differ).push('checks, pids and writes');
  (same((i) => JSON.stringify(cs[i].events.filter((e) => e.kind === 'exit').map((e) => e.kind === 'exit' && e.result))) ? alike : differ).push('result');
  out.push(`  differs: ${differ.join(', ') || 'nothing'}`, `  same:    ${alike.join(', ') || 'nothing'}`);
  return out;
}

export async function explainCommand(argv: string[]): Promise<{ stdout: string; exitCode: number }> {
  let archArg: string | null = null;
  let syscall: string | null = null;
  let nth = 1;
  let uid = 0;
  let json = false;
  let example: string | null = null;
  let i = 0;
  for (; i < argv.length; i++) {
    const a = argv[i];
    const v = () => { const x = argv[++i]; if (x === undefined) throw new UsageError(`explain: ${a} needs a value`); return x; };
    if (a === '--help' || a === '-h') return { stdout: explainHelp, exitCode: 0 };
    else if (a === '--arch') archArg = v();
    else if (a === '--syscall') syscall = v();
    else if (a === '--nth') { const x = v(); if (!/^\d+$/.test(x) || Number(x) < 1) throw new UsageError('explain: --nth needs a number from 1'); nth = Number(x); }
    else if (a === '--uid') { const x = v(); if (!/^\d+$/.test(x)) throw new UsageError('explain: --uid needs a number'); uid = Number(x); }
    else if (a === '--json') json = true;
    else if (a === '--example') example = v();
    else if (a.startsWith('-')) throw new UsageError(`explain: unknown option '${a}' (see tricorn explain --help)`);
    else break;
  }
  let file: string;
  let args: string[];
  if (example) {
    const ex = examples[example];
    if (!ex) throw new UsageError(`explain: no example '${example}' (known: ${Object.keys(examples).join(', ')})`);
    file = ex.file; args = ex.args; syscall ??= ex.syscall;
  } else {
    if (i >= argv.length) throw new UsageError('explain needs a FILE or --example NAME (see tricorn explain --help)');
    file = argv[i]; args = argv.slice(i + 1);
  }
  const arches = archArg === 'all' ? [...architectures] : archArg ? [findArch(archArg) ?? (() => { throw new UsageError(`explain: unknown architecture '${archArg}'`); })()] : [architectures[0]];
  const fileFor = (a: ArchDescriptor) => {
    if (file.includes('{arch}')) return file.replace('{arch}', a.name);
    if (arches.length === 1) return file;
    const parts = file.split('/');
    const k = parts.findIndex((p) => findArch(p));
    if (k < 0) throw new UsageError(`explain: --arch all needs FILE's path to name its arch as a directory (e.g. bin/x86_64/prog): ${file}`);
    parts[k] = a.name;
    return parts.join('/');
  };
  for (const a of arches) if (!existsSync(fileFor(a))) throw new NotFoundError(`explain: no ${a.name} program ${fileFor(a)}`);
  const caps: Captured[] = [];
  for (const a of arches) caps.push(await capture(a, fileFor(a), args, syscall, nth, uid));
  const ss = caps.map(sections);
  if (json) {
    const data = caps.map((c, k) => ({ arch: c.arch.name, events: c.events.map((e) => ('bytes' in e ? { ...e, bytes: bytesHex(e.bytes) } : 'regs' in e ? { ...e, regs: [...e.regs] } : e)), sections: ss[k] }));
    return { stdout: `${JSON.stringify({ syscall: syscall ?? 'first clone-family call', nth, arches: data }, null, 2)}\n`, exitCode: 0 };
  }
  const out: string[] = [];
  const name = caps[0].events.find((e) => e.kind === 'enter');
  out.push(`${name && name.kind === 'enter' ? name.name : syscall ?? 'syscall'} #${nth} of ${file}${args.length ? ` ${args.join(' ')}` : ''}`, '');
  for (const [key, title] of titles) {
    out.push(`== ${title}`);
    caps.forEach((c, k) => {
      if (caps.length > 1) out.push(`[${c.arch.name}]`);
      out.push(...(ss[k][key].length ? ss[k][key] : ['(nothing)']).map((l) => `  ${l}`));
    });
    out.push('');
  }
  out.push(...summary(caps, ss));
  return { stdout: `${out.join('\n')}\n`, exitCode: 0 };
}
