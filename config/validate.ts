/**
 * Phase 2 of validation: cross-references and meaning, run only once the
 * config is structurally valid (config/schema.ts). Every problem is collected
 * and returned together, each with the key path it concerns; config/load.ts
 * places them in the file and throws once ("org.yaml has N issues").
 */
import { ALERT_KIND_IDS, FORWARDER_SILENT_KIND_ID, SUPPRESSIBLE_ALERT_KIND, type AlertKindId } from './alert-kinds';
import { arnPatternTerms } from './arn-patterns';
import { MAX_FILTER_PATTERN_LENGTH } from './pattern-limits';
import { pipelineNamesFor, type PipelineNames } from './pipeline-names';
import type { AccountConfig, OrgConfig } from './schema';
import {
  accessLogBucketName,
  centralBusName,
  forwarderDlqName,
  forwarderRoleName,
  forwarderRuleName,
  pipelineForwarderRuleName,
  pipelineLogRuleName,
  centralAlertRuleName,
  rulePartName,
  MAX_RULE_PARTS,
  heartbeatDlqName,
  heartbeatRoleName,
  heartbeatScheduleName,
  trailBucketName,
  trailDeliveryRoleName,
} from './names';
import { ALL_REGIONS, isDefaultEnabledRegion, isKnownRegion, isOptInRegion, enabledRegions, forwardedRegions } from './regions';
import { didYouMean } from './suggest';
import { checkIgnorePrincipalAccounts, checkUsEast1Exclusions } from './weakening-checks';

export interface SemanticIssue {
  path: PropertyKey[];
  message: string;
}

/** Deliberately simple: one @, no spaces, a dotted domain. SNS rejects what it cannot deliver to anyway. */
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@.]+$/;

type Issues = SemanticIssue[];

function findAccount(config: OrgConfig, ref: string): AccountConfig | undefined {
  return config.accounts.find((account) => account.name === ref || account.id === ref);
}

function accountPath(config: OrgConfig, account: AccountConfig): string {
  return `accounts.${config.accounts.indexOf(account)}`;
}

function checkUniqueAccounts(config: OrgConfig, issues: Issues): void {
  const fields = [
    ['name', 'account name'],
    ['id', 'account id'],
    ['email', 'account email'],
  ] as const;
  for (const [field, label] of fields) {
    const firstIndex = new Map<string, number>();
    config.accounts.forEach((account, index) => {
      const value = account[field];
      if (value === undefined) return;
      const first = firstIndex.get(value);
      if (first === undefined) firstIndex.set(value, index);
      else issues.push({ path: ['accounts', index, field], message: `duplicate ${label} "${value}" (already used by accounts.${first})` });
    });
  }
}

/** Checks an account reference; returns the account when it resolves. */
function checkAccountRef(config: OrgConfig, path: PropertyKey[], ref: string, issues: Issues): AccountConfig | undefined {
  const account = findAccount(config, ref);
  if (!account) {
    const names = config.accounts.map((candidate) => candidate.name);
    const hint = didYouMean(ref, names) || ` (accounts: ${names.join(', ')})`;
    issues.push({ path, message: `unknown account "${ref}"${hint}` });
  }
  return account;
}

/** Checks a region code against the catalogue; returns true when it is a known region. */
function checkRegionCode(path: PropertyKey[], region: string, issues: Issues): boolean {
  if (isKnownRegion(region)) return true;
  issues.push({ path, message: `unknown AWS region "${region}"${didYouMean(region, ALL_REGIONS)}` });
  return false;
}

function checkOptInRegions(config: OrgConfig, issues: Issues): void {
  config.accounts.forEach((account, index) => {
    const seen = new Set<string>();
    account.optInRegions.forEach((region, position) => {
      const path = ['accounts', index, 'optInRegions', position];
      if (seen.has(region)) issues.push({ path, message: `opt-in region "${region}" is listed twice` });
      seen.add(region);
      if (!checkRegionCode(path, region, issues)) return;
      if (isDefaultEnabledRegion(region)) issues.push({ path, message: `"${region}" is already enabled by default in every account; remove it` });
    });
  });
}

/** A region the given account must have enabled: a default region, or one of its opt-in regions. */
interface RegionUse {
  path: PropertyKey[];
  region: string;
  account: AccountConfig;
  /** The account's role, e.g. `the aggregator account`. */
  role: string;
  /** Why the account must enable the region, when the role does not say it. */
  why?: string;
}

