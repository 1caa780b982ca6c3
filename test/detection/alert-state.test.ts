/**
 * Issue 19 items 3 and 4: storm control and first-seen context, tested
 * against the AlertStateStore interface with both implementations (the
 * in-memory store classify replays through, and the DynamoDB store over an
 * emulated table: test/detection/dynamodb-fake.ts), the replayed flood through
 * `classify --render`, and the handler degrading to "send" when the store fails.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { mockClient } from 'aws-sdk-client-mock';
import { ConditionalCheckFailedException, DynamoDBClient, GetItemCommand, UpdateItemCommand, type AttributeValue } from '@aws-sdk/client-dynamodb';
import { runClassify } from '../../classify/run';
import { createHandler, type Publish } from '../../detection/alerts/handler';
import { engineFor, engineModel } from '../../detection/alerts/model';
import { MemoryStateStore, PRINCIPAL_CEILING, renderWithState, type AlertStateStore } from '../../detection/alerts/state';
import { DynamoDbStateStore } from '../../detection/alerts/dynamodb-store';
import { toEnvelope } from '../../detection/envelope';
import { createClassifier } from '../../detection/classify';
import { alertKindsFor } from '../../detection/catalogue';
import { EXAMPLE_CONFIG_FILE, exampleConfig } from '../support/synth';
import { FakeTable } from './dynamodb-fake';
import { scratchDir } from '../support/scratch';
import { forwarderRuleName } from '../../config/names';

const FIXTURES = path.join(__dirname, 'fixtures', 'alerts');
type Json = Record<string, unknown>;
const readJson = (name: string) => JSON.parse(readFileSync(path.join(FIXTURES, name), 'utf8')) as Json;
const IAM_USER = readJson('iam-user-sign-in-mfa-workload-prod.json');
const ROOT = readJson('root-sign-in-workload-prod.json');
const T0 = Date.parse('2026-11-25T09:00:00Z');

/** A copy of `base` at `time` (ms) from `ip`, failed or successful. */
function signIn(base: Json, time: number, ip: string, outcome: 'Success' | 'Failure', id: number): Json {
  const event = structuredClone(base);
  event.eventTime = new Date(time).toISOString().replace(/\.\d{3}Z$/, 'Z');
  event.sourceIPAddress = ip;
  event.eventID = `ff000000-0000-4000-8000-${String(id).padStart(12, '0')}`;
  event.responseElements = { ConsoleLogin: outcome };
  if (outcome === 'Failure') {
    event.errorMessage = 'Failed authentication';
    event.additionalEventData = { ...(event.additionalEventData as Json), MFAUsed: 'No' };
  }
  return event;
}

/** 300 failed sign-ins of anaya in 10 minutes (2 s apart) from three addresses, and a root sign-in in the middle. */
function flood(): Json[] {
  const events: Json[] = [];
  for (let i = 0; i < 300; i += 1) {
    events.push(signIn(IAM_USER, T0 + i * 2000, ['203.0.113.5', '203.0.113.6', '198.51.100.9'][i % 7 === 0 ? 2 : i % 2], 'Failure', i));
    if (i === 150) events.push(signIn(ROOT, T0 + i * 2000 + 1000, '198.51.100.23', 'Success', 9999));
  }
  return events;
}

let written = 0;
function writeEvents(events: Json[]): string {
  mkdirSync(scratchDir('events'), { recursive: true });
  const file = path.join(scratchDir('events'), `events-${(written += 1)}.jsonl`);
  writeFileSync(file, `${events.map((event) => JSON.stringify(event)).join('\n')}\n`);
  return file;
}

async function classifyRender(events: Json[], format: 'json' | 'text' = 'json'): Promise<{ out: string; err: string; code: number }> {
  let out = '';
  let err = '';
  const code = await runClassify(
    { files: [writeEvents(events)], config: EXAMPLE_CONFIG_FILE, render: true, format },
    { out: (text: string) => (out += text), err: (text: string) => (err += text) } as never,
  );
  return { out, err, code };
}

/** Every store the engine's state logic must behave the same over. */
const STORES: Array<[string, () => AlertStateStore]> = [
  ['in-memory', () => new MemoryStateStore()],
  ['DynamoDB (emulated table)', () => new DynamoDbStateStore('sw-alert-state', new FakeTable().client())],
];

