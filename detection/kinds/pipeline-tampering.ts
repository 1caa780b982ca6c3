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
import { CALLER_AND_OUTCOME_FIELDS, EVENT, field } from '../message-fields';
import { PIPELINE_CALLS, PIPELINE_KEY_CALL, PIPELINE_LIST_ELEMENTS, WORST_CASE_KEY_ARN, type PipelineCall } from '../pipeline-calls';
import type { EventPattern, MessageField } from '../types';

/** Metric of the grouped count of the deployment role's deploy-session calls on the product's resources (lower severity). */
export const PIPELINE_DEPLOY_CHANGE_METRIC = 'PipelineChangeByDeployment';

const escapeWildcard = (value: string): string => value.replace(/\\/g, '\\\\').replace(/\*/g, '\\*');

/** EventBridge matchers for a parameter value naming one of the product's resources (none for `any`: the event name alone). */
function pipelineValueMatchers(call: Pick<PipelineCall, 'match'>, names: PipelineNames): unknown[] {
  const prefix = escapeWildcard(names.resourcePrefix);
  switch (call.match) {
    case 'name':
      return [{ prefix: names.resourcePrefix }];
    case 'name-or-arn':
      return [{ prefix: names.resourcePrefix }, { wildcard: `*:${prefix}*` }];
    case 'arn-name':
      return [{ wildcard: `*:${prefix}*` }];
    case 'queue-url':
      return [{ wildcard: `*/${prefix}*` }];
    case 'log-group':
      return names.logGroupPrefixes.map((start) => ({ prefix: start }));
    case 'log-group-or-arn':
      return names.logGroupPrefixes.flatMap((start) => [{ prefix: start }, { wildcard: `*:log-group:${escapeWildcard(start)}*` }]);
    case 'table-name-or-arn':
      return [{ prefix: names.resourcePrefix }, { wildcard: `*:table/${prefix}*` }];
    case 'any':
      return [];
  }
}

/** CloudWatch Logs values (wildcards at the ends only) for the same test. */
function pipelineFilterValues(call: Pick<PipelineCall, 'match'>, names: PipelineNames): string[] {
  switch (call.match) {
    case 'name':
      return [`${names.resourcePrefix}*`];
    case 'name-or-arn':
      return [`${names.resourcePrefix}*`, `*:${names.resourcePrefix}*`];
    case 'arn-name':
      return [`*:${names.resourcePrefix}*`];
    case 'queue-url':
      return [`*/${names.resourcePrefix}*`];
    case 'log-group':
      return names.logGroupPrefixes.map((start) => `${start}*`);
    case 'log-group-or-arn':
      return names.logGroupPrefixes.flatMap((start) => [`${start}*`, `*:log-group:${start}*`]);
    case 'table-name-or-arn':
      return [`${names.resourcePrefix}*`, `*:table/${names.resourcePrefix}*`];
    case 'any':
      return [];
  }
}

/** EventBridge matchers of a call's event names (prefixes for Lambda's versioned names). */
const eventNameMatchers = (call: Pick<PipelineCall, 'eventNames' | 'eventNamePrefix'>): unknown[] =>
  call.eventNames.map((name) => (call.eventNamePrefix ? { prefix: name } : name));

/** The length-checked stand-ins of a stack's key ARNs: Terraform references are far shorter than the ARNs they resolve to. */
const worstCaseKeyArns = (keyArns: readonly string[]): string[] => keyArns.map(() => WORST_CASE_KEY_ARN);

interface Branch {
  sources: string[];
  pattern: EventPattern;
}

/**
 * EventBridge branches (detail level): one per request parameter, with the
 * event names that carry it, plus one per account-level call (`any`, with
 * its eventSource) and the key branch (any key, or the known key ARNs).
 * No eventSource in a parameter branch: the pattern's `source` list pins the
 * services (no other service of the list has these event names with these
 * parameters), which keeps the patterns short.
 */
function pipelineBranches(names: PipelineNames, keys: 'known' | 'any', keyArns: readonly string[] = names.keyArns ?? []): Branch[] {
  const byParameter = new Map<string, { call: PipelineCall; sources: Set<string>; eventNames: unknown[] }>();
  for (const call of PIPELINE_CALLS) {
    const key = call.match === 'any' ? `${call.eventSource}|any` : `${call.parameter}|${call.match}`;
    const entry = byParameter.get(key) ?? { call, sources: new Set<string>(), eventNames: [] };
    entry.sources.add(call.source);
    entry.eventNames.push(...eventNameMatchers(call));
    byParameter.set(key, entry);
  }
  const calls: Branch[] = [...byParameter.values()].map(({ call, sources, eventNames }) => ({
    sources: [...sources],
    pattern:
      call.match === 'any'
        ? { eventSource: [call.eventSource], eventName: eventNames }
        : { eventName: eventNames, requestParameters: { [call.parameter]: pipelineValueMatchers(call, names) } },
  }));
  const keyCall = { eventSource: [PIPELINE_KEY_CALL.eventSource], eventName: [...PIPELINE_KEY_CALL.eventNames] };
  const keyBranch = (pattern: EventPattern): Branch => ({ sources: [PIPELINE_KEY_CALL.source], pattern });
  if (keys === 'any') return [...calls, keyBranch(keyCall)];
  return keyArns.length > 0 ? [...calls, keyBranch({ ...keyCall, resources: { ARN: [...keyArns] } })] : calls;
}

