/**
 * Every name derived from the config: stack names, resource names, ARNs that
 * must be built as strings (to avoid dependency loops or to cross stacks).
 * Stacks, tests and scripts read names from here, never spell them.
 * No cdktf import.
 */
import type { AccountConfig, OrgConfig } from './schema';

export const MANAGEMENT_STACK = 'management';
export const AGGREGATOR_STACK = 'aggregator';
export const MEMBER_STACK_PREFIX = 'member-';

export function memberStackName(account: Pick<AccountConfig, 'name'>): string {
  return `${MEMBER_STACK_PREFIX}${account.name}`;
}

/** Resolves an account reference (name or 12-digit id) of the config. Throws if unknown: validate.ts reports it first. */
export function findAccount(config: Pick<OrgConfig, 'accounts'>, ref: string): AccountConfig {
  const account = config.accounts.find((candidate) => candidate.name === ref || candidate.id === ref);
  if (!account) throw new Error(`unknown account "${ref}"`);
  return account;
}

export function managementAccount(config: OrgConfig): AccountConfig {
  return findAccount(config, config.organization.managementAccount);
}

export function aggregatorAccount(config: OrgConfig): AccountConfig {
  return findAccount(config, config.aggregator.account);
}

export function prefix(config: Pick<OrgConfig, 'deployment'>): string {
  return config.deployment.namePrefix;
}

export function centralBusName(config: OrgConfig): string {
  return `${prefix(config)}-central`;
}

export function centralBusArn(config: OrgConfig): string {
  return `arn:aws:events:${config.aggregator.region}:${aggregatorAccount(config).id}:event-bus/${centralBusName(config)}`;
}

/** The central, searchable log group of every forwarded sign-in event. Under /aws/events/ as EventBridge expects. */
export function signInLogGroupName(config: OrgConfig): string {
  return `/aws/events/${prefix(config)}/sign-ins`;
}

export function trailArn(config: OrgConfig): string {
  return `arn:aws:cloudtrail:${config.trail.region}:${managementAccount(config).id}:trail/${config.trail.name}`;
}

export function trailLogGroupName(config: OrgConfig): string {
  return `/${prefix(config)}/cloudtrail/${config.trail.name}`;
}

export function trailBucketName(config: OrgConfig): string {
  const bucket = config.trail.bucket;
  if ('existing' in bucket) return bucket.existing;
  return bucket.name ?? `${prefix(config)}-trail-${managementAccount(config).id}-${config.trail.region}`;
}

export function deploymentRoleArn(config: OrgConfig, account: AccountConfig): string {
  return `arn:aws:iam::${account.id}:role/${account.deploymentRoleName ?? config.deployment.roleName}`;
}

/** One forwarding role per account (IAM is global); its name is the same in every account. */
export function forwarderRoleName(config: OrgConfig): string {
  return `${prefix(config)}-forwarder`;
}

export function forwarderRuleName(config: OrgConfig): string {
  return `${prefix(config)}-forward-sign-ins`;
}
