/**
 * The scheduled sign-in digest (issue 19 item 2), self-contained: a Lambda
 * function (detection/alerts/digest-handler.ts, bundled at synth like the
 * alert engine, its own zip), its own role, its own KMS-encrypted log group
 * (own key, retention `aggregator.logRetentionDays`), an EventBridge Scheduler
 * schedule with its own execution role, one encrypted failure queue (the
 * schedule's dead-letter queue and the function's on-failure destination),
 * and alarms on the function's Errors and on that queue's depth to the alert
 * topic. It publishes to the destination topics the alert engine already has.
 *
 * Scheduling follows the heartbeats (aws_scheduler_schedule): a cron
 * expression in UTC at `notifications.digest.hourUtc` and every
 * `periodHours` after; the input carries `<aws.scheduler.scheduled-time>`
 * ("Adding context attributes in EventBridge Scheduler",
 * https://docs.aws.amazon.com/scheduler/latest/UserGuide/managing-schedule-context-attributes.html).
 * Scheduler invokes Lambda with its execution role (lambda:InvokeFunction on
 * this function only) and sends what it cannot deliver to its dead-letter
 * queue with the same role ("Configuring a dead-letter queue for EventBridge
 * Scheduler", https://docs.aws.amazon.com/scheduler/latest/UserGuide/configuring-schedule-dlq.html).
 *
 * The function role, least privilege: logs:StartQuery on the central
 * sign-in log group only; logs:GetQueryResults, which has no resource-level
 * permission ("Actions, resources, and condition keys for Amazon CloudWatch
 * Logs", https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazoncloudwatchlogs.html),
 * on "*" (a read action); no logs:StopQuery (no resource-level permission
 * either, and a write on "*" is refused by SW-IAM-3: a query the function
 * gives up on ends by itself within 60 minutes); sns:Publish on the digest
 * destinations' topics and their key; sqs:SendMessage on its failure queue
 * and that queue's key; its own log streams.
 */
import { Construct } from 'constructs';
import { TerraformAsset, AssetType } from 'cdktf';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { LambdaFunction } from '@cdktf/provider-aws/lib/lambda-function';
import { LambdaFunctionEventInvokeConfig } from '@cdktf/provider-aws/lib/lambda-function-event-invoke-config';
import { SchedulerSchedule } from '@cdktf/provider-aws/lib/scheduler-schedule';
import { SqsQueue } from '@cdktf/provider-aws/lib/sqs-queue';
import { SqsQueuePolicy } from '@cdktf/provider-aws/lib/sqs-queue-policy';
import type { OrgConfig } from '../../config/schema';
import { destinationTopicName, digestFunctionName, digestLogGroupName, kmsAliasName, logGroupArn, pipelineAlarmName, signInLogGroupName, snsTopicArn, sqsQueueArn } from '../../config/names';
import { engineFor } from '../../detection/alerts/model';
import { digestAudiences } from '../../detection/digest-delivery';
import { digestPackage, LAMBDA_HANDLER, LAMBDA_RUNTIME } from './alert-engine-bundle';
import { ENGINE_ARCHITECTURE, ENGINE_MAX_RETRY_ATTEMPTS } from './alert-engine';
import { EncryptedLogGroup } from './encrypted-log-group';
import { PUBLISHER_KEY_ACTIONS, type KmsKey } from './kms-key';
import { CountAlarm, queueDepthAlarm } from './metric-alarm';
import { denyInsecureQueueTransport, policyDocument, type PolicyStatement } from './policy-document';
import { RULE_DLQ_RETENTION_SECONDS } from './rule-dead-letter-queue';

/** Queries of a day of an organization's sign-ins take seconds to minutes; Lambda allows 15 minutes at most. */
export const DIGEST_TIMEOUT_SECONDS = 900;
export const DIGEST_MEMORY_MB = 512;
/** A digest older than its period is stale: Lambda keeps retrying for at most this long. */
const DIGEST_MAX_EVENT_AGE_SECONDS = 6 * 60 * 60;

/** The cron expression (EventBridge Scheduler, UTC) of a digest at `hourUtc` and every `periodHours` after. */
export function digestScheduleExpression(digest: { hourUtc: number; periodHours: number }): string {
  const hours = Array.from({ length: 24 / digest.periodHours }, (_, index) => (digest.hourUtc + index * digest.periodHours) % 24).sort((a, b) => a - b);
  return `cron(0 ${hours.join(',')} * * ? *)`;
}

