/**
 * Check 5: every opt-in region a member stack deploys to is enabled in its
 * account (account:ListRegions with AccountId; the management account is asked
 * without it, as the API requires). Regions enabled but not in the config are
 * drift (`npm run drift`), not a deploy blocker.
 */
import { isOptInRegion } from '../config/regions';
import { mapBounded } from '../drift/check';
import { managementOrgApi } from './check-accounts';
import { activeAccounts, who, type PreflightContext } from './context';
import { deployedRegions } from './deployed-regions';
import { emptyReport, recordFailure, type CheckReport } from './report';

const ENABLED = new Set(['ENABLED', 'ENABLED_BY_DEFAULT']);

export async function checkOptInRegions(context: PreflightContext): Promise<CheckReport> {
  const report = emptyReport('opt-in-regions');
  const api = managementOrgApi(context);
  const accounts = activeAccounts(context).filter((account) => deployedRegions(context.config, account).some(isOptInRegion));
  const results = await mapBounded(accounts, context.concurrency, async (account) => {
    const partial = emptyReport('opt-in-regions');
    try {
      const statuses = await api.listRegions(account.id === context.managementSessionAccountId ? undefined : account.id);
      const statusOf = new Map(statuses.map((entry) => [entry.region, entry.status]));
      for (const region of deployedRegions(context.config, account).filter(isOptInRegion)) {
        const status = statusOf.get(region);
        if (status && ENABLED.has(status)) continue;
        partial.problems.push(
          `account ${who(account)}: opt-in region ${region} is ${status ?? 'not enabled'}, its forwarder cannot deploy: enable it (\`aws account enable-region --account-id ${account.id} --region-name ${region}\`; ENABLING takes minutes to hours) or remove it from optInRegions`,
        );
      }
    } catch (error) {
      recordFailure(partial, `account ${who(account)}: opt-in regions`, 'account:ListRegions (and trusted access for AWS Account Management)', context.managementWho, error);
    }
    return partial;
  });
  for (const partial of results) {
    report.problems.push(...partial.problems);
    report.unchecked.push(...partial.unchecked);
  }
  if (report.problems.length + report.unchecked.length === 0) report.ok.push(`opt-in regions enabled as configured in ${accounts.length} accounts that deploy to one`);
  return report;
}
