/**
 * npm run --silent classify -- [--config PATH] [--render] [--summary] FILE... ("-" = stdin)
 *
 * Replays CloudTrail records or EventBridge envelopes through the detection
 * catalogue and prints, per event and in input order, one JSON line:
 *   {"eventID":…,"eventName":…,"alerts":[…],"metricAlerts":[…],"cis":[…]}
 * --render (needs --config) adds, per event, the messages the deployed alert
 * engine would send for each matching kind, rendered and routed by that same
 * engine (detection/alerts/engine.ts) with the config's accounts and routes:
 *   "messages":[{"kind","severity","subject","text","destinations":["email:…","https:…","slack:…"]}]
 * Accepts a JSON object, a JSON array, JSON lines, CloudTrail log files
 * ({"Records": […]}), corpus lines ({"event": …}), and gzip of any of these.
 * Exit 0 on success, 2 on malformed input, a bad config or bad usage.
 */
import { readFileSync } from 'node:fs';
import { ConfigError, loadConfig } from '../config/load';
import { alertCatalogue, alertKindsFor, CIS_FILTERS } from '../detection/catalogue';
import { createClassifier, InputError, readEvents, type Classification } from '../detection/classify';
import type { AlertKind } from '../detection/types';
import { toEnvelope } from '../detection/envelope';
import { engineFor } from '../detection/alerts/model';
import type { AlertEngine } from '../detection/alerts/engine';
import type { OrgConfig } from '../config/schema';

const USAGE = 'usage: npm run --silent classify -- [--config PATH] [--render] [--summary] FILE... ("-" reads stdin)';

interface Arguments {
  files: string[];
  summary: boolean;
  render: boolean;
  config?: string;
}

function parseArguments(argv: string[]): Arguments {
  const parsed: Arguments = { files: [], summary: false, render: false };
  for (let index = 0; index < argv.length; index += 1) {
    const argument = argv[index];
    if (argument === '--summary') parsed.summary = true;
    else if (argument === '--render') parsed.render = true;
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
  if (parsed.render && !parsed.config) throw new UsageError('--render needs --config PATH (the accounts and routes the messages name)');
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

/** What the deployed engine sends for each kind the event matches (EventBridge hands it the envelope). */
export function renderedMessages(engine: AlertEngine, result: Classification, event: Record<string, unknown>) {
  const envelope = toEnvelope(event);
  return result.alerts.map((kind) => {
    const { severity, subject, text, destinations } = engine.render({ kind, event: envelope });
    return { kind, severity, subject, text, destinations };
  });
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
  let config: OrgConfig | undefined;
  try {
    config = args.config ? loadConfig(args.config) : undefined;
    kinds = config ? alertKindsFor(config) : alertCatalogue();
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
  const engine = args.render && config ? engineFor(config) : undefined;
  const lines = results.map((result, index) => JSON.stringify(engine ? { ...result, messages: renderedMessages(engine, result, events[index]) } : result));
  if (lines.length > 0) process.stdout.write(`${lines.join('\n')}\n`);
  if (args.summary) process.stderr.write(`${summarize(kinds, results)}\n`);
  return 0;
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));
