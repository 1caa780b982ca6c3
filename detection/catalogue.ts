/**
 * The detection catalogue: the single source of every pattern string the
 * product deploys (EventBridge patterns, CloudWatch Logs metric filters, the
 * CIS pack, the forwarder and heartbeat patterns). Stacks, tests, classify and
 * the README read it from here; nobody retypes a pattern. No cdktf import.
 *
 * Label semantics: ../shared/corpus/README.md. Facts: ../shared/docs/aws-facts.md.
 *
 * Missing-field readings (unverified in AWS documentation, see docs/detection.md):
 * - CloudWatch Logs `!=` on a missing property: every filter that needs
 *   "missing counts as not equal" adds `NOT EXISTS` (and `IS NULL`) beside the
 *   `!=`, so it holds whether `!=` matches a missing property or not.
 * - EventBridge `anything-but` on a missing or null field: every pattern that
 *   needs "missing counts" adds `$or` branches with `exists: false` and `null`.
 */
import type { OrgConfig } from '../config/schema';
import { forwardedAlarmPrefix } from '../config/names';
import { ALERT_KIND_IDS, ALERT_KIND_TEXT, SUPPRESSIBLE_ALERT_KIND } from '../config/alert-kinds';
import type {
  AlertKind,
  AlertKindId,
  BurstFilter,
  CisFilter,
  EventPattern,
  MessageField,
  MetricFilterSpec,
  Severity,
} from './types';

/** `source` EventBridge gives every CloudTrail event of signin.amazonaws.com. */
export const SIGN_IN_SOURCE = 'aws.signin';
export const SIGN_IN_EVENT_SOURCE = 'signin.amazonaws.com';

/**
 * Sign-in events forwarded from every member region and kept in the central
 * sign-in log. Why each one:
 * - ConsoleLogin: IAM-user, root and federated console sign-ins (every console alert).
 * - CredentialVerification: an Identity Center credential checked, with outcome
 *   (identity-center-sign-in-failure, mfa-failure).
 * - CredentialChallenge: the Identity Center challenge that precedes it (the log
 *   shows which credential was asked for; seed 002 reports failures under this key).
 * - UserAuthentication: the Identity Center sign-in completed (the success record
 *   the sign-in log needs to tell a completed sign-in from an abandoned one).
 * - CheckMfa: the MFA step of an IAM-user console sign-in.
 * - ExternalIdPDirectoryLogin: an Identity Center sign-in through an external IdP.
 * Not forwarded: GetSigninToken (a federation API call whose console session
 * then shows as ConsoleLogin), PasswordUpdated, SwitchRole and other
 * signin.amazonaws.com records no alert or sign-in search needs.
 */
export const SIGN_IN_EVENT_NAMES = [
  'ConsoleLogin',
  'CredentialChallenge',
  'CredentialVerification',
  'UserAuthentication',
  'CheckMfa',
  'ExternalIdPDirectoryLogin',
] as const;

/** `source` EventBridge gives every CloudTrail event of cloudtrail.amazonaws.com (detail-type "AWS API Call via CloudTrail"). */
export const TRAIL_SOURCE = 'aws.cloudtrail';
export const TRAIL_EVENT_SOURCE = 'cloudtrail.amazonaws.com';

/**
 * CloudTrail API calls that stop or blind a trail (trail-tampering). Sign-in
 * events reach the member buses only while the organization trail logs
 * management events, and the heartbeats come from EventBridge Scheduler, so
 * after any of these every sign-in alert can go silent while the heartbeats
 * stay green. Why each one:
 * - StopLogging: the trail records nothing until StartLogging.
 * - DeleteTrail: the trail and its delivery are gone.
 * - UpdateTrail: can turn off multi-region or global-service events, point
 *   delivery at another bucket, key or log group, or drop the CloudWatch Logs
 *   delivery the trail-log alarms read.
 * - PutEventSelectors: can exclude management events (or keep only read-only
 *   ones): the sign-in records stop with no change to the trail's status.
 * - PutInsightSelectors: switches off CloudTrail Insights on the trail.
 * Not listed: CreateTrail, StartLogging (they add or resume logging, never
 * blind it), Describe/Get/List calls (read only), CloudTrail Lake event data
 * store calls (not the trail the sign-in events depend on).
 * A denied attempt (errorCode AccessDenied) fires too: someone tried.
 */
