/**
 * `preflight` end to end against mocked AWS (aws-sdk-client-mock: the real SDK
 * clients with `send` replaced): every check passing, then each one failing,
 * pagination, throttling, partial failures, exit codes and the
 * no-credentials message.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { AccountClient, ListRegionsCommand } from '@aws-sdk/client-account';
import { ChatbotClient, DescribeSlackWorkspacesCommand, type DescribeSlackWorkspacesCommandOutput } from '@aws-sdk/client-chatbot';
import { GetRoleCommand, IAMClient, SimulatePrincipalPolicyCommand } from '@aws-sdk/client-iam';
import {
  DescribeOrganizationCommand,
  DescribePolicyCommand,
  ListAccountsCommand,
  ListAWSServiceAccessForOrganizationCommand,
  ListParentsCommand,
  ListPoliciesForTargetCommand,
  OrganizationsClient,
  TooManyRequestsException,
} from '@aws-sdk/client-organizations';
import { HeadBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { GetParametersByPathCommand, SSMClient } from '@aws-sdk/client-ssm';
import { ListInstancesCommand, SSOAdminClient } from '@aws-sdk/client-sso-admin';
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { loadConfig } from '../../detection/org-config';
import { deploymentRoleArn, findAccount, planRoleArn } from '../../config/names';
import { ALL_REGIONS } from '../../config/regions';
import { RETRY_ATTEMPTS } from '../../aws/org-api';
import { sdkAwsAccess } from '../../preflight/aws';
import { CHATBOT_API_REGIONS } from '../../preflight/check-chatbot';
import { SCHEDULER_REGIONS_PATH } from '../../preflight/check-scheduler';
import { CHECKS, EXIT_PROBLEMS, EXIT_READY, EXIT_UNCHECKED, NO_CREDENTIALS_MESSAGE, runPreflight } from '../../preflight/run';
import { FULL_AWS_ACCESS, regionDeny } from '../support/scp-fixtures';
import { scratchTempDir } from '../support/scratch';

const ROOT = path.join(__dirname, '..', '..');
const EXAMPLE = path.join(ROOT, 'config', 'org.yaml');

/** The example organization with Slack and the S3 backend switched on, so every check applies. */
const FULL = path.join(scratchTempDir('preflight-'), 'org.yaml');
writeFileSync(
  FULL,
  readFileSync(EXAMPLE, 'utf8')
    .replace('  # slack:\n  #   workspaceId: T01ABCDEFGH\n  #   channelId: C01ABCDEFGH', '  slack:\n    workspaceId: T01ABCDEFGH\n    channelId: C01ABCDEFGH')
    .replace('state:\n  backend: local', 'state:\n  backend: s3\n  bucket: my-terraform-state\n  region: eu-west-1'),
);
const config = loadConfig(FULL);
const management = findAccount(config, 'management');
const workloadProd = findAccount(config, 'workload-prod');
const workloadDev = findAccount(config, 'workload-dev');
const members = config.accounts.filter((account) => account.id !== management.id);
const CALLER = 'arn:aws:sts::111111111111:assumed-role/preflight/ci';
const OU = 'ou-abcd-workloads';
const ROOT_ID = 'r-abcd';

const sts = mockClient(STSClient);
const organizations = mockClient(OrganizationsClient);
const account = mockClient(AccountClient);
const iam = mockClient(IAMClient);
const ssoAdmin = mockClient(SSOAdminClient);
// @aws-sdk/client-chatbot is pinned to an older release whose @smithy/types differ from the other clients': same runtime, different declarations.
const chatbot = mockClient(ChatbotClient as never);
const DESCRIBE_SLACK_WORKSPACES = DescribeSlackWorkspacesCommand as never;
const slackWorkspaces = (...ids: string[]) => ({ SlackWorkspaces: ids.map((id) => ({ SlackTeamId: id, SlackTeamName: id })), $metadata: {} }) satisfies DescribeSlackWorkspacesCommandOutput;
const ssm = mockClient(SSMClient);
const s3 = mockClient(S3Client);

const denied = (message: string) => Object.assign(new Error(message), { name: 'AccessDeniedException', $metadata: { httpStatusCode: 400 } });
const throttled = () => new TooManyRequestsException({ message: 'Rate exceeded', $metadata: {} });

const EXEMPT_PIPELINE_ROLES = ['arn:*:iam::*:role/AWSControlTowerExecution', 'arn:aws:iam::*:role/OrganizationAccountAccessRole', 'arn:aws:iam::*:role/signin-watch-plan'];

