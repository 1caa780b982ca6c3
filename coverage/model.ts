/**
 * The coverage report's facts, read from the synthesized Terraform (so the
 * report shows what would be deployed, not what the config intends) and
 * compared with the config: forwarders per account and region, alert rules
 * and who receives them, suppressions, and gaps.
 */
import { ALERT_KIND_IDS, type AlertKindId, type OrgConfig } from '../config/schema';
import { AGGREGATOR_STACK, aggregatorAccount, centralBusArn, forwarderRuleName, memberStackName, MEMBER_STACK_PREFIX } from '../config/names';
import { ALL_REGIONS, enabledRegions, OPT_IN_REGIONS, regionExclusions, type RegionExclusion } from '../config/regions';
import { alertKindsFor, fullAlertCatalogue, pipelineNamesFor, PIPELINE_KEY_CALL } from '../detection/catalogue';
import { alertKindEnabledByDefault } from '../config/alert-kinds';
import { FORWARDER_SILENT_MESSAGE } from '../detection/message';
import { engineFor } from '../detection/alerts/model';
import { stableStringify } from '../review/stack-diff';
import { resourceRegion, resourcesOfType, type SynthesizedStack, type TerraformJson } from '../synth/output';

export type GapLevel = 'error' | 'warning' | 'info';

export interface Gap {
  level: GapLevel;
  message: string;
}

export interface AccountCoverage {
  name: string;
  id: string;
  /** Member stack name, or undefined when none was synthesized. */
  stack?: string;
  /** Regions the config says are enabled. */
  enabled: string[];
  /** Regions with a forwarder rule targeting the central bus. */
  forwarded: string[];
  /** Enabled regions left without forwarders by `excludedRegions` (organization-wide or the account's), with the reason. */
  excluded: RegionExclusion[];
}

/**
 * What the organization trail's alarms promise where no forwarder is (docs/management.md,
 * "What the safety net promises", cites the AWS pages): one notification per burst,
 * minutes late, without the event's details.
 */
export const SAFETY_NET_PROMISE =
  'at least one notification per burst of matching events, about 5 minutes or more after the event (CloudTrail delivers to CloudWatch Logs in about 5 minutes on average, not guaranteed, then a 5-minute alarm period); ' +
  'an alarm notifies only when it changes state, so further events while it stays in ALARM send nothing, and the message names no user or IP';

export interface AlertCoverage {
  id: AlertKindId;
  title: string;
  /** alerts.enabled in the config. */
  enabled: boolean;
  /** A rule with exactly the catalogue's pattern exists in the aggregator stack. */
  deployed: boolean;
}

export interface Receiver {
  stack: string;
  protocol: string;
  endpoint: string;
}

/** Who receives one kind of alert from a group of accounts (the alert engine's routes, evaluated per account). */
export interface RoutingGroup {
  kind: string;
  /** Account names; `(not in config)` stands for accounts the config does not list. */
  accounts: string[];
  destinations: string[];
  /** Where INFO kinds are summarized instead (digest). */
  digest: string[];
  /** The routes that matched; empty = the default destinations. */
  routes: string[];
}

export interface Suppression {
  kind: 'ignored principal' | 'acknowledged rule';
  subject: string;
  reason: string;
}

export interface CoverageReport {
  organizationId: string;
  aggregator: { account: string; region: string; busArn: string };
  /** Matrix columns: every catalogue region enabled in at least one account, in catalogue order. */
  regions: string[];
  accounts: AccountCoverage[];
  alerts: AlertCoverage[];
  receivers: Receiver[];
  routing: RoutingGroup[];
  suppressions: Suppression[];
  /** What the organization trail's alarms promise (every account and region, forwarded or not); undefined without trail.cloudWatchLogs. */
  safetyNet?: string;
  gaps: Gap[];
}

