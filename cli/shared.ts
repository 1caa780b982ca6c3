/**
 * What every `signin-watch` command shares: the usage-error type, the options
 * several commands take (--config), option parsers, and the one place that
 * turns a handler's result or error into an exit code and a message.
 *
 * Exit codes: 0 success; 1 the command's own "found something" outcome
 * (drift found, a gap with --strict, a failed verify, an invalid config for
 * synth); 2 usage errors and errors that stopped the command.
 */
import * as path from 'node:path';
import { InvalidArgumentError, Option } from 'commander';

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

/** --config FILE, else $SIGNIN_WATCH_CONFIG, else config/org.yaml of this checkout. */
export function configOption(): Option {
  return new Option('--config <file>', 'organization config').env(CONFIG_VARIABLE).default(DEFAULT_CONFIG, 'config/org.yaml');
}

/** Parser for options that take a positive integer (--jobs, --shards, --concurrency). */
export function positiveInteger(value: string): number {
  const number = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isInteger(number) || number < 1) throw new InvalidArgumentError(`expected a positive integer, got "${value}"`);
  return number;
}

/** Parser for options that take a positive number (--cap-gb). */
export function positiveNumber(value: string): number {
  const number = Number(value);
  if (value.trim() === '' || !(number > 0)) throw new InvalidArgumentError(`expected a positive number, got "${value}"`);
  return number;
}

/** Errors whose message says everything (no stack trace): config errors, usage errors, AWS and IO errors the handlers describe. */
export function describeError(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}
