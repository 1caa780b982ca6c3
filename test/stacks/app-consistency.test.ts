/**
 * Cross-stack consistency between the member stacks and the aggregator: the
 * forwarders target the bus the aggregator creates, and each member's weighted
 * heartbeats add up to what the aggregator's per-account alarm expects.
 */
import { enabledRegions } from '../../config/regions';
import type { OrgConfig } from '../../config/schema';
import {
  AGGREGATOR_STACK,
  forwarderRuleName,
  HEARTBEAT_PERIOD_SECONDS,
  HEARTBEAT_SCHEDULE_EXPRESSION,
  MANAGEMENT_STACK,
  memberStackName,
  pipelineForwarderRuleNames,
} from '../../config/names';
import { HEARTBEAT_METRIC_FILTER, heartbeatShard, heartbeatShardThreshold, pipelineForwarderPatternsFor } from '../../detection/catalogue';
import { readPath } from '../../detection/message';
import { exampleConfig, resourcesOfType, synthStacks, type StackJson } from '../support/synth';

/** The ARN of the one event bus the aggregator stack creates, from its provider's account and region. */
function aggregatorBusArn(aggregator: StackJson): string {
  const buses = Object.values(resourcesOfType(aggregator, 'aws_cloudwatch_event_bus'));
  expect(buses).toHaveLength(1);
  const providers: StackJson[] = aggregator.provider.aws;
  expect(providers).toHaveLength(1);
  const [provider] = providers;
  expect(provider.allowed_account_ids).toHaveLength(1);
  return `arn:aws:events:${provider.region}:${provider.allowed_account_ids[0]}:event-bus/${buses[0].name}`;
}

/** The heartbeat alarms of the aggregator, by the account id in their dimension. */
/** The selector of the heartbeat filter's one (shard) dimension. */
function shardSelector(): string {
  return Object.values(HEARTBEAT_METRIC_FILTER.dimensions ?? {})[0];
}

function heartbeatAlarms(aggregator: StackJson): Record<string, StackJson> {
  const accountDimension = Object.keys(HEARTBEAT_METRIC_FILTER.dimensions ?? {})[0];
  const alarms: Record<string, StackJson> = {};
  for (const alarm of Object.values(resourcesOfType(aggregator, 'aws_cloudwatch_metric_alarm'))) {
    if (alarm.metric_name !== HEARTBEAT_METRIC_FILTER.metricName) continue;
    const account = alarm.dimensions?.[accountDimension];
    expect(alarms[account]).toBeUndefined();
    alarms[account] = alarm;
  }
  return alarms;
}

