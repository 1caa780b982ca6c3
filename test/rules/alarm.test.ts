import { trailMetricNamespace } from '../../config/names';
import { CIS_FILTERS } from '../../detection/catalogue';
import { buildFixture, describeRule, exampleConfig, findingsOf } from './fixture';

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

describe('SW-ALARM-1 has no exemption any more (issue 18 item 2)', () => {
  it('GIVEN an alarm without actions named like a forwarder alarm WHEN the pack runs THEN SW-ALARM-1 reports it', () => {
    const fixture = buildFixture(exampleConfig());
    fixture.r['forwarder-dlq-depth'].addOverride('alarm_name', 'signin-watch-forwarder-dlq-depth');
    fixture.r['forwarder-dlq-depth'].addOverride('alarm_actions', undefined);
    const alarm1 = findingsOf(fixture).filter((finding) => finding.rule === 'SW-ALARM-1').map((finding) => finding.message);
    expect(alarm1).toEqual(['alarm_actions must name the alert topic']);
  });
});
