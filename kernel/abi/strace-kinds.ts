// How --strace prints an argument of a call that has no decoder of its own in strace.ts's table:
// its kind is derived from the parameter as the kernel declares it (the arch descriptor's
// `syscall.signatures`, generated from Linux's prototypes), so every call prints its real
// number of arguments, each in the form strace's own decoders use for that kind of value —
// never the six raw argument registers.
//
// Rules (first match wins), on the declaration with `const`/`__user` noted and removed:
//   const char *NAME (not a buffer)       path     quoted, NUL-terminated (char ** is a ptr)
//   any other pointer                      ptr      NULL or 0x…
//   an int-ish named fd/oldfd/newfd/…      fd
//   dfd/olddfd/newdfd/…                    dirfd    AT_FDCWD or the number
//   umode_t                                mode     octal (%#03o)
//   clockid_t                              xval:clock
//   pid_t                                  pid
//   loff_t, off_t, long                    ld       signed decimal
//   a name with flags/mask, or argN        x        hex (0 is 0), as strace prints unknown flags
//   int, short, uid_t, gid_t, timer_t…     d        signed decimal (uid -1 prints -1)
//   anything else (size_t, unsigned …)     u        unsigned decimal
import type { SyscallFormat } from './strace.js';

const fdNames = new Set(['fd', 'fildes', 'oldfd', 'newfd', 'fd_in', 'fd_out', 'in_fd', 'out_fd', 'epfd', 'ufd', 'fdin', 'fdout',
  'kernel_fd', 'initrd_fd', 'pidfd', 'mqdes', 'fs_fd', 'tfd', 'from_fd', 'to_fd']);
const dirfdNames = new Set(['dfd', 'olddfd', 'newdfd', 'dirfd', 'from_dfd', 'to_dfd']);
const signedTypes = /^(int|short|long long|uid_t|gid_t|qid_t|timer_t|key_serial_t|rwf_t|__s32|s32|int32_t)$/;

/** One parameter declaration → an argument spec of strace-decode.ts. */
export function kindOf(decl: string): string {
  const words = decl.replace(/\b(const|__user|struct|union|enum)\b/g, (w) => (w === 'const' ? 'const' : w === '__user' ? '' : w))
    .replace(/\*/g, ' * ').trim().split(/\s+/);
  const isConst = words.includes('const');
  const stars = words.filter((w) => w === '*').length;
  const pointer = stars > 0;
  const last = words[words.length - 1];
  // An unnamed parameter (sys_clone(unsigned long, …)) ends with its type.
  const name = words.length > 1 && !pointer ? last : words.length > 1 && last !== '*' ? last : '';
  const type = words.filter((w) => w !== 'const' && w !== '*' && w !== name).join(' ');
  if (pointer) {
    return isConst && stars === 1 && type === 'char' && !/buf/.test(name) ? 'path' : 'ptr';
  }
  if (fdNames.has(name) && /int/.test(type)) return 'fd';
  if (dirfdNames.has(name)) return 'dirfd';
  if (type === 'umode_t') return 'mode';
  if (type === 'clockid_t') return 'xval:clock';
  if (type === 'pid_t') return 'pid';
  if (type === 'loff_t' || type === 'off_t' || type === 'long') return 'ld';
  if (/flags|mask/.test(name) || /^arg\d$/.test(name)) return 'x';
  if (signedTypes.test(type)) return 'd';
  return 'u';
}

const cache = new WeakMap<object, Map<string, SyscallFormat>>();

/** The derived format of a call from its generated signature; undefined when it has none. */
export function derivedFormat(signatures: Readonly<Record<string, readonly string[]>>, name: string): SyscallFormat | undefined {
  let m = cache.get(signatures);
  if (!m) cache.set(signatures, (m = new Map()));
  const hit = m.get(name);
  if (hit) return hit;
  const sig = Object.hasOwn(signatures, name) ? signatures[name] : undefined;
  if (!sig) return undefined;
  const f: SyscallFormat = { args: sig.map(kindOf) };
  m.set(name, f);
  return f;
}
