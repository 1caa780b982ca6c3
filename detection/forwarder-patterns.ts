/**
 * What the member regions forward to the central bus and what the central
 * bus keeps in the sign-in log, and the heartbeats that prove a member
 * region's forwarder alive (counted by their AWS-set envelope only:
 * detection/health/check.ts).
 */
import { MAX_EVENT_PATTERN_LENGTH } from '../config/pattern-limits';
import { pipelineNamesFor } from '../config/pipeline-names';
import type { AccountConfig, OrgConfig } from '../config/schema';
import { busSource } from './api-call-terms';
import { ACCOUNT_EVENT_SOURCE, IAM_EVENT_SOURCE, SIGN_IN_EVENT_NAMES, SIGN_IN_SOURCE, SSO_DIRECTORY_EVENT_SOURCE, SSO_EVENT_SOURCE } from './event-sources';
import { quote } from './filter-terms';
import { guardDutyFindingPattern } from './kinds/guardduty-console-finding';
import { IAM_IDENTITY_PROVIDER_EVENT_NAMES, IDENTITY_CENTER_EXTERNAL_IDP_EVENT_SUFFIX, IDENTITY_CENTER_IDENTITY_SOURCE_EVENT_NAMES } from './kinds/identity-provider-change';
import { LOGIN_PROFILE_EVENT_NAMES } from './kinds/login-profile-change';
import { IAM_MFA_REMOVAL_EVENT_NAMES, IDENTITY_CENTER_MFA_REMOVAL_EVENT_NAMES } from './kinds/mfa-device-removed';
import { pipelineChangePatterns, pipelineForwardPatterns, unionPattern } from './kinds/pipeline-tampering';
import { ACCOUNT_CONTACT_EVENT_NAMES, ROOT_SIGN_IN_CHANGE_EVENT_NAMES } from './kinds/root-account-change';
import { SIGNIN_TOKEN_EVENT_NAME } from './kinds/console-token-outside-sso';
import { trailTamperingPattern } from './kinds/trail-tampering';
import type { EventPattern, MetricFilterSpec } from './types';

/** Heartbeat: an EventBridge Scheduler schedule in every member region puts this on its default bus. */
export const HEARTBEAT_SOURCE = 'signin-watch.heartbeat';
export const HEARTBEAT_DETAIL_TYPE = 'signin-watch heartbeat';

/** Heartbeat events on the central bus (also one branch of the forwarder pattern). */
export function heartbeatPattern(): EventPattern {
  return { source: [HEARTBEAT_SOURCE], 'detail-type': [HEARTBEAT_DETAIL_TYPE] };
}

/** Every forwarded sign-in event. */
export function signInLogPattern(): EventPattern {
  return { source: [SIGN_IN_SOURCE], detail: { eventName: [...SIGN_IN_EVENT_NAMES] } };
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
 * What more rules on the central bus write to the same sign-in log: every
 * call on the product's resources (deploys included) and on its known keys.
 * Rules of their own, one per pattern: beside the sign-in pattern, or in one
 * pattern, they would exceed EventBridge's 2048 characters.
 */
export function pipelineLogPatternsFor(config: Pick<OrgConfig, 'deployment' | 'accounts'>, keyArns: string[] = []): EventPattern[] {
  return pipelineChangePatterns({ ...pipelineNamesFor(config), keyArns });
}

/** The pipeline log rules' patterns as one (offline evaluation). */
export function pipelineLogPatternFor(config: Pick<OrgConfig, 'deployment' | 'accounts'>, keyArns: string[] = []): EventPattern {
  return unionPattern(pipelineLogPatternsFor(config, keyArns));
}

/**
 * What rules on each member region's default bus forward to the central bus:
 * sign-in events, trail-tampering calls (the organization trail's home region
 * is a management-account member region; a trail call in any region of any
 * account matters), the takeover calls, GuardDuty findings and heartbeats.
 * Forwarded whether or not the kind is enabled: the aggregator's rules decide
 * what alerts. No alarm state changes (issue 18 item 2): a branch matching
 * alarms by name prefix let any member admin create, trip and word an alarm
 * that reached the security routes as a HIGH alert.
 */
export function forwarderPattern(guardDuty: GuardDutyForwarding = { findings: 'all' }): EventPattern {
  const guardDutyBranch = guardDuty.findings === 'none' ? [] : [guardDutyFindingPattern(guardDuty.findings === 'all' ? undefined : guardDuty.findings.aboutAccount)];
  const pattern = {
    $or: [signInLogPattern(), trailTamperingPattern(), ...takeoverForwardBranches(), ...guardDutyBranch, heartbeatPattern()],
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
export function pipelineForwarderPatternsFor(config: Pick<OrgConfig, 'deployment' | 'accounts'>): EventPattern[] {
  return pipelineForwardPatterns(pipelineNamesFor(config));
}

/** The pipeline forwarder rules' patterns as one (offline evaluation). */
export function pipelineForwarderPatternFor(config: Pick<OrgConfig, 'deployment' | 'accounts'>): EventPattern {
  return unionPattern(pipelineForwarderPatternsFor(config));
}

/** The forwarder pattern of one member account of a config (its GuardDuty forwarding). */
export function forwarderPatternFor(
  config: Pick<OrgConfig, 'deployment' | 'alerts' | 'accounts'>,
  account: Pick<AccountConfig, 'id' | 'name'>,
): EventPattern {
  return forwarderPattern(guardDutyForwardingFor(config, account));
}

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

/** Every `source` value a pattern names (string values of `source` keys, at any depth). */
function sourcesOf(pattern: unknown, into: Set<string>): Set<string> {
  if (Array.isArray(pattern)) pattern.forEach((item) => sourcesOf(item, into));
  else if (pattern !== null && typeof pattern === 'object') {
    for (const [key, value] of Object.entries(pattern)) {
      if (key === 'source' && Array.isArray(value)) value.filter((item): item is string => typeof item === 'string').forEach((item) => into.add(item));
      else sourcesOf(value, into);
    }
  }
  return into;
}

/**
 * Every event source a member forwarder can put on the central bus: the
 * sources of the sign-in forwarder pattern (with every GuardDuty forwarding)
 * and of the pipeline forwarder pattern, sorted. The central bus policy admits
 * only these (`events:source`). Throws if a pattern names a source by an
 * operator (prefix, wildcard) instead of a literal: the bus policy could not
 * list it.
 */
export function forwardedSourcesFor(config: Pick<OrgConfig, 'deployment' | 'accounts'>): string[] {
  const patterns = [forwarderPattern({ findings: 'all' }), forwarderPattern({ findings: 'none' }), pipelineForwarderPatternFor(config)];
  const sources = new Set<string>();
  for (const pattern of patterns) sourcesOf(pattern, sources);
  const text = JSON.stringify(patterns);
  if (/"source":\[[^\]]*\{/.test(text)) throw new Error('forwardedSourcesFor: a forwarder pattern names a source by an operator; the bus policy needs literals');
  return [...sources].sort();
}
