/**
 * Cross-stack consistency between the member stacks and the aggregator: the
 * forwarders target the bus the aggregator creates, and each member's weighted
 * heartbeats add up to what the aggregator's per-account alarm expects.
 */
import { enabledRegions } from '../../config/regions';
import type { OrgConfig } from '../../config/schema';
import { AGGREGATOR_STACK, HEARTBEAT_PERIOD_SECONDS, HEARTBEAT_SCHEDULE_EXPRESSION, MANAGEMENT_STACK, memberStackName } from '../../config/names';
import { HEARTBEAT_ALARM_THRESHOLD, HEARTBEAT_METRIC_FILTER } from '../../detection/catalogue';
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
      const targets = Object.values(resourcesOfType(stacks[memberStackName(account)], 'aws_cloudwatch_event_target'));
      expect(targets).toHaveLength(enabledRegions(account).length);
      for (const target of targets) expect(target.arn).toBe(busArn);
    }
  });

  it('the aggregator bus policy admits PutEvents on that same bus ARN', () => {
    const busArn = aggregatorBusArn(stacks[AGGREGATOR_STACK]);
    const policies = Object.values(resourcesOfType(stacks[AGGREGATOR_STACK], 'aws_cloudwatch_event_bus_policy'));
    expect(policies).toHaveLength(1);
    const statements: StackJson[] = JSON.parse(policies[0].policy).Statement;
    expect(statements.filter((statement) => statement.Effect === 'Allow').map((statement) => statement.Resource)).toEqual([busArn]);
  });

  it("each account has one heartbeat alarm with the same weighted threshold, and each member's heartbeat weights sum to 1 across its regions", () => {
    const alarms = heartbeatAlarms(stacks[AGGREGATOR_STACK]);
    expect(Object.keys(alarms).sort()).toEqual(config.accounts.map((account) => account.id).sort());
    expect(HEARTBEAT_SCHEDULE_EXPRESSION).toBe(`rate(${HEARTBEAT_PERIOD_SECONDS / 3600} hour)`);
    for (const account of config.accounts) {
      const schedules = Object.values(resourcesOfType(stacks[memberStackName(account)], 'aws_scheduler_schedule'));
      expect(schedules.every((schedule) => schedule.schedule_expression === HEARTBEAT_SCHEDULE_EXPRESSION)).toBe(true);
      // What the aggregator's metric filter adds per heartbeat ($.detail.weight), summed over one period of every region.
      const weights = schedules.map((schedule) => readPath({ detail: JSON.parse(schedule.target.input) }, HEARTBEAT_METRIC_FILTER.metricValue!) as number);
      const hourly = weights.reduce((sum, weight) => sum + weight, 0);
      expect(Math.abs(hourly - 1)).toBeLessThanOrEqual(1e-4);
      const alarm = alarms[account.id];
      expect(alarm.threshold).toBe(HEARTBEAT_ALARM_THRESHOLD);
      expect(hourly).toBeGreaterThanOrEqual(alarm.threshold);
      // One region short (the smallest weight missing) must breach.
      expect(hourly - Math.min(...weights)).toBeLessThan(alarm.threshold);
      expect(alarm.period).toBe(HEARTBEAT_PERIOD_SECONDS);
      expect(alarm.statistic).toBe('Sum');
      expect(alarm.comparison_operator).toBe('LessThanThreshold');
      expect(alarm.treat_missing_data).toBe('breaching');
    }
  });

  it('GIVEN one more account WHEN synthesized THEN the aggregator gains only that account\'s heartbeat alarm and the management stack is unchanged', () => {
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
    expect(Object.values(added[0].dimensions)).toEqual(['666666666666']);
    expect(added[0].threshold).toBe(HEARTBEAT_ALARM_THRESHOLD);
  });
});
