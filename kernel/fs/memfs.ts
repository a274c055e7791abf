// An in-memory file system (tmpfs): directories, regular files, symlinks, all held in the
// kernel. It backs /tmp, the skeleton a --sandbox root starts from, and the mount points the
// kernel needs. Nothing here touches the host.
import { EEXIST, EINVAL, EISDIR, ENOENT, ENOTDIR, ENOTEMPTY, ENXIO, EPERM, EXDEV, EFBIG } from '../abi/errno.js';
import { O_NONBLOCK, O_RDONLY, O_WRONLY } from '../abi/flags.js';
import { POLLERR } from './file.js';
import { Pipe } from './pipe.js';
import type { FileOps } from './file.js';
import {
  S_IFDIR, S_IFIFO, S_IFLNK, S_IFMT, S_IFREG, S_IFSOCK, baseAttr, isDir, newDev, newIno,
  type Attr, type DirEnt, type FsCtx, type Inode, type SetAttr, type SuperBlock,
} from './inode.js';

export const TMPFS_MAGIC = 0x01021994;
/** Largest tmpfs file: the host has to hold it in memory. */
const MAX_FILE = 1 << 30;
/**
 * tmpfs's directory size (mm/shmem.c): a directory has no blocks, so its i_size counts its
 * entries at a nominal 20 bytes each, '.' and '..' included; every name added (create, mkdir,
 * symlink, link, a rename's arrival) adds 20, every name removed takes 20 away.
 */
const BOGO_DIRENT_SIZE = 20;
const PAGE = 4096;

export function newTmpfs(): MemDir {
  const sb: SuperBlock = { dev: newDev(), readOnly: false, magic: TMPFS_MAGIC };
  return new MemDir(sb, 0o1777);
}

abstract class MemNode implements Inode {
  readonly ino = newIno();
  readonly key: string;
  attr: Attr;
  constructor(readonly sb: SuperBlock, mode: number) {
    this.key = `${sb.dev}:${this.ino}`;
    this.attr = baseAttr(sb, this.ino, mode);
  }
  mode(): number { return this.attr.mode; }
  // Only a regular file's data takes blocks (a directory's size is nominal, a short symlink's
  // target lives in the inode): whole pages, those written or fallocated (a hole takes none).
  getattr(ctx: FsCtx): Attr | number {
    return { ...this.attr, blocks: this instanceof MemFile ? this.pages.size * (PAGE / 512) : 0 };
  }
  setattr(ctx: FsCtx, a: SetAttr): number {
    if (a.size !== undefined) {
      const r = this.resize(a.size);
      if (r < 0) return r;
    }
    if (a.mode !== undefined) this.attr.mode = (this.attr.mode & S_IFMT) | (a.mode & 0o7777);
    if (a.uid !== undefined && a.uid !== -1) this.attr.uid = a.uid;
    if (a.gid !== undefined && a.gid !== -1) this.attr.gid = a.gid;
    if (a.atime) this.attr.atime = a.atime;
    if (a.mtime) this.attr.mtime = a.mtime;
    return 0;
  }
  resize(_len: number): number { return isDir(this.attr.mode) ? -EISDIR : -EINVAL; }
}

/** File seals (fcntl F_ADD_SEALS; Linux 6.1's set: include/uapi/linux/fcntl.h). */
export const F_SEAL_SEAL = 0x1, F_SEAL_SHRINK = 0x2, F_SEAL_GROW = 0x4, F_SEAL_WRITE = 0x8, F_SEAL_FUTURE_WRITE = 0x10;
export const F_ALL_SEALS = 0x1f;

