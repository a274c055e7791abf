// --oracle: run a case's program on Linux itself and compare. `native` runs the build for the
// host's own arch directly; `qemu` runs the other arches' builds under qemu-user. tricorn runs a
// guest as pid 1 of a fresh PID namespace with pid_max 32768, so as root the oracle runs the same
// way: `unshare --fork --pid --mount-proc`, pid_max set to 32768 inside the new namespace when
// the kernel keeps it per namespace (Linux 6.14 and later). Without root, a case that says it
// needs the namespace is skipped with the reason; others run as they are.
import { existsSync, readFileSync } from 'node:fs';
import { machine } from 'node:os';
import { architectures, findArch } from '../../arch/index.js';
import { delimiter, join, resolve } from 'node:path';
import type { Case } from './cases.js';
import type { Oracle } from './options.js';
import type { Command, RunOutput } from './pool.js';

/** The host's architecture: the descriptor whose `uname -m` is the host's. */
export const hostArch: string | null = architectures.find((a) => a.machine === machine())?.name ?? null;

const qemuName = (arch: string): string | undefined => findArch(arch)?.toolchain.qemu;

function which(cmd: string): string | null {
  for (const d of (process.env.PATH ?? '').split(delimiter)) {
    if (d && existsSync(join(d, cmd))) return join(d, cmd);
  }
  return null;
}

const isRoot = () => typeof process.getuid === 'function' && process.getuid() === 0;

/** In a fresh PID namespace, pid_max as tricorn has it, then exec "$0" "$@". */
function inPidNamespace(argv: string[]): { file: string; args: string[] } {
  let hostPidMax = '';
  try { hostPidMax = readFileSync('/proc/sys/kernel/pid_max', 'utf8').trim(); } catch { /* no /proc: leave it */ }
  // A value other than the host's means this kernel keeps pid_max per namespace: setting it
  // then changes only the new namespace's.
  // Only shell builtins before the exec: a forked helper would take pid 2 in the namespace.
  const script = `v=; read v < /proc/sys/kernel/pid_max 2>/dev/null; if [ -n "$v" ] && [ "$v" != "${hostPidMax}" ]; then echo 32768 > /proc/sys/kernel/pid_max; fi; exec "$0" "$@"`;
  return { file: which('unshare')!, args: ['--fork', '--pid', '--mount-proc', 'sh', '-c', script, ...argv] };
}

export type OracleJob = { skipped: string } | { command: Command; label: string; lacks?: (r: RunOutput) => string | null };

/** What a qemu run tells about qemu-user or the host kernel rather than about tricorn. */
function qemuLacks(r: RunOutput): string | null {
  const text = `${r.stdout.toString('utf8')}\n${r.stderr.toString('utf8')}`;
  const line = text.split('\n').find((l) => /ENOSYS|Function not implemented|Unsupported syscall|unexpected -38\b/.test(l));
  if (line) return `qemu-user or the host kernel lacks a system call (${line.trim().slice(0, 120)})`;
  if (/qemu: uncaught target signal|qemu:.*not supported/i.test(text)) return 'qemu-user cannot run it (see qemu\'s message)';
  return null;
}

/** The oracle run for (case, arch), or null where this oracle does not apply (native: other arches; qemu: the host's). */
export function oracleJob(kind: Oracle, c: Case, arch: string, timeoutMs: number): OracleJob | null {
  if ((kind === 'native') !== (arch === hostArch)) return null;
  if (c.oracleSkip) return { skipped: c.oracleSkip };
  const program = c.program(arch);
  const cwd = c.cwd(arch);
  if (!existsSync(resolve(cwd, program))) return { skipped: `no program ${program}` };
  const root = isRoot() && which('unshare') !== null;
  if (c.needsPidNamespace && !root) {
    return { skipped: 'needs a fresh PID namespace (unshare --pid): run as root' };
  }
  let argv: string[];
  let label: string;
  if (kind === 'native') {
    argv = [program, ...c.args];
    label = 'Linux (native)';
  } else {
    const name = qemuName(arch) ?? `qemu for ${arch}`;
    const qemu = which(name);
    if (!qemu) return { skipped: `${name} is not installed (Debian: apt-get install qemu-user-static)` };
    argv = [qemu, program, ...c.args];
    label = `qemu-user (${name})`;
  }
  // The program runs by its path as tricorn was given it, so argv[0] is the same.
  const direct = { file: resolve(cwd, argv[0]), args: argv.slice(1), argv0: argv[0] };
  const how = root ? inPidNamespace(argv) : direct;
  return {
    label: root ? `${label} in a fresh PID namespace` : label,
    command: { ...how, ...(root ? {} : { argv0: direct.argv0 }), cwd, stdin: c.stdin, timeoutMs, env: {} },
    ...(kind === 'qemu' ? { lacks: qemuLacks } : {}),
  };
}
