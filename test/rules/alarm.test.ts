import { CIS_FILTERS } from '../../detection/catalogue';
import { describeRule } from './fixture';

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
    message: `no alarm on metric SigninWatch/${CIS_FILTERS[2].metricName}`,
  },
]);

describeRule('SW-ALARM-4', [
  {
    name: 'no FailedInvocations alarm on the forwarder rule',
    breakIt: (f) => f.r['forwarder-FailedInvocations'].addOverride('dimensions.RuleName', 'another-rule'),
    message: 'no AWS/Events FailedInvocations alarm with RuleName = this rule',
  },
  {
    name: 'no depth alarm on a dead-letter queue',
    breakIt: (f) => f.r['central-dlq-depth'].addOverride('metric_name', 'NumberOfMessagesSent'),
    message: 'no AWS/SQS ApproximateNumberOfMessagesVisible alarm on this dead-letter queue',
  },
]);