function policies(regionDenyPolicy = regionDeny(['us-east-1', 'eu-west-1'], EXEMPT_PIPELINE_ROLES)) {
  organizations.on(DescribePolicyCommand, { PolicyId: FULL_AWS_ACCESS.id }).resolves({ Policy: { PolicySummary: { Name: FULL_AWS_ACCESS.name }, Content: FULL_AWS_ACCESS.content } });
  organizations.on(DescribePolicyCommand, { PolicyId: 'p-regiondeny' }).resolves({ Policy: { PolicySummary: { Name: regionDenyPolicy.name }, Content: regionDenyPolicy.content } });
}

/** An organization in which everything the config needs is in place. */
function healthyOrganization() {
  sts.on(GetCallerIdentityCommand).resolves({ Account: management.id, Arn: CALLER });
  sts.on(AssumeRoleCommand).resolves({ Credentials: { AccessKeyId: 'ASIAEXAMPLE', SecretAccessKey: 'secret', SessionToken: 'token', Expiration: new Date(0) } });
  organizations.on(DescribeOrganizationCommand).resolves({ Organization: { Id: config.organization.id, MasterAccountId: management.id } });
  const live = config.accounts.map((entry) => ({ Id: entry.id, Name: entry.name, Email: entry.email, State: 'ACTIVE' as const }));
  organizations.on(ListAccountsCommand).resolves({ Accounts: live.slice(0, 2), NextToken: 'accounts-2' });
  organizations.on(ListAccountsCommand, { NextToken: 'accounts-2' }).resolves({ Accounts: live.slice(2) });
  organizations.on(ListAWSServiceAccessForOrganizationCommand).resolves({ EnabledServicePrincipals: [{ ServicePrincipal: 'account.amazonaws.com' }], NextToken: 'sa-2' });
  organizations.on(ListAWSServiceAccessForOrganizationCommand, { NextToken: 'sa-2' }).resolves({ EnabledServicePrincipals: [{ ServicePrincipal: 'cloudtrail.amazonaws.com' }] });
  iam.on(GetRoleCommand, { RoleName: 'AWSServiceRoleForCloudTrail' }).resolves({ Role: { RoleName: 'AWSServiceRoleForCloudTrail', Path: '/aws-service-role/cloudtrail.amazonaws.com/', Arn: 'arn', RoleId: 'AROA', CreateDate: new Date(0) } });
  account.on(ListRegionsCommand).resolves({ Regions: [] });
  account.on(ListRegionsCommand, { AccountId: workloadProd.id }).resolves({ Regions: workloadProd.optInRegions.map((region) => ({ RegionName: region, RegionOptStatus: 'ENABLED' as const })) });
  for (const member of members) organizations.on(ListParentsCommand, { ChildId: member.id }).resolves({ Parents: [{ Id: OU, Type: 'ORGANIZATIONAL_UNIT' }] });
  organizations.on(ListParentsCommand, { ChildId: OU }).resolves({ Parents: [{ Id: ROOT_ID, Type: 'ROOT' }] });
  organizations.on(ListPoliciesForTargetCommand).resolves({ Policies: [{ Id: FULL_AWS_ACCESS.id }] });
  organizations.on(ListPoliciesForTargetCommand, { TargetId: OU }).resolves({ Policies: [{ Id: FULL_AWS_ACCESS.id }], NextToken: 'ou-2' });
  organizations.on(ListPoliciesForTargetCommand, { TargetId: OU, NextToken: 'ou-2' }).resolves({ Policies: [{ Id: 'p-regiondeny' }] });
  policies();
  ssoAdmin.on(ListInstancesCommand).resolves({ Instances: [{ InstanceArn: 'arn:aws:sso:::instance/ssoins-1234567890abcdef', IdentityStoreId: 'd-1234567890' }] });
  chatbot.on(DESCRIBE_SLACK_WORKSPACES).resolves(slackWorkspaces('T01ABCDEFGH'));
  const parameters = ALL_REGIONS.map((region) => ({ Name: `${SCHEDULER_REGIONS_PATH}/${region}`, Value: region }));
  ssm.on(GetParametersByPathCommand).resolves({ Parameters: parameters.slice(0, 10), NextToken: 'ssm-2' });
  ssm.on(GetParametersByPathCommand, { NextToken: 'ssm-2' }).resolves({ Parameters: parameters.slice(10) });
  s3.on(HeadBucketCommand).resolves({});
}

interface Run {
  code: number;
  out: string;
  err: string;
  progress: string[];
  sleeps: number[];
}

async function preflight(argv: string[] = ['--config', FULL]): Promise<Run> {
  const run: Run = { code: -1, out: '', err: '', progress: [], sleeps: [] };
  run.code = await runPreflight(argv, {
    createAccess: ({ onRetry }) => sdkAwsAccess({ region: 'us-east-1', onRetry, sleep: async (ms) => void run.sleeps.push(ms), random: () => 1 }),
    out: (text) => (run.out += text),
    err: (text) => (run.err += text),
    progress: { write: (line) => run.progress.push(line), now: () => 0 },
    env: {},
  });
  return run;
}

