/**
 * The aggregator stack of the example organization, checked against the
 * security checklist (items 7, 8, 10, 11, 12, 13, 16, 17, 18) with exact
 * values. Expected names and ARNs come from config/names.ts, patterns from
 * the detection catalogue, messages from detection/message.ts.
 */
import type { OrgConfig } from '../../config/schema';
import {
  healthCheckLogGroupName,
  healthCheckName,
  healthCheckSchedulerRoleName,
  aggregatorAccount,
  aggregatorMetricAlarmName,
  alertEngineLogGroupName,
  alertEngineName,
  digestFunctionName,
  digestLogGroupName,
  aggregatorMetricNamespace,
  alertTopicName,
  centralAlertRuleName,
  centralBusArn,
  centralBusName,
  centralRuleArn,
  centralRuleDlqArnPattern,
  centralRuleDlqName,
  dashboardName,
  deploymentRoleArn,
  eventsLogResourcePolicyName,
  forwarderRoleArnPattern,
  heartbeatLogGroupName,
  heartbeatLogRuleName,
  kmsAliasName,
  signInLogGroupName,
  signInLogRuleName,
  partSuffix,
  pipelineLogRuleName,
  rulePartName,
} from '../../config/names';
import {
  alertKindsFor,
  forwardedSourcesFor,
  burstFilterFor,
  heartbeatPattern,
  centralLogPattern,
  pipelineLogPatternsFor,
  pipelineDeployChangeFilters,
  pipelineNamesFor,
  principalBurstSpecFor,
} from '../../detection/catalogue';
import { engineInput } from '../../stacks/constructs/alert-engine';
import type { AlertKind } from '../../detection/types';
import { exampleConfig, policyOf, resourcesOfType, type StackJson } from '../support/synth';
import { findAll, findOne, keyByAlias, ref, type Found } from '../support/management-stack';
import { synthAggregator } from '../support/aggregator-stack';

type Statement = { Sid: string; Effect: string; Principal?: unknown; Action: string | string[]; Resource?: string | string[]; Condition?: Record<string, Record<string, unknown>> };

const statementsOf = (document: string): Statement[] => policyOf(document).Statement;
const asList = (value: string | string[] | undefined): string[] => (value === undefined ? [] : Array.isArray(value) ? value : [value]);

/** Every policy document of a stack (IAM, key, topic, queue, bus, log resource policies). */
function allPolicyDocuments(json: StackJson): { where: string; statements: Statement[] }[] {
  const found: { where: string; statements: Statement[] }[] = [];
  for (const [type, byName] of Object.entries(json.resource ?? {})) {
    for (const [name, body] of Object.entries(byName as Record<string, StackJson>)) {
      for (const key of ['policy', 'policy_document', 'assume_role_policy']) {
        if (typeof body[key] === 'string' && body[key].startsWith('{')) found.push({ where: `${type}.${name}.${key}`, statements: statementsOf(body[key]) });
      }
      for (const inline of body.inline_policy ?? []) found.push({ where: `${type}.${name}.inline_policy`, statements: statementsOf(inline.policy) });
    }
  }
  return found;
}

