// /dev: the kernel's own devices. null, zero and full behave as Linux's mem devices; random
// and urandom read the run's seeded generator (so runs repeat); stdin/stdout/stderr and fd are
// symlinks into /proc/self/fd as udev makes them; tty is the caller's controlling terminal: a
// pseudo-terminal's slave, or the host's terminal when one of its standard streams is one (else
// ENXIO). ptmx makes pseudo-terminals, whose slaves are in pts (devpts, kernel/fs/pty.ts).
import { EFAULT, EIO, ENOSPC, ENXIO } from '../abi/errno.js';
import type { Host } from '../host.js';
import type { DeterministicRandom } from '../random.js';
import { POLLIN, POLLOUT, OpenFile, type FileOps } from './file.js';
import { S_IFCHR, baseAttr, newDev, type Inode, type SuperBlock } from './inode.js';
import { MemDir, MemSpecial, MemSymlink, TMPFS_MAGIC } from './memfs.js';
import { O_RDONLY, O_WRONLY } from '../abi/flags.js';
import { DEVPTS_SUPER_MAGIC, Devpts, hexBytes, makedev } from './pty.js';
import { structLayout } from '../abi/structs.js';
import { writeStruct } from '../abi/struct.js';

/** What a host terminal's TIOCGWINSZ answers: 24 rows, 80 columns. */
const HOST_WINSIZE = { ws_row: 24, ws_col: 80, ws_xpixel: 0, ws_ypixel: 0 };

const ready = () => POLLIN | POLLOUT;

export function newDevfs(random: DeterministicRandom, host: Host): MemDir {
  const sb: SuperBlock = { dev: newDev(), readOnly: false, magic: TMPFS_MAGIC };
  const dev = new MemDir(sb, 0o755);
  const chr = (name: string, minor: number, ops: FileOps, major = 1) =>
    dev.add(name, new MemSpecial(sb, S_IFCHR | 0o666, makedev(major, minor), () => ({ ...ops })));
  // null, zero and full have no poll method (poll says they are ready; epoll refuses them, EPERM).
  chr('null', 3, { read: () => new Uint8Array(0), write: (_f, d) => d.length });
  chr('zero', 5, { read: (_f, n) => new Uint8Array(Math.min(n, 1 << 20)), write: (_f, d) => d.length, mapsAnonymous: true });
  chr('full', 7, { read: (_f, n) => new Uint8Array(Math.min(n, 1 << 20)), write: () => -ENOSPC });
  const rnd: FileOps = { read: (_f, n) => random.fill(new Uint8Array(Math.min(n, 1 << 20))), write: (_f, d) => d.length, poll: ready };
  chr('random', 8, rnd);
  chr('urandom', 9, rnd);
  dev.add('tty', new MemSpecial(sb, S_IFCHR | 0o666, makedev(5, 0), (ctx, flags) => {
    const ctty = ctx.t.proc.ctty;
    if (ctty === 'host') return hostTty(host);
    return ctty ? ctty.openSlave(ctx, flags, true) : -ENXIO;
  }));
  const pts = new Devpts();
  dev.add('ptmx', new MemSpecial(sb, S_IFCHR | 0o666, makedev(5, 2), (ctx) => pts.open(ctx)));
  dev.add('fd', new MemSymlink(sb, '/proc/self/fd'));
  ['stdin', 'stdout', 'stderr'].forEach((n, i) => dev.add(n, new MemSymlink(sb, `/proc/self/fd/${i}`)));
  dev.dir('shm');
  dev.add('pts', pts.dir);
  return dev;
}

/**
 * The host's standard streams as open files: the guest's fds 0, 1 and 2 at start. fstat reports
 * what the host's fd really is (a C library buffers by st_mode), and only a host terminal
 * answers the terminal ioctls (TCGETS with Linux's default termios, TIOCGWINSZ 80x24).
 */
export function hostStdio(host: Host, fd: number): OpenFile {
  const sb: SuperBlock = { dev: 0, readOnly: false, magic: DEVPTS_SUPER_MAGIC };
  const inode: Inode = {
    sb, key: `stdio:${fd}`,
    mode: () => { const i = host.fdInfo(fd); return typeof i === 'number' ? S_IFCHR | 0o620 : i.mode; },
    getattr: (ctx) => {
      const info = host.fdInfo(fd);
      if (typeof info === 'number') return info;
      const a = baseAttr(sb, fd + 1, info.mode, info.size);
      return { ...a, uid: ctx.t.proc.cred.uid, gid: ctx.t.proc.cred.gid, rdev: info.rdev, blksize: info.blksize };
    },
    open: () => ops,
  };
  const ops: FileOps = {
    read: (_f, n) => host.read(fd, n),
    write: (_f, d) => host.write(fd, d),
    poll: ready,
    ioctl: (_f, req, arg, ctx) => {
      const info = host.fdInfo(fd);
      if (typeof info === 'number') return info;
      if (!info.terminal) return undefined;
      const engine = ctx.t.proc.mm.engine;
      if (req === 'TCGETS') return engine.write(arg, hexBytes(ctx.k.arch.terminal.stdTermios)) ? 0 : -EFAULT;
      if (req === 'TIOCGWINSZ') return writeStruct(engine, arg, structLayout('winsize', ctx.k.arch), HOST_WINSIZE) ? 0 : -EFAULT;
      return undefined;
    },
  };
  return new OpenFile(ops, fd === 0 ? O_RDONLY : O_WRONLY, null, inode);
}

/**
 * /dev/tty: the terminal among the host's standard streams (the guest's controlling terminal is
 * the one tricorn runs in). Writes and the terminal ioctls go to the first of stderr, stdout,
 * stdin that is a terminal; reads come from stdin when it is one (else EIO, as a terminal the
 * process cannot read). No terminal at all: ENXIO, as Linux says without a controlling tty.
 */
function hostTty(host: Host): FileOps | number {
  const isTty = (fd: number) => { const i = host.fdInfo(fd); return typeof i !== 'number' && i.terminal; };
  const out = [2, 1, 0].find(isTty);
  if (out === undefined) return -ENXIO;
  const w = hostStdio(host, out).ops;
  const r = isTty(0) ? hostStdio(host, 0).ops : null;
  return { ...w, read: r ? r.read : () => -EIO };
}
