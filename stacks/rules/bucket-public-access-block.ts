import type { SecurityRule } from './types';

const FLAGS = ['block_public_acls', 'block_public_policy', 'ignore_public_acls', 'restrict_public_buckets'];

/** Checklist 6: every bucket has a public access block with all four flags. */
export const bucketPublicAccessBlock: SecurityRule = {
  id: 'SW-S3-2',
  area: 'S3',
  title: 'Every bucket has a public access block with all four flags true',
  checklist: [6],
  check(model) {
    return model.resources('aws_s3_bucket').flatMap((bucket) => {
      const blocks = model.referrers('aws_s3_bucket_public_access_block', 'bucket', bucket);
      if (blocks.length === 0) return [{ item: bucket, message: 'no aws_s3_bucket_public_access_block' }];
      const missing = FLAGS.filter((flag) => !blocks.some((block) => block.body[flag] === true));
      return missing.length > 0 ? [{ item: bucket, message: `public access block must set ${missing.join(', ')} = true` }] : [];
    });
  },
};
