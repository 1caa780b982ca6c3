/**
 * The SCP evaluator of preflight: the Control Tower region-deny shape, the
 * exemption forms docs/deploy.md recommends, allow lists, and everything it
 * cannot evaluate (which must never come out as allowed).
 */
import { exampleConfig, synthStacks } from '../support/synth';
import { actionMatches, arnMatches, evaluateScps, type ScpLevel, type ScpPolicy } from '../../preflight/scp-evaluator';
import { memberStackActions, MEMBER_RESOURCE_ACTIONS, MEMBER_RESOURCE_READ_ACTIONS } from '../../preflight/stack-actions';
import { scpFindings } from '../../preflight/check-scps';
import { FULL_AWS_ACCESS, regionDeny } from '../support/scp-fixtures';

const DEPLOYER = 'arn:aws:iam::444444444444:role/OrganizationAccountAccessRole';
const CT_EXECUTION = 'arn:aws:iam::444444444444:role/AWSControlTowerExecution';

function chain(...policies: ScpPolicy[][]): ScpLevel[] {
  const ids = ['r-root', 'ou-workloads', '444444444444'];
  return policies.map((attached, index) => ({ targetId: ids[index], policies: attached }));
}

const governed = ['us-east-1', 'eu-west-1'];
const ctChain = chain([FULL_AWS_ACCESS], [FULL_AWS_ACCESS, regionDeny(governed)], [FULL_AWS_ACCESS]);

describe('GIVEN the Control Tower region deny on an OU', () => {
  it('THEN the deployment role is denied events:PutRule in an ungoverned region, naming the policy, its target and statement', () => {
    expect(evaluateScps(ctChain, { action: 'events:PutRule', region: 'eu-central-1', principalArn: DEPLOYER })).toEqual({
      decision: 'denied',
      policy: expect.objectContaining({ id: 'p-regiondeny' }),
      targetId: 'ou-workloads',
      reason: 'statement GRREGIONDENY denies it',
    });
  });

  it('THEN the same call is allowed in a governed region, and IAM (a NotAction service) everywhere', () => {
    expect(evaluateScps(ctChain, { action: 'events:PutRule', region: 'eu-west-1', principalArn: DEPLOYER })).toEqual({ decision: 'allowed' });
    expect(evaluateScps(ctChain, { action: 'iam:CreateRole', region: 'eu-central-1', principalArn: DEPLOYER })).toEqual({ decision: 'allowed' });
  });

  it('THEN AWSControlTowerExecution, the only exempt principal, is allowed everywhere', () => {
    expect(evaluateScps(ctChain, { action: 'sqs:CreateQueue', region: 'ap-south-2', principalArn: CT_EXECUTION })).toEqual({ decision: 'allowed' });
  });

  it('WHEN the deployment role is exempted by ArnNotLike (any key case) or StringNotLike IfExists THEN it is allowed', () => {
    for (const [key, operator] of [
      ['aws:PrincipalARN', 'ArnNotLike'],
      ['aws:principalarn', 'ArnNotLike'],
      ['aws:PrincipalArn', 'StringNotLikeIfExists'],
      ['aws:PrincipalArn', 'ArnNotLikeIfExists'],
    ]) {
      const policy = regionDeny(governed, ['arn:aws:iam::*:role/OrganizationAccountAccessRole'], key);
      const content = JSON.parse(policy.content);
      const condition = content.Statement[0].Condition;
      condition[operator] = condition.ArnNotLike;
      if (operator !== 'ArnNotLike') delete condition.ArnNotLike;
      const levels = chain([FULL_AWS_ACCESS], [FULL_AWS_ACCESS, { ...policy, content: JSON.stringify(content) }]);
      expect([key, operator, evaluateScps(levels, { action: 'events:PutRule', region: 'eu-central-1', principalArn: DEPLOYER }).decision]).toEqual([key, operator, 'allowed']);
    }
  });

  it('WHEN the regions are compared with StringNotEqualsIgnoreCase or ForAllValues:StringNotEquals THEN case matters only for the case-sensitive one', () => {
    for (const operator of ['StringNotEqualsIgnoreCase', 'ForAllValues:StringNotEquals']) {
      const content = JSON.parse(regionDeny(['US-EAST-1', 'eu-west-1']).content);
      const condition = content.Statement[0].Condition;
      condition[operator] = condition.StringNotEquals;
      delete condition.StringNotEquals;
      const levels = chain([FULL_AWS_ACCESS], [FULL_AWS_ACCESS, { id: 'p-x', name: 'x', content: JSON.stringify(content) }]);
      expect(evaluateScps(levels, { action: 'events:PutRule', region: 'eu-central-1', principalArn: DEPLOYER }).decision).toBe('denied');
      expect(evaluateScps(levels, { action: 'events:PutRule', region: 'eu-west-1', principalArn: DEPLOYER }).decision).toBe('allowed');
      expect(evaluateScps(levels, { action: 'events:PutRule', region: 'us-east-1', principalArn: DEPLOYER }).decision).toBe(
        operator === 'StringNotEqualsIgnoreCase' ? 'allowed' : 'denied',
      );
    }
  });
});

