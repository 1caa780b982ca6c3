/**
 * What an admin of one member account can and cannot do to the pipeline
 * (issue 18 items 1-3), on the synthesized example organization, with the IAM
 * policy simulator where a policy decides. docs/safety.md cites each test by
 * name. Each fails on the main of before issue 18.
 */
import { pipelineForwarderPatternsFor } from '../../detection/catalogue';
import { prefix as namePrefix, centralBusArn, aggregatorAccount, forwarderRoleName, forwarderRuleName, heartbeatLogGroupName, healthCheckName, pipelineForwarderRuleNames, signInLogGroupName, alertEngineName, memberStackName } from '../../config/names';
import { alertKindsFor } from '../../detection/catalogue';
import { alarmStateChangeEvent } from '../../detection/alarm-state-change';
import { matchesEventPattern } from '../../detection/eventbridge-pattern';
import { healthCheckRoleStatements } from '../../stacks/constructs/forwarder-health';
import type { StackModel, TfItem } from '../../stacks/rules/model';
import { decide, only, policyOf, synthesizeExample, type PolicyDocument, type Synthesized } from './support';

/** EventBridge's policy size quota: "Event bus policy size … 10,240 … Maximum policy size, in characters" (EventBridge user guide, "Amazon EventBridge quotas"). */
const EVENT_BUS_POLICY_MAX_CHARACTERS = 10_240;

