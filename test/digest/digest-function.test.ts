/**
 * Issue 19 item 2, the scheduled digest: the Lambda (detection/alerts/digest-handler.ts)
 * reads the central sign-in log with Logs Insights and renders exactly what
 * `signin-watch digest --render` prints for the same events; each route's
 * digest covers only what the route selects.
 *
 * The fake Logs Insights below answers the two query strings the function
 * sends over envelopes of corpus events: rows of DIGEST_QUERY_FIELDS,
 * flattened with dots and stringified as GetQueryResults returns them, and
 * the (account, principal) pairs of the history query with coalesce's
 * first-non-null semantics. It runs behind a mocked SDK client
 * (aws-sdk-client-mock), so the SDK adapter is exercised too.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { CloudWatchLogsClient, GetQueryResultsCommand, StartQueryCommand } from '@aws-sdk/client-cloudwatch-logs';
import * as CloudWatchLogs from '@aws-sdk/client-cloudwatch-logs';
import { mockClient } from 'aws-sdk-client-mock';
import { parse, stringify } from 'yaml';
import { runDigest } from '../../digest/run';
import { createDigestHandler, digestPeriod, sdkLogsQueries } from '../../detection/alerts/digest-handler';
import { engineModel } from '../../detection/alerts/model';
import { DIGEST_HISTORY_QUERY, DIGEST_QUERY, DIGEST_QUERY_FIELDS, QUERY_ROW_LIMIT, type QueryRow } from '../../detection/digest-query';
import { loadConfig } from '../../detection/org-config';
import { EXAMPLE_CONFIG_FILE } from '../support/synth';
import { scratchDir } from '../support/scratch';

const CORPUS = path.join(__dirname, '..', 'detection', 'fixtures', 'corpus', 'signin-events.jsonl');
const TO = new Date('2026-03-02T07:00:00Z');
const FROM = new Date('2026-03-01T07:00:00Z');

type Json = Record<string, any>;

/** Corpus console sign-ins, re-timed: the first third the day before the period (history), the rest inside it. */
function corpusSignIns(): Json[] {
  const records = readFileSync(CORPUS, 'utf8')
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line).event as Json)
    .map((event) => (event.detail && event['detail-type'] ? event.detail : event))
    .filter((record) => record && record.eventName === 'ConsoleLogin');
  const history = Math.floor(records.length / 3);
  return records.map((record, index) => ({
    ...record,
    eventID: record.eventID ?? `corpus-${index}`,
    eventTime: new Date((index < history ? FROM.getTime() - 12 * 3600e3 : FROM.getTime() + 60e3) + index * 60e3).toISOString(),
  }));
}

const envelope = (record: Json, index: number): Json => ({ ptr: `ptr-${index}`, version: '0', id: `env-${record.eventID}`, 'detail-type': 'AWS Console Sign In via CloudTrail', source: 'aws.signin', account: record.recipientAccountId ?? '999999999999', time: record.eventTime, region: 'us-east-1', detail: record });

function flatten(value: unknown, prefix: string, into: Map<string, string>): Map<string, string> {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) for (const [key, child] of Object.entries(value)) flatten(child, prefix ? `${prefix}.${key}` : key, into);
  else if (value !== null && value !== undefined) into.set(prefix, typeof value === 'string' ? value : JSON.stringify(value));
  return into;
}

