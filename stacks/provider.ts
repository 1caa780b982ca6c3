/**
 * The AWS provider every stack uses: it assumes the deployment role of the
 * stack's account (from config), refuses to touch any other account, and tags
 * every resource.
 */
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import type { Construct } from 'constructs';
import type { AccountConfig, OrgConfig } from '../config/schema';
import { deploymentRoleArn, deploymentSessionName, MANAGED_BY_TAG } from '../config/names';

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

/**
 * Creates the provider for `account` in `region`. Construct id: `aws` without
 * an alias, `aws-<alias>` with one (stable: it becomes the provider address).
 */
export function accountProvider(scope: Construct, props: AccountProviderProps): AwsProvider {
  const { config, account, region, alias } = props;
  return new AwsProvider(scope, alias ? `aws-${alias}` : 'aws', {
    region,
    alias,
    allowedAccountIds: [account.id],
    assumeRole: [
      {
        roleArn: deploymentRoleArn(config, account),
        sessionName: deploymentSessionName(config),
        ...(config.deployment.externalId ? { externalId: config.deployment.externalId } : {}),
      },
    ],
    defaultTags: [{ tags: defaultTagsFor(account) }],
  });
}
