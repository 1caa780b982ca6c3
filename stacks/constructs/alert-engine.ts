/**
 * The alert engine in AWS: one Lambda function (detection/alerts/handler.ts,
 * bundled at synth time) that every alert rule invokes asynchronously, one SNS
 * topic per destination (email, HTTPS, Slack) it publishes to, and everything
 * that makes its failures visible:
 * - EventBridge → Lambda: the rule target's dead-letter queue and retry policy
 *   (CentralRule) catch events EventBridge cannot hand to Lambda;
 * - Lambda's own retries (2) and an on-failure destination (an encrypted SQS
 *   queue) catch events the function failed on;
 * - alarms on Errors, AsyncEventsDropped, DestinationDeliveryFailures and the
 *   failure queue's depth notify the alert topic directly (CloudWatch → SNS):
 *   a broken engine never has to report itself.
 *
 * Permissions, each from the current AWS documentation:
 * - EventBridge invokes the function through the function's resource-based
 *   policy, one statement per rule with `source_arn` = that rule: "For Lambda,
 *   Amazon SNS, Amazon SQS, and Amazon CloudWatch Logs resources, EventBridge
 *   uses resource-based policies … do not specify a RoleArn in the target
 *   configuration" (EventBridge user guide, "Using resource-based policies for
 *   Amazon EventBridge", https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-use-resource-based.html).
 *   No EventBridge rule publishes to SNS any more (issue 10 item 5): the engine
 *   publishes with its execution role, an identity policy in the topics' own
 *   account, so no condition block in a topic policy has to be honoured by
 *   EventBridge.
 * - The execution role: sns:Publish on the destination topics only, KMS on
 *   the topics' key, sqs:SendMessage on the failure queue ("the function's
 *   execution role needs permission to send to the destination", Lambda
 *   developer guide, "Capturing records of Lambda asynchronous invocations"),
 *   CloudWatch Logs on its own log group, dynamodb:UpdateItem and GetItem on
 *   its state table (alert-state-table.ts) and that table's key through
 *   DynamoDB only. No wildcard resource.
 * - Reserved concurrency (ENGINE_RESERVED_CONCURRENCY): a flood is throttled
 *   and retried, never allowed to take the account's whole concurrency.
 */
import { Construct } from 'constructs';
import { Annotations, TerraformAsset, AssetType } from 'cdktf';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { LambdaFunction } from '@cdktf/provider-aws/lib/lambda-function';
import { LambdaFunctionEventInvokeConfig } from '@cdktf/provider-aws/lib/lambda-function-event-invoke-config';
import { LambdaPermission } from '@cdktf/provider-aws/lib/lambda-permission';
import { SnsTopic } from '@cdktf/provider-aws/lib/sns-topic';
import { SnsTopicPolicy } from '@cdktf/provider-aws/lib/sns-topic-policy';
import { SnsTopicSubscription } from '@cdktf/provider-aws/lib/sns-topic-subscription';
import { SqsQueue } from '@cdktf/provider-aws/lib/sqs-queue';
import { SqsQueuePolicy } from '@cdktf/provider-aws/lib/sqs-queue-policy';
import type { OrgConfig } from '../../config/schema';
import {
  alertEngineFailureQueueName,
  alertEngineLogGroupName,
  alertEngineName,
  destinationTopicName,
  logGroupArn,
  pipelineAlarmName,
  snsTopicArn,
  sqsQueueArn,
} from '../../config/names';
import { destinationType } from '../../detection/alerts/engine';
import { allDestinations } from '../../detection/alerts/model';
import type { MessageTemplate } from '../../detection/types';
import { enginePackage, LAMBDA_HANDLER, LAMBDA_RUNTIME } from './alert-engine-bundle';
import { AlertStateTable, alertStateStatements } from './alert-state-table';
import { EncryptedLogGroup } from './encrypted-log-group';
import type { KmsKey } from './kms-key';
import { PUBLISHER_KEY_ACTIONS } from './kms-key';
import { CountAlarm, queueDepthAlarm } from './metric-alarm';
import { denyInsecureQueueTransport, policyDocument, type PolicyStatement } from './policy-document';
import { RULE_DLQ_RETENTION_SECONDS } from './rule-dead-letter-queue';