/** A region an account must have enabled: a default region, or one of its opt-in regions. */
function checkAccountEnablesRegion(config: OrgConfig, use: RegionUse, issues: Issues): void {
  const { path, region, account, role, why } = use;
  if (!isOptInRegion(region) || (enabledRegions(account) as string[]).includes(region)) return;
  issues.push({
    path,
    message: `${role} "${account.name}" does not enable opt-in region "${region}"${why ?? ''}: add it to ${accountPath(config, account)}.optInRegions`,
  });
}

function checkReferences(config: OrgConfig, issues: Issues): void {
  const management = checkAccountRef(config, ['organization', 'managementAccount'], config.organization.managementAccount, issues);
  const aggregator = checkAccountRef(config, ['aggregator', 'account'], config.aggregator.account, issues);

  checkRegionCode(['aggregator', 'region'], config.aggregator.region, issues);
  if (aggregator) {
    checkAccountEnablesRegion(config, { path: ['aggregator', 'region'], region: config.aggregator.region, account: aggregator, role: 'the aggregator account' }, issues);
  }

  checkRegionCode(['trail', 'region'], config.trail.region, issues);
  if (management) {
    const why = ', where the organization trail, its bucket and log group live';
    checkAccountEnablesRegion(config, { path: ['trail', 'region'], region: config.trail.region, account: management, role: 'the management account', why }, issues);
  }

  // The GuardDuty administrator forwards every member's sign-in findings: it needs a member stack (detection pack v2).
  if (config.alerts.guardDutyAdministrator !== undefined) {
    checkAccountRef(config, ['alerts', 'guardDutyAdministrator'], config.alerts.guardDutyAdministrator, issues);
  }

  if (config.identityCenter) {
    const host = checkAccountRef(config, ['identityCenter', 'account'], config.identityCenter.account, issues);
    checkRegionCode(['identityCenter', 'region'], config.identityCenter.region, issues);
    if (host) {
      const use = { path: ['identityCenter', 'region'], region: config.identityCenter.region, account: host, role: 'the Identity Center account' };
      checkAccountEnablesRegion(config, use, issues);
    }
  }

  if (config.state.backend === 's3') checkRegionCode(['state', 'region'], config.state.region, issues);
}

function checkEmails(config: OrgConfig, issues: Issues): void {
  const check = (path: PropertyKey[], email: string): void => {
    if (!EMAIL.test(email)) issues.push({ path, message: `"${email}" is not a valid email address` });
  };
  config.notifications.emails.forEach((email, index) => check(['notifications', 'emails', index], email));
  config.accounts.forEach((account, index) => account.email !== undefined && check(['accounts', index, 'email'], account.email));
  config.notifications.routes.forEach((route, index) =>
    (route.emails ?? []).forEach((email, position) => check(['notifications', 'routes', index, 'emails', position], email)),
  );
}

/** Kinds a route may name: every alert kind, and silent forwarders (the health checker). */
export const ROUTABLE_KINDS: readonly string[] = [...ALERT_KIND_IDS, FORWARDER_SILENT_KIND_ID];

/**
 * notifications.routes: every criterion must be able to match (known kinds,
 * accounts and tag values, no empty list) and every route must deliver
 * somewhere. A route that silently matches nothing would hide alerts from the
 * people it names.
 */