export const TRAIL_TAMPERING_EVENT_NAMES = ['StopLogging', 'DeleteTrail', 'UpdateTrail', 'PutEventSelectors', 'PutInsightSelectors'] as const;

/** Heartbeat: an EventBridge Scheduler schedule in every member region puts this on its default bus. */
export const HEARTBEAT_SOURCE = 'signin-watch.heartbeat';
export const HEARTBEAT_DETAIL_TYPE = 'signin-watch heartbeat';

/** Max length of a CloudWatch Logs filter pattern (PutMetricFilter). */
export const MAX_FILTER_PATTERN_LENGTH = 1024;

// ---------------------------------------------------------------------------
// CIS pack: verbatim from aws-facts.md (Security Hub compares the text). Never edit.
// ---------------------------------------------------------------------------

export const CIS_FILTERS: readonly CisFilter[] = [
  {
    id: 'cis-root-usage',
    control: 'CloudWatch.1',
    title: 'Usage of the root user',
    metricName: 'CisRootUsage',
    pattern: '{$.userIdentity.type="Root" && $.userIdentity.invokedBy NOT EXISTS && $.eventType !="AwsServiceEvent"}',
  },
  {
    id: 'cis-console-signin-without-mfa',
    control: 'CloudWatch.3',
    title: 'Management Console sign-in without MFA',
    metricName: 'CisConsoleSignInWithoutMfa',
    pattern:
      '{ ($.eventName = "ConsoleLogin") && ($.additionalEventData.MFAUsed != "Yes") && ($.userIdentity.type = "IAMUser") && ($.responseElements.ConsoleLogin = "Success") }',
  },
  {
    id: 'cis-console-authentication-failures',
    control: 'CloudWatch.6',
    title: 'Management Console authentication failures',
    metricName: 'CisConsoleAuthenticationFailures',
    pattern: '{($.eventName=ConsoleLogin) && ($.errorMessage="Failed authentication")}',
  },
];

// ---------------------------------------------------------------------------
// Metric-filter building blocks. `root` is "$." for raw CloudTrail records and
// "$.detail." for EventBridge envelopes; one builder keeps both filters equal.
// ---------------------------------------------------------------------------

type Root = '$.' | '$.detail.';
const RAW: Root = '$.';
const ENVELOPE: Root = '$.detail.';

