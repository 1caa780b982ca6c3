/**
 * The region catalogue: the one place that knows which AWS regions exist and
 * which of them every account has enabled. Source: docs/aws-facts.md
 * ("Regions"), checked against the AWS Account Management reference.
 * No cdktf import here: stacks, tests, coverage and drift all read this module.
 */

/** Regions launched before 20 March 2019: enabled in every account, cannot be disabled. */
export const DEFAULT_ENABLED_REGIONS = [
  'us-east-1',
  'us-east-2',
  'us-west-1',
  'us-west-2',
  'ca-central-1',
  'sa-east-1',
  'eu-west-1',
  'eu-west-2',
  'eu-west-3',
  'eu-central-1',
  'eu-north-1',
  'ap-south-1',
  'ap-northeast-1',
  'ap-northeast-2',
  'ap-northeast-3',
  'ap-southeast-1',
  'ap-southeast-2',
] as const;

/** Regions an account must opt in to (account:EnableRegion). */
export const OPT_IN_REGIONS = [
  'af-south-1',
  'ap-east-1',
  'ap-east-2',
  'ap-south-2',
  'ap-southeast-3',
  'ap-southeast-4',
  'ap-southeast-5',
  'ap-southeast-6',
  'ap-southeast-7',
  'ca-west-1',
  'eu-central-2',
  'eu-south-1',
  'eu-south-2',
  'il-central-1',
  'me-central-1',
  'me-south-1',
  'mx-central-1',
] as const;

export type DefaultRegion = (typeof DEFAULT_ENABLED_REGIONS)[number];
export type OptInRegion = (typeof OPT_IN_REGIONS)[number];
export type Region = DefaultRegion | OptInRegion;

export const ALL_REGIONS: readonly Region[] = [...DEFAULT_ENABLED_REGIONS, ...OPT_IN_REGIONS];

export function isKnownRegion(code: string): code is Region {
  return (ALL_REGIONS as readonly string[]).includes(code);
}

export function isDefaultEnabledRegion(code: string): code is DefaultRegion {
  return (DEFAULT_ENABLED_REGIONS as readonly string[]).includes(code);
}

export function isOptInRegion(code: string): code is OptInRegion {
  return (OPT_IN_REGIONS as readonly string[]).includes(code);
}

/**
 * Every region enabled in an account: the default-enabled regions, then the
 * account's opt-in regions, in catalogue order (not the order the config lists
 * them), so that reordering the YAML never changes the synthesized output.
 */
export function enabledRegions(account: { optInRegions?: readonly string[] }): Region[] {
  const optIn = new Set(account.optInRegions ?? []);
  return [...DEFAULT_ENABLED_REGIONS, ...OPT_IN_REGIONS.filter((region) => optIn.has(region))];
}

/**
 * Catalogue regions the pinned AWS provider (hashicorp/aws 5.100.0, from
 * @cdktf/provider-aws 20.1.0) does not know: configured plainly, it refuses
 * them ("Error: invalid AWS Region: ap-southeast-6"). Found by configuring one
 * provider per catalogue region with the real 5.100.0 binary
 * (verify/provider-check.ts does it on every `npm run verify`; it also
 * reports a region listed here that the provider has come to know).
 * terraform-provider-aws issue #44113 "New AWS Region: ap-southeast-6": "Until
 * support for the new ap-southeast-6 AWS Region is added to the Terraform AWS
 * Provider you should be able to use the skip_region_validation configuration
 * setting to bypass this error."
 * Endpoints still resolve: the provider's SDK derives an unknown region's
 * endpoint from the partition's region pattern (<service>.<region>.amazonaws.com;
 * test/verify/provider-endpoints.test.ts records them through a local proxy);
 * the `data "aws_region"` data source does not (it reads the provider's own
 * region table), so stacks must not use it in these regions.
 */
export const REGIONS_UNKNOWN_TO_PROVIDER: readonly Region[] = ['ap-southeast-6'];