describe.each(STORES)('the engine state over the %s store', (_, makeStore) => {
  const config = exampleConfig();
  const engine = engineFor(config);
  const classify = createClassifier(alertKindsFor(config));
  const render = (store: AlertStateStore, event: Json) => renderWithState(engine, store, toEnvelope(event), classify(event).alerts);

  it('GIVEN 300 failed sign-ins of one principal in 10 minutes and a root sign-in among them WHEN replayed THEN at most 6 messages for that principal, the root sign-in is delivered', async () => {
    const store = makeStore();
    const sent: Array<{ kinds: string[]; context: string[]; text: string }> = [];
    for (const event of flood()) {
      const { message } = await render(store, event);
      if (message) sent.push(message);
    }
    const anaya = sent.filter((message) => message.text.includes('anaya'));
    expect(anaya.length).toBeGreaterThan(0);
    expect(anaya.length).toBeLessThanOrEqual(6);
    expect(anaya.at(-1)!.context).toContain('storm-limit');
    expect(sent.filter((message) => message.kinds[0] === 'root-console-login')).toHaveLength(1);
    // The next failure after the window closes goes out and carries the summary.
    const { message: next } = await render(store, signIn(IAM_USER, T0 + 30 * 60_000, '203.0.113.5', 'Failure', 5000));
    expect(next?.context).toContain('storm-summary');
    expect(next?.text).toMatch(/Storm control: 297 more "[^"]+" messages .* in 10 minutes were held back: first 2026-11-25T09:00:0\dZ, last 2026-11-25T09:09:58Z; top source addresses: 203\.0\.113\.\d \(\d+\), 203\.0\.113\.\d \(\d+\), 198\.51\.100\.9 \(\d+\)\./);
  });

  it('GIVEN a flood of one principal WHEN another principal of the same account signs in THEN its messages are not held back', async () => {
    const store = makeStore();
    for (let i = 0; i < 20; i += 1) await render(store, signIn(IAM_USER, T0 + i * 1000, '203.0.113.5', 'Failure', i));
    const other = structuredClone(IAM_USER);
    other.userIdentity = { ...(other.userIdentity as Json), userName: 'mateo', arn: 'arn:aws:iam::444444444444:user/mateo' };
    // Its own first three (firstMessages) go out although anaya's window holds seventeen back.
    for (let i = 0; i < 3; i += 1) expect((await render(store, signIn(other, T0 + 30_000 + i, '203.0.113.5', 'Failure', 100 + i))).message).toBeDefined();
  });

  it('GIVEN three decoy calls on other rules WHEN the same principal then deletes a forwarder rule THEN the deletion is delivered (red team: decoys cannot hold back a destructive call)', async () => {
    const store = makeStore();
    const call = (eventName: string, rule: string, id: number): Json => ({
      eventVersion: '1.09',
      userIdentity: { type: 'AssumedRole', principalId: 'AROAEXAMPLEADMIN:mallory', arn: 'arn:aws:sts::444444444444:assumed-role/Admin/mallory', accountId: '444444444444' },
      eventTime: new Date(T0 + id * 1000).toISOString().replace('.000', ''),
      eventSource: 'events.amazonaws.com',
      eventName,
      awsRegion: 'eu-west-1',
      sourceIPAddress: '203.0.113.66',
      userAgent: 'aws-cli/2',
      requestParameters: { name: rule },
      responseElements: null,
      eventID: `decoy-${id}`,
      eventType: 'AwsApiCall',
      recipientAccountId: '444444444444',
    });
    for (let i = 1; i <= 3; i += 1) expect((await render(store, call('PutRule', `${config.deployment.namePrefix}-decoy-${i}`, i))).message?.kinds).toEqual(['pipeline-tampering']);
    const deletion = (await render(store, call('DeleteRule', forwarderRuleName(config), 4))).message;
    expect(deletion?.kinds).toEqual(['pipeline-tampering']);
    expect(deletion?.text).toContain('DeleteRule');
    // The same call on the same rule, repeated, is still a storm: at most firstMessages of them go out.
    const repeats = [];
    for (let i = 5; i < 15; i += 1) repeats.push((await render(store, call('DeleteRule', forwarderRuleName(config), i))).message);
    expect(repeats.filter(Boolean).length).toBe(2);
  });

  it('GIVEN a loop over ever-new resource names (request parameters the caller chooses) WHEN replayed THEN at most the per-principal ceiling goes out, and the next window says how many were held', async () => {
    const store = makeStore();
    const call = (rule: string, at: number): Json => ({
      eventVersion: '1.09',
      userIdentity: { type: 'AssumedRole', principalId: 'AROAEXAMPLEADMIN:mallory', arn: 'arn:aws:sts::444444444444:assumed-role/Admin/mallory', accountId: '444444444444' },
      eventTime: new Date(at).toISOString().replace('.000', ''),
      eventSource: 'events.amazonaws.com',
      eventName: 'PutRule',
      awsRegion: 'eu-west-1',
      sourceIPAddress: '203.0.113.66',
      requestParameters: { name: rule },
      eventID: `loop-${at}`,
      eventType: 'AwsApiCall',
      recipientAccountId: '444444444444',
    });
    let sent = 0;
    for (let i = 0; i < 100; i += 1) if ((await render(store, call(`${config.deployment.namePrefix}-decoy-${i}`, T0 + i * 1000))).message) sent += 1;
    expect(sent).toBe(3 * PRINCIPAL_CEILING);
    const after = (await render(store, call(`${config.deployment.namePrefix}-decoy-late`, T0 + 30 * 60_000))).message;
    expect(after?.text).toMatch(/Storm control: 70 more /);
  });

  it('GIVEN a principal WHEN it signs in twice from one address and then from a new one THEN first-seen codes only where new', async () => {
    const store = makeStore();
    const first = await render(store, signIn(IAM_USER, T0, '198.51.100.23', 'Success', 1));
    expect(first.message?.context).toEqual(expect.arrayContaining(['first-sign-in-to-account', 'first-source-ip']));
    expect(first.message?.text).toContain('New: this principal has not signed in to this account in the last 90 days');
    const second = await render(store, signIn(IAM_USER, T0 + 3600_000, '198.51.100.23', 'Success', 2));
    expect(second.message?.context.filter((code) => code.startsWith('first-'))).toEqual([]);
    const third = await render(store, signIn(IAM_USER, T0 + 7200_000, '192.0.2.77', 'Success', 3));
    expect(third.message?.context).toContain('first-source-ip');
    expect(third.message?.context).not.toContain('first-sign-in-to-account');
    // 91 days later the account is new again.
    const later = await render(store, signIn(IAM_USER, T0 + 91 * 86_400_000, '192.0.2.77', 'Success', 4));
    expect(later.message?.context).toEqual(expect.arrayContaining(['first-sign-in-to-account', 'first-source-ip']));
  });

  it('GIVEN a failed sign-in from an attacker address WHEN the principal then succeeds from it THEN the success is still first-seen (failures are compared, not recorded)', async () => {
    const store = makeStore();
    const failure = await render(store, signIn(IAM_USER, T0, '203.0.113.66', 'Failure', 1));
    expect(failure.message?.context).toContain('first-source-ip');
    const success = await render(store, signIn(IAM_USER, T0 + 60_000, '203.0.113.66', 'Success', 2));
    expect(success.message?.context).toContain('first-source-ip');
  });
});