/** One pattern of branches: `source` = their services, `detail` = any of them (and `extra`, the principal test). */
function branchPattern(branches: Branch[], extra: EventPattern = {}): EventPattern {
  const source = [...new Set(branches.flatMap((branch) => branch.sources))];
  const detail = branches.length === 1 ? { ...branches[0].pattern, ...extra } : { $or: branches.map((branch) => branch.pattern), ...extra };
  return { source, detail };
}

/** Several patterns as one (any of them), for offline evaluation (classify, tests); each part is deployed as a rule of its own. */
export function unionPattern(patterns: EventPattern[]): EventPattern {
  return patterns.length === 1 ? patterns[0] : { $or: patterns };
}

/**
 * Branches packed, in order, into as few patterns as fit EventBridge's
 * MAX_EVENT_PATTERN_LENGTH, measured with the worst-case key ARNs.
 */
function packedPatterns(names: PipelineNames, keys: 'known' | 'any', extra: EventPattern = {}): EventPattern[] {
  const real = pipelineBranches(names, keys);
  const measured = pipelineBranches(names, keys, worstCaseKeyArns(names.keyArns ?? []));
  const fits = (indexes: number[]): boolean => JSON.stringify(branchPattern(indexes.map((index) => measured[index]), extra)).length <= MAX_EVENT_PATTERN_LENGTH;
  const groups: number[][] = [];
  measured.forEach((_branch, index) => {
    const last = groups[groups.length - 1];
    if (last && fits([...last, index])) last.push(index);
    else groups.push([index]);
  });
  const tooLong = groups.find((group) => !fits(group));
  if (tooLong) {
    const length = JSON.stringify(branchPattern(tooLong.map((index) => measured[index]), extra)).length;
    throw new Error(`pipeline-tampering: an event pattern of ${length} characters exceeds EventBridge's ${MAX_EVENT_PATTERN_LENGTH}`);
  }
  return groups.map((group) => branchPattern(group.map((index) => real[index]), extra));
}

/**
 * Every call on the product's resources, by anyone (deploys included), and
 * the key calls of any key: what every member region forwards, one rule per
 * pattern. Key calls are forwarded whatever the key (the member stacks cannot
 * know the key ARNs); the central rules keep only the product's keys.
 */
export function pipelineForwardPatterns(names: PipelineNames): EventPattern[] {
  return packedPatterns(names, 'any');
}

/** Every call on the product's resources (and its known keys), by anyone: what the central sign-in log keeps, one rule per pattern. */
export function pipelineChangePatterns(names: PipelineNames): EventPattern[] {
  return packedPatterns(names, 'known');
}

/**
 * The pipeline-tampering alert rules: every call on the product's resources
 * except the deployment role's deploy sessions (counted apart, see
 * pipelineDeployChangeFilters), one rule per pattern. A record without a
 * principal ARN alerts.
 */
export function pipelineTamperingPatterns(names: PipelineNames): EventPattern[] {
  const userIdentity = {
    $or: [{ arn: [{ 'anything-but': { wildcard: names.deploymentSessionArns } }] }, { arn: [{ exists: false }] }, { arn: [null] }],
  };
  return packedPatterns(names, 'known', { userIdentity });
}

/** The alert rules' patterns as one (offline evaluation). */
export function pipelineTamperingPattern(names: PipelineNames): EventPattern {
  return unionPattern(pipelineTamperingPatterns(names));
}

