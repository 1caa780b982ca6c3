/**
 * The shared metric filter + alarm constructs (stacks/constructs/metric-alarm.ts):
 * defaults of checklist items 9-10, overrides, dimensions, and the refusals.
 */
import { App, TerraformStack, Testing } from 'cdktf';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import type { OrgConfig } from '../../config/schema';
import { metricAlarmName, metricNamespace } from '../../config/names';
import { CountAlarm, MetricAlarm } from '../../stacks/constructs/metric-alarm';
import { exampleConfig, resourcesOfType, type StackJson } from '../support/synth';
import { scratchDir } from '../support/scratch';

const TOPIC_ARN = 'arn:aws:sns:eu-west-1:333333333333:test-topic';

function synthWith(build: (stack: TerraformStack, config: OrgConfig) => void): StackJson {
  const app = new App({ outdir: scratchDir() });
  const stack = new TerraformStack(app, 'test');
  new AwsProvider(stack, 'aws', { region: 'eu-west-1' });
  build(stack, exampleConfig());
  return JSON.parse(Testing.synth(stack));
}

function only(json: StackJson, type: string): StackJson {
  const all = Object.values(resourcesOfType(json, type));
  expect(all).toHaveLength(1);
  return all[0];
}

describe('MetricAlarm with defaults', () => {
  let json: StackJson;
  let config: OrgConfig;

  beforeAll(() => {
    config = exampleConfig();
    json = synthWith((stack) => {
      new MetricAlarm(stack, 'root', { config, logGroupName: '/some/group', metricName: 'RootThing', pattern: '{ $.a = "b" }', topicArn: TOPIC_ARN });
    });
  });

  it('creates a filter named as its metric, value 1 per match, default 0, in the config namespace, pattern verbatim', () => {
    expect(only(json, 'aws_cloudwatch_log_metric_filter')).toEqual({
      name: 'RootThing',
      log_group_name: '/some/group',
      pattern: '{ $.a = "b" }',
      metric_transformation: { name: 'RootThing', namespace: metricNamespace(config), value: '1', default_value: '0' },
    });
  });

  it('creates an event-count alarm on that metric: Sum, 300 s, >= 1, notBreaching, actions on, to the topic', () => {
    const filterAddress = `aws_cloudwatch_log_metric_filter.${Object.keys(resourcesOfType(json, 'aws_cloudwatch_log_metric_filter'))[0]}`;
    expect(only(json, 'aws_cloudwatch_metric_alarm')).toEqual({
      alarm_name: metricAlarmName(config, 'RootThing'),
      namespace: metricNamespace(config),
      metric_name: 'RootThing',
      statistic: 'Sum',
      period: 300,
      evaluation_periods: 1,
      datapoints_to_alarm: 1,
      threshold: 1,
      comparison_operator: 'GreaterThanOrEqualToThreshold',
      treat_missing_data: 'notBreaching',
      actions_enabled: true,
      alarm_actions: [TOPIC_ARN],
      depends_on: [filterAddress],
    });
  });
});

describe('MetricAlarm with dimensions and overrides', () => {
  let json: StackJson;

  beforeAll(() => {
    json = synthWith((stack, config) => {
      new MetricAlarm(stack, 'burst', {
        config,
        logGroupName: '/g',
        metricName: 'Burst',
        pattern: '{ $.x = 1 }',
        topicArn: TOPIC_ARN,
        namespace: 'Custom/NS',
        alarmName: 'custom-name',
        description: 'why it fires',
        threshold: 5,
        filterDimensions: { Account: '$.recipientAccountId' },
        dimensions: { Account: '444444444444' },
        notifyOnOk: true,
      });
    });
  });

  it('publishes the dimension and no default value (CloudWatch forbids both)', () => {
    expect(only(json, 'aws_cloudwatch_log_metric_filter').metric_transformation).toEqual({
      name: 'Burst',
      namespace: 'Custom/NS',
      value: '1',
      dimensions: { Account: '$.recipientAccountId' },
    });
  });

  it('the alarm selects the dimension value and takes the overrides', () => {
    expect(only(json, 'aws_cloudwatch_metric_alarm')).toMatchObject({
      alarm_name: 'custom-name',
      alarm_description: 'why it fires',
      namespace: 'Custom/NS',
      dimensions: { Account: '444444444444' },
      threshold: 5,
      alarm_actions: [TOPIC_ARN],
      ok_actions: [TOPIC_ARN],
    });
  });
});

describe('CountAlarm', () => {
  it('watches an existing metric, e.g. a heartbeat that breaches when data is missing', () => {
    const json = synthWith((stack, config) => {
      new CountAlarm(stack, 'heartbeat', {
        config,
        metricName: 'Heartbeat',
        topicArn: TOPIC_ARN,
        comparisonOperator: 'LessThanThreshold',
        threshold: 17,
        period: 3600,
        treatMissingData: 'breaching',
      });
    });
    expect(resourcesOfType(json, 'aws_cloudwatch_log_metric_filter')).toEqual({});
    expect(only(json, 'aws_cloudwatch_metric_alarm')).toMatchObject({
      metric_name: 'Heartbeat',
      comparison_operator: 'LessThanThreshold',
      threshold: 17,
      period: 3600,
      treat_missing_data: 'breaching',
      statistic: 'Sum',
      actions_enabled: true,
    });
  });

  it('refuses a count alarm with a threshold below 1 (it would always fire)', () => {
    expect(() =>
      synthWith((stack, config) => {
        new CountAlarm(stack, 'bad', { config, metricName: 'X', topicArn: TOPIC_ARN, threshold: 0 });
      }),
    ).toThrow('a count alarm needs threshold >= 1, got 0');
  });
});
