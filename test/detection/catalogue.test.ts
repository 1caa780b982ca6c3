/**
 * The detection catalogue: its API, the CIS pack, and for each alert kind the
 * cases that must fire and the near misses that must not — each checked on
 * every deployed path (bus pattern, raw filter, envelope filter) under both
 * readings of the unverified missing-field behaviours.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { ALERT_KIND_IDS } from '../../config/schema';
import { parseConfig } from '../../detection/org-config';
import {
  alertCatalogue,
  alertKindsFor,
  arnPatternTerms,
  burstFilter,
  CIS_FILTERS,
  forwarderPattern,
  fullAlertCatalogue,
  guardDutyFindingPattern,
  takeoverForwardBranches,
  HEARTBEAT_DETAIL_TYPE,
  HEARTBEAT_SOURCE,
  heartbeatPattern,
  MAX_FILTER_PATTERN_LENGTH,
  SIGN_IN_EVENT_NAMES,
  SIGN_IN_SOURCE,
  signInLogPattern,
  TRAIL_SOURCE,
  trailTamperingPattern,
} from '../../detection/catalogue';
import { alarmStateChangeEvent } from '../../detection/alarm-state-change';
import { matchesEventPattern } from '../../detection/eventbridge-pattern';
import { wrapRecord } from '../../detection/envelope';
import { compileLogsFilter } from '../../detection/logs-filter';
import type { AlertKindId } from '../../detection/types';
import { corpusEvent, everywhere, labelsByPath, REPO_ROOT, type Json } from './helpers';

const kinds = alertCatalogue();

describe('alertCatalogue', () => {
  it('GIVEN no options WHEN built THEN it holds every kind on by default, in the fixed order of ALERT_KIND_IDS', () => {
    expect(kinds.map((kind) => kind.id)).toEqual(ALERT_KIND_IDS.filter((id) => id !== 'console-login-outside-sso'));
    expect(fullAlertCatalogue().map((kind) => kind.id)).toEqual([...ALERT_KIND_IDS]);
  });

  it('GIVEN kinds switched off WHEN built THEN exactly those are left out and the order stays', () => {
    const some = alertCatalogue({ enabled: { 'console-login-success': false, 'mfa-failure': false, 'root-console-login': true } });
    expect(some.map((kind) => kind.id).slice(0, 5)).toEqual(['console-login-failure', 'console-login-without-mfa', 'root-console-login', 'identity-center-sign-in-failure', 'trail-tampering']);
    expect(some.map((kind) => kind.id)).not.toContain('console-login-outside-sso');
  });

  it('GIVEN each kind WHEN inspected THEN it has a severity, title, description, a unique metric name and message fields', () => {
    expect(kinds.slice(0, 7).map((kind) => kind.severity)).toEqual(['INFO', 'MEDIUM', 'HIGH', 'CRITICAL', 'HIGH', 'MEDIUM', 'CRITICAL']);
    expect(new Set(fullAlertCatalogue().map((kind) => kind.metricName)).size).toBe(ALERT_KIND_IDS.length);
    for (const kind of kinds) {
      expect(kind.title).not.toBe('');
      expect(kind.description).not.toBe('');
      expect(kind.metricName).toMatch(/^[A-Za-z]+$/);
      // A GuardDuty finding is not a CloudTrail record: its message shows GuardDuty's severity, title, account and finding id.
      const required =
        kind.id === 'guardduty-console-finding'
          ? ['$.detail.severity', '$.detail.title', '$.detail.accountId', '$.detail.id']
          : ['$.detail.sourceIPAddress', '$.account', '$.detail.eventID'];
      expect(kind.messageFields.map((field) => field.path)).toEqual(expect.arrayContaining(required));
    }
  });

  it('GIVEN every bus pattern WHEN inspected THEN it pins source (aws.signin, or aws.cloudtrail for trail-tampering) at the top and never uses detail-type', () => {
    // The detection-pack-v2 kinds pin source in each $or branch (takeover.test.ts).
    // pipeline-tampering is deployed as several rules: each pins its services' sources.
    const pipelineSources = kinds.find((kind) => kind.id === 'pipeline-tampering')!.eventPatterns.flatMap((pattern) => pattern.source as string[]);
    expect([...new Set(pipelineSources)].sort()).toEqual(['aws.dynamodb', 'aws.events', 'aws.iam', 'aws.lambda', 'aws.logs', 'aws.monitoring', 'aws.sns', 'aws.sqs', 'aws.scheduler'].sort());
    for (const kind of kinds.slice(0, 7)) {
      expect(kind.eventPattern.source).toEqual([kind.id === 'trail-tampering' ? TRAIL_SOURCE : SIGN_IN_SOURCE]);
      expect(JSON.stringify(kind.eventPattern)).not.toContain('detail-type');
    }
  });

  it('GIVEN an organization config WHEN alertKindsFor reads it THEN enabled switches and suppressions apply', () => {
    const yaml = readFileSync(path.join(REPO_ROOT, 'config', 'org.yaml'), 'utf8').replace('mfa-failure: true', 'mfa-failure: false');
    const config = parseConfig(yaml, 'org.yaml');
    const configured = alertKindsFor(config);
    expect(configured.map((kind) => kind.id)).not.toContain('mfa-failure');
    expect(configured.find((kind) => kind.id === 'console-login-success')).toEqual(
      alertCatalogue({ ignorePrincipals: config.alerts.ignorePrincipals }).find((kind) => kind.id === 'console-login-success'),
    );
    expect(config.alerts.ignorePrincipals.length).toBeGreaterThan(0);
  });

  it('GIVEN every filter WHEN parsed by the CloudWatch Logs evaluator THEN it is valid and within the 1024-character limit, even with five suppressions', () => {
    const ignorePrincipals = [1, 2, 3, 4, 5].map((n) => ({ arn: `arn:aws:iam::*:user/break-glass-${n}`, reason: 'test' }));
    for (const kind of alertCatalogue({ ignorePrincipals })) {
      // The deployed filters; a kind with several (pipeline-tampering) also has their union, for evaluation only.
      for (const pattern of [...kind.rawMetricFilters, ...kind.envelopeMetricFilters]) {
        expect(() => compileLogsFilter(pattern)).not.toThrow();
        expect(pattern.length).toBeLessThanOrEqual(MAX_FILTER_PATTERN_LENGTH);
      }
      if (kind.envelopeMetricFilters.length === 1) expect([kind.rawMetricFilters[0] ?? null, kind.envelopeMetricFilters[0]]).toEqual([kind.rawMetricFilter, kind.envelopeMetricFilter]);
      if (kind.rawMetricFilter !== null) expect(() => compileLogsFilter(kind.rawMetricFilter!)).not.toThrow();
    }
  });

  it('GIVEN so many suppressions that a filter exceeds 1024 characters WHEN built THEN it fails naming the limit', () => {
    const ignorePrincipals = Array.from({ length: 12 }, (_, n) => ({ arn: `arn:aws:iam::123456789012:user/a-rather-long-user-name-${n}`, reason: 'test' }));
    expect(() => alertCatalogue({ ignorePrincipals })).toThrow(/console-login-success: metric filter of \d+ characters exceeds CloudWatch Logs' 1024/);
  });
});

describe('one file per kind', () => {
  it('GIVEN detection/kinds/ WHEN listed THEN it holds exactly one file per catalogue kind, named by its id', () => {
    const files = readdirSync(path.join(REPO_ROOT, 'detection', 'kinds')).sort();
    expect(files).toEqual(fullAlertCatalogue().map((kind) => `${kind.id}.ts`).sort());
  });
});

describe('CIS pack', () => {
  const FACTS = path.resolve(REPO_ROOT, '..', 'shared', 'docs', 'aws-facts.md');

  it('GIVEN the pack WHEN listed THEN it has the three controls, separate from our own filters', () => {
    expect(CIS_FILTERS.map((filter) => [filter.id, filter.control])).toEqual([
      ['cis-root-usage', 'CloudWatch.1'],
      ['cis-console-signin-without-mfa', 'CloudWatch.3'],
      ['cis-console-authentication-failures', 'CloudWatch.6'],
    ]);
    const ours = kinds.flatMap((kind) => [kind.rawMetricFilter, kind.envelopeMetricFilter]);
    for (const filter of CIS_FILTERS) expect(ours).not.toContain(filter.pattern);
  });

  it('GIVEN the pack WHEN hashed THEN each pattern is byte-for-byte the CIS text of aws-facts.md (Security Hub compares it exactly)', () => {
    // SHA-256 of the verbatim strings, so the text itself lives only in the catalogue.
    const sha = (text: string) => createHash('sha256').update(text).digest('hex');
    expect(Object.fromEntries(CIS_FILTERS.map((filter) => [filter.id, sha(filter.pattern)]))).toEqual({
      'cis-root-usage': '6a0b7f784762869e1dee3b7c7d853e4bbfbd98b8122a937e93bf7a7c672aaf9c',
      'cis-console-signin-without-mfa': '0e75d5219d240f953e81dd6e39fdaa2e8ddf7576ec12db6f828250f8f734dfd4',
      'cis-console-authentication-failures': 'bcfb694063da6d427790e2194fd357850cf56aca4caf27b1d2831606f9dfafcf',
    });
  });

  (existsSync(FACTS) ? it : it.skip)('GIVEN aws-facts.md WHEN searched THEN every CIS pattern appears there verbatim in backticks', () => {
    const facts = readFileSync(FACTS, 'utf8');
    for (const filter of CIS_FILTERS) expect(facts).toContain(`\`${filter.pattern}\``);
  });

  it('GIVEN the CIS patterns WHEN parsed THEN the CloudWatch Logs evaluator accepts them', () => {
    for (const filter of CIS_FILTERS) expect(() => compileLogsFilter(filter.pattern)).not.toThrow();
  });
});

type Mutation = (event: Json) => void;
const set =
  (dotted: string, value: unknown): Mutation =>
  (event) => {
    const keys = dotted.split('.');
    let target = event as Record<string, unknown>;
    for (const key of keys.slice(0, -1)) {
      if (target[key] === null || typeof target[key] !== 'object') target[key] = {};
      target = target[key] as Record<string, unknown>;
    }
    if (value === undefined) delete target[keys[keys.length - 1]];
    else target[keys[keys.length - 1]] = value;
  };
const apply = (base: string, ...mutations: Mutation[]): Json => {
  const event = corpusEvent(base);
  for (const mutation of mutations) mutation(event);
  return event;
};

// Corpus lines used as bases (see fixtures/corpus).
const IAM_SUCCESS_NO_MFA = 'ctug23-iamuser-success-nomfa';
const IAM_SUCCESS_MFA = 'ctug23-iamuser-success-mfa-u2f';
const IAM_FAILURE_MFA = 'ctug23-iamuser-failure';
const IAM_FAILURE_NO_MFA = 'iamug23-consolelogin-failure';
const ROOT_SUCCESS_NO_MFA = 'ctug23-root-success-nomfa';
const ROOT_FAILURE = 'ctug23-root-failure';
const ROLE_SUCCESS = 'awscli-lookupevents-consolelogin-assumedrole';
const IDC_PASSWORD_FAILURE = 'idc23-pwdfail-credentialverification-password';
const IDC_TOTP_SUCCESS = 'idc23-pwdtotp-credentialverification-totp';
const IDC_CHALLENGE = 'idc23-pwdtotp-credentialchallenge-totp';
const IAM_CREATE_LOGIN_PROFILE = 'stratus-iam-createloginprofile';

type Case = [name: string, event: Json, expected: AlertKindId[]];

/** The sign-in kinds, whose cases are corpus lines; trail-tampering has its own fixtures (trail-tampering.test.ts). */
/** The v1 sign-in kinds; trail-tampering and the detection-pack-v2 kinds have their own fixtures (trail-tampering.test.ts, takeover.test.ts). */
const SIGN_IN_KIND_IDS = ['console-login-success', 'console-login-failure', 'console-login-without-mfa', 'root-console-login', 'mfa-failure', 'identity-center-sign-in-failure'] as const;
type SignInKindId = (typeof SIGN_IN_KIND_IDS)[number];