/** Lambda retries a failed asynchronous invocation at most twice (the maximum, "Configuring error handling settings for Lambda asynchronous invocations"). */
export const ENGINE_MAX_RETRY_ATTEMPTS = 2;
/** Keep queued events up to 6 hours (the maximum, same page): a late alert beats none; older ones go to the failure queue. */
export const ENGINE_MAX_EVENT_AGE_SECONDS = 6 * 60 * 60;
/** Rendering and a few SNS Publish calls take well under a second; 30 s leaves room for SNS retries. */
export const ENGINE_TIMEOUT_SECONDS = 30;
/** Memory (MB): also buys CPU; 256 MB keeps a cold start short. The cost model prices GB-seconds from it. */
export const ENGINE_MEMORY_MB = 256;
export const ENGINE_ARCHITECTURE = 'arm64';
/**
 * Reserved concurrency: a flood of events (each one invocation) can use at
 * most this many concurrent executions, so it never starves the account's
 * other functions, and it bounds the state table's request rate. Asynchronous
 * invocations beyond it are throttled and retried by Lambda for up to
 * ENGINE_MAX_EVENT_AGE_SECONDS ("How Lambda handles errors and retries with
 * asynchronous invocation"): delayed, not lost. Lambda requires at least 100
 * unreserved executions to remain in the account ("Configuring reserved
 * concurrency for a function"), so the account's concurrency quota must be
 * at least 110.
 */
export const ENGINE_RESERVED_CONCURRENCY = 10;

/** Lambda metrics that mean "an alert was not delivered" (AWS/Lambda, FunctionName), each alarmed at >= 1. */
export const ENGINE_FAILURE_METRICS = [
  { metricName: 'Errors', slug: 'errors' },
  { metricName: 'AsyncEventsDropped', slug: 'async-events-dropped' },
  { metricName: 'DestinationDeliveryFailures', slug: 'destination-delivery-failures' },
] as const;

/** The input transformer of an alert rule targeting the engine: the kind, and the whole event. */
export function engineInput(kindId: string): MessageTemplate {
  if (!/^[a-z0-9-]+$/.test(kindId)) throw new Error(`engineInput: kind id "${kindId}" must be lowercase letters, digits and hyphens`);
  // aws.events.event.json: "the full original event payload as JSON (with the detail field)" (EventBridge user guide, "Amazon EventBridge input transformation").
  return { inputPaths: {}, inputTemplate: `{"kind":"${kindId}","event":<aws.events.event.json>}` };
}

export interface AlertEngineProps {
  config: OrgConfig;
  accountId: string;
  region: string;
  /** Encrypts the destination topics (and the alert topic). */
  topicKey: KmsKey;
  /** Encrypts the engine's log group (its policy must admit `alertEngineLogGroupName`). */
  logsKey: KmsKey;
  /** Encrypts the failure queue. */
  queueKey: KmsKey;
  /** Encrypts the state table (stacks/constructs/alert-state-table.ts alertStateKey). */
  stateKey: KmsKey;
  /** The alert topic the engine's own alarms notify. */
  alertTopicArn: string;
  /** ARNs of the rules that invoke the engine (one permission each). */
  invokingRuleArns: string[];
}

/** The names and ARNs the engine's parts refer to each other by (built from config, not from tokens). */
interface EngineNames {
  config: OrgConfig;
  accountId: string;
  region: string;
  /** Function and role name. */
  name: string;
  roleArn: string;
  queueName: string;
  queueArn: string;
  logGroupName: string;
}

function engineNames({ config, accountId, region }: AlertEngineProps): EngineNames {
  const name = alertEngineName(config);
  const queueName = alertEngineFailureQueueName(config);
  return {
    config,
    accountId,
    region,
    name,
    roleArn: `arn:aws:iam::${accountId}:role/${name}`,
    queueName,
    queueArn: sqsQueueArn(region, accountId, queueName),
    logGroupName: alertEngineLogGroupName(config),
  };
}

export class AlertEngine extends Construct {
  readonly function: LambdaFunction;
  readonly role: IamRole;
  readonly permissions: LambdaPermission[];
  /** Destination (`email:…`, `https:…`, `slack:…`) → its topic. */
  readonly topics: Map<string, SnsTopic>;
  readonly failureQueue: SqsQueue;
  readonly alarms: CountAlarm[];
  /** Storm control and first-seen state (DynamoDB, its own key). */
  readonly state: AlertStateTable;

