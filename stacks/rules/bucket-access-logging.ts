import { accessLogTargets } from './helpers';
import type { SecurityRule } from './types';

/**
 * Checklist 6: server access logging to a separate bucket. A bucket that is
 * itself the target of access logging is exempt (logging it would need yet
 * another bucket, forever).
 */
export const bucketAccessLogging: SecurityRule = {
  id: 'SW-S3-5',
  area: 'S3',
  title: 'Every bucket logs server access to a separate bucket (access-log buckets exempt)',
  checklist: [6],
  check(model) {
    const logTargets = accessLogTargets(model);
    return model.resources('aws_s3_bucket').flatMap((bucket) => {
      if (logTargets.includes(bucket)) return [];
      const logging = model.referrers('aws_s3_bucket_logging', 'bucket', bucket);
      if (logging.length === 0) return [{ item: bucket, message: 'no aws_s3_bucket_logging' }];
      if (logging.some((l) => model.mentioned(l.body.target_bucket).includes(bucket))) return [{ item: bucket, message: 'access logs must go to a separate bucket' }];
      return [];
    });
  },
};
