/**
 * The digest's reading of the central sign-in log with CloudWatch Logs
 * Insights (StartQuery / GetQueryResults), and the conversion of result rows
 * into the records the pure builder (detection/digest.ts) takes, so the
 * scheduled digest and `digest --render` render the same text.
 *
 * The log group holds whole EventBridge envelopes (JSON); Logs Insights
 * discovers JSON fields and names nested ones with dots (`detail.eventName`)
 * ("Supported logs and discovered fields",
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/CWL_AnalyzeLogData-discoverable-fields.html).
 * Query commands `fields`, `filter`, `sort`, `limit`, `stats ... by` and the
 * `coalesce` function: "CloudWatch Logs Insights language query syntax",
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/CWL_QuerySyntax.html.
 * GetQueryResults returns only the requested fields (plus `@ptr`), every value
 * as a string ("GetQueryResults", CloudWatch Logs API reference,
 * https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_GetQueryResults.html).
 *
 * Quotas that shape it ("CloudWatch Logs quotas",
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/cloudwatch_limits_cwl.html,
 * and "StartQuery", https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_StartQuery.html):
 * a query returns at most 10,000 rows (QUERY_ROW_LIMIT), so a period that
 * fills it is split in halves and queried again (rows deduplicated by `@ptr`,
 * since start and end times are inclusive); a query runs at most
 * 60 minutes; concurrent queries per account are limited (30 on the StartQuery
 * page, 100 on the console history page), and the digest runs one at a time.
 * No Node.js import, no AWS SDK.
 */

/** Rows one query returns at most (the query's `limit` and the service maximum). */
export const QUERY_ROW_LIMIT = 10_000;

/** The record fields the builder reads, as Logs Insights names them in the envelope. */
export const DIGEST_QUERY_FIELDS = [
  'detail.eventID',
  'detail.eventName',
  'detail.eventTime',
  'detail.recipientAccountId',
  'detail.userIdentity.type',
  'detail.userIdentity.arn',
  'detail.userIdentity.userName',
  'detail.userIdentity.principalId',
  'detail.userIdentity.accountId',
  'detail.sourceIPAddress',
  'detail.responseElements.ConsoleLogin',
  'detail.additionalEventData.MFAUsed',
] as const;

/** Every console sign-in of the time range, one row each. */
export const DIGEST_QUERY = [
  `fields ${DIGEST_QUERY_FIELDS.join(', ')}`,
  'filter detail.eventName = "ConsoleLogin"',
  'sort @timestamp asc',
  `limit ${QUERY_ROW_LIMIT}`,
].join('\n| ');

/**
 * Who signed in successfully to which account before the period (history for
 * "new to the account"): one row per (account, principal), the principal
 * chosen as the builder chooses it (ARN, else user name, principal id, type).
 */
export const DIGEST_HISTORY_QUERY = [
  'filter detail.eventName = "ConsoleLogin" and detail.responseElements.ConsoleLogin = "Success"',
  'fields coalesce(detail.recipientAccountId, detail.userIdentity.accountId) as account, coalesce(detail.userIdentity.arn, detail.userIdentity.userName, detail.userIdentity.principalId, detail.userIdentity.type) as principal',
  'stats count(*) as signIns by account, principal',
  `limit ${QUERY_ROW_LIMIT}`,
].join('\n| ');

/** One row of GetQueryResults. */
export type QueryRow = Array<{ field?: string; value?: string }>;

type Json = Record<string, unknown>;

/** The CloudTrail record a row of DIGEST_QUERY describes (only the fields the row has). */
export function recordFromRow(row: QueryRow): Json {
  const record: Json = {};
  for (const { field, value } of row) {
    if (!field || value === undefined || !(DIGEST_QUERY_FIELDS as readonly string[]).includes(field)) continue;
    const path = field.split('.').slice(1);
    let node = record;
    for (const key of path.slice(0, -1)) node = (node[key] ??= {}) as Json;
    node[path[path.length - 1]] = value;
  }
  return record;
}

/** A history row of DIGEST_HISTORY_QUERY as a successful sign-in just before `from` (what the builder counts as "seen before"). */
export function historyRecordFromRow(row: QueryRow, from: Date): Json | undefined {
  const value = (name: string) => row.find((field) => field.field === name)?.value;
  const account = value('account');
  const principal = value('principal');
  if (!account || !principal) return undefined;
  return {
    eventName: 'ConsoleLogin',
    eventTime: new Date(from.getTime() - 1000).toISOString(),
    recipientAccountId: account,
    userIdentity: { arn: principal },
    responseElements: { ConsoleLogin: 'Success' },
  };
}

/**
 * Records of rows, each log event once: split queries overlap at their
 * inclusive bounds, and `@ptr` identifies the log event (so two deliveries of
 * one event count twice, as `digest --render` counts two lines of a file).
 */
export function uniqueRecords(rows: QueryRow[]): Json[] {
  const seen = new Set<string>();
  const records: Json[] = [];
  for (const row of rows) {
    const pointer = row.find((field) => field.field === '@ptr')?.value;
    if (pointer !== undefined) {
      if (seen.has(pointer)) continue;
      seen.add(pointer);
    }
    records.push(recordFromRow(row));
  }
  return records;
}