const quote = (value: string): string => `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
const is = (root: Root, path: string, value: string): string => `(${root}${path} = ${quote(value)})`;
const all = (...terms: string[]): string => (terms.length === 1 ? terms[0] : `(${terms.join(' && ')})`);
const any = (...terms: string[]): string => (terms.length === 1 ? terms[0] : `(${terms.join(' || ')})`);
/** "Missing or null counts as not equal", under either reading of `!=` on a missing property. */
const missingOr = (root: Root, path: string, present: string): string => any(`(${root}${path} NOT EXISTS)`, `(${root}${path} IS NULL)`, present);
const notAnyOf = (root: Root, path: string, values: string[]): string =>
  missingOr(root, path, all(...values.map((value) => `(${root}${path} != ${quote(value)})`)));

/**
 * CloudWatch Logs treats `*` as a wildcard only at the start or end of a value
 * ("Ev*ent" matches only the literal text), while EventBridge wildcards and the
 * config's ARN patterns allow `*` anywhere. An ARN pattern s0*s1*...*sn is
 * therefore written as terms that must all hold: starts with s0 ("s0*"),
 * contains each inner segment ("*si*"), ends with sn ("*sn"). For ARN-shaped
 * values this equals the wildcard match; it can only differ when segments
 * overlap or reorder, which a real ARN's colon-separated layout rules out.
 */
export function arnPatternTerms(pattern: string): string[] {
  if (pattern.includes('**')) throw new Error(`ARN pattern "${pattern}": consecutive wildcards are not allowed`);
  if (pattern.includes('"') || pattern.includes('\\')) throw new Error(`ARN pattern "${pattern}": quotes and backslashes are not allowed`);
  const segments = pattern.split('*');
  if (segments.length === 1) return [pattern];
  const last = segments.length - 1;
  return segments.flatMap((segment, index) => {
    if (segment === '') return [];
    if (index === 0) return [`${segment}*`];
    if (index === last) return [`*${segment}`];
    return [`*${segment}*`];
  });
}

/** Not one of the ignored principals (each an ARN pattern), or no principal ARN at all. */
const notIgnored = (root: Root, patterns: string[]): string =>
  missingOr(
    root,
    'userIdentity.arn',
    all(...patterns.map((pattern) => any(...arnPatternTerms(pattern).map((term) => `(${root}userIdentity.arn != ${quote(term)})`)))),
  );

/**
 * Every filter pins the sign-in service, as the bus patterns pin `source`:
 * envelopes by `$.source`; raw records by eventSource, or by its absence
 * (published fixtures strip it; detection/envelope.ts infers the same).
 */
function filter(root: Root, ...terms: string[]): string {
  const service =
    root === ENVELOPE
      ? `($.source = ${quote(SIGN_IN_SOURCE)})`
      : any(`($.eventSource = ${quote(SIGN_IN_EVENT_SOURCE)})`, '($.eventSource NOT EXISTS)');
  return `{ ${[service, ...terms].join(' && ')} }`;
}

/**
 * A filter on CloudTrail's own API calls: envelopes by `$.source` and the
 * detail's eventSource, raw records by eventSource (always present on a
 * CloudTrail record; unlike sign-ins, no published fixture strips it, so a
 * record without it never matches).
 */
function trailFilter(root: Root, ...terms: string[]): string {
  const service = [...(root === ENVELOPE ? [`($.source = ${quote(TRAIL_SOURCE)})`] : []), is(root, 'eventSource', TRAIL_EVENT_SOURCE)];
  return `{ ${[...service, ...terms].join(' && ')} }`;
}

const consoleLogin = (root: Root): string => is(root, 'eventName', 'ConsoleLogin');
const outcome = (root: Root, value: 'Success' | 'Failure'): string => is(root, 'responseElements.ConsoleLogin', value);
const identityCenterFailed = (root: Root): string =>
  any(is(root, 'serviceEventDetails.CredentialVerification', 'Failure'), is(root, 'serviceEventDetails.CredentialChallenge', 'Failure'));
const credentialVerification = (root: Root): string => is(root, 'eventName', 'CredentialVerification');
const MFA_CREDENTIAL_TYPES = ['TOTP', 'WEBAUTHN'];
const PASSWORD_USER_TYPES = ['IAMUser', 'Root'];

// ---------------------------------------------------------------------------
// EventBridge building blocks (central bus: envelopes).
// ---------------------------------------------------------------------------

const signIn = (detail: EventPattern): EventPattern => ({ source: [SIGN_IN_SOURCE], detail });
const identityCenterFailedBranches: EventPattern[] = [
  { serviceEventDetails: { CredentialVerification: ['Failure'] } },
  { serviceEventDetails: { CredentialChallenge: ['Failure'] } },
];

/** Wildcard ARN patterns of principals whose successful sign-ins are not notified. */
function suppressionBranches(arns: string[]): EventPattern[] {
  return [
    { userIdentity: { arn: [{ 'anything-but': { wildcard: arns } }] } },
    // A record without a principal ARN (or with null) must still alert, whatever anything-but does there.
    { userIdentity: { arn: [{ exists: false }] } },
    { userIdentity: { arn: [null] } },
  ];
}

// ---------------------------------------------------------------------------
// Message fields (shown by every kind; a missing path renders as empty).
// ---------------------------------------------------------------------------

const field = (label: string, variable: string, path: string): MessageField => ({ label, variable, path });

const EVENT = field('Event', 'eventName', '$.detail.eventName');
const PRINCIPAL_TYPE = field('Principal type', 'userType', '$.detail.userIdentity.type');
const PRINCIPAL_ARN = field('Principal ARN', 'userArn', '$.detail.userIdentity.arn');
/** Where and when, in every message. */
const ACCOUNT_REGION_IP_TIME: MessageField[] = [
  field('Account', 'account', '$.account'),
  field('Region', 'region', '$.detail.awsRegion'),
  field('Source IP', 'sourceIp', '$.detail.sourceIPAddress'),
  field('Time', 'eventTime', '$.detail.eventTime'),
];
const EVENT_ID = field('Event id', 'eventId', '$.detail.eventID');

const COMMON_FIELDS: MessageField[] = [
  EVENT,
  PRINCIPAL_TYPE,
  field('User name', 'userName', '$.detail.userIdentity.userName'),
  PRINCIPAL_ARN,
  // Identity Center records since July 2025: no userName; the user is
  // userIdentity.onBehalfOf.{userId, identityStoreArn} (CloudTrail user guide, "userIdentity element").
  field('Identity Center user id', 'identityCenterUserId', '$.detail.userIdentity.onBehalfOf.userId'),
  field('Identity store', 'identityStoreArn', '$.detail.userIdentity.onBehalfOf.identityStoreArn'),
  ...ACCOUNT_REGION_IP_TIME,
  field('User agent', 'userAgent', '$.detail.userAgent'),
  EVENT_ID,
];
const CONSOLE_FIELDS: MessageField[] = [
  field('Outcome', 'outcome', '$.detail.responseElements.ConsoleLogin'),
  field('MFA used', 'mfaUsed', '$.detail.additionalEventData.MFAUsed'),
  field('Error', 'errorMessage', '$.detail.errorMessage'),
];
const IDENTITY_CENTER_FIELDS: MessageField[] = [
  field('Credential type', 'credentialType', '$.detail.additionalEventData.CredentialType'),
  field('Verification', 'verification', '$.detail.serviceEventDetails.CredentialVerification'),
  field('Challenge', 'challenge', '$.detail.serviceEventDetails.CredentialChallenge'),
];

/** Trail tampering: who called what on which trail, and whether it was denied (no user name: API callers are roles as often as users). */
const TRAIL_FIELDS: MessageField[] = [
  EVENT,
  field('Trail', 'trailName', '$.detail.requestParameters.name'),
  // PutEventSelectors and PutInsightSelectors name the trail in trailName; a path an event lacks renders empty.
  field('Trail (selector calls)', 'selectorTrailName', '$.detail.requestParameters.trailName'),
  PRINCIPAL_TYPE,
  PRINCIPAL_ARN,
  ...ACCOUNT_REGION_IP_TIME,
  EVENT_ID,
  field('Error code', 'errorCode', '$.detail.errorCode'),
];

// ---------------------------------------------------------------------------
// The alert kinds.
// ---------------------------------------------------------------------------

interface KindDefinition {
  severity: Severity;
  metricName: string;
  messageFields: MessageField[];
  eventPattern: (ignoredArns: string[]) => EventPattern;
  filter: (root: Root, ignoredArns: string[]) => string;
}

const KINDS: Record<AlertKindId, KindDefinition> = {
  'console-login-success': {
    severity: 'INFO',
    metricName: 'ConsoleLoginSuccess',
    messageFields: [...COMMON_FIELDS, ...CONSOLE_FIELDS],
    eventPattern: (ignored) =>
      signIn({
        eventName: ['ConsoleLogin'],
        responseElements: { ConsoleLogin: ['Success'] },
        ...(ignored.length > 0 ? { $or: suppressionBranches(ignored) } : {}),
      }),
    filter: (root, ignored) =>
      filter(root, consoleLogin(root), outcome(root, 'Success'), ...(ignored.length > 0 ? [notIgnored(root, ignored)] : [])),
  },
  'console-login-failure': {
    severity: 'MEDIUM',
    metricName: 'ConsoleLoginFailure',
    messageFields: [...COMMON_FIELDS, ...CONSOLE_FIELDS],
    eventPattern: () => signIn({ eventName: ['ConsoleLogin'], responseElements: { ConsoleLogin: ['Failure'] } }),
    filter: (root) => filter(root, consoleLogin(root), outcome(root, 'Failure')),
  },
  'console-login-without-mfa': {
    severity: 'HIGH',
    metricName: 'ConsoleLoginWithoutMfa',
    messageFields: [...COMMON_FIELDS, ...CONSOLE_FIELDS],
    eventPattern: () =>
      signIn({
        eventName: ['ConsoleLogin'],
        responseElements: { ConsoleLogin: ['Success'] },
        userIdentity: { type: PASSWORD_USER_TYPES },
        $or: [
          { additionalEventData: { MFAUsed: [{ 'anything-but': ['Yes'] }] } },
          { additionalEventData: { MFAUsed: [{ exists: false }] } },
          { additionalEventData: { MFAUsed: [null] } },
        ],
      }),
    filter: (root) =>
      filter(
        root,
        consoleLogin(root),
        outcome(root, 'Success'),
        any(...PASSWORD_USER_TYPES.map((type) => is(root, 'userIdentity.type', type))),
        notAnyOf(root, 'additionalEventData.MFAUsed', ['Yes']),
      ),
  },
  'root-console-login': {
    severity: 'CRITICAL',
    metricName: 'RootConsoleLogin',
    messageFields: [...COMMON_FIELDS, ...CONSOLE_FIELDS],
    eventPattern: () => signIn({ eventName: ['ConsoleLogin'], userIdentity: { type: ['Root'] } }),
    filter: (root) => filter(root, consoleLogin(root), is(root, 'userIdentity.type', 'Root')),
  },
  'mfa-failure': {
    severity: 'HIGH',
    metricName: 'MfaFailure',
    messageFields: [...COMMON_FIELDS, ...CONSOLE_FIELDS, ...IDENTITY_CENTER_FIELDS],
    eventPattern: () => ({
      source: [SIGN_IN_SOURCE],
      $or: [
        { detail: { eventName: ['ConsoleLogin'], responseElements: { ConsoleLogin: ['Failure'] }, additionalEventData: { MFAUsed: ['Yes'] } } },
        ...identityCenterFailedBranches.map((failed) => ({
          detail: { eventName: ['CredentialVerification'], additionalEventData: { CredentialType: MFA_CREDENTIAL_TYPES }, ...failed },
        })),
      ],
    }),
    filter: (root) =>
      filter(
        root,
        any(
          all(consoleLogin(root), outcome(root, 'Failure'), is(root, 'additionalEventData.MFAUsed', 'Yes')),
          all(
            credentialVerification(root),
            any(...MFA_CREDENTIAL_TYPES.map((type) => is(root, 'additionalEventData.CredentialType', type))),
            identityCenterFailed(root),
          ),
        ),
      ),
  },
  'identity-center-sign-in-failure': {
    severity: 'MEDIUM',
    metricName: 'IdentityCenterSignInFailure',
    messageFields: [...COMMON_FIELDS, ...IDENTITY_CENTER_FIELDS],
    eventPattern: () => signIn({ eventName: ['CredentialVerification'], $or: identityCenterFailedBranches }),
    filter: (root) => filter(root, credentialVerification(root), identityCenterFailed(root)),
  },
  'trail-tampering': {
    severity: 'CRITICAL',
    metricName: 'TrailTampering',
    messageFields: TRAIL_FIELDS,
    // Outcome not pinned: a denied StopLogging is worth knowing too.
    eventPattern: () => trailTamperingPattern(),
    filter: (root) => trailFilter(root, any(...TRAIL_TAMPERING_EVENT_NAMES.map((name) => is(root, 'eventName', name)))),
  },
};

export interface CatalogueOptions {
  /** Kinds switched on or off; absent kinds are on. */
  enabled?: Partial<Record<AlertKindId, boolean>>;
  /** Principals (ARN patterns, `*` wildcard) whose successful sign-ins are not notified. */
  ignorePrincipals?: { arn: string; reason: string }[];
}

/**
 * Length of the longer metric filter (raw or envelope) of the suppressible
 * kind with these ignored ARN patterns: what must stay within
 * MAX_FILTER_PATTERN_LENGTH. For config validation, which reports an overlong
 * alerts.ignorePrincipals with its position instead of the error buildKind throws.
 */
export function suppressionFilterLength(ignoredArns: readonly string[]): number {
  const arns = [...new Set(ignoredArns)];
  const kind = KINDS[SUPPRESSIBLE_ALERT_KIND];
  return Math.max(kind.filter(RAW, arns).length, kind.filter(ENVELOPE, arns).length);
}

function buildKind(id: AlertKindId, ignoredArns: string[]): AlertKind {
  const kind = KINDS[id];
  // Suppression applies to one kind only: failures, root, MFA and trail-tampering alerts always fire.
  const ignored = id === SUPPRESSIBLE_ALERT_KIND ? ignoredArns : [];
  const rawMetricFilter = kind.filter(RAW, ignored);
  const envelopeMetricFilter = kind.filter(ENVELOPE, ignored);
  for (const pattern of [rawMetricFilter, envelopeMetricFilter]) {
    if (pattern.length > MAX_FILTER_PATTERN_LENGTH) {
      throw new Error(
        `${id}: metric filter of ${pattern.length} characters exceeds CloudWatch Logs' ${MAX_FILTER_PATTERN_LENGTH}; list fewer alerts.ignorePrincipals (use wildcards)`,
      );
    }
  }
  return {
    id,
    severity: kind.severity,
    ...ALERT_KIND_TEXT[id],
    metricName: kind.metricName,
    messageFields: kind.messageFields.map((entry) => ({ ...entry })),
    eventPattern: kind.eventPattern(ignored),
    rawMetricFilter,
    envelopeMetricFilter,
  };
}