/** The checks that apply to the FULL config (it creates its own trail: existing-trail is SKIPPED, see preflight-existing-trail.test.ts). */
const APPLYING = CHECKS.filter((check) => check.id !== 'existing-trail');
const lines = (run: Run, kind: 'OK' | 'PROBLEM' | 'UNCHECKED' | 'SKIPPED') => run.out.split('\n').filter((line) => line.startsWith(`${kind} `));

beforeEach(() => {
  for (const mock of [sts, organizations, account, iam, ssoAdmin, chatbot, ssm, s3]) mock.reset();
  healthyOrganization();
});

describe('GIVEN an organization where everything is in place', () => {
  let run: Run;
  beforeEach(async () => {
    run = await preflight();
  });

  it('THEN it exits 0 with one OK line per check and a ready summary', () => {
    expect(run.code).toBe(EXIT_READY);
    expect(lines(run, 'PROBLEM')).toEqual([]);
    expect(lines(run, 'UNCHECKED')).toEqual([]);
    const okChecks = new Set(lines(run, 'OK').map((line) => line.replace(/^OK +/, '').split(':')[0]));
    expect([...okChecks].sort()).toEqual(APPLYING.map((check) => check.id).sort());
    expect(run.out.trim().split('\n').at(-1)).toBe(`preflight: ready: ${CHECKS.length} checks passed for 5 accounts (as ${CALLER})`);
  });

  it('THEN it followed every NextToken: accounts, service access, SCP attachments, public parameters', () => {
    expect(organizations.commandCalls(ListAccountsCommand).map((call) => call.args[0].input.NextToken)).toEqual([undefined, 'accounts-2']);
    expect(organizations.commandCalls(ListAWSServiceAccessForOrganizationCommand).map((call) => call.args[0].input.NextToken)).toEqual([undefined, 'sa-2']);
    expect(organizations.commandCalls(ListPoliciesForTargetCommand, { TargetId: OU }).map((call) => call.args[0].input.NextToken)).toEqual([undefined, 'ou-2']);
    expect(ssm.commandCalls(GetParametersByPathCommand).map((call) => call.args[0].input)).toEqual([
      { Path: SCHEDULER_REGIONS_PATH, NextToken: undefined },
      { Path: SCHEDULER_REGIONS_PATH, NextToken: 'ssm-2' },
    ]);
  });

  it('THEN it assumed the deployment and the plan role of every account, with the configured names', () => {
    const assumed = sts.commandCalls(AssumeRoleCommand).map((call) => call.args[0].input.RoleArn).sort();
    const expected = config.accounts.flatMap((entry) => [deploymentRoleArn(config, entry), planRoleArn(config, entry)!]).sort();
    expect(assumed).toEqual(expected);
  });

  it('THEN it reads SCPs of member accounts only, asking for service control policies, and each policy text once', () => {
    const targets = organizations.commandCalls(ListPoliciesForTargetCommand).map((call) => call.args[0].input);
    for (const input of targets) expect(input.Filter).toBe('SERVICE_CONTROL_POLICY');
    expect(targets.map((input) => input.TargetId)).not.toContain(management.id);
    expect(organizations.commandCalls(DescribePolicyCommand)).toHaveLength(2);
    expect(organizations.commandCalls(ListParentsCommand, { ChildId: OU })).toHaveLength(1);
  });

  it('THEN Chatbot is asked in a Chatbot API region, Identity Center in its region, the bucket in its region', async () => {
    const regionOf = async (mock: { calls: () => Array<{ thisValue: unknown }> }) =>
      (mock.calls()[0].thisValue as { config: { region: () => Promise<string> } }).config.region();
    expect(CHATBOT_API_REGIONS).toContain(await regionOf(chatbot));
    expect(await regionOf(ssoAdmin)).toBe(config.identityCenter!.region);
    expect(await regionOf(s3)).toBe('eu-west-1');
    expect(s3.commandCalls(HeadBucketCommand)[0].args[0].input).toEqual({ Bucket: 'my-terraform-state' });
  });

  it('THEN --json gives the same verdict machine-readable', async () => {
    const json = await preflight(['--config', FULL, '--json']);
    const parsed = JSON.parse(json.out);
    expect(parsed).toEqual(expect.objectContaining({ problems: 0, unchecked: 0, exitCode: 0, callerArn: CALLER }));
    expect(parsed.reports.map((report: { id: string }) => report.id)).toEqual(CHECKS.map((check) => check.id));
  });
});

