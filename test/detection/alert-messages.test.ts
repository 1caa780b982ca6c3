/**
 * Issue 18 point 5 and issue 19: what one event's message looks like and
 * where it goes. Attacker text stays text (red-team fixtures in
 * fixtures/alerts/red-team-events.jsonl); one message per event naming every
 * kind it matched; INFO to the digest; routes add, never take away; runbook,
 * owner, Identity Center MFA, subjects that keep the source address.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import type { OrgConfig } from '../../config/schema';
import { toEnvelope } from '../../detection/envelope';
import { createClassifier } from '../../detection/classify';
import { alertKindsFor } from '../../detection/catalogue';
import { MAX_SUBJECT_LENGTH, type RenderedMessage } from '../../detection/alerts/engine';
import { createHandler, type Publish } from '../../detection/alerts/handler';
import { engineFor, engineModel } from '../../detection/alerts/model';
import { cap, defang, inert, slackCode, visible } from '../../detection/alerts/inert';
import { exampleConfig } from '../support/synth';
import { replaceDefaultWarnings } from '../../stacks/constructs/alert-engine';
import { scratchTempDir } from '../support/scratch';

const FIXTURES = path.join(__dirname, 'fixtures', 'alerts');
const REPO = path.join(__dirname, '..', '..');
const readJson = (name: string) => JSON.parse(readFileSync(path.join(FIXTURES, name), 'utf8')) as Record<string, unknown>;
const RED_TEAM = readFileSync(path.join(FIXTURES, 'red-team-events.jsonl'), 'utf8')
  .trim()
  .split('\n')
  .map((line) => JSON.parse(line) as { id: string; why: string; event: Record<string, unknown> });
const ROOT_NO_MFA = 'root-sign-in-without-mfa-workload-prod.json';
const IAM_USER_MFA = 'iam-user-sign-in-mfa-workload-prod.json';

/** Control, format, separator characters (and surrogates, private use, unassigned): none may reach a message, except our own line breaks. */
const HIDDEN = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}\p{Co}\p{Cn}]/u;
/** Labels of caller-settable values. */
const CALLER_SET = ['User agent', 'User name', 'Principal ARN', 'Trail', 'Error', 'Session issuer', 'Identity Center user id'];

function renderAll(config: OrgConfig, event: Record<string, unknown>): RenderedMessage {
  const engine = engineFor(config);
  const classify = createClassifier(alertKindsFor(config));
  const kinds = classify(event).alerts;
  expect(kinds.length).toBeGreaterThan(0);
  return engine.renderEvent(toEnvelope(event), kinds);
}

