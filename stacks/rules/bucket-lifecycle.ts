import { blocks } from './model';
import type { SecurityRule } from './types';

/** Checklist 6: log buckets expire what they hold, so data does not grow forever. */
export const bucketLifecycle: SecurityRule = {
  id: 'SW-S3-6',
  area: 'S3',
  title: 'Every bucket has an enabled lifecycle rule with an expiration',
  checklist: [6],
  check(model) {
    return model.resources('aws_s3_bucket').flatMap((bucket) => {
      const expires = model
        .referrers('aws_s3_bucket_lifecycle_configuration', 'bucket', bucket)
        .flatMap((lifecycle) => blocks(lifecycle.body.rule))
        .some((rule) => rule.status === 'Enabled' && (blocks(rule.expiration).length > 0 || blocks(rule.noncurrent_version_expiration).length > 0));
      return expires ? [] : [{ item: bucket, message: 'no enabled lifecycle rule with an expiration' }];
    });
  },
};
