/**
 * The AWS provider every stack uses: it assumes a role of the stack's account
 * (from config), refuses to touch any other account, and tags every resource.
 *
 * Which role: the deployment role by default; the read-only plan role when
 * synthesized with SIGNIN_WATCH_PROVIDER_ROLE=plan (pull-request plans run
 * the pull request's code, so they must not hold deploy permissions).
 * `buildApp` reads the variable once and records the choice in the app's
 * context; a deploy-role synthesis leaves the context untouched, so its output
 * is the same as before the plan role existed.
 */
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import type { Construct } from 'constructs';
import type { AccountConfig, OrgConfig } from '../config/schema';
import { providerSkipsRegionValidation } from '../config/regions';
import { deploymentRoleArn, deploymentSessionName, MANAGED_BY_TAG, planRoleArn, planSessionName } from '../config/names';

/** Environment variable choosing the role the providers assume. */
export const PROVIDER_ROLE_VARIABLE = 'SIGNIN_WATCH_PROVIDER_ROLE';
export const PROVIDER_ROLES = ['deploy', 'plan'] as const;
/** `deploy`: the deployment role (apply). `plan`: the read-only plan role (pull-request plans). */
export type ProviderRole = (typeof PROVIDER_ROLES)[number];

/** App context key carrying the provider role from `buildApp` to every provider. */
export const PROVIDER_ROLE_CONTEXT = 'signin-watch:provider-role';

/** A provider-role choice that cannot be honoured: the message says what to set. */
export class ProviderRoleError extends Error {}

/** The role chosen by SIGNIN_WATCH_PROVIDER_ROLE: unset or empty is `deploy`; anything but `deploy` or `plan` is an error. */
export function providerRoleFromEnv(env: NodeJS.ProcessEnv): ProviderRole {
  const value = env[PROVIDER_ROLE_VARIABLE];
  if (value === undefined || value === '') return 'deploy';
  if ((PROVIDER_ROLES as readonly string[]).includes(value)) return value as ProviderRole;
  throw new ProviderRoleError(
    `signin-watch: ${PROVIDER_ROLE_VARIABLE}="${value}" is not a provider role: use "deploy" (the default: the deployment role) or "plan" (the read-only plan role)`,
  );
}

/** Throws unless every account has a role for `role` (the deployment role always exists; a plan role only when configured). */
export function assertProviderRoleConfigured(config: OrgConfig, role: ProviderRole): void {
  if (role === 'deploy') return;
  const missing = config.accounts.filter((account) => planRoleArn(config, account) === undefined).map((account) => account.name);
  if (missing.length === 0) return;
  const where =
    missing.length === config.accounts.length
      ? 'set deployment.planRoleName (a read-only role in every account, docs/deploy.md)'
      : `set deployment.planRoleName, or planRoleName on ${missing.length === 1 ? 'that account' : 'each of them'}`;
  throw new ProviderRoleError(
    `signin-watch: ${PROVIDER_ROLE_VARIABLE}=plan, but the config names no plan role for ${missing.length === 1 ? 'account' : 'accounts'} ${missing.join(', ')}: ${where}`,
  );
}

/** The provider role recorded in the app's context by `buildApp`; `deploy` when none is. */
export function providerRoleOf(scope: Construct): ProviderRole {
  return scope.node.tryGetContext(PROVIDER_ROLE_CONTEXT) === 'plan' ? 'plan' : 'deploy';
}

export interface AccountProviderProps {
  config: OrgConfig;
  account: AccountConfig;
  region: string;
  /**
   * Provider alias. Member stacks pass the region code (one provider per region).
   * @default none: the stack's default `aws` provider
   */
  alias?: string;
}

/** Tags on every resource of an account's stacks: the account's config tags, then ManagedBy (which always wins). */
export function defaultTagsFor(account: AccountConfig): Record<string, string> {
  return { ...account.tags, [MANAGED_BY_TAG.key]: MANAGED_BY_TAG.value };
}

/** The role the provider assumes in `account`, and the session name CloudTrail records for it. */
function assumedRole(config: OrgConfig, account: AccountConfig, role: ProviderRole): { roleArn: string; sessionName: string } {
  if (role === 'deploy') return { roleArn: deploymentRoleArn(config, account), sessionName: deploymentSessionName(config) };
  const roleArn = planRoleArn(config, account);
  // buildApp checks this first; a provider built outside it must not fall back to the deployment role.
  if (roleArn === undefined) assertProviderRoleConfigured({ ...config, accounts: [account] }, role);
  return { roleArn: roleArn!, sessionName: planSessionName(config) };
}

/**
 * Creates the provider for `account` in `region`. Construct id: `aws` without
 * an alias, `aws-<alias>` with one (stable: it becomes the provider address).
 */
export function accountProvider(scope: Construct, props: AccountProviderProps): AwsProvider {
  const { config, account, region, alias } = props;
  return new AwsProvider(scope, alias ? `aws-${alias}` : 'aws', {
    region,
    alias,
    // Only where the provider does not know the region: elsewhere its validation still catches a wrong region (config/regions.ts).
    ...(providerSkipsRegionValidation(region) ? { skipRegionValidation: true } : {}),
    allowedAccountIds: [account.id],
    assumeRole: [
      {
        ...assumedRole(config, account, providerRoleOf(scope)),
        ...(config.deployment.externalId ? { externalId: config.deployment.externalId } : {}),
      },
    ],
    defaultTags: [{ tags: defaultTagsFor(account) }],
  });
}