export class MemFile extends MemNode {
  data: Uint8Array = new Uint8Array(0);
  /**
   * Its seals (mm/shmem.c keeps them on every tmpfs inode): F_SEAL_SEAL from the start, so
   * only a memfd made with MFD_ALLOW_SEALING (kernel/fs/memfd.ts) ever takes others.
   */
  seals = F_SEAL_SEAL;
  /** The pages that hold data (tmpfs allocates a page when it is first written): st_blocks. */
  readonly pages = new Set<number>();
  constructor(sb: SuperBlock, perm: number, content?: Uint8Array) {
    super(sb, S_IFREG | (perm & 0o7777));
    if (content) { this.data = content; this.attr.size = content.length; this.allocate(0, content.length); }
  }
  /** Pages [pos, pos+len) touch now hold data. */
  allocate(pos: number, len: number): void {
    for (let p = Math.floor(pos / PAGE); p * PAGE < pos + len; p++) this.pages.add(p);
  }
  override resize(len: number): number {
    if (len < 0) return -EINVAL;
    // shmem_setattr: a sealed size refuses to move that way.
    if ((len < this.attr.size && this.seals & F_SEAL_SHRINK) || (len > this.attr.size && this.seals & F_SEAL_GROW)) return -EPERM;
    if (len > MAX_FILE) return -EFBIG;
    if (len > this.data.length) {
      const grown = new Uint8Array(Math.max(len, Math.min(MAX_FILE, this.data.length * 2)));
      grown.set(this.data);
      this.data = grown;
    }
    if (len < this.attr.size) {
      this.data.fill(0, len, this.attr.size);
      for (const p of this.pages) if (p * PAGE >= len) this.pages.delete(p);
    }
    this.attr.size = len;
    return 0;
  }
  open(): FileOps {
    return {
      pread: (len, pos) => this.data.slice(Math.min(pos, this.attr.size), Math.min(pos + len, this.attr.size)),
      pwrite: (data, pos) => {
        // shmem_file_write_iter: no write at all under a write seal, none past the end under a grow seal.
        if (this.seals & (F_SEAL_WRITE | F_SEAL_FUTURE_WRITE)) return -EPERM;
        if (pos + data.length > this.attr.size) {
          const r = this.resize(pos + data.length);
          if (r < 0) return r;
        }
        this.data.set(data, pos);
        this.allocate(pos, data.length);
        return data.length;
      },
      size: () => this.attr.size,
      truncate: (len) => this.resize(len),
      allocate: (pos, len) => this.allocate(pos, len),
      seals: this,
    };
  }
}

export class MemSymlink extends MemNode {
  constructor(sb: SuperBlock, readonly target: string) {
    super(sb, S_IFLNK | 0o777);
    this.attr.size = new TextEncoder().encode(target).length;
  }
  readlink(): string { return this.target; }
}

/**
 * A named pipe (mknod S_IFIFO, mkfifo), as Linux's fs/pipe.c fifo_open: a pipe that lives while
 * someone has it open (its data goes when the last one closes). Opening for reading waits for a
 * writer to open it, and for writing waits for a reader (each side counts openings, so one that
 * came and went also ends the wait), unless O_NONBLOCK: then a reader opens at once and a writer
 * with no reader gets ENXIO. O_RDWR never waits. The wait is the open's `partner` (fs-open.ts).
 */
export class MemFifo extends MemNode {
  private pipe = new Pipe();
  private readOpens = 0;
  private writeOpens = 0;
  constructor(sb: SuperBlock, perm: number) { super(sb, S_IFIFO | (perm & 0o7777)); }
  open(_ctx: FsCtx, flags: number): FileOps | number {
    const pipe = this.pipe, acc = flags & 3;
    const release = (r: number, w: number) => () => {
      pipe.readers -= r;
      pipe.writers -= w;
      if (pipe.readers === 0 && pipe.writers === 0 && pipe === this.pipe) this.pipe = new Pipe();
    };
    if (acc === O_RDONLY) {
      const seen = this.writeOpens;
      pipe.readers++;
      this.readOpens++;
      return { ...pipe.readOps(), release: release(1, 0), partner: () => pipe.writers > 0 || this.writeOpens !== seen };
    }
    if (acc === O_WRONLY) {
      if ((flags & O_NONBLOCK) && pipe.readers === 0) return -ENXIO;
      const seen = this.readOpens;
      pipe.writers++;
      this.writeOpens++;
      return { ...pipe.writeOps(), release: release(0, 1), partner: () => pipe.readers > 0 || this.readOpens !== seen };
    }
    pipe.readers++;
    pipe.writers++;
    this.readOpens++;
    this.writeOpens++;
    const r = pipe.readOps(), w = pipe.writeOps();
    return { ...r, write: w.write, poll: (f) => (r.poll!(f) | (w.poll!(f) & ~POLLERR)), release: release(1, 1) };
  }
}

/** A socket's name in the tree: connect() finds the socket by this inode (kernel/net/unix.ts). */
export class MemSocket extends MemNode {
  constructor(sb: SuperBlock, mode: number) { super(sb, S_IFSOCK | (mode & 0o7777)); }
  open(): number { return -ENXIO; }
}

/** A node whose opening is supplied by its maker (devices, /proc files). */
export class MemSpecial extends MemNode {
  constructor(sb: SuperBlock, mode: number, rdev: number, readonly opener: (ctx: FsCtx, flags: number) => FileOps | number) {
    super(sb, mode);
    this.attr.rdev = rdev;
  }
  open(ctx: FsCtx, flags: number): FileOps | number { return this.opener(ctx, flags); }
}

