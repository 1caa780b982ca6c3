import { managementAccount, trailArn } from '../../config/names';
import { allows, conditionValues, coversAction } from './policy';
import type { SecurityRule } from './types';

const CLOUDTRAIL = 'cloudtrail.amazonaws.com';

/** Checklist 5: CloudTrail writes only from this trail, with the owner ACL, under the account and org prefixes; TLS only. */
export const trailBucketPolicy: SecurityRule = {
  id: 'SW-S3-1',
  area: 'S3',
  title: 'Trail bucket policy: CloudTrail statements carry aws:SourceArn = the trail, writes need bucket-owner-full-control under AWSLogs/<account>/ and AWSLogs/<org>/, TLS enforced',
  checklist: [5],
  check(model, config) {
    return model.resources('aws_cloudtrail').flatMap((trail) => {
      const bucket = model.resolve(trail.body.s3_bucket_name, ['aws_s3_bucket']);
      if (bucket?.type !== 'aws_s3_bucket') return [];
      const policyItem = model.referrers('aws_s3_bucket_policy', 'bucket', bucket)[0];
      if (!policyItem) return [{ item: bucket, message: 'the trail bucket has no aws_s3_bucket_policy' }];
      const policy = model.policy(policyItem.body.policy)!;
      const expectedArn = trailArn(config);
      const prefixes = [`AWSLogs/${managementAccount(config).id}/*`, `AWSLogs/${config.organization.id}/*`];
      const messages: string[] = [];
      const forCloudTrail = policy.statements.filter((s) => allows(s) && s.principals?.Service.includes(CLOUDTRAIL));
      for (const statement of forCloudTrail) {
        const sourceArns = conditionValues(statement, 'aws:SourceArn');
        if (sourceArns.length === 0 || sourceArns.some((arn) => arn !== expectedArn)) {
          messages.push(`statement ${statement.sid ?? '?'} must require aws:SourceArn = ${expectedArn}`);
        }
        if (coversAction(statement, 's3:PutObject')) {
          if (!conditionValues(statement, 's3:x-amz-acl', ['StringEquals']).includes('bucket-owner-full-control')) {
            messages.push(`statement ${statement.sid ?? '?'} must require s3:x-amz-acl = bucket-owner-full-control`);
          }
          const outside = statement.resources.filter((resource) => !prefixes.some((prefix) => resource.endsWith(`/${prefix}`)));
          if (outside.length > 0) messages.push(`statement ${statement.sid ?? '?'} writes outside ${prefixes.join(' and ')}: ${outside.join(', ')}`);
        }
      }
      if (!forCloudTrail.some((s) => coversAction(s, 's3:GetBucketAcl'))) messages.push('no ACL-check (s3:GetBucketAcl) statement for CloudTrail');
      for (const prefix of prefixes) {
        const writes = forCloudTrail.some((s) => coversAction(s, 's3:PutObject') && s.resources.some((resource) => resource.endsWith(`/${prefix}`)));
        if (!writes) messages.push(`no CloudTrail write statement for ${prefix}`);
      }
      const tlsDeny = policy.statements.some(
        (s) => s.effect === 'Deny' && s.principals?.anyone && conditionValues(s, 'aws:SecureTransport', ['Bool']).includes('false'),
      );
      if (!tlsDeny) messages.push('no Deny for aws:SecureTransport = false');
      return messages.map((message) => ({ item: policyItem, message }));
    });
  },
};
