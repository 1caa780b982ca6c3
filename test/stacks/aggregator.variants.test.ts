/**
 * The aggregator stack under config changes: what a change adds, removes or
 * alters, and that nothing else moves (so a plan stays small and readable).
 */
import type { OrgConfig } from '../../config/schema';
import {
  aggregatorAccount,
  alertTopicName,
  centralAlertRuleName,
  centralRuleArn,
  chatAlertTopicName,
  chatbotConfigurationName,
  chatbotRoleName,
  forwardedAlarmRuleName,
  heartbeatShardAlarmName,
  heartbeatLogGroupName,
  kmsAliasName,
  signInLogGroupName,
} from '../../config/names';
import { alertKind, alertKindsFor, burstFilterFor, heartbeatShard } from '../../detection/catalogue';
import { FORWARDED_ALARM_MESSAGE } from '../../detection/message';
import { chatbotMessageTemplate } from '../../stacks/constructs/chatbot-message';
import { CHATBOT_GUARDRAIL_POLICY_ARN } from '../../stacks/constructs/slack-channel';
import { exampleConfig, policyOf, type StackJson } from '../support/synth';
import { findAll, findOne, keyByAlias, ref } from '../support/management-stack';
import { allResources, synthAggregator } from '../support/aggregator-stack';
import { resourcePolicyVerdict } from '../support/iam-simulation';

interface Diff {
  added: string[];
  removed: string[];
  changed: string[];
}

function diff(before: StackJson, after: StackJson): Diff {
  const a = allResources(before);
  const b = allResources(after);
  return {
    added: [...b.keys()].filter((address) => !a.has(address)).sort(),
    removed: [...a.keys()].filter((address) => !b.has(address)).sort(),
    changed: [...a.keys()].filter((address) => b.has(address) && JSON.stringify(a.get(address)) !== JSON.stringify(b.get(address))).sort(),
  };
}

