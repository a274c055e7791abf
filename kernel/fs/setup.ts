// The guest's tree at start: the host's files through a passthrough mount at / (or DIR with
// --root, or nothing but an empty tmpfs with --sandbox), the kernel's own /proc, /dev and
// /tmp, then the user's --mount entries.
import { ENOENT } from '../abi/errno.js';
import type { Kernel } from '../kernel.js';
import { newDevfs } from './devfs.js';
import type { HostFiles } from './host-files.js';
import { newHostMount } from './hostfs.js';
import type { Inode } from './inode.js';
import { newTmpfs } from './memfs.js';
import { Vfs } from './namei.js';
import { newProcfs } from './procfs.js';

export interface MountSpec { host: string; guest: string; readOnly: boolean }

export interface FsOptions {
  /** How the kernel reaches host files (null: no host files at all). */
  files: HostFiles | null;
  /** The host directory that becomes the guest's `/`; null for an empty in-memory root (--sandbox). */
  root: string | null;
  /** Passthrough mounts refuse writes (EROFS). */
  readOnly: boolean;
  mounts: MountSpec[];
}

/** The kernel's own mounts that may hide a host directory a user's program lives in (/dev/shm, /tmp). */
const HIDING = ['/dev', '/tmp'];

/**
 * The host directories a run must see that the kernel's own /tmp or /dev would hide: for each
 * host path (tricorn run's FILE, the cwd) below one of them, the first directory under it
 * (/tmp/checkout for /tmp/checkout/bin/prog), to be mounted from the host at the same place,
 * so a program kept there runs, finds its neighbours and execs itself by its own path, while
 * the rest of the guest's /tmp stays the kernel's (private to the run). Only for the host's own
 * tree (the passthrough root): under --root or --sandbox the guest's paths are not the host's.
 */
export function hiddenHostDirs(paths: readonly string[], isDir: (p: string) => boolean, readOnly: boolean): MountSpec[] {
  const out: MountSpec[] = [];
  for (const p of paths) {
    const parts = p.split('/').filter((c) => c && c !== '.');
    const top = HIDING.find((h) => parts.length >= 2 && `/${parts[0]}` === h);
    if (!top) continue;
    const dir = `${top}/${parts[1]}`;
    if (out.some((m) => m.guest === dir) || !isDir(dir)) continue;
    out.push({ host: dir, guest: dir, readOnly });
  }
  return out;
}

/** A bad --root or --mount: the CLI reports it in one line. */
export class MountError extends Error {}

export function buildVfs(k: Kernel, o: FsOptions): Vfs {
  const hostMount = (dir: string, ro: boolean): Inode => {
    if (!o.files) throw new MountError(`cannot mount ${dir}: no host files`);
    const m = newHostMount(o.files, dir, ro);
    if (typeof m === 'number') throw new MountError(`cannot mount ${dir}: ${m === -ENOENT ? 'no such directory' : 'not a directory'}`);
    return m;
  };
  const vfs = new Vfs(o.root !== null ? hostMount(o.root, o.readOnly) : newTmpfs());
  vfs.mount('/proc', newProcfs(k));
  vfs.mount('/dev', newDevfs(k.random, k.host));
  vfs.mount('/tmp', newTmpfs());
  for (const m of o.mounts) vfs.mount(m.guest, hostMount(m.host, m.readOnly || o.readOnly));
  return vfs;
}
