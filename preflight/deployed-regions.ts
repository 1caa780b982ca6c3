/**
 * The one seam through which preflight learns where a member stack deploys
 * forwarders: every region the account enables minus the organization-wide
 * and the account's excludedRegions (config/regions.ts `forwardedRegions`,
 * the same source the member stacks read).
 */
import type { AccountConfig, OrgConfig } from '../config/schema';
import { forwardedRegions, type Region } from '../config/regions';

export function deployedRegions(config: OrgConfig, account: AccountConfig): Region[] {
  return forwardedRegions(config, account);
}