function checkRoutes(config: OrgConfig, issues: Issues): void {
  const names = new Map<string, number>();
  const tagValues = new Map<string, Set<string>>();
  for (const account of config.accounts) {
    for (const [key, value] of Object.entries(account.tags)) tagValues.set(key, (tagValues.get(key) ?? new Set()).add(value));
  }
  config.notifications.routes.forEach((route, index) => {
    const at = (...rest: PropertyKey[]): PropertyKey[] => ['notifications', 'routes', index, ...rest];
    const first = names.get(route.name);
    if (first !== undefined) issues.push({ path: at('name'), message: `duplicate route name "${route.name}" (already used by notifications.routes.${first})` });
    else names.set(route.name, index);

    const criteria = [
      ['severities', route.severities, 'severity'],
      ['kinds', route.kinds, 'kind'],
      ['accounts', route.accounts, 'account'],
    ] as const;
    for (const [key, list, what] of criteria) {
      if (list !== undefined && list.length === 0) issues.push({ path: at(key), message: `an empty list matches no event: remove ${key} to match any ${what}` });
    }
    if (route.accountTags !== undefined && Object.keys(route.accountTags).length === 0) {
      issues.push({ path: at('accountTags'), message: 'an empty map matches every account: remove accountTags, or name a tag and its value' });
    }

    (route.kinds ?? []).forEach((kind, position) => {
      if (!ROUTABLE_KINDS.includes(kind)) {
        const hint = didYouMean(kind, ROUTABLE_KINDS) || ` (kinds: ${ROUTABLE_KINDS.join(', ')})`;
        issues.push({ path: at('kinds', position), message: `unknown alert kind "${kind}"${hint}` });
      } else if (config.alerts.enabled[kind as AlertKindId] === false) {
        issues.push({ path: at('kinds', position), message: `alert kind "${kind}" is disabled in alerts.enabled: this route would never receive it` });
      }
    });
    (route.accounts ?? []).forEach((ref, position) => checkAccountRef(config, at('accounts', position), ref, issues));
    for (const [tag, value] of Object.entries(route.accountTags ?? {})) {
      const values = tagValues.get(tag);
      if (!values) {
        const known = [...tagValues.keys()];
        const hint = didYouMean(tag, known) || (known.length > 0 ? ` (tags in use: ${known.join(', ')})` : ' (no account has tags)');
        issues.push({ path: at('accountTags', tag), message: `no account has a tag "${tag}"${hint}` });
      } else if (!values.has(value)) {
        issues.push({ path: at('accountTags', tag), message: `no account has ${tag}=${value} (values in use: ${[...values].sort().join(', ')})` });
      }
    }

    const destinations = (route.emails?.length ?? 0) + (route.httpsEndpoints?.length ?? 0) + (route.slack ? 1 : 0);
    if (destinations === 0) {
      issues.push({ path: at(), message: `route "${route.name}" has no destination: add emails, httpsEndpoints or slack` });
    }
  });
}

function checkReasons(config: OrgConfig, issues: Issues): void {
  config.alerts.ignorePrincipals.forEach((principal, index) => {
    if (principal.reason.trim() === '') {
      issues.push({
        path: ['alerts', 'ignorePrincipals', index, 'reason'],
        message: `give a reason why sign-ins of ${principal.arn} are not notified: reviewers must be able to judge it`,
      });
    }
  });
  config.acknowledgements.forEach((acknowledgement, index) => {
    if (acknowledgement.reason.trim().length < 10) {
      issues.push({
        path: ['acknowledgements', index, 'reason'],
        message: `give a reason (at least 10 characters besides spaces) why finding ${acknowledgement.rule} is accepted`,
      });
    }
  });
}

/**
 * Ignore-principal ARN patterns become terms of the suppressible kind's metric
 * filter (detection/catalogue.ts). What the catalogue would refuse at synth
 * time is reported here, at its place in the file: a pattern it cannot
 * translate, and a list whose filter exceeds CloudWatch Logs' length limit.
 */
function checkIgnorePrincipals(config: OrgConfig, issues: Issues, limits: CatalogueLimits): void {
  const principals = config.alerts.ignorePrincipals;
  let translatable = true;
  principals.forEach((principal, index) => {
    try {
      arnPatternTerms(principal.arn);
    } catch (error) {
      translatable = false;
      issues.push({ path: ['alerts', 'ignorePrincipals', index, 'arn'], message: (error as Error).message });
    }
  });
  if (!translatable || config.alerts.enabled[SUPPRESSIBLE_ALERT_KIND] === false) return;

  const arns = principals.map((principal) => principal.arn);
  const length = limits.suppressionFilterLength(arns);
  if (length <= MAX_FILTER_PATTERN_LENGTH) return;
  let fitting = 0;
  while (fitting < arns.length && limits.suppressionFilterLength(arns.slice(0, fitting + 1)) <= MAX_FILTER_PATTERN_LENGTH) fitting += 1;
  issues.push({
    path: ['alerts', 'ignorePrincipals'],
    message:
      `these ${arns.length} entries make the ${SUPPRESSIBLE_ALERT_KIND} metric filter ${length} characters; CloudWatch Logs allows ${MAX_FILTER_PATTERN_LENGTH}, ` +
      `so only the first ${fitting} fit: merge entries with a * wildcard in the name (e.g. arn:aws:iam::111111111111:user/break-glass-*) or remove some`,
  });
}