export function buildCoverage(config: OrgConfig, stacks: Map<string, SynthesizedStack>): CoverageReport {
  const gaps: Gap[] = [];
  const busArn = centralBusArn(config);

  const accounts: AccountCoverage[] = config.accounts.map((account) => {
    const stackName = memberStackName(account);
    const stack = stacks.get(stackName);
    const enabled = enabledRegions(account);
    const excluded = regionExclusions(config, account);
    const forwarded = stack ? forwarderRegions(stack.terraform, forwarderRuleName(config), busArn) : [];
    if (!stack) gaps.push({ level: 'error', message: `account ${account.name} (${account.id}) has no member stack (${stackName}): its sign-ins are not forwarded` });
    else {
      const missing = enabled.filter((region) => !forwarded.includes(region) && !excluded.some((exclusion) => exclusion.region === region));
      if (missing.length > 0) gaps.push({ level: 'error', message: `account ${account.name} (${account.id}) enables ${missing.join(', ')} but has no forwarder there` });
    }
    for (const exclusion of excluded) {
      const where = exclusion.scope === 'organization' ? 'excludedRegions' : `accounts.${config.accounts.indexOf(account)}.excludedRegions`;
      gaps.push({
        level: 'warning',
        message: `account ${account.name} (${account.id}) region ${exclusion.region}: no forwarder (${where}: ${exclusion.reason}); covered only by the organization trail alarms: ${SAFETY_NET_PROMISE}`,
      });
    }
    return { name: account.name, id: account.id, stack: stack ? stackName : undefined, enabled, forwarded, excluded };
  });

  for (const name of stacks.keys()) {
    if (name.startsWith(MEMBER_STACK_PREFIX) && !accounts.some((account) => account.stack === name)) {
      gaps.push({ level: 'warning', message: `stack ${name} belongs to no account of the config (stale synth output?)` });
    }
  }

  const aggregator = aggregatorAccount(config);
  if (!enabledRegions(aggregator).includes(config.aggregator.region as never)) {
    gaps.push({ level: 'error', message: `aggregator region ${config.aggregator.region} is not enabled in ${aggregator.name} (${aggregator.id}): add it to its optInRegions` });
  }

  const aggregatorStack = stacks.get(AGGREGATOR_STACK);
  if (!aggregatorStack) gaps.push({ level: 'error', message: `no ${AGGREGATOR_STACK} stack: forwarded events reach no central bus` });
  const alerts = alertCoverage(config, aggregatorStack?.terraform);
  for (const alert of alerts) {
    // An off-by-default kind left off (console-login-outside-sso) is the documented choice, not a gap.
    if (!alert.enabled && alertKindEnabledByDefault(alert.id)) gaps.push({ level: 'warning', message: `alert ${alert.id} is disabled (alerts.enabled.${alert.id}: false)` });
    else if (!alert.enabled) continue;
    else if (aggregatorStack && !alert.deployed) gaps.push({ level: 'error', message: `alert ${alert.id} is enabled but the ${AGGREGATOR_STACK} stack has no rule with its pattern` });
  }

  for (const route of config.notifications.routes.filter((candidate) => candidate.replaceDefault === true)) {
    gaps.push({ level: 'warning', message: `route ${route.name} has replaceDefault: true: the default recipients do not receive what it matches, CRITICAL and HIGH included (deliberate)` });
  }

  if (!config.trail.cloudWatchLogs) {
    gaps.push({ level: 'warning', message: 'trail.cloudWatchLogs is false: no CIS metric filters or safety-net alarms on the organization trail' });
    if (accounts.some((account) => account.excluded.length > 0)) {
      gaps.push({ level: 'error', message: 'excluded regions have no forwarder and trail.cloudWatchLogs is false: sign-ins there raise no alert at all' });
    }
  }

  const receivers = uniqueReceivers([...stacks.values()].flatMap((stack) => subscriptions(stack)));
  if (!receivers.some((receiver) => receiver.stack === AGGREGATOR_STACK)) {
    gaps.push({ level: 'error', message: `nobody is subscribed to the ${AGGREGATOR_STACK} alert topic: alerts are lost` });
  }

  const enabledAnywhere = new Set(accounts.flatMap((account) => account.enabled));
  const unused = OPT_IN_REGIONS.filter((region) => !enabledAnywhere.has(region));
  if (unused.length > 0) {
    gaps.push({
      level: 'info',
      message: `opt-in regions enabled in no account (covered by the organization trail only; run npm run drift to check): ${unused.join(', ')}`,
    });
  }

  return {
    organizationId: config.organization.id,
    aggregator: { account: aggregator.name, region: config.aggregator.region, busArn },
    regions: ALL_REGIONS.filter((region) => enabledAnywhere.has(region)),
    accounts,
    alerts,
    receivers,
    routing: routingOf(config),
    suppressions: [
      ...config.alerts.ignorePrincipals.map((entry): Suppression => ({ kind: 'ignored principal', subject: entry.arn, reason: entry.reason })),
      ...config.acknowledgements.map(
        (entry): Suppression => ({ kind: 'acknowledged rule', subject: entry.resource ? `${entry.rule} on ${entry.resource}` : entry.rule, reason: entry.reason }),
      ),
    ],
    ...(config.trail.cloudWatchLogs ? { safetyNet: `organization trail alarms (management account), every account and region: ${SAFETY_NET_PROMISE}` } : {}),
    gaps: sortGaps(gaps),
  };
}

/**
 * Regions of a member stack with a forwarder: a target pointing at the
 * central bus whose rule (same stack) carries the forwarder rule name and is
 * not disabled.
 */
export function forwarderRegions(terraform: TerraformJson, ruleName: string, busArn: string): string[] {
  const rules = new Map(resourcesOfType(terraform, 'aws_cloudwatch_event_rule'));
  const regions = new Set<string>();
  for (const [, target] of resourcesOfType(terraform, 'aws_cloudwatch_event_target')) {
    if (target.arn !== busArn || typeof target.rule !== 'string') continue;
    const reference = /^\$\{aws_cloudwatch_event_rule\.([^.]+)\.(name|id)\}$/.exec(target.rule);
    const rule = reference ? rules.get(reference[1]) : undefined;
    const ruleOk = reference ? rule?.name === ruleName && rule?.state !== 'DISABLED' && rule?.is_enabled !== false : target.rule === ruleName;
    const region = resourceRegion(terraform, target);
    if (ruleOk && region) regions.add(region);
  }
  return ALL_REGIONS.filter((region) => regions.has(region));
}

