/**
 * What every command handler shares, below the CLI: the usage-error type,
 * where a handler writes (CommandIo), exit codes and the project's paths.
 * The CLI (cli/program.ts) turns a handler's result or error into an exit
 * code and a message; handlers and tests use these without loading commander.
 *
 * Exit codes: 0 success; 1 the command's own "found something" outcome
 * (drift found, a gap with --strict, a failed verify, an invalid config for
 * synth); 2 usage errors and errors that stopped the command.
 */
import * as path from 'node:path';

export const EXIT_OK = 0;
export const EXIT_USAGE = 2;

export const PROJECT_ROOT = path.resolve(__dirname, '..');
export const DEFAULT_CONFIG = path.join(PROJECT_ROOT, 'config', 'org.yaml');
export const CONFIG_VARIABLE = 'SIGNIN_WATCH_CONFIG';

/** A mistake in how the command was called: exit 2, the message and a pointer to --help. Nothing was written. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** Where a handler writes; tests pass their own. */
export interface CommandIo {
  env: NodeJS.ProcessEnv;
  out: (text: string) => void;
  err: (text: string) => void;
}

export const PROCESS_IO: CommandIo = {
  env: process.env,
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
};

/** Errors whose message says everything (no stack trace): config errors, usage errors, AWS and IO errors the handlers describe. */
export function describeError(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}