function checkTrailBucket(config: OrgConfig, issues: Issues): void {
  if (config.trail.objectLock && 'existing' in config.trail.bucket) {
    issues.push({ path: ['trail', 'objectLock'], message: 'objectLock applies to a bucket signin-watch creates; with an existing bucket, set Object Lock on that bucket instead' });
  }
}

const TRAIL_ARN = /^arn:aws:cloudtrail:([^:]+):(\d{12}):trail\/(.+)$/;

/**
 * `trail.existing`: the filters are created in the management account, in
 * trail.region, on the named log group, so the trail must be an organization
 * trail of the management account whose home region is trail.region
 * (CloudTrail delivers to a log group of the trail's home region), and the
 * settings that only describe a created trail must not pretend to apply.
 */
function checkExistingTrail(config: OrgConfig, issues: Issues): void {
  const existing = config.trail.existing;
  if (!existing) return;
  const match = TRAIL_ARN.exec(existing.trailArn);
  const management = findAccount(config, config.organization.managementAccount);
  if (match && match[1] !== config.trail.region) {
    issues.push({
      path: ['trail', 'existing', 'trailArn'],
      message: `the trail's home region is ${match[1]} but trail.region is ${config.trail.region}: set trail.region to ${match[1]} (the trail delivers to a log group of its home region, where the filters are created)`,
    });
  }
  if (match && management && match[2] !== management.id) {
    issues.push({
      path: ['trail', 'existing', 'trailArn'],
      message: `the trail belongs to account ${match[2]}, not the management account ${management.id}: name the organization trail of the management account (organization trails, also those a delegated administrator creates, are owned by the management account)`,
    });
  }
  if (!config.trail.cloudWatchLogs) {
    issues.push({
      path: ['trail', 'cloudWatchLogs'],
      message: 'trail.existing puts the safety-net filters on the existing trail\'s log group: remove cloudWatchLogs: false, or remove trail.existing',
    });
  }
  if (config.trail.objectLock && config.trail.deadLetterEvents === 'off') {
    issues.push({
      path: ['trail', 'objectLock'],
      message: 'with trail.existing and deadLetterEvents: off signin-watch creates no bucket to lock: remove objectLock (set Object Lock on the existing trail\'s bucket instead)',
    });
  }
}

/**
 * A plan role that is the account's deployment role gives pull-request plans
 * deploy permissions: the very thing the plan role exists to avoid.
 */
function checkPlanRoles(config: OrgConfig, issues: Issues): void {
  const sharedPlanRoleIsDeploymentRole: string[] = [];
  for (const [index, account] of config.accounts.entries()) {
    const planRole = account.planRoleName ?? config.deployment.planRoleName;
    const deploymentRole = account.deploymentRoleName ?? config.deployment.roleName;
    if (planRole === undefined || planRole !== deploymentRole) continue;
    if (account.planRoleName === undefined) {
      sharedPlanRoleIsDeploymentRole.push(account.name);
      continue;
    }
    issues.push({ path: ['accounts', index, 'planRoleName'], message: planRoleIsDeploymentRole(planRole, [account.name]) });
  }
  if (sharedPlanRoleIsDeploymentRole.length > 0) {
    issues.push({ path: ['deployment', 'planRoleName'], message: planRoleIsDeploymentRole(config.deployment.planRoleName!, sharedPlanRoleIsDeploymentRole) });
  }
}

function planRoleIsDeploymentRole(role: string, accounts: string[]): string {
  const of = accounts.length === 1 ? `account "${accounts[0]}"` : `accounts ${accounts.map((name) => `"${name}"`).join(', ')}`;
  return `the plan role "${role}" is the deployment role of ${of}: pull-request plans would hold deploy permissions; name a read-only role`;
}

