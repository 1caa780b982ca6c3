/**
 * changed-stacks --explain that a reviewer reads (issue 20 item 3): large JSON
 * as a structural diff (dashboards by widget, policies by statement), derived
 * changes grouped under their cause, the same change in N stacks explained
 * once, and a bounded size. Synths go into temporary directories, never the
 * working tree's cdktf.out.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { generateOrgYaml, EXAMPLE_CONFIG, generatedAccountId, generatedAccountName, generatedOptInRegions } from '../../bench/org-generator';
import { loadConfig, parseConfig } from '../../detection/org-config';
import type { OrgConfig } from '../../config/schema';
import { buildApp } from '../../stacks/app';
import { runChangedStacks } from '../../review/changed-stacks';
import { jsonChanges } from '../../review/json-diff';
import { diffStacks } from '../../review/stack-diff';
import { explainChanges } from '../../review/stack-explain';
import { readSynthOutput, type SynthesizedStack } from '../../synth/output';

const work = mkdtempSync(path.join(tmpdir(), 'signin-watch-explain-test-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const QUIET = { env: { SIGNIN_WATCH_QUIET: '1' }, out: () => undefined, err: () => undefined };

function synthDir(config: OrgConfig, name: string): string {
  const outdir = path.join(work, name);
  buildApp(config, outdir).app.synth();
  return outdir;
}

describe('GIVEN the example org with one alert kind disabled and one opt-in region added to one account', () => {
  let explanation: string;
  beforeAll(() => {
    const baseDir = synthDir(loadConfig(EXAMPLE_CONFIG), 'example-base');
    const edited = loadConfig(EXAMPLE_CONFIG);
    edited.alerts.enabled['console-login-without-mfa'] = false;
    edited.accounts.find((account) => account.name === 'workload-dev')!.optInRegions.push('eu-south-1');
    const currentDir = synthDir(edited, 'example-edited');
    const explainFile = path.join(work, 'example-explain.md');
    expect(runChangedStacks({ base: baseDir, current: currentDir, explain: explainFile, config: EXAMPLE_CONFIG }, QUIET)).toBe(0);
    explanation = readFileSync(explainFile, 'utf8');
  });

  it('THEN it explains in at most 300 lines', () => {
    const lines = explanation.split('\n').length;
    // Measured: 52 (4,774 characters); the explanation at 42ffb3f printed 2,461 lines for this edit, most of them the whole dashboard JSON.
    expect(lines).toBeLessThanOrEqual(300);
  });

  it('THEN the new region\'s blocks are listed under the region added to that account, and the other regions\' heartbeat schedules are untouched (they carry no weight)', () => {
    const section = explanation.slice(explanation.indexOf('### Stack `member-workload-dev` (changed)'));
    const cause = section.indexOf('Because region `eu-south-1` was added to account `workload-dev` (055555555555):');
    expect(cause).toBeGreaterThan(0);
    expect(section.indexOf('- added ')).toBeGreaterThan(cause);
    expect(section).toMatch(/^- added \d+ blocks: /m);
    expect(section).not.toContain('`aws_scheduler_schedule` blocks (one per region');
    expect(section).not.toContain('weight');
  });

  it('THEN the disabled kind is the stated cause of the removed blocks in the aggregator and management stacks', () => {
    for (const stack of ['aggregator', 'management']) {
      const section = explanation.slice(explanation.indexOf(`### Stack \`${stack}\` (changed)`));
      expect(section).toMatch(/^### Stack `\w+` \(changed\): 0 added, \d+ changed, \d+ removed\n\nBecause alert kind `console-login-without-mfa` was disabled:\n- removed \d+ blocks: /);
    }
  });

  it('THEN the dashboard shows as a widget-level diff and the heartbeat policy as a statement-level diff, never the whole JSON', () => {
    expect(explanation).toContain(
      '- `dashboard_body`: widget "Sign-in alerts by kind (per 5 minutes)" changed: `properties.metrics`: - ["signin-watch/central","ConsoleLoginWithoutMfa",{"label":"Console sign-in without MFA"}]',
    );
    expect(explanation).toContain('- `policy`: statement `PutHeartbeatOnDefaultBuses` changed: `Resource`: + "arn:aws:events:eu-south-1:055555555555:event-bus/default"');
    expect(explanation).not.toMatch(/"widgets"|"Statement"/);
    expect(explanation).not.toContain('```');
  });
});

describe('GIVEN JSON documents inside attributes', () => {
  const widget = (title: string, metrics: string[][]) => ({ type: 'metric', properties: { title, metrics } });

  it('THEN a dashboard diff names widgets added, removed and changed by title', () => {
    const before = JSON.stringify({ widgets: [widget('A', [['ns', 'm1']]), widget('B', [['ns', 'm2']]), widget('C', [])] });
    const after = JSON.stringify({ widgets: [widget('A', [['ns', 'm1'], ['ns', 'm3']]), widget('C', []), widget('D', [['ns', 'm4']])] });
    expect(jsonChanges(JSON.parse(before), JSON.parse(after), 'dashboard_body')).toEqual([
      '`dashboard_body`: widget "B" removed (metric, 1 metrics)',
      '`dashboard_body`: widget "A" changed: `properties.metrics`: + ["ns","m3"]',
      '`dashboard_body`: widget "D" added (metric, 1 metrics)',
    ]);
  });

  it('THEN a policy diff names statements added, removed and changed by Sid, and by content when there is no Sid', () => {
    const before = { Version: '2012-10-17', Statement: [{ Sid: 'Keep', Effect: 'Allow', Action: 's3:GetObject', Resource: ['a', 'b'] }, { Effect: 'Deny', Action: 'sqs:*', Resource: '*' }] };
    const after = { Version: '2012-10-17', Statement: [{ Sid: 'Keep', Effect: 'Allow', Action: 's3:GetObject', Resource: ['a', 'c'] }, { Sid: 'New', Effect: 'Allow', Action: 'kms:Decrypt', Resource: '*' }] };
    expect(jsonChanges(before, after, 'policy')).toEqual([
      '`policy`: statement (no Sid: Deny "sqs:*") removed: {"Action":"sqs:*","Effect":"Deny","Resource":"*"}',
      '`policy`: statement `Keep` changed: `Resource`: - "b"',
      '`policy`: statement `Keep` changed: `Resource`: + "c"',
      '`policy`: statement `New` added: {"Action":"kms:Decrypt","Effect":"Allow","Resource":"*","Sid":"New"}',
    ]);
  });
});

/**
 * 1,000 accounts: a real synth of that size takes minutes on the shared
 * machine, so both outputs are built synthetically: a generated organization
 * of 6 accounts (one member stack of each shape: 30, 19 and 17 regions) is
 * synthesized for real with each name prefix, and its member stacks are
 * copied to 998 generated accounts with the account id substituted (the
 * aggregator and management stacks are the 6-account ones).
 */
