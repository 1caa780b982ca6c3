/**
 * Forwarder health, bound to what AWS stamps (issue 18 item 1).
 *
 * Every member region puts a heartbeat on its default bus every 30 minutes;
 * it travels through the forwarder rule, role, bus policy and central bus and
 * is written, whole envelope, to the heartbeat log group. A heartbeat counts
 * ONLY for the envelope's `account` and `region`: EventBridge sets both from
 * the caller's account and the region the event was put in, and a caller
 * cannot choose them (security checklist, "Trust boundaries", item 21).
 * Nothing in `detail` is read: a member admin may put any number of events
 * with any `detail` on their own default bus, and each still counts only for
 * their own account and the region they put it in.
 *
 * This module is the pure checking core, shared by the scheduled checker
 * Lambda in the aggregator (detection/health/handler.ts, bundled by esbuild)
 * and the `signin-watch health` command (health/run.ts): expected
 * account-regions and last-seen observations in, the silent account-regions
 * out. No cdktf, no AWS SDK, no Node.js import.
 *
 * Timing: heartbeats every 30 minutes (HEARTBEAT_INTERVAL_MINUTES); an
 * account-region is silent when its last heartbeat is older than 70 minutes
 * (two missed beats plus 10 minutes of grace), so a heartbeat up to 10
 * minutes late never alerts. The checker runs every 15 minutes, so a break
 * right after a heartbeat is reported at most 70 + 15 = 85 minutes later
 * (within 90).
 */

export const HEARTBEAT_INTERVAL_MINUTES = 30;
/** Two missed heartbeats plus 10 minutes of grace. */
export const SILENT_AFTER_MINUTES = 2 * HEARTBEAT_INTERVAL_MINUTES + 10;
/** How often the aggregator's checker runs. */
export const CHECK_INTERVAL_MINUTES = 15;
/**
 * How far back the checker looks for the last heartbeat of a silent
 * account-region (its second query). Older silences are reported with
 * `lastSeen: null` ("not in the last 3 hours"). Kept short: Logs Insights is
 * priced per GB scanned.
 */
export const LOOKBACK_MINUTES = 180;
/** CloudWatch Logs Insights returns at most 10,000 rows per query (StartQuery `limit`; see docs/aggregator.md). */
export const MAX_QUERY_ROWS = 10_000;

const MINUTE_MS = 60_000;

/** One configured account and the regions it forwards from (config/regions.ts `forwardedRegions`). */
export interface ExpectedAccount {
  id: string;
  name: string;
  regions: string[];
}

/** What the checker knows: the expected account × region set, built from the config at synth time. */
export interface HealthModel {
  version: 1;
  accounts: ExpectedAccount[];
}

/** The latest heartbeat seen of one account-region (epoch milliseconds). */
export interface Observation {
  account: string;
  region: string;
  lastSeen: number;
}

/** One silent account-region: what the CLI prints and the alert names. */
export interface SilentRegion {
  account: string;
  accountName: string;
  region: string;
  /** ISO time of the last heartbeat seen, or null when none was seen. */
  lastSeen: string | null;
}

/** The key of one account-region in a latest map. */
export const accountRegionKey = (account: string, region: string): string => `${account}/${region}`;

/** Latest heartbeat per account-region. */
export function latestByAccountRegion(observations: Iterable<Observation>): Map<string, number> {
  const latest = new Map<string, number>();
  for (const { account, region, lastSeen } of observations) {
    const k = accountRegionKey(account, region);
    const previous = latest.get(k);
    if (previous === undefined || lastSeen > previous) latest.set(k, lastSeen);
  }
  return latest;
}

/**
 * The silent account-regions at `at`: every expected account-region whose
 * latest heartbeat is older than SILENT_AFTER_MINUTES, or missing. A
 * heartbeat from the future (clock skew) counts as seen now. Observations of
 * account-regions the model does not expect are ignored: they can never make
 * an expected one healthy.
 */
export function silentRegions(model: HealthModel, observations: Iterable<Observation>, at: number, silentAfterMinutes = SILENT_AFTER_MINUTES): SilentRegion[] {
  return silentRegionsFromLatest(model, latestByAccountRegion(observations), at, silentAfterMinutes);
}

