/**
 * Check 7: an IAM Identity Center instance exists in the configured account and
 * region (sso-admin ListInstances, through the role assumed in that account).
 */
import { ListInstancesCommand, SSOAdminClient } from '@aws-sdk/client-sso-admin';
import { accountCredentials, who, type PreflightContext } from './context';
import { emptyReport, recordFailure, type CheckReport } from './report';
import { allPages } from '../aws/pages';

export async function checkIdentityCenter(context: PreflightContext): Promise<CheckReport> {
  const report = emptyReport('identity-center');
  const identityCenter = context.config.identityCenter;
  if (!identityCenter) return { ...report, skipped: 'identityCenter is not configured' };
  const access = accountCredentials(context, identityCenter.account);
  const { account } = access;
  if (access.credentials === null) {
    report.unchecked.push(`Identity Center in ${who(account)} ${identityCenter.region}: not checked, ${access.reason}`);
    return report;
  }
  const credentials = access.credentials;
  const { aws } = context;
  const ssoAdmin = aws.client(SSOAdminClient, identityCenter.region, credentials);
  try {
    const instances = await allPages(
      (token) => aws.retry(() => ssoAdmin.send(new ListInstancesCommand({ NextToken: token }))),
      (page) => (page.Instances ?? []).map((instance) => instance.InstanceArn),
    );
    if (instances.length > 0) {
      report.ok.push(`Identity Center instance ${instances[0]} in ${who(account)} ${identityCenter.region}`);
    } else {
      report.problems.push(
        `no IAM Identity Center instance in ${who(account)} ${identityCenter.region}: set identityCenter.account and identityCenter.region to the account and home region of your instance, or remove identityCenter`,
      );
    }
  } catch (error) {
    recordFailure(report, `Identity Center in ${who(account)} ${identityCenter.region}`, 'sso:ListInstances', `the role assumed in ${who(account)}`, error);
  }
  return report;
}
