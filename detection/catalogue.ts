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
import { orgConfigSchema, type OrgConfig } from '../config/schema';
import { deploymentSessionArnPatterns, forwardedAlarmPrefix, productLogGroupPrefixes, resourceNamePrefix } from '../config/names';
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

/**
 * Max length of an EventBridge event pattern: "Event pattern size: 2048
 * characters by default, adjustable up to 4096" (Amazon EventBridge quotas),
 * and hashicorp/aws 5.x refuses a longer event_pattern at plan ("cannot be
 * longer than 2048 characters", terraform-provider-aws issue #33732).
 */
export const MAX_EVENT_PATTERN_LENGTH = 2048;

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

/**
 * Pipeline tampering: who called what on which of the product's resources.
 * Each call names its resource in its own request parameter; the lines of
 * the parameters a call lacks render empty. No alarm-name line: alarmNames is
 * a list, which an input path (dot notation only, detection/message.ts)
 * would insert as raw JSON and break the Chatbot message; the event id finds
 * the call in the sign-in log.
 */
const PIPELINE_FIELDS: MessageField[] = [
  EVENT,
  field('Service', 'eventSource', '$.detail.eventSource'),
  field('Rule or schedule', 'resourceName', '$.detail.requestParameters.name'),
  field('Rule (targets)', 'ruleName', '$.detail.requestParameters.rule'),
  field('Topic', 'topicArn', '$.detail.requestParameters.topicArn'),
  field('Subscription', 'subscriptionArn', '$.detail.requestParameters.subscriptionArn'),
  field('Log group', 'logGroupName', '$.detail.requestParameters.logGroupName'),
  field('Role', 'roleName', '$.detail.requestParameters.roleName'),
  field('Queue', 'queueUrl', '$.detail.requestParameters.queueUrl'),
  field('Key', 'keyId', '$.detail.requestParameters.keyId'),
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
  eventPattern: (ignoredArns: string[], context: KindContext) => EventPattern;
  /** The kind's filter as one pattern (deployed as is unless `filters` is given). */
  filter: (root: Root, ignoredArns: string[], context: KindContext) => string;
  /** A kind too long for one filter: the filters deployed side by side on one metric (each within MAX_FILTER_PATTERN_LENGTH). */
  filters?: (root: Root, context: KindContext) => string[];
}

/** What a kind may need from the deployment besides alerts.* (the pipeline-tampering kind: names and deploy sessions). */
export interface KindContext {
  pipeline: PipelineNames;
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
  'pipeline-tampering': {
    severity: 'CRITICAL',
    metricName: 'PipelineTampering',
    messageFields: PIPELINE_FIELDS,
    // Outcome not pinned: a denied DeleteRule is worth knowing too. Deploy sessions go to the grouped count instead.
    eventPattern: (_ignored, context) => pipelineTamperingPattern(context.pipeline),
    filter: (root, _ignored, context) => oneFilter(pipelineFilters(root, context.pipeline, 'others')),
    filters: (root, context) => pipelineFilters(root, context.pipeline, 'others'),
  },
};

export interface CatalogueOptions {
  /** Kinds switched on or off; absent kinds are on. */
  enabled?: Partial<Record<AlertKindId, boolean>>;
  /** Principals (ARN patterns, `*` wildcard) whose successful sign-ins are not notified. */
  ignorePrincipals?: { arn: string; reason: string }[];
  /**
   * How the product's own resources and deploys are named (pipeline-tampering).
   * @default the names of the default deployment settings (namePrefix signin-watch, role OrganizationAccountAccessRole)
   */
  pipeline?: PipelineNames;
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
  const context: KindContext = { pipeline: DEFAULT_PIPELINE_NAMES };
  return Math.max(kind.filter(RAW, arns, context).length, kind.filter(ENVELOPE, arns, context).length);
}