/** A fake Logs Insights over log events (envelopes), answering the digest's two queries. */
function fakeInsights(events: Json[], calls: Array<{ queryString: string; startTime: number; endTime: number }>) {
  const mock = mockClient(CloudWatchLogsClient);
  const results = new Map<string, QueryRow[]>();
  mock.on(StartQueryCommand).callsFake((input) => {
    calls.push({ queryString: input.queryString, startTime: input.startTime, endTime: input.endTime });
    const inRange = events.filter((event) => {
      const seconds = Date.parse(event.time) / 1000;
      return seconds >= input.startTime && seconds <= input.endTime && event.detail.eventName === 'ConsoleLogin';
    });
    let rows: QueryRow[];
    if (input.queryString === DIGEST_QUERY) {
      rows = inRange.map((event) => {
        const flat = flatten(event, '', new Map());
        return [...DIGEST_QUERY_FIELDS.filter((field) => flat.has(field)).map((field) => ({ field, value: flat.get(field) })), { field: '@ptr', value: event.ptr }];
      });
    } else if (input.queryString === DIGEST_HISTORY_QUERY) {
      const first = (...values: unknown[]) => values.find((value) => value !== undefined && value !== null) as string | undefined;
      const pairs = new Map<string, QueryRow>();
      for (const { detail } of inRange.filter((event) => event.detail.responseElements?.ConsoleLogin === 'Success')) {
        const account = first(detail.recipientAccountId, detail.userIdentity?.accountId);
        const principal = first(detail.userIdentity?.arn, detail.userIdentity?.userName, detail.userIdentity?.principalId, detail.userIdentity?.type);
        const row: QueryRow = [...(account ? [{ field: 'account', value: account }] : []), ...(principal ? [{ field: 'principal', value: principal }] : []), { field: 'signIns', value: '1' }];
        pairs.set(JSON.stringify([account, principal]), row);
      }
      rows = [...pairs.values()];
    } else throw new Error(`unexpected query ${input.queryString}`);
    const queryId = `q${results.size}`;
    results.set(queryId, rows.slice(0, input.limit ?? QUERY_ROW_LIMIT));
    return { queryId };
  });
  let polls = 0;
  mock.on(GetQueryResultsCommand).callsFake((input) => ((polls += 1) % 2 === 1 ? { status: 'Running', results: [] } : { status: 'Complete', results: results.get(input.queryId) }));
  return mock;
}

function configFile(routes: Json[] = []): string {
  const directory = mkdtempSync(`${scratchDir('config')}-`);
  const document = parse(readFileSync(EXAMPLE_CONFIG_FILE, 'utf8'));
  document.notifications.routes = routes;
  const file = path.join(directory, 'org.yaml');
  writeFileSync(file, stringify(document));
  return file;
}

function render(config: string, records: Json[]): string {
  const directory = mkdtempSync(`${scratchDir('records')}-`);
  const file = path.join(directory, 'records.jsonl');
  writeFileSync(file, records.map((record) => JSON.stringify(record)).join('\n'));
  let out = '';
  const code = runDigest({ files: [file], config, from: FROM.toISOString(), to: TO.toISOString(), render: true }, { out: (text: string) => (out += text), err: () => undefined } as never);
  expect(code).toBe(0);
  return out;
}

async function runLambda(config: string, records: Json[]) {
  const calls: Array<{ queryString: string; startTime: number; endTime: number }> = [];
  const mock = fakeInsights(records.map(envelope), calls);
  const published: Array<{ topicArn: string; subject?: string; message: string }> = [];
  const model = engineModel(loadConfig(config));
  const handler = createDigestHandler(model, { logGroupName: '/aws/events/sw/sign-ins', periodHours: 24 }, sdkLogsQueries(CloudWatchLogs as never, new CloudWatchLogsClient({ region: 'eu-west-1' })), async (request) => {
    published.push(request);
  }, { log: () => undefined, sleep: async () => undefined });
  const result = await handler({ scheduledTime: '2026-03-02T07:00:00Z' });
  mock.restore();
  const byDestination = Object.fromEntries(Object.entries(model.topics).map(([destination, arn]) => [arn, destination]));
  return { result, calls, published: published.map((request) => ({ destination: byDestination[request.topicArn], ...request })) };
}

/** `To: d1, d2 / Subject / body` blocks of the render output, per destination. */
function renderedByDestination(out: string): Map<string, string> {
  const blocks = new Map<string, string>();
  for (const block of out.split(/\n(?=To: )/)) {
    const [to, ...rest] = block.split('\n');
    for (const destination of to.replace(/^To: /, '').split(', ')) blocks.set(destination, rest.join('\n'));
  }
  return blocks;
}