/** The enabled alert kinds, in the fixed order of ALERT_KIND_IDS. */
export function alertCatalogue(options: CatalogueOptions = {}): AlertKind[] {
  const ignoredArns = [...new Set((options.ignorePrincipals ?? []).map((principal) => principal.arn))];
  return ALERT_KIND_IDS.filter((id) => options.enabled?.[id] !== false).map((id) => buildKind(id, ignoredArns));
}

/** The catalogue as an organization config enables it (alerts.enabled, alerts.ignorePrincipals). */
export function alertKindsFor(config: Pick<OrgConfig, 'alerts'>): AlertKind[] {
  return alertCatalogue({ enabled: config.alerts.enabled, ignorePrincipals: config.alerts.ignorePrincipals });
}

/** One kind, regardless of config (for docs and tests). */
export function alertKind(id: AlertKindId, options: Omit<CatalogueOptions, 'enabled'> = {}): AlertKind {
  return alertCatalogue(options).find((kind) => kind.id === id)!;
}

// ---------------------------------------------------------------------------
// Forwarding, sign-in log, heartbeat, burst.
// ---------------------------------------------------------------------------

/** Heartbeat events on the central bus (also one branch of the forwarder pattern). */
export function heartbeatPattern(): EventPattern {
  return { source: [HEARTBEAT_SOURCE], 'detail-type': [HEARTBEAT_DETAIL_TYPE] };
}

