/**
 * `member-<account>`: the sign-in forwarders of one account. One provider per
 * forwarded region (config/regions.ts `forwardedRegions`: enabled minus
 * `excludedRegions`; alias = region code), plus us-east-1's for IAM if excluded; in each region a forwarder rule on the
 * default bus to the central bus, its dead-letter queue, and an hourly
 * heartbeat that travels the same path. One forwarder role and one heartbeat
 * role per account (IAM is global).
 *
 * Deployed after the aggregator stack (app.ts adds the dependency): the
 * central bus policy must exist before a cross-account target can be created.
 * Only this account's config feeds this stack (plus org-wide names), so adding
 * or removing another account never changes it.
 */
import { TerraformStack } from 'cdktf';
import type { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { Construct } from 'constructs';
import type { AccountConfig, OrgConfig } from '../config/schema';
import { DEFAULT_ENABLED_REGIONS, enabledRegions, forwardedRegions } from '../config/regions';
import { accountProvider } from './provider';
import { Forwarder, ForwarderRole } from './constructs/forwarder';
import { Heartbeat, HeartbeatRole } from './constructs/heartbeat';

/** IAM is global; its resources use the provider of a region every account has (us-east-1). */
const IAM_PROVIDER_REGION = DEFAULT_ENABLED_REGIONS[0];

export class MemberStack extends TerraformStack {
  readonly account: AccountConfig;
  readonly regions: readonly string[];
  readonly providers: Record<string, AwsProvider> = {};
  readonly forwarders: Record<string, Forwarder> = {};
  readonly heartbeats: Record<string, Heartbeat> = {};

  constructor(scope: Construct, name: string, config: OrgConfig, account: AccountConfig) {
    super(scope, name);
    this.account = account;
    this.regions = forwardedRegions(config, account);

    // IAM calls go to IAM's global endpoint whatever the provider's region, so an
    // excluded us-east-1 still hosts the IAM provider (it creates nothing regional).
    for (const region of enabledRegions(account).filter((r) => r === IAM_PROVIDER_REGION || this.regions.includes(r))) {
      this.providers[region] = accountProvider(this, { config, account, region, alias: region });
    }
    const iamProvider = this.providers[IAM_PROVIDER_REGION];

    const forwarderRole = new ForwarderRole(this, 'forwarder-role', { config, account, provider: iamProvider });
    const heartbeatRole = new HeartbeatRole(this, 'heartbeat-role', {
      config,
      account,
      regions: this.regions,
      provider: iamProvider,
    });

    for (const region of this.regions) {
      const scope = new Construct(this, region);
      const provider = this.providers[region];
      this.forwarders[region] = new Forwarder(scope, 'forwarder', {
        config,
        account,
        region,
        provider,
        roleArn: forwarderRole.role.arn,
      });
      this.heartbeats[region] = new Heartbeat(scope, 'heartbeat', {
        config,
        account,
        region,
        provider,
        roleArn: heartbeatRole.role.arn,
      });
    }
  }
}
