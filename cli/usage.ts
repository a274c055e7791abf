// tricorn's own errors, each one line on stderr, with exit statuses that cannot be mistaken for
// a guest's — the convention of env(1), timeout(1) and chroot(1):
//   125  tricorn itself was misused (an unknown option, a bad value) or failed
//   126  FILE was found but cannot be run (not ELF, a foreign or 32-bit or dynamic ELF, bad assembly)
//   127  FILE does not exist
export const EXIT_TRICORN = 125;
export const EXIT_CANNOT_RUN = 126;
export const EXIT_NOT_FOUND = 127;

/**
 * CliError's brand: commands kept outside the CLI bundle (conform, explain, layout) load their
 * own copy of this module, so `instanceof` would not know their errors from the bundle's.
 */
const CLI_ERROR = Symbol.for('tricorn.CliError');

export class CliError extends Error {
  readonly [CLI_ERROR] = true;
  constructor(message: string, readonly status: number) { super(message); }
}

/** One of tricorn's own errors, from whichever copy of this module made it. */
export function isCliError(e: unknown): e is CliError {
  return e instanceof Error && (e as Error & { [CLI_ERROR]?: boolean })[CLI_ERROR] === true;
}

/** Bad use of the command line: exit 125. */
export class UsageError extends CliError {
  constructor(message: string) { super(message, EXIT_TRICORN); }
}

/** FILE exists but tricorn cannot run it: exit 126. */
export class CannotRunError extends CliError {
  constructor(message: string) { super(message, EXIT_CANNOT_RUN); }
}

/** FILE does not exist: exit 127. */
export class NotFoundError extends CliError {
  constructor(message: string) { super(message, EXIT_NOT_FOUND); }
}
