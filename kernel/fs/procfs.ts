// /proc, as Linux shows it. Like a procfs mounted by the first process, it shows pids as the
// root PID namespace numbers them (Linux's /proc shows the namespace it was mounted in; the
// oracle is `unshare --fork --pid --mount-proc`), so NSpid in a nested namespace lists every
// level from the root down. sys/kernel/pid_max and ns_last_pid act on the caller's own
// namespace, as on Linux. The files: /proc/self, thread-self,
// /proc/<pid>/{status,stat,statm,cmdline,comm,exe,cwd,root,maps,mounts,mountinfo,fd/,fdinfo/,personality,task/,ns/pid}, sysvipc/{shm,sem,msg}, the IPC limits in sys/kernel, sys/kernel/pid_max
// and ns_last_pid (writable with CAP_SYS_ADMIN: they act on the caller's namespace), meminfo, cpuinfo,
// uptime, loadavg, stat, version, mounts. Files are generated when opened, from the kernel's
// state at that moment.
import { ipcSysctls, sysvipcMsg, sysvipcSem, sysvipcShm } from '../ipc/proc.js';
import { EACCES, EINVAL, ENOENT, EPERM } from '../abi/errno.js';
import { NS } from '../clock.js';
import type { Kernel } from '../kernel.js';
import type { PidNamespace } from '../pidns.js';
import type { Process, Task } from '../task.js';
import type { FileOps } from './file.js';
import { S_IFDIR, S_IFLNK, S_IFREG, baseAttr, newDev, type Attr, type DirEnt, type FsCtx, type Inode, type SuperBlock } from './inode.js';
import { Dentry } from './namei.js';
import { TASK_COMM_LEN } from '../exec/execve.js';
import { O_CLOEXEC, O_PATH } from '../abi/flags.js';
import { selfUsage, ticks } from '../rusage.js';
import { TMPFS_MAGIC } from './memfs.js';
import { HOSTFS_MAGIC } from './hostfs.js';
import { VDSO_BASE } from '../exec/load.js';
import { UTS_RELEASE, UTS_VERSION } from '../version.js';
import { CAP_SYS_ADMIN } from '../creds.js';
import { PROT_EXEC, PROT_WRITE } from '../../emu/engine.js';

export const PROC_SUPER_MAGIC = 0x9fa0;

interface NodeSpec {
  mode: number;
  key: string;
  lookup?: (ctx: FsCtx, name: string) => Inode | number;
  list?: (ctx: FsCtx) => Array<[string, number]>;
  readlink?: (ctx: FsCtx) => string | number;
  jumpTo?: (ctx: FsCtx) => Dentry | null;
  read?: (ctx: FsCtx) => string;
  write?: (ctx: FsCtx, text: string) => number;
  /** st_size (0 for most of /proc; 64 for an fd link, as proc_fd_link's inodes say). */
  size?: number;
}

/** One /proc node, made on lookup. */
class ProcNode implements Inode {
  readonly key: string;
  private readonly ino: number;
  constructor(readonly sb: SuperBlock, private readonly spec: NodeSpec) {
    this.key = spec.key;
    this.ino = inoFor(spec.key);
  }
  mode(): number { return this.spec.mode; }
  // proc_fill_super's s_blocksize is 1024: stat's st_blksize, which sizes stdio's buffer (and reads).
  getattr(): Attr { return { ...baseAttr(this.sb, this.ino, this.spec.mode, this.spec.size ?? 0, this.spec.list ? 2 : 1), blksize: 1024 }; }
  lookup(ctx: FsCtx, name: string): Inode | number { return this.spec.lookup ? this.spec.lookup(ctx, name) : -ENOENT; }
  readdir(ctx: FsCtx): DirEnt[] {
    const out: DirEnt[] = [{ name: '.', ino: this.ino, mode: S_IFDIR }, { name: '..', ino: this.ino, mode: S_IFDIR }];
    for (const [name, mode] of this.spec.list?.(ctx) ?? []) out.push({ name, ino: inoFor(`${this.key}/${name}`), mode });
    return out;
  }
  readlink(ctx: FsCtx): string | number { return this.spec.readlink ? this.spec.readlink(ctx) : -EINVAL; }
  jumpTo(ctx: FsCtx): Dentry | null { return this.spec.jumpTo?.(ctx) ?? null; }
  open(ctx: FsCtx, flags: number): FileOps | number {
    const spec = this.spec;
    if (!spec.read) return -EACCES;
    const text = new TextEncoder().encode(spec.read(ctx));
    const writable = (flags & 3) !== 0;
    if (writable && !spec.write) return -EACCES;
    return {
      pread: (len, pos) => text.slice(pos, pos + len),
      pwrite: (data) => { const r = spec.write!(ctx, new TextDecoder().decode(data)); return r < 0 ? r : data.length; },
      size: () => 0,
      truncate: () => 0,
    };
  }
}

