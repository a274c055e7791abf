// The kernel's account of what a system call did, told through one channel: implementations
// report the structs they read, the rules they check (with the values), the pids they allocate,
// the tasks they create and the guest memory they write, from the code paths that do those
// things, so an explanation (tricorn explain) cannot drift from the behaviour. Reporting is a
// one-line call that costs nothing when no one listens (Kernel.explain is null).

/**
 * Registers by ABI name, read when the listener asks (reading every register costs engine calls);
 * valid only while the listener runs, when the registers are live in the engine.
 */
export type RegReader = () => [name: string, value: bigint][];

export type ExplainEvent =
  /**
   * A trap reached the kernel: the task, the syscall's name, the trap instruction's address,
   * the implementation's function name (null: none, ENOSYS) and the raw 32-bit register halves
   * (nr, then six args).
   */
  | { kind: 'enter'; tid: number; name: string; pc: number; impl: string | null; regs: Uint32Array }
  /** The kernel read guest memory as a struct or an array. */
  | { kind: 'read'; what: string; struct?: string; addr: number; bytes: Uint8Array }
  /** A rule the implementation checked, whether it held, and the values it compared. */
  | { kind: 'check'; rule: string; ok: boolean; values: string; errno?: string }
  /** A new task: its pid in every namespace from the root down. */
  | { kind: 'task'; pids: readonly number[]; thread: boolean; sharesMemory: boolean }
  /** The kernel wrote a `size`-byte value to guest memory. */
  | { kind: 'write'; what: string; addr: number; value: number; size: number }
  /** The call blocked: the task sleeps and the result comes later (an `exit` when it wakes). */
  | { kind: 'blocked'; tid: number; name: string }
  /**
   * The result going back (before the error convention encodes it); `restored`: the call set
   * every register itself (rt_sigreturn, from the signal frame), result is what its register holds.
   */
  | { kind: 'exit'; tid: number; name: string; result: number; restored?: boolean }
  /**
   * A task about to return to user mode from the call: the caller with its result in place, or
   * a new child with the registers it starts with.
   */
  | { kind: 'resume'; tid: number; who: 'caller' | 'child'; pc: number; regs: RegReader };

export type ExplainSink = (e: ExplainEvent) => void;
