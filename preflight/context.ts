/** What the checks share: the config, AWS access, and what earlier checks learned. */
import type { AwsCredentialIdentity } from '@smithy/types';
import type { AccountConfig, OrgConfig } from '../config/schema';
import { deploymentRoleArn, deploymentSessionName, findAccount, planRoleArn, planSessionName } from '../config/names';
import type { Progress } from '../command/progress';
import type { OrgAccount } from '../aws/org-api';
import type { AwsAccess, Credentials } from './aws';

export type RoleKind = 'deployment' | 'plan';
export const ROLE_KINDS: readonly RoleKind[] = ['deployment', 'plan'];

export interface PreflightContext {
  config: OrgConfig;
  aws: AwsAccess;
  /** ARN and account of the credentials preflight runs with. */
  callerArn: string;
  callerAccountId: string;
  /** Account of the session used for Organizations, Account Management, IAM (the management account). */
  managementSessionAccountId: string;
  /** Who needs the permissions of organization-level calls, for the messages. */
  managementWho: string;
  /** Roles whose assumption is checked in every account. */
  roles: readonly RoleKind[];
  concurrency: number;
  progress: Progress;
  /** Every account of the organization, once the accounts check listed them. */
  orgAccounts?: OrgAccount[];
  /** Per account id: the credentials of the first role assumed there (for in-account reads). */
  sessions: Map<string, AwsCredentialIdentity>;
}

export function roleArn(context: Pick<PreflightContext, 'config'>, kind: RoleKind, account: AccountConfig): string | undefined {
  return kind === 'deployment' ? deploymentRoleArn(context.config, account) : planRoleArn(context.config, account);
}

export function sessionName(context: Pick<PreflightContext, 'config'>, kind: RoleKind): string {
  return `${kind === 'deployment' ? deploymentSessionName(context.config) : planSessionName(context.config)}-preflight`.slice(0, 64);
}

export function who(account: Pick<AccountConfig, 'name' | 'id'>): string {
  return `${account.name} (${account.id})`;
}

/** Config accounts that are ACTIVE in the organization (all of them when the listing failed). */
export function activeAccounts(context: PreflightContext): AccountConfig[] {
  if (!context.orgAccounts) return context.config.accounts;
  const active = new Set(context.orgAccounts.filter((account) => account.state === 'ACTIVE').map((account) => account.id));
  return context.config.accounts.filter((account) => active.has(account.id));
}

/**
 * Credentials to read inside `accountRef`'s account: the role assumed there by
 * the roles check, or the management session when that is the account.
 * `credentials: null` comes with the reason no session exists.
 */
export function accountCredentials(
  context: PreflightContext,
  accountRef: string,
): { account: AccountConfig; credentials: Credentials } | { account: AccountConfig; credentials: null; reason: string } {
  const account = findAccount(context.config, accountRef);
  const session = context.sessions.get(account.id);
  if (session) return { account, credentials: session };
  if (account.id === context.managementSessionAccountId) return { account, credentials: context.aws.management };
  if (!activeAccounts(context).some((entry) => entry.id === account.id)) return { account, credentials: null, reason: 'the account is not ACTIVE in the organization (see the accounts check)' };
  return { account, credentials: null, reason: 'no role could be assumed in that account (see the roles check)' };
}
