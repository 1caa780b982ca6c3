/**
 * The forwarder health checker's Lambda entry point (bundled with esbuild at
 * synth time, stacks/constructs/forwarder-health-bundle.ts). EventBridge
 * Scheduler invokes it every CHECK_INTERVAL_MINUTES. It runs two CloudWatch
 * Logs Insights queries on the heartbeat log group (detection/health/check.ts
 * recentRegionsQuery per set of expected regions, then lastSeenQuery for the suspects only), hands the
 * rows to the pure core, and invokes the alert engine asynchronously with one
 * `forwarder-silent` input per silent account (the engine renders and routes
 * it like every alert: its retries, on-failure queue and alarms apply).
 *
 * Only envelope fields are queried (`account`, `region`, `@timestamp`): see
 * check.ts. A failed query or invocation throws, so the function's Errors
 * alarm fires; if the schedule stops, its Invocations alarm does.
 *
 * The AWS SDK for JavaScript v3 is part of the Node.js runtimes, so the bundle
 * leaves `@aws-sdk/*` external (as the alert engine does).
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import {
  alertInputs,
  accountRegionKey,
  chunkAccounts,
  dueForAlert,
  lastSeenQuery,
  LOOKBACK_MINUTES,
  recentRegionsQuery,
  regionGroups,
  silentRegionsFromLatest,
  SILENT_AFTER_MINUTES,
  suspectAccounts,
  type ExpectedAccount,
  type HealthModel,
  type SilentRegion,
} from './check';

/** The model file bundled beside index.js. */
export const CHECKER_MODEL_FILE = 'health-model.json';

export interface CheckerModel extends HealthModel {
  logGroupName: string;
  engineFunctionName: string;
  aggregator: { account: string; region: string };
}

/** One Logs Insights query over [start, end] (epoch ms): its rows as field → value. */
export type RunQuery = (queryString: string, startMs: number, endMs: number) => Promise<Array<Record<string, string>>>;
/** One asynchronous invocation of the alert engine. */
export type InvokeEngine = (input: { kind: string; event: unknown }) => Promise<void>;

/** A Logs Insights timestamp: epoch milliseconds, or `YYYY-MM-DD HH:MM:SS.mmm` in UTC. */
export function parseInsightsTime(value: string | undefined): number | undefined {
  if (value === undefined || value === '') return undefined;
  if (/^\d+(\.\d+)?$/.test(value)) return Number(value);
  const parsed = Date.parse(`${value.replace(' ', 'T')}${/Z|[+-]\d\d:?\d\d$/.test(value) ? '' : 'Z'}`);
  return Number.isNaN(parsed) ? undefined : parsed;
}

export interface CheckResult {
  silent: SilentRegion[];
  alerted: SilentRegion[];
  queries: number;
  invocations: number;
}

/** One check at `at` (epoch ms): queries, the pure core, and the engine invocations. */
export async function runCheck(model: CheckerModel, query: RunQuery, invoke: InvokeEngine, at: number): Promise<CheckResult> {
  const minute = 60_000;
  // One first query per set of expected regions, counting only those regions: a heartbeat from a region the account
  // is not expected to forward from (which its admin can produce) never stands in for a silent expected one.
  const suspects: ExpectedAccount[] = [];
  let queries = 0;
  for (const group of regionGroups(model)) {
    queries += 1;
    const counts = new Map<string, number>();
    for (const row of await query(recentRegionsQuery(group.regions), at - SILENT_AFTER_MINUTES * minute, at)) if (row.account) counts.set(row.account, Number(row.regions ?? 0));
    suspects.push(...suspectAccounts({ version: 1, accounts: group.accounts }, counts));
  }
  const latest = new Map<string, number>();
  for (const chunk of chunkAccounts(suspects)) {
    queries += 1;
    for (const row of await query(lastSeenQuery(chunk), at - LOOKBACK_MINUTES * minute, at)) {
      const seen = parseInsightsTime(row.lastSeen);
      if (row.account && row.region && seen !== undefined) latest.set(accountRegionKey(row.account, row.region), seen);
    }
  }
  // Accounts that are not suspects had every region beat within SILENT_AFTER_MINUTES: only suspects are checked.
  const silent = silentRegionsFromLatest({ version: 1, accounts: suspects }, latest, at);
  const alerted = dueForAlert(silent, at);
  const inputs = alertInputs(alerted, at, model.aggregator);
  for (const input of inputs) await invoke(input);
  return { silent, alerted, queries, invocations: inputs.length };
}

interface LogsModule {
  CloudWatchLogsClient: new (config: object) => { send(command: unknown): Promise<unknown> };
  StartQueryCommand: new (input: object) => unknown;
  GetQueryResultsCommand: new (input: object) => unknown;
}
interface LambdaModule {
  LambdaClient: new (config: object) => { send(command: unknown): Promise<unknown> };
  InvokeCommand: new (input: object) => unknown;
}

/** Logs Insights through the SDK the Lambda runtime provides: StartQuery, then GetQueryResults until the query ends. */
function insightsQuery(logGroupName: string): RunQuery {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const logs = require('@aws-sdk/client-cloudwatch-logs') as LogsModule;
  const client = new logs.CloudWatchLogsClient({});
  return async (queryString, startMs, endMs) => {
    const started = (await client.send(
      new logs.StartQueryCommand({ logGroupName, queryString, startTime: Math.floor(startMs / 1000), endTime: Math.ceil(endMs / 1000), limit: 10_000 }),
    )) as { queryId: string };
    for (;;) {
      await new Promise((resolve) => setTimeout(resolve, 1000));
      const result = (await client.send(new logs.GetQueryResultsCommand({ queryId: started.queryId }))) as {
        status: string;
        results?: Array<Array<{ field?: string; value?: string }>>;
      };
      if (result.status === 'Complete') {
        return (result.results ?? []).map((row) => Object.fromEntries(row.filter((cell) => cell.field).map((cell) => [cell.field as string, cell.value ?? ''])));
      }
      if (result.status !== 'Running' && result.status !== 'Scheduled') throw new Error(`Logs Insights query ${started.queryId} ended ${result.status}`);
    }
  };
}

function engineInvoker(functionName: string): InvokeEngine {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const lambda = require('@aws-sdk/client-lambda') as LambdaModule;
  const client = new lambda.LambdaClient({});
  return async (input) => {
    await client.send(new lambda.InvokeCommand({ FunctionName: functionName, InvocationType: 'Event', Payload: Buffer.from(JSON.stringify(input)) }));
  };
}

let model: CheckerModel | undefined;

/** The deployed entry point (`index.handler`). Logs counts and account-regions only: ids and regions, nothing a member wrote. */
export async function handler(): Promise<{ silent: number; alerted: number }> {
  model ??= JSON.parse(readFileSync(path.join(__dirname, CHECKER_MODEL_FILE), 'utf8')) as CheckerModel;
  const result = await runCheck(model, insightsQuery(model.logGroupName), engineInvoker(model.engineFunctionName), Date.now());
  console.log(JSON.stringify({ silent: result.silent.map((region) => `${region.account}/${region.region}`), alerted: result.alerted.length, queries: result.queries, invocations: result.invocations }));
  return { silent: result.silent.length, alerted: result.alerted.length };
}
