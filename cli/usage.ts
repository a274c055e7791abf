// tricorn's own errors, each one line on stderr, with exit statuses that cannot be mistaken for
// a guest's — the convention of env(1), timeout(1) and chroot(1):
//   125  tricorn itself was misused (an unknown option, a bad value) or failed
//   126  FILE was found but cannot be run (not ELF, a foreign or 32-bit or dynamic ELF, bad assembly)
//   127  FILE does not exist
export const EXIT_TRICORN = 125;
export const EXIT_CANNOT_RUN = 126;
export const EXIT_NOT_FOUND = 127;

export class CliError extends Error {
  constructor(message: string, readonly status: number) { super(message); }
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
