/**
 * The aggregator's keys: one per kind of consumer, each policy names only
 * what uses it. The alert engine publishes to the topics with its role (an
 * IAM grant the key's account-root statement enables); no EventBridge rule
 * publishes to SNS.
 */
import type { Construct } from 'constructs';
import { alertEngineLogGroupName, centralRuleDlqArnPattern, healthCheckLogGroupName, heartbeatLogGroupName, kmsAliasName, signInLogGroupName } from '../../config/names';
import { alertStateKey } from '../constructs/alert-state-table';
import { cloudWatchAlarmsKeyGrant, eventsToQueuesKeyGrant, KmsKey, logsKeyGrant } from '../constructs/kms-key';
import type { AggregatorSite } from './site';

export interface AggregatorKeys {
  /** The alert topic and the alert destination topics. */
  topicKey: KmsKey;
  /** The sign-in, heartbeat, alert-engine and health-check log groups. */
  logsKey: KmsKey;
  /** The central rules' dead-letter queues, the engine's failure queue and the health check's queue. */
  queueKey: KmsKey;
  /** The alert engine's state table (stacks/constructs/alert-state-table.ts). Here, not in the engine, so pipeline-tampering knows its ARN. */
  stateKey: KmsKey;
}

export function aggregatorKeys(stack: Construct, { config, accountId, region }: AggregatorSite): AggregatorKeys {
  const topicKey = new KmsKey(stack, 'alerts-key', {
    aliasName: kmsAliasName(config, 'alerts'),
    description: 'signin-watch: encrypts the aggregator alert topic and the alert destination topics',
    accountId,
    serviceGrants: [cloudWatchAlarmsKeyGrant(accountId, region)],
  });
  const logsKey = new KmsKey(stack, 'event-logs-key', {
    aliasName: kmsAliasName(config, 'event-logs'),
    description: 'signin-watch: encrypts the central sign-in and heartbeat log groups',
    accountId,
    serviceGrants: [
      logsKeyGrant({ region, accountId, logGroupNames: [signInLogGroupName(config), heartbeatLogGroupName(config), alertEngineLogGroupName(config), healthCheckLogGroupName(config)] }),
    ],
  });
  const queueKey = new KmsKey(stack, 'dead-letters-key', {
    aliasName: kmsAliasName(config, 'dead-letters'),
    description: 'signin-watch: encrypts the dead-letter queues of the central rules',
    accountId,
    serviceGrants: [eventsToQueuesKeyGrant([centralRuleDlqArnPattern(config)])],
  });
  const stateKey = alertStateKey(stack, { config, accountId });
  return { topicKey, logsKey, queueKey, stateKey };
}

/** pipeline-tampering recognizes this stack's keys by ARN (KMS records no name for them). */
export function aggregatorKeyArns(keys: AggregatorKeys): string[] {
  return [keys.topicKey.arn, keys.logsKey.arn, keys.queueKey.arn, keys.stateKey.arn];
}