describe('aggregator stack, example organization', () => {
  let config: OrgConfig;
  let json: StackJson;
  let accountId: string;
  let region: string;
  let kinds: AlertKind[];
  let topic: Found;
  let engineFunction: Found;
  let topicKey: Found;
  let logsKey: Found;
  let queueKey: Found;
  let bus: Found;

  const ruleNamed = (name: string): Found => findOne(json, 'aws_cloudwatch_event_rule', (body) => body.name === name);
  const targetOf = (rule: Found): Found => findOne(json, 'aws_cloudwatch_event_target', (body) => body.rule === ref(rule, 'name'));
  const queueNamed = (name: string): Found => findOne(json, 'aws_sqs_queue', (body) => body.name === name);
  const logGroupNamed = (name: string): Found => findOne(json, 'aws_cloudwatch_log_group', (body) => body.name === name);
  const alarmNamed = (name: string): Found => findOne(json, 'aws_cloudwatch_metric_alarm', (body) => body.alarm_name === name);
  /** The rules of one kind: one per catalogue pattern part, `<name>`, `<name>-2`, … */
  const kindRuleNamesOf = (kind: AlertKind): string[] => kind.eventPatterns.map((_pattern, index) => rulePartName(centralAlertRuleName(config, kind.id), index));
  /** The pipeline log rules: one per part of the catalogue's pipeline log pattern. */
  const pipelineLogRuleNamesOf = (): string[] =>
    pipelineLogPatternsFor(config, aggregatorKeyArns()).map((_pattern, index) => rulePartName(pipelineLogRuleName(config), index));
  const allRuleNames = (): string[] => [
    ...kinds.flatMap(kindRuleNamesOf),
    signInLogRuleName(config),
    ...pipelineLogRuleNamesOf(),
    heartbeatLogRuleName(config),
  ];

  /** References to the stack's four keys, in the order the stack passes them (alerts, event logs, dead letters, alert state). */
  const aggregatorKeyArns = () => ['alerts', 'event-logs', 'dead-letters', 'alert-state'].map((purpose) => ref(keyByAlias(json, kmsAliasName(config, purpose)), 'arn'));

  beforeAll(() => {
    // GIVEN the example organization WHEN the aggregator stack is synthesized
    config = exampleConfig();
    json = synthAggregator(config);
    accountId = aggregatorAccount(config).id;
    region = config.aggregator.region;
    // pipeline-tampering recognizes the stack's own keys by ARN: the catalogue built with the stack's key references.
    kinds = alertKindsFor(config, aggregatorKeyArns());
    topic = findOne(json, 'aws_sns_topic', (body) => body.name === alertTopicName(config));
    engineFunction = findOne(json, 'aws_lambda_function', (body) => body.function_name === alertEngineName(config));
    topicKey = keyByAlias(json, kmsAliasName(config, 'alerts'));
    logsKey = keyByAlias(json, kmsAliasName(config, 'event-logs'));
    queueKey = keyByAlias(json, kmsAliasName(config, 'dead-letters'));
    bus = findOne(json, 'aws_cloudwatch_event_bus');
  });

  it('uses one provider: the aggregator deployment role, only the aggregator account, in the aggregator region', () => {
    expect(json.provider.aws).toHaveLength(1);
    const [provider] = json.provider.aws;
    expect(provider.region).toBe(region);
    expect(provider.allowed_account_ids).toEqual([accountId]);
    expect(provider.assume_role[0].role_arn).toBe(deploymentRoleArn(config, aggregatorAccount(config)));
    expect(provider.default_tags[0].tags.ManagedBy).toBe('signin-watch');
  });

  describe('central bus (item 13)', () => {
    it('is a custom bus with the configured name', () => {
      expect(bus.body.name).toBe(centralBusName(config));
    });

    it("admits only events:PutEvents on this bus, only from the configured organization's forwarder roles", () => {
      const policy = findOne(json, 'aws_cloudwatch_event_bus_policy');
      expect(policy.body.event_bus_name).toBe(ref(bus, 'name'));
      expect(statementsOf(policy.body.policy)).toEqual([
        {
          Sid: 'OrganizationMembersPutEvents',
          Effect: 'Allow',
          Principal: '*',
          Action: 'events:PutEvents',
          Resource: centralBusArn(config),
          Condition: {
            StringEquals: { 'aws:PrincipalOrgID': config.organization.id },
            ArnLike: { 'aws:PrincipalArn': forwarderRoleArnPattern(config) },
            'ForAllValues:StringEquals': { 'events:source': forwardedSourcesFor(config) },
          },
        },
      ]);
    });
  });

  describe('alert rules: one readable message per event (item 16)', () => {
    it('has exactly one rule per catalogue pattern part of each enabled alert kind (`<name>`, `<name>-2`, …), plus the forwarded-alarm, sign-in, pipeline log parts and heartbeat log rules, all on the central bus', () => {
      // The example organization's pipeline calls do not fit one pattern: the split is what is tested here.
      expect(kinds.find((kind) => kind.id === 'pipeline-tampering')!.eventPatterns.length).toBeGreaterThan(1);
      expect(pipelineLogPatternsFor(config, aggregatorKeyArns()).length).toBeGreaterThan(1);
      const rules = findAll(json, 'aws_cloudwatch_event_rule');
      expect(rules.map((rule) => rule.body.name).sort()).toEqual(allRuleNames().sort());
      for (const rule of rules) {
        expect(rule.body.event_bus_name).toBe(ref(bus, 'name'));
        expect(rule.body.name.length).toBeLessThanOrEqual(64);
      }
    });

    it("matches each kind with the catalogue's event patterns, exactly, one part per rule", () => {
      for (const kind of kinds) {
        const names = kindRuleNamesOf(kind);
        expect(names.map((name) => JSON.parse(ruleNamed(name).body.event_pattern))).toEqual(kind.eventPatterns);
        // Offline evaluation (classify) uses the union of the parts; a single-part kind's union is its pattern.
        if (names.length === 1) expect(kind.eventPattern).toEqual(kind.eventPatterns[0]);
        else expect(kind.eventPattern).toEqual({ $or: kind.eventPatterns });
      }
    });

    it('sends each kind (every part) to the alert engine as {kind, event}, with no role, with a retry policy', () => {
      for (const kind of kinds) for (const name of kindRuleNamesOf(kind)) {
        const target = targetOf(ruleNamed(name));
        const template = engineInput(kind.id);
        expect(target.body.arn).toBe(ref(engineFunction, 'arn'));
        expect(target.body.event_bus_name).toBe(ref(bus, 'name'));
        expect(target.body.input_transformer).toEqual({ input_paths: template.inputPaths, input_template: template.inputTemplate });
        expect(JSON.parse(template.inputTemplate.replace('<aws.events.event.json>', '{}'))).toEqual({ kind: kind.id, event: {} });
        expect(target.body.role_arn).toBeUndefined();
        expect(target.body.retry_policy).toEqual({ maximum_event_age_in_seconds: 86400, maximum_retry_attempts: 185 });
      }
    });

    it("gives every central rule's target its own CMK-encrypted dead-letter queue that admits only that rule, and only over TLS", () => {
      const queueNamePattern = new RegExp(`^${centralRuleDlqArnPattern(config).replace(/[.]/g, '\\.').replace('*', '.*')}$`);
      for (const ruleName of allRuleNames()) {
        const queue = queueNamed(centralRuleDlqName(ruleName));
        const queueArn = `arn:aws:sqs:${region}:${accountId}:${centralRuleDlqName(ruleName)}`;
        // The queue key admits EventBridge for exactly the queues its pattern covers.
        expect(queueArn).toMatch(queueNamePattern);
        expect(targetOf(ruleNamed(ruleName)).body.dead_letter_config).toEqual({ arn: queueArn });
        expect(queue.body.kms_master_key_id).toBe(ref(queueKey, 'arn'));
        expect(queue.body.fifo_queue).toBeUndefined();
        const policy = findOne(json, 'aws_sqs_queue_policy', (body) => body.queue_url === ref(queue, 'url'));
        expect(statementsOf(policy.body.policy)).toEqual([
          {
            Sid: 'RuleSendsFailedEvents',
            Effect: 'Allow',
            Principal: { Service: 'events.amazonaws.com' },
            Action: 'sqs:SendMessage',
            Resource: queueArn,
            Condition: { ArnEquals: { 'aws:SourceArn': centralRuleArn(config, ruleName) } },
          },
          {
            Sid: 'DenyInsecureTransport',
            Effect: 'Deny',
            Principal: '*',
            Action: 'sqs:*',
            Resource: queueArn,
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          },
        ]);
      }
      // Plus the engine's on-failure queue, the health check's queue and the digest's on-failure queue.
      expect(findAll(json, 'aws_sqs_queue')).toHaveLength(allRuleNames().length + 3);
    });
  });

  describe('alert topic (items 11, 12)', () => {
    it('is encrypted with the customer-managed alerts key', () => {
      expect(topic.body.name).toBe(alertTopicName(config));
      expect(topic.body.kms_master_key_id).toBe(ref(topicKey, 'arn'));
    });

    it("lets only CloudWatch (this account's alarms) use the key as a service: no EventBridge rule publishes to SNS", () => {
      const grants = statementsOf(topicKey.body.policy).filter((statement) => statement.Sid !== 'AccountRootAdministersKey');
      expect(grants).toEqual([
        {
          Sid: 'CloudWatchAlarmsUseKey',
          Effect: 'Allow',
          Principal: { Service: 'cloudwatch.amazonaws.com' },
          Action: ['kms:GenerateDataKey*', 'kms:Decrypt'],
          Resource: '*',
          Condition: {
            StringEquals: { 'aws:SourceAccount': accountId },
            ArnLike: { 'aws:SourceArn': `arn:aws:cloudwatch:${region}:${accountId}:alarm:*` },
          },
        },
      ]);
    });

    it("admits sns:Publish only from this account's alarms", () => {
      const policy = findOne(json, 'aws_sns_topic_policy', (body) => body.arn === ref(topic, 'arn'));
      const topicArn = `arn:aws:sns:${region}:${accountId}:${alertTopicName(config)}`;
      expect(policy.body.arn).toBe(ref(topic, 'arn'));
      expect(statementsOf(policy.body.policy)).toEqual([
        {
          Sid: 'CloudWatchAlarmsOfThisAccountPublish',
          Effect: 'Allow',
          Principal: { Service: 'cloudwatch.amazonaws.com' },
          Action: 'sns:Publish',
          Resource: topicArn,
          Condition: {
            ArnLike: { 'aws:SourceArn': `arn:aws:cloudwatch:${region}:${accountId}:alarm:*` },
            StringEquals: { 'aws:SourceAccount': accountId },
          },
        },
      ]);
    });

    it('subscribes exactly the configured email addresses', () => {
      const subscriptions = findAll(json, 'aws_sns_topic_subscription', (body) => body.topic_arn === ref(topic, 'arn'));
      expect(subscriptions.map((subscription) => subscription.body.endpoint).sort()).toEqual([...config.notifications.emails].sort());
      for (const subscription of subscriptions) {
        expect(subscription.body.protocol).toBe('email');
        expect(subscription.body.topic_arn).toBe(ref(topic, 'arn'));
      }
    });

    it('creates no Slack channel when the config has none', () => {
      expect(resourcesOfType(json, 'aws_chatbot_slack_channel_configuration')).toEqual({});
      expect(findAll(json, 'aws_iam_role').map((role) => role.body.name)).toEqual([alertEngineName(config), digestFunctionName(config), `${digestFunctionName(config)}-schedule`, healthCheckName(config), healthCheckSchedulerRoleName(config)]);
    });
  });

  describe('sign-in and heartbeat log groups (items 8, 16)', () => {
    it('keeps every forwarded sign-in and every heartbeat, each by its rule with the catalogue pattern', () => {
      const signInRule = ruleNamed(signInLogRuleName(config));
      const heartbeatRule = ruleNamed(heartbeatLogRuleName(config));
      expect(JSON.parse(signInRule.body.event_pattern)).toEqual(centralLogPattern());
      // The calls on the product's own resources (and its keys, by reference) have log rules of their own, one per pattern part.
      const pipelineRules = pipelineLogRuleNamesOf().map(ruleNamed);
      expect(pipelineRules.map((rule) => JSON.parse(rule.body.event_pattern))).toEqual(pipelineLogPatternsFor(config, aggregatorKeyArns()));
      for (const pipelineRule of pipelineRules) expect(targetOf(pipelineRule).body.arn).toBe(ref(logGroupNamed(signInLogGroupName(config)), 'arn'));
      expect(JSON.parse(heartbeatRule.body.event_pattern)).toEqual(heartbeatPattern());
      const signInLog = logGroupNamed(signInLogGroupName(config));
      const heartbeatLog = logGroupNamed(heartbeatLogGroupName(config));
      expect(targetOf(signInRule).body.arn).toBe(ref(signInLog, 'arn'));
      expect(targetOf(heartbeatRule).body.arn).toBe(ref(heartbeatLog, 'arn'));
      for (const rule of [signInRule, heartbeatRule]) {
        expect(targetOf(rule).body.role_arn).toBeUndefined();
        expect(targetOf(rule).body.input_transformer).toBeUndefined();
      }
    });

    it('has the two /aws/events/ log groups and the engine log group, with the configured retention and the logs CMK', () => {
      // The digest function's log group has a key of its own (test/stacks/aggregator.digest.test.ts).
      const groups = findAll(json, 'aws_cloudwatch_log_group', (body) => body.name !== digestLogGroupName(config));
      expect(groups.map((group) => group.body.name).sort()).toEqual([heartbeatLogGroupName(config), signInLogGroupName(config), alertEngineLogGroupName(config), healthCheckLogGroupName(config)].sort());
      for (const group of groups) {
        expect(group.body.retention_in_days).toBe(config.aggregator.logRetentionDays);
        expect(group.body.retention_in_days).toBeGreaterThanOrEqual(365);
        expect(group.body.kms_key_id).toBe(ref(logsKey, 'arn'));
      }
    });

    it('admits CloudWatch Logs of this region to the logs key, only for these two log groups', () => {
      const grants = statementsOf(logsKey.body.policy).filter((statement) => statement.Sid !== 'AccountRootAdministersKey');
      expect(grants).toEqual([
        {
          Sid: 'CloudWatchLogsEncryptsTheseLogGroups',
          Effect: 'Allow',
          Principal: { Service: `logs.${region}.amazonaws.com` },
          Action: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
          Resource: '*',
          Condition: {
            ArnLike: {
              'kms:EncryptionContext:aws:logs:arn': [
                `arn:aws:logs:${region}:${accountId}:log-group:${signInLogGroupName(config)}`,
                `arn:aws:logs:${region}:${accountId}:log-group:${heartbeatLogGroupName(config)}`,
                `arn:aws:logs:${region}:${accountId}:log-group:${alertEngineLogGroupName(config)}`,
                `arn:aws:logs:${region}:${accountId}:log-group:${healthCheckLogGroupName(config)}`,
              ],
            },
          },
        },
      ]);
    });

    it('has ONE log resource policy: EventBridge may write to these two log groups only, PutLogEvents only for the log rules (sign-ins, every pipeline-call part, heartbeats)', () => {
      const policy = findOne(json, 'aws_cloudwatch_log_resource_policy');
      expect(policy.body.policy_name).toBe(eventsLogResourcePolicyName(config));
      const streams = [signInLogGroupName(config), heartbeatLogGroupName(config)].map((name) => `arn:aws:logs:${region}:${accountId}:log-group:${name}:*`);
      const principals = { Service: ['events.amazonaws.com', 'delivery.logs.amazonaws.com'] };
      expect(statementsOf(policy.body.policy_document)).toEqual([
        { Sid: 'EventBridgeCreatesLogStreams', Effect: 'Allow', Principal: principals, Action: 'logs:CreateLogStream', Resource: streams },
        {
          Sid: 'EventBridgeRulesPutLogEvents',
          Effect: 'Allow',
          Principal: principals,
          Action: 'logs:PutLogEvents',
          Resource: streams,
          Condition: { ArnEquals: { 'aws:SourceArn': [signInLogRuleName(config), ...pipelineLogRuleNamesOf(), heartbeatLogRuleName(config)].map((name) => centralRuleArn(config, name)) } },
        },
      ]);
    });
  });

  describe('metrics on the sign-in log', () => {
    it("has one metric filter per enabled kind with the catalogue's envelope pattern, filter name = metric name", () => {
      const signInLog = logGroupNamed(signInLogGroupName(config));
      // A kind deployed as several filters (pipeline-tampering) has one filter and metric per part: <metric>, <metric>-2, ...
      for (const kind of kinds) {
        kind.envelopeMetricFilters.forEach((pattern, index) => {
          const name = `${kind.metricName}${partSuffix(index)}`;
          const filter = findOne(json, 'aws_cloudwatch_log_metric_filter', (body) => body.name === name);
          expect(filter.body.log_group_name).toBe(ref(signInLog, 'name'));
          expect(filter.body.pattern).toBe(pattern);
          expect(filter.body.metric_transformation).toEqual({ name, namespace: aggregatorMetricNamespace(config), value: '1', default_value: '0' });
        });
      }
      expect(kinds.find((kind) => kind.id === 'pipeline-tampering')!.envelopeMetricFilters.length).toBeGreaterThan(1);
    });

    it('raises the burst alarm at the configured number of failed sign-ins per 5 minutes (item 10)', () => {
      const burst = burstFilterFor(config);
      const filter = findOne(json, 'aws_cloudwatch_log_metric_filter', (body) => body.name === burst.metricName);
      expect(filter.body.pattern).toBe(burst.pattern);
      expect(filter.body.log_group_name).toBe(ref(logGroupNamed(signInLogGroupName(config)), 'name'));
      const alarm = alarmNamed(aggregatorMetricAlarmName(config, burst.metricName));
      expect(alarm.body).toMatchObject({
        metric_name: burst.metricName,
        namespace: aggregatorMetricNamespace(config),
        statistic: 'Sum',
        period: 300,
        threshold: config.alerts.failedSignInBurst,
        comparison_operator: 'GreaterThanOrEqualToThreshold',
        treat_missing_data: 'notBreaching',
      });
    });

    it('counts failed sign-ins per principal with the dimensions its Metrics Insights alarm groups by, and alarms at the configured threshold (issue 11)', () => {
      const spec = principalBurstSpecFor(config);
      const namespace = aggregatorMetricNamespace(config);
      expect(spec.filters.length).toBeGreaterThan(0);
      for (const entry of spec.filters) {
        const filter = findOne(json, 'aws_cloudwatch_log_metric_filter', (body) => body.name === entry.metricName);
        expect(filter.body.log_group_name).toBe(ref(logGroupNamed(signInLogGroupName(config)), 'name'));
        expect(filter.body.pattern).toBe(entry.pattern);
        // Exactly the dimensions the query's SCHEMA and GROUP BY name; no default value (not allowed with dimensions).
        expect(filter.body.metric_transformation).toEqual({ name: entry.metricName, namespace, value: '1', dimensions: entry.dimensions });
        expect(Object.keys(entry.dimensions).sort()).toEqual([...spec.groupBy].sort());
        const alarm = alarmNamed(aggregatorMetricAlarmName(config, entry.metricName));
        expect(alarm.body).toMatchObject({
          threshold: config.alerts.failedSignInsPerPrincipal,
          comparison_operator: 'GreaterThanOrEqualToThreshold',
          evaluation_periods: 1,
          treat_missing_data: 'notBreaching',
        });
        expect(alarm.body.metric_query).toEqual([
          expect.objectContaining({ id: expect.any(String), expression: spec.query(namespace, entry.metricName), period: 300, return_data: true }),
        ]);
      }
    });
  });

  describe('heartbeats: a silent forwarder is an alert (through the health check)', () => {
    it('has no metric filter on the heartbeat log group and no per-shard alarm', () => {
      expect(findAll(json, 'aws_cloudwatch_log_metric_filter', (body) => body.log_group_name === ref(logGroupNamed(heartbeatLogGroupName(config)), 'name'))).toEqual([]);
      expect(findAll(json, 'aws_cloudwatch_metric_alarm', (body) => JSON.stringify(body.dimensions ?? {}).includes('Shard'))).toEqual([]);
    });
  });

  describe('a broken pipeline is an alert (item 17)', () => {
    it('alarms on FailedInvocations, InvocationsSentToDlq and InvocationsFailedToBeSentToDlq of every central rule', () => {
      for (const ruleName of allRuleNames()) {
        for (const metric of ['FailedInvocations', 'InvocationsSentToDlq', 'InvocationsFailedToBeSentToDlq']) {
          const alarms = findAll(
            json,
            'aws_cloudwatch_metric_alarm',
            (body) => body.namespace === 'AWS/Events' && body.metric_name === metric && body.dimensions?.RuleName === ruleName,
          );
          expect(alarms).toHaveLength(1);
          expect(alarms[0].body).toMatchObject({
            dimensions: { EventBusName: centralBusName(config), RuleName: ruleName },
            statistic: 'Sum',
            period: 300,
            threshold: 1,
            comparison_operator: 'GreaterThanOrEqualToThreshold',
            treat_missing_data: 'notBreaching',
          });
        }
      }
    });

    it("alarms as soon as any dead-letter queue holds a message", () => {
      for (const ruleName of allRuleNames()) {
        const alarms = findAll(json, 'aws_cloudwatch_metric_alarm', (body) => body.namespace === 'AWS/SQS' && body.dimensions?.QueueName === centralRuleDlqName(ruleName));
        expect(alarms).toHaveLength(1);
        expect(alarms[0].body).toMatchObject({
          metric_name: 'ApproximateNumberOfMessagesVisible',
          statistic: 'Maximum',
          threshold: 1,
          comparison_operator: 'GreaterThanOrEqualToThreshold',
        });
      }
    });
  });

  it('sends every alarm, enabled, to the alert topic of this stack (item 10)', () => {
    const alarms = findAll(json, 'aws_cloudwatch_metric_alarm');
    // 4 per central rule, 1 burst, 1 per per-principal metric, 3 on the health check, 4 on the alert engine, 1 per filter of the grouped deploy-session count, 2 on the digest function
    const deployChange = pipelineDeployChangeFilters(pipelineNamesFor(config)).envelope.length;
    expect(alarms).toHaveLength(allRuleNames().length * 4 + 1 + principalBurstSpecFor(config).filters.length + 3 + 4 + deployChange + 2);
    for (const alarm of alarms) {
      expect(alarm.body.actions_enabled).toBe(true);
      expect(alarm.body.alarm_actions).toEqual([ref(topic, 'arn')]);
      // Every alarm compares with 1 (count alarms >= 1, the health check's not-running alarm < 1).
      expect(alarm.body.threshold).toBeGreaterThanOrEqual(1);
    }
  });

  it('rotates every KMS key and gives each an explicit policy with no unconditioned wildcard principal (item 7)', () => {
    const keys = findAll(json, 'aws_kms_key');
    // alerts, event-logs, dead-letters, the alert engine's state table and the digest's log group (issue 19).
    expect(keys).toHaveLength(5);
    for (const key of keys) {
      expect(key.body.enable_key_rotation).toBe(true);
      const statements = statementsOf(key.body.policy);
      expect(statements[0]).toEqual({
        Sid: 'AccountRootAdministersKey',
        Effect: 'Allow',
        Principal: { AWS: `arn:aws:iam::${accountId}:root` },
        Action: 'kms:*',
        Resource: '*',
      });
      for (const statement of statements.slice(1)) {
        expect(statement.Principal).toEqual({ Service: expect.any(String) });
        expect(Object.keys(statement.Condition ?? {}).length).toBeGreaterThan(0);
      }
    }
    expect(statementsOf(queueKey.body.policy).slice(1)).toEqual([
      {
        Sid: 'EventBridgeSendsToTheseQueues',
        Effect: 'Allow',
        Principal: { Service: 'events.amazonaws.com' },
        Action: ['kms:GenerateDataKey*', 'kms:Decrypt'],
        Resource: '*',
        Condition: { StringLike: { 'kms:EncryptionContext:aws:sqs:arn': centralRuleDlqArnPattern(config) } },
      },
    ]);
  });

  it('has no IAM statement with Action "*", and no Allow to "*" without a condition (item 18)', () => {
    for (const { where, statements } of allPolicyDocuments(json)) {
      for (const statement of statements) {
        expect({ where, actions: asList(statement.Action).filter((action) => action === '*') }).toEqual({ where, actions: [] });
        if (statement.Principal === '*' || (statement.Principal as { AWS?: string })?.AWS === '*') {
          expect({ where, condition: statement.Condition }).toEqual({ where, condition: expect.any(Object) });
        }
      }
    }
  });

  it('has a dashboard of the alert metrics, the burst metric, heartbeats per shard of accounts and rule failures', () => {
    const dashboard = findOne(json, 'aws_cloudwatch_dashboard');
    expect(dashboard.body.dashboard_name).toBe(dashboardName(config));
    const body = JSON.parse(dashboard.body.dashboard_body);
    const text = JSON.stringify(body);
    for (const kind of kinds) expect(text).toContain(`"${kind.metricName}"`);
    expect(text).toContain(`"${burstFilterFor(config).metricName}"`);
    expect(text).toContain('"Invocations"');
    for (const ruleName of allRuleNames()) expect(text).toContain(`"${ruleName}"`);
    // No account id: the dashboard does not change when accounts are added.
    for (const account of config.accounts) expect(text).not.toContain(account.id);
  });
});
