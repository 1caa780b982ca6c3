/**
 * The bucket of the organization trail and its access-log bucket
 * (checklist items 5, 6).
 *
 * Bucket policy: CloudTrail may check the ACL and write log files, each only
 * for this trail (`aws:SourceArn`, built as a string: the trail depends on
 * this policy, so a reference would loop), writes only with
 * `bucket-owner-full-control` and only under `AWSLogs/<management account>/`
 * and `AWSLogs/<o-org-id>/`; plain HTTP is denied.
 *
 * Default encryption is the trail key with S3 Bucket Keys on (far fewer KMS
 * requests). The CloudTrail user guide documents trails on buckets with S3
 * Bucket Keys (CloudTrail then also needs `kms:Decrypt`, granted in
 * trail-key.ts); whether the encryption-context conditions see
 * `aws:cloudtrail:arn` on bucket-key calls is *unverified* here. If delivery
 * or reading fails on that, set `bucketKeyEnabled` off in secure-bucket.ts.
 */
import { Construct } from 'constructs';
import type { TerraformProvider } from 'cdktf';
import { bucketArn } from '../../config/names';
import { AccessLogBucket } from './access-log-bucket';
import type { PolicyStatement } from './policy-document';
import { SecureBucket } from './secure-bucket';

export interface TrailBucketProps {
  /** Name of the trail bucket (`trailBucketName`). */
  readonly name: string;
  /** The management account (owner of the trail and bucket). */
  readonly accountId: string;
  /** The organization, whose member accounts' logs go under `AWSLogs/<o-org-id>/`. */
  readonly organizationId: string;
  /** ARN of the trail, as a string (`trailArn(config)`). */
  readonly trailArn: string;
  /** Customer-managed key of the bucket's default encryption (the trail key). */
  readonly kmsKeyArn: string;
  /** Days after which log files expire (`trail.bucketRetentionDays`). */
  readonly expirationDays: number;
  /** Access-log bucket: its name and the key prefix of this bucket's logs. */
  readonly accessLogs: { readonly bucketName: string; readonly prefix: string };
  /**
   * Object Lock default retention (`trail.objectLock`).
   * @default none
   */
  readonly objectLock?: { readonly mode: 'GOVERNANCE' | 'COMPLIANCE'; readonly days: number };
  /**
   * Provider (management account, trail region).
   * @default the stack's default provider
   */
  readonly provider?: TerraformProvider;
}

/** CloudTrail's statements of the trail bucket policy (the TLS Deny is added by `SecureBucket`). */
export function trailBucketPolicyStatements(props: Pick<TrailBucketProps, 'name' | 'accountId' | 'organizationId' | 'trailArn'>): PolicyStatement[] {
  const arn = bucketArn(props.name);
  const thisTrail = { 'aws:SourceArn': props.trailArn };
  const write = (sid: string, logPrefix: string): PolicyStatement => ({
    Sid: sid,
    Effect: 'Allow',
    Principal: { Service: 'cloudtrail.amazonaws.com' },
    Action: 's3:PutObject',
    Resource: `${arn}/AWSLogs/${logPrefix}/*`,
    Condition: { StringEquals: { 's3:x-amz-acl': 'bucket-owner-full-control', ...thisTrail } },
  });
  return [
    {
      Sid: 'CloudTrailAclCheck',
      Effect: 'Allow',
      Principal: { Service: 'cloudtrail.amazonaws.com' },
      Action: 's3:GetBucketAcl',
      Resource: arn,
      Condition: { StringEquals: thisTrail },
    },
    write('CloudTrailWritesAccountLogs', props.accountId),
    write('CloudTrailWritesOrganizationLogs', props.organizationId),
  ];
}

export class TrailBucket extends Construct {
  public readonly bucket: SecureBucket;
  public readonly accessLogBucket: AccessLogBucket;

  constructor(scope: Construct, id: string, props: TrailBucketProps) {
    super(scope, id);
    this.accessLogBucket = new AccessLogBucket(this, 'access-logs', {
      provider: props.provider,
      name: props.accessLogs.bucketName,
      accountId: props.accountId,
      sources: [{ bucketName: props.name, prefix: props.accessLogs.prefix }],
      expirationDays: props.expirationDays,
    });
    this.bucket = new SecureBucket(this, 'trail', {
      provider: props.provider,
      name: props.name,
      encryption: { kmsKeyArn: props.kmsKeyArn },
      expirationDays: props.expirationDays,
      // Logging names the target bucket by string: create the target and its policy first.
      accessLogs: { ...props.accessLogs, dependsOn: [this.accessLogBucket.bucket.bucket, this.accessLogBucket.bucket.policy] },
      objectLock: props.objectLock,
      policyStatements: trailBucketPolicyStatements(props),
    });
  }
}
