/**
 * Every price the cost model uses, in one place: us-east-1 list prices in
 * USD, read on PRICES_READ_ON from the AWS pricing page each entry names
 * (stored copies reached through the project's search tool; where the stored
 * copy of the AWS page did not show the line, `via` names the summary that
 * quoted it). Free tiers are NOT subtracted: a large organization uses them
 * up elsewhere, and an estimate that leans high is the useful one.
 *
 * CloudTrail itself (the trail's events, data events and its S3 storage) is
 * excluded on purpose: an organization trail is a prerequisite most
 * organizations already pay for, whatever alerts on it.
 */
export const PRICES_READ_ON = '2026-11-30';

export interface Price {
  /** USD per `unit`. */
  readonly usd: number;
  readonly unit: string;
  /** The AWS pricing page the figure comes from. */
  readonly source: string;
  /** Where the figure was read when the stored AWS page did not show the line. */
  readonly via?: string;
}

const CLOUDWATCH = 'https://aws.amazon.com/cloudwatch/pricing/';
const EVENTBRIDGE = 'https://aws.amazon.com/eventbridge/pricing/';
const SNS = 'https://aws.amazon.com/sns/pricing/';
const KMS = 'https://aws.amazon.com/kms/pricing/';
const SQS = 'https://aws.amazon.com/sqs/pricing/';
const LAMBDA = 'https://aws.amazon.com/lambda/pricing/';
const STEP_FUNCTIONS = 'https://aws.amazon.com/step-functions/pricing/';

export const PRICES = {
  /** Standard-resolution alarm, per metric it lists (metric math: each metric). */
  standardAlarmMetric: { usd: 0.1, unit: 'alarm metric-month', source: CLOUDWATCH, via: 'https://c3x.dev/resources/aws/aws_cloudwatch_metric_alarm' },
  /** Metrics Insights query alarm, per metric the query analyses. */
  metricsInsightsAlarmMetric: { usd: 0.1, unit: 'metric analysed-month', source: CLOUDWATCH, via: 'issue 13 brief (pricing page: alarms table, "Metrics Insights")' },
  /** Custom metrics, tiered by count (each distinct dimension-value combination of a metric filter is one metric). */
  customMetricTiers: [
    { upTo: 10_000, usd: 0.3 },
    { upTo: 250_000, usd: 0.1 },
    { upTo: 1_000_000, usd: 0.05 },
    { upTo: Number.POSITIVE_INFINITY, usd: 0.02 },
  ],
  customMetricSource: { usd: 0.3, unit: 'metric-month (first 10,000)', source: CLOUDWATCH, via: 'https://github.com/api-evangelist/cloudwatch plans/cloudwatch-plans-pricing.yml' },
  /** CloudWatch Logs standard-class ingestion. */
  logIngestionGb: { usd: 0.5, unit: 'GB ingested', source: CLOUDWATCH, via: 'shared/docs/aws-facts.md; api-evangelist cloudwatch plans' },
  /** CloudWatch Logs Insights, per GB of log data scanned (the health check's queries). */
  logsInsightsScannedGb: { usd: 0.005, unit: 'GB scanned', source: CLOUDWATCH, via: 'unverified in the stored copies (/tmp/research/facts.md item 4): list price as commonly quoted' },
  /** CloudWatch Logs archived storage. */
  logStorageGbMonth: { usd: 0.03, unit: 'GB-month stored', source: CLOUDWATCH, via: 'api-evangelist cloudwatch plans' },
  dashboard: { usd: 3, unit: 'dashboard-month', source: CLOUDWATCH, via: 'https://github.com/nishinoshake/aws-rough/issues/37' },
  /** Custom events put on a bus (PutEvents, including by EventBridge Scheduler). AWS service events are free. */
  customEvent: { usd: 1 / 1_000_000, unit: 'event', source: EVENTBRIDGE, via: 'https://cloudburn.io/blog/amazon-eventbridge-pricing' },
  /** Events delivered to a bus in another account (charged to the sender). */
  crossAccountEvent: { usd: 1 / 1_000_000, unit: 'event', source: EVENTBRIDGE, via: 'https://cloudburn.io/blog/amazon-eventbridge-pricing' },
  schedulerInvocation: { usd: 1 / 1_000_000, unit: 'invocation', source: EVENTBRIDGE, via: 'https://cloudburn.io/blog/amazon-eventbridge-pricing' },
  snsPublish: { usd: 0.5 / 1_000_000, unit: 'publish', source: SNS, via: 'https://www.factualminds.com/blog/amazon-sns-pricing-publishes-fanout-protocols/' },
  snsEmailDelivery: { usd: 2 / 100_000, unit: 'email notification', source: SNS, via: 'https://www.factualminds.com/blog/amazon-sns-pricing-publishes-fanout-protocols/' },
  /** HTTPS deliveries (AWS Chatbot subscribes to its topics over HTTPS; Chatbot itself has no charge). */
  snsHttpsDelivery: { usd: 0.6 / 1_000_000, unit: 'HTTPS notification', source: SNS, via: 'https://www.factualminds.com/blog/amazon-sns-pricing-publishes-fanout-protocols/' },
  kmsKey: { usd: 1, unit: 'key-month', source: KMS },
  kmsRequest: { usd: 0.03 / 10_000, unit: 'request', source: KMS, via: 'https://www.wring.co/blog/aws-kms-pricing-guide' },
  sqsRequest: { usd: 0.4 / 1_000_000, unit: 'request', source: SQS, via: 'unverified in the stored copies: list price of standard queues as commonly quoted' },
  lambdaRequest: { usd: 0.2 / 1_000_000, unit: 'request', source: LAMBDA, via: 'unverified in the stored copies: x86 list price as commonly quoted' },
  lambdaGbSecond: { usd: 0.0000166667, unit: 'GB-second', source: LAMBDA, via: 'unverified in the stored copies: x86 list price as commonly quoted' },
  stepFunctionsTransition: { usd: 0.025 / 1_000, unit: 'state transition', source: STEP_FUNCTIONS, via: 'unverified in the stored copies: standard workflows list price as commonly quoted' },
} as const;

/** Monthly USD of `count` custom metrics under the tiers above. */
export function customMetricsUsd(count: number): number {
  let remaining = count;
  let previous = 0;
  let usd = 0;
  for (const tier of PRICES.customMetricTiers) {
    const inTier = Math.min(remaining, tier.upTo - previous);
    usd += inTier * tier.usd;
    remaining -= inTier;
    previous = tier.upTo;
    if (remaining <= 0) break;
  }
  return usd;
}

/** Average hours and days in a month (365.25 / 12 days). */
export const DAYS_PER_MONTH = 30.4375;
export const HOURS_PER_MONTH = DAYS_PER_MONTH * 24;
export const BYTES_PER_GB = 1024 ** 3;
