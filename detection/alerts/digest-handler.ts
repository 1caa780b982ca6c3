/**
 * The scheduled sign-in digest (issue 19 item 2): a Lambda function that
 * EventBridge Scheduler invokes at `notifications.digest.hourUtc` and every
 * `periodHours` after (stacks/constructs/digest-function.ts). It reads the
 * period's console sign-ins from the central sign-in log with CloudWatch Logs
 * Insights (detection/digest-query.ts), builds the digest with the same code
 * as `signin-watch digest --render` (detection/digest-delivery.ts) and
 * publishes each audience's digest to its destinations' topics, the topics the
 * alert engine publishes to (plain text to email and HTTPS, the AWS Chatbot
 * custom notification to Slack and Teams).
 *
 * The period ends at the schedule's own time, `<aws.scheduler.scheduled-time>`
 * in the input (EventBridge Scheduler, "Adding context attributes",
 * https://docs.aws.amazon.com/scheduler/latest/UserGuide/managing-schedule-context-attributes.html),
 * floored to the hour: a retry or a late start covers the same period.
 *
 * Errors (a failed or timed-out query, a failed publish after trying every
 * destination) fail the invocation: Lambda retries it and then hands it to the
 * on-failure queue; the Errors alarm notifies the alert topic. A retry can
 * repeat a digest to a destination that already received it (at least once).
 *
 * No logs:StopQuery: that action has no resource-level permission (it could
 * only be granted on "*", which the rule pack refuses for write actions); a
 * query the function stops waiting for ends by itself within 60 minutes.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { digestDeliveries } from '../digest-delivery';
import { DIGEST_HISTORY_QUERY, DIGEST_QUERY, historyRecordFromRow, QUERY_ROW_LIMIT, uniqueRecords, type QueryRow } from '../digest-query';
import { AlertEngine, destinationType, type EngineModel } from './engine';
import { CHAT_DESTINATION_TYPES, MODEL_FILE, type Publish } from './handler';
import { FIRST_SEEN_DAYS } from './state';

/** The schedule's input: `{"scheduledTime": "<aws.scheduler.scheduled-time>"}`. */
export interface DigestInput {
  scheduledTime?: string;
}

/** What the function needs from CloudWatch Logs (the SDK adapter below; tests use it over a mocked client). */
export interface LogsQueries {
  startQuery(request: { logGroupName: string; startTime: number; endTime: number; queryString: string; limit: number }): Promise<string>;
  getQueryResults(queryId: string): Promise<{ status?: string; results?: QueryRow[] }>;
}

export interface DigestSettings {
  logGroupName: string;
  periodHours: number;
}

