// The start-up breakdown of `npm run bench` (bench/run.ts): with TRICORN_STARTUP_MARKS=1 the bin
// (cli/tricorn.cts) starts a list of the process's CPU time at the end of each step of a run,
// the bundle's steps are added here, and the bin prints the list on stderr at exit as one line,
// `tricorn-startup cache=… STEP=MS …`. Without it nothing is recorded.

type Marks = [step: string, cpuMs: number][];

/** The list the bin made, or undefined (marks off, or main.js run without the bin). */
function marks(): Marks | undefined {
  return (globalThis as { __tricornStartupMarks?: Marks }).__tricornStartupMarks;
}

/** CPU time (user + system) of this process so far, in ms. */
export function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

/** Records that `step` has just ended. */
export function startupMark(step: string): void {
  marks()?.push([step, cpuMs()]);
}
