/**
 * What the cost model cannot read from the synthesized resources: how busy the
 * organization is. Each volume is an option of `npm run cost` (`--<name>
 * VALUE`); the defaults describe a quiet, typical organization and are printed
 * with every report so nobody mistakes them for measurements.
 */
export interface Volumes {
  /** Console and Identity Center sign-in events (successes and failures) per account per day. */
  signInsPerAccountDay: number;
  /** Management events per account per day that the organization trail delivers to its CloudWatch Logs group. */
  trailEventsPerAccountDay: number;
  /** Average size of one trail record in CloudWatch Logs, bytes. */
  trailEventBytes: number;
  /** Average size of one forwarded sign-in envelope in the central sign-in log, bytes. */
  signInEventBytes: number;
  /** Average size of one heartbeat envelope in the heartbeat log, bytes. */
  heartbeatEventBytes: number;
  /** Messages each topic other than a destination topic publishes per month (the pipeline alarm topic), and alert engine invocations. */
  alertsPerTopicMonth: number;
  /**
   * Alert events of non-INFO kinds (failed sign-ins, sign-ins without MFA, root, tampering...) per account per
   * month, after storm control: each is one message to every destination the routes send it to (cost/deliveries.ts).
   */
  nonInfoAlertsPerAccountMonth: number;
  /** Billed run time of one digest run (two Logs Insights queries of the sign-in log, polled), milliseconds. */
  digestDurationMs: number;
  /** KMS requests per customer-managed key per month (SNS, Logs and SQS data-key calls). */
  kmsRequestsPerKeyMonth: number;
  /** Messages dead-lettered per queue per month (each costs a send; reading them back is manual). */
  deadLettersPerQueueMonth: number;
  /** Billed run time of one forwarder health check (two Logs Insights queries, polled), milliseconds. */
  healthCheckDurationMs: number;
  /** Average run time of a Lambda invocation, milliseconds. */
  lambdaDurationMs: number;
  /** State transitions per Step Functions execution. */
  stateTransitionsPerExecution: number;
  /** Log bytes the alert engine writes per invocation (its START/END/REPORT lines and one summary line). */
  lambdaLogBytesPerInvocation: number;
  /**
   * Distinct dimension combinations per month of a dimensioned metric filter whose events the model cannot
   * enumerate: for the per-principal failed sign-in filters, the (account, principal) pairs with a failed sign-in.
   */
  dimensionValuesPerUnmodelledFilterMonth: number;
  /**
   * Hours a month in which each such dimension combination publishes: a filter with dimensions has no default
   * value, so its metric exists only in hours with a matching event, and custom metrics are pro-rated by the hour.
   */
  activeHoursPerUnmodelledMetricMonth: number;
  /**
   * Other trails that already deliver the organization's management events (Control Tower's, for example): with
   * one or more, a trail signin-watch creates delivers a paid additional copy. `preflight` tells whether one exists.
   */
  otherTrailsWithManagementEvents: number;
  /** Regions per account with management events in a given hour (each writes its own log files). */
  trailActiveRegionsPerAccount: number;
  /** Log files CloudTrail writes per account and active region per hour (about one per 5 minutes). */
  trailFilesPerRegionHour: number;
  /** Stored size over raw size: CloudTrail's gzip log files, CloudWatch Logs' compressed archive. */
  compressedToRawRatio: number;
  /** Size of one S3 server access log record of the trail bucket, bytes. */
  accessLogRecordBytes: number;
  /** State-store (DynamoDB) read and write request units per alert, when the synth has a table. */
  stateStoreRequestsPerAlert: number;
}

export const DEFAULT_VOLUMES: Readonly<Volumes> = {
  signInsPerAccountDay: 20,
  trailEventsPerAccountDay: 2_000,
  trailEventBytes: 1_500,
  signInEventBytes: 2_500,
  heartbeatEventBytes: 600,
  alertsPerTopicMonth: 300,
  nonInfoAlertsPerAccountMonth: 30,
  digestDurationMs: 60_000,
  kmsRequestsPerKeyMonth: 20_000,
  deadLettersPerQueueMonth: 0,
  healthCheckDurationMs: 10_000,
  lambdaDurationMs: 300,
  stateTransitionsPerExecution: 10,
  lambdaLogBytesPerInvocation: 500,
  dimensionValuesPerUnmodelledFilterMonth: 50,
  activeHoursPerUnmodelledMetricMonth: 3,
  otherTrailsWithManagementEvents: 1,
  trailActiveRegionsPerAccount: 4,
  trailFilesPerRegionHour: 12,
  compressedToRawRatio: 0.15,
  accessLogRecordBytes: 400,
  stateStoreRequestsPerAlert: 2,
};

export const VOLUME_NAMES = Object.keys(DEFAULT_VOLUMES) as Array<keyof Volumes>;

/** Command-line option name of a volume: signInsPerAccountDay -> sign-ins-per-account-day. */
export function volumeOption(name: keyof Volumes): string {
  return name.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`);
}
