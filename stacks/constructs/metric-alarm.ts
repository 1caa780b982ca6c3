/**
 * A CloudWatch Logs metric filter and the alarm that watches its metric.
 *
 * The filter's name equals its metric's name (Trivy AWS-0152/0148 only count an
 * alarm whose metric_name equals the filter's name). The alarm has the usual
 * shape for event counts (checklist item 10): Sum over 300 s, threshold >= 1,
 * GreaterThanOrEqualToThreshold, missing data not breaching, actions enabled,
 * alarm actions = the alert topic. Used by the management stack (trail log
 * group) and the aggregator stack (central sign-in log group).
 *
 * Two constructs:
 * - `MetricAlarm`: filter + alarm (the usual case);
 * - `CountAlarm`: an alarm alone on a metric that already exists (e.g. one
 *   alarm per dimension value of a filter created once).
 */
import { Construct } from 'constructs';
import type { ITerraformDependable, TerraformProvider } from 'cdktf';
import { CloudwatchLogMetricFilter } from '@cdktf/provider-aws/lib/cloudwatch-log-metric-filter';
import { CloudwatchMetricAlarm } from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm';
import type { OrgConfig } from '../../config/schema';
import { metricAlarmName, metricNamespace, pipelineAlarmName } from '../../config/names';

export type ComparisonOperator =
  | 'GreaterThanOrEqualToThreshold'
  | 'GreaterThanThreshold'
  | 'LessThanThreshold'
  | 'LessThanOrEqualToThreshold';

export type TreatMissingData = 'notBreaching' | 'breaching' | 'ignore' | 'missing';

export type AlarmStatistic = 'Sum' | 'SampleCount' | 'Average' | 'Minimum' | 'Maximum';

/** The alarm settings shared by `MetricAlarm` and `CountAlarm`. */
export interface CountAlarmProps {
  /** The organization config: gives the metric namespace and the alarm name prefix (config/names.ts). */
  readonly config: OrgConfig;
  /** Metric name (and, for `MetricAlarm`, the filter name). CloudWatch allows 1-255 characters. */
  readonly metricName: string;
  /** ARN of the SNS topic the alarm notifies. Must be in the alarm's account and region. */
  readonly topicArn: string;
  /**
   * Alarm name.
   * @default metricAlarmName(config, metricName), i.e. `<prefix>-<metricName>`
   */
  readonly alarmName?: string;
  /**
   * Alarm description shown in the notification.
   * @default none
   */
  readonly description?: string;
  /**
   * Metric namespace.
   * @default metricNamespace(config)
   */
  readonly namespace?: string;
  /**
   * Threshold. With a `GreaterThan…` operator it must be at least 1 (a count alarm at 0 would always fire).
   * @default 1
   */
  readonly threshold?: number;
  /**
   * Comparison operator.
   * @default 'GreaterThanOrEqualToThreshold'
   */
  readonly comparisonOperator?: ComparisonOperator;
  /**
   * Statistic.
   * @default 'Sum'
   */
  readonly statistic?: AlarmStatistic;
  /**
   * Period in seconds.
   * @default 300
   */
  readonly period?: number;
  /**
   * Evaluation periods (and datapoints to alarm).
   * @default 1
   */
  readonly evaluationPeriods?: number;
  /**
   * How missing data is treated. Event counts have no data when nothing happened: not breaching.
   * A heartbeat alarm (missing data means broken) passes 'breaching'.
   * @default 'notBreaching'
   */
  readonly treatMissingData?: TreatMissingData;
  /**
   * Dimension values the alarm selects (dimension name -> value). Required when the metric has dimensions:
   * an alarm without them watches the dimensionless metric, which then never has data.
   * @default none
   */
  readonly dimensions?: Record<string, string>;
  /**
   * Also notify the topic when the alarm returns to OK.
   * @default false
   */
  readonly notifyOnOk?: boolean;
  /**
   * Provider (e.g. an aliased regional provider).
   * @default the stack's default provider
   */
  readonly provider?: TerraformProvider;
  /**
   * Resources the alarm (and, for `MetricAlarm`, the filter) must be created after,
   * e.g. the log group and the topic, which are named by string.
   * @default none
   */
  readonly dependsOn?: ITerraformDependable[];
}

export interface MetricAlarmProps extends CountAlarmProps {
  /** Name of the log group the filter reads. */
  readonly logGroupName: string;
  /** The filter pattern, passed through verbatim (from detection/catalogue.ts). */
  readonly pattern: string;
  /**
   * Metric dimensions of the filter (dimension name -> JSON selector such as `$.recipientAccountId`).
   * With dimensions no default value is published (CloudWatch forbids both together).
   * Give the alarm its `dimensions` as well.
   * @default none: metric value 1 per match, default value 0
   */
  readonly filterDimensions?: Record<string, string>;
}

