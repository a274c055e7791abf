// Pseudo-terminals (Linux's drivers/tty/pty.c, fs/devpts and the job-control rules of
// tty_jobctrl.c). Opening /dev/ptmx makes a pair: the master file it returns, and the slave
// /dev/pts/N, locked until TIOCSPTLCK(0). What the master writes is the slave's input, through
// the line discipline (tty-ldisc.ts); what the slave writes, post-processed, is what the master
// reads. A slave becomes a session's controlling terminal (TIOCSCTTY, or opened by a session
// leader without one): its signal characters go to the foreground process group, background
// groups reading it get SIGTTIN, and closing the master hangs it up (SIGHUP to the session).
import { EAGAIN, EBUSY, EFAULT, EINVAL, EIO, ENOSPC, ENOTTY, EPERM, ESRCH } from '../abi/errno.js';
import { AT_FDCWD, O_CLOEXEC, O_NOCTTY, O_NONBLOCK, O_RDWR } from '../abi/flags.js';
import { structLayout } from '../abi/structs.js';
import { readStruct, writeStruct } from '../abi/struct.js';
import { CAP_SYS_ADMIN } from '../creds.js';
import type { Kernel } from '../kernel.js';
import type { Pid } from '../pidns.js';
import { disposition, hasDeliverable, kernelInfo, sendSignal } from '../signal-deliver.js';
import { SIG_IGN, bit } from '../signal-state.js';
import { BLOCK, type Process, type Task } from '../task.js';
import { readU32, writeU32 } from '../uaccess.js';
import { installNew } from './fdtable.js';
import { openPath } from './open.js';
import { POLLERR, POLLHUP, POLLIN, POLLOUT, POLLRDNORM, POLLWRNORM, WaitQueue, type FileOps, type OpenFile } from './file.js';
import { S_IFCHR, newDev, type FsCtx, type SuperBlock } from './inode.js';
import { MemDir, MemSpecial } from './memfs.js';
import { LineDiscipline, type Termios } from './tty-ldisc.js';
import { ByteQueue } from './tty-queue.js';

export const DEVPTS_SUPER_MAGIC = 0x1cd1;
const UNIX98_PTY_SLAVE_MAJOR = 136;
/** /proc/sys/kernel/pty/max. */
const PTY_MAX = 4096;
/** What a pty buffers toward the master before the slave's writes wait (the flip buffers' limit). */
const PTY_BUFFER = 65536;
/** devpts mounted as systemd and Debian's fstab mount it: gid=5 (tty), mode=620. */
const TTY_GID = 5, PTS_MODE = 0o620;
const SIGHUP = 1, SIGCONT = 18, SIGTTIN = 21, SIGTTOU = 22, SIGWINCH = 28;
const TCIFLUSH = 0, TCOFLUSH = 1, TCIOFLUSH = 2;
const TCOOFF = 0, TCOON = 1, TCIOFF = 2, TCION = 3;
const TIOCPKT_FLUSHREAD = 1, TIOCPKT_FLUSHWRITE = 2, TIOCPKT_STOP = 4, TIOCPKT_START = 8;
/** The standard speeds B0..B38400 (the CBAUD codes 0-15 every ABI shares). */
const BAUD = [0, 50, 75, 110, 134, 150, 200, 300, 600, 1200, 1800, 2400, 4800, 9600, 19200, 38400];

/** The requests that change a terminal: from a background group, SIGTTOU first. */
const SETTERS = new Set(['TCSETS', 'TCSETSW', 'TCSETSF', 'TCFLSH', 'TCXONC', 'TIOCSPGRP']);

/** new_encode_dev: a device number as stat's st_rdev shows it. */
export const makedev = (major: number, minor: number) => ((major & 0xfff) << 8) | (minor & 0xff) | ((minor & ~0xff) << 12);
const s32 = (v: number) => Number(BigInt.asIntN(32, BigInt(Math.trunc(v))));

