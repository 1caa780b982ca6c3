/**
 * The heartbeat travels the forwarder path: the event EventBridge Scheduler
 * puts on a member region's default bus (built from the synthesized schedule)
 * matches that region's synthesized forwarder rule, and then the central
 * heartbeat pattern the aggregator counts.
 */
import { enabledRegions } from '../../config/regions';
import { forwarderRuleName, memberStackName } from '../../config/names';
import { heartbeatPattern, HEARTBEAT_SOURCE } from '../../detection/catalogue';
import { HEARTBEAT_DETAIL } from '../../stacks/constructs/heartbeat';
import { matchesEventPattern } from '../../detection/eventbridge-pattern';
import { exampleConfig, resourcesOfType, synthStacks, type StackJson } from '../support/synth';

/** The envelope the Scheduler's templated PutEvents target produces from a schedule's target block. */
function heartbeatEnvelope(target: StackJson, accountId: string, region: string) {
  return {
    version: '0',
    id: '6a7e8feb-b491-4cf7-a9f1-bf3703467718',
    'detail-type': target.eventbridge_parameters.detail_type,
    source: target.eventbridge_parameters.source,
    account: accountId,
    time: '2026-11-25T10:00:00Z',
    region,
    resources: [],
    detail: JSON.parse(target.input),
  };
}

function inRegion(json: StackJson, type: string, region: string, match: (resource: StackJson) => boolean = () => true): StackJson {
  const found = Object.values(resourcesOfType(json, type)).filter((resource) => resource.provider === `aws.${region}` && match(resource));
  expect(found).toHaveLength(1);
  return found[0];
}

describe('heartbeats through the forwarder', () => {
  const config = exampleConfig();
  let stacks: Record<string, StackJson>;

  beforeAll(() => {
    stacks = synthStacks(config);
  });

  it('uses a custom source, which PutEvents accepts (sources starting with "aws." are reserved)', () => {
    expect(HEARTBEAT_SOURCE.startsWith('aws.')).toBe(false);
  });

  it.each(config.accounts.map((account) => [account.name, account] as const))(
    'GIVEN member-%s WHEN a heartbeat is put on a region\'s default bus THEN that region\'s forwarder rule and the central heartbeat pattern match it',
    (_name, account) => {
      const json = stacks[memberStackName(account)];
      for (const region of enabledRegions(account)) {
        const schedule = inRegion(json, 'aws_scheduler_schedule', region);
        const rule = inRegion(json, 'aws_cloudwatch_event_rule', region, (candidate) => candidate.name === forwarderRuleName(config));
        const envelope = heartbeatEnvelope(schedule.target, account.id, region);
        expect(envelope.detail).toEqual(HEARTBEAT_DETAIL);
        expect(matchesEventPattern(JSON.parse(rule.event_pattern), envelope)).toBe(true);
        expect(matchesEventPattern(heartbeatPattern(), envelope)).toBe(true);
      }
    },
  );

  it('GIVEN a heartbeat of another product WHEN put on the default bus THEN the forwarder does not forward it', () => {
    const account = config.accounts[0];
    const json = stacks[memberStackName(account)];
    const region = enabledRegions(account)[0];
    const schedule = inRegion(json, 'aws_scheduler_schedule', region);
    const rule = inRegion(json, 'aws_cloudwatch_event_rule', region, (candidate) => candidate.name === forwarderRuleName(config));
    const foreign = { ...heartbeatEnvelope(schedule.target, account.id, region), source: 'other-product.heartbeat' };
    expect(matchesEventPattern(JSON.parse(rule.event_pattern), foreign)).toBe(false);
  });
});
