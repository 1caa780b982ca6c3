import { customerManagedKey } from './helpers';
import type { SecurityRule } from './types';

/** Checklist 2: the trail encrypts with a customer-managed key in the bucket's region. */
export const trailKms: SecurityRule = {
  id: 'SW-TRAIL-3',
  area: 'TRAIL',
  title: 'Trail kms_key_id is a customer-managed key in the bucket region',
  checklist: [2],
  check(model, config) {
    return model.resources('aws_cloudtrail').flatMap((trail) => {
      const key = customerManagedKey(model, trail.body.kms_key_id);
      if (!key) return [{ item: trail, message: `kms_key_id must name a customer-managed key (got ${JSON.stringify(trail.body.kms_key_id ?? null)})` }];
      const bucket = model.resolve(trail.body.s3_bucket_name, ['aws_s3_bucket']);
      const bucketRegion = bucket ? model.provider(bucket).region : config.trail.region;
      const keyRegion = key.key ? model.provider(key.key).region : key.arnRegion;
      if (keyRegion !== bucketRegion) return [{ item: trail, message: `the trail key is in ${keyRegion}, the bucket in ${bucketRegion}` }];
      return [];
    });
  },
};