/** Same as silentRegions over an already-reduced `account/region` → latest map (the Lambda builds it from query rows). */
export function silentRegionsFromLatest(model: HealthModel, latest: ReadonlyMap<string, number>, at: number, silentAfterMinutes = SILENT_AFTER_MINUTES): SilentRegion[] {
  const cutoff = at - silentAfterMinutes * MINUTE_MS;
  const silent: SilentRegion[] = [];
  for (const account of model.accounts) {
    for (const region of account.regions) {
      const seen = latest.get(accountRegionKey(account.id, region));
      if (seen !== undefined && seen >= cutoff) continue;
      silent.push({ account: account.id, accountName: account.name, region, lastSeen: seen === undefined ? null : new Date(seen).toISOString() });
    }
  }
  return silent;
}

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => value !== null && typeof value === 'object' && !Array.isArray(value);

/** The envelope of a heartbeat event: source, detail-type and AWS-set account, region, time. */
export const HEARTBEAT_EVENT_SOURCE = 'signin-watch.heartbeat';

/**
 * One observation from an EventBridge event as the heartbeat log group stores
 * it (the whole envelope): its `account`, `region` and `time`, never `detail`.
 * Returns undefined for anything that is not a heartbeat envelope.
 */
export function observationOf(event: unknown): Observation | undefined {
  if (!isObject(event) || event.source !== HEARTBEAT_EVENT_SOURCE) return undefined;
  const { account, region, time } = event;
  if (typeof account !== 'string' || !/^\d{12}$/.test(account) || typeof region !== 'string' || typeof time !== 'string') return undefined;
  const lastSeen = Date.parse(time);
  return Number.isNaN(lastSeen) ? undefined : { account, region, lastSeen };
}

/**
 * Accounts with fewer distinct heartbeating regions in the last SILENT_AFTER_MINUTES than the model expects (first query's answer → second query's input).
 * The counts must be of expected regions only (recentRegionsQuery filters them): a member admin can make heartbeats of
 * any region it enables reach the central bus, and one unexpected region must not stand in for a silenced expected one.
 */
export function suspectAccounts(model: HealthModel, recentRegionCounts: Map<string, number>): ExpectedAccount[] {
  return model.accounts.filter((account) => (recentRegionCounts.get(account.id) ?? 0) < account.regions.length);
}

/** The accounts grouped by their set of expected regions (one first query per group; usually one or two groups). */
export function regionGroups(model: HealthModel): Array<{ regions: string[]; accounts: ExpectedAccount[] }> {
  const groups = new Map<string, { regions: string[]; accounts: ExpectedAccount[] }>();
  for (const account of model.accounts) {
    const regions = [...new Set(account.regions)].sort();
    const key = regions.join(',');
    const group = groups.get(key) ?? { regions, accounts: [] };
    group.accounts.push(account);
    groups.set(key, group);
  }
  return [...groups.values()];
}

