/**
 * issue 18 item 6: GuardDuty messages name the publishing account (envelope
 * `account`, set by AWS); a finding about another account is dropped unless
 * its publisher is the configured GuardDuty administrator, whose copy names
 * both; samples say SAMPLE. The deployed handler and `classify --render` run
 * the same check (AlertEngine.dropReason, detection/alerts/guardduty-origin.ts).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { OrgConfig } from '../../config/schema';
import { createHandler, type Publish } from '../../detection/alerts/handler';
import { engineFor, engineModel } from '../../detection/alerts/model';
import { MemoryStateStore } from '../../detection/alerts/state';
import { guardDutyOrigin } from '../../detection/alerts/guardduty-origin';
import { runClassify } from '../../classify/run';
import { EXAMPLE_CONFIG_FILE, exampleConfig } from '../support/synth';

interface Line {
  id: string;
  event: Record<string, unknown> & { account: string; detail: Record<string, unknown> };
}
const LINES: Line[] = readFileSync(path.join(__dirname, 'fixtures', 'alerts', 'guardduty-origin-events.jsonl'), 'utf8')
  .split('\n')
  .filter((line) => line.trim() !== '')
  .map((line) => JSON.parse(line) as Line);
const event = (id: string) => LINES.find((line) => line.id === id)!.event;

/** The example config, with or without the GuardDuty administrator (security, 333333333333). */
function config(administrator?: string): OrgConfig {
  const result = exampleConfig();
  if (administrator) result.alerts.guardDutyAdministrator = administrator;
  return result;
}

/** The Lambda path: a handler over the config's model, recording publishes and log lines. */
async function viaHandler(cfg: OrgConfig, input: Record<string, unknown>) {
  const published: Array<{ subject?: string; message: string }> = [];
  const logs: string[] = [];
  const publish: Publish = async ({ subject, message }) => void published.push({ subject, message });
  const result = await createHandler(engineModel(cfg), publish, (line) => logs.push(line), new MemoryStateStore())({ kind: 'guardduty-console-finding', event: input });
  return { result, published, logs };
}