/** AWS name length limits of the names config/names.ts derives (see each service's quotas). */
const NAME_LIMITS: { what: string; limit: number; name: (config: OrgConfig) => string; path: PropertyKey[] }[] = [
  { what: 'IAM role name', limit: 64, name: forwarderRoleName, path: ['deployment', 'namePrefix'] },
  { what: 'IAM role name', limit: 64, name: heartbeatRoleName, path: ['deployment', 'namePrefix'] },
  { what: 'IAM role name', limit: 64, name: trailDeliveryRoleName, path: ['deployment', 'namePrefix'] },
  { what: 'EventBridge rule name', limit: 64, name: forwarderRuleName, path: ['deployment', 'namePrefix'] },
  { what: 'EventBridge rule name', limit: 64, name: (config) => rulePartName(pipelineForwarderRuleName(config), MAX_RULE_PARTS - 1), path: ['deployment', 'namePrefix'] },
  { what: 'EventBridge rule name', limit: 64, name: (config) => rulePartName(pipelineLogRuleName(config), MAX_RULE_PARTS - 1), path: ['deployment', 'namePrefix'] },
  { what: 'EventBridge rule name', limit: 64, name: (config) => rulePartName(centralAlertRuleName(config, 'pipeline-tampering'), MAX_RULE_PARTS - 1), path: ['deployment', 'namePrefix'] },
  { what: 'EventBridge Scheduler schedule name', limit: 64, name: heartbeatScheduleName, path: ['deployment', 'namePrefix'] },
  { what: 'event bus name', limit: 256, name: centralBusName, path: ['deployment', 'namePrefix'] },
  { what: 'SQS queue name', limit: 80, name: forwarderDlqName, path: ['deployment', 'namePrefix'] },
  { what: 'SQS queue name', limit: 80, name: heartbeatDlqName, path: ['deployment', 'namePrefix'] },
  { what: 'S3 bucket name', limit: 63, name: trailBucketName, path: ['deployment', 'namePrefix'] },
  { what: 'S3 bucket name', limit: 63, name: accessLogBucketName, path: ['deployment', 'namePrefix'] },
];

/**
 * Derived names that would exceed an AWS limit. The schema's length limits on
 * namePrefix and account names keep today's names short; this catches a name
 * added to names.ts, or a limit loosened, before AWS rejects it at apply time.
 */
function checkDerivedNameLengths(config: OrgConfig, issues: Issues): void {
  const reported = new Set<string>();
  for (const { what, limit, name, path } of NAME_LIMITS) {
    const value = name(config);
    if (value.length <= limit || reported.has(value)) continue;
    reported.add(value);
    issues.push({ path, message: `the ${what} "${value}" is ${value.length} characters; AWS allows at most ${limit}: shorten it` });
  }
}

/**
 * pipeline-tampering: the deployment role names go into every one of its
 * filters and its bus pattern; too many (or too long) exceed CloudWatch Logs'
 * or EventBridge's limits. Reported at deployment.roleName. The protection
 * SCP's targets must be configured accounts (or OU / root ids).
 */
function checkPipelineTampering(config: OrgConfig, issues: Issues, limits: CatalogueLimits): void {
  if (config.alerts.enabled['pipeline-tampering'] !== false) {
    try {
      limits.checkPipelineFilters(pipelineNamesFor(config));
    } catch (error) {
      issues.push({ path: ['deployment', 'roleName'], message: (error as Error).message });
    }
  }
  (config.deployment.protectionScp?.targets ?? []).forEach((target, index) => {
    if (!/^(r-|ou-)/.test(target)) checkAccountRef(config, ['deployment', 'protectionScp', 'targets', index], target, issues);
  });
}

/**
 * `excludedRegions` (organization-wide and per account): each entry a known
 * region that would otherwise get forwarders, listed once, with a reason; never
 * the aggregator's region (its central bus lives there), never every region an
 * account forwards from.
 */
