// signalfd (Linux's fs/signalfd.c): a descriptor from which the reading thread takes its own
// pending signals of a mask — thread-directed first, then process-directed, in delivery order —
// as 128-byte signalfd_siginfo records, instead of having them delivered. The signals are
// normally blocked, so only the descriptor sees them. A read with none pending blocks (EAGAIN
// with O_NONBLOCK); poll says POLLIN while one is pending. Like Linux's, every signalfd is the
// one anonymous inode "anon_inode:[signalfd]".
import { EAGAIN, EINVAL } from '../abi/errno.js';
import { O_RDWR } from '../abi/flags.js';
import { structLayout } from '../abi/structs.js';
import { readScalar, readScalarBig } from '../abi/struct.js';
import type { Kernel } from '../kernel.js';
import { encodeSiginfo } from '../signal-deliver.js';
import { ALL_SIGNALS, type SigInfo, type SigSet } from '../signal-state.js';
import { BLOCK, type Task } from '../task.js';
import { POLLIN, OpenFile, type FileOps } from './file.js';
import { anonInode } from './anon-inode.js';

const SSI_SIZE = 128;

/** A pending signal's record as signalfd_copyinfo fills it from the siginfo's live member. */
function record(k: Kernel, info: SigInfo, t: Task): Uint8Array {
  const S = structLayout('siginfo', k.arch);
  const si = encodeSiginfo(k, info, t);
  // Which union member is live (siginfo_layout): a guest-built siginfo by its si_code.
  const layout = info.layout === 'raw' ? (info.code < 0 ? 'rt' : 'kill') : info.layout;
  const little = k.arch.endian === 'little';
  const member = (m: string, signed = false): number => {
    const at = S.locate(m);
    return readScalar(si, at.offset, at.size, signed, little);
  };
  const v: Record<string, number | bigint> = { ssi_signo: info.signo, ssi_errno: member('si_errno', true), ssi_code: info.code };
  if (layout === 'kill' || layout === 'rt' || layout === 'chld') {
    v.ssi_pid = member('_sifields._kill._pid');
    v.ssi_uid = member('_sifields._kill._uid');
  }
  if (layout === 'rt') {
    v.ssi_int = member('_sifields._rt._sigval.sival_int', true);
    const at = S.locate('_sifields._rt._sigval.sival_ptr');
    v.ssi_ptr = readScalarBig(si, at.offset, at.size, false, little);
  }
  if (layout === 'chld') v.ssi_status = member('_sifields._sigchld._status', true);
  if (layout === 'timer') {
    v.ssi_tid = member('_sifields._timer._tid');
    v.ssi_overrun = member('_sifields._timer._overrun');
    v.ssi_int = member('_sifields._timer._sigval.sival_int', true);
    const at = S.locate('_sifields._timer._sigval.sival_ptr');
    v.ssi_ptr = readScalarBig(si, at.offset, at.size, false, little);
  }
  if (layout === 'fault') {
    const at = S.locate('_sifields._sigfault._addr');
    v.ssi_addr = readScalarBig(si, at.offset, at.size, false, little);
  }
  return structLayout('signalfd_siginfo', k.arch).encode(v);
}

export class SignalFd {
  constructor(private readonly k: Kernel, public mask: SigSet) {
    owners.set(this.ops, this);
  }

  /** The next pending signal of the mask for `t`, taken off its queue (dequeue_signal). */
  private take(t: Task): SigInfo | null {
    const others = ALL_SIGNALS & ~this.mask;
    for (const from of [t.pending, t.proc.shared]) {
      const sig = from.next(others);
      if (sig) return from.take(sig);
    }
    return null;
  }

  private readonly ops: FileOps = {
    read: (f, len) => {
      if (len < SSI_SIZE) return -EINVAL;
      const t = this.k.current!;
      const out: Uint8Array[] = [];
      while ((out.length + 1) * SSI_SIZE <= len) {
        const info = this.take(t);
        if (!info) break;
        out.push(record(this.k, info, t));
      }
      if (out.length === 0) return f.nonblock ? -EAGAIN : BLOCK;
      const bytes = new Uint8Array(out.length * SSI_SIZE);
      out.forEach((r, i) => bytes.set(r, i * SSI_SIZE));
      return bytes;
    },
    poll: () => {
      const t = this.k.current;
      if (!t) return 0;
      const others = ALL_SIGNALS & ~this.mask;
      return t.pending.next(others) || t.proc.shared.next(others) ? POLLIN : 0;
    },
  };

  open(extraFlags: number): OpenFile {
    return new OpenFile(this.ops, O_RDWR | extraFlags, null, anonInode('signalfd'));
  }

  /** The signalfd behind an open file, if it is one (signalfd4 on an existing fd). */
  static of(f: OpenFile): SignalFd | null {
    return owners.get(f.ops) ?? null;
  }
}

const owners = new WeakMap<FileOps, SignalFd>();