describe('GIVEN other SCP shapes', () => {
  it('WHEN a Deny names the action with a wildcard THEN it is denied; an unrelated action is not', () => {
    const deny: ScpPolicy = { id: 'p-d', name: 'deny-put', content: JSON.stringify({ Statement: { Effect: 'Deny', Action: 'events:Put*', Resource: '*' } }) };
    const levels = chain([FULL_AWS_ACCESS, deny]);
    expect(evaluateScps(levels, { action: 'events:PutTargets', region: 'eu-west-1', principalArn: DEPLOYER }).decision).toBe('denied');
    expect(evaluateScps(levels, { action: 'sqs:CreateQueue', region: 'eu-west-1', principalArn: DEPLOYER }).decision).toBe('allowed');
  });

  it('WHEN an OU replaced FullAWSAccess by an allow list without the action THEN it counts as denied', () => {
    const allowList: ScpPolicy = { id: 'p-allow', name: 'allow-ec2-s3', content: JSON.stringify({ Statement: [{ Effect: 'Allow', Action: ['ec2:*', 's3:*'], Resource: '*' }] }) };
    const levels = chain([FULL_AWS_ACCESS], [allowList], [FULL_AWS_ACCESS]);
    expect(evaluateScps(levels, { action: 'scheduler:CreateSchedule', region: 'eu-west-1', principalArn: DEPLOYER })).toEqual({
      decision: 'denied',
      policy: allowList,
      targetId: 'ou-workloads',
      reason: 'no SCP attached to ou-workloads allows it (allow list: allow-ec2-s3 (p-allow))',
    });
    expect(evaluateScps(levels, { action: 's3:PutObject', region: 'eu-west-1', principalArn: DEPLOYER }).decision).toBe('allowed');
  });

  it('WHEN a condition uses a key, operator or variable it does not model THEN the verdict is unknown, never allowed', () => {
    const shapes = [
      { StringNotEquals: { 'aws:PrincipalTag/team': 'platform' } },
      { DateGreaterThan: { 'aws:CurrentTime': '2020-01-01T00:00:00Z' } },
      { ArnNotLike: { 'aws:PrincipalArn': 'arn:aws:iam::${aws:PrincipalAccount}:role/x' } },
    ];
    for (const Condition of shapes) {
      const policy: ScpPolicy = { id: 'p-u', name: 'odd', content: JSON.stringify({ Statement: [{ Effect: 'Deny', Action: '*', Resource: '*', Condition }] }) };
      const verdict = evaluateScps(chain([FULL_AWS_ACCESS, policy]), { action: 'events:PutRule', region: 'eu-west-1', principalArn: DEPLOYER });
      expect(verdict).toEqual(expect.objectContaining({ decision: 'unknown', policy }));
    }
  });

  it('WHEN a known condition is false THEN an unmodelled one beside it does not matter', () => {
    const policy: ScpPolicy = {
      id: 'p-u',
      name: 'odd',
      content: JSON.stringify({ Statement: [{ Effect: 'Deny', Action: '*', Resource: '*', Condition: { StringEquals: { 'aws:RequestedRegion': 'ap-east-1', 'aws:PrincipalTag/x': 'y' } } }] }),
    };
    expect(evaluateScps(chain([FULL_AWS_ACCESS, policy]), { action: 'events:PutRule', region: 'eu-west-1', principalArn: DEPLOYER }).decision).toBe('allowed');
  });

  it('WHEN a Deny is limited to some resources THEN it applies only when they match the ARNs of the call; without ARNs it is unknown', () => {
    const rule = 'arn:aws:events:eu-west-1:444444444444:rule/signin-watch-forward-sign-ins';
    const call = { action: 'events:PutRule', region: 'eu-west-1', principalArn: DEPLOYER, resources: [rule] };
    const denyOn = (resource: string, key: 'Resource' | 'NotResource' = 'Resource'): ScpPolicy => ({
      id: 'p-r',
      name: 'protect',
      content: JSON.stringify({ Statement: [{ Effect: 'Deny', Action: 'events:*', [key]: resource, Condition: { ArnNotLike: { 'aws:PrincipalARN': 'arn:aws:iam::*:role/AWSControlTowerExecution' } } }] }),
    });
    // Control Tower's own guardrails protect its rules, not ours.
    expect(evaluateScps(chain([FULL_AWS_ACCESS, denyOn('arn:aws:events:*:*:rule/aws-controltower-*')]), call).decision).toBe('allowed');
    expect(evaluateScps(chain([FULL_AWS_ACCESS, denyOn('arn:aws:events:*:*:rule/signin-watch-*')]), call).decision).toBe('denied');
    expect(evaluateScps(chain([FULL_AWS_ACCESS, denyOn('arn:aws:events:*:*:rule/signin-watch-*', 'NotResource')]), call).decision).toBe('allowed');
    expect(evaluateScps(chain([FULL_AWS_ACCESS, denyOn('arn:aws:events:*:*:rule/aws-controltower-*', 'NotResource')]), call).decision).toBe('denied');
    expect(evaluateScps(chain([FULL_AWS_ACCESS, denyOn('arn:aws:events:*:*:rule/aws-controltower-*')]), { ...call, resources: undefined }).decision).toBe('unknown');
  });

  it('WHEN one Deny is unknown and another certain THEN the certain one wins', () => {
    const limited: ScpPolicy = { id: 'p-r', name: 'protect', content: JSON.stringify({ Statement: [{ Effect: 'Deny', Action: 'sqs:*', Resource: 'arn:aws:sqs:*:*:protected-*' }] }) };
    expect(evaluateScps(chain([FULL_AWS_ACCESS, limited]), { action: 'sqs:CreateQueue', region: 'eu-west-1', principalArn: DEPLOYER }).decision).toBe('unknown');
    expect(evaluateScps(chain([FULL_AWS_ACCESS, limited, regionDeny(governed)]), { action: 'sqs:CreateQueue', region: 'eu-central-1', principalArn: DEPLOYER }).decision).toBe('denied');
  });

  it('THEN wildcards follow IAM: actions case-insensitive, ARN wildcards never cross a colon', () => {
    expect(actionMatches('Events:put*', 'events:PutRule')).toBe(true);
    expect(actionMatches('events:Put?ule', 'events:PutRule')).toBe(true);
    expect(arnMatches('arn:*:iam::*:role/AWSControlTowerExecution', CT_EXECUTION)).toBe(true);
    expect(arnMatches('arn:aws:iam::*:role/*', DEPLOYER)).toBe(true);
    expect(arnMatches('arn:aws:*', DEPLOYER)).toBe(false);
  });
});