/** Each check broken on its own: the PROBLEM line names it and what to do; every other check still passes. */
const BROKEN: Array<[string, string, () => void, RegExp]> = [
  ['organization', 'the credentials belong to another organization', () => organizations.on(DescribeOrganizationCommand).resolves({ Organization: { Id: 'o-otherorg123', MasterAccountId: management.id } }), /belong to organization o-otherorg123, the config names o-exampleorg1: run preflight with credentials/],
  ['accounts', 'an account is SUSPENDED (older Status field only)', () => organizations.on(ListAccountsCommand, { NextToken: 'accounts-2' }).resolves({ Accounts: config.accounts.slice(2).map((entry) => ({ Id: entry.id, Name: entry.name, Status: entry.id === workloadDev.id ? ('SUSPENDED' as const) : ('ACTIVE' as const) })) }), /account workload-dev \(055555555555\) is SUSPENDED in the organization: remove it from accounts/],
  ['accounts', 'an account is missing', () => organizations.on(ListAccountsCommand, { NextToken: 'accounts-2' }).resolves({ Accounts: config.accounts.slice(2).filter((entry) => entry.id !== workloadDev.id).map((entry) => ({ Id: entry.id, Name: entry.name, State: 'ACTIVE' as const })) }), /account workload-dev \(055555555555\) is in the config but not in the organization: remove it from accounts, or check the id/],
  ['cloudtrail-access', 'CloudTrail trusted access is off', () => organizations.on(ListAWSServiceAccessForOrganizationCommand, { NextToken: 'sa-2' }).resolves({ EnabledServicePrincipals: [] }), /CloudTrail trusted access is not enabled .*CloudTrailAccessNotEnabledException.*aws organizations enable-aws-service-access --service-principal cloudtrail.amazonaws.com/],
  ['cloudtrail-access', 'the service-linked role is missing and the deployer may not create it', () => {
    iam.on(GetRoleCommand).rejects(Object.assign(new Error('role not found'), { name: 'NoSuchEntityException' }));
    iam.on(SimulatePrincipalPolicyCommand).resolves({ EvaluationResults: [{ EvalActionName: 'iam:CreateServiceLinkedRole', EvalDecision: 'implicitDeny' }] });
  }, /AWSServiceRoleForCloudTrail does not exist and arn:aws:iam::111111111111:role\/signin-watch-deployer may not create it .*InsufficientIAMAccessPermissionException.*aws iam create-service-linked-role --aws-service-name cloudtrail.amazonaws.com/],
  ['roles', 'a deployment role cannot be assumed', () => sts.on(AssumeRoleCommand, { RoleArn: deploymentRoleArn(config, workloadDev) }).rejects(Object.assign(new Error('not authorized to perform: sts:AssumeRole'), { name: 'AccessDenied', $metadata: { httpStatusCode: 403 } })), /account workload-dev \(055555555555\): arn:aws:sts::111111111111:assumed-role\/preflight\/ci cannot assume the deployment role arn:aws:iam::055555555555:role\/OrganizationAccountAccessRole: create the role/],
  ['opt-in-regions', 'an opt-in region is disabled', () => account.on(ListRegionsCommand, { AccountId: workloadProd.id }).resolves({ Regions: [{ RegionName: 'af-south-1', RegionOptStatus: 'DISABLED' }, { RegionName: 'eu-central-2', RegionOptStatus: 'ENABLED' }] }), /account workload-prod \(444444444444\): opt-in region af-south-1 is DISABLED, its forwarder cannot deploy: enable it/],
  ['scps', 'the region deny does not exempt the deployment role', () => policies(regionDeny(['us-east-1', 'eu-west-1'])), /account workload-prod \(444444444444\): SCP aws-guardrails-region-deny \(p-regiondeny\) on ou-abcd-workloads denies the deployment role arn:aws:iam::444444444444:role\/OrganizationAccountAccessRole .*events:PutRule.* in .*af-south-1.*eu-central-2 \(statement GRREGIONDENY denies it\): exempt the role/],
  ['identity-center', 'no Identity Center instance', () => ssoAdmin.on(ListInstancesCommand).resolves({ Instances: [] }), /no IAM Identity Center instance in management \(111111111111\) eu-west-1: set identityCenter.account and identityCenter.region/],
  ['chatbot', 'the Slack workspace is not authorized', () => chatbot.on(DESCRIBE_SLACK_WORKSPACES).resolves(slackWorkspaces('T09OTHERONE')), /Slack workspace T01ABCDEFGH is not authorized in AWS Chatbot of security \(333333333333\) \(authorized: T09OTHERONE\)/],
  ['scheduler', 'Scheduler is not offered in a deployed region', () => ssm.on(GetParametersByPathCommand, { NextToken: 'ssm-2' }).resolves({ Parameters: ALL_REGIONS.slice(10).filter((region) => region !== 'af-south-1').map((region) => ({ Name: `${SCHEDULER_REGIONS_PATH}/${region}`, Value: region })) }), /EventBridge Scheduler is not offered in af-south-1 \(deployed to by workload-prod\)/],
  ['state-bucket', 'the state bucket does not exist', () => s3.on(HeadBucketCommand).rejects(Object.assign(new Error('NotFound'), { name: 'NotFound', $metadata: { httpStatusCode: 404 } })), /state bucket my-terraform-state does not exist: create it in eu-west-1/],
  ['state-bucket', 'the state bucket cannot be read', () => s3.on(HeadBucketCommand).rejects(Object.assign(new Error('Forbidden'), { name: 'Forbidden', $metadata: { httpStatusCode: 403 } })), /state bucket my-terraform-state: access denied .*allow s3:ListBucket on arn:aws:s3:::my-terraform-state to arn:aws:sts::111111111111:assumed-role\/preflight\/ci/],
];