const inos = new Map<string, number>();
/** Stable inode numbers per /proc path key (Linux's are made up too). */
function inoFor(key: string): number {
  let n = inos.get(key);
  if (n === undefined) { n = 0x1000 + inos.size; inos.set(key, n); }
  return n;
}

const nsInodes = new WeakMap<PidNamespace, number>();
/** The namespace's inode number, as /proc/PID/ns/pid names it (the root's is Linux's fixed one). */
function nsInode(ns: PidNamespace): number {
  let n = nsInodes.get(ns);
  if (n === undefined) { n = ns.parent ? 4026532000 + ns.id : 4026531836; nsInodes.set(ns, n); }
  return n;
}

const DIR = S_IFDIR | 0o555, LNK = S_IFLNK | 0o777, REG = S_IFREG | 0o444, RW = S_IFREG | 0o644;
// ns_last_pid is 0666 on Linux (kernel/pid_namespace.c): anyone may open it, the write itself
// checks the caller's privilege (EPERM), as numberFile's does.
const RW_ALL = S_IFREG | 0o666;

/** A /proc showing `ns`'s pids: the root namespace's at start, the mounter's for mount -t proc. */
export function newProcfs(k: Kernel, ns: PidNamespace = k.initNs): Inode {
  const sb: SuperBlock = { dev: newDev(), readOnly: false, magic: PROC_SUPER_MAGIC };
  const node = (spec: NodeSpec) => new ProcNode(sb, spec);
  /** The namespace /proc shows (its mount's). */
  const viewNs = (_ctx: FsCtx) => ns;
  /** The namespace the sysctls act on: the caller's. */
  const callerNs = (ctx: FsCtx) => k.nsOf(ctx.t);
  const taskByNr = (ctx: FsCtx, nr: number): Task | undefined => {
    const pid = viewNs(ctx).used.get(nr);
    return pid ? k.tasks.find((x) => x.pid === pid) : undefined;
  };
  const procByNr = (ctx: FsCtx, nr: number): Process | undefined => {
    const pid = viewNs(ctx).used.get(nr);
    const p = pid ? k.processByPid.get(pid) : undefined;
    return p && p.state !== 'reaped' ? p : undefined;
  };
  const nsNumbers = (ctx: FsCtx, pid: Task['pid']) => {
    const from = viewNs(ctx).level;
    return pid.numbers.slice(from).join('\t');
  };
  /** A group or session id in each namespace of `p`'s pid from the viewer's down (0 where unseen). */
  const idIn = (ctx: FsCtx, p: Process, id: Task['pid']) =>
    p.pid.ns.chain().slice(viewNs(ctx).level).map((ns) => id.nrIn(ns)).join('\t');

  const status = (ctx: FsCtx, p: Process, t: Task): string => {
    const ns = viewNs(ctx);
    const state = p.state === 'zombie' ? 'Z (zombie)' : p.stopped ? 'T (stopped)' : t === ctx.t ? 'R (running)' : 'S (sleeping)';
    const ppid = p.parent ? p.parent.pid.nrIn(ns) : 0;
    const live = p.threads.filter((x) => x.state !== 'dead').length;
    const c = p.cred;
    return [
      `Name:\t${t.comm}`, `Umask:\t${p.fs ? p.fs.umask.toString(8).padStart(4, '0') : '0022'}`, `State:\t${state}`,
      `Tgid:\t${p.pid.nrIn(ns)}`, 'Ngid:\t0', `Pid:\t${t.pid.nrIn(ns)}`, `PPid:\t${ppid}`, 'TracerPid:\t0',
      `Uid:\t${c.uid}\t${c.euid}\t${c.suid}\t${c.fsuid}`, `Gid:\t${c.gid}\t${c.egid}\t${c.sgid}\t${c.fsgid}`,
      'FDSize:\t64', `Groups:\t${c.groups.join(' ')} `, `NStgid:\t${nsNumbers(ctx, p.pid)}`, `NSpid:\t${nsNumbers(ctx, t.pid)}`,
      `NSpgid:\t${idIn(ctx, p, p.pgrp)}`, `NSsid:\t${idIn(ctx, p, p.session)}`, ...vmLines(p), `Threads:\t${Math.max(live, 1)}`, '',
    ].join('\n');
  };
  const statLine = (ctx: FsCtx, p: Process, t: Task): string => {
    const ns = viewNs(ctx);
    const st = p.state === 'zombie' ? 'Z' : p.stopped ? 'T' : t === ctx.t ? 'R' : 'S';
    const ppid = p.parent ? p.parent.pid.nrIn(ns) : 0;
    // utime..cstime in clock ticks; vsize: the bytes mapped; rss: the pages the engine has
    // touched (its peak: it gives none back before munmap), in the arch's pages as statm's.
    const u = selfUsage(p), alive = p.state === 'alive';
    const m = alive ? memoryOf(p) : null;
    const vsize = m ? p.mm.engine.regions().reduce((n, r) => n + r.size, 0) : 0;
    const rss = m ? m.resident / k.arch.pageSize : 0;
    const f = [t.pid.nrIn(ns), `(${t.comm})`, st, ppid, p.pgrp.nrIn(ns), p.session.nrIn(ns), 0, -1, 0x400000,
      0, 0, 0, 0, ticks(u.utimeNs), ticks(u.stimeNs), ticks(p.cutimeNs), ticks(p.cstimeNs), 20, 0,
      Math.max(1, p.threads.filter((x) => x.state !== 'dead').length), 0, 0, vsize, rss,
      '18446744073709551615', 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 17, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
    return f.join(' ') + '\n';
  };
  const maps = (p: Process): string => mapsText(p);
  /**
   * A live process's memory in bytes, whole pages: size (every mapping), resident (the pages the
   * engine has touched, at most the size), text (executable mappings; Linux counts the
   * program's code segment) and data (writable private mappings; Linux: data and stack).
   */
  const memoryOf = (p: Process) => {
    const page = k.arch.pageSize;
    const regions = p.mm.engine.regions();
    const bytes = (rs: typeof regions) => Math.floor(rs.reduce((n, r) => n + r.size, 0) / page) * page;
    const size = bytes(regions);
    return {
      size, resident: Math.min(size, Math.floor(p.mm.engine.peakResident() / page) * page),
      text: bytes(regions.filter((r) => r.prot & PROT_EXEC)), data: bytes(regions.filter((r) => (r.prot & PROT_WRITE) && !r.shared)),
    };
  };
  /** /proc/PID/statm, in pages: size, resident, shared (0: no page cache), text, lib 0, data, dt 0. */
  const statm = (p: Process): string => {
    if (p.state !== 'alive') return '0 0 0 0 0 0 0\n';
    const m = memoryOf(p), page = k.arch.pageSize;
    return `${m.size / page} ${m.resident / page} 0 ${m.text / page} 0 ${m.data / page} 0\n`;
  };
  /** /proc/PID/status's Vm lines (kB, right-aligned in 8 columns as Linux's), which ps reads. */
  const vmLines = (p: Process): string[] => {
    if (p.state !== 'alive') return [];
    const m = memoryOf(p);
    const kb = (label: string, bytes: number) => `${label}:\t${String(Math.floor(bytes / 1024)).padStart(8)} kB`;
    return [kb('VmPeak', m.size), kb('VmSize', m.size), kb('VmLck', 0), kb('VmPin', 0), kb('VmHWM', m.resident),
      kb('VmRSS', m.resident), kb('RssAnon', m.resident), kb('RssFile', 0), kb('RssShmem', 0), kb('VmData', m.data),
      kb('VmStk', 0), kb('VmExe', m.text), kb('VmLib', 0), kb('VmPTE', 0), kb('VmSwap', 0)];
  };

  const fdDir = (p: Process, key: string): Inode => node({
    mode: S_IFDIR | 0o500, key,
    list: () => p.files ? p.files.fds.flatMap((e, i) => (e ? [[String(i), LNK] as [string, number]] : [])) : [],
    lookup: (ctx, name) => {
      const fd = /^\d+$/.test(name) ? Number(name) : -1;
      const f = p.files?.get(fd);
      if (!f) return -ENOENT;
      // tid_fd_mode: r-x for a readable description, -wx for a writable one (an O_PATH one has neither).
      const perm = (f.flags & O_PATH ? 0 : (f.readable ? 0o500 : 0) | (f.writable ? 0o300 : 0));
      return node({
        mode: S_IFLNK | perm, key: `${key}/${name}`, size: 64,
        readlink: () => (f.dentry ? k.vfs.pathOf(f.dentry, ctx.t.proc.fs.root) : f.inode.key.startsWith('pipe:')
          ? `pipe:[${(f.inode.getattr(ctx) as Attr).ino}]` : f.inode.key.startsWith('anon_inode:') || f.inode.key.startsWith('socket:') ? f.inode.key : '/dev/pts/0'),
        jumpTo: () => f.dentry ?? new Dentry(name, null, f.inode),
      });
    },
  });

  /**
   * /proc/PID/fdinfo/N (seq_show): the offset, the status flags with O_CLOEXEC from the fd table,
   * the mount (an internal one, numbered 15 here, for pipes, sockets and anonymous inodes) and the
   * inode, then what the file's kind adds (a pidfd's Pid and NSpid).
   */
  const fdinfoDir = (p: Process, key: string): Inode => node({
    mode: S_IFDIR | 0o500, key,
    list: () => p.files ? p.files.fds.flatMap((e, i) => (e ? [[String(i), REG] as [string, number]] : [])) : [],
    lookup: (ctx, name) => {
      const fd = /^\d+$/.test(name) ? Number(name) : -1;
      const e = fd >= 0 ? p.files?.fds[fd] : undefined;
      if (!e) return -ENOENT;
      return node({
        mode: S_IFREG | 0o400, key: `${key}/${name}`,
        read: (c) => {
          const f = e.file;
          const attr = f.inode.getattr(c) as Attr;
          const mount = k.vfs.mountTable().findIndex(([, root]) => root.sb === f.inode.sb);
          return `pos:\t${f.pos}\nflags:\t0${((f.flags | (e.cloexec ? O_CLOEXEC : 0)) >>> 0).toString(8)}\n`
            + `mnt_id:\t${mount >= 0 ? 21 + mount : 15}\nino:\t${attr.ino}\n${f.ops.fdinfo?.(viewNs(c)) ?? ''}`;
        },
      });
    },
  });

  const taskDir = (p: Process, t: Task, key: string, withTasks: boolean): Inode => {
    const entries: Record<string, () => Inode> = {
      status: () => node({ mode: REG, key: `${key}/status`, read: (ctx) => status(ctx, p, t) }),
      stat: () => node({ mode: REG, key: `${key}/stat`, read: (ctx) => statLine(ctx, p, t) }),
      statm: () => node({ mode: REG, key: `${key}/statm`, read: () => statm(p) }),
      cmdline: () => node({ mode: REG, key: `${key}/cmdline`, read: () => p.argv.map((s) => s + '\0').join('') }),
      // The task's name (the leader's for /proc/PID); a thread of the same group may rename it
      // (pthread_setname_np writes here), taking the first 15 bytes as they are (a newline too).
      comm: () => node({
        mode: RW, key: `${key}/comm`, read: () => t.comm + '\n',
        write: (ctx, text) => {
          if (ctx.t.proc !== p) return -EINVAL;
          t.comm = new TextDecoder().decode(new TextEncoder().encode(text).subarray(0, TASK_COMM_LEN - 1));
          return 0;
        },
      }),
      maps: () => node({ mode: REG, key: `${key}/maps`, read: () => maps(p) }),
      personality: () => node({ mode: S_IFREG | 0o400, key: `${key}/personality`, read: () => `${p.personality.toString(16).padStart(8, '0')}\n` }),
      // The mount table as this process sees it (df and libmount read mountinfo; /etc/mtab is a
      // link to self/mounts). One mount namespace: every process sees the same.
      mounts: () => node({ mode: REG, key: `${key}/mounts`, read: () => mounts(k) }),
      mountinfo: () => node({ mode: REG, key: `${key}/mountinfo`, read: () => mountinfo(k) }),
      exe: () => node({ mode: LNK, key: `${key}/exe`, readlink: () => p.exe }),
      cwd: () => node({ mode: LNK, key: `${key}/cwd`, readlink: (ctx) => k.vfs.pathOf(p.fs.cwd, ctx.t.proc.fs.root), jumpTo: () => p.fs.cwd }),
      root: () => node({ mode: LNK, key: `${key}/root`, readlink: () => '/', jumpTo: () => p.fs.root }),
      fd: () => fdDir(p, `${key}/fd`),
      fdinfo: () => fdinfoDir(p, `${key}/fdinfo`),
      ns: () => node({
        mode: S_IFDIR | 0o511, key: `${key}/ns`, list: () => [['pid', LNK]],
        lookup: (_c, n) => (n === 'pid' ? node({ mode: LNK, key: `${key}/ns/pid`, readlink: () => `pid:[${nsInode(t.pid.ns)}]` }) : -ENOENT),
      }),
    };
    if (withTasks) {
      entries.task = () => node({
        mode: DIR, key: `${key}/task`,
        list: (ctx) => p.threads.filter((x) => x.state !== 'dead').map((x) => [String(x.pid.nrIn(viewNs(ctx))), DIR] as [string, number]),
        lookup: (ctx, n) => {
          const x = taskByNr(ctx, Number(n));
          return x && x.proc === p && /^\d+$/.test(n) ? taskDir(p, x, `${key}/task/${n}`, false) : -ENOENT;
        },
      });
    }
    return node({
      mode: DIR, key,
      list: () => Object.keys(entries).map((n) => [n, n === 'fd' || n === 'fdinfo' || n === 'ns' || n === 'task' ? DIR : n === 'exe' || n === 'cwd' || n === 'root' ? LNK : REG]),
      lookup: (_c, n) => entries[n]?.() ?? -ENOENT,
    });
  };

  const pidDir = (ctx: FsCtx, name: string): Inode | number => {
    if (!/^[1-9]\d*$/.test(name)) return -ENOENT;
    const p = procByNr(ctx, Number(name));
    if (p) return taskDir(p, p.threads[0], `pid/${p.pid.numbers.join('.')}`, true);
    // A thread id is reachable (not listed) as Linux allows.
    const t = taskByNr(ctx, Number(name));
    return t ? taskDir(t.proc, t, `tid/${t.pid.numbers.join('.')}`, true) : -ENOENT;
  };

  const numberFile = (key: string, mode: number, get: (ctx: FsCtx) => number, set: (ctx: FsCtx, n: number) => number) => node({
    mode, key, read: (ctx) => `${get(ctx)}\n`,
    write: (ctx, text) => {
      if (!ctx.t.proc.cred.capable(CAP_SYS_ADMIN)) return -EPERM;
      const s = text.trim();
      if (!/^\d+$/.test(s)) return -EINVAL;
      return set(ctx, Number(s));
    },
  });
  const kernelDir = node({
    mode: DIR, key: 'sys/kernel',
    list: () => [['pid_max', RW], ['ns_last_pid', RW_ALL], ['ostype', REG], ['osrelease', REG], ...Object.keys(ipcSysctls).map((n) => [n, RW] as [string, number])],
    lookup: (_c, n) => {
      const ipc = ipcSysctls[n];
      if (ipc) {
        return node({
          mode: RW, key: `sys/kernel/${n}`, read: (ctx) => ipc.read(ctx.t.nsproxy.ipc),
          write: (ctx, text) => (ctx.t.proc.cred.capable(CAP_SYS_ADMIN) ? ipc.write(ctx.t.nsproxy.ipc, text) : -EPERM),
        });
      }
      switch (n) {
        case 'pid_max': return numberFile('sys/kernel/pid_max', RW, (ctx) => callerNs(ctx).pidMax, (ctx, v) => {
          if (v < 301 || v > 4194304) return -EINVAL;
          callerNs(ctx).pidMax = v;
          return 0;
        });
        case 'ns_last_pid': return numberFile('sys/kernel/ns_last_pid', RW_ALL, (ctx) => callerNs(ctx).lastPid, (ctx, v) => {
          const ns = callerNs(ctx);
          if (v >= ns.pidMax) return -EINVAL;
          ns.lastPid = v;
          return 0;
        });
        case 'ostype': return node({ mode: REG, key: 'sys/kernel/ostype', read: () => 'Linux\n' });
        case 'osrelease': return node({ mode: REG, key: 'sys/kernel/osrelease', read: () => `${UTS_RELEASE}\n` });
        default: return -ENOENT;
      }
    },
  });
  const sysDir = node({ mode: DIR, key: 'sys', list: () => [['kernel', DIR]], lookup: (_c, n) => (n === 'kernel' ? kernelDir : -ENOENT) });

  const sysvipc: Record<string, (ctx: FsCtx) => string> = {
    shm: (ctx) => sysvipcShm(ctx.t.nsproxy.ipc, viewNs(ctx), k.arch.pageSize),
    sem: (ctx) => sysvipcSem(ctx.t.nsproxy.ipc),
    msg: (ctx) => sysvipcMsg(ctx.t.nsproxy.ipc, viewNs(ctx)),
  };
  const sysvipcDir = node({
    mode: DIR, key: 'sysvipc', list: () => Object.keys(sysvipc).map((n) => [n, REG] as [string, number]),
    lookup: (_c, n) => (sysvipc[n] ? node({ mode: REG, key: `sysvipc/${n}`, read: sysvipc[n] }) : -ENOENT),
  });

  const top: Record<string, (ctx: FsCtx) => Inode> = {
    self: () => node({ mode: LNK, key: 'self', readlink: (ctx) => String(ctx.t.proc.pid.nrIn(viewNs(ctx))) }),
    'thread-self': () => node({
      mode: LNK, key: 'thread-self', readlink: (ctx) => `${ctx.t.proc.pid.nrIn(viewNs(ctx))}/task/${ctx.t.pid.nrIn(viewNs(ctx))}`,
    }),
    sys: () => sysDir,
    sysvipc: () => sysvipcDir,
    meminfo: () => node({ mode: REG, key: 'meminfo', read: () => meminfo(k) }),
    cpuinfo: () => node({ mode: REG, key: 'cpuinfo', read: () => cpuinfo(k) }),
    // uptime_proc_show: seconds since boot and the idle task's, hundredths truncated.
    uptime: () => node({ mode: REG, key: 'uptime', read: () => `${hundredths(k.clockNs)} ${hundredths(idleNs(k))}\n` }),
    loadavg: () => node({ mode: REG, key: 'loadavg', read: (ctx) => loadavg(k, callerNs(ctx)) }),
    stat: () => node({ mode: REG, key: 'stat', read: () => stat(k) }),
    // version_proc_show: release, who built it where, the compiler, uname's version.
    version: () => node({ mode: REG, key: 'version', read: () => `Linux version ${UTS_RELEASE} (tricorn@tricorn) (tricorn) ${UTS_VERSION}\n` }),
    mounts: () => node({ mode: REG, key: 'mounts', read: () => mounts(k) }),
  };
  return node({
    mode: DIR, key: '',
    list: (ctx) => {
      const ns = viewNs(ctx);
      const pids = [...k.processByPid.values()].filter((p) => p.state !== 'reaped' && p.pid.nrIn(ns) > 0)
        .map((p) => p.pid.nrIn(ns)).sort((a, b) => a - b);
      return [...pids.map((n) => [String(n), DIR] as [string, number]), ...Object.keys(top).map((n) => [n, n === 'sys' || n === 'sysvipc' ? DIR : n === 'self' || n === 'thread-self' ? LNK : REG] as [string, number])];
    },
    lookup: (ctx, name) => (top[name] ? top[name](ctx) : pidDir(ctx, name)),
  });
}

/**
 * /proc/PID/maps as show_map_vma prints it: each region of the address space, cut where the
 * files mapped in it change, with the file's offset, device and inode and its path at column
 * 73; [heap], [stack], [vvar] and [vdso] for the kernel's own areas; an anonymous line ends in
 * "0 " as Linux's does.
 */
function mapsText(p: Process): string {
  if (p.state !== 'alive') return '';
  const mm = p.mm;
  const hex = (n: number, w: number) => n.toString(16).padStart(w, '0');
  const out: string[] = [];
  for (const r of mm.engine.regions()) {
    const cuts = new Set([r.addr, r.addr + r.size]);
    for (const f of mm.files) {
      for (const x of [f.addr, f.addr + f.len]) if (x > r.addr && x < r.addr + r.size) cuts.add(x);
    }
    for (const x of [mm.brkStart, mm.brk, mm.stackLow]) if (x > r.addr && x < r.addr + r.size) cuts.add(x);
    const edges = [...cuts].sort((a, b) => a - b);
    for (let i = 0; i + 1 < edges.length; i++) {
      const lo = edges[i], hi = edges[i + 1];
      const f = mm.files.find((m) => m.addr <= lo && m.addr + m.len > lo);
      const perm = `${r.prot & 1 ? 'r' : '-'}${r.prot & 2 ? 'w' : '-'}${r.prot & 4 ? 'x' : '-'}${r.shared ? 's' : 'p'}`;
      const dev = f ? `${hex((f.dev >>> 8) & 0xfff, 2)}:${hex((f.dev & 0xff) | ((f.dev >>> 12) & 0xfff00), 2)}` : '00:00';
      const prefix = `${hex(lo, 8)}-${hex(hi, 8)} ${perm} ${hex(f ? f.offset + (lo - f.addr) : 0, 8)} ${dev} ${f ? f.ino : 0} `;
      const name = f ? f.path
        : lo >= mm.brkStart && hi <= mm.brk && mm.brk > mm.brkStart ? '[heap]'
          : lo >= mm.stackLow && hi <= mm.stackTop ? '[stack]'
            : mm.vvar && lo === mm.vvar ? '[vvar]'
              : mm.vvar && lo === VDSO_BASE ? '[vdso]' : '';
      out.push(name ? `${prefix.padEnd(72)} ${name}\n` : `${prefix}\n`);
    }
  }
  return out.join('');
}

/** The type /proc/mounts names for a file system, by its statfs magic. */
const fsTypes = new Map<number, string>([[TMPFS_MAGIC, 'tmpfs'], [PROC_SUPER_MAGIC, 'proc'], [HOSTFS_MAGIC, 'tricorn']]);

/** /proc/mounts: the mount table, the root first (the host's files show as type `tricorn`). */
function mounts(k: Kernel): string {
  return k.vfs.mountTable().map(([path, inode]) => {
    const type = fsTypes.get(inode.sb.magic) ?? 'none';
    return `${type} ${path} ${type} ${inode.sb.readOnly ? 'ro' : 'rw'} 0 0\n`;
  }).join('');
}

/**
 * /proc/PID/mountinfo (Documentation/filesystems/proc.rst 3.5): mount id, parent id,
 * major:minor, the root within the file system, the mount point, options, no optional fields,
 * `-`, the type, the source, the super options. Ids count from 21 in mount order, as a booted
 * Linux's first ones do; the root mount's parent is one that is not shown (1).
 */
function mountinfo(k: Kernel): string {
  const table = k.vfs.mountTable();
  return table.map(([path, inode], i) => {
    const type = fsTypes.get(inode.sb.magic) ?? 'none';
    // The parent: the latest earlier mount whose path holds this one.
    let parent = 1;
    for (let j = i - 1; j >= 0; j--) {
      const above = table[j][0];
      if (above === '/' || path.startsWith(`${above}/`)) { parent = 21 + j; break; }
    }
    const rw = inode.sb.readOnly ? 'ro' : 'rw';
    const dev = inode.sb.dev;
    return `${21 + i} ${parent} ${Math.floor(dev / 256) & 0xfff}:${(dev & 0xff) | ((dev >>> 12) & ~0xff)} / ${path} ${rw},relatime - ${type} ${type} ${rw}\n`;
  }).join('');
}

/** The figures sysinfo reports (the run's memory limit and what the guests take of it), in kB. */
function meminfo(k: Kernel): string {
  const { limit, used } = k.memoryUse();
  const free = Math.max(0, limit - used);
  // Linux's show_val_kb: the label padded to 16 columns, the number to 8.
  const line = ([name, n]: [string, number]) => `${`${name}:`.padEnd(16)}${`${Math.floor(n / 1024)}`.padStart(8)} kB`;
  return [...([['MemTotal', limit], ['MemFree', free], ['MemAvailable', free], ['Buffers', 0], ['Cached', 0],
    ['SwapTotal', 0], ['SwapFree', 0]] as [string, number][]).map(line), ''].join('\n');
}

/** Nanoseconds as seconds with two decimals, truncated as `%lu.%02lu` of tv_nsec / 10^7 is. */
const hundredths = (ns: number) => { const t = ticks(ns); return `${Math.floor(t / 100)}.${String(t % 100).padStart(2, '0')}`; };
/** The one CPU's idle time: the virtual clock less every task's user and system time. */
const idleNs = (k: Kernel) => Math.max(0, k.clockNs - k.cpuUserNs - k.cpuSystemNs);
/** Tasks that could run now (the reader among them, as on Linux). */
const running = (k: Kernel) => k.tasks.filter((t) => t.state === 'runnable' && !t.proc.stopped).length;

/**
 * /proc/loadavg as loadavg_proc_show prints it: no load (the CPU is virtual and nothing waits
 * for it in host time), running/existing tasks, and the last pid given out in the reader's
 * PID namespace.
 */
function loadavg(k: Kernel, ns: PidNamespace): string {
  return `0.00 0.00 0.00 ${running(k)}/${k.taskCount()} ${ns.lastPid}\n`;
}

/**
 * /proc/stat as show_stat prints it for one CPU: user, nice, system, idle ... in clock ticks from
 * the virtual clock; no interrupts or softirqs; task switches, boot time, tasks created.
 */
function stat(k: Kernel): string {
  const cpu = [ticks(k.cpuUserNs), 0, ticks(k.cpuSystemNs), ticks(idleNs(k)), 0, 0, 0, 0, 0, 0].join(' ');
  return [`cpu  ${cpu}`, `cpu0 ${cpu}`, 'intr 0', `ctxt ${k.contextSwitches}`, `btime ${k.bootRealtimeSec}`,
    `processes ${k.tasksCreated}`, `procs_running ${running(k)}`, 'procs_blocked 0', `softirq 0${' 0'.repeat(10)}`, ''].join('\n');
}

/** /proc/cpuinfo: the architecture's own format (its descriptor holds the one CPU's text). */
function cpuinfo(k: Kernel): string {
  return k.arch.cpuinfo;
}
