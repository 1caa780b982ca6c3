/**
 * Forwarder health without a single alarm in a member region (docs/aggregator.md,
 * "Forwarder health at scale"): each failure mode of a member region's
 * forwarder still produces an alert within 2 hours. The signal path is
 * modelled at metric level from the synthesized Terraform of the example
 * organization, with the project's own evaluators:
 *
 * - every member region's heartbeat schedule puts its envelope (source,
 *   detail-type, input as synthesized) on the default bus every period;
 * - it reaches the central bus only if the region's forwarder rule exists and
 *   its pattern matches (EventBridge pattern evaluator), and the forwarder
 *   role's policy plus the central bus policy allow events:PutEvents (IAM
 *   policy simulator); otherwise EventBridge dead-letters it (no retry for
 *   permission errors: EventBridge user guide, "Using dead-letter queues");
 * - the aggregator's heartbeat rule and metric filter (Logs filter evaluator,
 *   value and dimension selectors) turn delivered heartbeats into per-shard
 *   sums per period; each synthesized shard alarm is evaluated period by
 *   period (threshold, comparison, evaluation periods, missing data);
 * - every dead-lettered event is an SQS SendMessage data event of the
 *   organization trail, which the management stack's filter counts and its
 *   synthesized alarm evaluates (5-minute periods).
 * The trail's delivery delay to CloudWatch Logs is taken as 15 minutes (an
 * assumption stated here; CloudTrail documents typical delivery within
 * minutes, not a bound).
 */
import { forwarderDlqName, forwarderRoleName, HEARTBEAT_PERIOD_SECONDS, MANAGEMENT_STACK, memberStackName, trailLogGroupName } from '../../config/names';
import type { OrgConfig } from '../../config/schema';
import { AGGREGATOR_STACK, heartbeatLogRuleName } from '../../config/names';
import { CHECK_INTERVAL_MINUTES, observationOf, silentRegions, type Observation } from '../../detection/health/check';
import { healthModel } from '../../detection/health/model';
import { matchesEventPattern } from '../../detection/eventbridge-pattern';
import { compileLogsFilter } from '../../detection/logs-filter';
import { forwarderDeadLetterAlarmSpec } from '../../stacks/management';
import { decide } from '../support/iam-simulation';
import { exampleConfig, resourcesOfType, synthStacks, type StackJson } from '../support/synth';

const TWO_HOURS = 2 * 3600;
const TRAIL_DELIVERY_DELAY = 15 * 60;
/** The simulated break happens at this time (seconds); six healthy hours come first. */
const BREAK_AT = 6 * 3600 + 7 * 60;
const SIMULATED = 12 * 3600;

interface Heartbeat {
  stack: string;
  account: string;
  region: string;
  /** Offset of the schedule's runs within its period (seconds). */
  offset: number;
  envelope: Record<string, unknown>;
}

type Failure =
  | { kind: 'none' }
  | { kind: 'rule deleted' | 'role policy removed' | 'bus policy denying'; account: string; region?: string }
  | { kind: 'DLQ receiving'; account: string; region: string };

function providerOf(json: StackJson, resource: StackJson): { account: string; region: string } {
  const provider = (json.provider.aws as StackJson[]).find((candidate) => `aws.${candidate.alias}` === resource.provider)!;
  return { account: provider.allowed_account_ids[0], region: provider.region };
}

function heartbeatsOf(config: OrgConfig, stacks: Record<string, StackJson>): Heartbeat[] {
  const heartbeats: Heartbeat[] = [];
  config.accounts.forEach((account, accountIndex) => {
    const stack = memberStackName(account);
    Object.values(resourcesOfType(stacks[stack], 'aws_scheduler_schedule')).forEach((schedule, index) => {
      const place = providerOf(stacks[stack], schedule);
      heartbeats.push({
        stack,
        ...place,
        // Schedules start when they are created: spread them over the period, some right at its edges.
        offset: (accountIndex * 97 + index * 131) % HEARTBEAT_PERIOD_SECONDS,
        envelope: {
          version: '0',
          id: `${place.account}-${place.region}`,
          source: schedule.target.eventbridge_parameters.source,
          'detail-type': schedule.target.eventbridge_parameters.detail_type,
          account: place.account,
          region: place.region,
          time: '2026-11-30T00:00:00Z',
          resources: [],
          detail: JSON.parse(schedule.target.input),
        },
      });
    });
  });
  return heartbeats;
}

