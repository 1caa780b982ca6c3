/**
 * The bucket that receives S3 server access logs of the trail bucket
 * (checklist item 6, CloudTrail.7).
 *
 * Deliberate differences from the trail bucket, forced by S3:
 * - SSE-S3, not SSE-KMS: the S3 user guide ("Enabling Amazon S3 server access
 *   logging") supports default encryption of a target bucket only with SSE-S3.
 * - No server access logging of its own: logging the log bucket would loop or
 *   need yet another bucket.
 * - No Object Lock: a target bucket must not have a default retention period.
 * With ACLs disabled (BucketOwnerEnforced), log delivery is granted in the
 * bucket policy to `logging.s3.amazonaws.com`, only for the source bucket and
 * account.
 */
import { Construct } from 'constructs';
import type { TerraformProvider } from 'cdktf';
import { bucketArn } from '../../config/names';
import type { PolicyStatement } from './policy-document';
import { SecureBucket } from './secure-bucket';

export interface AccessLogBucketProps {
  /** Name of the access-log bucket (`accessLogBucketName`). */
  readonly name: string;
  /** Account owning both buckets. */
  readonly accountId: string;
  /** Buckets whose server access logs this bucket receives, each under its key prefix. */
  readonly sources: ReadonlyArray<{ readonly bucketName: string; readonly prefix: string }>;
  /** Days after which access log files expire. */
  readonly expirationDays: number;
  /**
   * Provider (account and region; the same region as the source buckets).
   * @default the stack's default provider
   */
  readonly provider?: TerraformProvider;
}

export const ACCESS_LOG_DELIVERY_SID = 'S3ServerAccessLogDelivery';

/** One delivery statement per source bucket: only its own prefix, only from that bucket and account. */
export function accessLogDeliveryStatements(props: Pick<AccessLogBucketProps, 'name' | 'accountId' | 'sources'>): PolicyStatement[] {
  return props.sources.map((source, index) => ({
    Sid: index === 0 ? ACCESS_LOG_DELIVERY_SID : `${ACCESS_LOG_DELIVERY_SID}${index + 1}`,
    Effect: 'Allow',
    Principal: { Service: 'logging.s3.amazonaws.com' },
    Action: 's3:PutObject',
    Resource: `${bucketArn(props.name)}/${source.prefix}*`,
    Condition: {
      ArnEquals: { 'aws:SourceArn': bucketArn(source.bucketName) },
      StringEquals: { 'aws:SourceAccount': props.accountId },
    },
  }));
}

export class AccessLogBucket extends Construct {
  public readonly bucket: SecureBucket;

  constructor(scope: Construct, id: string, props: AccessLogBucketProps) {
    super(scope, id);
    this.bucket = new SecureBucket(this, 'bucket', {
      provider: props.provider,
      name: props.name,
      encryption: 'SSE-S3',
      expirationDays: props.expirationDays,
      policyStatements: accessLogDeliveryStatements(props),
    });
  }
}
