/**
 * The aggregator stack under config changes: what a change adds, removes or
 * alters, and that nothing else moves (so a plan stays small and readable).
 */
import type { OrgConfig } from '../../config/schema';
import {
  aggregatorAccount,
  alertEngineName,
  alertTopicName,
  centralAlertRuleName,
  centralRuleArn,
  destinationTopicName,
  heartbeatLogGroupName,
  signInLogGroupName,
} from '../../config/names';
import { alertKind, alertKindsFor, burstFilterFor } from '../../detection/catalogue';
import { CHATBOT_GUARDRAIL_POLICY_ARN } from '../../stacks/constructs/slack-channel';
import { exampleConfig, policyOf, type StackJson } from '../support/synth';
import { findAll, findOne, ref } from '../support/management-stack';
import { allResources, synthAggregator } from '../support/aggregator-stack';

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
          // The engine's invoke permission for that rule.
          'aws_lambda_permission',
        ].sort(),
      );
      expect(findAll(json, 'aws_cloudwatch_event_rule', (body) => body.name === ruleName)).toEqual([]);
      expect(findAll(json, 'aws_cloudwatch_log_metric_filter', (body) => body.name === kind.metricName)).toEqual([]);
      expect(findAll(json, 'aws_cloudwatch_metric_alarm', (body) => body.dimensions?.RuleName === ruleName)).toEqual([]);
    });

    it("changes only the engine's and the digest's code packages (the kind leaves their model) and the dashboard", () => {
      expect(changes.changed.map((address) => address.split('.')[0]).sort()).toEqual(['aws_cloudwatch_dashboard', 'aws_lambda_function', 'aws_lambda_function']);
      const permissions = findAll(json, 'aws_lambda_permission').map((permission) => permission.body.source_arn);
      expect(permissions).not.toContain(centralRuleArn(base, centralAlertRuleName(base, 'mfa-failure')));
      // One invoke permission per alert rule: a kind deployed as several rules (pipeline-tampering) has one per part.
      expect(permissions).toHaveLength(alertKindsFor(base).filter((kind) => kind.id !== 'mfa-failure').reduce((sum, kind) => sum + kind.eventPatterns.length, 0));
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

    it('changes only the engine package (its account directory) the health-check package (its expected account-regions) and the digest package, nothing else', () => {
      expect(changes.removed).toEqual([]);
      expect(changes.added).toEqual([]);
      expect([...changes.changed].sort()).toEqual(findAll(json, 'aws_lambda_function').map((fn) => fn.address).sort());
      expect(changes.changed).toHaveLength(3);
    });
  });

  describe('GIVEN a Slack channel in config, and a route to a second channel', () => {
    let json: StackJson;
    let config: OrgConfig;

    beforeAll(() => {
      config = exampleConfig();
      config.notifications.slack = { workspaceId: 'T01ABCDEFGH', channelId: 'C01ABCDEFGH' };
      config.notifications.routes = [{ name: 'prod', accountTags: { environment: 'production' }, slack: { workspaceId: 'T01ABCDEFGH', channelId: 'C02ABCDEFGH' } }];
      json = synthAggregator(config);
    });

    it('configures one AWS Chatbot channel per Slack channel, each on its destination topic; the default one also shows the alarms of the alert topic', () => {
      const channels = findAll(json, 'aws_chatbot_slack_channel_configuration');
      expect(channels.map((channel) => channel.body.slack_channel_id).sort()).toEqual(['C01ABCDEFGH', 'C02ABCDEFGH']);
      const topicRef = (name: string) => ref(findOne(json, 'aws_sns_topic', (body) => body.name === name), 'arn');
      const byChannel = Object.fromEntries(channels.map((channel) => [channel.body.slack_channel_id, channel.body]));
      expect(byChannel.C01ABCDEFGH.sns_topic_arns).toEqual([topicRef(alertTopicName(config)), topicRef(destinationTopicName(config, 'slack:C01ABCDEFGH'))]);
      expect(byChannel.C02ABCDEFGH.sns_topic_arns).toEqual([topicRef(destinationTopicName(config, 'slack:C02ABCDEFGH'))]);
      for (const channel of channels) {
        expect(channel.body.guardrail_policy_arns).toEqual([CHATBOT_GUARDRAIL_POLICY_ARN]);
        expect(channel.body.user_authorization_required).toBe(true);
      }
    });

    it('subscribes no email or HTTPS endpoint to a Slack destination topic, and lets only the engine role publish there', () => {
      const slackTopic = findOne(json, 'aws_sns_topic', (body) => body.name === destinationTopicName(config, 'slack:C02ABCDEFGH'));
      expect(findAll(json, 'aws_sns_topic_subscription', (body) => body.topic_arn === ref(slackTopic, 'arn'))).toEqual([]);
      const policy = policyOf(findOne(json, 'aws_sns_topic_policy', (body) => body.arn === ref(slackTopic, 'arn')).body.policy);
      expect(policy.Statement).toEqual([
        {
          Sid: 'AlertEnginePublishes',
          Effect: 'Allow',
          Principal: { AWS: `arn:aws:iam::${aggregatorAccount(config).id}:role/${alertEngineName(config)}` },
          Action: 'sns:Publish',
          Resource: `arn:aws:sns:${config.aggregator.region}:${aggregatorAccount(config).id}:${destinationTopicName(config, 'slack:C02ABCDEFGH')}`,
        },
      ]);
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
