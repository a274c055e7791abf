#!/usr/bin/env node
// tricorn's command line. Every error of tricorn's own is one line on stderr and exit status
// 125, 126 or 127 (cli/usage.ts); a guest's own failure is its exit status; only a bug in
// tricorn itself shows a stack trace (and exits 125).
import { readFileSync } from 'node:fs';
import { ElfError } from '../kernel/exec/elf.js';
import { mainHelp, runHelp } from './help.js';
import { parseRunArgs, runCommand } from './run.js';
import { isCliError, EXIT_CANNOT_RUN, EXIT_TRICORN, UsageError } from './usage.js';
import { quiesceV8, tuneTiering } from './v8-quiesce.js';
import { startupMark } from './startup-marks.js';

/** Each command's own help text (`tricorn CMD --help`); loaded only when asked for. */
const commandHelps: Record<string, () => Promise<string>> = {
  run: async () => runHelp,
  layout: async () => (await import('./layout.js')).layoutHelp,
  conform: async () => (await import('./conform/options.js')).conformHelp,
  explain: async () => (await import('./explain/command.js')).explainHelp,
};

/** `tricorn --help`: the overview, then every command's whole help, as `CMD --help` prints it. */
async function fullHelp(): Promise<string> {
  let s = mainHelp;
  for (const [name, help] of Object.entries(commandHelps)) {
    const title = `tricorn ${name}`;
    s += `\n${title}\n${'='.repeat(title.length)}\n\n${await help()}`;
  }
  return s;
}

/**
 * Set when `run` finished: everything it wrote went out through writeSync (cli/host.ts), so the
 * process may end at once (below).
 */
let endNow = false;

async function main(argv: string[]): Promise<number> {
  startupMark('bundle');
  const [cmd, ...rest] = argv;
  if (!cmd) {
    process.stdout.write(mainHelp);
    return EXIT_TRICORN;
  }
  if (cmd === '--help' || cmd === '-h' || cmd === 'help') {
    // `tricorn help CMD` is `tricorn CMD --help`.
    if (cmd === 'help' && rest.length) {
      const help = commandHelps[rest[0]];
      if (!help || rest.length > 1) throw new UsageError(`help: no command '${rest.join(' ')}' (commands: ${Object.keys(commandHelps).join(', ')})`);
      process.stdout.write(await help());
      return 0;
    }
    if (rest.length) throw new UsageError(`${cmd} takes no arguments (got '${rest[0]}'; for one command's help: tricorn help CMD)`);
    process.stdout.write(await fullHelp());
    return 0;
  }
  if (cmd === '--version') {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));
    process.stdout.write(`tricorn ${pkg.version}\n`);
    return 0;
  }
  if (cmd === 'run') {
    if (rest[0] === '--help' || rest[0] === '-h') { process.stdout.write(runHelp); return 0; }
    tuneTiering();
    const code = await runCommand(parseRunArgs(rest));
    endNow = true;
    return code;
  }
  if (cmd === 'layout') {
    const { layoutCommand } = await import('./layout.js');
    const r = layoutCommand(rest);
    if (r.stdout) process.stdout.write(r.stdout);
    if (r.stderr) process.stderr.write(r.stderr.endsWith('\n') ? r.stderr : r.stderr + '\n');
    return r.exitCode;
  }
  if (cmd === 'explain') {
    const { explainCommand } = await import('./explain/command.js');
    const r = await explainCommand(rest);
    process.stdout.write(r.stdout);
    return r.exitCode;
  }
  if (cmd === 'conform') {
    const { conform } = await import('./conform/command.js');
    return conform(rest, {
      stdout: (s) => process.stdout.write(s), stderr: (s) => process.stderr.write(s),
      colour: process.stdout.isTTY === true && !process.env.NO_COLOR, progress: process.stderr.isTTY === true,
    });
  }
  if (cmd.startsWith('-')) throw new UsageError(`unknown option ${cmd} (see tricorn --help)`);
  throw new UsageError(`unknown command '${cmd}' (see tricorn --help)`);
}

main(process.argv.slice(2)).then(
  (code) => { process.exitCode = code; },
  (e: unknown) => {
    if (isCliError(e)) {
      process.stderr.write(`tricorn: ${e.message}\n`);
      process.exitCode = e.status;
    } else if (e instanceof ElfError) {
      process.stderr.write(`tricorn: ${e.message}\n`);
      process.exitCode = EXIT_CANNOT_RUN;
    } else if (e instanceof Error && /libunicorn/.test(e.message)) {
      process.stderr.write(`tricorn: ${e.message.split('\n')[0]}\n`);
      process.exitCode = EXIT_TRICORN;
    } else {
      process.stderr.write(`tricorn: internal error: ${e instanceof Error ? e.stack : String(e)}\n`);
      process.exitCode = EXIT_TRICORN;
    }
  },
).finally(() => {
  quiesceV8();
  startupMark('quiesce');
  // A finished run ends here rather than through Node's own shutdown, which first runs the tasks
  // V8 has pending (a young-generation collection it scheduled during the run, ~6 ms) and tears
  // the heap down (~4 ms), for a process about to exit. process.exit() keeps the exit status
  // (process.exitCode) and the 'exit' listeners; the quiesce above keeps it from hanging.
  if (endNow) process.exit();
});
