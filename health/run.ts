/**
 * signin-watch health --config FILE --at TIME FILE... ("-" = stdin)
 *
 * Runs the forwarder health check offline, with the very core the
 * aggregator's checker Lambda runs (detection/health/check.ts): the expected
 * account × forwarded-region set from the config, the heartbeats from the
 * files (EventBridge envelopes as the heartbeat log group stores them: a JSON
 * object, a JSON array or JSON lines, gzip accepted), and `--at` as "now".
 * A heartbeat counts only for its envelope `account` and `region` (set by
 * AWS); its `detail` is never read.
 *
 * Prints one JSON line per silent account-region, in config order:
 *   {"account":"…","accountName":"…","region":"…","lastSeen":"…"|null}
 * Exit 0 when every expected account-region beat within the last 70
 * minutes, 1 when some are silent, 2 on usage errors, a bad config or
 * malformed input. Arguments are parsed in cli/commands/health.ts.
 */
import { ConfigError, loadConfig } from '../detection/org-config';
import { latestByAccountRegion, observationOf, silentRegionsFromLatest, type Observation } from '../detection/health/check';
import { healthModel } from '../detection/health/model';
import { PROCESS_IO, UsageError, type CommandIo } from '../command/io';
import { readEventFiles } from '../command/event-files';

export interface HealthOptions {
  config: string;
  /** ISO 8601 time the check runs at (with a time zone). */
  at: string;
  files: string[];
}

export const EXIT_ALL_BEAT = 0;
export const EXIT_SOME_SILENT = 1;

/** `--at`: an ISO 8601 date-time with a time zone, e.g. 2026-12-07T22:00:00Z. */
export function parseAt(value: string): number {
  if (!/^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:\d\d)$/.test(value)) throw new UsageError(`--at must be an ISO 8601 time with a time zone (e.g. 2026-12-07T22:00:00Z), got "${value}"`);
  const at = Date.parse(value);
  if (Number.isNaN(at)) throw new UsageError(`--at "${value}" is not a valid time`);
  return at;
}

export function runHealth(options: HealthOptions, io: CommandIo = PROCESS_IO): number {
  const at = parseAt(options.at);
  if (options.files.length === 0) throw new UsageError('give at least one heartbeat file (or - for stdin)');
  let model;
  try {
    model = healthModel(loadConfig(options.config));
  } catch (error) {
    io.err(`health: ${error instanceof ConfigError ? error.message : `${options.config}: ${(error as Error).message}`}\n`);
    return 2;
  }
  const events = readEventFiles(options.files, 'health', io);
  if (!events) return 2;
  const observations: Observation[] = [];
  for (const event of events) {
    const observation = observationOf(event);
    if (observation) observations.push(observation);
  }
  const silent = silentRegionsFromLatest(model, latestByAccountRegion(observations), at);
  if (silent.length > 0) io.out(`${silent.map((region) => JSON.stringify(region)).join('\n')}\n`);
  return silent.length > 0 ? EXIT_SOME_SILENT : EXIT_ALL_BEAT;
}
