// A passthrough mount of a host directory: each Inode is a host path; lookups are lstat, so
// the kernel's own path walk follows symlinks (an absolute link target resolves in the guest's
// tree, as under a real chroot). Read-only mounts refuse every change with EROFS.
import { EINVAL, EROFS, ENOTDIR, EXDEV } from '../abi/errno.js';
import type { FileOps } from './file.js';
import type { HostFiles, HostStat } from './host-files.js';
import { O_ACCMODE, O_CREAT, O_EXCL, O_RDONLY, O_TRUNC } from '../abi/flags.js';
import { S_IFDIR, S_IFMT, isDir, newDev, type Attr, type DirEnt, type FsCtx, type Inode, type SetAttr, type SuperBlock } from './inode.js';

export const HOSTFS_MAGIC = 0xef53; // what ext4 reports: the host's files look like a disk

export function newHostMount(files: HostFiles, hostDir: string, readOnly: boolean): Inode | number {
  const sb: SuperBlock = { dev: newDev(), readOnly, magic: HOSTFS_MAGIC };
  const st = files.lstat(hostDir);
  if (typeof st === 'number') return st;
  if ((st.mode & S_IFMT) !== S_IFDIR) return -ENOTDIR;
  return new HostInode(files, sb, hostDir.replace(/\/+$/, '') || '/', st);
}

const join = (dir: string, name: string) => (dir === '/' ? `/${name}` : `${dir}/${name}`);

class HostInode implements Inode {
  readonly key: string;
  constructor(private readonly files: HostFiles, readonly sb: SuperBlock, readonly path: string, private st: HostStat) {
    this.key = `h${st.dev}:${st.ino}`;
  }
  mode(): number { return this.st.mode; }
  getattr(): Attr | number {
    const st = this.files.lstat(this.path);
    if (typeof st === 'number') return st;
    this.st = st;
    return { ...st };
  }
  private rw(): number { return this.sb.readOnly ? -EROFS : 0; }
  setattr(_ctx: FsCtx, a: SetAttr): number {
    if (this.sb.readOnly) return -EROFS;
    let r = 0;
    if (a.size !== undefined) r = this.files.truncate(this.path, a.size);
    if (r === 0 && a.mode !== undefined) r = this.files.chmod(this.path, a.mode & 0o7777);
    if (r === 0 && (a.uid !== undefined || a.gid !== undefined)) r = this.files.chown(this.path, a.uid ?? -1, a.gid ?? -1);
    if (r === 0 && (a.atime || a.mtime)) {
      const cur = this.getattr() as Attr;
      r = this.files.utimes(this.path, a.atime ?? cur.atime, a.mtime ?? cur.mtime);
    }
    return r;
  }
  lookup(_ctx: FsCtx, name: string): Inode | number {
    const p = join(this.path, name);
    const st = this.files.lstat(p);
    return typeof st === 'number' ? st : new HostInode(this.files, this.sb, p, st);
  }
  readdir(): DirEnt[] | number {
    const names = this.files.readdir(this.path);
    if (typeof names === 'number') return names;
    const out: DirEnt[] = [{ name: '.', ino: this.st.ino, mode: S_IFDIR }, { name: '..', ino: this.st.ino, mode: S_IFDIR }];
    for (const name of names) {
      const st = this.files.lstat(join(this.path, name));
      if (typeof st !== 'number') out.push({ name, ino: st.ino, mode: st.mode });
    }
    return out;
  }
  create(_ctx: FsCtx, name: string, mode: number): Inode | number {
    if (this.sb.readOnly) return -EROFS;
    const p = join(this.path, name);
    const h = this.files.open(p, O_CREAT | O_EXCL | 1, mode);
    if (h < 0) return h;
    this.files.close(h);
    return this.lookup(_ctx, name);
  }
  mkdir(_ctx: FsCtx, name: string, mode: number): number { return this.rw() || this.files.mkdir(join(this.path, name), mode); }
  symlink(_ctx: FsCtx, name: string, target: string): number { return this.rw() || this.files.symlink(target, join(this.path, name)); }
  link(_ctx: FsCtx, name: string, target: Inode): number {
    if (!(target instanceof HostInode)) return -EXDEV;
    return this.rw() || this.files.link(target.path, join(this.path, name));
  }
  unlink(_ctx: FsCtx, name: string): number { return this.rw() || this.files.unlink(join(this.path, name)); }
  rmdir(_ctx: FsCtx, name: string): number { return this.rw() || this.files.rmdir(join(this.path, name)); }
  rename(_ctx: FsCtx, name: string, newDir: Inode, newName: string, flags: number): number {
    if (!(newDir instanceof HostInode) || flags) return flags ? -EINVAL : -EXDEV; // RENAME_* flags need the host's renameat2
    return this.rw() || this.files.rename(join(this.path, name), join(newDir.path, newName));
  }
  readlink(): string | number { return this.files.readlink(this.path); }
  open(_ctx: FsCtx, flags: number): FileOps | number {
    if (isDir(this.st.mode)) return {};
    const acc = flags & O_ACCMODE;
    if (this.sb.readOnly && (acc !== O_RDONLY || (flags & O_TRUNC))) return -EROFS;
    const h = this.files.open(this.path, flags & (O_ACCMODE | O_TRUNC), 0);
    if (h < 0) return h;
    const files = this.files;
    return {
      pread: (len, pos) => files.pread(h, len, pos),
      pwrite: (data, pos) => files.pwrite(h, data, pos),
      size: () => { const s = files.fstat(h); return typeof s === 'number' ? 0 : s.size; },
      truncate: (len) => files.ftruncate(h, len),
      release: () => files.close(h),
      // The host's disk file systems (ext4, xfs, btrfs) take RWF_NOWAIT.
      nowait: true,
    };
  }
}
