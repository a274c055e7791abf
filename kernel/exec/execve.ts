// execve's preparation, shared by execve/execveat and `tricorn run`: find the program in the
// guest's file system, read it, follow `#!` to an interpreter (with its one optional argument,
// split as Linux's binfmt_script does), parse the ELF (and its PT_INTERP loader), and hand the
// kernel a loader for the new image. Everything that can fail fails here, before the point of
// no return, so a failed exec leaves the caller untouched.
import { E2BIG, EACCES, ELOOP, ENOENT, ENOEXEC } from '../abi/errno.js';
import type { Kernel } from '../kernel.js';
import type { Task } from '../task.js';
import { ctxOf } from '../fs/at.js';
import { isReg, type Attr } from '../fs/inode.js';
import type { Dentry } from '../fs/namei.js';
import { ElfError, isElf, parseElf, type ElfImage } from './elf.js';
import { loadElf, type ProcessImage } from './load.js';
import type { CpuEngine } from '../../emu/engine.js';

/** Nested `#!` interpreters allowed (Linux: 4 levels of binfmt rewriting, then ELOOP). */
const MAX_INTERP_DEPTH = 4;
/** Bytes of a `#!` line Linux looks at (BINPRM_BUF_SIZE). */
const BINPRM_BUF_SIZE = 256;
/** Bytes of a task name, its NUL included (Linux's TASK_COMM_LEN). */
export const TASK_COMM_LEN = 16;
/** Largest program read into memory. */
const MAX_PROGRAM = 256 * 1024 * 1024;

export interface ExecPlan {
  /** The program's path as the new image knows it (AT_EXECFN, /proc/self/exe). */
  exe: string;
  argv: string[];
  /** The new task name: the basename of the file exec was given (a script's, not its interpreter's). */
  comm: string;
  load: (engine: CpuEngine, random: Uint8Array) => ProcessImage;
}

/** Linux's __set_task_comm(kbasename(filename)): the last path component, cut to 15 bytes. */
export function commOf(path: string): string {
  const base = path.slice(path.lastIndexOf('/') + 1);
  return new TextDecoder().decode(new TextEncoder().encode(base).subarray(0, TASK_COMM_LEN - 1));
}

/**
 * A file's bytes the caller has read already (tricorn run reads FILE to learn its architecture),
 * with what stat said of the file then: readWhole takes them for a file that still says the same
 * (device, inode, size, mtime), instead of reading it a second time (a static glibc program is
 * 0.4-0.9 MB: ~1 ms of CPU to read into fresh memory).
 */
export interface KnownBytes {
  bytes: Uint8Array;
  dev: number; ino: number; size: number; mtime: [number, number];
}

const sameFile = (a: Attr, k: KnownBytes) =>
  a.dev === k.dev && a.ino === k.ino && a.size === k.size && k.bytes.length === k.size
  && a.mtime[0] === k.mtime[0] && a.mtime[1] === k.mtime[1];

/** The whole content of the regular file at `d`, or -errno. */
export function readWhole(k: Kernel, t: Task, d: Dentry, needExec = true, known?: KnownBytes): Uint8Array | number {
  const inode = d.inode;
  // A directory, a device, a pipe: not executable (EACCES, as Linux's may_open for exec).
  if (!isReg(inode.mode())) return -EACCES;
  const ctx = ctxOf(k, t);
  const attr = inode.getattr(ctx);
  if (typeof attr === 'number') return attr;
  if (needExec && !(attr.mode & 0o111)) return -EACCES;
  if (attr.size > MAX_PROGRAM) return -E2BIG;
  if (known && sameFile(attr, known)) return known.bytes;
  const ops = inode.open?.(ctx, 0);
  if (ops === undefined) return -EACCES;
  if (typeof ops === 'number') return ops;
  try {
    if (!ops.pread) return -EACCES;
    // The first read asks for the size the file has, so a program is read in one part, kept as
    // it came: copying it into an array of its own wrote every page a second time, a page fault
    // per 4 KiB of fresh memory (~170 for a 680 KB static glibc program). A file that grew, or
    // one whose size says nothing (procfs), takes more reads.
    const parts: Uint8Array[] = [];
    let total = 0;
    for (let want = attr.size > 0 ? attr.size : 1 << 20; ; want = 1 << 16) {
      const r = ops.pread(want, total);
      if (typeof r === 'number') return r;
      if (r.length === 0) break;
      parts.push(r);
      total += r.length;
      if (total > MAX_PROGRAM) return -E2BIG;
    }
    if (parts.length === 1) return parts[0];
    const out = new Uint8Array(total);
    let off = 0;
    for (const p of parts) { out.set(p, off); off += p.length; }
    return out;
  } finally {
    ops.release?.(null as never);
  }
}