/** Splits suspect accounts into chunks whose account × region rows stay within the query row limit. */
export function chunkAccounts(accounts: readonly ExpectedAccount[], maxRows = MAX_QUERY_ROWS): ExpectedAccount[][] {
  const chunks: ExpectedAccount[][] = [];
  let current: ExpectedAccount[] = [];
  let rows = 0;
  for (const account of accounts) {
    const size = Math.max(1, account.regions.length);
    if (current.length > 0 && rows + size > maxRows) {
      chunks.push(current);
      current = [];
      rows = 0;
    }
    current.push(account);
    rows += size;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}

/**
 * The checker's Logs Insights queries. Fields are the envelope's own
 * (`account`, `region`): Logs Insights discovers JSON fields by their path, so
 * `detail.account` is a different field and can never stand in for them.
 * 1. Over the last SILENT_AFTER_MINUTES: distinct regions per account (at most
 *    one row per account, ≤ 5,000 rows at 5,000 accounts).
 * 2. Over LOOKBACK_MINUTES, for the suspects of 1 only: the latest heartbeat
 *    per account and region (chunked by chunkAccounts, ≤ 10,000 rows each).
 */
export const RECENT_REGIONS_QUERY = `filter source = "${HEARTBEAT_EVENT_SOURCE}" | stats count_distinct(region) as regions by account | limit ${MAX_QUERY_ROWS}`;
/** The first query restricted to one group's expected regions: only they are counted (see suspectAccounts). */
export function recentRegionsQuery(regions: readonly string[]): string {
  const list = regions.map((region) => `"${region.replace(/[^a-z0-9-]/g, '')}"`).join(', ');
  return `filter source = "${HEARTBEAT_EVENT_SOURCE}" and region in [${list}] | stats count_distinct(region) as regions by account | limit ${MAX_QUERY_ROWS}`;
}

export function lastSeenQuery(accounts: readonly ExpectedAccount[]): string {
  const ids = accounts.map((account) => `"${account.id.replace(/[^0-9]/g, '')}"`).join(', ');
  return `filter source = "${HEARTBEAT_EVENT_SOURCE}" and account in [${ids}] | stats max(@timestamp) as lastSeen by account, region | limit ${MAX_QUERY_ROWS}`;
}

/**
 * Which silent account-regions the checker alerts on at one run: those that
 * became silent since about the previous two runs (their last heartbeat is
 * less than SILENT_AFTER_MINUTES + 2 checks old, so one failed run loses
 * nothing and an alert repeats at most once), and, at the first run of every
 * hour, every silent one (a reminder, and the only report of account-regions
 * never seen in the lookback window). The CLI prints all of them.
 */
export function dueForAlert(silent: readonly SilentRegion[], at: number): SilentRegion[] {
  const hourly = new Date(at).getUTCMinutes() < CHECK_INTERVAL_MINUTES;
  if (hourly) return [...silent];
  const newest = at - (SILENT_AFTER_MINUTES + 2 * CHECK_INTERVAL_MINUTES) * MINUTE_MS;
  return silent.filter((region) => region.lastSeen !== null && Date.parse(region.lastSeen) >= newest);
}

/** The alert engine's kind for silent forwarders (detection/message.ts FORWARDER_SILENT_MESSAGE). */
export const FORWARDER_SILENT_KIND = 'forwarder-silent';

/** Most per-account messages per run; beyond, one message names the rest (a central break must not send 5,000 emails). */
export const MAX_ACCOUNT_MESSAGES_PER_RUN = 25;
/** Most accounts the summary message of the rest names, one line each. */
export const MAX_ACCOUNTS_LISTED = 200;

/**
 * The alert engine inputs for silent account-regions: one per account (its
 * regions and last-seen times; `account` is the silent account, so routes by
 * account and tag apply), and when more than MAX_ACCOUNT_MESSAGES_PER_RUN
 * accounts are silent, one more naming every other account, attributed to
 * the aggregator account. Every value comes from the config or from
 * AWS-stamped fields.
 */
export function alertInputs(silent: readonly SilentRegion[], at: number, aggregator: { account: string; region: string }): Array<{ kind: string; event: Json }> {
  const byAccount = new Map<string, SilentRegion[]>();
  for (const region of silent) byAccount.set(region.account, [...(byAccount.get(region.account) ?? []), region]);
  const time = new Date(at).toISOString();
  const describe = (region: SilentRegion) => `${region.region} (last heartbeat ${region.lastSeen ?? `none in the last ${LOOKBACK_MINUTES / 60} hours`})`;
  const accounts = [...byAccount.entries()];
  const named = accounts.slice(0, MAX_ACCOUNT_MESSAGES_PER_RUN);
  const rest = accounts.slice(MAX_ACCOUNT_MESSAGES_PER_RUN);
  const inputs: Array<{ kind: string; event: Json }> = named.map(([account, regions]) => ({
    kind: FORWARDER_SILENT_KIND,
    event: { account, region: aggregator.region, time, detail: { silentRegions: regions.map(describe), silentCount: regions.length } },
  }));
  if (rest.length > 0) {
    // One line per account, at most MAX_ACCOUNTS_LISTED: a central break at 5,000 accounts must fit an SNS message,
    // "at most 256 KB in size (262,144 bytes)" (SNS API Reference, Publish; a topic's default MaximumMessageSize), the
    // tighter of the two limits the message passes ("For asynchronous invocations, the maximum payload size is 1 MB":
    // Lambda API Reference, Invoke).
    const listed = rest.slice(0, MAX_ACCOUNTS_LISTED).map(([account, regions]) => `${regions[0].accountName} (${account}): ${regions.length} regions`);
    if (rest.length > MAX_ACCOUNTS_LISTED) listed.push(`… and ${rest.length - MAX_ACCOUNTS_LISTED} more accounts: \`signin-watch health\` on the heartbeat log lists every one`);
    inputs.push({
      kind: FORWARDER_SILENT_KIND,
      event: {
        account: aggregator.account,
        region: aggregator.region,
        time,
        detail: {
          silentAccounts: listed,
          silentCount: rest.reduce((sum, [, regions]) => sum + regions.length, 0),
        },
      },
    });
  }
  return inputs;
}
