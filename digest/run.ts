/**
 * signin-watch digest --render --config FILE --from T1 --to T2 FILE... ("-" = stdin)
 *
 * Prints the sign-in digest of the records given (CloudTrail records or
 * EventBridge envelopes, in any form classify reads) for [T1, T2), as it
 * would be sent: one digest per audience (the default recipients and every
 * route that receives INFO in its digest, each covering only the accounts
 * and kinds its route selects): recipients, subject, body. Built by detection/digest.ts, the same code the
 * scheduled digest function (detection/alerts/digest-handler.ts) runs. Records before T1 count as history ("new to
 * the account" means not seen signing in before T1 in the input).
 * Exit 0 on success, 2 on malformed input, a bad config or bad usage.
 */
import { PROCESS_IO, UsageError, type CommandIo } from '../command/io';
import { ConfigError, loadConfig } from '../detection/org-config';
import { buildDigest, digestText } from '../detection/digest';
import { digestAudiences, digestDeliveries } from '../detection/digest-delivery';
import { engineFor } from '../detection/alerts/model';
import type { OrgConfig } from '../config/schema';
import { readEventFiles } from '../command/event-files';

export interface DigestOptions {
  files: string[];
  config: string;
  from: string;
  to: string;
  render: boolean;
}

function time(label: string, value: string): Date {
  const parsed = new Date(value);
  if (!/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2}))?$/.test(value) || Number.isNaN(parsed.getTime())) {
    throw new UsageError(`--${label} must be an ISO 8601 date or time, e.g. 2026-11-25 or 2026-11-25T07:00:00Z (got "${value}")`);
  }
  return parsed;
}

/** Where digests go: every digest destination (each receives only the accounts its route covers). */
export function digestDestinations(config: OrgConfig): string[] {
  return digestAudiences(engineFor(config), config.accounts).flatMap((audience) => audience.destinations).sort();
}

export function runDigest(options: DigestOptions, io: CommandIo = PROCESS_IO): number {
  if (!options.render) throw new UsageError('digest prints the digest as it would be sent: add --render');
  const from = time('from', options.from);
  const to = time('to', options.to);
  if (from >= to) throw new UsageError('--from must be before --to');
  let config: OrgConfig;
  try {
    config = loadConfig(options.config);
  } catch (error) {
    io.err(`digest: ${error instanceof ConfigError ? error.message : `${options.config}: ${(error as Error).message}`}\n`);
    return 2;
  }
  const events = readEventFiles(options.files, 'digest', io);
  if (!events) return 2;
  const records = events.map((event) => (event.event !== undefined && typeof event.event === 'object' ? event.event : event));
  const deliveries = digestDeliveries(records, engineFor(config), config.accounts, from, to);
  if (deliveries.length === 0) {
    const { subject, text } = digestText(buildDigest(records, config.accounts, from, to));
    io.out(`To: (no digest destination)\nSubject: ${subject}\n\n${text}`);
    return 0;
  }
  // One digest per audience: a route's digest covers only the accounts (and kinds) it selects.
  io.out(deliveries.map(({ destinations, subject, text }) => `To: ${destinations.join(', ')}\nSubject: ${subject}\n\n${text}`).join('\n'));
  return 0;
}
