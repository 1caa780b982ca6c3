/**
 * Building blocks of the kinds that watch API calls (detection pack v2, issue
 * 11). Every filter here pins eventSource (and `$.source` on envelopes)
 * exactly: unlike ConsoleLogin, no published fixture of these calls strips it,
 * and both paths then agree on a record without it.
 */
import { all, any, is, type Root } from './filter-terms';
import type { EventPattern } from './types';

/** EventBridge `source` of a CloudTrail event source: "aws." + its first label (iam.amazonaws.com -> aws.iam). */
export const busSource = (eventSource: string): string => `aws.${eventSource.split('.')[0]}`;

/**
 * A filter on API calls of `eventSources`, pinned by the record's eventSource
 * (CloudTrail always sets it, and EventBridge's `source` follows from it: the
 * envelope filters need no `$.source` term, which keeps identity-provider-change
 * under MAX_FILTER_PATTERN_LENGTH). With several sources, `terms` pin each branch's.
 */
export function apiFilter(root: Root, eventSources: readonly string[], ...terms: string[]): string {
  const service = eventSources.length === 1 ? [is(root, 'eventSource', eventSources[0])] : [];
  return `{ ${[...service, ...terms].join(' && ')} }`;
}
export const nameIn = (root: Root, names: readonly string[]): string => any(...names.map((name) => is(root, 'eventName', name)));
export const from = (root: Root, eventSource: string, names: readonly string[]): string => all(is(root, 'eventSource', eventSource), nameIn(root, names));

/** EventBridge: API calls `names` of one event source. */
export const apiCall = (eventSource: string, names: readonly string[], detail: EventPattern = {}): EventPattern => ({
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
export const missingOrAnythingBut = (path: string[], condition: unknown): EventPattern[] =>
  [[{ 'anything-but': condition }], [{ exists: false }], [null]].map((leaf) => path.reduceRight<unknown>((inner, key) => ({ [key]: inner }), leaf) as EventPattern);