/** The digest destinations of a config (the topics the function publishes to). */
export function digestDestinationsOf(config: OrgConfig): string[] {
  return digestAudiences(engineFor(config), config.accounts).flatMap((audience) => audience.destinations).sort();
}

export interface DigestFunctionProps {
  config: OrgConfig;
  accountId: string;
  region: string;
  /** The destination topics' key. */
  topicKey: KmsKey;
  /** Encrypts the failure queue. */
  queueKey: KmsKey;
  alertTopicArn: string;
}

/** The function role's only permissions (exported for tests). */
export function digestRoleStatements(args: { signInLogGroupArn: string; topicArns: string[]; topicKeyArn: string; queueArn: string; queueKeyArn: string; logGroupArn: string }): PolicyStatement[] {
  return [
    { Sid: 'QueryCentralSignInLog', Effect: 'Allow', Action: 'logs:StartQuery', Resource: args.signInLogGroupArn },
    // GetQueryResults has no resource-level permission: "*" is the only resource it accepts (a read action).
    { Sid: 'ReadQueryResults', Effect: 'Allow', Action: 'logs:GetQueryResults', Resource: '*' },
    ...(args.topicArns.length > 0
      ? [
          { Sid: 'PublishDigests', Effect: 'Allow' as const, Action: 'sns:Publish', Resource: args.topicArns.length === 1 ? args.topicArns[0] : args.topicArns },
          { Sid: 'UseTopicKey', Effect: 'Allow' as const, Action: PUBLISHER_KEY_ACTIONS, Resource: args.topicKeyArn },
        ]
      : []),
    { Sid: 'SendFailuresToQueue', Effect: 'Allow', Action: 'sqs:SendMessage', Resource: args.queueArn },
    { Sid: 'UseQueueKey', Effect: 'Allow', Action: PUBLISHER_KEY_ACTIONS, Resource: args.queueKeyArn },
    { Sid: 'WriteOwnLogs', Effect: 'Allow', Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Resource: `${args.logGroupArn}:*` },
  ];
}

export class DigestFunction extends Construct {
  readonly function: LambdaFunction;
  readonly role: IamRole;
  readonly schedule: SchedulerSchedule;
  readonly failureQueue: SqsQueue;
  readonly alarms: CountAlarm[];