function alertCoverage(config: OrgConfig, aggregator: TerraformJson | undefined): AlertCoverage[] {
  const deployedPatterns = resourcesOfType(aggregator ?? {}, 'aws_cloudwatch_event_rule')
    .map(([, rule]) => rule.event_pattern)
    .filter((pattern): pattern is string => typeof pattern === 'string')
    .map((pattern) => JSON.parse(pattern) as unknown);
  const patterns = new Set(deployedPatterns.map((pattern) => stableStringify(pattern)));
  // pipeline-tampering carries the aggregator's own key ARNs (Terraform references): the catalogue is built with the ones deployed.
  const keyArns = [...new Set(deployedPatterns.flatMap(productKeyArns))];
  // Every kind, built with the config's suppressions and names, so a disabled kind still shows its title.
  const catalogue = fullAlertCatalogue({ ignorePrincipals: config.alerts.ignorePrincipals, pipeline: { ...pipelineNamesFor(config), keyArns } });
  return ALERT_KIND_IDS.map((id) => {
    const kind = catalogue.find((candidate) => candidate.id === id)!;
    return {
      id,
      title: kind.title,
      enabled: config.alerts.enabled[id] !== false,
      deployed: kind.eventPatterns.every((pattern) => patterns.has(stableStringify(pattern))),
    };
  });
}

/** The key ARNs of a pattern's KMS branch (`detail.$or[].resources.ARN` next to eventSource kms), none for other patterns. */
function productKeyArns(pattern: unknown): string[] {
  const detail = (pattern as { detail?: { $or?: unknown[] } }).detail;
  const branches = detail?.$or ?? (detail ? [detail] : []);
  return branches.flatMap((branch) => {
    const candidate = branch as { eventSource?: unknown[]; resources?: { ARN?: unknown[] } };
    const isKeyBranch = Array.isArray(candidate.eventSource) && candidate.eventSource.includes(PIPELINE_KEY_CALL.eventSource);
    return isKeyBranch && Array.isArray(candidate.resources?.ARN) ? candidate.resources.ARN.filter((arn): arn is string => typeof arn === 'string') : [];
  });
}

function subscriptions(stack: SynthesizedStack): Receiver[] {
  return resourcesOfType(stack.terraform, 'aws_sns_topic_subscription')
    .map(([, subscription]) => ({ stack: stack.name, protocol: String(subscription.protocol), endpoint: String(subscription.endpoint) }))
    .concat(
      resourcesOfType(stack.terraform, 'aws_chatbot_slack_channel_configuration').map(([, channel]) => ({
        stack: stack.name,
        protocol: 'slack',
        endpoint: `${String(channel.slack_team_id)}/${String(channel.slack_channel_id)}`,
      })),
    )
    .sort((a, b) => `${a.protocol}:${a.endpoint}`.localeCompare(`${b.protocol}:${b.endpoint}`));
}

/** A topic per region would list an address once per region: once is enough. */
/** Per enabled kind (and silent forwarders), accounts grouped by what they route to: the same engine the Lambda runs. */
export function routingOf(config: OrgConfig): RoutingGroup[] {
  const engine = engineFor(config);
  const kinds = [...alertKindsFor(config).map(({ id, severity }) => ({ id, severity })), { id: FORWARDER_SILENT_MESSAGE.id, severity: FORWARDER_SILENT_MESSAGE.severity }];
  const groups: RoutingGroup[] = [];
  for (const kind of kinds) {
    const byKey = new Map<string, RoutingGroup>();
    const add = (accountLabel: string, accountId: string | undefined) => {
      const { destinations, digest } = engine.routing(kind, accountId);
      const routes = engine.matchingRoutes(kind, accountId).map((route) => route.name);
      const key = JSON.stringify([destinations, digest, routes]);
      const group = byKey.get(key) ?? { kind: kind.id, accounts: [], destinations, digest, routes };
      group.accounts.push(accountLabel);
      byKey.set(key, group);
    };
    for (const account of config.accounts) add(account.name, account.id);
    add('(not in config)', undefined);
    groups.push(...byKey.values());
  }
  return groups;
}

function uniqueReceivers(receivers: Receiver[]): Receiver[] {
  const seen = new Set<string>();
  return receivers.filter((receiver) => {
    const key = `${receiver.stack} ${receiver.protocol} ${receiver.endpoint}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

const LEVEL_ORDER: Record<GapLevel, number> = { error: 0, warning: 1, info: 2 };

function sortGaps(gaps: Gap[]): Gap[] {
  return gaps.map((gap, index) => ({ gap, index })).sort((a, b) => LEVEL_ORDER[a.gap.level] - LEVEL_ORDER[b.gap.level] || a.index - b.index).map(({ gap }) => gap);
}