  constructor(scope: Construct, id: string, props: AlertEngineProps) {
    super(scope, id);
    const names = engineNames(props);
    this.state = new AlertStateTable(this, 'state', { config: props.config, accountId: props.accountId, region: props.region, key: props.stateKey });
    this.topics = destinationTopics(this, names, props.topicKey);
    this.failureQueue = failureQueue(this, names, props.queueKey);
    // Log group first (encrypted, retention), then role and function.
    const logGroup = new EncryptedLogGroup(this, 'log-group', {
      name: names.logGroupName,
      retentionInDays: names.config.aggregator.logRetentionDays,
      accountId: names.accountId,
      region: names.region,
      encryptionKey: props.logsKey,
    });
    this.role = engineRole(this, names, { ...props, stateTableArn: this.state.tableArn, stateKeyArn: this.state.key.arn });
    this.function = engineFunction(this, names, logGroup, this.role);
    new LambdaFunctionEventInvokeConfig(this, 'async-config', {
      functionName: this.function.functionName,
      maximumRetryAttempts: ENGINE_MAX_RETRY_ATTEMPTS,
      maximumEventAgeInSeconds: ENGINE_MAX_EVENT_AGE_SECONDS,
      destinationConfig: { onFailure: { destination: this.failureQueue.arn } },
      dependsOn: [this.failureQueue],
    });
    this.permissions = props.invokingRuleArns.map((ruleArn) => invokePermission(this, names, this.function, ruleArn));
    this.alarms = engineFailureAlarms(this, names, { function: this.function, failureQueue: this.failureQueue, alertTopicArn: props.alertTopicArn });
    for (const warning of replaceDefaultWarnings(props.config)) Annotations.of(this).addWarning(warning);
  }

  get arn(): string {
    return this.function.arn;
  }
}

/** One topic per destination; only the engine role publishes. */
function destinationTopics(engine: Construct, { config, accountId, region, roleArn }: EngineNames, topicKey: KmsKey): Map<string, SnsTopic> {
  const topics = new Map<string, SnsTopic>();
  for (const destination of allDestinations(config)) {
    const topicName = destinationTopicName(config, destination);
    const topic = new SnsTopic(engine, `topic-${topicName}`, { name: topicName, kmsMasterKeyId: topicKey.arn });
    new SnsTopicPolicy(engine, `topic-policy-${topicName}`, {
      arn: topic.arn,
      policy: policyDocument(destinationTopicPolicyStatements(snsTopicArn(region, accountId, topicName), roleArn)),
    });
    const type = destinationType(destination);
    const endpoint = destination.slice(destination.indexOf(':') + 1);
    // Slack and Teams topics are subscribed by the AWS Chatbot channel configuration, not here.
    if (type !== 'slack' && type !== 'teams') new SnsTopicSubscription(engine, `subscription-${topicName}`, { topicArn: topic.arn, protocol: type, endpoint });
    topics.set(destination, topic);
  }
  return topics;
}

/** Routes add, never take away, except where a route says replaceDefault: a deliberate gap, said at synth. */
export function replaceDefaultWarnings(config: Pick<OrgConfig, 'notifications'>): string[] {
  return config.notifications.routes
    .filter((route) => route.replaceDefault === true)
    .map((route) => `notifications.routes ${route.name}: replaceDefault: the default recipients (notifications.emails/slack) no longer receive what this route matches, CRITICAL and HIGH included`);
}

/** The on-failure destination: encrypted, TLS only. */
function failureQueue(engine: Construct, { queueName, queueArn }: EngineNames, queueKey: KmsKey): SqsQueue {
  const queue = new SqsQueue(engine, 'failure-queue', {
    name: queueName,
    kmsMasterKeyId: queueKey.arn,
    messageRetentionSeconds: RULE_DLQ_RETENTION_SECONDS,
  });
  new SqsQueuePolicy(engine, 'failure-queue-policy', {
    queueUrl: queue.url,
    policy: policyDocument([denyInsecureQueueTransport(queueArn, 'DenyWithoutTls')]),
  });
  return queue;
}

function engineRole(engine: Construct, names: EngineNames, keys: Pick<AlertEngineProps, 'topicKey' | 'queueKey'> & { stateTableArn: string; stateKeyArn: string }): IamRole {
  const { config, accountId, region } = names;
  return new IamRole(engine, 'role', {
    name: names.name,
    description: 'signin-watch alert engine: formats each alert and publishes it to its destination topics.',
    assumeRolePolicy: policyDocument([{ Sid: 'LambdaAssumesEngineRole', Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }]),
    inlinePolicy: [
      {
        name: 'publish-alerts',
        policy: policyDocument(
          alertEngineRoleStatements({
            topicArns: allDestinations(config).map((destination) => snsTopicArn(region, accountId, destinationTopicName(config, destination))),
            topicKeyArn: keys.topicKey.arn,
            queueArn: names.queueArn,
            queueKeyArn: keys.queueKey.arn,
            logGroupArn: logGroupArn(region, accountId, names.logGroupName),
            state: { tableArn: keys.stateTableArn, keyArn: keys.stateKeyArn, region },
          }),
        ),
      },
    ],
  });
}