const COUNT_DEFAULTS = {
  threshold: 1,
  comparisonOperator: 'GreaterThanOrEqualToThreshold' as ComparisonOperator,
  statistic: 'Sum' as AlarmStatistic,
  period: 300,
  evaluationPeriods: 1,
  treatMissingData: 'notBreaching' as TreatMissingData,
};

/** An alarm on an existing metric, with the event-count defaults of checklist item 10. */
export class CountAlarm extends Construct {
  public readonly alarm: CloudwatchMetricAlarm;

  constructor(scope: Construct, id: string, props: CountAlarmProps) {
    super(scope, id);
    const settings = { ...COUNT_DEFAULTS, ...definedOnly(props) };
    if (settings.comparisonOperator.startsWith('GreaterThan') && settings.threshold < 1) {
      throw new Error(`${this.node.path}: a count alarm needs threshold >= 1, got ${settings.threshold}`);
    }
    const actions = [props.topicArn];
    this.alarm = new CloudwatchMetricAlarm(this, 'alarm', {
      provider: props.provider,
      dependsOn: props.dependsOn,
      alarmName: props.alarmName ?? metricAlarmName(props.config, props.metricName),
      alarmDescription: props.description,
      namespace: props.namespace ?? metricNamespace(props.config),
      metricName: props.metricName,
      dimensions: props.dimensions,
      statistic: settings.statistic,
      period: settings.period,
      evaluationPeriods: settings.evaluationPeriods,
      datapointsToAlarm: settings.evaluationPeriods,
      threshold: settings.threshold,
      comparisonOperator: settings.comparisonOperator,
      treatMissingData: settings.treatMissingData,
      actionsEnabled: true,
      alarmActions: actions,
      okActions: props.notifyOnOk ? actions : undefined,
    });
  }
}

/** A metric filter (name = metric name, value 1 per match) and its count alarm. */
export class MetricAlarm extends Construct {
  public readonly filter: CloudwatchLogMetricFilter;
  public readonly alarm: CloudwatchMetricAlarm;

  constructor(scope: Construct, id: string, props: MetricAlarmProps) {
    super(scope, id);
    const hasDimensions = props.filterDimensions !== undefined && Object.keys(props.filterDimensions).length > 0;
    this.filter = new CloudwatchLogMetricFilter(this, 'filter', {
      provider: props.provider,
      dependsOn: props.dependsOn,
      name: props.metricName,
      logGroupName: props.logGroupName,
      pattern: props.pattern,
      metricTransformation: {
        name: props.metricName,
        namespace: props.namespace ?? metricNamespace(props.config),
        value: '1',
        defaultValue: hasDimensions ? undefined : '0',
        dimensions: hasDimensions ? props.filterDimensions : undefined,
      },
    });
    // The alarm names the metric by string; the explicit dependency keeps
    // the filter (which creates the metric) ahead of it.
    const countAlarm = new CountAlarm(this, 'count', {
      ...props,
      dependsOn: [this.filter, ...(props.dependsOn ?? [])],
    });
    this.alarm = countAlarm.alarm;
  }
}

function definedOnly<T extends object>(props: T): Partial<T> {
  return Object.fromEntries(Object.entries(props).filter(([, value]) => value !== undefined)) as Partial<T>;
}

/** What a queue-depth alarm needs: the queue, why a message there matters, where to tell. */
export interface QueueDepthAlarmProps {
  config: CountAlarmProps['config'];
  queueName: string;
  description: string;
  topicArn: string;
  provider?: CountAlarmProps['provider'];
  dependsOn?: CountAlarmProps['dependsOn'];
}

/** The SQS metric of a queue that must stay empty (dead-letter and failure queues). */
export const QUEUE_DEPTH_METRIC = { namespace: 'AWS/SQS', metricName: 'ApproximateNumberOfMessagesVisible', slug: 'depth' } as const;

/** An alarm on any message waiting in a dead-letter or failure queue (its largest depth in each period). */
export function queueDepthAlarm(scope: Construct, id: string, props: QueueDepthAlarmProps): CountAlarm {
  return new CountAlarm(scope, id, {
    config: props.config,
    alarmName: pipelineAlarmName(props.queueName, QUEUE_DEPTH_METRIC.slug),
    description: props.description,
    namespace: QUEUE_DEPTH_METRIC.namespace,
    metricName: QUEUE_DEPTH_METRIC.metricName,
    statistic: 'Maximum',
    dimensions: { QueueName: props.queueName },
    topicArn: props.topicArn,
    ...(props.provider ? { provider: props.provider } : {}),
    ...(props.dependsOn ? { dependsOn: props.dependsOn } : {}),
  });
}