/** Every forwarded sign-in event. */
export function signInLogPattern(): EventPattern {
  return { source: [SIGN_IN_SOURCE], detail: { eventName: [...SIGN_IN_EVENT_NAMES] } };
}

/** CloudTrail calls that stop or blind a trail: the trail-tampering alert, forwarded from every member region. */
export function trailTamperingPattern(): EventPattern {
  return { source: [TRAIL_SOURCE], detail: { eventSource: [TRAIL_EVENT_SOURCE], eventName: [...TRAIL_TAMPERING_EVENT_NAMES] } };
}

/**
 * What the central bus writes to the searchable /aws/events/ sign-in log:
 * sign-ins, and the trail-tampering calls. The tampering calls are kept there
 * because every alert kind's metric (and dashboard widget) counts from this
 * log, and because it is the one record of them outside the account whose
 * trail was stopped or deleted.
 */
export function centralLogPattern(): EventPattern {
  return { $or: [signInLogPattern(), trailTamperingPattern()] };
}

/** `source` and `detail-type` CloudWatch gives every alarm state change it puts on the default bus of the alarm's account and region. */
export const ALARM_STATE_CHANGE_SOURCE = 'aws.cloudwatch';
export const ALARM_STATE_CHANGE_DETAIL_TYPE = 'CloudWatch Alarm State Change';

