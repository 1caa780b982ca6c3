import type { S3BucketServerSideEncryptionConfigurationA } from '@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration';
import type { S3BucketLifecycleConfiguration } from '@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration';
import { describeRule, editPolicy } from './fixture';

const objectLock = (config: { trail: { objectLock?: { mode: 'GOVERNANCE' | 'COMPLIANCE'; days: number } } }) => {
  config.trail.objectLock = { mode: 'COMPLIANCE', days: 365 };
};

describeRule('SW-S3-1', [
  {
    name: 'a bucket policy without the TLS-only Deny',
    breakIt: (f) => editPolicy(f, 'bucketPolicy', (d) => (d.Statement = d.Statement.filter((s) => s.Effect !== 'Deny'))),
    message: 'no Deny for aws:SecureTransport = false',
  },
  {
    name: 'a CloudTrail write from any trail',
    breakIt: (f) => editPolicy(f, 'bucketPolicy', (d) => delete d.Statement[1].Condition.StringEquals['aws:SourceArn']),
    message: 'statement WriteAccount must require aws:SourceArn = arn:aws:cloudtrail:eu-west-1:111111111111:trail/signin-watch-org-trail',
  },
  {
    name: 'a CloudTrail write without the owner ACL',
    breakIt: (f) => editPolicy(f, 'bucketPolicy', (d) => delete d.Statement[2].Condition.StringEquals['s3:x-amz-acl']),
    message: 'statement WriteOrg must require s3:x-amz-acl = bucket-owner-full-control',
  },
  {
    name: 'a CloudTrail write to the whole bucket',
    breakIt: (f) => editPolicy(f, 'bucketPolicy', (d) => (d.Statement[2].Resource = `${d.Statement[0].Resource}/*`)),
    message: 'statement WriteOrg writes outside',
  },
]);

describeRule('SW-S3-2', [
  { name: 'public policies not restricted', breakIt: (f) => f.r.logBucketPab.addOverride('restrict_public_buckets', false), message: 'public access block must set restrict_public_buckets = true' },
]);

describeRule('SW-S3-3', [
  { name: 'versioning suspended', breakIt: (f) => f.r.trailBucketVersioning.addOverride('versioning_configuration.status', 'Suspended'), message: 'no aws_s3_bucket_versioning with status Enabled' },
]);

describeRule('SW-S3-4', [
  {
    name: 'the trail bucket with SSE-S3',
    breakIt: (f) => (f.r.trailBucketSse as S3BucketServerSideEncryptionConfigurationA).putRule([{ applyServerSideEncryptionByDefault: { sseAlgorithm: 'AES256' } }]),
    message: 'default encryption must be aws:kms with a customer-managed kms_master_key_id',
  },
]);

describeRule('SW-S3-5', [
  {
    name: 'a bucket whose access is not logged',
    breakIt: (f) => f.r.trailBucketLogging.addOverride('bucket', (f.r.logBucket as unknown as { id: string }).id),
    message: 'no aws_s3_bucket_logging',
  },
  {
    name: 'a bucket logging into itself',
    breakIt: (f) => f.r.trailBucketLogging.addOverride('target_bucket', (f.r.trailBucket as unknown as { id: string }).id),
    message: 'access logs must go to a separate bucket',
  },
]);

describeRule('SW-S3-6', [
  { name: 'a disabled lifecycle rule', breakIt: (f) => (f.r.logBucketLifecycle as S3BucketLifecycleConfiguration).putRule([{ id: 'expire', status: 'Disabled', filter: [{ prefix: '' }], expiration: [{ days: 30 }] }]), message: 'no enabled lifecycle rule with an expiration' },
]);

describeRule(
  'SW-S3-7',
  [
    { name: 'object lock asked for but a shorter retention', breakIt: (f) => f.r.objectLock.addOverride('rule.default_retention.days', 30), message: 'object lock default retention must be COMPLIANCE for 365 days' },
    { name: 'object lock asked for but not enabled on the bucket', breakIt: (f) => f.r.trailBucket.addOverride('object_lock_enabled', false), message: 'object_lock_enabled must be true' },
  ],
  objectLock,
);