export class MemDir extends MemNode {
  readonly children = new Map<string, MemNode>();
  parent: MemDir | null = null;
  constructor(sb: SuperBlock, perm: number) {
    super(sb, S_IFDIR | (perm & 0o7777));
    this.attr.nlink = 2;
    this.attr.size = 2 * BOGO_DIRENT_SIZE;
  }
  lookup(_ctx: FsCtx, name: string): Inode | number { return this.children.get(name) ?? -ENOENT; }
  readdir(): DirEnt[] {
    const out: DirEnt[] = [
      { name: '.', ino: this.ino, mode: S_IFDIR }, { name: '..', ino: (this.parent ?? this).ino, mode: S_IFDIR },
    ];
    for (const [name, n] of this.children) out.push({ name, ino: n.ino, mode: n.attr.mode });
    return out;
  }
  /** Add a node made elsewhere (the kernel's skeleton: /dev entries, mount points). */
  add(name: string, node: MemNode): MemNode {
    this.children.set(name, node);
    this.attr.size += BOGO_DIRENT_SIZE;
    if (node instanceof MemDir) { node.parent = this; this.attr.nlink++; }
    return node;
  }
  /** A subdirectory, made if missing. */
  dir(name: string): MemDir {
    const n = this.children.get(name);
    if (n instanceof MemDir) return n;
    return this.add(name, new MemDir(this.sb, 0o755)) as MemDir;
  }
  create(_ctx: FsCtx, name: string, mode: number): Inode | number {
    if (this.children.has(name)) return -EEXIST;
    return this.add(name, new MemFile(this.sb, mode));
  }
  mkdir(_ctx: FsCtx, name: string, mode: number): number {
    if (this.children.has(name)) return -EEXIST;
    this.add(name, new MemDir(this.sb, mode));
    return 0;
  }
  /**
   * mknod: a FIFO, or a socket inode (bind() of an AF_UNIX path makes one; opening it is ENXIO).
   * Device nodes are not kept (EPERM), though tmpfs keeps them.
   */
  mknod(_ctx: FsCtx, name: string, mode: number): number {
    if (this.children.has(name)) return -EEXIST;
    const type = mode & S_IFMT;
    if (type === S_IFIFO) this.add(name, new MemFifo(this.sb, mode));
    else if (type === S_IFSOCK) this.add(name, new MemSocket(this.sb, mode));
    else return -EPERM;
    return 0;
  }
  symlink(_ctx: FsCtx, name: string, target: string): number {
    if (this.children.has(name)) return -EEXIST;
    this.add(name, new MemSymlink(this.sb, target));
    return 0;
  }
  link(_ctx: FsCtx, name: string, target: Inode): number {
    if (!(target instanceof MemNode) || target.sb !== this.sb) return -EXDEV;
    if (target instanceof MemDir) return -EPERM;
    if (this.children.has(name)) return -EEXIST;
    this.children.set(name, target);
    this.attr.size += BOGO_DIRENT_SIZE;
    target.attr.nlink++;
    return 0;
  }
  unlink(_ctx: FsCtx, name: string): number {
    const n = this.children.get(name);
    if (!n) return -ENOENT;
    if (n instanceof MemDir) return -EISDIR;
    this.children.delete(name);
    this.attr.size -= BOGO_DIRENT_SIZE;
    n.attr.nlink--;
    return 0;
  }
  rmdir(_ctx: FsCtx, name: string): number {
    const n = this.children.get(name);
    if (!n) return -ENOENT;
    if (!(n instanceof MemDir)) return -ENOTDIR;
    if (n.children.size) return -ENOTEMPTY;
    this.children.delete(name);
    this.attr.size -= BOGO_DIRENT_SIZE;
    this.attr.nlink--;
    return 0;
  }
  rename(_ctx: FsCtx, name: string, newDir: Inode, newName: string, flags: number): number {
    const RENAME_NOREPLACE = 1, RENAME_EXCHANGE = 2;
    if (!(newDir instanceof MemDir) || newDir.sb !== this.sb) return -EXDEV;
    const n = this.children.get(name);
    if (!n) return -ENOENT;
    const old = newDir.children.get(newName);
    if (flags & RENAME_EXCHANGE) {
      if (!old) return -ENOENT;
      this.children.set(name, old);
      newDir.children.set(newName, n);
      return 0;
    }
    if (old === n) return 0;
    if (old && (flags & RENAME_NOREPLACE)) return -EEXIST;
    // A directory may not move below itself.
    for (let d: MemDir | null = newDir; d; d = d.parent) if (d === n) return -EINVAL;
    if (old) {
      if (n instanceof MemDir) {
        if (!(old instanceof MemDir)) return -ENOTDIR;
        if (old.children.size) return -ENOTEMPTY;
      } else if (old instanceof MemDir) return -EISDIR;
    }
    this.children.delete(name);
    this.attr.size -= BOGO_DIRENT_SIZE;
    if (n instanceof MemDir) { this.attr.nlink--; n.parent = newDir; }
    if (old) { newDir.children.delete(newName); newDir.attr.size -= BOGO_DIRENT_SIZE; old.attr.nlink--; }
    else if (n instanceof MemDir) newDir.attr.nlink++;
    newDir.children.set(newName, n);
    newDir.attr.size += BOGO_DIRENT_SIZE;
    return 0;
  }
}