/** The member stacks and aggregator as a broken organization would have them deployed. */
function broken(stacks: Record<string, StackJson>, config: OrgConfig, failure: Failure): Record<string, StackJson> {
  const copy = JSON.parse(JSON.stringify(stacks)) as Record<string, StackJson>;
  if (failure.kind === 'rule deleted') {
    const stack = copy[memberStackName(config.accounts.find((account) => account.id === failure.account)!)];
    const rules = resourcesOfType(stack, 'aws_cloudwatch_event_rule');
    for (const [id, rule] of Object.entries(rules)) if (providerOf(stack, rule).region === failure.region) delete rules[id];
  }
  if (failure.kind === 'role policy removed') {
    const stack = copy[memberStackName(config.accounts.find((account) => account.id === failure.account)!)];
    const policies = resourcesOfType(stack, 'aws_iam_role_policy');
    const roles = resourcesOfType(stack, 'aws_iam_role');
    const roleId = Object.entries(roles).find(([, role]) => role.name === forwarderRoleName(config))![0];
    for (const [id, policy] of Object.entries(policies)) if (policy.role === `\${aws_iam_role.${roleId}.name}`) delete policies[id];
  }
  if (failure.kind === 'bus policy denying') {
    const [policy] = Object.values(resourcesOfType(copy[AGGREGATOR_STACK], 'aws_cloudwatch_event_bus_policy'));
    const document = JSON.parse(policy.policy);
    document.Statement.push({ Sid: 'DenyOneAccount', Effect: 'Deny', Principal: '*', Action: 'events:PutEvents', Resource: '*', Condition: { StringEquals: { 'aws:PrincipalAccount': failure.account } } });
    policy.policy = JSON.stringify(document);
  }
  return copy;
}

/** Whether EventBridge delivers this heartbeat from its default bus to the central bus; 'dead-letter' when the target call is refused. */
async function forward(stacks: Record<string, StackJson>, config: OrgConfig, heartbeat: Heartbeat): Promise<'delivered' | 'not matched' | 'dead-letter'> {
  const stack = stacks[heartbeat.stack];
  // EventBridge tests the event against every rule of the bus (a region has two forwarders: sign-ins and pipeline calls).
  const rule = Object.entries(resourcesOfType(stack, 'aws_cloudwatch_event_rule')).find(
    ([, candidate]) => providerOf(stack, candidate).region === heartbeat.region && matchesEventPattern(JSON.parse(candidate.event_pattern), heartbeat.envelope),
  );
  if (!rule) return 'not matched';
  const target = Object.values(resourcesOfType(stack, 'aws_cloudwatch_event_target')).find((candidate) => candidate.rule === `\${aws_cloudwatch_event_rule.${rule[0]}.name}`)!;
  const roleId = /^\$\{aws_iam_role\.([^.]+)\.arn\}$/.exec(target.role_arn)![1];
  const rolePolicies = Object.values(resourcesOfType(stack, 'aws_iam_role_policy'))
    .filter((policy) => policy.role === `\${aws_iam_role.${roleId}.name}`)
    .map((policy) => JSON.parse(policy.policy));
  const [busPolicy] = Object.values(resourcesOfType(stacks[AGGREGATOR_STACK], 'aws_cloudwatch_event_bus_policy'));
  const roleArn = `arn:aws:iam::${heartbeat.account}:role/${forwarderRoleName(config)}`;
  const decision = await decide({
    principal: roleArn,
    action: 'events:PutEvents',
    resource: target.arn,
    resourceAccount: target.arn.split(':')[4],
    identityPolicies: rolePolicies,
    resourcePolicy: JSON.parse(busPolicy.policy),
    context: { 'aws:PrincipalOrgID': config.organization.id, 'aws:PrincipalArn': roleArn, 'aws:PrincipalAccount': heartbeat.account },
  });
  return decision === 'Allowed' ? 'delivered' : 'dead-letter';
}

