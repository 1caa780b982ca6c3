import { CloudwatchMetricAlarm } from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm';
import type { CloudwatchEventRule } from '@cdktf/provider-aws/lib/cloudwatch-event-rule';
import { forwarderDlqDepthAlarmName, forwarderLostEventsAlarmName, managementAccount, trailMetricNamespace } from '../../config/names';
import { CIS_FILTERS, forwarderPatternFor, SIGN_IN_SOURCE } from '../../detection/catalogue';
import { buildFixture, describeRule, exampleConfig, findingsOf, type Fixture } from './fixture';

const cisAlarm = `alarm-${CIS_FILTERS[2].id}`;

describeRule('SW-ALARM-1', [
  { name: 'an alarm with actions disabled', breakIt: (f) => f.r[cisAlarm].addOverride('actions_enabled', false), message: 'actions_enabled must not be false' },
  { name: 'an alarm notifying nobody', breakIt: (f) => f.r[cisAlarm].addOverride('alarm_actions', undefined), message: 'alarm_actions must name the alert topic' },
  {
    name: 'an alarm triggering something else than a topic',
    breakIt: (f) => f.r[cisAlarm].addOverride('alarm_actions', ['arn:aws:automate:eu-west-1:ec2:stop']),
    message: 'alarm action arn:aws:automate:eu-west-1:ec2:stop is not an SNS topic',
  },
]);

describeRule('SW-ALARM-2', [
  { name: 'a one-minute period', breakIt: (f) => f.r[cisAlarm].addOverride('period', 60), message: 'period must be 300 (got 60)' },
  { name: 'missing data breaching', breakIt: (f) => f.r[cisAlarm].addOverride('treat_missing_data', 'breaching'), message: 'treat_missing_data must be "notBreaching"' },
  { name: 'a zero threshold', breakIt: (f) => f.r[cisAlarm].addOverride('threshold', 0), message: 'threshold must be a literal >= 1' },
  { name: 'Average instead of Sum', breakIt: (f) => f.r[cisAlarm].addOverride('statistic', 'Average'), message: 'statistic must be "Sum"' },
]);

describeRule('SW-ALARM-3', [
  {
    name: 'a CIS filter whose alarm watches another metric',
    breakIt: (f) => f.r[cisAlarm].addOverride('metric_name', 'Other'),
    message: `no alarm on metric ${trailMetricNamespace(exampleConfig())}/${CIS_FILTERS[2].metricName}`,
  },
]);

describeRule('SW-ALARM-4', [
  {
    name: 'no FailedInvocations alarm on a central rule',
    breakIt: (f) => f.r['central-FailedInvocations'].addOverride('dimensions.RuleName', 'another-rule'),
    message: 'no AWS/Events FailedInvocations alarm with RuleName = this rule',
  },
  {
    name: 'no depth alarm on a dead-letter queue',
    breakIt: (f) => f.r['central-dlq-depth'].addOverride('metric_name', 'NumberOfMessagesSent'),
    message: 'no AWS/SQS ApproximateNumberOfMessagesVisible alarm on this dead-letter queue',
  },
  {
    // On the default bus the pipeline forwarder (no alarm of its own) is watched centrally; elsewhere it is just a rule.
    name: 'the pipeline-forwarder rule moved off the default bus (no longer a forwarder) without alarms',
    breakIt: (f) => f.r.pipelineRule.addOverride('event_bus_name', 'custom'),
    message: 'no AWS/Events FailedInvocations alarm with RuleName = this rule',
  },
]);

/**
 * The member-region variant: the forwarder has no topic-notifying alarms but
 * event-routed ones (no actions, forwarded-alarm prefix, state changes matched
 * by the forwarder rule's own pattern), as the member stacks built before the
 * central watch (docs/aggregator.md): SW-ALARM-1 still checks such alarms' routing.
 */
