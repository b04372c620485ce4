// Errors meant for the user: the CLI prints their message on one line (no stack) and exits with their code.

import { EXIT } from './exit-codes.js';

/** Invalid usage or configuration: exit 2. `problems` lists every problem found, not just the first. */
export class ConfigError extends Error {
  readonly exitCode = EXIT.usage;
  constructor(readonly problems: string[]) {
    super(problems.join('\n'));
    this.name = 'ConfigError';
  }
}

/** The target could not be reached or used (unreachable host, wrong password, no permission): exit 1. */
export class TargetError extends Error {
  readonly exitCode = EXIT.runFailed;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'TargetError';
  }
}

/** The user pressed Ctrl-C: stop, save what finished, exit 130. */
export class InterruptedError extends Error {
  readonly exitCode = EXIT.interrupted;
  constructor() {
    super('interrupted');
    this.name = 'InterruptedError';
  }
}

/** A TargetError, also one made by another copy of this module (a scenario file importing the package). */
export function isTargetError(err: unknown): err is TargetError {
  return err instanceof TargetError || (err instanceof Error && err.name === 'TargetError');
}

/** A ConfigError, also one made by another copy of this module (a scenario file importing the package). */
export function isConfigError(err: unknown): err is ConfigError {
  return (
    err instanceof ConfigError ||
    (err instanceof Error && err.name === 'ConfigError' && Array.isArray((err as ConfigError).problems))
  );
}

export function errorMessage(err: unknown): string {
  if (err instanceof AggregateError && err.errors.length > 0) return errorMessage(err.errors[0]);
  if (err instanceof Error) return err.message || err.name;
  return String(err);
}