interface AlarmBody {
  alarm_name: string;
  period: number;
  evaluation_periods: number;
  threshold: number;
  comparison_operator: string;
  treat_missing_data: string;
  dimensions?: Record<string, string>;
  metric_name: string;
}

function breaches(alarm: AlarmBody, value: number | undefined): boolean {
  if (value === undefined) return alarm.treat_missing_data === 'breaching';
  switch (alarm.comparison_operator) {
    case 'LessThanThreshold':
      return value < alarm.threshold;
    case 'GreaterThanOrEqualToThreshold':
      return value >= alarm.threshold;
    default:
      throw new Error(`comparison ${alarm.comparison_operator} not modelled`);
  }
}

/** First time (end of a period) the alarm is in ALARM: its last `evaluation_periods` periods all breach. */
function firstAlarm(alarm: AlarmBody, valueOf: (periodStart: number) => number | undefined): number | undefined {
  let run = 0;
  for (let start = 0; start + alarm.period <= SIMULATED; start += alarm.period) {
    run = breaches(alarm, valueOf(start)) ? run + 1 : 0;
    if (run >= alarm.evaluation_periods) return start + alarm.period;
  }
  return undefined;
}

describe('every forwarder failure mode alerts within 2 hours, with no alarm in any member region', () => {
  let config: OrgConfig;
  let stacks: Record<string, StackJson>;
  let heartbeats: Heartbeat[];

  beforeAll(() => {
    config = exampleConfig();
    stacks = synthStacks(config);
    heartbeats = heartbeatsOf(config, stacks);
  });

  /** Alerts (alarm name -> first ALARM time) when `failure` happens at BREAK_AT. */
  async function alertsFor(failure: Failure): Promise<Map<string, number>> {
    const after = broken(stacks, config, failure);
    const alerts = new Map<string, number>();

    // Outcome of each heartbeat schedule before and after the break (policies do not change in between).
    const outcomes = new Map<Heartbeat, { before: string; after: string }>();
    for (const heartbeat of heartbeats) outcomes.set(heartbeat, { before: await forward(stacks, config, heartbeat), after: await forward(after, config, heartbeat) });

    // Aggregator: heartbeat rule -> log -> the health check every 15 minutes (envelope account and region only).
    const aggregator = stacks[AGGREGATOR_STACK];
    const heartbeatRule = Object.values(resourcesOfType(aggregator, 'aws_cloudwatch_event_rule')).find((rule) => rule.name === heartbeatLogRuleName(config))!;
    const observations: Observation[] = [];
    for (const heartbeat of heartbeats) {
      for (let time = heartbeat.offset; time < SIMULATED; time += HEARTBEAT_PERIOD_SECONDS) {
        const outcome = time < BREAK_AT ? outcomes.get(heartbeat)!.before : outcomes.get(heartbeat)!.after;
        if (outcome !== 'delivered' || !matchesEventPattern(JSON.parse(heartbeatRule.event_pattern), heartbeat.envelope)) continue;
        const observation = observationOf({ ...heartbeat.envelope, time: new Date(time * 1000).toISOString() });
        if (observation) observations.push(observation);
      }
    }
    const model = healthModel(config);
    // Checks start once two heartbeat periods have passed (a freshly deployed organization has no history).
    for (let check = 2 * HEARTBEAT_PERIOD_SECONDS; check < SIMULATED; check += CHECK_INTERVAL_MINUTES * 60) {
      const silent = silentRegions(model, observations.filter((o) => o.lastSeen <= check * 1000), check * 1000);
      for (const region of silent) if (!alerts.has(`forwarder-silent ${region.account}/${region.region}`)) alerts.set(`forwarder-silent ${region.account}/${region.region}`, check);
    }

    // Management: dead-lettered events as SQS data events of the trail -> filter -> 5-minute alarm.
    const deadLetters: Array<{ time: number; record: Record<string, unknown> }> = [];
    const dead = (account: string, region: string, time: number) =>
      deadLetters.push({
        time: time + TRAIL_DELIVERY_DELAY,
        record: {
          eventSource: 'sqs.amazonaws.com',
          eventName: 'SendMessage',
          eventCategory: 'Data',
          recipientAccountId: account,
          awsRegion: region,
          userIdentity: { type: 'AWSService', invokedBy: 'events.amazonaws.com' },
          requestParameters: { queueUrl: `https://sqs.${region}.amazonaws.com/${account}/${forwarderDlqName(config)}` },
        },
      });
    for (const heartbeat of heartbeats) {
      for (let time = heartbeat.offset; time < SIMULATED; time += HEARTBEAT_PERIOD_SECONDS) {
        if (time >= BREAK_AT && outcomes.get(heartbeat)!.after === 'dead-letter') dead(heartbeat.account, heartbeat.region, time);
      }
    }
    // A sign-in event dead-lettered while the region's heartbeats still get through (e.g. a policy condition on its source).
    if (failure.kind === 'DLQ receiving') dead(failure.account, failure.region, BREAK_AT);

    const management = stacks[MANAGEMENT_STACK];
    const spec = forwarderDeadLetterAlarmSpec(config);
    const trailFilter = Object.values(resourcesOfType(management, 'aws_cloudwatch_log_metric_filter')).find((candidate) => candidate.name === spec.metricName)!;
    expect(trailFilter.log_group_name).toBe(trailLogGroupName(config));
    const trailCompiled = compileLogsFilter(trailFilter.pattern);
    const trailAlarm = (Object.values(resourcesOfType(management, 'aws_cloudwatch_metric_alarm')) as AlarmBody[]).find((alarm) => alarm.metric_name === spec.metricName)!;
    const counts = new Map<number, number>();
    for (const { time, record } of deadLetters) {
      if (!trailCompiled.matches(record)) continue;
      const start = time - (time % trailAlarm.period);
      counts.set(start, (counts.get(start) ?? 0) + 1);
    }
    const at = firstAlarm(trailAlarm, (start) => counts.get(start));
    if (at !== undefined) alerts.set(trailAlarm.alarm_name, at);
    return alerts;
  }

  it('GIVEN a healthy organization WHEN twelve hours pass THEN nothing alerts (the model does not alert by itself)', async () => {
    expect(await alertsFor({ kind: 'none' })).toEqual(new Map());
  });

  const cases: Array<[string, (config: OrgConfig) => Failure]> = [
    ['rule deleted', (c) => ({ kind: 'rule deleted', account: c.accounts[2].id, region: 'ap-southeast-2' })],
    ['role policy removed', (c) => ({ kind: 'role policy removed', account: c.accounts[3].id })],
    ['bus policy denying', (c) => ({ kind: 'bus policy denying', account: c.accounts[4].id })],
    ['DLQ receiving', (c) => ({ kind: 'DLQ receiving', account: c.accounts[1].id, region: 'eu-north-1' })],
  ];

  it.each(cases)('GIVEN the forwarder failure "%s" in one account-region WHEN it happens THEN an alarm fires within 2 hours', async (kind, failureOf) => {
    const alerts = await alertsFor(failureOf(config));
    expect(alerts.size).toBeGreaterThan(0);
    const first = Math.min(...alerts.values());
    expect(first).toBeGreaterThan(BREAK_AT);
    expect(first - BREAK_AT).toBeLessThanOrEqual(TWO_HOURS);
    if (kind !== 'DLQ receiving') {
      // The path is broken: the health check names the silent account-region.
      const names = [...alerts.keys()];
      expect(names.some((name) => name.startsWith('forwarder-silent '))).toBe(true);
    }
  });
});