/**
 * State changes into ALARM of the alarms whose names start with
 * `alarmNamePrefix` (config/names.ts `forwardedAlarmPrefix`): the forwarder
 * health alarms of the member regions. Only ALARM: recovery is visible in the
 * console, and an OK message per region would double the noise.
 */
export function forwardedAlarmPattern(alarmNamePrefix: string): EventPattern {
  if (alarmNamePrefix === '') throw new Error('forwardedAlarmPattern: the alarm name prefix must not be empty (it would forward every alarm)');
  return {
    source: [ALARM_STATE_CHANGE_SOURCE],
    'detail-type': [ALARM_STATE_CHANGE_DETAIL_TYPE],
    detail: { alarmName: [{ prefix: alarmNamePrefix }], state: { value: ['ALARM'] } },
  };
}

/** The forwarded-alarm pattern of a config (its `forwardedAlarmPrefix`). */
export function forwardedAlarmPatternFor(config: Pick<OrgConfig, 'deployment'>): EventPattern {
  return forwardedAlarmPattern(forwardedAlarmPrefix(config));
}

/**
 * What rules on each member region's default bus forward to the central bus:
 * sign-in events, trail-tampering calls (the organization trail's home region
 * is a management-account member region; a trail call in any region of any
 * account matters), heartbeats, and the state changes of the region's
 * forwarder health alarms (which have no SNS topic to notify in the member
 * region). Forwarded whether or not the kind is enabled: the aggregator's
 * rules decide what alerts.
 */