/** The filter term of one call: its service (and, for envelopes, its source), event names, and resource name. */
function pipelineCallTerm(root: Root, call: PipelineCall, names: PipelineNames, values = pipelineFilterValues(call, names)): string {
  const selectors = call.list
    ? Array.from({ length: PIPELINE_LIST_ELEMENTS }, (_, index) => `${call.parameter}[${index}]`)
    : [call.parameter];
  const resource = selectors.flatMap((selector) => values.map((value) => is(root, `requestParameters.${selector}`, value)));
  return all(
    ...(root === ENVELOPE ? [`($.source = ${quote(call.source)})`] : []),
    is(root, 'eventSource', call.eventSource),
    any(...call.eventNames.map((name) => is(root, 'eventName', call.eventNamePrefix ? `${name}*` : name))),
    ...(resource.length > 0 ? [any(...resource)] : []),
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
 * be associated with a log group is 100"). Key ARNs are Terraform references
 * in a stack: the key terms are sized with WORST_CASE_KEY_ARN in their place
 * and get filters of their own, as many keys to a filter as fit.
 */
export function pipelineFilters(root: Root, names: PipelineNames, who: 'others' | 'deployment'): string[] {
  const principal = principalTerm(root, names, who);
  const build = (parts: string[]): string => `{ ${all(any(...parts), principal)} }`;
  const fits = (parts: string[]): boolean => build(parts).length <= MAX_FILTER_PATTERN_LENGTH;
  // A call too long for one filter beside the principal test is split by event names, then by resource values.
  const callTerms = (call: PipelineCall, values = pipelineFilterValues(call, names)): string[] => {
    const term = pipelineCallTerm(root, call, names, values);
    if (fits([term])) return [term];
    if (call.eventNames.length > 1) {
      const half = Math.ceil(call.eventNames.length / 2);
      return [call.eventNames.slice(0, half), call.eventNames.slice(half)].flatMap((eventNames) => callTerms({ ...call, eventNames }, values));
    }
    if (values.length > 1) {
      const half = Math.ceil(values.length / 2);
      return [values.slice(0, half), values.slice(half)].flatMap((part) => callTerms(call, part));
    }
    return [term];
  };
  const filters: string[][] = [];
  for (const term of PIPELINE_CALLS.flatMap((call) => callTerms(call))) {
    const last = filters[filters.length - 1];
    if (last && fits([...last, term])) last.push(term);
    else filters.push([term]);
  }
  const patterns = filters.map(build);
  const tooLong = [...patterns, ...keyFilters(root, names, build, fits).measured].find((pattern) => pattern.length > MAX_FILTER_PATTERN_LENGTH);
  if (tooLong) {
    throw new Error(
      `pipeline-tampering: a filter of ${tooLong.length} characters exceeds CloudWatch Logs' ${MAX_FILTER_PATTERN_LENGTH}: use fewer distinct deployment role names (deployment.roleName, accounts[].deploymentRoleName)`,
    );
  }
  return [...patterns, ...keyFilters(root, names, build, fits).real];
}

/** The key filters: key ARNs chunked so that each filter fits with worst-case ARNs (`measured`), and the same chunks with the stack's references (`real`). */
function keyFilters(root: Root, names: PipelineNames, build: (parts: string[]) => string, fits: (parts: string[]) => boolean): { real: string[]; measured: string[] } {
  const keyArns = names.keyArns ?? [];
  const chunks: string[][] = [];
  for (const arn of keyArns) {
    const last = chunks[chunks.length - 1];
    if (last && fits([pipelineKeyTerm(root, worstCaseKeyArns([...last, arn]))])) last.push(arn);
    else chunks.push([arn]);
  }
  return {
    real: chunks.map((chunk) => build([pipelineKeyTerm(root, chunk)])),
    measured: chunks.map((chunk) => build([pipelineKeyTerm(root, worstCaseKeyArns(chunk))])),
  };
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
  field('Function', 'functionName', '$.detail.requestParameters.functionName'),
  field('Alarm', 'alarmName', '$.detail.requestParameters.alarmName'),
  field('Event bus', 'eventBusName', '$.detail.requestParameters.eventBusName'),
  field('Key', 'keyId', '$.detail.requestParameters.keyId'),
  ...CALLER_AND_OUTCOME_FIELDS,
];

/**
 * What to do now (nextSteps), from AWS guidance:
 * - https://docs.aws.amazon.com/config/latest/developerguide/cloudtrail-security-trail-enabled.html
 * - https://repost.aws/knowledge-center/potential-account-compromise
 */
export const pipelineTampering: KindDefinition = {
  nextSteps: [
    "Find who changed the signin-watch resource and whether a deploy explains it; if not, restore it with the deploy pipeline and revoke the caller's sessions (re:Post: unauthorized activity).",
    'Until restored, sign-ins in the affected accounts may go unalerted: check the organization trail directly.',
  ],
  severity: 'CRITICAL',
  metricName: 'PipelineTampering',
  messageFields: PIPELINE_FIELDS,
  // Outcome not pinned: a denied DeleteRule is worth knowing too. Deploy sessions go to the grouped count instead.
  eventPattern: (_ignored, context) => pipelineTamperingPattern(context.pipeline),
  eventPatterns: (_ignored, context) => pipelineTamperingPatterns(context.pipeline),
  filter: (root, _ignored, context) => oneFilter(pipelineFilters(root, context.pipeline, 'others')),
  filters: (root, context) => pipelineFilters(root, context.pipeline, 'others'),
};
