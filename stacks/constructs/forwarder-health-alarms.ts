/**
 * Forwarder health in a member region: CloudWatch alarms on the forwarder's
 * failure signals, with NO alarm actions. A member region has no SNS topic
 * (one per region per account would cost a key, a topic and confirmed email
 * subscriptions each); instead CloudWatch puts every state change on the
 * region's default bus, and the forwarder rule (whose pattern has a branch
 * for alarms named `forwardedAlarmPrefix`) carries it to the central bus,
 * where the aggregator's forwarded-alarm rule sends one readable message.
 *
 * - DLQ depth (`AWS/SQS` ApproximateNumberOfMessagesVisible ≥ 1, Maximum,
 *   300 s): with a DLQ on the target, every invocation that failed for good
 *   (FailedInvocations / InvocationsSentToDlq) lands there, so this one alarm
 *   covers both.
 * - `AWS/Events` InvocationsFailedToBeSentToDlq ≥ 1 (Sum, 300 s; default bus:
 *   RuleName is the only dimension): events lost for good.
 *
 * If the forwarder path itself is broken (rule deleted, role or bus policy
 * wrong), these state changes cannot travel either: the aggregator's
 * per-account heartbeat alarm fires then.
 */
import { CloudwatchMetricAlarm } from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm';
import type { ITerraformDependable, TerraformProvider } from 'cdktf';
import { Construct } from 'constructs';
import type { OrgConfig } from '../../config/schema';
import { forwarderDlqDepthAlarmName, forwarderDlqName, forwarderLostEventsAlarmName, forwarderRuleName } from '../../config/names';

/** The alarms every member region has, per region (documented cost: USD 0.10 each a month). */
export const FORWARDER_HEALTH_ALARMS_PER_REGION = 2;

export interface ForwarderHealthAlarmsProps {
  config: OrgConfig;
  /** The provider of the forwarder's account and region. */
  provider: TerraformProvider;
  /** Created after the queue and the rule they watch (metrics are named by string). */
  dependsOn?: ITerraformDependable[];
}

const EVENT_COUNT = {
  period: 300,
  evaluationPeriods: 1,
  datapointsToAlarm: 1,
  threshold: 1,
  comparisonOperator: 'GreaterThanOrEqualToThreshold',
  treatMissingData: 'notBreaching',
  // No alarm_actions: the state change travels as an event (see above).
  actionsEnabled: true,
} as const;

export class ForwarderHealthAlarms extends Construct {
  readonly dlqDepth: CloudwatchMetricAlarm;
  readonly lostEvents: CloudwatchMetricAlarm;

  constructor(scope: Construct, id: string, props: ForwarderHealthAlarmsProps) {
    super(scope, id);
    const { config, provider, dependsOn } = props;
    this.dlqDepth = new CloudwatchMetricAlarm(this, 'dlq-depth', {
      provider,
      dependsOn,
      ...EVENT_COUNT,
      alarmName: forwarderDlqDepthAlarmName(config),
      alarmDescription: `${forwarderDlqName(config)} holds sign-in events the forwarder could not deliver to the central bus: inspect and replay them.`,
      namespace: 'AWS/SQS',
      metricName: 'ApproximateNumberOfMessagesVisible',
      dimensions: { QueueName: forwarderDlqName(config) },
      statistic: 'Maximum',
    });
    this.lostEvents = new CloudwatchMetricAlarm(this, 'failed-to-reach-dlq', {
      provider,
      dependsOn,
      ...EVENT_COUNT,
      alarmName: forwarderLostEventsAlarmName(config),
      alarmDescription: `${forwarderRuleName(config)} lost sign-in events: they reached neither the central bus nor the dead-letter queue.`,
      namespace: 'AWS/Events',
      metricName: 'InvocationsFailedToBeSentToDlq',
      dimensions: { RuleName: forwarderRuleName(config) },
      statistic: 'Sum',
    });
  }
}
