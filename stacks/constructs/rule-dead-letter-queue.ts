/**
 * The dead-letter queue of one EventBridge rule's target in the aggregator: a
 * standard SQS queue in the rule's account and region, encrypted with a
 * customer-managed key, keeping failed events 14 days, with a queue policy
 * that admits EventBridge only on behalf of that one rule (`aws:SourceArn`)
 * and refuses every request not made over TLS.
 */
import { Construct } from 'constructs';
import type { TerraformProvider } from 'cdktf';
import { SqsQueue } from '@cdktf/provider-aws/lib/sqs-queue';
import { SqsQueuePolicy } from '@cdktf/provider-aws/lib/sqs-queue-policy';
import type { KmsKey } from './kms-key';
import { denyInsecureQueueTransport, policyDocument, type PolicyStatement } from './policy-document';
import { sqsQueueArn } from '../../config/names';

/** 14 days, the SQS maximum: time to notice the depth alarm and replay. */
export const RULE_DLQ_RETENTION_SECONDS = 14 * 24 * 60 * 60;

export interface RuleDeadLetterQueueProps {
  /** Queue name (`centralRuleDlqName`). */
  name: string;
  /** ARN of the one rule whose target may send failed events here. */
  ruleArn: string;
  accountId: string;
  region: string;
  /** Customer-managed key; its policy must admit `events.amazonaws.com` for this queue (`eventsToQueuesKeyGrant`). */
  encryptionKey: KmsKey;
  /**
   * Provider (the rule's account and region).
   * @default the stack's default provider
   */
  provider?: TerraformProvider;
}

export function ruleDeadLetterQueuePolicyStatements(props: Pick<RuleDeadLetterQueueProps, 'name' | 'ruleArn' | 'accountId' | 'region'>): PolicyStatement[] {
  const queue = sqsQueueArn(props.region, props.accountId, props.name);
  return [
    {
      Sid: 'RuleSendsFailedEvents',
      Effect: 'Allow',
      Principal: { Service: 'events.amazonaws.com' },
      Action: 'sqs:SendMessage',
      Resource: queue,
      Condition: { ArnEquals: { 'aws:SourceArn': props.ruleArn } },
    },
    denyInsecureQueueTransport(queue),
  ];
}

export class RuleDeadLetterQueue extends Construct {
  readonly queue: SqsQueue;
  readonly policy: SqsQueuePolicy;
  readonly name: string;
  /** Queue ARN built from the name. */
  readonly arn: string;

  constructor(scope: Construct, id: string, props: RuleDeadLetterQueueProps) {
    super(scope, id);
    if (props.name.length > 80) throw new Error(`RuleDeadLetterQueue: queue name "${props.name}" exceeds 80 characters`);
    this.queue = new SqsQueue(this, 'queue', {
      name: props.name,
      kmsMasterKeyId: props.encryptionKey.arn,
      messageRetentionSeconds: RULE_DLQ_RETENTION_SECONDS,
      provider: props.provider,
    });
    this.policy = new SqsQueuePolicy(this, 'policy', {
      queueUrl: this.queue.url,
      policy: policyDocument(ruleDeadLetterQueuePolicyStatements(props)),
      provider: props.provider,
    });
    this.name = props.name;
    this.arn = sqsQueueArn(props.region, props.accountId, props.name);
  }
}