function buildKind(id: AlertKindId, ignoredArns: string[], context: KindContext): AlertKind {
  const kind = KINDS[id];
  // Suppression applies to one kind only: failures, root, MFA and tampering alerts always fire.
  const ignored = id === SUPPRESSIBLE_ALERT_KIND ? ignoredArns : [];
  const rawMetricFilter = kind.filter(RAW, ignored, context);
  const envelopeMetricFilter = kind.filter(ENVELOPE, ignored, context);
  const rawMetricFilters = kind.filters ? kind.filters(RAW, context) : [rawMetricFilter];
  const envelopeMetricFilters = kind.filters ? kind.filters(ENVELOPE, context) : [envelopeMetricFilter];
  for (const pattern of [...rawMetricFilters, ...envelopeMetricFilters]) {
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
    eventPattern: kind.eventPattern(ignored, context),
    rawMetricFilter,
    envelopeMetricFilter,
    rawMetricFilters,
    envelopeMetricFilters,
  };
}

/** The enabled alert kinds, in the fixed order of ALERT_KIND_IDS. */
export function alertCatalogue(options: CatalogueOptions = {}): AlertKind[] {
  const ignoredArns = [...new Set((options.ignorePrincipals ?? []).map((principal) => principal.arn))];
  const context: KindContext = { pipeline: options.pipeline ?? DEFAULT_PIPELINE_NAMES };
  return ALERT_KIND_IDS.filter((id) => options.enabled?.[id] !== false).map((id) => buildKind(id, ignoredArns, context));
}

/**
 * The catalogue as an organization config enables it (alerts.enabled,
 * alerts.ignorePrincipals), with the config's names for pipeline-tampering
 * (the defaults when the config carries no deployment section).
 */
