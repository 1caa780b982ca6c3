/**
 * A tiny hand-built stack that complies with every rule of the pack: a trail
 * with its bucket, key and log group, CIS filters and alarms, an alert topic,
 * a central bus with a rule, and a forwarder. One provider, one region.
 * Rule tests break one thing at a time (`edit`) and expect that rule's finding.
 */
import { App, TerraformStack, type TerraformResource } from 'cdktf';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { S3BucketPublicAccessBlock } from '@cdktf/provider-aws/lib/s3-bucket-public-access-block';
import { S3BucketVersioningA } from '@cdktf/provider-aws/lib/s3-bucket-versioning';
import { S3BucketServerSideEncryptionConfigurationA } from '@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration';
import { S3BucketLoggingA } from '@cdktf/provider-aws/lib/s3-bucket-logging';
import { S3BucketLifecycleConfiguration } from '@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration';
import { S3BucketPolicy } from '@cdktf/provider-aws/lib/s3-bucket-policy';
import { S3BucketObjectLockConfigurationA } from '@cdktf/provider-aws/lib/s3-bucket-object-lock-configuration';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { Cloudtrail } from '@cdktf/provider-aws/lib/cloudtrail';
import { CloudwatchLogMetricFilter } from '@cdktf/provider-aws/lib/cloudwatch-log-metric-filter';
import { CloudwatchMetricAlarm } from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm';
import { SnsTopic } from '@cdktf/provider-aws/lib/sns-topic';
import { SnsTopicPolicy } from '@cdktf/provider-aws/lib/sns-topic-policy';
import { SnsTopicSubscription } from '@cdktf/provider-aws/lib/sns-topic-subscription';
import { CloudwatchEventBus } from '@cdktf/provider-aws/lib/cloudwatch-event-bus';
import { CloudwatchEventBusPolicy } from '@cdktf/provider-aws/lib/cloudwatch-event-bus-policy';
import { CloudwatchEventRule } from '@cdktf/provider-aws/lib/cloudwatch-event-rule';
import { CloudwatchEventTarget } from '@cdktf/provider-aws/lib/cloudwatch-event-target';
import { SqsQueue } from '@cdktf/provider-aws/lib/sqs-queue';
import { SqsQueuePolicy } from '@cdktf/provider-aws/lib/sqs-queue-policy';
import { CloudwatchLogResourcePolicy } from '@cdktf/provider-aws/lib/cloudwatch-log-resource-policy';
import { LambdaFunction } from '@cdktf/provider-aws/lib/lambda-function';
import { LambdaFunctionEventInvokeConfig } from '@cdktf/provider-aws/lib/lambda-function-event-invoke-config';
import { LambdaPermission } from '@cdktf/provider-aws/lib/lambda-permission';
import { DynamodbTable } from '@cdktf/provider-aws/lib/dynamodb-table';
import * as path from 'node:path';
import { loadConfig } from '../../detection/org-config';
import {
  centralBusArn,
  centralBusName,
  forwarderRoleArnPattern,
  managementAccount,
  signInLogGroupName,
  trailArn,
  trailBucketName,
  trailLogGroupName,
  trailMetricNamespace,
} from '../../config/names';
import type { OrgConfig } from '../../config/schema';
import { CIS_FILTERS, pipelineForwarderPatternsFor, SIGN_IN_SOURCE, TRAIL_SOURCE } from '../../detection/catalogue';

import { scratchDir } from '../support/scratch';
import { evaluateStack, SECURITY_RULES, type Finding } from '../../stacks/rules';

export const EXAMPLE_CONFIG_FILE = path.join(__dirname, '..', '..', 'config', 'org.yaml');

export function exampleConfig(edit?: (config: OrgConfig) => void): OrgConfig {
  const config = loadConfig(EXAMPLE_CONFIG_FILE);
  edit?.(config);
  return config;
}

type Doc = { Version: string; Statement: Array<Record<string, any>> };
const doc = (...Statement: Array<Record<string, any>>): Doc => ({ Version: '2012-10-17', Statement });

