/**
 * The aggregator's CloudWatch dashboard: sign-in alerts by kind, the failed
 * sign-in burst metric against its threshold, heartbeats per shard of accounts and the
 * pipeline's own failures. Heartbeats use a SEARCH expression, so the
 * dashboard does not change when accounts are added or removed.
 */
import { Construct } from 'constructs';
import type { TerraformProvider } from 'cdktf';
import { CloudwatchDashboard } from '@cdktf/provider-aws/lib/cloudwatch-dashboard';

export interface DashboardMetric {
  metricName: string;
  label: string;
}

export interface SignInDashboardProps {
  /** Dashboard name (`dashboardName`). */
  name: string;
  region: string;
  /** Namespace of the product's own metrics (`metricNamespace`). */
  namespace: string;
  /** One line per alert kind. */
  alertMetrics: DashboardMetric[];
  /** The failed sign-in burst metric and its alarm threshold (drawn as a line). */
  burst: { metricName: string; threshold: number; periodSeconds: number };
  /** The heartbeat metric and the dimension that names the account. */
  heartbeat: { metricName: string; shardDimension: string; periodSeconds: number };
  /** Custom bus and the rules on it whose failures are shown. */
  busName: string;
  ruleNames: string[];
  /** Dead-letter queues whose depth is shown. */
  deadLetterQueueNames: string[];
  /**
   * Provider (aggregator account and region).
   * @default the stack's default provider
   */
  provider?: TerraformProvider;
}

const WIDTH = 12;
const HEIGHT = 6;

type Widget = Record<string, unknown>;

function metricWidget(index: number, title: string, properties: Record<string, unknown>, region: string): Widget {
  return {
    type: 'metric',
    x: (index % 2) * WIDTH,
    y: Math.floor(index / 2) * HEIGHT,
    width: WIDTH,
    height: HEIGHT,
    properties: { title, region, view: 'timeSeries', stacked: false, ...properties },
  };
}

/** The dashboard body (exported for tests). */
export function signInDashboardBody(props: Omit<SignInDashboardProps, 'provider' | 'name'>): Record<string, unknown> {
  const { region, namespace } = props;
  const widgets: Widget[] = [
    metricWidget(
      0,
      'Sign-in alerts by kind (per 5 minutes)',
      {
        stat: 'Sum',
        period: 300,
        metrics: props.alertMetrics.map((metric) => [namespace, metric.metricName, { label: metric.label }]),
      },
      region,
    ),
    metricWidget(
      1,
      'Failed sign-ins across the organization',
      {
        stat: 'Sum',
        period: props.burst.periodSeconds,
        metrics: [[namespace, props.burst.metricName, { label: 'Failed sign-ins' }]],
        annotations: { horizontal: [{ label: 'Burst alarm threshold', value: props.burst.threshold }] },
      },
      region,
    ),
    metricWidget(
      2,
      'Heartbeats per shard of accounts (weighted sum per 30 minutes: each account adds 1 when every region beat)',
      {
        stat: 'Sum',
        period: props.heartbeat.periodSeconds,
        metrics: [
          [
            {
              id: 'heartbeats',
              expression: `SEARCH('{${namespace},${props.heartbeat.shardDimension}} MetricName="${props.heartbeat.metricName}"', 'Sum', ${props.heartbeat.periodSeconds})`,
              label: '',
            },
          ],
        ],
      },
      region,
    ),
    metricWidget(
      3,
      'Central rules: failed deliveries',
      {
        stat: 'Sum',
        period: 300,
        metrics: props.ruleNames.flatMap((ruleName) => [
          ['AWS/Events', 'FailedInvocations', 'EventBusName', props.busName, 'RuleName', ruleName, { label: `${ruleName} failed` }],
          ['AWS/Events', 'InvocationsSentToDlq', 'EventBusName', props.busName, 'RuleName', ruleName, { label: `${ruleName} to DLQ` }],
        ]),
      },
      region,
    ),
    metricWidget(
      4,
      'Dead-letter queues: messages waiting',
      {
        stat: 'Maximum',
        period: 300,
        metrics: props.deadLetterQueueNames.map((queueName) => ['AWS/SQS', 'ApproximateNumberOfMessagesVisible', 'QueueName', queueName]),
      },
      region,
    ),
  ];
  return { widgets };
}

export class SignInDashboard extends Construct {
  readonly dashboard: CloudwatchDashboard;

  constructor(scope: Construct, id: string, props: SignInDashboardProps) {
    super(scope, id);
    this.dashboard = new CloudwatchDashboard(this, 'dashboard', {
      dashboardName: props.name,
      dashboardBody: JSON.stringify(signInDashboardBody(props)),
      provider: props.provider,
    });
  }
}
