/**
 * The forwarder health checker in the aggregator (issue 18 item 1): a Lambda
 * function (detection/health/handler.ts, bundled with esbuild like the alert
 * engine) that EventBridge Scheduler runs every 15 minutes. It queries the
 * heartbeat log group with CloudWatch Logs Insights, counting each heartbeat
 * only for its AWS-set envelope `account` and `region`, and invokes the alert
 * engine with kind `forwarder-silent` for every silent account-region
 * (detection/health/check.ts). Replaces the heartbeat metric filter and shard
 * alarms, whose `Shard` and value came from `detail`, which any member
 * principal with events:PutEvents writes.
 *
 * If the checker itself stops, CloudWatch says so straight to the alert
 * topic: Invocations < 1 in 30 minutes (two runs missed; missing data is
 * breaching), Errors >= 1, and the depth of its dead-letter queue.
 *
 * Least privilege: logs:StartQuery and logs:GetQueryResults on the heartbeat
 * log group only (both take the `log-group` resource type, IAM service
 * authorization reference for CloudWatch Logs), lambda:InvokeFunction on the
 * alert engine only, its own queue, key and log group. The scheduler role may
 * only invoke this function, trusted by scheduler.amazonaws.com only for this
 * schedule (aws:SourceArn, aws:SourceAccount).
 */
import { Construct } from 'constructs';
import { AssetType, TerraformAsset } from 'cdktf';
import * as path from 'node:path';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { LambdaFunction } from '@cdktf/provider-aws/lib/lambda-function';
import { LambdaFunctionEventInvokeConfig } from '@cdktf/provider-aws/lib/lambda-function-event-invoke-config';
import { SchedulerSchedule } from '@cdktf/provider-aws/lib/scheduler-schedule';
import { SqsQueue } from '@cdktf/provider-aws/lib/sqs-queue';
import { SqsQueuePolicy } from '@cdktf/provider-aws/lib/sqs-queue-policy';
import type { OrgConfig } from '../../config/schema';
import {
  aggregatorAccount,
  alertEngineName,
  healthCheckLogGroupName,
  healthCheckName,
  healthCheckQueueName,
  healthCheckScheduleName,
  healthCheckSchedulerRoleName,
  heartbeatLogGroupName,
  logGroupArn,
  pipelineAlarmName,
  sqsQueueArn,
} from '../../config/names';
import { CHECK_INTERVAL_MINUTES } from '../../detection/health/check';
import { CHECKER_MODEL_FILE, type CheckerModel } from '../../detection/health/handler';
import { healthModel } from '../../detection/health/model';
import { bundledCode, LAMBDA_HANDLER, LAMBDA_RUNTIME, lambdaPackage, type EnginePackage } from './alert-engine-bundle';
import { EncryptedLogGroup } from './encrypted-log-group';
import { PUBLISHER_KEY_ACTIONS, type KmsKey } from './kms-key';
import { ENGINE_ARCHITECTURE } from './alert-engine';
import { CountAlarm, queueDepthAlarm } from './metric-alarm';
import { denyInsecureQueueTransport, policyDocument, type PolicyStatement } from './policy-document';
import { RULE_DLQ_RETENTION_SECONDS } from './rule-dead-letter-queue';

export const CHECKER_ENTRY = path.resolve(__dirname, '..', '..', 'detection', 'health', 'handler.ts');
/** Two Logs Insights queries (more only for many silent accounts), polled each second: minutes at most. */
export const CHECKER_TIMEOUT_SECONDS = 300;
export const CHECKER_MEMORY_MB = 256;
/** The checker is alarmed when it ran less than once in this many seconds (two runs missed). */
export const CHECKER_MISSING_PERIOD_SECONDS = 2 * CHECK_INTERVAL_MINUTES * 60;

/** The checker's model: the expected account × region set, where to query, whom to invoke. */
export function checkerModel(config: OrgConfig): CheckerModel {
  return {
    ...healthModel(config),
    logGroupName: heartbeatLogGroupName(config),
    engineFunctionName: alertEngineName(config),
    aggregator: { account: aggregatorAccount(config).id, region: config.aggregator.region },
  };
}

export function checkerPackage(config: OrgConfig): EnginePackage {
  return lambdaPackage('health-check', [
    { name: 'index.js', data: bundledCode(CHECKER_ENTRY) },
    { name: CHECKER_MODEL_FILE, data: Buffer.from(`${JSON.stringify(checkerModel(config))}\n`, 'utf8') },
  ]);
}

