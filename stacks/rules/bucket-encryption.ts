import { blocks } from './model';
import { accessLogTargets, customerManagedKey } from './helpers';
import type { SecurityRule } from './types';

/**
 * Checklist 6: every bucket encrypts with a customer-managed KMS key. A bucket
 * that receives S3 server access logs may use SSE-S3 (AES256) instead: S3 log
 * delivery does not support SSE-KMS destinations.
 */
export const bucketEncryption: SecurityRule = {
  id: 'SW-S3-4',
  area: 'S3',
  title: 'Every bucket has default encryption with a customer-managed KMS key (access-log buckets: SSE-S3 allowed)',
  checklist: [6],
  check(model) {
    const logTargets = accessLogTargets(model);
    return model.resources('aws_s3_bucket').flatMap((bucket) => {
      const defaults = model
        .referrers('aws_s3_bucket_server_side_encryption_configuration', 'bucket', bucket)
        .flatMap((sse) => blocks(sse.body.rule))
        .flatMap((rule) => blocks(rule.apply_server_side_encryption_by_default));
      const kms = defaults.some(
        (d) => (d.sse_algorithm === 'aws:kms' || d.sse_algorithm === 'aws:kms:dsse') && customerManagedKey(model, d.kms_master_key_id) !== undefined,
      );
      const s3Managed = logTargets.includes(bucket) && defaults.some((d) => d.sse_algorithm === 'AES256');
      return kms || s3Managed ? [] : [{ item: bucket, message: 'default encryption must be aws:kms with a customer-managed kms_master_key_id' }];
    });
  },
};