export interface DigestResult {
  from: string;
  to: string;
  delivered: string[];
  rows: number;
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** Smallest window a full result is split into (seconds): below it the rows are taken as they are, and the log says so. */
const MIN_SPLIT_SECONDS = 60;

/** The period a run covers: the `periodHours` before the scheduled time, floored to the hour. */
export function digestPeriod(scheduledTime: string | undefined, periodHours: number, now = new Date()): { from: Date; to: Date } {
  const at = scheduledTime ? new Date(scheduledTime) : now;
  if (Number.isNaN(at.getTime())) throw new Error(`scheduledTime "${scheduledTime}" is not a time`);
  const to = new Date(Math.floor(at.getTime() / HOUR) * HOUR);
  return { from: new Date(to.getTime() - periodHours * HOUR), to };
}

async function runQuery(logs: LogsQueries, settings: DigestSettings, queryString: string, start: number, end: number, sleep: (ms: number) => Promise<void>): Promise<QueryRow[]> {
  const queryId = await logs.startQuery({ logGroupName: settings.logGroupName, startTime: start, endTime: end, queryString, limit: QUERY_ROW_LIMIT });
  for (;;) {
    const { status, results } = await logs.getQueryResults(queryId);
    if (status === 'Complete') return results ?? [];
    if (status !== 'Scheduled' && status !== 'Running') throw new Error(`Logs Insights query ${queryId} ended ${status ?? 'without a status'}`);
    await sleep(1000);
  }
}

/** Rows of [start, end] (epoch seconds, inclusive), split in halves while a query fills the row limit. */
async function periodRows(logs: LogsQueries, settings: DigestSettings, start: number, end: number, sleep: (ms: number) => Promise<void>, log: (line: string) => void): Promise<QueryRow[]> {
  const rows = await runQuery(logs, settings, DIGEST_QUERY, start, end, sleep);
  if (rows.length < QUERY_ROW_LIMIT) return rows;
  if (end - start <= MIN_SPLIT_SECONDS) {
    log(JSON.stringify({ digest: 'rows-truncated', start, end, rows: rows.length }));
    return rows;
  }
  const middle = Math.floor((start + end) / 2);
  return [...(await periodRows(logs, settings, start, middle, sleep, log)), ...(await periodRows(logs, settings, middle, end, sleep, log))];
}

/** A digest function over a model, CloudWatch Logs, a publisher (tests inject all three). */
export function createDigestHandler(
  model: EngineModel,
  settings: DigestSettings,
  logs: LogsQueries,
  publish: Publish,
  options: { log?: (line: string) => void; sleep?: (ms: number) => Promise<void> } = {},
): (input?: DigestInput) => Promise<DigestResult> {
  const engine = new AlertEngine(model);
  const log = options.log ?? console.log;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  return async (input) => {
    const { from, to } = digestPeriod(input?.scheduledTime, settings.periodHours);
    const fromSeconds = Math.floor(from.getTime() / 1000);
    const rows = await periodRows(logs, settings, fromSeconds, Math.floor(to.getTime() / 1000), sleep, log);
    const historyRows = await runQuery(logs, settings, DIGEST_HISTORY_QUERY, Math.floor((from.getTime() - FIRST_SEEN_DAYS * DAY) / 1000), fromSeconds - 1, sleep);
    // A full history result may miss principals seen before: they would be reported new (the safe side).
    if (historyRows.length >= QUERY_ROW_LIMIT) log(JSON.stringify({ digest: 'history-truncated', rows: historyRows.length }));
    const history = historyRows.flatMap((row) => historyRecordFromRow(row, from) ?? []);
    const records = [...history, ...uniqueRecords(rows)];
    const planned = digestDeliveries(records, engine, model.accounts, from, to).flatMap((delivery) =>
      delivery.destinations.map((destination) => {
        const topicArn = model.topics[destination];
        if (!topicArn) throw new Error(`no topic for destination ${destination}`);
        const chat = CHAT_DESTINATION_TYPES.includes(destinationType(destination));
        return { destination, request: chat ? { topicArn, message: delivery.chat } : { topicArn, subject: delivery.subject, message: delivery.text } };
      }),
    );
    const results = await Promise.allSettled(planned.map(({ request }) => publish(request)));
    const failed = planned.filter((_, index) => results[index].status === 'rejected').map(({ destination }) => destination);
    log(JSON.stringify({ digest: 'sent', from: from.toISOString(), to: to.toISOString(), rows: rows.length, history: historyRows.length, delivered: planned.length - failed.length, failed }));
    if (failed.length > 0) throw new Error(`digest publish failed for ${failed.join(', ')}`);
    return { from: from.toISOString(), to: to.toISOString(), delivered: planned.map(({ destination }) => destination), rows: rows.length };
  };
}

/** The CloudWatch Logs SDK module's parts the adapter uses. */
export interface LogsSdk {
  StartQueryCommand: new (input: object) => unknown;
  GetQueryResultsCommand: new (input: object) => unknown;
}

/** LogsQueries over an SDK v3 client (the runtime's; tests pass a mocked one). */
export function sdkLogsQueries(sdk: LogsSdk, client: { send(command: unknown): Promise<unknown> }): LogsQueries {
  return {
    async startQuery(request) {
      const { queryId } = (await client.send(new sdk.StartQueryCommand(request))) as { queryId?: string };
      if (!queryId) throw new Error('StartQuery returned no queryId');
      return queryId;
    },
    async getQueryResults(queryId) {
      return (await client.send(new sdk.GetQueryResultsCommand({ queryId }))) as { status?: string; results?: QueryRow[] };
    },
  };
}

interface SdkModules {
  logs: LogsSdk & { CloudWatchLogsClient: new (config: object) => { send(command: unknown): Promise<unknown> } };
  sns: { SNSClient: new (config: object) => { send(command: unknown): Promise<unknown> }; PublishCommand: new (input: object) => unknown };
}

let deployed: ((input?: DigestInput) => Promise<DigestResult>) | undefined;

/** The deployed entry point (`digest.handler`); the SDK v3 comes with the Node.js runtime. */
export async function handler(input?: DigestInput): Promise<DigestResult> {
  if (!deployed) {
    const model = JSON.parse(readFileSync(path.join(__dirname, MODEL_FILE), 'utf8')) as EngineModel;
    const settings = { logGroupName: process.env.SIGNIN_LOG_GROUP ?? '', periodHours: Number(process.env.DIGEST_PERIOD_HOURS ?? '24') };
    if (!settings.logGroupName || !(settings.periodHours > 0)) throw new Error('SIGNIN_LOG_GROUP and DIGEST_PERIOD_HOURS must be set');
    const modules: SdkModules = {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      logs: require('@aws-sdk/client-cloudwatch-logs'),
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      sns: require('@aws-sdk/client-sns'),
    };
    const sns = new modules.sns.SNSClient({});
    const publish: Publish = async ({ topicArn, subject, message }) => {
      await sns.send(new modules.sns.PublishCommand({ TopicArn: topicArn, Subject: subject, Message: message }));
    };
    deployed = createDigestHandler(model, settings, sdkLogsQueries(modules.logs, new modules.logs.CloudWatchLogsClient({})), publish);
  }
  return deployed(input);
}