describe('the scheduled digest function', () => {
  it('GIVEN a schedule time WHEN the period is computed THEN it ends at the hour of the schedule and lasts periodHours', () => {
    expect(digestPeriod('2026-03-02T07:00:41Z', 24)).toEqual({ from: FROM, to: TO });
    expect(digestPeriod('2026-03-02T13:00:00Z', 6)).toEqual({ from: new Date('2026-03-02T07:00:00Z'), to: new Date('2026-03-02T13:00:00Z') });
  });

  it('GIVEN corpus events as Logs Insights rows WHEN the function runs THEN it publishes exactly the text digest --render prints', async () => {
    const config = configFile();
    const records = corpusSignIns();
    const rendered = renderedByDestination(render(config, records));
    const { published, calls, result } = await runLambda(config, records);
    expect(published.map((message) => message.destination)).toEqual([...rendered.keys()]);
    for (const message of published) expect(`Subject: ${message.subject}\n\n${message.message}`).toBe(rendered.get(message.destination));
    // Non-trivial: some principals counted as seen before the period (history), others new.
    expect(published[0].message).toMatch(/Principals new to the account: [1-9]/);
    expect(records.filter((record) => Date.parse(record.eventTime) < FROM.getTime()).length).toBeGreaterThan(5);
    expect(calls.map((call) => call.queryString)).toEqual([DIGEST_QUERY, DIGEST_HISTORY_QUERY]);
    expect(calls[0]).toMatchObject({ startTime: FROM.getTime() / 1000, endTime: TO.getTime() / 1000 });
    expect(calls[1]).toMatchObject({ startTime: FROM.getTime() / 1000 - 90 * 86400, endTime: FROM.getTime() / 1000 - 1 });
    expect(result).toMatchObject({ from: FROM.toISOString(), to: TO.toISOString() });
  });

  it('GIVEN a route for one account WHEN the digest is sent THEN the route receives only that account, the default recipients every account', async () => {
    const config = configFile([{ name: 'prod-team', accounts: ['workload-prod'], emails: ['prod-team@example.com'] }]);
    const records = corpusSignIns().map((record, index) => (index % 2 === 0 ? { ...record, recipientAccountId: '444444444444' } : record));
    const out = render(config, records);
    const rendered = renderedByDestination(out);
    const route = rendered.get('email:prod-team@example.com')!;
    expect(route).toContain('Account workload-prod (444444444444)');
    expect(route).not.toMatch(/Account (?!workload-prod)/);
    expect(rendered.get('email:security-alerts@example.com')).toMatch(/Account 111122223333 \(not in config\)/);
    expect(rendered.get('email:security-alerts@example.com')).toContain('Account workload-prod (444444444444)');
    const { published } = await runLambda(config, records);
    expect(published.find((message) => message.destination === 'email:prod-team@example.com')?.message).toBe(route.split('\n').slice(2).join('\n'));
  });

  it('GIVEN a route whose kinds leave out console-login-success WHEN the digest is sent THEN that route gets no digest', async () => {
    const config = configFile([{ name: 'root-only', kinds: ['root-console-login'], emails: ['root-watch@example.com'] }]);
    const { published } = await runLambda(config, corpusSignIns());
    expect(published.map((message) => message.destination)).toEqual(['email:security-alerts@example.com']);
  });

  it('GIVEN a period whose query fills the row limit WHEN the function runs THEN it splits the period and counts each event once', async () => {
    const config = configFile();
    const base = corpusSignIns()[0];
    const flood = Array.from({ length: QUERY_ROW_LIMIT + 5 }, (_, index) => ({ ...base, eventID: `flood-${index}`, recipientAccountId: '444444444444', eventTime: new Date(FROM.getTime() + index * 8000).toISOString(), responseElements: { ConsoleLogin: 'Failure' } }));
    const { published, calls } = await runLambda(config, flood);
    expect(calls.filter((call) => call.queryString === DIGEST_QUERY).length).toBeGreaterThan(2);
    expect(published[0].message).toContain(`Failed sign-ins: ${QUERY_ROW_LIMIT + 5}`);
  });
});
