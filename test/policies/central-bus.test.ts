/**
 * Checklist 13/20: the central bus admits events:PutEvents only from the
 * forwarder roles of the organization's accounts (any other role of a member
 * could forge a heartbeat); the forwarder role may only PutEvents to that bus.
 */
import { aggregatorAccount, centralBusArn, centralBusName, forwarderRoleName, forwarderRuleName } from '../../config/names';
import type { TfItem } from '../../stacks/rules/model';
import { decide, only, policyOf, synthesizeExample, type PolicyDocument, type Synthesized } from './support';

describe('central bus and forwarder role, as synthesized', () => {
  let example: Synthesized;
  let busPolicy: PolicyDocument;
  let forwarderPolicy: PolicyDocument;
  let forwarderTrust: PolicyDocument;
  let member: { id: string; stack: string };
  let forwarderRoleArn: string;
  const permissive: PolicyDocument = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'events:*', Resource: '*' }] };

  beforeAll(() => {
    example = synthesizeExample();
    const { config } = example;
    const account = config.accounts.find((a) => a.optInRegions.length > 0)!;
    member = { id: account.id, stack: `member-${account.name}` };
    const aggregator = example.stack('aggregator');
    busPolicy = policyOf(aggregator, only(aggregator, 'aws_cloudwatch_event_bus_policy'));
    const model = example.stack(member.stack);
    const isForwarderRole = (item: TfItem | undefined) => item?.body.name === forwarderRoleName(config);
    const role = only(model, 'aws_iam_role', isForwarderRole);
    forwarderTrust = policyOf(model, role, 'assume_role_policy');
    forwarderPolicy = policyOf(model, only(model, 'aws_iam_role_policy', (item) => isForwarderRole(model.resolve(item.body.role, ['aws_iam_role']))));
    forwarderRoleArn = `arn:aws:iam::${member.id}:role/${forwarderRoleName(config)}`;
  });
  afterAll(() => example.cleanup());

  // A role's requests carry its ARN as aws:PrincipalArn; the simulator needs it spelled out.
  const putEvents = (principal: string, orgId: string, identity: PolicyDocument, resource = centralBusArn(example.config)) =>
    decide({
      principal,
      action: 'events:PutEvents',
      resource,
      resourceAccount: aggregatorAccount(example.config).id,
      context: { 'aws:PrincipalOrgID': orgId, 'aws:PrincipalArn': principal },
      identityPolicies: [identity],
      resourcePolicy: busPolicy,
    });

  it('GIVEN the forwarder role of a member WHEN it puts events on the central bus THEN it is allowed', async () => {
    expect(await putEvents(forwarderRoleArn, example.config.organization.id, forwarderPolicy)).toBe('Allowed');
  });

  it('GIVEN a role outside the organization, allowed everything by its own account WHEN it puts events THEN the bus refuses', async () => {
    expect(await putEvents('arn:aws:iam::999999999999:role/outsider', 'o-outsider0001', permissive)).toBe('ImplicitlyDenied');
  });

  it('GIVEN another role of a member account, allowed everything by its account WHEN it puts (say, a forged heartbeat) on the central bus THEN the bus refuses', async () => {
    const otherRole = `arn:aws:iam::${member.id}:role/developer`;
    expect(await putEvents(otherRole, example.config.organization.id, permissive)).toBe('ImplicitlyDenied');
  });

  it('GIVEN a role named like the forwarder in an account outside the organization WHEN it puts events THEN the bus refuses', async () => {
    const lookalike = `arn:aws:iam::999999999999:role/${forwarderRoleName(example.config)}`;
    expect(await putEvents(lookalike, 'o-outsider0001', permissive)).toBe('ImplicitlyDenied');
  });

  it('GIVEN an in-org role WHEN it calls anything but PutEvents on the bus THEN the bus refuses', async () => {
    const decision = await decide({
      principal: forwarderRoleArn,
      action: 'events:PutRule',
      resource: `arn:aws:events:${example.config.aggregator.region}:${aggregatorAccount(example.config).id}:rule/${centralBusName(example.config)}/x`,
      resourceAccount: aggregatorAccount(example.config).id,
      context: { 'aws:PrincipalOrgID': example.config.organization.id },
      identityPolicies: [permissive],
      resourcePolicy: busPolicy,
    });
    expect(decision).toBe('ImplicitlyDenied');
  });

  it('GIVEN the forwarder role WHEN it puts events on another bus THEN its own policy refuses', async () => {
    const otherBus = `arn:aws:events:${example.config.aggregator.region}:${member.id}:event-bus/default`;
    const decision = await decide({ principal: forwarderRoleArn, action: 'events:PutEvents', resource: otherBus, resourceAccount: member.id, identityPolicies: [forwarderPolicy] });
    expect(decision).toBe('ImplicitlyDenied');
  });

  it('GIVEN the forwarder role WHEN it does anything else THEN its own policy refuses', async () => {
    for (const action of ['events:PutRule', 'events:PutTargets', 'events:DeleteRule']) {
      const decision = await decide({
        principal: forwarderRoleArn,
        action,
        resource: `arn:aws:events:${example.config.aggregator.region}:${member.id}:rule/x`,
        resourceAccount: member.id,
        identityPolicies: [forwarderPolicy],
      });
      expect([action, decision]).toEqual([action, 'ImplicitlyDenied']);
    }
  });

  it("GIVEN the forwarder role's trust WHEN EventBridge of this account assumes it THEN allowed, and of another account THEN refused", async () => {
    const assume = (sourceAccount: string) =>
      decide({
        principal: 'events.amazonaws.com',
        action: 'sts:AssumeRole',
        resource: forwarderRoleArn,
        resourceAccount: member.id,
        context: { 'aws:SourceAccount': sourceAccount, 'aws:SourceArn': `arn:aws:events:us-east-1:${sourceAccount}:rule/${forwarderRuleName(example.config)}` },
        resourcePolicy: forwarderTrust,
      });
    expect(await assume(member.id)).toBe('Allowed');
    expect(await assume('999999999999')).toBe('ImplicitlyDenied');
  });
});