/** A process's controlling terminal: a pty's slave, the host's terminal (the session tricorn started in), or none. */
export type Ctty = Pty | 'host' | null;

/** devpts: /dev/pts with a node per open pty, and the ptmx that makes them. */
export class Devpts {
  readonly sb: SuperBlock = { dev: newDev(), readOnly: false, magic: DEVPTS_SUPER_MAGIC };
  readonly dir = new MemDir(this.sb, 0o755);
  private readonly ptys = new Map<number, Pty>();

  constructor() {
    // The instance's own ptmx, mode 0 as mounted without ptmxmode.
    this.dir.add('ptmx', new MemSpecial(this.sb, S_IFCHR, makedev(5, 2), (ctx) => this.open(ctx)));
  }

  /** ptmx_open: a new pair; the master's operations. */
  open(ctx: FsCtx): FileOps | number {
    let index = 0;
    while (this.ptys.has(index)) index++;
    if (index >= PTY_MAX) return -ENOSPC;
    const pty = new Pty(ctx.k, this, index, ctx.t.proc.cred.fsuid);
    this.ptys.set(index, pty);
    this.dir.add(String(index), pty.node);
    return pty.masterOps();
  }

  /** devpts_pty_kill: the master's last close removes /dev/pts/N. */
  remove(pty: Pty): void {
    this.ptys.delete(pty.index);
    this.dir.unlink(null as unknown as FsCtx, String(pty.index));
  }
}

export class Pty {
  readonly ldisc: LineDiscipline;
  /** The master's own settings (TCGETS on the master): raw, as pty.c's init_termios. */
  masterTermios: Termios;
  winsize = { ws_row: 0, ws_col: 0, ws_xpixel: 0, ws_ypixel: 0 };
  /** What the slave wrote (and its echoes), for the master to read. */
  private readonly toMaster = new ByteQueue();
  /** What the master wrote that the line discipline has not taken yet (it was full). */
  private readonly toSlave = new ByteQueue();
  readonly wq = new WaitQueue();
  locked = true;
  slaveOpens = 0;
  masterOpen = true;
  hungUp = false;
  exclusive = false;
  packet = false;
  private ctrlStatus = 0;
  /** Controlling-terminal state: the session it controls and its foreground process group. */
  session: Pid | null = null;
  pgrp: Pid | null = null;
  /** A pending non-canonical read's VTIME deadline (virtual ns), and the bytes it had then. */
  private deadline = Infinity;
  private deadlineLen = 0;
  readonly node: MemSpecial;

  constructor(readonly k: Kernel, private readonly devpts: Devpts, readonly index: number, uid: number) {
    const arch = k.arch;
    const std = decodeTermios(k, hexBytes(arch.terminal.stdTermios));
    const cf = arch.flags.termbits.cflag;
    // pts_driver->init_termios: tty_std_termios with c_cflag B38400 | CS8 | CREAD.
    this.ldisc = new LineDiscipline({ ...std, cflag: std.cflag & ~cf.HUPCL, ispeed: 38400, ospeed: 38400 }, arch.flags.termbits,
      (bytes) => this.toMasterPush(bytes), (sig) => this.signalPgrp(sig));
    // The master starts with the same settings (Linux 6.18 reports them so; they do not act on it here).
    this.masterTermios = { ...this.ldisc.termios, cc: this.ldisc.termios.cc.slice() };
    this.node = new MemSpecial(devpts.sb, S_IFCHR | PTS_MODE, makedev(UNIX98_PTY_SLAVE_MAJOR, index), (ctx, flags) => this.openSlave(ctx, flags));
    this.node.attr.uid = uid;
    this.node.attr.gid = TTY_GID;
    this.node.attr.ino = index + 3;
  }

  private toMasterPush(bytes: number[]): void {
    for (const b of bytes) this.toMaster.push(b);
    if (bytes.length) this.wq.wake(POLLIN);
  }

