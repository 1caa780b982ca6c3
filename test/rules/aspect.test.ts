/**
 * The pack as an aspect: an unacknowledged finding fails synth with the rule
 * id; an acknowledged one passes and prints a line with the reason.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Aspects } from 'cdktf';
import { applySecurityRules, SECURITY_RULES, SecurityRulesAspect } from '../../stacks/rules';
import { unusedAcknowledgements } from '../../stacks/rules/aspect';
import { buildFixture, exampleConfig } from './fixture';
import type { OrgConfig } from '../../config/schema';

function synthWithoutRotation(config: OrgConfig, lines: string[]) {
  const fixture = buildFixture(config);
  fixture.r.key.addOverride('enable_key_rotation', false);
  const aspect = applySecurityRules(fixture.app, config, { report: (line) => lines.push(line) });
  return { fixture, aspect, synth: () => fixture.app.synth() };
}

describe('applySecurityRules', () => {
  let outdir: string;
  beforeAll(() => (outdir = mkdtempSync(path.join(os.tmpdir(), 'sw-rules-'))));
  afterAll(() => rmSync(outdir, { recursive: true, force: true }));

  it('GIVEN a stack with a finding and no acknowledgement WHEN synthesized THEN synth throws naming the rule and construct', () => {
    const lines: string[] = [];
    const { synth } = synthWithoutRotation(exampleConfig(), lines);
    expect(synth).toThrow(/Encountered Annotations with level "ERROR"[\s\S]*\[fixture\/key\] \[SW-KMS-1\] fixture: aws_kms_key\.key \(fixture\/key\): enable_key_rotation must be true/);
    expect(lines).toEqual([]);
  });

  it('GIVEN the finding is acknowledged with a reason WHEN synthesized THEN synth succeeds and prints the acknowledgement', () => {
    const lines: string[] = [];
    const config = exampleConfig((c) => c.acknowledgements.push({ rule: 'SW-KMS-1', resource: 'fixture/key', reason: 'Imported key rotated by the HSM team.' }));
    const { fixture, aspect } = synthWithoutRotation(config, lines);
    expect(() => fixture.app.synth()).not.toThrow();
    expect(lines).toEqual([
      'signin-watch: acknowledged [SW-KMS-1] fixture: aws_kms_key.key (fixture/key): enable_key_rotation must be true -- reason: Imported key rotated by the HSM team.',
    ]);
    expect(aspect.findings.map((f) => [f.rule, f.acknowledged?.reason])).toEqual([['SW-KMS-1', 'Imported key rotated by the HSM team.']]);
  });

  it('GIVEN an acknowledgement limited to another resource WHEN synthesized THEN the finding still fails synth', () => {
    const config = exampleConfig((c) => c.acknowledgements.push({ rule: 'SW-KMS-1', resource: 'fixture/other-key', reason: 'Only the other key is exempt.' }));
    const { synth } = synthWithoutRotation(config, []);
    expect(synth).toThrow(/\[SW-KMS-1\]/);
  });

  it('GIVEN an acknowledgement of another rule WHEN synthesized THEN the finding still fails synth', () => {
    const config = exampleConfig((c) => c.acknowledgements.push({ rule: 'SW-KMS-2', reason: 'A different rule entirely.' }));
    const { synth } = synthWithoutRotation(config, []);
    expect(synth).toThrow(/\[SW-KMS-1\]/);
  });

  it('GIVEN an app WHEN the rules are applied THEN every stack carries the aspect once', () => {
    const fixture = buildFixture();
    const aspect = applySecurityRules(fixture.app, fixture.config);
    expect(aspect).toBeInstanceOf(SecurityRulesAspect);
    expect(Aspects.of(fixture.stack).all).toEqual([aspect]);
  });

  it('GIVEN the rule registry THEN ids are unique, well-formed and each has a test in test/rules', () => {
    const ids = SECURITY_RULES.map((rule) => rule.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^SW-(TRAIL|S3|KMS|LOGS|ALARM|SNS|EVENTS|IAM|LAMBDA|DYNAMODB)-\d+$/);
    const tests = readdirSync(__dirname)
      .filter((file) => file.endsWith('.test.ts'))
      .map((file) => readFileSync(path.join(__dirname, file), 'utf8'))
      .join('\n');
    const described = new Set([...tests.matchAll(/describeRule\(\s*'(SW-[A-Z0-9-]+)'/g)].map((match) => match[1]));
    expect(ids.filter((id) => !described.has(id))).toEqual([]);
  });
});

describe('acknowledged findings in synth output', () => {
  it('GIVEN one acknowledgement covering several findings of a stack WHEN synthesized THEN one line with the count is printed', () => {
    const lines: string[] = [];
    const config = exampleConfig((c) => c.acknowledgements.push({ rule: 'SW-ALARM-1', reason: 'Alarms are silenced during the migration window.' }));
    const fixture = buildFixture(config);
    for (const id of ['alarm-cis-root-usage', 'alarm-cis-console-authentication-failures']) fixture.r[id].addOverride('actions_enabled', false);
    applySecurityRules(fixture.app, config, { report: (line) => lines.push(line) });
    expect(() => fixture.app.synth()).not.toThrow();
    expect(lines).toEqual([
      'signin-watch: acknowledged [SW-ALARM-1] fixture: 2 findings, first aws_cloudwatch_metric_alarm.alarm-cis-root-usage: actions_enabled must not be false -- reason: Alarms are silenced during the migration window.',
    ]);
  });
});

describe('docs/verification.md', () => {
  it('GIVEN the rule registry THEN the README section lists every rule id with its checklist items', () => {
    const doc = readFileSync(path.join(__dirname, '..', '..', 'docs', 'verification.md'), 'utf8');
    for (const rule of SECURITY_RULES) expect(doc).toContain(`| \`${rule.id}\` |`);
    for (const rule of SECURITY_RULES) expect(doc).toMatch(new RegExp(`\\| \`${rule.id}\` \\|.*\\| ${rule.checklist.join(', ')} \\|`));
  });
});

describe('unused acknowledgements', () => {
  it('GIVEN one acknowledgement that accepted a finding and one that accepted nothing WHEN synthesized THEN only the second is reported as unused', () => {
    const used = { rule: 'SW-KMS-1', resource: 'fixture/key', reason: 'Imported key rotated by the HSM team.' };
    const stale = { rule: 'SW-LOGS-1', reason: 'Sandbox log group that no longer exists.' };
    const config = exampleConfig((c) => c.acknowledgements.push(used, stale));
    const { fixture, aspect } = synthWithoutRotation(config, []);
    fixture.app.synth();
    expect(unusedAcknowledgements(config.acknowledgements, aspect.findings)).toEqual([stale]);
  });
});
