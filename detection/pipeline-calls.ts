/**
 * The calls that change or delete signin-watch's own resources (issue 10
 * item 6): what the pipeline-tampering kind (kinds/pipeline-tampering.ts)
 * watches and the protection SCP (stacks/constructs/protection-scp.ts) denies.
 */

/**
 * How a request parameter names one of the product's resources, given the
 * deployment's name prefix p (config/names.ts):
 * - `name`: a rule, schedule, alarm or role name starting with `p-`;
 * - `arn-name`: an SNS topic or subscription ARN whose topic name starts
 *   with `p-` (the ARN contains `:p-`);
 * - `queue-url`: an SQS queue URL whose queue name starts with `p-` (the URL
 *   contains `/p-`);
 * - `log-group`: a log group name under `/aws/events/p/` or `/p/`.
 */
export type PipelineNameMatch = 'name' | 'arn-name' | 'queue-url' | 'log-group';

export interface PipelineCall {
  /** CloudTrail eventSource. */
  eventSource: string;
  /**
   * EventBridge `source` of the service's CloudTrail events: "aws." + the
   * eventSource prefix, CloudWatch included ("Amazon CloudWatch Monitoring
   * events": CloudTrail-delivered events have "source: aws.monitoring",
   * "eventSource: monitoring.amazonaws.com"; aws.cloudwatch is only its alarm
   * state changes).
   */
  source: string;
  eventNames: readonly string[];
  /** IAM action prefix of the service (the protection SCP denies `<iamPrefix>:<eventName>`); CloudWatch's is `cloudwatch`. */
  iamPrefix: string;
  /** The requestParameters key that names the resource, as CloudTrail records it. */
  parameter: string;
  /** The parameter is a list (alarmNames): EventBridge tests every element, a metric filter the first PIPELINE_LIST_ELEMENTS. */
  list?: boolean;
  match: PipelineNameMatch;
}

/**
 * The calls, and the request parameter CloudTrail records the resource in.
 * Where a published record shows the parameter, docs/detection.md cites it;
 * the others follow the API's request syntax (CloudTrail records the request
 * parameters as sent) and are marked unverified there.
 * IAM calls reach EventBridge only in us-east-1 (global service), so only
 * that region's forwarder carries them; the trail filter sees them anyway.
 */
export const PIPELINE_CALLS: readonly PipelineCall[] = [
  { eventSource: 'events.amazonaws.com', source: 'aws.events', iamPrefix: 'events', eventNames: ['PutRule', 'DeleteRule', 'DisableRule'], parameter: 'name', match: 'name' },
  { eventSource: 'events.amazonaws.com', source: 'aws.events', iamPrefix: 'events', eventNames: ['PutTargets', 'RemoveTargets'], parameter: 'rule', match: 'name' },
  { eventSource: 'scheduler.amazonaws.com', source: 'aws.scheduler', iamPrefix: 'scheduler', eventNames: ['UpdateSchedule', 'DeleteSchedule'], parameter: 'name', match: 'name' },
  { eventSource: 'sns.amazonaws.com', source: 'aws.sns', iamPrefix: 'sns', eventNames: ['DeleteTopic', 'SetTopicAttributes'], parameter: 'topicArn', match: 'arn-name' },
  { eventSource: 'sns.amazonaws.com', source: 'aws.sns', iamPrefix: 'sns', eventNames: ['Unsubscribe'], parameter: 'subscriptionArn', match: 'arn-name' },
  { eventSource: 'monitoring.amazonaws.com', source: 'aws.monitoring', iamPrefix: 'cloudwatch', eventNames: ['DeleteAlarms', 'DisableAlarmActions'], parameter: 'alarmNames', list: true, match: 'name' },
  { eventSource: 'logs.amazonaws.com', source: 'aws.logs', iamPrefix: 'logs', eventNames: ['DeleteLogGroup', 'DeleteMetricFilter', 'PutRetentionPolicy'], parameter: 'logGroupName', match: 'log-group' },
  {
    eventSource: 'iam.amazonaws.com',
    source: 'aws.iam',
    iamPrefix: 'iam',
    eventNames: ['DeleteRole', 'PutRolePolicy', 'DeleteRolePolicy', 'UpdateAssumeRolePolicy', 'AttachRolePolicy', 'DetachRolePolicy'],
    parameter: 'roleName',
    match: 'name',
  },
  { eventSource: 'sqs.amazonaws.com', source: 'aws.sqs', iamPrefix: 'sqs', eventNames: ['DeleteQueue', 'SetQueueAttributes', 'PurgeQueue'], parameter: 'queueUrl', match: 'queue-url' },
];

/**
 * The product's KMS keys are recognized by key ARN: KMS records the caller's
 * `keyId` as sent (a key id or ARN, never an alias for these calls) and the
 * key's ARN in `resources[0].ARN` (AWS KMS developer guide, "ScheduleKeyDeletion"
 * CloudTrail example). Key ARNs exist only after apply, so they come from the
 * stack that owns the keys (`PipelineNames.keyArns`); without them no key
 * branch is built.
 */
export const PIPELINE_KEY_CALL = {
  eventSource: 'kms.amazonaws.com',
  source: 'aws.kms',
  iamPrefix: 'kms',
  eventNames: ['DisableKey', 'ScheduleKeyDeletion', 'PutKeyPolicy'],
} as const;

/**
 * Elements of a list parameter (DeleteAlarms' alarmNames) a metric filter
 * reads: a filter selects one index per term. EventBridge tests them all; a
 * product alarm named after the 5th unrelated one escapes only the trail path.
 */
export const PIPELINE_LIST_ELEMENTS = 5;
