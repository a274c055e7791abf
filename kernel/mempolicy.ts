// A task's NUMA memory policy (mm/mempolicy.c) on tricorn's machine of one node, node 0: what
// set_mempolicy stores and get_mempolicy reports. Memory is placed the same whatever the policy
// says; the policy is kept so a program reads back what it set, with Linux's validation.
import { EINVAL } from './abi/errno.js';

export const MPOL_DEFAULT = 0, MPOL_PREFERRED = 1, MPOL_BIND = 2, MPOL_INTERLEAVE = 3, MPOL_LOCAL = 4,
  MPOL_PREFERRED_MANY = 5, MPOL_WEIGHTED_INTERLEAVE = 6, MPOL_MAX = 7;
export const MPOL_F_NUMA_BALANCING = 1 << 13, MPOL_F_RELATIVE_NODES = 1 << 14, MPOL_F_STATIC_NODES = 1 << 15;
export const MPOL_MODE_FLAGS = MPOL_F_NUMA_BALANCING | MPOL_F_RELATIVE_NODES | MPOL_F_STATIC_NODES;
/** The nodes a nodemask may name (Debian's CONFIG_NODES_SHIFT 10); only node 0 exists. */
export const MAX_NUMNODES = 1024;
const NODE0 = 1n;

export interface MemPolicy {
  readonly mode: number;
  /** MPOL_MODE_FLAGS bits. */
  readonly flags: number;
  /** The nodes the policy uses (bit n: node n). */
  readonly nodes: bigint;
  /** The nodemask as given, kept for MPOL_F_STATIC_NODES and MPOL_F_RELATIVE_NODES. */
  readonly userNodes: bigint;
}

/** A policy from set_mempolicy's mode word and nodemask (null: the default policy), or -errno. */
export function newPolicy(modeWord: number, nodes: bigint): MemPolicy | null | number {
  const flags = modeWord & MPOL_MODE_FLAGS;
  let mode = modeWord & ~MPOL_MODE_FLAGS;
  // sanitize_mpol_flags
  if (mode >>> 0 >= MPOL_MAX) return -EINVAL;
  if ((flags & MPOL_F_STATIC_NODES) && (flags & MPOL_F_RELATIVE_NODES)) return -EINVAL;
  if ((flags & MPOL_F_NUMA_BALANCING) && mode !== MPOL_BIND && mode !== MPOL_PREFERRED_MANY) return -EINVAL;
  const userNodes = (flags & (MPOL_F_STATIC_NODES | MPOL_F_RELATIVE_NODES)) !== 0;
  // mpol_new
  if (mode === MPOL_DEFAULT) return nodes === 0n ? null : -EINVAL;
  if (mode === MPOL_PREFERRED) {
    if (nodes === 0n) {
      if (userNodes) return -EINVAL;
      mode = MPOL_LOCAL;
    }
  } else if (mode === MPOL_LOCAL) {
    if (nodes !== 0n || userNodes) return -EINVAL;
  } else if (nodes === 0n) return -EINVAL;
  if (mode === MPOL_LOCAL) return { mode, flags, nodes: 0n, userNodes: nodes };
  // mpol_set_nodemask: the nodes that exist (relative nodes fold onto them: any bit is node 0).
  const usable = flags & MPOL_F_RELATIVE_NODES ? (nodes !== 0n ? NODE0 : 0n) : nodes & NODE0;
  if (usable === 0n) return -EINVAL;
  return { mode, flags, nodes: usable, userNodes: nodes };
}

/** get_mempolicy's mode word and nodemask for a policy (null: the default). */
export function describePolicy(p: MemPolicy | null): { mode: number; nodes: bigint } {
  if (!p) return { mode: MPOL_DEFAULT, nodes: 0n };
  const stored = (p.flags & (MPOL_F_STATIC_NODES | MPOL_F_RELATIVE_NODES)) !== 0;
  return { mode: p.mode | p.flags, nodes: stored ? p.userNodes : p.mode === MPOL_LOCAL ? 0n : p.nodes };
}
