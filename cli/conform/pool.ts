// Runs guests in parallel worker processes: each run is its own `tricorn run` (or, for an
// oracle, the program itself or qemu-user), at most `jobs` at a time. A separate process per
// run keeps a crashing or hanging guest from taking the others down, and uses every core.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export interface RunOutput {
  stdout: Buffer;
  stderr: Buffer;
  /** Exit status as a shell reports it (128+N when killed by signal N), or null on timeout. */
  status: number | null;
  timedOut: boolean;
  /** The process could not be started (ENOENT, EACCES…). */
  spawnError?: string;
  ms: number;
}

export interface Command {
  file: string;
  args: string[];
  argv0?: string;
  cwd: string;
  stdin: string;
  timeoutMs: number;
  /** The child's environment (default: tricorn's own; guests get an empty one either way). */
  env?: Record<string, string>;
}

/** `tricorn run` in a child process: the same CLI a user runs. */
export const tricornMain = fileURLToPath(new URL('../main.js', import.meta.url));

const signalNumbers: Record<string, number> = { SIGHUP: 1, SIGINT: 2, SIGQUIT: 3, SIGILL: 4, SIGTRAP: 5, SIGABRT: 6, SIGBUS: 7, SIGFPE: 8, SIGKILL: 9, SIGUSR1: 10, SIGSEGV: 11, SIGUSR2: 12, SIGPIPE: 13, SIGALRM: 14, SIGTERM: 15 };

export function runProcess(c: Command): Promise<RunOutput> {
  const t0 = Date.now();
  return new Promise((done) => {
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let timedOut = false;
    const child = spawn(c.file, c.args, {
      cwd: c.cwd, argv0: c.argv0, env: c.env ?? { ...process.env, NODE_OPTIONS: '' },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const timer = setTimeout(() => { timedOut = true; child.kill('SIGKILL'); }, c.timeoutMs);
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.stdin.on('error', () => { /* the guest need not read its stdin */ });
    child.stdin.end(c.stdin);
    child.on('error', (e: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      done({ stdout: Buffer.alloc(0), stderr: Buffer.alloc(0), status: null, timedOut: false, spawnError: e.code ?? e.message, ms: Date.now() - t0 });
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const status = timedOut ? null : code ?? (signal ? 128 + (signalNumbers[signal] ?? 0) : null);
      done({ stdout: Buffer.concat(out), stderr: Buffer.concat(err), status, timedOut, ms: Date.now() - t0 });
    });
  });
}

/** Runs `tasks` with at most `jobs` in flight; `onDone` after each (for the progress line). */
export async function pool<T>(tasks: (() => Promise<T>)[], jobs: number, onDone?: () => void): Promise<T[]> {
  const results: T[] = new Array(tasks.length);
  let next = 0;
  const worker = async () => {
    while (next < tasks.length) {
      const i = next++;
      results[i] = await tasks[i]();
      onDone?.();
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(jobs, tasks.length)) }, worker));
  return results;
}
