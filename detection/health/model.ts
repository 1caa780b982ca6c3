/**
 * The health checker's model, built from the config at synth time: every
 * configured account with the regions it forwards from (config/regions.ts
 * `forwardedRegions`, the one source the member stacks also read). Bundled as
 * JSON beside the checker Lambda's code; `signin-watch health` builds the same
 * model from the same config. No cdktf import.
 */
import { forwardedRegions } from '../../config/regions';
import type { OrgConfig } from '../../config/schema';
import type { HealthModel } from './check';

export function healthModel(config: Pick<OrgConfig, 'accounts' | 'excludedRegions'>): HealthModel {
  return {
    version: 1,
    accounts: config.accounts.map((account) => ({ id: account.id, name: account.name, regions: [...forwardedRegions(config, account)] })),
  };
}
