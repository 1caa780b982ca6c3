/**
 * The aggregator stack (aggregator account and region): the central bus every
 * member forwards sign-ins and heartbeats to, one rule per enabled alert kind
 * that sends one readable message per event to the alert topic, the
 * searchable sign-in log with its metrics, the forwarder health check that
 * names every silent member account-region, and alarms on the pipeline itself.
 *
 * Only the code packages of the alert engine and the health check depend on
 * the list of accounts (their bundled models); no resource is per account.
 *
 * Each part (stacks/aggregator/) creates its resources directly in this
 * stack, not in a construct of its own: Terraform's logical ids derive from
 * the construct path, so a new scope would rename (replace) every resource.
 * The parts run in the order their resources were always created in.
 */
import { TerraformStack } from 'cdktf';
import type { Construct } from 'constructs';
import type { OrgConfig } from '../config/schema';
import { aggregatorAccount, aggregatorMetricNamespace, alertTopicName, centralBusArn, centralBusName, centralRuleArn, forwarderRoleArnPattern } from '../config/names';
import { alertKindsFor, forwardedSourcesFor } from '../detection/catalogue';
import { accountProvider } from './provider';
import { AlertTopic } from './constructs/alert-topic';
import { CentralBus } from './constructs/central-bus';
import { AlertEngine } from './constructs/alert-engine';
import { DigestFunction } from './constructs/digest-function';
import type { CentralRule } from './constructs/central-rule';
import { engineRuleNames, engineRules } from './aggregator/alert-rules';
import { centralLogRules, centralLogs } from './aggregator/central-logs';
import { aggregatorDashboard } from './aggregator/dashboard';
import { ForwarderHealthCheck } from './constructs/forwarder-health';
import { aggregatorKeyArns, aggregatorKeys } from './aggregator/keys';
import { signInRates } from './aggregator/rates';
import type { AggregatorSite } from './aggregator/site';
import { slackChannelConfigurations } from './aggregator/slack';

export class AggregatorStack extends TerraformStack {
  readonly alertTopic: AlertTopic;
  readonly bus: CentralBus;
  readonly alertRules: Record<string, CentralRule> = {};
  readonly engine: AlertEngine;
  readonly healthCheck: ForwarderHealthCheck;
  readonly digest: DigestFunction;

  constructor(scope: Construct, name: string, config: OrgConfig) {
    super(scope, name);
    const account = aggregatorAccount(config);
    const site: AggregatorSite = { config, account, accountId: account.id, region: config.aggregator.region };
    const { accountId, region } = site;
    accountProvider(this, { config, account, region });

    const keys = aggregatorKeys(this, site);
    const keyArns = aggregatorKeyArns(keys);
    const kinds = alertKindsFor(config, keyArns);

    // ---- Bus, topic, engine, log groups.
    this.bus = new CentralBus(this, 'central-bus', {
      name: centralBusName(config),
      arn: centralBusArn(config),
      organizationId: config.organization.id,
      forwarderRoleArnPattern: forwarderRoleArnPattern(config),
      forwardedSources: forwardedSourcesFor(config),
    });
    // The alert topic carries the pipeline's own alarms (CloudWatch → SNS → notifications.emails);
    // per-event messages go through the alert engine to one topic per destination.
    this.alertTopic = new AlertTopic(this, 'alert-topic', {
      name: alertTopicName(config),
      accountId,
      region,
      emails: config.notifications.emails,
      encryptionKey: keys.topicKey,
    });
    const topicArn = this.alertTopic.topic.arn;
    this.engine = new AlertEngine(this, 'alert-engine', {
      config,
      accountId,
      region,
      ...keys,
      alertTopicArn: topicArn,
      invokingRuleArns: engineRuleNames(config, kinds).map((ruleName) => centralRuleArn(config, ruleName)),
    });
    const logs = centralLogs(this, site, keys.logsKey, keyArns);

    // ---- Rules on the central bus: alert rules invoke the engine with {kind, event}, log rules fill the logs.
    const ruleBase = { config, bus: this.bus, dlqKey: keys.queueKey, alertTopicArn: topicArn, accountId, region };
    const alertRules = engineRules(this, ruleBase, this.engine, kinds);
    Object.assign(this.alertRules, alertRules.byKind);
    const logRules = centralLogRules(this, ruleBase, logs, keyArns);

    // ---- Rates on the sign-in log, the forwarder health check, Slack, dashboard.
    const namespace = aggregatorMetricNamespace(config);
    const burst = signInRates(this, { config, kinds, signInLog: logs.signInLog, namespace, topicArn });
    this.healthCheck = new ForwarderHealthCheck(this, 'health-check', {
      config,
      accountId,
      region,
      logsKey: keys.logsKey,
      queueKey: keys.queueKey,
      alertTopicArn: topicArn,
      engineArn: this.engine.arn,
    });
    slackChannelConfigurations(this, site, this.engine, topicArn);
    // The sign-in digest: Logs Insights over the sign-in log, published to the engine's destination topics.
    this.digest = new DigestFunction(this, 'digest', { config, accountId, region, topicKey: keys.topicKey, queueKey: keys.queueKey, alertTopicArn: topicArn });
    this.digest.node.addDependency(logs.signInLog);
    aggregatorDashboard(this, {
      config,
      region,
      namespace,
      kinds,
      burst,
      centralRules: [...Object.values(this.alertRules), ...alertRules.parts, ...logRules],
    });
  }
}
