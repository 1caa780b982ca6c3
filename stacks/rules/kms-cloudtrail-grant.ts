import { keyPolicy } from './helpers';
import { allows, conditionValues, coversAction } from './policy';
import type { SecurityRule } from './types';

/** Checklist 7: CloudTrail's use of a key needs the trail encryption context and aws:SourceArn. */
export const kmsCloudTrailGrant: SecurityRule = {
  id: 'SW-KMS-3',
  area: 'KMS',
  title: 'Key policy grants to cloudtrail.amazonaws.com for GenerateDataKey* carry kms:EncryptionContext:aws:cloudtrail:arn and aws:SourceArn',
  checklist: [7],
  check(model) {
    return model.resources('aws_kms_key').flatMap((key) => {
      const policy = keyPolicy(model, key);
      return (policy?.statements ?? [])
        .filter((s) => allows(s) && s.principals?.Service.includes('cloudtrail.amazonaws.com') && coversAction(s, 'kms:GenerateDataKey'))
        .flatMap((s) => {
          const messages: string[] = [];
          if (conditionValues(s, 'kms:EncryptionContext:aws:cloudtrail:arn').length === 0) messages.push(`statement ${s.sid ?? '?'} lacks the kms:EncryptionContext:aws:cloudtrail:arn condition`);
          if (conditionValues(s, 'aws:SourceArn').length === 0) messages.push(`statement ${s.sid ?? '?'} lacks the aws:SourceArn condition`);
          return messages.map((message) => ({ item: key, message }));
        });
    });
  },
};
