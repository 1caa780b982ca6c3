import { blocks } from './model';
import type { SecurityRule } from './types';

/** Checklist 6: every bucket is versioned. */
export const bucketVersioning: SecurityRule = {
  id: 'SW-S3-3',
  area: 'S3',
  title: 'Every bucket has versioning Enabled',
  checklist: [6],
  check(model) {
    return model.resources('aws_s3_bucket').flatMap((bucket) => {
      const enabled = model
        .referrers('aws_s3_bucket_versioning', 'bucket', bucket)
        .some((versioning) => blocks(versioning.body.versioning_configuration).some((c) => c.status === 'Enabled'));
      return enabled ? [] : [{ item: bucket, message: 'no aws_s3_bucket_versioning with status Enabled' }];
    });
  },
};
