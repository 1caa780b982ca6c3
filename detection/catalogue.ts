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
import { orgConfigSchema, type AccountConfig, type OrgConfig } from '../config/schema';
import { deploymentSessionArnPatterns, forwardedAlarmPrefix, productLogGroupPrefixes, resourceNamePrefix } from '../config/names';
import { ALERT_KIND_IDS, ALERT_KIND_TEXT, alertKindEnabledByDefault, SUPPRESSIBLE_ALERT_KIND } from '../config/alert-kinds';
import type {
  AlertKind,
  AlertKindId,
  BurstFilter,
  CisFilter,
  EventPattern,
  MessageField,
  MetricFilterSpec,
  PrincipalBurstSpec,
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
// Detection pack v2 (issue 11): the account-takeover moves around a sign-in.
// Self-contained: event names, patterns, filters and message fields of the
// kinds root-account-change ... guardduty-console-finding. Definitions and
// their sources: docs/detection.md. Every filter here pins eventSource (and
// `$.source` on envelopes) exactly: unlike ConsoleLogin, no published fixture
// of these calls strips it, and both paths then agree on a record without it.
// ---------------------------------------------------------------------------

export const ACCOUNT_EVENT_SOURCE = 'account.amazonaws.com';
export const IAM_EVENT_SOURCE = 'iam.amazonaws.com';
/** IAM Identity Center's directory (MFA devices, identity source). */
export const SSO_DIRECTORY_EVENT_SOURCE = 'sso-directory.amazonaws.com';
/** IAM Identity Center itself; also the `userIdentity.invokedBy` of the calls it makes in member accounts. */
export const SSO_EVENT_SOURCE = 'sso.amazonaws.com';

/**
 * Root credential changes signin.amazonaws.com records (CloudTrail user guide,
 * "AWS Management Console sign-in events": PasswordUpdated; panther-analysis
 * aws_root_password_changed / aws_root_password_recovery; Elastic
 * "AWS Root Login Profile / Password Recovery"). Root only: an IAM user's
 * own iam:ChangePassword is not one of them.
 */
export const ROOT_SIGN_IN_CHANGE_EVENT_NAMES = ['PasswordUpdated', 'PasswordRecoveryRequested', 'PasswordRecoveryCompleted', 'EmailUpdated'] as const;
/** Account Management API calls that move the account's primary email or its contacts (Account Management reference, "Logging AWS Account Management API calls using AWS CloudTrail"). Any principal, any outcome. */
export const ACCOUNT_CONTACT_EVENT_NAMES = [
  'StartPrimaryEmailUpdate',
  'AcceptPrimaryEmailUpdate',
  'PutContactInformation',
  'PutAlternateContact',
  'DeleteAlternateContact',
] as const;
/** IAM MFA removal (IAM API reference DeactivateMFADevice, DeleteVirtualMFADevice). */
export const IAM_MFA_REMOVAL_EVENT_NAMES = ['DeactivateMFADevice', 'DeleteVirtualMFADevice'] as const;
/**
 * IAM Identity Center MFA device deletion, recorded by sso-directory.amazonaws.com as
 * DeleteMfaDeviceForUser (IAM Identity Center user guide, "Logging IAM Identity Center
 * API calls with AWS CloudTrail", and the Service Authorization Reference for
 * sso-directory, action DeleteMfaDeviceForUser).
 */
export const IDENTITY_CENTER_MFA_REMOVAL_EVENT_NAMES = ['DeleteMfaDeviceForUser'] as const;
/** A console password given or reset (iam CreateLoginProfile, UpdateLoginProfile). DeleteLoginProfile takes access away: not this kind. */
export const LOGIN_PROFILE_EVENT_NAMES = ['CreateLoginProfile', 'UpdateLoginProfile'] as const;
export const SIGNIN_TOKEN_EVENT_NAME = 'GetSigninToken';
/**
 * The IAM Identity Center portal calls GetSigninToken with user agent
 * `Jersey/${project.version}` (SigmaHQ aws_console_getsignintoken.yml,
 * panther-analysis aws_console_getsignintoken.yml; aws-facts.md). Anything else,
 * or no user agent, is a console session minted from credentials.
 */
export const IDENTITY_CENTER_PORTAL_USER_AGENT_PREFIX = 'Jersey/';
/** IAM identity provider changes (IAM API reference; Identity Center's own AWSSSO_* providers are excluded by invokedBy). */
export const IAM_IDENTITY_PROVIDER_EVENT_NAMES = [
  'CreateSAMLProvider',
  'UpdateSAMLProvider',
  'DeleteSAMLProvider',
  'CreateOpenIDConnectProvider',
  'DeleteOpenIDConnectProvider',
  'UpdateOpenIDConnectProviderThumbprint',
  'AddClientIDToOpenIDConnectProvider',
] as const;
/**
 * IAM Identity Center identity-source changes: the directory associated,
 * disassociated or its association updated (sso.amazonaws.com console operations
 * AssociateDirectory, DisassociateDirectory, UpdateDirectoryAssociation), and the
 * external IdP configuration created, updated (new SAML metadata: the IdP swap),
 * deleted, enabled or disabled (sso-directory.amazonaws.com
 * {Create,Update,Delete,Enable,Disable}ExternalIdPConfigurationForDirectory).
 * IAM Identity Center user guide, "IAM Identity Center information in CloudTrail"
 * (console API operations; identity store CloudTrail operations). SigmaHQ
 * aws_sso_idp_change.yml lists names under both sources, so either source counts.
 */
export const IDENTITY_CENTER_IDENTITY_SOURCE_EVENT_NAMES = ['AssociateDirectory', 'DisassociateDirectory', 'UpdateDirectoryAssociation'] as const;
/**
 * The five external-IdP writes, matched by their common suffix to stay under
 * CloudWatch Logs' 1,024-character filter limit (a leading `*` is a wildcard in
 * CloudWatch Logs, see arnPatternTerms; on buses `suffix`: EventBridge user guide,
 * "Comparison operators for use in event patterns", Ends with, event bus support Yes). The one read of that family in the same
 * list, ListExternalIdPConfigurationsForDirectory, is plural and does not match.
 */
export const IDENTITY_CENTER_EXTERNAL_IDP_EVENT_SUFFIX = 'ExternalIdPConfigurationForDirectory';
/** An Identity Center permission-set role: its session ARN and its issuer's ARN (IAM Identity Center user guide, "Service-linked roles" / AWSReservedSSO_ roles). */
const IDENTITY_CENTER_ROLE_ARN_MARK = ':assumed-role/AWSReservedSSO_';
const IDENTITY_CENTER_ISSUER_ARN_MARK = '/aws-reserved/sso.amazonaws.com/';
const NON_ROOT_CONSOLE_TYPES = ['IAMUser', 'FederatedUser'];

/**
 * GuardDuty findings reach EventBridge directly (not through CloudTrail) as
 * source aws.guardduty, detail-type "GuardDuty Finding" (EventBridge events
 * reference, "Amazon GuardDuty events"; GuardDuty user guide, "Processing
 * GuardDuty findings with Amazon EventBridge"). Finding types: GuardDuty user
 * guide, "GuardDuty IAM finding types".
 */
export const GUARDDUTY_SOURCE = 'aws.guardduty';
export const GUARDDUTY_FINDING_DETAIL_TYPE = 'GuardDuty Finding';
export const GUARDDUTY_CONSOLE_FINDING_TYPES = [
  'UnauthorizedAccess:IAMUser/ConsoleLoginSuccess.B',
  'UnauthorizedAccess:IAMUser/ConsoleLogin',
  'UnauthorizedAccess:IAMUser/TorIPCaller',
  'UnauthorizedAccess:IAMUser/MaliciousIPCaller',
  'UnauthorizedAccess:IAMUser/MaliciousIPCaller.Custom',
] as const;

/**
 * EventBridge's default maximum event-pattern size, in characters ("Amazon
 * EventBridge quotas": "Event pattern size ... 2,048 ... Maximum size of an
 * event pattern, in characters", adjustable). Every pattern we deploy stays
 * under the default, so no quota request is needed; hashicorp/aws 5.x also
 * refuses a longer event_pattern at plan ("cannot be longer than 2048
 * characters", terraform-provider-aws issue #33732).
 */
export const MAX_EVENT_PATTERN_LENGTH = 2048;

/** EventBridge `source` of a CloudTrail event source: "aws." + its first label (iam.amazonaws.com -> aws.iam). */
const busSource = (eventSource: string): string => `aws.${eventSource.split('.')[0]}`;

/**
 * A filter on API calls of `eventSources`, pinned by the record's eventSource
 * (CloudTrail always sets it, and EventBridge's `source` follows from it: the
 * envelope filters need no `$.source` term, which keeps identity-provider-change
 * under MAX_FILTER_PATTERN_LENGTH). With several sources, `terms` pin each branch's.
 */
function apiFilter(root: Root, eventSources: readonly string[], ...terms: string[]): string {
  const service = eventSources.length === 1 ? [is(root, 'eventSource', eventSources[0])] : [];
  return `{ ${[...service, ...terms].join(' && ')} }`;
}
const nameIn = (root: Root, names: readonly string[]): string => any(...names.map((name) => is(root, 'eventName', name)));
const from = (root: Root, eventSource: string, names: readonly string[]): string => all(is(root, 'eventSource', eventSource), nameIn(root, names));

/** EventBridge: API calls `names` of one event source. */
const apiCall = (eventSource: string, names: readonly string[], detail: EventPattern = {}): EventPattern => ({
  source: [busSource(eventSource)],
  detail: { eventSource: [eventSource], eventName: [...names], ...detail },
});
/**
 * EventBridge: a field that is missing, null, or anything but `value` (holds under either anything-but reading).
 * `anything-but` with `prefix` or `wildcard` is supported on event buses (EventBridge user guide, "Comparison
 * operators for use in event patterns"). These branches sit in a `$or` that is itself inside a `$or` branch
 * (console-login-outside-sso, identity-provider-change). AWS's pages do not show that nesting; AWS's
 * open-source matcher aws/event-ruler accepts it (JsonRuleCompiler.parseObjectInsideOrRelationship calls
 * parseIntoOrRelationship again for a `$or` key, multiplying the branch's sub-rules; each `$or` needs at
 * least 2 objects). TestEventPattern on the deployed patterns settles it for EventBridge itself; if it were
 * rejected the branches can be multiplied out (3 x 3 = 9 flat branches, still under MAX_EVENT_PATTERN_LENGTH).
 */
const missingOrAnythingBut = (path: string[], condition: unknown): EventPattern[] =>
  [[{ 'anything-but': condition }], [{ exists: false }], [null]].map((leaf) => path.reduceRight<unknown>((inner, key) => ({ [key]: inner }), leaf) as EventPattern);

/** GuardDuty sign-in findings; `aboutAccount` keeps only the findings about that account (detail.accountId). */
export function guardDutyFindingPattern(aboutAccount?: string): EventPattern {
  return {
    source: [GUARDDUTY_SOURCE],
    'detail-type': [GUARDDUTY_FINDING_DETAIL_TYPE],
    detail: { type: [...GUARDDUTY_CONSOLE_FINDING_TYPES], ...(aboutAccount ? { accountId: [aboutAccount] } : {}) },
  };
}

/**
 * Which GuardDuty findings a member account's forwarders send. GuardDuty
 * publishes a finding to EventBridge in the member account where it is
 * generated, and, with a GuardDuty administrator, to the administrator account
 * too (GuardDuty user guide, "Understanding the relationship between GuardDuty
 * administrator account and member accounts"). Each finding must alert once:
 * - `alerts.guardDutyAdministrator` set: only the administrator's forwarders
 *   send, all findings (its own and its copies of the members'); other accounts
 *   send none. Covers GuardDuty members that have no signin-watch stack.
 * - unset: every account sends only the findings about itself
 *   (detail.accountId = its id), so an administrator's copies of other accounts'
 *   findings are not sent again. Holds whether or not an administrator exists.
 */
export type GuardDutyForwarding = { findings: 'all' | 'none' | { aboutAccount: string } };

export function guardDutyForwardingFor(config: Pick<OrgConfig, 'alerts' | 'accounts'>, account: Pick<AccountConfig, 'id' | 'name'>): GuardDutyForwarding {
  const administrator = config.alerts.guardDutyAdministrator;
  if (administrator === undefined) return { findings: { aboutAccount: account.id } };
  const isAdministrator = administrator === account.id || administrator === account.name;
  return { findings: isAdministrator ? 'all' : 'none' };
}

/**
 * The API calls of the takeover kinds, forwarded from every member region and
 * kept in the central log (the envelope metrics count there). IAM, Account
 * Management and root sign-in changes are recorded in us-east-1 (global
 * services; CloudTrail user guide, "Understanding CloudTrail events" / global
 * service events), Identity Center calls in its home region: forwarding from
 * every region covers both without knowing which.
 */
export function takeoverForwardBranches(): EventPattern[] {
  return [
    { source: [SIGN_IN_SOURCE], detail: { eventName: [SIGNIN_TOKEN_EVENT_NAME, ...ROOT_SIGN_IN_CHANGE_EVENT_NAMES] } },
    { source: [busSource(ACCOUNT_EVENT_SOURCE)], detail: { eventName: [...ACCOUNT_CONTACT_EVENT_NAMES] } },
    { source: [busSource(IAM_EVENT_SOURCE)], detail: { eventName: [...IAM_MFA_REMOVAL_EVENT_NAMES, ...LOGIN_PROFILE_EVENT_NAMES, ...IAM_IDENTITY_PROVIDER_EVENT_NAMES] } },
    {
      source: [busSource(SSO_DIRECTORY_EVENT_SOURCE), busSource(SSO_EVENT_SOURCE)],
      detail: { eventName: [...IDENTITY_CENTER_MFA_REMOVAL_EVENT_NAMES, ...IDENTITY_CENTER_IDENTITY_SOURCE_EVENT_NAMES, { suffix: IDENTITY_CENTER_EXTERNAL_IDP_EVENT_SUFFIX }] },
    },
  ];
}

/** API callers are roles as often as users: who, what, where, the outcome. */
const API_CALL_FIELDS: MessageField[] = [
  EVENT,
  PRINCIPAL_TYPE,
  PRINCIPAL_ARN,
  field('User name', 'userName', '$.detail.userIdentity.userName'),
  ...ACCOUNT_REGION_IP_TIME,
  field('User agent', 'userAgent', '$.detail.userAgent'),
  field('Error code', 'errorCode', '$.detail.errorCode'),
  EVENT_ID,
];
const TARGET_USER = field('Target IAM user', 'targetUserName', '$.detail.requestParameters.userName');

const GUARDDUTY_FIELDS: MessageField[] = [
  field('GuardDuty severity', 'findingSeverity', '$.detail.severity'),
  field('Finding', 'findingTitle', '$.detail.title'),
  field('Finding type', 'findingType', '$.detail.type'),
  field('Description', 'findingDescription', '$.detail.description'),
  // A finding names the account it is about; the envelope's account is the administrator's for its copies.
  field('Account', 'account', '$.detail.accountId'),
  field('Region', 'region', '$.detail.region'),
  field('IAM user', 'findingUserName', '$.detail.resource.accessKeyDetails.userName'),
  field('Principal type', 'findingUserType', '$.detail.resource.accessKeyDetails.userType'),
  field('Access key', 'findingAccessKeyId', '$.detail.resource.accessKeyDetails.accessKeyId'),
  field('Caller IP', 'findingCallerIp', '$.detail.service.action.awsApiCallAction.remoteIpDetails.ipAddressV4'),
  field('Last seen', 'findingLastSeen', '$.detail.service.eventLastSeen'),
  field('Finding id', 'findingId', '$.detail.id'),
];

const TAKEOVER_KINDS: Record<
  'root-account-change' | 'mfa-device-removed' | 'login-profile-change' | 'console-token-outside-sso' | 'console-login-outside-sso' | 'identity-provider-change' | 'guardduty-console-finding',
  KindDefinition
> = {
  'root-account-change': {
    severity: 'CRITICAL',
    metricName: 'RootAccountChange',
    messageFields: [...API_CALL_FIELDS, field('Alternate contact type', 'alternateContactType', '$.detail.requestParameters.alternateContactType')],
    eventPattern: () => ({
      $or: [
        apiCall(SIGN_IN_EVENT_SOURCE, ROOT_SIGN_IN_CHANGE_EVENT_NAMES, { userIdentity: { type: ['Root'] } }),
        apiCall(ACCOUNT_EVENT_SOURCE, ACCOUNT_CONTACT_EVENT_NAMES),
      ],
    }),
    filter: (root) =>
      apiFilter(
        root,
        [SIGN_IN_EVENT_SOURCE, ACCOUNT_EVENT_SOURCE],
        any(
          all(from(root, SIGN_IN_EVENT_SOURCE, ROOT_SIGN_IN_CHANGE_EVENT_NAMES), is(root, 'userIdentity.type', 'Root')),
          from(root, ACCOUNT_EVENT_SOURCE, ACCOUNT_CONTACT_EVENT_NAMES),
        ),
      ),
  },
  'mfa-device-removed': {
    severity: 'HIGH',
    metricName: 'MfaDeviceRemoved',
    messageFields: [
      ...API_CALL_FIELDS,
      TARGET_USER,
      field('MFA device', 'serialNumber', '$.detail.requestParameters.serialNumber'),
      field('Identity Center user id', 'targetIdentityCenterUser', '$.detail.requestParameters.userId'),
    ],
    eventPattern: () => ({
      $or: [apiCall(IAM_EVENT_SOURCE, IAM_MFA_REMOVAL_EVENT_NAMES), apiCall(SSO_DIRECTORY_EVENT_SOURCE, IDENTITY_CENTER_MFA_REMOVAL_EVENT_NAMES)],
    }),
    filter: (root) =>
      apiFilter(
        root,
        [IAM_EVENT_SOURCE, SSO_DIRECTORY_EVENT_SOURCE],
        any(from(root, IAM_EVENT_SOURCE, IAM_MFA_REMOVAL_EVENT_NAMES), from(root, SSO_DIRECTORY_EVENT_SOURCE, IDENTITY_CENTER_MFA_REMOVAL_EVENT_NAMES)),
      ),
  },
  'login-profile-change': {
    severity: 'HIGH',
    metricName: 'LoginProfileChange',
    messageFields: [...API_CALL_FIELDS, TARGET_USER, field('Password reset required', 'passwordResetRequired', '$.detail.requestParameters.passwordResetRequired')],
    eventPattern: () => apiCall(IAM_EVENT_SOURCE, LOGIN_PROFILE_EVENT_NAMES),
    filter: (root) => apiFilter(root, [IAM_EVENT_SOURCE], nameIn(root, LOGIN_PROFILE_EVENT_NAMES)),
  },
  'console-token-outside-sso': {
    severity: 'HIGH',
    metricName: 'ConsoleTokenOutsideSso',
    messageFields: [...API_CALL_FIELDS, field('Session issuer', 'sessionIssuerArn', '$.detail.userIdentity.sessionContext.sessionIssuer.arn')],
    eventPattern: () =>
      apiCall(SIGN_IN_EVENT_SOURCE, [SIGNIN_TOKEN_EVENT_NAME], { $or: missingOrAnythingBut(['userAgent'], { prefix: IDENTITY_CENTER_PORTAL_USER_AGENT_PREFIX }) }),
    filter: (root) =>
      apiFilter(
        root,
        [SIGN_IN_EVENT_SOURCE],
        is(root, 'eventName', SIGNIN_TOKEN_EVENT_NAME),
        missingOr(root, 'userAgent', `(${root}userAgent != ${quote(`${IDENTITY_CENTER_PORTAL_USER_AGENT_PREFIX}*`)})`),
      ),
  },
  'console-login-outside-sso': {
    severity: 'MEDIUM',
    metricName: 'ConsoleLoginOutsideSso',
    messageFields: [...COMMON_FIELDS, ...CONSOLE_FIELDS, field('Session issuer', 'sessionIssuerArn', '$.detail.userIdentity.sessionContext.sessionIssuer.arn')],
    // Same sign-in shape as the other ConsoleLogin kinds (eventSource inferred when a fixture strips it).
    eventPattern: () =>
      signIn({
        eventName: ['ConsoleLogin'],
        responseElements: { ConsoleLogin: ['Success'] },
        $or: [
          { userIdentity: { type: NON_ROOT_CONSOLE_TYPES } },
          {
            userIdentity: {
              type: ['AssumedRole'],
              $or: missingOrAnythingBut(['arn'], { wildcard: `*${IDENTITY_CENTER_ROLE_ARN_MARK}*` }),
              sessionContext: { sessionIssuer: { $or: missingOrAnythingBut(['arn'], { wildcard: `*${IDENTITY_CENTER_ISSUER_ARN_MARK}*` }) } },
            },
          },
        ],
      }),
    filter: (root) =>
      filter(
        root,
        consoleLogin(root),
        outcome(root, 'Success'),
        any(
          ...NON_ROOT_CONSOLE_TYPES.map((type) => is(root, 'userIdentity.type', type)),
          all(
            is(root, 'userIdentity.type', 'AssumedRole'),
            missingOr(root, 'userIdentity.arn', `(${root}userIdentity.arn != ${quote(`*${IDENTITY_CENTER_ROLE_ARN_MARK}*`)})`),
            missingOr(
              root,
              'userIdentity.sessionContext.sessionIssuer.arn',
              `(${root}userIdentity.sessionContext.sessionIssuer.arn != ${quote(`*${IDENTITY_CENTER_ISSUER_ARN_MARK}*`)})`,
            ),
          ),
        ),
      ),
  },
  'identity-provider-change': {
    severity: 'HIGH',
    metricName: 'IdentityProviderChange',
    messageFields: [
      ...API_CALL_FIELDS,
      field('Invoked by', 'invokedBy', '$.detail.userIdentity.invokedBy'),
      field('SAML provider', 'samlProviderArn', '$.detail.requestParameters.sAMLProviderArn'),
      field('SAML provider name', 'samlProviderName', '$.detail.requestParameters.name'),
      field('OIDC provider', 'oidcProviderArn', '$.detail.requestParameters.openIDConnectProviderArn'),
      field('OIDC provider URL', 'oidcProviderUrl', '$.detail.requestParameters.url'),
    ],
    eventPattern: () => ({
      $or: [
        apiCall(IAM_EVENT_SOURCE, IAM_IDENTITY_PROVIDER_EVENT_NAMES, { $or: missingOrAnythingBut(['userIdentity', 'invokedBy'], [SSO_EVENT_SOURCE]) }),
        {
          source: [busSource(SSO_DIRECTORY_EVENT_SOURCE), busSource(SSO_EVENT_SOURCE)],
          detail: {
            eventSource: [SSO_DIRECTORY_EVENT_SOURCE, SSO_EVENT_SOURCE],
            eventName: [...IDENTITY_CENTER_IDENTITY_SOURCE_EVENT_NAMES, { suffix: IDENTITY_CENTER_EXTERNAL_IDP_EVENT_SUFFIX }],
          },
        },
      ],
    }),
    filter: (root) =>
      apiFilter(
        root,
        [IAM_EVENT_SOURCE, SSO_DIRECTORY_EVENT_SOURCE, SSO_EVENT_SOURCE],
        any(
          all(from(root, IAM_EVENT_SOURCE, IAM_IDENTITY_PROVIDER_EVENT_NAMES), notAnyOf(root, 'userIdentity.invokedBy', [SSO_EVENT_SOURCE])),
          all(
            any(is(root, 'eventSource', SSO_DIRECTORY_EVENT_SOURCE), is(root, 'eventSource', SSO_EVENT_SOURCE)),
            any(nameIn(root, IDENTITY_CENTER_IDENTITY_SOURCE_EVENT_NAMES), is(root, 'eventName', `*${IDENTITY_CENTER_EXTERNAL_IDP_EVENT_SUFFIX}`)),
          ),
        ),
      ),
  },
  'guardduty-console-finding': {
    severity: 'HIGH',
    metricName: 'GuardDutyConsoleFinding',
    messageFields: GUARDDUTY_FIELDS,
    eventPattern: () => guardDutyFindingPattern(),
    // Not in CloudTrail: no raw-record filter, no trail path. The envelope filter counts the findings in the central log.
    filter: (root) =>
      root === RAW ? null : `{ ($.source = ${quote(GUARDDUTY_SOURCE)}) && ${any(...GUARDDUTY_CONSOLE_FINDING_TYPES.map((type) => is(root, 'type', type)))} }`,
  },
};

// ---------------------------------------------------------------------------
// The alert kinds.
// ---------------------------------------------------------------------------

interface KindDefinition {
  severity: Severity;
  metricName: string;
  messageFields: MessageField[];
  eventPattern: (ignoredArns: string[], context: KindContext) => EventPattern;
  /** The kind's filter as one pattern (deployed as is unless `filters` is given); null on the raw root for a kind without a CloudTrail record (no trail path). */
  filter: (root: Root, ignoredArns: string[], context: KindContext) => string | null;
  /** A kind too long for one filter: the filters deployed side by side, each with its own metric (each within MAX_FILTER_PATTERN_LENGTH). */
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
  ...TAKEOVER_KINDS,
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
  /** Kinds switched on or off; absent kinds take their default (on, but console-login-outside-sso). */
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
  return Math.max((kind.filter(RAW, arns, context) ?? '').length, (kind.filter(ENVELOPE, arns, context) ?? '').length);
}

function buildKind(id: AlertKindId, ignoredArns: string[], context: KindContext): AlertKind {
  const kind = KINDS[id];
  // Suppression applies to one kind only: failures, root, MFA and tampering alerts always fire.
  const ignored = id === SUPPRESSIBLE_ALERT_KIND ? ignoredArns : [];
  const rawMetricFilter = kind.filter(RAW, ignored, context);
  const envelopeMetricFilter = kind.filter(ENVELOPE, ignored, context);
  if (envelopeMetricFilter === null) throw new Error(`${id}: every kind needs an envelope filter`);
  const rawMetricFilters = kind.filters ? kind.filters(RAW, context) : rawMetricFilter === null ? [] : [rawMetricFilter];
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

/**
 * The enabled alert kinds, in the fixed order of ALERT_KIND_IDS. A kind that
 * `enabled` does not name takes its default, as in a config that does not name
 * it: every kind but console-login-outside-sso (config/alert-kinds.ts).
 */
export function alertCatalogue(options: CatalogueOptions = {}): AlertKind[] {
  const ignoredArns = [...new Set((options.ignorePrincipals ?? []).map((principal) => principal.arn))];
  const context: KindContext = { pipeline: options.pipeline ?? DEFAULT_PIPELINE_NAMES };
  return ALERT_KIND_IDS.filter((id) => options.enabled?.[id] ?? alertKindEnabledByDefault(id)).map((id) => buildKind(id, ignoredArns, context));
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
  return alertCatalogue({ ...options, enabled: { [id]: true } }).find((kind) => kind.id === id)!;
}

/** Every kind, the off-by-default ones included (corpus tests, docs). */
export function fullAlertCatalogue(options: Omit<CatalogueOptions, 'enabled'> = {}): AlertKind[] {
  return alertCatalogue({ ...options, enabled: Object.fromEntries(ALERT_KIND_IDS.map((id) => [id, true])) });
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
export function centralLogPattern(): EventPattern {
  return { $or: [signInLogPattern(), trailTamperingPattern(), ...takeoverForwardBranches(), guardDutyFindingPattern()] };
}

/**
 * What a second rule on the central bus writes to the same sign-in log: every
 * call on the product's resources (deploys included) and on its known keys.
 * A rule of its own: beside the sign-in pattern it would exceed EventBridge's
 * 2048 characters.
 */
export function pipelineLogPatternFor(config: Pick<OrgConfig, 'deployment' | 'accounts'>, keyArns: string[] = []): EventPattern {
  return pipelineChangePattern({ ...pipelineNamesFor(config), keyArns });
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
export function forwarderPattern(alarmNamePrefix: string, guardDuty: GuardDutyForwarding = { findings: 'all' }): EventPattern {
  const guardDutyBranch = guardDuty.findings === 'none' ? [] : [guardDutyFindingPattern(guardDuty.findings === 'all' ? undefined : guardDuty.findings.aboutAccount)];
  const pattern = {
    $or: [signInLogPattern(), trailTamperingPattern(), ...takeoverForwardBranches(), ...guardDutyBranch, heartbeatPattern(), forwardedAlarmPattern(alarmNamePrefix)],
  };
  const length = JSON.stringify(pattern).length;
  if (length > MAX_EVENT_PATTERN_LENGTH) throw new Error(`forwarder pattern of ${length} characters exceeds EventBridge's ${MAX_EVENT_PATTERN_LENGTH}`);
  return pattern;
}

/**
 * What a second forwarder rule of each member region must forward: the calls
 * on the product's resources (pipeline-tampering, deploys included) and key
 * calls. It cannot join the sign-in forwarder pattern (together they exceed
 * EventBridge's 2048 characters). Deployed as `<prefix>-forward-pipeline-calls`
 * in every forwarded member region (stacks/constructs/forwarder.ts), sharing
 * the sign-in forwarder's role and dead-letter queue.
 */
export function pipelineForwarderPatternFor(config: Pick<OrgConfig, 'deployment' | 'accounts'>): EventPattern {
  const pattern = pipelineForwardPattern(pipelineNamesFor(config));
  const length = JSON.stringify(pattern).length;
  if (length > MAX_EVENT_PATTERN_LENGTH) throw new Error(`pipeline forwarder pattern of ${length} characters exceeds EventBridge's ${MAX_EVENT_PATTERN_LENGTH}`);
  return pattern;
}

/** The forwarder pattern of one member account of a config (its `forwardedAlarmPrefix`, its GuardDuty forwarding). */
export function forwarderPatternFor(
  config: Pick<OrgConfig, 'deployment' | 'alerts' | 'accounts'>,
  account: Pick<AccountConfig, 'id' | 'name'>,
): EventPattern {
  return forwarderPattern(forwardedAlarmPrefix(config), guardDutyForwardingFor(config, account));
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
    kind.filter(ENVELOPE, [], { pipeline: DEFAULT_PIPELINE_NAMES })!.replace(/^\{ (.*) \}$/, '($1)'),
  );
  return { metricName: 'FailedSignInBurst', pattern: `{ ${any(...failures)} }`, threshold, periodSeconds: BURST_PERIOD_SECONDS };
}

/** The burst filter with the config's threshold (alerts.failedSignInBurst). */
export function burstFilterFor(config: Pick<OrgConfig, 'alerts'>): BurstFilter {
  return burstFilter(config.alerts.failedSignInBurst);
}

// ---------------------------------------------------------------------------
// Detection pack v2: failed sign-ins per principal (failed-sign-ins-per-principal).
// ---------------------------------------------------------------------------

/** Metric-name prefix of the per-principal filters (one metric per principal shape, each with the dimensions below). */
export const PRINCIPAL_BURST_METRIC = 'FailedSignInsByPrincipal';
export const PRINCIPAL_BURST_DIMENSIONS = ['Account', 'Principal'] as const;
/**
 * At most this many time series are evaluated: a Metrics Insights alarm sets
 * PARTIAL_DATA above 500 returned series (CloudWatch user guide, "Limits":
 * "If the Metrics Insights query returns more than 500 time series").
 * ORDER BY SUM() DESC keeps the principals with the most failures.
 */
export const PRINCIPAL_BURST_QUERY_LIMIT = 500;

/**
 * Failed sign-ins counted per (account, principal) on the central envelope log,
 * one metric per way a record names its principal (filter name = metric name,
 * rule SW-LOGS-4), and per metric one CloudWatch Metrics Insights alarm over
 * every principal (CloudWatch
 * user guide, "Create an alarm based on a Multi Time Series Metrics Insights
 * query": "each returned time series becomes a contributor to the alarm").
 * No alarm per principal: a principal that appears tomorrow is covered.
 *
 * Principal: the record's `userIdentity.arn` (console; includes the account),
 * else its `userName`; for Identity Center since July 2025
 * `userIdentity.onBehalfOf.userId`, before that `userName`. Each filter requires
 * its selector to EXISTS, so every published value has both dimensions; a
 * failure naming no principal at all is counted only by the organization-wide
 * burst alarm (burstFilter).
 *
 * Limit: CloudWatch Logs "might disable a metric filter if it generates 1,000
 * different name/value pairs for your specified dimensions within one hour"
 * (PutMetricFilter, CloudWatch Logs API reference). A spray over 1,000 or more
 * distinct principals in an hour can therefore disable these filters: the
 * per-principal alarm then goes quiet, while the organization-wide
 * FailedSignInBurst alarm (no dimensions, not subject to the limit) keeps
 * firing. The console-failure filter for unknown user names sees the one value
 * HIDDEN_DUE_TO_SECURITY_REASONS, so a spray of guessed names is one principal.
 */
export function principalBurstSpec(threshold: number): PrincipalBurstSpec {
  if (!Number.isInteger(threshold) || threshold < 1) throw new Error(`per-principal threshold must be a positive integer, got ${threshold}`);
  const consoleFailure = KINDS['console-login-failure'].filter(ENVELOPE, [], { pipeline: DEFAULT_PIPELINE_NAMES })!.replace(/^\{ (.*) \}$/, '($1)');
  const identityCenterFailure = KINDS['identity-center-sign-in-failure'].filter(ENVELOPE, [], { pipeline: DEFAULT_PIPELINE_NAMES })!.replace(/^\{ (.*) \}$/, '($1)');
  const exists = (path: string) => `($.detail.${path} EXISTS)`;
  const missing = (path: string) => `($.detail.${path} NOT EXISTS)`;
  const spec = (filterName: string, failure: string, terms: string[], principalPath: string) => ({
    metricName: `${PRINCIPAL_BURST_METRIC}-${filterName}`,
    pattern: `{ ${[failure, ...terms, exists(principalPath)].join(' && ')} }`,
    dimensions: { Account: '$.account', Principal: `$.detail.${principalPath}` },
  });
  const filters = [
    spec('ConsoleArn', consoleFailure, [], 'userIdentity.arn'),
    spec('ConsoleUserName', consoleFailure, [missing('userIdentity.arn')], 'userIdentity.userName'),
    spec('IdentityCenterUserId', identityCenterFailure, [], 'userIdentity.onBehalfOf.userId'),
    spec('IdentityCenterUserName', identityCenterFailure, [missing('userIdentity.onBehalfOf.userId')], 'userIdentity.userName'),
  ];
  for (const entry of filters) {
    if (entry.pattern.length > MAX_FILTER_PATTERN_LENGTH) throw new Error(`${entry.metricName}: filter of ${entry.pattern.length} characters exceeds ${MAX_FILTER_PATTERN_LENGTH}`);
  }
  const groupBy = [...PRINCIPAL_BURST_DIMENSIONS];
  return {
    filters,
    groupBy,
    threshold,
    periodSeconds: BURST_PERIOD_SECONDS,
    query: (namespace, metricName) =>
      `SELECT SUM(${quote(metricName)}) FROM SCHEMA(${quote(namespace)}, ${groupBy.join(', ')}) GROUP BY ${groupBy.join(', ')} ORDER BY SUM() DESC LIMIT ${PRINCIPAL_BURST_QUERY_LIMIT}`,
  };
}

/** The per-principal spec with the config's threshold (alerts.failedSignInsPerPrincipal). */
export function principalBurstSpecFor(config: Pick<OrgConfig, 'alerts'>): PrincipalBurstSpec {
  return principalBurstSpec(config.alerts.failedSignInsPerPrincipal);
}