describe('GIVEN the member stacks', () => {
  it('THEN every resource type they create has its actions in the one list the SCP check evaluates', () => {
    const stacks = synthStacks(exampleConfig());
    const readTypes = Object.keys(MEMBER_RESOURCE_READ_ACTIONS).sort();
    expect(readTypes).toEqual(Object.keys(MEMBER_RESOURCE_ACTIONS).sort());
    const types = new Set(Object.entries(stacks).filter(([name]) => name.startsWith('member-')).flatMap(([, json]) => Object.keys(json.resource ?? {})));
    expect(types.size).toBeGreaterThan(0);
    expect([...types].filter((type) => !(type in MEMBER_RESOURCE_ACTIONS))).toEqual([]);
    // Every literal resource name of a member stack is covered by the ARNs its actions are evaluated on.
    const config = exampleConfig();
    const account = config.accounts.find((entry) => entry.name === 'workload-prod')!;
    const member = stacks['member-workload-prod'];
    for (const [type, resources] of Object.entries(member.resource as Record<string, Record<string, { name?: string; alarm_name?: string; role?: string }>>)) {
      const arns = MEMBER_RESOURCE_ACTIONS[type].flatMap((entry) => entry.resources(config, account, 'eu-west-1'));
      for (const body of Object.values(resources)) {
        // An inline role policy acts on its role (iam:PutRolePolicy): its own name is not an ARN.
        const name = type === 'aws_iam_role_policy' ? body.role : (body.alarm_name ?? body.name);
        if (name === undefined || name.includes('${')) continue;
        expect([type, name, arns.some((arn) => arn.endsWith(`/${name}`) || arn.endsWith(`:${name}`))]).toEqual([type, name, true]);
      }
    }
    expect(memberStackActions().map((entry) => entry.action)).toEqual(expect.arrayContaining(['events:PutRule', 'events:PutTargets', 'sqs:CreateQueue', 'scheduler:CreateSchedule', 'iam:CreateRole']));
  });

  it('THEN one account behind the region deny gets one grouped finding: every regional action, every ungoverned region, and no IAM action', () => {
    const config = exampleConfig();
    const findings = scpFindings(ctChain, config, config.accounts.find((entry) => entry.name === 'workload-prod')!, ['us-east-1', 'eu-west-1', 'eu-central-1', 'af-south-1']);
    expect(findings).toHaveLength(1);
    expect([...findings[0].regions]).toEqual(['eu-central-1', 'af-south-1']);
    expect([...findings[0].actions].sort()).toEqual(memberStackActions().filter((entry) => !entry.global).map((entry) => entry.action).sort());
  });
});
