import { customerManagedKey, keyPolicy } from './helpers';
import { allows, conditionValues, coversAction } from './policy';
import type { SecurityRule } from './types';

/** Checklist 8: the key of a log group admits logs.<region>.amazonaws.com under the log-group encryption context. */
export const kmsLogsGrant: SecurityRule = {
  id: 'SW-KMS-4',
  area: 'KMS',
  title: 'The key of each log group admits logs.<region>.amazonaws.com with the kms:EncryptionContext:aws:logs:arn condition',
  checklist: [8],
  check(model) {
    return model.resources('aws_cloudwatch_log_group').flatMap((group) => {
      const key = customerManagedKey(model, group.body.kms_key_id)?.key;
      if (!key) return [];
      const region = model.provider(group).region;
      const service = region ? `logs.${region}.amazonaws.com` : undefined;
      const granted = (keyPolicy(model, key)?.statements ?? []).some(
        (s) =>
          allows(s) &&
          s.principals?.Service.some((p) => (service ? p === service : /^logs\.[a-z0-9-]+\.amazonaws\.com$/.test(p))) &&
          coversAction(s, 'kms:GenerateDataKey') &&
          coversAction(s, 'kms:Encrypt') &&
          conditionValues(s, 'kms:EncryptionContext:aws:logs:arn').length > 0,
      );
      return granted ? [] : [{ item: key, message: `key policy must let ${service ?? 'logs.<region>.amazonaws.com'} Encrypt/GenerateDataKey* under kms:EncryptionContext:aws:logs:arn (log group ${group.address})` }];
    });
  },
};