describe.each(BROKEN)('GIVEN check %s fails: %s', (check, _what, breakIt, expected) => {
  it('THEN it exits 1 with a PROBLEM line saying what to do, and the other checks still pass', async () => {
    breakIt();
    const run = await preflight();
    expect(run.code).toBe(EXIT_PROBLEMS);
    const problems = lines(run, 'PROBLEM');
    expect(problems.length).toBeGreaterThan(0);
    for (const line of problems) expect(line).toMatch(new RegExp(`^PROBLEM +${check}: `));
    expect(problems.some((line) => expected.test(line))).toBe(true);
    expect(lines(run, 'UNCHECKED')).toEqual([]);
    const ok = new Set(lines(run, 'OK').map((line) => line.replace(/^OK +/, '').split(':')[0]));
    for (const other of APPLYING.map((entry) => entry.id).filter((id) => id !== check)) expect([other, ok.has(other)]).toEqual([other, true]);
    expect(run.out.trim().split('\n').at(-1)).toMatch(new RegExp(`^preflight: \\d+ problems?, 0 not checked, in ${CHECKS.length} checks for 5 accounts .*: fix each PROBLEM line and run again$`));
  });
});

describe('GIVEN SCPs preflight cannot fully evaluate', () => {
  it('WHEN Control Tower guardrails protect only its own resources THEN they do not block: the stack ARNs are evaluated', async () => {
    const guardrail = {
      Statement: [
        {
          Sid: 'GRCLOUDWATCHEVENTPOLICY',
          Effect: 'Deny',
          Action: ['events:PutRule', 'events:PutTargets', 'events:RemoveTargets', 'events:DisableRule', 'events:DeleteRule'],
          Resource: ['arn:aws:events:*:*:rule/aws-controltower-*'],
          Condition: { ArnNotLike: { 'aws:PrincipalARN': 'arn:aws:iam::*:role/AWSControlTowerExecution' } },
        },
        {
          Sid: 'GRIAMROLEPOLICY',
          Effect: 'Deny',
          Action: ['iam:CreateRole', 'iam:PutRolePolicy', 'iam:DeleteRole'],
          Resource: ['arn:aws:iam::*:role/aws-controltower-*', 'arn:aws:iam::*:role/*AWSControlTower*'],
          Condition: { ArnNotLike: { 'aws:PrincipalARN': 'arn:aws:iam::*:role/AWSControlTowerExecution' } },
        },
      ],
    };
    organizations.on(ListPoliciesForTargetCommand, { TargetId: ROOT_ID }).resolves({ Policies: [{ Id: FULL_AWS_ACCESS.id }, { Id: 'p-guardrails' }] });
    organizations.on(DescribePolicyCommand, { PolicyId: 'p-guardrails' }).resolves({ Policy: { PolicySummary: { Name: 'aws-guardrails-mandatory' }, Content: JSON.stringify(guardrail) } });
    const run = await preflight();
    expect(run.code).toBe(EXIT_READY);
    expect(organizations.commandCalls(DescribePolicyCommand, { PolicyId: 'p-guardrails' })).toHaveLength(1);
  });

  it('WHEN an SCP condition uses a key it does not model THEN it says "could not evaluate" and exits 2, never ready', async () => {
    const odd = { Statement: [{ Effect: 'Deny', Action: 'events:*', Resource: '*', Condition: { StringNotEquals: { 'aws:PrincipalTag/team': 'platform' } } }] };
    organizations.on(DescribePolicyCommand, { PolicyId: 'p-regiondeny' }).resolves({ Policy: { PolicySummary: { Name: 'tag-guard' }, Content: JSON.stringify(odd) } });
    const run = await preflight();
    expect(run.code).toBe(EXIT_UNCHECKED);
    expect(lines(run, 'UNCHECKED')).toHaveLength(2 * members.length);
    expect(lines(run, 'UNCHECKED')[0]).toMatch(/^UNCHECKED scps: account log-archive \(222222222222\): SCP tag-guard \(p-regiondeny\) on ou-abcd-workloads: could not evaluate whether it denies the deployment role .*events:PutRule, events:PutTargets in .*StringNotEquals on aws:PrincipalTag\/team: key not modelled/);
    expect(run.out).not.toContain('preflight: ready');
  });

  it('WHEN only the deployment role is exempted THEN the plan role is reported for the reads a plan needs; with --roles deployment it is not evaluated', async () => {
    policies(regionDeny(['us-east-1', 'eu-west-1'], EXEMPT_PIPELINE_ROLES.slice(0, 2)));
    const run = await preflight();
    expect(run.code).toBe(EXIT_PROBLEMS);
    const problems = lines(run, 'PROBLEM');
    expect(problems).toHaveLength(members.length);
    expect(problems.find((line) => line.includes('workload-prod'))).toMatch(
      /denies the plan role arn:aws:iam::444444444444:role\/signin-watch-plan events:DescribeRule, events:ListTargetsByRule, scheduler:GetSchedule, sqs:GetQueueAttributes in .*af-south-1, eu-central-2 \(statement GRREGIONDENY denies it\)/,
    );
    expect((await preflight(['--config', FULL, '--roles', 'deployment'])).code).toBe(EXIT_READY);
  });

  it('WHEN a region is excluded with a reason THEN no check asks about it (deployedRegions follows forwardedRegions)', async () => {
    const excluded = path.join(path.dirname(FULL), 'excluded.yaml');
    writeFileSync(excluded, readFileSync(FULL, 'utf8').replace('      - eu-central-2\n', '      - eu-central-2\n    excludedRegions:\n      - region: af-south-1\n        reason: Region deny SCP on this OU; exemption requested.\n'));
    policies(regionDeny(['us-east-1', 'eu-west-1']));
    const run = await preflight(['--config', excluded]);
    const prod = lines(run, 'PROBLEM').filter((line) => line.includes('workload-prod') && line.includes('deployment role'));
    expect(prod).toHaveLength(1);
    expect(prod[0]).toContain('eu-central-2');
    expect(prod[0]).not.toContain('af-south-1');
  });

  it('WHEN an OU allow list has no Allow for the stack actions THEN that counts as a deny', async () => {
    organizations.on(DescribePolicyCommand, { PolicyId: FULL_AWS_ACCESS.id }).resolves({ Policy: { PolicySummary: { Name: 'allow-ec2' }, Content: JSON.stringify({ Statement: [{ Effect: 'Allow', Action: 'ec2:*', Resource: '*' }] }) } });
    const run = await preflight();
    expect(run.code).toBe(EXIT_PROBLEMS);
    // Per member account: one line for the deployment role, one for the plan role.
    expect(lines(run, 'PROBLEM').filter((line) => line.startsWith('PROBLEM   scps:'))).toHaveLength(2 * members.length);
    expect(lines(run, 'PROBLEM')[0]).toContain('no SCP attached to r-abcd allows it');
  });
});

