// Node 20's own shutdown can deadlock (nodejs/node#54918). When the event loop ends, the main
// thread waits in NodePlatform::DrainTasks for every V8 worker task, while a concurrent
// TurboFan job on a worker waits for the main thread to collect garbage
// (CollectionBarrier::AwaitCollectionBackground). process.exit() joins the same workers and
// hangs the same way. Seen here as a guest that had finished and printed everything, and a
// tricorn that never exited: about 3 in 100 runs of shm on a loaded machine, and gdb showed
// exactly those two stacks.
//
// So before the CLI's work ends, it waits for the compile jobs itself, the way V8's own
// %FinalizeOptimization does: with the main thread's heap parked, which serves a pending
// collection request first and lets a job allocate without one. Then it stops new jobs
// (--no-turbofan), so none can start between here and the end of the process.
import { createRequire } from 'node:module';
import { TIERING_FLAGS } from './v8-tiering.cjs';

type SetFlags = (flags: string) => void;

/**
 * V8's flag setter. node:v8's setFlagsFromString is this same binding function, but loading
 * node:v8 loads node's whole stream library with it (its heap-snapshot streams): ~25 modules,
 * 4-5 ms of CPU on every tricorn start. The binding is reached through process.binding('v8'),
 * which Node allows for it but reports as deprecated: the report (one warning on stderr) is held
 * back for that one call only, as --no-deprecation would. A Node without it: node:v8.
 */
function v8SetFlags(): SetFlags {
  const p = process as unknown as { binding?: (name: string) => { setFlagsFromString?: unknown } };
  const quiet = process.noDeprecation;
  try {
    process.noDeprecation = true;
    const f = p.binding?.('v8').setFlagsFromString;
    if (typeof f === 'function') return f as SetFlags;
  } catch {
    // No such binding here: node:v8 below.
  } finally {
    process.noDeprecation = quiet;
  }
  return (createRequire(import.meta.url)('node:v8') as { setFlagsFromString: SetFlags }).setFlagsFromString;
}

/** An unbundled run's V8 tier-up budget (cli/v8-tiering.cts; the bin set it before loading). */
export function tuneTiering(): void {
  try {
    v8SetFlags()(TIERING_FLAGS);
  } catch {
    // No flag setter: V8's own budget.
  }
}

/**
 * V8's baseline compiler (Sparkplug) back on: the bin turns it off for the start-up
 * (cli/tricorn.cts, tuneV8), and a run calls this right before its guest runs. Setting a flag to
 * its default leaves V8's flag hash (which a code cache is checked against) as it was.
 */
export function baselineOn(): void {
  try {
    v8SetFlags()('--sparkplug');
  } catch {
    // No flag setter: Sparkplug was never turned off.
  }
}

/** Set V8 flags now (the PPC64 engine's tier-up budget: cli/engines.ts); without a setter, nothing. */
export function setV8Flags(flags: string): void {
  try {
    v8SetFlags()(flags);
  } catch {
    // No flag setter: V8's flags as they are.
  }
}

export function quiesceV8(): void {
  // Setup's run that writes the code cache: V8 checks the flags a cache was made under.
  if (process.env.TRICORN_WRITE_CODE_CACHE === '1') return;
  try {
    const setFlags = v8SetFlags();
    setFlags('--allow-natives-syntax');
    // eslint-disable-next-line @typescript-eslint/no-implied-eval -- V8 syntax, not JavaScript
    new Function('%FinalizeOptimization()')();
    setFlags('--no-turbofan');
  } catch {
    // A V8 without that runtime function: its own shutdown, as before.
  }
}
