// Runs the real CLI (dist/cli/main.js) as a child process, as a user would.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { dirname, resolve } from 'node:path';

/** The repository root (dist/test/e2e/ is three levels below it). */
export const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const main = resolve(root, 'dist/cli/main.js');

export interface CliResult {
  stdout: string;
  stderr: string;
  status: number | null;
  stdoutBytes: Buffer;
}

export function tricorn(args: string[], opts: { input?: string | Buffer; timeoutMs?: number; env?: Record<string, string>; cwd?: string } = {}): CliResult {
  const r = spawnSync(process.execPath, [main, ...args], {
    cwd: opts.cwd ?? root,
    input: opts.input ?? '',
    timeout: opts.timeoutMs ?? 60_000,
    maxBuffer: 64 * 1024 * 1024,
    env: { ...process.env, NODE_OPTIONS: '', ...opts.env },
  });
  return {
    stdout: r.stdout.toString('utf8'),
    stdoutBytes: r.stdout,
    stderr: r.stderr.toString('utf8'),
    status: r.status,
  };
}