describe('GIVEN AWS throttles', () => {
  it('WHEN calls are throttled a few times THEN they are retried with backoff and the run is ready', async () => {
    organizations.on(DescribeOrganizationCommand).rejectsOnce(throttled()).resolves({ Organization: { Id: config.organization.id, MasterAccountId: management.id } });
    organizations.on(ListPoliciesForTargetCommand, { TargetId: ROOT_ID }).rejectsOnce(throttled()).rejectsOnce(throttled()).resolves({ Policies: [{ Id: FULL_AWS_ACCESS.id }] });
    const run = await preflight();
    expect(run.code).toBe(EXIT_READY);
    expect(organizations.commandCalls(DescribeOrganizationCommand)).toHaveLength(2);
    expect(organizations.commandCalls(ListPoliciesForTargetCommand, { TargetId: ROOT_ID })).toHaveLength(3);
    expect([...run.sleeps].sort((a, b) => a - b)).toEqual([500, 500, 1000]);
    expect(run.progress.filter((line) => line.includes('throttled (TooManyRequestsException)'))).toHaveLength(3);
    expect(run.progress.filter((line) => new RegExp(`^\\[preflight\\] \\d+/${CHECKS.length} `).test(line))).toHaveLength(CHECKS.length);
    expect(run.progress.at(-1)).toBe('[preflight] done: 0 problems, 0 not checked (0.0 s)');
  });

  it('WHEN throttling never stops THEN that check is UNCHECKED after the bounded attempts, the others run, and it exits 2', async () => {
    organizations.on(ListAWSServiceAccessForOrganizationCommand).rejects(throttled());
    const run = await preflight();
    expect(run.code).toBe(EXIT_UNCHECKED);
    expect(organizations.commandCalls(ListAWSServiceAccessForOrganizationCommand)).toHaveLength(RETRY_ATTEMPTS);
    expect(lines(run, 'UNCHECKED')).toEqual([
      'UNCHECKED cloudtrail-access: CloudTrail trusted access: still throttled after every retry (TooManyRequestsException: Rate exceeded): run preflight again later, or with a lower --concurrency',
    ]);
    expect(lines(run, 'OK').some((line) => line.startsWith('OK        scps:'))).toBe(true);
  });
});

