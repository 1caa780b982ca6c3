/**
 * Every price the cost model uses, in one place: us-east-1 list prices in
 * USD, read on PRICES_READ_ON from the AWS pricing page each entry names
 * (stored copies reached through the project's search tool; where the stored
 * copy of the AWS page did not show the line, `via` names the summary that
 * quoted it). An entry read later carries its own `readOn`; an entry marked
 * `unverified` was not seen on an AWS page (only in a third-party summary, or
 * as commonly quoted): check it before relying on it.
 *
 * Everything the product causes is priced, CloudTrail included (issue 21):
 * the trail's copy of management events (free only when it is the first copy
 * in a Region: "The first copy of management events within each region is
 * delivered free of charge", CloudTrail user guide, "Managing CloudTrail trail
 * costs", https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-trail-manage-costs.html),
 * its data events, the S3 requests and storage of its log files and access
 * logs. FREE_TIERS lists the free tiers applied, once per organization.
 */
export const PRICES_READ_ON = '2026-11-30';
/** When the prices added for issue 21 were read (CloudTrail, S3, KMS rotation, DynamoDB, free tiers). */
export const PRICES_ISSUE_21_READ_ON = '2026-12-07';

export interface Price {
  /** USD per `unit`. */
  readonly usd: number;
  readonly unit: string;
  /** The AWS pricing page the figure comes from. */
  readonly source: string;
  /** Where the figure was read when the stored AWS page did not show the line. */
  readonly via?: string;
  /** When it was read, when not PRICES_READ_ON. */
  readonly readOn?: string;
  /** Not seen on an AWS page: a third-party or commonly quoted figure. */
  readonly unverified?: true;
}

const CLOUDWATCH = 'https://aws.amazon.com/cloudwatch/pricing/';
const EVENTBRIDGE = 'https://aws.amazon.com/eventbridge/pricing/';
const SNS = 'https://aws.amazon.com/sns/pricing/';
const KMS = 'https://aws.amazon.com/kms/pricing/';
const SQS = 'https://aws.amazon.com/sqs/pricing/';
const LAMBDA = 'https://aws.amazon.com/lambda/pricing/';
const STEP_FUNCTIONS = 'https://aws.amazon.com/step-functions/pricing/';
const CLOUDTRAIL = 'https://aws.amazon.com/cloudtrail/pricing/';
const S3 = 'https://aws.amazon.com/s3/pricing/';
const DYNAMODB = 'https://aws.amazon.com/dynamodb/pricing/on-demand/';
const READ_21 = PRICES_ISSUE_21_READ_ON;

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
  /** "Additional copies of management events are charged at $2.00 per 100,000 events" (the first copy in a Region is free). */
  cloudTrailManagementCopy: { usd: 2 / 100_000, unit: 'management event (additional copy)', source: CLOUDTRAIL, readOn: READ_21, via: '/tmp/research/facts.md 7a (AWS CloudTrail Pricing, quoted)' },
  /** "Data events ... are charged at $0.10 per 100,000 events"; "For data events, all deliveries incur CloudTrail costs, including the first." */
  cloudTrailDataEvent: { usd: 0.1 / 100_000, unit: 'data event', source: CLOUDTRAIL, readOn: READ_21, via: '/tmp/research/facts.md 7a (AWS CloudTrail Pricing; Managing CloudTrail trail costs, quoted)' },
  /** S3 Standard PUT, COPY, POST, LIST requests (CloudTrail's log-file and digest-file writes). */
  s3PutRequest: { usd: 0.005 / 1_000, unit: 'PUT request', source: S3, readOn: READ_21, unverified: true, via: 'S3 Standard list price as commonly quoted; not seen on the stored AWS page' },
  /** S3 Standard storage, first 50 TB. */
  s3StorageGbMonth: { usd: 0.023, unit: 'GB-month stored', source: S3, readOn: READ_21, unverified: true, via: 'S3 Standard list price as commonly quoted; not seen on the stored AWS page' },
  /**
   * Automatic rotation: each of the first two rotations adds USD 1 a key-month, later rotations nothing (the
   * April 2024 pricing change as a blog reports it; the current AWS wording was not found: facts.md 8).
   * At steady state (after two yearly rotations) a rotated key costs USD 3 a month in all.
   */
  kmsRotation: { usd: 1, unit: 'rotation-month (first two rotations only)', source: KMS, readOn: READ_21, unverified: true, via: 'https://canglad.com (blog) per /tmp/research/facts.md 8' },
  dynamoDbWriteRequest: { usd: 0.625 / 1_000_000, unit: 'write request unit (on-demand)', source: DYNAMODB, readOn: READ_21, unverified: true, via: 'on-demand list price as commonly quoted after the November 2024 reduction' },
  dynamoDbReadRequest: { usd: 0.125 / 1_000_000, unit: 'read request unit (on-demand)', source: DYNAMODB, readOn: READ_21, unverified: true, via: 'on-demand list price as commonly quoted after the November 2024 reduction' },
} as const;