function checkExcludedRegions(config: OrgConfig, issues: Issues): void {
  const organizationWide = new Set<string>();
  const checkList = (
    entries: readonly { region: string; reason: string }[] | undefined,
    basePath: PropertyKey[],
    enables: (region: string) => boolean,
    notEnabled: (region: string) => string,
    alreadyExcluded: Set<string>,
  ): void => {
    const seen = new Set<string>();
    (entries ?? []).forEach(({ region, reason }, index) => {
      const path = [...basePath, index];
      if (reason.trim() === '') {
        issues.push({ path: [...path, 'reason'], message: `give a reason why ${region} gets no forwarders (e.g. the SCP that denies it): reviewers and the coverage report show it` });
      }
      if (seen.has(region)) {
        issues.push({ path: [...path, 'region'], message: `region "${region}" is excluded twice in this list` });
        return;
      }
      seen.add(region);
      if (!checkRegionCode([...path, 'region'], region, issues)) return;
      if (alreadyExcluded.has(region)) {
        issues.push({ path: [...path, 'region'], message: `region "${region}" is already excluded organization-wide (excludedRegions); remove it here` });
        return;
      }
      if (!enables(region)) issues.push({ path: [...path, 'region'], message: notEnabled(region) });
    });
  };

  checkList(
    config.excludedRegions,
    ['excludedRegions'],
    (region) => config.accounts.some((account) => (enabledRegions(account) as string[]).includes(region)),
    (region) => `no account enables opt-in region "${region}": there is no forwarder to leave out; remove it`,
    new Set(),
  );
  for (const { region } of config.excludedRegions ?? []) organizationWide.add(region);

  const aggregator = findAccount(config, config.aggregator.account);
  const aggregatorRegionMessage = `the aggregator's region "${config.aggregator.region}" cannot be excluded: the central bus and alerts live there (exempt the deployment role from the region deny instead, docs/deploy.md)`;
  (config.excludedRegions ?? []).forEach(({ region }, index) => {
    if (region === config.aggregator.region) issues.push({ path: ['excludedRegions', index, 'region'], message: aggregatorRegionMessage });
  });

  config.accounts.forEach((account, accountIndex) => {
    const basePath = ['accounts', accountIndex, 'excludedRegions'];
    checkList(
      account.excludedRegions,
      basePath,
      (region) => (enabledRegions(account) as string[]).includes(region),
      (region) => `account "${account.name}" does not enable opt-in region "${region}": there is no forwarder to leave out; remove it (or add it to ${accountPath(config, account)}.optInRegions)`,
      organizationWide,
    );
    if (account === aggregator) {
      (account.excludedRegions ?? []).forEach(({ region }, index) => {
        if (region === config.aggregator.region) issues.push({ path: [...basePath, index, 'region'], message: aggregatorRegionMessage });
      });
    }
    const excludesSomething = (account.excludedRegions?.length ?? 0) > 0 || (config.excludedRegions?.length ?? 0) > 0;
    if (excludesSomething && forwardedRegions(config, account).length === 0) {
      issues.push({
        path: (account.excludedRegions?.length ?? 0) > 0 ? basePath : ['excludedRegions'],
        message: `account "${account.name}" would have no forwarder in any region: its sign-ins would reach no real-time alert; keep at least one region`,
      });
    }
  });
}

/**
 * What only the detection catalogue can measure, passed in by the layer above
 * (detection/org-config.ts): the length of the suppressible kind's filter for
 * a list of ignored principals, and whether the deployment role names fit
 * pipeline-tampering's filters and pattern (throws with the reason if not).
 */
export interface CatalogueLimits {
  suppressionFilterLength(arns: readonly string[]): number;
  checkPipelineFilters(names: PipelineNames): void;
  /**
   * Ids of the config's enabled alert kinds whose events come from a global
   * service (IAM, Organizations, Account Management) and so reach EventBridge
   * only in us-east-1: what excluding us-east-1 costs.
   */
  globalServiceKinds(config: OrgConfig): string[];
}

export function validateConfig(config: OrgConfig, limits: CatalogueLimits): SemanticIssue[] {
  const issues: Issues = [];
  checkUniqueAccounts(config, issues);
  checkReferences(config, issues);
  checkOptInRegions(config, issues);
  checkExcludedRegions(config, issues);
  checkEmails(config, issues);
  checkRoutes(config, issues);
  checkReasons(config, issues);
  checkIgnorePrincipals(config, issues, limits);
  checkTrailBucket(config, issues);
  checkExistingTrail(config, issues);
  checkPlanRoles(config, issues);
  checkPipelineTampering(config, issues, limits);
  issues.push(...checkIgnorePrincipalAccounts(config), ...checkUsEast1Exclusions(config, limits.globalServiceKinds(config)));
  // Derived names need the management account to resolve (bucket names carry its id).
  if (findAccount(config, config.organization.managementAccount)) checkDerivedNameLengths(config, issues);
  return issues;
}
