/**
 * The detection catalogue: the single source of every pattern string the
 * product deploys (EventBridge patterns, CloudWatch Logs metric filters, the
 * CIS pack, the forwarder and heartbeat patterns). Stacks, tests, classify and
 * the README read it from here; nobody retypes a pattern. No cdktf import.
 *
 * This file is the index: one file per alert kind in detection/kinds/ (named
 * by the kind id), listed below in the order of ALERT_KIND_IDS, and every name
 * the catalogue's modules export, re-exported so importers need only this one.
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
import { ALERT_KIND_IDS, ALERT_KIND_TEXT, alertKindEnabledByDefault, SUPPRESSIBLE_ALERT_KIND } from '../config/alert-kinds';
import { MAX_FILTER_PATTERN_LENGTH } from '../config/pattern-limits';
import { DEFAULT_PIPELINE_NAMES, pipelineNamesFor, type PipelineNames } from '../config/pipeline-names';
import type { OrgConfig } from '../config/schema';
import { ENVELOPE, RAW } from './filter-terms';
import type { KindContext, KindDefinition } from './kind-definition';
import { consoleLoginFailure } from './kinds/console-login-failure';
import { consoleLoginOutsideSso } from './kinds/console-login-outside-sso';
import { consoleLoginSuccess } from './kinds/console-login-success';
import { consoleLoginWithoutMfa } from './kinds/console-login-without-mfa';
import { consoleTokenOutsideSso } from './kinds/console-token-outside-sso';
import { guardDutyConsoleFinding } from './kinds/guardduty-console-finding';
import { identityCenterSignInFailure } from './kinds/identity-center-sign-in-failure';
import { identityProviderChange } from './kinds/identity-provider-change';
import { loginProfileChange } from './kinds/login-profile-change';
import { mfaDeviceRemoved } from './kinds/mfa-device-removed';
import { mfaFailure } from './kinds/mfa-failure';
import { pipelineTampering } from './kinds/pipeline-tampering';
import { rootAccountChange } from './kinds/root-account-change';
import { rootConsoleLogin } from './kinds/root-console-login';
import { trailTampering } from './kinds/trail-tampering';
import type { AlertKind, AlertKindId } from './types';

export { arnPatternTerms } from '../config/arn-patterns';
export { MAX_EVENT_PATTERN_LENGTH, MAX_FILTER_PATTERN_LENGTH } from '../config/pattern-limits';
export { DEFAULT_PIPELINE_NAMES, pipelineNamesFor, type PipelineNames } from '../config/pipeline-names';
export * from './cis-filters';
export * from './event-sources';
export * from './failed-sign-in-bursts';
export * from './forwarder-patterns';
export * from './pipeline-calls';
export type { KindContext } from './kind-definition';
export { ACCOUNT_CONTACT_EVENT_NAMES, ROOT_SIGN_IN_CHANGE_EVENT_NAMES } from './kinds/root-account-change';
export { GUARDDUTY_CONSOLE_FINDING_TYPES, GUARDDUTY_FINDING_DETAIL_TYPE, GUARDDUTY_SOURCE, guardDutyFindingPattern } from './kinds/guardduty-console-finding';
export { IAM_IDENTITY_PROVIDER_EVENT_NAMES, IDENTITY_CENTER_EXTERNAL_IDP_EVENT_SUFFIX, IDENTITY_CENTER_IDENTITY_SOURCE_EVENT_NAMES } from './kinds/identity-provider-change';
export { IAM_MFA_REMOVAL_EVENT_NAMES, IDENTITY_CENTER_MFA_REMOVAL_EVENT_NAMES } from './kinds/mfa-device-removed';
export { IDENTITY_CENTER_PORTAL_USER_AGENT_PREFIX, SIGNIN_TOKEN_EVENT_NAME } from './kinds/console-token-outside-sso';
export { LOGIN_PROFILE_EVENT_NAMES } from './kinds/login-profile-change';
export {
  PIPELINE_DEPLOY_CHANGE_METRIC,
  pipelineChangePatterns,
  pipelineDeployChangeFilters,
  pipelineFilters,
  pipelineForwardPatterns,
  pipelineTamperingPattern,
  pipelineTamperingPatterns,
  unionPattern,
} from './kinds/pipeline-tampering';
export { TRAIL_TAMPERING_EVENT_NAMES, trailTamperingPattern } from './kinds/trail-tampering';

/** Every alert kind by id: its file is detection/kinds/<id>.ts. Built in the order of ALERT_KIND_IDS. */
const KINDS: Record<AlertKindId, KindDefinition> = {
  'console-login-success': consoleLoginSuccess,
  'console-login-failure': consoleLoginFailure,
  'console-login-without-mfa': consoleLoginWithoutMfa,
  'root-console-login': rootConsoleLogin,
  'mfa-failure': mfaFailure,
  'identity-center-sign-in-failure': identityCenterSignInFailure,
  'trail-tampering': trailTampering,
  // Detection pack v2 (issue 11): the account-takeover moves around a sign-in.
  'root-account-change': rootAccountChange,
  'mfa-device-removed': mfaDeviceRemoved,
  'login-profile-change': loginProfileChange,
  'console-token-outside-sso': consoleTokenOutsideSso,
  'console-login-outside-sso': consoleLoginOutsideSso,
  'identity-provider-change': identityProviderChange,
  'guardduty-console-finding': guardDutyConsoleFinding,
  // issue 10 item 6: calls on the product's own resources.
  'pipeline-tampering': pipelineTampering,
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
    nextSteps: [...kind.nextSteps],
    messageFields: kind.messageFields.map((entry) => ({ ...entry })),
    eventPattern: kind.eventPattern(ignored, context),
    eventPatterns: kind.eventPatterns ? kind.eventPatterns(ignored, context) : [kind.eventPattern(ignored, context)],
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