describe('GIVEN partial failures', () => {
  it('WHEN one call is denied THEN that check names the missing permission and who needs it, the others still run, exit 1', async () => {
    organizations.on(ListAWSServiceAccessForOrganizationCommand).rejects(denied('not authorized'));
    ssm.on(GetParametersByPathCommand).rejects(denied('not authorized to perform ssm:GetParametersByPath'));
    const run = await preflight();
    expect(run.code).toBe(EXIT_PROBLEMS);
    expect(lines(run, 'PROBLEM')).toEqual([
      `PROBLEM   cloudtrail-access: CloudTrail trusted access: access denied (AccessDeniedException: not authorized): allow organizations:ListAWSServiceAccessForOrganization to ${CALLER}`,
      `PROBLEM   scheduler: EventBridge Scheduler regions: access denied (AccessDeniedException: not authorized to perform ssm:GetParametersByPath): allow ssm:GetParametersByPath on ${SCHEDULER_REGIONS_PATH} to ${CALLER}`,
    ]);
    expect(lines(run, 'OK').filter((line) => /^OK +(organization|accounts|roles|scps|identity-center|chatbot|state-bucket):/.test(line))).toHaveLength(7);
  });

  it('WHEN a role cannot be assumed THEN the in-account checks of that account say they could not check, not OK', async () => {
    for (const kind of [deploymentRoleArn, planRoleArn]) {
      sts.on(AssumeRoleCommand, { RoleArn: kind(config, findAccount(config, 'security'))! }).rejects(Object.assign(new Error('denied'), { name: 'AccessDenied' }));
    }
    const run = await preflight();
    expect(run.code).toBe(EXIT_PROBLEMS);
    expect(lines(run, 'PROBLEM')).toHaveLength(2);
    expect(lines(run, 'UNCHECKED')).toEqual([
      'UNCHECKED chatbot: Slack workspace T01ABCDEFGH in AWS Chatbot of security (333333333333): not checked, no role could be assumed in that account (see the roles check)',
    ]);
    expect(chatbot.calls()).toHaveLength(0);
  });

  it('WHEN the aggregator account is not in the organization THEN the Chatbot check says why it could not check', async () => {
    organizations.on(ListAccountsCommand, { NextToken: 'accounts-2' }).resolves({ Accounts: config.accounts.slice(3).map((entry) => ({ Id: entry.id, Name: entry.name, State: 'ACTIVE' as const })) });
    const run = await preflight();
    expect(run.code).toBe(EXIT_PROBLEMS);
    expect(lines(run, 'UNCHECKED')).toEqual([
      'UNCHECKED chatbot: Slack workspace T01ABCDEFGH in AWS Chatbot of security (333333333333): not checked, the account is not ACTIVE in the organization (see the accounts check)',
    ]);
    expect(sts.commandCalls(AssumeRoleCommand, { RoleArn: deploymentRoleArn(config, findAccount(config, 'security')) })).toHaveLength(0);
  });

  it('WHEN an unexpected error hits one account THEN it is UNCHECKED with the error, and the run exits 2', async () => {
    organizations.on(ListParentsCommand, { ChildId: workloadDev.id }).rejects(Object.assign(new Error('We encountered an internal error'), { name: 'ServiceException' }));
    const run = await preflight();
    expect(run.code).toBe(EXIT_UNCHECKED);
    expect(lines(run, 'UNCHECKED')).toEqual(['UNCHECKED scps: account workload-dev (055555555555): SCPs: could not check (ServiceException: We encountered an internal error)']);
  });
});

