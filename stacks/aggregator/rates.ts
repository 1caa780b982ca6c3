/**
 * Rates on the sign-in log: one metric per alert kind (no alarm), the
 * deploy-change alarms, the organization-wide failed sign-in burst alarm and
 * the per-principal burst alarms (detection pack v2).
 */
import type { Construct } from 'constructs';
import { CloudwatchLogMetricFilter } from '@cdktf/provider-aws/lib/cloudwatch-log-metric-filter';
import { CloudwatchMetricAlarm } from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm';
import type { OrgConfig } from '../../config/schema';
import { aggregatorMetricAlarmName, partSuffix } from '../../config/names';
import { burstFilterFor, PIPELINE_DEPLOY_CHANGE_METRIC, pipelineDeployChangeFilters, pipelineNamesFor, principalBurstSpecFor } from '../../detection/catalogue';
import type { AlertKind, BurstFilter } from '../../detection/types';
import type { EncryptedLogGroup } from '../constructs/encrypted-log-group';
import { MetricAlarm } from '../constructs/metric-alarm';

export interface SignInRates {
  config: OrgConfig;
  kinds: readonly AlertKind[];
  signInLog: EncryptedLogGroup;
  /** Namespace of the product's own metrics. */
  namespace: string;
  /** The alert topic the alarms notify. */
  topicArn: string;
}

/** Creates every rate on the sign-in log; returns the burst filter (the dashboard draws its threshold). */
export function signInRates(stack: Construct, rates: SignInRates): BurstFilter {
  const { config, kinds, signInLog, namespace, topicArn } = rates;
  for (const kind of kinds) envelopeMetric(stack, kind, signInLog, namespace);
  if (kinds.some((kind) => kind.id === 'pipeline-tampering')) deployChangeAlarms(stack, config, signInLog, namespace, topicArn);
  const burst = burstFilterFor(config);
  new MetricAlarm(stack, 'failed-sign-in-burst', {
    config,
    namespace,
    metricName: burst.metricName,
    alarmName: aggregatorMetricAlarmName(config, burst.metricName),
    description: `At least ${burst.threshold} failed sign-ins across the organization within ${burst.periodSeconds / 60} minutes: possible password guessing.`,
    // The token (not the literal name) orders the filter after its log group.
    logGroupName: signInLog.logGroup.name,
    pattern: burst.pattern,
    threshold: burst.threshold,
    period: burst.periodSeconds,
    topicArn,
  });
  if (config.alerts.enabled['failed-sign-ins-per-principal']) principalBurstAlarms(stack, config, signInLog, namespace, topicArn);
  return burst;
}

/**
 * The envelope filter of one alert kind on the sign-in log, as a metric
 * only: the kind's rule already sends one message per event, an alarm on
 * the same events would notify twice.
 */
function envelopeMetric(stack: Construct, kind: AlertKind, logGroup: EncryptedLogGroup, namespace: string): CloudwatchLogMetricFilter[] {
  // A kind too long for one filter (pipeline-tampering) has one filter and metric per part, `<metric>-<n>` from the second on.
  return kind.envelopeMetricFilters.map((pattern, index) => {
    const metricName = `${kind.metricName}${partSuffix(index)}`;
    return new CloudwatchLogMetricFilter(stack, `metric-${kind.id}${partSuffix(index)}`, {
      name: metricName,
      logGroupName: logGroup.logGroup.name,
      pattern,
      metricTransformation: { name: metricName, namespace, value: '1', defaultValue: '0' },
    });
  });
}

/**
 * The deployment role's deploy-session calls on the product's resources:
 * not one message per call (a deploy makes hundreds), one LOW notification
 * per burst, counted on the sign-in log that keeps every call.
 */
function deployChangeAlarms(stack: Construct, config: OrgConfig, logGroup: EncryptedLogGroup, namespace: string, topicArn: string): void {
  const patterns = pipelineDeployChangeFilters(pipelineNamesFor(config)).envelope;
  patterns.forEach((pattern, index) => {
    const metricName = `${PIPELINE_DEPLOY_CHANGE_METRIC}${partSuffix(index)}`;
    new MetricAlarm(stack, `pipeline-deploy-change${partSuffix(index)}`, {
      config,
      namespace,
      metricName,
      alarmName: aggregatorMetricAlarmName(config, metricName),
      description: `LOW: the deployment role's deploy session changed or deleted this product's resources (a deploy, or someone holding the deployment role); filter ${index + 1} of ${patterns.length}. One notification per burst; every call is in the sign-in log group.`,
      logGroupName: logGroup.logGroup.name,
      pattern,
      topicArn,
    });
  });
}

/**
 * Failed sign-ins counted per (account, principal) by the catalogue's filters
 * (one per way a record names its principal), each with ONE Metrics Insights
 * alarm over every principal: a multi-time-series
 * alarm whose contributors are the (Account, Principal) series (CloudWatch
 * user guide, "Create an alarm based on a Multi Time Series Metrics Insights
 * query"; "Alarms on CloudWatch Metrics Insights queries"). Its notification
 * names the contributor, i.e. the principal (unverified: the exact layout of
 * a contributor's SNS notification; the "CloudWatch Alarm Contributor State
 * Change" event carries the contributor's attributes, EventBridge events
 * reference, "Amazon CloudWatch events"). No filter gets a default value:
 * CloudWatch forbids one with dimensions.
 */
function principalBurstAlarms(stack: Construct, config: OrgConfig, logGroup: EncryptedLogGroup, namespace: string, topicArn: string): void {
  const spec = principalBurstSpecFor(config);
  for (const filter of spec.filters) {
    const metricFilter = new CloudwatchLogMetricFilter(stack, `metric-${filter.metricName}`, {
      name: filter.metricName,
      logGroupName: logGroup.logGroup.name,
      pattern: filter.pattern,
      metricTransformation: { name: filter.metricName, namespace, value: '1', dimensions: filter.dimensions },
    });
    new CloudwatchMetricAlarm(stack, `alarm-${filter.metricName}`, {
      alarmName: aggregatorMetricAlarmName(config, filter.metricName),
      alarmDescription: `At least ${spec.threshold} failed sign-ins (console and Identity Center) for one principal within ${spec.periodSeconds / 60} minutes: password guessing aimed at that principal. The contributor (${spec.groupBy.join(', ')}) names it.`,
      metricQuery: [{ id: 'failures', expression: spec.query(namespace, filter.metricName), period: spec.periodSeconds, returnData: true }],
      comparisonOperator: 'GreaterThanOrEqualToThreshold',
      threshold: spec.threshold,
      evaluationPeriods: 1,
      datapointsToAlarm: 1,
      treatMissingData: 'notBreaching',
      actionsEnabled: true,
      alarmActions: [topicArn],
      dependsOn: [metricFilter],
    });
  }
}