export function forwarderPattern(alarmNamePrefix: string): EventPattern {
  return { $or: [signInLogPattern(), trailTamperingPattern(), heartbeatPattern(), forwardedAlarmPattern(alarmNamePrefix)] };
}

/** The forwarder pattern of a config (its `forwardedAlarmPrefix`). */
export function forwarderPatternFor(config: Pick<OrgConfig, 'deployment'>): EventPattern {
  return forwarderPattern(forwardedAlarmPrefix(config));
}

/**
 * Heartbeat weights. Each member region's heartbeat carries `weight` = 1/N,
 * N = the account's enabled regions, rounded to HEARTBEAT_WEIGHT_DECIMALS: an
 * account's heartbeats add up to 1 per heartbeat period however many regions
 * it has, and never change the aggregator when an account's regions do
 * (changed-stacks lists only that member stack).
 *
 * Heartbeats are counted per SHARD, not per account (docs/aggregator.md,
 * "Forwarder health at scale"): every account belongs to shard
 * `heartbeatShard(id)` of HEARTBEAT_SHARDS, the metric filter's only
 * dimension is the shard, and the aggregator alarms when a shard's sum falls
 * below its account count K minus HEARTBEAT_SHARD_TOLERANCE. So the filter
 * produces at most HEARTBEAT_SHARDS dimension values an hour whatever the
 * number of accounts (PutMetricFilter: a filter may be disabled at 1,000),
 * and the custom metrics and alarms are a constant 2 × HEARTBEAT_SHARDS.
 *
 * Arithmetic: rounding moves each weight by at most 0.5e-9, so an account's
 * N weights sum to 1 ± N × 0.5e-9 ≤ 1 ± 5e-8 (N ≤ 99), and a shard of K
 * accounts to K ± K × 5e-8. A missing region removes at least 1/99 ≈ 0.0101.
 * With a tolerance of 0.005 a whole shard (≥ K − K × 5e-8) stays above the
 * threshold and a shard one region short (≤ K − 0.0101 + K × 5e-8) falls
 * below it for every K ≤ MAX_ACCOUNTS_PER_HEARTBEAT_SHARD.
 */
export const HEARTBEAT_WEIGHT_DECIMALS = 9;
export const MAX_HEARTBEAT_REGIONS = 99;
export const HEARTBEAT_SHARDS = 32;
export const HEARTBEAT_SHARD_TOLERANCE = 0.005;
export const MAX_ACCOUNTS_PER_HEARTBEAT_SHARD = 50_000;

