/** Check 2: every configured account exists in the organization and is ACTIVE (organizations:ListAccounts, all pages). */
import { AccountClient } from '@aws-sdk/client-account';
import { OrganizationsClient } from '@aws-sdk/client-organizations';
import { STSClient } from '@aws-sdk/client-sts';
import { accountDrift } from '../drift/check';
import { sdkOrgApi, type OrgApi } from '../aws/org-api';
import type { PreflightContext } from './context';
import { emptyReport, recordFailure, type CheckReport } from './report';

/** org-api over the management session: ListAccounts and ListRegions, with org-api's retries. */
export function managementOrgApi(context: PreflightContext): OrgApi {
  const { aws } = context;
  return sdkOrgApi({
    ...aws.retryOptions,
    region: aws.region,
    organizations: aws.client(OrganizationsClient, aws.region, aws.management),
    account: aws.client(AccountClient, aws.region, aws.management),
    sts: aws.client(STSClient, aws.region, aws.management),
  });
}

export async function checkAccounts(context: PreflightContext): Promise<CheckReport> {
  const report = emptyReport('accounts');
  try {
    context.orgAccounts = await managementOrgApi(context).listAccounts();
  } catch (error) {
    recordFailure(report, 'accounts', 'organizations:ListAccounts', context.managementWho, error);
    return report;
  }
  // Accounts of the organization missing from the config are drift (npm run drift), not a deploy blocker.
  const findings = accountDrift(context.config, context.orgAccounts).filter((finding) => finding.kind !== 'account-not-in-config');
  report.problems.push(...findings.map((finding) => finding.message));
  if (findings.length === 0) report.ok.push(`${context.config.accounts.length} configured accounts are ACTIVE in the organization (${context.orgAccounts.length} accounts)`);
  return report;
}
