/**
 * A customer-managed KMS key with rotation on, an alias and an explicit key
 * policy: the account root administers the key (so IAM policies of the account
 * can delegate use of it, and the key can never be orphaned), and each AWS
 * service the caller names gets only the actions it needs, always under a
 * condition (source account, source ARN or encryption context).
 *
 * `Resource: "*"` in a key policy means "this key"; it is the only form KMS
 * accepts there.
 */
import { Construct } from 'constructs';
import type { TerraformProvider } from 'cdktf';
import { KmsKey as KmsKeyResource } from '@cdktf/provider-aws/lib/kms-key';
import { KmsAlias } from '@cdktf/provider-aws/lib/kms-alias';
import { policyDocument, type PolicyConditions, type PolicyStatement } from './policy-document';
import { logGroupArn } from '../../config/names';

/** Use of the key granted to an AWS service principal. */
export interface KmsServiceGrant {
  /** Statement id, unique within the key policy (letters and digits). */
  sid: string;
  /** Service principal, e.g. `events.amazonaws.com` or `logs.eu-west-1.amazonaws.com`. */
  service: string;
  /** KMS actions the service may call. */
  actions: string[];
  /** Conditions limiting the grant. Required and non-empty: an unconditioned service grant is refused. */
  conditions: PolicyConditions;
}

export interface KmsKeyProps {
  /** Full alias name, starting with `alias/` (see `kmsAliasName` in config/names.ts). */
  aliasName: string;
  /** Human-readable purpose, shown in the KMS console. */
  description: string;
  /** Account that owns the key; its root principal administers it. */
  accountId: string;
  /**
   * Services allowed to use the key, each under its conditions.
   * @default [] (only the account's own IAM principals, through IAM policies)
   */
  serviceGrants?: KmsServiceGrant[];
  /**
   * Waiting period before a scheduled deletion takes effect, 7-30 days.
   * @default 30
   */
  deletionWindowInDays?: number;
  /**
   * Provider (account and region) the key is created with.
   * @default the stack's default provider
   */
  provider?: TerraformProvider;
  /**
   * Tags of the key, in addition to the provider's default tags.
   * @default {}
   */
  tags?: Record<string, string>;
}

export const KMS_ADMIN_SID = 'AccountRootAdministersKey';

/** Actions a publisher (EventBridge, CloudWatch alarms) needs on the key of an encrypted SNS topic or SQS queue. */
export const PUBLISHER_KEY_ACTIONS = ['kms:GenerateDataKey*', 'kms:Decrypt'];

/** Actions CloudWatch Logs needs on the key of an encrypted log group (CloudWatch Logs user guide, "Encrypt log data"). */
export const LOGS_KEY_ACTIONS = ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'];

/**
 * Grant for CloudWatch Logs in one region, limited to the named log groups by
 * the `kms:EncryptionContext:aws:logs:arn` condition (names may use `*`).
 */
export function logsKeyGrant(args: { region: string; accountId: string; logGroupNames: string[] }): KmsServiceGrant {
  if (args.logGroupNames.length === 0) throw new Error('logsKeyGrant: name at least one log group');
  const arns = args.logGroupNames.map((name) => logGroupArn(args.region, args.accountId, name));
  return {
    sid: 'CloudWatchLogsEncryptsTheseLogGroups',
    service: `logs.${args.region}.amazonaws.com`,
    actions: LOGS_KEY_ACTIONS,
    conditions: { ArnLike: { 'kms:EncryptionContext:aws:logs:arn': arns.length === 1 ? arns[0] : arns } },
  };
}

/**
 * Grant for a service publishing to an encrypted topic or queue of this
 * account, limited by `aws:SourceAccount` (and `aws:SourceArn` when given).
 */
export function publisherKeyGrant(args: {
  sid: string;
  service: string;
  accountId: string;
  /** ARN patterns of the resources acting through the service (rules, alarms). */
  sourceArns?: string[];
}): KmsServiceGrant {
  const conditions: PolicyConditions = { StringEquals: { 'aws:SourceAccount': args.accountId } };
  if (args.sourceArns && args.sourceArns.length > 0) {
    conditions.ArnLike = { 'aws:SourceArn': args.sourceArns.length === 1 ? args.sourceArns[0] : args.sourceArns };
  }
  return { sid: args.sid, service: args.service, actions: PUBLISHER_KEY_ACTIONS, conditions };
}

/**
 * EventBridge publishing to encrypted SNS topics (rule targets). AWS documents
 * that `aws:SourceAccount` / `aws:SourceArn` are NOT supported in a key policy
 * for EventBridge-to-encrypted-topic delivery (SNS developer guide, "Key
 * management"): such a grant silently fails every delivery. The grant is
 * limited instead by the encryption context SNS passes to KMS
 * (`kms:EncryptionContext:aws:sns:topicArn`), i.e. to these topics.
 */
