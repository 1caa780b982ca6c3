/**
 * Checklist item 20 for the aggregator: the synthesized bus, topic, queue and
 * log resource policies evaluated as behaviour with an IAM policy simulator.
 * An in-organization forwarder role may put events on the bus and an outside
 * one may not; only this stack's alert rules and this account's alarms may
 * publish to the topic; a dead-letter queue and the log groups admit only
 * their own rules.
 */
import type { OrgConfig } from '../../config/schema';
import {
  aggregatorAccount,
  alertTopicName,
  centralAlertRuleName,
  centralBusArn,
  centralRuleArn,
  centralRuleDlqName,
  findAccount,
  forwarderRoleName,
  heartbeatLogRuleName,
  signInLogGroupName,
  signInLogRuleName,
} from '../../config/names';
import { exampleConfig, policyOf, type StackJson } from '../support/synth';
import { resourcePolicyVerdict, type ResourcePolicyAsk } from '../support/iam-simulation';
import { findOne, ref } from '../support/management-stack';
import { synthAggregator } from '../support/aggregator-stack';

describe('aggregator policies, simulated', () => {
  let config: OrgConfig;
  let json: StackJson;
  let aggregator: string;
  let region: string;
  const outsider = '999999999999';

  beforeAll(() => {
    config = exampleConfig();
    json = synthAggregator(config);
    aggregator = aggregatorAccount(config).id;
    region = config.aggregator.region;
  });

  describe('central bus policy', () => {
    let policy: StackJson;
    beforeAll(() => {
      policy = policyOf(findOne(json, 'aws_cloudwatch_event_bus_policy').body.policy);
    });

    const putEvents = (
      account: string,
      orgId: string,
      action = 'events:PutEvents',
      resource = centralBusArn(config),
      roleName = forwarderRoleName(config),
    ): ResourcePolicyAsk => {
      const principal = `arn:aws:iam::${account}:role/${roleName}`;
      return {
        principal,
        action,
        resource,
        resourceAccount: aggregator,
        identityAllows: action,
        context: { 'aws:PrincipalOrgID': orgId, 'aws:PrincipalAccount': account, 'aws:PrincipalArn': principal },
      };
    };

    it("lets a member's forwarder role in the organization put events", async () => {
      expect(await resourcePolicyVerdict(policy, putEvents(findAccount(config, 'workload-prod').id, config.organization.id))).toBe('Allowed');
    });

    it('refuses a role outside the organization, even one that allows itself PutEvents', async () => {
      expect(await resourcePolicyVerdict(policy, putEvents(outsider, 'o-someoneelse1'))).toBe('Denied');
    });

    it('refuses any other role of a member account (it could forge a heartbeat), even one that allows itself PutEvents', async () => {
      const member = findAccount(config, 'workload-prod').id;
      expect(await resourcePolicyVerdict(policy, putEvents(member, config.organization.id, 'events:PutEvents', centralBusArn(config), 'admin'))).toBe('Denied');
    });

    it('refuses anything but PutEvents, even inside the organization (no rule of theirs on the central bus)', async () => {
      const member = findAccount(config, 'workload-prod').id;
      const ruleOnBus = centralRuleArn(config, 'exfiltrate-sign-ins');
      expect(await resourcePolicyVerdict(policy, putEvents(member, config.organization.id, 'events:PutRule', ruleOnBus))).toBe('Denied');
      expect(await resourcePolicyVerdict(policy, putEvents(member, config.organization.id, 'events:DescribeEventBus'))).toBe('Denied');
    });
  });

  describe('alert topic policy', () => {
    let policy: StackJson;
    let topicArn: string;
    beforeAll(() => {
      const topic = findOne(json, 'aws_sns_topic', (body) => body.name === alertTopicName(config));
      policy = policyOf(findOne(json, 'aws_sns_topic_policy', (body) => body.arn === ref(topic, 'arn')).body.policy);
      topicArn = `arn:aws:sns:${region}:${aggregator}:${alertTopicName(config)}`;
    });

    const publish = (service: string, sourceArn: string, sourceAccount: string): ResourcePolicyAsk => ({
      principal: service,
      action: 'sns:Publish',
      resource: topicArn,
      resourceAccount: aggregator,
      context: { 'aws:SourceArn': sourceArn, 'aws:SourceAccount': sourceAccount },
    });

    it('lets an alert rule of this stack publish', async () => {
      const rule = centralRuleArn(config, centralAlertRuleName(config, 'root-console-login'));
      expect(await resourcePolicyVerdict(policy, publish('events.amazonaws.com', rule, aggregator))).toBe('Allowed');
    });

    it('refuses a rule of another account, and a rule of this stack that is not an alert rule', async () => {
      expect(await resourcePolicyVerdict(policy, publish('events.amazonaws.com', `arn:aws:events:${region}:${outsider}:rule/spoof`, outsider))).toBe('Denied');
      expect(await resourcePolicyVerdict(policy, publish('events.amazonaws.com', centralRuleArn(config, signInLogRuleName(config)), aggregator))).toBe('Denied');
    });

    it("lets this account's alarms publish and refuses another account's alarm", async () => {
      expect(await resourcePolicyVerdict(policy, publish('cloudwatch.amazonaws.com', `arn:aws:cloudwatch:${region}:${aggregator}:alarm:any`, aggregator))).toBe('Allowed');
      expect(await resourcePolicyVerdict(policy, publish('cloudwatch.amazonaws.com', `arn:aws:cloudwatch:${region}:${outsider}:alarm:any`, outsider))).toBe('Denied');
    });
  });

  describe('dead-letter queue and log group policies', () => {
    it("admits only the queue's own rule to its dead-letter queue, and only over TLS", async () => {
      const ruleName = centralAlertRuleName(config, 'mfa-failure');
      const queue = findOne(json, 'aws_sqs_queue', (body) => body.name === centralRuleDlqName(ruleName));
      const policy = policyOf(findOne(json, 'aws_sqs_queue_policy', (body) => body.queue_url === ref(queue, 'url')).body.policy);
      const send = (sourceArn: string, secureTransport = 'true'): ResourcePolicyAsk => ({
        principal: 'events.amazonaws.com',
        action: 'sqs:SendMessage',
        resource: `arn:aws:sqs:${region}:${aggregator}:${centralRuleDlqName(ruleName)}`,
        resourceAccount: aggregator,
        context: { 'aws:SourceArn': sourceArn, 'aws:SourceAccount': aggregator, 'aws:SecureTransport': secureTransport },
      });
      expect(await resourcePolicyVerdict(policy, send(centralRuleArn(config, ruleName)))).toBe('Allowed');
      expect(await resourcePolicyVerdict(policy, send(centralRuleArn(config, centralAlertRuleName(config, 'root-console-login'))))).toBe('Denied');
      expect(await resourcePolicyVerdict(policy, send(centralRuleArn(config, ruleName), 'false'))).toBe('Denied');
    });

    it('lets only the log rules put events into the sign-in log group', async () => {
      const policy = policyOf(findOne(json, 'aws_cloudwatch_log_resource_policy').body.policy_document);
      const stream = `arn:aws:logs:${region}:${aggregator}:log-group:${signInLogGroupName(config)}:log-stream:abc`;
      const put = (sourceArn: string): ResourcePolicyAsk => ({
        principal: 'events.amazonaws.com',
        action: 'logs:PutLogEvents',
        resource: stream,
        resourceAccount: aggregator,
        context: { 'aws:SourceArn': sourceArn, 'aws:SourceAccount': aggregator },
      });
      expect(await resourcePolicyVerdict(policy, put(centralRuleArn(config, signInLogRuleName(config))))).toBe('Allowed');
      expect(await resourcePolicyVerdict(policy, put(centralRuleArn(config, heartbeatLogRuleName(config))))).toBe('Allowed');
      expect(await resourcePolicyVerdict(policy, put(`arn:aws:events:${region}:${aggregator}:rule/default/someone-elses-rule`))).toBe('Denied');
    });

    it('refuses log writes to a log group outside the two /aws/events/ groups', async () => {
      const policy = policyOf(findOne(json, 'aws_cloudwatch_log_resource_policy').body.policy_document);
      const ask: ResourcePolicyAsk = {
        principal: 'events.amazonaws.com',
        action: 'logs:CreateLogStream',
        resource: `arn:aws:logs:${region}:${aggregator}:log-group:/aws/events/other:log-stream:abc`,
        resourceAccount: aggregator,
      };
      expect(await resourcePolicyVerdict(policy, ask)).toBe('Denied');
    });
  });
});
