/**
 * The aggregator stack (aggregator account and region): the central bus every
 * member forwards sign-ins and heartbeats to, one rule per enabled alert kind
 * that sends one readable message per event to the alert topic, the
 * searchable sign-in log with its metrics, the heartbeat check per account,
 * and alarms on the pipeline itself.
 *
 * Only the heartbeat alarms depend on the list of accounts (one per shard of
 * accounts, its threshold the shard's account count); every other resource is
 * the same whatever accounts the config lists. Member-region forwarder alarms
 * arrive as forwarded state-change events and become one message each.
 */
import { TerraformStack } from 'cdktf';
import type { Construct } from 'constructs';
import { CloudwatchLogMetricFilter } from '@cdktf/provider-aws/lib/cloudwatch-log-metric-filter';
import { CloudwatchMetricAlarm } from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm';
import type { AccountConfig, OrgConfig } from '../config/schema';
import {
  aggregatorAccount,
  aggregatorMetricAlarmName,
  aggregatorMetricNamespace,
  alertEngineLogGroupName,
  alertTopicName,
  centralAlertRuleName,
  centralBusArn,
  centralBusName,
  centralRuleArn,
  centralRuleDlqArnPattern,
  dashboardName,
  eventsLogResourcePolicyName,
  forwardedAlarmRuleName,
  forwarderRoleArnPattern,
  heartbeatLogGroupName,
  heartbeatShardAlarmName,
  heartbeatLogRuleName,
  HEARTBEAT_PERIOD_SECONDS,
  kmsAliasName,
  partSuffix,
  signInLogGroupName,
  signInLogRuleName,
  pipelineLogRuleName,
  slackChannelConfigurationName,
  slackChannelRoleName,
} from '../config/names';
import {
  alertKindsFor,
  burstFilterFor,
  forwardedAlarmPatternFor,
  HEARTBEAT_METRIC_FILTER,
  heartbeatShard,
  heartbeatShardThreshold,
  heartbeatPattern,
  centralLogPattern,
  pipelineLogPatternFor,
  PIPELINE_DEPLOY_CHANGE_METRIC,
  pipelineDeployChangeFilters,
  pipelineNamesFor,
  principalBurstSpecFor,
} from '../detection/catalogue';
import { FORWARDED_ALARM_MESSAGE } from '../detection/message';
import { slackChannels, slackDestination } from '../detection/alerts/model';
import type { AlertKind } from '../detection/types';
import { accountProvider } from './provider';
import { chatbotApiRegion } from '../config/regions';
import { AlertTopic } from './constructs/alert-topic';
import { CentralBus } from './constructs/central-bus';
import { AlertEngine, engineInput } from './constructs/alert-engine';
import { CentralRule } from './constructs/central-rule';
import { SignInDashboard } from './constructs/dashboard';
import { EncryptedLogGroup } from './constructs/encrypted-log-group';
import { EventsLogResourcePolicy } from './constructs/events-log-resource-policy';
import { cloudWatchAlarmsKeyGrant, eventsToQueuesKeyGrant, KmsKey, logsKeyGrant } from './constructs/kms-key';
import { CountAlarm, MetricAlarm } from './constructs/metric-alarm';
import { SlackChannel } from './constructs/slack-channel';

/**
 * Consecutive heartbeat periods (30 minutes) a shard must be short before its
 * alarm fires: one late or early schedule run moves a heartbeat into the
 * neighbouring period, which must not page anyone. A break therefore alerts
 * within three periods (1.5 hours) of the last heartbeat that got through.
 */
export const HEARTBEAT_EVALUATION_PERIODS = 2;

export class AggregatorStack extends TerraformStack {
  readonly alertTopic: AlertTopic;
  readonly bus: CentralBus;
  readonly alertRules: Record<string, CentralRule> = {};
  readonly engine: AlertEngine;