function engineFunction(engine: Construct, { config, name }: EngineNames, logGroup: EncryptedLogGroup, role: IamRole): LambdaFunction {
  const pkg = enginePackage(config);
  const asset = new TerraformAsset(engine, 'package', { path: pkg.zipPath, type: AssetType.FILE });
  return new LambdaFunction(engine, 'function', {
    functionName: name,
    description: 'signin-watch alert engine: one plain-text message per alert, naming the account, to every matching route.',
    role: role.arn,
    runtime: LAMBDA_RUNTIME,
    handler: LAMBDA_HANDLER,
    architectures: [ENGINE_ARCHITECTURE],
    memorySize: ENGINE_MEMORY_MB,
    timeout: ENGINE_TIMEOUT_SECONDS,
    reservedConcurrentExecutions: ENGINE_RESERVED_CONCURRENCY,
    filename: asset.path,
    sourceCodeHash: pkg.sha256,
    loggingConfig: { logFormat: 'Text', logGroup: logGroup.logGroup.name },
    dependsOn: [logGroup.logGroup, role],
  });
}

/** The function's resource-based policy statement for one invoking rule. */
function invokePermission(engine: Construct, { accountId }: EngineNames, fn: LambdaFunction, ruleArn: string): LambdaPermission {
  const ruleName = ruleArn.slice(ruleArn.lastIndexOf('/') + 1);
  return new LambdaPermission(engine, `invoke-${ruleName}`, {
    statementId: `invoke-from-${ruleName}`.slice(0, 100),
    action: 'lambda:InvokeFunction',
    functionName: fn.functionName,
    principal: 'events.amazonaws.com',
    sourceArn: ruleArn,
    sourceAccount: accountId,
  });
}

/** The engine failing is an alert of its own, straight from CloudWatch. */
function engineFailureAlarms(
  engine: Construct,
  { config, name, queueName }: EngineNames,
  targets: { function: LambdaFunction; failureQueue: SqsQueue; alertTopicArn: string },
): CountAlarm[] {
  const functionAlarms = ENGINE_FAILURE_METRICS.map(
    (metric) =>
      new CountAlarm(engine, `alarm-${metric.slug}`, {
        config,
        alarmName: pipelineAlarmName(name, metric.slug),
        description: `${name}: ${metric.metricName} >= 1 in 5 minutes. Alert messages may not have been delivered: see its log group and ${queueName}.`,
        namespace: 'AWS/Lambda',
        metricName: metric.metricName,
        dimensions: { FunctionName: name },
        topicArn: targets.alertTopicArn,
        dependsOn: [targets.function],
      }),
  );
  const queueAlarm = queueDepthAlarm(engine, 'alarm-failure-queue-depth', {
    config,
    queueName,
    description: `${queueName} holds alerts the engine could not deliver after its retries: read them (each names the event) and replay.`,
    topicArn: targets.alertTopicArn,
    dependsOn: [targets.failureQueue],
  });
  return [...functionAlarms, queueAlarm];
}

/** A destination topic's policy: only the engine role may publish (the account's administrators keep IAM access). */
export function destinationTopicPolicyStatements(topicArn: string, engineRoleArn: string): PolicyStatement[] {
  return [{ Sid: 'AlertEnginePublishes', Effect: 'Allow', Principal: { AWS: engineRoleArn }, Action: 'sns:Publish', Resource: topicArn }];
}

/** The engine role's only permissions (exported for the IAM simulation tests). */
export function alertEngineRoleStatements(args: {
  topicArns: string[];
  topicKeyArn: string;
  queueArn: string;
  queueKeyArn: string;
  logGroupArn: string;
  /** The state table and its key (absent: no state statements, for the older IAM simulation fixtures). */
  state?: { tableArn: string; keyArn: string; region: string };
}): PolicyStatement[] {
  return [
    { Sid: 'PublishToDestinationTopics', Effect: 'Allow', Action: 'sns:Publish', Resource: args.topicArns.length === 1 ? args.topicArns[0] : args.topicArns },
    // Publishing to a KMS-encrypted topic needs GenerateDataKey and Decrypt on its key (SNS developer guide, "Encryption at rest").
    { Sid: 'UseTopicKey', Effect: 'Allow', Action: PUBLISHER_KEY_ACTIONS, Resource: args.topicKeyArn },
    { Sid: 'SendFailuresToQueue', Effect: 'Allow', Action: 'sqs:SendMessage', Resource: args.queueArn },
    { Sid: 'UseQueueKey', Effect: 'Allow', Action: PUBLISHER_KEY_ACTIONS, Resource: args.queueKeyArn },
    { Sid: 'WriteOwnLogs', Effect: 'Allow', Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Resource: `${args.logGroupArn}:*` },
    ...(args.state ? alertStateStatements(args.state) : []),
  ];
}
