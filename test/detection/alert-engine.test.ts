/**
 * The alert engine as deployed: the esbuild bundle and model the aggregator
 * zips (stacks/constructs/alert-engine-bundle.ts), loaded from the zip's own
 * bytes and run with a recording publisher on every corpus event, for every
 * kind and every destination type; plus `classify --render` (the same engine,
 * in the CLI) on the examples.
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { OrgConfig } from '../../config/schema';
import { alertCatalogue } from '../../detection/catalogue';
import { readPath } from '../../detection/message';
import { createClassifier } from '../../detection/classify';
import { toEnvelope } from '../../detection/envelope';
import { AlertEngine, MAX_SUBJECT_LENGTH, type AlertInput, type EngineModel } from '../../detection/alerts/engine';
import type { createHandler as CreateHandler, Publish } from '../../detection/alerts/handler';
import { engineFor, engineModel } from '../../detection/alerts/model';
import { enginePackage } from '../../stacks/constructs/alert-engine-bundle';
import { readZip } from '../../stacks/constructs/zip';
import { sampleEvents } from '../../generated-docs/render-samples';
import { exampleConfig } from '../support/synth';
import { routingOf } from '../../coverage/model';
import { scratchTempDir } from '../support/scratch';

const FIXTURES = path.join(__dirname, 'fixtures', 'alerts');
const ROOT_SIGN_IN = path.join(FIXTURES, 'root-sign-in-workload-prod.json');
const UNKNOWN_ACCOUNT_SIGN_IN = path.join(FIXTURES, 'sso-sign-in-unknown-account.json');
const REPO = path.join(__dirname, '..', '..');

/** The example config with one route per destination type, each matching everything. */
function configWithEveryDestinationType(): OrgConfig {
  const config = exampleConfig();
  // INFO one by one only where a route lists it (otherwise the digest).
  const severities = ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW', 'INFO'] as const;
  config.notifications.routes = [
    { name: 'everything-email', severities: [...severities], emails: ['oncall@example.com'] },
    { name: 'everything-https', severities: [...severities], httpsEndpoints: ['https://events.example.com/sns'] },
    { name: 'everything-slack', severities: [...severities], slack: { workspaceId: 'T01ABCDEFGH', channelId: 'C01ABCDEFGH' } },
  ];
  return config;
}

/** Loads the deployed package's index.js from the zip bytes, as Lambda would (its own directory, its own model file). */
function deployedHandlerModule(config: OrgConfig): { createHandler: typeof CreateHandler; model: EngineModel } {
  const pkg = enginePackage(config);
  const directory = scratchTempDir('signin-watch-engine-test-');
  const entries = readZip(pkg.zip);
  expect(entries.map((entry) => entry.name).sort()).toEqual(['engine-model.json', 'index.js']);
  for (const entry of entries) writeFileSync(path.join(directory, entry.name), entry.data);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const loaded = require(path.join(directory, 'index.js')) as { createHandler: typeof CreateHandler };
  const model = JSON.parse(readFileSync(path.join(directory, 'engine-model.json'), 'utf8')) as EngineModel;
  return { createHandler: loaded.createHandler, model };
}