  constructor(scope: Construct, id: string, props: DigestFunctionProps) {
    super(scope, id);
    const { config, accountId, region } = props;
    const name = digestFunctionName(config);
    const queueName = `${name}-dlq`;
    const queueArn = sqsQueueArn(region, accountId, queueName);
    const logGroupName = digestLogGroupName(config);

    this.failureQueue = new SqsQueue(this, 'failure-queue', { name: queueName, kmsMasterKeyId: props.queueKey.arn, messageRetentionSeconds: RULE_DLQ_RETENTION_SECONDS });
    new SqsQueuePolicy(this, 'failure-queue-policy', { queueUrl: this.failureQueue.url, policy: policyDocument([denyInsecureQueueTransport(queueArn, 'DenyWithoutTls')]) });
    // Its own key, so the construct needs nothing from the stack's key policies.
    const logGroup = new EncryptedLogGroup(this, 'log-group', {
      name: logGroupName,
      retentionInDays: config.aggregator.logRetentionDays,
      accountId,
      region,
      keyAliasName: kmsAliasName(config, 'digest-logs'),
    });
    this.role = new IamRole(this, 'role', {
      name,
      description: 'signin-watch digest: queries the central sign-in log and publishes the sign-in digest to its destination topics.',
      assumeRolePolicy: policyDocument([{ Sid: 'LambdaAssumesDigestRole', Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }]),
      inlinePolicy: [
        {
          name: 'digest',
          policy: policyDocument(
            digestRoleStatements({
              signInLogGroupArn: logGroupArn(region, accountId, signInLogGroupName(config)),
              topicArns: digestDestinationsOf(config).map((destination) => snsTopicArn(region, accountId, destinationTopicName(config, destination))),
              topicKeyArn: props.topicKey.arn,
              queueArn,
              queueKeyArn: props.queueKey.arn,
              logGroupArn: logGroupArn(region, accountId, logGroupName),
            }),
          ),
        },
      ],
    });
    const pkg = digestPackage(config);
    const asset = new TerraformAsset(this, 'package', { path: pkg.zipPath, type: AssetType.FILE });
    this.function = new LambdaFunction(this, 'function', {
      functionName: name,
      description: 'signin-watch digest: console sign-ins per account for the period, to the default recipients and each route that receives INFO in its digest.',
      role: this.role.arn,
      runtime: LAMBDA_RUNTIME,
      handler: LAMBDA_HANDLER,
      architectures: [ENGINE_ARCHITECTURE],
      memorySize: DIGEST_MEMORY_MB,
      timeout: DIGEST_TIMEOUT_SECONDS,
      // One run per period: never more than one at a time.
      reservedConcurrentExecutions: 1,
      filename: asset.path,
      sourceCodeHash: pkg.sha256,
      environment: { variables: { SIGNIN_LOG_GROUP: signInLogGroupName(config), DIGEST_PERIOD_HOURS: String(config.notifications.digest.periodHours) } },
      loggingConfig: { logFormat: 'Text', logGroup: logGroup.logGroup.name },
      dependsOn: [logGroup.logGroup, this.role],
    });
    new LambdaFunctionEventInvokeConfig(this, 'async-config', {
      functionName: this.function.functionName,
      maximumRetryAttempts: ENGINE_MAX_RETRY_ATTEMPTS,
      maximumEventAgeInSeconds: DIGEST_MAX_EVENT_AGE_SECONDS,
      destinationConfig: { onFailure: { destination: this.failureQueue.arn } },
      dependsOn: [this.failureQueue],
    });
    this.schedule = digestSchedule(this, { config, accountId, name, functionArn: this.function.arn, queueArn, queueKeyArn: props.queueKey.arn, queue: this.failureQueue });
    this.alarms = [
      new CountAlarm(this, 'alarm-errors', {
        config,
        alarmName: pipelineAlarmName(name, 'errors'),
        description: `${name}: Errors >= 1 in 5 minutes. A sign-in digest may not have been sent: see its log group and ${queueName}.`,
        namespace: 'AWS/Lambda',
        metricName: 'Errors',
        dimensions: { FunctionName: name },
        topicArn: props.alertTopicArn,
        dependsOn: [this.function],
      }),
      queueDepthAlarm(this, 'alarm-failure-queue-depth', {
        config,
        queueName,
        description: `${queueName} holds digest runs that failed after their retries (each names its scheduled time): invoke the function again with that input.`,
        topicArn: props.alertTopicArn,
        dependsOn: [this.failureQueue],
      }),
    ];
  }
}

function digestSchedule(
  scope: Construct,
  args: { config: OrgConfig; accountId: string; name: string; functionArn: string; queueArn: string; queueKeyArn: string; queue: SqsQueue },
): SchedulerSchedule {
  const { config, accountId, name } = args;
  const role = new IamRole(scope, 'schedule-role', {
    name: `${name}-schedule`,
    description: 'EventBridge Scheduler invokes the signin-watch digest function.',
    assumeRolePolicy: policyDocument([
      { Sid: 'SchedulerOfThisAccount', Effect: 'Allow', Principal: { Service: 'scheduler.amazonaws.com' }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'aws:SourceAccount': accountId } } },
    ]),
    inlinePolicy: [
      {
        name: 'invoke-digest',
        policy: policyDocument([
          { Sid: 'InvokeDigest', Effect: 'Allow', Action: 'lambda:InvokeFunction', Resource: args.functionArn },
          { Sid: 'DeadLetterFailedRuns', Effect: 'Allow', Action: 'sqs:SendMessage', Resource: args.queueArn },
          { Sid: 'UseQueueKey', Effect: 'Allow', Action: PUBLISHER_KEY_ACTIONS, Resource: args.queueKeyArn },
        ]),
      },
    ],
  });
  return new SchedulerSchedule(scope, 'schedule', {
    name,
    groupName: 'default',
    description: 'Sends the signin-watch sign-in digest of the period that just ended.',
    scheduleExpression: digestScheduleExpression(config.notifications.digest),
    scheduleExpressionTimezone: 'UTC',
    flexibleTimeWindow: { mode: 'OFF' },
    state: 'ENABLED',
    target: {
      arn: args.functionArn,
      roleArn: role.arn,
      input: JSON.stringify({ scheduledTime: '<aws.scheduler.scheduled-time>' }),
      retryPolicy: { maximumEventAgeInSeconds: DIGEST_MAX_EVENT_AGE_SECONDS, maximumRetryAttempts: 10 },
      deadLetterConfig: { arn: args.queue.arn },
    },
  });
}