export interface Fixture {
  app: App;
  stack: TerraformStack;
  config: OrgConfig;
  r: Record<string, TerraformResource>;
  /** Policy documents as objects, by resource key; `editPolicy` changes one and re-renders it. */
  policies: Record<string, { attribute: string; doc: Doc }>;
}

/** Changes a policy of the fixture: `change` edits a copy of the document, which replaces the attribute. */
export function editPolicy(fixture: Fixture, key: string, change: (doc: Doc) => void): void {
  const { attribute, doc: current } = fixture.policies[key];
  const copy = JSON.parse(JSON.stringify(current)) as Doc;
  change(copy);
  fixture.r[key].addOverride(attribute, JSON.stringify(copy));
}

export function buildFixture(config: OrgConfig = exampleConfig()): Fixture {
  const app = new App({ outdir: scratchDir() });
  const stack = new TerraformStack(app, 'fixture');
  const region = config.trail.region;
  const account = managementAccount(config).id;
  const org = config.organization.id;
  const r: Record<string, TerraformResource> = {};
  const policies: Fixture['policies'] = {};
  const policy = <T extends TerraformResource>(key: string, attribute: string, document: Doc, make: (json: string) => T): T => {
    policies[key] = { attribute, doc: document };
    const resource = make(JSON.stringify(document));
    r[key] = resource;
    return resource;
  };
  new AwsProvider(stack, 'aws', { region, allowedAccountIds: [account] });

  const key = policy(
    'key',
    'policy',
    doc(
      { Sid: 'Admin', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${account}:root` }, Action: 'kms:*', Resource: '*' },
      {
        Sid: 'CloudTrailEncrypt',
        Effect: 'Allow',
        Principal: { Service: 'cloudtrail.amazonaws.com' },
        Action: 'kms:GenerateDataKey*',
        Resource: '*',
        Condition: {
          StringLike: { 'kms:EncryptionContext:aws:cloudtrail:arn': `arn:aws:cloudtrail:*:${account}:trail/*` },
          StringEquals: { 'aws:SourceArn': trailArn(config) },
        },
      },
      {
        Sid: 'LogsEncrypt',
        Effect: 'Allow',
        Principal: { Service: `logs.${region}.amazonaws.com` },
        Action: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
        Resource: '*',
        Condition: { ArnLike: { 'kms:EncryptionContext:aws:logs:arn': `arn:aws:logs:${region}:${account}:log-group:*` } },
      },
      {
        Sid: 'EventsUse',
        Effect: 'Allow',
        Principal: { Service: 'events.amazonaws.com' },
        Action: ['kms:GenerateDataKey*', 'kms:Decrypt'],
        Resource: '*',
        Condition: { StringEquals: { 'aws:SourceAccount': account } },
      },
      {
        Sid: 'AlarmsUse',
        Effect: 'Allow',
        Principal: { Service: 'cloudwatch.amazonaws.com' },
        Action: ['kms:GenerateDataKey*', 'kms:Decrypt'],
        Resource: '*',
        Condition: { StringEquals: { 'aws:SourceAccount': account } },
      },
    ),
    (json) => new KmsKey(stack, 'key', { enableKeyRotation: true, policy: json }),
  );

  // Buckets: the trail bucket logs to the access-log bucket.
  const buckets = {
    trailBucket: new S3Bucket(stack, 'trail-bucket', { bucket: trailBucketName(config), objectLockEnabled: config.trail.objectLock ? true : undefined }),
    logBucket: new S3Bucket(stack, 'log-bucket', { bucket: `${trailBucketName(config)}-access-logs` }),
  };
  for (const [name, bucket] of Object.entries(buckets)) {
    r[name] = bucket;
    r[`${name}Pab`] = new S3BucketPublicAccessBlock(stack, `${name}-pab`, {
      bucket: bucket.id,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    });
    r[`${name}Versioning`] = new S3BucketVersioningA(stack, `${name}-versioning`, { bucket: bucket.id, versioningConfiguration: { status: 'Enabled' } });
    r[`${name}Lifecycle`] = new S3BucketLifecycleConfiguration(stack, `${name}-lifecycle`, {
      bucket: bucket.id,
      rule: [{ id: 'expire', status: 'Enabled', filter: [{ prefix: '' }], expiration: [{ days: config.trail.bucketRetentionDays }] }],
    });
  }
  r.trailBucketSse = new S3BucketServerSideEncryptionConfigurationA(stack, 'trail-bucket-sse', {
    bucket: buckets.trailBucket.id,
    rule: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: 'aws:kms', kmsMasterKeyId: key.arn } }],
  });
  r.logBucketSse = new S3BucketServerSideEncryptionConfigurationA(stack, 'log-bucket-sse', {
    bucket: buckets.logBucket.id,
    rule: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: 'AES256' } }],
  });
  r.trailBucketLogging = new S3BucketLoggingA(stack, 'trail-bucket-logging', {
    bucket: buckets.trailBucket.id,
    targetBucket: buckets.logBucket.id,
    targetPrefix: 'trail/',
  });
  if (config.trail.objectLock) {
    r.objectLock = new S3BucketObjectLockConfigurationA(stack, 'object-lock', {
      bucket: buckets.trailBucket.id,
      rule: { defaultRetention: { mode: config.trail.objectLock.mode, days: config.trail.objectLock.days } },
    });
  }
  const bucketArn = buckets.trailBucket.arn;
  const bucketPolicy = policy(
    'bucketPolicy',
    'policy',
    doc(
      {
        Sid: 'AclCheck',
        Effect: 'Allow',
        Principal: { Service: 'cloudtrail.amazonaws.com' },
        Action: 's3:GetBucketAcl',
        Resource: bucketArn,
        Condition: { StringEquals: { 'aws:SourceArn': trailArn(config) } },
      },
      ...[account, org].map((owner) => ({
        Sid: `Write${owner === org ? 'Org' : 'Account'}`,
        Effect: 'Allow',
        Principal: { Service: 'cloudtrail.amazonaws.com' },
        Action: 's3:PutObject',
        Resource: `${bucketArn}/AWSLogs/${owner}/*`,
        Condition: { StringEquals: { 's3:x-amz-acl': 'bucket-owner-full-control', 'aws:SourceArn': trailArn(config) } },
      })),
      {
        Sid: 'TlsOnly',
        Effect: 'Deny',
        Principal: '*',
        Action: 's3:*',
        Resource: [bucketArn, `${bucketArn}/*`],
        Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      },
    ),
    (json) => new S3BucketPolicy(stack, 'trail-bucket-policy', { bucket: buckets.trailBucket.id, policy: json }),
  );

  const trailGroup = new CloudwatchLogGroup(stack, 'trail-log', {
    name: trailLogGroupName(config),
    retentionInDays: config.trail.logRetentionDays,
    kmsKeyId: key.arn,
  });
  r.trailGroup = trailGroup;
  const deliveryRole = policy(
    'deliveryRole',
    'assume_role_policy',
    doc({ Effect: 'Allow', Principal: { Service: 'cloudtrail.amazonaws.com' }, Action: 'sts:AssumeRole' }),
    (json) => new IamRole(stack, 'delivery-role', { name: 'delivery', assumeRolePolicy: json }),
  );
  policy(
    'deliveryPolicy',
    'policy',
    doc({
      Sid: 'Deliver',
      Effect: 'Allow',
      Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
      Resource: [`${trailGroup.arn}:log-stream:${account}_CloudTrail_${region}*`, `${trailGroup.arn}:log-stream:${org}_*`],
    }),
    (json) => new IamRolePolicy(stack, 'delivery-policy', { role: deliveryRole.name, policy: json }),
  );
  r.trail = new Cloudtrail(stack, 'trail', {
    name: config.trail.name,
    s3BucketName: buckets.trailBucket.id,
    isOrganizationTrail: true,
    isMultiRegionTrail: true,
    includeGlobalServiceEvents: true,
    enableLogFileValidation: true,
    kmsKeyId: key.arn,
    cloudWatchLogsGroupArn: `${trailGroup.arn}:*`,
    cloudWatchLogsRoleArn: deliveryRole.arn,
    dependsOn: [bucketPolicy],
  });

  // Alert topic: alarms and the central rule publish to it.
  const topic = new SnsTopic(stack, 'topic', { name: 'alerts', kmsMasterKeyId: key.arn });
  r.topic = topic;
  r.subscription = new SnsTopicSubscription(stack, 'subscription', { topicArn: topic.arn, protocol: 'email', endpoint: config.notifications.emails[0] });
  const alarm = (id: string, props: Partial<ConstructorParameters<typeof CloudwatchMetricAlarm>[2]>) =>
    (r[id] = new CloudwatchMetricAlarm(stack, id, {
      alarmName: id,
      comparisonOperator: 'GreaterThanOrEqualToThreshold',
      evaluationPeriods: 1,
      period: 300,
      statistic: 'Sum',
      threshold: 1,
      treatMissingData: 'notBreaching',
      alarmActions: [topic.arn],
      namespace: trailMetricNamespace(config),
      metricName: id,
      ...props,
    }));
  for (const cis of CIS_FILTERS) {
    r[`filter-${cis.id}`] = new CloudwatchLogMetricFilter(stack, `filter-${cis.id}`, {
      name: cis.metricName,
      logGroupName: trailGroup.name,
      pattern: cis.pattern,
      metricTransformation: { name: cis.metricName, namespace: trailMetricNamespace(config), value: '1' },
    });
    alarm(`alarm-${cis.id}`, { metricName: cis.metricName });
  }

  // Central bus, organization-only, with a rule to the topic and the sign-in log group.
  const bus = new CloudwatchEventBus(stack, 'bus', { name: centralBusName(config) });
  r.bus = bus;
  policy(
    'busPolicy',
    'policy',
    doc({
      Sid: 'OrgPutEvents',
      Effect: 'Allow',
      Principal: '*',
      Action: 'events:PutEvents',
      Resource: bus.arn,
      Condition: { StringEquals: { 'aws:PrincipalOrgID': org }, ArnLike: { 'aws:PrincipalArn': forwarderRoleArnPattern(config) } },
    }),
    (json) => new CloudwatchEventBusPolicy(stack, 'bus-policy', { eventBusName: bus.name, policy: json }),
  );
  const pattern = JSON.stringify({ source: [SIGN_IN_SOURCE] });
  const centralRule = new CloudwatchEventRule(stack, 'central-rule', { name: 'central', eventBusName: bus.name, eventPattern: pattern });
  r.centralRule = centralRule;
  const forwarderRule = new CloudwatchEventRule(stack, 'forwarder-rule', {
    name: 'forward',
    eventPattern: JSON.stringify({ $or: [{ source: [SIGN_IN_SOURCE] }, { source: [TRAIL_SOURCE] }] }),
  });
  r.forwarderRule = forwarderRule;
  // The second forwarder of a member region: pipeline calls, sharing the sign-in forwarder's role and DLQ.
  const pipelineRule = new CloudwatchEventRule(stack, 'pipeline-rule', {
    name: 'forward-pipeline-calls',
    eventPattern: JSON.stringify(pipelineForwarderPatternsFor(config)[0]),
  });
  r.pipelineRule = pipelineRule;
  const dlq = (id: string, ...rules: CloudwatchEventRule[]) => {
    const queue = new SqsQueue(stack, id, { name: id, kmsMasterKeyId: key.arn });
    r[id] = queue;
    policy(
      `${id}Policy`,
      'policy',
      doc({
        Sid: 'RuleSends',
        Effect: 'Allow',
        Principal: { Service: 'events.amazonaws.com' },
        Action: 'sqs:SendMessage',
        Resource: queue.arn,
        Condition: { ArnEquals: { 'aws:SourceArn': rules.length === 1 ? rules[0].arn : rules.map((rule) => rule.arn) } },
      }),
      (json) => new SqsQueuePolicy(stack, `${id}-policy`, { queueUrl: queue.url, policy: json }),
    );
    alarm(`${id}-depth`, { namespace: 'AWS/SQS', metricName: 'ApproximateNumberOfMessagesVisible', statistic: 'Maximum', dimensions: { QueueName: queue.name } });
    return queue;
  };
  const centralDlq = dlq('central-dlq', centralRule);
  const forwarderDlq = dlq('forwarder-dlq', forwarderRule, pipelineRule);
  for (const [id, rule] of [['central', centralRule], ['forwarder', forwarderRule]] as const) {
    for (const metric of ['FailedInvocations', 'InvocationsSentToDlq']) {
      alarm(`${id}-${metric}`, { namespace: 'AWS/Events', metricName: metric, dimensions: { RuleName: rule.name } });
    }
  }
  policy(
    'topicPolicy',
    'policy',
    doc(
      {
        Sid: 'Alarms',
        Effect: 'Allow',
        Principal: { Service: 'cloudwatch.amazonaws.com' },
        Action: 'sns:Publish',
        Resource: topic.arn,
        Condition: { ArnLike: { 'aws:SourceArn': `arn:aws:cloudwatch:${region}:${account}:alarm:*` } },
      },
      {
        Sid: 'Rules',
        Effect: 'Allow',
        Principal: { Service: 'events.amazonaws.com' },
        Action: 'sns:Publish',
        Resource: topic.arn,
        Condition: { ArnEquals: { 'aws:SourceArn': centralRule.arn } },
      },
    ),
    (json) => new SnsTopicPolicy(stack, 'topic-policy', { arn: topic.arn, policy: json }),
  );
  const signInGroup = new CloudwatchLogGroup(stack, 'sign-in-log', {
    name: signInLogGroupName(config),
    retentionInDays: config.aggregator.logRetentionDays,
    kmsKeyId: key.arn,
  });
  r.signInGroup = signInGroup;
  // The alert engine's state table: CMK, point-in-time recovery, deletion protection (SW-DYNAMODB-1).
  r.stateTable = new DynamodbTable(stack, 'state-table', {
    name: 'signin-watch-alert-state',
    billingMode: 'PAY_PER_REQUEST',
    hashKey: 'pk',
    attribute: [{ name: 'pk', type: 'S' }],
    serverSideEncryption: { enabled: true, kmsKeyArn: key.arn },
    pointInTimeRecovery: { enabled: true },
    deletionProtectionEnabled: true,
  });
  policy(
    'logPolicy',
    'policy_document',
    doc({
      Sid: 'EventsWrite',
      Effect: 'Allow',
      Principal: { Service: ['events.amazonaws.com', 'delivery.logs.amazonaws.com'] },
      Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
      Resource: `${signInGroup.arn}:*`,
      Condition: { ArnEquals: { 'aws:SourceArn': centralRule.arn } },
    }),
    (json) => new CloudwatchLogResourcePolicy(stack, 'log-policy', { policyName: 'events', policyDocument: json }),
  );
  r.topicTarget = new CloudwatchEventTarget(stack, 'topic-target', {
    rule: centralRule.name,
    eventBusName: bus.name,
    arn: topic.arn,
    deadLetterConfig: { arn: centralDlq.arn },
  });
  r.logTarget = new CloudwatchEventTarget(stack, 'log-target', {
    rule: centralRule.name,
    eventBusName: bus.name,
    arn: signInGroup.arn,
    deadLetterConfig: { arn: centralDlq.arn },
  });

  // Forwarder: default-bus rule to the central bus of the aggregator account, through a role.
  const forwarderRole = policy(
    'forwarderRole',
    'assume_role_policy',
    doc({
      Effect: 'Allow',
      Principal: { Service: 'events.amazonaws.com' },
      Action: 'sts:AssumeRole',
      Condition: { StringEquals: { 'aws:SourceAccount': account } },
    }),
    (json) => new IamRole(stack, 'forwarder-role', { name: 'forwarder', assumeRolePolicy: json }),
  );
  policy(
    'forwarderPolicy',
    'policy',
    doc({ Sid: 'PutEvents', Effect: 'Allow', Action: 'events:PutEvents', Resource: centralBusArn(config) }),
    (json) => new IamRolePolicy(stack, 'forwarder-policy', { role: forwarderRole.name, policy: json }),
  );
  r.forwarderTarget = new CloudwatchEventTarget(stack, 'forwarder-target', {
    rule: forwarderRule.name,
    arn: centralBusArn(config),
    roleArn: forwarderRole.arn,
    deadLetterConfig: { arn: forwarderDlq.arn },
  });
  r.pipelineTarget = new CloudwatchEventTarget(stack, 'pipeline-target', {
    rule: pipelineRule.name,
    arn: centralBusArn(config),
    roleArn: forwarderRole.arn,
    deadLetterConfig: { arn: forwarderDlq.arn },
  });

  // Alert engine: a Lambda function the central rule invokes, with its log group, failure destination, Errors alarm and permission.
  const engineLog = new CloudwatchLogGroup(stack, 'engine-log', { name: '/aws/lambda/engine', retentionInDays: 365, kmsKeyId: key.arn });
  r.engineLog = engineLog;
  const engineRole = policy(
    'engineRole',
    'assume_role_policy',
    doc({ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }),
    (json) => new IamRole(stack, 'engine-role', { name: 'engine', assumeRolePolicy: json }),
  );
  const engine = new LambdaFunction(stack, 'engine', {
    functionName: 'engine',
    role: engineRole.arn,
    runtime: 'nodejs22.x',
    handler: 'index.handler',
    filename: 'engine.zip',
    dependsOn: [engineLog],
  });
  r.engine = engine;
  r.engineInvokeConfig = new LambdaFunctionEventInvokeConfig(stack, 'engine-invoke-config', {
    functionName: engine.functionName,
    destinationConfig: { onFailure: { destination: centralDlq.arn } },
  });
  alarm('engine-errors', { namespace: 'AWS/Lambda', metricName: 'Errors', dimensions: { FunctionName: 'engine' } });
  r.enginePermission = new LambdaPermission(stack, 'engine-permission', {
    action: 'lambda:InvokeFunction',
    functionName: engine.functionName,
    principal: 'events.amazonaws.com',
    sourceArn: centralRule.arn,
  });

  return { app, stack, config, r, policies };
}

export function findingsOf(fixture: Fixture): Finding[] {
  return evaluateStack(fixture.stack, fixture.config, SECURITY_RULES);
}

export interface BrokenCase {
  /** What is broken, for the test name. */
  name: string;
  /** Config change applied before the fixture is built (e.g. object lock asked for). */
  config?: (config: OrgConfig) => void;
  /** Breaks one thing in the built fixture. */
  breakIt: (fixture: Fixture) => void;
  /** The finding's message (substring or pattern). */
  message: string | RegExp;
}

/**
 * GIVEN the compliant fixture THEN no finding of rule `id`; GIVEN each broken
 * variant THEN a finding of `id` with the expected message.
 */
export function describeRule(id: string, cases: BrokenCase[], compliantConfig?: (config: OrgConfig) => void): void {
  describe(id, () => {
    let compliant: Finding[];
    const broken: Finding[][] = [];
    beforeAll(() => {
      compliant = findingsOf(buildFixture(exampleConfig(compliantConfig)));
      for (const brokenCase of cases) {
        const fixture = buildFixture(exampleConfig(brokenCase.config ?? compliantConfig));
        brokenCase.breakIt(fixture);
        broken.push(findingsOf(fixture));
      }
    });

    it(`GIVEN the compliant fixture WHEN the pack runs THEN ${id} finds nothing`, () => {
      expect(compliant.filter((finding) => finding.rule === id)).toEqual([]);
    });

    cases.forEach((brokenCase, index) => {
      it(`GIVEN ${brokenCase.name} WHEN the pack runs THEN ${id} reports it`, () => {
        const messages = broken[index].filter((finding) => finding.rule === id).map((finding) => finding.message);
        expect(messages).toEqual(expect.arrayContaining([typeof brokenCase.message === 'string' ? expect.stringContaining(brokenCase.message) : expect.stringMatching(brokenCase.message)]));
      });
    });
  });
}