export function eventsToTopicsKeyGrant(topicArns: string[]): KmsServiceGrant {
  if (topicArns.length === 0) throw new Error('eventsToTopicsKeyGrant: name at least one topic');
  return {
    sid: 'EventBridgePublishesToTheseTopics',
    service: 'events.amazonaws.com',
    actions: PUBLISHER_KEY_ACTIONS,
    conditions: { StringEquals: { 'kms:EncryptionContext:aws:sns:topicArn': topicArns.length === 1 ? topicArns[0] : topicArns } },
  };
}

/**
 * EventBridge sending failed events to encrypted SQS dead-letter queues, limited
 * by the encryption context SQS passes to KMS (`kms:EncryptionContext:aws:sqs:arn`)
 * to queues matching `queueArnPatterns` (for the same reason as topics: the
 * source keys are not documented for this path). Should that reading be wrong,
 * the rule's InvocationsFailedToBeSentToDlq alarm fires: the failure is loud.
 */
export function eventsToQueuesKeyGrant(queueArnPatterns: string[]): KmsServiceGrant {
  if (queueArnPatterns.length === 0) throw new Error('eventsToQueuesKeyGrant: name at least one queue');
  return {
    sid: 'EventBridgeSendsToTheseQueues',
    service: 'events.amazonaws.com',
    actions: PUBLISHER_KEY_ACTIONS,
    conditions: { StringLike: { 'kms:EncryptionContext:aws:sqs:arn': queueArnPatterns.length === 1 ? queueArnPatterns[0] : queueArnPatterns } },
  };
}

/** CloudWatch alarms of this account and region publishing to an encrypted SNS topic. */
export function cloudWatchAlarmsKeyGrant(accountId: string, region: string): KmsServiceGrant {
  return publisherKeyGrant({
    sid: 'CloudWatchAlarmsUseKey',
    service: 'cloudwatch.amazonaws.com',
    accountId,
    sourceArns: [alarmArnPattern(region, accountId)],
  });
}

/** Every alarm of an account and region. */
export function alarmArnPattern(region: string, accountId: string): string {
  return `arn:aws:cloudwatch:${region}:${accountId}:alarm:*`;
}

/** The key policy statements, exported for tests and for the policy simulator. */
export function kmsKeyPolicyStatements(accountId: string, grants: KmsServiceGrant[]): PolicyStatement[] {
  const sids = new Set<string>([KMS_ADMIN_SID]);
  for (const grant of grants) {
    if (sids.has(grant.sid)) throw new Error(`KmsKey: duplicate statement id "${grant.sid}"`);
    if (Object.keys(grant.conditions).length === 0) throw new Error(`KmsKey: grant "${grant.sid}" has no condition`);
    sids.add(grant.sid);
  }
  return [
    {
      Sid: KMS_ADMIN_SID,
      Effect: 'Allow',
      Principal: { AWS: `arn:aws:iam::${accountId}:root` },
      Action: 'kms:*',
      Resource: '*',
    },
    ...grants.map(
      (grant): PolicyStatement => ({
        Sid: grant.sid,
        Effect: 'Allow',
        Principal: { Service: grant.service },
        Action: grant.actions,
        Resource: '*',
        Condition: grant.conditions,
      }),
    ),
  ];
}

export class KmsKey extends Construct {
  readonly key: KmsKeyResource;
  readonly alias: KmsAlias;
  /** Key ARN, for `kms_key_id` / `kms_master_key_id` attributes. */
  readonly arn: string;

  constructor(scope: Construct, id: string, props: KmsKeyProps) {
    super(scope, id);
    if (!props.aliasName.startsWith('alias/')) throw new Error(`KmsKey: alias "${props.aliasName}" must start with alias/`);
    const deletionWindowInDays = props.deletionWindowInDays ?? 30;
    if (deletionWindowInDays < 7 || deletionWindowInDays > 30) throw new Error('KmsKey: deletionWindowInDays must be 7-30');

    this.key = new KmsKeyResource(this, 'key', {
      description: props.description,
      enableKeyRotation: true,
      deletionWindowInDays,
      policy: policyDocument(kmsKeyPolicyStatements(props.accountId, props.serviceGrants ?? [])),
      provider: props.provider,
      tags: props.tags,
    });
    this.alias = new KmsAlias(this, 'alias', {
      name: props.aliasName,
      targetKeyId: this.key.keyId,
      provider: props.provider,
    });
    this.arn = this.key.arn;
  }
}
