/**
 * trail-tampering: CloudTrail calls that stop or blind a trail, by anyone,
 * allowed or denied. Forwarded from every member region (detection/forwarder-patterns.ts).
 */
import { TRAIL_EVENT_SOURCE, TRAIL_SOURCE } from '../event-sources';
import { any, ENVELOPE, is, quote, type Root } from '../filter-terms';
import type { KindDefinition } from '../kind-definition';
import { CALLER_AND_OUTCOME_FIELDS, EVENT, field } from '../message-fields';
import type { EventPattern, MessageField } from '../types';

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

/** CloudTrail calls that stop or blind a trail: the trail-tampering alert, forwarded from every member region. */
export function trailTamperingPattern(): EventPattern {
  return { source: [TRAIL_SOURCE], detail: { eventSource: [TRAIL_EVENT_SOURCE], eventName: [...TRAIL_TAMPERING_EVENT_NAMES] } };
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

/** Who called what on which trail, and whether it was denied (no user name: API callers are roles as often as users). */
const TRAIL_FIELDS: MessageField[] = [
  EVENT,
  field('Trail', 'trailName', '$.detail.requestParameters.name'),
  // PutEventSelectors and PutInsightSelectors name the trail in trailName; a path an event lacks renders empty.
  field('Trail (selector calls)', 'selectorTrailName', '$.detail.requestParameters.trailName'),
  ...CALLER_AND_OUTCOME_FIELDS,
];

/**
 * What to do now (nextSteps), from AWS guidance:
 * - https://docs.aws.amazon.com/config/latest/developerguide/cloudtrail-security-trail-enabled.html
 * - https://repost.aws/knowledge-center/potential-account-compromise
 */
export const trailTampering: KindDefinition = {
  nextSteps: [
    "Restore the trail's settings (logging on, multi-Region, log file validation, KMS encryption) and find who changed them (AWS Config: cloudtrail-security-trail-enabled).",
    "Treat the caller's credentials as compromised until explained: revoke sessions and rotate them (re:Post: unauthorized activity).",
  ],
  severity: 'CRITICAL',
  metricName: 'TrailTampering',
  messageFields: TRAIL_FIELDS,
  // Outcome not pinned: a denied StopLogging is worth knowing too.
  eventPattern: () => trailTamperingPattern(),
  filter: (root) => trailFilter(root, any(...TRAIL_TAMPERING_EVENT_NAMES.map((name) => is(root, 'eventName', name)))),
};