/**
 * Free tiers, applied once per organization: under consolidated billing the
 * organization's accounts share one free tier (AWS Billing user guide,
 * "Using the AWS Free Tier" with AWS Organizations; unverified wording), so the
 * smallest reading is used. Each credits the priced usage of its resource type,
 * never more than that usage.
 */
export const FREE_TIERS = [
  { type: 'aws_cloudwatch_metric_alarm', item: 'standard alarm', quantity: 10, price: PRICES.standardAlarmMetric, source: CLOUDWATCH, via: 'CloudWatch pricing free tier table: 10 alarm metrics (facts.md 8 saw the table)' },
  { type: 'aws_cloudwatch_log_metric_filter', item: 'custom metrics', quantity: 10, price: PRICES.customMetricSource, source: CLOUDWATCH, via: 'CloudWatch pricing free tier table: 10 custom metrics' },
  { type: 'aws_cloudwatch_log_group', item: 'log ingestion', quantity: 5, price: PRICES.logIngestionGb, source: CLOUDWATCH, via: '"Logs | 5 GB Data (ingestion, archive storage, and data scanned by Logs Insights queries)" (facts.md 8, verbatim)' },
  { type: 'aws_scheduler_schedule', item: 'Scheduler invocations', quantity: 14_000_000, price: PRICES.schedulerInvocation, source: EVENTBRIDGE, unverified: true, via: 'third-party pages only (cloudburn.io, wring.co; facts.md 8)' },
  { type: 'aws_kms_key', item: 'KMS requests', quantity: 20_000, price: PRICES.kmsRequest, source: KMS, unverified: true, via: 'https://gist.github.com/dasgoll/b88d5be05dcc0deb052ad40446c2fb40 ("The first 20,000 requests per month are free")' },
  { type: 'aws_lambda_function', item: 'Lambda requests', quantity: 1_000_000, price: PRICES.lambdaRequest, source: LAMBDA, unverified: true, via: 'Lambda free tier as commonly quoted' },
  { type: 'aws_lambda_function', item: 'Lambda compute', quantity: 400_000, price: PRICES.lambdaGbSecond, source: LAMBDA, unverified: true, via: 'Lambda free tier as commonly quoted' },
  { type: 'aws_sns_topic', item: 'publishes', quantity: 1_000_000, price: PRICES.snsPublish, source: SNS, unverified: true, via: 'SNS free tier as commonly quoted' },
  { type: 'aws_sns_topic_subscription', item: 'email deliveries', quantity: 1_000, price: PRICES.snsEmailDelivery, source: SNS, unverified: true, via: 'SNS free tier as commonly quoted' },
  { type: 'aws_sns_topic_subscription', item: 'https deliveries', quantity: 100_000, price: PRICES.snsHttpsDelivery, source: SNS, unverified: true, via: 'SNS free tier as commonly quoted' },
] as const;

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