describe('member admin boundaries, as synthesized', () => {
  let example: Synthesized;
  let member: { id: string; name: string };
  let other: { id: string; name: string };
  let trust: PolicyDocument;
  let busPolicy: PolicyDocument;
  let forwarderPolicy: PolicyDocument;
  const models = (): StackModel[] => ['aggregator', ...example.config.accounts.map((account) => memberStackName(account))].flatMap((name) => {
    try {
      return [example.stack(name)];
    } catch {
      return []; // an account without a member stack
    }
  });

  beforeAll(() => {
    example = synthesizeExample();
    const { config } = example;
    [member, other] = config.accounts;
    const model = example.stack(memberStackName(member));
    const isForwarderRole = (item: TfItem | undefined) => item?.body.name === forwarderRoleName(config);
    trust = policyOf(model, only(model, 'aws_iam_role', isForwarderRole), 'assume_role_policy');
    forwarderPolicy = policyOf(model, only(model, 'aws_iam_role_policy', (item) => isForwarderRole(model.resolve(item.body.role, ['aws_iam_role']))));
    const aggregator = example.stack('aggregator');
    busPolicy = policyOf(aggregator, only(aggregator, 'aws_cloudwatch_event_bus_policy'));
  });
  afterAll(() => example.cleanup());

  const assume = (sourceArn: string, sourceAccount: string) =>
    decide({
      principal: 'events.amazonaws.com',
      action: 'sts:AssumeRole',
      resource: `arn:aws:iam::${member.id}:role/${forwarderRoleName(example.config)}`,
      resourceAccount: member.id,
      context: { 'aws:SourceArn': sourceArn, 'aws:SourceAccount': sourceAccount },
      resourcePolicy: trust,
    });

  describe('the forwarder role (confused deputy)', () => {
    it("GIVEN the account's own forwarder rules, in any region WHEN EventBridge assumes the forwarder role THEN it is allowed", async () => {
      for (const rule of [forwarderRuleName(example.config), ...pipelineForwarderRuleNames(example.config, pipelineForwarderPatternsFor(example.config).length)]) {
        for (const region of ['us-east-1', 'ap-southeast-2']) expect(await assume(`arn:aws:events:${region}:${member.id}:rule/${rule}`, member.id)).toBe('Allowed');
      }
    });

    it('GIVEN a rule of the member admin without the product prefix WHEN EventBridge is asked to assume the forwarder role for it THEN it is refused', async () => {
      expect(await assume(`arn:aws:events:us-east-1:${member.id}:rule/my-own-rule`, member.id)).toBe('ImplicitlyDenied');
      expect(await assume(`arn:aws:events:us-east-1:${member.id}:rule/${forwarderRuleName(example.config)}-copy`, member.id)).toBe('ImplicitlyDenied');
    });

    it("GIVEN another account's forwarder rule WHEN EventBridge is asked to assume this account's forwarder role for it THEN it is refused", async () => {
      expect(await assume(`arn:aws:events:us-east-1:${other.id}:rule/${forwarderRuleName(example.config)}`, other.id)).toBe('ImplicitlyDenied');
      expect(await assume(`arn:aws:events:us-east-1:${other.id}:rule/${forwarderRuleName(example.config)}`, member.id)).toBe('ImplicitlyDenied');
    });
  });

  describe('the central bus', () => {
    const put = (sources: string[]) =>
      decide({
        principal: `arn:aws:iam::${member.id}:role/${forwarderRoleName(example.config)}`,
        action: 'events:PutEvents',
        resource: centralBusArn(example.config),
        resourceAccount: aggregatorAccount(example.config).id,
        context: { 'aws:PrincipalOrgID': example.config.organization.id, 'aws:PrincipalArn': `arn:aws:iam::${member.id}:role/${forwarderRoleName(example.config)}`, 'events:source': sources },
        identityPolicies: [forwarderPolicy],
        resourcePolicy: busPolicy,
      });

    it('GIVEN the forwarder role WHEN it puts events with a source the product forwards THEN the bus admits them; with any other source THEN it refuses', async () => {
      expect(await put(['aws.signin', 'signin-watch.heartbeat'])).toBe('Allowed');
      expect(await put(['aws.signin', 'evil.custom'])).toBe('ImplicitlyDenied');
      expect(await put(['aws.cloudwatch'])).toBe('ImplicitlyDenied');
    });

    it('GIVEN 5,000 accounts WHEN the bus policy would list each forwarder role THEN it exceeds the 10,240-character quota, while the synthesized policy fits', () => {
      const roleArns = Array.from({ length: 5000 }, (_, index) => `arn:aws:iam::${String(100000000000 + index)}:role/${forwarderRoleName(example.config)}`);
      const listed = JSON.stringify({ ...busPolicy, Statement: [{ ...(busPolicy.Statement[0] as object), Condition: { ArnEquals: { 'aws:PrincipalArn': roleArns } } }] });
      process.stdout.write(`bus policy: ${JSON.stringify(busPolicy).length} characters as synthesized; ${listed.length} with 5,000 role ARNs (quota ${EVENT_BUS_POLICY_MAX_CHARACTERS})\n`);
      expect(listed.length).toBeGreaterThan(EVENT_BUS_POLICY_MAX_CHARACTERS);
      expect(JSON.stringify(busPolicy).length).toBeLessThan(EVENT_BUS_POLICY_MAX_CHARACTERS);
    });
  });

  describe('alarm spoofing (the forwarded-alarm path is gone)', () => {
    it('GIVEN a member admin who creates and trips an alarm named like the product\'s WHEN its state change reaches any rule of any stack THEN no rule matches it', () => {
      const prefix = namePrefix(example.config);
      const spoofed = ['forwarder-x', 'forwarder-dlq-depth', 'heartbeat-shard-01', 'alert-engine-errors'].map((name) =>
        alarmStateChangeEvent({ alarmName: `${prefix}-${name}`, account: member.id, region: 'us-east-1', reason: 'ignore alerts for workload-prod today', description: '@here' }),
      );
      const matching = models().flatMap((model) =>
        model
          .resources('aws_cloudwatch_event_rule')
          .filter((rule) => typeof rule.body.event_pattern === 'string' && spoofed.some((event) => matchesEventPattern(JSON.parse(String(rule.body.event_pattern)), event)))
          .map((rule) => `${model.stackName}.${String(rule.body.name)}`),
      );
      expect(matching).toEqual([]);
      expect(models().length).toBeGreaterThan(2);
    });

    it('GIVEN the aggregator WHEN listing the rules that invoke the alert engine THEN classify replays each one: its pattern is an enabled kind\'s', () => {
      const aggregator = example.stack('aggregator');
      const engine = only(aggregator, 'aws_lambda_function', (fn) => fn.body.function_name === alertEngineName(example.config));
      const engineRules = aggregator
        .resources('aws_cloudwatch_event_target')
        .filter((target) => aggregator.refersTo(target.body.arn, engine, ['arn']))
        .map((target) => aggregator.resolve(target.body.rule, ['aws_cloudwatch_event_rule'])!);
      // The aggregator's key ARNs are Terraform references in the synth: compare with every reference as one placeholder.
      const normalized = (text: string) => text.replace(/\$\{[^}]+\}/g, '<ref>');
      const kindPatterns = alertKindsFor(example.config, ['${a}', '${b}', '${c}', '${d}']).flatMap((kind) => kind.eventPatterns.map((pattern) => normalized(JSON.stringify(pattern))));
      expect(engineRules.length).toBeGreaterThan(0);
      const unreplayed = engineRules.filter((rule) => !kindPatterns.includes(normalized(JSON.stringify(JSON.parse(String(rule.body.event_pattern))))));
      expect(unreplayed.map((rule) => String(rule.body.name))).toEqual([]);
    });
  });

  describe('forwarder health (forged heartbeats)', () => {
    it('GIVEN the aggregator WHEN its metric filters are listed THEN none reads the heartbeat log, and no alarm is per shard', () => {
      const aggregator = example.stack('aggregator');
      const onHeartbeats = aggregator.resources('aws_cloudwatch_log_metric_filter').filter((filter) => JSON.stringify(filter.body).includes('heartbeat') || JSON.stringify(filter.body).includes('$.detail.shard'));
      expect(onHeartbeats.map((filter) => filter.address)).toEqual([]);
      const shardAlarms = aggregator.resources('aws_cloudwatch_metric_alarm').filter((alarm) => JSON.stringify(alarm.body.dimensions ?? {}).includes('Shard'));
      expect(shardAlarms).toEqual([]);
    });

    it('GIVEN the aggregator WHEN the health check is synthesized THEN it runs every 15 minutes and an alarm fires when it does not run (missing data breaching)', () => {
      const aggregator = example.stack('aggregator');
      const name = healthCheckName(example.config);
      only(aggregator, 'aws_lambda_function', (fn) => fn.body.function_name === name);
      const schedule = only(aggregator, 'aws_scheduler_schedule', (item) => item.body.name === name);
      expect(schedule.body.schedule_expression).toBe('rate(15 minutes)');
      const notRunning = only(aggregator, 'aws_cloudwatch_metric_alarm', (alarm) => alarm.body.metric_name === 'Invocations' && (alarm.body.dimensions as Record<string, unknown>)?.FunctionName === name);
      expect(notRunning.body).toMatchObject({ comparison_operator: 'LessThanThreshold', threshold: 1, treat_missing_data: 'breaching', namespace: 'AWS/Lambda' });
      only(aggregator, 'aws_cloudwatch_metric_alarm', (alarm) => alarm.body.metric_name === 'Errors' && (alarm.body.dimensions as Record<string, unknown>)?.FunctionName === name);
    });

    it('GIVEN the checker role WHEN simulated THEN it may query only the heartbeat log and invoke only the alert engine', async () => {
      const { config } = example;
      const accountId = aggregatorAccount(config).id;
      const region = config.aggregator.region;
      const logArn = (name: string) => `arn:aws:logs:${region}:${accountId}:log-group:${name}`;
      const engineArn = `arn:aws:lambda:${region}:${accountId}:function:${alertEngineName(config)}`;
      const policy: PolicyDocument = {
        Version: '2012-10-17',
        Statement: healthCheckRoleStatements({ heartbeatLogGroupArn: logArn(heartbeatLogGroupName(config)), engineArn, queueArn: 'arn:aws:sqs:x:1:q', queueKeyArn: 'arn:aws:kms:x:1:key/k', ownLogGroupArn: logArn('/aws/lambda/x') }),
      };
      const ask = (action: string, resource: string) => decide({ principal: `arn:aws:iam::${accountId}:role/${healthCheckName(config)}`, action, resource, resourceAccount: accountId, identityPolicies: [policy] });
      expect(await ask('logs:StartQuery', logArn(heartbeatLogGroupName(config)))).toBe('Allowed');
      expect(await ask('logs:GetQueryResults', logArn(heartbeatLogGroupName(config)))).toBe('Allowed');
      expect(await ask('logs:StartQuery', logArn(signInLogGroupName(config)))).toBe('ImplicitlyDenied');
      expect(await ask('lambda:InvokeFunction', engineArn)).toBe('Allowed');
      expect(await ask('lambda:InvokeFunction', `${engineArn}-other`)).toBe('ImplicitlyDenied');
      expect(await ask('logs:PutMetricFilter', logArn(heartbeatLogGroupName(config)))).toBe('ImplicitlyDenied');
    });
  });
});
