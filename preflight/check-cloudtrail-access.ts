/**
 * Check 3: the organization trail's prerequisites.
 * - CloudTrail trusted access in AWS Organizations
 *   (organizations:ListAWSServiceAccessForOrganization lists cloudtrail.amazonaws.com);
 *   without it CreateTrail fails with CloudTrailAccessNotEnabledException ("This exception
 *   is thrown when trusted access has not been enabled between CloudTrail and
 *   Organizations", CloudTrail API reference; CloudTrail User Guide, "Prepare for
 *   creating a trail for your organization").
 * - CloudTrail's service-linked role AWSServiceRoleForCloudTrail in the management
 *   account: it exists (iam:GetRole), or the management account's deployment role may
 *   create it (iam:SimulatePrincipalPolicy on iam:CreateServiceLinkedRole); otherwise
 *   CreateTrail fails with InsufficientIAMAccessPermissionException ("you are signed in
 *   with an account that lacks permissions to view or create a service-linked role").
 */
import { GetRoleCommand, IAMClient, SimulatePrincipalPolicyCommand } from '@aws-sdk/client-iam';
import { ListAWSServiceAccessForOrganizationCommand, OrganizationsClient } from '@aws-sdk/client-organizations';
import { deploymentRoleArn, managementAccount } from '../config/names';
import type { PreflightContext } from './context';
import { emptyReport, errorName, recordFailure, type CheckReport } from './report';
import { allPages } from '../aws/pages';

export const CLOUDTRAIL_PRINCIPAL = 'cloudtrail.amazonaws.com';
export const CLOUDTRAIL_SLR_NAME = 'AWSServiceRoleForCloudTrail';

async function trustedAccess(context: PreflightContext, report: CheckReport): Promise<void> {
  const { aws } = context;
  const organizations = aws.client(OrganizationsClient, aws.region, aws.management);
  let principals: string[];
  try {
    principals = await allPages(
      (token) => aws.retry(() => organizations.send(new ListAWSServiceAccessForOrganizationCommand({ NextToken: token }))),
      (page) => (page.EnabledServicePrincipals ?? []).map((entry) => entry.ServicePrincipal),
    );
  } catch (error) {
    recordFailure(report, 'CloudTrail trusted access', 'organizations:ListAWSServiceAccessForOrganization', context.managementWho, error);
    return;
  }
  if (principals.includes(CLOUDTRAIL_PRINCIPAL)) {
    report.ok.push('CloudTrail trusted access is enabled in AWS Organizations');
  } else {
    report.problems.push(
      `CloudTrail trusted access is not enabled in AWS Organizations (the organization trail would fail with CloudTrailAccessNotEnabledException): from the management account run \`aws organizations enable-aws-service-access --service-principal ${CLOUDTRAIL_PRINCIPAL}\` (docs/deploy.md, Organization prerequisites)`,
    );
  }
}

async function serviceLinkedRole(context: PreflightContext, report: CheckReport): Promise<void> {
  const { aws, config } = context;
  const iam = aws.client(IAMClient, aws.region, aws.management);
  try {
    await aws.retry(() => iam.send(new GetRoleCommand({ RoleName: CLOUDTRAIL_SLR_NAME })));
    report.ok.push(`CloudTrail's service-linked role ${CLOUDTRAIL_SLR_NAME} exists in the management account`);
    return;
  } catch (error) {
    if (errorName(error) !== 'NoSuchEntityException' && errorName(error) !== 'NoSuchEntity') {
      recordFailure(report, `CloudTrail's service-linked role`, `iam:GetRole on ${CLOUDTRAIL_SLR_NAME}`, context.managementWho, error);
      return;
    }
  }
  // Missing: CloudTrail creates it with the trail, if the caller may.
  const management = managementAccount(config);
  const deployer = deploymentRoleArn(config, management);
  try {
    const result = await aws.retry(() =>
      iam.send(
        new SimulatePrincipalPolicyCommand({
          PolicySourceArn: deployer,
          ActionNames: ['iam:CreateServiceLinkedRole'],
          ResourceArns: [`arn:aws:iam::${management.id}:role/aws-service-role/${CLOUDTRAIL_PRINCIPAL}/${CLOUDTRAIL_SLR_NAME}`],
          ContextEntries: [{ ContextKeyName: 'iam:AWSServiceName', ContextKeyType: 'string', ContextKeyValues: [CLOUDTRAIL_PRINCIPAL] }],
        }),
      ),
    );
    const decision = result.EvaluationResults?.[0]?.EvalDecision;
    if (decision === 'allowed') {
      report.ok.push(`CloudTrail's service-linked role does not exist yet; ${deployer} may create it (iam:CreateServiceLinkedRole)`);
    } else {
      report.problems.push(
        `CloudTrail's service-linked role ${CLOUDTRAIL_SLR_NAME} does not exist and ${deployer} may not create it (simulation: ${decision ?? 'no result'}; the trail would fail with InsufficientIAMAccessPermissionException): run \`aws iam create-service-linked-role --aws-service-name ${CLOUDTRAIL_PRINCIPAL}\` in the management account, or allow iam:CreateServiceLinkedRole to that role`,
      );
    }
  } catch (error) {
    recordFailure(report, `CloudTrail's service-linked role (missing; could not simulate whether ${deployer} may create it)`, 'iam:SimulatePrincipalPolicy', context.managementWho, error);
  }
}

export async function checkCloudTrailAccess(context: PreflightContext): Promise<CheckReport> {
  const report = emptyReport('cloudtrail-access');
  await trustedAccess(context, report);
  await serviceLinkedRole(context, report);
  return report;
}
