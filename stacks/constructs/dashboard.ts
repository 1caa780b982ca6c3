/**
 * The aggregator's CloudWatch dashboard: sign-in alerts by kind, the failed
 * sign-in burst metric against its threshold, the forwarder health check's
 * runs and errors, and the pipeline's own failures. Nothing depends on the
 * list of accounts.
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
  /** The forwarder health checker (its silent-forwarder alerts go through the alert engine). */
  healthCheck: { functionName: string };
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
      'Forwarder health check: runs and errors (per 15 minutes; silent forwarders are alerted by name)',
      {
        stat: 'Sum',
        period: 900,
        metrics: [
          ['AWS/Lambda', 'Invocations', 'FunctionName', props.healthCheck.functionName, { label: 'runs' }],
          ['AWS/Lambda', 'Errors', 'FunctionName', props.healthCheck.functionName, { label: 'errors' }],
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
