/**
 * The one seam through which preflight learns where a member stack deploys
 * forwarders: every region the account enables (config/regions.ts).
 * When the config gains excluded regions (accounts[].excludedRegions and the
 * organization-wide list), this function is the only place to change.
 */
import type { AccountConfig, OrgConfig } from '../../../config/schema';
import { enabledRegions, type Region } from '../../../config/regions';

export function deployedRegions(config: OrgConfig, account: AccountConfig): Region[] {
  void config;
  return enabledRegions(account);
}