  /** Move what the master wrote into the line discipline while it has room. */
  private pump(): void {
    let moved = false;
    while (this.toSlave.length && !this.ldisc.full) { this.ldisc.receive(this.toSlave.shift()); moved = true; }
    if (moved) this.wq.wake();
  }

  // -------------------------------------------------------------- job control

  private processes(): Process[] {
    return [...this.k.processByPid.values()].filter((p) => p.state === 'alive');
  }

  /** kill_pgrp(tty->pgrp, sig, 1). */
  signalPgrp(sig: number, pgrp = this.pgrp): void {
    if (!pgrp) return;
    for (const p of this.processes()) if (p.pgrp === pgrp) sendSignal(this.k, p, null, kernelInfo(sig));
  }

  /** will_become_orphaned_pgrp: no member has a parent in another group of the same session. */
  private orphaned(pgrp: Pid): boolean {
    for (const p of this.processes()) {
      if (p.pgrp !== pgrp || !p.parent || p.parent === this.k.init) continue;
      if (p.parent.pgrp !== pgrp && p.parent.session === p.session) return false;
    }
    return true;
  }

  /**
   * __tty_check_change: a process of a background group using its controlling terminal. Its
   * group is sent `sig` (SIGTTIN to read, SIGTTOU to write under TOSTOP or to change settings)
   * and the call waits to be restarted; ignored or blocked, SIGTTIN is EIO and SIGTTOU lets it
   * through; an orphaned group cannot be stopped: EIO.
   */
  checkChange(t: Task, sig: number): number {
    const p = t.proc;
    if (p.ctty !== this || !this.pgrp || p.pgrp === this.pgrp) return 0;
    if (disposition(p, sig).handler === SIG_IGN || (t.sigmask & bit(sig)) !== 0n) return sig === SIGTTIN ? -EIO : 0;
    if (this.orphaned(p.pgrp)) return -EIO;
    this.signalPgrp(sig, p.pgrp);
    if (hasDeliverable(t)) t.sigWake = true;
    return BLOCK;
  }

  /** __proc_set_tty: `p`'s session is controlled by this terminal. */
  private setCtty(p: Process): void {
    this.session = p.session;
    this.pgrp = p.pgrp;
    p.ctty = this;
  }

  /** session_clear_tty: no process of the session has this controlling terminal any more. */
  private clearSession(session: Pid | null): void {
    if (!session) return;
    for (const p of this.processes()) if (p.session === session && p.ctty === this) p.ctty = null;
  }

  /**
   * disassociate_ctty: the session leader exits (onExit) or gives up the terminal (TIOCNOTTY):
   * the foreground group gets SIGHUP (and SIGCONT unless exiting), and the terminal controls no
   * session any more.
   */
  disassociate(onExit: boolean): void {
    if (this.pgrp) {
      const pgrp = this.pgrp;
      this.signalPgrp(SIGHUP, pgrp);
      if (!onExit) this.signalPgrp(SIGCONT, pgrp);
    }
    this.clearSession(this.session);
    this.session = null;
    this.pgrp = null;
  }

  /** __tty_hangup: the master is gone. Session leaders controlled by it get SIGHUP and SIGCONT. */
  private hangup(): void {
    if (this.hungUp) return;
    this.hungUp = true;
    for (const p of this.processes()) {
      if (p.ctty !== this) continue;
      p.ctty = null;
      if (p.session === p.pid) {
        sendSignal(this.k, p, null, kernelInfo(SIGHUP));
        sendSignal(this.k, p, null, kernelInfo(SIGCONT));
      }
    }
    this.session = null;
    this.pgrp = null;
    this.wq.wake();
  }

  // -------------------------------------------------------------- the two sides

