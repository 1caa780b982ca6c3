/**
 * Check 9: EventBridge Scheduler (the member stacks' heartbeat schedule) is
 * offered in every region the config deploys to, from the AWS public
 * parameters: `/aws/service/global-infrastructure/services/<service>/regions`
 * holds one parameter per region the service is offered in (Systems Manager
 * User Guide, "Calling public parameters for AWS services, Regions, endpoints,
 * Availability Zones, local zones, and Wavelength Zones in Parameter Store").
 * The path is only served in some regions (us-east-1 among them): the call
 * goes to us-east-1.
 * The service's name there, `scheduler`, is unverified (no AWS page found that
 * lists it): when the path holds no parameter at all, the check says it could
 * not check instead of reporting every region.
 */
import { GetParametersByPathCommand, SSMClient } from '@aws-sdk/client-ssm';
import { deployedRegions } from './deployed-regions';
import { activeAccounts, type PreflightContext } from './context';
import { emptyReport, recordFailure, type CheckReport } from './report';
import { allPages } from '../aws/pages';

export const SCHEDULER_SERVICE_NAME = 'scheduler';
export const SCHEDULER_REGIONS_PATH = `/aws/service/global-infrastructure/services/${SCHEDULER_SERVICE_NAME}/regions`;
export const GLOBAL_INFRASTRUCTURE_QUERY_REGION = 'us-east-1';

export async function checkScheduler(context: PreflightContext): Promise<CheckReport> {
  const report = emptyReport('scheduler');
  const { aws, config } = context;
  const usedBy = new Map<string, string[]>();
  for (const account of activeAccounts(context)) {
    for (const region of deployedRegions(config, account)) usedBy.set(region, [...(usedBy.get(region) ?? []), account.name]);
  }
  const ssm = aws.client(SSMClient, GLOBAL_INFRASTRUCTURE_QUERY_REGION, aws.management);
  let offered: Set<string>;
  try {
    const regions = await allPages(
      (token) => aws.retry(() => ssm.send(new GetParametersByPathCommand({ Path: SCHEDULER_REGIONS_PATH, NextToken: token }))),
      (page) => (page.Parameters ?? []).map((parameter) => parameter.Value || parameter.Name?.split('/').pop()),
    );
    offered = new Set(regions);
  } catch (error) {
    recordFailure(report, 'EventBridge Scheduler regions', `ssm:GetParametersByPath on ${SCHEDULER_REGIONS_PATH}`, context.managementWho, error);
    return report;
  }
  if (offered.size === 0) {
    report.unchecked.push(`EventBridge Scheduler regions: ${SCHEDULER_REGIONS_PATH} holds no parameter (is the service name right?): check by hand that Scheduler is offered in ${[...usedBy.keys()].join(', ')}`);
    return report;
  }
  for (const [region, accounts] of usedBy) {
    if (offered.has(region)) continue;
    const names = accounts.length > 3 ? `${accounts.slice(0, 3).join(', ')} and ${accounts.length - 3} more` : accounts.join(', ');
    report.problems.push(
      `EventBridge Scheduler is not offered in ${region} (deployed to by ${names}): the heartbeat schedule cannot be created there; stop deploying to ${region} until AWS offers it`,
    );
  }
  if (report.problems.length === 0) report.ok.push(`EventBridge Scheduler is offered in all ${usedBy.size} regions the config deploys to`);
  return report;
}
