/**
 * A member region's dead-letter queue for an EventBridge target or a Scheduler
 * schedule: a standard SQS queue, encrypted, keeping messages 14 days (the
 * SQS maximum) so failed deliveries can be inspected and replayed.
 *
 * Encryption is SSE-SQS (`sqs_managed_sse_enabled`), not a customer-managed
 * key: member stacks put one queue pair in every enabled region of every
 * account, and a CMK per region per account costs 17+ keys per account
 * (USD 1/month each) for queues that only ever hold failed forwarding
 * envelopes. A deliberate, documented choice (docs/stacks.md).
 */
import { SqsQueue } from '@cdktf/provider-aws/lib/sqs-queue';
import type { TerraformProvider } from 'cdktf';
import { Construct } from 'constructs';

/** 14 days, the SQS maximum. */
export const MEMBER_DLQ_RETENTION_SECONDS = 14 * 24 * 60 * 60;

export interface MemberDeadLetterQueueProps {
  name: string;
  provider: TerraformProvider;
}

export class MemberDeadLetterQueue extends Construct {
  readonly queue: SqsQueue;

  constructor(scope: Construct, id: string, props: MemberDeadLetterQueueProps) {
    super(scope, id);
    this.queue = new SqsQueue(this, 'queue', {
      provider: props.provider,
      name: props.name,
      sqsManagedSseEnabled: true,
      messageRetentionSeconds: MEMBER_DLQ_RETENTION_SECONDS,
    });
  }
}
