/**
 * How main.ts reports security-rule findings (synth/security-findings.ts):
 * cdktf stops at the first stack with a finding; the report lists the
 * unacknowledged findings of every stack, and acknowledged ones not at all.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import type { TerraformStack } from 'cdktf';
import { loadConfig } from '../../detection/org-config';
import { memberStackName } from '../../config/names';
import type { OrgConfig } from '../../config/schema';
import { buildApp } from '../../stacks/app';
import { isErrorAnnotationFailure, securityFindingsReport, unacknowledgedFindings } from '../../synth/security-findings';

const FINDING = path.join(__dirname, '..', 'config', 'fixtures', 'findings', 'trail-key-in-another-region.yaml');
const work = mkdtempSync(path.join(tmpdir(), 'signin-watch-findings-test-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Builds the app, adds a one-day log group to the last member stack, and synthesizes. */
function synthWithShortRetention(config: OrgConfig, name: string) {
  const { app } = buildApp(config, path.join(work, name));
  const member = app.node.findChild(memberStackName(config.accounts[config.accounts.length - 1])) as TerraformStack;
  new CloudwatchLogGroup(member, 'short-lived', { name: 'short-lived', retentionInDays: 1 });
  let error: unknown;
  try {
    app.synth();
  } catch (caught) {
    error = caught;
  }
  return { app, error };
}

describe('GIVEN findings in the management stack (SW-TRAIL-3) and in the last member stack (SW-LOGS-1, SW-LOGS-2: a one-day log group without a key)', () => {
  let config: OrgConfig;
  let run: ReturnType<typeof synthWithShortRetention>;
  beforeAll(() => {
    config = loadConfig(FINDING);
    run = synthWithShortRetention(config, 'both');
  });

  it('WHEN synthesized THEN cdktf stops with its error-annotation failure', () => {
    expect(isErrorAnnotationFailure(run.error)).toBe(true);
    expect(isErrorAnnotationFailure(new Error('something else'))).toBe(false);
  });

  it('THEN the findings of both stacks are listed, in stack order', () => {
    const findings = unacknowledgedFindings(run.app, config);
    expect(findings.map((finding) => [finding.rule, finding.stack])).toEqual([
      ['SW-TRAIL-3', 'management'],
      ['SW-LOGS-1', 'member-security'],
      ['SW-LOGS-2', 'member-security'],
    ]);
    expect(findings[1].message).toBe('retention_in_days must be a literal >= 365 (got 1)');
  });

  it('THEN the report has a line per finding and the acknowledgement hint', () => {
    const report = securityFindingsReport(unacknowledgedFindings(run.app, config), 'org.yaml').split('\n');
    expect(report[0]).toBe('signin-watch: nothing was synthesized: 3 security-rule findings are not acknowledged:');
    expect(report.slice(1, 4).map((line) => line.slice(0, 20))).toEqual(['  [SW-TRAIL-3] manag', '  [SW-LOGS-1] member', '  [SW-LOGS-2] member']);
    expect(report[4]).toContain('accept a finding on purpose in org.yaml under acknowledgements');
    expect(report).toHaveLength(5);
  });
});

describe('GIVEN the SW-TRAIL-3 finding acknowledged in config', () => {
  let config: OrgConfig;
  let run: ReturnType<typeof synthWithShortRetention>;
  beforeAll(() => {
    config = loadConfig(FINDING);
    config.acknowledgements.push({ rule: 'SW-TRAIL-3', reason: 'The existing bucket really is in us-east-1.' });
    run = synthWithShortRetention(config, 'acknowledged');
  });

  it('THEN only the member findings are reported', () => {
    expect(isErrorAnnotationFailure(run.error)).toBe(true);
    expect(unacknowledgedFindings(run.app, config).map((finding) => finding.rule)).toEqual(['SW-LOGS-1', 'SW-LOGS-2']);
  });
});

describe('GIVEN CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS set in the environment', () => {
  const variable = 'CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS';
  let run: ReturnType<typeof synthWithShortRetention>;
  let warn: jest.SpyInstance;
  beforeAll(() => {
    warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    process.env[variable] = '1';
    run = synthWithShortRetention(loadConfig(FINDING), 'bypass');
  });
  afterAll(() => {
    delete process.env[variable];
    warn.mockRestore();
  });

  it('WHEN synthesized THEN the findings still stop synthesis: only the config can accept them', () => {
    expect(isErrorAnnotationFailure(run.error)).toBe(true);
    expect(process.env[variable]).toBeUndefined();
    expect(warn).toHaveBeenCalledWith(expect.stringContaining(`ignoring ${variable}`));
  });
});