describe('attacker text stays text (red-team fixtures)', () => {
  const config = exampleConfig();
  config.alerts.enabled = { ...config.alerts.enabled, 'trail-tampering': true };

  it.each(RED_TEAM.map((line) => [line.id, line] as const))('GIVEN %s WHEN rendered THEN no hidden character, no line over 300 characters, the Account line before every caller-set field', (_, line) => {
    const message = renderAll(config, line.event);
    const chat = JSON.parse(message.chat) as { content: { title: string; description: string } };
    for (const text of [message.subject, message.text, chat.content.title, chat.content.description]) {
      for (const textLine of text.split('\n')) {
        expect(textLine).not.toMatch(HIDDEN);
        expect(textLine.length).toBeLessThanOrEqual(300);
      }
    }
    expect(message.subject).toMatch(/^[\x20-\x7E]+$/);
    expect(message.subject.length).toBeLessThanOrEqual(MAX_SUBJECT_LENGTH);
    expect(message.subject).toContain('from 198.51.100.23');
    const lines = message.text.split('\n');
    const account = lines.findIndex((textLine) => textLine.startsWith('Account: workload-prod (444444444444)'));
    expect(account).toBeGreaterThan(0);
    for (const [index, textLine] of lines.entries()) {
      if (CALLER_SET.some((label) => textLine.startsWith(`${label}: `))) expect(index).toBeGreaterThan(account);
    }
    // AWS-set facts come before the caller-set header.
    const header = lines.indexOf('Set by the caller (shown as text, links defanged):');
    for (const label of ['Account', 'Region', 'Time', 'Event', 'Outcome', 'MFA used']) {
      const at = lines.findIndex((textLine) => textLine.startsWith(`${label}: `));
      if (at >= 0 && header >= 0) expect(at).toBeLessThan(header);
    }
    // No live link to the attacker's host anywhere; the HTTPS payload is the text.
    for (const text of [message.text, message.chat]) expect(text).not.toMatch(/https?:\/\/(www\.)?evil\.example|www\.evil\.example/);
  });

  it('GIVEN the bidi/ANSI user agent THEN the placeholders and the defanged URL show, and Slack shows it in a code span with no live backtick', () => {
    const message = renderAll(config, RED_TEAM.find((line) => line.id === 'rt-bidi-separators-ansi-url-in-user-agent')!.event);
    const userAgent = message.text.split('\n').find((textLine) => textLine.startsWith('User agent: '))!;
    expect(userAgent).toContain('⟨U+202E⟩gnp[.]exe⟨U+200B⟩⟨U+200D⟩⟨U+FEFF⟩⟨U+2028⟩Account: workload-dev (222222222222)⟨U+2029⟩⟨U+0085⟩MFA used: Yes⟨U+000B⟩⟨U+000C⟩⟨U+001B⟩[31mRED');
    expect(userAgent).toContain('hxxps://evil[.]example/login?x=1 or www[.]evil[.]example');
    const description = (JSON.parse(message.chat) as { content: { description: string } }).content.description;
    const slackLine = description.split('\n').find((textLine) => textLine.startsWith('*User agent*: '))!;
    expect(slackLine).toMatch(/^\*User agent\*: `[^`]*`$/);
    expect(slackLine).toContain('&lt;!here&gt;');
    expect(slackLine).toContain('⟨U+0060⟩code⟨U+0060⟩');
  });

  it('GIVEN a 10,000-character user agent THEN it is cut to 256 characters and says how many were cut', () => {
    const message = renderAll(config, RED_TEAM.find((line) => line.id === 'rt-10000-char-user-agent')!.event);
    expect(message.text).toContain(`User agent: ${'A'.repeat(256)}…(+9744)`);
  });

  it('GIVEN the primitives THEN each does one thing', () => {
    expect(visible('a\u202Eb\u2028c\u0085d\u001B[0m')).toBe('a⟨U+202E⟩b⟨U+2028⟩c⟨U+0085⟩d⟨U+001B⟩[0m');
    expect(defang('go to https://evil.example/x and http://a.b.c')).toBe('go to hxxps://evil[.]example/x and hxxp://a[.]b[.]c');
    expect(cap('x'.repeat(300))).toBe(`${'x'.repeat(256)}…(+44)`);
    // Bare host names and mail addresses are linked by mail and chat clients too (no scheme, no www).
    expect(defang('user reset-mfa.evil.example, see evil.example/login or mail it@evil.example')).toBe('user reset-mfa[.]evil[.]example, see evil[.]example/login or mail it@evil[.]example');
    // Version numbers, architectures and already defanged hosts are left alone.
    expect(defang('aws-cli/2.13.5 Python/3.11.4 exe/x86_64.amzn.2 Firefox/128.0 hxxps://a[.]b www[.]c[.]d')).toBe('aws-cli/2.13.5 Python/3.11.4 exe/x86_64.amzn.2 Firefox/128.0 hxxps://a[.]b www[.]c[.]d');
    expect(inert('https://a.example', { untrusted: false })).toBe('https://a.example');
    expect(slackCode('a`b<c>&')).toBe('`a⟨U+0060⟩b&lt;c&gt;&amp;`');
  });
});