  constructor(scope: Construct, name: string, config: OrgConfig) {
    super(scope, name);
    const account = aggregatorAccount(config);
    const accountId = account.id;
    const region = config.aggregator.region;
    accountProvider(this, { config, account, region });

    // ---- Keys: one per kind of consumer, each policy names only what uses it.
    // The alert engine publishes to the topics with its role (an IAM grant the key's
    // account-root statement enables); no EventBridge rule publishes to SNS.
    const topicKey = new KmsKey(this, 'alerts-key', {
      aliasName: kmsAliasName(config, 'alerts'),
      description: 'signin-watch: encrypts the aggregator alert topic and the alert destination topics',
      accountId,
      serviceGrants: [cloudWatchAlarmsKeyGrant(accountId, region)],
    });
    const logsKey = new KmsKey(this, 'event-logs-key', {
      aliasName: kmsAliasName(config, 'event-logs'),
      description: 'signin-watch: encrypts the central sign-in and heartbeat log groups',
      accountId,
      serviceGrants: [
        logsKeyGrant({ region, accountId, logGroupNames: [signInLogGroupName(config), heartbeatLogGroupName(config), alertEngineLogGroupName(config)] }),
      ],
    });
    const queueKey = new KmsKey(this, 'dead-letters-key', {
      aliasName: kmsAliasName(config, 'dead-letters'),
      description: 'signin-watch: encrypts the dead-letter queues of the central rules',
      accountId,
      serviceGrants: [eventsToQueuesKeyGrant([centralRuleDlqArnPattern(config)])],
    });

    // pipeline-tampering recognizes this stack's keys by ARN (KMS records no name for them).
    const keyArns = [topicKey.arn, logsKey.arn, queueKey.arn];
    const kinds = alertKindsFor(config, keyArns);

    // ---- Bus, topic, log groups.
    this.bus = new CentralBus(this, 'central-bus', {
      name: centralBusName(config),
      arn: centralBusArn(config),
      organizationId: config.organization.id,
      forwarderRoleArnPattern: forwarderRoleArnPattern(config),
    });
    // The alert topic carries the pipeline's own alarms (CloudWatch → SNS → notifications.emails);
    // per-event messages go through the alert engine to one topic per destination.
    this.alertTopic = new AlertTopic(this, 'alert-topic', {
      name: alertTopicName(config),
      accountId,
      region,
      emails: config.notifications.emails,
      encryptionKey: topicKey,
    });
    const topicArn = this.alertTopic.topic.arn;
    // Every rule that invokes the engine: one per alert kind, and the forwarded-alarm rule.
    const engineRuleNames = [...kinds.map((kind) => centralAlertRuleName(config, kind.id)), forwardedAlarmRuleName(config)];
    this.engine = new AlertEngine(this, 'alert-engine', {
      config,
      accountId,
      region,
      topicKey,
      logsKey,
      queueKey,
      alertTopicArn: topicArn,
      invokingRuleArns: engineRuleNames.map((ruleName) => centralRuleArn(config, ruleName)),
    });
    const permissionOf = (ruleName: string) => this.engine.permissions[engineRuleNames.indexOf(ruleName)];
    const logRetention = config.aggregator.logRetentionDays;
    const signInLog = new EncryptedLogGroup(this, 'sign-in-log', {
      name: signInLogGroupName(config),
      retentionInDays: logRetention,
      accountId,
      region,
      encryptionKey: logsKey,
    });
    const heartbeatLog = new EncryptedLogGroup(this, 'heartbeat-log', {
      name: heartbeatLogGroupName(config),
      retentionInDays: logRetention,
      accountId,
      region,
      encryptionKey: logsKey,
    });
    const logRuleNames = [signInLogRuleName(config), pipelineLogRuleName(config), heartbeatLogRuleName(config)];
    const logPolicy = new EventsLogResourcePolicy(this, 'events-log-policy', {
      name: eventsLogResourcePolicyName(config),
      accountId,
      region,
      logGroupNames: [signInLog.name, heartbeatLog.name],
      ruleArns: logRuleNames.map((ruleName) => centralRuleArn(config, ruleName)),
    });

    // ---- Rules on the central bus. Alert rules invoke the engine with {kind, event}.
    const common = { config, bus: this.bus, dlqKey: queueKey, alertTopicArn: topicArn, accountId, region };
    const engineTarget = (ruleName: string, kindId: string) => ({
      ruleName,
      ruleArn: centralRuleArn(config, ruleName),
      targetId: 'alert-engine',
      targetArn: this.engine.arn,
      inputTransformer: engineInput(kindId),
      // EventBridge's documented defaults, written out: retried for 24 hours, then the rule's DLQ.
      retryPolicy: { maximumEventAgeInSeconds: 24 * 60 * 60, maximumRetryAttempts: 185 },
      targetDependsOn: [permissionOf(ruleName)],
    });
    for (const kind of kinds) {
      const ruleName = centralAlertRuleName(config, kind.id);
      this.alertRules[kind.id] = new CentralRule(this, `alert-${kind.id}`, {
        ...common,
        ...engineTarget(ruleName, kind.id),
        description: `signin-watch ${kind.severity}: ${kind.title}. One message per event, through the alert engine.`,
        eventPattern: kind.eventPattern,
      });
    }
    // Member-region forwarder alarms have no topic of their own: their state changes arrive here.
    const forwardedAlarmRule = new CentralRule(this, 'forwarded-alarm-rule', {
      ...common,
      ...engineTarget(forwardedAlarmRuleName(config), FORWARDED_ALARM_MESSAGE.id),
      description: `signin-watch ${FORWARDED_ALARM_MESSAGE.severity}: ${FORWARDED_ALARM_MESSAGE.title}. One message per forwarded member-region alarm, through the alert engine.`,
      eventPattern: forwardedAlarmPatternFor(config),
    });
    const signInRule = new CentralRule(this, 'sign-in-log-rule', {
      ...common,
      ruleName: signInLogRuleName(config),
      ruleArn: centralRuleArn(config, signInLogRuleName(config)),
      description: 'signin-watch: every forwarded sign-in event and trail-tampering call, kept in the searchable sign-in log group.',
      eventPattern: centralLogPattern(),
      targetId: 'sign-in-log',
      targetArn: signInLog.logGroup.arn,
      targetDependsOn: [logPolicy.policy],
    });
    const pipelineLogRule = new CentralRule(this, 'pipeline-log-rule', {
      ...common,
      ruleName: pipelineLogRuleName(config),
      ruleArn: centralRuleArn(config, pipelineLogRuleName(config)),
      description: "signin-watch: every forwarded call on this product's own resources (pipeline-tampering and deploys), kept in the sign-in log group.",
      eventPattern: pipelineLogPatternFor(config, keyArns),
      targetId: 'sign-in-log',
      targetArn: signInLog.logGroup.arn,
      targetDependsOn: [logPolicy.policy],
    });
    const heartbeatRule = new CentralRule(this, 'heartbeat-log-rule', {
      ...common,
      ruleName: heartbeatLogRuleName(config),
      ruleArn: centralRuleArn(config, heartbeatLogRuleName(config)),
      description: 'signin-watch: heartbeats of every member region, counted per account.',
      eventPattern: heartbeatPattern(),
      targetId: 'heartbeat-log',
      targetArn: heartbeatLog.logGroup.arn,
      targetDependsOn: [logPolicy.policy],
    });

    // ---- Metrics on the sign-in log, and the burst alarm.
    const namespace = aggregatorMetricNamespace(config);
    for (const kind of kinds) this.envelopeMetric(kind, signInLog, namespace);
    if (kinds.some((kind) => kind.id === 'pipeline-tampering')) this.deployChangeAlarms(config, signInLog, namespace, topicArn);
    const burst = burstFilterFor(config);
    new MetricAlarm(this, 'failed-sign-in-burst', {
      config,
      namespace,
      metricName: burst.metricName,
      alarmName: aggregatorMetricAlarmName(config, burst.metricName),
      description: `At least ${burst.threshold} failed sign-ins across the organization within ${burst.periodSeconds / 60} minutes: possible password guessing.`,
      // The token (not the literal name) orders the filter after its log group.
      logGroupName: signInLog.logGroup.name,
      pattern: burst.pattern,
      threshold: burst.threshold,
      period: burst.periodSeconds,
      topicArn,
    });

    // ---- Detection pack v2: failed sign-ins per principal (failed-sign-ins-per-principal).
    if (config.alerts.enabled['failed-sign-ins-per-principal']) this.principalBurstAlarm(config, signInLog, namespace, topicArn);

    // ---- Heartbeats: one metric and one alarm per shard of accounts (catalogue
    // `heartbeatShard`). Each heartbeat adds its weight (1/N of its account's N
    // regions): a shard of K accounts sums to K a period, and falls below
    // K - tolerance when any region of any of its accounts is silent
    // (docs/aggregator.md, "Forwarder health at scale").
    const heartbeatFilter = new CloudwatchLogMetricFilter(this, 'heartbeat-filter', {
      name: HEARTBEAT_METRIC_FILTER.metricName,
      logGroupName: heartbeatLog.logGroup.name,
      pattern: HEARTBEAT_METRIC_FILTER.pattern,
      metricTransformation: {
        name: HEARTBEAT_METRIC_FILTER.metricName,
        namespace,
        value: HEARTBEAT_METRIC_FILTER.metricValue ?? '1',
        dimensions: HEARTBEAT_METRIC_FILTER.dimensions,
      },
    });
    const shardDimension = heartbeatShardDimension();
    for (const [shard, members] of heartbeatShards(config)) {
      new CountAlarm(this, `heartbeat-shard-alarm-${shard}`, {
        config,
        namespace,
        metricName: HEARTBEAT_METRIC_FILTER.metricName,
        alarmName: heartbeatShardAlarmName(config, shard),
        description: heartbeatShardDescription(config, shard, members),
        dimensions: { [shardDimension]: String(shard) },
        statistic: 'Sum',
        period: HEARTBEAT_PERIOD_SECONDS,
        evaluationPeriods: HEARTBEAT_EVALUATION_PERIODS,
        threshold: heartbeatShardThreshold(members.length),
        comparisonOperator: 'LessThanThreshold',
        treatMissingData: 'breaching',
        notifyOnOk: true,
        topicArn,
        dependsOn: [heartbeatFilter],
      });
    }

    // ---- Slack (optional): one AWS Chatbot channel configuration per channel the config names.
    // Each shows its destination topic (custom notifications); the default channel also the alert topic (alarms).
    const defaultSlack = config.notifications.slack;
    // The Chatbot API exists in four regions only (config/regions.ts): elsewhere, a provider of the aggregator account there.
    const chatbotRegion = chatbotApiRegion(region);
    const chatbotProvider =
      slackChannels(config).length === 0 || chatbotRegion === region
        ? undefined
        : accountProvider(this, { config, account, region: chatbotRegion, alias: 'chatbot' });
    for (const channel of slackChannels(config)) {
      const destinationTopic = this.engine.topics.get(slackDestination(channel))!;
      const isDefault = defaultSlack?.channelId === channel.channelId;
      new SlackChannel(this, isDefault ? 'slack' : `slack-${channel.channelId}`, {
        provider: chatbotProvider,
        configurationName: slackChannelConfigurationName(config, channel.channelId),
        roleName: slackChannelRoleName(config, channel.channelId),
        workspaceId: channel.workspaceId,
        channelId: channel.channelId,
        topicArns: [...(isDefault ? [topicArn] : []), destinationTopic.arn],
        accountId,
        region,
      });
    }
    const centralRules = [...Object.values(this.alertRules), forwardedAlarmRule, signInRule, pipelineLogRule, heartbeatRule];
    new SignInDashboard(this, 'dashboard', {
      name: dashboardName(config),
      region,
      namespace,
      alertMetrics: kinds.flatMap((kind) =>
        kind.envelopeMetricFilters.map((_, index) => ({ metricName: `${kind.metricName}${partSuffix(index)}`, label: `${kind.title}${partSuffix(index)}` })),
      ),
      burst: { metricName: burst.metricName, threshold: burst.threshold, periodSeconds: burst.periodSeconds },
      heartbeat: { metricName: HEARTBEAT_METRIC_FILTER.metricName, accountDimension: shardDimension, periodSeconds: HEARTBEAT_PERIOD_SECONDS },
      busName: centralBusName(config),
      ruleNames: centralRules.map((rule) => rule.ruleName),
      deadLetterQueueNames: centralRules.map((rule) => rule.deadLetterQueue.name),
    });
  }