describe('the deployed alert engine on the corpus', () => {
  const config = configWithEveryDestinationType();
  const { createHandler, model } = deployedHandlerModule(config);
  const published: Array<{ topicArn: string; subject?: string; message: string }> = [];
  const publish: Publish = async (request) => {
    published.push(request);
  };
  const handle = createHandler(model, publish, () => undefined);
  const classify = createClassifier(alertCatalogue());
  const topicOf = (destination: string) => model.topics[destination];

  it('GIVEN every corpus event a kind matches WHEN the bundled handler runs THEN each destination type gets that event, naming the account, in plain text or as a Chatbot notification', async () => {
    const renderedKinds = new Set<string>();
    for (const line of sampleEvents()) {
      const envelope = toEnvelope(line.event);
      for (const kind of classify(line.event).alerts) {
        published.length = 0;
        const input: AlertInput = { kind, event: envelope };
        const leader = new AlertEngine(model).leader(input);
        await handle(input);
        // A GuardDuty finding about another account from a publisher that is not the administrator: nothing (guardduty-origin.test.ts).
        if (new AlertEngine(model).dropReason(envelope)) {
          expect(published).toEqual([]);
          continue;
        }
        // One message per event: only the invocation of the most severe matched kind's rule publishes.
        if (leader !== kind) {
          expect(published).toEqual([]);
          await handle({ kind: leader, event: envelope });
        }
        renderedKinds.add(kind);
        const byTopic = new Map(published.map((request) => [request.topicArn, request]));
        const email = byTopic.get(topicOf('email:oncall@example.com'))!;
        const https = byTopic.get(topicOf('https:https://events.example.com/sns'))!;
        const slack = byTopic.get(topicOf('slack:C01ABCDEFGH'))!;
        expect([email, https, slack].every(Boolean)).toBe(true);
        // The account the kind names: its "Account" field, else the envelope's (as the engine documents); a GuardDuty finding names its publisher.
        const accountField = alertCatalogue().find((candidate) => candidate.id === kind)!.messageFields.find((field) => field.label === 'Account');
        const publisher = envelope.source === 'aws.guardduty' ? envelope.account : undefined;
        const accountId = (publisher ?? (accountField ? readPath(envelope, accountField.path) : undefined) ?? envelope.account ?? (envelope.detail as Record<string, unknown>).recipientAccountId) as string | undefined;
        const account = config.accounts.find((candidate) => candidate.id === accountId);
        const label = account ? `${account.name} (${account.id})` : accountId ? `${accountId} (not in config)` : 'unknown account';
        for (const plain of [email, https]) {
          expect(plain.subject).toMatch(/^\[(CRITICAL|HIGH|MEDIUM|LOW|INFO)\] /);
          expect(plain.subject!.length).toBeLessThanOrEqual(MAX_SUBJECT_LENGTH);
          expect(plain.subject).toMatch(/^[\x20-\x7E]+$/);
          expect(plain.message).toContain(`Account: ${label}`);
          // Plain text: no line is a quoted template string.
          for (const text of plain.message.split('\n')) expect(text).not.toMatch(/^".*"$/);
          const eventId = (envelope.detail as Record<string, unknown>).eventID;
          if (typeof eventId === 'string') {
            expect(plain.message).toContain(`Event id: ${eventId}`);
            expect(plain.message.split('\n').pop()).toContain(kind);
            expect(plain.message).toContain(`#/events/${encodeURIComponent(eventId)}`);
          }
        }
        const notification = JSON.parse(slack.message);
        expect(notification).toMatchObject({ version: '1.0', source: 'custom', content: { textType: 'client-markdown' } });
        expect(notification.content.title).toBe(email.subject!.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;'));
        expect(notification.content.description).toContain(`*Account*: \`${label}\``);
      }
    }
    // Every kind of the catalogue was rendered from at least one published event.
    expect([...renderedKinds].sort()).toEqual(alertCatalogue().map((kind) => kind.id).sort());
  });

  it('GIVEN the health checker\'s silent-forwarder input WHEN the bundled handler runs THEN the message names the silent account and its regions', async () => {
    published.length = 0;
    const silent = { account: '444444444444', region: 'us-east-1', time: '2026-11-25T10:05:00Z', detail: { silentRegions: ['af-south-1 (last heartbeat 2026-11-25T08:30:00.000Z)', 'eu-south-1 (last heartbeat 2026-11-25T08:00:00.000Z)'], silentCount: 2 } };
    await handle({ kind: 'forwarder-silent', event: silent });
    const email = published.find((request) => request.topicArn === topicOf('email:oncall@example.com'))!;
    expect(email.subject).toBe('[HIGH] Sign-in forwarder silent: workload-prod (444444444444)');
    expect(email.message).toContain('Silent region: af-south-1 (last heartbeat 2026-11-25T08:30:00.000Z)\nSilent region: eu-south-1 (last heartbeat 2026-11-25T08:00:00.000Z)');
    // Checker-written lines are trusted: before the caller-settable section, never defanged or capped into one line.
    expect(email.message).not.toContain('Set by the caller');
  });

  it('GIVEN a publish that fails WHEN the handler runs THEN it tries every destination and then fails the invocation (Lambda retries, then the failure queue)', async () => {
    const attempted: string[] = [];
    const failing = createHandler(
      model,
      async ({ topicArn }) => {
        attempted.push(topicArn);
        if (topicArn === topicOf('email:oncall@example.com')) throw new Error('KMS.AccessDenied');
      },
      () => undefined,
    );
    const event = toEnvelope(JSON.parse(readFileSync(ROOT_SIGN_IN, 'utf8')));
    await expect(failing({ kind: 'root-console-login', event })).rejects.toThrow('publish failed for email:oncall@example.com: KMS.AccessDenied');
    // The three routes and the default recipients (CRITICAL: routes add, never take away).
    expect(attempted).toHaveLength(4);
  });
});

describe('routes', () => {
  const root = toEnvelope(JSON.parse(readFileSync(ROOT_SIGN_IN, 'utf8')));

  it('GIVEN a route {severities: [CRITICAL], emails: [oncall@example.com]} THEN the root alert goes there and to the defaults (routes add), and the INFO alert of the same sign-in to the defaults\' digest', () => {
    const config = exampleConfig();
    config.notifications.routes = [{ name: 'oncall', severities: ['CRITICAL'], emails: ['oncall@example.com'] }];
    const engine = engineFor(config);
    expect(engine.render({ kind: 'root-console-login', event: root }).destinations).toEqual(['email:oncall@example.com', 'email:security-alerts@example.com']);
    const info = engine.render({ kind: 'console-login-success', event: root });
    expect(info.destinations).toEqual([]);
    expect(info.digest).toEqual(['email:security-alerts@example.com']);
  });

  it('GIVEN several matching routes THEN the event reaches every one, each destination once', () => {
    const config = exampleConfig();
    config.notifications.routes = [
      { name: 'prod', accountTags: { environment: 'production' }, emails: ['prod@example.com', 'oncall@example.com'] },
      { name: 'root', kinds: ['root-console-login'], emails: ['oncall@example.com'], httpsEndpoints: ['https://events.example.com/sns'] },
      { name: 'dev', accounts: ['workload-dev'], emails: ['dev@example.com'] },
    ];
    const engine = engineFor(config);
    expect(engine.render({ kind: 'root-console-login', event: root }).destinations).toEqual([
      'email:prod@example.com',
      'email:oncall@example.com',
      'https:https://events.example.com/sns',
      'email:security-alerts@example.com',
    ]);
    expect(engine.render({ kind: 'console-login-success', event: root }).digest).toEqual(['email:prod@example.com', 'email:oncall@example.com', 'email:security-alerts@example.com']);
  });

  it('GIVEN an account absent from the config THEN it still alerts, marked, and only routes without account criteria apply', () => {
    const config = exampleConfig();
    config.notifications.routes = [{ name: 'prod', accountTags: { environment: 'production' }, emails: ['prod@example.com'] }];
    const event = toEnvelope(JSON.parse(readFileSync(UNKNOWN_ACCOUNT_SIGN_IN, 'utf8')));
    const message = engineFor(config).render({ kind: 'console-login-success', event });
    expect(message.subject).toContain('444455556666 (not in config)');
    expect(message.text).toContain('Account: 444455556666 (not in config)');
    expect(message.destinations).toEqual([]);
    expect(message.digest).toEqual(['email:security-alerts@example.com']);
  });

  it('GIVEN a long value THEN the subject is cut to 99 printable ASCII characters', () => {
    const event = { ...root, detail: { ...(root.detail as object), sourceIPAddress: `proxy-ü-${'x'.repeat(150)}` } };
    const { subject } = engineFor(exampleConfig()).render({ kind: 'root-console-login', event });
    expect(subject.length).toBeLessThanOrEqual(MAX_SUBJECT_LENGTH);
    expect(subject).toMatch(/^[\x20-\x7E]+$/);
  });
});

describe('classify --render', () => {
  function classifyRender(configFile: string, eventFile: string) {
    const output = execFileSync(process.execPath, [path.join(REPO, 'bin', 'signin-watch.js'), 'classify', '--config', configFile, '--render', eventFile], {
      cwd: REPO,
      encoding: 'utf8',
    });
    return JSON.parse(output.trim()) as { alerts: string[]; messages: Array<{ kinds: string[]; severity: string; subject: string; text: string; destinations: string[]; digest: string[] }> };
  }

  it('GIVEN a root sign-in in 444444444444 and config/org.yaml THEN the messages name workload-prod, with no quoted line', () => {
    const result = classifyRender('config/org.yaml', ROOT_SIGN_IN);
    expect(result.messages).toHaveLength(1);
    const root = result.messages[0];
    expect(root.subject).toBe('[CRITICAL] Root user console sign-in: workload-prod (444444444444) by root from 198.51.100.23');
    expect(root.text).toContain('Account: workload-prod (444444444444)');
    expect(root.text.split('\n').filter((line) => /^".*"$/.test(line))).toEqual([]);
    expect([...result.messages[0].kinds].sort()).toEqual([...result.alerts].sort());
    expect(result.messages[0].kinds[0]).toBe('root-console-login');
  });

  it('GIVEN the route {severities: [CRITICAL], emails: [oncall@example.com]} THEN the event\'s one message (CRITICAL) lists email:oncall@example.com and the default recipients', () => {
    const directory = scratchTempDir('signin-watch-routes-');
    const configFile = path.join(directory, 'org.yaml');
    const example = readFileSync(path.join(REPO, 'config', 'org.yaml'), 'utf8');
    writeFileSync(
      configFile,
      example.replace('notifications:\n  emails:\n    - security-alerts@example.com\n', 'notifications:\n  emails:\n    - security-alerts@example.com\n  routes:\n    - name: oncall\n      severities: [CRITICAL]\n      emails: [oncall@example.com]\n'),
    );
    const result = classifyRender(configFile, ROOT_SIGN_IN);
    expect(result.messages).toHaveLength(1);
    expect(result.messages[0].severity).toBe('CRITICAL');
    expect(result.messages[0].destinations).toEqual(['email:oncall@example.com', 'email:security-alerts@example.com']);
  });
});

describe('package size', () => {
  it('GIVEN 5,000 accounts THEN the model stays far below the Lambda package quotas (50 MB zipped, 250 MB unzipped)', () => {
    const config = exampleConfig();
    const template = config.accounts[3];
    config.accounts = [...config.accounts, ...Array.from({ length: 5000 }, (_, index) => ({
      ...template,
      name: `account-${index}`,
      id: String(100000000000 + index),
      tags: { environment: index % 2 ? 'production' : 'development', owner: `team-${index % 40}` },
    }))];
    const json = JSON.stringify(engineModel(config));
    const pkg = enginePackage(config);
    const unzipped = readZip(pkg.zip).reduce((total, entry) => total + entry.data.length, 0);
    // The figures docs/aggregator.md quotes.
    process.stdout.write(`alert engine package, 5,005 accounts: model ${json.length} bytes, unzipped ${unzipped} bytes, zip ${pkg.zip.length} bytes\n`);
    expect(unzipped).toBeLessThan(2 * 1024 * 1024);
    expect(pkg.zip.length).toBeLessThan(1024 * 1024);
    expect(json.length / 5000).toBeLessThan(120);
  });
});

describe('coverage report routing', () => {
  it('GIVEN a route for production accounts THEN the report shows, per kind, which accounts go where, and where unlisted accounts go', () => {
    const config = exampleConfig();
    config.notifications.routes = [{ name: 'prod-critical', severities: ['CRITICAL'], accountTags: { environment: 'production' }, emails: ['oncall@example.com'] }];
    const root = routingOf(config).filter((group) => group.kind === 'root-console-login');
    expect(root).toEqual([
      { kind: 'root-console-login', accounts: ['management', 'log-archive', 'security', 'workload-dev', '(not in config)'], destinations: ['email:security-alerts@example.com'], digest: [], routes: [] },
      // Routes add, never take away: the default recipients keep workload-prod's root sign-ins.
      { kind: 'root-console-login', accounts: ['workload-prod'], destinations: ['email:oncall@example.com', 'email:security-alerts@example.com'], digest: [], routes: ['prod-critical'] },
    ]);
    const info = routingOf(config).filter((group) => group.kind === 'console-login-success');
    expect(info).toHaveLength(1);
    // INFO: nothing one by one, the default recipients' digest.
    expect(info[0].destinations).toEqual([]);
    expect(info[0].digest).toEqual(['email:security-alerts@example.com']);
  });
});
