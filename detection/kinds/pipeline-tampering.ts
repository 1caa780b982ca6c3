/**
 * pipeline-tampering: calls that change or delete signin-watch's own resources
 * (issue 10 item 6; the calls: detection/pipeline-calls.ts), by anyone but the
 * deployment role's deploy sessions, which are counted apart at a lower severity.
 */
import { arnPatternTerms } from '../../config/arn-patterns';
import { MAX_EVENT_PATTERN_LENGTH, MAX_FILTER_PATTERN_LENGTH } from '../../config/pattern-limits';
import type { PipelineNames } from '../../config/pipeline-names';
import { all, any, ENVELOPE, is, notAnyOf, quote, RAW, unbraced, type Root } from '../filter-terms';
import type { KindDefinition } from '../kind-definition';
import { ACCOUNT_REGION_IP_TIME, ERROR_CODE, EVENT, EVENT_ID, field, PRINCIPAL_ARN, PRINCIPAL_TYPE } from '../message-fields';
import { PIPELINE_CALLS, PIPELINE_KEY_CALL, PIPELINE_LIST_ELEMENTS, type PipelineCall } from '../pipeline-calls';
import type { EventPattern, MessageField } from '../types';

/** Metric of the grouped count of the deployment role's deploy-session calls on the product's resources (lower severity). */
export const PIPELINE_DEPLOY_CHANGE_METRIC = 'PipelineChangeByDeployment';

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
  return filters.length === 1 ? filters[0] : `{ ${any(...filters.map(unbraced))} }`;
}

/** Raw-record (trail log) and envelope (central log) filters of the deployment role's deploy-session calls: one grouped, lower-severity count. */
export function pipelineDeployChangeFilters(names: PipelineNames): { raw: string[]; envelope: string[] } {
  return { raw: pipelineFilters(RAW, names, 'deployment'), envelope: pipelineFilters(ENVELOPE, names, 'deployment') };
}

/**
 * Who called what on which of the product's resources.
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
  ERROR_CODE,
];

export const pipelineTampering: KindDefinition = {
  severity: 'CRITICAL',
  metricName: 'PipelineTampering',
  messageFields: PIPELINE_FIELDS,
  // Outcome not pinned: a denied DeleteRule is worth knowing too. Deploy sessions go to the grouped count instead.
  eventPattern: (_ignored, context) => pipelineTamperingPattern(context.pipeline),
  filter: (root, _ignored, context) => oneFilter(pipelineFilters(root, context.pipeline, 'others')),
  filters: (root, context) => pipelineFilters(root, context.pipeline, 'others'),
};
