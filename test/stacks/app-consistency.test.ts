/**
 * Cross-stack consistency between the member stacks and the aggregator: the
 * forwarders target the bus the aggregator creates, and each member's weighted
 * heartbeats add up to what the aggregator's per-account alarm expects.
 */
import { pipelineForwarderPatternsFor } from '../../detection/catalogue';
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
import { checkerModel } from '../../stacks/constructs/forwarder-health';
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
      // Per region: the sign-in forwarder, and one forwarder per part of the pipeline-call pattern (pipeline tampering).
      const pipelineRules = pipelineForwarderRuleNames(config, pipelineForwarderPatternsFor(config).length);
      expect(targets).toHaveLength((1 + pipelineRules.length) * enabledRegions(account).length);
      for (const target of targets) expect(target.arn).toBe(busArn);
      const rules = resourcesOfType(member, 'aws_cloudwatch_event_rule');
      const ruleNames = targets.map((target) => rules[/^\$\{aws_cloudwatch_event_rule\.(.+)\.name\}$/.exec(target.rule)![1]].name).sort();
      expect(ruleNames).toEqual(
        enabledRegions(account).flatMap(() => [forwarderRuleName(config), ...pipelineRules]).sort(),
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

  it("the health check expects exactly the account-regions whose members send heartbeats, on the members' 30-minute schedule", () => {
    expect(HEARTBEAT_SCHEDULE_EXPRESSION).toBe(`rate(${HEARTBEAT_PERIOD_SECONDS / 60} minutes)`);
    const expected = checkerModel(config).accounts.flatMap((account) => account.regions.map((region) => `${account.id}/${region}`)).sort();
    const sent: string[] = [];
    for (const account of config.accounts) {
      for (const schedule of Object.values(resourcesOfType(stacks[memberStackName(account)], 'aws_scheduler_schedule'))) {
        expect(schedule.schedule_expression).toBe(HEARTBEAT_SCHEDULE_EXPRESSION);
        sent.push(`${account.id}/${String(schedule.target.arn).split(':')[3]}`);
      }
    }
    expect(sent.sort()).toEqual(expected);
  });

  it('GIVEN one more account WHEN synthesized THEN the aggregator gains no resource and the management stack is unchanged', () => {
    const grown = exampleConfig();
    grown.accounts.push({ name: 'workload-new', id: '666666666666', optInRegions: ['eu-south-2'], tags: {} });
    const after = synthStacks(grown);
    expect(JSON.stringify(after[MANAGEMENT_STACK])).toBe(JSON.stringify(stacks[MANAGEMENT_STACK]));
    const added: StackJson[] = [];
    const before = stacks[AGGREGATOR_STACK].resource;
    for (const [type, resources] of Object.entries<Record<string, StackJson>>(after[AGGREGATOR_STACK].resource)) {
      for (const [name, resource] of Object.entries(resources)) if (!before[type]?.[name]) added.push({ type, ...resource });
    }
    expect(added).toEqual([]);
  });
});