describe('aggregator stack variants', () => {
  let base: OrgConfig;
  let baseJson: StackJson;

  beforeAll(() => {
    base = exampleConfig();
    baseJson = synthAggregator(base);
  });

  describe('GIVEN mfa-failure is disabled in config', () => {
    let json: StackJson;
    let changes: Diff;

    beforeAll(() => {
      const config = exampleConfig();
      config.alerts.enabled['mfa-failure'] = false;
      json = synthAggregator(config);
      changes = diff(baseJson, json);
    });

    it('removes exactly its rule, target, dead-letter queue (with policy and alarms) and metric filter, and adds nothing', () => {
      const kind = alertKind('mfa-failure');
      const ruleName = centralAlertRuleName(base, kind.id);
      expect(changes.added).toEqual([]);
      const removedTypes = changes.removed.map((address) => address.split('.')[0]).sort();
      expect(removedTypes).toEqual(
        [
          'aws_cloudwatch_event_rule',
          'aws_cloudwatch_event_target',
          'aws_sqs_queue',
          'aws_sqs_queue_policy',
          'aws_cloudwatch_metric_alarm',
          'aws_cloudwatch_metric_alarm',
          'aws_cloudwatch_metric_alarm',
          'aws_cloudwatch_metric_alarm',
          'aws_cloudwatch_log_metric_filter',
        ].sort(),
      );
      expect(findAll(json, 'aws_cloudwatch_event_rule', (body) => body.name === ruleName)).toEqual([]);
      expect(findAll(json, 'aws_cloudwatch_log_metric_filter', (body) => body.name === kind.metricName)).toEqual([]);
      expect(findAll(json, 'aws_cloudwatch_metric_alarm', (body) => body.dimensions?.RuleName === ruleName)).toEqual([]);
    });

    it("changes only the topic policy (the rule's ARN leaves it) and the dashboard", () => {
      expect(changes.changed.map((address) => address.split('.')[0]).sort()).toEqual(['aws_cloudwatch_dashboard', 'aws_sns_topic_policy']);
      const policy = policyOf(findOne(json, 'aws_sns_topic_policy').body.policy);
      const eventBridge = policy.Statement.find((statement: { Sid: string }) => statement.Sid === 'EventBridgeRulesOfThisStackPublish');
      expect(eventBridge.Condition.ArnEquals['aws:SourceArn']).not.toContain(centralRuleArn(base, centralAlertRuleName(base, 'mfa-failure')));
      // The remaining kinds' rules and the forwarded-alarm rule.
      expect(eventBridge.Condition.ArnEquals['aws:SourceArn']).toHaveLength(alertKindsFor(base).filter((kind) => kind.id !== 'mfa-failure').length + 1);
      expect(eventBridge.Condition.ArnEquals['aws:SourceArn']).toContain(centralRuleArn(base, forwardedAlarmRuleName(base)));
    });
  });

  describe('GIVEN a new account is added to the config', () => {
    let changes: Diff;
    let json: StackJson;

    beforeAll(() => {
      const config = exampleConfig();
      config.accounts.push({ name: 'sandbox', id: '111111111143', optInRegions: ['eu-south-1'], tags: {} }); // same shard as management (7)
      json = synthAggregator(config);
      changes = diff(baseJson, json);
    });

    it("changes exactly one resource, the heartbeat alarm of that account's shard, whose threshold counts one more account", () => {
      const shard = heartbeatShard('111111111143');
      const before = findOne(baseJson, 'aws_cloudwatch_metric_alarm', (body) => body.alarm_name === heartbeatShardAlarmName(base, shard));
      const alarm = findOne(json, 'aws_cloudwatch_metric_alarm', (body) => body.alarm_name === heartbeatShardAlarmName(base, shard));
      expect(changes.removed).toEqual([]);
      expect(changes.added).toEqual([]);
      expect(changes.changed).toEqual([alarm.address]);
      expect(alarm.body.threshold).toBe(Number((before.body.threshold + 1).toFixed(3)));
      expect(alarm.body.dimensions).toEqual({ Shard: String(shard) });
      expect(alarm.body.alarm_description).toContain('sandbox');
    });
  });

  describe('GIVEN a Slack channel in config', () => {
    let json: StackJson;
    let config: OrgConfig;

    beforeAll(() => {
      config = exampleConfig();
      config.notifications.slack = { workspaceId: 'T01ABCDEFGH', channelId: 'C01ABCDEFGH' };
      json = synthAggregator(config);
    });

    it('subscribes an AWS Chatbot Slack channel to both alert topics, with a read-only guardrail and user authorization', () => {
      const channel = findOne(json, 'aws_chatbot_slack_channel_configuration');
      const role = findOne(json, 'aws_iam_role');
      const topic = findOne(json, 'aws_sns_topic', (body) => body.name === alertTopicName(config));
      const chatTopic = findOne(json, 'aws_sns_topic', (body) => body.name === chatAlertTopicName(config));
      expect(channel.body).toMatchObject({
        configuration_name: chatbotConfigurationName(config),
        slack_team_id: 'T01ABCDEFGH',
        slack_channel_id: 'C01ABCDEFGH',
        sns_topic_arns: [ref(topic, 'arn'), ref(chatTopic, 'arn')],
        iam_role_arn: ref(role, 'arn'),
        guardrail_policy_arns: [CHATBOT_GUARDRAIL_POLICY_ARN],
        user_authorization_required: true,
      });
    });

    it("sends every alert kind also to the chat topic, in AWS Chatbot's format, through the rule's own dead-letter queue", () => {
      const chatTopic = findOne(json, 'aws_sns_topic', (body) => body.name === chatAlertTopicName(config));
      expect(chatTopic.body.kms_master_key_id).toBe(ref(keyByAlias(json, kmsAliasName(config, 'alerts')), 'arn'));
      for (const kind of alertKindsFor(config)) {
        const rule = findOne(json, 'aws_cloudwatch_event_rule', (body) => body.name === centralAlertRuleName(config, kind.id));
        const targets = findAll(json, 'aws_cloudwatch_event_target', (body) => body.rule === ref(rule, 'name'));
        expect(targets.map((target) => target.body.target_id).sort()).toEqual(['alert-topic', 'chat-topic']);
        const chat = targets.find((target) => target.body.target_id === 'chat-topic')!;
        const template = chatbotMessageTemplate(kind);
        expect(chat.body.arn).toBe(ref(chatTopic, 'arn'));
        expect(chat.body.input_transformer).toEqual({ input_paths: template.inputPaths, input_template: template.inputTemplate });
        expect(chat.body.dead_letter_config).toEqual(targets.find((target) => target.body.target_id === 'alert-topic')!.body.dead_letter_config);
        expect(chat.body.role_arn).toBeUndefined();
      }
    });

    it('sends forwarded forwarder alarms also to the chat topic, in the same format', () => {
      const chatTopic = findOne(json, 'aws_sns_topic', (body) => body.name === chatAlertTopicName(config));
      const rule = findOne(json, 'aws_cloudwatch_event_rule', (body) => body.name === forwardedAlarmRuleName(config));
      const chat = findOne(json, 'aws_cloudwatch_event_target', (body) => body.rule === ref(rule, 'name') && body.target_id === 'chat-topic');
      const template = chatbotMessageTemplate(FORWARDED_ALARM_MESSAGE);
      expect(chat.body.arn).toBe(ref(chatTopic, 'arn'));
      expect(chat.body.input_transformer).toEqual({ input_paths: template.inputPaths, input_template: template.inputTemplate });
    });

    it('lets EventBridge use the alerts key for both topics', () => {
      const key = keyByAlias(json, kmsAliasName(config, 'alerts'));
      const grant = policyOf(key.body.policy).Statement.find((statement: { Sid: string }) => statement.Sid === 'EventBridgePublishesToTheseTopics');
      const accountId = aggregatorAccount(config).id;
      expect(grant.Condition).toEqual({
        StringEquals: {
          'kms:EncryptionContext:aws:sns:topicArn': [alertTopicName(config), chatAlertTopicName(config)].map((name) => `arn:aws:sns:${config.aggregator.region}:${accountId}:${name}`),
        },
      });
    });

    it('lets only the alert rules and this account\'s alarms publish to the chat topic, and subscribes no email to it', () => {
      const chatTopic = findOne(json, 'aws_sns_topic', (body) => body.name === chatAlertTopicName(config));
      const policy = findOne(json, 'aws_sns_topic_policy', (body) => body.arn === ref(chatTopic, 'arn'));
      const eventBridge = policyOf(policy.body.policy).Statement.find((statement: { Sid: string }) => statement.Sid === 'EventBridgeRulesOfThisStackPublish');
      expect(eventBridge.Condition.ArnEquals['aws:SourceArn']).toEqual(
        [...alertKindsFor(config).map((kind) => centralAlertRuleName(config, kind.id)), forwardedAlarmRuleName(config)].map((name) => centralRuleArn(config, name)),
      );
      expect(findAll(json, 'aws_sns_topic_subscription', (body) => body.topic_arn === ref(chatTopic, 'arn'))).toEqual([]);
    });

    it('gives the channel role only chatbot trust (on behalf of the aggregator account) and read access to alarms', () => {
      const role = findOne(json, 'aws_iam_role');
      const accountId = aggregatorAccount(config).id;
      expect(role.body.name).toBe(chatbotRoleName(config));
      expect(policyOf(role.body.assume_role_policy).Statement).toEqual([
        {
          Sid: 'ChatbotAssumesChannelRole',
          Effect: 'Allow',
          Principal: { Service: 'chatbot.amazonaws.com' },
          Action: 'sts:AssumeRole',
          Condition: { StringEquals: { 'aws:SourceAccount': accountId } },
        },
      ]);
      expect(role.body.managed_policy_arns).toBeUndefined();
      const statements = role.body.inline_policy.flatMap((inline: { policy: string }) => policyOf(inline.policy).Statement);
      expect(statements).toEqual([
        { Sid: 'ReadAlarmsOfThisAccount', Effect: 'Allow', Action: 'cloudwatch:DescribeAlarms', Resource: `arn:aws:cloudwatch:${config.aggregator.region}:${accountId}:alarm:*` },
        { Sid: 'RenderAlarmCharts', Effect: 'Allow', Action: ['cloudwatch:GetMetricData', 'cloudwatch:GetMetricWidgetImage'], Resource: '*' },
      ]);
    });

    it('lets Chatbot assume the channel role for the aggregator account only, not for another account (confused deputy)', async () => {
      const role = findOne(json, 'aws_iam_role');
      const accountId = aggregatorAccount(config).id;
      const assume = (sourceAccount: string) =>
        resourcePolicyVerdict(policyOf(role.body.assume_role_policy), {
          principal: 'chatbot.amazonaws.com',
          action: 'sts:AssumeRole',
          resource: `arn:aws:iam::${accountId}:role/${chatbotRoleName(config)}`,
          resourceAccount: accountId,
          context: { 'aws:SourceAccount': sourceAccount },
        });
      expect(await assume(accountId)).toBe('Allowed');
      expect(await assume('999999999999')).toBe('Denied');
    });
  });

  describe('GIVEN a longer log retention and a different burst threshold', () => {
    let json: StackJson;
    let config: OrgConfig;

    beforeAll(() => {
      config = exampleConfig();
      config.aggregator.logRetentionDays = 731;
      config.alerts.failedSignInBurst = 9;
      json = synthAggregator(config);
    });

    it('keeps both /aws/events/ log groups for the configured number of days', () => {
      for (const name of [signInLogGroupName(config), heartbeatLogGroupName(config)]) {
        expect(findOne(json, 'aws_cloudwatch_log_group', (body) => body.name === name).body.retention_in_days).toBe(731);
      }
    });

    it('raises the burst alarm at the configured threshold', () => {
      const burst = burstFilterFor(config);
      const alarm = findOne(json, 'aws_cloudwatch_metric_alarm', (body) => body.metric_name === burst.metricName);
      expect(alarm.body.threshold).toBe(9);
    });
  });

  it('GIVEN a retention CloudWatch Logs does not accept THEN synthesis fails with the accepted values', () => {
    const config = exampleConfig();
    config.aggregator.logRetentionDays = 366;
    expect(() => synthAggregator(config)).toThrow(/retention 366 is not one of 1, 3, 5/);
  });
});
