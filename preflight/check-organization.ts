/** Check 1: the credentials reach the organization the config names (organizations:DescribeOrganization). */
import { DescribeOrganizationCommand, OrganizationsClient } from '@aws-sdk/client-organizations';
import { managementAccount } from '../config/names';
import type { PreflightContext } from './context';
import { emptyReport, errorName, recordFailure, type CheckReport } from './report';

export async function checkOrganization(context: PreflightContext): Promise<CheckReport> {
  const report = emptyReport('organization');
  const { config, aws } = context;
  try {
    const organizations = aws.client(OrganizationsClient, aws.region, aws.management);
    const { Organization: organization } = await aws.retry(() => organizations.send(new DescribeOrganizationCommand({})));
    const management = managementAccount(config);
    if (organization?.Id !== config.organization.id) {
      report.problems.push(
        `the credentials belong to organization ${organization?.Id ?? '(none)'}, the config names ${config.organization.id}: run preflight with credentials of that organization's management account, or fix organization.id`,
      );
    } else if (organization.MasterAccountId && organization.MasterAccountId !== management.id) {
      report.problems.push(
        `organization ${organization.Id} is managed by account ${organization.MasterAccountId}, the config's managementAccount is ${management.name} (${management.id}): fix organization.managementAccount`,
      );
    } else {
      report.ok.push(`organization ${organization.Id} matches, management account ${management.id}`);
    }
  } catch (error) {
    if (errorName(error) === 'AWSOrganizationsNotInUseException') {
      report.problems.push(`account ${context.managementSessionAccountId} is not in an organization: run preflight with credentials of the management account of ${config.organization.id}`);
    } else {
      recordFailure(report, 'organization', 'organizations:DescribeOrganization', context.managementWho, error);
    }
  }
  return report;
}
