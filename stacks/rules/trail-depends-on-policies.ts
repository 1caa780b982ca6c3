import { asStrings } from './model';
import type { SecurityRule } from './types';

/** Checklist 19: the trail is created after its bucket policy (and a separate key policy), or CreateTrail fails. */
export const trailDependsOnPolicies: SecurityRule = {
  id: 'SW-TRAIL-6',
  area: 'TRAIL',
  title: 'Trail depends on its bucket policy and key policy',
  checklist: [19],
  check(model) {
    return model.resources('aws_cloudtrail').flatMap((trail) => {
      const dependsOn = asStrings(trail.body.depends_on);
      const messages: string[] = [];
      const bucket = model.resolve(trail.body.s3_bucket_name, ['aws_s3_bucket']);
      if (bucket?.type === 'aws_s3_bucket') {
        const policies = model.referrers('aws_s3_bucket_policy', 'bucket', bucket);
        if (!policies.some((policy) => dependsOn.includes(policy.address))) messages.push(`depends_on must name the bucket policy of ${bucket.address}`);
      }
      const key = model.reference(trail.body.kms_key_id)?.item;
      if (key?.type === 'aws_kms_key') {
        for (const keyPolicy of model.referrers('aws_kms_key_policy', 'key_id', key)) {
          if (!dependsOn.includes(keyPolicy.address)) messages.push(`depends_on must name the key policy ${keyPolicy.address}`);
        }
      }
      return messages.map((message) => ({ item: trail, message }));
    });
  },
};