  masterOps(): FileOps {
    return {
      read: (f, len) => {
        if (this.packet && this.ctrlStatus) {
          const s = this.ctrlStatus;
          this.ctrlStatus = 0;
          return Uint8Array.of(s);
        }
        if (this.toMaster.length) {
          const data = this.toMaster.take(this.packet ? len - 1 : len);
          this.wq.wake(POLLOUT);
          if (!this.packet) return data;
          const out = new Uint8Array(data.length + 1);
          out.set(data, 1);
          return out;
        }
        if (this.slaveOpens === 0 && !this.locked && this.slaveSeen) return -EIO;
        return f.nonblock ? -EAGAIN : BLOCK;
      },
      write: (f, data) => {
        // Once the slave has been opened and closed again, what the master writes is lost
        // (Linux accepts it; no line discipline takes it).
        if (this.slaveOpens === 0 && this.slaveSeen) return data.length;
        const room = PTY_BUFFER - this.toSlave.length;
        if (room <= 0) return f.nonblock ? -EAGAIN : BLOCK;
        const n = Math.min(room, data.length);
        this.toSlave.pushAll(data.subarray(0, n));
        this.pump();
        return n;
      },
      poll: () => {
        let m = 0;
        if (this.toMaster.length || (this.packet && this.ctrlStatus)) m |= POLLIN | POLLRDNORM;
        if (this.slaveOpens === 0 && this.slaveSeen) m |= POLLHUP;
        if (this.toSlave.length < PTY_BUFFER) m |= POLLOUT | POLLWRNORM;
        return m;
      },
      ioctl: (f, req, arg, ctx) => this.ioctl(true, f, req, arg, ctx),
      release: () => {
        this.masterOpen = false;
        this.hangup();
        this.devpts.remove(this);
      },
      waitQueue: this.wq,
      fdinfo: () => `tty-index:\t${this.index}\n`,
    };
  }

  /** The slave has been opened once (before that, the master's reads wait rather than fail). */
  private slaveSeen = false;

  /** pty_open of the slave, through /dev/pts/N, TIOCGPTPEER or /dev/tty (`viaTty`: no controlling-terminal change). */
  openSlave(ctx: FsCtx, flags: number, viaTty = false): FileOps | number {
    if (this.locked) return -EIO;
    if (this.hungUp) return -EIO;
    if (this.exclusive && !ctx.t.proc.cred.capable(CAP_SYS_ADMIN)) return -EBUSY;
    this.slaveOpens++;
    this.slaveSeen = true;
    const p = ctx.t.proc;
    // tty_open_proc_set_tty: a session leader with no controlling terminal gets this one.
    if (!viaTty && !(flags & O_NOCTTY) && p.session === p.pid && p.ctty === null && this.session === null) this.setCtty(p);
    this.wq.wake();
    return this.slaveOps();
  }

