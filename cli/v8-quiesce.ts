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
import { setFlagsFromString } from 'node:v8';

export function quiesceV8(): void {
  // Setup's run that writes the code cache: V8 checks the flags a cache was made under.
  if (process.env.TRICORN_WRITE_CODE_CACHE === '1') return;
  try {
    setFlagsFromString('--allow-natives-syntax');
    // eslint-disable-next-line @typescript-eslint/no-implied-eval -- V8 syntax, not JavaScript
    new Function('%FinalizeOptimization()')();
    setFlagsFromString('--no-turbofan');
  } catch {
    // A V8 without that runtime function: its own shutdown, as before.
  }
}