/** The checker role's only permissions (exported for the IAM simulation tests). */
export function healthCheckRoleStatements(args: { heartbeatLogGroupArn: string; engineArn: string; queueArn: string; queueKeyArn: string; ownLogGroupArn: string }): PolicyStatement[] {
  return [
    {
      Sid: 'QueryHeartbeatLog',
      Effect: 'Allow',
      Action: ['logs:StartQuery', 'logs:GetQueryResults'],
      Resource: [args.heartbeatLogGroupArn, `${args.heartbeatLogGroupArn}:*`],
    },
    { Sid: 'InvokeAlertEngine', Effect: 'Allow', Action: 'lambda:InvokeFunction', Resource: args.engineArn },
    { Sid: 'SendFailuresToQueue', Effect: 'Allow', Action: 'sqs:SendMessage', Resource: args.queueArn },
    { Sid: 'UseQueueKey', Effect: 'Allow', Action: PUBLISHER_KEY_ACTIONS, Resource: args.queueKeyArn },
    { Sid: 'WriteOwnLogs', Effect: 'Allow', Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Resource: `${args.ownLogGroupArn}:*` },
  ];
}

/** Scheduler's trust: only for this account's checker schedule ("Cross-service confused deputy prevention", EventBridge Scheduler user guide). */
export function healthCheckSchedulerTrust(accountId: string, region: string, scheduleName: string): PolicyStatement[] {
  return [
    {
      Sid: 'SchedulerForTheHealthCheck',
      Effect: 'Allow',
      Principal: { Service: 'scheduler.amazonaws.com' },
      Action: 'sts:AssumeRole',
      Condition: {
        StringEquals: { 'aws:SourceAccount': accountId },
        ArnEquals: { 'aws:SourceArn': `arn:aws:scheduler:${region}:${accountId}:schedule/default/${scheduleName}` },
      },
    },
  ];
}

export interface ForwarderHealthCheckProps {
  config: OrgConfig;
  accountId: string;
  region: string;
  logsKey: KmsKey;
  queueKey: KmsKey;
  alertTopicArn: string;
  /** The alert engine function the checker invokes. */
  engineArn: string;
}

export class ForwarderHealthCheck extends Construct {
  readonly function: LambdaFunction;
  readonly queue: SqsQueue;
  readonly schedule: SchedulerSchedule;
  readonly alarms: CountAlarm[];

