/**
 * Phase 2 (config/validate.ts) beyond the one-rule fixtures: several problems
 * in one run, the rules no fixture covers, and the derived-name limits.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { ConfigError, formatIssue, parseConfig } from '../../detection/org-config';
import { orgConfigSchema } from '../../config/schema';
import { validateConfig } from '../../detection/org-config';
import { closest, editDistance } from '../../config/suggest';
import { parse } from 'yaml';
import { alertKindsFor } from '../../detection/catalogue';

const MINIMAL = readFileSync(path.join(__dirname, 'fixtures', 'good', 'minimal.yaml'), 'utf8');

function problems(text: string): string[] {
  try {
    parseConfig(text, 'org.yaml');
  } catch (error) {
    if (error instanceof ConfigError) return error.issues.map(formatIssue);
    throw error;
  }
  throw new Error('the config was accepted');
}

describe('semantic validation', () => {
  it('GIVEN several cross-reference problems WHEN parsed THEN all are reported at once, in file order', () => {
    const text = MINIMAL.replace('managementAccount: management', 'managementAccount: mgmt')
      .replace('soc@example.com', 'soc@example')
      .replace('  - name: security\n', '  - name: security\n    email: soc@example.com\n    optInRegions: [us-east-1, xx-east-1]\n');
    expect(problems(text)).toEqual([
      'org.yaml:3:22 organization.managementAccount: unknown account "mgmt" (accounts: management, security)',
      'org.yaml:11:7 notifications.emails.0: "soc@example" is not a valid email address',
      'org.yaml:17:20 accounts.1.optInRegions.0: "us-east-1" is already enabled by default in every account; remove it',
      'org.yaml:17:31 accounts.1.optInRegions.1: unknown AWS region "xx-east-1"; did you mean "us-east-1"?',
    ]);
  });

  it('GIVEN an unknown Identity Center account, an unknown state region and a duplicate email THEN each is reported', () => {
    const text =
      MINIMAL.replace('trail:\n', 'identityCenter:\n  account: identity\n  region: eu-west-1\ntrail:\n')
        .replace('    id: "111111111111"\n', '    id: "111111111111"\n    email: aws@example.com\n')
        .replace('    id: "333333333333"\n', '    id: "333333333333"\n    email: aws@example.com\n') + 'state:\n  backend: s3\n  bucket: state-bucket\n  region: eu-west-9\n';
    expect(problems(text)).toEqual([
      'org.yaml:8:12 identityCenter.account: unknown account "identity" (accounts: management, security)',
      'org.yaml:21:12 accounts.1.email: duplicate account email "aws@example.com" (already used by accounts.0)',
      'org.yaml:25:11 state.region: unknown AWS region "eu-west-9"; did you mean "eu-west-1"?',
    ]);
  });

  it('GIVEN Object Lock with an existing bucket THEN it says Object Lock belongs on that bucket', () => {
    const key = 'arn:aws:kms:eu-west-1:222222222222:key/0123abcd-0123-4567-89ab-0123456789ab';
    const text = MINIMAL.replace(
      'trail:\n  region: eu-west-1\n',
      `trail:\n  region: eu-west-1\n  bucket:\n    existing: org-trail-logs\n    kmsKeyArn: ${key}\n  objectLock:\n    mode: GOVERNANCE\n    days: 30\n`,
    );
    expect(problems(text)).toEqual([
      'org.yaml:12:3 trail.objectLock: objectLock applies to a bucket signin-watch creates; with an existing bucket, set Object Lock on that bucket instead',
    ]);
  });

  it('GIVEN a name prefix longer than the schema allows (bypassing it) THEN derived names over AWS limits are reported', () => {
    const config = orgConfigSchema.parse(parse(MINIMAL));
    config.deployment.namePrefix = 'p'.repeat(50);
    const issues = validateConfig(config).map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    const prefix = 'p'.repeat(50);
    expect(issues).toEqual([
      `deployment.namePrefix: the IAM role name "${prefix}-trail-cloudwatch-logs" is 72 characters; AWS allows at most 64: shorten it`,
      `deployment.namePrefix: the EventBridge rule name "${prefix}-forward-sign-ins" is 67 characters; AWS allows at most 64: shorten it`,
      // Split rules are checked at their longest part name (<name>-9).
      `deployment.namePrefix: the EventBridge rule name "${prefix}-forward-pipeline-calls-9" is 75 characters; AWS allows at most 64: shorten it`,
      `deployment.namePrefix: the EventBridge rule name "${prefix}-log-pipeline-9" is 65 characters; AWS allows at most 64: shorten it`,
      `deployment.namePrefix: the EventBridge rule name "${prefix}-alert-pipeline-tampering-9" is 77 characters; AWS allows at most 64: shorten it`,
      `deployment.namePrefix: the S3 bucket name "${prefix}-trail-111111111111-eu-west-1" is 79 characters; AWS allows at most 63: shorten it`,
      `deployment.namePrefix: the S3 bucket name "${prefix}-access-logs-111111111111-eu-west-1" is 85 characters; AWS allows at most 63: shorten it`,
    ]);
  });

  it('GIVEN the example config THEN no derived name exceeds its limit', () => {
    expect(validateConfig(orgConfigSchema.parse(parse(MINIMAL)))).toEqual([]);
  });
});

describe('structural messages', () => {
  it('GIVEN a key with no value, a list where a map belongs and a number for a name THEN each says what was found', () => {
    const text = MINIMAL.replace('  id: o-abcdefghij\n', '  id:\n').replace('  - name: security\n', '  - name: 42\n') + 'deployment: [a]\n';
    expect(problems(text)).toEqual([
      'org.yaml:2:3 organization.id: expected a string, got no value',
      'org.yaml:15:11 accounts.1.name: expected a string, got the number 42; quote it: "42"',
      'org.yaml:17:1 deployment: expected a map, got a list',
    ]);
  });

  it('GIVEN a misspelt key inside the existing-bucket form THEN the suggestion comes from that form', () => {
    const key = 'arn:aws:kms:eu-west-1:222222222222:key/0123abcd-0123-4567-89ab-0123456789ab';
    const text = MINIMAL.replace('trail:\n  region: eu-west-1\n', `trail:\n  region: eu-west-1\n  bucket:\n    existing: org-trail-logs\n    kmsKeyArm: ${key}\n`);
    expect(problems(text)).toEqual([
      'org.yaml:9:3 trail.bucket.kmsKeyArn: required key "kmsKeyArn" is missing (a string)',
      'org.yaml:11:5 trail.bucket.kmsKeyArm: unknown key "kmsKeyArm"; did you mean "kmsKeyArn"?',
    ]);
  });

  it('GIVEN a misspelt alert kind THEN the suggestion is the alert kind id', () => {
    const text = MINIMAL + 'alerts:\n  enabled:\n    root-console-logins: false\n';
    expect(problems(text)).toEqual(['org.yaml:19:5 alerts.enabled.root-console-logins: unknown key "root-console-logins"; did you mean "root-console-login"?']);
  });
});

describe('suggestions', () => {
  it('counts an adjacent transposition as one edit', () => {
    expect(editDistance('eu-wset-1', 'eu-west-1')).toBe(1);
    expect(editDistance('kitten', 'sitting')).toBe(3);
  });

  it('suggests a case-only difference and refuses unrelated words', () => {
    expect(closest('optinregions', ['optInRegions', 'email'])).toBe('optInRegions');
    expect(closest('colour', ['organization', 'trail', 'state'])).toBeUndefined();
    expect(closest('ap-southeast-9', ['ap-southeast-1', 'ap-southeast-2'])).toBe('ap-southeast-1');
  });
});

describe('ignorePrincipals against the metric filter limit', () => {
  const TOO_MANY = readFileSync(path.join(__dirname, 'fixtures', 'bad', 'too-many-ignore-principals.yaml'), 'utf8');
  const structural = (text: string) => orgConfigSchema.parse(parse(text));
  const withFirst = (count: number) => {
    const config = structural(TOO_MANY);
    config.alerts.ignorePrincipals = config.alerts.ignorePrincipals.slice(0, count);
    return config;
  };

  it('GIVEN the first 9 entries the validation reports fit THEN the catalogue builds them; GIVEN 10 THEN the catalogue refuses them', () => {
    expect(validateConfig(withFirst(9))).toEqual([]);
    expect(alertKindsFor(withFirst(9)).map((kind) => kind.id)).toContain('console-login-success');
    expect(() => alertKindsFor(withFirst(10))).toThrow(/exceeds CloudWatch Logs' 1024/);
    expect(validateConfig(withFirst(10)).map((issue) => issue.path)).toEqual([['alerts', 'ignorePrincipals']]);
  });

  it('GIVEN console-login-success disabled THEN no filter is built and the long list is accepted', () => {
    const config = structural(TOO_MANY);
    config.alerts.enabled['console-login-success'] = false;
    expect(validateConfig(config)).toEqual([]);
    expect(() => alertKindsFor(config)).not.toThrow();
  });
});

describe('coverage-weakening config (issue 18 item 7)', () => {
  const excludingUsEast1 = (acknowledgements = '', switches = '') =>
    MINIMAL.replace('    id: "333333333333"', '    id: "333333333333"\n    excludedRegions:\n      - region: us-east-1\n        reason: Region deny SCP on this account') +
    switches +
    acknowledgements;
  const accepted = (text: string) => () => parseConfig(text, 'org.yaml');

  it('GIVEN us-east-1 excluded WHEN acknowledged (all, or for that account) THEN accepted; WHEN acknowledged for another account THEN refused at the exclusion and at the acknowledgement', () => {
    expect(accepted(excludingUsEast1('acknowledgements:\n  - rule: SW-CONFIG-US-EAST-1\n    reason: Region deny SCP reviewed by security\n'))).not.toThrow();
    expect(accepted(excludingUsEast1('acknowledgements:\n  - rule: SW-CONFIG-US-EAST-1\n    resource: security\n    reason: Region deny SCP reviewed by security\n'))).not.toThrow();
    const refused = problems(excludingUsEast1('acknowledgements:\n  - rule: SW-CONFIG-US-EAST-1\n    resource: management\n    reason: Region deny SCP reviewed by security\n'));
    expect(refused.map((line) => line.split(' ')[1])).toEqual(['accounts.1.excludedRegions.0.region:', 'acknowledgements.0.rule:']);
  });

  it('GIVEN us-east-1 excluded THEN the kinds named are exactly the enabled catalogue kinds whose patterns name IAM, Organizations or Account Management sources; a disabled kind is not named', () => {
    const sourcesOf = (pattern: unknown): string[] =>
      Array.isArray(pattern)
        ? pattern.flatMap(sourcesOf)
        : pattern && typeof pattern === 'object'
          ? Object.entries(pattern).flatMap(([key, value]) => [...((key === 'source' || key === 'eventSource') && Array.isArray(value) ? value.filter((entry): entry is string => typeof entry === 'string') : []), ...sourcesOf(value)])
          : [];
    const global = /^(aws\.(iam|organizations|account)|(iam|organizations|account)\.amazonaws\.com)$/;
    const expected = alertKindsFor(orgConfigSchema.parse(parse(MINIMAL))).filter((kind) => sourcesOf(kind.eventPatterns).some((source) => global.test(source))).map((kind) => kind.id);
    expect(expected).toEqual(expect.arrayContaining(['login-profile-change', 'mfa-device-removed', 'identity-provider-change', 'root-account-change', 'pipeline-tampering']));
    const [line] = problems(excludingUsEast1());
    expect(line).toContain(`in every region: ${expected.join(', ')} (`);
    const [withoutLoginProfile] = problems(excludingUsEast1('', 'alerts:\n  enabled:\n    login-profile-change: false\n'));
    expect(withoutLoginProfile).toContain(`in every region: ${expected.filter((id) => id !== 'login-profile-change').join(', ')} (`);
  });

  it('GIVEN a concrete-account ignored principal (wildcards in the name) THEN accepted; GIVEN a wildcard or partial account THEN refused at the ARN', () => {
    const ignoring = (arn: string) => `${MINIMAL}alerts:\n  ignorePrincipals:\n    - arn: "${arn}"\n      reason: Quarterly break-glass test\n`;
    expect(accepted(ignoring('arn:aws:iam::111111111111:user/break-glass-*'))).not.toThrow();
    for (const arn of ['arn:aws:iam::*:user/break-glass', 'arn:aws:sts::11111111111*:assumed-role/x/*', 'arn:aws:iam::1111*1111111:user/x']) {
      expect(problems(ignoring(arn))).toEqual([expect.stringMatching(/^org\.yaml:\d+:\d+ alerts\.ignorePrincipals\.0\.arn: the account of .* is not one 12-digit account id/)]);
    }
  });
});