export function alertKindsFor(
  config: Pick<OrgConfig, 'alerts'> & Partial<Pick<OrgConfig, 'deployment' | 'accounts'>>,
  /** ARNs of the product's KMS keys the calling stack owns (Terraform references), for pipeline-tampering. */
  keyArns: string[] = [],
): AlertKind[] {
  const names = config.deployment ? pipelineNamesFor({ deployment: config.deployment, accounts: config.accounts ?? [] }) : DEFAULT_PIPELINE_NAMES;
  return alertCatalogue({
    enabled: config.alerts.enabled,
    ignorePrincipals: config.alerts.ignorePrincipals,
    pipeline: { ...names, keyArns },
  });
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

// ---------------------------------------------------------------------------
// pipeline-tampering: calls that change or delete signin-watch's own resources
// (issue 10 item 6). Self-contained: its own constants and builders.
// ---------------------------------------------------------------------------

/**
 * How a request parameter names one of the product's resources, given the
 * deployment's name prefix p (config/names.ts):
 * - `name`: a rule, schedule, alarm or role name starting with `p-`;
 * - `arn-name`: an SNS topic or subscription ARN whose topic name starts
 *   with `p-` (the ARN contains `:p-`);
 * - `queue-url`: an SQS queue URL whose queue name starts with `p-` (the URL
 *   contains `/p-`);
 * - `log-group`: a log group name under `/aws/events/p/` or `/p/`.
 */
export type PipelineNameMatch = 'name' | 'arn-name' | 'queue-url' | 'log-group';

export interface PipelineCall {
  /** CloudTrail eventSource. */
  eventSource: string;
  /**
   * EventBridge `source` of the service's CloudTrail events: "aws." + the
   * eventSource prefix, CloudWatch included ("Amazon CloudWatch Monitoring
   * events": CloudTrail-delivered events have "source: aws.monitoring",
   * "eventSource: monitoring.amazonaws.com"; aws.cloudwatch is only its alarm
   * state changes).
   */
  source: string;
  eventNames: readonly string[];
  /** IAM action prefix of the service (the protection SCP denies `<iamPrefix>:<eventName>`); CloudWatch's is `cloudwatch`. */
  iamPrefix: string;
  /** The requestParameters key that names the resource, as CloudTrail records it. */
  parameter: string;
  /** The parameter is a list (alarmNames): EventBridge tests every element, a metric filter the first PIPELINE_LIST_ELEMENTS. */
  list?: boolean;
  match: PipelineNameMatch;
}

/**
 * The calls, and the request parameter CloudTrail records the resource in.
 * Where a published record shows the parameter, docs/detection.md cites it;
 * the others follow the API's request syntax (CloudTrail records the request
 * parameters as sent) and are marked unverified there.
 * IAM calls reach EventBridge only in us-east-1 (global service), so only
 * that region's forwarder carries them; the trail filter sees them anyway.
 */
export const PIPELINE_CALLS: readonly PipelineCall[] = [
  { eventSource: 'events.amazonaws.com', source: 'aws.events', iamPrefix: 'events', eventNames: ['PutRule', 'DeleteRule', 'DisableRule'], parameter: 'name', match: 'name' },
  { eventSource: 'events.amazonaws.com', source: 'aws.events', iamPrefix: 'events', eventNames: ['PutTargets', 'RemoveTargets'], parameter: 'rule', match: 'name' },
  { eventSource: 'scheduler.amazonaws.com', source: 'aws.scheduler', iamPrefix: 'scheduler', eventNames: ['UpdateSchedule', 'DeleteSchedule'], parameter: 'name', match: 'name' },
  { eventSource: 'sns.amazonaws.com', source: 'aws.sns', iamPrefix: 'sns', eventNames: ['DeleteTopic', 'SetTopicAttributes'], parameter: 'topicArn', match: 'arn-name' },
  { eventSource: 'sns.amazonaws.com', source: 'aws.sns', iamPrefix: 'sns', eventNames: ['Unsubscribe'], parameter: 'subscriptionArn', match: 'arn-name' },
  { eventSource: 'monitoring.amazonaws.com', source: 'aws.monitoring', iamPrefix: 'cloudwatch', eventNames: ['DeleteAlarms', 'DisableAlarmActions'], parameter: 'alarmNames', list: true, match: 'name' },
  { eventSource: 'logs.amazonaws.com', source: 'aws.logs', iamPrefix: 'logs', eventNames: ['DeleteLogGroup', 'DeleteMetricFilter', 'PutRetentionPolicy'], parameter: 'logGroupName', match: 'log-group' },
  {
    eventSource: 'iam.amazonaws.com',
    source: 'aws.iam',
    iamPrefix: 'iam',
    eventNames: ['DeleteRole', 'PutRolePolicy', 'DeleteRolePolicy', 'UpdateAssumeRolePolicy', 'AttachRolePolicy', 'DetachRolePolicy'],
    parameter: 'roleName',
    match: 'name',
  },
  { eventSource: 'sqs.amazonaws.com', source: 'aws.sqs', iamPrefix: 'sqs', eventNames: ['DeleteQueue', 'SetQueueAttributes', 'PurgeQueue'], parameter: 'queueUrl', match: 'queue-url' },
];

/**
 * The product's KMS keys are recognized by key ARN: KMS records the caller's
 * `keyId` as sent (a key id or ARN, never an alias for these calls) and the
 * key's ARN in `resources[0].ARN` (AWS KMS developer guide, "ScheduleKeyDeletion"
 * CloudTrail example). Key ARNs exist only after apply, so they come from the
 * stack that owns the keys (`PipelineNames.keyArns`); without them no key
 * branch is built.
 */
export const PIPELINE_KEY_CALL = {
  eventSource: 'kms.amazonaws.com',
  source: 'aws.kms',
  iamPrefix: 'kms',
  eventNames: ['DisableKey', 'ScheduleKeyDeletion', 'PutKeyPolicy'],
} as const;

/**
 * Elements of a list parameter (DeleteAlarms' alarmNames) a metric filter
 * reads: a filter selects one index per term. EventBridge tests them all; a
 * product alarm named after the 5th unrelated one escapes only the trail path.
 */
export const PIPELINE_LIST_ELEMENTS = 5;

/** Metric of the grouped count of the deployment role's deploy-session calls on the product's resources (lower severity). */
export const PIPELINE_DEPLOY_CHANGE_METRIC = 'PipelineChangeByDeployment';

/** What the pipeline-tampering patterns need from the deployment (config/names.ts). */
export interface PipelineNames {
  /** Start of the product's rule, schedule, topic, alarm, role and queue names (`<prefix>-`). */
  resourcePrefix: string;
  /** Starts of the product's log group names. */
  logGroupPrefixes: string[];
  /** ARN patterns of the deployment role's deploy sessions (`*` wildcard). */
  deploymentSessionArns: string[];
  /** ARNs of the product's KMS keys known to the stack (tokens in a stack); none by default. */
  keyArns?: string[];
}

/** The pipeline names of a config. */
export function pipelineNamesFor(config: Pick<OrgConfig, 'deployment' | 'accounts'>): PipelineNames {
  return {
    resourcePrefix: resourceNamePrefix(config),
    logGroupPrefixes: productLogGroupPrefixes(config),
    deploymentSessionArns: deploymentSessionArnPatterns(config),
  };
}

/** The names of the default deployment settings (schema defaults, no account override). */
export const DEFAULT_PIPELINE_NAMES: Readonly<PipelineNames> = pipelineNamesFor({
  deployment: orgConfigSchema.shape.deployment.parse(undefined),
  accounts: [],
});

const escapeWildcard = (value: string): string => value.replace(/\\/g, '\\\\').replace(/\*/g, '\\*');

/** EventBridge matchers for a parameter value naming one of the product's resources. */
function pipelineValueMatchers(call: Pick<PipelineCall, 'match'>, names: PipelineNames): unknown[] {
  switch (call.match) {
    case 'name':
      return [{ prefix: names.resourcePrefix }];
    case 'arn-name':
      return [{ wildcard: `*:${escapeWildcard(names.resourcePrefix)}*` }];
    case 'queue-url':
      return [{ wildcard: `*/${escapeWildcard(names.resourcePrefix)}*` }];
    case 'log-group':
      return names.logGroupPrefixes.map((start) => ({ prefix: start }));
  }
}

/** CloudWatch Logs values (wildcards at the ends only) for the same test. */
function pipelineFilterValues(call: Pick<PipelineCall, 'match'>, names: PipelineNames): string[] {
  switch (call.match) {
    case 'name':
      return [`${names.resourcePrefix}*`];
    case 'arn-name':
      return [`*:${names.resourcePrefix}*`];
    case 'queue-url':
      return [`*/${names.resourcePrefix}*`];
    case 'log-group':
      return names.logGroupPrefixes.map((start) => `${start}*`);
  }
}

/**
 * EventBridge branches (detail level): one per request parameter, with the
 * event names that carry it, plus the key branch (any key, or the known key
 * ARNs). No eventSource per branch: the pattern's `source` list pins the
 * services (no other service has these event names with these parameters),
 * which keeps the forwarder within EventBridge's pattern size.
 */
function pipelineBranches(names: PipelineNames, keys: 'known' | 'any'): EventPattern[] {
  const byParameter = new Map<string, { call: PipelineCall; eventNames: string[] }>();
  for (const call of PIPELINE_CALLS) {
    const key = `${call.parameter}|${call.match}`;
    const entry = byParameter.get(key) ?? { call, eventNames: [] };
    entry.eventNames.push(...call.eventNames);
    byParameter.set(key, entry);
  }
  const calls: EventPattern[] = [...byParameter.values()].map(({ call, eventNames }) => ({
    eventName: eventNames,
    requestParameters: { [call.parameter]: pipelineValueMatchers(call, names) },
  }));
  const keyCall = { eventSource: [PIPELINE_KEY_CALL.eventSource], eventName: [...PIPELINE_KEY_CALL.eventNames] };
  if (keys === 'any') return [...calls, keyCall];
  const keyArns = names.keyArns ?? [];
  return keyArns.length > 0 ? [...calls, { ...keyCall, resources: { ARN: [...keyArns] } }] : calls;
}

const pipelineSources = (withKeys: boolean): string[] =>
  [...new Set([...PIPELINE_CALLS.map((call) => call.source), ...(withKeys ? [PIPELINE_KEY_CALL.source] : [])])];

/**
 * Every call on the product's resources, by anyone (deploys included), and
 * the key calls of any key: what every member region forwards. Key calls are
 * forwarded whatever the key (the member stacks cannot know the key ARNs);
 * the central rules keep only the product's keys.
 */
export function pipelineForwardPattern(names: PipelineNames): EventPattern {
  return { source: pipelineSources(true), detail: { $or: pipelineBranches(names, 'any') } };
}

/** Every call on the product's resources (and its known keys), by anyone: what the central sign-in log keeps. */
export function pipelineChangePattern(names: PipelineNames): EventPattern {
  const withKeys = (names.keyArns ?? []).length > 0;
  return { source: pipelineSources(withKeys), detail: { $or: pipelineBranches(names, 'known') } };
}

/**
 * The pipeline-tampering alert: every call on the product's resources except
 * the deployment role's deploy sessions (counted apart, see
 * pipelineDeployChangeFilters). A record without a principal ARN alerts.
 */
export function pipelineTamperingPattern(names: PipelineNames): EventPattern {
  const change = pipelineChangePattern(names);
  const pattern = {
    ...change,
    detail: {
      ...(change.detail as EventPattern),
      userIdentity: {
        $or: [{ arn: [{ 'anything-but': { wildcard: names.deploymentSessionArns } }] }, { arn: [{ exists: false }] }, { arn: [null] }],
      },
    },
  };
  // Key ARNs are Terraform references in a stack: their resolved length is checked at plan, not here.
  if ((names.keyArns ?? []).length === 0 && JSON.stringify(pattern).length > MAX_EVENT_PATTERN_LENGTH) {
    throw new Error(`pipeline-tampering: event pattern of ${JSON.stringify(pattern).length} characters exceeds EventBridge's ${MAX_EVENT_PATTERN_LENGTH}`);
  }
  return pattern;
}

/** The filter term of one call: its service (and, for envelopes, its source), event names, and resource name. */
function pipelineCallTerm(root: Root, call: PipelineCall, names: PipelineNames): string {
  const selectors = call.list
    ? Array.from({ length: PIPELINE_LIST_ELEMENTS }, (_, index) => `${call.parameter}[${index}]`)
    : [call.parameter];
  const values = pipelineFilterValues(call, names);
  return all(
    ...(root === ENVELOPE ? [`($.source = ${quote(call.source)})`] : []),
    is(root, 'eventSource', call.eventSource),
    any(...call.eventNames.map((name) => is(root, 'eventName', name))),
    any(...selectors.flatMap((selector) => values.map((value) => is(root, `requestParameters.${selector}`, value)))),
  );
}

function pipelineKeyTerm(root: Root, keyArns: string[]): string {
  return all(
    ...(root === ENVELOPE ? [`($.source = ${quote(PIPELINE_KEY_CALL.source)})`] : []),
    is(root, 'eventSource', PIPELINE_KEY_CALL.eventSource),
    any(...PIPELINE_KEY_CALL.eventNames.map((name) => is(root, 'eventName', name))),
    any(...keyArns.map((arn) => is(root, 'resources[0].ARN', arn))),
  );
}

/**
 * A deploy session's ARN ends with `:assumed-role/<role>/<session>`, which
 * only an STS session ARN contains: the filters test that end only (the
 * pattern's `arn:aws:sts::*` start adds length, not precision).
 */
const sessionArnEnd = (pattern: string): string => {
  const terms = arnPatternTerms(pattern);
  return terms[terms.length - 1];
};

/** The deploy-session test: `others` = not a deploy session (or no principal ARN), `deployment` = a deploy session. */
function principalTerm(root: Root, names: PipelineNames, who: 'others' | 'deployment'): string {
  const ends = names.deploymentSessionArns.map(sessionArnEnd);
  if (who === 'others') return notAnyOf(root, 'userIdentity.arn', ends);
  return any(...ends.map((end) => is(root, 'userIdentity.arn', end)));
}

/**
 * The metric filters of one side (`others`: pipeline-tampering; `deployment`:
 * the grouped deploy count): the call terms packed, in order, into as few
 * filters as fit MAX_FILTER_PATTERN_LENGTH, each `{ (calls) && principal }`.
 * They publish to one metric: a log group takes up to 100 metric filters
 * (PutMetricFilter reference: "The maximum number of metric filters that can
 * be associated with a log group is 100").
 */
export function pipelineFilters(root: Root, names: PipelineNames, who: 'others' | 'deployment'): string[] {
  const principal = principalTerm(root, names, who);
  const build = (parts: string[]): string => `{ ${all(any(...parts), principal)} }`;
  const fits = (parts: string[]): boolean => build(parts).length <= MAX_FILTER_PATTERN_LENGTH;
  // A call too long for one filter beside the principal test is split by event names.
  const callTerms = (call: PipelineCall): string[] => {
    const term = pipelineCallTerm(root, call, names);
    if (fits([term]) || call.eventNames.length === 1) return [term];
    const half = Math.ceil(call.eventNames.length / 2);
    return [call.eventNames.slice(0, half), call.eventNames.slice(half)].flatMap((eventNames) => callTerms({ ...call, eventNames }));
  };
  const filters: string[][] = [];
  for (const term of PIPELINE_CALLS.flatMap(callTerms)) {
    const last = filters[filters.length - 1];
    if (last && fits([...last, term])) last.push(term);
    else filters.push([term]);
  }
  // Key ARNs are Terraform references in a stack, far shorter here than resolved (about 75 characters each):
  // the key term gets a filter of its own, which stays within the limit for the few keys a stack owns.
  const keyArns = names.keyArns ?? [];
  if (keyArns.length > 0) filters.push([pipelineKeyTerm(root, keyArns)]);
  const patterns = filters.map(build);
  const tooLong = patterns.find((pattern) => pattern.length > MAX_FILTER_PATTERN_LENGTH);
  if (tooLong) {
    throw new Error(
      `pipeline-tampering: a filter of ${tooLong.length} characters exceeds CloudWatch Logs' ${MAX_FILTER_PATTERN_LENGTH}: use fewer distinct deployment role names (deployment.roleName, accounts[].deploymentRoleName)`,
    );
  }
  return patterns;
}

/** Several filters as one pattern (any of them), for offline evaluation (classify, tests): never deployed when longer than the limit. */
function oneFilter(filters: string[]): string {
  return filters.length === 1 ? filters[0] : `{ ${any(...filters.map((pattern) => pattern.replace(/^\{ (.*) \}$/, '($1)')))} }`;
}

/** Raw-record (trail log) and envelope (central log) filters of the deployment role's deploy-session calls: one grouped, lower-severity count. */
export function pipelineDeployChangeFilters(names: PipelineNames): { raw: string[]; envelope: string[] } {
  return { raw: pipelineFilters(RAW, names, 'deployment'), envelope: pipelineFilters(ENVELOPE, names, 'deployment') };
}

/**
 * What the central bus writes to the searchable /aws/events/ sign-in log:
 * sign-ins, and the trail-tampering calls. The tampering calls are kept there
 * because every alert kind's metric (and dashboard widget) counts from this
 * log, and because it is the one record of them outside the account whose
 * trail was stopped or deleted.
 */
export function centralLogPattern(pipeline: PipelineNames): EventPattern {
  return { $or: [signInLogPattern(), trailTamperingPattern(), pipelineChangePattern(pipeline)] };
}

/** The central log pattern of a config (its names; the aggregator adds its key ARNs). */
export function centralLogPatternFor(config: Pick<OrgConfig, 'deployment' | 'accounts'>, keyArns: string[] = []): EventPattern {
  return centralLogPattern({ ...pipelineNamesFor(config), keyArns });
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
export function forwarderPattern(alarmNamePrefix: string, pipeline: PipelineNames): EventPattern {
  const pattern = {
    $or: [signInLogPattern(), trailTamperingPattern(), heartbeatPattern(), forwardedAlarmPattern(alarmNamePrefix), pipelineForwardPattern(pipeline)],
  };
  const length = JSON.stringify(pattern).length;
  if (length > MAX_EVENT_PATTERN_LENGTH) {
    throw new Error(`forwarder pattern of ${length} characters exceeds EventBridge's ${MAX_EVENT_PATTERN_LENGTH}`);
  }
  return pattern;
}

/** The forwarder pattern of a config (its `forwardedAlarmPrefix` and pipeline names). */
export function forwarderPatternFor(config: Pick<OrgConfig, 'deployment'> & Partial<Pick<OrgConfig, 'accounts'>>): EventPattern {
  return forwarderPattern(forwardedAlarmPrefix(config), pipelineNamesFor({ deployment: config.deployment, accounts: config.accounts ?? [] }));
}

/**
 * Heartbeat weights. Each member region's heartbeat carries `weight` = 1/N,
 * N = the account's enabled regions, rounded to HEARTBEAT_WEIGHT_DECIMALS: an
 * account's heartbeats add up to 1 per hour however many regions it has, so
 * the aggregator's per-account alarm is the same for every account and never
 * changes when an account's regions do (changed-stacks lists only that
 * member stack).
 *
 * Arithmetic: rounding moves each weight by at most 0.5e-6, so N weights sum
 * to 1 ± N × 0.5e-6 (within 1e-4 for any N ≤ 200). A missing region leaves at
 * most (N − 1)/N + N × 0.5e-6 ≈ 1 − 1/N. HEARTBEAT_ALARM_THRESHOLD = 0.99
 * therefore tells "all regions" (≥ 0.9999) from "one region short"
 * (≤ 1 − 1/N < 0.99) for every N below 100; MAX_HEARTBEAT_REGIONS guards it
 * (the region catalogue has 34).
 */
export const HEARTBEAT_WEIGHT_DECIMALS = 6;
export const HEARTBEAT_ALARM_THRESHOLD = 0.99;
export const MAX_HEARTBEAT_REGIONS = 99;

/** The weight of one region's heartbeat in an account with `regionCount` enabled regions. */
export function heartbeatWeight(regionCount: number): number {
  if (!Number.isInteger(regionCount) || regionCount < 1 || regionCount > MAX_HEARTBEAT_REGIONS) {
    throw new Error(`heartbeat weight: an account needs 1 to ${MAX_HEARTBEAT_REGIONS} regions for the ${HEARTBEAT_ALARM_THRESHOLD} threshold to hold, got ${regionCount}`);
  }
  return Number((1 / regionCount).toFixed(HEARTBEAT_WEIGHT_DECIMALS));
}

/**
 * Heartbeat metric filter for the log group the central heartbeat rule writes
 * to (envelopes); one metric per account, each heartbeat adding its weight.
 */
export const HEARTBEAT_METRIC_FILTER: Readonly<MetricFilterSpec> = {
  metricName: 'Heartbeat',
  pattern: `{ $.source = ${quote(HEARTBEAT_SOURCE)} }`,
  metricValue: '$.detail.weight',
  dimensions: { Account: '$.account' },
};

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
    kind.filter(ENVELOPE, [], { pipeline: DEFAULT_PIPELINE_NAMES }).replace(/^\{ (.*) \}$/, '($1)'),
  );
  return { metricName: 'FailedSignInBurst', pattern: `{ ${any(...failures)} }`, threshold, periodSeconds: BURST_PERIOD_SECONDS };
}

/** The burst filter with the config's threshold (alerts.failedSignInBurst). */
export function burstFilterFor(config: Pick<OrgConfig, 'alerts'>): BurstFilter {
  return burstFilter(config.alerts.failedSignInBurst);
}