describe('one message per event', () => {
  it('GIVEN a root sign-in without MFA WHEN classify --render runs THEN one message: CRITICAL, root-console-login first, with console-login-without-mfa and console-login-success', () => {
    const output = execFileSync(process.execPath, [path.join(REPO, 'bin', 'signin-watch.js'), 'classify', '--config', 'config/org.yaml', '--render', path.join(FIXTURES, ROOT_NO_MFA)], { cwd: REPO, encoding: 'utf8' });
    const result = JSON.parse(output.trim()) as { messages: Array<RenderedMessage> };
    expect(result.messages).toHaveLength(1);
    const [message] = result.messages;
    expect(message.kinds).toEqual(['root-console-login', 'console-login-without-mfa', 'console-login-success']);
    expect(message.severity).toBe('CRITICAL');
    expect(message.subject).toBe('[CRITICAL] Root user console sign-in: workload-prod (444444444444) by root from 198.51.100.23');
    expect(message.text).toContain('Also matched: Console sign-in without MFA (console-login-without-mfa, HIGH); Console sign-in (console-login-success, INFO)');
    expect(message.destinations).toEqual(['email:security-alerts@example.com']);
  });

  it('GIVEN the three rules the event triggers each invoke the deployed handler THEN each destination receives exactly one message, from the leader', async () => {
    const config = exampleConfig();
    config.notifications.routes = [{ name: 'slack-all', slack: { workspaceId: 'T01ABCDEFGH', channelId: 'C01ABCDEFGH' } }];
    const published: Array<{ topicArn: string; subject?: string; message: string }> = [];
    const publish: Publish = async (request) => {
      published.push(request);
    };
    const handle = createHandler(engineModel(config), publish, () => undefined);
    const event = toEnvelope(readJson(ROOT_NO_MFA));
    const results = await Promise.all(['console-login-success', 'console-login-without-mfa', 'root-console-login'].map((kind) => handle({ kind, event })));
    expect(results.map((result) => result.delivered.length)).toEqual([0, 0, 2]);
    expect(published).toHaveLength(2);
    expect(new Set(published.map((request) => request.topicArn)).size).toBe(2);
    expect(published.find((request) => request.subject)!.subject).toMatch(/^\[CRITICAL\] Root user console sign-in/);
  });
});

describe('INFO goes to the digest; routes add, never take away', () => {
  it('GIVEN the example config WHEN an IAM user signs in with MFA THEN no email is sent now and the digest lists the default recipients', () => {
    const message = renderAll(exampleConfig(), readJson(IAM_USER_MFA));
    expect(message.kinds).toEqual(['console-login-success']);
    expect(message.destinations.filter((destination) => destination.startsWith('email:'))).toEqual([]);
    expect(message.digest).toEqual(['email:security-alerts@example.com']);
  });

  it('GIVEN a route that asks for INFO THEN it receives the sign-in one by one', () => {
    const config = exampleConfig();
    config.notifications.routes = [{ name: 'all-sign-ins', severities: ['INFO'], emails: ['signins@example.com'] }];
    const message = renderAll(config, readJson(IAM_USER_MFA));
    expect(message.destinations).toEqual(['email:signins@example.com']);
    expect(message.digest).toEqual(['email:security-alerts@example.com']);
  });

  it('GIVEN a route for one account THEN the default recipients keep that account\'s root sign-in; with replaceDefault they do not', () => {
    const config = exampleConfig();
    config.notifications.routes = [{ name: 'payments', accounts: ['workload-prod'], emails: ['payments-oncall@example.com'] }];
    const event = readJson(ROOT_NO_MFA);
    expect(renderAll(config, event).destinations).toEqual(['email:payments-oncall@example.com', 'email:security-alerts@example.com']);
    config.notifications.routes[0].replaceDefault = true;
    expect(renderAll(config, event).destinations).toEqual(['email:payments-oncall@example.com']);
  });

  it('GIVEN a route with replaceDefault THEN synth warns, naming the route', () => {
    const config = exampleConfig();
    config.notifications.routes = [
      { name: 'payments', accounts: ['workload-prod'], emails: ['payments-oncall@example.com'], replaceDefault: true },
      { name: 'adds-only', emails: ['more@example.com'] },
    ];
    expect(replaceDefaultWarnings(config)).toEqual([
      'notifications.routes payments: replaceDefault: the default recipients (notifications.emails/slack) no longer receive what this route matches, CRITICAL and HIGH included',
    ]);
  });

  it('GIVEN a route for one account THEN a MEDIUM alert of that account goes to the route only (as before), and of another account to the defaults', () => {
    const config = exampleConfig();
    config.notifications.routes = [{ name: 'payments', accounts: ['workload-prod'], emails: ['payments-oncall@example.com'] }];
    const engine = engineFor(config);
    expect(engine.route({ id: 'console-login-failure', severity: 'MEDIUM' }, '444444444444')).toEqual(['email:payments-oncall@example.com']);
    expect(engine.route({ id: 'console-login-failure', severity: 'MEDIUM' }, '222222222222')).toEqual(['email:security-alerts@example.com']);
  });
});