describe('GIVEN options', () => {
  it('WHEN --roles plan and --management-role plan THEN only plan roles are assumed, the management one first', async () => {
    const run = await preflight(['--config', FULL, '--roles', 'plan', '--management-role', 'plan']);
    expect(run.code).toBe(EXIT_READY);
    const assumed = sts.commandCalls(AssumeRoleCommand).map((call) => call.args[0].input);
    expect(assumed[0]).toEqual(expect.objectContaining({ RoleArn: planRoleArn(config, management), RoleSessionName: 'signin-watch-plan-preflight' }));
    expect(assumed.map((input) => input.RoleArn).sort()).toEqual([planRoleArn(config, management)!, ...config.accounts.map((entry) => planRoleArn(config, entry)!)].sort());
  });

  it('WHEN the management role cannot be assumed THEN it says so in one PROBLEM line and exits 1 without checking', async () => {
    sts.on(AssumeRoleCommand, { RoleArn: deploymentRoleArn(config, management) }).rejects(Object.assign(new Error('not authorized'), { name: 'AccessDenied' }));
    const run = await preflight(['--config', FULL, '--management-role', 'deployment']);
    expect(run.code).toBe(EXIT_PROBLEMS);
    expect(run.out).toBe(
      `PROBLEM   management-role: ${CALLER} cannot assume arn:aws:iam::111111111111:role/signin-watch-deployer (AccessDenied: not authorized): let that role trust the caller, or run preflight with management-account credentials and no --management-role\n`,
    );
    expect(organizations.calls()).toHaveLength(0);
  });

  it('WHEN the config sets an external id THEN every AssumeRole passes it', async () => {
    const withExternalId = path.join(path.dirname(FULL), 'external-id.yaml');
    writeFileSync(withExternalId, readFileSync(FULL, 'utf8').replace('  namePrefix: signin-watch\n', '  namePrefix: signin-watch\n  externalId: shared-secret-id\n'));
    const run = await preflight(['--config', withExternalId]);
    expect(run.code).toBe(EXIT_READY);
    for (const call of sts.commandCalls(AssumeRoleCommand)) expect(call.args[0].input.ExternalId).toBe('shared-secret-id');
  });

  it('WHEN Slack, Identity Center and the S3 backend are not configured THEN those checks are SKIPPED and make no call', async () => {
    const minimal = path.join(path.dirname(FULL), 'minimal.yaml');
    writeFileSync(minimal, readFileSync(EXAMPLE, 'utf8').replace(/\nidentityCenter:\n  account: management\n  region: eu-west-1\n/, '\n'));
    const run = await preflight(['--config', minimal]);
    expect(run.code).toBe(EXIT_READY);
    expect(lines(run, 'SKIPPED')).toEqual([
      'SKIPPED   existing-trail: the config creates its own trail (no trail.existing)',
      'SKIPPED   identity-center: identityCenter is not configured',
      'SKIPPED   chatbot: notifications.slack is not configured',
      'SKIPPED   state-bucket: state.backend is local',
    ]);
    expect([ssoAdmin.calls(), chatbot.calls(), s3.calls()].map((calls) => calls.length)).toEqual([0, 0, 0]);
  });

  it('WHEN --help THEN it prints the usage, exits 0 and calls nothing', async () => {
    const run = await preflight(['--help']);
    expect(run.code).toBe(EXIT_READY);
    expect(run.out).toContain('usage: npm run preflight -- [--config FILE]');
    expect(sts.calls()).toHaveLength(0);
  });

  it('WHEN an option is unknown or a value wrong THEN it is a usage error, exit 2, and no AWS call', async () => {
    for (const argv of [['--confg', FULL], ['--roles', 'admin'], ['--management-role', 'root'], ['--concurrency', '0'], ['extra']]) {
      const run = await preflight(argv);
      expect([argv.join(' '), run.code]).toEqual([argv.join(' '), EXIT_UNCHECKED]);
      expect(run.err).toContain('usage: npm run preflight --');
    }
    expect(sts.calls()).toHaveLength(0);
  });
});

describe('GIVEN no credentials', () => {
  it('WHEN the SDK finds none THEN it exits 2 and says what to set', async () => {
    sts.on(GetCallerIdentityCommand).rejects(Object.assign(new Error('Could not load credentials from any providers'), { name: 'CredentialsProviderError' }));
    const run = await preflight();
    expect(run.code).toBe(EXIT_UNCHECKED);
    expect(run.out).toBe('');
    expect(run.err).toBe(`${NO_CREDENTIALS_MESSAGE}\n(CredentialsProviderError: Could not load credentials from any providers)\n`);
    for (const variable of ['AWS_PROFILE', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_REGION']) expect(NO_CREDENTIALS_MESSAGE).toContain(variable);
  });

  it('WHEN signin-watch preflight runs in an empty environment THEN the real SDK finds none and the command exits 2 with that message', () => {
    const result = spawnSync(process.execPath, [path.join(ROOT, 'bin', 'signin-watch.js'), 'preflight'], {
      cwd: ROOT,
      encoding: 'utf8',
      env: { PATH: process.env.PATH, HOME: '/nonexistent', AWS_EC2_METADATA_DISABLED: 'true', SIGNIN_WATCH_QUIET: '1' },
    });
    expect(result.status).toBe(EXIT_UNCHECKED);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain(NO_CREDENTIALS_MESSAGE);
  });
});
