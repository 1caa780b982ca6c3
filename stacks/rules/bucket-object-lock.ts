import { blocks } from './model';
import type { SecurityRule } from './types';

/** Checklist 6: object lock on the trail bucket when config trail.objectLock asks for it. */
export const bucketObjectLock: SecurityRule = {
  id: 'SW-S3-7',
  area: 'S3',
  title: 'The created trail bucket has Object Lock with the configured mode and days when config trail.objectLock is set',
  checklist: [6],
  check(model, config) {
    const wanted = config.trail.objectLock;
    if (!wanted) return [];
    return model.resources('aws_cloudtrail').flatMap((trail) => {
      const bucket = model.resolve(trail.body.s3_bucket_name, ['aws_s3_bucket']);
      if (bucket?.type !== 'aws_s3_bucket') return [];
      const messages: string[] = [];
      if (bucket.body.object_lock_enabled !== true) messages.push('object_lock_enabled must be true');
      const retention = model
        .referrers('aws_s3_bucket_object_lock_configuration', 'bucket', bucket)
        .flatMap((lock) => blocks(lock.body.rule))
        .flatMap((rule) => blocks(rule.default_retention));
      if (!retention.some((r) => r.mode === wanted.mode && Number(r.days) === wanted.days)) {
        messages.push(`object lock default retention must be ${wanted.mode} for ${wanted.days} days`);
      }
      return messages.map((message) => ({ item: bucket, message }));
    });
  },
};