const CASES: Record<SignInKindId, { fires: Case[]; nearMisses: Case[] }> = {
  'console-login-success': {
    fires: [
      ['IAM user with MFA', apply(IAM_SUCCESS_MFA), ['console-login-success']],
      ['assumed-role (federated) session', apply(ROLE_SUCCESS), ['console-login-success']],
      ['record without userIdentity at all', apply(IAM_SUCCESS_MFA, set('userIdentity', undefined)), ['console-login-success']],
    ],
    nearMisses: [
      ['wrong key: responseElements.consoleLogin', apply(IAM_SUCCESS_MFA, set('responseElements', { consoleLogin: 'Success' })), []],
      ['wrong case: "success"', apply(IAM_SUCCESS_MFA, set('responseElements.ConsoleLogin', 'success')), []],
      ['wrong case: eventName consoleLogin', apply(IAM_SUCCESS_MFA, set('eventName', 'consoleLogin')), []],
      ['the other outcome', apply(IAM_SUCCESS_MFA, set('responseElements.ConsoleLogin', 'Failure')), ['console-login-failure', 'mfa-failure']],
      ['responseElements null', apply(IAM_SUCCESS_MFA, set('responseElements', null)), []],
      ['responseElements string-encoded', apply(IAM_SUCCESS_MFA, set('responseElements', '{"ConsoleLogin":"Success"}')), []],
      ['ConsoleLogin named by another service', apply(IAM_SUCCESS_MFA, set('eventSource', 'iam.amazonaws.com')), []],
      [
        'non-sign-in event whose requestParameters and responseElements mention ConsoleLogin',
        apply(IAM_CREATE_LOGIN_PROFILE, set('requestParameters.userName', 'ConsoleLogin'), set('responseElements', { ConsoleLogin: 'Success' })),
        // CreateLoginProfile itself is a detection-pack-v2 kind.
        ['login-profile-change'],
      ],
    ],
  },
  'console-login-failure': {
    fires: [
      ['IAM user without MFA', apply(IAM_FAILURE_NO_MFA), ['console-login-failure']],
      ['root user', apply(ROOT_FAILURE), ['console-login-failure', 'root-console-login']],
    ],
    nearMisses: [
      ['wrong case: "failure"', apply(IAM_FAILURE_NO_MFA, set('responseElements.ConsoleLogin', 'failure')), []],
      ['wrong key: errorMessage only, no outcome', apply(IAM_FAILURE_NO_MFA, set('responseElements', null)), []],
      ['the other outcome', apply(IAM_FAILURE_NO_MFA, set('responseElements.ConsoleLogin', 'Success')), ['console-login-success', 'console-login-without-mfa']],
      ['CheckMfa step, not a sign-in', apply(IAM_FAILURE_NO_MFA, set('eventName', 'CheckMfa')), []],
    ],
  },
  'console-login-without-mfa': {
    fires: [
      ['IAM user, MFAUsed "No"', apply(IAM_SUCCESS_NO_MFA), ['console-login-success', 'console-login-without-mfa']],
      ['root, MFAUsed "YES" (exact match only)', apply(ROOT_SUCCESS_NO_MFA, set('additionalEventData.MFAUsed', 'YES')), ['console-login-success', 'console-login-without-mfa', 'root-console-login']],
      ['additionalEventData missing', apply(IAM_SUCCESS_MFA, set('additionalEventData', undefined)), ['console-login-success', 'console-login-without-mfa']],
      ['additionalEventData null', apply(IAM_SUCCESS_MFA, set('additionalEventData', null)), ['console-login-success', 'console-login-without-mfa']],
      ['MFAUsed null', apply(IAM_SUCCESS_MFA, set('additionalEventData.MFAUsed', null)), ['console-login-success', 'console-login-without-mfa']],
      ['additionalEventData string-encoded (not an object, so no MFAUsed)', apply(IAM_SUCCESS_MFA, set('additionalEventData', '{"MFAUsed":"Yes"}')), ['console-login-success', 'console-login-without-mfa']],
    ],
    nearMisses: [
      ['MFAUsed "Yes"', apply(IAM_SUCCESS_MFA), ['console-login-success']],
      ['assumed-role session without MFA (not a password user)', apply(ROLE_SUCCESS, set('additionalEventData.MFAUsed', 'No')), ['console-login-success']],
      ['wrong case: userIdentity.type "iamuser"', apply(IAM_SUCCESS_NO_MFA, set('userIdentity.type', 'iamuser')), ['console-login-success']],
      ['the other outcome', apply(IAM_SUCCESS_NO_MFA, set('responseElements.ConsoleLogin', 'Failure')), ['console-login-failure']],
    ],
  },
  'root-console-login': {
    fires: [
      ['root success', apply(ROOT_SUCCESS_NO_MFA), ['console-login-success', 'console-login-without-mfa', 'root-console-login']],
      ['root failure', apply(ROOT_FAILURE), ['console-login-failure', 'root-console-login']],
      ['root with no outcome recorded', apply(ROOT_FAILURE, set('responseElements', null)), ['root-console-login']],
    ],
    nearMisses: [
      ['wrong case: type "root"', apply(ROOT_FAILURE, set('userIdentity.type', 'root')), ['console-login-failure']],
      ['root, but a CheckMfa step', apply(ROOT_FAILURE, set('eventName', 'CheckMfa')), []],
      ['root acting through the API', apply(IAM_CREATE_LOGIN_PROFILE, set('userIdentity.type', 'Root')), ['login-profile-change']],
    ],
  },
  'mfa-failure': {
    fires: [
      ['IAM user, password right, MFA wrong', apply(IAM_FAILURE_MFA), ['console-login-failure', 'mfa-failure']],
      [
        'Identity Center TOTP verification failed',
        apply(IDC_TOTP_SUCCESS, set('serviceEventDetails.CredentialVerification', 'Failure')),
        ['identity-center-sign-in-failure', 'mfa-failure'],
      ],
      [
        'Identity Center WEBAUTHN failure under the seed-002 key CredentialChallenge',
        apply(IDC_TOTP_SUCCESS, set('additionalEventData.CredentialType', 'WEBAUTHN'), set('serviceEventDetails', { CredentialChallenge: 'Failure' })),
        ['identity-center-sign-in-failure', 'mfa-failure'],
      ],
    ],
    nearMisses: [
      ['console failure without MFA', apply(IAM_FAILURE_MFA, set('additionalEventData.MFAUsed', 'No')), ['console-login-failure']],
      ['console success with MFA', apply(IAM_FAILURE_MFA, set('responseElements.ConsoleLogin', 'Success')), ['console-login-success']],
      ['TOTP verification that succeeded', apply(IDC_TOTP_SUCCESS), []],
      ['PASSWORD verification that failed', apply(IDC_PASSWORD_FAILURE), ['identity-center-sign-in-failure']],
      ['wrong case: CredentialType "totp"', apply(IDC_TOTP_SUCCESS, set('additionalEventData.CredentialType', 'totp'), set('serviceEventDetails.CredentialVerification', 'Failure')), ['identity-center-sign-in-failure']],
    ],
  },
  'identity-center-sign-in-failure': {
    fires: [
      ['the user guide failure (CredentialVerification = Failure)', apply(IDC_PASSWORD_FAILURE), ['identity-center-sign-in-failure']],
      ['seed-002 key (CredentialChallenge = Failure)', apply(IDC_PASSWORD_FAILURE, set('serviceEventDetails', { CredentialChallenge: 'Failure' })), ['identity-center-sign-in-failure']],
      [
        'July-2025 shape: IdentityCenterUser with onBehalfOf, no userName',
        apply(
          IDC_PASSWORD_FAILURE,
          set('userIdentity', {
            type: 'IdentityCenterUser',
            accountId: '111122223333',
            onBehalfOf: { userId: 'f8e1d2c3-0000-1111-2222-333344445555', identityStoreArn: 'arn:aws:identitystore::111122223333:identitystore/d-1234567890' },
          }),
        ),
        ['identity-center-sign-in-failure'],
      ],
    ],
    nearMisses: [
      ['the other outcome', apply(IDC_PASSWORD_FAILURE, set('serviceEventDetails.CredentialVerification', 'Success')), []],
      ['wrong case: "failure"', apply(IDC_PASSWORD_FAILURE, set('serviceEventDetails.CredentialVerification', 'failure')), []],
      ['wrong key: serviceEventDetails.credentialVerification', apply(IDC_PASSWORD_FAILURE, set('serviceEventDetails', { credentialVerification: 'Failure' })), []],
      ['a CredentialChallenge event carrying the failure key', apply(IDC_CHALLENGE, set('serviceEventDetails', { CredentialChallenge: 'Failure' })), []],
      ['serviceEventDetails string-encoded', apply(IDC_PASSWORD_FAILURE, set('serviceEventDetails', '{"CredentialVerification":"Failure"}')), []],
      ['serviceEventDetails null', apply(IDC_PASSWORD_FAILURE, set('serviceEventDetails', null)), []],
    ],
  },
};