describe('members and aggregator agree', () => {
  let config: OrgConfig;
  let stacks: Record<string, StackJson>;

  beforeAll(() => {
    config = exampleConfig();
    stacks = synthStacks(config);
  });

  it('every forwarder of every member targets the bus the aggregator creates', () => {
    const busArn = aggregatorBusArn(stacks[AGGREGATOR_STACK]);
    for (const account of config.accounts) {
      const member = stacks[memberStackName(account)];
      const targets = Object.values(resourcesOfType(member, 'aws_cloudwatch_event_target'));
      // Per region: the sign-in forwarder, and the pipeline forwarder split into as many rules as its patterns need.
      expect(targets).toHaveLength((1 + pipelineForwarderPatternsFor(config).length) * enabledRegions(account).length);
      for (const target of targets) expect(target.arn).toBe(busArn);
      const rules = resourcesOfType(member, 'aws_cloudwatch_event_rule');
      const ruleNames = targets.map((target) => rules[/^\$\{aws_cloudwatch_event_rule\.(.+)\.name\}$/.exec(target.rule)![1]].name).sort();
      expect(ruleNames).toEqual(
        [
          ...enabledRegions(account).map(() => forwarderRuleName(config)),
          ...enabledRegions(account).flatMap(() => pipelineForwarderRuleNames(config, pipelineForwarderPatternsFor(config).length)),
        ].sort(),
      );
    }
  });

  it('the aggregator bus policy admits PutEvents on that same bus ARN', () => {
    const busArn = aggregatorBusArn(stacks[AGGREGATOR_STACK]);
    const policies = Object.values(resourcesOfType(stacks[AGGREGATOR_STACK], 'aws_cloudwatch_event_bus_policy'));
    expect(policies).toHaveLength(1);
    const statements: StackJson[] = JSON.parse(policies[0].policy).Statement;
    expect(statements.filter((statement) => statement.Effect === 'Allow').map((statement) => statement.Resource)).toEqual([busArn]);
  });

  it("each shard of accounts has one heartbeat alarm whose threshold its members' heartbeats meet, each account's weights sum to 1 a period, and any one region short breaches", () => {
    const alarms = heartbeatAlarms(stacks[AGGREGATOR_STACK]);
    expect(HEARTBEAT_SCHEDULE_EXPRESSION).toBe(`rate(${HEARTBEAT_PERIOD_SECONDS / 60} minutes)`);
    const byShard = new Map<string, number[][]>();
    for (const account of config.accounts) {
      const schedules = Object.values(resourcesOfType(stacks[memberStackName(account)], 'aws_scheduler_schedule'));
      expect(schedules.every((schedule) => schedule.schedule_expression === HEARTBEAT_SCHEDULE_EXPRESSION)).toBe(true);
      // What the aggregator's metric filter adds per heartbeat ($.detail.weight) and the dimension it files it under ($.detail.shard).
      const details = schedules.map((schedule) => ({ detail: JSON.parse(schedule.target.input) }));
      const shards = new Set(details.map((detail) => String(readPath(detail, shardSelector()))));
      expect(shards.size).toBe(1);
      const weights = details.map((detail) => readPath(detail, HEARTBEAT_METRIC_FILTER.metricValue!) as number);
      expect(Math.abs(weights.reduce((sum, weight) => sum + weight, 0) - 1)).toBeLessThanOrEqual(1e-7);
      const shard = [...shards][0];
      byShard.set(shard, [...(byShard.get(shard) ?? []), weights]);
    }
    expect(Object.keys(alarms).sort()).toEqual([...byShard.keys()].sort());
    for (const [shard, accounts] of byShard) {
      const alarm = alarms[shard];
      const whole = accounts.flat().reduce((sum, weight) => sum + weight, 0);
      expect(whole).toBeGreaterThanOrEqual(alarm.threshold);
      // Any one region of any account short must breach.
      expect(whole - Math.min(...accounts.flat())).toBeLessThan(alarm.threshold);
      expect(alarm.period).toBe(HEARTBEAT_PERIOD_SECONDS);
      expect(alarm.statistic).toBe('Sum');
      expect(alarm.comparison_operator).toBe('LessThanThreshold');
      expect(alarm.treat_missing_data).toBe('breaching');
    }
  });

  it('GIVEN one more account in a shard of its own WHEN synthesized THEN the aggregator gains only that shard\'s heartbeat alarm and the management stack is unchanged', () => {
    const grown = exampleConfig();
    grown.accounts.push({ name: 'workload-new', id: '666666666666', optInRegions: ['eu-south-2'], tags: {} });
    const after = synthStacks(grown);
    expect(JSON.stringify(after[MANAGEMENT_STACK])).toBe(JSON.stringify(stacks[MANAGEMENT_STACK]));

    const added: StackJson[] = [];
    const before = stacks[AGGREGATOR_STACK].resource;
    for (const [type, resources] of Object.entries<Record<string, StackJson>>(after[AGGREGATOR_STACK].resource)) {
      for (const [name, resource] of Object.entries(resources)) if (!before[type]?.[name]) added.push({ type, ...resource });
    }
    expect(added).toHaveLength(1);
    expect(added[0].type).toBe('aws_cloudwatch_metric_alarm');
    expect(added[0].metric_name).toBe(HEARTBEAT_METRIC_FILTER.metricName);
    expect(Object.values(added[0].dimensions)).toEqual([String(heartbeatShard('666666666666'))]);
    expect(added[0].threshold).toBe(heartbeatShardThreshold(1));
  });
});