  /**
   * Failed sign-ins counted per (account, principal) by the catalogue's filters
   * (one per way a record names its principal), each with ONE Metrics Insights
   * alarm over every principal: a multi-time-series
   * alarm whose contributors are the (Account, Principal) series (CloudWatch
   * user guide, "Create an alarm based on a Multi Time Series Metrics Insights
   * query"; "Alarms on CloudWatch Metrics Insights queries"). Its notification
   * names the contributor, i.e. the principal (unverified: the exact layout of
   * a contributor's SNS notification; the "CloudWatch Alarm Contributor State
   * Change" event carries the contributor's attributes, EventBridge events
   * reference, "Amazon CloudWatch events"). No filter gets a default value:
   * CloudWatch forbids one with dimensions.
   */
  private principalBurstAlarm(config: OrgConfig, logGroup: EncryptedLogGroup, namespace: string, topicArn: string): void {
    const spec = principalBurstSpecFor(config);
    for (const filter of spec.filters) {
      const metricFilter = new CloudwatchLogMetricFilter(this, `metric-${filter.metricName}`, {
        name: filter.metricName,
        logGroupName: logGroup.logGroup.name,
        pattern: filter.pattern,
        metricTransformation: { name: filter.metricName, namespace, value: '1', dimensions: filter.dimensions },
      });
      new CloudwatchMetricAlarm(this, `alarm-${filter.metricName}`, {
        alarmName: aggregatorMetricAlarmName(config, filter.metricName),
        alarmDescription: `At least ${spec.threshold} failed sign-ins (console and Identity Center) for one principal within ${spec.periodSeconds / 60} minutes: password guessing aimed at that principal. The contributor (${spec.groupBy.join(', ')}) names it.`,
        metricQuery: [{ id: 'failures', expression: spec.query(namespace, filter.metricName), period: spec.periodSeconds, returnData: true }],
        comparisonOperator: 'GreaterThanOrEqualToThreshold',
        threshold: spec.threshold,
        evaluationPeriods: 1,
        datapointsToAlarm: 1,
        treatMissingData: 'notBreaching',
        actionsEnabled: true,
        alarmActions: [topicArn],
        dependsOn: [metricFilter],
      });
    }
  }

