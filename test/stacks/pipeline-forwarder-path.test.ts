/**
 * pipeline-tampering on the bus path, end to end on the synthesized stacks of
 * the example organization: each firing record of the pipeline-tampering
 * fixtures, as the EventBridge envelope CloudTrail puts on the default bus of
 * its account and region, is forwarded by a synthesized forwarder rule of that
 * member region (a default-bus rule whose target is the aggregator's central
 * bus) and then matched by the synthesized aggregator rule
 * `<prefix>-alert-pipeline-tampering`, under both readings of the unverified
 * missing-field behaviours. The near misses are neither forwarded nor alerted.
 * The patterns are read from the synthesized Terraform, not from the
 * catalogue: removing the pipeline forwarder from the member stacks fails it.
 */
import { AGGREGATOR_STACK, centralAlertRuleName, centralBusName, forwarderRuleName, memberStackName } from '../../config/names';
import { forwardedRegions } from '../../config/regions';
import { wrapRecord } from '../../detection/envelope';
import { compileEventPattern } from '../../detection/eventbridge-pattern';
import { PIPELINE_TAMPERING_FILE } from '../../classify/corpus';
import { READINGS, readLabelled } from '../detection/helpers';
import { exampleConfig, resourcesOfType, synthStacks, type StackJson } from '../support/synth';

const config = exampleConfig();
const fixtures = readLabelled(PIPELINE_TAMPERING_FILE);
const fires = fixtures.filter((line) => line.expected.includes('pipeline-tampering'));
const nearMisses = fixtures.filter((line) => line.id.startsWith('pipe-near-'));
const deploys = fixtures.filter((line) => line.id.startsWith('pipe-deploy-'));

type Envelope = ReturnType<typeof wrapRecord>;
type Matcher = (envelope: Envelope) => boolean;

/** A pattern matcher that must agree under both readings (throws when the readings disagree). */
function matcherOf(pattern: unknown): Matcher {
  const compiled = compileEventPattern(pattern);
  return (envelope) => {
    const results = READINGS.map((reading) => compiled(envelope, reading.eventPattern));
    if (results.some((result) => result !== results[0])) throw new Error(`the missing-field readings disagree on ${envelope.id}`);
    return results[0];
  };
}

describe('pipeline-tampering travels the bus path: member forwarder, then the aggregator alert rule', () => {
  let stacks: Record<string, StackJson>;
  let alertRule: Matcher;
  let busArn: string;

  beforeAll(() => {
    stacks = synthStacks(config);
    const aggregator = stacks[AGGREGATOR_STACK];
    // Deployed as several rules (<name>, <name>-2, …): the calls do not fit one EventBridge pattern.
    const base = centralAlertRuleName(config, 'pipeline-tampering');
    const rules = Object.values(resourcesOfType(aggregator, 'aws_cloudwatch_event_rule')).filter(
      (rule) => rule.name === base || new RegExp(`^${base}-[2-9]$`).test(String(rule.name)),
    );
    expect(rules.length).toBeGreaterThan(1);
    const buses = Object.entries(resourcesOfType(aggregator, 'aws_cloudwatch_event_bus'));
    expect(buses).toHaveLength(1);
    expect(buses[0][1].name).toBe(centralBusName(config));
    expect(rules[0].event_bus_name).toBe(`\${aws_cloudwatch_event_bus.${buses[0][0]}.name}`);
    for (const rule of rules) expect(rule.event_bus_name).toBe(rules[0].event_bus_name);
    const parts = rules.map((rule) => matcherOf(JSON.parse(rule.event_pattern)));
    alertRule = (envelope) => parts.some((matches) => matches(envelope));
    const provider = (aggregator.provider.aws as StackJson[])[0];
    busArn = `arn:aws:events:${provider.region}:${provider.allowed_account_ids[0]}:event-bus/${centralBusName(config)}`;
  });

  /** The synthesized default-bus rules of the record's account and region that target the central bus. */
  function forwardersFor(envelope: Envelope): { name: string; matches: Matcher }[] {
    const account = config.accounts.find((candidate) => candidate.id === envelope.account);
    if (!account) throw new Error(`no account ${envelope.account} in the example config`);
    expect(forwardedRegions(config, account)).toContain(envelope.region);
    const member = stacks[memberStackName(account)];
    const rules = resourcesOfType(member, 'aws_cloudwatch_event_rule');
    const targets = Object.values(resourcesOfType(member, 'aws_cloudwatch_event_target')).filter(
      (target) => target.provider === `aws.${envelope.region}` && target.arn === busArn,
    );
    return targets.map((target) => {
      const rule = rules[/^\$\{aws_cloudwatch_event_rule\.(.+)\.name\}$/.exec(target.rule)![1]];
      expect(rule.event_bus_name).toBe('default');
      return { name: rule.name as string, matches: matcherOf(JSON.parse(rule.event_pattern)) };
    });
  }

  const forwarded = (envelope: Envelope) => forwardersFor(envelope).some(({ matches }) => matches(envelope));

  it('GIVEN the fixtures WHEN read THEN there are firing records in a default region and in us-east-1 (IAM), and near misses', () => {
    expect(fires.length).toBeGreaterThan(20);
    expect(new Set(fires.map((line) => wrapRecord(line.event).region))).toEqual(new Set(['eu-west-1', 'us-east-1']));
    expect(nearMisses.length).toBeGreaterThanOrEqual(12);
  });

  it('GIVEN each firing record WHEN put on its member region\'s default bus THEN a synthesized forwarder carries it to the central bus and the synthesized alert-pipeline-tampering rule matches it', () => {
    for (const line of fires) {
      const envelope = wrapRecord(line.event);
      expect([line.id, forwarded(envelope), alertRule(envelope)]).toEqual([line.id, true, true]);
    }
  });

  it('GIVEN each near miss WHEN put on the default bus THEN no forwarder carries it and the alert rule does not match it', () => {
    for (const line of nearMisses) {
      const envelope = wrapRecord(line.event);
      expect([line.id, forwarded(envelope), alertRule(envelope)]).toEqual([line.id, false, false]);
    }
  });

  it('GIVEN a deploy-session call WHEN put on the default bus THEN it is forwarded (logged and counted centrally) but the alert rule leaves it to the grouped count', () => {
    for (const line of deploys) {
      const envelope = wrapRecord(line.event);
      expect([line.id, forwarded(envelope), alertRule(envelope)]).toEqual([line.id, true, false]);
    }
  });

  it('GIVEN the firing records WHEN tested against the sign-in forwarder alone THEN none would reach the central bus: the pipeline forwarder carries them', () => {
    for (const line of fires) {
      const envelope = wrapRecord(line.event);
      const signIn = forwardersFor(envelope).filter(({ name }) => name === forwarderRuleName(config));
      expect(signIn).toHaveLength(1);
      expect([line.id, signIn[0].matches(envelope)]).toEqual([line.id, false]);
    }
  });
});
