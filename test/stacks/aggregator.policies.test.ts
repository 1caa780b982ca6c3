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
  prefix,
  aggregatorAccount,
  alertEngineFailureQueueName,
  alertEngineLogGroupName,
  alertEngineName,
  alertTopicName,
  centralAlertRuleName,
  centralBusArn,
  centralRuleArn,
  centralRuleDlqName,
  destinationTopicName,
  findAccount,
  forwarderRoleName,
  heartbeatLogRuleName,
  signInLogGroupName,
  signInLogRuleName,
} from '../../config/names';
import { exampleConfig, policyOf, type StackJson } from '../support/synth';
import { decide, resourcePolicyVerdict, type ResourcePolicyAsk } from '../support/iam-simulation';
import { findAll, findOne, ref } from '../support/management-stack';
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

    it('refuses every EventBridge rule, even an alert rule of this stack: alerts reach SNS only through the engine', async () => {
      const rule = centralRuleArn(config, centralAlertRuleName(config, 'root-console-login'));
      expect(await resourcePolicyVerdict(policy, publish('events.amazonaws.com', rule, aggregator))).toBe('Denied');
      expect(await resourcePolicyVerdict(policy, publish('events.amazonaws.com', `arn:aws:events:${region}:${outsider}:rule/spoof`, outsider))).toBe('Denied');
    });

    it("lets this account's alarms publish and refuses another account's alarm", async () => {
      expect(await resourcePolicyVerdict(policy, publish('cloudwatch.amazonaws.com', `arn:aws:cloudwatch:${region}:${aggregator}:alarm:any`, aggregator))).toBe('Allowed');
      expect(await resourcePolicyVerdict(policy, publish('cloudwatch.amazonaws.com', `arn:aws:cloudwatch:${region}:${outsider}:alarm:any`, outsider))).toBe('Denied');
    });
  });

  describe('alert engine role and invoke permission', () => {
    let roleStatements: StackJson[];
    let functionArn: string;
    let destinationTopicArn: string;
    let topicKeyArn: string;
    const engineRole = () => `arn:aws:iam::${aggregator}:role/${alertEngineName(config)}`;
    beforeAll(() => {
      const role = findOne(json, 'aws_iam_role', (body) => body.name === alertEngineName(config));
      roleStatements = role.body.inline_policy.flatMap((inline: StackJson) => policyOf(inline.policy).Statement);
      functionArn = `arn:aws:lambda:${region}:${aggregator}:function:${alertEngineName(config)}`;
      destinationTopicArn = `arn:aws:sns:${region}:${aggregator}:${destinationTopicName(config, 'email:security-alerts@example.com')}`;
      topicKeyArn = `arn:aws:kms:${region}:${aggregator}:key/00000000-0000-0000-0000-000000000000`;
      // The synthesized key ARN is a reference; the simulation stands it in with a literal of the same shape.
      roleStatements = JSON.parse(JSON.stringify(roleStatements).replace(/\$\{aws_kms_key\.alerts-key[^}]*\}/g, topicKeyArn).replace(/\$\{aws_kms_key\.[^}]*\}/g, 'arn:aws:kms:x:1:key/other'));
    });
    // KMS needs the key policy too: the alerts key's own policy (account root administers it, so IAM grants count).
    const asEngine = (action: string, resource: string) =>
      decide({
        principal: engineRole(),
        action,
        resource,
        resourceAccount: aggregator,
        identityPolicies: [{ Version: '2012-10-17', Statement: roleStatements }],
        resourcePolicy: action.startsWith('kms:') ? policyOf(findOne(json, 'aws_kms_key', (body) => body.description.includes('alert topic')).body.policy) : undefined,
      });

    it('may publish to its destination topics and use their key', async () => {
      expect(await asEngine('sns:Publish', destinationTopicArn)).toBe('Allowed');
      expect(await asEngine('kms:GenerateDataKey', topicKeyArn)).toBe('Allowed');
      expect(await asEngine('kms:Decrypt', topicKeyArn)).toBe('Allowed');
    });

    it('may not publish to any other topic (not even the alert topic), nor subscribe, nor use the key to encrypt other data', async () => {
      expect(await asEngine('sns:Publish', `arn:aws:sns:${region}:${aggregator}:${alertTopicName(config)}`)).toBe('ImplicitlyDenied');
      expect(await asEngine('sns:Publish', `arn:aws:sns:${region}:${aggregator}:someone-elses-topic`)).toBe('ImplicitlyDenied');
      expect(await asEngine('sns:Subscribe', destinationTopicArn)).toBe('ImplicitlyDenied');
      expect(await asEngine('kms:Encrypt', topicKeyArn)).toBe('ImplicitlyDenied');
      expect(await asEngine('sqs:SendMessage', `arn:aws:sqs:${region}:${aggregator}:${centralRuleDlqName(signInLogRuleName(config))}`)).toBe('ImplicitlyDenied');
    });

    it('may send failed events to its failure queue and write its own log group only', async () => {
      expect(await asEngine('sqs:SendMessage', `arn:aws:sqs:${region}:${aggregator}:${alertEngineFailureQueueName(config)}`)).toBe('Allowed');
      expect(await asEngine('logs:PutLogEvents', `arn:aws:logs:${region}:${aggregator}:log-group:${alertEngineLogGroupName(config)}:log-stream:x`)).toBe('Allowed');
      expect(await asEngine('logs:PutLogEvents', `arn:aws:logs:${region}:${aggregator}:log-group:${signInLogGroupName(config)}:log-stream:x`)).toBe('ImplicitlyDenied');
    });

    it('lets EventBridge invoke the function only for the alert rules of this stack', async () => {
      // The resource policy Lambda builds from each aws_lambda_permission (AddPermission: principal, SourceArn, SourceAccount).
      const permissions = findAll(json, 'aws_lambda_permission');
      const resourcePolicy = {
        Version: '2012-10-17',
        Statement: permissions.map((permission) => ({
          Effect: 'Allow',
          Principal: { Service: permission.body.principal },
          Action: permission.body.action,
          Resource: functionArn,
          Condition: { ArnLike: { 'aws:SourceArn': permission.body.source_arn }, StringEquals: { 'aws:SourceAccount': permission.body.source_account } },
        })),
      };
      const invoke = (sourceArn: string, sourceAccount = aggregator): ResourcePolicyAsk => ({
        principal: 'events.amazonaws.com',
        action: 'lambda:InvokeFunction',
        resource: functionArn,
        resourceAccount: aggregator,
        context: { 'aws:SourceArn': sourceArn, 'aws:SourceAccount': sourceAccount },
      });
      expect(await resourcePolicyVerdict(resourcePolicy, invoke(centralRuleArn(config, centralAlertRuleName(config, 'root-console-login'))))).toBe('Allowed');
      expect(await resourcePolicyVerdict(resourcePolicy, invoke(centralRuleArn(config, `${prefix(config)}-alert-forwarder-alarms`)))).toBe('Denied');
      expect(await resourcePolicyVerdict(resourcePolicy, invoke(centralRuleArn(config, signInLogRuleName(config))))).toBe('Denied');
      expect(await resourcePolicyVerdict(resourcePolicy, invoke(`arn:aws:events:${region}:${outsider}:rule/spoof`, outsider))).toBe('Denied');
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