  /**
   * The envelope filter of one alert kind on the sign-in log, as a metric
   * only: the kind's rule already sends one message per event, an alarm on
   * the same events would notify twice.
   */
  private envelopeMetric(kind: AlertKind, logGroup: EncryptedLogGroup, namespace: string): CloudwatchLogMetricFilter[] {
    // A kind too long for one filter (pipeline-tampering) has one filter and metric per part, `<metric>-<n>` from the second on.
    return kind.envelopeMetricFilters.map((pattern, index) => {
      const metricName = `${kind.metricName}${partSuffix(index)}`;
      return new CloudwatchLogMetricFilter(this, `metric-${kind.id}${partSuffix(index)}`, {
        name: metricName,
        logGroupName: logGroup.logGroup.name,
        pattern,
        metricTransformation: { name: metricName, namespace, value: '1', defaultValue: '0' },
      });
    });
  }

  /**
   * The deployment role's deploy-session calls on the product's resources:
   * not one message per call (a deploy makes hundreds), one LOW notification
   * per burst, counted on the sign-in log that keeps every call.
   */
  private deployChangeAlarms(config: OrgConfig, logGroup: EncryptedLogGroup, namespace: string, topicArn: string): void {
    const patterns = pipelineDeployChangeFilters(pipelineNamesFor(config)).envelope;
    patterns.forEach((pattern, index) => {
      const metricName = `${PIPELINE_DEPLOY_CHANGE_METRIC}${partSuffix(index)}`;
      new MetricAlarm(this, `pipeline-deploy-change${partSuffix(index)}`, {
        config,
        namespace,
        metricName,
        alarmName: aggregatorMetricAlarmName(config, metricName),
        description: `LOW: the deployment role's deploy session changed or deleted this product's resources (a deploy, or someone holding the deployment role); filter ${index + 1} of ${patterns.length}. One notification per burst; every call is in the sign-in log group.`,
        logGroupName: logGroup.logGroup.name,
        pattern,
        topicArn,
      });
    });
  }
}