describe('GIVEN an organization-wide change (the name prefix) at 1,000 accounts, outputs built synthetically by copying synthesized member stacks', () => {
  const ACCOUNTS = 1000;
  let explanation: string;
  let changed: number;
  beforeAll(() => {
    const yaml = generateOrgYaml(readFileSync(EXAMPLE_CONFIG, 'utf8'), 6);
    const base = parseConfig(yaml, 'generated-6.yaml');
    const renamed = parseConfig(yaml, 'generated-6.yaml');
    renamed.deployment.namePrefix = 'acme-watch';
    const scaled = (config: OrgConfig, name: string) => scaleMembers(readSynthOutput(synthDir(config, name)), ACCOUNTS);
    const before = scaled(base, 'org-base');
    const after = scaled(renamed, 'org-renamed');
    const changes = diffStacks(before, after);
    changed = changes.changed.length;
    explanation = explainChanges(before, after, changes);
  });

  it('THEN every stack changed and the explanation is at most 2 MB, member stacks explained once per shape with a bounded list', () => {
    expect(changed).toBe(ACCOUNTS + 2);
    const bytes = Buffer.byteLength(explanation);
    // Measured: 126,133 bytes; the explanation at 42ffb3f wrote 29.7 MB for this change at 100 accounts (186 MB at 1,000, issue 20).
    expect(bytes).toBeLessThanOrEqual(2 * 1024 * 1024);
    const shared = explanation.match(/^### \d+ stacks \(changed\), the same change in each: .* and \d+ more; each /gm) ?? [];
    expect(shared.length).toBeGreaterThanOrEqual(1);
    const members = [...explanation.matchAll(/^### (\d+) stacks \(changed\)/gm)].reduce((sum, match) => sum + Number(match[1]), 0);
    expect(members).toBeGreaterThanOrEqual(ACCOUNTS - 10);
  });
});

/** The synth's member stacks copied to `accounts` generated accounts, each by the stack of its shape (its opt-in regions). */
function scaleMembers(synth: Map<string, SynthesizedStack>, accounts: number): Map<string, SynthesizedStack> {
  const templates = new Map<string, { id: string; text: string }>();
  for (let index = 2; index < 6; index++) {
    const key = generatedOptInRegions(index).join(',');
    const stack = synth.get(`member-${generatedAccountName(index)}`)!;
    if (!templates.has(key)) templates.set(key, { id: generatedAccountId(index), text: JSON.stringify(stack.terraform) });
  }
  const scaled = new Map([...synth].filter(([name]) => !name.startsWith('member-account-')));
  for (let index = 2; index < accounts; index++) {
    const template = templates.get(generatedOptInRegions(index).join(','))!;
    const name = `member-${generatedAccountName(index)}`;
    scaled.set(name, { name, workingDirectory: name, terraform: JSON.parse(template.text.split(template.id).join(generatedAccountId(index))) });
  }
  return scaled;
}