function routeForwarderAlarmsAsEvents(fixture: Fixture): void {
  const { stack, config, r } = fixture;
  for (const id of ['forwarder-FailedInvocations', 'forwarder-InvocationsSentToDlq']) {
    expect(stack.node.tryRemoveChild(id)).toBe(true);
  }
  r.forwarderRule.addOverride('event_pattern', JSON.stringify(forwarderPatternFor(config, managementAccount(config))));
  r['forwarder-dlq-depth'].addOverride('alarm_name', forwarderDlqDepthAlarmName(config));
  r['forwarder-dlq-depth'].addOverride('alarm_actions', undefined);
  r.lostEvents = new CloudwatchMetricAlarm(stack, 'forwarder-lost-events', {
    alarmName: forwarderLostEventsAlarmName(config),
    comparisonOperator: 'GreaterThanOrEqualToThreshold',
    evaluationPeriods: 1,
    period: 300,
    statistic: 'Sum',
    threshold: 1,
    treatMissingData: 'notBreaching',
    namespace: 'AWS/Events',
    metricName: 'InvocationsFailedToBeSentToDlq',
    dimensions: { RuleName: (r.forwarderRule as CloudwatchEventRule).name },
  });
}

describe('SW-ALARM-4 and member-region forwarders', () => {
  it('GIVEN a forwarder (default-bus rule to a bus outside the stack) with no alarm at all WHEN the pack runs THEN SW-ALARM-4 leaves it and its DLQ to the central watch, but still reports a central rule without alarms', () => {
    const fixture = buildFixture(exampleConfig());
    for (const id of ['forwarder-FailedInvocations', 'forwarder-InvocationsSentToDlq', 'forwarder-dlq-depth']) {
      expect(fixture.stack.node.tryRemoveChild(id)).toBe(true);
    }
    fixture.r['central-FailedInvocations'].addOverride('dimensions.RuleName', 'another-rule');
    const alarm4 = findingsOf(fixture).filter((finding) => finding.rule === 'SW-ALARM-4').map((finding) => finding.message);
    expect(alarm4).toEqual([expect.stringContaining('no AWS/Events FailedInvocations alarm with RuleName = this rule')]);
  });
});

describe('SW-ALARM-4 and SW-ALARM-1 with event-routed forwarder alarms', () => {
  const findings = (breakIt: (fixture: Fixture) => void = () => undefined) => {
    const fixture = buildFixture(exampleConfig());
    routeForwarderAlarmsAsEvents(fixture);
    breakIt(fixture);
    const all = findingsOf(fixture);
    const of = (rule: string) => all.filter((finding) => finding.rule === rule).map((finding) => finding.message);
    return { alarm1: of('SW-ALARM-1'), alarm4: of('SW-ALARM-4') };
  };

  it('GIVEN a forwarder whose DLQ-depth and failed-to-DLQ alarms are event-routed WHEN the pack runs THEN neither rule finds anything', () => {
    expect(findings()).toEqual({ alarm1: [], alarm4: [] });
  });

  it('GIVEN the forwarder pattern without the alarm branch WHEN the pack runs THEN both alarms are unrouted: SW-ALARM-4 and SW-ALARM-1 report them', () => {
    const { alarm1, alarm4 } = findings((f) => f.r.forwarderRule.addOverride('event_pattern', JSON.stringify({ source: [SIGN_IN_SOURCE] })));
    const unmatched = `the forwarder rule of its region (${exampleConfig().trail.region}) does not match its ALARM state-change event`;
    expect(alarm4).toEqual([]); // forwarders are watched centrally (SW-ALARM-4 leaves them alone)
    expect(alarm1).toEqual([expect.stringContaining(unmatched), expect.stringContaining(unmatched)]);
  });

  it('GIVEN the failed-to-DLQ alarm named without the forwarded-alarm prefix WHEN the pack runs THEN it is not event-routed', () => {
    const { alarm1, alarm4 } = findings((f) => f.r.lostEvents.addOverride('alarm_name', 'lost-forwarded-events'));
    expect(alarm4).toEqual([]);
    expect(alarm1).toEqual([expect.stringContaining('alarm_actions must name the alert topic')]);
  });


  it('GIVEN an alarm without actions that is not a forwarder alarm (a central rule\'s) WHEN the pack runs THEN SW-ALARM-1 still reports it', () => {
    const { alarm1 } = findings((f) => f.r['central-FailedInvocations'].addOverride('alarm_actions', undefined));
    expect(alarm1).toEqual([expect.stringMatching(/^alarm_actions must name the alert topic .*does not start with the forwarded-alarm prefix/)]);
  });
});
