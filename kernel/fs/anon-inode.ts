// Linux's anonymous inode (fs/anon_inodes.c): the one inode signalfd, eventfd, timerfd and
// epoll files share — mode 0600 with no file type, on the anon_inodefs — each file named
// `anon_inode:[kind]` in /proc/PID/fd. Here a kind gets its own Inode object (the name is
// the inode's key) over the same device and inode number.
import { baseAttr, newDev, newIno, type Attr, type Inode, type SuperBlock } from './inode.js';

const ANON_INODE_FS_MAGIC = 0x09041934;
let shared: { sb: SuperBlock; attr: Attr } | null = null;
const byKind = new Map<string, Inode>();

/** The anonymous inode as `anon_inode:[kind]` ("signalfd", "eventfd", "timerfd", "eventpoll"). */
export function anonInode(kind: string): Inode {
  let i = byKind.get(kind);
  if (!i) {
    shared ??= (() => {
      const sb = { dev: newDev(), readOnly: false, magic: ANON_INODE_FS_MAGIC };
      return { sb, attr: baseAttr(sb, newIno(), 0o600) };
    })();
    const { sb, attr } = shared;
    i = { sb, key: `anon_inode:[${kind}]`, mode: () => attr.mode, getattr: () => ({ ...attr }) };
    byKind.set(kind, i);
  }
  return i;
}
