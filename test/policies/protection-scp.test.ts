/**
 * The optional protection SCP (deployment.protectionScp), as synthesized by
 * the management stack, decided by the IAM policy simulator: a deployment
 * role session may change the product's resources, an account admin may
 * not, and unrelated resources stay untouched. Off by default.
 */
import type { OrgConfig } from '../../config/schema';
import { deploymentRoleNames, managementAccount, protectionScpName } from '../../config/names';
import { PIPELINE_CALLS, PIPELINE_KEY_CALL } from '../../detection/catalogue';
import { protectionScpDocument, SCP_MAX_LENGTH } from '../../stacks/constructs/protection-scp';
import { decide, identityAllowing } from '../support/iam-simulation';
import { findAll, findOne, synthManagement } from '../support/management-stack';
import { exampleConfig } from '../support/synth';

const FULL_AWS_ACCESS = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] };
const ACCOUNT = '444444444444';

const withScp = (config: OrgConfig, protectionScp: OrgConfig['deployment']['protectionScp']): OrgConfig => ({
  ...config,
  deployment: { ...config.deployment, protectionScp },
});

describe('protection SCP', () => {
  const base = exampleConfig();
  const config = withScp(base, { enabled: true });
  const json = synthManagement(config).json;
  const policy = findOne(json, 'aws_organizations_policy');
  const scp = JSON.parse(policy.body.content as string) as object;

  /** A caller in a member account: its role ARN (aws:PrincipalARN) and session ARN. */
  const caller = (role: string, session: string) => ({
    principal: `arn:aws:sts::${ACCOUNT}:assumed-role/${role}/${session}`,
    context: { 'aws:PrincipalArn': `arn:aws:iam::${ACCOUNT}:role/${role}` },
  });
  const ask = async (who: ReturnType<typeof caller>, action: string, resource: string, extra: Record<string, string> = {}, resourcePolicy?: object) =>
    decide({
      resourcePolicy,
      principal: who.principal,
      action,
      resource,
      resourceAccount: ACCOUNT,
      context: { ...who.context, ...extra },
      identityPolicies: [identityAllowing('*')],
      serviceControlPolicies: [FULL_AWS_ACCESS, scp],
    });

  const deployer = caller(deploymentRoleNames(config)[0], 'signin-watch-deploy');
  const deployerOtherSession = caller(deploymentRoleNames(config)[0], 'alice');
  const admin = caller('AWSReservedSSO_AdministratorAccess_0123456789abcdef', 'mallory');

  /** One resource of the product per IAM prefix, and an unrelated one. */
  const resources: Record<string, [ours: string, unrelated: string]> = {
    events: [`arn:aws:events:eu-west-1:${ACCOUNT}:rule/signin-watch-forward-sign-ins`, `arn:aws:events:eu-west-1:${ACCOUNT}:rule/team-app-rule`],
    scheduler: [`arn:aws:scheduler:eu-west-1:${ACCOUNT}:schedule/default/signin-watch-heartbeat`, `arn:aws:scheduler:eu-west-1:${ACCOUNT}:schedule/default/nightly`],
    sns: [`arn:aws:sns:eu-west-1:${ACCOUNT}:signin-watch-alerts`, `arn:aws:sns:eu-west-1:${ACCOUNT}:billing`],
    cloudwatch: [`arn:aws:cloudwatch:eu-west-1:${ACCOUNT}:alarm:signin-watch-forwarder-dlq-depth`, `arn:aws:cloudwatch:eu-west-1:${ACCOUNT}:alarm:cpu-high`],
    logs: [`arn:aws:logs:eu-west-1:${ACCOUNT}:log-group:/aws/events/signin-watch/sign-ins`, `arn:aws:logs:eu-west-1:${ACCOUNT}:log-group:/aws/lambda/app`],
    iam: [`arn:aws:iam::${ACCOUNT}:role/signin-watch-forwarder`, `arn:aws:iam::${ACCOUNT}:role/app-role`],
    sqs: [`arn:aws:sqs:eu-west-1:${ACCOUNT}:signin-watch-forwarder-dlq`, `arn:aws:sqs:eu-west-1:${ACCOUNT}:orders-dlq`],
  };
  const cases = PIPELINE_CALLS.flatMap((call) => call.eventNames.map((name) => [`${call.iamPrefix}:${name}`, ...resources[call.iamPrefix]] as const));

  it('GIVEN the example config WHEN the SCP is enabled THEN the management stack deploys it, attached to every member account (not the management account)', () => {
    expect(policy.body).toMatchObject({ name: protectionScpName(config), type: 'SERVICE_CONTROL_POLICY' });
    const targets = findAll(json, 'aws_organizations_policy_attachment').map((attachment) => attachment.body.target_id);
    expect(targets.sort()).toEqual(config.accounts.filter((account) => account.id !== managementAccount(config).id).map((account) => account.id).sort());
    expect((policy.body.content as string).length).toBeLessThanOrEqual(SCP_MAX_LENGTH);
  });

  it('GIVEN the default config WHEN synthesized THEN no SCP is deployed', () => {
    expect(findAll(synthManagement(base).json, 'aws_organizations_policy')).toEqual([]);
  });

  it('GIVEN targets WHEN configured THEN account names resolve to ids and OU/root ids pass through', () => {
    const targeted = synthManagement(withScp(base, { enabled: true, targets: ['workload-prod', 'ou-ab12-34cd56ef', 'r-ab12'] })).json;
    expect(findAll(targeted, 'aws_organizations_policy_attachment').map((attachment) => attachment.body.target_id)).toEqual(['444444444444', 'ou-ab12-34cd56ef', 'r-ab12']);
  });

  it.each(cases)('GIVEN %s WHEN the deployment role (deploy session), an admin and the deployment role under another session call it THEN only the deployment role is allowed on ours, and everyone on an unrelated resource', async (action, ours, unrelated) => {
    expect(await ask(deployer, action, ours)).toBe('Allowed');
    expect(await ask(deployerOtherSession, action, ours)).toBe('Allowed');
    expect(await ask(admin, action, ours)).toBe('ExplicitlyDenied');
    expect(await ask(admin, action, unrelated)).toBe('Allowed');
  });

  it.each(PIPELINE_KEY_CALL.eventNames.map((name) => [`kms:${name}`]))('GIVEN %s on a key tagged ManagedBy=signin-watch WHEN called THEN the deployment role is allowed, an admin denied, an untagged key unaffected', async (action) => {
    const key = `arn:aws:kms:eu-west-1:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
    const tagged = { 'aws:ResourceTag/ManagedBy': 'signin-watch' };
    // The product's key policies let the account administer the key (IAM decides): stacks/constructs/kms-key.ts AccountRootAdministersKey.
    const keyPolicy = { Version: '2012-10-17', Statement: [{ Sid: 'AccountRootAdministersKey', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'kms:*', Resource: '*' }] };
    expect(await ask(deployer, action, key, tagged, keyPolicy)).toBe('Allowed');
    expect(await ask(admin, action, key, tagged, keyPolicy)).toBe('ExplicitlyDenied');
    expect(await ask(admin, action, key, {}, keyPolicy)).toBe('Allowed');
  });

  it('GIVEN many long deployment role names WHEN the SCP is built THEN it fails naming the 5,120-character limit', () => {
    const accounts = Array.from({ length: 60 }, (_, index) => ({ ...base.accounts[0], deploymentRoleName: `a-rather-long-deployment-role-name-${index}` }));
    expect(() => protectionScpDocument({ deployment: base.deployment, accounts })).toThrow(/exceeds AWS Organizations' 5120/);
  });
});