/** Split a `#!` line into interpreter and optional argument, or null if it names none. */
export function parseShebang(bytes: Uint8Array): { interp: string; arg: string | null } | null {
  const head = bytes.subarray(2, Math.min(bytes.length, BINPRM_BUF_SIZE));
  const nl = head.indexOf(10);
  const line = new TextDecoder().decode(nl >= 0 ? head.subarray(0, nl) : head).replace(/[ \t]+$/, '');
  const m = /^[ \t]*([^ \t]+)(?:[ \t]+(.*))?$/.exec(line);
  if (!m) return null;
  return { interp: m[1], arg: m[2] !== undefined && m[2] !== '' ? m[2] : null };
}

export interface PlanInput {
  /** The resolved program. */
  dentry: Dentry;
  /** The name it was asked for (argv of a script's interpreter gets this). */
  path: string;
  argv: string[];
  envp: string[];
  /** What /proc/self/exe says, when the caller knows better than the guest's tree (tricorn run). */
  exe?: string;
  /** tricorn run's FILE need not be executable (as under qemu-user): only execve checks x bits. */
  anyMode?: boolean;
  /** The program's bytes as the caller read them, used if the file is still that one (readWhole). */
  known?: KnownBytes;
}

/**
 * Work out what exec'ing `input` means: -errno, or the plan (the loader of the new image).
 * `lookup` resolves an interpreter path as the caller would.
 */
export function planExec(k: Kernel, t: Task, input: PlanInput, lookup: (path: string) => Dentry | number,
  depth = 0): ExecPlan | number {
  const bytes = readWhole(k, t, input.dentry, !input.anyMode, input.known);
  if (typeof bytes === 'number') return bytes;
  if (bytes.length >= 2 && bytes[0] === 0x23 && bytes[1] === 0x21) {
    if (depth >= MAX_INTERP_DEPTH) return -ELOOP;
    const sb = parseShebang(bytes);
    if (!sb) return -ENOEXEC;
    const d = lookup(sb.interp);
    if (typeof d === 'number') return d;
    const argv = [sb.interp, ...(sb.arg !== null ? [sb.arg] : []), input.path, ...input.argv.slice(1)];
    const plan = planExec(k, t, { dentry: d, path: sb.interp, argv, envp: input.envp }, lookup, depth + 1);
    return typeof plan === 'number' ? plan : { ...plan, comm: commOf(input.path) };
  }
  if (!isElf(bytes)) return -ENOEXEC;
  let elf: ElfImage;
  let interp: ElfImage | null = null;
  let interpDentry: Dentry | null = null;
  try {
    elf = parseElf(bytes);
    if (elf.machine !== k.arch.elf.machine || elf.endian !== k.arch.endian) return -ENOEXEC;
    if (elf.interp !== null) {
      const d = lookup(elf.interp);
      if (typeof d === 'number') return d === -ENOENT ? -ENOENT : d;
      const ib = readWhole(k, t, d);
      if (typeof ib === 'number') return ib;
      interpDentry = d;
      interp = parseElf(ib);
      if (interp.interp !== null || interp.machine !== elf.machine) return -ENOEXEC;
    }
  } catch (e) {
    if (e instanceof ElfError) return -ENOEXEC;
    throw e;
  }
  const exe = input.exe ?? k.vfs.pathOf(input.dentry, t.proc.fs.root);
  const { argv, envp } = input;
  const source = (d: Dentry, path: string) => {
    const a = d.inode.getattr(ctxOf(k, t));
    return { path, dev: typeof a === 'number' ? 0 : a.dev, ino: typeof a === 'number' ? 0 : a.ino };
  };
  const sources = {
    exe: source(input.dentry, exe),
    interp: interpDentry ? source(interpDentry, k.vfs.pathOf(interpDentry, t.proc.fs.root)) : null,
  };
  return {
    exe, argv, comm: commOf(input.path),
    load: (engine, random) => loadElf(engine, k.arch, elf, {
      argv, envp, execfn: input.path, random, uid: t.proc.cred.uid, euid: t.proc.cred.euid, gid: t.proc.cred.gid, egid: t.proc.cred.egid, sources,
    }, interp),
  };
}