/** The heartbeat filter's only dimension: the one that names the shard. */
function heartbeatShardDimension(): string {
  const names = Object.keys(HEARTBEAT_METRIC_FILTER.dimensions ?? {});
  if (names.length !== 1) throw new Error(`HEARTBEAT_METRIC_FILTER must have exactly one (shard) dimension, has ${names.length}`);
  return names[0];
}

/** The config's accounts by heartbeat shard, shards in order; shards without an account have no alarm. */
export function heartbeatShards(config: OrgConfig): Array<[number, AccountConfig[]]> {
  const shards = new Map<number, AccountConfig[]>();
  for (const account of config.accounts) {
    const shard = heartbeatShard(account.id);
    shards.set(shard, [...(shards.get(shard) ?? []), account]);
  }
  return [...shards.entries()].sort(([a], [b]) => a - b);
}

/** What a shard alarm says: which accounts it covers (as many as fit) and how to find the silent one. */
function heartbeatShardDescription(config: OrgConfig, shard: number, members: readonly AccountConfig[]): string {
  const head =
    `Heartbeats of shard ${shard} (${members.length} accounts) summed below ${heartbeatShardThreshold(members.length)} in each of the last ` +
    `${HEARTBEAT_EVALUATION_PERIODS} periods of ${HEARTBEAT_PERIOD_SECONDS / 60} minutes: a region's forwarder rule, the forwarder role, ` +
    `the bus policy or a heartbeat schedule is broken. Find it in Logs Insights on ${heartbeatLogGroupName(config)}: ` +
    `filter detail.shard = ${shard} | stats sum(detail.weight) as total by account | sort total asc. Accounts: `;
  const limit = 1024;
  let names = '';
  for (const [index, member] of members.entries()) {
    const next = `${index === 0 ? '' : ', '}${member.name}`;
    const rest = members.length - index;
    if (head.length + names.length + next.length + ` and ${rest} more`.length > limit) return `${head}${names} and ${rest} more`;
    names += next;
  }
  return `${head}${names}`;
}