  private slaveOps(): FileOps {
    const ld = this.ldisc;
    return {
      read: (f, len) => {
        if (this.hungUp) return new Uint8Array(0);
        const t = this.k.current!;
        const jc = this.checkChange(t, SIGTTIN);
        if (jc !== 0) return jc;
        this.pump();
        if (ld.canonical) {
          if (!ld.readReady()) return f.nonblock ? -EAGAIN : BLOCK;
          return this.took(ld.read(len));
        }
        // VMIN and VTIME (n_tty_read): with VTIME, a timer in tenths of a second, from the
        // call (VMIN 0) or from the last byte that came (VMIN > 0).
        const vmin = ld.vmin, vtime = ld.vtime, have = ld.readable;
        if (!vtime) {
          if (have >= Math.max(vmin, 1) || (vmin === 0 && have > 0)) return this.took(ld.read(len));
          if (vmin === 0) return new Uint8Array(0);
          return f.nonblock ? -EAGAIN : BLOCK;
        }
        if (have >= Math.max(vmin, 1) || (vmin === 0 && have > 0)) return this.took(ld.read(len));
        if (f.nonblock) return -EAGAIN;
        const now = this.k.clockNs;
        if (vmin === 0 || have > 0) {
          if (this.deadline === Infinity || have !== this.deadlineLen) { this.deadline = now + vtime * 100_000_000; this.deadlineLen = have; }
          if (now >= this.deadline) return this.took(ld.read(len));
        }
        return BLOCK;
      },
      write: (f, data) => {
        if (this.hungUp) return -EIO;
        const t = this.k.current!;
        if (ld.termios.lflag & this.k.arch.flags.termbits.lflag.TOSTOP) {
          const jc = this.checkChange(t, SIGTTOU);
          if (jc !== 0) return jc;
        }
        if (ld.stopped || this.toMaster.length >= PTY_BUFFER) return f.nonblock ? -EAGAIN : BLOCK;
        const n = Math.min(data.length, PTY_BUFFER - this.toMaster.length);
        ld.output(data.subarray(0, n));
        return n;
      },
      poll: () => {
        if (this.hungUp) return POLLIN | POLLOUT | POLLERR | POLLHUP | POLLRDNORM | POLLWRNORM;
        let m = 0;
        if (ld.readReady() || (!ld.canonical && ld.vmin === 0 && ld.vtime === 0)) m |= POLLIN | POLLRDNORM;
        if (!this.masterOpen) m |= POLLHUP;
        if (!ld.stopped && this.toMaster.length < PTY_BUFFER) m |= POLLOUT | POLLWRNORM;
        return m;
      },
      ioctl: (f, req, arg, ctx) => this.ioctl(false, f, req, arg, ctx),
      release: () => {
        if (--this.slaveOpens === 0) this.wq.wake(POLLHUP);
      },
      nextEvent: () => this.deadline,
      waitQueue: this.wq,
    };
  }

  private took(data: Uint8Array): Uint8Array {
    this.deadline = Infinity;
    this.pump();
    this.wq.wake(POLLOUT);
    return data;
  }

  // -------------------------------------------------------------- ioctls