/** The weight of one region's heartbeat in an account with `regionCount` enabled regions. */
export function heartbeatWeight(regionCount: number): number {
  if (!Number.isInteger(regionCount) || regionCount < 1 || regionCount > MAX_HEARTBEAT_REGIONS) {
    throw new Error(`heartbeat weight: an account needs 1 to ${MAX_HEARTBEAT_REGIONS} regions for the shard threshold to hold, got ${regionCount}`);
  }
  return Number((1 / regionCount).toFixed(HEARTBEAT_WEIGHT_DECIMALS));
}

/** The heartbeat shard of an account: its 12-digit id modulo HEARTBEAT_SHARDS (stable: never depends on the other accounts). */
export function heartbeatShard(accountId: string): number {
  if (!/^\d{12}$/.test(accountId)) throw new Error(`heartbeat shard: "${accountId}" is not a 12-digit account id`);
  return Number(accountId) % HEARTBEAT_SHARDS;
}

/** Alarm threshold of a shard holding `accountCount` accounts: their heartbeats sum to accountCount each period. */
export function heartbeatShardThreshold(accountCount: number): number {
  if (!Number.isInteger(accountCount) || accountCount < 1 || accountCount > MAX_ACCOUNTS_PER_HEARTBEAT_SHARD) {
    throw new Error(`heartbeat shard: 1 to ${MAX_ACCOUNTS_PER_HEARTBEAT_SHARD} accounts per shard keep the threshold exact, got ${accountCount}`);
  }
  return Number((accountCount - HEARTBEAT_SHARD_TOLERANCE).toFixed(3));
}

/**
 * Heartbeat metric filter for the log group the central heartbeat rule writes
 * to (envelopes): one metric per shard, each heartbeat adding its weight.
 * Weights outside (0, 1] are not counted, so no single forged event can add
 * more than a whole account.
 */
export const HEARTBEAT_METRIC_FILTER: Readonly<MetricFilterSpec> = {
  metricName: 'Heartbeat',
  pattern: `{ ($.source = ${quote(HEARTBEAT_SOURCE)}) && ($.detail.weight > 0) && ($.detail.weight <= 1) }`,
  metricValue: '$.detail.weight',
  dimensions: { Shard: '$.detail.shard' },
};

/**
 * Dead-lettered sign-in events, seen centrally: the organization trail logs
 * SQS `SendMessage` data events on the member forwarders' dead-letter queues
 * (management stack, advanced event selector), and this filter on the trail's
 * log group counts them. CloudTrail records SendMessage as `requestParameters.queueUrl`
 * (SQS developer guide, "Logging Amazon SQS API calls using AWS CloudTrail", SendMessage example).
 */
export function forwarderDeadLetterFilter(dlqName: string): MetricFilterSpec {
  return {
    metricName: 'ForwarderDeadLetters',
    pattern: `{ ($.eventSource = "sqs.amazonaws.com") && ($.eventName = "SendMessage") && ($.requestParameters.queueUrl = ${quote(`*/${dlqName}`)}) }`,
  };
}

/** Alarm period of the failed sign-in burst alarm. */
export const BURST_PERIOD_SECONDS = 300;

/**
 * Failed sign-ins across the organization (console-login-failure plus
 * identity-center-sign-in-failure), counted on the central envelope log group.
 * Not suppressible: failures are never suppressed.
 */
export function burstFilter(threshold: number): BurstFilter {
  if (!Number.isInteger(threshold) || threshold < 1) throw new Error(`burst threshold must be a positive integer, got ${threshold}`);
  const failures = [KINDS['console-login-failure'], KINDS['identity-center-sign-in-failure']].map((kind) =>
    kind.filter(ENVELOPE, []).replace(/^\{ (.*) \}$/, '($1)'),
  );
  return { metricName: 'FailedSignInBurst', pattern: `{ ${any(...failures)} }`, threshold, periodSeconds: BURST_PERIOD_SECONDS };
}

/** The burst filter with the config's threshold (alerts.failedSignInBurst). */
export function burstFilterFor(config: Pick<OrgConfig, 'alerts'>): BurstFilter {
  return burstFilter(config.alerts.failedSignInBurst);
}