/** The classify --render path: the CLI handler on a file of the events, with a config file. */
async function viaClassify(administrator: string | undefined, events: unknown[]) {
  const dir = mkdtempSync(path.join(tmpdir(), 'signin-watch-gd-origin-'));
  try {
    let yaml = readFileSync(EXAMPLE_CONFIG_FILE, 'utf8');
    if (administrator) yaml = yaml.replace(/^alerts:\n/m, `alerts:\n  guardDutyAdministrator: ${administrator}\n`);
    const configFile = path.join(dir, 'org.yaml');
    const input = path.join(dir, 'events.jsonl');
    writeFileSync(configFile, yaml);
    writeFileSync(input, events.map((entry) => JSON.stringify(entry)).join('\n'));
    let out = '';
    let err = '';
    const code = await runClassify({ files: [input], config: configFile, render: true }, { env: {}, out: (text) => (out += text), err: (text) => (err += text) });
    const lines = out.split('\n').filter((line) => line !== '').map((line) => JSON.parse(line) as { alerts: string[]; messages: Array<{ subject: string; text: string }>; dropped?: string });
    return { code, lines, err };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('GuardDuty findings: publisher, subject, samples', () => {
  it('GIVEN member workload-dev publishing a finding that claims workload-prod WHEN the handler runs (no administrator configured) THEN nothing is published and the drop is logged', async () => {
    const { result, published, logs } = await viaHandler(config(), event('gd-member-forges-other-account'));
    expect(published).toEqual([]);
    expect(result.dropped).toMatch(/published by 055555555555 claims to be about 444444444444/);
    expect(logs.some((line) => line.includes('"dropped"') && line.includes('055555555555'))).toBe(true);
  });

  it('GIVEN the same finding and an administrator that is another account WHEN the handler runs THEN it is still dropped', async () => {
    const { result, published } = await viaHandler(config('security'), event('gd-member-forges-other-account'));
    expect(published).toEqual([]);
    expect(result.dropped).toMatch(/not the configured GuardDuty administrator \(alerts\.guardDutyAdministrator = 333333333333\)/);
  });

  it('GIVEN the administrator\'s copy of a finding about workload-prod WHEN the handler runs THEN it is delivered, Account = the administrator, naming both', async () => {
    const { result, published } = await viaHandler(config('security'), event('gd-administrator-copy'));
    expect(result.dropped).toBeUndefined();
    expect(published.length).toBeGreaterThan(0);
    const email = published.find((entry) => entry.subject !== undefined)!;
    expect(email.subject).toBe('[HIGH] GuardDuty sign-in finding: security (333333333333)');
    expect(email.message).toContain('Published by security (333333333333); finding about workload-prod (444444444444)');
    expect(email.message).toMatch(/^Account: security \(333333333333\)$/m);
    const slack = published.find((entry) => entry.subject === undefined);
    if (slack) expect(slack.message).toContain('Published by security (333333333333); finding about workload-prod (444444444444)');
  });

  it('GIVEN the administrator\'s copy WITHOUT an administrator configured WHEN the handler runs THEN it is dropped (only a configured administrator may speak for another account)', async () => {
    const { result, published } = await viaHandler(config(), event('gd-administrator-copy'));
    expect(published).toEqual([]);
    expect(result.dropped).toMatch(/alerts\.guardDutyAdministrator is unset/);
  });

  it('GIVEN an account\'s finding about itself WHEN rendered THEN the Account line is the publisher and no "Published by" line', () => {
    const message = engineFor(config()).renderEvent(event('gd-own-finding'), ['guardduty-console-finding']);
    expect(message.text).toMatch(/^Account: workload-prod \(444444444444\)$/m);
    expect(message.text).not.toContain('Published by');
    expect(message.subject).not.toContain('SAMPLE');
  });

  it('GIVEN an envelope whose detail.accountId names workload-prod but account names workload-dev WHEN rendered directly THEN the Account line names workload-dev, never the claim', () => {
    const message = engineFor(config()).renderEvent(event('gd-member-forges-other-account'), ['guardduty-console-finding']);
    expect(message.text).toMatch(/^Account: workload-dev \(055555555555\)$/m);
    expect(message.subject).toContain('workload-dev (055555555555)');
    expect(message.text).not.toMatch(/^Account: workload-prod/m);
  });

  it.each(['gd-sample-title', 'gd-sample-flag'])('GIVEN sample finding %s WHEN the handler runs THEN subject and text say SAMPLE, severity kept', async (id) => {
    const { published } = await viaHandler(config(), event(id));
    const email = published.find((entry) => entry.subject !== undefined)!;
    expect(email.subject).toMatch(/^\[HIGH\] SAMPLE GuardDuty sign-in finding: workload-dev \(055555555555\)/);
    expect(email.message).toContain('SAMPLE finding: generated by GuardDuty CreateSampleFindings');
  });

  it('GIVEN the origin rule WHEN a finding has no envelope account THEN it is dropped; other events have no origin', () => {
    const { account: _account, ...withoutAccount } = event('gd-own-finding');
    expect(guardDutyOrigin(withoutAccount, undefined)?.dropReason).toMatch(/without a publishing account/);
    expect(guardDutyOrigin({ source: 'aws.signin', 'detail-type': 'AWS Console Sign In via CloudTrail', account: '1', detail: {} }, undefined)).toBeUndefined();
  });

  it('GIVEN the fixtures WHEN classify --render runs (administrator = security) THEN the same verdicts: forged dropped (stderr line), copy names both, sample marked', async () => {
    const ids = ['gd-member-forges-other-account', 'gd-administrator-copy', 'gd-sample-flag'];
    const run = await viaClassify('security', ids.map(event));
    expect(run.code).toBe(0);
    expect(run.lines.map((line) => line.alerts)).toEqual(ids.map(() => ['guardduty-console-finding']));
    expect(run.lines[0].messages).toEqual([]);
    expect(run.lines[0].dropped).toMatch(/published by 055555555555 claims to be about 444444444444/);
    expect(run.err).toContain('dropped: GuardDuty finding published by 055555555555');
    expect(run.lines[1].messages[0].text).toContain('Published by security (333333333333); finding about workload-prod (444444444444)');
    expect(run.lines[2].messages[0].subject).toMatch(/^\[HIGH\] SAMPLE GuardDuty/);
  });

  it('GIVEN no administrator in config WHEN classify --render runs on the administrator\'s copy THEN it is dropped, as the handler does', async () => {
    const run = await viaClassify(undefined, [event('gd-administrator-copy')]);
    expect(run.lines[0]).toMatchObject({ messages: [], dropped: expect.stringMatching(/is unset/) });
  });
});