  private ioctl(master: boolean, f: OpenFile, req: string, arg: number, ctx: FsCtx): number | undefined {
    const { k, t } = ctx;
    const mem = t.proc.mm.engine;
    const ns = k.nsOf(t);
    const putInt = (v: number) => (writeU32(mem, arg, v >>> 0) ? 0 : -EFAULT);
    if (!master && this.hungUp) return req === 'TIOCSPGRP' ? -ENOTTY : -EIO;
    // tty_check_change first: a background process may not change its terminal (SIGTTOU).
    if (!master && SETTERS.has(req)) {
      const jc = this.checkChange(t, SIGTTOU);
      // tiocspgrp turns the orphaned group's EIO into ENOTTY.
      if (jc !== 0) return jc === -EIO && req === 'TIOCSPGRP' ? -ENOTTY : jc;
    }
    switch (req) {
      case 'TCGETS': {
        const tio = master ? this.masterTermios : this.ldisc.termios;
        const L = structLayout('termios', k.arch);
        return writeStruct(mem, arg, L, encodeTermios(tio, L.fields.map((x) => x.name))) ? 0 : -EFAULT;
      }
      case 'TCSETS': case 'TCSETSW': case 'TCSETSF': {
        const v = readStruct(mem, arg, structLayout('termios', k.arch));
        if (!v) return -EFAULT;
        const next = fromStruct(k, v);
        // pty_set_termios: always eight bits, no parity.
        const cf = k.arch.flags.termbits.cflag;
        next.cflag = (next.cflag & ~(cf.CSIZE | cf.PARENB)) | cf.CSIZE | cf.CREAD;
        if (master) { this.masterTermios = next; return 0; }
        if (req === 'TCSETSF') this.ldisc.flushInput();
        this.ldisc.setTermios(next);
        this.pump();
        this.wq.wake();
        return 0;
      }
      case 'TIOCGWINSZ':
        return writeStruct(mem, arg, structLayout('winsize', k.arch), this.winsize) ? 0 : -EFAULT;
      case 'TIOCSWINSZ': {
        const v = readStruct(mem, arg, structLayout('winsize', k.arch));
        if (!v) return -EFAULT;
        const next = { ws_row: Number(v.ws_row), ws_col: Number(v.ws_col), ws_xpixel: Number(v.ws_xpixel), ws_ypixel: Number(v.ws_ypixel) };
        const w = this.winsize;
        if (w.ws_row === next.ws_row && w.ws_col === next.ws_col && w.ws_xpixel === next.ws_xpixel && w.ws_ypixel === next.ws_ypixel) return 0;
        this.winsize = next;
        this.signalPgrp(SIGWINCH);
        return 0;
      }
      case 'FIONREAD':
        return master ? this.toMaster.length : this.ldisc.readable;
      case 'TIOCOUTQ':
        return putInt(0);
      case 'TCFLSH': {
        const how = s32(arg);
        if (how < TCIFLUSH || how > TCIOFLUSH) return -EINVAL;
        const input = how !== TCOFLUSH, output = how !== TCIFLUSH;
        if (master) {
          if (input) this.toMaster.clear();
          if (output) this.toSlave.clear();
        } else {
          if (input) { this.ldisc.flushInput(); this.toSlave.clear(); }
          if (input && this.packet) this.ctrlStatus |= TIOCPKT_FLUSHWRITE;
          if (output && this.packet) this.ctrlStatus |= TIOCPKT_FLUSHREAD;
        }
        this.wq.wake();
        return 0;
      }
      case 'TCXONC': {
        const how = s32(arg);
        if (how < TCOOFF || how > TCION) return -EINVAL;
        if (how === TCOOFF) { this.ldisc.stopped = true; if (this.packet) this.ctrlStatus = (this.ctrlStatus & ~TIOCPKT_START) | TIOCPKT_STOP; }
        if (how === TCOON) { this.ldisc.stopped = false; if (this.packet) this.ctrlStatus = (this.ctrlStatus & ~TIOCPKT_STOP) | TIOCPKT_START; }
        this.wq.wake();
        return 0;
      }
      case 'TCSBRK': case 'TCSBRKP':
        return 0;
      case 'TIOCEXCL': this.exclusive = true; return 0;
      case 'TIOCNXCL': this.exclusive = false; return 0;
      case 'TIOCGEXCL': return putInt(this.exclusive ? 1 : 0);
      case 'TIOCGETD': return putInt(0);
      case 'TIOCSETD': {
        const d = readU32(mem, arg);
        if (d === null) return -EFAULT;
        return d === 0 ? 0 : -EINVAL;
      }
      case 'TIOCGPGRP': case 'TIOCGSID': {
        if (!master && t.proc.ctty !== this) return -ENOTTY;
        const which = req === 'TIOCGPGRP' ? this.pgrp : this.session;
        if (req === 'TIOCGSID' && !which) return -ENOTTY;
        return putInt(which ? which.nrIn(ns) : 0);
      }
      case 'TIOCSPGRP': {
        if (t.proc.ctty !== this || this.session !== t.proc.session) return -ENOTTY;
        const n = readU32(mem, arg);
        if (n === null) return -EFAULT;
        if (s32(n) < 0) return -EINVAL;
        const member = this.processes().find((p) => p.pgrp.nrIn(ns) === n);
        if (!member) return -ESRCH;
        if (member.session !== t.proc.session) return -EPERM;
        this.pgrp = member.pgrp;
        return 0;
      }
      case 'TIOCSCTTY': {
        if (master) return -EPERM;
        const p = t.proc;
        if (p.session === p.pid && this.session === p.session) return 0;
        if (p.session !== p.pid || p.ctty !== null) return -EPERM;
        if (this.session) {
          if (s32(arg) !== 1 || !p.cred.capable(CAP_SYS_ADMIN)) return -EPERM;
          this.clearSession(this.session);
        }
        if (!f.readable && !p.cred.capable(CAP_SYS_ADMIN)) return -EPERM;
        this.setCtty(p);
        return 0;
      }
      case 'TIOCNOTTY': {
        const p = t.proc;
        if (master || p.ctty !== this) return -ENOTTY;
        if (p.session === p.pid) this.disassociate(false);
        else p.ctty = null;
        return 0;
      }
      case 'TIOCSTI': {
        if (master) return -EINVAL;
        if (t.proc.ctty !== this && !t.proc.cred.capable(CAP_SYS_ADMIN)) return -EPERM;
        const b = mem.read(arg, 1);
        if (!b) return -EFAULT;
        this.toSlave.push(b[0]);
        this.pump();
        return 0;
      }
      case 'TIOCVHANGUP':
        if (!t.proc.cred.capable(CAP_SYS_ADMIN)) return -EPERM;
        if (!master) this.hangup();
        return 0;
      // The master's own requests.
      case 'TIOCGPTN':
        return master ? putInt(this.index) : -ENOTTY;
      case 'TIOCSPTLCK': case 'TIOCGPTLCK': {
        if (!master) return -ENOTTY;
        if (req === 'TIOCGPTLCK') return putInt(this.locked ? 1 : 0);
        const v = readU32(mem, arg);
        if (v === null) return -EFAULT;
        this.locked = v !== 0;
        return 0;
      }
      case 'TIOCPKT': case 'TIOCGPKT': {
        if (!master) return -ENOTTY;
        if (req === 'TIOCGPKT') return putInt(this.packet ? 1 : 0);
        const v = readU32(mem, arg);
        if (v === null) return -EFAULT;
        this.packet = v !== 0;
        this.ctrlStatus = 0;
        return 0;
      }
      case 'TIOCGPTPEER': {
        if (!master) return -ENOTTY;
        // ptm_open_peer: the slave by its devpts path, as open(2) would give it.
        const flags = s32(arg);
        if (flags & ~(O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC | 3)) return -EINVAL;
        const file = openPath(k, t, AT_FDCWD, `/dev/pts/${this.index}`, flags & ~O_CLOEXEC, 0);
        if (typeof file === 'number') return file;
        return installNew(t, file, (flags & O_CLOEXEC) !== 0);
      }
      default:
        return undefined;
    }
  }
}

