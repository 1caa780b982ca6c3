/**
 * What the CLI's command definitions share: the --config option and the
 * option parsers. Handler-facing types (UsageError, CommandIo, exit codes)
 * live in command/io.ts.
 */
import { InvalidArgumentError, Option } from 'commander';
import { CONFIG_VARIABLE, DEFAULT_CONFIG } from '../command/io';

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

/** Parser for options that take a number >= 0 (cost volumes). */
export function nonNegativeNumber(value: string): number {
  const number = Number(value);
  if (value.trim() === '' || !Number.isFinite(number) || number < 0) throw new InvalidArgumentError(`expected a number >= 0, got "${value}"`);
  return number;
}

/** Parser for options that take a positive number (--cap-gb). */
export function positiveNumber(value: string): number {
  const number = Number(value);
  if (value.trim() === '' || !(number > 0)) throw new InvalidArgumentError(`expected a positive number, got "${value}"`);
  return number;
}