  constructor(scope: Construct, id: string, props: ForwarderHealthCheckProps) {
    super(scope, id);
    const { config, accountId, region } = props;
    const name = healthCheckName(config);
    const queueName = healthCheckQueueName(config);
    const queueArn = sqsQueueArn(region, accountId, queueName);
    this.queue = new SqsQueue(this, 'queue', { name: queueName, kmsMasterKeyId: props.queueKey.arn, messageRetentionSeconds: RULE_DLQ_RETENTION_SECONDS });
    new SqsQueuePolicy(this, 'queue-policy', { queueUrl: this.queue.url, policy: policyDocument([denyInsecureQueueTransport(queueArn, 'DenyWithoutTls')]) });
    const logGroup = new EncryptedLogGroup(this, 'log-group', {
      name: healthCheckLogGroupName(config),
      retentionInDays: config.aggregator.logRetentionDays,
      accountId,
      region,
      encryptionKey: props.logsKey,
    });
    const role = new IamRole(this, 'role', {
      name,
      description: 'signin-watch forwarder health check: queries the heartbeat log and invokes the alert engine for silent forwarders.',
      assumeRolePolicy: policyDocument([{ Sid: 'LambdaAssumesHealthCheckRole', Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }]),
      inlinePolicy: [
        {
          name: 'check-heartbeats',
          policy: policyDocument(
            healthCheckRoleStatements({
              heartbeatLogGroupArn: logGroupArn(region, accountId, heartbeatLogGroupName(config)),
              engineArn: props.engineArn,
              queueArn,
              queueKeyArn: props.queueKey.arn,
              ownLogGroupArn: logGroupArn(region, accountId, healthCheckLogGroupName(config)),
            }),
          ),
        },
      ],
    });
    const pkg = checkerPackage(config);
    const asset = new TerraformAsset(this, 'package', { path: pkg.zipPath, type: AssetType.FILE });
    this.function = new LambdaFunction(this, 'function', {
      functionName: name,
      description: 'signin-watch forwarder health: names every member account-region whose heartbeats stopped (envelope account and region only).',
      role: role.arn,
      runtime: LAMBDA_RUNTIME,
      handler: LAMBDA_HANDLER,
      architectures: [ENGINE_ARCHITECTURE],
      memorySize: CHECKER_MEMORY_MB,
      timeout: CHECKER_TIMEOUT_SECONDS,
      filename: asset.path,
      sourceCodeHash: pkg.sha256,
      loggingConfig: { logFormat: 'Text', logGroup: logGroup.logGroup.name },
      dependsOn: [logGroup.logGroup, role],
    });
    // A failed run is not retried (the next one is 15 minutes away); it is kept and alarmed.
    new LambdaFunctionEventInvokeConfig(this, 'async-config', {
      functionName: this.function.functionName,
      maximumRetryAttempts: 0,
      maximumEventAgeInSeconds: CHECK_INTERVAL_MINUTES * 60,
      destinationConfig: { onFailure: { destination: this.queue.arn } },
      dependsOn: [this.queue],
    });
    const scheduleName = healthCheckScheduleName(config);
    const schedulerRole = new IamRole(this, 'scheduler-role', {
      name: healthCheckSchedulerRoleName(config),
      description: 'EventBridge Scheduler runs the signin-watch forwarder health check.',
      assumeRolePolicy: policyDocument(healthCheckSchedulerTrust(accountId, region, scheduleName)),
      inlinePolicy: [
        {
          name: 'run-health-check',
          policy: policyDocument([
            { Sid: 'InvokeHealthCheck', Effect: 'Allow', Action: 'lambda:InvokeFunction', Resource: `arn:aws:lambda:${region}:${accountId}:function:${name}` },
            { Sid: 'DeadLetterFailedRuns', Effect: 'Allow', Action: 'sqs:SendMessage', Resource: queueArn },
            { Sid: 'UseQueueKey', Effect: 'Allow', Action: PUBLISHER_KEY_ACTIONS, Resource: props.queueKey.arn },
          ]),
        },
      ],
    });
    this.schedule = new SchedulerSchedule(this, 'schedule', {
      name: scheduleName,
      groupName: 'default',
      description: 'Runs the signin-watch forwarder health check.',
      scheduleExpression: `rate(${CHECK_INTERVAL_MINUTES} minutes)`,
      flexibleTimeWindow: { mode: 'OFF' },
      state: 'ENABLED',
      target: {
        arn: this.function.arn,
        roleArn: schedulerRole.arn,
        retryPolicy: { maximumEventAgeInSeconds: CHECK_INTERVAL_MINUTES * 60, maximumRetryAttempts: 3 },
        deadLetterConfig: { arn: this.queue.arn },
      },
    });
    this.alarms = healthCheckAlarms(this, { config, name, queueName, alertTopicArn: props.alertTopicArn, fn: this.function, queue: this.queue });
  }
}

function healthCheckAlarms(
  scope: Construct,
  args: { config: OrgConfig; name: string; queueName: string; alertTopicArn: string; fn: LambdaFunction; queue: SqsQueue },
): CountAlarm[] {
  const { config, name, queueName, alertTopicArn: topicArn } = args;
  return [
    new CountAlarm(scope, 'alarm-not-running', {
      config,
      alarmName: pipelineAlarmName(name, 'not-running'),
      description: `${name} ran less than once in ${CHECKER_MISSING_PERIOD_SECONDS / 60} minutes: nothing checks the member forwarders' heartbeats. See its schedule, ${queueName} and its log group.`,
      namespace: 'AWS/Lambda',
      metricName: 'Invocations',
      dimensions: { FunctionName: name },
      statistic: 'Sum',
      period: CHECKER_MISSING_PERIOD_SECONDS,
      threshold: 1,
      comparisonOperator: 'LessThanThreshold',
      treatMissingData: 'breaching',
      notifyOnOk: true,
      topicArn,
      dependsOn: [args.fn],
    }),
    new CountAlarm(scope, 'alarm-errors', {
      config,
      alarmName: pipelineAlarmName(name, 'errors'),
      description: `${name} failed (a Logs Insights query or an alert engine invocation): silent forwarders may not have been reported. See its log group.`,
      namespace: 'AWS/Lambda',
      metricName: 'Errors',
      dimensions: { FunctionName: name },
      topicArn,
      dependsOn: [args.fn],
    }),
    queueDepthAlarm(scope, 'alarm-queue-depth', {
      config,
      queueName,
      description: `${queueName} holds health-check runs that failed or could not be started.`,
      topicArn,
      dependsOn: [args.queue],
    }),
  ];
}
