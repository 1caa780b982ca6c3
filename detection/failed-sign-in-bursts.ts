/**
 * Alarms over counts of failed sign-ins rather than one event: the
 * organization-wide burst, and the failed-sign-ins-per-principal alarm kind
 * (config/alert-kinds.ts ALARM_KIND_IDS). Both count the failures of the
 * console-login-failure and identity-center-sign-in-failure kinds on the
 * central envelope log.
 */
import type { OrgConfig } from '../config/schema';
import { MAX_FILTER_PATTERN_LENGTH } from '../config/pattern-limits';
import { DEFAULT_PIPELINE_NAMES } from '../config/pipeline-names';
import { any, ENVELOPE, quote, unbraced } from './filter-terms';
import type { KindDefinition } from './kind-definition';
import { consoleLoginFailure } from './kinds/console-login-failure';
import { identityCenterSignInFailure } from './kinds/identity-center-sign-in-failure';
import type { BurstFilter, PrincipalBurstSpec } from './types';

/** Alarm period of the failed sign-in burst alarm. */
export const BURST_PERIOD_SECONDS = 300;

/** A failure kind's envelope filter as terms to join with others. */
const envelopeTerms = (kind: KindDefinition): string => unbraced(kind.filter(ENVELOPE, [], { pipeline: DEFAULT_PIPELINE_NAMES })!);

/**
 * Failed sign-ins across the organization (console-login-failure plus
 * identity-center-sign-in-failure), counted on the central envelope log group.
 * Not suppressible: failures are never suppressed.
 */
export function burstFilter(threshold: number): BurstFilter {
  if (!Number.isInteger(threshold) || threshold < 1) throw new Error(`burst threshold must be a positive integer, got ${threshold}`);
  const failures = [consoleLoginFailure, identityCenterSignInFailure].map(envelopeTerms);
  return { metricName: 'FailedSignInBurst', pattern: `{ ${any(...failures)} }`, threshold, periodSeconds: BURST_PERIOD_SECONDS };
}

/** The burst filter with the config's threshold (alerts.failedSignInBurst). */
export function burstFilterFor(config: Pick<OrgConfig, 'alerts'>): BurstFilter {
  return burstFilter(config.alerts.failedSignInBurst);
}

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
  const consoleFailure = envelopeTerms(consoleLoginFailure);
  const identityCenterFailure = envelopeTerms(identityCenterSignInFailure);
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