describe('what to do next', () => {
  it('GIVEN notifications.runbookUrl and an account owner THEN every message links the runbook of its kind and account and names the owner', () => {
    const config = exampleConfig();
    config.notifications.runbookUrl = 'https://wiki.example.com/runbooks/{kind}?account={account}';
    config.accounts.find((account) => account.id === '444444444444')!.owner = 'payments-team';
    const message = renderAll(config, readJson(ROOT_NO_MFA));
    expect(message.text).toContain('Runbook: https://wiki.example.com/runbooks/root-console-login?account=workload-prod');
    expect(message.text).toContain('Account owner: payments-team');
    expect(JSON.parse(message.chat).content.nextSteps).toContain('<https://wiki.example.com/runbooks/root-console-login?account=workload-prod|Runbook>');
  });

  it('GIVEN an Identity Center sign-in THEN the message says MFA happens at the identity provider', () => {
    const event = readJson(IAM_USER_MFA);
    event.userIdentity = { type: 'AssumedRole', arn: 'arn:aws:sts::444444444444:assumed-role/AWSReservedSSO_Admin_0123456789abcdef/jane', accountId: '444444444444' };
    event.additionalEventData = { MFAUsed: 'No' };
    const message = renderAll(exampleConfig(), event);
    expect(message.text).toContain('MFA: at the identity provider');
    expect(message.text).not.toContain('MFA used: No');
  });

  it('GIVEN a long principal name THEN the subject shortens the principal and keeps the account and the source address', () => {
    const event = readJson(IAM_USER_MFA);
    event.userIdentity = { type: 'IAMUser', arn: `arn:aws:iam::444444444444:user/${'p'.repeat(60)}`, accountId: '444444444444', userName: 'p'.repeat(60) };
    event.sourceIPAddress = '203.0.113.250';
    const { subject } = renderAll(exampleConfig(), event);
    expect(subject.length).toBeLessThanOrEqual(MAX_SUBJECT_LENGTH);
    expect(subject).toMatch(/^\[INFO\] Console sign-in: workload-prod \(444444444444\) by p+\.\.\. from 203\.0\.113\.250$/);
  });
});

describe('classify --render with a config file route', () => {
  it('GIVEN a route for workload-prod in the YAML THEN the root sign-in still reaches the default recipients', () => {
    const directory = scratchTempDir('signin-watch-i19-');
    const configFile = path.join(directory, 'org.yaml');
    const example = readFileSync(path.join(REPO, 'config', 'org.yaml'), 'utf8');
    writeFileSync(
      configFile,
      example.replace(
        'notifications:\n  emails:\n    - security-alerts@example.com\n',
        'notifications:\n  emails:\n    - security-alerts@example.com\n  runbookUrl: https://wiki.example.com/rb/{kind}\n  routes:\n    - name: payments\n      accounts: [workload-prod]\n      emails: [payments-oncall@example.com]\n',
      ),
    );
    const output = execFileSync(process.execPath, [path.join(REPO, 'bin', 'signin-watch.js'), 'classify', '--config', configFile, '--render', path.join(FIXTURES, ROOT_NO_MFA)], { cwd: REPO, encoding: 'utf8' });
    const [message] = (JSON.parse(output.trim()) as { messages: RenderedMessage[] }).messages;
    expect(message.destinations).toEqual(['email:payments-oncall@example.com', 'email:security-alerts@example.com']);
    expect(message.text).toContain('Runbook: https://wiki.example.com/rb/root-console-login');
  });
});
