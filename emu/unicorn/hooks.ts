// The JS side of Unicorn's hooks. Six koffi callbacks are registered once per process and kept
// alive for its lifetime; each forwards to whichever target is running uc_emu_start right now.
// Callbacks only fire inside uc_emu_start, and uc_emu_start calls nest only if a hook starts
// another engine (the fault-pc probe does), so a saved-and-restored "active" pointer is exact.
// Per-engine registration would cost a koffi trampoline slot per engine (koffi has 8192) and
// buy nothing: the uc pointer Unicorn passes would have to be looked up anyway.

import { callbackTypes, hostView, nativeIntrDispatch, nativeEntry, nativeTlbFill, registerCallback, type NativeEntry, type Ptr } from './binding.js';

export interface HookTarget {
  /** A system call: x86_64 `syscall` (UC_HOOK_INSN), or the trap's interrupt (intrHookFor). */
  onTrapInsn(): void;
  /** x86 `cpuid` (UC_HOOK_INSN): true when the target answered it (Unicorn skips its own). */
  onCpuid(): boolean;
  /** UC_HOOK_INTR: an exception or interrupt, QEMU's number. */
  onInterrupt(intno: number): void;
  /** UC_HOOK_MEM_UNMAPPED / UC_HOOK_MEM_PROT: return false to fail the access. */
  onBadAccess(type: number, addr: number, size: number): boolean;
  /** UC_HOOK_CODE. */
  onCode(addr: number, size: number): void;
  /** UC_HOOK_BLOCK: a translation block starts (uc_emu_stop here stops before it runs). */
  onBlock(addr: number, size: number): void;
}

let active: HookTarget | null = null;

/** Make target receive the hooks from now on; returns the previous target, to put back after. */
export function setHookTarget(target: HookTarget | null): HookTarget | null {
  const prev = active;
  active = target;
  return prev;
}

const num = (v: number | bigint): number => (typeof v === 'bigint' ? Number(v) : v);

let callbacks: { trap: Ptr; cpuid: Ptr; intr: Ptr; mem: Ptr; code: Ptr; block: Ptr; tlbFill: Ptr } | null = null;

/** Read, write and execute: what a target's MMU grants a page with translation off. */
const UC_PROT_ALL = 7;

export function hookCallbacks(): { trap: Ptr; cpuid: Ptr; intr: Ptr; mem: Ptr; code: Ptr; block: Ptr; tlbFill: Ptr } {
  if (!callbacks) {
    const t = callbackTypes();
    callbacks = {
      trap: registerCallback(() => { active?.onTrapInsn(); }, t.trap),
      cpuid: registerCallback(() => (active?.onCpuid() ? 1 : 0), t.cpuid),
      intr: registerCallback((_uc: unknown, intno: number) => { active?.onInterrupt(intno); }, t.intr),
      mem: registerCallback((_uc: unknown, type: number, addr: number | bigint, size: number) =>
        (active ? active.onBadAccess(type, num(addr), size) : false), t.mem),
      code: registerCallback((_uc: unknown, addr: number | bigint, size: number) => {
        active?.onCode(num(addr), size);
      }, t.code),
      block: registerCallback((_uc: unknown, addr: number | bigint, size: number) => {
        active?.onBlock(num(addr), size);
      }, t.code),
      // Under Unicorn's virtual TLB (UnicornSpec.virtualTlb): every page is its own physical
      // page with all rights, as with the target's translation off. Without this hook Unicorn
      // grants only the access that missed, so a page read and written in turn was refilled at
      // every switch (s390x matmul: 1.3-2.2 s, 0.6 s with it). Mapping rights are Unicorn's own
      // checks against each region's perms (the memory hooks, as before), not the TLB's. It runs
      // at every TLB miss (s390x crc32 32 MiB: 16,000 times; touching 64 MiB: 33,000), so where
      // the host allows it is the same few instructions in native code (binding.ts), sparing a
      // call into JS each time (~4 us); this JS one is the fallback.
      tlbFill: nativeTlbFill() ?? registerCallback((_uc: unknown, addr: number | bigint, _type: number, entry: Ptr) => {
        const e = new DataView(hostView(entry, 12));
        e.setBigUint64(0, BigInt(addr), true);
        e.setUint32(8, UC_PROT_ALL, true);
        return true;
      }, t.tlb),
    };
  }
  return callbacks;
}

/**
 * How the engine's own instances enter JavaScript at a system call, and how they are run: the
 * native entry (binding.ts nativeEntry: the trap hook and uc_emu_start from Node's stack) where it
 * is built and loads, else koffi's trap callback and its uc_emu_start. One choice per process:
 * an instance with the native trap must be started by the native entry. Scratch instances (the
 * fault-pc probe) keep koffi's callback and are started through koffi.
 */
let runEntry: { entry: NativeEntry | null; trap: Ptr } | null = null;
export function runTrap(): { entry: NativeEntry | null; trap: Ptr } {
  if (!runEntry) {
    const entry = nativeEntry(() => { active?.onTrapInsn(); });
    runEntry = { entry, trap: entry?.trap ?? hookCallbacks().trap };
  }
  return runEntry;
}

/**
 * The UC_HOOK_INTR callback of an instance whose system calls come as interrupt `trapId`: the
 * native dispatch (binding.ts nativeIntrDispatch) that sends that interrupt straight to the
 * system-call callback, where the host has it; else the interrupt callback (the target's
 * onInterrupt tells the trap apart). TRICORN_UC_INTR=js keeps the latter (to compare).
 */
export function intrHookFor(trapId: number): Ptr {
  const cb = hookCallbacks();
  if (process.env.TRICORN_UC_INTR === 'js') return cb.intr;
  return nativeIntrDispatch(trapId, runTrap().trap, cb.intr) ?? cb.intr;
}