describe.each(SIGN_IN_KIND_IDS.map((id) => [id] as const))('%s', (id) => {
  const { fires, nearMisses } = CASES[id];

  it.each(fires)('fires: %s', (_name, event, expected) => {
    expect(expected).toContain(id);
    expect(labelsByPath(kinds, event)).toEqual(everywhere(expected));
  });

  it.each(nearMisses)('near miss: %s', (_name, event, expected) => {
    expect(expected).not.toContain(id);
    expect(labelsByPath(kinds, event)).toEqual(everywhere(expected));
  });

  it('GIVEN the same case as an EventBridge envelope WHEN labelled THEN it gives the same labels', () => {
    const [, event, expected] = fires[0];
    expect(labelsByPath(kinds, wrapRecord(event) as unknown as Json)).toEqual(everywhere(expected));
  });
});

describe('suppression (alerts.ignorePrincipals)', () => {
  const ignore = (...arns: string[]) => alertCatalogue({ ignorePrincipals: arns.map((arn) => ({ arn, reason: 'test' })) });

  it('GIVEN an ignored IAM user signing in without MFA WHEN labelled THEN only console-login-success is suppressed', () => {
    expect(labelsByPath(ignore('arn:aws:iam::*:user/anaya'), apply(IAM_SUCCESS_NO_MFA))).toEqual(everywhere(['console-login-without-mfa']));
  });

  it('GIVEN an ignored principal failing to sign in with MFA WHEN labelled THEN failure and MFA alerts still fire', () => {
    const event = apply(IAM_FAILURE_MFA, set('userIdentity.arn', 'arn:aws:iam::111122223333:user/anaya'));
    expect(labelsByPath(ignore('arn:aws:iam::*:user/*'), event)).toEqual(everywhere(['console-login-failure', 'mfa-failure']));
  });

  it('GIVEN root ignored WHEN root signs in THEN root and without-MFA alerts still fire', () => {
    expect(labelsByPath(ignore('arn:aws:iam::*:root'), apply(ROOT_SUCCESS_NO_MFA))).toEqual(everywhere(['console-login-without-mfa', 'root-console-login']));
  });

  it.each([
    ['no userIdentity.arn', set('userIdentity.arn', undefined)],
    ['userIdentity.arn null', set('userIdentity.arn', null)],
    ['no userIdentity', set('userIdentity', undefined)],
  ])('GIVEN a success with %s WHEN every user is ignored THEN it still alerts', (_name, mutation) => {
    expect(labelsByPath(ignore('arn:aws:iam::*:user/*'), apply(IAM_SUCCESS_MFA, mutation))).toEqual(everywhere(['console-login-success']));
  });

  it.each([
    ['the exact ARN', 'arn:aws:iam::111122223333:user/anaya', []],
    ['a wildcard account', 'arn:aws:iam::*:user/anaya', []],
    ['a wildcard user name', 'arn:aws:iam::111122223333:user/an*', []],
    ['another account', 'arn:aws:iam::999999999999:user/anaya', ['console-login-success']],
    ['another user', 'arn:aws:iam::*:user/anaya2', ['console-login-success']],
    ['a user of the same name under a path', 'arn:aws:iam::*:user/team/anaya', ['console-login-success']],
  ] as [string, string, AlertKindId[]][])('GIVEN ignore pattern matching %s WHEN anaya signs in with MFA THEN labels are as expected on every path', (_name, pattern, expected) => {
    expect(labelsByPath(ignore(pattern), apply(IAM_SUCCESS_MFA))).toEqual(everywhere(expected));
  });

  it('GIVEN a role-session pattern with an inner wildcard WHEN that role signs in THEN it is suppressed on every path, and another role is not', () => {
    const event = apply(ROLE_SUCCESS);
    const arn = (event.userIdentity as Json).arn as string;
    const [, account, rest] = /^arn:aws:sts::(\d+):assumed-role\/([^/]+)\//.exec(arn)!;
    expect(account).toMatch(/^\d{12}$/);
    const kindsIgnoringRole = ignore(`arn:aws:sts::*:assumed-role/${rest}/*`);
    expect(labelsByPath(kindsIgnoringRole, event)).toEqual(everywhere([]));
    expect(labelsByPath(kindsIgnoringRole, apply(ROLE_SUCCESS, set('userIdentity.arn', `arn:aws:sts::${account}:assumed-role/Other/session`)))).toEqual(
      everywhere(['console-login-success']),
    );
  });

  it('GIVEN two ignore entries WHEN either principal signs in THEN both are suppressed', () => {
    const twice = ignore('arn:aws:iam::*:user/nobody', 'arn:aws:iam::*:user/anaya');
    expect(labelsByPath(twice, apply(IAM_SUCCESS_MFA))).toEqual(everywhere([]));
  });

  it('GIVEN suppressions WHEN the catalogue is built THEN every kind but console-login-success is unchanged', () => {
    const plain = alertCatalogue();
    const suppressed = ignore('arn:aws:iam::*:user/anaya');
    expect(suppressed.slice(1)).toEqual(plain.slice(1));
    expect(suppressed[0].eventPattern).not.toEqual(plain[0].eventPattern);
    expect(suppressed[0].rawMetricFilter).not.toBe(plain[0].rawMetricFilter);
  });

  it('GIVEN ARN patterns WHEN turned into CloudWatch Logs terms THEN leading/trailing wildcards carry each segment, and "**" is refused', () => {
    expect(arnPatternTerms('arn:aws:iam::111122223333:user/anaya')).toEqual(['arn:aws:iam::111122223333:user/anaya']);
    expect(arnPatternTerms('arn:aws:iam::*:user/anaya')).toEqual(['arn:aws:iam::*', '*:user/anaya']);
    expect(arnPatternTerms('arn:aws:sts::*:assumed-role/Admin/*')).toEqual(['arn:aws:sts::*', '*:assumed-role/Admin/*']);
    expect(() => arnPatternTerms('arn:aws:iam::**:user/x')).toThrow('consecutive wildcards');
  });
});