describe('classify --render replays storm control in file order', () => {
  it('GIVEN the replayed flood WHEN rendered THEN at most 6 messages for anaya, the root sign-in delivered, held-back events marked, a stderr note for the open window', async () => {
    const { out, err, code } = await classifyRender(flood());
    expect(code).toBe(0);
    const lines = out.trim().split('\n').map((line) => JSON.parse(line) as { messages: Array<{ kinds: string[]; text: string }>; heldBack?: { kinds: string[] } });
    expect(lines).toHaveLength(301);
    const messages = lines.flatMap((line) => line.messages);
    expect(messages.filter((message) => message.text.includes('anaya')).length).toBeLessThanOrEqual(6);
    expect(messages.filter((message) => message.kinds[0] === 'root-console-login')).toHaveLength(1);
    expect(lines.filter((line) => line.heldBack).length).toBe(297);
    expect(err).toMatch(/storm control held back 297 messages in 1 window still open/);
  });

  it('GIVEN --format text WHEN rendered THEN each message reads as the email: recipients, subject, body', async () => {
    const { out, code } = await classifyRender([ROOT], 'text');
    expect(code).toBe(0);
    expect(out).toMatch(/^To: email:[^\n]+\nSubject: \[CRITICAL\] [^\n]+\n\n\[CRITICAL\] /);
    expect(out).not.toMatch(/^\{/);
  });
});

describe('the handler degrades to "send" when the store fails', () => {
  const config = exampleConfig();
  const model = engineModel(config);
  const input = { kind: 'root-console-login', event: toEnvelope(ROOT) };

  it('GIVEN a store whose every call fails WHEN the leader is invoked THEN it still publishes, and logs the store error', async () => {
    const failing: AlertStateStore = {
      countInWindow: async () => Promise.reject(new Error('ProvisionedThroughputExceededException')),
      sighting: async () => Promise.reject(new Error('AccessDeniedException')),
    };
    const published: string[] = [];
    const logs: string[] = [];
    const publish: Publish = async ({ topicArn }) => void published.push(topicArn);
    const result = await createHandler(model, publish, (line) => logs.push(line), failing)(input);
    // Exactly what a healthy store delivers: the failure costs context, never a destination.
    const healthy = await createHandler(model, async () => undefined, () => undefined, new MemoryStateStore())(input);
    expect(result.delivered).toEqual(healthy.delivered);
    expect(healthy.delivered.length).toBeGreaterThan(0);
    expect(published.length).toBe(result.delivered.length);
    expect(logs.join('\n')).toMatch(/"stateErrors":\["first-seen: AccessDeniedException".*"storm control: ProvisionedThroughputExceededException"\],"degradedTo":"send"/);
  });

  it('GIVEN the DynamoDB client throwing on every call WHEN the leader is invoked THEN it still publishes', async () => {
    const ddb = mockClient(DynamoDBClient);
    ddb.on(UpdateItemCommand).rejects(new Error('service unavailable'));
    ddb.on(GetItemCommand).rejects(new Error('service unavailable'));
    const published: string[] = [];
    const result = await createHandler(model, async ({ topicArn }) => void published.push(topicArn), () => undefined, new DynamoDbStateStore('t', new DynamoDBClient({ region: 'us-east-1' })))(input);
    const healthy = await createHandler(model, async () => undefined, () => undefined, new MemoryStateStore())(input);
    expect(result.delivered).toEqual(healthy.delivered);
    expect(published.length).toBe(healthy.delivered.length);
    ddb.restore();
  });

  it('GIVEN the fourth message of a key within the window WHEN invoked THEN nothing is published and the hold is logged', async () => {
    const store = new MemoryStateStore();
    const logs: string[] = [];
    const published: string[] = [];
    const handler = createHandler(model, async ({ topicArn }) => void published.push(topicArn), (line) => logs.push(line), store);
    const results = [];
    for (let i = 0; i < 4; i += 1) results.push(await handler({ kind: 'root-console-login', event: toEnvelope(signIn(ROOT, T0 + i * 1000, '198.51.100.23', 'Failure', i)) }));
    expect(results.map((result) => result.heldBack ?? false)).toEqual([false, false, false, true]);
    expect(logs.at(-1)).toMatch(/"heldBack":true,"windowCount":4/);
  });
});

describe('the DynamoDB store: request shapes and conditional-check handling (aws-sdk-client-mock)', () => {
  let ddb: ReturnType<typeof mockClient>;
  beforeAll(() => (ddb = mockClient(DynamoDBClient)));
  afterEach(() => ddb.reset());
  afterAll(() => ddb.restore());
  const store = () => new DynamoDbStateStore('sw-alert-state', new DynamoDBClient({ region: 'us-east-1' }));
  const failed = (item?: Record<string, AttributeValue>) => new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {}, ...(item ? { Item: item } : {}) });

  it('GIVEN an open window WHEN counting THEN one UpdateItem: ADD under the open-window condition, hashed key, ALL_NEW', async () => {
    ddb.on(UpdateItemCommand).resolves({ Attributes: { ws: { N: '1000' }, cnt: { N: '2' }, fst: { N: '1000' }, lst: { N: '2000' }, ips: { M: { '192.0.2.1': { N: '2' } } } } });
    const counted = await store().countInWindow('storm|k|a|p', 2000, 600_000, '192.0.2.1');
    expect(counted).toEqual({ current: { start: 1000, count: 2, first: 1000, last: 2000, addresses: { '192.0.2.1': 2 } } });
    const calls = ddb.commandCalls(UpdateItemCommand);
    expect(calls).toHaveLength(1);
    expect(calls[0].args[0].input).toMatchObject({
      TableName: 'sw-alert-state',
      Key: { pk: { S: expect.stringMatching(/^[0-9a-f]{64}$/) } },
      UpdateExpression: expect.stringContaining('ADD cnt :one'),
      ConditionExpression: 'ws > :cutoff AND (attribute_exists(ips.#ip) OR size(ips) < :max)',
      ExpressionAttributeValues: expect.objectContaining({ ':cutoff': { N: String(2000 - 600_000) } }),
      ReturnValues: 'ALL_NEW',
      ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
    });
    expect(JSON.stringify(calls[0].args[0].input.Key)).not.toContain('storm|');
  });

  it('GIVEN a closed window WHEN counting THEN the open fails its condition and a conditional reset returns the closed window', async () => {
    const closed = { pk: { S: 'x' }, ws: { N: '0' }, cnt: { N: '9' }, fst: { N: '0' }, lst: { N: '500' }, ips: { M: {} } };
    ddb.on(UpdateItemCommand).rejectsOnce(failed(closed)).resolves({ Attributes: closed });
    const counted = await store().countInWindow('k', 700_000, 600_000, undefined);
    expect(counted.current).toEqual({ start: 700_000, count: 1, first: 700_000, last: 700_000, addresses: {} });
    expect(counted.closed).toEqual({ start: 0, count: 9, first: 0, last: 500, addresses: {} });
    const reset = ddb.commandCalls(UpdateItemCommand)[1].args[0].input;
    expect(reset.ConditionExpression).toBe('attribute_not_exists(pk) OR ws <= :cutoff');
    expect(reset.ReturnValues).toBe('ALL_OLD');
    expect(reset.UpdateExpression).toContain('expiresAt = :ttl');
  });

  it('GIVEN another invocation opens the window first WHEN the reset fails its condition THEN the message is counted in that window', async () => {
    ddb
      .on(UpdateItemCommand)
      .rejectsOnce(failed())
      .rejectsOnce(failed({ pk: { S: 'x' }, ws: { N: '699000' } }))
      .resolves({ Attributes: { ws: { N: '699000' }, cnt: { N: '2' }, fst: { N: '699000' }, lst: { N: '700000' } } });
    const counted = await store().countInWindow('k', 700_000, 600_000, undefined);
    expect(counted.current.count).toBe(2);
    expect(ddb.commandCalls(UpdateItemCommand)).toHaveLength(3);
  });

  it('GIVEN a full address list WHEN counting THEN it counts without the address', async () => {
    ddb
      .on(UpdateItemCommand)
      .rejectsOnce(failed({ pk: { S: 'x' }, ws: { N: '699000' } }))
      .resolves({ Attributes: { ws: { N: '699000' }, cnt: { N: '60' } } });
    expect((await store().countInWindow('k', 700_000, 600_000, '192.0.2.200')).current.count).toBe(60);
    expect(ddb.commandCalls(UpdateItemCommand)[1].args[0].input.ConditionExpression).toBe('ws > :cutoff');
  });

  it('GIVEN sightings WHEN recorded THEN a conditional SET with TTL; WHEN only compared THEN a consistent GetItem', async () => {
    ddb.on(UpdateItemCommand).resolves({ Attributes: { ls: { N: '100' } } });
    ddb.on(GetItemCommand).resolves({ Item: { ls: { N: '50' } } });
    expect(await store().sighting('seen', 200_000, true, 90)).toBe(100);
    expect(ddb.commandCalls(UpdateItemCommand)[0].args[0].input).toMatchObject({
      UpdateExpression: 'SET ls = :t, expiresAt = :ttl',
      ConditionExpression: 'attribute_not_exists(ls) OR ls < :t',
      ExpressionAttributeValues: { ':t': { N: '200000' }, ':ttl': { N: String(200 + 90 * 86_400) } },
    });
    expect(await store().sighting('seen', 200_000, false, 90)).toBe(50);
    expect(ddb.commandCalls(GetItemCommand)[0].args[0].input).toMatchObject({ ConsistentRead: true, ProjectionExpression: 'ls' });
  });

  it('GIVEN a non-conditional error WHEN counting THEN it propagates (applyState turns it into "send")', async () => {
    ddb.on(UpdateItemCommand).rejects(new Error('AccessDeniedException'));
    await expect(store().countInWindow('k', 1, 1, undefined)).rejects.toThrow('AccessDeniedException');
  });
});
