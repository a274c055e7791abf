// NUMA memory policy and protection keys on a machine with one node and no protection-key
// hardware: set_mempolicy/get_mempolicy keep and report a task's policy (kernel/mempolicy.ts);
// pkey_alloc finds no free key, pkey_free knows none, pkey_mprotect takes only "no key" (-1)
// or the default key 0 (include/linux/pkeys.h's rules for an arch without keys).
import { EFAULT, EINVAL, ENOSPC } from '../abi/errno.js';
import type { SyscallImpl } from '../dispatch.js';
import { MAX_NUMNODES, MPOL_DEFAULT, MPOL_INTERLEAVE, describePolicy, newPolicy } from '../mempolicy.js';
import type { Task } from '../task.js';
import { writeU32 } from '../uaccess.js';
import { mprotect } from './memory.js';

const MPOL_F_NODE = 1, MPOL_F_ADDR = 2, MPOL_F_MEMS_ALLOWED = 4;
const PAGE_BITS = 4096 * 8;

/** get_nodes: a user nodemask of maxnode - 1 bits (unsigned longs), or -errno. */
function readNodes(t: Task, addr: number, maxnode: bigint): bigint | number {
  const bits = BigInt.asUintN(64, maxnode - 1n);
  if (bits === 0n || addr === 0) return 0n;
  if (bits > BigInt(PAGE_BITS)) return -EINVAL;
  let nodes = 0n;
  const n = Number(bits);
  for (let w = 0; w * 64 < n; w++) {
    const b = t.proc.mm.engine.read(addr + 8 * w, 8);
    if (!b) return -EFAULT;
    const left = n - 64 * w;
    let v = new DataView(b.buffer, b.byteOffset, 8).getBigUint64(0, t.proc.mm.engine.arch.endian === 'little');
    if (left < 64) v &= (1n << BigInt(left)) - 1n;
    nodes |= v << BigInt(64 * w);
  }
  // Nodes past MAX_NUMNODES must be clear; those below that do not exist are refused later.
  return nodes >> BigInt(MAX_NUMNODES) ? -EINVAL : nodes;
}

/** copy_nodes_to_user: the first long of the mask (one node's worth), zeros up to maxnode - 1 bits. */
function writeNodes(t: Task, addr: number, maxnode: bigint, nodes: bigint): number {
  const e = t.proc.mm.engine;
  const bits = BigInt.asUintN(64, maxnode - 1n);
  const copy = ((bits + 63n) / 64n) * 8n;
  if (copy === 0n) return 0;
  if (copy > 8n) {
    if (copy > 4096n) return -EINVAL;
    if (!e.write(addr + 8, new Uint8Array(Number(copy) - 8))) return -EFAULT;
  }
  const word = new Uint8Array(8);
  new DataView(word.buffer).setBigUint64(0, BigInt.asUintN(64, nodes), e.arch.endian === 'little');
  return e.write(addr, word) ? 0 : -EFAULT;
}

export const set_mempolicy: SyscallImpl = (_k, t, a) => {
  const nodes = readNodes(t, a.ptr(1), a.big(2));
  if (typeof nodes === 'number') return nodes;
  const p = newPolicy(a.int(0), nodes);
  if (typeof p === 'number') return p;
  t.mempolicy = p;
  return 0;
};

export const get_mempolicy: SyscallImpl = (_k, t, a) => {
  const [modePtr, maskPtr, maxnode, addr, flags] = [a.ptr(0), a.ptr(1), a.big(2), a.ptr(3), a.big(4)];
  // One node: a mask must have room for it.
  if (maskPtr !== 0 && maxnode < 1n) return -EINVAL;
  if (flags & ~BigInt(MPOL_F_NODE | MPOL_F_ADDR | MPOL_F_MEMS_ALLOWED)) return -EINVAL;
  let mode: number;
  let nodes: bigint;
  if (flags & BigInt(MPOL_F_MEMS_ALLOWED)) {
    if (flags & BigInt(MPOL_F_NODE | MPOL_F_ADDR)) return -EINVAL;
    mode = MPOL_DEFAULT;
    nodes = 1n;
  } else {
    // A mapping's own policy would come from mbind, which tricorn has not: the default's.
    if (flags & BigInt(MPOL_F_ADDR)) {
      if (!t.proc.mm.engine.regions().some((r) => addr >= r.addr && addr < r.addr + r.size)) return -EFAULT;
    } else if (addr !== 0) return -EINVAL;
    const d = describePolicy(flags & BigInt(MPOL_F_ADDR) ? null : t.mempolicy);
    if (flags & BigInt(MPOL_F_NODE)) {
      // The node of the page at addr, or the next interleave node: node 0.
      if (!(flags & BigInt(MPOL_F_ADDR)) && t.mempolicy?.mode !== MPOL_INTERLEAVE) return -EINVAL;
      mode = 0;
    } else {
      mode = d.mode;
    }
    nodes = d.nodes;
  }
  if (modePtr !== 0 && !writeU32(t.proc.mm.engine, modePtr, mode)) return -EFAULT;
  return maskPtr !== 0 ? writeNodes(t, maskPtr, maxnode, nodes) : 0;
};

const PKEY_ACCESS_MASK = 3;

export const pkey_alloc: SyscallImpl = (_k, _t, a) => {
  if (a.big(0) !== 0n) return -EINVAL;
  if (a.big(1) & ~BigInt(PKEY_ACCESS_MASK)) return -EINVAL;
  return -ENOSPC;
};

export const pkey_free: SyscallImpl = () => -EINVAL;

export const pkey_mprotect: SyscallImpl = (k, t, a) => {
  const pkey = a.int(3);
  return pkey === -1 || pkey === 0 ? mprotect(k, t, a) : -EINVAL;
};