// -------------------------------------------------------------- termios encoding

/** Bytes from hex (the descriptor's default termios; devfs.ts answers a host terminal's TCGETS with them too). */
export function hexBytes(hex: string): Uint8Array {
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return out;
}

function decodeTermios(k: Kernel, bytes: Uint8Array): Termios {
  const L = structLayout('termios', k.arch);
  const v = readStruct({ read: (a: number, n: number) => bytes.subarray(a, a + n), write: () => false }, 0, L);
  return fromStruct(k, v!);
}

/** A termios from its struct (speeds, where the ABI has none, from the CBAUD code, as the kernel derives them). */
function fromStruct(k: Kernel, v: Record<string, unknown>): Termios {
  const cflag = Number(v.c_cflag);
  const code = cflag & k.arch.flags.termbits.cflag.CBAUD;
  const speed = BAUD[code] ?? 38400;
  return {
    iflag: Number(v.c_iflag), oflag: Number(v.c_oflag), cflag, lflag: Number(v.c_lflag), line: Number(v.c_line),
    cc: Uint8Array.from((v.c_cc as number[]).map(Number)),
    ispeed: speed, ospeed: speed,
  };
}

/** The struct's fields (`names`: those this ABI's termios has; only PowerPC's carries the speeds). */
function encodeTermios(t: Termios, names: readonly string[]): Record<string, number | number[]> {
  const all: Record<string, number | number[]> = { c_iflag: t.iflag, c_oflag: t.oflag, c_cflag: t.cflag, c_lflag: t.lflag, c_line: t.line, c_cc: Array.from(t.cc), c_ispeed: t.ispeed, c_ospeed: t.ospeed };
  return Object.fromEntries(names.map((n) => [n, all[n]]));
}
