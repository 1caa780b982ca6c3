/**
 * npm run --silent classify -- [--config PATH] [--summary] FILE... ("-" = stdin)
 *
 * Replays CloudTrail records or EventBridge envelopes through the detection
 * catalogue and prints, per event and in input order, one JSON line:
 *   {"eventID":…,"eventName":…,"alerts":[…],"metricAlerts":[…],"cis":[…]}
 * Accepts a JSON object, a JSON array, JSON lines, CloudTrail log files
 * ({"Records": […]}), corpus lines ({"event": …}), and gzip of any of these.
 * Exit 0 on success, 2 on malformed input, a bad config or bad usage.
 */
import { readFileSync } from 'node:fs';
import { ConfigError, loadConfig } from '../config/load';
import { alertCatalogue, alertKindsFor, CIS_FILTERS } from '../detection/catalogue';
import { createClassifier, InputError, readEvents, type Classification } from '../detection/classify';
import type { AlertKind } from '../detection/types';

const USAGE = 'usage: npm run --silent classify -- [--config PATH] [--summary] FILE... ("-" reads stdin)';

interface Arguments {
  files: string[];
  summary: boolean;
  config?: string;
}

function parseArguments(argv: string[]): Arguments {
  const parsed: Arguments = { files: [], summary: false };
  for (let index = 0; index < argv.length; index += 1) {
    const argument = argv[index];
    if (argument === '--summary') parsed.summary = true;
    else if (argument === '--config') {
      const value = argv[index + 1];
      if (!value) throw new UsageError('--config needs a PATH');
      parsed.config = value;
      index += 1;
    } else if (argument === '--help' || argument === '-h') throw new UsageError('');
    else if (argument.startsWith('--')) throw new UsageError(`unknown option ${argument}`);
    else parsed.files.push(argument);
  }
  if (parsed.files.length === 0) throw new UsageError('name at least one FILE (or - for stdin)');
  return parsed;
}

class UsageError extends Error {}

function summarize(kinds: AlertKind[], results: Classification[]): string {
  const count = (pick: (result: Classification) => string[], id: string): number => results.filter((result) => pick(result).includes(id)).length;
  const width = Math.max(...kinds.map((kind) => kind.id.length), ...CIS_FILTERS.map((filter) => filter.id.length));
  const lines = [`${results.length} event${results.length === 1 ? '' : 's'}`, `${'alert'.padEnd(width)}  alerts  metricAlerts`];
  for (const kind of kinds) {
    lines.push(`${kind.id.padEnd(width)}  ${String(count((result) => result.alerts, kind.id)).padStart(6)}  ${String(count((result) => result.metricAlerts, kind.id)).padStart(12)}`);
  }
  for (const filter of CIS_FILTERS) lines.push(`${filter.id.padEnd(width)}  ${String(count((result) => result.cis, filter.id)).padStart(6)}`);
  return lines.join('\n');
}

function main(argv: string[]): number {
  let args: Arguments;
  try {
    args = parseArguments(argv);
  } catch (error) {
    const message = (error as Error).message;
    process.stderr.write(`${message ? `classify: ${message}\n` : ''}${USAGE}\n`);
    return 2;
  }
  let kinds: AlertKind[];
  try {
    kinds = args.config ? alertKindsFor(loadConfig(args.config)) : alertCatalogue();
  } catch (error) {
    process.stderr.write(`classify: ${error instanceof ConfigError ? error.message : `${args.config}: ${(error as Error).message}`}\n`);
    return 2;
  }
  // Read every file first: a malformed file stops the run before any output.
  const events: Record<string, unknown>[] = [];
  for (const file of args.files) {
    const name = file === '-' ? '<stdin>' : file;
    try {
      events.push(...readEvents(readFileSync(file === '-' ? 0 : file), name));
    } catch (error) {
      const message = error instanceof InputError ? error.message : `${name}: ${(error as Error).message}`;
      process.stderr.write(`classify: ${message}\n`);
      return 2;
    }
  }
  const classify = createClassifier(kinds);
  const results = events.map((event) => classify(event));
  if (results.length > 0) process.stdout.write(`${results.map((result) => JSON.stringify(result)).join('\n')}\n`);
  if (args.summary) process.stderr.write(`${summarize(kinds, results)}\n`);
  return 0;
}

process.exitCode = main(process.argv.slice(2));