describe('burstFilter', () => {
  const burst = burstFilter(5);
  const envelope = (id: string, ...mutations: Mutation[]) => wrapRecord(apply(id, ...mutations));

  it('GIVEN the config threshold WHEN built THEN it counts over 300 s with that threshold', () => {
    expect([burst.metricName, burst.threshold, burst.periodSeconds]).toEqual(['FailedSignInBurst', 5, 300]);
    expect(() => burstFilter(0)).toThrow('positive integer');
  });

  it('GIVEN envelopes of console and Identity Center failures WHEN filtered THEN both count; successes do not', () => {
    const filter = compileLogsFilter(burst.pattern);
    expect(filter.matches(envelope(IAM_FAILURE_NO_MFA))).toBe(true);
    expect(filter.matches(envelope(ROOT_FAILURE))).toBe(true);
    expect(filter.matches(envelope(IDC_PASSWORD_FAILURE))).toBe(true);
    expect(filter.matches(envelope(IAM_SUCCESS_NO_MFA))).toBe(false);
    expect(filter.matches(envelope(IDC_TOTP_SUCCESS))).toBe(false);
    expect(filter.matches(apply(IAM_FAILURE_NO_MFA))).toBe(false);
  });
});

describe('forwarding and heartbeats', () => {
  const heartbeat = {
    version: '0',
    id: 'b1e3c7a0-0000-4000-8000-000000000001',
    'detail-type': HEARTBEAT_DETAIL_TYPE,
    source: HEARTBEAT_SOURCE,
    account: '444444444444',
    time: '2026-11-25T10:00:00Z',
    region: 'af-south-1',
    resources: [],
    detail: { account: '444444444444', region: 'af-south-1', weight: 0.5, shard: 12 },
  };
  const signIn = wrapRecord(apply(IAM_SUCCESS_NO_MFA));

  it('GIVEN the heartbeat source WHEN checked THEN it is a custom source EventBridge accepts from PutEvents (not aws.*)', () => {
    expect(HEARTBEAT_SOURCE.startsWith('aws.')).toBe(false);
  });

  it('GIVEN the forwarder pattern WHEN inspected THEN it is a top-level $or of the sign-in, trail-tampering, heartbeat patterns (no alarm branch)', () => {
    expect(forwarderPattern()).toEqual({
      $or: [signInLogPattern(), trailTamperingPattern(), ...takeoverForwardBranches(), guardDutyFindingPattern(), heartbeatPattern()],
    });
    expect(signInLogPattern()).toEqual({ source: [SIGN_IN_SOURCE], detail: { eventName: [...SIGN_IN_EVENT_NAMES] } });
  });

  it('GIVEN a heartbeat envelope WHEN matched THEN the forwarder and the heartbeat rule take it; the sign-in log and every alert do not', () => {
    expect(matchesEventPattern(forwarderPattern(), heartbeat)).toBe(true);
    expect(matchesEventPattern(heartbeatPattern(), heartbeat)).toBe(true);
    expect(matchesEventPattern(signInLogPattern(), heartbeat)).toBe(false);
    expect(kinds.filter((kind) => matchesEventPattern(kind.eventPattern, heartbeat))).toEqual([]);
  });

  it('GIVEN a sign-in envelope WHEN matched THEN the heartbeat rule ignores it', () => {
    expect(matchesEventPattern(heartbeatPattern(), signIn)).toBe(false);
    expect(matchesEventPattern(forwarderPattern(), signIn)).toBe(true);
  });

  it('GIVEN a heartbeat pretending to be aws.signin, or with another detail-type WHEN matched THEN the forwarder drops it', () => {
    expect(matchesEventPattern(forwarderPattern(), { ...heartbeat, 'detail-type': 'something else' })).toBe(false);
    expect(matchesEventPattern(forwarderPattern(), { ...heartbeat, source: 'signin-watch.other' })).toBe(false);
  });

  it('GIVEN any alarm state change, of our prefix or not, in ALARM or OK WHEN matched THEN the forwarder never takes it (issue 18 item 2)', () => {
    for (const alarmName of ['example-forwarder-dlq-depth', 'signin-watch-forwarder-x', 'team-x-cpu-high']) {
      for (const state of ['ALARM', 'OK'] as const) {
        expect(matchesEventPattern(forwarderPattern(), alarmStateChangeEvent({ alarmName, account: '444444444444', region: 'af-south-1', state }))).toBe(false);
      }
    }
  });
});
