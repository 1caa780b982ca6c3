/**
 * An S3 bucket with the hardening every bucket of this project gets
 * (checklist item 6): all four public access block flags, ACLs disabled
 * (BucketOwnerEnforced), versioning Enabled, default encryption, lifecycle
 * expiry of current and noncurrent versions, optional server access logging,
 * optional Object Lock, and a bucket policy that always denies plain HTTP.
 *
 * The bucket policy is built from the bucket's name (bucket ARNs are plain
 * strings), so callers can write statements without Terraform references.
 */
import { Construct } from 'constructs';
import type { ITerraformDependable, TerraformProvider } from 'cdktf';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { S3BucketLifecycleConfiguration } from '@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration';
import { S3BucketLoggingA } from '@cdktf/provider-aws/lib/s3-bucket-logging';
import { S3BucketObjectLockConfigurationA } from '@cdktf/provider-aws/lib/s3-bucket-object-lock-configuration';
import { S3BucketOwnershipControls } from '@cdktf/provider-aws/lib/s3-bucket-ownership-controls';
import { S3BucketPolicy } from '@cdktf/provider-aws/lib/s3-bucket-policy';
import { S3BucketPublicAccessBlock } from '@cdktf/provider-aws/lib/s3-bucket-public-access-block';
import { S3BucketServerSideEncryptionConfigurationA } from '@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration';
import { S3BucketVersioningA } from '@cdktf/provider-aws/lib/s3-bucket-versioning';
import { bucketArn } from '../../config/names';
import { policyDocument, type PolicyStatement } from './policy-document';

/** Default encryption of a bucket: a customer-managed KMS key, or SSE-S3 where a service cannot use KMS. */
export type BucketEncryption = { kmsKeyArn: string } | 'SSE-S3';

export interface SecureBucketProps {
  /** Bucket name (from config/names.ts). */
  readonly name: string;
  /** Default encryption. With a KMS key, S3 Bucket Keys are on (fewer KMS requests). */
  readonly encryption: BucketEncryption;
  /** Days after which current object versions expire. */
  readonly expirationDays: number;
  /**
   * Days after which noncurrent versions (left by deletes and overwrites) are removed.
   * @default 90
   */
  readonly noncurrentVersionDays?: number;
  /**
   * Where the server access logs of this bucket go (another bucket, same account and region).
   * @default none (only for the access-log bucket itself: logging it to itself would loop)
   */
  readonly accessLogs?: {
    readonly bucketName: string;
    readonly prefix: string;
    /** The target's resources (bucket, policy) that must exist before logging is switched on. */
    readonly dependsOn?: ITerraformDependable[];
  };
  /**
   * Object Lock default retention (write once, read many). `object_lock_enabled` forces a new bucket: decide before the first deploy.
   * @default none
   */
  readonly objectLock?: { readonly mode: 'GOVERNANCE' | 'COMPLIANCE'; readonly days: number };
  /** Statements of the bucket policy besides the TLS-only Deny, which is always added first. */
  readonly policyStatements: PolicyStatement[];
  /**
   * Provider (account and region) of the bucket.
   * @default the stack's default provider
   */
  readonly provider?: TerraformProvider;
}

export const DENY_INSECURE_TRANSPORT_SID = 'DenyInsecureTransport';
export const DEFAULT_NONCURRENT_VERSION_DAYS = 90;
export const ABORT_INCOMPLETE_UPLOAD_DAYS = 7;

/** The statement that refuses every request not made over TLS. */
export function denyInsecureTransport(bucketName: string): PolicyStatement {
  const arn = bucketArn(bucketName);
  return {
    Sid: DENY_INSECURE_TRANSPORT_SID,
    Effect: 'Deny',
    Principal: '*',
    Action: 's3:*',
    Resource: [arn, `${arn}/*`],
    Condition: { Bool: { 'aws:SecureTransport': 'false' } },
  };
}

export class SecureBucket extends Construct {
  public readonly bucket: S3Bucket;
  public readonly policy: S3BucketPolicy;
  public readonly name: string;
  /** Bucket ARN built from the name. */
  public readonly arn: string;

  constructor(scope: Construct, id: string, props: SecureBucketProps) {
    super(scope, id);
    const noncurrentVersionDays = props.noncurrentVersionDays ?? DEFAULT_NONCURRENT_VERSION_DAYS;
    if (props.objectLock && props.objectLock.days > props.expirationDays) {
      throw new Error(
        `${this.node.path}: Object Lock retention (${props.objectLock.days} days) is longer than the expiry (${props.expirationDays} days): locked log files could never expire`,
      );
    }
    const provider = props.provider;
    this.name = props.name;
    this.arn = bucketArn(props.name);

    this.bucket = new S3Bucket(this, 'bucket', {
      provider,
      bucket: props.name,
      objectLockEnabled: props.objectLock ? true : undefined,
    });
    const bucket = this.bucket.id;

    const publicAccessBlock = new S3BucketPublicAccessBlock(this, 'public-access-block', {
      provider,
      bucket,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    });
    new S3BucketOwnershipControls(this, 'ownership', {
      provider,
      bucket,
      rule: { objectOwnership: 'BucketOwnerEnforced' },
    });
    const versioning = new S3BucketVersioningA(this, 'versioning', {
      provider,
      bucket,
      versioningConfiguration: { status: 'Enabled' },
    });
    new S3BucketServerSideEncryptionConfigurationA(this, 'encryption', {
      provider,
      bucket,
      rule: [
        props.encryption === 'SSE-S3'
          ? { applyServerSideEncryptionByDefault: { sseAlgorithm: 'AES256' } }
          : {
              applyServerSideEncryptionByDefault: { sseAlgorithm: 'aws:kms', kmsMasterKeyId: props.encryption.kmsKeyArn },
              bucketKeyEnabled: true,
            },
      ],
    });
    new S3BucketLifecycleConfiguration(this, 'lifecycle', {
      provider,
      bucket,
      dependsOn: [versioning],
      rule: [
        {
          id: 'expire-objects',
          status: 'Enabled',
          filter: [{ prefix: '' }],
          expiration: [{ days: props.expirationDays }],
          noncurrentVersionExpiration: [{ noncurrentDays: noncurrentVersionDays }],
          abortIncompleteMultipartUpload: [{ daysAfterInitiation: ABORT_INCOMPLETE_UPLOAD_DAYS }],
        },
      ],
    });
    if (props.accessLogs) {
      new S3BucketLoggingA(this, 'access-logging', {
        provider,
        bucket,
        dependsOn: props.accessLogs.dependsOn,
        targetBucket: props.accessLogs.bucketName,
        targetPrefix: props.accessLogs.prefix,
      });
    }
    if (props.objectLock) {
      new S3BucketObjectLockConfigurationA(this, 'object-lock', {
        provider,
        bucket,
        dependsOn: [versioning],
        rule: { defaultRetention: { mode: props.objectLock.mode, days: props.objectLock.days } },
      });
    }
    this.policy = new S3BucketPolicy(this, 'policy', {
      provider,
      bucket,
      // A policy put before the public access block could be judged public and refused.
      dependsOn: [publicAccessBlock],
      policy: policyDocument([denyInsecureTransport(props.name), ...props.policyStatements]),
    });
  }
}
