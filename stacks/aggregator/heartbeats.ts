/**
 * Heartbeats: one metric and one alarm per shard of accounts (catalogue
 * `heartbeatShard`). Each heartbeat adds its weight (1/N of its account's N
 * regions): a shard of K accounts sums to K a period, and falls below
 * K - tolerance when any region of any of its accounts is silent
 * (docs/aggregator.md, "Forwarder health at scale").
 *
 * Only these alarms depend on the list of accounts (one per shard, its
 * threshold the shard's account count).
 */
import type { Construct } from 'constructs';
import { CloudwatchLogMetricFilter } from '@cdktf/provider-aws/lib/cloudwatch-log-metric-filter';
import type { AccountConfig, OrgConfig } from '../../config/schema';
import { heartbeatLogGroupName, heartbeatShardAlarmName, HEARTBEAT_PERIOD_SECONDS } from '../../config/names';
import { HEARTBEAT_METRIC_FILTER, heartbeatShard, heartbeatShardThreshold } from '../../detection/catalogue';
import type { EncryptedLogGroup } from '../constructs/encrypted-log-group';
import { CountAlarm } from '../constructs/metric-alarm';

/**
 * Consecutive heartbeat periods (30 minutes) a shard must be short before its
 * alarm fires: one late or early schedule run moves a heartbeat into the
 * neighbouring period, which must not page anyone. A break therefore alerts
 * within three periods (1.5 hours) of the last heartbeat that got through.
 */
export const HEARTBEAT_EVALUATION_PERIODS = 2;

export interface HeartbeatAlarms {
  config: OrgConfig;
  heartbeatLog: EncryptedLogGroup;
  /** Namespace of the product's own metrics. */
  namespace: string;
  /** The alert topic the shard alarms notify (and tell when they recover). */
  topicArn: string;
}

/** The heartbeat filter and one alarm per shard that has an account; returns the filter's shard dimension. */
export function heartbeatAlarms(stack: Construct, { config, heartbeatLog, namespace, topicArn }: HeartbeatAlarms): string {
  const heartbeatFilter = new CloudwatchLogMetricFilter(stack, 'heartbeat-filter', {
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
    new CountAlarm(stack, `heartbeat-shard-alarm-${shard}`, {
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
  return shardDimension;
}

/** The heartbeat filter's only dimension: the one that names the shard. */
export function heartbeatShardDimension(): string {
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