/** Whether a provider in `region` must skip the provider's own region-name validation. */
export function providerSkipsRegionValidation(region: string): boolean {
  return (REGIONS_UNKNOWN_TO_PROVIDER as readonly string[]).includes(region);
}

/** A region left without forwarders, and why (config `excludedRegions`, organization-wide or per account). */
export interface RegionExclusion {
  region: string;
  reason: string;
  /** `organization`: the top-level `excludedRegions`; `account`: the account's own. */
  scope: 'organization' | 'account';
}

interface ExclusionConfig {
  excludedRegions?: readonly { region: string; reason: string }[];
}

/**
 * The exclusions that apply to `account`: the organization-wide ones, then the
 * account's own, limited to regions the account enables (only those would
 * have had a forwarder).
 */
export function regionExclusions(config: ExclusionConfig, account: { optInRegions?: readonly string[]; excludedRegions?: readonly { region: string; reason: string }[] }): RegionExclusion[] {
  const enabled = new Set<string>(enabledRegions(account));
  const exclusions: RegionExclusion[] = [];
  const seen = new Set<string>();
  const add = (entries: ExclusionConfig['excludedRegions'], scope: RegionExclusion['scope']) => {
    for (const { region, reason } of entries ?? []) {
      if (!enabled.has(region) || seen.has(region)) continue;
      seen.add(region);
      exclusions.push({ region, reason, scope });
    }
  };
  add(config.excludedRegions, 'organization');
  add(account.excludedRegions, 'account');
  return exclusions;
}

/**
 * The one source of "regions this account gets forwarders in": its enabled
 * regions (catalogue order) minus the organization-wide and the account's
 * excluded regions. Member stacks, the forwarder health check, coverage, changed-stacks
 * and the bench read it.
 */
export function forwardedRegions(
  config: ExclusionConfig,
  account: { optInRegions?: readonly string[]; excludedRegions?: readonly { region: string; reason: string }[] },
): Region[] {
  const excluded = new Set(regionExclusions(config, account).map((exclusion) => exclusion.region));
  return enabledRegions(account).filter((region) => !excluded.has(region));
}

/**
 * Regions that serve the AWS Chatbot (Amazon Q Developer in chat applications)
 * API. Chatbot API Reference, "Welcome"
 * (https://docs.aws.amazon.com/chatbot/latest/APIReference/Welcome.html):
 * "APIs are currently available in the following Regions: US East (Ohio) -
 * us-east-2, US West (Oregon) - us-west-2, Asia Pacific (Singapore) -
 * ap-southeast-1, Europe (Ireland) - eu-west-1". A Slack channel
 * configuration created through a provider in any other region fails at apply.
 */
export const CHATBOT_API_REGIONS: readonly DefaultRegion[] = ['us-east-2', 'us-west-2', 'ap-southeast-1', 'eu-west-1'];

/**
 * The Chatbot API region a Slack channel configuration is created in: the
 * aggregator's own region when it serves the API, else the nearest of the four
 * by geography (Americas east/west, Europe-Middle East-Africa, Asia Pacific).
 * The alert topics stay in the aggregator's region: "You can combine Amazon SNS
 * topics from multiple Regions in a single Amazon Q Developer in chat
 * applications configuration" (Amazon Q Developer in chat applications admin
 * guide, "Regions and quotas",
 * https://docs.aws.amazon.com/chatbot/latest/adminguide/chatbot-regions.html).
 */
export function chatbotApiRegion(aggregatorRegion: string): DefaultRegion {
  const own = CHATBOT_API_REGIONS.find((region) => region === aggregatorRegion);
  if (own) return own;
  if (/^(us-west-|ca-west-)/.test(aggregatorRegion)) return 'us-west-2';
  if (/^(us-|ca-|sa-|mx-)/.test(aggregatorRegion)) return 'us-east-2';
  if (/^ap-/.test(aggregatorRegion)) return 'ap-southeast-1';
  return 'eu-west-1';
}
